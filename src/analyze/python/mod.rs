//! Python, read for real: a fault-tolerant tree-sitter parse (a
//! half-written file still yields the statements that parse), the
//! module-level statements that settings are made of ([`statements`]), and
//! a small evaluator that runs their values the way Python would
//! ([`eval`]).

pub(crate) mod arguments;
mod edits;
pub mod eval;
mod kept;
pub mod statements;
pub mod top_level;

use std::any::{Any, TypeId};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tree_sitter::{Node, Parser, Tree};

pub use kept::Kept;

/// A parsed Python file.
pub struct Module {
    pub source: Vec<u8>,
    pub tree: Tree,
    /// [`Module::targets`], by scope node id, once asked for.
    targets: RefCell<HashMap<usize, Rc<HashSet<String>>>>,
    /// [`Module::fact`]s, by type.
    facts: RefCell<HashMap<TypeId, Rc<dyn Any>>>,
}

thread_local! {
    /// The last module [`Module::parse_version`] parsed, and its path.
    static LAST_VERSION: RefCell<Option<(String, Rc<Module>)>> = const { RefCell::new(None) };
}

impl Module {
    /// Parses `source`, or hands back the parse of the same bytes that a
    /// [`Kept`] on this thread holds: a staged `app.py` is read by the
    /// Flask analyser, the settings analysis and the authorization
    /// analyser in turn, and parsed once.
    pub fn parse(source: &[u8]) -> Option<Rc<Module>> {
        kept::recall(source, || Module::parse_from(source, None))
    }

    /// [`Module::parse`] for the bytes of `path`, starting from the parse
    /// of another version of `path` that a [`Kept`] on this thread holds:
    /// history's settings analysis reads `settings.py` as each commit has
    /// it, and a commit changes a few lines of it.
    pub fn parse_at(path: &str, source: &[u8]) -> Option<Rc<Module>> {
        kept::recall_at(path, source, |earlier| Module::parse_from(source, earlier))
    }

    /// [`Module::parse`] for the bytes of `path`, starting from this
    /// thread's last parse of another version of the same path when there
    /// is one: tree-sitter then reads again only the span that changed.
    /// History reads blobs in path order, so the versions of a view edited
    /// in 500 commits come one after another and it is parsed whole once.
    pub fn parse_version(path: &str, source: &[u8]) -> Option<Rc<Module>> {
        let earlier = LAST_VERSION.with_borrow(|last| match last {
            Some((at, module)) if at == path => Some(module.clone()),
            _ => None,
        });
        let module = kept::recall(source, || Module::parse_from(source, earlier.as_deref()))?;
        LAST_VERSION.set(Some((path.to_string(), module.clone())));
        Some(module)
    }

    /// A parse of `source`; with `earlier`, an edit of it: the runs of
    /// lines that changed are read again, the rest is taken from its tree.
    fn parse_from(source: &[u8], earlier: Option<&Module>) -> Option<Module> {
        let mut parser = Parser::new();
        parser
            .set_language(&tree_sitter_python::LANGUAGE.into())
            .expect("the bundled Python grammar matches the tree-sitter version");
        let edited = earlier.map(|earlier| {
            let mut tree = earlier.tree.clone();
            for edit in edits::between(&earlier.source, source) {
                tree.edit(&edit);
            }
            tree
        });
        let tree = parser.parse(source, edited.as_ref())?;
        Some(Module {
            source: source.to_vec(),
            tree,
            targets: RefCell::default(),
            facts: RefCell::default(),
        })
    }

    /// What `compute` derives from this module, computed once per parse:
    /// a kept parse serves every commit of a history that holds the same
    /// file version, so it is derived once per version, not per commit.
    /// `compute` must read the module alone; each fact is its own type.
    pub fn fact<T: Any>(&self, compute: impl FnOnce(&Module) -> T) -> Rc<T> {
        let known = self.facts.borrow().get(&TypeId::of::<T>()).cloned();
        if let Some(fact) = known.and_then(|known| known.downcast().ok()) {
            return fact;
        }
        let fact = Rc::new(compute(self));
        self.facts.borrow_mut().insert(TypeId::of::<T>(), fact.clone());
        fact
    }

