//! Daily report aggregation: counts per checkpoint and day, including the zero report.
