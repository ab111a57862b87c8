//! Where a woken regex runs. A regex whose matches can hold a newline only
//! as their last byte matches within one line (its newline included), so
//! it runs only on the lines where its rule's keywords occur; any other
//! runs over the whole blob. Each search sees the bytes before its line
//! and the byte after it, so `^`, `$`, `\b` and look-behind read as in the
//! whole blob.

use std::ops::{Range, RangeInclusive};

use regex_automata::util::captures::Captures;
use regex_automata::Input;

use crate::rules::PatternRegex;
use regex_syntax::hir::{Class, Hir, HirKind};

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

/// The lines (each with its newline) that hold the keyword `starts`
/// (ascending), in order, each once.
pub fn lines(bytes: &[u8], starts: &[usize]) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    for &start in starts {
        if lines.last().is_some_and(|line| start < line.end) {
            continue;
        }
        let begin = memchr::memrchr(b'\n', &bytes[..start]).map_or(0, |at| at + 1);
        let end = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |at| start + at + 1);
        lines.push(begin..end);
    }
    lines
}

/// Every match of `regex` that starts in `within`, as `captures_iter`
/// finds them, the bytes before `within` and the one after it serving as
/// context.
pub fn captures<'h>(
    regex: &'h PatternRegex,
    bytes: &'h [u8],
    within: Range<usize>,
) -> impl Iterator<Item = Captures> + 'h {
    let haystack = &bytes[..bytes.len().min(within.end + 1)];
    let mut at = within.start;
    let mut last_end = None;
    let mut captures = regex.create_captures();
    std::iter::from_fn(move || loop {
        if at >= within.end {
            return None;
        }
        regex.search_captures(&Input::new(haystack).range(at..), &mut captures);
        let whole = captures.get_match()?.span();
        if whole.start >= within.end {
            return None;
        }
        at = whole.end + usize::from(whole.is_empty());
        // An empty match where the last one ended is no new match.
        if whole.is_empty() && last_end == Some(whole.end) {
            continue;
        }
        last_end = Some(whole.end);
        return Some(captures.clone());
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::pattern_regex;

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

    #[test]
    fn a_match_may_end_with_its_line_and_read_the_byte_after() {
        let bytes = b"k=one\nk=two\n";
        let found = |pattern: &str| -> Vec<Vec<u8>> {
            let regex = pattern_regex(pattern).unwrap();
            lines(bytes, &[0, 6])
                .into_iter()
                .flat_map(|line| captures(&regex, bytes, line))
                .map(|captures| bytes[captures.get_group(0).unwrap().range()].to_vec())
                .collect()
        };
        assert_eq!(
            found(r"k=\w+(?:\W|$)"),
            [b"k=one\n".to_vec(), b"k=two\n".to_vec()]
        );
        // `$` is the end of the blob and `\b` sees the next line's `k`.
        assert_eq!(found(r"k=\w+\n$"), [b"k=two\n".to_vec()]);
        assert_eq!(found(r"k=\w+\n\b"), [b"k=one\n".to_vec()]);
    }

    #[test]
    fn searches_see_the_lines_before_theirs() {
        let bytes = b"a key=one\nkey=two\nnothing\nkey=three";
        assert_eq!(lines(bytes, &[2, 10, 22, 27]), [0..10, 10..18, 18..26, 26..35]);
        let regex = pattern_regex(r"^key=(\w+)").unwrap();
        let found: Vec<&[u8]> = lines(bytes, &[10, 27])
            .into_iter()
            .flat_map(|line| captures(&regex, bytes, line))
            .map(|captures| &bytes[captures.get_group(1).unwrap().range()])
            .collect();
        // `^` without (?m) is the start of the blob, not of a line.
        assert!(found.is_empty());
        let regex = pattern_regex(r"(?m)^key=(\w+)").unwrap();
        let found: Vec<&[u8]> = lines(bytes, &[10, 27])
            .into_iter()
            .flat_map(|line| captures(&regex, bytes, line))
            .map(|captures| &bytes[captures.get_group(1).unwrap().range()])
            .collect();
        assert_eq!(found, [b"two".as_slice(), b"three"]);
    }
}
