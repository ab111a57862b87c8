//! Values whose shape says they name something other than a secret: a file
//! path, a dotted import path or translation key, a URL without
//! credentials, a version, a migration name, a reference to a variable,
//! an expression, a regex or a format string, a cryptographic algorithm's
//! name, a value encrypted for the repository. A generated secret has none
//! of these shapes.

pub fn names_something_else(value: &[u8]) -> bool {
    is_path(value)
        || is_dotted_name(value)
        || is_plain_url(value)
        || is_version(value)
        || is_migration(value)
        || is_reference(value)
        || is_pattern(value)
        || is_algorithm(value)
        || is_encrypted(value)
}

/// Values encrypted so that they can be committed: EJSON's `EJ[1:...]`,
/// SOPS's `ENC[AES256_GCM,...]`, Ansible Vault's `$ANSIBLE_VAULT;...`. Only
/// the holder of the private key reads them.
fn is_encrypted(value: &[u8]) -> bool {
    [&b"EJ[1:"[..], b"ENC[AES256_GCM,", b"$ANSIBLE_VAULT;"]
        .iter()
        .any(|prefix| value.starts_with(prefix))
}

/// The families of hash, key-derivation, signing and cipher algorithms, as
/// libraries name them in settings (`pbkdf2_sha512`, `sha512_crypt`,
/// `argon2id`, `HS256`, `aes-256-gcm`, `chacha20-poly1305`).
const ALGORITHM_PARTS: &[&str] = &[
    "sha", "md", "pbkdf", "hmac", "bcrypt", "scrypt", "crypt", "argon", "id", "blake", "aes", "des", "rsa",
    "ecdsa", "eddsa", "ed", "hs", "rs", "es", "ps", "cbc", "gcm", "ctr", "chacha", "poly",
];

/// An algorithm's name: only letters from [`ALGORITHM_PARTS`], digits and
/// `_`/`-` between parts. A key-derivation setting names its hash so
/// (Flask-Security's `SECURITY_PASSWORD_HASH = "pbkdf2_sha512"`).
fn is_algorithm(value: &[u8]) -> bool {
    let lower = value.to_ascii_lowercase();
    let mut letters = lower
        .split(|b| !b.is_ascii_lowercase())
        .filter(|run| !run.is_empty())
        .peekable();
    letters.peek().is_some()
        && letters.all(|run| ALGORITHM_PARTS.iter().any(|part| part.as_bytes() == run))
        && lower
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-'))
}

/// A regex or format-string literal: `(?:...)`, `[^...]`, `\d+`, `%s`.
fn is_pattern(value: &[u8]) -> bool {
    [&b"(?"[..], b"[^", b"\\d", b"\\w", b"\\s", b"%s", b"%d"]
        .iter()
        .any(|marker| value.windows(marker.len()).any(|w| w == *marker))
}

/// `/srv/app/secret`, `./keys/dev.pem`, `C:\keys\a.pfx`, `docs/token.md`:
/// rooted, or slashed and ending in a file extension.
fn is_path(value: &[u8]) -> bool {
    let rooted = [&b"/"[..], b"./", b"../", b"~/"]
        .iter()
        .any(|p| value.starts_with(p))
        && value.iter().filter(|&&b| b == b'/').count() >= 2
        && !value.iter().any(|&b| matches!(b, b'+' | b'='));
    let drive = value.len() > 3 && value[0].is_ascii_alphabetic() && &value[1..3] == b":\\";
    let slashed = value.iter().any(|&b| b == b'/' || b == b'\\') && has_extension(value);
    rooted || drive || slashed
}

fn has_extension(value: &[u8]) -> bool {
    match value.iter().rposition(|&b| b == b'.') {
        Some(dot) => {
            let ext = &value[dot + 1..];
            (1..=5).contains(&ext.len()) && ext.iter().all(u8::is_ascii_alphanumeric)
        }
        None => false,
    }
}

/// `app.adapters.DrfTokenStrategy`, `auth.password.reset_subject`,
/// `process.env.TOKEN`: identifiers joined by dots (a JWT's parts are
/// base64 and start `eyJ`).
fn is_dotted_name(value: &[u8]) -> bool {
    let parts: Vec<&[u8]> = value.split(|&b| b == b'.' || b == b':').collect();
    parts.len() >= 2
        && !value.starts_with(b"eyJ")
        && parts.iter().all(|part| {
            part.first()
                .is_some_and(|b| b.is_ascii_alphabetic() || *b == b'_')
                && part.len() <= 40
                && part
                    .iter()
                    .all(|b| b.is_ascii_alphanumeric() || *b == b'_' || *b == b'-')
        })
}

