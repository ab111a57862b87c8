//! `keyward config --show`: the configuration a plain `keyward scan` here
//! would run with, after defaults and the file are merged.

use std::io::Write;

use clap::Args;

use super::engine::{ConfigArgs, Place};
use super::{output_error, Verdict};
use crate::config::{show, Effective};
use crate::error::{Error, Result};
use crate::source::staged;

#[derive(Args)]
pub struct ConfigCommandArgs {
    /// Print the effective configuration as TOML.
    #[arg(long)]
    show: bool,
    #[command(flatten)]
    config: ConfigArgs,
}

pub fn run(args: ConfigCommandArgs) -> Result<Verdict> {
    if !args.show {
        return Err(Error::new(
            "nothing to do; run `keyward config --show` to print the effective configuration",
        ));
    }
    // Inside a repository a plain scan is staged, so the staged file counts.
    let repo = staged::open_repository().ok();
    let engine = args.config.load(match &repo {
        Some(repo) => Place::Index(repo),
        None => Place::Disk,
    })?;
    let text = show(&Effective {
        config: engine.config.as_ref(),
        rules: &engine.rules,
        max_file_size: engine.max_file_size,
        baseline: engine.baseline.as_ref().map(|path| path.display().to_string()),
    });
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .or_else(output_error)?;
    Ok(Verdict::Clean)
}
