//! `keyward rules`: the built-in rules, one line each.

use std::io::Write;

use clap::Args;

use super::{output_error, Verdict};
use crate::error::Result;
use crate::rules::RuleSet;

#[derive(Args)]
pub struct RulesArgs {
    /// Only rules whose id starts with this (e.g. `django`).
    prefix: Option<String>,
}

pub fn run(args: RulesArgs) -> Result<Verdict> {
    let rules = RuleSet::builtin()?;
    let prefix = args.prefix.unwrap_or_default();
    let mut out = std::io::stdout().lock();
    let width = rules.rules.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    for rule in rules.rules.iter().filter(|rule| rule.id.starts_with(&prefix)) {
        writeln!(
            out,
            "{:width$}  {:5}  {}",
            rule.id,
            rule.severity.to_string(),
            rule.title
        )
        .or_else(output_error)?;
    }
    Ok(Verdict::Clean)
}
