//! The output options every scanning command shares, and how a command
//! ends: print the report, turn the findings into a verdict.

use clap::Args;

use super::{output_error, ColorChoice, Verdict};
use crate::error::Result;
use crate::report::{self, Format, Summary};
use crate::scan::parallel::Outcome;

#[derive(Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print secrets in full instead of redacted.
    #[arg(long)]
    show_secrets: bool,
    /// Also list skipped files (binary, too large, submodules, symlinks).
    #[arg(short, long)]
    verbose: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
}

impl OutputArgs {
    /// Prints the report; blocked when any finding blocks.
    pub fn finish(&self, outcome: &Outcome) -> Result<Verdict> {
        let style = report::Style {
            format: self.format,
            color: self.color.enabled(),
            show_secrets: self.show_secrets,
            verbose: self.verbose,
        };
        report::print(outcome, style).or_else(output_error)?;
        Ok(match Summary::of(outcome).blocking {
            0 => Verdict::Clean,
            _ => Verdict::Blocked,
        })
    }
}
