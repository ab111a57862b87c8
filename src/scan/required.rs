//! Strings every match of a regex holds, read from its syntax: `://` and
//! `@` in a URL with a password, `github`, `client` and `secret` in a
//! GitHub client secret. A woken regex is compiled only where its windows
//! hold them: a keyword alone often wakes a rule whose regex cannot match
//! there (`github` in a link), and compiling it costs more than the rest
//! of a hook's scan of a small change.
//!
//! Each requirement is a clause: one of its strings must occur (`token` or
//! `key` after `discord`). Strings are lowercase and sought in a lowercase
//! copy of the blob, for `(?i)` makes a letter a class of its two cases.

use std::ops::Range;

use regex_syntax::hir::{Class, Hir, HirKind};

use super::syntax::class_ranges;

/// Clauses that every match satisfies; none when nothing is known.
#[derive(Debug, Default, PartialEq)]
pub struct Required {
    /// Read by `build.rs` too, which writes them out for every built-in
    /// pattern.
    pub clauses: Vec<Vec<Vec<u8>>>,
}

impl Required {
    pub fn of(hir: &Hir) -> Self {
        Required {
            clauses: facts(hir).all(),
        }
    }

    /// The clauses `build.rs` read and wrote out.
    pub fn known(clauses: &[&[&[u8]]]) -> Self {
        Required {
            clauses: clauses
                .iter()
                .map(|clause| clause.iter().map(|wanted| wanted.to_vec()).collect())
                .collect(),
        }
    }

    /// Whether a match could lie inside one of `windows` of `lower` (the
    /// blob with ASCII letters lowercased): each clause has a string in
    /// the same window.
    pub fn found(&self, lower: &[u8], windows: &[Range<usize>]) -> bool {
        self.clauses.is_empty()
            || windows.iter().any(|window| {
                let within = &lower[window.clone()];
                self.clauses.iter().all(|clause| {
                    clause
                        .iter()
                        .any(|wanted| memchr::memmem::find(within, wanted).is_some())
                })
            })
    }
}

/// What a piece of a regex tells about its matches.
struct Facts {
    /// The one string it matches (letters lowercased), if it matches one.
    exact: Option<Vec<u8>>,
    /// Clauses every match satisfies.
    clauses: Vec<Vec<Vec<u8>>>,
}

impl Facts {
    fn none() -> Self {
        Facts {
            exact: None,
            clauses: Vec::new(),
        }
    }

    fn exact(bytes: Vec<u8>) -> Self {
        Facts {
            exact: Some(bytes),
            clauses: Vec::new(),
        }
    }

    /// Every clause, the exact string among them.
    fn all(self) -> Vec<Vec<Vec<u8>>> {
        let mut clauses = self.clauses;
        clauses.extend(
            self.exact
                .filter(|exact| !exact.is_empty())
                .map(|exact| vec![exact]),
        );
        clauses
    }
}

fn facts(hir: &Hir) -> Facts {
    match hir.kind() {
        // Assertions match where they stand, without a byte.
        HirKind::Empty | HirKind::Look(_) => Facts::exact(Vec::new()),
        HirKind::Literal(literal) => Facts::exact(literal.0.to_ascii_lowercase()),
        HirKind::Class(class) => match one_byte(class) {
            Some(byte) => Facts::exact(vec![byte]),
            None => Facts::none(),
        },
        HirKind::Capture(capture) => facts(&capture.sub),
        HirKind::Repetition(repetition) => match (repetition.min, repetition.max) {
            (0, Some(0)) => Facts::exact(Vec::new()),
            (0, _) => Facts::none(),
            (1, Some(1)) => facts(&repetition.sub),
            _ => Facts {
                exact: None,
                clauses: facts(&repetition.sub).all(),
            },
        },
        HirKind::Concat(parts) => {
            let mut clauses = Vec::new();
            let mut run = Vec::new();
            let mut exact = true;
            for part in parts {
                let part = facts(part);
                clauses.extend(part.clauses);
                match part.exact {
                    Some(bytes) => run.extend(bytes),
                    None => {
                        exact = false;
                        if !run.is_empty() {
                            clauses.push(vec![std::mem::take(&mut run)]);
                        }
                    }
                }
            }
            match exact {
                true => Facts {
                    exact: Some(run),
                    clauses,
                },
                false => {
                    if !run.is_empty() {
                        clauses.push(vec![run]);
                    }
                    Facts { exact: None, clauses }
                }
            }
        }
        HirKind::Alternation(alternatives) => {
            let each: Vec<Vec<Vec<Vec<u8>>>> = alternatives.iter().map(|one| facts(one).all()).collect();
            // A branch that requires nothing lets a match through without
            // any string.
            if each.iter().any(Vec::is_empty) {
                return Facts::none();
            }
            let common: Vec<Vec<Vec<u8>>> = each[0]
                .iter()
                .filter(|clause| each[1..].iter().all(|other| other.contains(clause)))
                .cloned()
                .collect();
            if !common.is_empty() {
                return Facts {
                    exact: None,
                    clauses: common,
                };
            }
            // Else whichever branch matched satisfies its own first clause.
            let mut any: Vec<Vec<u8>> = each
                .into_iter()
                .flat_map(|mut clauses| clauses.swap_remove(0))
                .collect();
            any.sort_unstable();
            any.dedup();
            Facts {
                exact: None,
                clauses: vec![any],
            }
        }
    }
}

