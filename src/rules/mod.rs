//! The rule model. Rules are data: built-in packs live as TOML in
//! `patterns/` ([`builtin`]), parsed by [`pack`]. Regexes and globs are
//! compiled on first use, so a scan pays only for the rules its bytes wake.

pub mod builtin;
mod globs;
pub(crate) mod id;
pub mod pack;

use std::borrow::Cow;
use std::sync::OnceLock;

use globset::{Glob, GlobBuilder};
use regex::bytes::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use regex_automata::meta;

pub use self::globs::PathGlobs;
use crate::error::{Error, Result};
use crate::finding::place::Place;
pub use crate::finding::Severity;
use crate::finding::{fingerprint, Finding, Text, Texts};

/// One detector: what to look for, where, and what to tell the user.
#[derive(Debug)]
pub struct Rule {
    pub id: Text,
    pub title: Text,
    /// What the rule catches and why it matters.
    pub description: Text,
    /// The grade in force: the pack's, or the configuration's.
    pub severity: Severity,
    /// The pack's own grade, before any configuration.
    pub default_severity: Severity,
    /// Secrets matching any of these are not findings (placeholders, examples).
    pub allow: Compiled<RegexSet>,
    /// Reported only where no other rule matched the same secret.
    pub fallback: bool,
    /// A guess from a name or shape, not a provider's token format, or a
    /// risky call that matters only in code that serves production: it
    /// warns in tests, docs, examples and CI test jobs, and is dropped in
    /// generated files.
    pub generic: bool,
    /// Minimum Shannon entropy (bits per character) of the secret.
    pub entropy: Option<f64>,
    /// Whether the secret must also look generated (see `scan::randomness`).
    pub randomness: bool,
    /// Whether the match is confidential and must be redacted.
    pub sensitive: bool,
    pub patterns: Vec<Pattern>,
    pub examples: Examples,
    pub counterexamples: Examples,
    /// Words that must appear in a blob for the rule to run (any case).
    /// A rule without keywords runs on every blob.
    pub keywords: Texts,
    /// The analyser that reports this rule (`django-settings`), for rules
    /// that need to understand files rather than match them. Its patterns,
    /// if any, cover the files the analyser does not read.
    pub analyzer: Option<Text>,
    pub remediation: Text,
    pub docs: Text,
    /// The pack the rule came from, for messages.
    pub origin: Text,
}

/// One regex of a rule and the paths it applies to.
#[derive(Debug)]
pub struct Pattern {
    pub regex: Compiled<PatternRegex>,
    pub paths: Option<PathGlobs>,
    pub exclude_paths: Option<PathGlobs>,
    /// A regex that, found anywhere in the blob, switches the pattern off.
    pub unless: Option<Compiled<Regex>>,
}

impl Pattern {
    pub fn applies_to(&self, path: &str) -> bool {
        let included = self.paths.as_ref().is_none_or(|set| set.is_match(path));
        included && !self.exclude_paths.as_ref().is_some_and(|set| set.is_match(path))
    }
}

/// A text sample for a rule's self-test, with the path it is scanned as.
#[derive(Debug, Clone)]
pub struct Example {
    pub path: Text,
    pub text: Text,
    /// Other files of the example's project: (path, text).
    pub beside: Cow<'static, [(Text, Text)]>,
}

/// A rule's examples or counterexamples: a static slice for the built-in
/// packs.
pub type Examples = Cow<'static, [Example]>;

/// Something compiled from source text on first use.
pub struct Compiled<T> {
    source: Texts,
    build: fn(&[Text]) -> Result<T>,
    value: OnceLock<T>,
}

impl<T> Compiled<T> {
    fn new(source: Texts, build: fn(&[Text]) -> Result<T>) -> Self {
        Compiled {
            source,
            build,
            value: OnceLock::new(),
        }
    }

    /// Compiles now, reporting what is wrong; [`Compiled::get`] after a
    /// successful check cannot fail.
    pub fn check(&self) -> Result<()> {
        if self.value.get().is_none() {
            let value = (self.build)(&self.source)?;
            let _ = self.value.set(value);
        }
        Ok(())
    }

