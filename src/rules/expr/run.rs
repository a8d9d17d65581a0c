//! Running one rule over the workspace: claims, subjects or pairs, each item tried under
//! every choice of readings of its dates, within the rule's steps and its share of the budget.

use std::collections::{BTreeMap, BTreeSet};

use cel::Context as Scope;

use super::evaluate::{Outcome, base_scope, evaluate};
use super::variables::{
    claim_var, entity_var, facts_var, opt_text, props_var, record, registry_var, source_var,
    stated_var, text,
};
use super::{MAX_PAIR_SLOT, Over, Params, RULE_STEPS, with_large_stack};
use crate::analysis::Context;
use crate::budget;
use crate::finding::Finding;
use crate::model::{ClaimIdx, Rule};
use crate::rules::finding;
use crate::value::Value;

pub fn check(rule: &Rule, params: &Params, ctx: &Context, out: &mut Vec<Finding>) {
    // Evaluation recurses over the expression: give it the same large stack as parsing.
    let found = with_large_stack(|| Run::new(rule, params, ctx).all());
    match found {
        Some(findings) => out.extend(findings),
        None => out.push(rule_error(
            rule,
            params,
            ctx,
            format!(
                "rule `{}` could not be evaluated: the expression evaluator failed",
                rule.id
            ),
        )),
    }
}

/// An `expr-error` of the rule as a whole, pointing at its `assert`.
fn rule_error(rule: &Rule, params: &Params, ctx: &Context, message: String) -> Finding {
    let mut f = error_finding(rule, "", None, message);
    f.subject = None;
    let a = &params.assert;
    f.evidence = vec![crate::finding::Evidence {
        source: "rules".into(),
        origin: format!("rule {}", rule.id).into(),
        claim: rule.id.clone(),
        file: ctx.file_path(a.span.file),
        span: a.span,
        value: one_line(&a.text),
        resolved: None,
        date: None,
        label: format!("rule {}: assert", rule.id),
        standing: crate::finding::Standing::Disputed,
    }];
    f
}

fn subject_vars(ctx: &Context, scope: &mut Scope, subject: &str) {
    let entity = ctx.entity(subject);
    scope.add_variable_from_value("entity", entity_var(entity));
    scope.add_variable_from_value("facts", facts_var(ctx, entity));
}

/// What a rule has spent: the steps taken within its evaluations, held against
/// [`RULE_STEPS`], and all its work, held against its share of the run's CEL budget.
#[derive(Debug, Default)]
struct Spent {
    steps: u64,
    run: u64,
}

impl Spent {
    fn evaluated(&mut self, steps: u64) {
        self.steps = self.steps.saturating_add(steps);
        self.run = self
            .run
            .saturating_add(steps.saturating_add(budget::CEL_EVALUATION));
    }
}

/// Runs `where` then `assert` in a scope: `Ok(true)` when the item passes or is not
/// selected, `Ok(false)` when `assert` is false, `Err((key, error))` when one fails.
fn test(params: &Params, scope: &Scope, spent: &mut Spent) -> Result<bool, (String, String)> {
    if let Some(filter) = &params.filter {
        let (outcome, steps) = evaluate(filter, scope);
        spent.evaluated(steps);
        match outcome {
            Outcome::True => {}
            Outcome::False => return Ok(true),
            Outcome::Error(e) => return Err(("where".into(), e)),
        }
    }
    let (outcome, steps) = evaluate(&params.assert, scope);
    spent.evaluated(steps);
    match outcome {
        Outcome::True => Ok(true),
        Outcome::False => Ok(false),
        Outcome::Error(e) => Err(("assert".into(), e)),
    }
}

/// The most dates with two readings one evaluation is tried under every choice of readings for.
const MAX_TWO_READINGS: usize = 3;

/// The choices of readings an evaluation over `claims` is tried under, each as the claims read
/// by their second reading: the likelier readings first. An item fails only when it fails under
/// every choice, so no finding rests on the choice. With more than [`MAX_TWO_READINGS`] dates
/// of two readings, every choice would be too many: none is tried, and the item passes.
fn choices(ctx: &Context, claims: &[ClaimIdx]) -> Vec<BTreeSet<ClaimIdx>> {
    let two: Vec<ClaimIdx> = claims
        .iter()
        .copied()
        .filter(|&c| matches!(&ctx.claim(c).value, Value::Date(d) if d.alternative.is_some()))
        .collect();
    if two.len() > MAX_TWO_READINGS {
        return Vec::new();
    }
    (0..1usize << two.len())
        .map(|mask| {
            two.iter()
                .enumerate()
                .filter(|(bit, _)| mask & (1 << bit) != 0)
                .map(|(_, &c)| c)
                .collect()
        })
        .collect()
}

