//! `keyward rules`: the rules a scan here runs (the built-in ones and the
//! configuration's custom ones, with the severity it gives each).

use std::path::PathBuf;

use clap::Args;

use super::{output_error, Verdict};
use crate::error::{Error, Result};
use crate::pipeline::Setup;
use crate::report::{self, RulesFormat};

#[derive(Args)]
pub struct RulesArgs {
    /// Only rules whose id starts with this (e.g. `django`); none is an error.
    prefix: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RulesFormat::Text)]
    format: RulesFormat,
    /// Read custom rules and severities from FILE instead of
    /// `.keyward.toml` at the repository root.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

pub fn run(args: RulesArgs) -> Result<Verdict> {
    let setup = Setup {
        config: args.config,
        ..Setup::default()
    };
    let rules = setup.load_here()?.rules.rules;
    let prefix = args.prefix.unwrap_or_default();
    let shown: Vec<_> = rules.iter().filter(|rule| rule.id.starts_with(&prefix)).collect();
    if shown.is_empty() {
        return Err(Error::new(format!(
            "no rule id starts with {prefix:?}; `keyward rules` lists them"
        )));
    }
    report::write_rules(&mut std::io::stdout().lock(), &rules, &shown, args.format).or_else(output_error)?;
    Ok(Verdict::Clean)
}
