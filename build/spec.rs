//! A `[[rule]]` table of a pack as a constant Rust expression of the
//! `RuleSpec` serde would read from it (`src/rules/pack.rs`): every key
//! that struct knows, with its serde default when absent, and lists as
//! borrowed slices. An unknown key fails the build, as
//! `deny_unknown_fields` fails a user's pack.

use toml::Value;

/// `RuleSpec { ... }` for one `[[rule]]` table of pack `pack`.
pub fn rule(pack: &str, table: &Value) -> String {
    let id = table.get("id").and_then(Value::as_str).unwrap_or("?");
    let fields = Fields::new(pack, id, table);
    let code = format!(
        "RuleSpec {{ id: {}, title: {}, description: {}, severity: {}, keywords: {}, regex: {}, \
         paths: {}, exclude_paths: {}, unless: {}, patterns: {}, analyzer: {}, entropy: {}, \
         randomness: {}, allow: {}, fallback: {}, generic: {}, sensitive: {}, remediation: {}, \
         docs: {}, examples: {}, counterexamples: {} }}",
        fields.string("id"),
        fields.string("title"),
        fields.string("description"),
        fields.severity(),
        fields.strings("keywords"),
        fields.optional_string("regex"),
        fields.optional_strings("paths"),
        fields.optional_strings("exclude-paths"),
        fields.optional_string("unless"),
        fields.patterns(),
        fields.optional_string("analyzer"),
        fields.entropy(),
        fields.flag("randomness", false),
        fields.strings("allow"),
        fields.flag("fallback", false),
        fields.flag("generic", false),
        fields.flag("sensitive", true),
        fields.string("remediation"),
        fields.string("docs"),
        fields.examples("examples"),
        fields.examples("counterexamples"),
    );
    fields.refuse_unknown(&[
        "id",
        "title",
        "description",
        "severity",
        "keywords",
        "regex",
        "paths",
        "exclude-paths",
        "unless",
        "pattern",
        "analyzer",
        "entropy",
        "randomness",
        "allow",
        "fallback",
        "generic",
        "sensitive",
        "remediation",
        "docs",
        "examples",
        "counterexamples",
    ]);
    code
}

struct Fields<'v> {
    pack: &'v str,
    id: &'v str,
    table: &'v Value,
}

impl<'v> Fields<'v> {
    fn new(pack: &'v str, id: &'v str, table: &'v Value) -> Self {
        Fields { pack, id, table }
    }

    fn fail(&self, what: &str) -> ! {
        panic!("{}: rule {}: {what}", self.pack, self.id)
    }

    fn get(&self, key: &str) -> Option<&'v Value> {
        self.table.get(key)
    }

    fn string(&self, key: &str) -> String {
        self.optional(key, text)
            .unwrap_or_else(|| self.fail(&format!("missing `{key}`")))
    }

    fn optional_string(&self, key: &str) -> String {
        option(self.optional(key, text))
    }

    fn strings(&self, key: &str) -> String {
        self.optional(key, texts)
            .unwrap_or_else(|| "Cow::Borrowed(&[])".into())
    }

    fn optional_strings(&self, key: &str) -> String {
        option(self.optional(key, texts))
    }

    fn flag(&self, key: &str, default: bool) -> String {
        self.optional(key, |value| value.as_bool().map(|flag| flag.to_string()))
            .unwrap_or_else(|| default.to_string())
    }

    fn entropy(&self) -> String {
        let number = |value: &Value| {
            let bits = value
                .as_float()
                .or_else(|| value.as_integer().map(|n| n as f64))?;
            Some(format!("{bits:?}"))
        };
        option(self.optional("entropy", number))
    }

    fn severity(&self) -> String {
        match self.get("severity").and_then(Value::as_str) {
            Some("block") => "SeveritySpec::Block".into(),
            Some("warn") => "SeveritySpec::Warn".into(),
            _ => self.fail("`severity` must be \"block\" or \"warn\""),
        }
    }

    fn patterns(&self) -> String {
        let Some(patterns) = self.get("pattern") else {
            return "Cow::Borrowed(&[])".into();
        };
        let patterns = patterns
            .as_array()
            .unwrap_or_else(|| self.fail("`pattern` must be tables"));
        let code: Vec<String> = patterns
            .iter()
            .map(|table| {
                let fields = Fields::new(self.pack, self.id, table);
                fields.refuse_unknown(&["regex", "paths", "exclude-paths", "unless"]);
                format!(
                    "PatternSpec {{ regex: {}, paths: {}, exclude_paths: {}, unless: {} }}",
                    fields.optional_string("regex"),
                    fields.optional_strings("paths"),
                    fields.optional_strings("exclude-paths"),
                    fields.optional_string("unless"),
                )
            })
            .collect();
        format!("Cow::Borrowed(&[{}])", code.join(", "))
    }

    fn examples(&self, key: &str) -> String {
        let Some(examples) = self.get(key) else {
            return "Cow::Borrowed(&[])".into();
        };
        let examples = examples
            .as_array()
            .unwrap_or_else(|| self.fail(&format!("`{key}` must be a list")));
        let code: Vec<String> = examples
            .iter()
            .map(|example| self.example(key, example))
            .collect();
        format!("Cow::Borrowed(&[{}])", code.join(", "))
    }

    fn example(&self, key: &str, example: &Value) -> String {
        if let Some(example) = text(example) {
            return format!(
                "Example {{ path: Text::Borrowed(DEFAULT_EXAMPLE_PATH), text: {example}, beside: Cow::Borrowed(&[]) }}"
            );
        }
        let fields = Fields::new(self.pack, self.id, example);
        fields.refuse_unknown(&["path", "text", "beside"]);
        let beside: Vec<String> = fields
            .get("beside")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|file| {
                let file = Fields::new(self.pack, self.id, file);
                file.refuse_unknown(&["path", "text"]);
                format!("({}, {})", file.string("path"), file.string("text"))
            })
            .collect();
        if example.get("path").is_none() || example.get("text").is_none() {
            self.fail(&format!(
                "each of `{key}` is a string or a table with `path` and `text`"
            ));
        }
        format!(
            "Example {{ path: {}, text: {}, beside: Cow::Borrowed(&[{}]) }}",
            fields.string("path"),
            fields.string("text"),
            beside.join(", ")
        )
    }

    fn optional(&self, key: &str, read: impl Fn(&Value) -> Option<String>) -> Option<String> {
        let value = self.get(key)?;
        Some(read(value).unwrap_or_else(|| self.fail(&format!("`{key}` has the wrong type"))))
    }

    fn refuse_unknown(&self, known: &[&str]) {
        let table = self
            .table
            .as_table()
            .unwrap_or_else(|| self.fail("expected a table"));
        if let Some(key) = table.keys().find(|key| !known.contains(&key.as_str())) {
            self.fail(&format!("unknown key `{key}`"));
        }
    }
}

fn text(value: &Value) -> Option<String> {
    Some(format!("Text::Borrowed({:?})", value.as_str()?))
}

fn texts(value: &Value) -> Option<String> {
    let items: Option<Vec<String>> = value.as_array()?.iter().map(text).collect();
    Some(format!("Cow::Borrowed(&[{}])", items?.join(", ")))
}

fn option(code: Option<String>) -> String {
    code.map_or_else(|| "None".into(), |code| format!("Some({code})"))
}
