//! pip requirements and constraints files: one requirement per line, with
//! comments, `\` continuations, per-requirement options (`--hash=...`),
//! `-r`/`-c` includes of other files, and lines that pin nothing (`-e .`,
//! URLs, index options).

use super::pin::Pin;

/// What a requirements file holds.
#[derive(Debug, Default)]
pub(crate) struct Requirements {
    pub(crate) pins: Vec<Pin>,
    /// Files it includes (`-r`, `-c`), as written (relative to it).
    pub(crate) includes: Vec<String>,
}

pub(crate) fn read(text: &str) -> Requirements {
    let mut found = Requirements::default();
    let mut start = 0;
    let mut continued = false;
    for line in text.split_inclusive('\n') {
        let at = start;
        start += line.len();
        // A continuation line carries options (`--hash=...`) of the line before.
        let was_continued = std::mem::replace(&mut continued, line.trim_end().ends_with('\\'));
        if was_continued {
            continue;
        }
        let content = line.trim_end().trim_end_matches('\\');
        let content = strip_comment(content);
        let indent = content.len() - content.trim_start().len();
        let content = content.trim();
        if let Some(option) = content.strip_prefix('-') {
            if let Some(file) = include(option) {
                found.includes.push(file.to_string());
            }
            continue;
        }
        // Options after the requirement: `Django==2.2 --hash=sha256:...`.
        let requirement = match content.find(" --").or_else(|| content.find("\t--")) {
            Some(end) => content[..end].trim_end(),
            None => content,
        };
        if !requirement.is_empty() {
            found.pins.extend(Pin::from_requirement(requirement, at + indent));
        }
    }
    found
}

/// A comment starts at `#` at the line's start or after whitespace (a URL's
/// `#egg=` fragment is not one).
fn strip_comment(line: &str) -> &str {
    let bytes = line.as_bytes();
    let cut = (0..bytes.len()).find(|&i| bytes[i] == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()));
    match cut {
        Some(i) => &line[..i],
        None => line,
    }
}

/// The file an `-r`/`-c` option (without its first `-`) names.
fn include(option: &str) -> Option<&str> {
    for flag in ["r", "c", "-requirement", "-constraint"] {
        if let Some(rest) = option.strip_prefix(flag) {
            let file = rest.strip_prefix('=').unwrap_or(rest).trim();
            let separated = rest.starts_with([' ', '\t', '=']) || (flag.len() == 1 && !rest.is_empty());
            if separated && !file.is_empty() {
                return Some(file);
            }
        }
    }
    None
}

/// The repository path of `include`, written in the file at `from`.
pub(crate) fn beside(from: &str, include: &str) -> Option<String> {
    let mut parts: Vec<&str> = match from.rsplit_once('/') {
        Some((folder, _)) => folder.split('/').collect(),
        None => Vec::new(),
    };
    for part in include.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            _ => parts.push(part),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
# production
-r base.txt
--constraint=../constraints.txt
-i https://pypi.org/simple
-e git+https://github.com/x/y.git#egg=y
Django==2.2.0 \\
    --hash=sha256:0123
    requests[socks]==2.19.1 ; python_version >= \"3\"  # pinned for ssl
celery>=5
https://example.com/pkg-1.0.tar.gz#egg=pkg
pillow @ https://example.com/Pillow-6.0.0.tar.gz
";

    #[test]
    fn reads_pins_and_includes_and_skips_the_rest() {
        let found = read(FILE);
        assert_eq!(found.includes, ["base.txt", "../constraints.txt"]);
        let pins: Vec<(String, String, &str)> = found
            .pins
            .iter()
            .map(|pin| {
                (
                    pin.package.clone(),
                    pin.version.to_string(),
                    &FILE[pin.range.clone()],
                )
            })
            .collect();
        assert_eq!(
            pins,
            [
                ("django".into(), "2.2.0".into(), "2.2.0"),
                ("requests".into(), "2.19.1".into(), "2.19.1")
            ]
        );
    }

    #[test]
    fn includes_resolve_beside_the_including_file() {
        assert_eq!(
            beside("requirements/prod.txt", "base.txt").unwrap(),
            "requirements/base.txt"
        );
        assert_eq!(
            beside("requirements/prod.txt", "../constraints.txt").unwrap(),
            "constraints.txt"
        );
        assert_eq!(beside("requirements.txt", "./dev/a.txt").unwrap(), "dev/a.txt");
        assert!(beside("requirements.txt", "../outside.txt").is_none());
    }
}
