//! `keyward scan`: wires a source, the scanner, the filters and a report.

use std::path::PathBuf;

use clap::Args;
use rayon::prelude::*;

use super::{output_error, ColorChoice, Verdict};
use crate::error::Result;
use crate::filter::Filters;
use crate::report::{self, Format, Summary};
use crate::rules::RuleSet;
use crate::scan::{parallel, Scanner};
use crate::source::{self, paths, staged, DEFAULT_MAX_FILE_SIZE};

#[derive(Args)]
pub struct ScanArgs {
    /// Scan the staged blobs in the index (the default when no PATH is
    /// given). With PATHs, only those staged files.
    #[arg(long)]
    staged: bool,
    /// Let findings already in HEAD block too, not only those on lines the
    /// change adds.
    #[arg(long)]
    strict: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Print secrets in full instead of redacted.
    #[arg(long)]
    show_secrets: bool,
    /// Skip files larger than this (bytes, or with a K, M or G suffix).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value_t = DEFAULT_MAX_FILE_SIZE)]
    max_file_size: u64,
    /// Also list skipped files (binary, too large, submodules, symlinks).
    #[arg(short, long)]
    verbose: bool,
    /// When to colour the output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    color: ColorChoice,
    /// Files or folders to scan from disk; with --staged, staged paths to limit the scan to.
    paths: Vec<PathBuf>,
}

pub fn run(args: ScanArgs) -> Result<Verdict> {
    let rules = RuleSet::builtin()?;
    let scanner = Scanner::new(&rules);
    let filters = Filters { strict: args.strict };
    let filter = |blob: &source::Blob, findings| filters.apply(blob, findings);

    let outcome = if args.staged || args.paths.is_empty() {
        let repo = staged::open_repository()?;
        let only = match args.paths.is_empty() {
            true => None,
            false => Some(staged::repository_paths(&repo, &args.paths)?),
        };
        let loaded = staged::load(&repo, only.as_deref(), args.max_file_size)?;
        parallel::scan_all(loaded.into_par_iter().map(Ok), &scanner, filter)?
    } else {
        let entries = paths::walk(&args.paths)?;
        parallel::scan_all(
            entries
                .par_iter()
                .map(|entry| paths::load(entry, args.max_file_size)),
            &scanner,
            filter,
        )?
    };

    let style = report::Style {
        format: args.format,
        color: args.color.enabled(),
        show_secrets: args.show_secrets,
        verbose: args.verbose,
    };
    report::print(&outcome, style).or_else(output_error)?;
    Ok(match Summary::of(&outcome).blocking {
        0 => Verdict::Clean,
        _ => Verdict::Blocked,
    })
}

/// `5242880`, `512K`, `5M`, `1G` (powers of 1024; a trailing `B`/`iB` is fine).
fn parse_size(text: &str) -> Result<u64, String> {
    let upper = text.trim().to_ascii_uppercase();
    let number = upper.trim_end_matches("IB").trim_end_matches('B');
    let (digits, scale) = match number.chars().last() {
        Some('K') => (&number[..number.len() - 1], 1u64 << 10),
        Some('M') => (&number[..number.len() - 1], 1 << 20),
        Some('G') => (&number[..number.len() - 1], 1 << 30),
        _ => (number, 1),
    };
    digits
        .trim()
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(scale))
        .ok_or_else(|| format!("{text:?} is not a size; write bytes or a number with K, M or G (e.g. 5M)"))
}

#[cfg(test)]
mod tests {
    use super::parse_size;

    #[test]
    fn sizes_take_binary_suffixes() {
        assert_eq!(parse_size("100"), Ok(100));
        assert_eq!(parse_size("5M"), Ok(5 << 20));
        assert_eq!(parse_size("512KiB"), Ok(512 << 10));
        assert!(parse_size("five").is_err());
    }
}
