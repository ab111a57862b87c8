//! keyward stops secrets and dangerous production settings before they are
//! committed.
//!
//! Data flows one way, one module per stage:
//! [`source`] yields blobs, [`scan`] runs the [`rules`] over them and
//! produces [`finding`]s, [`filter`] grades and silences them, and
//! [`report`] prints what is left. [`cli`] wires the stages together.

pub mod analyze;
pub mod cli;
pub mod config;
pub mod error;
pub mod filter;
pub mod finding;
pub mod report;
pub mod rules;
pub mod scan;
pub mod selftest;
pub mod source;
