//! Shared by the district's tests and its benchmark: fresh databases on
//! both backends, full dumps to prove a request changed nothing, the real
//! server binary on 127.0.0.1:0, and simulated gates that push over HTTP.
#![allow(dead_code)]

pub mod browser;
pub mod db;
pub mod events;
pub mod gate;
pub mod server;
pub mod web;
