//! Where a woken regex runs. A regex whose matches can hold a newline only
//! as their last byte matches within one line (its newline included), so
//! it runs only on the lines where its rule's keywords occur; any other
//! runs over the whole blob ([`super::syntax`] reads which). Each search
//! sees the bytes before its line and the byte after it, so `^`, `$`, `\b`
//! and look-behind read as in the whole blob.

use std::ops::Range;

use regex_automata::util::captures::Captures;
use regex_automata::Input;

use crate::finding::place::line_start;
use crate::rules::PatternRegex;

/// The lines (each with its newline) that hold the keyword `starts`
/// (ascending), in order, each once.
pub fn lines(bytes: &[u8], starts: &[usize]) -> Vec<Range<usize>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    for &start in starts {
        if lines.last().is_some_and(|line| start < line.end) {
            continue;
        }
        let begin = line_start(bytes, start);
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
