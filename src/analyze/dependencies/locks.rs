//! `poetry.lock`, `uv.lock` and `pdm.lock`: TOML, one `[[package]]` table
//! per locked package with its `name` and `version` on lines of their own
//! (all three tools write them so). Packages built from
//! the project itself, a folder, a git checkout or a URL are not the
//! releases advisories describe, and are skipped.

use serde::Deserialize;
use toml::Spanned;

use super::pin::Pin;

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

pub(crate) fn read(text: &str) -> Vec<Pin> {
    let mut pins = Vec::new();
    let mut block: Option<Block> = None;
    let mut section = Section::Other;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        let start = at;
        at += line.len();
        let trimmed = line.trim_end();
        if trimmed == "[[package]]" {
            pins.extend(block.take().and_then(|block| block.pin()));
            block = Some(Block::default());
            section = Section::Package;
        } else if trimmed.starts_with('[') {
            section = match trimmed == "[package.source]" {
                true => Section::Source,
                false => Section::Other,
            };
            if let (Some(block), Section::Source) = (&mut block, section) {
                block.doc.push_str("[source]\n");
            }
        } else if let Some(block) = &mut block {
            let keys: &[&str] = match section {
                Section::Package => &["name", "version", "source", "git", "path", "url"],
                Section::Source => &["type"],
                Section::Other => &[],
            };
            let key = line.split(['=', ' ']).next().unwrap_or_default();
            if keys.contains(&key) {
                block.lines.push((block.doc.len(), start));
                block.doc.push_str(line);
                if !line.ends_with('\n') {
                    block.doc.push('\n');
                }
            }
        }
    }
    pins.extend(block.and_then(|block| block.pin()));
    pins
}

/// Where a line is in a lock file: the `[[package]]` table itself, its
/// poetry `[package.source]`, or another table (dependencies, files).
#[derive(Clone, Copy)]
enum Section {
    Package,
    Source,
    Other,
}

/// The lines of one `[[package]]` that say what it is. A lock file is
/// mostly file hashes: parsing a 300 KB uv.lock whole as TOML costs a hook
/// more than its whole budget, so only these lines are parsed, as a small
/// TOML document of their own.
#[derive(Default)]
struct Block {
    doc: String,
    /// (offset in `doc`, offset in the file) of each line.
    lines: Vec<(usize, usize)>,
}

impl Block {
    fn pin(self) -> Option<Pin> {
        let package = toml::from_str::<Package>(&self.doc).ok()?;
        if !package.is_from_an_index() {
            return None;
        }
        let version = package.version.as_ref()?;
        // Back from the small document to the file; the span covers the quotes.
        let span = version.span();
        let line = self.lines.partition_point(|(doc, _)| *doc <= span.start) - 1;
        let (doc, file) = self.lines[line];
        let start = file + span.start - doc + 1;
        Pin::new(
            package.name.get_ref(),
            version.get_ref(),
            start..start + version.get_ref().len(),
        )
    }
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
