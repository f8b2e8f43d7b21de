//! Helpers shared by the integration tests (and, by path, the bench).

#![allow(dead_code)]

pub mod blackbox;
pub mod recording;
pub mod synth;
