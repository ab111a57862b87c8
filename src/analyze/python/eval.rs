//! Runs a settings value the way Python would, twice: once in a world
//! where the environment variables it reads are unset, and once where they
//! hold the string "False". The two answers expose the traps: a default
//! that turns DEBUG on, and `os.getenv("DEBUG", False)`, which returns the
//! non-empty, truthy string "False".
//!
//! Understands literals, names bound earlier, `os.environ[...]`,
//! `os.environ.get`/`os.getenv`, django-environ (`env(...)`, `env.bool`,
//! `env.str`, `env.list`, `env.int`, with schemes), python-decouple
//! (`config(..., default=, cast=)`), `bool()`, `int()`, `str.lower()`,
//! `.split()`, comparisons, `in`, `and`/`or`/`not` and conditional
//! expressions, dictionaries, and filesystem paths ([`paths`]). Everything
//! else is unknown, never guessed.

use std::cell::Cell;
use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use super::arguments::Arguments;
use super::{string_literal, Module};

pub mod paths;

/// A Python value the evaluator can hold.
#[derive(Debug, Clone, PartialEq)]
pub enum Py {
    None,
    Bool(bool),
    Int(i64),
    /// Shared like lists: `KEY += "..."` line after line appends in place.
    Str(Rc<String>),
    /// Shared, so that a value bound to many names, or extended by `+=`
    /// line after line, is not copied each time.
    List(Rc<Vec<Py>>),
    /// A `pathlib.Path` (see [`paths`]).
    Path(Rc<String>),
    /// A dictionary; entries whose key or value is unknown are left out.
    Dict(Rc<Vec<(Py, Py)>>),
}

impl Py {
    pub fn truthy(&self) -> bool {
        match self {
            Py::None => false,
            Py::Bool(b) => *b,
            Py::Int(i) => *i != 0,
            Py::Str(s) => !s.is_empty(),
            Py::List(items) => !items.is_empty(),
            Py::Path(_) => true,
            Py::Dict(entries) => !entries.is_empty(),
        }
    }
}

/// The outcome of evaluating an expression in one world.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Value(Py),
    /// Python raises (a required variable is missing, a cast fails): the
    /// settings fail closed.
    Raises,
    Unknown,
}

impl Outcome {
    pub fn truthy(&self) -> Option<bool> {
        match self {
            Outcome::Value(value) => Some(value.truthy()),
            Outcome::Raises | Outcome::Unknown => None,
        }
    }

    fn map(self, f: impl FnOnce(Py) -> Outcome) -> Outcome {
        match self {
            Outcome::Value(value) => f(value),
            other => other,
        }
    }
}

/// The value an environment variable has in the second world.
pub const SET_VALUE: &str = "False";

/// An expression's outcomes in both worlds.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluated {
    pub unset: Outcome,
    pub set: Outcome,
    /// The value comes from the environment (at least in part).
    pub reads_env: bool,
    /// A plain literal: nothing but strings, numbers, booleans, lists.
    pub literal: bool,
    /// The literal default of an environment lookup, when there is one.
    pub env_default: Option<String>,
}

impl Evaluated {
    pub fn constant(value: Py) -> Self {
        Evaluated {
            unset: Outcome::Value(value.clone()),
            set: Outcome::Value(value),
            reads_env: false,
            literal: true,
            env_default: None,
        }
    }

    /// What `__file__` holds in the module at `path` (see [`paths`]).
    pub fn file(path: &str) -> Self {
        Evaluated {
            literal: false,
            ..Evaluated::constant(Py::Str(Rc::new(format!("/{path}"))))
        }
    }

    pub fn unknown() -> Self {
        Evaluated {
            unset: Outcome::Unknown,
            set: Outcome::Unknown,
            reads_env: false,
            literal: false,
            env_default: None,
        }
    }

    /// Applies `f` in both worlds; the result is no longer a literal.
    fn then(self, f: impl Fn(Py) -> Outcome) -> Self {
        Evaluated {
            unset: self.unset.map(&f),
            set: self.set.map(&f),
            literal: false,
            ..self
        }
    }
}

/// How a helper turns the raw string into a value.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cast {
    Raw,
    /// django-environ: true for 1/true/on/ok/y/yes (or a non-zero number), otherwise false.
    EnvironBool,
    /// python-decouple: y/yes/t/true/on/1 or n/no/f/false/off/0; anything else raises.
    DecoupleBool,
    Int,
    List,
}

