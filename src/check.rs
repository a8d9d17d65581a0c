//! The engine: analyses the workspace once (names resolved, claims grouped by subject and
//! property), runs every rule over that analysis, and returns the findings in a fixed order
//! together with the analysis, which the renderers draw from.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::analysis::Analysis;
use crate::error::LoadError;
use crate::finding::{Finding, Summary};
use crate::model::Workspace;
use crate::timings::Timings;

/// The result of a check: every finding, in order, and the counts.
#[derive(Debug)]
pub struct Report {
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// What the check worked out about the workspace: resolved names, slots, budgets.
    pub analysis: Analysis,
    /// What a baseline left out, when one was given.
    pub baseline: Option<crate::baseline::Outcome>,
    /// How long resolving names, grouping and each rule kind took.
    pub timings: Timings,
    /// One error per budget of the run that ran out: checks that were not done, which fail a
    /// run like the inputs' load errors.
    pub budget_errors: Vec<LoadError>,
}

impl Report {
    /// Sets aside the findings a baseline accepts ([`crate::baseline::apply`]).
    pub fn apply_baseline(&mut self, entries: &[crate::baseline::Entry]) {
        self.baseline = Some(crate::baseline::apply(&mut self.findings, entries));
        self.recount();
    }

    /// Counts the findings again, after some were left out.
    fn recount(&mut self) {
        let by =
            |s: crate::model::Severity| self.findings.iter().filter(|f| f.severity == s).count();
        let (errors, warnings, infos) = (
            by(crate::model::Severity::Error),
            by(crate::model::Severity::Warning),
            by(crate::model::Severity::Info),
        );
        self.summary.errors = errors;
        self.summary.warnings = warnings;
        self.summary.infos = infos;
    }
}

/// Runs every configured rule over the workspace.
pub fn check(ws: &Workspace) -> Report {
    check_with(ws, crate::rules::KINDS)
}

/// [`check`], each rule run by its kind among `kinds`.
pub fn check_with(ws: &Workspace, kinds: &[&'static dyn crate::rules::AnyKind]) -> Report {
    let mut timings = Timings::default();
    let analysis = crate::rules::analyse(ws, &mut timings);
    let ctx = analysis.of(ws);
    // Rules run side by side (most run on one core); their findings are joined in rule order
    // and sorted, so the output does not depend on scheduling.
    // On threads with stacks large enough for `expr` rules, which would otherwise each need a
    // thread of their own.
    let checked: Vec<(Vec<Finding>, Duration)> = timings.time("rules", || {
        crate::rules::expr::on_large_stacks(|| {
            ws.rules
                .par_iter()
                .map(|rule| {
                    let started = Instant::now();
                    let mut found = Vec::new();
                    if let Some(kind) = crate::rules::kind_in(kinds, rule.kind) {
                        kind.check(rule, &ctx, &mut found);
                    }
                    ctx.budgets.keep_share(rule, &mut found);
                    (found, started.elapsed())
                })
                .collect()
        })
    });
    let mut findings = Vec::new();
    for (rule, (found, took)) in ws.rules.iter().zip(checked) {
        timings.add_part(&format!("rule {}", rule.kind), took);
        findings.extend(found);
    }
    findings.iter_mut().for_each(Finding::dedup_evidence);
    timings.time("sort findings", || {
        let rank = crate::rules::code_ranks(kinds);
        findings.sort_by(|a, b| a.sort_key(rank(a.code)).cmp(&b.sort_key(rank(b.code))));
        findings.dedup();
    });
    let outlets = ws.sources.iter().map(|s| s.outlet.as_str()).collect();
    let summary = Summary::count(&findings, ws.sources.len(), outlets, ws.claims.len());
    Report {
        findings,
        summary,
        budget_errors: analysis.budgets.errors(ws),
        analysis,
        baseline: None,
        timings,
    }
}
