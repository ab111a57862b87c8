//! `keyward rules`: the rules, one line each (id, severity, title).

use std::io::{self, Write};

use crate::rules::Rule;

/// Writes one line per rule whose id starts with `prefix`, aligned on the
/// longest id of all, so that a filtered list lines up like the whole.
pub(crate) fn rules_table(out: &mut impl Write, rules: &[Rule], prefix: &str) -> io::Result<()> {
    let width = rules.iter().map(|rule| rule.id.len()).max().unwrap_or(0);
    for rule in rules.iter().filter(|rule| rule.id.starts_with(prefix)) {
        let severity = rule.severity.to_string();
        writeln!(out, "{:width$}  {severity:5}  {}", rule.id, rule.title)?;
    }
    Ok(())
}
