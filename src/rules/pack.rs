//! Reads a rule pack: a TOML file of `[[rule]]` tables. A rule names its
//! regex either directly (`regex`, `paths`, `exclude-paths`) or as a list of
//! `[[rule.pattern]]` tables when it needs several, or names the analyser
//! that reports it (`analyzer = "django-settings"`) when matching is not
//! enough; every rule must carry examples and counterexamples.
//!
//! `randomness = true` asks that the captured secret also pass the
//! randomness test of `scan::randomness` (not a word, identifier, UUID,
//! hash or placeholder); generic rules use it, provider rules need not.
//! `unless` (next to a `regex`) names a regex that, found anywhere in a
//! file, turns that pattern off for the file: how a rule says "when APP_ENV
//! is production or absent" without look-around.
//! A pattern that captures `(?P<name>...)` (the variable or key the secret
//! is assigned to) reports only when that name is a credential name (see
//! `scan::credential_name`); one that captures `(?P<user>...)` next to the
//! password reports nothing when the user and the password hold one another
//! (`saleor:saleor@`, `ctfduser:ctfd@`, `shop:shop-dev@`: development
//! defaults). `generic = true` marks a guess from a name rather than a
//! provider's own token format, or a risky call that matters only where
//! the code serves production: context grades it (`filter::context`).
//! A rule about a file that must never be committed (a Rails master key)
//! needs no special key: its `paths` name the file and its regex the content.

use std::borrow::Cow;

use serde::{Deserialize, Deserializer};
use toml::Spanned;

use super::id::ANALYZER_NAMES;
use super::{
    build_pattern, build_regex, build_regex_set, Compiled, Example, Examples, PathGlobs, Pattern, Rule,
};
use crate::error::{Error, Result};
use crate::finding::{Severity, Text, Texts};

/// The path plain-string examples are scanned as.
pub const DEFAULT_EXAMPLE_PATH: &str = "example";

/// One `[[rule]]` table, as written. Public so that a user's
/// `.keyward.toml` can hold the same tables. The built-in packs are
/// static tables of them (`build.rs`), so their lists are slices.
#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleSpec {
    id: Text,
    title: Text,
    description: Text,
    severity: SeveritySpec,
    #[serde(default)]
    keywords: Texts,
    regex: Option<Text>,
    paths: Option<Texts>,
    exclude_paths: Option<Texts>,
    unless: Option<Text>,
    #[serde(default, rename = "pattern")]
    patterns: Cow<'static, [PatternSpec]>,
    analyzer: Option<Text>,
    entropy: Option<f64>,
    #[serde(default)]
    randomness: bool,
    #[serde(default)]
    allow: Texts,
    #[serde(default)]
    fallback: bool,
    #[serde(default)]
    generic: bool,
    #[serde(default = "yes")]
    sensitive: bool,
    remediation: Text,
    docs: Text,
    #[serde(default, deserialize_with = "examples")]
    examples: Examples,
    #[serde(default, deserialize_with = "examples")]
    counterexamples: Examples,
}

fn yes() -> bool {
    true
}

#[derive(Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PatternSpec {
    regex: Option<Text>,
    paths: Option<Texts>,
    exclude_paths: Option<Texts>,
    unless: Option<Text>,
}

