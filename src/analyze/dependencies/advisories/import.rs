//! `keyward advisories import`: an OSV export (a folder of OSV JSON or
//! YAML files, such as a checkout of the PyPA advisory database, or the
//! per-ecosystem `all.zip` osv.dev publishes) into the compact snapshot
//! format, written to the user's cache or to a named file. The built-in
//! snapshot is made by this same code (`scripts/advisories.sh`).

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use jiff::civil::Date;

use super::osv::{self, Parsed};
use super::{snapshot, store, Advisory};
use crate::error::{Error, Result};

/// What an import did.
pub(crate) struct Imported {
    pub(crate) path: PathBuf,
    pub(crate) date: Date,
    /// Advisory lines written (one per advisory and package).
    pub(crate) advisories: usize,
    pub(crate) records: usize,
    /// Records that could not be read, and the first reason.
    pub(crate) unreadable: Vec<String>,
}

/// Imports the export at `source` into `output` (the cache when `None`);
/// `origin` is what the file says the data came from.
pub(crate) fn import(source: &Path, output: Option<&Path>, origin: Option<&str>) -> Result<Imported> {
    let mut records = Vec::new();
    let mut unreadable = Vec::new();
    let mut take = |name: String, bytes: Vec<u8>| {
        let yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        match osv::parse(&bytes, yaml) {
            Ok(parsed) => records.push(parsed),
            Err(err) => unreadable.push(format!("{name}: {err}")),
        }
    };
    if source.is_dir() {
        read_folder(source, &mut take)?;
    } else {
        read_zip(source, &mut take)?;
    }
    if records.is_empty() {
        return Err(Error::new(format!(
            "{} holds no OSV records (.json, .yaml) keyward could read; give a folder of OSV files or osv.dev's PyPI all.zip",
            source.display()
        )));
    }
    let date = records
        .iter()
        .filter_map(|record| record.modified.as_deref()?.parse::<Date>().ok())
        .max()
        .ok_or_else(|| Error::new(format!("no record in {} has a `modified` date", source.display())))?;
    let count = records.len();
    let advisories = merge_aliases(records);
    let origin = origin.map_or_else(|| source_note(source), str::to_string);
    let text = snapshot::encode(date, &origin, &advisories);
    let path = match output {
        Some(path) => path.to_path_buf(),
        None => store::cache_file().ok_or_else(|| {
            Error::new("no cache folder: set XDG_CACHE_HOME or HOME, or name a file with --output")
        })?,
    };
    write(&path, &text)?;
    Ok(Imported {
        path,
        date,
        advisories: advisories.len(),
        records: count,
        unreadable,
    })
}

/// What the snapshot says it was made from: the export's file or folder name.
fn source_note(source: &Path) -> String {
    let name = source
        .file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("OSV export {name}, imported by keyward advisories import")
}

fn read_folder(folder: &Path, take: &mut impl FnMut(String, Vec<u8>)) -> Result<()> {
    let entries = fs::read_dir(folder).map_err(|err| Error::io("cannot read the folder", folder, err))?;
    let mut paths: Vec<PathBuf> = entries.filter_map(|entry| Some(entry.ok()?.path())).collect();
    paths.sort();
    for path in paths {
        let name = path.to_string_lossy().into_owned();
        if path.is_dir() {
            read_folder(&path, take)?;
        } else if [".json", ".yaml", ".yml"].iter().any(|ext| name.ends_with(ext)) {
            let bytes = fs::read(&path).map_err(|err| Error::io("cannot read", &path, err))?;
            take(name, bytes);
        }
    }
    Ok(())
}

fn read_zip(path: &Path, take: &mut impl FnMut(String, Vec<u8>)) -> Result<()> {
    let file = fs::File::open(path).map_err(|err| Error::io("cannot open", path, err))?;
    let not_zip = |err: zip::result::ZipError| {
        Error::new(format!(
            "{}: not a folder nor a readable zip ({err}); give a folder of OSV files or osv.dev's PyPI all.zip",
            path.display()
        ))
    };
    let mut archive = zip::ZipArchive::new(file).map_err(not_zip)?;
    for index in 0..archive.len() {
        let mut entry = archive.by_index(index).map_err(not_zip)?;
        let name = entry.name().to_string();
        if !(name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml")) {
            continue;
        }
        let mut bytes = Vec::new();
        entry
            .read_to_end(&mut bytes)
            .map_err(|err| Error::io("cannot unpack", path, err))?;
        take(name, bytes);
    }
    Ok(())
}

/// One advisory per vulnerability and package: an export often holds the
/// same vulnerability under several ids (a PYSEC record and the GHSA it
/// names as an alias); the first by id is kept, with every id as alias.
fn merge_aliases(records: Vec<Parsed>) -> Vec<(String, Advisory)> {
    let mut by_package: BTreeMap<String, Vec<Advisory>> = BTreeMap::new();
    for (package, advisory) in records.into_iter().flat_map(|record| record.advisories) {
        by_package.entry(package).or_default().push(advisory);
    }
    let mut merged = Vec::new();
    for (package, mut advisories) in by_package {
        advisories.sort_by(|a, b| a.id.cmp(&b.id));
        let mut kept: Vec<Advisory> = Vec::new();
        for advisory in advisories {
            let same = kept
                .iter_mut()
                .find(|k| k.aliases.contains(&advisory.id) || advisory.aliases.contains(&k.id));
            match same {
                Some(k) => {
                    for alias in std::iter::once(&advisory.id).chain(&advisory.aliases) {
                        if *alias != k.id && !k.aliases.contains(alias) {
                            k.aliases.push(alias.clone());
                        }
                    }
                    // Either record may know affected versions the other does not.
                    for range in advisory.ranges {
                        if !k.ranges.contains(&range) {
                            k.ranges.push(range);
                        }
                    }
                    k.versions.extend(advisory.versions);
                    let ranges = Advisory {
                        versions: Vec::new(),
                        ..k.clone()
                    };
                    k.versions.retain(|v| ranges.affects(v).is_none());
                    k.versions.sort();
                    k.versions.dedup();
                }
                None => kept.push(advisory),
            }
        }
        for mut advisory in kept {
            advisory.aliases.sort();
            merged.push((package.clone(), advisory));
        }
    }
    merged
}

/// Writes through a temporary file, so a scan never reads half a file.
fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        fs::create_dir_all(folder).map_err(|err| Error::io("cannot create the folder", folder, err))?;
    }
    let partial = path.with_extension("partial");
    fs::write(&partial, text).map_err(|err| Error::io("cannot write", &partial, err))?;
    fs::rename(&partial, path).map_err(|err| Error::io("cannot write", path, err))
}
