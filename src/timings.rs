//! Wall time of each phase of a run, for `--timings`: where the time of a check goes.
//!
//! Loading and checking fill these in as data; the command line renders them to standard error.

use std::time::{Duration, Instant};

/// The phases of one run, in the order they ran. A phase recorded twice (two rules of one
/// kind) adds up under its first entry. A part is a phase that ran side by side with others
/// within the phase before it (each rule kind, within `rules`): it is shown under that phase
/// and left out of the total.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Timings {
    phases: Vec<(String, Duration)>,
}

/// How a part's name starts in [`Timings::phases`].
const PART: &str = "  ";

impl Timings {
    /// Runs `f`, recording its wall time under `phase`.
    pub fn time<T>(&mut self, phase: &str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let out = f();
        self.add(phase, start.elapsed());
        out
    }

    /// Records a part of the last phase: a phase run side by side with others within it.
    pub fn add_part(&mut self, part: &str, elapsed: Duration) {
        self.add(&format!("{PART}{part}"), elapsed);
    }

    pub fn add(&mut self, phase: &str, elapsed: Duration) {
        match self.phases.iter_mut().find(|(p, _)| p == phase) {
            Some((_, d)) => *d += elapsed,
            None => self.phases.push((phase.to_string(), elapsed)),
        }
    }

    /// Appends another run's phases (checking after loading).
    pub fn extend(&mut self, other: &Timings) {
        for (phase, d) in &other.phases {
            self.add(phase, *d);
        }
    }

    pub fn phases(&self) -> &[(String, Duration)] {
        &self.phases
    }

    pub fn total(&self) -> Duration {
        self.phases
            .iter()
            .filter(|(p, _)| !p.starts_with(PART))
            .map(|(_, d)| *d)
            .sum()
    }

    /// A table: one phase a line, milliseconds and share of the total, then the total.
    pub fn render(&self) -> String {
        let total = self.total();
        let width = self
            .phases
            .iter()
            .map(|(p, _)| p.len())
            .chain(["phase".len(), "total".len()])
            .max()
            .unwrap_or(0);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut out = format!("{:<width$}  {:>10}  {:>6}\n", "phase", "ms", "share");
        for (phase, d) in &self.phases {
            let share = if total.is_zero() {
                0.0
            } else {
                100.0 * d.as_secs_f64() / total.as_secs_f64()
            };
            out.push_str(&format!(
                "{phase:<width$}  {:>10.1}  {share:>5.1}%\n",
                ms(*d)
            ));
        }
        out.push_str(&format!(
            "{:<width$}  {:>10.1}  {:>6}\n",
            "total",
            ms(total),
            ""
        ));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phase_recorded_twice_adds_up_in_its_first_place() {
        let mut t = Timings::default();
        t.add("load", Duration::from_millis(5));
        t.add("rule agree", Duration::from_millis(2));
        t.add("load", Duration::from_millis(1));
        let names: Vec<&str> = t.phases().iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(names, ["load", "rule agree"]);
        assert_eq!(t.phases()[0].1, Duration::from_millis(6));
        assert_eq!(t.total(), Duration::from_millis(8));
    }

    #[test]
    fn parts_show_under_their_phase_and_stay_out_of_the_total() {
        let mut t = Timings::default();
        t.add("rules", Duration::from_millis(10));
        t.add_part("rule agree", Duration::from_millis(8));
        t.add_part("rule quotes", Duration::from_millis(7));
        assert_eq!(t.total(), Duration::from_millis(10));
        let table = t.render();
        let lines: Vec<&str> = table.lines().collect();
        assert!(lines[2].starts_with("  rule agree") && lines[2].ends_with("80.0%"));
        assert!(lines[4].starts_with("total") && lines[4].contains("10.0"));
    }

    #[test]
    fn the_table_names_every_phase_and_the_total() {
        let mut t = Timings::default();
        t.add("discover", Duration::from_millis(3));
        t.add("render", Duration::from_millis(1));
        let table = t.render();
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[1].starts_with("discover") && lines[1].ends_with("75.0%"));
        assert!(lines[3].starts_with("total") && lines[3].contains("4.0"));
    }
}
