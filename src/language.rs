//! The language a source is written in (`language:`, a BCP 47 tag, `en` by default), and what
//! crosscheck can read in its quotes.
//!
//! Quotes are read by the English scanners of [`crate::scan`]. A quote in another language is
//! first made readable by them: Unicode NFC, numbers in words made digits by [text2num]
//! ("veinticinco" → 25), decimal commas and thousands dots swapped ("13,6" → 13.6, "1.000" →
//! 1,000), and in Spanish the date phrases put in English ([`spanish_dates`]: "el 24 de
//! diciembre de 2017" → "on December 24, 2017", "hace seis años" → "6 years ago") and the
//! words of lengths of time and money ("25 años" → "25 years"). A claim's date value in a
//! Spanish source goes through the same translation ([`Language::date_phrase`]).
//!
//! What is read, by language:
//! - English: every value.
//! - Spanish: numbers, counts, ages, durations, money and dates.
//! - Danish, Dutch, French, German, Italian, Portuguese (text2num's other languages): counts and
//!   ages.
//! - Any other language: nothing.
//!
//! A value that is read and not found is a `quote-mismatch`. A value that is not read (and a
//! text or entity value outside English, whose wording a translation may change) is quiet
//! when found, and otherwise counted as unread: one `quote-unread` info per source.

use std::borrow::Cow;
use std::fmt;

use icu_locale_core::Locale;
use text2num::{get_interpreter_for, replace_numbers_in_text};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::scan::words;
use crate::value::Value;

mod spanish_dates;

use spanish_dates::{Country, dates_in_english};

/// A source's language, from its BCP 47 tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// The tag in its canonical form ("es-PE", "nb").
    tag: String,
    reading: Reading,
    /// Whose seasons and national holidays its dates follow.
    country: Country,
}

/// How much of a language crosscheck reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    English,
    Spanish,
    /// Numbers in words through text2num, by its language code.
    Numbers(&'static str),
    Unread,
}

/// The languages whose numbers in words text2num reads, besides English and Spanish.
const NUMBER_LANGUAGES: &[&str] = &["da", "de", "fr", "it", "nl", "pt"];

impl Default for Language {
    fn default() -> Self {
        Self {
            tag: "en".into(),
            reading: Reading::English,
            country: Country::Unknown,
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.tag)
    }
}

impl Language {
    /// Reads a BCP 47 tag ("en", "es-PE", "nb-NO"); `Err` says why it is not one.
    pub fn parse(tag: &str) -> Result<Self, String> {
        let locale = Locale::try_from_str(tag.trim()).map_err(|e| e.to_string())?;
        let primary = locale.id.language.as_str().to_string();
        let reading = match primary.as_str() {
            "en" => Reading::English,
            "es" => Reading::Spanish,
            code => NUMBER_LANGUAGES
                .iter()
                .find(|&&c| c == code)
                .map_or(Reading::Unread, |&c| Reading::Numbers(c)),
        };
        if primary == "und" {
            return Err("`und` (undetermined) names no language".into());
        }
        Ok(Self {
            tag: locale.to_string(),
            reading,
            country: Country::of_region(locale.id.region.as_ref().map(|r| r.as_str())),
        })
    }

    /// The language of a source whose tag was refused: nothing is read in its quotes.
    pub fn undetermined() -> Self {
        Self {
            tag: "und".into(),
            reading: Reading::Unread,
            country: Country::Unknown,
        }
    }

    /// Whether a value that is not found in a quote of this language was misquoted, rather
    /// than written in words crosscheck does not read.
    pub fn reads(&self, value: &Value) -> bool {
        match value {
            Value::Boolean(_) => true,
            Value::Set(items) => items.iter().all(|v| self.reads(v)),
            Value::Count(_) | Value::Age { .. } => self.reading != Reading::Unread,
            Value::Number(_)
            | Value::Money(_)
            | Value::Duration(_)
            | Value::Date(_)
            | Value::Time(_) => {
                matches!(self.reading, Reading::English | Reading::Spanish)
            }
            Value::Text(_) | Value::Entity(_) => self.reading == Reading::English,
        }
    }

    /// What of this language is read, for the `quote-unread` note.
    pub fn what_is_read(&self) -> &'static str {
        match self.reading {
            Reading::English => "every value",
            Reading::Spanish => "numbers, counts, ages, durations, money and dates",
            Reading::Numbers(_) => "counts and ages",
            Reading::Unread => "no values",
        }
    }

    /// A claim's date value as the English date grammar reads it: in a Spanish source, the
    /// Spanish phrase put in English ("el martes pasado" → "last Tuesday"), as in quotes.
    pub fn date_phrase(&self, text: &str) -> String {
        if self.reading == Reading::Spanish {
            self.readable(text)
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            text.to_string()
        }
    }

    /// The quote made readable by the English scanners (see the module documentation).
    pub fn readable<'q>(&self, quote: &'q str) -> Cow<'q, str> {
        let english = matches!(self.reading, Reading::English | Reading::Unread);
        // Most quotes are already in NFC: those are read as they are, not copied.
        if english && is_nfc_quick(quote.chars()) == IsNormalized::Yes {
            return Cow::Borrowed(quote);
        }
        let nfc: String = quote.nfc().collect();
        let code = match self.reading {
            Reading::English | Reading::Unread => return Cow::Owned(nfc),
            Reading::Spanish => "es",
            Reading::Numbers(code) => code,
        };
        // Dates first, while their number words ("hace seis años") are still words.
        let text = match self.reading {
            Reading::Spanish => dates_in_english(&nfc, self.country),
            _ => nfc,
        };
        let digits = match get_interpreter_for(code) {
            Some(lang) => replace_numbers_in_text(&text, &lang, 0.0),
            None => text,
        };
        let swapped = swap_separators(&digits);
        Cow::Owned(if self.reading == Reading::Spanish {
            spanish_in_english(&swapped)
        } else {
            swapped
        })
    }
}

