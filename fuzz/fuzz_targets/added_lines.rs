//! The lines a change adds, as a staged scan diffs two versions of a file.
//! A line the old version does not hold at all must count as added, and
//! no line past the new version's end may.
//!
//! Input: the old version, two NUL bytes, the new version.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;

/// Lines with their ending, so that a last line that gains or loses its
/// newline counts as changed, as git shows it.
fn lines(text: &[u8]) -> Vec<&[u8]> {
    text.split_inclusive(|&b| b == b'\n').collect()
}

fuzz_target!(|data: &[u8]| {
    let cut = data
        .windows(2)
        .position(|pair| pair == b"\0\0")
        .unwrap_or(data.len());
    let (old, new) = (&data[..cut], data.get(cut + 2..).unwrap_or_default());
    // None: git could not diff them, and every line counts.
    let Some(added) = keyward::fuzzing::added_lines(old, new) else {
        return;
    };
    let new_lines = lines(new);
    assert!(
        added.iter().all(|&line| line as usize <= new_lines.len()),
        "added line past the end: {added:?} of {}",
        new_lines.len()
    );
    // git diffs text only: NUL in its first 8000 bytes makes a file binary.
    if new[..new.len().min(8000)].contains(&0) {
        return;
    }
    let old_lines: HashSet<&[u8]> = lines(old).into_iter().collect();
    for (index, line) in new_lines.iter().enumerate() {
        let number = index as u32 + 1;
        assert!(
            old_lines.contains(line) || added.contains(&number),
            "new line {number} {line:?} is not counted as added"
        );
    }
    if old == new {
        assert!(added.is_empty(), "an unchanged file adds {added:?}");
    }
});
