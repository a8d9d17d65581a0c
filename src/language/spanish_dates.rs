//! Spanish date phrases, as Peru's and other Spanish-language newsrooms write them, put in the
//! English forms that crosscheck's date grammar reads ("el 24 de diciembre de 2017" →
//! "on December 24, 2017", "hace seis años" → "6 years ago", "la próxima semana" → "next
//! week"). One translation serves claim values and quotes alike, and the English grammar alone
//! decides what a phrase means, so a Spanish phrase means exactly what its English one does.
//!
//! Words are matched in lower case with accents folded ("miércoles", "miercoles", "MIÉRCOLES"),
//! "setiembre" and "septiembre" alike. Only whole phrases are rewritten; every other word, and
//! what lies between words, is kept. A phrase never runs across punctuation other than the
//! comma after a weekday and the slashes, dashes or dots of a numeric date.
//!
//! Choices (documented in docs/languages.md):
//! - Numeric dates are day first, as everywhere in the Spanish-language press: "03/04/2021" is
//!   3 April 2021, never ambiguous. Only four-digit years are read.
//! - A time of day names its day: "el martes por la noche", "la madrugada del domingo", "esta
//!   mañana" are that day; "anoche" is "last night".
//! - "mañana" is tomorrow unless an article or determiner precedes it ("la mañana", "cada
//!   mañana" are mornings); "hoy en día" and "hoy por hoy" (nowadays) are no date.
//! - Seasons follow the source's country: southern for Peru, Argentina, Bolivia, Chile,
//!   Paraguay and Uruguay, northern for Spain, Mexico, the United States, Central America and
//!   the Caribbean. Elsewhere, and with no country in the tag, a season is left as written, and
//!   so refused.
//! - Peru's own holidays (Fiestas Patrias, Día de la Independencia, Inti Raymi, Santa Rosa de
//!   Lima) are read only in a Peruvian source (`es-PE`).
//! - Vague phrases become the English ones the grammar refuses with a reason: "recientemente",
//!   "hace poco" → "recently"; "hace unos años" → "a few years ago"; "pronto" → "soon"; and
//!   approximate counts the approximate English ("hace más de un año" → "over a year ago"),
//!   while "hace unos 10 años" is "about 10 years ago", which the grammar reads as ten.
//! - "próximo" before a weekday, month-day, month or season is "coming" (the next one after
//!   publication, even in the same week), before a unit "next" ("la próxima semana").
//! - A phrase with no English form that would be misread in part ("el verano del año pasado"
//!   in the south, "hoy en día") is kept as written, whole.
//!
//! Linear in the text: at each token a fixed set of patterns is tried, none longer than
//! [`WINDOW`] tokens.

use text2num::{Language as Numbers, text2digits};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::scan::words;
use crate::value::date::MONTH_NAMES;

/// The most tokens (words and separators) one phrase may hold.
const WINDOW: usize = 16;

/// Whose calendar a source's seasons and national holidays follow, from its region subtag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Country {
    /// Southern seasons and Peru's holidays.
    Peru,
    /// Southern seasons.
    South,
    /// Northern seasons.
    North,
    /// No country in the tag, or one in the tropics: no seasons, no national holidays.
    Unknown,
}

impl Country {
    pub(super) fn of_region(region: Option<&str>) -> Self {
        match region {
            Some("PE") => Country::Peru,
            Some("AR" | "BO" | "CL" | "PY" | "UY") => Country::South,
            Some(
                "ES" | "MX" | "US" | "GT" | "HN" | "SV" | "NI" | "CR" | "PA" | "CU" | "DO" | "PR",
            ) => Country::North,
            _ => Country::Unknown,
        }
    }
}

const COMING: &str = "coming";
const LAST: &str = "last";

/// A word or a separator between words.
struct Token {
    /// Lower case, accents removed. A separator is its one character; anything else between
    /// words that is not white space is `|`, which no phrase holds.
    fold: String,
    /// Lower case with accents, for number words.
    lower: String,
    start: usize,
    end: usize,
}

fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

fn tokens(text: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut last = 0;
    for w in words(text) {
        let gap = text[last..w.start].trim();
        if !gap.is_empty() {
            let sep = match gap {
                "," | "/" | "-" | "." | "'" => gap,
                "\u{2019}" | "\u{2018}" => "'",
                // "1°" and "1.°" de mayo, with a degree sign for the ordinal mark.
                "°" | ".°" => "º",
                _ => "|",
            };
            out.push(Token {
                fold: sep.to_string(),
                lower: String::new(),
                start: last,
                end: w.start,
            });
        }
        out.push(Token {
            fold: fold(w.text),
            lower: w.text.to_lowercase(),
            start: w.start,
            end: w.end,
        });
        last = w.end;
    }
    out
}

/// The text with every Spanish date phrase put in English (see the module documentation).
pub(super) fn dates_in_english(text: &str, country: Country) -> String {
    let toks = tokens(text);
    let folded: Vec<&str> = toks.iter().map(|t| t.fold.as_str()).collect();
    let lower: Vec<&str> = toks.iter().map(|t| t.lower.as_str()).collect();
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    let mut i = 0;
    while i < toks.len() {
        let end = (i + WINDOW).min(toks.len());
        let reader = Reader {
            t: &folded[i..end],
            lower: &lower[i..end],
            country,
            before: i.checked_sub(1).map(|k| folded[k]),
        };
        match reader.phrase() {
            // A phrase starts and ends with a word, so what is replaced runs word to word.
            Some((n, english)) if n > 0 => {
                if let Some(english) = english {
                    out.push_str(&text[last..toks[i].start]);
                    out.push_str(&english);
                    last = toks[i + n - 1].end;
                }
                i += n;
            }
            _ => i += 1,
        }
    }
    out.push_str(&text[last..]);
    out
}

/// A phrase read at a token: the token after it, and its English (empty: kept as written).
type Read = (usize, String);

/// The tokens from one place on, and what is needed to read them.
struct Reader<'a> {
    t: &'a [&'a str],
    lower: &'a [&'a str],
    country: Country,
    /// The token before the first.
    before: Option<&'a str>,
}

fn month(w: &str) -> Option<&'static str> {
    Some(match w {
        "enero" => "January",
        "febrero" => "February",
        "marzo" => "March",
        "abril" => "April",
        "mayo" => "May",
        "junio" => "June",
        "julio" => "July",
        "agosto" => "August",
        "septiembre" | "setiembre" => "September",
        "octubre" => "October",
        "noviembre" => "November",
        "diciembre" => "December",
        _ => return None,
    })
}

fn weekday(w: &str) -> Option<&'static str> {
    Some(match w {
        "lunes" => "Monday",
        "martes" => "Tuesday",
        "miercoles" => "Wednesday",
        "jueves" => "Thursday",
        "viernes" => "Friday",
        "sabado" => "Saturday",
        "domingo" => "Sunday",
        _ => return None,
    })
}

/// A day of the month: `24`, `1º`, `1ro`, `1ero`, `primero`.
fn day_number(w: &str) -> Option<u32> {
    if w == "primero" {
        return Some(1);
    }
    let digits = w.bytes().take_while(u8::is_ascii_digit).count();
    let (n, suffix) = w.split_at(digits);
    let n: u32 = n.parse().ok()?;
    let fits = match suffix {
        "" => true,
        "º" | "o" | "ro" | "ero" => n == 1,
        _ => false,
    };
    (digits <= 2 && (1..=31).contains(&n) && fits).then_some(n)
}

