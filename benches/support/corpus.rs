//! A synthetic newsroom archive for benchmarks: N sources (one claims file each) x M claims,
//! with a registry, properties and rules, deterministic from a seed.
//!
//! Shared by `examples/gen_corpus.rs`, the benches and the corpus test through `#[path]`, so
//! that all three measure and check the same data.
//!
//! What makes it realistic enough to measure: several sources state each (subject, property),
//! so `agree` has slots to compare; values come in every type and in several written forms
//! (`$13.6 million` and `USD 13600000`, `25 years` and `P25Y`); dates are often relative to
//! the publication date ("Friday", "Christmas Eve six years ago", "six years ago"); subjects
//! and entity values are written as ids, names, aliases and near misses of registered names,
//! and some people are not registered at all; and a planted share of claims contradicts the
//! others, the registry or the rules.

#![allow(dead_code)] // Each includer uses a part.

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use chrono::{Datelike, Days, NaiveDate};
use crosscheck::value::date::MONTH_NAMES;

/// What to generate.
#[derive(Debug, Clone)]
pub struct Config {
    pub sources: usize,
    pub claims_per_source: usize,
    pub seed: u64,
    /// Share of claims, in thousandths, that state a planted wrong value.
    pub conflicts_per_mille: u64,
}

impl Config {
    pub fn new(sources: usize, claims_per_source: usize) -> Self {
        Self {
            sources,
            claims_per_source,
            seed: 7,
            conflicts_per_mille: 20,
        }
    }
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    pub files: usize,
    pub claims: usize,
    pub entities: usize,
    pub bytes: u64,
}

/// SplitMix64: tiny, fast and the same on every platform, so a seed always gives one corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn per_mille(&mut self, p: u64) -> bool {
        self.next() % 1000 < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// A value derived from a seed and some numbers alone, for facts that must be the same in
/// every source that states them.
fn hash(seed: u64, parts: &[u64]) -> u64 {
    let mut r = Rng(seed);
    for p in parts {
        r.0 ^= p.wrapping_mul(0x2545_F491_4F6C_DD1D);
        r.next();
    }
    r.next()
}

