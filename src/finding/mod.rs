//! What a scan found: one rule matched at one place, with everything a
//! report needs to show it and a user needs to fix it.

pub(crate) mod outcome;
pub mod place;
pub mod shown;

pub(crate) use crate::source::history::provenance::Origin;

use std::fmt;

use git2::Oid;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use shown::redact;

/// Text that is usually keyward's own: borrowed from the binary for the
/// built-in packs, owned for a user's rules. A rule's texts are cloned
/// into each of its findings, and cloning borrowed text copies nothing.
pub type Text = std::borrow::Cow<'static, str>;

/// A list of [`Text`]: a static slice for the built-in packs.
pub type Texts = std::borrow::Cow<'static, [Text]>;

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
    pub rule: Text,
    pub title: Text,
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
    /// Every secret-shaped byte range of `line_text`, this finding's and its
    /// neighbours' ([`shown::share_secrets`]): what a shown line hides.
    /// Shared by the findings of one line, sorted and merged.
    pub hidden: std::sync::Arc<[(usize, usize)]>,
    /// The matched secret, unredacted. Reports go through [`Finding::shown_secret`].
    pub secret: String,
    /// False for settings rules whose match is not confidential (`True`, `'*'`).
    pub sensitive: bool,
    /// Reported by a generic rule (see `Rule::generic`).
    pub generic: bool,
    pub fingerprint: String,
    pub remediation: Text,
    pub docs: Text,
    /// Why the severity is what it is, when a filter changed it.
    pub note: Option<String>,
    /// Already in HEAD: old debt that a staged scan summarises rather than
    /// shows in full (unless it blocks, or `-v`).
    pub existing: bool,
    /// The git object the finding was read from, when it came from git.
    pub object: Option<Oid>,
    /// Where the finding entered history (history scans only), shared by
    /// the findings of one blob.
    pub origin: Option<std::sync::Arc<Origin>>,
}

impl Finding {
    /// The secret as reports may print it.
    pub fn shown_secret(&self, show_secrets: bool) -> String {
        if show_secrets || !self.sensitive {
            shown::escape(&self.secret).into_owned()
        } else {
            redact(&self.secret)
        }
    }

    /// The line with every secret on it redacted (unless `show_secrets`)
    /// and control characters escaped, and the byte range this finding's
    /// match occupies there.
    pub fn shown_line(&self, show_secrets: bool) -> (String, (usize, usize)) {
        let mut hidden = self.hidden.to_vec();
        if self.sensitive {
            hidden.push(self.secret_span);
        }
        shown::line(&self.line_text, &hidden, self.secret_span, show_secrets)
    }

    /// The path as a terminal may print it.
    pub fn shown_path(&self) -> std::borrow::Cow<'_, str> {
        shown::escape(&self.path)
    }
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
    fn fingerprint_ignores_line_but_not_path() {
        let a = fingerprint("x.y", "a.py", b"secret");
        assert_eq!(a, fingerprint("x.y", "a.py", b"secret"));
        assert_ne!(a, fingerprint("x.y", "b.py", b"secret"));
        assert!(a.starts_with("x.y:a.py:"));
    }
}
