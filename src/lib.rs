//! crosscheck: holds the claims that articles make against each other, a registry of people
//! and bodies, and editorial rules, and reports conflicts and gaps as diagnostics.
//!
//! The library never prints: [`project::load`] reads the inputs, [`check::check`] produces
//! [`finding::Finding`]s, and the renderers in [`render`] turn them into text.

pub mod analysis;
pub mod baseline;
pub mod budget;
pub mod casetest;
pub mod check;
pub mod config;
pub mod error;
pub mod explain;
pub mod extract;
pub mod finding;
pub mod init;
pub mod language;
pub mod load;
pub mod model;
pub mod names;
pub mod passage;
pub mod project;
pub mod render;
pub mod resolve;
pub mod rules;
pub mod scan;
pub mod span;
pub mod terminal;
#[cfg(test)]
mod testing;
pub mod text_safety;
pub mod timings;
pub mod value;
pub mod vocab;
pub mod write;
pub mod yaml;
