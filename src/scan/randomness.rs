//! Does a captured value look like a generated secret rather than a word,
//! an identifier or a placeholder? Entropy alone is not enough: a long
//! camelCase identifier or a UUID scores as high as a key. Used by rules
//! that set `randomness = true` (the generic ones).

use super::entropy::shannon;
use super::pieces::pieces;
use super::shape;

/// Substrings that mark a value as a stand-in, whatever else it holds.
const PLACEHOLDERS: &[&str] = &[
    "example",
    "changeme",
    "change_me",
    "change-me",
    "placeholder",
    "dummy",
    "sample",
    "redacted",
    "replace",
    "insert",
    "your",
    "xxxx",
    "****",
    "....",
    // A value that names the credential is a label or key, not the secret.
    "password",
    "passwd",
    "secret",
    "token",
];

pub fn looks_random(value: &[u8]) -> bool {
    // Generated secrets are ASCII; accented or non-Latin text is a message.
    value.len() >= 8
        && value.is_ascii()
        && !is_placeholder(value)
        && !shape::names_something_else(value)
        && !has_unicode_escape(value)
        && !is_uuid(value)
        && !is_integrity_hash(value)
        && !has_long_run(value)
        && !counts_up(value)
        && mixes_classes(value)
        && !is_identifier(value)
        && shannon(value) >= entropy_floor(value.len())
}

/// Short values cannot reach high entropy: 8 distinct characters carry at
/// most 3 bits each.
fn entropy_floor(len: usize) -> f64 {
    ((len as f64).log2() * 0.75).min(3.0)
}

fn is_placeholder(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    PLACEHOLDERS
        .iter()
        .any(|word| lower.windows(word.len()).any(|window| window == word.as_bytes()))
}

/// `\u00e9`: text with escaped non-ASCII letters (JSON translations).
fn has_unicode_escape(value: &[u8]) -> bool {
    value
        .windows(6)
        .any(|w| w[0] == b'\\' && w[1] == b'u' && w[2..].iter().all(u8::is_ascii_hexdigit))
}

/// 8-4-4-4-12 hex digits: an identifier, not a secret.
fn is_uuid(value: &[u8]) -> bool {
    value.len() == 36
        && value.iter().enumerate().all(|(i, &byte)| match i {
            8 | 13 | 18 | 23 => byte == b'-',
            _ => byte.is_ascii_hexdigit(),
        })
}

/// Subresource-integrity and lock-file hashes (`sha512-...`).
fn is_integrity_hash(value: &[u8]) -> bool {
    [&b"sha1-"[..], b"sha256-", b"sha384-", b"sha512-", b"md5-"]
        .iter()
        .any(|prefix| value.starts_with(prefix))
}

/// Four or more of the same character in a row (`aaaa`, `0000`).
fn has_long_run(value: &[u8]) -> bool {
    value.windows(4).any(|w| w[1..].iter().all(|&b| b == w[0]))
}

/// Six characters in ascending order (`012345`, `abcdef`): a value typed by
/// counting (`0123456789abcdef0123...`), which a generator produces about
/// once in a million 40-character values.
fn counts_up(value: &[u8]) -> bool {
    value
        .windows(6)
        .any(|run| run.windows(2).all(|pair| pair[1] == pair[0].wrapping_add(1)))
}

/// Generated secrets mix letters with digits or both cases; a lowercase
/// word or an all-digit number does not.
fn mixes_classes(value: &[u8]) -> bool {
    let lower = value.iter().any(u8::is_ascii_lowercase);
    let upper = value.iter().any(u8::is_ascii_uppercase);
    let digit = value.iter().any(u8::is_ascii_digit);
    let symbol = value.iter().any(|b| !b.is_ascii_alphanumeric());
    [lower, upper, digit, symbol].iter().filter(|&&on| on).count() >= 2 && (lower || upper)
}

