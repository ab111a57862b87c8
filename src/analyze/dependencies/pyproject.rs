//! Exact pins in `pyproject.toml`: PEP 621 `[project]` dependencies and
//! optional dependencies, PEP 735 `[dependency-groups]`, and Poetry's
//! dependency tables, where a bare version (`django = "2.2.0"`) is exact.

use std::collections::BTreeMap;
use std::str::FromStr;

use serde::Deserialize;
use toml::Spanned;

use super::pin::Pin;

#[derive(Deserialize)]
struct Pyproject {
    #[serde(default)]
    project: Project,
    #[serde(default, rename = "dependency-groups")]
    groups: BTreeMap<String, Vec<Spanned<toml::Value>>>,
    #[serde(default)]
    tool: Tool,
}

#[derive(Deserialize, Default)]
struct Project {
    #[serde(default)]
    dependencies: Vec<Spanned<toml::Value>>,
    #[serde(default, rename = "optional-dependencies")]
    optional: BTreeMap<String, Vec<Spanned<toml::Value>>>,
}

#[derive(Deserialize, Default)]
struct Tool {
    #[serde(default)]
    poetry: Poetry,
}

type PoetryTable = BTreeMap<String, Spanned<toml::Value>>;

#[derive(Deserialize, Default)]
struct Poetry {
    #[serde(default)]
    dependencies: PoetryTable,
    #[serde(default, rename = "dev-dependencies")]
    dev: PoetryTable,
    #[serde(default)]
    group: BTreeMap<String, PoetryGroup>,
}

#[derive(Deserialize, Default)]
struct PoetryGroup {
    #[serde(default)]
    dependencies: PoetryTable,
}

pub(crate) fn read(text: &str) -> Vec<Pin> {
    let Ok(pyproject) = toml::from_str::<Pyproject>(text) else {
        return Vec::new();
    };
    let requirements = pyproject
        .project
        .dependencies
        .iter()
        .chain(pyproject.project.optional.values().flatten())
        .chain(pyproject.groups.values().flatten());
    let mut pins: Vec<Pin> = requirements
        .filter_map(|spec| {
            let requirement = spec.get_ref().as_str()?;
            // Past the opening quote; a string with escapes is rare here.
            let at = spec.span().start + 1;
            Pin::from_requirement(requirement, at).filter(|pin| text.get(pin.range.clone()).is_some())
        })
        .collect();
    let poetry = &pyproject.tool.poetry;
    let tables = [&poetry.dependencies, &poetry.dev]
        .into_iter()
        .chain(poetry.group.values().map(|group| &group.dependencies));
    for (name, constraint) in tables.flatten() {
        if name == "python" {
            continue;
        }
        let version = match constraint.get_ref() {
            toml::Value::String(version) => version.as_str(),
            toml::Value::Table(table) => match table.get("version").and_then(toml::Value::as_str) {
                Some(version) => version,
                None => continue,
            },
            _ => continue,
        };
        // In Poetry a bare version is exact; `==` is too. `^`, `~`, `*` are ranges.
        let exact = version.trim().trim_start_matches("==").trim();
        if pep508_rs::pep440_rs::Version::from_str(exact).is_err() {
            continue;
        }
        let span = constraint.span();
        let at = text[span.clone()]
            .find(exact)
            .map_or(span.start, |i| span.start + i);
        pins.extend(Pin::new(name, exact, at..at + exact.len()));
    }
    pins
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exact_pins_in_every_table() {
        let text = r#"
[project]
dependencies = ["Django==2.2.0", "requests>=2"]
[project.optional-dependencies]
s3 = ["boto3 == 1.9.0"]
[dependency-groups]
dev = ["pytest==4.0.0", {include-group = "s3"}]
[tool.poetry.dependencies]
python = "^3.8"
flask = "1.0"
jinja2 = {version = "==2.10", extras = ["i18n"]}
celery = "^5.0"
[tool.poetry.group.test.dependencies]
pyyaml = "5.3"
"#;
        let mut pins: Vec<(String, String)> = read(text)
            .into_iter()
            .map(|pin| (pin.package, text[pin.range].to_string()))
            .collect();
        pins.sort();
        let expected = [
            ("boto3", "1.9.0"),
            ("django", "2.2.0"),
            ("flask", "1.0"),
            ("jinja2", "2.10"),
            ("pytest", "4.0.0"),
            ("pyyaml", "5.3"),
        ];
        assert_eq!(pins, expected.map(|(a, b)| (a.to_string(), b.to_string())));
    }
}