/// Decimal commas and thousands dots made English in numbers ("13,6" → "13.6", "1.000" →
/// "1,000"), and a scale that text2num made digits after a number made a word again ("13,6
/// millones" became "13,6 1000000": "13.6 million").
fn swap_separators(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut after_number = false;
    for w in words(text) {
        let between = &text[last..w.start];
        out.push_str(between);
        let number = w.text.starts_with(|c: char| c.is_ascii_digit());
        let scale = match w.text {
            "1000" => Some("thousand"),
            "1000000" => Some("million"),
            "1000000000" => Some("billion"),
            _ => None,
        };
        if let Some(scale) = scale.filter(|_| after_number && between.trim().is_empty()) {
            out.push_str(scale);
        } else if number {
            out.extend(w.text.chars().map(|c| match c {
                '.' => ',',
                ',' => '.',
                c => c,
            }));
        } else {
            out.push_str(w.text);
        }
        last = w.end;
        after_number = number;
    }
    out.push_str(&text[last..]);
    out
}

/// Spanish words of lengths of time and money, and their English.
const SPANISH: &[(&str, &str)] = &[
    ("año", "year"),
    ("años", "years"),
    ("mes", "month"),
    ("meses", "months"),
    ("semana", "week"),
    ("semanas", "weeks"),
    ("día", "day"),
    ("días", "days"),
    ("dia", "day"),
    ("dias", "days"),
    ("dólar", "dollar"),
    ("dólares", "dollars"),
    ("dolares", "dollars"),
    ("millón", "million"),
    ("millon", "million"),
    ("millones", "million"),
    ("mil", "thousand"),
    // "nueve estudiantes y un profesor": counts that add up.
    ("y", "and"),
];

fn english_of(lower: &str) -> Option<&'static str> {
    SPANISH
        .iter()
        .find(|(es, _)| *es == lower)
        .map(|(_, en)| *en)
}

/// A scale word, as text2num leaves it after a number ("13,6 millones" → "13.6 million").
fn is_scale(lower: &str) -> bool {
    matches!(lower, "thousand" | "million" | "billion")
}

fn is_currency(lower: &[String], k: usize) -> bool {
    lower.get(k).is_some_and(|w| {
        matches!(
            w.as_str(),
            "dólar" | "dólares" | "dolares" | "soles" | "sol" | "euros" | "euro"
        )
    })
}

