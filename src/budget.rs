//! Budgets per run. Limits per item (one CEL evaluation, one quote) stop one runaway item;
//! these stop the sum, where work or output grows with the number of rules times the size of
//! the workspace: CEL steps over all `expr` rules, and the findings all rules report.
//!
//! Each rule that draws on a budget gets an even share of it, fixed before the rules run side
//! by side, so that where a rule stops depends only on the inputs, never on scheduling. A rule
//! that uses up its share stops that work; the run then reports one error per budget that ran
//! out, naming the first such rule in rule order.

use std::sync::Mutex;

use crate::error::{LoadError, LoadErrorKind};
use crate::finding::Finding;
use crate::model::{Rule, Workspace};

/// CEL steps all `expr` rules of a run may take together: this many, plus
/// [`CEL_STEPS_PER_CLAIM`] for each claim of the workspace.
pub const CEL_STEPS: u64 = 5_000_000;
pub const CEL_STEPS_PER_CLAIM: u64 = 250;
/// What one evaluation costs against the run's CEL budget, beyond the steps it takes: building
/// an item's variables costs about as much as going over 50 elements.
pub const CEL_EVALUATION: u64 = 50;
/// Findings all rules of a run may report together: this many, plus [`FINDINGS_PER_CLAIM`] for
/// each claim. A finding counts one, plus one for each claim it shows as evidence.
pub const FINDINGS: usize = 100_000;
pub const FINDINGS_PER_CLAIM: usize = 4;
/// Characters of articles that the `quotes` rules may go over, finding each quote in its
/// article: this many, plus [`QUOTE_SCAN_PER_CHAR`] for each character of the articles.
pub const QUOTE_SCAN: u64 = 200_000_000;
pub const QUOTE_SCAN_PER_CHAR: u64 = 100;
/// Cells (quote characters × article characters) the `quotes` rules may spend looking for the
/// passages closest to quotes that are not in their article. Past it the closest passage is
/// not shown, which the finding's note says; nothing goes unchecked.
pub const PASSAGE_CELLS: u64 = 200_000_000;

/// A budget of the run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Budget {
    Cel,
    Findings,
    QuoteScan,
}

/// The shares of one run, and the rules that used theirs up.
#[derive(Debug)]
pub struct Budgets {
    cel_total: u64,
    cel_rules: u64,
    findings_total: usize,
    rules: usize,
    scan_total: u64,
    quote_rules: u64,
    /// (budget, rule id) of each rule that stopped at its share.
    ran_out: Mutex<Vec<(Budget, String)>>,
}

impl Budgets {
    /// The shares of a run in which `cel_rules` rules draw on the CEL budget (`expr`) and
    /// `quote_rules` on the budgets for finding quotes (`quotes`).
    pub fn new(ws: &Workspace, cel_rules: usize, quote_rules: usize) -> Self {
        let claims = ws.claims.len();
        let article_chars: u64 = ws
            .sources
            .iter()
            .filter_map(|s| s.article.as_ref())
            .map(|a| a.text.chars().count() as u64)
            .sum();
        Self {
            scan_total: QUOTE_SCAN
                .saturating_add(QUOTE_SCAN_PER_CHAR.saturating_mul(article_chars)),
            quote_rules: quote_rules.max(1) as u64,
            cel_total: CEL_STEPS.saturating_add(CEL_STEPS_PER_CLAIM.saturating_mul(claims as u64)),
            cel_rules: cel_rules.max(1) as u64,
            findings_total: FINDINGS.saturating_add(FINDINGS_PER_CLAIM.saturating_mul(claims)),
            rules: ws.rules.len().max(1),
            ran_out: Mutex::new(Vec::new()),
        }
    }

    /// The CEL steps one `expr` rule may take.
    pub fn cel_share(&self) -> u64 {
        self.cel_total / self.cel_rules
    }

    /// The article characters one `quotes` rule may go over finding quotes.
    pub fn quote_scan_share(&self) -> u64 {
        self.scan_total / self.quote_rules
    }

    /// The cells one `quotes` rule may spend on closest passages.
    pub fn passage_share(&self) -> u64 {
        PASSAGE_CELLS / self.quote_rules
    }

    /// How much of the findings budget one rule may use.
    pub fn findings_share(&self) -> usize {
        self.findings_total / self.rules
    }

    /// Records that a rule stopped at its share of a budget.
    pub fn ran_out(&self, budget: Budget, rule: &Rule) {
        let mut ran_out = self.ran_out.lock().unwrap_or_else(|e| e.into_inner());
        ran_out.push((budget, rule.id.clone()));
    }

    /// Keeps the findings of a rule that fit its share, in the order it found them.
    pub fn keep_share(&self, rule: &Rule, found: &mut Vec<Finding>) {
        let share = self.findings_share();
        let mut used = 0usize;
        let fit = found
            .iter()
            .take_while(|f| {
                used = used.saturating_add(1 + f.evidence.len());
                used <= share
            })
            .count();
        if fit < found.len() {
            found.truncate(fit);
            self.ran_out(Budget::Findings, rule);
        }
    }