/// The byte a class matches, lowercased, when it matches one letter in
/// either case or a single byte.
fn one_byte(class: &Class) -> Option<u8> {
    let bytes: Vec<u32> = class_ranges(class).into_iter().flatten().take(3).collect();
    let lower: Vec<u8> = bytes
        .iter()
        .map(|&byte| {
            u8::try_from(byte)
                .ok()
                .filter(u8::is_ascii)
                .map(|byte| byte.to_ascii_lowercase())
        })
        .collect::<Option<_>>()?;
    match lower.as_slice() {
        [one] => Some(*one),
        [one, two] if one == two => Some(*one),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clauses(pattern: &str) -> Vec<Vec<String>> {
        let hir = super::super::syntax::parse(pattern).unwrap();
        Required::of(&hir)
            .clauses
            .into_iter()
            .map(|clause| {
                clause
                    .into_iter()
                    .map(|bytes| String::from_utf8(bytes).unwrap())
                    .collect()
            })
            .collect()
    }

    #[test]
    fn runs_of_single_bytes_are_required_and_choices_are_clauses() {
        assert_eq!(
            clauses(r"(?i:discord[\w.]{0,20}(?:token|key))[ \t]*=[ \t]*(?P<secret>[MNO][A-Za-z0-9]{23}\.x)"),
            [vec!["discord"], vec!["key", "token"], vec!["="], vec![".x"]]
        );
        assert_eq!(
            clauses(r"\b(?i:https?|ftp)://(?P<user>[^:@]+):(?P<secret>[^@]{8,200})@\w+"),
            [vec!["ftp", "http"], vec!["://"], vec![":"], vec!["@"]]
        );
        // Strings every branch requires; else one clause of each.
        assert_eq!(
            clauses(r"(?i:aws[\w.]{0,20}secret|secret[_.]?access[_.]?key)=(\w+)"),
            [vec!["secret"], vec!["="]]
        );
        assert_eq!(clauses(r"(?:AKIA|ASIA)[A-Z2-7]{16}"), [vec!["akia", "asia"]]);
        assert_eq!(clauses(r"(?:ab+c|x\d)"), [vec!["b", "x"]]);
    }

    #[test]
    fn what_may_be_absent_is_not_required() {
        assert!(clauses(r"(?:key|)=?[A-Z]*").is_empty());
        assert!(clauses(r"(?:token)?\s*[a-f0-9]{32}").is_empty());
        assert!(clauses(r"[Kk]?[xy]").is_empty());
        assert_eq!(clauses(r"(?:ab){2,}"), [vec!["ab"]]);
        assert_eq!(clauses(r"a\b(?m:^)b$"), [vec!["ab"]]);
    }

    #[test]
    fn a_clause_is_met_within_one_window() {
        let lower = b"github link\nclient secret\n";
        let required = Required::of(&super::super::syntax::parse(r"github.*client").unwrap());
        assert!(!required.found(lower, &[0..12, 12..26]));
        assert!(required.found(lower, std::slice::from_ref(&(0..26))));
        assert!(Required::default().found(lower, &[]));
    }

    /// Every example a built-in pattern matches holds what the pattern
    /// requires, in its match.
    #[test]
    fn every_builtin_match_holds_its_required_strings() {
        let rules = crate::rules::RuleSet::builtin().unwrap().rules;
        let mut checked = 0;
        for rule in &rules {
            for pattern in &rule.patterns {
                let Some(hir) = super::super::syntax::parse(pattern.regex.source()) else {
                    continue;
                };
                let required = Required::of(&hir);
                for example in rule.examples.iter().chain(rule.counterexamples.iter()) {
                    let text = example.text.as_bytes();
                    for found in pattern.regex.get().find_iter(text) {
                        let lower = text[found.range()].to_ascii_lowercase();
                        assert!(
                            required.found(&lower, std::slice::from_ref(&(0..lower.len()))),
                            "{} {:?} in {:?}",
                            rule.id,
                            required,
                            example.text
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(checked > 300, "{checked}");
    }
}
