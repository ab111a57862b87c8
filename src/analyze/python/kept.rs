//! Parses kept between the analyses of one history scan. Each commit that
//! brings in a settings file is analysed afresh, but it shares all its
//! other settings files with the commit analysed before it, and parsing
//! them was most of what an analysis cost. While a [`Kept`] lives, a
//! [`Module::parse`] on its thread of bytes parsed in this or the previous
//! generation returns a copy of that parse: the same bytes give the same
//! tree, so the copy is what a fresh parse would give.

use std::cell::RefCell;
use std::collections::HashMap;

use super::Module;

/// Parses by their exact bytes, each with the last generation that used it.
struct Parses {
    generation: u64,
    by_source: HashMap<Vec<u8>, (u64, Module)>,
}

thread_local! {
    static KEPT: RefCell<Option<Parses>> = const { RefCell::new(None) };
}

/// Keeps parses on this thread until dropped.
pub struct Kept {
    /// Not `Send`: the parses belong to the thread that keeps them.
    _thread: std::marker::PhantomData<*const ()>,
}

impl Kept {
    pub fn new() -> Kept {
        KEPT.set(Some(Parses {
            generation: 0,
            by_source: HashMap::new(),
        }));
        Kept {
            _thread: std::marker::PhantomData,
        }
    }

    /// Starts a generation: forgets the parses the one that ends did not
    /// use, so memory holds one analysis's files, not a history's.
    pub fn next_generation(&self) {
        KEPT.with_borrow_mut(|kept| {
            if let Some(kept) = kept {
                let current = kept.generation;
                kept.by_source.retain(|_, (used, _)| *used == current);
                kept.generation += 1;
            }
        });
    }
}

impl Drop for Kept {
    fn drop(&mut self) {
        KEPT.set(None);
    }
}

/// The parse of `source`: a kept one's copy, or `parse`'s, kept.
pub(super) fn recall(source: &[u8], parse: impl FnOnce() -> Option<Module>) -> Option<Module> {
    let copy = KEPT.with_borrow_mut(|kept| {
        let kept = kept.as_mut()?;
        let (used, module) = kept.by_source.get_mut(source)?;
        *used = kept.generation;
        Some(module.copy())
    });
    if copy.is_some() {
        return copy;
    }
    let module = parse()?;
    KEPT.with_borrow_mut(|kept| {
        if let Some(kept) = kept {
            kept.by_source
                .insert(source.to_vec(), (kept.generation, module.copy()));
        }
    });
    Some(module)
}

#[cfg(test)]
mod tests {
    use super::{Kept, Module};

    fn kept() -> usize {
        super::KEPT.with_borrow(|kept| kept.as_ref().map_or(0, |kept| kept.by_source.len()))
    }

    #[test]
    fn a_parse_is_kept_while_a_generation_uses_it() {
        let source = b"DEBUG = True\n";
        Module::parse(source).expect("parses");
        assert_eq!(kept(), 0, "nothing is kept without a Kept");
        let memo = Kept::new();
        let first = Module::parse(source).expect("parses");
        Module::parse(b"A = 1\n").expect("parses");
        assert_eq!(kept(), 2);
        memo.next_generation();
        let again = Module::parse(source).expect("parses");
        assert_eq!(again.source, first.source);
        assert_eq!(again.tree.root_node().to_sexp(), first.tree.root_node().to_sexp());
        memo.next_generation();
        assert_eq!(kept(), 1, "A = 1 was not used by the last generation");
        drop(memo);
        assert_eq!(kept(), 0);
    }
}
