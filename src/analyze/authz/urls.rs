//! What the project's URLconfs say about its views: the argument names
//! their routes capture (`<int:pk>`, `(?P<pk>\d+)`), so that a view
//! parameter no route captures (one filled from `path(..., {"x": 1})`)
//! is not taken for the client's choice; and the guards they wrap views in
//! (`login_required(views.order)`). Read as text: routes are strings.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;

use super::guards::{self, Guard};
use crate::source::workspace::Workspace;

static CAPTURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<(?:[A-Za-z_]\w*:)?([A-Za-z_]\w*)>").expect("valid regex"));
static WRAPPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(login_required|staff_member_required|permission_required\([^()]*\)|user_passes_test\([^()]*\))\(\s*([\w.]+)")
        .expect("valid regex")
});

#[derive(Default)]
pub(crate) struct UrlConf {
    /// Every name a route captures; empty when no URLconf was read.
    captured: HashSet<String>,
    /// View name to the guard a URLconf wraps it in.
    wrapped: HashMap<String, Guard>,
}

impl UrlConf {
    pub(crate) fn read(workspace: &dyn Workspace) -> UrlConf {
        let mut conf = UrlConf::default();
        for path in workspace.paths().iter().filter(|path| is_urlconf(path)) {
            let Some(bytes) = workspace.read(path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            conf.captured
                .extend(CAPTURE.captures_iter(&text).map(|c| c[1].to_string()));
            for wrap in WRAPPER.captures_iter(&text) {
                let target = wrap[2].strip_suffix(".as_view").unwrap_or(&wrap[2]);
                let name = target.rsplit('.').next().unwrap_or(target).to_string();
                let guard = guards::of_name(&wrap[1]).max(Guard::Authenticated);
                let known = conf.wrapped.entry(name).or_insert(guard);
                *known = (*known).min(guard);
            }
        }
        conf
    }

    /// Whether a view argument of this name can come from the URL.
    pub(crate) fn captures(&self, name: &str) -> bool {
        self.captured.is_empty() || self.captured.contains(name)
    }

    /// The guard a URLconf wraps the view named `name` in.
    pub(crate) fn wrapped(&self, name: &str) -> Guard {
        self.wrapped.get(name).copied().unwrap_or(Guard::Open)
    }
}

fn is_urlconf(path: &str) -> bool {
    path.ends_with(".py")
        && (path.ends_with("urls.py") || path.contains("/urls/"))
        && !path.contains("/tests/")
}
