//! Finds a module's views: top-level functions whose first parameter is the
//! request, and classes built on a Django or DRF view (a base whose name
//! holds `View`), with what judging them needs: decorators, bases, class
//! attributes and methods. Reads only the module's top level and class
//! bodies, with cursors.

use tree_sitter::Node;

use crate::analyze::python::Module;

pub(crate) struct View<'t> {
    pub(crate) name: String,
    /// The `def` or `class` node itself.
    pub(crate) node: Node<'t>,
    /// Each decorator's expression, as written (`login_required`).
    pub(crate) decorators: Vec<Decorator<'t>>,
    /// Base classes as written; empty for a function view.
    pub(crate) bases: Vec<String>,
    /// Class-level `name = value` statements.
    pub(crate) attributes: Vec<(String, Node<'t>)>,
    /// The function view itself, or each method of the class.
    pub(crate) handlers: Vec<Handler<'t>>,
}

#[derive(Clone, Copy)]
pub(crate) struct Decorator<'t> {
    pub(crate) node: Node<'t>,
}

pub(crate) struct Handler<'t> {
    pub(crate) name: String,
    /// The `function_definition`.
    pub(crate) function: Node<'t>,
    pub(crate) decorators: Vec<Decorator<'t>>,
    /// The parameters after `request` (and `self`): what a URL can pass.
    pub(crate) url_parameters: Vec<String>,
}

impl<'t> View<'t> {
    pub(crate) fn is_class(&self) -> bool {
        !self.bases.is_empty()
    }

    pub(crate) fn attribute(&self, name: &str) -> Option<Node<'t>> {
        self.attributes
            .iter()
            .find(|(attribute, _)| attribute == name)
            .map(|(_, value)| *value)
    }

    pub(crate) fn method(&self, name: &str) -> Option<&Handler<'t>> {
        self.handlers.iter().find(|handler| handler.name == name)
    }

    /// Whether a base's last dotted segment satisfies `test`.
    pub(crate) fn has_base(&self, test: impl Fn(&str) -> bool) -> bool {
        self.bases
            .iter()
            .any(|base| test(base.rsplit('.').next().unwrap_or(base)))
    }

    /// Every decorator of the view and of its methods, as text.
    pub(crate) fn all_decorators<'v>(&'v self, module: &'v Module) -> impl Iterator<Item = String> + 'v {
        self.decorators
            .iter()
            .chain(self.handlers.iter().flat_map(|handler| &handler.decorators))
            .map(|decorator| module.text(decorator.node))
    }
}

/// The views defined at the top level of `module`.
pub(crate) fn discover(module: &Module) -> Vec<View<'_>> {
    let root = module.tree.root_node();
    let mut cursor = root.walk();
    let mut views = Vec::new();
    for statement in root.named_children(&mut cursor) {
        let (decorators, definition) = unwrap(statement);
        match definition.kind() {
            "function_definition" => {
                if let Some(handler) = handler(module, definition, decorators.clone(), false) {
                    if is_request(handler.first.as_deref()) {
                        views.push(View {
                            name: handler.handler.name.clone(),
                            node: definition,
                            decorators,
                            bases: Vec::new(),
                            attributes: Vec::new(),
                            handlers: vec![handler.handler],
                        });
                    }
                }
            }
            "class_definition" => views.extend(class(module, definition, decorators)),
            _ => {}
        }
    }
    views
}

fn is_request(name: Option<&str>) -> bool {
    matches!(name, Some("request" | "req"))
}

/// A statement's decorators and the definition they decorate.
fn unwrap(statement: Node<'_>) -> (Vec<Decorator<'_>>, Node<'_>) {
    if statement.kind() != "decorated_definition" {
        return (Vec::new(), statement);
    }
    let mut decorators = Vec::new();
    let mut cursor = statement.walk();
    for child in statement.named_children(&mut cursor) {
        if child.kind() == "decorator" {
            if let Some(expression) = child.named_child(0) {
                decorators.push(Decorator { node: expression });
            }
        }
    }
    let definition = statement.child_by_field_name("definition").unwrap_or(statement);
    (decorators, definition)
}

struct Found<'t> {
    handler: Handler<'t>,
    /// The first parameter's name (`request` for a function view).
    first: Option<String>,
}

/// A function's name and parameters; `method`: the first parameter is `self`.
fn handler<'t>(
    module: &Module,
    function: Node<'t>,
    decorators: Vec<Decorator<'t>>,
    method: bool,
) -> Option<Found<'t>> {
    let name = module.text(function.child_by_field_name("name")?);
    let mut names = Vec::new();
    if let Some(parameters) = function.child_by_field_name("parameters") {
        let mut cursor = parameters.walk();
        for parameter in parameters.named_children(&mut cursor) {
            let identifier = match parameter.kind() {
                "identifier" => Some(parameter),
                "default_parameter" | "typed_default_parameter" => parameter.child_by_field_name("name"),
                "typed_parameter" => parameter.named_child(0).filter(|n| n.kind() == "identifier"),
                _ => None,
            };
            if let Some(identifier) = identifier {
                names.push(module.text(identifier));
            }
        }
    }
    let skip = usize::from(method);
    let first = names.get(skip).cloned();
    let url_parameters = names
        .into_iter()
        .skip(skip + 1)
        .filter(|name| !is_request(Some(name)))
        .collect();
    Some(Found {
        handler: Handler {
            name,
            function,
            decorators,
            url_parameters,
        },
        first,
    })
}

/// A class built on a view, or `None`.
fn class<'t>(module: &Module, class: Node<'t>, decorators: Vec<Decorator<'t>>) -> Option<View<'t>> {
    let name = module.text(class.child_by_field_name("name")?);
    let mut bases = Vec::new();
    if let Some(list) = class.child_by_field_name("superclasses") {
        let mut cursor = list.walk();
        for base in list.named_children(&mut cursor) {
            if base.kind() != "keyword_argument" && base.kind() != "comment" {
                bases.push(module.text(base));
            }
        }
    }
    if !bases
        .iter()
        .any(|base| base.rsplit('.').next().unwrap_or(base).contains("View"))
    {
        return None;
    }
    let mut attributes = Vec::new();
    let mut handlers = Vec::new();
    let body = class.child_by_field_name("body")?;
    let mut cursor = body.walk();
    for statement in body.named_children(&mut cursor) {
        let (decorators, definition) = unwrap(statement);
        match definition.kind() {
            "function_definition" => {
                if let Some(found) = handler(module, definition, decorators, true) {
                    // Only the request handlers get the URL's arguments.
                    let mut method = found.handler;
                    if !is_request(found.first.as_deref()) {
                        method.url_parameters.clear();
                    }
                    handlers.push(method);
                }
            }
            "expression_statement" => {
                let Some(assignment) = definition.named_child(0).filter(|n| n.kind() == "assignment") else {
                    continue;
                };
                if let (Some(left), Some(right)) = (
                    assignment.child_by_field_name("left"),
                    assignment.child_by_field_name("right"),
                ) {
                    if left.kind() == "identifier" {
                        attributes.push((module.text(left), right));
                    }
                }
            }
            _ => {}
        }
    }
    Some(View {
        name,
        node: class,
        decorators,
        bases,
        attributes,
        handlers,
    })
}
