//! `keyward history`: every unique blob reachable from the refs (or a
//! range of commits), scanned once, each finding traced back to the commit
//! that brought it in ([`crate::pipeline::history`]).

use clap::Args;

use super::args::{ConfigArgs, RuleSelection};
use super::output::OutputArgs;
use super::progress::Progress;
use super::Verdict;
use crate::error::Result;
use crate::pipeline::history;
use crate::source::history::Selection;
use crate::source::open_repository;

#[derive(Args)]
pub(crate) struct HistoryArgs {
    /// Scan only what is reachable from this branch, tag or commit.
    #[arg(long, value_name = "NAME", conflicts_with_all = ["all", "range"])]
    branch: Option<String>,
    /// Scan everything reachable from every branch, tag and remote-tracking ref (the default).
    #[arg(long, conflicts_with = "range")]
    all: bool,
    #[command(flatten)]
    config: ConfigArgs,
    #[command(flatten)]
    rules: RuleSelection,
    #[command(flatten)]
    output: OutputArgs,
    /// Only the blobs that the commits in A..B introduce (for CI on a pull request).
    #[arg(value_name = "A..B")]
    range: Option<String>,
}

pub(crate) fn run(args: HistoryArgs, quiet: bool) -> Result<Verdict> {
    let repo = open_repository("run keyward history inside the repository to scan")?;
    let selection = match (args.branch, args.range) {
        (Some(name), _) => Selection::Branch(name),
        (None, Some(spec)) => Selection::Range(spec),
        (None, None) => Selection::All,
    };
    let progress = Progress::new(quiet);
    let (outcome, engine) = history::scan(
        &repo,
        &selection,
        &args.config.setup(),
        &args.rules.prefixes,
        &progress,
    )?;
    args.output.finish(outcome, engine, quiet)
}
