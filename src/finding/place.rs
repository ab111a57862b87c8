//! Turns byte offsets into lines and columns: where a finding is, and the
//! line to show around it. Built once per file, only when something matched.

use std::ops::Range;

/// Where the line holding byte `at` starts. For one look back from a
/// match; [`LineIndex`] serves many.
pub fn line_start(bytes: &[u8], at: usize) -> usize {
    memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |newline| newline + 1)
}

pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<usize>,
}

/// Where a match sits: its line, column and the line's text.
#[derive(Debug, Clone)]
pub struct Place {
    pub line: u32,
    pub column: u32,
    /// The line the match starts on, without its line ending.
    pub text: String,
    /// The match's byte range inside `text`, clipped to the line.
    pub span: (usize, usize),
}

impl LineIndex {
    pub fn new(bytes: &[u8]) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1));
        LineIndex { starts }
    }

    pub fn locate(&self, bytes: &[u8], range: Range<usize>) -> Place {
        let line = self.starts.partition_point(|&start| start <= range.start) - 1;
        let start = self.starts[line];
        let mut end = self.starts.get(line + 1).map_or(bytes.len(), |&next| next - 1);
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        let match_end = range.end.min(end).max(range.start);
        // Invalid UTF-8 is replaced piecewise so the span stays exact.
        let before = String::from_utf8_lossy(&bytes[start..range.start]);
        let inside = String::from_utf8_lossy(&bytes[range.start..match_end]);
        let after = String::from_utf8_lossy(&bytes[match_end..end]);
        let span = (before.len(), before.len() + inside.len());
        Place {
            line: line as u32 + 1,
            column: (range.start - start) as u32 + 1,
            text: format!("{before}{inside}{after}"),
            span,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_on_the_right_line_and_column() {
        let text = b"one\r\ntwo key=abc\nthree";
        let index = LineIndex::new(text);
        let place = index.locate(text, 13..16);
        assert_eq!((place.line, place.column), (2, 9));
        assert_eq!(place.text, "two key=abc");
        assert_eq!(&place.text[place.span.0..place.span.1], "abc");
    }

    #[test]
    fn a_match_across_lines_is_clipped_to_its_first() {
        let text = b"a=xy\nz\n";
        let place = LineIndex::new(text).locate(text, 2..6);
        assert_eq!(place.text, "a=xy");
        assert_eq!(place.span, (2, 4));
    }
}
