//! The one span-aware YAML parse, and a reader that walks its nodes collecting every error.
//!
//! marked-yaml rejects anchors and aliases outright, so no alias fan-out can blow up memory.

use marked_yaml::{LoaderOptions, Node};

use crate::error::{LoadError, LoadErrorKind, did_you_mean};
use crate::span::{FileId, SourceFile, Span, Spanned};

/// Parse one file's text into a node tree, or the error that stops it.
pub fn parse(file: FileId, src: &SourceFile) -> Result<Node, Box<LoadError>> {
    // Counting depth takes a second parse; only a file that might be too deep pays for it.
    let deep = nesting_bound(&src.text) > MAX_DEPTH;
    if let Some((line, column)) = deep.then(|| too_deep(&src.text)).flatten() {
        let why = format!("collections nest more than {MAX_DEPTH} levels deep");
        return Err(Box::new(
            LoadError::at(
                src.span_at(file, line, column),
                &src.path,
                LoadErrorKind::Invalid(why),
            )
            .with_help("crosscheck files nest a few levels; flatten the lists and mappings"),
        ));
    }
    let node = parse_first_document(file, src)?;
    if let Some(line) = second_document(&src.text) {
        let why = "the file holds more than one YAML document".to_string();
        return Err(Box::new(
            LoadError::at(src.span_at(file, line, 1), &src.path, LoadErrorKind::Invalid(why))
                .with_help("crosscheck reads one document per file: remove the `---` or `...`, or split the file"),
        ));
    }
    Ok(node)
}

/// Deepest nesting of lists and mappings read. crosscheck's own files nest five levels; the
/// node tree and everything that walks it recurse, so 100 000 levels would overflow the stack.
pub const MAX_DEPTH: usize = 64;

/// An upper bound on how deeply a text's collections nest, from one pass over its bytes. A
/// block collection nests inside another only further right, except a sequence under a
/// mapping key, which may start in the key's column: so at most two block levels share a
/// column, and a block collection starts within its line's run of indentation and `-`, `?`,
/// `:` indicators. Every flow level opens with `[` or `{`.
fn nesting_bound(text: &str) -> usize {
    let widest = text
        .split(['\n', '\r'])
        .map(|line| {
            line.bytes()
                .take_while(|b| matches!(b, b' ' | b'\t' | b'-' | b'?' | b':'))
                .count()
        })
        .max()
        .unwrap_or(0);
    let flow = text.bytes().filter(|b| matches!(b, b'[' | b'{')).count();
    2 * (widest + 1) + flow
}

/// Where the nesting first goes deeper than [`MAX_DEPTH`] (1-based line and column), read from
/// the parser's events before any tree is built. A syntax error is left to the full parse.
fn too_deep(text: &str) -> Option<(usize, usize)> {
    collection_depths(text).find_map(|(depth, place)| (depth > MAX_DEPTH).then_some(place))
}

/// The depth at which each list or mapping opens, and where (1-based line and column), read
/// from the parser's events until the end or the first syntax error.
fn collection_depths(text: &str) -> impl Iterator<Item = (usize, (usize, usize))> + '_ {
    use yaml_rust2::Event;
    let mut parser = yaml_rust2::parser::Parser::new_from_str(text);
    let mut depth = 0usize;
    std::iter::from_fn(move || {
        loop {
            match parser.next_token() {
                Ok((Event::SequenceStart(..) | Event::MappingStart(..), mark)) => {
                    depth += 1;
                    return Some((depth, (mark.line(), mark.col() + 1)));
                }
                Ok((Event::SequenceEnd | Event::MappingEnd, _)) => depth = depth.saturating_sub(1),
                Ok((Event::StreamEnd, _)) | Err(_) => return None,
                Ok(_) => {}
            }
        }
    })
}

