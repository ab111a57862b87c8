//! What `build.rs` knows of the packs in `patterns/` beyond their rules
//! (which [`super::pack::builtin`] loads): each pack's summary.

include!(concat!(env!("OUT_DIR"), "/pack_summaries.rs"));