/// One rule's run over the workspace.
struct Run<'r, 'c, 'w> {
    rule: &'r Rule,
    params: &'r Params,
    ctx: &'c Context<'w>,
    root: Scope<'static, 'static>,
    spent: Spent,
    /// The rule's share of the run's CEL budget.
    share: u64,
    stopped: bool,
    out: Vec<Finding>,
}

impl<'r, 'c, 'w> Run<'r, 'c, 'w> {
    fn new(rule: &'r Rule, params: &'r Params, ctx: &'c Context<'w>) -> Self {
        let mut run = Self {
            rule,
            params,
            ctx,
            root: base_scope(),
            spent: Spent::default(),
            share: ctx.budgets.cel_share(),
            stopped: false,
            out: Vec::new(),
        };
        // Building a variable costs a pass over the workspace (`stated`, `registry`) or a
        // conversion per item: only those the expressions can read are built, each once per
        // rule and paid for from its share, a step per value.
        if params.mentions("stated") {
            run.spent.run = run.spent.run.saturating_add(ctx.ws.claims.len() as u64);
            if !run.over_budget() {
                run.root.add_variable_from_value("stated", stated_var(ctx));
            }
        }
        if params.mentions("registry") {
            let values: usize = ctx.ws.entities.iter().map(|e| 1 + e.facts.len()).sum();
            run.spent.run = run.spent.run.saturating_add(values as u64);
            if !run.over_budget() {
                run.root
                    .add_variable_from_value("registry", registry_var(ctx));
            }
        }
        run
    }

    fn all(mut self) -> Vec<Finding> {
        if !self.stopped {
            match self.params.over {
                Over::Claims => self.claims(),
                Over::Subjects => self.subjects(),
                Over::Pairs => self.pairs(),
            }
        }
        self.out
    }

    /// Whether the rule has used up its own budget, reported once as its finding, or its
    /// share of the run's, reported once for the run.
    fn over_budget(&mut self) -> bool {
        if self.stopped {
            return true;
        }
        if self.spent.steps > RULE_STEPS {
            self.stopped = true;
            self.out.push(rule_error(
                self.rule,
                self.params,
                self.ctx,
                format!(
                    "rule `{}` was stopped after {RULE_STEPS} steps in all; \
                     the rest of the workspace was not checked",
                    self.rule.id
                ),
            ));
        } else if self.spent.run > self.share {
            self.stopped = true;
            self.ctx.budgets.ran_out(budget::Budget::Cel, self.rule);
        }
        self.stopped
    }

    fn claims(&mut self) {
        let ctx = self.ctx;
        let only = self.params.only_property();
        for ((subject, property), claims) in ctx.slots_for(self.rule) {
            if only.is_some_and(|p| p != property) {
                continue;
            }
            for &c in claims {
                if self.over_budget() {
                    return;
                }
                let mut result = Ok(true);
                for second in choices(ctx, &[c]) {
                    let mut scope = self.root.new_inner_scope();
                    scope.add_variable_from_value("claim", claim_var(ctx, c, second.contains(&c)));
                    if self.params.mentions("source") {
                        let source = source_var(ctx.ws.source_of(ctx.claim(c)));
                        scope.add_variable_from_value("source", source);
                    }
                    if self.params.mentions("entity") || self.params.mentions("facts") {
                        subject_vars(ctx, &mut scope, subject);
                    }
                    result = test(self.params, &scope, &mut self.spent);
                    if result != Ok(false) {
                        break;
                    }
                }
                // Most claims pass: the message and evidence are built only for the others.
                if result == Ok(true) {
                    continue;
                }
                let written = &ctx.claim(c).written;
                let what = format!(
                    "{property} of {subject} is \"{written}\" ({})",
                    ctx.ws.source_of(ctx.claim(c)).label()
                );
                self.report(
                    result,
                    subject,
                    Some(property),
                    &what,
                    vec![ctx.evidence(c)],
                );
            }
        }
    }

