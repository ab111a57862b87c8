//! One Aho-Corasick automaton over every rule's keywords. A blob is read
//! once; a rule whose keywords never occur is never run. The first few
//! kilobytes a scan reads (a hook's whole change, usually) are read
//! without it ([`Pairs`]), for it costs more to build than to use there.
//!
//! The automaton is stepped here rather than by the crate's search. A DFA
//! is walked over both halves of a blob at once: each step waits on a
//! table lookup that depends on the step before, so two walks that do not
//! depend on each other take little more time than one. (Leftmost matches
//! without overlaps, which the crate searches for faster, were tried: no
//! faster here, for the time goes into these lookups, not into matches.)

use std::collections::HashMap;
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{dfa, nfa::contiguous, Anchored, MatchKind};

use super::pairs::Pairs;
use crate::rules::Rule;

/// Bytes read with [`Pairs`] before the NFA is built: on 3.5 kB the NFA
/// takes about 15 times as long to build as [`Pairs`] to build and read,
/// and they cost the same at about 64 kB.
const PAIRS_UNTIL: usize = 32 << 10;

/// Bytes read with the NFA before the DFA is built: the DFA takes about
/// 2 ms to build (which a hook would feel) and reads a megabyte about
/// 3 ms faster.
const DFA_AFTER: usize = 1 << 20;

pub struct Prefilter {
    keywords: Vec<String>,
    /// For each keyword, the rules it wakes.
    wakes: Vec<Vec<usize>>,
    /// Rules without keywords: they run on every blob.
    always: Vec<usize>,
    /// Cheap to build; `None` if a keyword is a single byte.
    pairs: OnceLock<Option<Pairs>>,
    /// Quick to build; follows failure links, several lookups a byte.
    nfa: OnceLock<contiguous::NFA>,
    /// One lookup a byte, but slower to build.
    dfa: OnceLock<dfa::DFA>,
    /// Bytes read so far.
    read: AtomicUsize,
}

impl Prefilter {
    /// `volume`: the scan reads many blobs, so it uses the DFA from the
    /// start.
    pub fn new(rules: &[Rule], volume: bool) -> Self {
        let mut keywords: Vec<String> = Vec::new();
        let mut wakes: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        // Where each keyword is in `keywords`: a search of the list for
        // each of some 400 keywords was 5% of a hook's instructions.
        let mut known: HashMap<String, usize> = HashMap::new();
        for (index, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                always.push(index);
            }
            for keyword in rule.keywords.iter() {
                let keyword = keyword.to_ascii_lowercase();
                match known.get(&keyword) {
                    Some(&at) => wakes[at].push(index),
                    None => {
                        known.insert(keyword.clone(), keywords.len());
                        keywords.push(keyword);
                        wakes.push(vec![index]);
                    }
                }
            }
        }
        Prefilter {
            keywords,
            wakes,
            always,
            pairs: OnceLock::new(),
            nfa: OnceLock::new(),
            dfa: OnceLock::new(),
            read: AtomicUsize::new(if volume { DFA_AFTER } else { 0 }),
        }
    }

    /// The rules worth running on `bytes`, with where their keywords start.
    pub fn candidates(&self, bytes: &[u8]) -> Candidates {
        let before = self.read.fetch_add(bytes.len(), Ordering::Relaxed);
        let reader = if before + bytes.len() <= PAIRS_UNTIL {
            Reader::Pairs
        } else if before < DFA_AFTER {
            Reader::Nfa
        } else {
            Reader::Dfa
        };
        self.read_with(reader, bytes)
    }

    fn read_with(&self, reader: Reader, bytes: &[u8]) -> Candidates {
        let mut hits: Vec<(usize, usize)> = Vec::new();
        let mut hit = |keyword: usize, start: usize| {
            hits.extend(self.wakes[keyword].iter().map(|&rule| (rule, start)));
        };
        // Every keyword is wanted, so every match is reported, overlapping
        // ones too; a keyword's start is its end less its length.
        let pairs = match reader {
            Reader::Pairs => self.pairs.get_or_init(|| Pairs::new(&self.keywords)).as_ref(),
            Reader::Nfa | Reader::Dfa => None,
        };
        if let Some(pairs) = pairs {
            pairs.walk(&self.keywords, bytes, &mut hit);
        } else if reader != Reader::Dfa {
            let nfa = self.nfa.get_or_init(|| {
                contiguous::Builder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    .prefilter(false)
                    .build(&self.keywords)
                    .expect("keywords are plain non-empty strings")
            });
            // Its steps branch too much for two walks to overlap.
            walk(nfa, bytes, 0, &mut hit);
        } else {
            let dfa = self.dfa.get_or_init(|| {
                dfa::Builder::new()
                    .match_kind(MatchKind::Standard)
                    .ascii_case_insensitive(true)
                    // Some keyword starts with almost any letter: a
                    // prefilter would only be called at every return to
                    // the start state.
                    .prefilter(false)
                    .build(&self.keywords)
                    .expect("keywords are plain non-empty strings")
            });
            walk(dfa, bytes, bytes.len() / 2, &mut hit);
        }
        hits.sort_unstable();
        hits.dedup();
        let mut starts = Vec::with_capacity(hits.len());
        let mut woken: Vec<(usize, Option<Range<usize>>)> = Vec::new();
        for (rule, start) in hits {
            match woken.last_mut() {
                Some((last, Some(range))) if *last == rule => range.end += 1,
                _ => woken.push((rule, Some(starts.len()..starts.len() + 1))),
            }
            starts.push(start);
        }
        woken.extend(self.always.iter().map(|&rule| (rule, None)));
        woken.sort_unstable_by_key(|&(rule, _)| rule);
        Candidates { starts, woken }
    }
}

