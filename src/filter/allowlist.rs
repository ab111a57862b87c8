//! Allowlists from the configuration: findings in some paths, secrets
//! matching a regex or containing a stopword, or findings accepted by
//! fingerprint are dropped, for every rule or for one.

use std::collections::{BTreeMap, BTreeSet};

use globset::GlobSet;
use regex::bytes::RegexSet;

use crate::finding::Finding;

/// One allowlist, compiled.
#[derive(Debug, Clone)]
pub struct Allowlist {
    pub paths: GlobSet,
    /// None for none: even an empty set costs a hook a build.
    pub regexes: Option<RegexSet>,
    /// Lowercase.
    pub stopwords: Vec<String>,
    pub fingerprints: BTreeSet<String>,
}

impl Default for Allowlist {
    fn default() -> Self {
        Allowlist {
            paths: GlobSet::empty(),
            regexes: None,
            stopwords: Vec::new(),
            fingerprints: BTreeSet::new(),
        }
    }
}

impl Allowlist {
    pub fn allows(&self, finding: &Finding) -> bool {
        let secret = finding.secret.to_lowercase();
        // Sources name files relative to the root, as globs are written.
        self.paths.is_match(&finding.path)
            || self
                .regexes
                .as_ref()
                .is_some_and(|set| set.is_match(finding.secret.as_bytes()))
            || self.stopwords.iter().any(|word| secret.contains(word.as_str()))
            || self.fingerprints.contains(&finding.fingerprint)
    }
}

/// The global allowlist and the per-rule ones.
#[derive(Debug, Clone, Default)]
pub struct Allowlists {
    pub global: Allowlist,
    pub rules: BTreeMap<String, Allowlist>,
}

impl Allowlists {
    pub fn allows(&self, finding: &Finding) -> bool {
        self.global.allows(finding)
            || self
                .rules
                .get(&*finding.rule)
                .is_some_and(|list| list.allows(finding))
    }
}
