//! Lengths of time: `25 years`, `18 months`, `6 weeks`, `10 days`, or ISO 8601 `P25Y`.

use std::fmt;

/// A length of time as whole months plus whole days; years count as 12 months and weeks as
/// 7 days, so `P1Y6M` equals `18 months`, while `1 month` never equals `30 days`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Duration {
    pub months: u64,
    pub days: u64,
}

impl Duration {
    pub fn parse(text: &str) -> Option<Duration> {
        let t = text.trim();
        if let Some(iso) = t.strip_prefix('P').or_else(|| t.strip_prefix('p')) {
            return parse_iso(iso);
        }
        let t = t.to_lowercase().replace('-', " ");
        let mut words = t.split_whitespace();
        let n: u64 = words.next()?.parse().ok()?;
        let unit = words.next()?;
        if words.next().is_some() {
            return None;
        }
        from_unit(n, unit.trim_end_matches('s'))
    }
}

fn from_unit(n: u64, unit: &str) -> Option<Duration> {
    let (months, days) = match unit {
        "year" | "yr" | "y" => (n.checked_mul(12)?, 0),
        "month" | "mo" | "m" => (n, 0),
        "week" | "wk" | "w" => (0, n.checked_mul(7)?),
        "day" | "d" => (0, n),
        _ => return None,
    };
    Some(Duration { months, days })
}

fn parse_iso(s: &str) -> Option<Duration> {
    let mut total = Duration { months: 0, days: 0 };
    let mut num = String::new();
    let mut seen_any = false;
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        let unit = match c.to_ascii_uppercase() {
            'Y' => "y",
            'M' => "m",
            'W' => "w",
            'D' => "d",
            _ => return None,
        };
        let part = from_unit(n, unit)?;
        total.months = total.months.checked_add(part.months)?;
        total.days = total.days.checked_add(part.days)?;
        seen_any = true;
    }
    (num.is_empty() && seen_any).then_some(total)
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&show(self.months.into(), self.days.into()))
    }
}

/// A length of time in words, as wide as a sum of durations may be.
pub fn show(months: u128, days: u128) -> String {
    let mut parts = Vec::new();
    let (y, m) = (months / 12, months % 12);
    let plural = |n: u128, unit: &str| format!("{n} {unit}{}", if n == 1 { "" } else { "s" });
    if y > 0 {
        parts.push(plural(y, "year"));
    }
    if m > 0 {
        parts.push(plural(m, "month"));
    }
    if days > 0 || parts.is_empty() {
        parts.push(plural(days, "day"));
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Duration {
        Duration::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn written_and_iso_forms_compare_exactly() {
        assert_eq!(d("25 years"), d("P25Y"));
        assert_eq!(d("18 months"), d("P1Y6M"));
        assert_eq!(d("6 weeks"), d("42 days"));
        assert_eq!(d("25-year"), d("25 years"));
        assert_ne!(d("1 month"), d("30 days"));
        assert_ne!(d("25 years"), d("20 years"));
    }

    #[test]
    fn other_text_is_not_a_duration() {
        assert_eq!(Duration::parse("25"), None);
        assert_eq!(Duration::parse("25 decades"), None);
        assert_eq!(Duration::parse("P"), None);
        assert_eq!(Duration::parse("P5"), None);
        assert_eq!(Duration::parse("P99999999999999999999Y"), None);
    }

    #[test]
    fn durations_display_in_words() {
        assert_eq!(d("P1Y6M").to_string(), "1 year 6 months");
        assert_eq!(d("P25Y").to_string(), "25 years");
    }
}