#[derive(Clone, Copy, Deserialize)]
#[serde(rename_all = "lowercase")]
enum SeveritySpec {
    Block,
    Warn,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ExampleSpec {
    Text(Text),
    AtPath {
        path: Text,
        text: Text,
        /// Other files of the project, for analysers that read several
        /// (a URLconf is judged by the settings that load it).
        #[serde(default)]
        beside: Vec<BesideSpec>,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct BesideSpec {
    path: Text,
    text: Text,
}

impl From<ExampleSpec> for Example {
    fn from(spec: ExampleSpec) -> Example {
        match spec {
            ExampleSpec::Text(text) => Example {
                path: DEFAULT_EXAMPLE_PATH.into(),
                text,
                beside: Cow::Borrowed(&[]),
            },
            ExampleSpec::AtPath { path, text, beside } => Example {
                path,
                text,
                beside: beside.into_iter().map(|file| (file.path, file.text)).collect(),
            },
        }
    }
}

/// `examples` or `counterexamples` as written: strings, or tables with a
/// path and the files beside it.
fn examples<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Examples, D::Error> {
    let specs = Vec::<ExampleSpec>::deserialize(deserializer)?;
    Ok(specs.into_iter().map(Example::from).collect())
}

/// Turns parsed `[[rule]]` tables into rules; faults name `name:LINE:COL`
/// of the table in `text`.
pub fn build(name: &str, text: &str, specs: Vec<Spanned<RuleSpec>>) -> Result<Vec<Rule>> {
    specs
        .into_iter()
        .map(|spanned| {
            let start = spanned.span().start;
            rule(Text::Owned(name.to_string()), spanned.into_inner()).map_err(|err| {
                // Located only on failure: counting lines for every rule
                // would make loading quadratic in the pack's size.
                Error::at(name, text, start, err)
            })
        })
        .collect()
}

fn rule(origin: Text, spec: RuleSpec) -> Result<Rule> {
    let id = spec.id;
    if !id
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
    {
        return Err(Error::new(format!(
            "rule id {id:?} must be lowercase letters, digits, '.', '-' and '_' (e.g. \"acme.api-token\")"
        )));
    }
    if let Some(analyzer) = &spec.analyzer {
        if !ANALYZER_NAMES.contains(&&**analyzer) {
            return Err(Error::new(format!(
                "rule {id} names analyzer {analyzer:?}; the analysers are {}",
                ANALYZER_NAMES.join(", ")
            )));
        }
    }
    let inline = PatternSpec {
        regex: spec.regex,
        paths: spec.paths,
        exclude_paths: spec.exclude_paths,
        unless: spec.unless,
    };
    let specs: &[PatternSpec] = match (inline.regex.is_some(), spec.patterns.is_empty()) {
        (false, true) if spec.analyzer.is_some() => &[],
        (true, true) => std::slice::from_ref(&inline),
        (false, false)
            if inline.paths.is_none() && inline.exclude_paths.is_none() && inline.unless.is_none() =>
        {
            &spec.patterns
        }
        (true, false) | (false, false) => {
            return Err(Error::new(format!(
                "rule {id} has both `regex`/`paths` and [[rule.pattern]] tables; use one or the other"
            )))
        }
        (false, true) => {
            return Err(Error::new(format!(
                "rule {id} has no `regex`; add regex = '''...''' with a (?P<secret>...) group"
            )))
        }
    };
    let one = |regex: &Text| Cow::Owned(vec![regex.clone()]);
    let patterns = specs
        .iter()
        .map(|pattern| {
            let regex = pattern
                .regex
                .as_ref()
                .ok_or_else(|| Error::new(format!("rule {id}: every [[rule.pattern]] needs a `regex`")))?;
            Ok(Pattern {
                regex: Compiled::new(one(regex), build_pattern),
                paths: pattern.paths.clone().map(PathGlobs::new),
                exclude_paths: pattern.exclude_paths.clone().map(PathGlobs::new),
                unless: pattern
                    .unless
                    .as_ref()
                    .map(|regex| Compiled::new(one(regex), build_regex)),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    if spec.examples.is_empty() || spec.counterexamples.is_empty() {
        return Err(Error::new(format!(
            "rule {id} needs both `examples` (text it must find) and `counterexamples` (text it must not)"
        )));
    }
    if spec.keywords.iter().any(|keyword| keyword.is_empty()) {
        return Err(Error::new(format!("rule {id} has an empty keyword")));
    }
    let severity = match spec.severity {
        SeveritySpec::Block => Severity::Block,
        SeveritySpec::Warn => Severity::Warn,
    };
    Ok(Rule {
        id,
        title: spec.title,
        description: spec.description,
        severity,
        default_severity: severity,
        keywords: spec.keywords,
        patterns,
        analyzer: spec.analyzer,
        entropy: spec.entropy,
        randomness: spec.randomness,
        allow: Compiled::new(spec.allow, build_regex_set),
        fallback: spec.fallback,
        generic: spec.generic,
        sensitive: spec.sensitive,
        remediation: trimmed(spec.remediation),
        docs: spec.docs,
        examples: spec.examples,
        counterexamples: spec.counterexamples,
        origin,
    })
}

/// The text without its leading and trailing blanks, still borrowed if it
/// was.
fn trimmed(text: Text) -> Text {
    match text {
        Text::Borrowed(text) => Text::Borrowed(text.trim()),
        Text::Owned(text) => Text::Owned(text.trim().to_string()),
    }
}

include!(concat!(env!("OUT_DIR"), "/packs.rs"));

/// The rules of every built-in pack, from the table `build.rs` wrote for
/// them: loading them parses and copies nothing. Faults name the pack and
/// the rule.
pub fn builtin() -> Result<Vec<Rule>> {
    let mut rules = Vec::new();
    for &(name, specs) in BUILTIN_PACKS {
        for spec in specs {
            let rule = rule(Text::Borrowed(name), spec.clone());
            rules.push(rule.map_err(|err| Error::new(format!("{name}: {err}")))?);
        }
    }
    Ok(rules)
}

/// A pack read from TOML, with positions, as `.keyward.toml` is: what
/// tests build rules from.
#[cfg(test)]
pub(crate) fn parse_toml(name: &str, text: &str) -> Result<Vec<Rule>> {
    #[derive(Deserialize)]
    struct Pack {
        rule: Vec<Spanned<RuleSpec>>,
    }
    let pack: Pack = toml::from_str(text)
        .map_err(|err| Error::at(name, text, err.span().map_or(0, |span| span.start), err.message()))?;
    build(name, text, pack.rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = r#"
[[rule]]
id = "acme.token"
title = "Acme token"
description = "d"
severity = "block"
keywords = ["acme_"]
regex = 'acme_(?P<secret>[a-z0-9]{8})'
remediation = "r"
docs = "https://example.org"
examples = ["acme_abcd1234"]
counterexamples = ["acme_short"]
"#;

    /// The code `build.rs` writes for the packs builds the rules serde
    /// reads from their TOML, field for field.
    #[test]
    fn built_in_packs_load_as_their_toml_reads() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
        let mut from_toml = Vec::new();
        for (name, _) in BUILTIN_PACKS {
            let text = std::fs::read_to_string(dir.join(name)).unwrap();
            from_toml.extend(parse_toml(name, &text).unwrap());
        }
        let built_in = builtin().unwrap();
        assert_eq!(built_in.len(), from_toml.len());
        assert!(built_in.len() > 300);
        for (built, read) in built_in.iter().zip(&from_toml) {
            assert_eq!(format!("{built:?}"), format!("{read:?}"), "rule {}", read.id);
        }
    }

    #[test]
    fn parses_a_minimal_rule() {
        let rules = parse_toml("test.toml", MINIMAL).unwrap();
        assert_eq!(rules[0].id, "acme.token");
        assert_eq!(rules[0].examples[0].path, DEFAULT_EXAMPLE_PATH);
    }

    #[test]
    fn a_rule_without_examples_does_not_load() {
        let text = MINIMAL.replace("examples = [\"acme_abcd1234\"]\n", "");
        let err = parse_toml("test.toml", &text).unwrap_err().to_string();
        assert!(
            err.starts_with("test.toml:2:1: rule acme.token needs both"),
            "{err}"
        );
    }

    #[test]
    fn unknown_keys_are_named_with_their_line() {
        let text = MINIMAL.replace("fallback", "x").replace("docs =", "doc =");
        let err = parse_toml("test.toml", &text).unwrap_err().to_string();
        assert!(err.starts_with("test.toml:"), "{err}");
        assert!(err.contains("doc"), "{err}");
    }
}
