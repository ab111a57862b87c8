//! What every scanning command sets up before it reads a byte: the
//! configuration (found where the scan looks), the rules and filters it
//! yields, the file-size limit and the baseline. [`Setup`] is what the
//! command line asked for; [`Setup::load`] makes the [`Engine`].
//!
//! The configuration is the first of: `--config`, `$KEYWARD_CONFIG`,
//! `.keyward.toml` at the root, the `[tool.keyward]` table of
//! `pyproject.toml` at the root (both read from the index in a staged
//! scan). The baseline is the first of: `--baseline`, the configuration's
//! `baseline`, `.keyward-baseline.json` at the root when it exists.

use std::path::{Path, PathBuf};

use crate::config::size::parse_size;
use crate::config::{self, apply, Config, SizeSpec};
use crate::error::{Error, Result};
use crate::filter::baseline::{self, Baseline};
use crate::filter::Filters;
use crate::rules::RuleSet;
use crate::source::staged::staged_file;
use crate::source::IndexFile;
use crate::source::DEFAULT_MAX_FILE_SIZE;

/// The configuration flags every scanning command shares.
#[derive(Debug, Clone, Default)]
pub(crate) struct Setup {
    /// A configuration file instead of `.keyward.toml` at the root.
    pub(crate) config: Option<PathBuf>,
    /// The baseline file, instead of the configuration's.
    pub(crate) baseline: Option<PathBuf>,
    pub(crate) max_file_size: Option<u64>,
}

/// Where a configuration file at the repository root is read from.
pub(crate) enum Place<'r> {
    /// The staged version, from the repository's index, read once by the
    /// caller (`None`: a bare repository, which has no index and so no
    /// such file).
    Index(&'r git2::Repository, Option<&'r IndexFile>),
    /// The file on disk, at the root of the repository around the current
    /// directory, or in the current directory outside one.
    Disk,
}

/// Everything a scan needs besides its source.
pub(crate) struct Engine {
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

impl Setup {
    /// The setup a plain `keyward scan` here would use: inside a repository
    /// a plain scan is staged, so the staged configuration counts.
    pub fn load_here(&self) -> Result<Engine> {
        match crate::source::open_repository("") {
            // The index alone: these commands read no staged change, and
            // need no HEAD (which may be broken).
            Ok(repo) => {
                let index = (!repo.is_bare()).then(|| IndexFile::open(&repo)).transpose()?;
                self.load(Place::Index(&repo, index.as_ref()))
            }
            Err(_) => self.load(Place::Disk),
        }
    }

    pub fn load(&self, place: Place<'_>) -> Result<Engine> {
        let root = match &place {
            Place::Index(repo, _) => repo.workdir().map(Path::to_path_buf),
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
            (None, None) => Some(root.join(baseline::FILE_NAME)).filter(|path| path.is_file()),
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
        let named = self.config.clone().or_else(|| {
            std::env::var_os(config::ENV_VAR)
                .filter(|value| !value.is_empty())
                .map(PathBuf::from)
        });
        if let Some(path) = named {
            let text = std::fs::read_to_string(&path)
                .map_err(|err| Error::io("cannot read the configuration", &path, err))?;
            return Config::parse_named(&path, &text).map(Some);
        }
        if let Some(text) = root_file(place, root, config::FILE_NAME)? {
            return Config::parse(config::FILE_NAME, &text).map(Some);
        }
        match root_file(place, root, config::PYPROJECT)? {
            Some(text) => Config::parse_pyproject(config::PYPROJECT, &text),
            None => Ok(None),
        }
    }
}

/// A configuration file at the repository root, as UTF-8 text: staged, or
/// on disk, where a symbolic link could point anywhere: refused for
/// `.keyward.toml`, passed over for `pyproject.toml` (which may be there
/// for other tools).
fn root_file(place: &Place<'_>, root: &Path, name: &str) -> Result<Option<String>> {
    let bytes = match place {
        Place::Index(repo, index) => index
            .map(|index| staged_file(repo, index, name))
            .transpose()?
            .flatten(),
        Place::Disk => {
            let path = root.join(name);
            if path
                .symlink_metadata()
                .is_ok_and(|meta| meta.file_type().is_symlink())
            {
                if name != config::FILE_NAME {
                    return Ok(None);
                }
                return Err(Error::new(format!(
                    "{name} is a symbolic link; keyward reads only a regular file: put the file itself there, or name it with --config"
                )));
            }
            std::fs::read(path).ok()
        }
    };
    bytes
        .map(|bytes| {
            String::from_utf8(bytes)
                .map_err(|_| Error::new(format!("{name}: not UTF-8 text; save it as UTF-8")))
        })
        .transpose()
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
