//! The effective settings of a module: its statements run in order, with
//! `from .base import *` (relative or absolute, recursively, with a cycle
//! guard) copying the public names of the module it names, and later
//! assignments overriding earlier ones. Each name remembers the file and
//! line that set it, so a finding can point at `base.py` when production
//! inherits the value from there.

use std::collections::HashMap;
use std::rc::Rc;

use tree_sitter::Node;

use crate::analyze::python::eval::{join, plus, Evaluated, Outcome, Py, Scope};
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
    pub place: Place,
    /// Set under `if`/`for`/`except`: the value holds only sometimes.
    pub conditional: bool,
}

/// A module's names after it ran.
pub type Namespace = HashMap<String, Binding>;

/// Evaluates modules on demand, each once.
pub struct Resolver<'w> {
    workspace: &'w dyn Workspace,
    /// Each file is read and parsed once (`None`: unreadable).
    parsed: HashMap<String, Option<Rc<Module>>>,
    done: HashMap<String, Rc<Namespace>>,
    running: Vec<String>,
    /// An import cycle was met below the module being run: its namespace
    /// is partial and must not be remembered.
    cyclic: bool,
    /// How many `from x import Y` deep the module being run is. Only the
    /// first is followed: beyond it lies the app's own import graph, whose
    /// cycles would make the walk exponential (a module reached deeper is
    /// partial, and not remembered).
    named_depth: u8,
}

impl<'w> Resolver<'w> {
    pub fn new(workspace: &'w dyn Workspace) -> Self {
        Resolver {
            workspace,
            parsed: HashMap::new(),
            done: HashMap::new(),
            running: Vec::new(),
            cyclic: false,
            named_depth: 0,
        }
    }

    fn parse(&mut self, path: &str) -> Option<Rc<Module>> {
        if let Some(parsed) = self.parsed.get(path) {
            return parsed.clone();
        }
        let parsed = self
            .workspace
            .read(path)
            .and_then(|source| Module::parse(&source))
            .map(Rc::new);
        self.parsed.insert(path.to_string(), parsed.clone());
        parsed
    }

    /// The module's own names and everything it imported, or `None` when
    /// the file cannot be read.
    pub fn namespace(&mut self, path: &str) -> Option<Rc<Namespace>> {
        if let Some(done) = self.done.get(path) {
            return Some(done.clone());
        }
        if self.running.iter().any(|running| running == path) {
            self.cyclic = true;
            return None; // An import cycle: Python would fail too.
        }
        let module = self.parse(path)?;
        let outer_cyclic = std::mem::replace(&mut self.cyclic, false);
        self.running.push(path.to_string());
        let namespace = Rc::new(self.run(path, &module));
        self.running.pop();
        if !self.cyclic && self.named_depth == 0 {
            self.done.insert(path.to_string(), namespace.clone());
        }
        self.cyclic |= outer_cyclic;
        Some(namespace)
    }

    /// Every file the module's value depends on: itself and what it
    /// star-imports, transitively.
    pub fn chain(&mut self, path: &str) -> Vec<String> {
        let mut chain = vec![path.to_string()];
        let mut index = 0;
        while index < chain.len() {
            let current = chain[index].clone();
            index += 1;
            let Some(module) = self.parse(&current) else {
                continue;
            };
            for statement in statements(&module) {
                let imported = match statement {
                    Statement::StarImport { module: name, .. }
                    | Statement::ImportNames { module: name, .. } => self.locate(&current, &name),
                    _ => None,
                };
                if let Some(imported) = imported.filter(|p| !chain.contains(p)) {
                    chain.push(imported);
                }
            }
        }
        chain
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
        let lines = LineIndex::new(&module.source);
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
                        evaluated = match scope.names.get(&target) {
                            Some(before) => plus(before, &evaluated),
                            None => Evaluated::unknown(),
                        };
                    }
                    let binding = locate(path, module, &lines, value, evaluated);
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
                    let binding = locate(path, module, &lines, arms[decides], joined);
                    bind(&mut names, &mut scope, &target, binding, conditional);
                }
                Statement::Mutate {
                    target,
                    method,
                    arguments,
                    conditional,
                } => {
                    let Some(before) = names.get(&target).cloned() else {
                        continue;
                    };
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
                    let changed = plus(&before.value, &added);
                    let binding = locate(
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
        names
    }
}

fn bind(names: &mut Namespace, scope: &mut Scope, name: &str, mut binding: Binding, conditional: bool) {
    binding.conditional |= conditional;
    scope.names.insert(name.to_string(), binding.value.clone());
    names.insert(name.to_string(), binding);
}

/// `[item]`, for `append`.
fn as_list(item: Evaluated) -> Evaluated {
    let wrap = |outcome: Outcome| match outcome {
        Outcome::Value(value) => Outcome::Value(Py::List(vec![value])),
        other => other,
    };
    Evaluated {
        unset: wrap(item.unset),
        set: wrap(item.set),
        ..item
    }
}

fn locate(path: &str, module: &Module, lines: &LineIndex, node: Node<'_>, value: Evaluated) -> Binding {
    Binding {
        value,
        path: path.to_string(),
        place: lines.locate(&module.source, node.byte_range()),
        conditional: false,
    }
}
