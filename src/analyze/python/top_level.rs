//! A Python source cut into its top-level statements by reading only the
//! edges of its tokens (strings, comments, brackets, joined lines), not by
//! parsing it: a linear pass over the bytes, so a rule can parse just the
//! statements it may act on. A history holds hundreds of versions of a
//! large view module, each with the one function that runs SQL.

use std::ops::Range;

/// A statement that begins at column 0, with the blank and comment lines
/// after it (and, for a compound one, its `elif`/`else`/`except`/`finally`
/// clauses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopLevel {
    pub range: Range<usize>,
    /// A statement with a block: `def`, `class`, a decorated definition,
    /// `if`, `for`, `while`, `try`, `with`, `async`, and `match` with a
    /// block. The rest (imports, assignments, expressions) are simple.
    pub compound: bool,
}

/// The top-level statements of `source`, in order. Text before the first
/// one (a licence comment) belongs to none; an indented line before any
/// statement (not valid Python) begins one, compound, so that it is never
/// taken for the module's names.
pub fn split(source: &[u8]) -> Vec<TopLevel> {
    let mut starts: Vec<(usize, bool)> = Vec::new();
    let mut depth = 0usize;
    let mut line_begins = true;
    // A decorator's definition is the statement the decorator begins.
    let mut decorated = false;
    let mut at = 0;
    while at < source.len() {
        if line_begins {
            line_begins = false;
            if let Some(start) = statement_at(source, at, starts.is_empty()) {
                if !decorated {
                    starts.push(start);
                }
                decorated = source[at] == b'@';
            }
        }
        match source[at] {
            b'#' => {
                at = memchr::memchr(b'\n', &source[at..]).map_or(source.len(), |end| at + end);
                continue;
            }
            b'\'' | b'"' => {
                at = string_end(source, at);
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            // A joined line: the next one continues this statement.
            b'\\' => {
                at += match source.get(at + 1..at + 3) {
                    Some(b"\r\n") => 3,
                    _ => 2,
                };
                continue;
            }
            b'\n' => line_begins = depth == 0,
            _ => {}
        }
        at += 1;
    }
    starts
        .iter()
        .enumerate()
        .map(|(index, &(start, compound))| TopLevel {
            range: start..starts.get(index + 1).map_or(source.len(), |next| next.0),
            compound,
        })
        .collect()
}

/// The statement that a logical line starting at `at` begins, if any:
/// `None` for a blank or comment line, an indented line (it belongs to the
/// statement before), and a clause that continues a compound statement.
fn statement_at(source: &[u8], at: usize, first: bool) -> Option<(usize, bool)> {
    let line = &source[at..memchr::memchr(b'\n', &source[at..]).map_or(source.len(), |end| at + end)];
    let code = line
        .iter()
        .position(|byte| !matches!(byte, b' ' | b'\t' | b'\x0c' | b'\r'))?;
    if line[code] == b'#' {
        return None;
    }
    if code > 0 {
        return first.then_some((at, true));
    }
    let word = &line[..line
        .iter()
        .position(|byte| !(byte.is_ascii_alphanumeric() || *byte == b'_' || *byte >= 0x80))
        .unwrap_or(line.len())];
    if matches!(word, b"elif" | b"else" | b"except" | b"finally") && !first {
        return None;
    }
    let compound = line[0] == b'@'
        || matches!(
            word,
            b"def" | b"class" | b"if" | b"for" | b"while" | b"try" | b"with" | b"async"
        )
        // `match` is a keyword only before a block (`match = re.match(...)`
        // is an assignment).
        || (word == b"match" && line.trim_ascii_end().ends_with(b":"));
    Some((at, compound))
}

/// Where the string literal whose quote is at `at` ends: after its closing
/// quote, or before the end of its line when a one-line string is left
/// open. A backslash always escapes the byte after it, even in a raw
/// string (`r"\""` is one string).
fn string_end(source: &[u8], at: usize) -> usize {
    let quote = source[at];
    let triple = source.get(at + 1..at + 3) == Some(&[quote, quote]);
    let mut end = at + if triple { 3 } else { 1 };
    loop {
        let rest = &source[end.min(source.len())..];
        let found = if triple {
            memchr::memchr2(quote, b'\\', rest)
        } else {
            memchr::memchr3(quote, b'\\', b'\n', rest)
        };
        let Some(found) = found else {
            return source.len();
        };
        end += found;
        match source[end] {
            b'\\' => end += 2,
            b'\n' => return end,
            _ if !triple => return end + 1,
            _ if source.get(end + 1..end + 3) == Some(&[quote, quote]) => return end + 3,
            _ => end += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The statements of `source` as (their text, compound).
    fn statements(source: &str) -> Vec<(&str, bool)> {
        split(source.as_bytes())
            .into_iter()
            .map(|statement| (&source[statement.range], statement.compound))
            .collect()
    }

    #[test]
    fn statements_begin_at_column_zero_outside_strings_brackets_and_joined_lines() {
        let source = concat!(
            "# licence\n",
            "import os\n",
            "QUERY = \"\"\"\nSELECT 1\n\"\"\"  # a comment with ' and \"\n",
            "NAMES = [\n'a',\n]\n",
            "TOTAL = 1 + \\\n2\n",
            "@decorated\n",
            "def view(request):\n",
            "    s = 'it''s \\' ('\n",
            "# a comment at column 0 inside the function\n",
            "    return s\n",
            "\n",
            "if DEBUG:\n    pass\nelif X:\n    pass\nelse:\n    pass\n",
            "match = re.match(r'\\d', text)\n",
            "match command:\n    case _:\n        pass\n",
            "class Migration(migrations.Migration):\n    sql = '''\n)]}\nclass Not:\n'''\n",
            "x = f\"{a['b']}\"",
        );
        assert_eq!(
            statements(source),
            [
                ("import os\n", false),
                ("QUERY = \"\"\"\nSELECT 1\n\"\"\"  # a comment with ' and \"\n", false),
                ("NAMES = [\n'a',\n]\n", false),
                ("TOTAL = 1 + \\\n2\n", false),
                (
                    "@decorated\ndef view(request):\n    s = 'it''s \\' ('\n# a comment at column 0 inside the function\n    return s\n\n",
                    true
                ),
                ("if DEBUG:\n    pass\nelif X:\n    pass\nelse:\n    pass\n", true),
                ("match = re.match(r'\\d', text)\n", false),
                ("match command:\n    case _:\n        pass\n", true),
                ("class Migration(migrations.Migration):\n    sql = '''\n)]}\nclass Not:\n'''\n", true),
                ("x = f\"{a['b']}\"", false),
            ]
        );
    }

    #[test]
    fn an_indented_start_and_an_open_string_still_split() {
        assert_eq!(
            statements("    rows = 1\ndef f():\n    return 'open\nx = 1\n"),
            [
                ("    rows = 1\n", true),
                ("def f():\n    return 'open\n", true),
                ("x = 1\n", false),
            ]
        );
        assert_eq!(
            statements("s = '''never closed\nx = 1\n"),
            [("s = '''never closed\nx = 1\n", false)]
        );
        assert_eq!(statements(""), []);
    }
}
