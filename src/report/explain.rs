//! `keyward explain RULE-ID`: everything a rule knows about itself, the
//! way `ruff rule` prints it: what it catches and why, what it finds and
//! what it leaves alone, how to fix it, and where to read more.

use crate::rules::{Example, Rule};

/// The explanation of `rule`, as printed.
pub(crate) fn explain(rule: &Rule) -> String {
    let mut text = format!("{} ({})\n{}\n\n", rule.id, rule.severity, rule.title);
    text.push_str("What it catches and why it matters\n");
    text.push_str(&indent(rule.description.trim()));
    text.push_str("\nFound (examples)\n");
    text.push_str(&examples(&rule.examples));
    text.push_str("\nNot found (counterexamples)\n");
    text.push_str(&examples(&rule.counterexamples));
    text.push_str("\nHow to fix it\n");
    text.push_str(&steps(&rule.remediation));
    text.push_str(&format!("\nDocs: {}\n", rule.docs));
    text
}

/// The remediation as numbered steps, one per sentence, wrapped; indented
/// lines are code, kept as written under the step before them.
fn steps(remediation: &str) -> String {
    let mut out = String::new();
    let mut number = 0;
    let mut prose: Vec<&str> = Vec::new();
    for line in remediation.lines() {
        if line.starts_with("    ") {
            sentences(&prose.join(" "), &mut number, &mut out);
            prose.clear();
            out.push_str(&format!("       {line}\n"));
        } else {
            prose.push(line);
        }
    }
    sentences(&prose.join(" "), &mut number, &mut out);
    out
}

/// Appends each sentence of `text` to `out` as a step, numbered after `number`.
fn sentences(text: &str, number: &mut usize, out: &mut String) {
    let words: Vec<&str> = text.split_whitespace().collect();
    let mut sentences: Vec<Vec<&str>> = vec![Vec::new()];
    for (index, word) in words.iter().enumerate() {
        sentences.last_mut().expect("never empty").push(word);
        let next_starts = words
            .get(index + 1)
            .is_some_and(|next| next.starts_with(|c: char| c.is_uppercase()));
        if word.ends_with(['.', '!', '?']) && next_starts {
            sentences.push(Vec::new());
        }
    }
    for sentence in sentences.iter().filter(|sentence| !sentence.is_empty()) {
        *number += 1;
        out.push_str(&wrap(&format!("{number}."), sentence));
    }
}

/// Wraps words at 80 columns under a hanging label (`1.`); a word longer
/// than a line stays whole.
fn wrap(label: &str, words: &[&str]) -> String {
    let first = format!("    {label} ");
    let hang = " ".repeat(first.len());
    let options = textwrap::Options::new(80)
        .initial_indent(&first)
        .subsequent_indent(&hang)
        .break_words(false)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit);
    let mut out = textwrap::fill(&words.join(" "), options);
    out.push('\n');
    out
}

fn indent(text: &str) -> String {
    text.lines().map(|line| format!("    {line}\n")).collect()
}

fn examples(examples: &[Example]) -> String {
    examples
        .iter()
        .map(|example| format!("    {}:\n{}", example.path, indent(&indent(&example.text))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::steps;

    #[test]
    fn each_sentence_is_a_step() {
        assert_eq!(
            steps("Revoke it, e.g. in the console.\nThen issue a new one. done."),
            "    1. Revoke it, e.g. in the console.\n    2. Then issue a new one. done.\n"
        );
    }

    #[test]
    fn indented_lines_are_code_kept_as_written() {
        assert_eq!(
            steps("Guard it:\n\n    if settings.DEBUG:\n        urlpatterns += x\n\nThen deploy."),
            "    1. Guard it:\n           if settings.DEBUG:\n               urlpatterns += x\n    2. Then deploy.\n"
        );
    }
}
