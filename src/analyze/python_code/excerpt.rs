//! What the code rules parse of a file: an excerpt of its top-level
//! statements ([`top_level::split`]). It holds every simple statement (the
//! imports and assignments that the SQL rule reads as the module's names)
//! and a migration's class (which makes a migration's SQL helpers
//! internal), then the compound statements that hold a call a rule looks
//! for. Each of those is judged where it stands in the file, by the same
//! checks, on a smaller tree.
//!
//! The hits are remembered per statement text for the path read last: a
//! history reads a file's versions one after another, and the next version
//! of a view module changes one function, so only what changed is parsed.
//! An excerpt that does not parse cleanly (the file is half-written, or
//! the cut is wrong) is not trusted: the whole file is parsed instead.

use std::cell::RefCell;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use super::Rules;
use crate::analyze::python::top_level::{self, TopLevel};
use crate::analyze::python::Module;
use crate::analyze::Hit;

/// The hits `judge` finds in `source` for `rules`, judged on an excerpt;
/// `None` when the excerpt cannot be trusted and the file must be judged
/// whole.
pub fn hits(
    path: &str,
    source: &[u8],
    rules: Rules,
    judge: impl Fn(&Module) -> Vec<Hit>,
) -> Option<Vec<Hit>> {
    let statements = top_level::split(source);
    let mut holding = vec![false; statements.len()];
    for needle in rules.needles() {
        for at in memchr::memmem::find_iter(source, needle.as_bytes()) {
            if let Some(index) = statements
                .partition_point(|statement| statement.range.start <= at)
                .checked_sub(1)
            {
                holding[index] = true;
            }
        }
    }
    let (context, judged): (Vec<usize>, Vec<usize>) =
        (0..statements.len()).partition(|&index| in_context(source, &statements[index]));
    let context_needed = context.iter().any(|&index| holding[index]);
    let judged: Vec<&TopLevel> = judged
        .into_iter()
        .filter(|&index| holding[index])
        .map(|index| &statements[index])
        .collect();
    if judged.is_empty() && !context_needed {
        return Some(Vec::new());
    }
    let context = Excerpt::of(
        source,
        context.iter().map(|&index| statements[index].range.clone()),
    );
    KNOWN.with_borrow_mut(|known| {
        let known = match known {
            Some(known) if known.path == path && known.rules == rules && known.context == context.text => {
                known
            }
            _ => known.insert(Known {
                path: path.to_string(),
                rules,
                context: context.text.clone(),
                context_hits: None,
                statements: HashMap::new(),
            }),
        };
        known.learn(source, &context, &judged, context_needed, judge)?;
        Some(known.hits_in(source, &context, &judged, context_needed))
    })
}

thread_local! {
    /// What was found in the path read last on this thread.
    static KNOWN: RefCell<Option<Known>> = const { RefCell::new(None) };
}

/// The hits found in one path's versions, for one context.
struct Known {
    path: String,
    rules: Rules,
    /// The text of the context excerpt these hits were judged with.
    context: Vec<u8>,
    /// The hits in the context itself, by offset in its excerpt; `None`
    /// before it is parsed, `Some(None)` when it does not parse cleanly.
    context_hits: Option<Option<Vec<Hit>>>,
    /// The hits in each judged statement by its text, by offset in it;
    /// `None` for a statement that did not parse cleanly.
    statements: HashMap<Vec<u8>, Option<Vec<Hit>>>,
}

