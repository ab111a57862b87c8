//! One OSV record (https://ossf.github.io/osv-schema/), JSON or YAML, as
//! the advisories it makes for PyPI packages.

use std::collections::BTreeMap;

use pep508_rs::PackageName;
use serde::Deserialize;

use super::{version, Advisory, Bound};

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    aliases: Vec<String>,
    summary: Option<String>,
    details: Option<String>,
    modified: Option<String>,
    withdrawn: Option<String>,
    #[serde(default)]
    affected: Vec<Affected>,
}

#[derive(Deserialize)]
struct Affected {
    package: Option<Package>,
    #[serde(default)]
    ranges: Vec<OsvRange>,
    #[serde(default)]
    versions: Vec<String>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    ecosystem: String,
}

#[derive(Deserialize)]
struct OsvRange {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    events: Vec<BTreeMap<String, String>>,
}

/// What one record brings: its PyPI advisories (none when it is withdrawn
/// or about another ecosystem) and when it was last modified (`YYYY-MM-DD`).
pub(super) struct Parsed {
    pub(super) advisories: Vec<(String, Advisory)>,
    pub(super) modified: Option<String>,
}

/// Parses a record; `yaml` picks the syntax.
pub(super) fn parse(bytes: &[u8], yaml: bool) -> Result<Parsed, String> {
    let record: Record = match yaml {
        true => serde_norway::from_slice(bytes).map_err(|err| err.to_string())?,
        false => serde_json::from_slice(bytes).map_err(|err| err.to_string())?,
    };
    let modified = record
        .modified
        .as_ref()
        .and_then(|m| m.get(..10))
        .map(str::to_string);
    if record.withdrawn.is_some() {
        return Ok(Parsed {
            advisories: Vec::new(),
            modified,
        });
    }
    let mut by_package: BTreeMap<String, Advisory> = BTreeMap::new();
    for affected in &record.affected {
        let Some(package) = affected.package.as_ref().filter(|p| p.ecosystem == "PyPI") else {
            continue;
        };
        let Ok(name) = PackageName::new(package.name.clone()) else {
            continue;
        };
        let advisory = by_package.entry(name.to_string()).or_insert_with(|| Advisory {
            id: record.id.clone(),
            aliases: record.aliases.clone(),
            ranges: Vec::new(),
            versions: Vec::new(),
            summary: summary(&record),
        });
        for range in affected.ranges.iter().filter(|range| range.kind == "ECOSYSTEM") {
            let mut events: Vec<(Bound, pep440_rs::Version)> = range
                .events
                .iter()
                .flat_map(|event| event.iter())
                .filter_map(|(kind, at)| {
                    let bound = match kind.as_str() {
                        "introduced" => Bound::Introduced,
                        "fixed" => Bound::Fixed,
                        "last_affected" => Bound::LastAffected,
                        _ => return None,
                    };
                    Some((bound, version(at)?))
                })
                .collect();
            events.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0)));
            if !events.is_empty() {
                advisory.ranges.push(events);
            }
        }
        advisory
            .versions
            .extend(affected.versions.iter().filter_map(|v| version(v)));
    }
    let advisories = by_package
        .into_iter()
        .map(|(package, mut advisory)| {
            // Listed versions the ranges already cover would only bloat the file.
            let ranges = Advisory {
                versions: Vec::new(),
                ..advisory.clone()
            };
            advisory.versions.retain(|v| ranges.affects(v).is_none());
            advisory.versions.sort();
            advisory.versions.dedup();
            (package, advisory)
        })
        .filter(|(_, advisory)| !advisory.ranges.is_empty() || !advisory.versions.is_empty())
        .collect();
    Ok(Parsed { advisories, modified })
}

/// The summary, or the first sentence of the details, kept short.
fn summary(record: &Record) -> String {
    let text = record
        .summary
        .as_deref()
        .filter(|s| !s.trim().is_empty())
        .or(record.details.as_deref())
        .unwrap_or_default();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    // Whole sentences until the text says something ("Zope is an
    // open-source web application server." alone does not).
    const MIN: usize = 60;
    const MAX: usize = 160;
    // NVD's opening "An issue was discovered in X before Y." says least.
    let text = match text.split_once(". ") {
        Some((first, rest)) if first.starts_with("An issue was discovered") => rest.to_string(),
        _ => text,
    };
    let mut end = 0;
    while end < MIN {
        match text[end..].find(". ") {
            Some(at) => end += at + 1,
            None => {
                end = text.len();
                break;
            }
        }
    }
    let sentence = text[..end].trim();
    match sentence.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}...", &sentence[..cut]),
        None => sentence.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const YAML: &str = r#"
id: PYSEC-2099-1
details: A first sentence that is long enough to say something useful. Second sentence.
aliases: [CVE-2099-1]
modified: "2099-01-02T00:00:00Z"
affected:
- package: {name: Django_Extra.Thing, ecosystem: PyPI}
  ranges:
  - type: ECOSYSTEM
    events: [{introduced: "1.0"}, {fixed: "1.2"}]
  versions: ["1.0", "1.1", "0.5"]
- package: {name: left-pad, ecosystem: npm}
  ranges:
  - type: SEMVER
    events: [{introduced: "0"}]
"#;

    #[test]
    fn a_record_becomes_pypi_advisories_with_normalised_names() {
        let parsed = parse(YAML.as_bytes(), true).unwrap();
        assert_eq!(parsed.modified.as_deref(), Some("2099-01-02"));
        assert_eq!(parsed.advisories.len(), 1);
        let (package, advisory) = &parsed.advisories[0];
        assert_eq!(package, "django-extra-thing");
        assert_eq!(
            advisory.summary,
            "A first sentence that is long enough to say something useful."
        );
        // 1.0 and 1.1 are in the range; only 0.5 needs listing.
        assert_eq!(advisory.versions, [version("0.5").unwrap()]);
    }

    #[test]
    fn a_withdrawn_record_brings_nothing() {
        let withdrawn = format!("withdrawn: \"2099-02-01T00:00:00Z\"\n{YAML}");
        assert!(parse(withdrawn.as_bytes(), true).unwrap().advisories.is_empty());
    }
}
