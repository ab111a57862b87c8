//! `keyward explain RULE-ID`: what a rule catches, why, examples, and how
//! to fix it ([`crate::pipeline::explain`]).

use std::io::Write;

use clap::Args;

use super::args::ConfigArgs;
use super::{output_error, Verdict};
use crate::error::Result;
use crate::pipeline::explain::explain;

#[derive(Args)]
pub(crate) struct ExplainArgs {
    /// The rule's id, as `keyward rules` lists it, or a custom rule's.
    rule: String,
    #[command(flatten)]
    config: ConfigArgs,
}

pub(crate) fn run(args: ExplainArgs) -> Result<Verdict> {
    let text = explain(&args.config.setup(), &args.rule)?;
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .or_else(output_error)?;
    Ok(Verdict::Clean)
}