    /// Whether it has been compiled.
    pub fn is_built(&self) -> bool {
        self.value.get().is_some()
    }

    /// The compiled value. Built-in rules are checked by the test suite and
    /// user rules when they load, so a failure here is a bug in keyward.
    pub fn get(&self) -> &T {
        self.value.get_or_init(|| checked((self.build)(&self.source)))
    }
}

/// What compiling a checked rule gave: failing is a bug in keyward.
fn checked<T>(built: Result<T>) -> T {
    built.unwrap_or_else(|err| panic!("a rule that passed its checks failed to compile: {err}"))
}

impl Compiled<PatternRegex> {
    /// The pattern it compiles.
    pub fn source(&self) -> &str {
        &self.source[0]
    }

    /// The pattern built again with the regex crate's literal prefilters,
    /// for a scan of many blobs: there the build is paid once, and a blob
    /// can be megabytes of minified code on one line (netbox's history:
    /// 32 to 14 s).
    pub fn with_prefilters(&self) -> PatternRegex {
        checked(regex_for_patterns(self.source(), true))
    }
}

impl Compiled<RegexSet> {
    /// Whether `secret` matches one of the regexes; a rule without any
    /// builds no set.
    pub fn is_match(&self, secret: &[u8]) -> bool {
        !self.source.is_empty() && self.get().is_match(secret)
    }
}

impl<T> std::fmt::Debug for Compiled<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.source.iter()).finish()
    }
}

/// The one regex flavour, for rules and allowlists alike: classes such as
/// `\w`, `\s` and `\b` are ASCII, because secrets are ASCII and Unicode
/// classes make each woken regex cost milliseconds to compile.
pub(crate) fn regex(pattern: &str) -> Result<Regex, regex::Error> {
    RegexBuilder::new(pattern)
        .unicode(false)
        .size_limit(1 << 24)
        .build()
}

/// [`regex`]'s flavour, for a set matched all at once.
pub(crate) fn regex_set<S: AsRef<str>>(patterns: &[S]) -> Result<RegexSet, regex::Error> {
    RegexSetBuilder::new(patterns).unicode(false).build()
}

/// A path glob: `*` stays inside one folder, `**` crosses them.
pub(crate) fn glob(pattern: &str) -> Result<Glob, globset::Error> {
    GlobBuilder::new(pattern).literal_separator(true).build()
}

fn build_regex(source: &[Text]) -> Result<Regex> {
    regex(&source[0]).map_err(|err| Error::new(format!("invalid regex: {}", regex_message(&err))))
}

/// A pattern's regex: [`regex`]'s flavour, built without the literal
/// prefilters the regex crate adds for long haystacks. A pattern reads the
/// lines around its keywords (or a blob they woke), where a prefilter saves
/// little, and building one was most of a build: 250 µs of a hook for the
/// generic assignment pattern, 75 µs without. History builds its own with
/// them ([`Compiled::with_prefilters`]).
pub type PatternRegex = meta::Regex;

fn build_pattern(source: &[Text]) -> Result<PatternRegex> {
    pattern_regex(&source[0])
}

/// [`PatternRegex`] for `pattern`; a fault gets the regex crate's message,
/// the one users know.
pub(crate) fn pattern_regex(pattern: &str) -> Result<PatternRegex> {
    regex_for_patterns(pattern, false)
}

fn regex_for_patterns(pattern: &str, prefilters: bool) -> Result<PatternRegex> {
    meta::Builder::new()
        .configure(
            meta::Config::new()
                .auto_prefilter(prefilters)
                .utf8_empty(false)
                .nfa_size_limit(Some(1 << 24))
                .hybrid_cache_capacity(2 << 20),
        )
        .syntax(
            regex_automata::util::syntax::Config::new()
                .unicode(false)
                .utf8(false),
        )
        .build(pattern)
        .map_err(|err| match regex(pattern) {
            Err(err) => Error::new(format!("invalid regex: {}", regex_message(&err))),
            Ok(_) => Error::new(format!("invalid regex: {err}")),
        })
}

