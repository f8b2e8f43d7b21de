//! QR scanning for kakou: frame sources feed one decode pipeline.
