//! Detectors that must understand a file, not just match it: Python read
//! with a real parser ([`python`]), Django settings resolved the way
//! Django resolves them ([`django`]), and Flask configuration with its
//! config classes ([`flask`]).

pub mod code;
pub mod django;
pub mod flask;
pub mod python;