impl Cast {
    fn apply(self, raw: &str) -> Outcome {
        let lower = raw.trim().to_ascii_lowercase();
        match self {
            Cast::Raw => Outcome::Value(Py::Str(Rc::new(raw.to_string()))),
            Cast::EnvironBool => {
                Outcome::Value(Py::Bool(lower.parse::<i64>().map(|n| n != 0).unwrap_or_else(
                    |_| matches!(lower.as_str(), "true" | "on" | "ok" | "y" | "yes" | "1"),
                )))
            }
            Cast::DecoupleBool => match lower.as_str() {
                "y" | "yes" | "t" | "true" | "on" | "1" => Outcome::Value(Py::Bool(true)),
                "n" | "no" | "f" | "false" | "off" | "0" | "" => Outcome::Value(Py::Bool(false)),
                _ => Outcome::Raises,
            },
            Cast::Int => lower
                .parse()
                .map(|n| Outcome::Value(Py::Int(n)))
                .unwrap_or(Outcome::Raises),
            Cast::List => Outcome::Value(Py::List(Rc::new(
                raw.split(',')
                    .filter(|s| !s.is_empty())
                    .map(|s| Py::Str(Rc::new(s.to_string())))
                    .collect(),
            ))),
        }
    }

    /// django-environ casts a default that is a string; other defaults are used as they are.
    fn apply_to_default(self, default: Py) -> Outcome {
        match default {
            Py::Str(raw) if self != Cast::Raw => self.apply(&raw),
            other => Outcome::Value(other),
        }
    }

    fn from_type_name(name: &str) -> Option<Cast> {
        match name {
            "bool" => Some(Cast::EnvironBool),
            "int" => Some(Cast::Int),
            "list" => Some(Cast::List),
            "str" => Some(Cast::Raw),
            _ => None,
        }
    }
}

/// How deep an expression may nest before its value is unknown: far
/// deeper than any real setting, shallow enough for any thread's stack
/// (CPython itself refuses 200 nested parentheses).
pub const MAX_DEPTH: u32 = 100;

/// What the evaluator knows about the module so far.
#[derive(Default)]
pub struct Scope {
    pub names: HashMap<String, Evaluated>,
    /// Variables with a django-environ scheme: `environ.Env(DEBUG=(bool, False))`.
    schemes: HashMap<String, (Cast, Option<Py>)>,
    /// Names bound to `environ.Env(...)`, besides the usual `env`.
    env_objects: Vec<String>,
    /// How deep the expression being evaluated is nested.
    depth: Cell<u32>,
    /// The line (1-based) of the first expression nested deeper than
    /// [`MAX_DEPTH`], which was taken as unknown.
    too_deep: Cell<Option<usize>>,
}

impl Scope {
    /// Records what an assignment's value teaches about helpers (an
    /// `environ.Env(...)` object and its scheme).
    pub fn learn(&mut self, module: &Module, target: &str, value: Node<'_>) {
        if value.kind() != "call" {
            return;
        }
        let Some(function) = value.child_by_field_name("function") else {
            return;
        };
        let name = module.text(function);
        if name != "Env" && !name.ends_with(".Env") {
            return;
        }
        self.env_objects.push(target.to_string());
        let Some(arguments) = value.child_by_field_name("arguments") else {
            return;
        };
        let mut cursor = arguments.walk();
        for argument in arguments.named_children(&mut cursor) {
            let (Some(key), Some(scheme)) = (
                argument.child_by_field_name("name"),
                argument.child_by_field_name("value"),
            ) else {
                continue;
            };
            if scheme.kind() != "tuple" {
                continue;
            }
            let mut inner = scheme.walk();
            let parts: Vec<Node<'_>> = scheme.named_children(&mut inner).collect();
            if let Some(cast) = parts.first().and_then(|p| Cast::from_type_name(&module.text(*p))) {
                let default = parts.get(1).and_then(|d| match self.eval(module, *d).unset {
                    Outcome::Value(value) => Some(value),
                    _ => None,
                });
                self.schemes.insert(module.text(key), (cast, default));
            }
        }
    }