/// The line on which a second document starts, if any: marked-yaml reads only the first, and
/// the rest of the file would be dropped without a word. A `---` or `...` at the start of a
/// line always marks a document boundary in YAML: it cannot occur inside a scalar.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    let mut ended = false;
    for (i, line) in text.lines().enumerate() {
        let marker = |m: &str| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
        };
        let blank =
            line.trim().is_empty() || line.trim_start().starts_with('#') || line.starts_with('%');
        if marker("---") {
            if content {
                return Some(i + 1);
            }
            let rest = line[3..].trim();
            content = !rest.is_empty() && !rest.starts_with('#');
        } else if marker("...") {
            content = true;
            ended = true;
        } else if !blank {
            if ended {
                return Some(i + 1);
            }
            content = true;
        }
    }
    None
}

fn parse_first_document(file: FileId, src: &SourceFile) -> Result<Node, Box<LoadError>> {
    let opts = LoaderOptions::default()
        .error_on_duplicate_keys(true)
        .toplevel_mapping();
    marked_yaml::parse_yaml_with_options(0, &*src.text, opts).map_err(|e| {
        use marked_yaml::LoadError as E;
        let at = |m: &marked_yaml::Marker| src.span_at(file, m.line(), m.column());
        let (span, kind, help) = match &e {
            E::TopLevelMustBeMapping(m) => (
                at(m),
                LoadErrorKind::WrongType {
                    expected: "a mapping at the top level".into(),
                    found: "something else".into(),
                },
                "a crosscheck file starts with `source:`, `entities:`, `properties:` or `rules:`",
            ),
            E::TopLevelMustBeSequence(m) | E::MappingKeyMustBeScalar(m) | E::UnexpectedTag(m) => (
                at(m),
                LoadErrorKind::Syntax(e.to_string().split(": ").last().unwrap_or("").into()),
                "write keys as plain words and leave out YAML tags (`!tag`)",
            ),
            E::UnexpectedAnchor(m) => (
                at(m),
                LoadErrorKind::Alias,
                "write the value out in full; anchors (&a) and aliases (*a) are not read",
            ),
            E::ScanError(m, scan) => (
                at(m),
                LoadErrorKind::Syntax(scan.info().to_string()),
                "check the indentation (spaces, not tabs) and that quotes and brackets are closed",
            ),
            E::DuplicateKey(d) => {
                let span = match d.key.span().start() {
                    Some(m) => at(m),
                    None => src.span_at(file, 1, 1),
                };
                (
                    span,
                    LoadErrorKind::DuplicateKey {
                        key: d.key.as_str().to_string(),
                    },
                    "each key may appear once in a mapping; remove one of them",
                )
            }
        };
        Box::new(LoadError::at(span, &src.path, kind).with_help(help))
    })
}

/// A YAML value as written, with spans, before it is typed by its property.
#[derive(Debug, Clone, PartialEq)]
pub enum RawValue {
    Scalar(Spanned<String>),
    List(Vec<RawValue>, Span),
    Map(Vec<(Spanned<String>, RawValue)>, Span),
}

impl RawValue {
    pub fn span(&self) -> Span {
        match self {
            RawValue::Scalar(s) => s.span,
            RawValue::List(_, span) | RawValue::Map(_, span) => *span,
        }
    }

    /// The value as the user wrote it, compactly, for messages.
    pub fn written(&self) -> String {
        match self {
            RawValue::Scalar(s) => s.value.clone(),
            RawValue::List(items, _) => {
                let items: Vec<_> = items.iter().map(RawValue::written).collect();
                format!("[{}]", items.join(", "))
            }
            RawValue::Map(entries, _) => {
                let entries: Vec<_> = entries
                    .iter()
                    .map(|(k, v)| format!("{}: {}", k.value, v.written()))
                    .collect();
                format!("{{{}}}", entries.join(", "))
            }
        }
    }
}

/// The keys of one mapping, checked against the keys allowed there.
pub struct Fields<'n> {
    map: &'n marked_yaml::types::MarkedMappingNode,
    pub span: Span,
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.map.get_node(key)
    }

    pub fn has(&self, key: &str) -> bool {
        self.map.get_node(key).is_some()
    }

    pub fn keys(&self) -> impl Iterator<Item = &'n str> {
        self.map.keys().map(|k| k.as_str())
    }
}

