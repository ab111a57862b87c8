//! Hash sets keyed by git object ids. An id is already a uniform hash, so
//! its first eight bytes are the hash: no need to run SipHash over
//! millions of ids.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hash, Hasher};

use git2::Oid;

/// An object id that compares its bytes in line: `Oid`'s own equality is
/// a call into libgit2 (`git_oid_equal`), made at every probe of a set
/// that holds every tree and blob of a history.
#[derive(Clone, Copy, Debug)]
pub struct Key(pub Oid);

impl PartialEq for Key {
    fn eq(&self, other: &Key) -> bool {
        self.0.as_bytes() == other.0.as_bytes()
    }
}

impl Eq for Key {}

impl Hash for Key {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut leading = [0; 8];
        leading.copy_from_slice(&self.0.as_bytes()[..8]);
        state.write_u64(u64::from_ne_bytes(leading));
    }
}

/// Takes the value a [`Key`] writes as its hash.
#[derive(Default)]
pub struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    /// Not used by a [`Key`]; folds the bytes in all the same.
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(byte);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value;
    }
}

pub type OidSet = HashSet<Key, BuildHasherDefault<KeyHasher>>;
pub type OidMap<V> = HashMap<Key, V, BuildHasherDefault<KeyHasher>>;
