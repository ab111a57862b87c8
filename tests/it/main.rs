//! keyward's integration tests: one binary (so the crate links once), a
//! module per area, all built on the fixture builder in `common`: real
//! temporary git repositories and the real keyward binary.

mod common;

mod action;
mod authz;
mod baseline;
mod config;
mod context;
mod corpus;
mod dependencies;
mod deploy;
mod django;
mod encodings;
mod explain;
mod faults;
mod flags;
mod formats;
mod frameworks;
mod history;
mod index;
mod install;
mod matrix;
mod naming;
mod packaging;
mod paths;
mod precommit;
mod projects;
mod pyproject;
mod readme;
mod redaction;
mod reports;
mod shapes;
mod staged;
mod wheel;
