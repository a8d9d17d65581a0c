//! `crosscheck explain` and `crosscheck rules`: the documentation of rule kinds, finding codes
//! and configured rules, taken from the kinds' own source files. What a rules file says (ids,
//! subjects, messages, help) goes through [`text_safety`], as in every output.

use crate::model::Workspace;
use crate::rules::{AnyKind, KINDS, code, codes, kind_info};
use crate::text_safety::{visible, visible_line};

/// A kind's documentation, codes and default severity, as `explain` prints them.
pub fn kind_page(kind: &dyn AnyKind) -> String {
    let codes: Vec<&str> = kind.codes().iter().map(|c| c.as_str()).collect();
    format!(
        "{}\n\nFinding codes: {}. Default severity: {}.\n",
        kind.doc().trim_end(),
        codes.join(", "),
        kind.default_severity().as_str()
    )
}

/// Every kind's page, as `explain KIND` prints it, in the order of [`KINDS`]: the body of
/// docs/rules.md (tests/docs.rs keeps that file in sync).
pub fn every_kind() -> String {
    KINDS
        .iter()
        .copied()
        .map(kind_page)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `crosscheck explain precedence`: which finding speaks when several checks could report one
/// mistake. The engine applies it in `rules::analyse` (claims already reported) and in the
/// `agree` and `corroborate` kinds.
pub const PRECEDENCE: &str = "\
# precedence

One cause, one finding. When several checks could report one mistake, the most specific one
speaks and the others step back.

1. `names` (unknown-entity, ambiguous-name, name-variant) and `types` (type-mismatch) speak
   first: they say what is wrong with the name itself.
   - A value reported as naming no registered entity, several, or an entity of the wrong type
     is not held against the other values: no `conflict` with the outlets that name the right
     body, and the right outlets are not marked as conflicting.
   - A near miss (`name-variant`) counts as the entity it misses, so it agrees with the outlets
     that spell the name right.
2. `agree` (conflict) and `age` (age-mismatch) speak next: values that cannot all be true.
   A vague value that fits more than one side (\"2017\" against \"March 2017\" and
   \"November 2017\") takes no side: it is neither named as conflicting nor hides the conflict.
   An article that gives two values for one fact (as of one date, for a running figure) is
   one `self-contradiction` (agree; at most a warning for a running figure), not also a `conflict` with the outlets
   that give one of its two values; an outlet with a third value is still a `conflict`.
3. `corroborate` (uncorroborated) speaks last, only when nothing above explains why a value
   stands alone:
   - a claim already reported by `names` or `types` is never a lone value;
   - when the values of a subject's property disagree and `agree` (or `age`, for ages)
     reports it, none of them is called uncorroborated: the conflict already sends the editor
     to the primary source, and a wrong value does not make the right ones look alone;
   - an outlet whose value was set aside under 1. still counts for the only value left, as
     it would once corrected.

A check steps back only for the subjects and properties that a rule of the kind that speaks
covers; without such a rule it reports as usual.
";

/// The documentation of a kind, a finding code, a configured rule or the `precedence` topic;
/// `None` if the name is none of them.
pub fn explain(name: &str, ws: &Workspace) -> Option<String> {
    if name == "precedence" {
        return Some(PRECEDENCE.to_string());
    }
    if let Some(kind) = kind_info(name) {
        return Some(kind_page(kind));
    }
    if let Some(code) = code(name) {
        let kind = kind_info(code.kind())?;
        return Some(format!(
            "`{name}` is a finding of the `{}` rule kind: {}.\n\n{}",
            kind.name(),
            code.meaning(),
            kind_page(kind)
        ));
    }
    let rule = ws.rules.iter().find(|r| r.id == name)?;
    let list = |xs: &Option<Vec<crate::span::Spanned<String>>>| match xs {
        Some(xs) => xs
            .iter()
            .map(|x| visible_line(&x.value))
            .collect::<Vec<_>>()
            .join(", "),
        None => "all".to_string(),
    };
    let mut page = format!(
        "Rule `{}` ({}:{}): kind `{}`, severity {}.\nSubjects: {}. Properties: {}.\n",
        visible_line(&rule.id),
        visible_line(ws.files.path(rule.span.file)),
        rule.span.line,
        rule.kind,
        rule.severity.as_str(),
        list(&rule.subjects),
        list(&rule.properties),
    );
    if let Some(m) = &rule.message {
        page.push_str(&format!("Message: {}\n", visible(m)));
    }
    if let Some(h) = &rule.help {
        page.push_str(&format!("Help: {}\n", visible(h)));
    }
    page.push('\n');
    if let Some(kind) = kind_info(rule.kind) {
        page.push_str(&kind_page(kind));
    }
    Some(page)
}

/// Every name `explain` knows, for "did you mean".
pub fn known_names(ws: &Workspace) -> Vec<&str> {
    KINDS
        .iter()
        .map(|k| k.name())
        .chain(["precedence"])
        .chain(codes().map(|c| c.as_str()))
        .chain(ws.rules.iter().map(|r| r.id.as_str()))
        .collect()
}

/// The built-in kinds, then the configured rules with their severities.
pub fn rules_table(ws: &Workspace) -> String {
    let mut out = String::from("Rule kinds:\n");
    for k in KINDS {
        let codes: Vec<&str> = k.codes().iter().map(|c| c.as_str()).collect();
        out.push_str(&format!(
            "  {:<12} {:<8} {}\n",
            k.name(),
            k.default_severity().as_str(),
            codes.join(", ")
        ));
    }
    out.push_str("\nConfigured rules:\n");
    if ws.rules.is_empty() {
        out.push_str("  (none)\n");
    }
    for r in &ws.rules {
        out.push_str(&format!(
            "  {:<24} {:<12} {:<8} {}:{}\n",
            visible_line(&r.id),
            r.kind,
            r.severity.as_str(),
            visible_line(ws.files.path(r.span.file)),
            r.span.line
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_is_explained_by_its_kind() {
        let page = explain("name-variant", &Workspace::default()).unwrap();
        assert!(page.starts_with(
            "`name-variant` is a finding of the `names` rule kind: a name is a near miss of a registered name or of another mention.\n"
        ));
        assert!(page.contains("Why it matters to an editor"));
    }

    #[test]
    fn unknown_names_are_not_explained() {
        assert_eq!(explain("no-such-thing", &Workspace::default()), None);
    }
}
