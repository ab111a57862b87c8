//! `keyward scan`: what is staged, or files and folders on disk
//! ([`crate::pipeline::scan`]).

use std::path::PathBuf;

use clap::Args;

use super::args::{ConfigArgs, RuleSelection};
use super::output::OutputArgs;
use super::Verdict;
use crate::error::{Error, Result};
use crate::pipeline::{self, ScanRequest};

#[derive(Args)]
pub(crate) struct ScanArgs {
    /// Scan the staged blobs in the index (the default when no PATH is
    /// given). With PATHs, only those staged files.
    #[arg(long)]
    staged: bool,
    /// Let findings already in HEAD block too, not only those on lines the
    /// change adds.
    #[arg(long)]
    strict: bool,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    rules: RuleSelection,
    #[command(flatten)]
    output: OutputArgs,
    /// The name `keyward scan -` gives what it reads from standard input,
    /// for the rules that depend on the path (e.g. `mysite/settings.py`).
    #[arg(long, value_name = "PATH")]
    stdin_filename: Option<String>,
    /// Files or folders to scan from disk (`-` alone: standard input); with
    /// --staged, staged paths to limit the scan to (`-` among them).
    paths: Vec<PathBuf>,
}

pub(crate) fn run(args: ScanArgs, quiet: bool) -> Result<Verdict> {
    // With --staged, `-` is a staged path like any other.
    let stdin = !args.staged && args.paths.iter().any(|path| path.as_os_str() == "-");
    if stdin && args.paths.len() > 1 {
        return Err(Error::new(
            "`-` reads standard input and is scanned alone: drop the other paths (a file named - is ./-)",
        ));
    }
    if args.stdin_filename.is_some() && !stdin {
        return Err(Error::new(
            "--stdin-filename names what `keyward scan -` reads; pass - as the path",
        ));
    }
    let (outcome, engine) = pipeline::scan(&ScanRequest {
        staged: args.staged || args.paths.is_empty(),
        strict: args.strict,
        rules: args.rules.prefixes,
        stdin: stdin.then(|| args.stdin_filename.unwrap_or_else(|| "-".into())),
        paths: args.paths,
        setup: args.config.setup(),
    })?;
    args.output.finish(outcome, engine, quiet)
}
