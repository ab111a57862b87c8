//! `keyward completions SHELL`: a completion script for the shell, written
//! by clap from the same definition that parses the arguments, so it never
//! drifts from them.

use clap::{Args, CommandFactory};
use clap_complete::Shell;

use super::{output_error, Cli, Verdict};
use crate::error::Result;

#[derive(Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    shell: Shell,
}

pub fn run(args: CompletionsArgs) -> Result<Verdict> {
    let mut command = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut command, "keyward", &mut out);
    std::io::Write::write_all(&mut std::io::stdout().lock(), &out).or_else(output_error)?;
    Ok(Verdict::Clean)
}