/// Words joined by separators or camelCase (`getUserAccessToken`,
/// `user_access_token`, `X-Session-Header`, `builder42`): at most two runs
/// of digits, and every piece a pronounceable word or a short acronym.
fn is_identifier(value: &[u8]) -> bool {
    // A number or two (`builder42`, `user_token_2024`) keeps an identifier
    // one; generated values scatter digits all over.
    let digit_runs = value
        .windows(2)
        .filter(|pair| pair[1].is_ascii_digit() && !pair[0].is_ascii_digit())
        .count()
        + usize::from(value[0].is_ascii_digit());
    if digit_runs > 2 {
        return false;
    }
    let words = words(value);
    let pronounceable = |word: &[u8]| word.len() >= 2 && word.iter().any(|b| b"aeiouyAEIOUY".contains(b));
    let acronym = |word: &[u8]| word.len() <= 5 && word.iter().all(u8::is_ascii_uppercase);
    // Acronyms (`X-`, `HTTP`) are allowed, as long as real words carry at
    // least half of the letters.
    let in_words: usize = words
        .iter()
        .filter(|word| pronounceable(word))
        .map(|word| word.len())
        .sum();
    let letters: usize = words.iter().map(|word| word.len()).sum();
    // Generated values split into many one-letter pieces (`Sa3uqBFax4RKdeyG`
    // -> `Sa`, `uq`, `B`, `Fax`, `R`, `Kdey`, `G`); names have at most one.
    // Their pieces are short, too: names average three letters or more.
    // One of them may be a word of its own (`a`, `I`).
    let single_letters = words.iter().filter(|word| word.len() == 1).count();
    words
        .iter()
        .all(|word| word.len() == 1 || pronounceable(word) || acronym(word))
        && in_words * 2 >= letters
        && single_letters <= 1
        && (words.len() <= 2 || letters >= 3 * words.len())
}

/// The letter pieces of a value (`HTTPServer` -> `HTTP`, `Server`).
fn words(value: &[u8]) -> Vec<&[u8]> {
    pieces(value)
        .into_iter()
        .filter(|piece| piece[0].is_ascii_alphabetic())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::looks_random;

    #[test]
    fn generated_keys_are_random() {
        for key in [
            "DQL05HA064GiIjHGb3CXlMaXZjljENUh",
            "JduRHHJEYXg4JdpmrcXgGCJb",
            "9f86d081884c7d659a2feaa0c55ad015",
            "q7Zt!k2@Lp9#",
            "ujz^de8gx@d6ncf10epf91d!ho%%@d",
            "Sa3uqBFax4RKdeyG",
            "myMVArt0MOku7PQoaW71",
            "XFCzjdolEdG9uuC8XD",
            "yd3EjtCiCah7Hfgy",
        ] {
            assert!(looks_random(key.as_bytes()), "{key}");
        }
    }

    #[test]
    fn identifiers_placeholders_and_hashes_are_not() {
        for value in [
            "getUserAccessToken",
            "user_access_token_value",
            "HTTPServerConfiguration",
            "X-Session-Token-Header",
            "builder42",
            "order_token_2024",
            "generate_a_long_random_string_here",
            "your-api-key-here",
            "changeme123",
            "xxxxxxxxxxxxxxxx",
            "********",
            "aaaa1111bbbb2222",
            "0123456789abcdef0123456789abcdef01234567",
            "Xq1abcdefZ9",
            "123e4567-e89b-12d3-a456-426614174000",
            "sha512-Kq5sNclPz7QV2+lfQIuv7mVcD1aM8e3xfhZWz3OkV8gcVHcgwHeN3DjWQUA8WcAZlVBoe8KEF08C4nM4n/fnqQ==",
            "password",
            "12345678901234",
            "short1A",
            "/srv/config/secrets/kernel_secret",
            "models/users/token.md",
            "app.adapter.DrfTokenStrategy",
            "https://auth.example.org/oauth2/token",
            "v2.14.3-rc1",
            "0042_auto_20200817_1134",
            "[:password]",
            "Nevažeći",
            "db-password",
            "ci-release-not-a-real-secret",
            "Tajn\\u00e9",
            "CSRFトークンが無効です。",
        ] {
            assert!(!looks_random(value.as_bytes()), "{value}");
        }
    }
}
