//! `keyward install`: writes a plain git pre-commit hook that runs the
//! staged scan ([`crate::pipeline::install`]).

use clap::Args;

use super::Verdict;
use crate::error::Result;
use crate::pipeline::install::install;

#[derive(Args)]
pub(crate) struct InstallArgs {
    /// Replace an existing pre-commit hook that keyward did not write.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: InstallArgs, quiet: bool) -> Result<Verdict> {
    let hook = install(args.force)?;
    if !quiet {
        println!("keyward: installed the pre-commit hook at {}", hook.display());
    }
    Ok(Verdict::Clean)
}