    /// One error per budget that ran out, at the first rule (in rule order) that used up its
    /// share.
    pub fn errors(&self, ws: &Workspace) -> Vec<LoadError> {
        let ran_out = self.ran_out.lock().unwrap_or_else(|e| e.into_inner());
        let mut errors = Vec::new();
        for budget in [Budget::Cel, Budget::QuoteScan, Budget::Findings] {
            let stopped: Vec<&Rule> = ws
                .rules
                .iter()
                .filter(|r| ran_out.iter().any(|(b, id)| *b == budget && *id == r.id))
                .collect();
            let Some(first) = stopped.first() else {
                continue;
            };
            let others = match stopped.len() - 1 {
                0 => String::new(),
                1 => " and 1 other rule".to_string(),
                n => format!(" and {n} other rules"),
            };
            let (message, help) = match budget {
                Budget::Cel => (
                    format!(
                        "the run's CEL budget ran out: {} expr rules share {} steps ({} each), \
                         and rule `{}`{others} stopped before going over everything",
                        self.cel_rules,
                        self.cel_total,
                        self.cel_share(),
                        first.id
                    ),
                    "write fewer expr rules, narrow their `where` (`claim.property == \"age\"` \
                     skips other properties without evaluating), or go over `stated` and \
                     `registry` less",
                ),
                Budget::QuoteScan => (
                    format!(
                        "the run's budget for finding quotes in their articles ran out: {} \
                         quotes rules share {} characters of article ({} each), and rule `{}`\
                         {others} left quotes unsearched, whose claims are not reported as \
                         quoted or not",
                        self.quote_rules,
                        self.scan_total,
                        self.quote_scan_share(),
                        first.id
                    ),
                    "have one quotes rule, and give each article the claims it makes: a claim \
                     is searched for in its source's article",
                ),
                Budget::Findings => (
                    format!(
                        "the run's budget of findings ran out: {} rules share {} ({} each; a \
                         finding counts 1 and 1 more for each claim it shows), and rule `{}`\
                         {others} found more, which are not reported",
                        self.rules,
                        self.findings_total,
                        self.findings_share(),
                        first.id
                    ),
                    "remove rules that repeat the same check, or narrow rules with `subjects` \
                     and `properties`",
                ),
            };
            let path = ws.files.path(first.span.file);
            errors.push(
                LoadError::at(first.span, path, LoadErrorKind::Budget(message)).with_help(help),
            );
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Evidence;
    use crate::model::{KindSettings, Severity};
    use crate::span::{FileId, SourceFile, Span};

    fn rule(id: &str, kind: &'static str) -> Rule {
        Rule {
            id: id.into(),
            kind,
            settings: KindSettings::new(()),
            severity: Severity::Error,
            subjects: None,
            properties: None,
            message: None,
            help: None,
            span: span(),
        }
    }

    fn span() -> Span {
        SourceFile::new("rules.yaml".into(), "rules: []\n").span_at(FileId(0), 1, 1)
    }

    fn workspace(rules: Vec<Rule>) -> Workspace {
        let mut ws = Workspace::default();
        ws.files
            .add(SourceFile::new("rules.yaml".into(), "rules: []\n"));
        ws.rules = rules;
        ws
    }

    fn finding(evidence: usize) -> Finding {
        let e = Evidence {
            source: "s".into(),
            origin: "o".into(),
            claim: "c".into(),
            file: "f".into(),
            span: span(),
            value: String::new(),
            resolved: None,
            date: None,
            label: String::new(),
            standing: crate::finding::Standing::Disputed,
        };
        Finding {
            rule: "r".into(),
            code: crate::rules::agree::CONFLICT,
            severity: Severity::Error,
            subject: None,
            property: None,
            message: String::new(),
            notes: Vec::new(),
            help: None,
            evidence: vec![e; evidence],
        }
    }

    #[test]
    fn each_rule_gets_an_even_share_fixed_before_the_rules_run() {
        let rules = (0..4).map(|i| rule(&format!("r{i}"), "agree")).collect();
        let b = Budgets::new(&workspace(rules), 0, 0);
        assert_eq!(b.findings_share(), FINDINGS / 4);
        assert_eq!(b.cel_share(), CEL_STEPS, "no expr rule: one whole share");
    }

    #[test]
    fn a_rule_keeps_the_findings_that_fit_its_share_counting_their_evidence() {
        let rules: Vec<Rule> = (0..10_000)
            .map(|i| rule(&format!("r{i}"), "agree"))
            .collect();
        let ws = workspace(rules);
        let b = Budgets::new(&ws, 0, 0);
        assert_eq!(b.findings_share(), 10);
        let mut found: Vec<Finding> = (0..5).map(|_| finding(2)).collect();
        b.keep_share(&ws.rules[3], &mut found);
        assert_eq!(found.len(), 3, "3 findings of 1 + 2 claims fit in 10");
        let mut few = vec![finding(1)];
        b.keep_share(&ws.rules[1], &mut few);
        assert_eq!(few.len(), 1);
        b.keep_share(&ws.rules[2], &mut (0..9).map(|_| finding(1)).collect());
        let errors = b.errors(&ws);
        assert_eq!(errors.len(), 1, "one error per budget");
        let message = errors[0].kind.to_string();
        assert!(
            message.contains("rule `r2` and 1 other rule found more"),
            "the first rule in rule order is named: {message}"
        );
        assert_eq!(errors[0].code(), "check::budget");
        assert_eq!(errors[0].path, "rules.yaml");
    }

    #[test]
    fn the_cel_budget_is_shared_by_the_expr_rules() {
        let rules = (0..5).map(|i| rule(&format!("r{i}"), "agree")).collect();
        let b = Budgets::new(&workspace(rules), 4, 0);
        assert_eq!(b.cel_share(), CEL_STEPS / 4);
    }
}
