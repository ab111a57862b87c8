//! The engine over one file, as every source admits it: dotenv, YAML,
//! PHP, Ruby and every other format keyward reads through its regex rules
//! (and the blob analysers the path wakes).
//!
//! Input: the path, a newline, then the file's bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let cut = data.iter().position(|&b| b == b'\n').unwrap_or(data.len());
    let path = String::from_utf8_lossy(&data[..cut]);
    keyward::fuzzing::scan(&path, data.get(cut + 1..).unwrap_or_default());
});
