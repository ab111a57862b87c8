//! `keyward config --show`: the configuration a plain `keyward scan` here
//! would run with, after defaults and the file are merged.

use std::io::Write;

use clap::Args;

use super::args::ConfigArgs;
use super::{output_error, Verdict};
use crate::config::{show, Effective};
use crate::error::{Error, Result};

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
    let engine = args.config.setup().load_here()?;
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
