//! The advisory data a scan uses: the snapshot built into the binary, or
//! the one `keyward advisories import` wrote to the user's cache when it
//! is newer. Loaded once per run, and only when a scan meets a dependency
//! file.

use std::path::PathBuf;
use std::sync::OnceLock;

use jiff::civil::Date;

use super::snapshot::Snapshot;

/// The built-in snapshot, made from the PyPA advisory database by
/// `scripts/advisories.sh`.
const BUILT_IN: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/data/advisories/pypi.tsv"));

/// Past this age the data misses advisories worth knowing: say so.
const STALE_DAYS: i32 = 90;

/// The data in use and where it came from.
pub(crate) struct Store {
    pub(crate) snapshot: Snapshot<'static>,
    /// `None`: built in.
    pub(crate) cache: Option<PathBuf>,
    /// A cache file that could not be used, and why.
    pub(crate) problem: Option<String>,
}

impl Store {
    /// The data, read on first use.
    pub(crate) fn get() -> &'static Store {
        static STORE: OnceLock<Store> = OnceLock::new();
        STORE.get_or_init(load)
    }

    /// How a report names the data: `advisory data of 2024-10-10, built in`.
    pub(crate) fn describe(&self) -> String {
        match &self.cache {
            Some(path) => format!(
                "advisory data of {}, imported to {}",
                self.snapshot.date,
                path.display()
            ),
            None => format!("advisory data of {}, built in", self.snapshot.date),
        }
    }

    /// What a run says once about the data: a cache it could not use, and
    /// data older than 90 days.
    pub(crate) fn notices(&self, today: Date) -> Vec<String> {
        let mut notices: Vec<String> = self.problem.iter().cloned().collect();
        let age = (today - self.snapshot.date).get_days();
        if age > STALE_DAYS {
            notices.push(format!(
                "the vulnerable-dependency check uses {}, {age} days old: newer advisories are missing; download osv.dev's PyPI export (https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip) and run `keyward advisories import all.zip`",
                self.describe()
            ));
        }
        notices
    }
}

/// Where `keyward advisories import` writes and scans look:
/// `$XDG_CACHE_HOME/keyward/advisories/pypi.tsv`, else under `~/.cache`
/// (`%LOCALAPPDATA%` on Windows).
pub(crate) fn cache_file() -> Option<PathBuf> {
    let var = |name: &str| {
        std::env::var_os(name)
            .filter(|value| !value.is_empty())
            .map(PathBuf::from)
    };
    let root = var("XDG_CACHE_HOME")
        .or_else(|| var("HOME").map(|home| home.join(".cache")))
        .or_else(|| var("LOCALAPPDATA"))?;
    Some(root.join("keyward").join("advisories").join("pypi.tsv"))
}

fn load() -> Store {
    let built_in =
        Snapshot::parse(BUILT_IN).expect("the built-in advisory snapshot parses (a test checks it)");
    let mut store = Store {
        snapshot: built_in,
        cache: None,
        problem: None,
    };
    let Some(path) = cache_file().filter(|path| path.is_file()) else {
        return store;
    };
    // Leaked: the data lives as long as the run, and findings borrow from it.
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => &*Box::leak(text.into_boxed_str()),
        Err(err) => {
            store.problem = Some(format!(
                "cannot read {}: {err}; using the built-in advisories",
                path.display()
            ));
            return store;
        }
    };
    match Snapshot::parse(text) {
        Ok(cached) if cached.date > store.snapshot.date => {
            store.snapshot = cached;
            store.cache = Some(path);
        }
        Ok(_) => {}
        Err(err) => {
            store.problem = Some(format!(
                "{}: {err}; using the built-in advisories (`keyward advisories import` rewrites it)",
                path.display()
            ));
        }
    }
    store
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_snapshot_parses_and_knows_django() {
        let snapshot = Snapshot::parse(BUILT_IN).unwrap();
        assert!(snapshot.len() > 1000, "{} advisories", snapshot.len());
        let django = snapshot.advisories("django");
        let pinned = super::super::version("2.2.0").unwrap();
        assert!(django.iter().filter(|a| a.affects(&pinned).is_some()).count() > 10);
    }
}
