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
//! A binary crate: nothing outside it links to these modules (the tests run
//! the binary), so every item is private to the crate and the compiler
//! reports what nothing uses.

mod analyze;
mod cli;
mod config;
mod error;
mod filter;
mod finding;
mod pipeline;
mod report;
mod rules;
mod scan;
mod selftest;
mod source;

fn main() -> std::process::ExitCode {
    cli::main()
}