    pub fn eval(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            if self.too_deep.get().is_none() {
                self.too_deep.set(Some(node.start_position().row + 1));
            }
            return Evaluated::unknown();
        }
        self.depth.set(depth + 1);
        let evaluated = self.eval_node(module, node);
        self.depth.set(depth);
        evaluated
    }

    /// The line of the first expression nested too deep to evaluate, if any.
    pub fn too_deep(&self) -> Option<usize> {
        self.too_deep.get()
    }

    fn eval_node(&self, module: &Module, node: Node<'_>) -> Evaluated {
        match node.kind() {
            "true" => Evaluated::constant(Py::Bool(true)),
            "false" => Evaluated::constant(Py::Bool(false)),
            "none" => Evaluated::constant(Py::None),
            "integer" => module
                .text(node)
                .replace('_', "")
                .parse()
                .map(|n| Evaluated::constant(Py::Int(n)))
                .unwrap_or_else(|_| Evaluated::unknown()),
            "string" | "concatenated_string" => match string_literal(module, node) {
                Some(text) => Evaluated::constant(Py::Str(Rc::new(text))),
                None => Evaluated::unknown(),
            },
            "list" | "tuple" | "set" => self.sequence(module, node),
            "dictionary" => self.dictionary(module, node),
            "attribute" => match (
                node.child_by_field_name("object"),
                node.child_by_field_name("attribute").map(|a| module.text(a)),
            ) {
                (Some(object), Some(attribute)) if attribute == "parent" => {
                    paths::parent_of(self.eval(module, object))
                }
                _ => Evaluated::unknown(),
            },
            "parenthesized_expression" => match node.named_child(0) {
                Some(inner) => self.eval(module, inner),
                None => Evaluated::unknown(),
            },
            "identifier" => self
                .names
                .get(&module.text(node))
                .cloned()
                .unwrap_or_else(Evaluated::unknown),
            "subscript" => self.subscript(module, node),
            "call" => self.call(module, node),
            "comparison_operator" => self.comparison(module, node),
            "not_operator" => match node.child_by_field_name("argument") {
                Some(argument) => self
                    .eval(module, argument)
                    .then(|value| Outcome::Value(Py::Bool(!value.truthy()))),
                None => Evaluated::unknown(),
            },
            "boolean_operator" => self.boolean(module, node),
            "conditional_expression" => self.conditional(module, node),
            "binary_operator" => self.binary(module, node),
            _ => Evaluated::unknown(),
        }
    }

    fn sequence(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let mut cursor = node.walk();
        let items: Vec<Evaluated> = node
            .named_children(&mut cursor)
            .filter(|child| child.kind() != "comment")
            .map(|child| self.eval(module, child))
            .collect();
        let world = |pick: fn(&Evaluated) -> &Outcome| -> Outcome {
            let mut values = Vec::new();
            for item in &items {
                match pick(item) {
                    Outcome::Value(value) => values.push(value.clone()),
                    other => return other.clone(),
                }
            }
            Outcome::Value(Py::List(Rc::new(values)))
        };
        Evaluated {
            unset: world(|e| &e.unset),
            set: world(|e| &e.set),
            reads_env: items.iter().any(|item| item.reads_env),
            literal: items.iter().all(|item| item.literal),
            env_default: items.iter().find_map(|item| item.env_default.clone()),
        }
    }

    /// `{"DIRS": [...], ...}`, in both worlds.
    fn dictionary(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let mut cursor = node.walk();
        let pairs: Vec<(Evaluated, Evaluated)> = node
            .named_children(&mut cursor)
            .filter_map(|pair| {
                let key = pair.child_by_field_name("key")?;
                let value = pair.child_by_field_name("value")?;
                Some((self.eval(module, key), self.eval(module, value)))
            })
            .collect();
        let world = |pick: fn(&Evaluated) -> &Outcome| -> Outcome {
            let entries = pairs
                .iter()
                .filter_map(|(key, value)| match (pick(key), pick(value)) {
                    (Outcome::Value(key), Outcome::Value(value)) => Some((key.clone(), value.clone())),
                    _ => None,
                })
                .collect();
            Outcome::Value(Py::Dict(Rc::new(entries)))
        };
        Evaluated {
            unset: world(|e| &e.unset),
            set: world(|e| &e.set),
            reads_env: pairs.iter().any(|(k, v)| k.reads_env || v.reads_env),
            literal: false,
            env_default: None,
        }
    }

    /// `os.environ["X"]`: a required variable.
    fn subscript(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let value = node.child_by_field_name("value").map(|v| module.text(v));
        if matches!(value.as_deref(), Some("os.environ" | "environ")) {
            return env_call(None, Cast::Raw, true);
        }
        Evaluated::unknown()
    }

    fn call(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let Some(function) = node.child_by_field_name("function") else {
            return Evaluated::unknown();
        };
        let Some(args) = Arguments::of(module, node) else {
            return Evaluated::unknown();
        };
        let name = module.text(function);
        let default = |key: &str, position: usize| {
            args.keyword(key)
                .or_else(|| args.positional(position))
                .map(|node| self.eval(module, node))
        };
        match name.as_str() {
            "os.getenv" | "getenv" | "os.environ.get" | "environ.get" => {
                return env_call(default("default", 1), Cast::Raw, false);
            }
            "config" => {
                // python-decouple: no default means a missing variable raises.
                let cast = match args.keyword("cast").map(|c| module.text(c)).as_deref() {
                    Some("bool") => Some(Cast::DecoupleBool),
                    Some("int") => Some(Cast::Int),
                    Some("Csv()") => Some(Cast::List),
                    Some(_) => None,
                    None => Some(Cast::Raw),
                };
                return match cast {
                    Some(cast) => env_call(args.keyword("default").map(|d| self.eval(module, d)), cast, true),
                    None => Evaluated::unknown(),
                };
            }
            "bool" => {
                return match args.positional(0) {
                    Some(inner) => self
                        .eval(module, inner)
                        .then(|value| Outcome::Value(Py::Bool(value.truthy()))),
                    None => Evaluated::constant(Py::Bool(false)),
                };
            }
            "int" => {
                return match args.positional(0) {
                    Some(inner) => self.eval(module, inner).then(|value| match value {
                        Py::Str(text) => Cast::Int.apply(&text),
                        Py::Bool(b) => Outcome::Value(Py::Int(b as i64)),
                        Py::Int(n) => Outcome::Value(Py::Int(n)),
                        _ => Outcome::Raises,
                    }),
                    None => Evaluated::unknown(),
                };
            }
            _ => {}
        }
        if let Some(path) = paths::call(self, module, &name, &args) {
            return path;
        }
        // django-environ: `env(...)` and `env.bool(...)` on an Env object.
        let (object, method) = match name.rsplit_once('.') {
            Some((object, method)) => (object, Some(method)),
            None => (name.as_str(), None),
        };
        if object == "env" || self.env_objects.iter().any(|known| known == object) {
            let variable = args
                .positional(0)
                .and_then(|n| string_literal(module, n))
                .unwrap_or_default();
            let scheme = self.schemes.get(&variable).cloned();
            let explicit = match method {
                None => args
                    .keyword("cast")
                    .map(|c| Cast::from_type_name(&module.text(c)).unwrap_or(Cast::Raw)),
                Some("bool") => Some(Cast::EnvironBool),
                Some("int") => Some(Cast::Int),
                Some("list") => Some(Cast::List),
                Some("str") => Some(Cast::Raw),
                Some(_) => return Evaluated::unknown(),
            };
            let mut default = default("default", 1);
            if default.is_none() {
                default = scheme
                    .as_ref()
                    .and_then(|(_, d)| d.clone())
                    .map(Evaluated::constant);
            }
            // With no cast, a scheme's type or the default's own type decides.
            let cast = explicit.or(scheme.map(|(cast, _)| cast)).unwrap_or_else(|| {
                match default.as_ref().map(|d| &d.unset) {
                    Some(Outcome::Value(Py::Bool(_))) => Cast::EnvironBool,
                    Some(Outcome::Value(Py::Int(_))) => Cast::Int,
                    Some(Outcome::Value(Py::List(_))) => Cast::List,
                    _ => Cast::Raw,
                }
            });
            return env_call(default, cast, true);
        }
        // Methods on a value we know: `.lower()`, `.split(",")`.
        if let (Some(method), Some(receiver)) = (method, function.child_by_field_name("object")) {
            let separator = args.positional(0).and_then(|n| string_literal(module, n));
            let receiver = self.eval(module, receiver);
            if let Some(path) = paths::method(self, module, receiver.clone(), method, &args) {
                return path;
            }
            return match method {
                "lower" | "upper" | "strip" => receiver.then(move |value| match value {
                    Py::Str(s) => Outcome::Value(Py::Str(Rc::new(match method {
                        "lower" => s.to_lowercase(),
                        "upper" => s.to_uppercase(),
                        _ => s.trim().to_string(),
                    }))),
                    _ => Outcome::Unknown,
                }),
                "split" => receiver.then(move |value| match value {
                    Py::Str(s) => Outcome::Value(Py::List(Rc::new(match &separator {
                        Some(sep) => s
                            .split(sep.as_str())
                            .map(|p| Py::Str(Rc::new(p.to_string())))
                            .collect(),
                        None => s
                            .split_whitespace()
                            .map(|p| Py::Str(Rc::new(p.to_string())))
                            .collect(),
                    }))),
                    _ => Outcome::Unknown,
                }),
                _ => Evaluated::unknown(),
            };
        }
        Evaluated::unknown()
    }

    fn comparison(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let mut cursor = node.walk();
        let operands: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        let operators: Vec<String> = node
            .children_by_field_name("operators", &mut node.walk())
            .map(|op| module.text(op).split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        if operands.len() != 2 || operators.len() != 1 {
            return Evaluated::unknown();
        }
        // `"DEBUG" in os.environ`: false when unset, true when set.
        let right_text = module.text(operands[1]);
        if matches!(right_text.as_str(), "os.environ" | "environ") {
            let present = operators[0] == "in";
            return Evaluated {
                unset: Outcome::Value(Py::Bool(!present)),
                set: Outcome::Value(Py::Bool(present)),
                reads_env: true,
                literal: false,
                env_default: None,
            };
        }
        let left = self.eval(module, operands[0]);
        let right = self.eval(module, operands[1]);
        let operator = operators[0].clone();
        let compare = move |a: &Outcome, b: &Outcome| -> Outcome {
            let (Outcome::Value(a), Outcome::Value(b)) = (a, b) else {
                return match (a, b) {
                    (Outcome::Raises, _) | (_, Outcome::Raises) => Outcome::Raises,
                    _ => Outcome::Unknown,
                };
            };
            let result = match operator.as_str() {
                "==" => a == b,
                "!=" => a != b,
                "in" | "not in" => {
                    let inside = match b {
                        Py::List(items) => items.contains(a),
                        Py::Str(haystack) => {
                            matches!(a, Py::Str(needle) if haystack.contains(needle.as_str()))
                        }
                        _ => return Outcome::Unknown,
                    };
                    inside == (operator == "in")
                }
                _ => return Outcome::Unknown,
            };
            Outcome::Value(Py::Bool(result))
        };
        Evaluated {
            unset: compare(&left.unset, &right.unset),
            set: compare(&left.set, &right.set),
            reads_env: left.reads_env || right.reads_env,
            literal: false,
            env_default: None,
        }
    }

    fn boolean(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let (Some(left), Some(right), Some(operator)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
            node.child_by_field_name("operator"),
        ) else {
            return Evaluated::unknown();
        };
        let is_and = module.text(operator) == "and";
        let left = self.eval(module, left);
        let right = self.eval(module, right);
        // Python returns an operand, not a boolean.
        let pick = |a: &Outcome, b: &Outcome| match a.truthy() {
            Some(truthy) if truthy == is_and => b.clone(),
            Some(_) => a.clone(),
            None => a.clone(),
        };
        Evaluated {
            unset: pick(&left.unset, &right.unset),
            set: pick(&left.set, &right.set),
            reads_env: left.reads_env || right.reads_env,
            literal: false,
            env_default: left.env_default.or(right.env_default),
        }
    }

    fn conditional(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let mut cursor = node.walk();
        let parts: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
        let [body, test, orelse] = parts[..] else {
            return Evaluated::unknown();
        };
        let (body, test, orelse) = (
            self.eval(module, body),
            self.eval(module, test),
            self.eval(module, orelse),
        );
        let pick = |t: &Outcome, b: &Outcome, o: &Outcome| match t.truthy() {
            Some(true) => b.clone(),
            Some(false) => o.clone(),
            None => Outcome::Unknown,
        };
        Evaluated {
            unset: pick(&test.unset, &body.unset, &orelse.unset),
            set: pick(&test.set, &body.set, &orelse.set),
            reads_env: test.reads_env || body.reads_env || orelse.reads_env,
            literal: false,
            env_default: body.env_default.or(orelse.env_default),
        }
    }

    /// `+` on strings and lists (`"abc" "def"` is handled as a literal).
    fn binary(&self, module: &Module, node: Node<'_>) -> Evaluated {
        let (Some(left), Some(right)) = (
            node.child_by_field_name("left"),
            node.child_by_field_name("right"),
        ) else {
            return Evaluated::unknown();
        };
        match node
            .child_by_field_name("operator")
            .map(|op| module.text(op))
            .as_deref()
        {
            Some("+") => plus(self.eval(module, left), &self.eval(module, right)),
            Some("/") => paths::divide(self.eval(module, left), self.eval(module, right)),
            _ => Evaluated::unknown(),
        }
    }
}

