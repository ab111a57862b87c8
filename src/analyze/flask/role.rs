//! Where a piece of configuration runs, read from the name a project gave
//! it: `ProductionConfig`, `config/dev.py`, `tests/conftest.py`. Names that
//! say nothing are the base, which production uses unless a production
//! class replaces it.

use crate::filter::context::{in_tests, shown_not_deployed};

/// Ordered from least to most exposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Testing,
    Development,
    Base,
    Production,
}

impl Role {
    /// What a class or module name says. Development and test words win over
    /// production words: a wrong warning costs less than a wrong block.
    pub fn of_name(name: &str) -> Role {
        let lower = name.to_ascii_lowercase();
        let has = |words: &[&str]| words.iter().any(|word| lower.contains(word));
        if has(&["test"]) {
            Role::Testing
        } else if has(&["dev", "local", "debug", "example", "sample"]) {
            Role::Development
        } else if has(&["prod", "live", "staging", "deploy"]) {
            Role::Production
        } else {
            Role::Base
        }
    }

    /// What a file's path says: test folders and files first, then
    /// examples and documentation, then the file's stem and folders.
    pub fn of_path(path: &str) -> Role {
        let parts: Vec<&str> = path.split('/').collect();
        let file = parts.last().copied().unwrap_or_default();
        let stem = file.strip_suffix(".py").unwrap_or(file);
        let folders = &parts[..parts.len().saturating_sub(1)];
        if in_tests(path) {
            return Role::Testing;
        }
        if shown_not_deployed(path) {
            return Role::Development;
        }
        match Role::of_name(stem) {
            Role::Base => folders.last().map_or(Role::Base, |folder| Role::of_name(folder)),
            role => role,
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Role::Testing => "test",
            Role::Development => "development",
            Role::Base => "base",
            Role::Production => "production",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Role;

    #[test]
    fn names_grade_roles() {
        assert_eq!(Role::of_name("ProductionConfig"), Role::Production);
        assert_eq!(Role::of_name("DevelopmentConfig"), Role::Development);
        assert_eq!(Role::of_name("TestingConfig"), Role::Testing);
        assert_eq!(Role::of_name("Config"), Role::Base);
        assert_eq!(Role::of_path("tests/conftest.py"), Role::Testing);
        assert_eq!(Role::of_path("unittests/app.py"), Role::Testing);
        assert_eq!(Role::of_path("app/config/production.py"), Role::Production);
        assert_eq!(Role::of_path("app/config.py"), Role::Base);
        assert_eq!(Role::of_path("app/__init__.py"), Role::Base);
        assert_eq!(Role::of_path("examples/auth/main.py"), Role::Development);
        assert_eq!(
            Role::of_path("docs/tutorial/flaskr/__init__.py"),
            Role::Development
        );
    }
}
