//! Is a variable, key or flag name a credential name? The credential word
//! must be a whole segment of the name: `DB_PASSWORD`, `apiKey` and
//! `client-secret` are, `PASSIVE_48V` and `compass` are not. A segment that
//! follows it and names something about the credential rather than the
//! credential itself (`PASSWORD_RESET_TIMEOUT`, `SECRET_FILE`,
//! `TOKEN_STRATEGY`) makes the name not one. Used by patterns that capture
//! a `(?P<name>...)` group.

use super::pieces::pieces;
use crate::finding::place::line_start;

/// Segments that are a credential on their own.
const WORDS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "passphrase",
    "secret",
    "token",
    "apikey",
    "apitoken",
    "authtoken",
    "accesstoken",
    "secretkey",
    "accesskey",
    "privatekey",
];

/// Credential words recognised at the end of a run-together environment
/// variable name (`PGPASSWORD`, `MYSQLPWD` is not: `pwd` is too short);
/// only in all-capitals names, since lowercase runs are words
/// (`jsonwebtoken`, `compass`).
const SUFFIXES: &[&str] = &["password", "passwd", "passphrase", "secret", "token", "apikey"];

/// `key` is a credential only after one of these (`api_key`, `accessKey`).
const KEY_QUALIFIERS: &[&str] = &[
    "api",
    "access",
    "auth",
    "private",
    "secret",
    "signing",
    "encryption",
    "master",
    "license",
];

/// Segments after the credential word that make the name about the
/// credential (its file, length, reset URL, hashing class), not the value.
const ABOUT: &[&str] = &[
    "file",
    "path",
    "dir",
    "url",
    "uri",
    "endpoint",
    "strategy",
    "class",
    "backend",
    "backends",
    "type",
    "name",
    "field",
    "length",
    "len",
    "min",
    "max",
    "timeout",
    "expiry",
    "expires",
    "expiration",
    "ttl",
    "lifetime",
    "age",
    "hasher",
    "hashers",
    "validator",
    "validators",
    "header",
    "prefix",
    "suffix",
    "id",
    "label",
    "placeholder",
    "hint",
    "policy",
    "reset",
    "regex",
    "pattern",
    "format",
    "env",
    "var",
    "count",
    "limit",
    "enabled",
    "required",
    "help",
    "text",
    "message",
    "error",
    "input",
    "form",
    "view",
    "template",
    "route",
    "link",
    "mode",
    "method",
    "provider",
    "manager",
    "service",
    "generator",
    "helper",
    "store",
    "storage",
    "cache",
    "location",
    "ref",
    "arn",
    "version",
    "scope",
    "scopes",
    "audience",
    "issuer",
    "title",
    "description",
    "tooltip",
    "button",
    "fail",
    "failed",
    "expired",
    "missing",
    "mismatch",
];

/// Segments just before the credential word that make the name an action
/// or a label about it (`reset_password`, `show_token`, `enter_password`).
const ACTIONS: &[&str] = &[
    "reset",
    "forgot",
    "forgotten",
    "change",
    "update",
    "verify",
    "validate",
    "confirm",
    "enter",
    "show",
    "hide",
    "toggle",
    "min",
    "max",
    "is",
    "has",
    "use",
    "require",
    "regenerate",
    "create",
    "revoke",
    "invalid",
    "no",
];

/// True when `name` holds a credential word as a whole segment and no
/// segment after it says the value is about the credential.
pub fn is_credential(name: &[u8]) -> bool {
    let shouted = !name.iter().any(u8::is_ascii_lowercase);
    let segments = segments(name);
    let hit = segments.iter().enumerate().find_map(|(i, segment)| {
        let word = WORDS.contains(&segment.as_str())
            || (shouted && SUFFIXES.iter().any(|suffix| segment.ends_with(suffix)))
            || (segment == "key" && i > 0 && KEY_QUALIFIERS.contains(&segments[i - 1].as_str()));
        word.then_some(i)
    });
    match hit {
        Some(i) => {
            let about = segments[i + 1..].iter().any(|s| ABOUT.contains(&s.as_str()));
            let action = i > 0 && ACTIONS.contains(&segments[i - 1].as_str());
            !about && !action
        }
        None => false,
    }
}

/// True when the name is one target of a tuple assignment
/// (`email, password = "a@b.c", "x"`): `before` is the line up to the name.
/// The value the pattern paired with it may be another target's, so the
/// match says nothing reliable.
pub fn in_tuple(before: &[u8]) -> bool {
    let trimmed = before.trim_ascii();
    trimmed.ends_with(b",")
        && trimmed
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b',' | b' ' | b'\t' | b'.' | b'*'))
}

/// True when the file also gives the value at `value` to a name that is
/// not a credential: `MYSQL_PASSWORD: shop_ng` beside `MYSQL_DATABASE:
/// shop_ng` or `DATABASE_USER=shop_ng` is a development default that
/// repeats a database's or a user's name, not a generated secret.
pub fn also_names_something(bytes: &[u8], value: std::ops::Range<usize>) -> bool {
    let text = &bytes[value.clone()];
    let word = |b: &u8| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.');
    memchr::memmem::find_iter(bytes, text)
        .filter(|&at| at != value.start)
        .filter(|&at| {
            let end = at + text.len();
            !bytes.get(end).is_some_and(word) && !bytes[..at].last().is_some_and(word)
        })
        .any(|at| assigned_to(line_before(bytes, at)).is_some_and(|name| !is_credential(name)))
}