const FIRST: &[&str] = &[
    "Maria",
    "José",
    "Juan",
    "Ana",
    "Luis",
    "Carmen",
    "Carlos",
    "Rosa",
    "Jorge",
    "Elena",
    "Pedro",
    "Lucía",
    "Miguel",
    "Sofía",
    "Alberto",
    "Isabel",
    "Ricardo",
    "Teresa",
    "Fernando",
    "Patricia",
    "Javier",
    "Gabriela",
    "Raúl",
    "Verónica",
    "Andrés",
    "Mónica",
    "Diego",
    "Claudia",
    "Sergio",
    "Beatriz",
    "Óscar",
    "Silvia",
    "Manuel",
    "Adriana",
    "Héctor",
    "Lorena",
    "Víctor",
    "Daniela",
    "Pablo",
    "Natalia",
    "Keiko",
    "Hiroshi",
    "Dina",
    "Francisco",
    "Martín",
    "Julia",
];
const LAST: &[&str] = &[
    "García",
    "Rodríguez",
    "Martínez",
    "López",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Reyes",
    "Morales",
    "Cruz",
    "Ortiz",
    "Gutiérrez",
    "Chávez",
    "Ramos",
    "Vargas",
    "Castillo",
    "Jiménez",
    "Moreno",
    "Romero",
    "Herrera",
    "Medina",
    "Aguilar",
    "Mendoza",
    "Castro",
    "Vásquez",
    "Rojas",
    "Salazar",
    "Quispe",
    "Huamán",
    "Mamani",
    "Fujimori",
    "Kuczynski",
    "Boluarte",
    "Saravia",
    "Manrique",
    "Reaño",
    "Villanueva",
    "Paredes",
    "Cárdenas",
    "Espinoza",
    "Valdivia",
    "Carrasco",
    "Zapata",
    "Benavides",
    "Olivares",
    "Palacios",
    "Cornejo",
    "Arce",
    "Tapia",
    "Velásquez",
    "Ugarte",
    "Montoya",
    "Bustamante",
    "Alarcón",
];
const ORG_HEAD: &[&str] = &[
    "National",
    "Popular",
    "Democratic",
    "Republican",
    "United",
    "Progressive",
    "Civic",
    "Independent",
    "Federal",
    "Regional",
    "Social",
    "Liberal",
];
const ORG_BODY: &[&str] = &[
    "Renewal",
    "Action",
    "Force",
    "Front",
    "Alliance",
    "Union",
    "Movement",
    "Coalition",
    "Solidarity",
    "Change",
    "Future",
    "Unity",
    "Reform",
    "Liberty",
];
const ORG_TAIL: &[&str] = &[
    "Party",
    "Bank",
    "Mining Company",
    "Workers' Union",
    "Foundation",
    "Council",
    "Institute",
    "Commission",
    "Holdings",
    "Tribunal",
];
const COUNTRIES: &[(&str, &str, &str)] = &[
    ("peru", "Peru", "Republic of Peru"),
    ("chile", "Chile", "Republic of Chile"),
    ("bolivia", "Bolivia", "Plurinational State of Bolivia"),
    ("ecuador", "Ecuador", "Republic of Ecuador"),
    ("colombia", "Colombia", "Republic of Colombia"),
    ("brazil", "Brazil", "Federative Republic of Brazil"),
    ("argentina", "Argentina", "Argentine Republic"),
    ("mexico", "Mexico", "United Mexican States"),
    ("spain", "Spain", "Kingdom of Spain"),
    ("japan", "Japan", "State of Japan"),
    ("united-states", "United States", "United States of America"),
    ("venezuela", "Venezuela", "Bolivarian Republic of Venezuela"),
];
const OUTLETS: &[&str] = &[
    "Bloomberg",
    "Reuters",
    "Associated Press",
    "El Comercio",
    "La República",
    "Latin Times",
    "Peoples Dispatch",
    "BBC Mundo",
    "El País",
    "Infobae",
    "Andina",
    "Ojo Público",
    "IDL-Reporteros",
    "The Guardian",
    "Financial Times",
    "Americas Quarterly",
    "Correo",
    "Perú21",
    "RPP Noticias",
    "Agence France-Presse",
    "EFE",
    "CNN en Español",
    "Gestión",
    "Expreso",
    "La Tercera",
    "Clarín",
    "Página 12",
    "Semana",
    "El Tiempo",
    "Milenio",
    "NPR",
    "Al Jazeera",
    "Deutsche Welle",
    "Le Monde",
    "The Economist",
    "Wall Street Journal",
    "New York Times",
    "Washington Post",
    "Global Voices",
    "Convoca",
];
const POSITIONS: &[&str] = &[
    "minister of finance",
    "minister of justice",
    "prime minister",
    "congresswoman",
    "congressman",
    "mayor of Lima",
    "party leader",
    "president of the court",
    "public prosecutor",
    "ombudsman",
    "central bank governor",
    "governor of Cusco",
];
const NUMBER_WORDS: &[&str] = &[
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
];
/// The properties, in the order claims cycle through them.
const PROPERTIES: &str = "\
properties:
  age:
    type: age
  born:
    type: date
  appointed:
    type: date
  sentence:
    type: duration
  fine:
    type: money
    tolerance: 1%
  victims:
    type: count
  approval:
    type: number
    changes: true
    tolerance: 0.5
  party:
    type: entity
    range: [organization]
  nationality:
    type: entity
    range: [country]
  employer:
    type: entity
    range: [organization]
  position:
    type: text
    changes: true
  convicted:
    type: boolean
  witnesses:
    type: entity
    many: true
    range: [person]
";

