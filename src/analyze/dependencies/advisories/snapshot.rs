//! The compact advisory format, the same for the built-in snapshot and the
//! user's imported cache: UTF-8 text, one advisory per package per line,
//! sorted by package, so a scan finds a package's lines through an index
//! of line ranges and decodes only the lines of the packages it pins.
//!
//! ```text
//! # keyward advisories
//! # date: 2024-10-10
//! # source: ...
//! django<TAB>GHSA-...<TAB>CVE-... PYSEC-...<TAB>>=0 <2.2.25; >=3.0 <3.0.13<TAB>1.0.1 ...<TAB>summary
//! ```
//!
//! Fields: package (PEP 503 normalised), id, aliases, `ECOSYSTEM` ranges
//! (`>=` introduced, `<` fixed, `<=` last affected; `;` between ranges),
//! affected versions the ranges do not cover, one-line summary.

use std::collections::HashMap;
use std::ops::Range;

use jiff::civil::Date;

use super::{version, Advisory, Bound};

const MAGIC: &str = "# keyward advisories";

/// Writes `advisories` (package, advisory) as a snapshot of `date`.
pub(crate) fn encode(date: Date, source: &str, advisories: &[(String, Advisory)]) -> String {
    let mut rows: Vec<String> = advisories
        .iter()
        .map(|(package, advisory)| {
            let ranges: Vec<String> = advisory
                .ranges
                .iter()
                .map(|events| {
                    let events: Vec<String> = events
                        .iter()
                        .map(|(bound, at)| format!("{}{at}", bound.symbol()))
                        .collect();
                    events.join(" ")
                })
                .collect();
            let versions: Vec<String> = advisory.versions.iter().map(ToString::to_string).collect();
            [
                package.as_str(),
                &advisory.id,
                &advisory.aliases.join(" "),
                &ranges.join("; "),
                &versions.join(" "),
                &one_line(&advisory.summary),
            ]
            .join("\t")
        })
        .collect();
    rows.sort();
    let mut text = format!("{MAGIC}\n# date: {date}\n# source: {}\n", one_line(source));
    for row in rows {
        text.push_str(&row);
        text.push('\n');
    }
    text
}

/// Tabs and line breaks would split a field.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A snapshot's text, indexed by package.
pub(crate) struct Snapshot<'t> {
    text: &'t str,
    pub(crate) date: Date,
    /// Each package's lines (they are adjacent: the file is sorted).
    packages: HashMap<&'t str, Range<usize>>,
}

impl<'t> Snapshot<'t> {
    /// Reads the header and indexes the lines; the advisories themselves
    /// are decoded when asked for.
    pub(crate) fn parse(text: &'t str) -> Result<Snapshot<'t>, String> {
        if !text.starts_with(MAGIC) {
            return Err("not a keyward advisory file (its first line is not `# keyward advisories`)".into());
        }
        let mut date = None;
        let mut packages: HashMap<&str, Range<usize>> = HashMap::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.len();
            if let Some(header) = line.strip_prefix('#') {
                if let Some(value) = header.trim().strip_prefix("date:") {
                    date = value.trim().parse::<Date>().ok();
                }
            } else if let Some((package, _)) = line.split_once('\t') {
                packages
                    .entry(package)
                    .and_modify(|range| range.end = end)
                    .or_insert(start..end);
            }
            start = end;
        }
        let date = date.ok_or("the `# date:` line is missing or not a date")?;
        Ok(Snapshot { text, date, packages })
    }

    /// The advisories for `package` (PEP 503 normalised).
    pub(crate) fn advisories(&self, package: &str) -> Vec<Advisory> {
        let Some(range) = self.packages.get(package) else {
            return Vec::new();
        };
        self.text[range.clone()].lines().filter_map(decode).collect()
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.text.lines().filter(|line| !line.starts_with('#')).count()
    }
}

/// One line back into an advisory; `None` for a line that is not one.
fn decode(line: &str) -> Option<Advisory> {
    let mut fields = line.split('\t');
    let (_package, id, aliases, ranges, versions, summary) = (
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
        fields.next()?,
    );
    let ranges = ranges
        .split(';')
        .map(|events| events.split_whitespace().filter_map(event).collect::<Vec<_>>())
        .filter(|events| !events.is_empty())
        .collect();
    Some(Advisory {
        id: id.to_string(),
        aliases: aliases.split_whitespace().map(str::to_string).collect(),
        ranges,
        versions: versions.split_whitespace().filter_map(version).collect(),
        summary: summary.to_string(),
    })
}

fn event(text: &str) -> Option<(Bound, pep440_rs::Version)> {
    // `<=` before `<`: the longer symbol first.
    [Bound::Introduced, Bound::LastAffected, Bound::Fixed]
        .into_iter()
        .find_map(|bound| Some((bound, version(text.strip_prefix(bound.symbol())?)?)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_snapshot_reads_back_what_was_written() {
        let advisory = Advisory {
            id: "GHSA-aaaa-bbbb-cccc".into(),
            aliases: vec!["CVE-2024-1".into(), "PYSEC-2024-1".into()],
            ranges: vec![vec![
                (Bound::Introduced, version("0").unwrap()),
                (Bound::Fixed, version("4.2.17").unwrap()),
            ]],
            versions: vec![version("5.0a1").unwrap()],
            summary: "SQL injection\tin\nHasKey".into(),
        };
        let date = Date::constant(2024, 10, 10);
        let text = encode(date, "test", &[("django".into(), advisory)]);
        let snapshot = Snapshot::parse(&text).unwrap();
        assert_eq!(snapshot.date, date);
        assert_eq!(snapshot.len(), 1);
        let back = &snapshot.advisories("django")[0];
        assert_eq!(back.id, "GHSA-aaaa-bbbb-cccc");
        assert_eq!(back.aliases, ["CVE-2024-1", "PYSEC-2024-1"]);
        assert_eq!(back.summary, "SQL injection in HasKey");
        assert_eq!(back.ranges[0][1], (Bound::Fixed, version("4.2.17").unwrap()));
        assert_eq!(back.versions, [version("5.0a1").unwrap()]);
        assert!(snapshot.advisories("flask").is_empty());
    }
}
