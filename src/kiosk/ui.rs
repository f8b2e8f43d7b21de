//! The Rust side of `ui/*.slint`, generated at build time: the window, the
//! screens' adapter globals and their structs.

slint::include_modules!();