/// How a blob's keywords are found.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Reader {
    Pairs,
    Nfa,
    Dfa,
}

/// The rules a blob wakes, in rule order.
pub struct Candidates {
    starts: Vec<usize>,
    woken: Vec<(usize, Option<Range<usize>>)>,
}

impl Candidates {
    /// Each woken rule with where its keywords start, in order (`None` for
    /// a rule without keywords).
    pub fn rules(&self) -> impl Iterator<Item = (usize, Option<&[usize]>)> {
        self.woken
            .iter()
            .map(|(rule, starts)| (*rule, starts.clone().map(|starts| &self.starts[starts])))
    }
}

/// Reports every keyword in `bytes` with where it starts. One walk reads
/// up to `half` and the other the rest; the first then reads on past
/// `half` for the keywords that start before it.
fn walk<A: Automaton>(automaton: &A, bytes: &[u8], half: usize, hit: &mut impl FnMut(usize, usize)) {
    let start = automaton
        .start_state(Anchored::No)
        .expect("built for unanchored search");
    let step = |state: StateID, byte: u8| automaton.next_state(Anchored::No, state, byte);
    let mut report = |state: StateID, end: usize, before: usize| {
        for index in 0..automaton.match_len(state) {
            let keyword = automaton.match_pattern(state, index);
            let start = end - automaton.pattern_len(keyword);
            if start < before {
                hit(keyword.as_usize(), start);
            }
        }
    };
    let (mut first, mut second) = (start, start);
    for (at, (&one, &other)) in bytes[..half].iter().zip(&bytes[half..]).enumerate() {
        first = step(first, one);
        second = step(second, other);
        if automaton.is_match(first) {
            report(first, at + 1, half);
        }
        if automaton.is_match(second) {
            report(second, half + at + 1, bytes.len());
        }
    }
    // The byte an odd length leaves over, or every byte when `half` is 0.
    for (at, &byte) in bytes.iter().enumerate().skip(2 * half) {
        second = step(second, byte);
        if automaton.is_match(second) {
            report(second, at + 1, bytes.len());
        }
    }
    let straddles = if half == 0 {
        0
    } else {
        half + automaton.max_pattern_len() - 1
    };
    for (at, &byte) in bytes.iter().enumerate().take(straddles).skip(half) {
        first = step(first, byte);
        if automaton.is_match(first) {
            report(first, at + 1, half);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const READERS: [Reader; 3] = [Reader::Pairs, Reader::Nfa, Reader::Dfa];

    /// Rules with these keywords, read as a pack is; their regexes do
    /// not matter here.
    fn rules(keywords: &[&[&str]]) -> Vec<Rule> {
        let pack: String = keywords
            .iter()
            .enumerate()
            .map(|(at, keywords)| {
                format!(
                    "[[rule]]\nid = \"test.rule-{at}\"\ntitle = \"t\"\ndescription = \"d\"\nseverity = \"block\"\n\
                     keywords = {keywords:?}\nregex = 'x(?P<secret>y)'\nremediation = \"r\"\n\
                     docs = \"https://example.org\"\nexamples = [\"xy\"]\ncounterexamples = [\"x\"]\n"
                )
            })
            .collect();
        crate::rules::pack::parse_toml("test.toml", &pack).unwrap()
    }

    /// Every rule woken with its keyword starts, read the slow way: every
    /// place every keyword occurs.
    fn every_place(rules: &[Rule], bytes: &[u8]) -> Vec<(usize, Option<Vec<usize>>)> {
        let lower = &bytes.to_ascii_lowercase();
        rules
            .iter()
            .enumerate()
            .filter_map(|(index, rule)| {
                if rule.keywords.is_empty() {
                    return Some((index, None));
                }
                let mut starts: Vec<usize> = rule
                    .keywords
                    .iter()
                    .flat_map(|keyword| {
                        let keyword = keyword.to_ascii_lowercase().into_bytes();
                        (0..lower.len())
                            .filter(move |&at| lower[at..].starts_with(&keyword))
                            .collect::<Vec<_>>()
                    })
                    .collect();
                starts.sort_unstable();
                starts.dedup();
                (!starts.is_empty()).then_some((index, Some(starts)))
            })
            .collect()
    }

    fn found(prefilter: &Prefilter, reader: Reader, bytes: &[u8]) -> Vec<(usize, Option<Vec<usize>>)> {
        prefilter
            .read_with(reader, bytes)
            .rules()
            .map(|(rule, starts)| (rule, starts.map(<[usize]>::to_vec)))
            .collect()
    }

    fn same_as_every_place(keywords: &[&[&str]], texts: &[&str]) {
        let rules = rules(keywords);
        let prefilter = Prefilter::new(&rules, false);
        for reader in READERS {
            for text in texts {
                assert_eq!(
                    found(&prefilter, reader, text.as_bytes()),
                    every_place(&rules, text.as_bytes()),
                    "{reader:?} {text:?}"
                );
            }
        }
    }

    #[test]
    fn keywords_inside_and_across_other_keywords_all_wake_their_rules() {
        same_as_every_place(
            &[
                &["secret_key"],
                &["key"],
                &["secret"],
                &["et_k"],
                &["token"],
                &["enabled"],
                &["abab"],
                &["aba"],
            ],
            &[
                "SECRET_KEY = 1",
                "secret_key_base",
                "a key, a secret, sEcReT_kEy",
                "tokenabled",
                "ababab abababx",
            ],
        );
    }

    #[test]
    fn a_keyword_is_found_wherever_it_lies_against_the_middle() {
        // The two walks meet in the middle: every keyword at every place
        // around it, in blobs of odd and even length.
        let keywords: &[&[&str]] = &[&["secret_key"], &["key"], &["tokenabled"], &["q~"]];
        let texts: Vec<String> = ["secret_key", "tokenabled", "q~"]
            .iter()
            .flat_map(|keyword| {
                (0..24).flat_map(move |at| {
                    [20, 21].map(|len| format!("{}{keyword}{}", "-".repeat(at), "-".repeat(len)))
                })
            })
            .collect();
        same_as_every_place(keywords, &texts.iter().map(String::as_str).collect::<Vec<_>>());
    }

    #[test]
    fn a_keyword_of_one_byte_is_found_too() {
        // [`Pairs`] leave such a set to the NFA.
        same_as_every_place(&[&["q"], &["key"], &["Ke"]], &["", "q", "key q", "qKEYq", "kq"]);
    }

    #[test]
    fn which_reader_reads_follows_the_bytes_read_before() {
        let rules = rules(&[&["key"]]);
        let prefilter = Prefilter::new(&rules, false);
        let blob = vec![b'k'; PAIRS_UNTIL / 2];
        let readers: Vec<bool> = (0..3)
            .map(|_| {
                let _ = prefilter.candidates(&blob);
                prefilter.pairs.get().is_some() && prefilter.nfa.get().is_none()
            })
            .collect();
        // Two halves fit under the limit; the third is read with the NFA.
        assert_eq!(readers, [true, true, false]);
        assert!(prefilter.dfa.get().is_none());
        let volume = Prefilter::new(&rules, true);
        let _ = volume.candidates(b"key");
        assert!(volume.dfa.get().is_some() && volume.pairs.get().is_none());
    }

    #[test]
    fn rules_without_keywords_run_on_every_blob_in_rule_order() {
        same_as_every_place(
            &[&["key"], &[], &["pass"], &[]],
            &["", "k", "nothing here", "pass key"],
        );
    }

    #[test]
    fn the_builtin_keywords_wake_what_every_place_wakes() {
        let rules = crate::rules::RuleSet::builtin().unwrap().rules;
        // The rules' own examples are full of keywords, and of keywords
        // that meet.
        let text: String = rules
            .iter()
            .flat_map(|rule| rule.examples.iter().chain(rule.counterexamples.iter()))
            .map(|example| format!("{}\n", example.text))
            .collect();
        let prefilter = Prefilter::new(&rules, false);
        for reader in READERS {
            assert_eq!(
                found(&prefilter, reader, text.as_bytes()),
                every_place(&rules, text.as_bytes()),
                "{reader:?}"
            );
        }
    }
}
