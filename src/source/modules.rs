//! Python modules by dotted name, over a sorted list of paths: `a.b.c` is
//! `a/b/c.py` or `a/b/c/__init__.py` wherever the project root is, and the
//! shortest such path wins. Built once per listing, so resolving an import
//! costs a lookup, not a pass over every path of the tree.

use std::collections::HashMap;

pub struct ModuleIndex {
    /// A module's path suffix with `/` separators (`b/c`), to the index of
    /// the shortest path that ends with it (the first in order on a tie).
    by_suffix: HashMap<String, usize>,
}

impl ModuleIndex {
    /// `paths` must be sorted.
    pub fn new(paths: &[String]) -> Self {
        let mut by_suffix: HashMap<String, usize> = HashMap::new();
        for (at, path) in paths.iter().enumerate() {
            let Some(stem) = path.strip_suffix(".py") else {
                continue;
            };
            // `c/__init__.py` is both module `c` and module `c.__init__`.
            let package = stem
                .strip_suffix("/__init__")
                .filter(|package| !package.is_empty());
            for module in std::iter::once(stem).chain(package) {
                let starts = std::iter::once(0).chain(module.match_indices('/').map(|(slash, _)| slash + 1));
                for start in starts {
                    let suffix = &module[start..];
                    match by_suffix.get_mut(suffix) {
                        Some(best) if paths[*best].len() <= path.len() => {}
                        Some(best) => *best = at,
                        None => {
                            by_suffix.insert(suffix.to_string(), at);
                        }
                    }
                }
            }
        }
        ModuleIndex { by_suffix }
    }

    /// The path of module `dotted` among `paths` (the list it was built from).
    pub fn find<'p>(&self, paths: &'p [String], dotted: &str) -> Option<&'p String> {
        if dotted.is_empty() {
            return None;
        }
        let at = *self.by_suffix.get(&dotted.replace('.', "/"))?;
        paths.get(at)
    }
}

#[cfg(test)]
mod tests {
    use super::ModuleIndex;

    fn find(paths: &[&str], dotted: &str) -> Option<String> {
        let paths: Vec<String> = paths.iter().map(|path| path.to_string()).collect();
        ModuleIndex::new(&paths).find(&paths, dotted).cloned()
    }

    #[test]
    fn the_shortest_path_that_ends_with_the_module_wins() {
        let paths = [
            "a/settings/__init__.py",
            "a/settings/base.py",
            "src/a/settings/base.py",
            "z/b.c.py",
        ];
        assert_eq!(
            find(&paths, "a.settings").as_deref(),
            Some("a/settings/__init__.py")
        );
        assert_eq!(
            find(&paths, "settings.base").as_deref(),
            Some("a/settings/base.py")
        );
        assert_eq!(
            find(&paths, "src.a.settings.base").as_deref(),
            Some("src/a/settings/base.py")
        );
        assert_eq!(
            find(&paths, "a.settings.__init__").as_deref(),
            Some("a/settings/__init__.py")
        );
        // A file name with a dot is no module path; a partial name is no module.
        assert_eq!(find(&paths, "b.c"), None);
        assert_eq!(find(&paths, "ase"), None);
        assert_eq!(find(&paths, ""), None);
    }
}