/// `https://host/path` with no `user:password@`.
fn is_plain_url(value: &[u8]) -> bool {
    let Some(at) = value.windows(3).position(|w| w == b"://") else {
        return false;
    };
    let authority = value[at + 3..].split(|&b| b == b'/').next().unwrap_or_default();
    value[..at]
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'.' | b'-'))
        && !authority.contains(&b'@')
}

/// `1.2.3`, `v2.14.3-rc1`.
fn is_version(value: &[u8]) -> bool {
    let digits = value.strip_prefix(b"v").unwrap_or(value);
    let core = digits
        .iter()
        .position(|b| !(b.is_ascii_digit() || *b == b'.'))
        .map_or(digits, |end| &digits[..end]);
    core.contains(&b'.') && core.first().is_some_and(u8::is_ascii_digit) && core.len() * 2 >= digits.len()
}

/// Django and Rails migration names: `0042_auto_20200817_1134`.
fn is_migration(value: &[u8]) -> bool {
    value.len() > 5
        && value[..4].iter().all(u8::is_ascii_digit)
        && value[4] == b'_'
        && value.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'_')
}

/// A stand-in for a value rather than one: `[:password]`, `<password>`,
/// `{password}`, `%DB_PASS%`, `${X}`, `#{x}`, `$(cat file)`, `@Value`,
/// `getToken()`, `env(DB_PASS)`.
fn is_reference(value: &[u8]) -> bool {
    let wrapped = |open: u8, close: u8| value.first() == Some(&open) && value.last() == Some(&close);
    wrapped(b'[', b']')
        || wrapped(b'<', b'>')
        || wrapped(b'{', b'}')
        || wrapped(b'%', b'%')
        || wrapped(b'(', b')')
        || value.starts_with(b"$")
        || value.starts_with(b"@")
        || [&b"${"[..], b"#{", b"{{", b"<%", b"%("]
            .iter()
            .any(|marker| value.windows(marker.len()).any(|w| w == *marker))
        || is_call(value)
}

/// `name(...)` or `a.b(...)`: an identifier followed by a bracket, whole
/// or cut at a blank (`strpart(a:input,`).
fn is_call(value: &[u8]) -> bool {
    match value.iter().position(|&b| b == b'(') {
        Some(open) if open >= 2 => value[..open]
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.')),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::names_something_else;

    #[test]
    fn shapes_that_are_not_secrets() {
        for value in [
            "/srv/config/secrets/kernel_secret",
            "./keys/dev.pem",
            "C:\\keys\\site.pfx",
            "models/users/token.md",
            "app.adapter.DrfTokenStrategy",
            "process.env.API_TOKEN",
            "auth:password.reset_subject",
            "https://auth.example.org/oauth2/token",
            "1.2.3",
            "v2.14.3-rc1",
            "0042_auto_20200817_1134",
            "[:password]",
            "<password>",
            "%DB_PASS%",
            "$(cat /run/secrets/db)",
            "@Value",
            "getToken()",
            "secrets.get(DB_PASS)",
            "strpart(a:input,",
            "(?:(?:(?:\\^[%s]?)?[^",
            "^[A-Za-z0-9]{32}\\d+$",
            "Bearer-%s-token",
            "pbkdf2_sha512",
            "sha512_crypt",
            "argon2id",
            "HS256",
            "aes-256-gcm",
            "EJ[1:Sx9qTnIr0bWmC5dVhK2yQ7uZ3fLp8aJ4oEe6gR1tYw0=:Nq7Zk2Wm9XrL4vTsPz7Kq2Wm:Hf3Lx8Qz]",
            "ENC[AES256_GCM,data:Tz4Kq9Xm2WtL6vPs,iv:Rq3Zk8Xm5WtL2vPs,type:str]",
        ] {
            assert!(names_something_else(value.as_bytes()), "{value}");
        }
    }

    #[test]
    fn generated_secrets_have_no_such_shape() {
        for value in [
            "DQL05HA064GiIjHGb3CXlMaXZjljENUh",
            "q7Zt!k2@Lp9#",
            "/k3Jd9+sLq0vX2mZ/aPq8Rt==",
            "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.c2lnbmF0dXJlMTIz",
            "9Zx81.Lmq9Wd",
            "7hX2kQ9mZ4",
        ] {
            assert!(!names_something_else(value.as_bytes()), "{value}");
        }
    }
}