const RULES: &str = "\
rules:
  - id: facts-agree
    kind: agree
    help: Go back to the primary document and say which version is right.
  - id: name-variants
    kind: names
    help: Use the registered name, or add the spelling to the registry as an alias.
  - id: entity-types
    kind: types
  - id: ages-fit
    kind: age
  - id: reference-facts
    kind: reference
  - id: no-future-dates
    kind: dates
  - id: quotes-backed
    kind: quotes
  - id: corroborated
    kind: corroborate
    severity: info
    min_outlets: 2
    properties: [sentence, fine]
  - id: ages-plausible
    kind: expr
    over: claims
    where: claim.property == \"age\"
    assert: claim.value >= 18 && claim.value <= 110
    message: the age of {subject} is implausible
";

struct Person {
    id: String,
    name: String,
    aliases: Vec<String>,
    born: NaiveDate,
    registered: bool,
    with_birth_fact: bool,
}

struct Org {
    id: String,
    name: String,
    alias: Option<String>,
}

struct World {
    people: Vec<Person>,
    orgs: Vec<Org>,
}

fn slug(s: &str) -> String {
    let folded: String = s
        .chars()
        .map(|c| match c {
            'á' | 'Á' => 'a',
            'é' | 'É' => 'e',
            'í' | 'Í' => 'i',
            'ó' | 'Ó' => 'o',
            'ú' | 'Ú' => 'u',
            'ñ' | 'Ñ' => 'n',
            c if c.is_ascii_alphanumeric() => c.to_ascii_lowercase(),
            _ => '-',
        })
        .collect();
    folded
        .split('-')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

fn world(cfg: &Config, subjects: usize) -> World {
    let mut rng = Rng(cfg.seed ^ 0xA5A5);
    let mut seen = std::collections::HashSet::new();
    let mut people = Vec::with_capacity(subjects);
    while people.len() < subjects {
        let first = rng.pick(FIRST);
        let last = rng.pick(LAST);
        let second = rng.pick(LAST);
        let middle = rng.pick(FIRST);
        // Longer names once the short forms run out, so that every person has their own.
        let name = match rng.below(3) {
            0 => format!("{first} {last}"),
            1 => format!("{first} {last} {second}"),
            _ => format!("{first} {middle} {last} {second}"),
        };
        if !seen.insert(name.clone()) {
            continue;
        }
        let i = people.len();
        let words: Vec<&str> = name.split(' ').collect();
        let mut aliases = Vec::new();
        if words.len() >= 3 && rng.per_mille(500) {
            aliases.push(format!("{} {}", words[0], words[words.len() - 2]));
        }
        let born =
            NaiveDate::from_ymd_opt(1935, 1, 1).unwrap() + Days::new(rng.below(60 * 365) as u64);
        people.push(Person {
            id: format!("{}-{i}", slug(&name)),
            name,
            aliases,
            born,
            // A tenth of the people are not in the registry: their names are clustered.
            registered: !rng.per_mille(100),
            with_birth_fact: rng.per_mille(500),
        });
    }
    let mut orgs = Vec::new();
    for (i, h) in ORG_HEAD.iter().enumerate() {
        for (j, b) in ORG_BODY.iter().enumerate() {
            let t = ORG_TAIL[(i * 7 + j * 3) % ORG_TAIL.len()];
            let name = format!("{h} {b} {t}");
            let alias = (t == "Party").then(|| format!("{b} {t}"));
            orgs.push(Org {
                id: slug(&name),
                name,
                alias,
            });
        }
    }
    World { people, orgs }
}

fn yaml_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A typo or a dropped first name: a near miss the `names` rule reports.
fn near_miss(name: &str, rng: &mut Rng) -> String {
    let words: Vec<&str> = name.split(' ').collect();
    if words.len() >= 3 && rng.per_mille(500) {
        return words[1..].join(" ");
    }
    let mut chars: Vec<char> = name.chars().collect();
    // Change a letter of the last word, never the first (keeps the blocking word of the first).
    let last_start = name.rfind(' ').map_or(0, |i| name[..i].chars().count() + 1);
    let at = last_start + 1 + rng.below(chars.len() - last_start - 1);
    chars[at] = if chars[at] == 'e' { 'a' } else { 'e' };
    chars.into_iter().collect()
}

fn person_mention(p: &Person, rng: &mut Rng) -> String {
    if !p.registered {
        // Unregistered: mostly one spelling, sometimes a near miss of it.
        return if rng.per_mille(50) {
            near_miss(&p.name, rng)
        } else {
            p.name.clone()
        };
    }
    match rng.below(100) {
        0..=69 => p.id.clone(),
        70..=86 => p.name.clone(),
        87..=94 => p.aliases.first().unwrap_or(&p.name).clone(),
        _ => near_miss(&p.name, rng),
    }
}

fn org_mention(o: &Org, rng: &mut Rng) -> String {
    match rng.below(100) {
        0..=49 => o.name.clone(),
        50..=79 => o.id.clone(),
        80..=95 => o.alias.clone().unwrap_or_else(|| o.name.clone()),
        _ => near_miss(&o.name, rng),
    }
}

/// A date as an article writes it on `published`: relative when it reads naturally.
fn written_date(d: NaiveDate, published: NaiveDate, rng: &mut Rng) -> String {
    let days = (published - d).num_days();
    let years = published.year() - d.year();
    let in_words = rng.per_mille(500);
    let n = |k: i32| match NUMBER_WORDS.get(k as usize) {
        Some(w) if in_words => w.to_string(),
        _ => k.to_string(),
    };
    let wd_prefix = rng.per_mille(500);
    match rng.below(10) {
        _ if (1..=6).contains(&days) => {
            let wd = d.format("%A").to_string();
            match days {
                1 => "yesterday".into(),
                _ if wd_prefix => format!("on {wd}"),
                _ => wd,
            }
        }
        _ if d.month() == 12 && d.day() == 24 && years > 0 => {
            format!("Christmas Eve {} years ago", n(years))
        }
        0..=1 if years > 1 => format!("{} years ago", n(years)),
        2..=3 => format!(
            "{} {} {}",
            d.day(),
            MONTH_NAMES[d.month0() as usize],
            d.year()
        ),
        4 => format!(
            "{} {}, {}",
            MONTH_NAMES[d.month0() as usize],
            d.day(),
            d.year()
        ),
        5 => d.year().to_string(),
        _ => d.format("%Y-%m-%d").to_string(),
    }
}

fn written_money(amount_k: u64, rng: &mut Rng) -> String {
    match rng.below(3) {
        0 => format!("${:.1} million", amount_k as f64 / 1000.0),
        1 => format!("USD {}", amount_k * 1000),
        _ => format!("{:.1} million USD", amount_k as f64 / 1000.0),
    }
}

/// A claim's value, its words for the quote, and its indentation-ready YAML.
fn claim_value(
    cfg: &Config,
    w: &World,
    subject: usize,
    property: &str,
    published: NaiveDate,
    rng: &mut Rng,
) -> (String, String) {
    let seed = cfg.seed;
    let s = subject as u64;
    let wrong = rng.per_mille(cfg.conflicts_per_mille);
    let h = |salt: u64| hash(seed, &[s, salt]);
    let p = &w.people[subject];
    let scalar = |v: String| (yaml_str(&v), v);
    match property {
        "age" => {
            let mut age = published.years_since(p.born).unwrap_or(40);
            if wrong {
                age += 2 + rng.below(3) as u32;
            }
            scalar(age.to_string())
        }
        "born" => {
            let born = if wrong {
                p.born + Days::new(400)
            } else {
                p.born
            };
            scalar(born.format("%Y-%m-%d").to_string())
        }
        "appointed" => {
            // Events a few days before the first source that covers the subject, so that
            // most are written relative to the publication date.
            let mut d = event_date(cfg, subject, w.people.len());
            if wrong {
                d = d - Days::new(365 * 2);
            }
            if d >= published {
                d = published - Days::new(1);
            }
            scalar(written_date(d, published, rng))
        }
        "sentence" => {
            let years = 5 + h(3) % 25 + if wrong { 3 } else { 0 };
            scalar(match rng.below(3) {
                0 => format!("{years} years"),
                1 => format!("P{years}Y"),
                _ => format!("{} months", years * 12),
            })
        }
        "fine" => {
            let k = 100 + h(4) % 50_000 * 10 + if wrong { 9000 } else { 0 };
            scalar(written_money(k, rng))
        }
        "victims" => {
            let n = 2 + h(5) % 60 + if wrong { 7 } else { 0 };
            scalar(n.to_string())
        }
        "approval" => scalar(format!("{}", 5 + h(6) % 60 + if wrong { 9 } else { 0 })),
        "party" | "employer" => {
            let i = (h(if property == "party" { 7 } else { 8 }) as usize + usize::from(wrong))
                % w.orgs.len();
            scalar(org_mention(&w.orgs[i], rng))
        }
        "nationality" => {
            let (id, name, long) =
                COUNTRIES[(h(9) as usize + usize::from(wrong)) % COUNTRIES.len()];
            scalar(match rng.below(3) {
                0 => id.to_string(),
                1 => name.to_string(),
                _ => long.to_string(),
            })
        }
        "position" => {
            scalar(POSITIONS[(h(10) as usize + usize::from(wrong)) % POSITIONS.len()].to_string())
        }
        "convicted" => scalar(((h(11) % 2 == 0) != wrong).to_string()),
        _ => {
            // witnesses: a set of two or three people near the subject.
            let n = w.people.len();
            let k = 2 + (h(12) % 2) as usize;
            let names: Vec<String> = (1..=k)
                .map(|j| {
                    person_mention(
                        &w.people[(subject + j * 7 + usize::from(wrong && j == 1)) % n],
                        rng,
                    )
                })
                .collect();
            let yaml = names
                .iter()
                .map(|m| format!("\n      - {}", yaml_str(m)))
                .collect::<String>();
            (yaml, names.join(" and "))
        }
    }
}

const CLAIM_PROPERTIES: &[&str] = &[
    "age",
    "born",
    "appointed",
    "sentence",
    "fine",
    "victims",
    "approval",
    "party",
    "nationality",
    "employer",
    "position",
    "convicted",
    "witnesses",
];

/// Subjects a story covers: a window of the subject pool, so that neighbouring sources share
/// subjects and each (subject, property) is stated by several sources. Wide enough for the
/// article's claims to fall on distinct (subject, property) pairs.
fn story_width(cfg: &Config) -> usize {
    cfg.claims_per_source
        .div_ceil(CLAIM_PROPERTIES.len())
        .max(10)
}

fn day0() -> NaiveDate {
    NaiveDate::from_ymd_opt(2015, 1, 5).unwrap()
}
const SPAN_DAYS: usize = 3650;

fn published(cfg: &Config, source: usize) -> NaiveDate {
    day0() + Days::new((source * SPAN_DAYS / cfg.sources.max(1)) as u64)
}

fn first_source_of(cfg: &Config, subject: usize, subjects: usize) -> usize {
    // Source j covers subjects base(j) .. base(j) + the story width, base(j) = j * subjects / sources.
    let base = subject.saturating_sub(story_width(cfg) - 1);
    (base * cfg.sources).div_ceil(subjects)
}

fn event_date(cfg: &Config, subject: usize, subjects: usize) -> NaiveDate {
    let first = first_source_of(cfg, subject, subjects).min(cfg.sources - 1);
    let back = 1 + (subject % 5) as u64;
    let mut d = published(cfg, first) - Days::new(back);
    if subject.is_multiple_of(9) {
        // Now and then a Christmas Eve, some years back.
        d = NaiveDate::from_ymd_opt(d.year() - 1 - (subject % 6) as i32, 12, 24).unwrap();
    }
    d
}

fn subject_count(cfg: &Config) -> usize {
    // About 50 claims per subject: four or five sources per (subject, property).
    (cfg.sources * cfg.claims_per_source / 50).max(story_width(cfg) + 1)
}

fn write(path: &Path, text: &str, stats: &mut Stats) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text)?;
    stats.files += 1;
    stats.bytes += text.len() as u64;
    Ok(())
}

