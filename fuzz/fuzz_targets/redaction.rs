//! The redactor, through every report format: a file whose lines hold
//! several secrets (the same one twice, neighbours, secrets inside other
//! text), terminal escape sequences and invalid UTF-8. No secret may
//! appear in any output, and the outputs people read in a terminal
//! (human, GitHub) may hold no raw control or bidi character.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;

/// Characters of provider tokens; not `*` (the redaction's mask) nor
/// characters a format escapes (`\`, `"`, `%`), which would hide a leak
/// from the search below.
const TOKEN: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-+/=.";

const CONTROLS: &[&str] = &[
    "\x1b[2J",
    "\x1b]8;;https://example.org\x07",
    "\u{9b}31m",
    "\u{202e}",
    "\u{2066}",
    "\r",
    "\x07",
    "\x08",
    "\x7f",
    "\t",
];

const PATHS: &[&str] = &[
    "config/.env",
    "app/\x1b[31mevil.yml",
    "a\u{202e}b.php",
    "x%2C,y:z.rb",
];

#[derive(Arbitrary, Debug)]
enum Piece {
    Text(String),
    Bytes(Vec<u8>),
    Secret(u8),
    Control(u8),
}

#[derive(Arbitrary, Debug)]
struct Input {
    secrets: Vec<Vec<u8>>,
    lines: Vec<Vec<Piece>>,
    crlf: bool,
    path: u8,
}

fuzz_target!(|input: Input| {
    let secrets: Vec<String> = input
        .secrets
        .iter()
        .take(4)
        .map(|raw| {
            raw.iter()
                .take(40)
                .map(|&b| TOKEN[b as usize % TOKEN.len()] as char)
                .collect::<String>()
        })
        .filter(|secret| secret.len() >= 8)
        .collect();
    if secrets.is_empty() {
        return;
    }
    let mut bytes = Vec::new();
    let mut ranges = Vec::new();
    for line in input.lines.iter().take(16) {
        for piece in line.iter().take(16) {
            match piece {
                Piece::Text(text) => bytes.extend_from_slice(text.as_bytes()),
                Piece::Bytes(raw) => bytes.extend_from_slice(raw),
                Piece::Secret(which) => {
                    let secret = &secrets[*which as usize % secrets.len()];
                    ranges.push(bytes.len()..bytes.len() + secret.len());
                    bytes.extend_from_slice(secret.as_bytes());
                }
                Piece::Control(which) => {
                    bytes.extend_from_slice(CONTROLS[*which as usize % CONTROLS.len()].as_bytes())
                }
            }
        }
        bytes.extend_from_slice(if input.crlf { b"\r\n" } else { b"\n" });
    }
    // Only secrets that are findings are known to be secrets.
    let found: Vec<&String> = secrets
        .iter()
        .filter(|secret| {
            ranges
                .iter()
                .any(|range| &bytes[range.clone()] == secret.as_bytes())
        })
        .collect();
    let path = PATHS[input.path as usize % PATHS.len()];
    for (format, output) in keyward::fuzzing::reports(path, &bytes, &ranges) {
        for secret in &found {
            assert!(
                !output.contains(secret.as_str()),
                "{format} shows {secret:?}:\n{output}"
            );
        }
        if matches!(format, "human" | "github") {
            let raw = output.chars().find(|&c| {
                (c.is_control() && !matches!(c, '\n' | '\t'))
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
            });
            assert!(raw.is_none(), "{format} prints raw {raw:?}:\n{output}");
        }
    }
});
