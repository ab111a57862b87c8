//! `keyward baseline`: records every current finding in the baseline file
//! so later scans skip them ([`crate::pipeline::baseline`]).

use clap::Args;

use super::args::ConfigArgs;
use super::Verdict;
use crate::error::Result;
use crate::pipeline::baseline::record;

#[derive(Args)]
pub(crate) struct BaselineArgs {
    /// Drop the entries that no longer match any finding.
    #[arg(long)]
    prune: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

pub(crate) fn run(args: BaselineArgs, quiet: bool) -> Result<Verdict> {
    let recorded = record(&args.config.setup(), args.prune)?;
    if quiet {
        return Ok(Verdict::Clean);
    }
    println!(
        "keyward: wrote {} with {} finding{} ({} new, {} pruned)",
        recorded.path.display(),
        recorded.entries,
        if recorded.entries == 1 { "" } else { "s" },
        recorded.added,
        recorded.dropped,
    );
    match recorded.found_by_itself {
        true => println!("keyward: scans here skip these findings by themselves: the baseline at the repository root is found without configuration"),
        false => println!("keyward: scans skip these findings when they are pointed at this file: `baseline = \"...\"` in the configuration, or --baseline"),
    }
    Ok(Verdict::Clean)
}