impl Known {
    /// Parses what is not known yet of `judged` (and the context, when
    /// `context_needed`); `None` when any of it does not parse cleanly.
    fn learn(
        &mut self,
        source: &[u8],
        context: &Excerpt,
        judged: &[&TopLevel],
        context_needed: bool,
        judge: impl Fn(&Module) -> Vec<Hit>,
    ) -> Option<()> {
        let mut unknown: Vec<&TopLevel> = Vec::new();
        for statement in judged {
            match self.statements.get(&source[statement.range.clone()]) {
                Some(None) => return None,
                Some(Some(_)) => {}
                None => unknown.push(statement),
            }
        }
        if matches!(self.context_hits, Some(None)) {
            return None;
        }
        if unknown.is_empty() && !(context_needed && self.context_hits.is_none()) {
            return Some(());
        }
        let excerpt = Excerpt::of(
            source,
            (context.pieces.iter().map(|piece| piece.source.clone()))
                .chain(unknown.iter().map(|statement| statement.range.clone())),
        );
        let Some(module) = parse_cleanly(&excerpt.text) else {
            // Which statement is at fault is not known: none of them is
            // trusted alone again. The context is, when it parses alone.
            for statement in &unknown {
                self.statements
                    .insert(source[statement.range.clone()].to_vec(), None);
            }
            if self.context_hits.is_none() {
                self.context_hits = Some(parse_cleanly(&context.text).map(|module| judge(&module)));
            }
            return None;
        };
        let mut found: Vec<Vec<Hit>> = vec![Vec::new(); 1 + unknown.len()];
        for mut hit in judge(&module) {
            let piece = excerpt.piece_of(hit.range.start);
            if piece >= context.pieces.len() {
                let start = excerpt.pieces[piece].excerpt;
                hit.range = hit.range.start - start..hit.range.end - start;
                found[1 + piece - context.pieces.len()].push(hit);
            } else {
                found[0].push(hit);
            }
        }
        let mut found = found.into_iter();
        self.context_hits = Some(found.next());
        // Keep only what this version holds: the next one shares most of it.
        self.statements.retain(|text, _| {
            judged
                .iter()
                .any(|statement| source[statement.range.clone()] == **text)
        });
        for (statement, hits) in unknown.iter().zip(found) {
            self.statements
                .insert(source[statement.range.clone()].to_vec(), Some(hits));
        }
        Some(())
    }

    /// The hits known for this version, placed in `source`, statement by
    /// statement in source order.
    fn hits_in(
        &self,
        source: &[u8],
        context: &Excerpt,
        judged: &[&TopLevel],
        context_needed: bool,
    ) -> Vec<Hit> {
        let mut placed: Vec<(usize, Hit)> = Vec::new();
        if context_needed {
            for hit in self.context_hits.iter().flatten().flatten() {
                let piece = &context.pieces[context.piece_of(hit.range.start)];
                let shift = |at: usize| at - piece.excerpt + piece.source.start;
                let range = shift(hit.range.start)..shift(hit.range.end);
                placed.push((piece.source.start, Hit { range, ..hit.clone() }));
            }
        }
        for statement in judged {
            let start = statement.range.start;
            let hits = self.statements.get(&source[statement.range.clone()]);
            for hit in hits.into_iter().flatten().flatten() {
                let range = hit.range.start + start..hit.range.end + start;
                placed.push((start, Hit { range, ..hit.clone() }));
            }
        }
        placed.sort_by_key(|(start, _)| *start);
        placed.into_iter().map(|(_, hit)| hit).collect()
    }
}

/// The parse of `text`, when it has no syntax error.
fn parse_cleanly(text: &[u8]) -> Option<Rc<Module>> {
    Module::parse(text).filter(|module| !module.tree.root_node().has_error())
}

/// Statements that are read as the module's context: the simple ones, and
/// a migration's class.
fn in_context(source: &[u8], statement: &TopLevel) -> bool {
    !statement.compound
        || source[statement.range.clone()]
            .strip_prefix(b"class Migration")
            .is_some_and(|rest| {
                rest.first()
                    .is_some_and(|byte| matches!(byte, b'(' | b':' | b' '))
            })
}

/// Statements of a file put one after another, each ending in a newline.
struct Excerpt {
    text: Vec<u8>,
    pieces: Vec<Piece>,
}

/// Where a statement stands in an excerpt and in its file.
struct Piece {
    excerpt: usize,
    source: Range<usize>,
}

impl Excerpt {
    fn of(source: &[u8], statements: impl Iterator<Item = Range<usize>>) -> Excerpt {
        let mut text = Vec::new();
        let mut pieces = Vec::new();
        for range in statements {
            text.extend_from_slice(&source[range.clone()]);
            pieces.push(Piece {
                excerpt: text.len() - range.len(),
                source: range,
            });
            if text.last() != Some(&b'\n') {
                text.push(b'\n');
            }
        }
        Excerpt { text, pieces }
    }