/// The most errors listed for one file; one more says that there were more.
pub const MAX_ERRORS: usize = 10_000;

/// Walks the nodes of one file, turning them into raw values and collecting every error.
pub struct Reader<'a> {
    pub file: FileId,
    pub src: &'a SourceFile,
    pub errors: Vec<LoadError>,
}

impl<'a> Reader<'a> {
    pub fn new(file: FileId, src: &'a SourceFile) -> Self {
        Self {
            file,
            src,
            errors: Vec::new(),
        }
    }

    pub fn span(&self, node: &Node) -> Span {
        self.span_from(node.span())
    }

    /// The span of a mapping key.
    pub fn key_span(&self, key: &marked_yaml::types::MarkedScalarNode) -> Span {
        self.span_from(key.span())
    }

    fn span_from(&self, span: &marked_yaml::Span) -> Span {
        match span.start() {
            Some(m) => self.src.span_at(self.file, m.line(), m.column()),
            None => self.src.span_at(self.file, 1, 1),
        }
    }

    pub fn error(&mut self, span: Span, kind: LoadErrorKind, help: Option<String>) {
        // A file of half a million broken list items would give half a million diagnostics,
        // each as large as its line: past the limit, one error says the rest are not listed.
        match self.errors.len().cmp(&MAX_ERRORS) {
            std::cmp::Ordering::Less => {
                let mut e = LoadError::at(span, &self.src.path, kind);
                e.help = help;
                self.errors.push(e);
            }
            std::cmp::Ordering::Equal => {
                let more = LoadErrorKind::Invalid(format!(
                    "more than {MAX_ERRORS} errors in this file; the rest are not listed"
                ));
                self.errors.push(
                    LoadError::at(span, &self.src.path, more)
                        .with_help("fix the errors listed, or split the file, and check again"),
                );
            }
            std::cmp::Ordering::Greater => {}
        }
    }

    fn wrong_type(&mut self, node: &Node, expected: &str) {
        let found = match node {
            Node::Scalar(s) if s.as_str().is_empty() => "nothing",
            Node::Scalar(_) => "a single value",
            Node::Sequence(_) => "a list",
            Node::Mapping(_) => "a mapping",
        };
        self.error(
            self.span(node),
            LoadErrorKind::WrongType {
                expected: expected.into(),
                found: found.into(),
            },
            Some(format!("write {expected} here")),
        );
    }

