//! The `gate replay` line format: pure parsing of one JSON line into gate input.
