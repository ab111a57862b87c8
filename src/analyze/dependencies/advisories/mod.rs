//! Published advisories against PyPI packages, offline: the compact
//! snapshot format ([`snapshot`]), the data a scan uses, built in or
//! imported into the user's cache ([`store`]), and the import of an OSV
//! export into that format ([`import`], [`osv`]).

pub(crate) mod import;
mod osv;
pub(crate) mod snapshot;
pub(crate) mod store;

use std::str::FromStr;

use pep440_rs::Version;

/// How an OSV `ECOSYSTEM` range event bounds the affected versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Bound {
    /// `introduced`: affected from this version on.
    Introduced,
    /// `fixed`: no longer affected from this version on.
    Fixed,
    /// `last_affected`: affected up to and including this version.
    LastAffected,
}

impl Bound {
    /// The snapshot's short form, read as "version >= / < / <= event".
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Bound::Introduced => ">=",
            Bound::Fixed => "<",
            Bound::LastAffected => "<=",
        }
    }
}

/// One advisory as it concerns one package.
#[derive(Debug, Clone)]
pub(crate) struct Advisory {
    pub(crate) id: String,
    /// Other ids of the same advisory (GHSA, PYSEC, CVE).
    pub(crate) aliases: Vec<String>,
    /// `ECOSYSTEM` ranges, each a list of events sorted by version.
    pub(crate) ranges: Vec<Vec<(Bound, Version)>>,
    /// Affected versions the ranges do not already cover.
    pub(crate) versions: Vec<Version>,
    pub(crate) summary: String,
}

impl Advisory {
    /// Whether `version` is affected, and then the first version that
    /// fixes it, if the advisory names one.
    pub(crate) fn affects(&self, version: &Version) -> Option<Option<Version>> {
        if self.versions.contains(version) {
            return Some(None);
        }
        self.ranges.iter().find_map(|events| in_range(events, version))
    }

    /// Where people read the advisory.
    pub(crate) fn url(&self) -> String {
        format!("https://osv.dev/vulnerability/{}", self.id)
    }
}

/// OSV's range evaluation over events sorted by version: the last event at
/// or below `version` decides, and the next `fixed` above it is the fix.
fn in_range(events: &[(Bound, Version)], version: &Version) -> Option<Option<Version>> {
    let mut affected = false;
    let mut fix = None;
    for (bound, at) in events {
        match bound {
            Bound::Introduced if version >= at => affected = true,
            Bound::Fixed if version >= at => affected = false,
            Bound::LastAffected if version > at => affected = false,
            Bound::Fixed if affected && fix.is_none() => fix = Some(at.clone()),
            _ => {}
        }
    }
    affected.then_some(fix)
}

/// A version as the snapshot and OSV write it; `None` when it is not PEP 440.
pub(crate) fn version(text: &str) -> Option<Version> {
    Version::from_str(text.trim()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn advisory(ranges: &[&[(Bound, &str)]], versions: &[&str]) -> Advisory {
        Advisory {
            id: "PYSEC-0000-1".into(),
            aliases: Vec::new(),
            ranges: ranges
                .iter()
                .map(|events| events.iter().map(|(b, v)| (*b, version(v).unwrap())).collect())
                .collect(),
            versions: versions.iter().map(|v| version(v).unwrap()).collect(),
            summary: String::new(),
        }
    }

    fn fix(advisory: &Advisory, pinned: &str) -> Option<Option<String>> {
        advisory
            .affects(&version(pinned).unwrap())
            .map(|fix| fix.map(|v| v.to_string()))
    }

    #[test]
    fn ranges_follow_pep_440_order_and_name_the_next_fix() {
        use Bound::*;
        let two_branches = advisory(
            &[&[
                (Introduced, "0"),
                (Fixed, "2.2.25"),
                (Introduced, "3.0"),
                (Fixed, "3.0.13"),
            ]],
            &[],
        );
        assert_eq!(fix(&two_branches, "2.2.0"), Some(Some("2.2.25".into())));
        assert_eq!(fix(&two_branches, "2.2.25"), None);
        assert_eq!(fix(&two_branches, "2.2.100"), None);
        assert_eq!(fix(&two_branches, "3.0rc1"), None);
        assert_eq!(fix(&two_branches, "3.0.2"), Some(Some("3.0.13".into())));
        assert_eq!(fix(&two_branches, "3.0.13"), None);
        let last = advisory(&[&[(Introduced, "1.0"), (LastAffected, "1.4")]], &["0.9"]);
        assert_eq!(fix(&last, "1.4"), Some(None));
        assert_eq!(fix(&last, "1.4.post1"), None);
        assert_eq!(fix(&last, "0.9.0"), Some(None));
        assert_eq!(fix(&last, "0.8"), None);
    }
}
