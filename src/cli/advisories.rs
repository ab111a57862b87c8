//! `keyward advisories import PATH`: an OSV export into the advisory data
//! later scans use ([`crate::analyze::dependencies::advisories::import`]).

use std::path::PathBuf;

use clap::{Args, Subcommand};

use super::Verdict;
use crate::analyze::dependencies::advisories::import::import;
use crate::error::Result;

#[derive(Subcommand)]
pub(crate) enum AdvisoriesCommand {
    /// Read an OSV export (a folder of OSV JSON/YAML files, or osv.dev's
    /// PyPI all.zip) into the cache; scans use it while it is newer than
    /// the built-in data.
    Import(ImportArgs),
}

#[derive(Args)]
pub(crate) struct ImportArgs {
    /// The folder or zip file to read.
    path: PathBuf,
    /// Write the compact data to FILE instead of the cache.
    #[arg(long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// What the data file says the data came from (its `# source:` line).
    #[arg(long, value_name = "TEXT")]
    source: Option<String>,
}

pub(crate) fn run(command: AdvisoriesCommand) -> Result<Verdict> {
    let AdvisoriesCommand::Import(args) = command;
    let imported = import(&args.path, args.output.as_deref(), args.source.as_deref())?;
    if let Some(first) = imported.unreadable.first() {
        eprintln!(
            "keyward: note: {} records could not be read and were left out; the first: {first}",
            imported.unreadable.len()
        );
    }
    eprintln!(
        "keyward: imported {} advisories from {} OSV records, data of {}, into {}",
        imported.advisories,
        imported.records,
        imported.date,
        imported.path.display()
    );
    Ok(Verdict::Clean)
}
