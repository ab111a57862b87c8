//! What a scan found: one rule matched at one place, with everything a
//! report needs to show it and a user needs to fix it.

pub(crate) mod outcome;
pub mod place;

pub(crate) use crate::source::history::provenance::Origin;

use std::fmt;

use git2::Oid;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// How a finding affects the exit code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported, but the commit goes through.
    Warn,
    /// Stops the commit (exit code 1).
    Block,
}

impl Severity {
    /// How reports name it to people and tools (SARIF levels, GitHub
    /// annotations): `error` blocks, `warning` does not.
    pub(crate) fn label(self) -> &'static str {
        match self {
            Severity::Block => "error",
            Severity::Warn => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warn => "warn",
            Severity::Block => "block",
        })
    }
}

#[derive(Clone, Debug)]
pub struct Finding {
    pub rule: String,
    pub title: String,
    pub severity: Severity,
    pub path: String,
    /// 1-based line of the start of the secret.
    pub line: u32,
    /// 1-based byte column of the start of the secret.
    pub column: u32,
    /// The whole line the secret starts on, unredacted.
    pub line_text: String,
    /// Byte range of the secret inside `line_text` (clipped to the line).
    pub secret_span: (usize, usize),
    /// The matched secret, unredacted. Reports go through [`Finding::shown_secret`].
    pub secret: String,
    /// False for settings rules whose match is not confidential (`True`, `'*'`).
    pub sensitive: bool,
    /// Reported by a generic rule (see `Rule::generic`).
    pub generic: bool,
    pub fingerprint: String,
    pub remediation: String,
    pub docs: String,
    /// Why the severity is what it is, when a filter changed it.
    pub note: Option<String>,
    /// Already in HEAD: old debt that a staged scan summarises rather than
    /// shows in full (unless it blocks, or `-v`).
    pub existing: bool,
    /// The git object the finding was read from, when it came from git.
    pub object: Option<Oid>,
    /// Where the finding entered history (history scans only).
    pub origin: Option<Origin>,
}

impl Finding {
    /// The secret as reports may print it.
    pub fn shown_secret(&self, show_secrets: bool) -> String {
        if show_secrets || !self.sensitive {
            self.secret.clone()
        } else {
            redact(&self.secret)
        }
    }

    /// The line with the secret replaced by what [`Finding::shown_secret`]
    /// prints, and the byte range it occupies there.
    pub fn shown_line(&self, show_secrets: bool) -> (String, (usize, usize)) {
        let (start, end) = self.secret_span;
        let shown = if show_secrets || !self.sensitive {
            self.line_text[start..end].to_string()
        } else {
            redact(&self.line_text[start..end])
        };
        let line = format!("{}{}{}", &self.line_text[..start], shown, &self.line_text[end..]);
        (line, (start, start + shown.len()))
    }
}

/// Keeps the first four characters of a secret and hides the rest.
pub fn redact(secret: &str) -> String {
    let kept: String = secret.chars().take(4).collect();
    format!("{kept}****")
}

/// A finding's identity across edits: the rule, the file and a hash of the
/// secret, but not the line, so it survives lines moving above it.
pub fn fingerprint(rule: &str, path: &str, secret: &[u8]) -> String {
    let digest = Sha256::digest(secret);
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("{rule}:{path}:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_keeps_four_characters() {
        assert_eq!(redact("django-insecure-abc"), "djan****");
        assert_eq!(redact("ab"), "ab****");
        assert_eq!(redact("ééééé"), "éééé****");
    }

    #[test]
    fn fingerprint_ignores_line_but_not_path() {
        let a = fingerprint("x.y", "a.py", b"secret");
        assert_eq!(a, fingerprint("x.y", "a.py", b"secret"));
        assert_ne!(a, fingerprint("x.y", "b.py", b"secret"));
        assert!(a.starts_with("x.y:a.py:"));
    }
}
