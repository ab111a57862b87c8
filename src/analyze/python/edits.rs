//! The edits that turn one version of a file into the next, for
//! tree-sitter's incremental parse: one per run of changed lines, so that a
//! commit touching three functions has those three read again, not all
//! that lies between them.

use std::ops::Range;
use std::time::{Duration, Instant};

use similar::{capture_diff_slices_deadline, Algorithm, DiffTag};
use tree_sitter::{InputEdit, Point};

/// How long the line diff may look for the smallest edits; past it, it
/// settles for larger ones, which are as correct and only reparse more.
const DIFF_TIME: Duration = Duration::from_millis(5);

/// The edits from `old` to `new`, in order, each in the coordinates of the
/// text the ones before it made (as `Tree::edit` takes them in turn).
pub fn between(old: &[u8], new: &[u8]) -> Vec<InputEdit> {
    let old_lines: Vec<&[u8]> = old.split_inclusive(|&byte| byte == b'\n').collect();
    let new_lines: Vec<&[u8]> = new.split_inclusive(|&byte| byte == b'\n').collect();
    let deadline = Instant::now() + DIFF_TIME;
    let ops = capture_diff_slices_deadline(Algorithm::Myers, &old_lines, &new_lines, Some(deadline));
    // Runs of changed lines: (old lines, new lines).
    let mut runs: Vec<(Range<usize>, Range<usize>)> = Vec::new();
    let mut joins = false;
    for (tag, old_range, new_range) in ops.iter().map(|op| op.as_tag_tuple()) {
        match (tag, runs.last_mut()) {
            (DiffTag::Equal, _) => joins = false,
            (_, Some((old_run, new_run))) if joins => {
                old_run.end = old_range.end;
                new_run.end = new_range.end;
            }
            _ => {
                runs.push((old_range, new_range));
                joins = true;
            }
        }
    }
    let (old_at, new_at) = (starts(&old_lines), starts(&new_lines));
    runs.into_iter()
        .map(|(old_run, new_run)| {
            let start_byte = new_at[new_run.start];
            let start_position = Point::new(new_run.start, 0);
            let replaced = &old[old_at[old_run.start]..old_at[old_run.end]];
            let replacing = &new[start_byte..new_at[new_run.end]];
            InputEdit {
                start_byte,
                old_end_byte: start_byte + replaced.len(),
                new_end_byte: start_byte + replacing.len(),
                start_position,
                old_end_position: after(start_position, replaced),
                new_end_position: after(start_position, replacing),
            }
        })
        .collect()
}

/// Where each line starts, and the end of the text last.
fn starts(lines: &[&[u8]]) -> Vec<usize> {
    let mut at = Vec::with_capacity(lines.len() + 1);
    at.push(0);
    for line in lines {
        at.push(at[at.len() - 1] + line.len());
    }
    at
}

/// The position after `text` written at the start of row `from.row`.
fn after(from: Point, text: &[u8]) -> Point {
    let rows = memchr::memchr_iter(b'\n', text).count();
    let last_line = memchr::memrchr(b'\n', text).map_or(text.len(), |newline| text.len() - newline - 1);
    Point::new(from.row + rows, last_line)
}
