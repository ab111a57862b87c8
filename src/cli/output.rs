//! The output options every scanning command shares, and how a command
//! ends: print the report, turn the findings into a verdict.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use clap::Args;

use super::{output_error, ColorChoice, Verdict};
use crate::error::{Error, Result};
use crate::finding::outcome::Outcome;
use crate::finding::shown::escape;
use crate::pipeline::Engine;
use crate::report::{self, Format, Summary};
use crate::rules::RuleSet;

#[derive(Args)]
pub struct OutputArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Write the report to FILE; the closing summary line still goes to stderr.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Print secrets in full instead of redacted.
    #[arg(long)]
    show_secrets: bool,
    /// Also list skipped files (binary, too large, submodules, symlinks).
    #[arg(short, long)]
    verbose: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Exit 0 even when findings block (2 still means the scan could not run).
    #[arg(long)]
    exit_zero: bool,
}

impl OutputArgs {
    /// Prints the report of a scan that ran with `engine`; blocked when any
    /// finding blocks. `quiet` keeps notes and the closing line off stderr.
    pub fn finish(&self, outcome: Outcome, engine: Engine, quiet: bool) -> Result<Verdict> {
        let verdict = self.report(&outcome, &engine.rules, quiet);
        // The process ends next: freeing every compiled rule and finding
        // one at a time cost a hook a twentieth of its time, and the system
        // takes the memory back at once.
        std::mem::forget((outcome, engine));
        verdict
    }

    fn report(&self, outcome: &Outcome, rules: &RuleSet, quiet: bool) -> Result<Verdict> {
        let summary = Summary::of(outcome);
        let style = report::Style {
            format: self.format,
            // A file gets colour only when asked for outright.
            color: match self.output {
                Some(_) => self.color == ColorChoice::Always,
                None => self.color.enabled(&io::stdout()),
            },
            show_secrets: self.show_secrets,
            verbose: self.verbose,
            quiet,
        };
        for notice in outcome.notices.iter().filter(|_| !quiet) {
            eprintln!("keyward: note: {}", escape(notice));
        }
        if self.verbose {
            report::write_notes(&mut io::stderr().lock(), outcome).or_else(output_error)?;
        }
        // Machine formats keep stdout for the machine; people still get the
        // closing line.
        let summary_on_stderr = self.output.is_some() || !matches!(self.format, Format::Human | Format::Json);
        match &self.output {
            Some(path) => {
                let cannot = |err: io::Error| Error::io("cannot write the report to", path, err);
                let mut file = BufWriter::new(File::create(path).map_err(cannot)?);
                report::write(&mut file, outcome, rules, style).map_err(cannot)?;
                file.flush().map_err(cannot)?;
            }
            None => {
                let mut out = io::stdout().lock();
                report::write(&mut out, outcome, rules, style)
                    .and_then(|()| out.flush())
                    .or_else(output_error)?;
            }
        }
        if summary_on_stderr && !quiet {
            let color = self.color.enabled(&io::stderr());
            report::write_summary(&mut io::stderr().lock(), summary, color, self.verbose)
                .or_else(output_error)?;
        }
        if !outcome.faults.is_empty() {
            for fault in &outcome.faults {
                eprintln!("keyward: error: {}", escape(fault));
            }
            return Err(Error::new(format!(
                "{} could not be read (listed above); everything else was scanned and reported; run `git fsck` to check the repository",
                match outcome.faults.len() {
                    1 => "1 object".to_string(),
                    n => format!("{n} objects"),
                }
            )));
        }
        Ok(match summary.blocking {
            0 => Verdict::Clean,
            _ if self.exit_zero => Verdict::Clean,
            _ => Verdict::Blocked,
        })
    }
}
