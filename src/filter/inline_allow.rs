//! `keyward:allow` on a line silences every finding on it;
//! `keyward:allow RULE-ID[, RULE-ID...]` only those rules. The marker works
//! in any comment syntax (`#`, `//`, `--`, `<!-- -->`, `/* */`), because
//! only the marker itself is looked for.
//!
//! Other tools' markers say that someone already reviewed the line for the
//! same risk, so they count too: gitleaks' `gitleaks:allow` and
//! detect-secrets' `pragma: allowlist secret` silence secrets (not settings
//! findings); bandit's `nosec` (bare, or naming the check) and ruff's
//! `noqa: CODE` silence the code rules that match their checks.

const MARKER: &str = "keyward:allow";

/// The markers of secret scanners.
const SECRET_MARKERS: &[&str] = &["gitleaks:allow", "pragma: allowlist secret"];

/// Each code rule with the codes bandit (`B...`) and ruff's flake8-bandit
/// port (`S...`) give the same check.
const LINTER_CODES: &[(&str, &[&str])] = &[
    ("django.sql-interpolation", &["B608", "S608"]),
    (
        "python.pickle-load",
        &["B301", "S301", "B403", "S403", "B506", "S506"],
    ),
];

/// Whether `line` silences `rule`; `secret`: the finding is a secret.
pub fn allows(line: &str, rule: &str, secret: bool) -> bool {
    line.match_indices(MARKER).any(|(at, _)| {
        let ids = rule_ids(&line[at + MARKER.len()..]);
        ids.is_empty() || ids.contains(&rule)
    }) || (secret && SECRET_MARKERS.iter().any(|marker| line.contains(marker)))
        || linter_allows(line, rule)
}

/// `# nosec`, `# nosec B608`, `# noqa: S608`: bare `nosec` silences every
/// bandit check, `noqa` only the codes it names (a bare `noqa` is mostly
/// about style).
fn linter_allows(line: &str, rule: &str) -> bool {
    let Some((_, codes)) = LINTER_CODES.iter().find(|(id, _)| *id == rule) else {
        return false;
    };
    let named = |rest: &str| linter_codes(rest).iter().any(|code| codes.contains(code));
    line.match_indices("nosec").any(|(at, _)| {
        let rest = &line[at + "nosec".len()..];
        linter_codes(rest).is_empty() || named(rest)
    }) || line
        .match_indices("noqa")
        .any(|(at, _)| named(&line[at + "noqa".len()..]))
}

/// The check codes written after a linter's marker: `: S608, E501`, ` B608`.
fn linter_codes(rest: &str) -> Vec<&str> {
    rest.trim_start_matches(':')
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|token| !token.is_empty())
        .take_while(|token| {
            let letters = token.trim_end_matches(|c: char| c.is_ascii_digit());
            letters.len() < token.len()
                && !letters.is_empty()
                && letters.chars().all(|c| c.is_ascii_uppercase())
        })
        .collect()
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
        assert!(allows("KEY = 'x'  # keyward:allow", "aws.access-key-id", true));
        assert!(allows(
            "key: x <!-- keyward:allow -->",
            "generic.secret-assignment",
            true
        ));
    }

    #[test]
    fn named_rules_allow_only_themselves() {
        let line = "x = 1 // keyward:allow aws.access-key-id, github.token";
        assert!(allows(line, "github.token", true));
        assert!(!allows(line, "django.secret-key", true));
    }

    #[test]
    fn no_marker_allows_nothing() {
        assert!(!allows(
            "SECRET_KEY = 'abc'  # keyward allow",
            "django.secret-key",
            true
        ));
    }

    #[test]
    fn secret_scanners_markers_allow_secrets_only() {
        for line in [
            "token = 'ghp_x'  # gitleaks:allow",
            "token = 'ghp_x'  # pragma: allowlist secret",
        ] {
            assert!(allows(line, "github.token", true), "{line}");
            assert!(!allows(line, "django.debug", false), "{line}");
        }
    }

    #[test]
    fn linters_markers_allow_the_code_rules_of_their_checks() {
        let sql = "django.sql-interpolation";
        assert!(allows(
            "cursor.execute(f'DELETE FROM {t}')  # noqa: S608",
            sql,
            false
        ));
        assert!(allows("cursor.execute(q % t)  # noqa:E501,S608", sql, false));
        assert!(allows("cursor.execute(q % t)  # nosec", sql, false));
        assert!(allows("cursor.execute(q % t)  # nosec B608", sql, false));
        assert!(!allows("cursor.execute(q % t)  # nosec B301", sql, false));
        assert!(!allows("cursor.execute(q % t)  # noqa", sql, false));
        assert!(!allows("cursor.execute(q % t)  # noqa: E501", sql, false));
        assert!(allows(
            "pickle.loads(data)  # noqa: S301",
            "python.pickle-load",
            false
        ));
        assert!(!allows("KEY = 'x'  # nosec", "generic.secret-assignment", true));
    }
}
