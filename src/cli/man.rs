//! `keyward man [SUBCOMMAND]`: a manual page (roff), written by clap from
//! the argument definitions: keyward(1), or keyward-scan(1) and so on,
//! the pages keyward(1) refers to. `keyward man | man -l -` reads one.

use clap::{Args, CommandFactory};

use super::{output_error, Cli, Verdict};
use crate::error::{Error, Result};

#[derive(Args)]
pub struct ManArgs {
    /// The subcommand whose page to print (default: keyward's own).
    subcommand: Option<String>,
}

pub fn run(args: ManArgs) -> Result<Verdict> {
    let mut command = Cli::command();
    // Built, so that subcommands carry their display names (keyward-scan).
    command.build();
    let page = match &args.subcommand {
        None => command,
        Some(name) => command.find_subcommand(name).cloned().ok_or_else(|| {
            Error::new(format!(
                "no subcommand named {name:?}; `keyward --help` lists them"
            ))
        })?,
    };
    let mut text = Vec::new();
    clap_mangen::Man::new(page)
        .source(concat!("keyward ", env!("CARGO_PKG_VERSION")))
        .render(&mut text)
        .map_err(|err| Error::new(format!("cannot write the manual page: {err}")))?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &text).or_else(output_error)?;
    Ok(Verdict::Clean)
}
