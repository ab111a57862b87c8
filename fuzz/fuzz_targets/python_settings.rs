//! The Python reader, the evaluator and the Django settings analyser: a
//! small tree of Python files, analysed as a workspace (star imports,
//! cycles, roles by path) and each scanned as a blob.
//!
//! Input: files separated by NUL bytes; each file is its path, a newline,
//! then its content (`fuzz/seed.py` writes the fixtures this way).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let files: Vec<(String, &[u8])> = data
        .split(|&b| b == 0)
        .take(8)
        .map(|file| {
            let cut = file.iter().position(|&b| b == b'\n').unwrap_or(file.len());
            let path = String::from_utf8_lossy(&file[..cut]).into_owned();
            (path, file.get(cut + 1..).unwrap_or_default())
        })
        .collect();
    let files: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(path, bytes)| (path.as_str(), *bytes))
        .collect();
    keyward::fuzzing::python_tree(&files);
});