/// Python's `+` on strings and lists, in both worlds (also `+=`). The
/// left value is extended in place when nothing else holds it, so a name
/// extended line after line costs each line only what it adds.
pub fn plus(left: Evaluated, right: &Evaluated) -> Evaluated {
    let add = |a: Outcome, b: &Outcome| match (a, b) {
        (Outcome::Value(Py::Str(mut a)), Outcome::Value(Py::Str(b))) => {
            Rc::make_mut(&mut a).push_str(b);
            Outcome::Value(Py::Str(a))
        }
        (Outcome::Value(Py::List(mut a)), Outcome::Value(Py::List(b))) => {
            Rc::make_mut(&mut a).extend(b.iter().cloned());
            Outcome::Value(Py::List(a))
        }
        (Outcome::Raises, _) | (_, Outcome::Raises) => Outcome::Raises,
        _ => Outcome::Unknown,
    };
    Evaluated {
        reads_env: left.reads_env || right.reads_env,
        literal: left.literal && right.literal,
        env_default: None,
        unset: add(left.unset, &right.unset),
        set: add(left.set, &right.set),
    }
}

/// The value of a name after branches that all assign it: `arms` holds
/// each completing arm's value, in order. After `try` (`tried`), the body's
/// value holds unless it raises, and then a handler's does: so
/// `try: os.environ["KEY"] except KeyError: "dev"` falls back to "dev", as an
/// environment default would. Otherwise arms that disagree give unknown.
/// Also returns the index of the arm that decides the unset world.
pub fn join(arms: &[Evaluated], tried: bool) -> (Evaluated, usize) {
    let agree = |outcomes: Vec<&Outcome>| match outcomes.split_first() {
        Some((first, rest)) if rest.iter().all(|o| o == first) => (*first).clone(),
        _ => Outcome::Unknown,
    };
    let world = |pick: fn(&Evaluated) -> &Outcome| match arms.split_first() {
        Some((body, handlers)) if tried && *pick(body) == Outcome::Raises => {
            agree(handlers.iter().map(pick).collect())
        }
        Some((body, _)) if tried => pick(body).clone(),
        _ => agree(arms.iter().map(pick).collect()),
    };
    let (unset, set) = (world(|e| &e.unset), world(|e| &e.set));
    let handler_literal = arms.iter().skip(1).find_map(|arm| match &arm.unset {
        Outcome::Value(Py::Str(text)) if arm.literal => Some(text.to_string()),
        _ => None,
    });
    let env_default = match arms.first() {
        Some(body) if tried && body.reads_env && body.unset == Outcome::Raises => handler_literal,
        _ => arms.iter().find_map(|arm| arm.env_default.clone()),
    };
    let decides = match arms.first() {
        Some(body) if tried && body.unset == Outcome::Raises => 1,
        _ => arms.iter().position(|arm| arm.unset == unset).unwrap_or(0),
    };
    let joined = Evaluated {
        literal: arms.iter().all(|arm| arm.literal) && arms.iter().all(|arm| arm.unset == unset),
        reads_env: arms.iter().any(|arm| arm.reads_env),
        env_default,
        unset,
        set,
    };
    (joined, decides.min(arms.len().saturating_sub(1)))
}

