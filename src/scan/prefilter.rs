//! One Aho-Corasick automaton over every rule's keywords. A blob is read
//! once; a rule whose keywords never occur is never run.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use crate::rules::Rule;

pub struct Prefilter {
    automaton: AhoCorasick,
    /// For each automaton pattern, the rules it wakes.
    wakes: Vec<Vec<usize>>,
    /// Rules without keywords: they run on every blob.
    always: Vec<usize>,
    rule_count: usize,
}

impl Prefilter {
    /// `volume`: the scan reads many blobs, so a faster automaton repays
    /// its build time (about a millisecond, which a hook would feel).
    pub fn new(rules: &[Rule], volume: bool) -> Self {
        let mut keywords: Vec<String> = Vec::new();
        let mut wakes: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            if rule.keywords.is_empty() {
                always.push(index);
            }
            for keyword in &rule.keywords {
                let keyword = keyword.to_ascii_lowercase();
                match keywords.iter().position(|known| *known == keyword) {
                    Some(at) => wakes[at].push(index),
                    None => {
                        keywords.push(keyword);
                        wakes.push(vec![index]);
                    }
                }
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            // Every keyword is wanted, so the search reports overlapping
            // matches; a DFA takes one table lookup per byte where an NFA
            // follows failure links.
            .kind(volume.then_some(AhoCorasickKind::DFA))
            .build(&keywords)
            .expect("keywords are plain non-empty strings");
        Prefilter {
            automaton,
            wakes,
            always,
            rule_count: rules.len(),
        }
    }

    /// The rules worth running on `bytes`, in rule order, each with where
    /// its keywords start (`None` for a rule without keywords).
    pub fn candidates(&self, bytes: &[u8]) -> Vec<(usize, Option<Vec<usize>>)> {
        let mut hits: Vec<Vec<usize>> = vec![Vec::new(); self.wakes.len()];
        for hit in self.automaton.find_overlapping_iter(bytes) {
            hits[hit.pattern().as_usize()].push(hit.start());
        }
        let mut woken: Vec<Option<Option<Vec<usize>>>> = vec![None; self.rule_count];
        for &index in &self.always {
            woken[index] = Some(None);
        }
        for (keyword, starts) in hits.iter().enumerate().filter(|(_, starts)| !starts.is_empty()) {
            for &rule in &self.wakes[keyword] {
                woken[rule]
                    .get_or_insert_with(|| Some(Vec::new()))
                    .get_or_insert_with(Vec::new)
                    .extend_from_slice(starts);
            }
        }
        woken
            .into_iter()
            .enumerate()
            .filter_map(|(index, on)| Some((index, on?)))
            .collect()
    }
}