    fn pairs(&mut self) {
        let ctx = self.ctx;
        let only = self.params.only_property();
        for ((subject, property), claims) in ctx.slots_for(self.rule) {
            if only.is_some_and(|p| p != property) {
                continue;
            }
            if claims.len() > MAX_PAIR_SLOT {
                let mut f = error_finding(
                    self.rule,
                    subject,
                    Some(property),
                    format!(
                        "{property} of {subject} has {} claims, more than the {MAX_PAIR_SLOT} \
                         that `over: pairs` compares; its pairs were not checked",
                        claims.len()
                    ),
                );
                f.evidence = vec![ctx.evidence(claims[0])];
                self.out.push(f);
                continue;
            }
            for (n, &i) in claims.iter().enumerate() {
                for &j in &claims[n + 1..] {
                    if ctx.claim(i).source == ctx.claim(j).source {
                        continue;
                    }
                    if self.over_budget() {
                        return;
                    }
                    let (sa, sb) = (
                        ctx.ws.source_of(ctx.claim(i)),
                        ctx.ws.source_of(ctx.claim(j)),
                    );
                    let mut result = Ok(true);
                    for second in choices(ctx, &[i, j]) {
                        let mut scope = self.root.new_inner_scope();
                        scope.add_variable_from_value("a", claim_var(ctx, i, second.contains(&i)));
                        scope.add_variable_from_value("b", claim_var(ctx, j, second.contains(&j)));
                        scope.add_variable_from_value("a_source", source_var(sa));
                        scope.add_variable_from_value("b_source", source_var(sb));
                        subject_vars(ctx, &mut scope, subject);
                        result = test(self.params, &scope, &mut self.spent);
                        if result != Ok(false) {
                            break;
                        }
                    }
                    let what = format!(
                        "{property} of {subject} is \"{}\" ({}) and \"{}\" ({})",
                        ctx.claim(i).written,
                        sa.label(),
                        ctx.claim(j).written,
                        sb.label()
                    );
                    let evidence = vec![ctx.evidence(i), ctx.evidence(j)];
                    self.report(result, subject, Some(property), &what, evidence);
                }
            }
        }
    }

    fn subjects(&mut self) {
        let ctx = self.ctx;
        let mut by_subject: BTreeMap<&str, Vec<(&str, &[ClaimIdx])>> = BTreeMap::new();
        for ((s, p), claims) in ctx.slots_for(self.rule) {
            by_subject
                .entry(s.as_str())
                .or_default()
                .push((p.as_str(), claims.as_slice()));
        }
        for (subject, slots) in by_subject {
            if self.over_budget() {
                return;
            }
            let entity = ctx.entity(subject);
            let claims: Vec<ClaimIdx> = slots.iter().flat_map(|(_, c)| c.iter().copied()).collect();
            let mut result = Ok(true);
            for second in choices(ctx, &claims) {
                let mut scope = self.root.new_inner_scope();
                scope.add_variable_from_value(
                    "subject",
                    record(vec![
                        ("key", text(subject)),
                        ("name", text(entity.map_or(subject, |e| &e.name.value))),
                        ("type", opt_text(entity.and_then(|e| e.kind.as_deref()))),
                    ]),
                );
                let props = props_var(ctx, subject, slots.iter().copied(), &second);
                scope.add_variable_from_value("props", props);
                subject_vars(ctx, &mut scope, subject);
                result = test(self.params, &scope, &mut self.spent);
                if result != Ok(false) {
                    break;
                }
            }
            // The claims of the properties the expressions name are the evidence.
            let named = |p: &str| {
                self.params.assert.names.contains(p)
                    || self
                        .params
                        .filter
                        .as_ref()
                        .is_some_and(|f| f.names.contains(p))
            };
            let looked_at: Vec<&(&str, &[ClaimIdx])> =
                slots.iter().filter(|(p, _)| named(p)).collect();
            let mut evidence: Vec<_> = looked_at
                .iter()
                .flat_map(|(_, claims)| claims.iter().map(|&c| ctx.evidence(c)))
                .collect();
            if evidence.is_empty()
                && let Some(&c) = slots.first().and_then(|(_, claims)| claims.first())
            {
                evidence.push(ctx.subject_evidence(c));
            }
            let property = match looked_at.as_slice() {
                [(p, _)] => Some(*p),
                _ => None,
            };
            let values = |claims: &[ClaimIdx]| {
                let shown: Vec<String> = claims
                    .iter()
                    .map(|&c| format!("\"{}\"", ctx.claim(c).written))
                    .collect();
                shown.join(", ")
            };
            let what = match looked_at.as_slice() {
                [] => subject.to_string(),
                [(p, claims)] => format!("{p} of {subject} is {}", values(claims)),
                several => {
                    let parts: Vec<String> = several
                        .iter()
                        .map(|(p, claims)| format!("{p} {}", values(claims)))
                        .collect();
                    format!("{subject} ({})", parts.join("; "))
                }
            };
            self.report(result, subject, property, &what, evidence);
        }
    }

