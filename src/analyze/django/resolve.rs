//! The effective settings of a module: its statements run in order, with
//! `from .base import *` (relative or absolute, recursively, with a cycle
//! guard) copying the public names of the module it names, and later
//! assignments overriding earlier ones. Each name remembers the file and
//! line that set it, so a finding can point at `base.py` when production
//! inherits the value from there.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tree_sitter::Node;

use super::outline::{outline_at, Outline};
use crate::analyze::python::eval::{join, plus, Evaluated, Outcome, Py, Scope, MAX_DEPTH};
use crate::analyze::python::statements::{statements, Statement};
use crate::analyze::python::Module;
use crate::finding::place::{LineIndex, Place};
use crate::source::workspace::Workspace;

/// Where a setting got its value.
#[derive(Debug, Clone)]
pub struct Binding {
    pub value: Evaluated,
    pub path: String,
    /// The value's place; its span is the value's range in its line.
    /// Shared: every target of `A = B = ... = value` has the same one.
    pub place: Rc<Place>,
    /// Set under `if`/`for`/`except`: the value holds only sometimes.
    pub conditional: bool,
}

/// A module's names after it ran.
pub type Namespace = HashMap<String, Binding>;

/// How many modules deep star imports are followed: real settings chain
/// a handful; a longer chain would run out of stack.
const MAX_IMPORT_DEPTH: usize = 64;

/// Evaluates modules on demand, each once per analysis (twice at most:
/// see `named_depth`), so that any import graph costs at most its modules
/// times its edges.
pub struct Resolver<'w> {
    workspace: &'w dyn Workspace,
    /// Each file is read and parsed once (`None`: unreadable).
    parsed: HashMap<String, Option<Rc<Module>>>,
    /// Each module's namespace, once run: `[0]` as the settings run it,
    /// `[1]` as a named import runs it (without following its own named
    /// imports). A module met again while it runs (an import cycle) gives
    /// nothing, as the partial module it is in Python; what it left out
    /// stays out, so that no module runs twice.
    done: [HashMap<String, Rc<Namespace>>; 2],
    /// Each module's import chain, once walked.
    chains: HashMap<String, Rc<Vec<String>>>,
    running: Vec<String>,
    /// How many `from x import Y` deep the module being run is. Only the
    /// first is followed: beyond it lies the app's own import graph.
    named_depth: u8,
    /// What `-v` says about values that could not be evaluated.
    pub notes: Vec<String>,
}

impl<'w> Resolver<'w> {
    pub fn new(workspace: &'w dyn Workspace) -> Self {
        Resolver {
            workspace,
            parsed: HashMap::new(),
            done: Default::default(),
            chains: HashMap::new(),
            running: Vec::new(),
            named_depth: 0,
            notes: Vec::new(),
        }
    }

    fn parse(&mut self, path: &str) -> Option<Rc<Module>> {
        if let Some(parsed) = self.parsed.get(path) {
            return parsed.clone();
        }
        let parsed = self
            .workspace
            .read(path)
            .and_then(|source| Module::parse_at(path, &source));
        self.parsed.insert(path.to_string(), parsed.clone());
        parsed
    }

    /// The module's own names and everything it imported, or `None` when
    /// the file cannot be read.
    pub fn namespace(&mut self, path: &str) -> Option<Rc<Namespace>> {
        let depth = usize::from(self.named_depth.min(1));
        if let Some(done) = self.done[depth].get(path) {
            return Some(done.clone());
        }
        if self.running.iter().any(|running| running == path) {
            return None; // An import cycle.
        }
        if self.running.len() >= MAX_IMPORT_DEPTH {
            self.notes.push(format!(
                "{path}: imported {MAX_IMPORT_DEPTH} modules deep; not followed further, its names are unknown"
            ));
            return None;
        }
        let module = self.parse(path)?;
        self.running.push(path.to_string());
        let namespace = Rc::new(self.run(path, &module));
        self.running.pop();
        self.done[depth].insert(path.to_string(), namespace.clone());
        Some(namespace)
    }

    /// Every file the module's value depends on: itself and what it
    /// star-imports, transitively.
    pub fn chain(&mut self, path: &str) -> Rc<Vec<String>> {
        if let Some(chain) = self.chains.get(path) {
            return chain.clone();
        }
        let mut chain = vec![path.to_string()];
        let mut seen: HashSet<String> = chain.iter().cloned().collect();
        let mut index = 0;
        while index < chain.len() {
            let current = chain[index].clone();
            index += 1;
            let Some(outline) = self.outline(&current) else {
                continue;
            };
            for name in &outline.imports {
                if let Some(imported) = self.locate(&current, name).filter(|p| seen.insert(p.clone())) {
                    chain.push(imported);
                }
            }
        }
        let chain = Rc::new(chain);
        self.chains.insert(path.to_string(), chain.clone());
        chain
    }

    /// The outline of the file at `path` (what it imports).
    fn outline(&mut self, path: &str) -> Option<Rc<Outline>> {
        let workspace = self.workspace;
        outline_at(workspace, path, || self.parse(path))
    }

    /// The namespace of `module` as `importer` imports it, when the
    /// workspace holds it.
    fn imported(&mut self, importer: &str, module: &str) -> Option<Rc<Namespace>> {
        let path = self.locate(importer, module)?;
        self.namespace(&path)
    }

