//! `keyward:allow` on a line silences every finding on it;
//! `keyward:allow RULE-ID[, RULE-ID...]` only those rules. The marker works
//! in any comment syntax (`#`, `//`, `--`, `<!-- -->`, `/* */`), because
//! only the marker itself is looked for.

const MARKER: &str = "keyward:allow";

pub fn allows(line: &str, rule: &str) -> bool {
    line.match_indices(MARKER).any(|(at, _)| {
        let ids = rule_ids(&line[at + MARKER.len()..]);
        ids.is_empty() || ids.contains(&rule)
    })
}

/// The rule ids written right after the marker, if any.
fn rule_ids(rest: &str) -> Vec<&str> {
    rest.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|token| !token.is_empty())
        .take_while(|token| {
            token.starts_with(|c: char| c.is_ascii_lowercase())
                && token
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '_'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::allows;

    #[test]
    fn bare_marker_allows_every_rule() {
        assert!(allows("KEY = 'x'  # keyward:allow", "aws.access-key-id"));
        assert!(allows(
            "key: x <!-- keyward:allow -->",
            "generic.secret-assignment"
        ));
    }

    #[test]
    fn named_rules_allow_only_themselves() {
        let line = "x = 1 // keyward:allow aws.access-key-id, github.token";
        assert!(allows(line, "github.token"));
        assert!(!allows(line, "django.secret-key"));
    }

    #[test]
    fn no_marker_allows_nothing() {
        assert!(!allows(
            "SECRET_KEY = 'abc'  # keyward allow",
            "django.secret-key"
        ));
    }
}