    fn report(
        &mut self,
        result: Result<bool, (String, String)>,
        subject: &str,
        property: Option<&str>,
        what: &str,
        evidence: Vec<crate::finding::Evidence>,
    ) {
        let mut f = match result {
            Ok(true) => return,
            Ok(false) => finding(
                self.rule,
                super::EXPR_FAILED,
                subject,
                property,
                format!(
                    "{what}, which fails `{}`",
                    one_line(&self.params.assert.text)
                ),
            ),
            Err((key, error)) => {
                let expr = match key.as_str() {
                    "where" => self.params.filter.as_ref().unwrap_or(&self.params.assert),
                    _ => &self.params.assert,
                };
                let mut f = error_finding(
                    self.rule,
                    subject,
                    property,
                    format!(
                        "`{key}` of rule `{}` could not be evaluated: {error}",
                        self.rule.id
                    ),
                );
                f.notes.push(what.to_string());
                f.notes.push(format!(
                    "{key}: `{}` ({}:{})",
                    one_line(&expr.text),
                    expr.span.line,
                    expr.span.column
                ));
                f
            }
        };
        f.evidence = evidence;
        self.out.push(f);
    }
}

/// An expression on one line, for messages.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// An `expr-error` finding: the rule's own message is not used, as the check did not run.
fn error_finding(rule: &Rule, subject: &str, property: Option<&str>, message: String) -> Finding {
    let mut f = finding(rule, super::EXPR_ERROR, subject, property, message.clone());
    f.message = message;
    f.notes.clear();
    f.help = Some(
        "the expression failed on this data: check the shape of the variables \
         (`crosscheck explain expr`), guard optional parts with `has()` or `!= null`, or narrow \
         `where`"
            .into(),
    );
    f
}

#[cfg(test)]
mod tests {
    /// The findings of one `expr` rule (`over`, `assert`) on dates of x stated by A and B
    /// on 2023-12-06; a value `X or Y` is read as X with Y as its second reading.
    fn on_dates(over: &str, assert: &str, a: &str, b: &str) -> Vec<String> {
        use crate::testing::{findings, load, second_reading};
        let source = |outlet: &str, value: &str| {
            let likelier = value.split(" or ").next().unwrap_or(value);
            format!(
                "source:\n  outlet: {outlet}\n  published: 2023-12-06\nclaims:\n  - id: {outlet}\n    subject: x\n    property: date\n    value: \"{likelier}\"\n"
            )
        };
        let mut ws = load(&[
            ("properties.yaml", "properties:\n  date: {type: date}\n"),
            (
                "rules.yaml",
                &format!(
                    "rules:\n  - id: r\n    kind: expr\n    over: {over}\n    assert: >-\n      {assert}\n"
                ),
            ),
            ("a.yaml", &source("A", a)),
            ("b.yaml", &source("B", b)),
        ]);
        for (id, value) in [("A", a), ("B", b)] {
            if let Some((_, other)) = value.split_once(" or ") {
                second_reading(&mut ws, id, other);
            }
        }
        findings(&ws)
    }

    #[test]
    fn a_date_with_two_readings_fails_an_assert_only_when_both_readings_do() {
        let before_2023 = "claim.value.start < timestamp(\"2023-01-01T00:00:00Z\")";
        let fire = |a: &str| on_dates("claims", before_2023, a, "2021-05-05").len();
        assert_eq!(fire("2023-11-16"), 1);
        assert_eq!(fire("2023-11-16 or 2022-11-16"), 0);
        assert_eq!(fire("2023-11-16 or 2024-11-16"), 1);
        let same = "a.value.start == b.value.start";
        let pairs = |a: &str, b: &str| on_dates("pairs", same, a, b).len();
        assert_eq!(pairs("2023-11-16 or 2022-11-16", "2022-11-16"), 0);
        assert_eq!(
            pairs("2023-11-16 or 2022-11-16", "2021-11-16 or 2022-11-16"),
            0
        );
        assert_eq!(pairs("2023-11-16 or 2022-11-16", "2021-11-16"), 1);
        let all_2022 = "props.date.all(d, d.start.getFullYear() == 2022)";
        let subjects = |a: &str, b: &str| on_dates("subjects", all_2022, a, b).len();
        assert_eq!(subjects("2023-11-16 or 2022-11-16", "2022-01-01"), 0);
        assert_eq!(subjects("2023-11-16 or 2024-11-16", "2022-01-01"), 1);
    }

    #[test]
    fn a_date_shows_its_other_reading_as_alternative() {
        let has =
            "claim.value.alternative == null || claim.value.alternative.text == \"2022-11-16\"";
        assert!(on_dates("claims", has, "2023-11-16 or 2022-11-16", "2021-05-05").is_empty());
        let none = "claim.value.alternative == null";
        assert_eq!(
            on_dates("claims", none, "2023-11-16 or 2022-11-16", "2021-05-05").len(),
            1
        );
    }
}