fn year_number(w: &str) -> Option<&str> {
    (w.len() == 4 && w.bytes().all(|b| b.is_ascii_digit()) && !w.starts_with('0')).then_some(w)
}

/// A unit of time counted back: (singular, plural) in English.
fn unit_of(w: &str) -> Option<(&'static str, &'static str)> {
    Some(match w {
        "dia" | "dias" => ("day", "days"),
        "semana" | "semanas" => ("week", "weeks"),
        "mes" | "meses" => ("month", "months"),
        "ano" | "anos" => ("year", "years"),
        "decada" | "decadas" => ("decade", "decades"),
        "siglo" | "siglos" => ("century", "centuries"),
        "hora" | "horas" => ("hour", "hours"),
        _ => return None,
    })
}

/// "veinte" to "noventa": the decade of the 1900s they name.
fn decade_word(w: &str) -> Option<u32> {
    Some(match w {
        "veinte" => 1920,
        "treinta" => 1930,
        "cuarenta" => 1940,
        "cincuenta" => 1950,
        "sesenta" => 1960,
        "setenta" => 1970,
        "ochenta" => 1980,
        "noventa" => 1990,
        _ => return None,
    })
}

/// Past, this or next, as Spanish marks a unit, weekday or month.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Direction {
    Last,
    This,
    Next,
    /// "antepasado": the one before last.
    BeforeLast,
}

impl Direction {
    fn english(self) -> &'static str {
        match self {
            Direction::Last => "last",
            Direction::This => "this",
            Direction::Next => "next",
            Direction::BeforeLast => "the one before last",
        }
    }

    /// Before a weekday, month-day, month, holiday or season, "próximo" is the coming one,
    /// never the one after: "el próximo martes" is "coming Tuesday" (English "next Tuesday"
    /// may be either).
    fn before_named(self) -> &'static str {
        match self {
            Direction::Next => COMING,
            dir => dir.english(),
        }
    }
}

/// Words that make the "mañana" after them a morning, not tomorrow.
const MORNING_DETERMINERS: &[&str] = &[
    "la", "una", "esta", "esa", "aquella", "cada", "toda", "media", "buena", "misma", "el", "su",
    "otra", "nuestra",
];

const TIMES_OF_DAY: &[&str] = &["manana", "tarde", "noche", "madrugada"];

/// Words after "Año Nuevo" that make it another calendar's new year.
const OTHER_NEW_YEARS: &[&str] = &[
    "chino",
    "lunar",
    "andino",
    "aimara",
    "aymara",
    "judio",
    "islamico",
    "persa",
    "amazonico",
];

const ORDINALS: [&str; 4] = ["first", "second", "third", "fourth"];

