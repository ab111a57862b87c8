//! What the scanner reads from a pattern's syntax: whether it matches
//! within one line ([`super::window`]), and the strings every match
//! holds ([`Required`]). `build.rs` reads the built-in patterns with this
//! same file, so a hook parses none of them: the table it writes is
//! [`super::known`].

use std::ops::RangeInclusive;

use regex_syntax::hir::{Class, Hir, HirKind};

use super::required::Required;

/// What a pattern's syntax tells the scanner.
#[derive(Debug, Default, PartialEq)]
pub struct Syntax {
    /// Whether it runs line by line.
    pub line_bound: bool,
    /// Where it cannot match, so need not be compiled.
    pub required: Required,
}

impl Syntax {
    /// Read from `pattern`'s syntax. A pattern that does not parse here is
    /// read as one that may cross lines and match anywhere.
    pub fn of(pattern: &str) -> Self {
        match parse(pattern) {
            Some(hir) => Syntax {
                line_bound: line_bound(&hir),
                required: Required::of(&hir),
            },
            None => Syntax::default(),
        }
    }
}

/// `pattern` as [`crate::rules::regex`] reads it.
pub fn parse(pattern: &str) -> Option<Hir> {
    regex_syntax::ParserBuilder::new()
        .unicode(false)
        .utf8(false)
        .build()
        .parse(pattern)
        .ok()
}

/// Whether a match of `hir` can hold a newline only as its last byte
/// (`[^\w]` or `\s` after a token, as most token patterns end).
pub fn line_bound(hir: &Hir) -> bool {
    !newline_before_end(hir)
}

/// Whether a match of `hir` can hold a newline before its last byte.
fn newline_before_end(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) | HirKind::Class(_) => false,
        HirKind::Literal(literal) => literal
            .0
            .split_last()
            .is_some_and(|(_, before)| before.contains(&b'\n')),
        // A second round would follow a newline that ended the first.
        HirKind::Repetition(repetition) => match repetition.max {
            Some(0) => false,
            Some(1) => newline_before_end(&repetition.sub),
            _ => holds_newline(&repetition.sub),
        },
        HirKind::Capture(capture) => newline_before_end(&capture.sub),
        HirKind::Alternation(parts) => parts.iter().any(newline_before_end),
        HirKind::Concat(parts) => parts.iter().enumerate().any(|(at, part)| {
            newline_before_end(part)
                || (holds_newline(part)
                    && parts[at + 1..]
                        .iter()
                        .any(|after| after.properties().maximum_len() != Some(0)))
        }),
    }
}

fn holds_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(literal) => literal.0.contains(&b'\n'),
        HirKind::Class(class) => class_ranges(class)
            .iter()
            .any(|range| range.contains(&u32::from(b'\n'))),
        HirKind::Repetition(repetition) => repetition.max != Some(0) && holds_newline(&repetition.sub),
        HirKind::Capture(capture) => holds_newline(&capture.sub),
        HirKind::Concat(parts) | HirKind::Alternation(parts) => parts.iter().any(holds_newline),
    }
}

/// What a class matches, bytes or characters alike, as ranges of code
/// points.
pub fn class_ranges(class: &Class) -> Vec<RangeInclusive<u32>> {
    match class {
        Class::Bytes(class) => class
            .ranges()
            .iter()
            .map(|range| u32::from(range.start())..=u32::from(range.end()))
            .collect(),
        Class::Unicode(class) => class
            .ranges()
            .iter()
            .map(|range| u32::from(range.start())..=u32::from(range.end()))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line_bound(pattern: &str) -> bool {
        super::line_bound(&parse(pattern).unwrap())
    }

    #[test]
    fn only_patterns_that_cannot_cross_a_line_are_line_bound() {
        assert!(line_bound(
            r#"(?P<name>\w*key)[ \t]*=[ \t]*["'](?P<secret>[^"'\s]{8,200})["']"#
        ));
        assert!(line_bound(r"(?m)^[ \t]*token:[ \t]*(\S+)$"));
        // A newline that ends the match keeps it on its line.
        assert!(line_bound(
            r"\b(?P<secret>glc_[A-Za-z0-9+/=]{32,})(?:[^A-Za-z0-9+/=]|$)"
        ));
        assert!(line_bound(r"(?:^|[ \t;])(?P<secret>\w+key=\S+)(?:[\s;|&)]|$)"));
        assert!(line_bound(r"token\n$"));
        assert!(!line_bound(r"token[^;]{2}"));
        assert!(!line_bound(r"token\n\w"));
        assert!(!line_bound(r"token(?:\s|;)+"));
        assert!(!line_bound(r"-----BEGIN(?s:.+?)-----END"));
        assert!(!line_bound(r"key\s*=\s*(\w+)"));
        assert!(!line_bound(r"key[^;]*;"));
        assert!(!line_bound(r"name:\r?\nvalue"));
    }
}
