//! What every scanning command sets up before it reads a byte: the
//! configuration (found where the scan looks), the rules and filters it
//! yields, the file-size limit and the baseline. A command flattens
//! [`ConfigArgs`] and calls [`ConfigArgs::load`].

use std::path::{Path, PathBuf};

use clap::Args;

use super::size::parse_size;
use crate::config::{self, apply, Config, SizeSpec};
use crate::error::{Error, Result};
use crate::filter::{baseline::Baseline, Filters};
use crate::rules::RuleSet;
use crate::source::DEFAULT_MAX_FILE_SIZE;

#[derive(Args)]
pub struct ConfigArgs {
    /// Read the configuration from FILE instead of `.keyward.toml` at the
    /// repository root (which a staged scan reads from the index).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The baseline file (default: the configuration's `baseline`). Scans
    /// skip the findings recorded in it; `keyward baseline` writes it
    /// (default there: `.keyward-baseline.json` at the repository root).
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Skip files larger than this (bytes, or with a K, M or G suffix; default 5M).
    #[arg(long, value_name = "SIZE", value_parser = parse_size)]
    max_file_size: Option<u64>,
}

/// Where a configuration file at the repository root is read from.
pub enum Place<'r> {
    /// The staged version, from the index.
    Index(&'r git2::Repository),
    /// The file on disk, at the root of the repository around the current
    /// directory, or in the current directory outside one.
    Disk,
}

/// Everything a scan needs besides its source.
pub struct Engine {
    pub rules: RuleSet,
    pub filters: Filters,
    pub max_file_size: u64,
    /// The configuration file, if one was found.
    pub config: Option<Config>,
    /// The baseline file named by the flag or the configuration.
    pub baseline: Option<PathBuf>,
    /// The repository root (or the current directory outside one).
    pub root: PathBuf,
}

impl ConfigArgs {
    /// The setup a plain `keyward scan` here would use: inside a repository
    /// a plain scan is staged, so the staged configuration counts.
    pub fn load_here(&self) -> Result<Engine> {
        match crate::source::open_repository("") {
            Ok(repo) => self.load(Place::Index(&repo)),
            Err(_) => self.load(Place::Disk),
        }
    }

    pub fn load(&self, place: Place<'_>) -> Result<Engine> {
        let root = match &place {
            Place::Index(repo) => repo.workdir().map(Path::to_path_buf),
            Place::Disk => git2::Repository::discover(".")
                .ok()
                .and_then(|repo| repo.workdir().map(Path::to_path_buf)),
        }
        .unwrap_or_else(|| PathBuf::from("."));
        let mut config = self.read_config(&place, &root)?;
        let applied = apply::apply(config.as_mut())?;
        let spec = config.as_ref().map(|config| &config.spec);
        let max_file_size = match (
            self.max_file_size,
            spec.and_then(|spec| spec.max_file_size.as_ref()),
        ) {
            (Some(size), _) => size,
            (None, Some(size)) => match size.get_ref() {
                SizeSpec::Bytes(bytes) => *bytes,
                SizeSpec::Text(text) => parse_size(text).map_err(|err| {
                    config
                        .as_ref()
                        .expect("a size came from a file")
                        .fault(size.span(), err)
                })?,
            },
            (None, None) => DEFAULT_MAX_FILE_SIZE,
        };
        let baseline = match (&self.baseline, spec.and_then(|spec| spec.baseline.as_ref())) {
            (Some(path), _) => Some(path.clone()),
            (None, Some(path)) => Some(root.join(path)),
            (None, None) => None,
        };
        Ok(Engine {
            rules: applied.rules,
            filters: Filters {
                allowlists: applied.allowlists,
                ..Filters::default()
            },
            max_file_size,
            config,
            baseline,
            root,
        })
    }

    fn read_config(&self, place: &Place<'_>, root: &Path) -> Result<Option<Config>> {
        if let Some(path) = &self.config {
            let text = std::fs::read_to_string(path).map_err(|err| {
                Error::new(format!("cannot read the configuration {}: {err}", path.display()))
            })?;
            return Config::parse(&path.display().to_string(), &text).map(Some);
        }
        let text = match place {
            Place::Index(repo) => crate::source::staged::staged_file(repo, config::FILE_NAME)?,
            Place::Disk => std::fs::read(root.join(config::FILE_NAME)).ok(),
        };
        let Some(bytes) = text else {
            return Ok(None);
        };
        let text = String::from_utf8(bytes)
            .map_err(|_| Error::new(format!("{}: not UTF-8 text; save it as UTF-8", config::FILE_NAME)))?;
        Config::parse(config::FILE_NAME, &text).map(Some)
    }
}

impl Engine {
    /// Reads the baseline, if one is named, into the filters.
    pub fn use_baseline(&mut self) -> Result<()> {
        if let Some(path) = &self.baseline {
            self.filters.baseline = Baseline::load(path)?.fingerprints();
        }
        Ok(())
    }
}
