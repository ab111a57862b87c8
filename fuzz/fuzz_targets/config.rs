//! The `.keyward.toml` loader (custom rules compiled and proven by their
//! examples, allowlists, severities) and the rule pack reader.
//!
//! Input: the file's text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        keyward::fuzzing::configuration(text);
    }
});