/// A Spanish text with the words of lengths of time and money in English, in the forms the
/// English scanners read: "25 años" → "25 years", "13.6 million de dólares" → "13.6 million
/// dollars". Other words, and what lies between words, are kept.
fn spanish_in_english(text: &str) -> String {
    let ws = words(text);
    let lower: Vec<String> = ws.iter().map(|w| w.text.to_lowercase()).collect();
    let mut out: Vec<String> = ws.iter().map(|w| w.text.to_string()).collect();
    for k in 0..ws.len() {
        // "13,6 millones de dólares": the English writes no "of".
        if lower[k] == "de" && k > 0 && is_scale(&lower[k - 1]) && is_currency(&lower, k + 1) {
            out[k].clear();
        } else if let Some(english) = english_of(&lower[k]) {
            out[k] = english.to_string();
        }
    }
    let mut s = String::with_capacity(text.len());
    let mut last = 0;
    for (w, word) in ws.iter().zip(&out) {
        s.push_str(&text[last..w.start]);
        s.push_str(word);
        last = w.end;
    }
    s.push_str(&text[last..]);
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn es(s: &str) -> String {
        Language::parse("es").unwrap().readable(s).into_owned()
    }

    #[test]
    fn tags_are_bcp47_and_say_how_much_is_read() {
        assert!(Language::parse("es-PE").is_ok_and(|l| l.reading == Reading::Spanish));
        assert!(
            Language::parse("EN-gb")
                .is_ok_and(|l| l.reading == Reading::English && l.tag == "en-GB")
        );
        assert!(Language::parse("fr").is_ok_and(|l| l.reading == Reading::Numbers("fr")));
        assert!(Language::parse("nb-NO").is_ok_and(|l| l.reading == Reading::Unread));
        for bad in ["", "english", "es_PE", "e", "es-", "und", "12"] {
            assert!(Language::parse(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn spanish_numbers_in_words_become_digits() {
        assert_eq!(es("veinticinco años"), "25 years");
        assert_eq!(es("treinta y cinco víctimas"), "35 víctimas");
        assert_eq!(es("una pena de seis meses"), "1 pena de 6 months");
        assert_eq!(es("13,6 millones de dólares"), "13.6 million  dollars");
        assert_eq!(es("5 millones de soles"), "5 million  soles");
        assert_eq!(es("1.000 soles"), "1,000 soles");
    }

    #[test]
    fn spanish_dates_in_quotes_are_put_in_the_english_forms() {
        assert_eq!(
            es("indultado el 24 de diciembre de 2017, dijo"),
            "indultado on December 24, 2017, dijo"
        );
        assert_eq!(es("dijo el martes pasado que"), "dijo last Tuesday que");
        assert_eq!(
            es("en Nochebuena hace seis años"),
            "on December 24 6 years ago"
        );
        assert_eq!(
            es("una condena de seis años de prisión"),
            "1 condena de 6 years de prisión"
        );
    }

    #[test]
    fn a_claims_date_value_is_translated_only_in_a_spanish_source() {
        let es = Language::parse("es-PE").unwrap();
        assert_eq!(es.date_phrase("  el  martes pasado "), "last Tuesday");
        assert_eq!(es.date_phrase("hace seis años"), "6 years ago");
        assert_eq!(es.date_phrase("Hace Seis Años"), "6 years ago");
        assert_eq!(es.date_phrase("2017-12-24"), "2017-12-24");
        for other in ["en", "fr", "nb"] {
            let lang = Language::parse(other).unwrap();
            assert_eq!(lang.date_phrase("el martes"), "el martes", "{other}");
        }
    }

    #[test]
    fn seasons_follow_the_sources_country_and_are_left_as_written_without_one() {
        let phrase = |tag: &str, s: &str| Language::parse(tag).unwrap().date_phrase(s);
        assert_eq!(
            phrase("es-PE", "en el invierno de 2016"),
            "in the summer of 2016"
        );
        assert_eq!(phrase("es-CL", "el verano pasado"), "last winter");
        assert_eq!(phrase("es-PE", "la próxima primavera"), "coming autumn");
        assert_eq!(
            phrase("es-ES", "en el verano de 2016"),
            "in the summer of 2016"
        );
        assert_eq!(phrase("es-MX", "este otoño"), "this autumn");
        assert_eq!(
            phrase("es-PE", "el invierno del año pasado"),
            "the summer last year"
        );
        // Which summer "del año pasado" names is a habit of the country: refused.
        let kept = phrase("es-PE", "el verano del año pasado");
        assert!(kept.starts_with("el verano del "), "{kept}");
        assert!(!kept.contains("last"), "{kept}");
        assert_eq!(phrase("es", "en el verano de 2016"), "en el verano de 2016");
        assert_eq!(phrase("es-CO", "el verano pasado"), "el verano pasado");
    }

    #[test]
    fn perus_own_holidays_are_read_only_in_a_peruvian_source() {
        let phrase = |tag: &str, s: &str| Language::parse(tag).unwrap().date_phrase(s);
        assert_eq!(
            phrase("es-PE", "el Día de la Independencia de 2021"),
            "on July 28, 2021"
        );
        assert_eq!(phrase("es-PE", "el Inti Raymi"), "on June 24");
        assert_eq!(
            phrase("es-PE", "por Fiestas Patrias de 2019"),
            "on late July 2019"
        );
        assert!(!phrase("es-AR", "el Día de la Independencia").contains("July"));
    }

    #[test]
    fn words_that_look_like_dates_but_are_not_are_kept() {
        // Mornings, not tomorrow; nowadays, not today; other new years; Easter Island.
        for text in [
            "por la mañana",
            "cada mañana",
            "a las diez de la mañana",
            "hoy en día",
            "hoy por hoy",
            "el Año Nuevo chino",
            "la Isla de Pascua",
            "los noventa detenidos",
            "a fin de que",
        ] {
            let got = es(text);
            assert!(
                ![
                    "tomorrow", "today", "January", "Easter", "1990s", "late", "Tuesday"
                ]
                .iter()
                .any(|en| got.contains(en)),
                "{text:?}: {got:?}"
            );
        }
    }

    #[test]
    fn a_decomposed_accent_reads_as_the_composed_one() {
        assert_eq!(es("de 85 an\u{303}os"), es("de 85 años"));
        assert_eq!(
            Language::default().readable("Ri\u{301}os"),
            "R\u{ed}os".to_string()
        );
    }

    #[test]
    fn values_outside_english_and_spanish_are_read_only_as_numbers() {
        let fr = Language::parse("fr").unwrap();
        let no = Language::parse("no").unwrap();
        assert!(fr.reads(&Value::Count(3)));
        assert!(!fr.reads(&Value::Text("x".into())));
        assert!(!no.reads(&Value::Count(3)));
        assert_eq!(fr.readable("vingt-cinq ans"), "25 ans");
    }
}