/// The regex crate's syntax errors span several lines (the pattern, a
/// caret, the reason); messages here are one line, so keep the reason.
pub fn regex_message(err: &regex::Error) -> String {
    let text = err.to_string();
    let reason = text
        .lines()
        .rev()
        .find(|line| !line.trim().is_empty())
        .unwrap_or_default();
    reason.trim().trim_start_matches("error: ").to_string()
}

fn build_regex_set(source: &[Text]) -> Result<RegexSet> {
    regex_set(source).map_err(|err| Error::new(format!("invalid allow regex: {}", regex_message(&err))))
}

impl Rule {
    /// A finding of this rule at `place` in `path`, with the rule's
    /// severity, text and links; `secret` is what the caret points at.
    /// The grade of a finding an analyser judged `judged` in its context.
    /// Where the context leaves the rule's own grade (a production module),
    /// the configuration's grade holds, raised or lowered; where the context
    /// lowered it (development settings), configuration can only lower it more.
    pub fn graded(&self, judged: Severity) -> Severity {
        if judged == self.default_severity {
            self.severity
        } else {
            judged.min(self.severity)
        }
    }

    pub fn finding(&self, path: &str, place: Place, secret: &[u8]) -> Finding {
        Finding {
            rule: self.id.clone(),
            title: self.title.clone(),
            severity: self.severity,
            path: path.to_string(),
            line: place.line,
            column: place.column,
            line_text: place.text,
            secret_span: place.span,
            hidden: Default::default(),
            secret: String::from_utf8_lossy(secret).into_owned(),
            sensitive: self.sensitive,
            generic: self.generic,
            fingerprint: fingerprint(&self.id, path, secret),
            remediation: self.remediation.clone(),
            docs: self.docs.clone(),
            note: None,
            existing: false,
            object: None,
            origin: None,
        }
    }

    /// Compiles every regex and glob, so that a broken rule is reported
    /// now, with its id, rather than during a scan.
    pub fn check(&self) -> Result<()> {
        let fault = |err: Error| Error::Rule {
            id: self.id.to_string(),
            origin: self.origin.to_string(),
            source: Box::new(err),
        };
        self.allow.check().map_err(fault)?;
        for pattern in &self.patterns {
            pattern.regex.check().map_err(fault)?;
            if let Some(unless) = &pattern.unless {
                unless.check().map_err(fault)?;
            }
            for globs in [&pattern.paths, &pattern.exclude_paths].into_iter().flatten() {
                globs.check().map_err(fault)?;
            }
        }
        Ok(())
    }
}

/// Every rule a scan runs, in a fixed order.
#[derive(Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<Rule>,
}

impl RuleSet {
    /// The rules shipped inside the binary.
    pub fn builtin() -> Result<RuleSet> {
        let set = RuleSet {
            rules: pack::builtin()?,
        };
        set.check_unique_ids()?;
        Ok(set)
    }

    /// Keeps the rules whose id starts with one of `prefixes`; selecting
    /// nothing is an error, because a scan without rules proves nothing.
    pub fn retain_prefixes(&mut self, prefixes: &[String]) -> Result<()> {
        self.rules
            .retain(|rule| prefixes.iter().any(|prefix| rule.id.starts_with(prefix.as_str())));
        match self.rules.is_empty() {
            true => Err(Error::new(format!(
                "--rules {} selects no rule; `keyward rules` lists them",
                prefixes.join(",")
            ))),
            false => Ok(()),
        }
    }

    pub fn get(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|rule| rule.id == id)
    }

    fn check_unique_ids(&self) -> Result<()> {
        let mut ids: Vec<&str> = self.rules.iter().map(|rule| &*rule.id).collect();
        ids.sort_unstable();
        match ids.windows(2).find(|pair| pair[0] == pair[1]) {
            Some(pair) => Err(Error::new(format!("rule id {} is defined twice", pair[0]))),
            None => Ok(()),
        }
    }
}