/// A value given as a form field's `placeholder` (`placeholder: "gloas-..."`,
/// `placeholder="sk_live_..."`, `placeholder={'...'}`): the form shows
/// users what a token looks like; a real one is never put there.
pub fn shown_as_placeholder(bytes: &[u8], at: usize) -> bool {
    let mut before = line_before(bytes, at).trim_ascii_end();
    for marks in [&b"\"'`"[..], b"{", b"=:", b"\"'"] {
        if before.last().is_some_and(|b| marks.contains(b)) {
            before = before[..before.len() - 1].trim_ascii_end();
        }
    }
    before.len() >= 11 && before[before.len() - 11..].eq_ignore_ascii_case(b"placeholder")
}

/// The text of the line holding `at`, up to `at`.
pub fn line_before(bytes: &[u8], at: usize) -> &[u8] {
    &bytes[line_start(bytes, at)..at]
}

/// The name a line assigns its value to, when the line up to the value
/// is only that: `  KEY: `, `KEY=`, `export KEY=`, `- KEY=`, `"key": "`
/// (not `url: "scheme://user:` or `<input value="`, inside longer text).
fn assigned_to(before: &[u8]) -> Option<&[u8]> {
    let unquoted = |text: &[u8]| -> usize {
        let text = text.trim_ascii_end();
        text.strip_suffix(b"\"")
            .or_else(|| text.strip_suffix(b"'"))
            .unwrap_or(text)
            .trim_ascii_end()
            .len()
    };
    let before = &before[..unquoted(before)];
    let before = before.strip_suffix(b"=").or_else(|| before.strip_suffix(b":"))?;
    let before = &before[..unquoted(before)];
    let start = before
        .iter()
        .rposition(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.')))
        .map_or(0, |i| i + 1);
    let lead = before[..unquoted(&before[..start])].trim_ascii();
    let plain = lead.is_empty() || lead == b"-" || lead == b"export";
    (plain && start < before.len()).then(|| &before[start..])
}

/// Lowercase pieces of a name (`apiKeyV2` -> `api`, `key`, `v`, `2`;
/// `password1` -> `password`, `1`).
fn segments(name: &[u8]) -> Vec<String> {
    pieces(name)
        .into_iter()
        .map(|piece| String::from_utf8_lossy(piece).to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::{also_names_something, is_credential, shown_as_placeholder};

    #[test]
    fn a_form_fields_placeholder_shows_a_token_s_shape() {
        for line in [
            "  placeholder: \"TOKEN\",",
            "<input placeholder=\"TOKEN\">",
            "<Input placeholder={'TOKEN'} />",
            "\"placeholder\": \"TOKEN\"",
        ] {
            let at = line.find("TOKEN").unwrap();
            assert!(shown_as_placeholder(line.as_bytes(), at), "{line}");
        }
        let line = "token = \"TOKEN\"";
        assert!(!shown_as_placeholder(
            line.as_bytes(),
            line.find("TOKEN").unwrap()
        ));
    }

    #[test]
    fn a_value_that_also_names_a_database_or_user_is_a_name() {
        let compose = b"MYSQL_DATABASE: shop_ng\nMYSQL_PASSWORD: shop_ng\n";
        let value = 40..47;
        assert_eq!(&compose[value.clone()], b"shop_ng");
        assert!(also_names_something(compose, value));
        let env = b"DATABASE_USER=shop_ng\nDATABASE_PASSWORD='shop_ng'\n";
        assert!(also_names_something(env, 41..48));
        let twice = b"DB_PASSWORD=Kq9Zx2Lm\nBACKUP_PASSWORD=Kq9Zx2Lm\n";
        assert!(!also_names_something(twice, 12..20));
        let inside = b"URL: https://Kq9Zx2Lm.example\nTOKEN: Kq9Zx2Lm\n";
        assert!(!also_names_something(inside, 37..45));
        let url = b"PASSWORD: Kq9Zx2Lm\nDB_URL: postgres://pg:Kq9Zx2Lm@db/pg\n";
        assert!(!also_names_something(url, 10..18));
        let html = b"token = 'Kq9Zx2Lm'\n<input value=\"Kq9Zx2Lm\" name=\"csrf\">\n";
        assert!(!also_names_something(html, 9..17));
        let exported = b"export DB_USER=shop_ng\nexport DB_PASSWORD=shop_ng\n";
        assert!(also_names_something(exported, 42..49));
    }

    #[test]
    fn credential_words_as_whole_segments() {
        for name in [
            "password",
            "DB_PASSWORD",
            "dbPassword",
            "client-secret",
            "SECRET_KEY",
            "apiKey",
            "API_KEY",
            "aws.secret.access.key",
            "_authToken",
            "GITHUB_TOKEN",
            "MYSQL_ROOT_PASSWORD",
            "mail.smtp.pass",
            "HTTPToken",
            "secret_key_base",
            "PGPASSWORD",
            "password1",
            "oauth2_token",
        ] {
            assert!(is_credential(name.as_bytes()), "{name}");
        }
    }

    #[test]
    fn tuple_targets() {
        assert!(super::in_tuple(b"email, "));
        assert!(super::in_tuple(b"    user, email, "));
        assert!(!super::in_tuple(b"connect(user, "));
        assert!(!super::in_tuple(b"    "));
    }

    #[test]
    fn names_that_only_contain_a_word_or_describe_it() {
        for name in [
            "PASSIVE_48V_4PAIR",
            "compass",
            "bypass_cache",
            "tokenizer",
            "keyboard",
            "cache_key",
            "primary_key",
            "HEADLESS_TOKEN_STRATEGY",
            "KERNEL_SECRET_FILE",
            "PASSWORD_RESET_TIMEOUT",
            "AUTH_PASSWORD_VALIDATORS",
            "password_min_length",
            "token_url",
            "email",
            "io.jsonwebtoken",
            "reset_password",
            "profile_create_token",
            "csrf_token_fail",
        ] {
            assert!(!is_credential(name.as_bytes()), "{name}");
        }
    }
}
