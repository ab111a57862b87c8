//! Text saved as UTF-16 or UTF-32 with a byte-order mark is decoded and
//! scanned as text, with the decoded text's line numbers; it used to be
//! skipped as binary.

use crate::common::{finding, Repo, AWS_KEY};

/// `text` as UTF-16 little-endian with its mark, as Windows saves it.
fn utf16_le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

fn utf16_be(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    bytes
}

fn utf32_le(text: &str) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xFE, 0, 0];
    bytes.extend(text.chars().flat_map(|c| u32::from(c).to_le_bytes()));
    bytes
}

const OTHER_KEY: &str = "AKIAQWERTY7ZXCVB3NM4";

#[test]
fn utf16_and_utf32_with_a_mark_are_scanned_in_every_mode() {
    let repo = Repo::new();
    repo.stage(
        "deploy.ps1",
        utf16_le(&format!("$A = 1\r\n$Key = '{AWS_KEY}'\r\n")),
    );
    repo.stage(
        "keys.reg",
        utf16_be(&format!("[HKEY]\n\n\"Key\"=\"{AWS_KEY}\"\n")),
    );
    repo.stage(
        "app.config",
        utf32_le(&format!("<add key='k' value='{AWS_KEY}'/>\n")),
    );
    let expected = vec![
        finding("aws.access-key-id", "app.config", 1, "block"),
        finding("aws.access-key-id", "deploy.ps1", 2, "block"),
        finding("aws.access-key-id", "keys.reg", 3, "block"),
    ];
    let sorted = |mut found: Vec<_>| {
        found.sort();
        found
    };
    let staged = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(staged.code(), 1);
    assert_eq!(sorted(staged.findings()), expected);
    let disk = repo.keyward(&["scan", ".", "--format", "json"]);
    assert_eq!(sorted(disk.findings()), expected);
    repo.commit("keys");
    let history = repo.keyward(&["history", "--format", "json"]);
    assert_eq!(sorted(history.findings()), expected);

    // A line added to a UTF-16 file blocks; the line already in HEAD warns.
    repo.stage(
        "deploy.ps1",
        utf16_le(&format!(
            "$A = 1\r\n$Key = '{AWS_KEY}'\r\n$New = '{OTHER_KEY}'\r\n"
        )),
    );
    let changed = repo.keyward(&["scan", "--staged", "--format", "json"]);
    assert_eq!(
        changed.findings(),
        vec![
            finding("aws.access-key-id", "deploy.ps1", 2, "warn"),
            finding("aws.access-key-id", "deploy.ps1", 3, "block"),
        ]
    );
}

#[test]
fn utf16_without_a_mark_is_still_binary() {
    let repo = Repo::new();
    let mut bytes = utf16_le(&format!("$Key = '{AWS_KEY}'\n"));
    bytes.drain(..2);
    repo.stage("deploy.ps1", bytes);
    let run = repo.keyward(&["scan", "--staged", "-v"]);
    assert_eq!(run.code(), 0);
    assert!(
        run.stderr().contains("skipped deploy.ps1: binary"),
        "{}",
        run.stderr()
    );
}