fn source_file(cfg: &Config, w: &World, j: usize) -> (String, usize) {
    let mut rng = Rng(hash(cfg.seed, &[j as u64, 0xC1A1]));
    let published = published(cfg, j);
    let subjects = w.people.len();
    let base = j * subjects / cfg.sources;
    let outlet = OUTLETS[j % OUTLETS.len()];
    let mut t = String::with_capacity(cfg.claims_per_source * 200 + 200);
    let _ = write!(
        t,
        "# Synthetic article {j} (seed {}).\nsource:\n  id: src-{j:06}\n  outlet: {}\n  published: {}\n  title: {}\nclaims:\n",
        cfg.seed,
        yaml_str(outlet),
        published.format("%Y-%m-%d"),
        yaml_str(&format!(
            "Report {j} on the {} case",
            w.people[base % subjects].name
        )),
    );
    // One value per (subject, property) in an article: claims draw slots without replacement.
    let width = story_width(cfg);
    let mut slots: Vec<(usize, &str)> = (0..width)
        .flat_map(|s| CLAIM_PROPERTIES.iter().map(move |p| (s, *p)))
        .collect();
    let mut written = 0;
    for k in 0..cfg.claims_per_source.min(slots.len()) {
        let pick = k + rng.below(slots.len() - k);
        slots.swap(k, pick);
        let (offset, property) = slots[k];
        let subject = (base + offset) % subjects;
        let p = &w.people[subject];
        let mention = person_mention(p, &mut rng);
        let (value, words) = claim_value(cfg, w, subject, property, published, &mut rng);
        let _ = write!(
            t,
            "  - id: c{k}\n    subject: {}\n    property: {property}\n    value: {value}\n",
            yaml_str(&mention)
        );
        if property == "approval" && rng.per_mille(300) {
            t.push_str("    as_of: this month\n");
        }
        // A few claims lack their quote, for the `quotes` rule.
        if !rng.per_mille(10) {
            let _ = writeln!(
                t,
                "    quote: {}",
                yaml_str(&format!(
                    "{}'s {property} is {words}, {outlet} reported",
                    p.name
                ))
            );
        }
        written += 1;
    }
    (t, written)
}

