//! How keyward names a file: relative to the repository root (or to where
//! a disk scan started), with `/` separators and no leading `./`. Every
//! source names its blobs this way, so globs, fingerprints and reports
//! agree without trimming paths again.

use std::path::Path;

pub(crate) struct RelativePath(String);

impl RelativePath {
    pub(crate) fn new(text: &str) -> Self {
        let text = text.replace('\\', "/");
        let mut rest = text.as_str();
        while let Some(shorter) = rest.strip_prefix("./").filter(|shorter| !shorter.is_empty()) {
            rest = shorter;
        }
        RelativePath(rest.to_string())
    }

    pub(crate) fn of(path: &Path) -> Self {
        RelativePath::new(&path.to_string_lossy())
    }

    pub(crate) fn into_string(self) -> String {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::RelativePath;

    #[test]
    fn leading_dots_and_backslashes_go() {
        assert_eq!(
            RelativePath::new("./app/settings.py").into_string(),
            "app/settings.py"
        );
        assert_eq!(RelativePath::new(".\\app\\x.py").into_string(), "app/x.py");
        assert_eq!(RelativePath::new("./").into_string(), "./");
        assert_eq!(RelativePath::new(".env").into_string(), ".env");
    }
}
