//! Renderers: each output format is one function over the same findings.

pub mod claims;
pub mod github;
pub mod html;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod markup;
pub mod report;
pub mod sarif;

use crate::check::Report;
use crate::error::LoadError;
use crate::model::Workspace;

/// Everything a renderer may show.
pub struct Output<'a> {
    pub workspace: &'a Workspace,
    pub report: &'a Report,
    pub load_errors: &'a [LoadError],
}