fn registry(w: &World) -> Vec<String> {
    const PER_FILE: usize = 5000;
    let mut files = Vec::new();
    let mut t = String::from("entities:\n");
    for (id, name, long) in COUNTRIES {
        let _ = write!(
            t,
            "  - id: {id}\n    name: {}\n    type: country\n    aliases: [{}]\n",
            yaml_str(name),
            yaml_str(long)
        );
    }
    for o in &w.orgs {
        let _ = write!(
            t,
            "  - id: {}\n    name: {}\n    type: organization\n",
            o.id,
            yaml_str(&o.name)
        );
        if let Some(a) = &o.alias {
            let _ = writeln!(t, "    aliases: [{}]", yaml_str(a));
        }
    }
    let mut n = 0;
    for p in w.people.iter().filter(|p| p.registered) {
        let _ = write!(
            t,
            "  - id: {}\n    name: {}\n    type: person\n",
            p.id,
            yaml_str(&p.name)
        );
        if !p.aliases.is_empty() {
            let aliases: Vec<String> = p.aliases.iter().map(|a| yaml_str(a)).collect();
            let _ = writeln!(t, "    aliases: [{}]", aliases.join(", "));
        }
        if p.with_birth_fact {
            let _ = write!(
                t,
                "    facts:\n      born: {}\n    reference: Wikipedia\n",
                p.born.format("%Y-%m-%d")
            );
        }
        n += 1;
        if n % PER_FILE == 0 {
            files.push(std::mem::replace(&mut t, String::from("entities:\n")));
        }
    }
    if t.len() > "entities:\n".len() {
        files.push(t);
    }
    files
}

