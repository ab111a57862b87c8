//! `poetry.lock`, `uv.lock` and `pdm.lock`: TOML, one `[[package]]` table
//! per locked package with its `name` and `version` on lines of their own
//! (all three tools write them so). Packages built from
//! the project itself, a folder, a git checkout or a URL are not the
//! releases advisories describe, and are skipped.

use serde::Deserialize;
use toml::Spanned;

use super::pin::Pin;

#[derive(Deserialize)]
struct Lock {
    #[serde(default)]
    package: Vec<Package>,
}

#[derive(Deserialize)]
struct Package {
    name: Spanned<String>,
    version: Option<Spanned<String>>,
    /// uv: `{ registry = ... }` or `{ editable = ... }`, `{ git = ... }`...;
    /// poetry: `{ type = "git", ... }`.
    source: Option<toml::Table>,
    /// pdm writes where a package comes from beside its version.
    git: Option<toml::Value>,
    path: Option<toml::Value>,
    url: Option<toml::Value>,
}

impl Package {
    fn is_from_an_index(&self) -> bool {
        let source_is_index = self.source.as_ref().is_none_or(|source| {
            let kind = source.get("type").and_then(toml::Value::as_str);
            !["editable", "virtual", "directory", "path", "git", "url"]
                .iter()
                .any(|key| source.contains_key(*key))
                && kind.is_none_or(|kind| kind == "legacy")
        });
        source_is_index && self.git.is_none() && self.path.is_none() && self.url.is_none()
    }
}

/// A lock file is mostly file hashes: parsing a 300 KB uv.lock whole as
/// TOML costs a hook more than its budget. So only the lines that say what
/// each package is go through the TOML parser, as a small document of their
/// own, with where each line sits in the file.
pub(crate) fn read(text: &str) -> Vec<Pin> {
    let mut doc = String::new();
    // (offset in `doc`, offset in `text`) of each line copied.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut section = Section::Other;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_end();
        let keys: &[&str] = if trimmed.starts_with('[') {
            section = match trimmed {
                "[[package]]" => Section::Package,
                "[package.source]" => Section::Source,
                _ => Section::Other,
            };
            if section != Section::Other {
                doc.push_str(trimmed);
                doc.push('\n');
            }
            continue;
        } else {
            match section {
                Section::Package => &["name", "version", "source", "git", "path", "url"],
                Section::Source => &["type"],
                Section::Other => continue,
            }
        };
        let key = line.split(['=', ' ']).next().unwrap_or_default();
        if keys.contains(&key) {
            lines.push((doc.len(), start));
            doc.push_str(trimmed);
            doc.push('\n');
        }
    }
    let Ok(lock) = toml::from_str::<Lock>(&doc) else {
        return Vec::new();
    };
    lock.package
        .iter()
        .filter(|package| package.is_from_an_index())
        .filter_map(|package| {
            let version = package.version.as_ref()?;
            // Back from the small document to the file; the span covers the quotes.
            let span = version.span();
            let line = lines
                .partition_point(|(doc, _)| *doc <= span.start)
                .checked_sub(1)?;
            let (doc, file) = lines[line];
            let start = file + span.start - doc + 1;
            Pin::new(
                package.name.get_ref(),
                version.get_ref(),
                start..start + version.get_ref().len(),
            )
        })
        .collect()
}

/// Where a line is in a lock file: a `[[package]]` table itself, its
/// poetry `[package.source]`, or another table (dependencies, files).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Section {
    Package,
    Source,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_index_packages_of_each_lock_format() {
        let uv = r#"version = 1
[[package]]
name = "django"
version = "2.2.0"
source = { registry = "https://pypi.org/simple" }

[[package]]
name = "myproject"
version = "0.1.0"
source = { editable = "." }
"#;
        let poetry = r#"[[package]]
name = "Django"
version = "2.2.0"
description = ""

[[package]]
name = "fork"
version = "1.0"

[package.source]
type = "git"
url = "https://example.com/fork.git"
"#;
        let pdm = "[[package]]\nname = \"django\"\nversion = \"2.2.0\"\n\n[[package]]\nname = \"local\"\nversion = \"1.0\"\npath = \"./local\"\n";
        for text in [uv, poetry, pdm] {
            let pins = read(text);
            assert_eq!(pins.len(), 1, "{text}");
            assert_eq!(pins[0].package, "django");
            assert_eq!(&text[pins[0].range.clone()], "2.2.0");
        }
    }
}
