//! A team's `.keyward.toml` (or the `[tool.keyward]` table of their
//! `pyproject.toml`): which built-in rules to drop or re-grade, their own
//! rules (the `[[rule]]` format of `patterns/`), allowlists, the baseline
//! file and the file-size limit. [`Config::parse`] reads it with every
//! value's position, so that [`apply`] can name the line of a fault.

pub mod apply;
mod show;
pub(crate) mod size;

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::finding::Severity;
use crate::rules::pack::RuleSpec;
pub use show::{show, Effective};

/// The file keyward looks for at the repository root.
pub const FILE_NAME: &str = ".keyward.toml";

/// Where Python projects keep their tools' settings; keyward reads its
/// `[tool.keyward]` table when there is no [`FILE_NAME`].
pub const PYPROJECT: &str = "pyproject.toml";

/// The environment variable that names a configuration file, as
/// `--config` does (the flag wins).
pub const ENV_VAR: &str = "KEYWARD_CONFIG";

/// A parsed configuration and the text it came from (for positions).
pub struct Config {
    /// How messages name the file (`.keyward.toml`, or the `--config` path).
    pub name: String,
    text: String,
    pub spec: ConfigSpec,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigSpec {
    /// Bytes, or a size with K, M or G (`"5M"`).
    pub max_file_size: Option<Spanned<SizeSpec>>,
    /// Findings recorded in this file (relative to the repository root) are skipped.
    pub baseline: Option<String>,
    /// Built-in rule ids to turn off.
    #[serde(default)]
    pub disable: Vec<Spanned<String>>,
    /// Rule id to severity.
    #[serde(default)]
    pub severity: BTreeMap<Spanned<String>, Severity>,
    #[serde(default)]
    pub allow: AllowSpec,
    /// Custom rules, in the format of `patterns/*.toml`.
    #[serde(default)]
    pub rule: Vec<Spanned<RuleSpec>>,
}

#[derive(Deserialize)]
#[serde(untagged)]
pub enum SizeSpec {
    Bytes(u64),
    Text(String),
}

/// An allowlist. The top-level `[allow]` applies to every rule; the same
/// keys under `[allow.rules."RULE-ID"]` apply to one rule.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AllowSpec {
    /// Globs over the repository-relative path.
    #[serde(default)]
    pub paths: Vec<Spanned<String>>,
    /// Regexes over the secret.
    #[serde(default)]
    pub regexes: Vec<Spanned<String>>,
    /// Words that, anywhere in the secret and in any case, mark it as a placeholder.
    #[serde(default)]
    pub stopwords: Vec<String>,
    /// Fingerprints of findings accepted one by one.
    #[serde(default)]
    pub fingerprints: Vec<String>,
    /// Per-rule allowlists (only at the top level).
    #[serde(default)]
    pub rules: BTreeMap<Spanned<String>, Spanned<AllowSpec>>,
}

impl Config {
    /// Parses `text`; `name` is how faults name the file.
    pub fn parse(name: &str, text: &str) -> Result<Config> {
        let spec = toml::from_str(text).map_err(|err| {
            // toml's message lists the keys it expected: what to write instead.
            let message = err.message().trim().replace('\n', " ");
            match err.span() {
                Some(span) => Error::at(name, text, span.start, message),
                None => Error::new(format!("{name}: {message}")),
            }
        })?;
        Ok(Config {
            name: name.to_string(),
            text: text.to_string(),
            spec,
        })
    }

    /// The `[tool.keyward]` table of a `pyproject.toml`, if it has one;
    /// positions stay those of the whole file. The rest of the file is not
    /// keyward's business, so a file that never names keyward is not parsed.
    pub fn parse_pyproject(name: &str, text: &str) -> Result<Option<Config>> {
        #[derive(Deserialize)]
        struct PyProject {
            tool: Option<Tools>,
        }
        #[derive(Deserialize)]
        struct Tools {
            keyward: Option<ConfigSpec>,
        }
        if !text.contains("keyward") {
            return Ok(None);
        }
        let project: PyProject = toml::from_str(text).map_err(|err| {
            let message = err.message().trim().replace('\n', " ");
            match err.span() {
                Some(span) => Error::at(name, text, span.start, format!("[tool.keyward]: {message}")),
                None => Error::new(format!("{name}: [tool.keyward]: {message}")),
            }
        })?;
        Ok(project.tool.and_then(|tools| tools.keyward).map(|spec| Config {
            name: name.to_string(),
            text: text.to_string(),
            spec,
        }))
    }

    /// A file named on the command line or by [`ENV_VAR`]: a
    /// `pyproject.toml` is read for its `[tool.keyward]` table.
    pub fn parse_named(path: &std::path::Path, text: &str) -> Result<Config> {
        let name = path.display().to_string();
        if path.file_name().is_some_and(|file| file == PYPROJECT) {
            return Config::parse_pyproject(&name, text)?
                .ok_or_else(|| Error::new(format!("{name} has no [tool.keyward] table")));
        }
        Config::parse(&name, text)
    }

    /// An error that names the file, line and column of `span`.
    pub fn fault(&self, span: std::ops::Range<usize>, message: impl std::fmt::Display) -> Error {
        Error::at(&self.name, &self.text, span.start, message)
    }

    /// The text the `[[rule]]` tables are in, for [`pack::build`].
    fn text(&self) -> &str {
        &self.text
    }
}

#[cfg(test)]
mod tests {
    use super::Config;

    #[test]
    fn an_unknown_key_names_its_line() {
        let err = Config::parse(".keyward.toml", "disable = []\nmax_file_size = 3\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with(".keyward.toml:2:1: unknown field `max_file_size`"),
            "{err}"
        );
    }

    #[test]
    fn pyproject_gives_its_tool_keyward_table_with_positions_in_the_whole_file() {
        let text = "[project]\nname = \"x\"\n\n[tool.keyward]\ndisable = [\"aws.access-key-id\"]\n";
        let config = Config::parse_pyproject("pyproject.toml", text)
            .ok()
            .unwrap()
            .unwrap();
        assert_eq!(config.spec.disable[0].get_ref(), "aws.access-key-id");
        assert_eq!(config.spec.disable[0].span().start, text.find("\"aws").unwrap());

        let err = Config::parse_pyproject("pyproject.toml", "[tool.keyward]\nmax_file_size = 3\n")
            .err()
            .unwrap()
            .to_string();
        assert!(
            err.starts_with("pyproject.toml:2:1: [tool.keyward]: unknown field `max_file_size`"),
            "{err}"
        );
        let none = Config::parse_pyproject("pyproject.toml", "[tool.ruff]\nline-length = 99\n");
        assert!(none.ok().unwrap().is_none());
    }

    #[test]
    fn the_empty_file_is_a_configuration() {
        let config = Config::parse(".keyward.toml", "").ok().unwrap();
        assert!(config.spec.disable.is_empty() && config.spec.rule.is_empty());
    }
}
