//! `keyward scan -`: the bytes piped in, scanned as one file named by
//! `--stdin-filename` (so rules and analysers that depend on the path,
//! such as settings modules and test folders, apply), every line counting.

use std::io::Read;

use super::{absorb, Engine};
use crate::analyze;
use crate::error::{Error, Result};
use crate::finding::outcome::Outcome;
use crate::scan::{parallel, Scanner};
use crate::source::workspace::MemoryFiles;
use crate::source::{Blob, Loaded, SkipReason};

pub(super) fn outcome(name: &str, engine: &Engine) -> Result<Outcome> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .lock()
        .read_to_end(&mut bytes)
        .map_err(|err| Error::new(format!("cannot read standard input: {err}")))?;
    let size = bytes.len() as u64;
    let workspace = MemoryFiles::new(vec![(name.to_string(), bytes.clone())]);
    let loaded = match size > engine.max_file_size {
        true => Loaded::skip(
            name.to_string(),
            SkipReason::TooLarge {
                size,
                limit: engine.max_file_size,
            },
        ),
        false => Loaded::admit(name.to_string(), bytes, None),
    };
    let scanner = Scanner::new(&engine.rules);
    let filter = |blob: &Blob, findings| engine.filters.apply(blob, findings);
    let mut outcome = parallel::scan_loaded(vec![loaded], &scanner, filter)?;
    let analysis = analyze::analyze_workspace(&workspace, &engine.rules, None);
    absorb(&mut outcome, analysis, engine);
    Ok(outcome)
}
