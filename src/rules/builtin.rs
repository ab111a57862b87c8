//! The rule packs embedded at build time: every `patterns/*.toml`, listed
//! by `build.rs` and converted there to JSON (faster to load), so adding a
//! pack or a rule never touches Rust code.

include!(concat!(env!("OUT_DIR"), "/packs.rs"));
