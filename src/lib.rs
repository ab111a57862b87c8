//! keyward stops secrets and dangerous production settings before they are
//! committed.
//!
//! Data flows one way, one module per stage:
//! [`source`] yields blobs, [`scan`] runs the [`rules`] over them and the
//! [`analyze`] registry runs the analysers, [`filter`] grades and silences
//! the [`finding`]s, and [`report`] prints what is left. [`pipeline`] wires
//! the stages together for each entry point; [`cli`] parses arguments and
//! maps the outcome to an exit code.
//!
//! A library only so that the fuzz targets in `fuzz/` can link to it: the
//! command is [`run`], and [`fuzzing`] is the one other public item. Every
//! module stays private, so the compiler still reports what nothing uses.

mod analyze;
mod cli;
mod config;
mod error;
mod filter;
mod finding;
#[doc(hidden)]
pub mod fuzzing;
mod pipeline;
mod report;
mod rules;
mod scan;
mod selftest;
mod source;

/// The `keyward` command: parses the arguments, runs, returns the exit code.
pub fn run() -> std::process::ExitCode {
    cli::main()
}
