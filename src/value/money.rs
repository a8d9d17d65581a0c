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

/// Scale words and the powers of ten they stand for.
const SCALES: &[(&str, i32)] = &[
    ("thousand", 3),
    ("k", 3),
    ("million", 6),
    ("m", 6),
    ("mn", 6),
    ("billion", 9),
    ("bn", 9),
    ("trillion", 12),
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
        let mut amount: Option<&str> = None;
        let mut scale = None;
        for w in words {
            if parse_number(w).is_some() {
                if amount.is_some() {
                    return None;
                }
                amount = Some(w);
            } else if let Some((_, s)) =
                SCALES.iter().find(|(name, _)| name.eq_ignore_ascii_case(w))
            {
                if amount.is_none() || scale.is_some() {
                    return None;
                }
                scale = Some(*s);
            } else if is_currency_code(w) && currency.is_none() {
                currency = Some(w.to_ascii_uppercase());
            } else {
                return None;
            }
        }
        Some(Money {
            amount: scaled(amount?, scale.unwrap_or(0))?,
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
    scaled(w, 0)
}

/// A decimal times ten to the power `exponent`, rounded once, as "4.1e6" is: "4.1 million" is
/// 4100000, where 4.1 × 1e6 would be 4099999.9999999995. `None` past the largest number.
pub fn scaled(w: &str, exponent: i32) -> Option<f64> {
    let cleaned: String = w.chars().filter(|c| *c != ',' && *c != '_').collect();
    if cleaned.is_empty() || !cleaned.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let (mantissa, written) = match cleaned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i32>().ok()?),
        None => (cleaned.as_str(), 0),
    };
    format!("{mantissa}e{}", written.checked_add(exponent)?)
        .parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
}

impl std::fmt::Display for Money {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", show_number(self.amount), self.currency)
    }
}

/// A number in its shortest form: in full up to 10^21 (`13600000`), as a power of ten past it
/// (`1e308`, not 309 digits).
pub fn show_number(x: f64) -> String {
    if x.abs() < 1e21 {
        x.to_string()
    } else {
        format!("{x:e}")
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
    fn scale_words_give_the_amount_written_in_full() {
        for (short, full) in [
            ("4.1 million USD", "USD 4,100,000"),
            ("8.3 million USD", "USD 8300000"),
            ("2.01 billion USD", "USD 2010000000"),
            ("1.07 bn EUR", "EUR 1070000000"),
        ] {
            assert_eq!(m(short), m(full), "{short}");
        }
    }

    #[test]
    fn an_amount_past_the_largest_number_is_not_money() {
        assert_eq!(Money::parse("1e300 trillion USD"), None);
        assert_eq!(Money::parse("1e999 USD"), None);
        assert_eq!(Money::parse("1e2147483647 thousand USD"), None);
        assert_eq!(m("1e296 trillion USD").amount, 1e308);
    }

    #[test]
    fn text_without_amount_or_currency_is_not_money() {
        assert_eq!(Money::parse("13.6 million"), None);
        assert_eq!(Money::parse("USD"), None);
        assert_eq!(Money::parse("a lot of USD"), None);
        assert_eq!(Money::parse("million 13 USD"), None);
    }
}