/// Writes the corpus under `out`: `claims/NNN/src-*.yaml` (1000 files a folder),
/// `registry/entities-*.yaml` and `rules/{properties,rules}.yaml`.
pub fn generate(cfg: &Config, out: &Path) -> io::Result<Stats> {
    let w = world(cfg, subject_count(cfg));
    let mut stats = Stats::default();
    let rules = out.join("rules");
    write(&rules.join("properties.yaml"), PROPERTIES, &mut stats)?;
    write(&rules.join("rules.yaml"), RULES, &mut stats)?;
    for (i, text) in registry(&w).iter().enumerate() {
        write(
            &out.join(format!("registry/entities-{i:03}.yaml")),
            text,
            &mut stats,
        )?;
    }
    stats.entities =
        COUNTRIES.len() + w.orgs.len() + w.people.iter().filter(|p| p.registered).count();
    for j in 0..cfg.sources {
        let (text, n) = source_file(cfg, &w, j);
        write(&source_path(out, j), &text, &mut stats)?;
        stats.claims += n;
    }
    Ok(stats)
}

fn source_path(out: &Path, j: usize) -> PathBuf {
    out.join(format!("claims/{:03}/src-{j:06}.yaml", j / 1000))
}

/// Distinct person names as articles write them, for the name-matching benchmark: `n`
/// spellings, a tenth of them near misses of another.
pub fn distinct_names(n: usize, seed: u64) -> Vec<String> {
    let cfg = Config {
        seed,
        ..Config::new(1, 1)
    };
    let w = world(&cfg, n - n / 10);
    let mut rng = Rng(seed ^ 0x5EED);
    let mut names: Vec<String> = w.people.iter().map(|p| p.name.clone()).collect();
    let mut seen: std::collections::HashSet<String> = names.iter().cloned().collect();
    while names.len() < n {
        let base = &w.people[rng.below(w.people.len())].name;
        let variant = near_miss(base, &mut rng);
        if seen.insert(variant.clone()) {
            names.push(variant);
        }
    }
    names
}