    fn locate(&self, importer: &str, module: &str) -> Option<String> {
        super::modules::locate(self.workspace, importer, module)
    }

    fn run(&mut self, path: &str, module: &Module) -> Namespace {
        let mut names = Namespace::new();
        let mut scope = Scope::default();
        scope.names.insert("__file__".into(), Evaluated::file(path));
        let lines = LineIndex::new(&module.source);
        let mut places = Places::default();
        for statement in statements(module) {
            match statement {
                Statement::StarImport {
                    module: imported,
                    conditional,
                } => {
                    let Some(namespace) = self.imported(path, &imported) else {
                        continue;
                    };
                    for (name, binding) in namespace.iter().filter(|(name, _)| !name.starts_with('_')) {
                        bind(&mut names, &mut scope, name, binding.clone(), conditional);
                    }
                }
                Statement::ImportNames {
                    module: imported,
                    names: wanted,
                    conditional,
                } => {
                    if self.named_depth > 0 {
                        continue;
                    }
                    self.named_depth += 1;
                    let namespace = self.imported(path, &imported);
                    self.named_depth -= 1;
                    let Some(namespace) = namespace else {
                        continue;
                    };
                    for (original, alias) in wanted {
                        if let Some(binding) = namespace.get(&original) {
                            bind(&mut names, &mut scope, &alias, binding.clone(), conditional);
                        }
                    }
                }
                Statement::Assign {
                    target,
                    value,
                    augmented,
                    conditional,
                } => {
                    scope.learn(module, &target, value);
                    let mut evaluated = scope.eval(module, value);
                    if augmented {
                        evaluated = match take(&mut names, &mut scope, &target) {
                            Some(before) => plus(before.value, &evaluated),
                            None => Evaluated::unknown(),
                        };
                    }
                    let binding = places.bind(path, module, &lines, value, evaluated);
                    bind(&mut names, &mut scope, &target, binding, conditional);
                }
                Statement::Join {
                    target,
                    arms,
                    tried,
                    conditional,
                } => {
                    let values: Vec<Evaluated> = arms.iter().map(|arm| scope.eval(module, *arm)).collect();
                    let (joined, decides) = join(&values, tried);
                    let binding = places.bind(path, module, &lines, arms[decides], joined);
                    bind(&mut names, &mut scope, &target, binding, conditional);
                }
                Statement::Mutate {
                    target,
                    method,
                    arguments,
                    conditional,
                } => {
                    if !names.contains_key(&target) {
                        continue;
                    }
                    let mut cursor = arguments.walk();
                    let args: Vec<Node<'_>> = arguments.named_children(&mut cursor).collect();
                    let added = match (method.as_str(), args.as_slice()) {
                        ("append", [item]) | ("insert", [_, item]) => {
                            let item = scope.eval(module, *item);
                            as_list(item)
                        }
                        ("extend", [items]) => scope.eval(module, *items),
                        _ => Evaluated::unknown(),
                    };
                    let Some(before) = take(&mut names, &mut scope, &target) else {
                        continue;
                    };
                    let changed = plus(before.value, &added);
                    let binding = places.bind(
                        path,
                        module,
                        &lines,
                        args.last().copied().unwrap_or(arguments),
                        changed,
                    );
                    bind(
                        &mut names,
                        &mut scope,
                        &target,
                        binding,
                        conditional || before.conditional,
                    );
                }
            }
        }
        if let Some(line) = scope.too_deep() {
            self.notes.push(format!(
                "{path}:{line}: an expression nests deeper than {MAX_DEPTH} levels; its value is taken as unknown"
            ));
        }
        names
    }
}

/// Takes a name's binding out of both maps, so that extending its value
/// (`+=`, `.append`) does not copy it.
fn take(names: &mut Namespace, scope: &mut Scope, name: &str) -> Option<Binding> {
    scope.names.remove(name);
    names.remove(name)
}

fn bind(names: &mut Namespace, scope: &mut Scope, name: &str, mut binding: Binding, conditional: bool) {
    binding.conditional |= conditional;
    scope.names.insert(name.to_string(), binding.value.clone());
    names.insert(name.to_string(), binding);
}

/// `[item]`, for `append`.
fn as_list(item: Evaluated) -> Evaluated {
    let wrap = |outcome: Outcome| match outcome {
        Outcome::Value(value) => Outcome::Value(Py::List(Rc::new(vec![value]))),
        other => other,
    };
    Evaluated {
        unset: wrap(item.unset),
        set: wrap(item.set),
        ..item
    }
}

/// Bindings' places, made once per value: the targets of `A = B = ... =
/// value` follow one another and share the value's place (its line can be
/// as long as all the targets).
#[derive(Default)]
struct Places {
    last: Option<(usize, Rc<Place>)>,
}

impl Places {
    fn bind(
        &mut self,
        path: &str,
        module: &Module,
        lines: &LineIndex,
        node: Node<'_>,
        value: Evaluated,
    ) -> Binding {
        let place = match &self.last {
            Some((id, place)) if *id == node.id() => place.clone(),
            _ => {
                let place = Rc::new(lines.locate(&module.source, node.byte_range()));
                self.last = Some((node.id(), place.clone()));
                place
            }
        };
        Binding {
            value,
            path: path.to_string(),
            place,
            conditional: false,
        }
    }
}
