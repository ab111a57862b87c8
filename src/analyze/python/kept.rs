//! Parses kept for a scan, so that each file version is parsed once per
//! thread however many analysers and commits read it. A pipeline opens a
//! [`Kept`] on the thread that runs its analysers: in a staged scan the
//! Flask analyser, the settings analysis and the authorization analyser
//! then share one parse of `app.py`. History's settings analysis opens a
//! generation per commit it analyses: a commit shares all but one of its
//! settings files with the commit analysed before it, and the parses the
//! last analysis did not use are let go, so memory holds one commit's
//! files, not a history's. Parses are found by their exact bytes: the same
//! bytes give the same tree. A new version of a path is parsed starting
//! from the kept parse of the version read before it ([`recall_at`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::Module;

/// Parses by their exact bytes, each with the last generation that used it.
struct Parses {
    generation: u64,
    by_source: HashMap<Vec<u8>, (u64, Rc<Module>)>,
    /// The last parse of each path asked for by [`recall_at`]: the next
    /// version of the file, one commit on, is parsed starting from it.
    by_path: HashMap<String, (u64, Rc<Module>)>,
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
                by_path: HashMap::new(),
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
                kept.by_path.retain(|_, (used, _)| *used == current);
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

/// [`recall`] for the bytes of `path`: `parse` is handed the kept parse of
/// the version of `path` read last, to start from.
pub(super) fn recall_at(
    path: &str,
    source: &[u8],
    parse: impl FnOnce(Option<&Module>) -> Option<Module>,
) -> Option<Rc<Module>> {
    let earlier = KEPT.with_borrow(|kept| kept.as_ref()?.by_path.get(path).map(|(_, module)| module.clone()));
    let module = recall(source, || parse(earlier.as_deref()))?;
    KEPT.with_borrow_mut(|kept| {
        if let Some(kept) = kept {
            kept.by_path
                .insert(path.to_string(), (kept.generation, module.clone()));
        }
    });
    Some(module)
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

    #[test]
    fn the_next_version_of_a_path_is_parsed_from_the_kept_one_and_reads_the_same() {
        let memo = Kept::new();
        let first = b"DEBUG = False\nALLOWED_HOSTS = ['example.com']\n".repeat(40);
        let mut second = first.clone();
        second.extend_from_slice(b"DEBUG = True\n");
        let earlier = Module::parse_at("app/settings.py", &first).expect("parses");
        memo.next_generation();
        let paths = || super::KEPT.with_borrow(|kept| kept.as_ref().map_or(0, |kept| kept.by_path.len()));
        assert_eq!(paths(), 1, "the first version is kept by its path");
        let edited = Module::parse_at("app/settings.py", &second).expect("parses");
        let fresh = Module::parse_from(&second, None).expect("parses");
        assert_eq!(
            edited.tree.root_node().to_sexp(),
            fresh.tree.root_node().to_sexp()
        );
        assert!(!std::rc::Rc::ptr_eq(&earlier, &edited));
        memo.next_generation();
        memo.next_generation();
        assert_eq!(paths(), 0, "a path no generation asked for is let go");
    }
}
