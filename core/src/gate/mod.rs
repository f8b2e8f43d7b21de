//! The gate flow state machine of DESIGN §3.
