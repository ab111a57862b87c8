//! Parses kept for a scan, so that each file version is parsed once per
//! thread however many analysers and commits read it. A pipeline opens a
//! [`Kept`] on the thread that runs its analysers: in a staged scan the
//! Flask analyser, the settings analysis and the authorization analyser
//! then share one parse of `app.py`. History's settings analysis opens a
//! generation per commit it analyses: a commit shares all but one of its
//! settings files with the commit analysed before it, and the parses the
//! last analysis did not use are let go, so memory holds one commit's
//! files, not a history's. Parses are found by their exact bytes: the same
//! bytes give the same tree.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::Module;

/// Parses by their exact bytes, each with the last generation that used it.
struct Parses {
    generation: u64,
    by_source: HashMap<Vec<u8>, (u64, Rc<Module>)>,
}

thread_local! {
    static KEPT: RefCell<Option<Parses>> = const { RefCell::new(None) };
}

/// Keeps parses on this thread until dropped. Opened inside another, it
/// shares the outer one's parses and leaves them to it.
pub struct Kept {
    opened: bool,
    /// Not `Send`: the parses belong to the thread that keeps them.
    _thread: std::marker::PhantomData<*const ()>,
}

impl Kept {
    pub fn new() -> Kept {
        let opened = KEPT.with_borrow_mut(|kept| {
            let fresh = kept.is_none();
            kept.get_or_insert_with(|| Parses {
                generation: 0,
                by_source: HashMap::new(),
            });
            fresh
        });
        Kept {
            opened,
            _thread: std::marker::PhantomData,
        }
    }

    /// Starts a generation: forgets the parses the one that ends did not
    /// use.
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
        if self.opened {
            KEPT.set(None);
        }
    }
}

/// The parse of `source`: a kept one, or `parse`'s, kept.
pub(super) fn recall(source: &[u8], parse: impl FnOnce() -> Option<Module>) -> Option<Rc<Module>> {
    let known = KEPT.with_borrow_mut(|kept| {
        let kept = kept.as_mut()?;
        let (used, module) = kept.by_source.get_mut(source)?;
        *used = kept.generation;
        Some(module.clone())
    });
    if known.is_some() {
        return known;
    }
    let module = Rc::new(parse()?);
    KEPT.with_borrow_mut(|kept| {
        if let Some(kept) = kept {
            kept.by_source
                .insert(source.to_vec(), (kept.generation, module.clone()));
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
        assert!(
            std::rc::Rc::ptr_eq(&again, &first),
            "the kept parse is handed back"
        );
        let inner = Kept::new();
        drop(inner);
        assert_eq!(kept(), 2, "a Kept opened inside another leaves its parses to it");
        memo.next_generation();
        assert_eq!(kept(), 1, "A = 1 was not used by the last generation");
        drop(memo);
        assert_eq!(kept(), 0);
    }
}
