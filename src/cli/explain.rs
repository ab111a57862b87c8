//! `keyward explain RULE-ID`: what a rule catches, why, examples, and how
//! to fix it ([`crate::pipeline::explain`]).

use std::io::Write;
use std::path::PathBuf;

use clap::Args;

use super::{output_error, Verdict};
use crate::error::Result;
use crate::pipeline::explain::explain;
use crate::pipeline::Setup;

#[derive(Args)]
pub(crate) struct ExplainArgs {
    /// The rule's id, as `keyward rules` lists it, or a custom rule's.
    rule: String,
    /// Read custom rules and severities from FILE instead of
    /// `.keyward.toml` at the repository root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub(crate) fn run(args: ExplainArgs) -> Result<Verdict> {
    let setup = Setup {
        config: args.config,
        ..Setup::default()
    };
    let text = explain(&setup, &args.rule)?;
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .or_else(output_error)?;
    Ok(Verdict::Clean)
}