    /// The index of the piece that holds excerpt offset `at`.
    fn piece_of(&self, at: usize) -> usize {
        self.pieces
            .partition_point(|piece| piece.excerpt <= at)
            .saturating_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::super::{judge, Rules};
    use super::*;

    const RULES: Rules = Rules {
        sql: true,
        deserialize: true,
    };

    /// A view module's versions: the second edits a function without
    /// calls, the third drops the constant the SQL reads (the module's
    /// context) and that function.
    fn versions() -> [String; 3] {
        let imports = "import pickle\nfrom django.db import connection\n";
        let table = "TABLE = 'shop_order'\n\n";
        let orders = concat!(
            "def orders(request, status):\n",
            "    sql = \"SELECT * FROM %s WHERE status = '%s'\" % (TABLE, status)\n",
            "    with connection.cursor() as cursor:\n",
            "        cursor.execute(sql)\n\n",
        );
        let listed = "def listed(request):\n    return render(request, 'list.html')\n\n";
        let edited = "def listed(request):\n    context = {'title': 'Orders'}\n    return render(request, 'list.html', context)\n\n";
        let rest = concat!(
            "class Restore(View):\n",
            "    def post(self, request):\n",
            "        return pickle.loads(request.body)\n\n",
            "connection.cursor().execute(\"DELETE FROM %s\" % TABLE)\n",
        );
        [
            [imports, table, orders, listed, rest].concat(),
            [imports, table, orders, edited, rest].concat(),
            [imports, "\n", orders, rest].concat(),
        ]
    }

    fn whole(source: &str) -> Vec<Hit> {
        judge(&Module::parse(source.as_bytes()).expect("parses"), RULES)
    }

    fn excerpted(path: &str, source: &str) -> Option<Vec<Hit>> {
        hits(path, source.as_bytes(), RULES, |module| judge(module, RULES))
    }

    #[test]
    fn an_excerpt_finds_what_the_whole_file_does_in_every_version() {
        let mut placed = Vec::new();
        let versions = versions();
        for source in &versions {
            let hits = excerpted("shop/views.py", source).expect("the excerpt parses");
            assert_eq!(hits, whole(source));
            placed.push(
                hits.iter()
                    .map(|hit| &source[hit.range.clone()])
                    .collect::<Vec<_>>(),
            );
        }
        let found = ["sql", "pickle.loads(request.body)"];
        assert_eq!(placed[0], found);
        assert_eq!(placed[1], found);
        // Without TABLE at the top level, the module no longer says where
        // the table name comes from.
        assert_eq!(placed[2], [found[0], found[1], "\"DELETE FROM %s\" % TABLE"]);
    }

    #[test]
    fn only_changed_statements_are_parsed_again() {
        let parsed = |path: &str, source: &str| {
            excerpted(path, source).expect("parses");
            KNOWN.with_borrow(|known| known.as_ref().map(|known| known.statements.len()))
        };
        let versions = versions();
        assert_eq!(parsed("a.py", &versions[0]), Some(2));
        // The statement judged with a counting judge is not asked again.
        let counted = std::cell::Cell::new(0);
        let count = |module: &Module| {
            counted.set(counted.get() + 1);
            judge(module, RULES)
        };
        hits("a.py", versions[1].as_bytes(), RULES, count).expect("parses");
        assert_eq!(counted.get(), 0, "only a function without calls changed");
        hits("a.py", versions[2].as_bytes(), RULES, count).expect("parses");
        assert_eq!(counted.get(), 1, "the context changed");
    }

    #[test]
    fn a_statement_that_does_not_parse_alone_sends_the_file_whole() {
        let source = "def view(request):\n    cursor.execute('SELECT %s' % request.GET['q'])\n    return (\n";
        assert_eq!(excerpted("broken.py", source), None);
        let (known_broken, context_trusted) = KNOWN.with_borrow(|known| {
            let known = known.as_ref().expect("remembered");
            let broken = known.statements.values().filter(|hits| hits.is_none()).count();
            (broken, matches!(known.context_hits, Some(Some(_))))
        });
        assert_eq!(known_broken, 1, "the statement is not tried alone again");
        assert!(context_trusted, "the context parses alone and is still trusted");
        let source = "import os\ndef view(request):\n    cursor.execute('SELECT %s' % request.GET['q'])\n";
        assert_eq!(excerpted("fine.py", source).map(|hits| hits.len()), Some(1));
    }
}