/// The corpus for `sources` x `claims_per_source` under the system's temporary folder,
/// written on first use, so that repeated bench runs read the same files.
pub fn cached(sources: usize, claims_per_source: usize) -> PathBuf {
    let cfg = Config::new(sources, claims_per_source);
    let dir = std::env::temp_dir().join(format!(
        "crosscheck-corpus-{sources}x{claims_per_source}-seed{}",
        cfg.seed
    ));
    let done = dir.join(".complete");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&dir);
        generate(&cfg, &dir).expect("corpus written");
        std::fs::write(&done, "").expect("marker written");
    }
    dir
}

/// The baseline a check is held against: find the files, then read and parse each with the
/// loader's parser and options, on every core, and nothing else. Returns the files parsed.
pub fn parse_only(dir: &Path) -> usize {
    use rayon::prelude::*;
    let mut errors = Vec::new();
    let root = crosscheck::load::Root::new(dir).expect("the corpus folder");
    let paths = crosscheck::load::discover(&[dir.to_path_buf()], &root, &mut errors);
    paths
        .par_iter()
        .filter(|p| {
            let text = std::fs::read_to_string(&p.shown).expect("readable");
            let opts = marked_yaml::LoaderOptions::default()
                .error_on_duplicate_keys(true)
                .toplevel_mapping();
            marked_yaml::parse_yaml_with_options(0, &text, opts).is_ok()
        })
        .count()
}
