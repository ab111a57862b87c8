//! `Pipfile.lock` (pipenv): JSON, each section (`default`, `develop`, ...)
//! mapping package names to `{"version": "==X"}`.

use super::pin::Pin;

pub(crate) fn read(text: &str) -> Vec<Pin> {
    let Ok(serde_json::Value::Object(lock)) = serde_json::from_str::<serde_json::Value>(text) else {
        return Vec::new();
    };
    let mut pins = Vec::new();
    let mut from = 0;
    for (section, packages) in lock.iter().filter(|(section, _)| *section != "_meta") {
        let Some(packages) = packages.as_object() else {
            continue;
        };
        // serde_json gives no positions: each entry is found in the text,
        // after its section, in order.
        from = find(text, &format!("\"{section}\""), 0).unwrap_or(from);
        for (name, entry) in packages {
            let Some(version) = entry.get("version").and_then(|v| v.as_str()) else {
                continue;
            };
            let Some(version) = version.strip_prefix("==") else {
                continue;
            };
            let key = find(text, &format!("\"{name}\""), from).unwrap_or(from);
            let at = find(text, version, key).unwrap_or(key);
            pins.extend(Pin::new(name, version, at..at + version.len()));
        }
    }
    pins
}

fn find(text: &str, needle: &str, from: usize) -> Option<usize> {
    text.get(from..)?.find(needle).map(|i| from + i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_each_section_and_points_at_the_version() {
        let text = r#"{
    "_meta": {"hash": {"sha256": "x"}},
    "default": {
        "django": {"hashes": ["sha256:1"], "index": "pypi", "version": "==2.2.0"},
        "mylib": {"editable": true, "path": "."}
    },
    "develop": {
        "django": {"version": "==3.2.1"}
    }
}"#;
        let pins: Vec<(String, String)> = read(text)
            .into_iter()
            .map(|pin| (pin.version.to_string(), text[pin.range].to_string()))
            .collect();
        assert_eq!(
            pins,
            [("2.2.0".into(), "2.2.0".into()), ("3.2.1".into(), "3.2.1".into())]
        );
    }
}