    /// Every name an assignment, `+=` or `for` binds anywhere under `scope`
    /// (a function or the module), found once per scope: a search for a
    /// name's assignments can stop at once when the name is not among
    /// them, rather than read back through every statement each time.
    pub fn targets(&self, scope: Node<'_>) -> Rc<HashSet<String>> {
        if let Some(known) = self.targets.borrow().get(&scope.id()) {
            return known.clone();
        }
        let mut names = HashSet::new();
        for node in descendants(scope) {
            if matches!(
                node.kind(),
                "assignment" | "augmented_assignment" | "for_statement" | "for_in_clause"
            ) {
                if let Some(left) = node.child_by_field_name("left") {
                    names.extend(
                        descendants(left)
                            .filter(|n| n.kind() == "identifier")
                            .map(|n| self.text(n)),
                    );
                }
            }
        }
        let names = Rc::new(names);
        self.targets.borrow_mut().insert(scope.id(), names.clone());
        names
    }

    /// A node's source text (invalid UTF-8 replaced).
    pub fn text(&self, node: Node<'_>) -> String {
        String::from_utf8_lossy(&self.source[node.byte_range()]).into_owned()
    }
}

/// The value of a string literal node (`"a"`, `b'a'`, `"a" "b"`), or
/// `None` when it is not a plain literal (an f-string with fields).
pub fn string_literal(module: &Module, node: Node<'_>) -> Option<String> {
    match node.kind() {
        "string" => {
            let mut value = String::new();
            let mut cursor = node.walk();
            for child in node.children(&mut cursor) {
                match child.kind() {
                    "string_content" => value.push_str(&module.text(child)),
                    "escape_sequence" => value.push_str(&unescape(&module.text(child))),
                    "interpolation" => return None,
                    _ => {}
                }
            }
            Some(value)
        }
        "concatenated_string" => {
            let mut cursor = node.walk();
            let parts: Option<Vec<String>> = node
                .named_children(&mut cursor)
                .map(|part| string_literal(module, part))
                .collect();
            parts.map(|parts| parts.concat())
        }
        _ => None,
    }
}

fn unescape(escape: &str) -> String {
    match escape {
        "\\n" => "\n".into(),
        "\\t" => "\t".into(),
        "\\\\" => "\\".into(),
        "\\'" => "'".into(),
        "\\\"" => "\"".into(),
        other => other.into(),
    }
}

/// Each place `name` occurs in `source`, with what follows it from its
/// first byte that is not a blank or a line continuation: what the cheap
/// pre-checks read to tell a call (`name(`) or a binding (`name =`) from
/// prose before anything is parsed.
pub fn occurrences<'s>(source: &'s [u8], name: &'s [u8]) -> impl Iterator<Item = (usize, &'s [u8])> + 's {
    memchr::memmem::find_iter(source, name).map(move |at| {
        let rest = &source[at + name.len()..];
        let blanks = rest
            .iter()
            .take_while(|byte| matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b'\\'))
            .count();
        (at, &rest[blanks..])
    })
}

/// Whether the text at `at` begins a name rather than continues one
/// (`DEBUG` in `TEMPLATE_DEBUG`, `raw` in `draw`).
pub fn begins_a_name(source: &[u8], at: usize) -> bool {
    !at.checked_sub(1)
        .is_some_and(|before| source[before].is_ascii_alphanumeric() || source[before] == b'_')
}