    /// A mapping whose keys must be among `allowed` and include `required`.
    /// Unknown keys are reported with a "did you mean"; the known ones are still read.
    pub fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
        required: &[&str],
    ) -> Option<Fields<'n>> {
        let Node::Mapping(map) = node else {
            self.wrong_type(node, &format!("{what} (a mapping)"));
            return None;
        };
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                let span = self.key_span(key);
                let help = did_you_mean(key.as_str(), allowed.iter().copied())
                    .unwrap_or_else(|| format!("{what} takes: {}", allowed.join(", ")));
                self.error(
                    span,
                    LoadErrorKind::UnknownKey {
                        key: key.as_str().to_string(),
                    },
                    Some(help),
                );
            }
        }
        // Point at the entry's first key: the mapping's own mark is where its first value starts.
        let span = match map.keys().next() {
            Some(k) => self.key_span(k),
            None => self.span(node),
        };
        for key in required {
            if map.get_node(key).is_none() {
                self.error(
                    span,
                    LoadErrorKind::MissingKey {
                        key: key.to_string(),
                    },
                    Some(format!("add `{key}:` to this {what}")),
                );
            }
        }
        Some(Fields { map, span })
    }

    /// A mapping whose keys were already checked (a rule's kind-specific keys).
    pub fn mapping<'n>(&self, node: &'n Node) -> Option<Fields<'n>> {
        match node {
            Node::Mapping(map) => Some(Fields {
                map,
                span: self.span(node),
            }),
            _ => None,
        }
    }

    /// A single non-empty scalar.
    pub fn string(&mut self, node: &Node, what: &str) -> Option<Spanned<String>> {
        match node {
            Node::Scalar(s) if !s.as_str().trim().is_empty() => {
                Some(Spanned::new(s.as_str().to_string(), self.span(node)))
            }
            _ => {
                self.wrong_type(node, what);
                None
            }
        }
    }

    pub fn opt_string(&mut self, f: &Fields, key: &str, what: &str) -> Option<Spanned<String>> {
        f.get(key).and_then(|n| self.string(n, what))
    }

    /// A scalar that may be empty (`reason: ''`).
    pub fn opt_text(&mut self, f: &Fields, key: &str) -> Option<String> {
        match f.get(key)? {
            Node::Scalar(s) => Some(s.as_str().to_string()),
            other => {
                self.wrong_type(other, "text");
                None
            }
        }
    }

    /// A list of scalars; a single scalar counts as a list of one.
    pub fn string_list(&mut self, node: &Node, what: &str) -> Vec<Spanned<String>> {
        match node {
            Node::Sequence(items) => items.iter().filter_map(|n| self.string(n, what)).collect(),
            _ => self.string(node, what).into_iter().collect(),
        }
    }

    /// The items of a list.
    pub fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match node {
            Node::Sequence(items) => items,
            _ => {
                self.wrong_type(node, what);
                &[]
            }
        }
    }

    pub fn raw_value(&mut self, node: &Node) -> RawValue {
        match node {
            Node::Scalar(s) => {
                RawValue::Scalar(Spanned::new(s.as_str().to_string(), self.span(node)))
            }
            Node::Sequence(items) => RawValue::List(
                items.iter().map(|n| self.raw_value(n)).collect(),
                self.span(node),
            ),
            Node::Mapping(map) => RawValue::Map(
                map.iter()
                    .map(|(k, v)| {
                        let ks = self.key_span(k);
                        (Spanned::new(k.as_str().to_string(), ks), self.raw_value(v))
                    })
                    .collect(),
                self.span(node),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The deepest nesting the parser's events reach, before any error.
    fn depth(text: &str) -> usize {
        collection_depths(text).map(|(d, _)| d).max().unwrap_or(0)
    }

    #[test]
    fn a_claims_file_is_cleared_without_counting_its_depth() {
        let text = "source:\n  outlet: Reuters\n  published: 2023-12-06\nclaims:\n  - id: age\n    subject: Alberto Fujimori\n    property: age\n    value: 85\n    quote: \"Fujimori, 85, [was] freed\"\n  - id: judges\n    subject: court\n    property: judges\n    value: [a, b]\n";
        assert!(nesting_bound(text) <= MAX_DEPTH);
        assert!(depth(text) <= nesting_bound(text));
    }

    #[test]
    fn deep_nesting_of_every_kind_exceeds_the_bound() {
        let block_maps: String = (0..70).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        let seq_under_key: String = (0..70)
            .map(|i| format!("{0}k:\n{0}- ", " ".repeat(2 * i)))
            .collect();
        for text in [
            "[".repeat(70),
            "{a: ".repeat(70),
            format!("a:\n{}x\n", "- ".repeat(70)),
            block_maps.clone(),
            block_maps.replace('\n', "\r"),
            seq_under_key,
        ] {
            assert!(nesting_bound(&text) >= depth(&text), "{text:?}");
            assert!(nesting_bound(&text) > MAX_DEPTH, "{text:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn the_bound_is_never_below_the_depth_the_parser_reaches(
            text in "([ \\-?:\\[\\]{},a#\"'|>!&*]|\n|\r|\t){0,120}"
        ) {
            proptest::prop_assert!(nesting_bound(&text) >= depth(&text), "{:?}", text);
        }
    }
}
