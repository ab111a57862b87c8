//! The one redactor: every piece of scanned text an output prints (a code
//! frame, a secret, a path, a note, an error) goes through here. A shown
//! line hides every secret-shaped span on it, not only its own finding's
//! ([`share_secrets`]), and control characters become visible escapes so
//! that scanned content cannot drive the reader's terminal.

use std::borrow::Cow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::fmt::Write;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};

use super::Finding;

/// Keeps the first four characters of a secret and hides the rest.
pub fn redact(secret: &str) -> String {
    let kept: String = escape(secret).chars().take(4).collect();
    format!("{kept}****")
}

/// Text a terminal may print: C0 and C1 control characters (ESC, CSI, BEL,
/// CR...) and the bidirectional overrides become `\x1b`, `\u{202e}`; a tab
/// stays, it moves nothing but the cursor.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            c if !needs_escape(c) => out.push(c),
            c if (c as u32) < 0x80 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
        }
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\t') || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// A line as an output prints it: the `hidden` byte ranges redacted (unless
/// `reveal`), the rest escaped. Returns the text and where the byte range
/// `focus` of the line ended up in it.
pub fn line(
    text: &str,
    hidden: &[(usize, usize)],
    focus: (usize, usize),
    reveal: bool,
) -> (String, (usize, usize)) {
    let ranges: Vec<(usize, usize)> = match reveal {
        true => Vec::new(),
        false => hidden
            .iter()
            .map(|&(start, end)| (start.min(text.len()), end.min(text.len())))
            .filter(|(start, end)| {
                start < end && text.is_char_boundary(*start) && text.is_char_boundary(*end)
            })
            .collect(),
    };
    let mut out = String::with_capacity(text.len());
    let (mut focus_start, mut focus_end) = (None, None);
    let plain = |out: &mut String,
                 from: usize,
                 to: usize,
                 focus_start: &mut Option<usize>,
                 focus_end: &mut Option<usize>| {
        // The focus can fall inside plain text (a non-secret finding).
        for (at, slot) in [(focus.0, &mut *focus_start), (focus.1, &mut *focus_end)] {
            if slot.is_none() && (from..=to).contains(&at) && text.is_char_boundary(at) {
                *slot = Some(out.len() + escape(&text[from..at]).len());
            }
        }
        out.push_str(&escape(&text[from..to]));
    };
    let mut at = 0;
    for (start, end) in merged(ranges) {
        plain(&mut out, at, start, &mut focus_start, &mut focus_end);
        let shown_from = out.len();
        out.push_str(&redact(&text[start..end]));
        if focus_start.is_none() && focus.0 < end {
            focus_start = Some(shown_from);
        }
        if focus_end.is_none() && focus.1 <= end {
            focus_end = Some(out.len());
        }
        at = end;
    }
    plain(&mut out, at, text.len(), &mut focus_start, &mut focus_end);
    let start = focus_start.unwrap_or(out.len());
    let end = focus_end.unwrap_or(out.len()).max(start);
    (out, (start, end))
}

/// Tells each finding the secret-shaped spans on its line: wherever the
/// text of any confidential finding of the same blob (or file, for
/// findings without one) occurs there, so that a frame never shows a
/// neighbour's secret or the same token a second time. One automaton per
/// blob and one search per line keep this linear in the findings.
pub fn share_secrets(findings: &mut [Finding]) {
    let mut blobs: HashMap<(String, Option<git2::Oid>), Vec<usize>> = HashMap::new();
    for (index, finding) in findings.iter().enumerate() {
        blobs
            .entry((finding.path.clone(), finding.object))
            .or_default()
            .push(index);
    }
    for members in blobs.values() {
        let texts: BTreeSet<&str> = members
            .iter()
            .map(|&index| &findings[index])
            .filter(|finding| finding.sensitive)
            .filter_map(|finding| {
                finding
                    .line_text
                    .get(finding.secret_span.0..finding.secret_span.1)
            })
            .filter(|text| !text.is_empty())
            .collect();
        if texts.is_empty() {
            continue;
        }
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&texts)
            .expect("literal secrets always build");
        let mut lines: HashMap<u32, Vec<(usize, usize)>> = HashMap::new();
        let mut known = HashSet::new();
        for &index in members {
            let finding = &findings[index];
            let spans = lines.entry(finding.line).or_insert_with(|| {
                automaton
                    .find_iter(&finding.line_text)
                    .map(|found| (found.start(), found.end()))
                    .collect()
            });
            // What an earlier pass knew (a secret a filter has dropped
            // since), once per line: its findings share one list.
            if known.insert(Arc::as_ptr(&finding.hidden) as *const () as usize) {
                spans.extend(finding.hidden.iter().copied());
            }
        }
        let lines: HashMap<u32, Arc<[(usize, usize)]>> = lines
            .into_iter()
            .map(|(line, spans)| (line, merged(spans).into()))
            .collect();
        for &index in members {
            findings[index].hidden = lines[&findings[index].line].clone();
        }
    }
}

/// Sorted, overlapping and touching ranges joined.
fn merged(mut ranges: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    ranges.sort();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match out.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => out.push((start, end)),
        }
    }
    out
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
    fn escapes_terminal_controls_but_not_tabs() {
        assert_eq!(
            escape("a\x1b[2Jb\tc\u{9b}d\u{202e}"),
            "a\\x1b[2Jb\tc\\u{9b}d\\u{202e}"
        );
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn a_line_hides_every_span_and_keeps_the_focus() {
        let text = "k = 'AAAA1111' + 'BBBB2222' \x1b[31m";
        let (shown, (start, end)) = line(text, &[(5, 13), (18, 26)], (18, 26), false);
        assert_eq!(shown, "k = 'AAAA****' + 'BBBB****' \\x1b[31m");
        assert_eq!(&shown[start..end], "BBBB****");
        let (shown, (start, end)) = line(text, &[(5, 13)], (18, 26), true);
        assert_eq!(&shown[start..end], "BBBB2222");
    }

    #[test]
    fn a_focus_after_an_escape_moves_with_it() {
        let text = "\x1b x = True";
        let (shown, (start, end)) = line(text, &[], (6, 10), false);
        assert_eq!(&shown[start..end], "True");
    }
}
