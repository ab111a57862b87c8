//! The `dependencies` analyser: Python packages pinned at versions that
//! published advisories describe, checked offline. It finds the files
//! where projects pin versions ([`files`]), reads each format
//! ([`requirements`], [`pipfile`], [`locks`], [`pyproject`]) into exact
//! [`pin::Pin`]s and compares them, with PEP 440 semantics, against the
//! advisory data ([`advisories`]), which is loaded only when a scan meets
//! such a file.

pub(crate) mod advisories;
mod files;
mod locks;
mod pin;
mod pipfile;
mod pyproject;
mod requirements;

use std::collections::BTreeSet;

use super::{About, Analysis, Analyzer, Reads};
use crate::finding::place::LineIndex;
use crate::finding::{fingerprint, Finding};
use crate::rules::id::dependencies::{PYTHON_VULNERABLE_DEPENDENCY as RULE, RULES};
use crate::rules::{Rule, RuleSet};
use crate::source::workspace::Workspace;
use advisories::store::Store;
use advisories::Advisory;
use files::Format;
use pep508_rs::pep440_rs::Version;
use pin::Pin;

/// The `dependencies` analyser; its rule lives in `patterns/python.toml`.
pub(crate) struct Dependencies;

impl Analyzer for Dependencies {
    fn about(&self) -> About {
        About::new(RULES, Reads::Workspace)
    }

    fn wakes_on(&self, path: &str) -> bool {
        Format::of(path).is_some()
    }

    fn workspace(
        &self,
        workspace: &dyn Workspace,
        rules: &RuleSet,
        focus: Option<&BTreeSet<String>>,
    ) -> Analysis {
        let mut analysis = Analysis::default();
        let Some(rule) = rules.get(RULE.as_str()) else {
            return analysis;
        };
        if focus.is_some_and(|focus| !focus.iter().any(|path| self.wakes_on(path))) {
            return analysis;
        }
        let judged: Vec<(String, Format)> = files::find(workspace)
            .into_iter()
            .filter(|(path, _)| focus.is_none_or(|focus| focus.contains(path)))
            .collect();
        if judged.is_empty() {
            return analysis;
        }
        let store = Store::get();
        for (path, format) in judged {
            let Some(bytes) = workspace.read(&path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let pins = format.pins(&text);
            analysis.notes.push(format!(
                "{path}: {} exact pins checked against {}",
                pins.len(),
                store.describe()
            ));
            analysis.findings.extend(report(rule, store, &path, &text, &pins));
        }
        let today = jiff::tz::Offset::UTC.to_datetime(jiff::Timestamp::now()).date();
        analysis.notices = store.notices(today);
        analysis
    }
}

/// One finding per vulnerable pin of the file at `path`, naming every
/// advisory it falls under; an advisory is reported once per file.
fn report(rule: &Rule, store: &Store, path: &str, text: &str, pins: &[Pin]) -> Vec<Finding> {
    let lines = LineIndex::new(text.as_bytes());
    let mut seen = BTreeSet::new();
    let mut findings = Vec::new();
    for pin in pins {
        let affecting: Vec<(Advisory, Option<Version>)> = store
            .snapshot
            .advisories(&pin.package)
            .into_iter()
            .filter_map(|advisory| Some((advisory.affects(&pin.version)?, advisory)))
            .filter(|(_, advisory)| seen.insert(advisory.id.clone()))
            .map(|(fix, advisory)| (advisory, fix))
            .collect();
        let Some((first, _)) = affecting.first() else {
            continue;
        };
        let place = lines.locate(text.as_bytes(), pin.range.clone());
        let mut finding = rule.finding(path, place, pin.version.to_string().as_bytes());
        finding.title = match affecting.len() {
            1 => format!("{} {}: {}", pin.name, pin.version, described(first)),
            n => format!("{} {} has {n} published vulnerabilities", pin.name, pin.version),
        }
        .into();
        // Moving the pin to another vulnerable version is a new finding.
        let identity = format!("{}=={}", pin.package, pin.version);
        finding.fingerprint = fingerprint(&rule.id, path, identity.as_bytes());
        let upgrade = match upgrade(&affecting) {
            Some(fixed) => format!("Upgrade to {} {fixed} or later.", pin.name),
            None => format!(
                "The advisories name no release of {} that fixes them all: read them and move off the affected versions.",
                pin.name
            ),
        };
        let listed: Vec<String> = affecting
            .iter()
            .map(|(advisory, fix)| {
                let fixed = fix
                    .as_ref()
                    .map_or("no fix listed".into(), |v| format!("fixed in {v}"));
                match affecting.len() {
                    1 => format!("{} {fixed} ({})", advisory.id, advisory.url()),
                    _ => format!(
                        "{} {fixed}: {} ({})",
                        ids(advisory),
                        advisory.summary,
                        advisory.url()
                    ),
                }
            })
            .collect();
        finding.remediation = format!("{upgrade}\n{}\n{}", listed.join("\n"), rule.remediation).into();
        finding.docs = match affecting.len() {
            1 => first.url(),
            _ => format!("https://osv.dev/list?ecosystem=PyPI&q={}", pin.package),
        }
        .into();
        finding.note = Some(store.describe());
        findings.push(finding);
    }
    findings
}

/// `GHSA-... (CVE-..., PYSEC-...): summary`
fn described(advisory: &Advisory) -> String {
    format!("{}: {}", ids(advisory), advisory.summary)
}

/// `GHSA-... (CVE-..., PYSEC-...)`
fn ids(advisory: &Advisory) -> String {
    match advisory.aliases.is_empty() {
        true => advisory.id.clone(),
        false => format!("{} ({})", advisory.id, advisory.aliases.join(", ")),
    }
}

/// The first release past every advisory's fix that none of them affects;
/// `None` when one of them names no fix.
fn upgrade(affecting: &[(Advisory, Option<Version>)]) -> Option<Version> {
    let mut candidate = affecting.iter().map(|(_, fix)| fix.clone()).max()??;
    if affecting.iter().any(|(_, fix)| fix.is_none()) {
        return None;
    }
    // The highest fix may sit on a branch another advisory affects: follow
    // that advisory's fix on (bounded: each step raises the version).
    for _ in 0..affecting.len() {
        let next = affecting
            .iter()
            .filter_map(|(advisory, _)| advisory.affects(&candidate))
            .max();
        match next {
            None => return Some(candidate),
            Some(Some(fix)) => candidate = fix,
            Some(None) => return None,
        }
    }
    Some(candidate)
}
