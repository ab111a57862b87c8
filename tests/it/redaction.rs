//! Nothing scanned reaches the reader unredacted or unescaped: lines with
//! several secrets (the same token twice, neighbours of different rules)
//! and terminal escape sequences, generated from fixed seeds, through every
//! command and every format.

use crate::common::Repo;

/// A small deterministic generator (64-bit LCG): the same cases every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a>(&mut self, from: &'a [&'a str]) -> &'a str {
        from[self.next() as usize % from.len()]
    }

    fn text(&mut self, alphabet: &[u8], len: usize) -> String {
        (0..len)
            .map(|_| alphabet[self.next() as usize % alphabet.len()] as char)
            .collect()
    }
}

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const DIGITS: &[u8] = b"0123456789";

/// Things a committed file can carry to drive a terminal.
const CONTROLS: &[&str] = &[
    "\x1b[2J",
    "\x1b]0;owned\x07",
    "\u{9b}31m",
    "\u{202e}",
    "\r",
    "\x08\x08",
];

/// One generated secret: a GitHub or a Slack token.
fn secret(lcg: &mut Lcg) -> String {
    match lcg.next() % 2 {
        0 => format!("ghp_{}", lcg.text(ALNUM, 36)),
        _ => format!(
            "xoxb-{}-{}-{}",
            lcg.text(DIGITS, 11),
            lcg.text(DIGITS, 12),
            lcg.text(ALNUM, 24)
        ),
    }
}

/// A file of lines with two to four secrets each (one of them repeated),
/// separated by escape sequences; and every secret in it.
fn generate(seed: u64) -> (String, Vec<String>) {
    let mut lcg = Lcg(seed);
    let (mut text, mut secrets) = (String::new(), Vec::new());
    for _ in 0..12 {
        let mut on_line: Vec<String> = (0..2 + lcg.next() % 3).map(|_| secret(&mut lcg)).collect();
        on_line.push(on_line[lcg.next() as usize % on_line.len()].clone());
        let mut line = String::from("tokens = [");
        for token in &on_line {
            line.push_str(&format!("'{token}', {} ", lcg.pick(CONTROLS)));
        }
        text.push_str(&line);
        text.push_str("]\n");
        secrets.extend(on_line);
    }
    (text, secrets)
}

/// No secret in full, no raw control character, whatever was printed.
/// JSON and SARIF carry paths exactly, for tools to open them: there
/// serde's escaping of C0 controls is what keeps a terminal safe.
fn assert_clean(what: &str, output: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(
            !output.contains(secret.as_str()),
            "{what} prints {secret}:\n{output}"
        );
    }
    let machine = what.contains("json") || what.contains("sarif");
    let controls: &[char] = match machine {
        true => &['\x1b', '\x07', '\x08', '\r'],
        false => &['\x1b', '\u{9b}', '\u{202e}', '\x07', '\x08', '\r'],
    };
    for &control in controls {
        assert!(
            !output.contains(control),
            "{what} prints {control:?} raw:\n{output}"
        );
    }
}

#[test]
fn generated_lines_with_several_secrets_and_escapes_stay_redacted_in_every_format() {
    for seed in [1, 7, 1234] {
        let (text, secrets) = generate(seed);
        let repo = Repo::new();
        // A name that tries to drive the terminal too.
        let name = "conf/\x1b[31mred\u{202e}.py";
        repo.stage(name, &text);
        let mut outputs = Vec::new();
        for format in ["human", "json", "sarif", "github"] {
            let run = repo.keyward(&["scan", "-v", "--format", format]);
            assert_eq!(run.code(), 1, "{}", run.stderr());
            outputs.push((format!("scan --format {format}"), run));
            let run = repo.keyward(&["scan", "-v", "--format", format, "."]);
            assert_eq!(run.code(), 1, "{}", run.stderr());
            outputs.push((format!("scan . --format {format}"), run));
        }
        repo.commit("tokens");
        for format in ["human", "json"] {
            let run = repo.keyward(&["history", "-v", "--format", format]);
            assert_eq!(run.code(), 1, "{}", run.stderr());
            outputs.push((format!("history --format {format}"), run));
        }
        for (what, run) in &outputs {
            assert_clean(what, &run.stdout(), &secrets);
            assert_clean(what, &run.stderr(), &secrets);
        }
        // Every line's every token was found (the repeat is the same finding).
        let json = repo.keyward(&["scan", ".", "--format", "json"]).json();
        let found = json["findings"].as_array().unwrap().len();
        assert!(found >= 12 * 2, "seed {seed}: only {found} findings");
    }
}

#[test]
fn a_frame_hides_its_neighbour_and_the_same_token_twice() {
    let repo = Repo::new();
    let github = "ghp_4Qwb8DwkNhFdnXsiVpzz63FfkCzJr4i0B3Jr";
    let slack = "xoxb-12345678901-123456789012-AbCdEfGhIjKlMnOpQrStUvWx";
    repo.stage("a.py", format!("pair = ('{github}', '{slack}', '{github}')\n"));
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 1);
    let out = run.stdout();
    let frame = "1 | pair = ('ghp_****', 'xoxb****', 'ghp_****')";
    assert_eq!(out.matches(frame).count(), 3, "{out}");
    // The caret still points at each finding's own secret.
    for pad in [10, 22, 34] {
        let caret = format!("  |{}^^^^^^^^\n", " ".repeat(pad));
        assert_eq!(out.matches(&caret).count(), 1, "{caret:?}: {out}");
    }
}

#[test]
fn a_silenced_secret_still_hides_in_its_neighbours_frame() {
    let repo = Repo::new();
    let github = "ghp_4Qwb8DwkNhFdnXsiVpzz63FfkCzJr4i0B3Jr";
    let slack = "xoxb-12345678901-123456789012-AbCdEfGhIjKlMnOpQrStUvWx";
    repo.stage(
        "a.py",
        format!("pair = ('{github}', '{slack}')  # keyward:allow github.token\n"),
    );
    let run = repo.keyward(&["scan"]);
    assert_eq!(run.code(), 1);
    let out = run.stdout();
    assert!(out.contains("error[slack.bot-token]"), "{out}");
    assert!(!out.contains("error[github.token]"), "{out}");
    assert!(out.contains("1 | pair = ('ghp_****', 'xoxb****')"), "{out}");
}
