//! `keyward rules`: the built-in rules, one line each.

use clap::Args;

use super::{output_error, Verdict};
use crate::error::Result;
use crate::report;
use crate::rules::RuleSet;

#[derive(Args)]
pub struct RulesArgs {
    /// Only rules whose id starts with this (e.g. `django`).
    prefix: Option<String>,
}

pub fn run(args: RulesArgs) -> Result<Verdict> {
    let rules = RuleSet::builtin()?;
    let prefix = args.prefix.unwrap_or_default();
    report::rules_table(&mut std::io::stdout().lock(), &rules.rules, &prefix).or_else(output_error)?;
    Ok(Verdict::Clean)
}
