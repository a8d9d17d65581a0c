//! Load errors: everything that stops an input from being read into the model.

use crate::span::Span;

/// What went wrong while loading an input.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LoadErrorKind {
    #[error("cannot read {path}: {reason}")]
    Io { path: String, reason: String },
    /// A path the project root does not let be read (outside it, or under `.git`).
    #[error("{path} is not read: {why}")]
    Refused { path: String, why: String },
    #[error("{path} is larger than the limit of {limit} bytes")]
    TooLarge { path: String, limit: u64 },
    #[error("YAML syntax error: {0}")]
    Syntax(String),
    #[error("anchors and aliases are not allowed")]
    Alias,
    #[error("the file is empty")]
    Empty,
    #[error("this file has none of the top-level keys crosscheck reads")]
    UnknownFileKind,
    #[error("unknown key `{key}`")]
    UnknownKey { key: String },
    #[error("duplicate key `{key}`")]
    DuplicateKey { key: String },
    #[error("missing required key `{key}`")]
    MissingKey { key: String },
    #[error("expected {expected}, found {found}")]
    WrongType { expected: String, found: String },
    #[error("invalid {what} `{text}`")]
    InvalidValue { what: String, text: String },
    #[error("duplicate {what} `{id}`")]
    DuplicateId { what: String, id: String },
    #[error("unknown {what} `{name}`")]
    Unknown { what: String, name: String },
    #[error("{0}")]
    Invalid(String),
    /// A load warning: a name or alias two entities go by.
    #[error("`{name}` names both `{entity}` and `{other}`")]
    SharedName {
        name: String,
        entity: String,
        other: String,
    },
    /// A budget of the run ran out (`crate::budget`): some checks were not done.
    #[error("{0}")]
    Budget(String),
}

/// A load error at a place in an input file.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{kind}")]
pub struct LoadError {
    pub kind: LoadErrorKind,
    /// Where it is; `None` for a file that could not be read at all.
    pub span: Option<Span>,
    /// The file path, for errors without a span.
    pub path: String,
    pub help: Option<String>,
}

impl LoadError {
    pub fn at(span: Span, path: &str, kind: LoadErrorKind) -> Self {
        Self {
            kind,
            span: Some(span),
            path: path.to_string(),
            help: None,
        }
    }

    pub fn file(path: &str, kind: LoadErrorKind) -> Self {
        Self {
            kind,
            span: None,
            path: path.to_string(),
            help: None,
        }
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// A stable short code for the kind of error, shown with the diagnostic.
    pub fn code(&self) -> &'static str {
        match self.kind {
            LoadErrorKind::Io { .. } => "load::io",
            LoadErrorKind::Refused { .. } => "load::refused",
            LoadErrorKind::TooLarge { .. } => "load::too-large",
            LoadErrorKind::Syntax(_) => "load::syntax",
            LoadErrorKind::Alias => "load::alias",
            LoadErrorKind::Empty => "load::empty",
            LoadErrorKind::UnknownFileKind => "load::file-kind",
            LoadErrorKind::UnknownKey { .. } => "load::unknown-key",
            LoadErrorKind::DuplicateKey { .. } => "load::duplicate-key",
            LoadErrorKind::MissingKey { .. } => "load::missing-key",
            LoadErrorKind::WrongType { .. } => "load::wrong-type",
            LoadErrorKind::InvalidValue { .. } => "load::invalid-value",
            LoadErrorKind::DuplicateId { .. } => "load::duplicate-id",
            LoadErrorKind::Unknown { .. } => "load::unknown-reference",
            LoadErrorKind::Invalid(_) => "load::invalid",
            LoadErrorKind::SharedName { .. } => "load::shared-name",
            LoadErrorKind::Budget(_) => "check::budget",
        }
    }
}

/// "did you mean" for a misspelt name among known ones. Names longer than
/// [`crate::names::MAX_NAME_CHARS`] are neither suggested nor given suggestions: comparing two
/// costs the product of their lengths.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<String> {
    use crate::names::too_long;
    if too_long(name) {
        return None;
    }
    let lower = name.to_lowercase();
    known
        .into_iter()
        .filter(|k| !too_long(k))
        .map(|k| (strsim::jaro_winkler(&lower, &k.to_lowercase()), k))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, k)| format!("did you mean `{k}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_closest_known_name() {
        assert_eq!(
            did_you_mean("subjet", ["subject", "property", "value"]).as_deref(),
            Some("did you mean `subject`?")
        );
        assert_eq!(did_you_mean("zzz", ["subject", "property"]), None);
    }
}