/// Every named node under `node`, itself first, in source order. A cursor
/// walk, not recursion: a file can nest expressions thousands deep.
pub fn descendants(node: Node<'_>) -> impl Iterator<Item = Node<'_>> {
    let mut cursor = node.walk();
    let mut done = false;
    std::iter::from_fn(move || loop {
        if done {
            return None;
        }
        let current = cursor.node();
        if !cursor.goto_first_child() {
            while !cursor.goto_next_sibling() {
                if !cursor.goto_parent() {
                    done = true;
                    break;
                }
            }
        }
        if current.is_named() {
            return Some(current);
        }
    })
}

/// `node`'s ancestors, outermost first. Found from the root down with one
/// cursor: tree-sitter's `parent()` searches from the root itself, so
/// climbing a deep tree parent by parent would take quadratic time.
pub fn ancestors<'t>(module: &'t Module, node: Node<'t>) -> Vec<Node<'t>> {
    let mut path = Vec::new();
    let mut cursor = module.tree.root_node().walk();
    let holds =
        |outer: Node<'_>| outer.start_byte() <= node.start_byte() && node.end_byte() <= outer.end_byte();
    while cursor.node() != node {
        path.push(cursor.node());
        let mut found = cursor.goto_first_child_for_byte(node.start_byte()).is_some();
        while found && !holds(cursor.node()) {
            found = cursor.goto_next_sibling();
        }
        if !found {
            // An empty node the search cannot place: climb instead.
            path = std::iter::successors(node.parent(), |n| n.parent()).collect();
            path.reverse();
            break;
        }
    }
    path
}

/// Whether a string node is an f-string with at least one `{field}`.
pub fn is_interpolated(node: Node<'_>) -> bool {
    let mut cursor = node.walk();
    let found = node
        .children(&mut cursor)
        .any(|child| child.kind() == "interpolation");
    found
}

#[cfg(test)]
mod tests {
    use super::Module;

    /// A parse started from an earlier version of the file is the parse
    /// of the new text, whatever the edits: inside a line, across lines,
    /// several apart, at either end with or without a last newline, inside
    /// a triple-quoted string, or the whole text.
    #[test]
    fn a_parse_from_the_version_before_equals_a_fresh_one() {
        let versions = [
            "import os\n\ndef view(request):\n    return os.environ['A']\n",
            "import os\n\ndef view(request):\n    rows = cursor.execute(f\"SELECT {request.GET['q']}\")\n    return os.environ['A']\n",
            "# header\nimport os\n\ndef view(request):\n    rows = cursor.execute(f\"SELECT {request.GET['q']}\")\n",
            "# header\nimport os\nDOC = \"\"\"\ndef not_code(x):\n    pass\n\"\"\"\ndef view(request):\n    pass\n",
            "# header\nimport os\nDOC = \"\"\"\ndef not_code(x):\n    pass\n\ndef view(request):\n    pass\n",
            "class A:\n    def b(self):\n        return pickle.loads(self.c)\n",
            "class A:\n    x = 1\n    def b(self):\n        return pickle.loads(self.c)\n\ndef f(q):\n    cursor.execute('SELECT %s' % q)",
            "class A:\n    def b(self):\n        return pickle.loads(self.c)\n\n\ndef f(q):\n    y = 2\n    cursor.execute('SELECT %s' % q)\nz = 3",
            "import os\nclass A:\n    def b(self):\n        return pickle.loads(self.d)\n\ndef f(q):\n    y = 2\n    cursor.execute('SELECT %s' % q)\nz = 4\n",
            "",
            "x = 1\n",
        ];
        for pair in versions.windows(2) {
            Module::parse_version("views.py", pair[0].as_bytes()).unwrap();
            let edited = Module::parse_version("views.py", pair[1].as_bytes()).unwrap();
            let fresh = Module::parse_from(pair[1].as_bytes(), None).unwrap();
            assert_eq!(
                edited.tree.root_node().to_sexp(),
                fresh.tree.root_node().to_sexp(),
                "{:?} after {:?}",
                pair[1],
                pair[0]
            );
        }
    }
}