/// An environment lookup: `default` applies when the variable is unset
/// (none: `None`, or raises for helpers that require it); when it is set,
/// its raw string goes through `cast`.
fn env_call(default: Option<Evaluated>, cast: Cast, required_without_default: bool) -> Evaluated {
    let env_default = default.as_ref().and_then(|d| match &d.unset {
        Outcome::Value(Py::Str(text)) if d.literal => Some(text.to_string()),
        _ => None,
    });
    let unset = match default {
        Some(default) => default.unset.map(|value| cast.apply_to_default(value)),
        None if required_without_default => Outcome::Raises,
        None => Outcome::Value(Py::None),
    };
    Evaluated {
        unset,
        set: cast.apply(SET_VALUE),
        reads_env: true,
        literal: false,
        env_default,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::python::statements::{statements, Statement};

    /// Evaluates the last assignment of `source` after running the others.
    fn last(source: &str) -> Evaluated {
        let module = Module::parse(source.as_bytes()).unwrap();
        let mut scope = Scope::default();
        let mut result = None;
        for statement in statements(&module) {
            if let Statement::Assign { target, value, .. } = statement {
                scope.learn(&module, &target, value);
                let evaluated = scope.eval(&module, value);
                scope.names.insert(target, evaluated.clone());
                result = Some(evaluated);
            }
        }
        result.expect("an assignment")
    }

    /// Asserts that the last value of each source is `(unset, set)`: truthy
    /// or not with the variable unset, and with it set (to [`SET_VALUE`]);
    /// `None` where it is unknown.
    fn assert_worlds(expected: (Option<bool>, Option<bool>), sources: &[&str]) {
        for source in sources {
            let e = last(source);
            assert_eq!((e.unset.truthy(), e.set.truthy()), expected, "{source}");
        }
    }

    const ON: Option<bool> = Some(true);
    const OFF: Option<bool> = Some(false);

    #[test]
    fn literals_are_what_they_say() {
        assert_worlds((ON, ON), &["DEBUG = True", "DEBUG = 'False'"]);
        assert!(last("DEBUG = True").literal);
    }

    #[test]
    fn getenv_returns_the_truthy_string_false() {
        assert_worlds(
            (OFF, ON),
            &[
                "import os\nDEBUG = os.getenv('DEBUG', False)",
                "DEBUG = os.environ.get('DEBUG')",
                "DEBUG = 'DEBUG' in os.environ",
            ],
        );
        assert_worlds((ON, ON), &["DEBUG = bool(os.getenv('DEBUG', 'False'))"]);
        assert_worlds((None, ON), &["DEBUG = os.environ['DEBUG']"]);
    }

    #[test]
    fn comparisons_parse_the_string() {
        assert_worlds(
            (OFF, OFF),
            &[
                "DEBUG = os.getenv('DEBUG', 'False') == 'True'",
                "DEBUG = os.getenv('DEBUG', '0').lower() in ('1', 'true', 'yes')",
            ],
        );
        assert_worlds((ON, OFF), &["DEBUG = os.environ.get('DEBUG', 'True') == 'True'"]);
    }

    #[test]
    fn django_environ_casts_like_django_environ() {
        assert_worlds((ON, OFF), &["DEBUG = env.bool('DEBUG', default=True)"]);
        assert_worlds((None, ON), &["DEBUG = env('DEBUG')"]);
        assert_worlds(
            (OFF, OFF),
            &[
                "DEBUG = env.bool('DEBUG', default=False)",
                "DEBUG = env('DEBUG', default=False)",
                "env = environ.Env(DEBUG=(bool, False))\nDEBUG = env('DEBUG')",
            ],
        );
    }

    #[test]
    fn decouple_needs_a_cast() {
        assert_worlds((OFF, OFF), &["DEBUG = config('DEBUG', default=False, cast=bool)"]);
        assert_worlds((OFF, ON), &["DEBUG = config('DEBUG', default=False)"]);
        assert_worlds((ON, OFF), &["DEBUG = config('DEBUG', default=True, cast=bool)"]);
    }

    #[test]
    fn literal_defaults_are_remembered() {
        let e = last("SECRET_KEY = os.environ.get('SECRET_KEY', 'abc')");
        assert_eq!(e.env_default.as_deref(), Some("abc"));
        let e = last("SECRET_KEY = os.environ.get('SECRET_KEY', get_random_secret_key())");
        assert_eq!(e.env_default, None);
    }

    #[test]
    fn hosts_from_a_split_default() {
        let e = last("ALLOWED_HOSTS = os.getenv('HOSTS', '*').split(',')");
        assert_eq!(
            e.unset,
            Outcome::Value(Py::List(Rc::new(vec![Py::Str(Rc::new("*".into()))])))
        );
        let e = last("ALLOWED_HOSTS = env.list('HOSTS', default=['*'])");
        assert_eq!(
            e.unset,
            Outcome::Value(Py::List(Rc::new(vec![Py::Str(Rc::new("*".into()))])))
        );
    }
}
