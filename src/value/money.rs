//! Money amounts with a currency: `13.6 million USD`, `$13.6 million`, `USD 13600000`.

/// An amount in one currency.
#[derive(Debug, Clone, PartialEq)]
pub struct Money {
    pub amount: f64,
    pub currency: String,
}

/// Currency symbols and their ISO codes, longest first (`US$` before `$`).
pub(crate) const SYMBOLS: &[(&str, &str)] = &[
    ("US$", "USD"),
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("S/", "PEN"),
];

const SCALES: &[(&str, f64)] = &[
    ("thousand", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("m", 1e6),
    ("mn", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("trillion", 1e12),
];

impl Money {
    /// Parses the written forms; `None` when the text is not money.
    pub fn parse(text: &str) -> Option<Money> {
        let mut rest = text.trim();
        let mut currency = None;
        for (sym, code) in SYMBOLS {
            if let Some(r) = rest.strip_prefix(sym) {
                currency = Some(code.to_string());
                rest = r.trim_start();
                break;
            }
        }
        let words: Vec<&str> = rest.split_whitespace().collect();
        let mut amount: Option<f64> = None;
        let mut scale = 1.0;
        for w in words {
            if let Some(n) = parse_number(w) {
                if amount.is_some() {
                    return None;
                }
                amount = Some(n);
            } else if let Some((_, s)) =
                SCALES.iter().find(|(name, _)| name.eq_ignore_ascii_case(w))
            {
                if amount.is_none() || scale != 1.0 {
                    return None;
                }
                scale = *s;
            } else if is_currency_code(w) && currency.is_none() {
                currency = Some(w.to_ascii_uppercase());
            } else {
                return None;
            }
        }
        Some(Money {
            amount: amount? * scale,
            currency: currency?,
        })
    }

    pub fn agrees(&self, other: &Money, tolerance: &super::Tolerance) -> bool {
        self.currency == other.currency && tolerance.within(self.amount, other.amount)
    }
}

fn is_currency_code(w: &str) -> bool {
    w.len() == 3 && w.bytes().all(|b| b.is_ascii_alphabetic())
}

/// A decimal with optional thousands separators: `13.6`, `13,600,000`.
pub fn parse_number(w: &str) -> Option<f64> {
    let cleaned: String = w.chars().filter(|c| *c != ',' && *c != '_').collect();
    if cleaned.is_empty() || !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    cleaned.parse::<f64>().ok().filter(|n| n.is_finite())
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.amount, self.currency)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap_or_else(|| panic!("{s} should parse"))
    }

    #[test]
    fn all_written_forms_give_the_same_amount() {
        let expect = Money {
            amount: 13_600_000.0,
            currency: "USD".into(),
        };
        assert_eq!(m("13.6 million USD"), expect);
        assert_eq!(m("$13.6 million"), expect);
        assert_eq!(m("USD 13600000"), expect);
        assert_eq!(m("USD 13,600,000"), expect);
    }

    #[test]
    fn text_without_amount_or_currency_is_not_money() {
        assert_eq!(Money::parse("13.6 million"), None);
        assert_eq!(Money::parse("USD"), None);
        assert_eq!(Money::parse("a lot of USD"), None);
        assert_eq!(Money::parse("million 13 USD"), None);
    }
}