impl Reader<'_> {
    fn at(&self, k: usize) -> &str {
        self.t.get(k).copied().unwrap_or("")
    }

    fn is(&self, k: usize, words: &[&str]) -> bool {
        self.t.get(k).is_some_and(|w| words.contains(w))
    }

    fn from(&self, k: usize) -> &[&str] {
        self.t.get(k..).unwrap_or_default()
    }

    /// `k` moved past one of `words`, if it is there.
    fn skip(&self, k: usize, words: &[&str]) -> usize {
        k + usize::from(self.is(k, words))
    }

    /// The phrase that starts at the first token: how many tokens, and its English (`None`:
    /// kept as written, so that no shorter phrase inside it is read).
    fn phrase(&self) -> Option<(usize, Option<String>)> {
        if let ["hoy", "en", "dia", ..] | ["hoy", "por", "hoy", ..] = self.t {
            return Some((3, None));
        }
        let read = self
            .time_of_day_of(0)
            .or_else(|| self.numeric_date(0))
            .or_else(|| self.day_month(0))
            .or_else(|| self.vague(0))
            .or_else(|| self.days(0))
            .or_else(|| self.counted(0))
            .or_else(|| self.part_of(0))
            .or_else(|| self.quarter(0))
            .or_else(|| self.decade(0))
            .or_else(|| self.season(0))
            .or_else(|| self.movable_holiday(0))
            .or_else(|| self.unit(0))
            .or_else(|| self.weekday(0))
            .or_else(|| self.month_phrase(0))
            .or_else(|| self.year(0))?;
        // An empty English: a phrase read only to be kept as written.
        Some((read.0, Some(read.1).filter(|e| !e.is_empty())))
    }

    /// A time of day after a day names that day: "por la noche", "en la mañana", "al
    /// mediodía". The token after it.
    fn time_of_day(&self, k: usize) -> usize {
        match self.from(k) {
            ["por" | "en" | "durante" | "de", "la", tod, ..] if TIMES_OF_DAY.contains(tod) => k + 3,
            ["al", "mediodia", ..] => k + 2,
            _ => k,
        }
    }

    /// "la noche del martes", "en la madrugada del domingo", "la tarde de ayer", "la mañana
    /// del 24 de diciembre": the day.
    fn time_of_day_of(&self, k: usize) -> Option<Read> {
        let k = self.skip(k, &["en", "durante", "por", "desde"]);
        let ["la", tod, de @ ("de" | "del"), ..] = self.from(k) else {
            return None;
        };
        if !TIMES_OF_DAY.contains(tod) {
            return None;
        }
        let k = k + 3;
        if *de == "del" {
            self.day_month_from(k, true)
                .or_else(|| self.weekday_from(k, true))
        } else {
            self.days(k).or_else(|| self.weekday(k))
        }
    }

    /// "24/12/2017", "24-12-2017", "24.12.2017", after an optional "el": day first.
    fn numeric_date(&self, k: usize) -> Option<Read> {
        let on = self.is(k, &["el"]);
        let k = k + usize::from(on);
        let (end, d, m, y) = match self.from(k) {
            [d, sep @ ("/" | "-"), m, sep2, y, ..] if sep == sep2 => (k + 5, *d, *m, *y),
            [joined, ..] => {
                let mut parts = joined.split('.');
                match (parts.next(), parts.next(), parts.next(), parts.next()) {
                    (Some(d), Some(m), Some(y), None) => (k + 1, d, m, y),
                    _ => return None,
                }
            }
            [] => return None,
        };
        let digits = |s: &str| (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(d) || !digits(m) {
            return None;
        }
        let year = year_number(y)?;
        let day: u32 = d.parse().ok()?;
        let month = MONTH_NAMES.get(m.parse::<usize>().ok()?.checked_sub(1)?)?;
        if !(1..=31).contains(&day) {
            return None;
        }
        let on = if on { "on " } else { "" };
        Some((end, format!("{on}{month} {day}, {year}")))
    }

    /// "el 24 de diciembre de 2017", "el martes 24 de diciembre", "el pasado 15 de marzo",
    /// "24 de diciembre del año pasado", and holidays on a fixed day ("Nochebuena", "el Día del
    /// Trabajo") with the same years after them.
    fn day_month(&self, k: usize) -> Option<Read> {
        if let Some(run) = self.run_of_days(k) {
            return Some(run);
        }
        let start = self.skip(self.skip(k, &["en", "por", "durante"]), &["el", "la"]);
        self.day_month_from(start, start > k)
    }

    /// Runs of days and years: "del 16 al 18 de noviembre (de 2019)", "entre 2010 y 2015",
    /// "de 2010 a 2015".
    fn run_of_days(&self, k: usize) -> Option<Read> {
        match self.from(k) {
            ["del", d1, "al", d2, "de", m, ..] => {
                let (d1, d2, m) = (day_number(d1)?, day_number(d2)?, month(m)?);
                let end = k + 6;
                let (end, year) = match self.from(end) {
                    ["de" | "del", y, ..] if year_number(y).is_some() => (end + 2, format!(" {y}")),
                    _ => (end, String::new()),
                };
                Some((end, format!("{d1}-{d2} {m}{year}")))
            }
            ["entre", y1, "y", y2, ..] | ["entre", "el", y1, "y", "el", y2, ..] => {
                let (y1, y2) = (year_number(y1)?, year_number(y2)?);
                let n = if self.is(k + 1, &["el"]) { 6 } else { 4 };
                Some((k + n, format!("between {y1} and {y2}")))
            }
            ["de" | "desde", y1, "a" | "hasta", y2, ..] => {
                let (y1, y2) = (year_number(y1)?, year_number(y2)?);
                Some((k + 4, format!("from {y1} to {y2}")))
            }
            _ => None,
        }
    }

    /// [`Self::day_month`] after its "el": `on` says whether there was one.
    fn day_month_from(&self, mut k: usize, on: bool) -> Option<Read> {
        if self.is(k, &["dia"]) && self.at(k + 1).parse::<u32>().is_ok() {
            k += 1;
        }
        let mut dir = match self.at(k) {
            "pasado" | "ultimo" | "ultima" => Some(LAST),
            "proximo" | "proxima" => Some(COMING),
            "este" | "esta" => Some("this"),
            _ => None,
        };
        k += usize::from(dir.is_some());
        let day_name = weekday(self.at(k));
        if day_name.is_some() {
            k = self.skip(k + 1, &[","]);
        }
        let (month, day) = match self.from(k) {
            [d, "de", m, ..] if month(m).is_some() => {
                k += 3;
                (month(m)?, day_number(d)?)
            }
            [d, ".", "º" | "o", "de", m, ..] if *d == "1" => {
                k += 5;
                (month(m)?, 1)
            }
            [d, "º", "de", m, ..] if *d == "1" => {
                k += 4;
                (month(m)?, 1)
            }
            _ if day_name.is_none() => {
                let (end, month, day) = self.fixed_holiday(k)?;
                k = end;
                (month, day)
            }
            _ => return None,
        };
        let (end, tail) = self.year_tail(k, ", ").unwrap_or((k, String::new()));
        k = end;
        if dir.is_none() && tail.is_empty() {
            dir = match self.at(k) {
                "pasado" | "pasada" | "ultimo" | "ultima" => Some(LAST),
                "proximo" | "proxima" | "entrante" => Some(COMING),
                _ => None,
            };
            k += usize::from(dir.is_some());
        }
        k = self.time_of_day(k);
        let weekday = day_name.map(|d| format!("{d}, ")).unwrap_or_default();
        let date = format!("{weekday}{month} {day}{tail}");
        let english = match dir {
            // "Monday, October 26", as English writes a weekday with its date: the two name
            // the day without "last" or "coming".
            _ if day_name.is_some() => date,
            Some(dir) => format!("{dir} {date}"),
            None if on => format!("on {date}"),
            None => date,
        };
        Some((k, english))
    }

    /// A holiday on a fixed day: (the token after it, month, day).
    fn fixed_holiday(&self, k: usize) -> Option<(usize, &'static str, u32)> {
        let peru = self.country == Country::Peru;
        let (n, month, day) = match self.from(k) {
            ["nochebuena", ..] | ["vispera", "de", "navidad", ..] => {
                (if self.at(k) == "vispera" { 3 } else { 1 }, "December", 24)
            }
            ["vispera", "de", "ano", "nuevo", ..] => (4, "December", 31),
            ["dia", "de", "navidad", ..] => (3, "December", 25),
            ["navidad", ..] => (1, "December", 25),
            ["nochevieja", ..] => (1, "December", 31),
            ["noche", "vieja", ..] => (2, "December", 31),
            ["dia", "de", "ano", "nuevo", ..] => (4, "January", 1),
            ["ano", "nuevo", next, ..] if OTHER_NEW_YEARS.contains(next) => return None,
            ["ano", "nuevo", ..]
                if k > 0 || !matches!(self.before, Some("un" | "otro" | "cada" | "feliz")) =>
            {
                (2, "January", 1)
            }
            ["dia", "del", "trabajo" | "trabajador", ..] => (3, "May", 1),
            ["dia", "de", "todos", "los", "santos", ..] => (5, "November", 1),
            ["dia", "de", "san", "valentin", ..] => (4, "February", 14),
            ["san", "valentin", ..] => (2, "February", 14),
            ["dia", "de", "reyes", ..] => (3, "January", 6),
            ["dia", "de", "los", "muertos" | "difuntos", ..] => (4, "November", 2),
            ["dia", "de", "los", "fieles", "difuntos", ..] => (5, "November", 2),
            ["dia", "de", "la", "inmaculada", "concepcion", ..] => (5, "December", 8),
            ["inmaculada", "concepcion", ..] => (2, "December", 8),
            ["dia", "de", "san", "pedro", "y", "san", "pablo", ..] => (7, "June", 29),
            ["combate", "de", "angamos", ..] if peru => (3, "October", 8),
            ["batalla", "de", "junin", ..] if peru => (3, "August", 6),
            ["batalla", "de", "ayacucho", ..] if peru => (3, "December", 9),
            ["dia", "de", "la", "independencia", ..] if peru => (4, "July", 28),
            ["inti", "raymi", ..] if peru => (2, "June", 24),
            ["dia", "de", "santa", "rosa", "de", "lima", ..] if peru => (6, "August", 30),
            ["santa", "rosa", "de", "lima", ..] if peru => (4, "August", 30),
            _ => return None,
        };
        Some((k + n, month, day))
    }

    /// Holidays that move with Easter ("Domingo de Ramos", "Viernes Santo", "Pascua"; Semana
    /// Santa and Jueves Santo have no English form the grammar reads, and stay as written), and
    /// Peru's Fiestas Patrias.
    fn movable_holiday(&self, k: usize) -> Option<Read> {
        let on = self.is(k, &["el", "la", "en", "por", "durante"]);
        let k = k + usize::from(on);
        let (end, name) = match self.from(k) {
            ["domingo", "de", "ramos", ..] => (k + 3, "Palm Sunday"),
            // Peru keeps them on the second Sunday of May and the third of June, as the United
            // States do.
            ["dia", "de", "la", "madre", ..] if self.country == Country::Peru => {
                (k + 4, "Mother's Day")
            }
            ["dia", "del", "padre", ..] if self.country == Country::Peru => (k + 3, "Father's Day"),
            // July 28 and 29 in Peru; no single day, so the part of the month that holds both.
            ["fiestas", "patrias", ..] if self.country == Country::Peru => (k + 2, "late July"),
            ["viernes", "santo", ..] => (k + 2, "Good Friday"),
            ["domingo", "de", "resurreccion" | "pascua" | "pascuas", ..] => (k + 3, "Easter"),
            ["pascua" | "pascuas", "de", "resurreccion", ..] => (k + 3, "Easter"),
            // "Isla de Pascua" is Easter Island.
            ["pascua" | "pascuas", ..] if k > 0 || self.before != Some("de") => (k + 1, "Easter"),
            _ => return None,
        };
        let (end, tail) = self.year_tail(end, " ").unwrap_or((end, String::new()));
        let on = if on { "on " } else { "" };
        Some((end, format!("{on}{name}{tail}")))
    }

    /// The year after a month-day, holiday or month: "de 2017", "del año pasado", "de este
    /// año", "del próximo año", "de hace seis años". `sep` goes before a written year.
    fn year_tail(&self, k: usize, sep: &str) -> Option<Read> {
        let phrase = |n: usize, s: &str| Some((k + n, format!(" {s}")));
        match self.from(k) {
            ["de" | "del", y, ..] if year_number(y).is_some() => Some((k + 2, format!("{sep}{y}"))),
            ["del", "ano", y, ..] if year_number(y).is_some() => Some((k + 3, format!("{sep}{y}"))),
            ["del", "ano", "pasado", ..] | ["del", "pasado", "ano", ..] => phrase(3, "last year"),
            ["del", "ano", "antepasado", ..] => phrase(3, "2 years ago"),
            ["de", "este", "ano", ..] | ["del", "presente", "ano", ..] => phrase(3, "this year"),
            ["del", "ano", "en", "curso", ..] => phrase(4, "this year"),
            ["del", "proximo", "ano", ..] | ["del", "ano", "proximo" | "entrante", ..] => {
                phrase(3, "next year")
            }
            ["del", "ano", "que", "viene", ..] => phrase(4, "next year"),
            ["de", "hace", ..] => {
                let (end, ago) = self.counted(k + 1)?;
                ago.contains("year").then(|| (end, format!(" {ago}")))
            }
            ["hace", ..] => {
                let (end, ago) = self.counted(k)?;
                ago.contains("year").then(|| (end, format!(" {ago}")))
            }
            _ => None,
        }
    }

    /// Phrases that place nothing: the English ones the grammar refuses with a reason.
    fn vague(&self, k: usize) -> Option<Read> {
        const FEW: &[&str] = &[
            "unos", "unas", "algunos", "algunas", "varios", "varias", "pocos", "pocas",
        ];
        let read = |n: usize, e: &str| Some((k + n, e.to_string()));
        match self.from(k) {
            ["hace", "poco", "tiempo", ..] => read(3, "recently"),
            ["hace", "poco", ..] => read(2, "recently"),
            ["recientemente" | "ultimamente", ..] => read(1, "recently"),
            ["hace", "mucho", "tiempo", ..] => read(3, "a long time ago"),
            ["hace", "tiempo" | "mucho", ..] => read(2, "a long time ago"),
            ["hace", "un", "par", "de", unit, ..] => {
                let (_, plural) = unit_of(unit)?;
                read(5, &format!("a couple of {plural} ago"))
            }
            ["hace", few, unit, ..] if FEW.contains(few) => {
                let (_, plural) = unit_of(unit)?;
                read(3, &format!("a few {plural} ago"))
            }
            ["en", "el", "pasado", ..] => read(3, "in the past"),
            ["en", "los" | "las", "proximos" | "proximas", unit, ..] if unit_of(unit).is_some() => {
                read(4, &format!("in the coming {}", unit_of(unit)?.1))
            }
            ["en", "los" | "las", "ultimos" | "ultimas", unit, ..] if unit_of(unit).is_some() => {
                read(4, &format!("in recent {}", unit_of(unit)?.1))
            }
            ["en", "los", "recientes", "anos", ..] => read(4, "in recent years"),
            ["pronto" | "proximamente", ..] => read(1, "soon"),
            ["en", "la", "actualidad", ..] => read(3, "now"),
            ["actualmente" | "ahora", ..] => read(1, "now"),
            _ => None,
        }
    }

    /// "hoy", "ayer", "anteayer", "mañana", "pasado mañana", "anoche", "esta noche", "el día
    /// de ayer", and a time of day after them.
    fn days(&self, k: usize) -> Option<Read> {
        let (n, english) = match self.from(k) {
            ["el", "dia", "de", "hoy", ..] => (4, "today"),
            ["el", "dia", "de", "ayer", ..] => (4, "yesterday"),
            ["pasado", "manana", ..] => (2, "the day after tomorrow"),
            ["anteayer" | "antier" | "anteanoche", ..] => (1, "the day before yesterday"),
            ["antes", "de", "ayer", ..] => (3, "the day before yesterday"),
            ["anoche", ..] => (1, "last night"),
            ["ayer", "por" | "en" | "durante", "la", "noche", ..] => (4, "last night"),
            ["esta", "noche", ..] => (2, "tonight"),
            ["esta", "manana" | "tarde" | "madrugada", ..] => (2, "today"),
            ["hoy", ..] => (1, "today"),
            ["ayer", ..] => (1, "yesterday"),
            ["manana", ..] => {
                let before = if k == 0 {
                    self.before
                } else {
                    k.checked_sub(1).map(|b| self.at(b))
                };
                if before.is_some_and(|b| MORNING_DETERMINERS.contains(&b)) {
                    return None;
                }
                (1, "tomorrow")
            }
            _ => return None,
        };
        // "ayer martes", "hoy miércoles": the weekday only confirms the day.
        let n = if n == 1 && weekday(self.at(k + 1)).is_some() {
            n + 1
        } else {
            n
        };
        Some((self.time_of_day(k + n), english.to_string()))
    }

    /// "hace seis años", "hace 6 años", "hace un mes", "hace una década", "seis años atrás".
    fn counted(&self, k: usize) -> Option<Read> {
        let hace = self.is(k, &["hace"]);
        let count_at = k + usize::from(hace);
        // "hace unos 10 años" is about ten years, as English reads "about"; "hace más de un
        // año" is approximate, which English refuses.
        let (count_at, approx) = match (hace, self.from(count_at)) {
            (true, ["exactamente" | "justo" | "justamente", ..]) => (count_at + 1, ""),
            (true, ["unos" | "unas" | "aproximadamente", ..]) => (count_at + 1, "about "),
            (true, ["alrededor" | "cerca", "de", ..]) => (count_at + 2, "about "),
            (true, ["mas", "de", ..]) => (count_at + 2, "over "),
            (true, ["menos", "de", ..]) => (count_at + 2, "under "),
            (true, ["casi", ..]) => (count_at + 1, "nearly "),
            _ => (count_at, ""),
        };
        // The unit closes the count: at most six number words before it.
        let unit_at = (count_at + 1..self.t.len().min(count_at + 7))
            .find(|&u| unit_of(self.t[u]).is_some())?;
        let n = self.count(count_at, unit_at)?;
        let end = match (hace, self.at(unit_at + 1)) {
            (true, _) => unit_at + 1,
            (false, "atras") => unit_at + 2,
            _ => return None,
        };
        let (singular, plural) = unit_of(self.t[unit_at])?;
        // "hace un año y medio": a year and a half, which no day names.
        if let ["y", "medio" | "media", ..] = self.from(end) {
            return Some((end + 2, format!("{n} {singular} and a half ago")));
        }
        let english = match n {
            1 if singular == "hour" => "an hour ago".to_string(),
            1 => format!("a {singular} ago"),
            n => format!("{n} {plural} ago"),
        };
        Some((end, format!("{approx}{english}")))
    }

    /// The count in tokens `from..to`: digits or Spanish number words ("seis", "veinticinco",
    /// "un"), at least 1.
    fn count(&self, from: usize, to: usize) -> Option<u64> {
        let n: u64 = match &self.t[from..to] {
            ["un" | "una" | "uno"] => 1,
            [digits] if digits.bytes().all(|b| b.is_ascii_digit()) => digits.parse().ok()?,
            words if words.iter().all(|w| w.chars().all(char::is_alphabetic)) => {
                let words = self.lower[from..to].join(" ");
                text2digits(&words, &Numbers::spanish())
                    .ok()?
                    .parse()
                    .ok()?
            }
            _ => return None,
        };
        (n >= 1).then_some(n)
    }

    /// "a principios de 2020", "a mediados de noviembre", "a fines de marzo", "finales del año
    /// pasado", "a fin de mes": early, mid- and late.
    fn part_of(&self, k: usize) -> Option<Read> {
        let k = self.skip(
            k,
            &[
                "a", "al", "para", "hacia", "en", "desde", "hasta", "durante",
            ],
        );
        // "la primera semana de marzo", "la última semana del año", "la primera quincena de
        // marzo" (days 1 to 15).
        if let [
            "la",
            which,
            unit @ ("semana" | "quincena"),
            de @ ("de" | "del"),
            ..,
        ] = self.from(k)
        {
            let part = match (*which, *unit) {
                ("primera", "semana") => "the first week",
                ("ultima", "semana") => "the last week",
                ("primera", "quincena") => "the first half",
                ("segunda", "quincena") => "the second half",
                _ => return None,
            };
            let (end, span) = self.span_of_time(k + 4, *de == "del")?;
            return Some((end, format!("{part} of {span}")));
        }
        let k = if self.is(k, &["la"]) && self.is(k + 1, &["mitad"]) {
            k + 1
        } else {
            k
        };
        let part = match self.at(k) {
            "inicios" | "principios" | "comienzos" | "inicio" | "principio" | "comienzo" => "early",
            "mediados" | "mitad" => "mid",
            "fines" | "finales" | "fin" | "final" => "late",
            _ => return None,
        };
        let (k, article) = match self.from(k + 1) {
            ["del", ..] => (k + 2, true),
            ["de", "los" | "la", ..] => (k + 3, true),
            ["de", ..] => (k + 2, false),
            _ => return None,
        };
        let (end, span) = self.span_of_time(k, article)?;
        let english = match (part, span.strip_prefix("the ")) {
            // "the early 1990s", "the mid-1990s".
            ("mid", Some(decade)) => format!("the mid-{decade}"),
            (part, Some(decade)) => format!("the {part} {decade}"),
            ("mid", None)
                if span.starts_with(|c: char| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
            {
                format!("mid-{span}")
            }
            ("mid", None) => format!("the middle of {span}"),
            (part, None) => format!("{part} {span}"),
        };
        Some((end, english))
    }

    /// What early, mid- and late apply to: a month (and its year), a year, a decade, or this,
    /// last or next year or month. `article`: an "el" came before it ("del año").
    fn span_of_time(&self, k: usize, article: bool) -> Option<Read> {
        if let Some(name) = month(self.at(k)) {
            let (end, tail) = self.year_tail(k + 1, " ").unwrap_or((k + 1, String::new()));
            return Some((end, format!("{name}{tail}")));
        }
        if let Some(y) = year_number(self.at(k)) {
            return Some((k + 1, y.to_string()));
        }
        if let Some((end, decade)) = self.decade_of(k) {
            return Some((end, format!("the {decade}")));
        }
        let unit = |w: &str| if w == "ano" { "year" } else { "month" };
        match self.from(k) {
            ["este", u @ ("ano" | "mes"), ..] => Some((k + 2, format!("this {}", unit(u)))),
            ["pasado" | "proximo" | "presente", u @ ("ano" | "mes"), ..] if article => {
                let dir = match self.at(k) {
                    "pasado" => "last",
                    "proximo" => "next",
                    _ => "this",
                };
                Some((k + 2, format!("{dir} {}", unit(u))))
            }
            [u @ ("ano" | "mes"), ..] => {
                let (end, dir) = match self.direction_after(k + 1) {
                    Some((_, Direction::BeforeLast)) => return None,
                    Some((end, dir)) => (end, dir),
                    // "a fin de año", "a mediados del mes": the anchor's own.
                    None => (k + 1, Direction::This),
                };
                Some((end, format!("{} {}", dir.english(), unit(u))))
            }
            _ => None,
        }
    }

    fn direction_after(&self, k: usize) -> Option<(usize, Direction)> {
        match self.from(k) {
            // "el lunes último", "en enero último".
            ["pasado" | "pasada" | "ultimo" | "ultima", ..] => Some((k + 1, Direction::Last)),
            ["antepasado" | "antepasada", ..] => Some((k + 1, Direction::BeforeLast)),
            ["proximo" | "proxima" | "entrante", ..] => Some((k + 1, Direction::Next)),
            ["que", "viene", ..] => Some((k + 2, Direction::Next)),
            ["en", "curso", ..] => Some((k + 2, Direction::This)),
            ["actual", ..] => Some((k + 1, Direction::This)),
            _ => None,
        }
    }

    fn direction_before(&self, k: usize) -> Option<(usize, Direction)> {
        match self.from(k) {
            // "el último domingo", Peru's usual "last Sunday".
            ["pasado" | "pasada" | "ultimo" | "ultima", ..] => Some((k + 1, Direction::Last)),
            ["proximo" | "proxima", ..] => Some((k + 1, Direction::Next)),
            ["presente", ..] => Some((k + 1, Direction::This)),
            _ => None,
        }
    }

    /// "el primer semestre", "el tercer trimestre de 2001", "la primera mitad del año pasado".
    fn quarter(&self, k: usize) -> Option<Read> {
        let k = self.skip(k, &["en", "durante", "para"]);
        let k = self.skip(k, &["el", "la"]);
        let (k, ordinal, unit) = match self.from(k) {
            [ord, unit @ ("trimestre" | "semestre" | "mitad"), ..] => (k + 2, *ord, *unit),
            [
                d,
                ".",
                "er" | "o" | "º",
                unit @ ("trimestre" | "semestre"),
                ..,
            ] => (k + 4, *d, *unit),
            _ => return None,
        };
        let tail = self.year_tail(k, " of ").or_else(|| match self.from(k) {
            // "del año" alone: the anchor's.
            ["del", "ano", ..] => Some((k + 2, " of this year".to_string())),
            _ => None,
        });
        let last = if unit == "trimestre" { 4 } else { 2 };
        let ordinal = match ordinal {
            // Roman numerals, as statistics offices write them ("el IV trimestre de 2022").
            "primer" | "primero" | "primera" | "1er" | "1o" | "1º" | "1" | "i" => 1,
            "segundo" | "segunda" | "2do" | "2o" | "2º" | "2" | "ii" => 2,
            "tercer" | "tercero" | "3er" | "3o" | "3º" | "3" | "iii" => 3,
            "cuarto" | "4to" | "4o" | "4º" | "4" | "iv" => 4,
            // "el último trimestre de 2022" is its fourth; with no year it may be the latest.
            "ultimo" | "ultima" if tail.is_some() => last,
            _ => return None,
        };
        let english = match (unit, ordinal) {
            ("trimestre", n) => format!("the {} quarter", ORDINALS[n - 1]),
            ("semestre" | "mitad", n @ (1 | 2)) => format!("the {} half", ORDINALS[n - 1]),
            _ => return None,
        };
        let (end, tail) = tail.unwrap_or((k, String::new()));
        Some((end, format!("{english}{tail}")))
    }

    /// A decade: "los años noventa", "los 90", "los '80", "la década de 1990", "la década de
    /// los ochenta". The token after it, and "1990s".
    fn decade_of(&self, k: usize) -> Option<(usize, String)> {
        let (k, named) = match self.from(k) {
            ["decada", "de", "los", "anos", ..] => (k + 4, true),
            ["decada", "de", "los", ..] | ["decada", "de", "la", ..] => (k + 3, true),
            // "la década del 90", as Peru writes it.
            ["decada", "de" | "del", ..] => (k + 2, true),
            ["los", "anos", ..] => (k + 2, true),
            ["anos", ..] => (k + 1, true),
            ["los", ..] => (k + 1, false),
            // After "de los" in "a fines de los noventa".
            _ => (k, false),
        };
        let (k, apostrophe) = if self.is(k, &["'"]) {
            (k + 1, true)
        } else {
            (k, false)
        };
        // "los ochentas", "los 80s", "los 80's".
        let w = self.at(k);
        let w = match w.strip_suffix("'s").or_else(|| w.strip_suffix('s')) {
            Some(stem)
                if decade_word(stem).is_some() || stem.bytes().all(|b| b.is_ascii_digit()) =>
            {
                stem
            }
            _ => w,
        };
        let year = if let Some(y) = decade_word(w) {
            y
        } else if w.len() == 2 && w.bytes().all(|b| b.is_ascii_digit()) {
            // "los 90": the 1900s; "los 00" and "los 10" could be either century.
            let n: u32 = w.parse().ok()?;
            if !n.is_multiple_of(10) || n < 20 {
                return None;
            }
            1900 + n
        } else {
            let y: u32 = year_number(w)?.parse().ok()?;
            if !y.is_multiple_of(10) {
                return None;
            }
            y
        };
        // "los noventa detenidos" are ninety people: a bare "los" + number is a decade only
        // where the phrase ends.
        let ends = !self
            .t
            .get(k + 1)
            .is_some_and(|w| w.chars().all(char::is_alphanumeric))
            || self.is(k + 1, &["y", "del", "de", "cuando", "en", "hasta"]);
        if !named && !apostrophe && !ends {
            return None;
        }
        Some((k + 1, format!("{year}s")))
    }

    /// "en los años noventa", "la década de 1990", "los '80": "in the 1990s".
    fn decade(&self, k: usize) -> Option<Read> {
        let in_ = self.is(k, &["en", "durante"]);
        let k = k + usize::from(in_);
        let k = if self.is(k, &["la"]) && self.is(k + 1, &["decada"]) {
            k + 1
        } else {
            k
        };
        if !self.is(k, &["los", "decada"]) {
            return None;
        }
        let (end, decade) = self.decade_of(k)?;
        let in_ = if in_ { "in " } else { "" };
        Some((end, format!("{in_}the {decade}")))
    }

    /// "en el verano de 2016", "el invierno pasado", "la próxima primavera", by the country's
    /// hemisphere: a southern season is the northern one of the same months.
    fn season(&self, k: usize) -> Option<Read> {
        let south = match self.country {
            Country::Peru | Country::South => true,
            Country::North => false,
            Country::Unknown => return None,
        };
        let in_ = self.is(k, &["en", "durante"]);
        let mut k = k + usize::from(in_);
        let mut dir = self.is(k, &["este", "esta"]).then_some(Direction::This);
        k = self.skip(k, &["el", "la", "este", "esta"]);
        if let Some((end, d)) = self.direction_before(k) {
            dir = Some(d);
            k = end;
        }
        let season = match (self.at(k), south) {
            ("verano", false) | ("invierno", true) => "summer",
            ("invierno", false) | ("verano", true) => "winter",
            ("primavera", false) | ("otono", true) => "spring",
            ("otono", false) | ("primavera", true) => "autumn",
            _ => return None,
        };
        k += 1;
        let mut year = None;
        if let Some((end, tail)) = self.year_tail(k, " of ") {
            // A winter spans two years, and which one "del año pasado" names depends on the
            // country's habit: a written year keeps both readings, a counted one is refused.
            if season == "winter" && !tail.starts_with(" of ") {
                return Some((end, String::new()));
            }
            year = Some(tail);
            k = end;
        }
        if dir.is_none()
            && year.is_none()
            && let Some((end, d)) = self.direction_after(k)
        {
            dir = Some(d);
            k = end;
        }
        let english = match (dir, year) {
            (_, Some(tail)) => format!("the {season}{tail}"),
            (Some(Direction::BeforeLast), None) => return None,
            (Some(dir), None) => format!("{} {season}", dir.before_named()),
            (None, None) => format!("the {season}"),
        };
        let in_ = if in_ { "in " } else { "" };
        Some((k, format!("{in_}{english}")))
    }

    /// "el año pasado", "este mes", "la próxima semana", "la semana que viene", "el fin de
    /// semana pasado", "el año antepasado", "en lo que va del año".
    fn unit(&self, k: usize) -> Option<Read> {
        if let ["en", "lo", "que", "va", de, rest @ ..] = self.from(k) {
            let (n, unit) = match (*de, rest) {
                ("del", [u @ ("ano" | "mes"), ..]) => (6, *u),
                ("de", ["este" | "esta", u @ ("ano" | "mes" | "semana"), ..]) => (7, *u),
                ("de", [y, ..]) if year_number(y).is_some() => {
                    return Some((k + 6, format!("in {y}")));
                }
                _ => return None,
            };
            let unit = english_unit(unit)?;
            return Some((k + n, format!("this {unit}")));
        }
        let k = self.skip(k, &["en", "durante", "para", "desde", "hasta"]);
        let this = self.is(k, &["este", "esta"]);
        let article = self.is(k, &["el", "la"]);
        let k = self.skip(k, &["el", "la", "este", "esta"]);
        // "el último año", "la última semana": the run of that length up to the anchor.
        let past = self.is(k, &["ultimo", "ultima"]);
        let (k, before) = match self.direction_before(k) {
            Some((end, d)) => (end, Some(d)),
            None => (k, this.then_some(Direction::This)),
        };
        let (k, unit) = match self.from(k) {
            ["fin", "de", "semana", ..] => (k + 3, "weekend"),
            [u, ..] => (k + 1, english_unit(u)?),
            [] => return None,
        };
        if past {
            // "la última semana de diciembre" is a part of December, "el último trimestre" of
            // some year: not the run up to the anchor.
            if unit == "weekend" || unit == "quarter" || self.is(k, &["de", "del"]) {
                return None;
            }
            return Some((k, format!("the past {unit}")));
        }
        let (end, dir) = match (before, self.direction_after(k)) {
            (Some(d), _) => (k, d),
            (None, Some((end, d))) => (end, d),
            // "el fin de semana": the one around the anchor, as English says it.
            (None, None) if unit == "weekend" && article => {
                return Some((k, "the weekend".to_string()));
            }
            (None, None) => return None,
        };
        let english = match (dir, unit) {
            (Direction::BeforeLast, "year" | "month") => format!("2 {unit}s ago"),
            (Direction::BeforeLast, _) => format!("the {unit} before last"),
            (dir, unit) => format!("{} {unit}", dir.english()),
        };
        Some((end, english))
    }

    /// "el martes", "el martes pasado", "el pasado martes", "el próximo martes", "este martes",
    /// "el martes por la noche".
    fn weekday(&self, k: usize) -> Option<Read> {
        let article = self.is(k, &["el", "este"]);
        self.weekday_from(k + usize::from(article), article)
            .map(|(end, english)| {
                let this = self.is(k, &["este"]) && !english.starts_with(COMING);
                match english.strip_prefix("on ") {
                    Some(day) if this => (end, format!("this {day}")),
                    _ => (end, english),
                }
            })
    }

    /// [`Self::weekday`] after its "el" or "este" (`article`).
    fn weekday_from(&self, k: usize, article: bool) -> Option<Read> {
        let (k, mut dir) = match self.direction_before(k) {
            Some((end, d @ (Direction::Last | Direction::Next))) => (end, Some(d)),
            _ => (k, None),
        };
        let day = weekday(self.at(k))?;
        let mut k = k + 1;
        // "el martes 24": the 24th the weekday fits, of this month or the last or the next.
        if let Some(n) = day_number(self.at(k)) {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            let day = format!("{day} the {n}{suffix}");
            let on = if article { "on " } else { "" };
            return Some((self.time_of_day(k + 1), format!("{on}{day}")));
        }
        if self
            .at(k)
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_digit())
        {
            return None;
        }
        if dir.is_none()
            && let Some((end, d @ (Direction::Last | Direction::Next))) = self.direction_after(k)
        {
            dir = Some(d);
            k = end;
        }
        let k = self.time_of_day(k);
        let english = match dir {
            Some(dir) => format!("{} {day}", dir.before_named()),
            None if article => format!("on {day}"),
            None => day.to_string(),
        };
        Some((k, english))
    }

    /// "en diciembre de 2017", "diciembre del año pasado", "en diciembre", "el pasado
    /// diciembre", "en el mes de diciembre".
    fn month_phrase(&self, k: usize) -> Option<Read> {
        let in_ = self.is(k, &["en", "durante"]);
        let mut k = k + usize::from(in_);
        if let ["el", "mes", "de", ..] = self.from(k) {
            k += 3;
        }
        let this = self.is(k, &["este"]);
        k = self.skip(k, &["el", "este"]);
        let mut dir = if this { Some(Direction::This) } else { None };
        if let Some((end, d)) = self.direction_before(k) {
            dir = Some(d);
            k = end;
        }
        let name = month(self.at(k))?;
        k += 1;
        let (end, tail) = self.year_tail(k, " ").unwrap_or((k, String::new()));
        k = end;
        if dir.is_none()
            && tail.is_empty()
            && let Some((end, d)) = self.direction_after(k)
        {
            dir = Some(d);
            k = end;
        }
        let english = match dir {
            Some(Direction::BeforeLast) => return None,
            Some(dir) => format!("{} {name}", dir.before_named()),
            None if in_ => format!("in {name}{tail}"),
            None => format!("{name}{tail}"),
        };
        Some((k, english))
    }

    /// "en 2009", "en el 2009", "en el año 2009", "el año 2009": "in 2009".
    fn year(&self, k: usize) -> Option<Read> {
        let (k, y) = match self.from(k) {
            ["en" | "durante", "el", "ano", y, ..] => (k + 4, *y),
            ["en" | "durante", "el" | "ano", y, ..] | ["el", "ano", y, ..] => (k + 3, *y),
            ["en" | "durante", "este", y, ..] => (k + 3, *y),
            ["en" | "durante" | "el" | "este", y, ..] => (k + 2, *y),
            _ => return None,
        };
        Some((k, format!("in {}", year_number(y)?)))
    }
}

