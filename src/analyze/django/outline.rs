//! What a module's own statements say about its place among the settings:
//! which of Django's core settings it assigns, and which modules it
//! imports. Discovery asks it of every settings module and the import
//! chain of every production module, on each commit history analyses: it
//! is read once per file version ([`Module::fact`]), and remembered by
//! blob for the whole run ([`outline_at`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::unnamed::CORE;
use crate::analyze::python::statements::{blocks_of, statements, Statement};
use crate::analyze::python::Module;
use crate::source::workspace::Workspace;
use tree_sitter::Node;

thread_local! {
    /// Outlines by the blob of their file.
    static BY_BLOB: RefCell<HashMap<git2::Oid, Rc<Outline>>> = RefCell::default();
}

pub struct Outline {
    /// The core settings it assigns at module level, sorted, once each.
    pub core: Vec<String>,
    /// The modules it imports from (`from X import *`, `from X import Y`),
    /// in order, leading dots kept.
    pub imports: Vec<String>,
    /// It assigns no core setting, and a top-level `try`/`except` or
    /// `if`/`else` star-imports a module in two of its arms: the module
    /// picks its settings (`try: from .dev import *` / `except ImportError:
    /// from .prod import *`) rather than being one. A module that sets its
    /// own and then lays `local_settings` or `heroku_settings` over them is
    /// one.
    pub chooses: bool,
}

/// The outline of `path` as `workspace` holds it, from `parse` when its
/// blob was not outlined before on this thread: history's analysis asks
/// for the same settings modules at every commit it analyses, and a commit
/// that reads none of them lets their parses go. `None` when `parse`
/// gives nothing (then nothing is remembered).
pub fn outline_at(
    workspace: &dyn Workspace,
    path: &str,
    parse: impl FnOnce() -> Option<Rc<Module>>,
) -> Option<Rc<Outline>> {
    let blob = workspace.blob(path);
    if let Some(known) = blob.and_then(|blob| BY_BLOB.with_borrow(|known| known.get(&blob).cloned())) {
        return Some(known);
    }
    let outline = outline(&*parse()?);
    if let Some(blob) = blob {
        BY_BLOB.with_borrow_mut(|known| known.insert(blob, outline.clone()));
    }
    Some(outline)
}

/// [`outline_at`], parsing the file as the workspace holds it.
pub fn read_outline(workspace: &dyn Workspace, path: &str) -> Option<Rc<Outline>> {
    outline_at(workspace, path, || {
        workspace
            .read(path)
            .and_then(|source| Module::parse_at(path, &source))
    })
}

fn outline(module: &Module) -> Rc<Outline> {
    module.fact(|module| {
        let mut core = Vec::new();
        let mut imports = Vec::new();
        for statement in statements(module) {
            match statement {
                Statement::Assign { target, .. } if CORE.contains(&target.as_str()) => core.push(target),
                Statement::StarImport { module: name, .. } | Statement::ImportNames { module: name, .. } => {
                    imports.push(name)
                }
                _ => {}
            }
        }
        core.sort();
        core.dedup();
        Outline {
            chooses: core.is_empty() && chooses(module.tree.root_node()),
            core,
            imports,
        }
    })
}

fn chooses(root: Node<'_>) -> bool {
    let mut cursor = root.walk();
    let top_level: Vec<Node<'_>> = root.named_children(&mut cursor).collect();
    top_level.into_iter().any(|statement| {
        let arms = match statement.kind() {
            "try_statement" | "if_statement" => arms(statement),
            _ => return false,
        };
        arms.into_iter().filter(|arm| star_imports(*arm)).count() >= 2
    })
}

/// The blocks of a `try` (its body and handlers) or an `if` (each branch).
fn arms(statement: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = statement.walk();
    let children: Vec<Node<'_>> = statement.named_children(&mut cursor).collect();
    children
        .into_iter()
        .flat_map(|child| match child.kind() {
            "block" => vec![child],
            "except_clause" | "elif_clause" => blocks_of(child),
            // A `try`'s `else` runs after its body, not instead of it.
            "else_clause" if statement.kind() == "if_statement" => blocks_of(child),
            _ => Vec::new(),
        })
        .collect()
}

fn star_imports(block: Node<'_>) -> bool {
    let mut cursor = block.walk();
    let statements: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
    statements.into_iter().any(|statement| {
        let mut inner = statement.walk();
        statement.kind() == "import_from_statement"
            && statement
                .named_children(&mut inner)
                .any(|part| part.kind() == "wildcard_import")
    })
}

#[cfg(test)]
mod tests {
    use super::outline;
    use crate::analyze::python::Module;

    fn chooses(source: &str) -> bool {
        outline(&Module::parse(source.as_bytes()).unwrap()).chooses
    }

    #[test]
    fn a_module_that_only_picks_dev_or_prod_chooses() {
        assert!(chooses(
            "try:\n    from .dev import *\nexcept ImportError:\n    from .prod import *\n"
        ));
        assert!(chooses(
            "import os\nif os.environ.get('ENV') == 'prod':\n    from .prod import *\nelse:\n    from .dev import *\n"
        ));
        // Settings of its own, with an overlay: a settings module.
        assert!(!chooses(
            "DEBUG = False\nif LOCAL:\n    from .local_settings import *\nelif HEROKU:\n    from .heroku_settings import *\n"
        ));
        assert!(!chooses(
            "from .base import *\ntry:\n    from .local import *\nexcept ImportError:\n    pass\n"
        ));
    }
}
