//! The syntax of every built-in pattern, read by `build.rs` with
//! [`super::syntax`]: a woken built-in pattern is looked up here, not
//! parsed (parsing was 3% of a hook). A user's pattern is parsed.

use super::required::Required;
use super::syntax::Syntax;

include!(concat!(env!("OUT_DIR"), "/known_syntax.rs"));

/// What `pattern`'s syntax tells the scanner.
pub fn syntax(pattern: &str) -> Syntax {
    match known(pattern) {
        Some((line_bound, clauses)) => Syntax {
            line_bound,
            required: Required::known(clauses),
        },
        None => Syntax::of(pattern),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_pattern_is_known_as_it_reads() {
        let rules = crate::rules::RuleSet::builtin().unwrap().rules;
        let mut checked = 0;
        for pattern in rules.iter().flat_map(|rule| &rule.patterns) {
            let source = pattern.regex.source();
            assert!(known(source).is_some(), "{source}");
            assert_eq!(syntax(source), Syntax::of(source), "{source}");
            checked += 1;
        }
        assert!(checked > 300, "{checked}");
        assert!(known("user(?P<secret>[0-9]+)").is_none());
    }
}
