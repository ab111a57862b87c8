//! Embeds every rule pack in `patterns/` into the binary. Packs are TOML for
//! people; the binary gets them as a static table of the `RuleSpec` values
//! serde would read, written here, because parsing a few hundred rules at
//! every start (TOML, or even JSON) costs milliseconds a pre-commit hook
//! cannot spare. A table, not code that builds one: the code was 440 kB of
//! instructions run once per start, and allocated every list. A unit test
//! checks that the table and the packs read through serde give the same
//! rules.
//!
//! It reads the syntax of every built-in pattern with the scanner's own
//! code (`src/scan/syntax.rs`), so that a hook parses none of them.
//!
//! It also writes typed ids for the rules an analyser reports
//! (`analyzer = "..."`), one module per analyser, so that Rust code names a
//! rule by a constant the packs define rather than by a string that could
//! drift from them.

#[path = "build/spec.rs"]
mod spec;
// The scanner's reading of a regex's syntax, run here on the built-in
// patterns; what the scanner alone uses is unused here.
#[allow(dead_code)]
#[path = "src/scan/required.rs"]
mod required;
#[allow(dead_code)]
#[path = "src/scan/syntax.rs"]
mod syntax;

use std::collections::{BTreeMap, BTreeSet};
use std::{env, fs, path::Path};

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("patterns");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut packs: Vec<_> = fs::read_dir(&dir)
        .expect("patterns/ exists")
        .map(|entry| entry.expect("patterns/ is readable").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "toml"))
        .collect();
    packs.sort();
    let mut code = String::from(
        "/// (file name, its rules) of each built-in pack.\nstatic BUILTIN_PACKS: &[(&str, &[RuleSpec])] = &[\n",
    );
    let mut summaries = String::from(
        "/// (file name, the first paragraph of the pack's leading comment) of each built-in pack.\npub const PACK_SUMMARIES: &[(&str, &str)] = &[\n",
    );
    let mut analysers: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut patterns: BTreeSet<String> = BTreeSet::new();
    for path in &packs {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_name().unwrap().to_string_lossy();
        let text = fs::read_to_string(path).expect("pack is readable UTF-8");
        summaries.push_str(&format!("    ({name:?}, {:?}),\n", summary(&text)));
        let value: toml::Value = toml::from_str(&text).unwrap_or_else(|err| panic!("{name}: {err}"));
        let rules: Vec<&toml::Value> = value
            .get("rule")
            .and_then(toml::Value::as_array)
            .into_iter()
            .flatten()
            .collect();
        for rule in &rules {
            if let (Some(id), Some(analyser)) = (
                rule.get("id").and_then(toml::Value::as_str),
                rule.get("analyzer").and_then(toml::Value::as_str),
            ) {
                analysers
                    .entry(analyser.to_string())
                    .or_default()
                    .push(id.to_string());
            }
            let tables = rule.get("pattern").and_then(toml::Value::as_array);
            for table in std::iter::once(*rule).chain(tables.into_iter().flatten()) {
                if let Some(regex) = table.get("regex").and_then(toml::Value::as_str) {
                    patterns.insert(regex.to_string());
                }
            }
        }
        let rules: Vec<String> = rules.iter().map(|rule| spec::rule(&name, rule)).collect();
        code.push_str(&format!("    ({name:?}, &[{}]),\n", rules.join(",\n")));
    }
    code.push_str("];\n");
    summaries.push_str("];\n");
    let out = Path::new(&env::var("OUT_DIR").unwrap()).to_path_buf();
    fs::write(out.join("packs.rs"), code).unwrap();
    fs::write(out.join("pack_summaries.rs"), summaries).unwrap();
    fs::write(out.join("rule_ids.rs"), rule_ids(&analysers)).unwrap();
    fs::write(out.join("known_syntax.rs"), known_syntax(&patterns)).unwrap();
}

/// The first paragraph of the comment a pack opens with, on one line: what
/// `keyward rules --format markdown` says of the pack.
fn summary(text: &str) -> String {
    text.lines()
        .map_while(|line| line.strip_prefix('#'))
        .map(str::trim)
        .take_while(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `mod django_settings { DJANGO_DEBUG, ..., RULES }` per analyser, and
/// `ANALYZER_NAMES`, every analyser the packs name.
fn rule_ids(analysers: &BTreeMap<String, Vec<String>>) -> String {
    let mut code = String::from(
        "/// Every analyser a built-in rule names, sorted.\npub(crate) const ANALYZER_NAMES: &[&str] = &[\n",
    );
    for name in analysers.keys() {
        code.push_str(&format!("    {name:?},\n"));
    }
    code.push_str("];\n");
    for (name, ids) in analysers {
        let constant = |id: &str| id.to_ascii_uppercase().replace(['.', '-'], "_");
        code.push_str(&format!(
            "\n/// The rules with `analyzer = {name:?}`.\npub(crate) mod {} {{\n    use super::{{AnalyzerRules, RuleId}};\n\n",
            name.replace('-', "_")
        ));
        for id in ids {
            code.push_str(&format!(
                "    pub(crate) const {}: RuleId = RuleId({id:?});\n",
                constant(id)
            ));
        }
        let all: Vec<String> = ids.iter().map(|id| constant(id)).collect();
        code.push_str(&format!(
            "    pub(crate) const RULES: AnalyzerRules = AnalyzerRules {{ name: {name:?}, ids: &[{}] }};\n}}\n",
            all.join(", ")
        ));
    }
    code
}

/// `known(pattern)`: what [`syntax::Syntax::of`] reads from each built-in
/// pattern, as (line bound, required clauses).
fn known_syntax(patterns: &BTreeSet<String>) -> String {
    let mut code = String::from(
        "/// What `build.rs` read from each built-in pattern's syntax: whether it\n\
         /// is line bound, and the clauses every match satisfies.\n\
         fn known(pattern: &str) -> Option<(bool, &'static [&'static [&'static [u8]]])> {\n    \
         match pattern {\n",
    );
    for pattern in patterns {
        let read = syntax::Syntax::of(pattern);
        let clauses: Vec<String> = read
            .required
            .clauses
            .iter()
            .map(|clause| {
                let strings: Vec<String> = clause.iter().map(|wanted| format!("&{wanted:?}")).collect();
                format!("&[{}]", strings.join(", "))
            })
            .collect();
        code.push_str(&format!(
            "        {pattern:?} => {{\n            const CLAUSES: &[&[&[u8]]] = &[{}];\n            Some(({}, CLAUSES))\n        }}\n",
            clauses.join(", "),
            read.line_bound
        ));
    }
    code.push_str("        _ => None,\n    }\n}\n");
    code
}
