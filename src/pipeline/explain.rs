//! `keyward explain RULE-ID`: finds the rule among the configuration's
//! (custom rules, with the severity it gives each) or, for one it
//! disables, the built-in ones, and explains it.

use super::Setup;
use crate::error::{Error, Result};
use crate::report;
use crate::rules::RuleSet;

pub(crate) fn explain(setup: &Setup, id: &str) -> Result<String> {
    let configured = setup.load_here()?.rules;
    // A rule the configuration disables is still worth explaining.
    let builtin = RuleSet::builtin()?;
    let Some(rule) = configured.get(id).or_else(|| builtin.get(id)) else {
        let near = near_ids(&configured, id);
        let hint = match near.is_empty() {
            true => "run `keyward rules` to list them".to_string(),
            false => format!("did you mean {}?", near.join(", ")),
        };
        return Err(Error::new(format!("there is no rule `{id}`; {hint}")));
    };
    Ok(report::explain(rule))
}

/// Up to five ids that start with what was typed, or else share its
/// family (the part before the first dot).
fn near_ids<'a>(rules: &'a RuleSet, typed: &str) -> Vec<&'a str> {
    let ids = || rules.rules.iter().map(|rule| &*rule.id);
    let family = format!("{}.", typed.split('.').next().unwrap_or_default());
    let mut near: Vec<&str> = ids().filter(|id| id.starts_with(typed)).collect();
    if near.is_empty() {
        near = ids().filter(|id| id.starts_with(&family)).collect();
    }
    // Closest spelling first.
    near.sort_by_key(|id| strsim::levenshtein(id, typed));
    near.truncate(5);
    near
}
