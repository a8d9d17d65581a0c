//! Cues: the short patterns a property declares (`cues:` in the properties file) to say how
//! articles state it, and that `crosscheck extract` matches around each value it reads.
//!
//! A cue is words and slots. Words match the article's words, ignoring case, accents and
//! punctuation ("{n}-year-old" is the slot then `year`, `old`). Slots:
//! - `{n}`: the value itself, once in every cue (a number, a date, an amount, a name);
//! - `{person}`, `{body}`, `{event}`: a registered entity named right there, which becomes the
//!   claim's subject. `{person}` is an entity of type `person`, `{event}` one of type `event`
//!   or `document` (a pardon, a ruling), `{body}` any other registered entity (a court, a
//!   commission, a prison, a party).
//!
//! `cues: ["{n}-year-old {person}", "{person}, {n},", "aged {n}"]` on `age`: "the 85-year-old
//! Alberto Fujimori" is Fujimori's age, "aged 85" an age whose subject is chosen as for any
//! draft.

use crate::value::text::fold_name;

/// A part of a cue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// A word, folded (lower case, no accents).
    Word(String),
    /// The value found.
    Value,
    /// A registered entity of this kind, the subject.
    Entity(Slot),
}

/// The kinds of entity a cue names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Slot {
    Person,
    Body,
    Event,
}

impl Slot {
    /// Whether an entity of registry type `kind` fills this slot.
    pub fn admits(self, kind: Option<&str>) -> bool {
        match self {
            Slot::Person => kind == Some("person"),
            Slot::Event => matches!(kind, Some("event" | "document")),
            Slot::Body => !matches!(kind, Some("person" | "event" | "document")),
        }
    }
}

/// A parsed cue.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cue {
    /// The parts before the value, nearest last.
    pub before: Vec<Part>,
    /// The parts after the value, nearest first.
    pub after: Vec<Part>,
}

/// Slots a cue may hold.
pub const SLOTS: [&str; 4] = ["{n}", "{person}", "{body}", "{event}"];

/// Longest cue, in words and slots: a cue is a few words around a value, not a sentence.
pub const MAX_PARTS: usize = 8;

impl Cue {
    /// The cue written `text`, or why it is not one.
    pub fn parse(text: &str) -> Result<Cue, String> {
        let mut parts = Vec::new();
        let mut rest = text;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(open) => {
                    words_into(&rest[..open], &mut parts);
                    let close = rest[open..]
                        .find('}')
                        .map(|c| open + c + 1)
                        .ok_or_else(|| {
                            format!("`{}` opens a slot it does not close", &rest[open..])
                        })?;
                    let part = match &rest[open..close] {
                        "{n}" => Part::Value,
                        "{person}" => Part::Entity(Slot::Person),
                        "{body}" => Part::Entity(Slot::Body),
                        "{event}" => Part::Entity(Slot::Event),
                        other => return Err(format!("`{other}` is not a slot")),
                    };
                    parts.push(part);
                    rest = &rest[close..];
                }
                None => {
                    words_into(rest, &mut parts);
                    rest = "";
                }
            }
        }
        if parts.len() > MAX_PARTS {
            return Err(format!(
                "a cue holds at most {MAX_PARTS} words and slots; this one holds {}",
                parts.len()
            ));
        }
        let values = parts.iter().filter(|p| **p == Part::Value).count();
        let Some(at) = parts
            .iter()
            .position(|p| *p == Part::Value)
            .filter(|_| values == 1)
        else {
            return Err("a cue holds the value slot `{n}` exactly once".into());
        };
        if parts.len() == 1 {
            return Err("a cue needs a word or an entity slot besides `{n}`".into());
        }
        let after = parts.split_off(at + 1);
        parts.pop();
        Ok(Cue {
            before: parts,
            after,
        })
    }

    /// The cue as a pattern, as an editor writes it.
    pub fn written(&self) -> String {
        let show = |p: &Part| match p {
            Part::Word(w) => w.clone(),
            Part::Value => "{n}".into(),
            Part::Entity(Slot::Person) => "{person}".into(),
            Part::Entity(Slot::Body) => "{body}".into(),
            Part::Entity(Slot::Event) => "{event}".into(),
        };
        self.before
            .iter()
            .chain(std::iter::once(&Part::Value))
            .chain(&self.after)
            .map(show)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The entity slot of the cue, if any.
    pub fn slot(&self) -> Option<Slot> {
        self.before.iter().chain(&self.after).find_map(|p| match p {
            Part::Entity(s) => Some(*s),
            _ => None,
        })
    }
}

/// The words of a stretch of cue text, folded.
fn words_into(text: &str, parts: &mut Vec<Part>) {
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        parts.push(Part::Word(fold_name(w)));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cue_is_words_and_slots_around_one_value() {
        let c = Cue::parse("{n}-year-old {person}").unwrap();
        assert!(c.before.is_empty());
        assert_eq!(
            c.after,
            [
                Part::Word("year".into()),
                Part::Word("old".into()),
                Part::Entity(Slot::Person)
            ]
        );
        assert_eq!(c.written(), "{n} year old {person}");
        assert_eq!(Cue::parse("Aged {n}").unwrap().written(), "aged {n}");
    }

    #[test]
    fn a_cue_without_one_value_slot_or_with_an_unknown_slot_is_refused() {
        assert!(
            Cue::parse("aged")
                .unwrap_err()
                .contains("`{n}` exactly once")
        );
        assert!(
            Cue::parse("{n} to {n}")
                .unwrap_err()
                .contains("exactly once")
        );
        assert!(Cue::parse("{n}").unwrap_err().contains("besides"));
        assert!(
            Cue::parse("{who} aged {n}")
                .unwrap_err()
                .contains("not a slot")
        );
        assert!(
            Cue::parse("aged {n")
                .unwrap_err()
                .contains("does not close")
        );
    }
}
