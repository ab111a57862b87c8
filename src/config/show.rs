//! `keyward config --show`: the configuration a scan would run with, as
//! TOML that could be pasted back into `.keyward.toml` (custom rules are
//! listed by id in a comment; their tables stay in the file).

use toml::{Table, Value};

use super::{AllowSpec, Config};
use crate::rules::RuleSet;

/// What the effective configuration is made of besides the file itself.
pub struct Effective<'a> {
    pub config: Option<&'a Config>,
    pub rules: &'a RuleSet,
    pub max_file_size: u64,
    pub baseline: Option<String>,
}

pub fn show(effective: &Effective<'_>) -> String {
    let mut table = Table::new();
    table.insert(
        "max-file-size".into(),
        Value::Integer(effective.max_file_size as i64),
    );
    if let Some(baseline) = &effective.baseline {
        table.insert("baseline".into(), Value::String(baseline.clone()));
    }
    let spec = effective.config.map(|config| &config.spec);
    let disabled = spec
        .map(|spec| {
            spec.disable
                .iter()
                .map(|id| Value::String(id.get_ref().clone()))
                .collect()
        })
        .unwrap_or_default();
    table.insert("disable".into(), Value::Array(disabled));
    let severity = effective
        .rules
        .rules
        .iter()
        .map(|rule| (rule.id.to_string(), Value::String(rule.severity.to_string())))
        .collect();
    table.insert("severity".into(), Value::Table(severity));
    let mut allow = spec.map(|spec| allow_table(&spec.allow)).unwrap_or_default();
    if let Some(spec) = spec.filter(|spec| !spec.allow.rules.is_empty()) {
        let rules = spec
            .allow
            .rules
            .iter()
            .map(|(id, list)| (id.get_ref().clone(), Value::Table(allow_table(list.get_ref()))))
            .collect();
        allow.insert("rules".into(), Value::Table(rules));
    }
    table.insert("allow".into(), Value::Table(allow));

    let source = match effective.config {
        Some(config) => format!("# The effective configuration, from {}.\n", config.name),
        None => "# The effective configuration: keyward's defaults (no .keyward.toml found).\n".into(),
    };
    let custom: Vec<&str> = effective
        .rules
        .rules
        .iter()
        .filter(|rule| effective.config.is_some_and(|config| rule.origin == config.name))
        .map(|rule| &*rule.id)
        .collect();
    let custom = match custom.is_empty() {
        true => String::new(),
        false => format!("\n# Custom rules, defined in the file: {}\n", custom.join(", ")),
    };
    format!(
        "{source}\n{}{custom}",
        toml::to_string(&table).expect("a table serializes")
    )
}

fn allow_table(spec: &AllowSpec) -> Table {
    let strings = |values: Vec<String>| Value::Array(values.into_iter().map(Value::String).collect());
    let mut table = Table::new();
    table.insert(
        "paths".into(),
        strings(spec.paths.iter().map(|glob| glob.get_ref().clone()).collect()),
    );
    table.insert(
        "regexes".into(),
        strings(spec.regexes.iter().map(|regex| regex.get_ref().clone()).collect()),
    );
    table.insert("stopwords".into(), strings(spec.stopwords.clone()));
    table.insert("fingerprints".into(), strings(spec.fingerprints.clone()));
    table
}
