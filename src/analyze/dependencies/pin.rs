//! An exact version pin, wherever it was read, and the PEP 508 reading
//! that requirement lines and `pyproject.toml` share.

use std::ops::Range;
use std::str::FromStr;

use pep508_rs::pep440_rs::{Operator, Version};
use pep508_rs::{PackageName, Requirement, VersionOrUrl};

/// One package pinned to one version.
#[derive(Debug, Clone)]
pub(crate) struct Pin {
    /// As the file writes it (`Django`), for messages.
    pub(crate) name: String,
    /// PEP 503 normalised (`django`), as advisories name it.
    pub(crate) package: String,
    pub(crate) version: Version,
    /// Byte range of the version in the file, where the caret points.
    pub(crate) range: Range<usize>,
}

impl Pin {
    /// A pin of `name` to `version` (as locked, no operator); `None` when
    /// either is not a valid name or PEP 440 version.
    pub(crate) fn new(name: &str, version: &str, range: Range<usize>) -> Option<Pin> {
        Some(Pin {
            name: name.to_string(),
            package: PackageName::new(name.to_string()).ok()?.to_string(),
            version: Version::from_str(version.trim()).ok()?,
            range,
        })
    }

    /// The exact pin a PEP 508 requirement makes (`Django[argon2]==2.2.0 ;
    /// python_version >= "3"`), found at `at` in its file. Ranges (`>=`,
    /// `==2.*`) and URL requirements pin nothing.
    pub(crate) fn from_requirement(text: &str, at: usize) -> Option<Pin> {
        let requirement = Requirement::<pep508_rs::VerbatimUrl>::from_str(text).ok()?;
        let Some(VersionOrUrl::VersionSpecifier(specifiers)) = &requirement.version_or_url else {
            return None;
        };
        let exact = specifiers
            .iter()
            .find(|spec| matches!(spec.operator(), Operator::Equal | Operator::ExactEqual))?;
        let version = exact.version().clone();
        let name_end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')))
            .unwrap_or(text.len());
        let span = version_span(text, name_end);
        Some(Pin {
            name: text[..name_end].to_string(),
            package: requirement.name.to_string(),
            range: at + span.start..at + span.end,
            version,
        })
    }
}

/// Where the version after `==` is written in `text`, searched from `from`;
/// the whole rest of the text when it cannot be told.
fn version_span(text: &str, from: usize) -> Range<usize> {
    let Some(operator) = text[from..].find("==").map(|i| from + i) else {
        return from..text.len();
    };
    let rest = &text[operator..];
    let start = operator + rest.find(|c: char| c != '=' && !c.is_whitespace()).unwrap_or(0);
    let len = text[start..]
        .find(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ')' | '"' | '\''))
        .unwrap_or(text.len() - start);
    start..start + len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_requirement_pins_only_with_double_equals() {
        let pin = Pin::from_requirement("Django[argon2] == 2.2.0 ; python_version >= '3'", 10).unwrap();
        assert_eq!((pin.name.as_str(), pin.package.as_str()), ("Django", "django"));
        assert_eq!(pin.version.to_string(), "2.2.0");
        assert_eq!(pin.range, 28..33);
        assert_eq!(
            Pin::from_requirement("Zope.Interface===5.0", 0).unwrap().package,
            "zope-interface"
        );
        for loose in [
            "Django>=2.2",
            "Django==2.2.*",
            "Django",
            "Django @ https://example.com/d.zip",
            "./local",
        ] {
            assert!(Pin::from_requirement(loose, 0).is_none(), "{loose}");
        }
    }
}