/// A calendar unit that "last", "this" and "next" take, in English.
fn english_unit(w: &str) -> Option<&'static str> {
    Some(match w {
        "ano" => "year",
        "mes" => "month",
        "semana" => "week",
        "decada" => "decade",
        "trimestre" => "quarter",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (Spanish, its English) in a source of `es` with no country.
    const PHRASES: &[(&str, &str)] = &[
        // Full dates.
        ("el 24 de diciembre de 2017", "on December 24, 2017"),
        ("24 de diciembre del 2017", "December 24, 2017"),
        ("el 24 de Diciembre del año 2017", "on December 24, 2017"),
        ("el 24/12/2017", "on December 24, 2017"),
        ("03/04/2021", "April 3, 2021"),
        ("24-12-2017", "December 24, 2017"),
        ("24.12.2017", "December 24, 2017"),
        ("el 1 de setiembre", "on September 1"),
        ("el 1.º de mayo", "on May 1"),
        ("el 1° de mayo", "on May 1"),
        ("el 1ro de mayo", "on May 1"),
        ("el primero de mayo", "on May 1"),
        ("el día 5 de septiembre", "on September 5"),
        (
            "el martes 24 de diciembre de 2019",
            "Tuesday, December 24, 2019",
        ),
        ("el lunes, 26 de octubre", "Monday, October 26"),
        ("el pasado 15 de marzo", "last March 15"),
        ("el 15 de marzo pasado", "last March 15"),
        ("el próximo 28 de julio", "coming July 28"),
        (
            "el 24 de diciembre del año pasado",
            "on December 24 last year",
        ),
        ("el 3 de enero de este año", "on January 3 this year"),
        (
            "el 24 de diciembre de hace seis años",
            "on December 24 6 years ago",
        ),
        ("el 24 de diciembre por la noche", "on December 24"),
        // Months and years.
        ("en diciembre de 2017", "in December 2017"),
        ("diciembre del año pasado", "December last year"),
        ("en diciembre del año pasado", "in December last year"),
        ("en diciembre", "in December"),
        ("en el mes de setiembre", "in September"),
        ("en diciembre pasado", "last December"),
        ("el pasado diciembre", "last December"),
        ("el próximo marzo", "coming March"),
        ("en marzo del próximo año", "in March next year"),
        ("en 2009", "in 2009"),
        ("en el 2009", "in 2009"),
        ("en el año 2009", "in 2009"),
        ("a fines de marzo", "late March"),
        ("a finales de marzo de 2020", "late March 2020"),
        ("a principios de 2020", "early 2020"),
        ("a inicios de este año", "early this year"),
        ("a mediados de noviembre", "mid-November"),
        ("a mediados de 2019", "mid-2019"),
        ("finales del año pasado", "late last year"),
        ("a fin de año", "late this year"),
        ("a fines del mes pasado", "late last month"),
        ("a mediados del año pasado", "the middle of last year"),
        // Weekdays.
        ("el martes", "on Tuesday"),
        ("el martes pasado", "last Tuesday"),
        ("el pasado martes", "last Tuesday"),
        ("el próximo martes", "coming Tuesday"),
        ("el martes próximo", "coming Tuesday"),
        ("este martes", "this Tuesday"),
        ("el martes por la noche", "on Tuesday"),
        ("el miércoles en la mañana", "on Wednesday"),
        ("la noche del martes", "on Tuesday"),
        ("en la madrugada del domingo", "on Sunday"),
        ("la tarde del pasado viernes", "last Friday"),
        ("EL MIERCOLES", "on Wednesday"),
        // Days.
        ("hoy", "today"),
        ("ayer", "yesterday"),
        ("el día de ayer", "yesterday"),
        ("ayer por la tarde", "yesterday"),
        ("anteayer", "the day before yesterday"),
        ("antier", "the day before yesterday"),
        ("mañana", "tomorrow"),
        ("mañana por la mañana", "tomorrow"),
        ("pasado mañana", "the day after tomorrow"),
        ("anoche", "last night"),
        ("esta noche", "tonight"),
        ("esta mañana", "today"),
        // Counting back.
        ("hace seis años", "6 years ago"),
        ("hace 6 años", "6 years ago"),
        ("hace un mes", "a month ago"),
        ("hace dos semanas", "2 weeks ago"),
        ("hace una década", "a decade ago"),
        ("hace tres días", "3 days ago"),
        ("hace veinticinco años", "25 years ago"),
        ("seis años atrás", "6 years ago"),
        ("hace seis anos", "6 years ago"),
        // Calendar units.
        ("el año pasado", "last year"),
        ("este año", "this year"),
        ("el próximo año", "next year"),
        ("el año que viene", "next year"),
        ("el año antepasado", "2 years ago"),
        ("la próxima semana", "next week"),
        ("la semana pasada", "last week"),
        ("la semana que viene", "next week"),
        ("este mes", "this month"),
        ("el mes pasado", "last month"),
        ("el próximo mes", "next month"),
        ("el mes entrante", "next month"),
        ("en lo que va del año", "this year"),
        ("este fin de semana", "this weekend"),
        ("el fin de semana pasado", "last weekend"),
        ("la década pasada", "last decade"),
        // Quarters and halves.
        ("el primer semestre", "the first half"),
        ("el segundo semestre de 2019", "the second half of 2019"),
        ("el tercer trimestre de 2001", "the third quarter of 2001"),
        (
            "en el cuarto trimestre del año pasado",
            "the fourth quarter last year",
        ),
        ("la primera mitad del año", "the first half of this year"),
        ("el 1.er trimestre de 2020", "the first quarter of 2020"),
        // Decades.
        ("los años noventa", "the 1990s"),
        ("en los años 90", "in the 1990s"),
        ("la década de 1990", "the 1990s"),
        ("la década de los ochenta", "the 1980s"),
        ("los '80", "the 1980s"),
        ("los 90", "the 1990s"),
        ("en los años 2000", "in the 2000s"),
        ("a fines de los noventa", "the late 1990s"),
        ("a mediados de los años 80", "the mid-1980s"),
        // Holidays.
        ("en Nochebuena", "on December 24"),
        (
            "la Nochebuena de hace seis años",
            "on December 24 6 years ago",
        ),
        ("la Navidad de 2017", "on December 25, 2017"),
        ("el día de Navidad", "on December 25"),
        ("Nochevieja", "December 31"),
        ("el Año Nuevo", "on January 1"),
        ("el Día del Trabajo", "on May 1"),
        ("Semana Santa de 2019", "Semana Santa de 2019"),
        ("el Domingo de Ramos de 2019", "on Palm Sunday 2019"),
        ("el Viernes Santo", "on Good Friday"),
        // Vague: the English the grammar refuses.
        ("recientemente", "recently"),
        ("hace poco", "recently"),
        ("hace unos años", "a few years ago"),
        ("hace un par de días", "a couple of days ago"),
        ("en los últimos años", "in recent years"),
        ("pronto", "soon"),
        // As Peru's press also writes them.
        ("el último domingo", "last Sunday"),
        ("el lunes último", "last Monday"),
        ("el 5 de enero último", "last January 5"),
        ("en enero último", "last January"),
        ("la última semana", "the past week"),
        ("en el último año", "the past year"),
        ("este 28 de julio", "this July 28"),
        ("el pasado lunes 4 de marzo", "Monday, March 4"),
        ("en este 2023", "in 2023"),
        ("la década del 80", "the 1980s"),
        ("los ochentas", "the 1980s"),
        ("los 80s", "the 1980s"),
        ("a mitad de año", "the middle of this year"),
        ("ayer martes", "yesterday"),
        ("la mañana de este martes", "this Tuesday"),
        ("hace exactamente un año", "a year ago"),
        ("hace un año y medio", "1 year and a half ago"),
        ("en las próximas semanas", "in the coming weeks"),
        ("en los últimos días", "in recent days"),
        ("el Día de los Muertos", "on November 2"),
        ("hace unos 10 años", "about 10 years ago"),
        ("hace cerca de un año", "about a year ago"),
        ("hace más de un año", "over a year ago"),
        ("hace casi dos décadas", "nearly 2 decades ago"),
        ("el martes 28", "on Tuesday the 28th"),
        ("del 16 al 18 de noviembre de 2019", "16-18 November 2019"),
        ("entre 2010 y 2015", "between 2010 and 2015"),
        ("de 2010 a 2015", "from 2010 to 2015"),
        ("la primera quincena de marzo", "the first half of March"),
        (
            "la segunda quincena de marzo de 2020",
            "the second half of March 2020",
        ),
        ("en lo que va de 2023", "in 2023"),
        ("en la víspera de Navidad", "on December 24"),
        ("el IV trimestre de 2022", "the fourth quarter of 2022"),
        ("el último trimestre de 2022", "the fourth quarter of 2022"),
        (
            "el primer trimestre del año pasado",
            "the first quarter last year",
        ),
        ("la última semana de diciembre", "the last week of December"),
        ("la primera semana del mes", "the first week of this month"),
    ];

    /// Spanish date words, to build texts that open many phrases.
    const VOCABULARY: &[&str] = &[
        "el",
        "la",
        "de",
        "del",
        "en",
        "hace",
        "seis",
        "un",
        "años",
        "año",
        "pasado",
        "próximo",
        "martes",
        "diciembre",
        "24",
        "2017",
        "/",
        ".",
        ",",
        "'",
        "º",
        "°",
        "a",
        "fines",
        "mediados",
        "los",
        "noventa",
        "90",
        "década",
        "primer",
        "trimestre",
        "semestre",
        "mañana",
        "por",
        "noche",
        "hoy",
        "ayer",
        "semana",
        "fin",
        "verano",
        "Año",
        "Nuevo",
        "último",
        "y",
        "medio",
        "atrás",
        "Navidad",
        "víspera",
        "ñ",
        "é\u{301}",
    ];

    proptest::proptest! {
        #[test]
        fn any_text_is_translated_without_panic_and_keeps_what_is_no_date(
            text in "\\PC{0,60}",
            words in proptest::collection::vec(proptest::sample::select(VOCABULARY), 0..24),
        ) {
            for country in [Country::Peru, Country::North, Country::Unknown] {
                let out = dates_in_english(&text, country);
                // Text without a date word or digit comes out as it went in.
                if !text.chars().any(|c| c.is_alphanumeric()) {
                    proptest::prop_assert_eq!(&out, &text);
                }
                dates_in_english(&words.join(" "), country);
            }
        }
    }

    #[test]
    fn a_long_text_of_phrase_openings_is_read_in_linear_time() {
        let text = "el pasado 24 de hace a fines del la noche del los años ".repeat(10_000);
        let started = std::time::Instant::now();
        let out = dates_in_english(&text, Country::Peru);
        assert!(out.len() >= text.len() / 2);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(10),
            "{:?}",
            started.elapsed()
        );
    }

    #[test]
    fn each_spanish_phrase_becomes_its_english_one() {
        let failures: Vec<String> = PHRASES
            .iter()
            .filter_map(|&(es, en)| {
                let got = dates_in_english(es, Country::Unknown);
                (got != en).then(|| format!("{es:?}: {got:?}, expected {en:?}"))
            })
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }
}
