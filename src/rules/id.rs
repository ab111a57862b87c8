//! Typed ids for the rules that analysers report. `build.rs` generates one
//! module per analyser from the packs' `analyzer = "..."` rules
//! (`django_settings::DJANGO_DEBUG`, and `RULES`: the analyser's name and
//! every id), so an analyser can only report a rule that `patterns/`
//! defines.

/// The id of a rule defined in `patterns/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RuleId(&'static str);

impl RuleId {
    pub(crate) fn as_str(self) -> &'static str {
        self.0
    }
}

/// The name rules give an analyser (`analyzer = "..."`) and their ids.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AnalyzerRules {
    pub(crate) name: &'static str,
    pub(crate) ids: &'static [RuleId],
}

include!(concat!(env!("OUT_DIR"), "/rule_ids.rs"));
