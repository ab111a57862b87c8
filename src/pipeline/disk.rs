//! A scan of files and folders on disk, every line counting, with the
//! workspace analysers over what the walk found.

use std::path::PathBuf;

use rayon::prelude::*;

use super::{absorb, Engine};
use crate::analyze;
use crate::error::Result;
use crate::finding::outcome::Outcome;
use crate::scan::{parallel, Scanner};
use crate::source::workspace::DiskWorkspace;
use crate::source::{paths, Blob};

pub(super) fn outcome(roots: &[PathBuf], engine: &Engine) -> Result<Outcome> {
    let (rules, filters) = (&engine.rules, &engine.filters);
    let scanner = Scanner::new(rules);
    let filter = |blob: &Blob, findings| filters.apply(blob, findings);
    let entries = paths::walk(roots, &engine.root)?;
    let workspace = DiskWorkspace::new(entries.iter().filter_map(paths::Entry::file));
    // The workspace analysis reads the files it needs by itself, mostly
    // waiting on the disk: it runs beside the blob scan, not after it.
    let (scanned, analysis) = rayon::join(
        || {
            parallel::scan_all(
                entries
                    .par_iter()
                    .map(|entry| paths::load(entry, engine.max_file_size)),
                &scanner,
                filter,
            )
        },
        || analyze::analyze_workspace(&workspace, rules, None),
    );
    let mut outcome = scanned?;
    absorb(&mut outcome, analysis, engine);
    Ok(outcome)
}
