//! kakou-district: the district server of DESIGN §5.
//!
//! Gates push every committed fact as an event and pull master data (trusted
//! keys, households, revocations) by a change cursor; the district stores
//! each event once, refuses what conflicts, blocks a cloned terminal and
//! reports every checkpoint's day. The wire format and every decision about
//! what arrives live in `kakou_core::sync`; this crate is the shell around
//! them: HTTP (`server`), storage behind one trait with a SQLite and a
//! PostgreSQL implementation (`storage`), and the admin commands. The web
//! pages of issue 15 (`web`, with `visitor` and `poster`) are served next
//! to the API by the same server.

pub mod cli;
pub mod commands;
pub mod poster;
pub mod secrets;
pub mod server;
pub mod storage;
pub mod visitor;
pub mod web;
