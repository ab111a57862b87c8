//! Turns a configuration into what a scan runs: the built-in rules less the
//! disabled ones, re-graded, plus the custom rules (each proven by its
//! examples), and the compiled allowlists. Every fault names its place in
//! the file.

use std::collections::BTreeMap;

use globset::{Glob, GlobSetBuilder};
use toml::Spanned;

use super::{AllowSpec, Config};
use crate::error::{Error, Result};
use crate::filter::{Allowlist, Allowlists};
use crate::rules::{self, pack, regex_message, RuleSet};
use crate::selftest;
use crate::source::RelativePath;

/// The rules and allowlists a configuration asks for.
pub struct Applied {
    pub rules: RuleSet,
    pub allowlists: Allowlists,
}

/// The built-in rules with `config` applied (none: the built-in rules as
/// they are). Takes the custom rule tables out of `config`. The
/// configuration file itself is never reported: it holds its rules'
/// examples.
pub fn apply(config: Option<&mut Config>) -> Result<Applied> {
    let mut rules = RuleSet::builtin()?;
    let Some(config) = config else {
        return Ok(Applied {
            rules,
            allowlists: Allowlists::default(),
        });
    };
    for id in &config.spec.disable {
        if rules.get(id.get_ref()).is_none() {
            return Err(no_such_rule(config, id));
        }
    }
    rules
        .rules
        .retain(|rule| !config.spec.disable.iter().any(|id| id.get_ref() == &rule.id));
    add_custom_rules(config, &mut rules)?;
    for (id, severity) in &config.spec.severity {
        match rules.rules.iter_mut().find(|rule| &rule.id == id.get_ref()) {
            Some(rule) => rule.severity = *severity,
            None => return Err(inactive_rule(config, id)),
        }
    }
    let allow = &config.spec.allow;
    let mut per_rule = BTreeMap::new();
    for (id, list) in &allow.rules {
        if rules.get(id.get_ref()).is_none() {
            return Err(inactive_rule(config, id));
        }
        if !list.get_ref().rules.is_empty() {
            return Err(config.fault(
                list.span(),
                format!("[allow.rules.\"{}\"] cannot hold its own `rules`; list every rule's allowlist directly under [allow.rules]", id.get_ref()),
            ));
        }
        per_rule.insert(id.get_ref().clone(), allowlist(config, list.get_ref(), None)?);
    }
    let global = allowlist(config, allow, Some(&config.name))?;
    Ok(Applied {
        allowlists: Allowlists {
            global,
            rules: per_rule,
        },
        rules,
    })
}

fn no_such_rule(config: &Config, id: &Spanned<String>) -> Error {
    config.fault(
        id.span(),
        format!(
            "there is no rule `{}`; write one of the ids `keyward rules` lists",
            id.get_ref()
        ),
    )
}

/// A rule named after `disable` took it out: say so, not that it is unknown.
fn inactive_rule(config: &Config, id: &Spanned<String>) -> Error {
    match config
        .spec
        .disable
        .iter()
        .any(|off| off.get_ref() == id.get_ref())
    {
        true => config.fault(
            id.span(),
            format!(
                "rule `{}` is disabled in this file; drop this entry, or take the rule out of `disable`",
                id.get_ref()
            ),
        ),
        false => no_such_rule(config, id),
    }
}

/// Parses the `[[rule]]` tables, compiles them and runs their examples.
fn add_custom_rules(config: &mut Config, rules: &mut RuleSet) -> Result<()> {
    let specs = std::mem::take(&mut config.spec.rule);
    let spans: Vec<_> = specs.iter().map(Spanned::span).collect();
    let custom = pack::build(&config.name, config.text(), specs)?;
    let mut places = BTreeMap::new();
    for (rule, span) in custom.into_iter().zip(spans) {
        if rules.get(&rule.id).is_some() {
            return Err(config.fault(
                span,
                format!(
                    "rule id {} is already taken; pick another id, or disable the built-in rule and define it here",
                    rule.id
                ),
            ));
        }
        rule.check().map_err(|err| {
            config.fault(
                span.clone(),
                format!("{err}; fix the regex (https://docs.rs/regex/latest/regex/#syntax)"),
            )
        })?;
        places.insert(rule.id.clone(), span);
        rules.rules.push(rule);
    }
    let failures = selftest::check_some(rules, |rule| places.contains_key(&rule.id));
    if let Some((failure, span)) = failures
        .into_iter()
        .find_map(|failure| places.get(&*failure.rule).map(|span| (failure, span.clone())))
    {
        return Err(config.fault(
            span,
            format!("{failure}; fix the regex, or move the text to the other list"),
        ));
    }
    Ok(())
}

/// Compiles one allowlist; `also` is a path it allows besides its own.
fn allowlist(config: &Config, spec: &AllowSpec, also: Option<&str>) -> Result<Allowlist> {
    let mut paths = GlobSetBuilder::new();
    if let Some(path) = also {
        let glob = Glob::new(&globset::escape(&RelativePath::new(path).into_string()))
            .map_err(|err| Error::new(format!("{path}: cannot allow its own path: {err}")))?;
        paths.add(glob);
    }
    for glob in &spec.paths {
        let compiled = rules::glob(glob.get_ref()).map_err(|err| {
            config.fault(
                glob.span(),
                format!(
                    "invalid path glob: {}; write a glob such as \"tests/fixtures/**\"",
                    err.kind()
                ),
            )
        })?;
        paths.add(compiled);
    }
    let sources: Vec<String> = spec.regexes.iter().map(|regex| regex.get_ref().clone()).collect();
    // Compiled once, as a set; only when that fails is each compiled alone,
    // to name the line of the one at fault.
    let regexes = (!sources.is_empty())
        .then(|| rules::regex_set(&sources))
        .transpose()
        .map_err(|set_err| {
            spec.regexes
                .iter()
                .find_map(|regex| {
                    let err = rules::regex(regex.get_ref()).err()?;
                    Some(config.fault(
                        regex.span(),
                        format!(
                            "invalid regex: {}; write a regex over the secret, e.g. '^AKIA[A-Z0-9]+EXAMPLE$'",
                            regex_message(&err)
                        ),
                    ))
                })
                .unwrap_or_else(|| {
                    Error::new(format!(
                        "{}: invalid regexes: {}",
                        config.name,
                        regex_message(&set_err)
                    ))
                })
        })?;
    Ok(Allowlist {
        paths: paths
            .build()
            .map_err(|err| Error::new(format!("{}: invalid path globs: {err}", config.name)))?,
        regexes,
        stopwords: spec.stopwords.iter().map(|word| word.to_lowercase()).collect(),
        fingerprints: spec.fingerprints.iter().cloned().collect(),
    })
}
