//! `--format github`: one workflow command per finding, which GitHub
//! Actions turns into an annotation on the line:
//! `::error file=PATH,line=N,col=N,title=RULE::MESSAGE` (`::warning` for
//! findings that do not block).

use std::io::{self, Write};

use super::message;
use crate::finding::Finding;

pub fn write(out: &mut impl Write, findings: &[Finding], show_secrets: bool) -> io::Result<()> {
    for finding in findings {
        let command = finding.severity.label();
        let text = format!(
            "{}: {}\n{}",
            message(finding),
            finding.shown_secret(show_secrets),
            finding.remediation
        );
        writeln!(
            out,
            "::{command} file={},line={},col={},title={}::{}",
            property(&finding.shown_path()),
            finding.line,
            finding.column,
            property(&finding.rule),
            data(&text)
        )?;
    }
    Ok(())
}

/// The message after `::`: `%`, CR and LF escaped, as GitHub documents.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A property value: also `:` and `,`, which would end it.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::{data, property};

    #[test]
    fn escapes_what_github_documents() {
        let (message, value) = (data("50%\r\nnext: a,b"), property("a:b,c%"));
        assert_eq!(
            [message.as_str(), value.as_str()],
            ["50%25%0D%0Anext: a,b", "a%3Ab%2Cc%25"]
        );
    }
}
