//! Hostile inputs: documents of any size that no newsroom writes but scrapers, table-to-text
//! converters and OCR do produce (no sentence stop for megabytes, nothing but quotation
//! marks, one-word paragraphs, invisible marks, binary junk). Extraction must stay linear
//! in their size; `kg-bench hostile` times it on each kind and `tests/hostile.rs` checks that
//! it completes.
//!
//! Names, titles, places and speech cues come from the schema given, never from this file.

use crate::corpus::Document;
use crate::schema::{CueForm, Schema};

use super::corpus::CorpusGen;
use super::rng::Rng;

/// The kinds of hostile document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Names, titles, pronouns, quote marks, cues, dates, event words, places and commas in
    /// random order, without a sentence stop.
    Soup,
    /// One paragraph of alternating quoted words (`“word” and “word” ...`).
    QuotesBalanced,
    /// Quotation marks of every style that mostly never close.
    QuotesUnbalanced,
    /// Quotations nested in quotations, marks of mixed styles.
    QuotesNested,
    /// Only names and titles.
    Names,
    /// Sentences about thousands of people the schema lacks ("Deputy Minister Kaloru
    /// Beminta said ..."), each named after a title.
    Invented,
    /// Only pronouns (and a speech cue now and then).
    Pronouns,
    /// Only date words.
    Dates,
    /// News-like sentences, all on one line.
    OneLine,
    /// One-word paragraphs.
    WordParagraphs,
    /// Words of thousands of letters between names and cues.
    LongWords,
    /// News-like text strewn with zero-width and right-to-left marks.
    Invisible,
    /// News-like text whose letters carry stacks of combining marks.
    Combining,
    /// News-like text with CRLF line ends.
    Crlf,
    /// News-like text with a byte order mark atop the document and every paragraph.
    Bom,
    /// Random bytes (no NUL) read as UTF-8, invalid sequences replaced.
    Binary,
}

impl Kind {
    /// Every kind, in the order the benchmark reports them.
    pub const ALL: [Kind; 16] = [
        Kind::Soup,
        Kind::QuotesBalanced,
        Kind::QuotesUnbalanced,
        Kind::QuotesNested,
        Kind::Names,
        Kind::Invented,
        Kind::Pronouns,
        Kind::Dates,
        Kind::OneLine,
        Kind::WordParagraphs,
        Kind::LongWords,
        Kind::Invisible,
        Kind::Combining,
        Kind::Crlf,
        Kind::Bom,
        Kind::Binary,
    ];

    /// The kind's name on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Soup => "soup",
            Kind::QuotesBalanced => "quotes-balanced",
            Kind::QuotesUnbalanced => "quotes-unbalanced",
            Kind::QuotesNested => "quotes-nested",
            Kind::Names => "names",
            Kind::Invented => "invented",
            Kind::Pronouns => "pronouns",
            Kind::Dates => "dates",
            Kind::OneLine => "one-line",
            Kind::WordParagraphs => "word-paragraphs",
            Kind::LongWords => "long-words",
            Kind::Invisible => "invisible",
            Kind::Combining => "combining",
            Kind::Crlf => "crlf",
            Kind::Bom => "bom",
            Kind::Binary => "binary",
        }
    }

    /// The kind named `name`.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// Writes hostile documents from the vocabulary of a schema.
#[derive(Debug, Clone)]
pub struct HostileGen {
    seed: u64,
    names: Vec<String>,
    titles: Vec<String>,
    places: Vec<String>,
    cues: Vec<String>,
    news: Option<CorpusGen>,
}

const PRONOUNS: &[&str] = &[
    "he", "she", "they", "it", "him", "her", "them", "his", "hers", "their", "He", "She", "They",
    "It", "His", "Her", "We", "I",
];
const DATE_WORDS: &[&str] = &[
    "Monday",
    "Tuesday",
    "on Wednesday",
    "Thursday",
    "Friday",
    "last week",
    "next month",
    "January 5",
    "February 24, 2022",
    "March",
    "2021",
    "the next day",
    "yesterday",
    "today",
    "on December 17",
    "in 2014",
    "a day earlier",
];
const EVENT_WORDS: &[&str] = &["talks", "meeting", "summit", "phone call", "visit"];
const FILLER: &[&str] = &[
    "and",
    "the",
    "of",
    "that",
    "would",
    "not",
    "agreed",
    "security",
    "guarantees",
    "with",
];
const MARKS: &[&str] = &[
    "\"", "\u{201c}", "\u{201d}", "\u{2018}", "\u{2019}", "\u{ab}", "\u{bb}", "\u{2013}",
    "\u{2014}",
];
const INVISIBLE: &[char] = &[
    '\u{200b}', '\u{200c}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202e}',
    '\u{2066}', '\u{2067}', '\u{2069}', '\u{feff}', '\u{ad}', '\u{2060}',
];

impl HostileGen {
    /// A generator over the names, titles, places and speech cues of `schema`.
    pub fn new(schema: &Schema, seed: u64) -> HostileGen {
        let mut names = Vec::new();
        let mut titles = Vec::new();
        let mut places = Vec::new();
        for e in &schema.entities {
            names.extend(e.names().map(str::to_string));
            titles.extend(e.roles.iter().map(|r| r.title.clone()));
            if e.kind == "place" {
                places.push(e.name.clone());
            }
        }
        let mut cues: Vec<String> = schema
            .lexicon
            .speech_cues
            .iter()
            .filter(|c| c.form == CueForm::Verb)
            .flat_map(|c| c.surface_forms())
            .filter(|f| f.ends_with("ed") || matches!(f.as_str(), "said" | "told"))
            .collect();
        for w in ["said", "told", "according to"] {
            cues.push(w.to_string());
        }
        if names.is_empty() {
            names.push("Someone".to_string());
        }
        if titles.is_empty() {
            titles.push("minister".to_string());
        }
        if places.is_empty() {
            places.push("Geneva".to_string());
        }
        HostileGen {
            seed,
            names,
            titles,
            places,
            cues,
            news: CorpusGen::new(schema, seed).ok(),
        }
    }

    /// A document of `kind` of about `size` bytes (cut at a character boundary).
    pub fn document(&self, kind: Kind, size: usize) -> Document {
        let text = self.text(kind, size);
        Document::from_text(&format!("hostile-{}", kind.name()), text)
    }

    /// The text of a document of `kind` of at most `size` bytes.
    pub fn text(&self, kind: Kind, size: usize) -> String {
        let mut rng = Rng::for_item(self.seed, kind as u64);
        let mut out = String::with_capacity(size + 64);
        if kind == Kind::Bom {
            out.push('\u{feff}');
        }
        let mut article = 0u64;
        while out.len() < size {
            self.piece(kind, &mut rng, &mut out, &mut article);
        }
        cut(&mut out, size);
        out
    }

    fn pick<'a>(rng: &mut Rng, v: &'a [String]) -> &'a str {
        rng.pick(v).map_or("", String::as_str)
    }

    /// A news-like article, or soup when the schema is too small to write one.
    fn article(&self, rng: &mut Rng, index: &mut u64) -> String {
        *index += 1;
        match &self.news {
            Some(g) => g.article(*index).text,
            None => {
                let mut s = String::new();
                for _ in 0..40 {
                    self.soup_word(rng, &mut s);
                }
                s.push_str(".\n\n");
                s
            }
        }
    }

    fn soup_word(&self, rng: &mut Rng, out: &mut String) {
        let w: &str = match rng.below(10) {
            0 => Self::pick(rng, &self.names),
            1 => Self::pick(rng, &self.titles),
            2 => rng.pick(PRONOUNS).copied().unwrap_or(""),
            3 => rng.pick(MARKS).copied().unwrap_or(""),
            4 => Self::pick(rng, &self.cues),
            5 => rng.pick(DATE_WORDS).copied().unwrap_or(""),
            6 => rng.pick(EVENT_WORDS).copied().unwrap_or(""),
            7 => {
                out.push_str("in ");
                Self::pick(rng, &self.places)
            }
            8 => ",",
            _ => rng.pick(FILLER).copied().unwrap_or(""),
        };
        out.push_str(w);
        out.push(' ');
    }

    fn piece(&self, kind: Kind, rng: &mut Rng, out: &mut String, article: &mut u64) {
        match kind {
            Kind::Soup => self.soup_word(rng, out),
            Kind::QuotesBalanced => {
                out.push('\u{201c}');
                out.push_str(Self::pick(rng, &self.names));
                out.push_str("\u{201d} and ");
            }
            Kind::QuotesUnbalanced => {
                out.push_str(rng.pick(MARKS).copied().unwrap_or(""));
                out.push_str(rng.pick(FILLER).copied().unwrap_or(""));
                out.push(' ');
                if rng.chance(30) {
                    out.push_str(Self::pick(rng, &self.names));
                    out.push(' ');
                    out.push_str(Self::pick(rng, &self.cues));
                    out.push(' ');
                }
            }
            Kind::QuotesNested => {
                let depth = rng.range(1, 6);
                let pairs = [
                    ("\u{201c}", "\u{201d}"),
                    ("\u{2018}", "\u{2019}"),
                    ("\u{ab}", "\u{bb}"),
                    ("\"", "\""),
                ];
                let chosen: Vec<(&str, &str)> = (0..depth)
                    .map(|_| {
                        pairs
                            .get(rng.below(pairs.len()))
                            .copied()
                            .unwrap_or(("", ""))
                    })
                    .collect();
                for (o, _) in &chosen {
                    out.push_str(o);
                    out.push_str(rng.pick(FILLER).copied().unwrap_or(""));
                    out.push(' ');
                }
                out.push_str(Self::pick(rng, &self.names));
                for (_, c) in chosen.iter().rev() {
                    out.push_str(c);
                }
                out.push(' ');
                out.push_str(Self::pick(rng, &self.cues));
                out.push(' ');
                out.push_str(Self::pick(rng, &self.names));
                out.push_str(", ");
            }
            Kind::Names => {
                if rng.chance(40) {
                    out.push_str(Self::pick(rng, &self.titles));
                    out.push(' ');
                }
                out.push_str(Self::pick(rng, &self.names));
                out.push_str(if rng.chance(30) { ", " } else { " " });
            }
            Kind::Invented => {
                out.push_str(&capitalize_words(Self::pick(rng, &self.titles)));
                out.push(' ');
                out.push_str(&invented_name(rng));
                out.push(' ');
                out.push_str(Self::pick(rng, &self.cues));
                out.push(' ');
                out.push_str(rng.pick(DATE_WORDS).copied().unwrap_or(""));
                out.push_str(" that ");
                out.push_str(&invented_name(rng));
                out.push_str(" would visit ");
                out.push_str(Self::pick(rng, &self.places));
                out.push_str(if rng.chance(10) { ".\n\n" } else { ". " });
            }
            Kind::Pronouns => {
                out.push_str(rng.pick(PRONOUNS).copied().unwrap_or(""));
                out.push(' ');
                if rng.chance(15) {
                    out.push_str(Self::pick(rng, &self.cues));
                    out.push(' ');
                }
            }
            Kind::Dates => {
                out.push_str(rng.pick(DATE_WORDS).copied().unwrap_or(""));
                out.push_str(if rng.chance(30) { ", " } else { " " });
            }
            Kind::OneLine => {
                let a = self.article(rng, article);
                out.extend(a.chars().map(|c| if c == '\n' { ' ' } else { c }));
            }
            Kind::WordParagraphs => {
                let w = match rng.below(4) {
                    0 => Self::pick(rng, &self.names),
                    1 => Self::pick(rng, &self.cues),
                    2 => rng.pick(MARKS).copied().unwrap_or(""),
                    _ => rng.pick(FILLER).copied().unwrap_or(""),
                };
                out.push_str(w);
                out.push_str("\n\n");
            }
            Kind::LongWords => {
                let n = rng.range(1_000, 20_000);
                let letters = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
                for _ in 0..n {
                    let b = letters
                        .get(rng.below(letters.len()))
                        .copied()
                        .unwrap_or(b'a');
                    out.push(char::from(b));
                }
                out.push(' ');
                out.push_str(Self::pick(rng, &self.names));
                out.push(' ');
                out.push_str(Self::pick(rng, &self.cues));
                out.push_str(" \u{201c}");
                for _ in 0..n / 2 {
                    out.push('x');
                }
                out.push_str("\u{201d} ");
            }
            Kind::Invisible => {
                for c in self.article(rng, article).chars() {
                    out.push(c);
                    if rng.chance(20) {
                        out.push(
                            INVISIBLE
                                .get(rng.below(INVISIBLE.len()))
                                .copied()
                                .unwrap_or(' '),
                        );
                    }
                }
            }
            Kind::Combining => {
                for c in self.article(rng, article).chars() {
                    out.push(c);
                    if c.is_alphabetic() {
                        for _ in 0..rng.below(4) {
                            let m = 0x300 + rng.below(0x70) as u32;
                            out.push(char::from_u32(m).unwrap_or('\u{301}'));
                        }
                    }
                }
            }
            Kind::Crlf => {
                let a = self.article(rng, article);
                out.push_str(&a.replace('\n', "\r\n"));
            }
            Kind::Bom => {
                let a = self.article(rng, article);
                out.push_str(&a.replace("\n\n", "\n\n\u{feff}"));
            }
            Kind::Binary => {
                let bytes: Vec<u8> = (0..4096)
                    .map(|_| (rng.next_u64() % 255) as u8 + 1)
                    .collect();
                out.push_str(&String::from_utf8_lossy(&bytes));
            }
        }
    }
}

/// An invented name of two capitalised words of two or three syllables.
fn invented_name(rng: &mut Rng) -> String {
    let mut out = String::new();
    for w in 0..2 {
        if w > 0 {
            out.push(' ');
        }
        for i in 0..rng.range(2, 3) {
            let c = b"bdfgklmnprstvz"
                .get(rng.below(14))
                .copied()
                .unwrap_or(b'b');
            let v = b"aeiou".get(rng.below(5)).copied().unwrap_or(b'a');
            out.push(char::from(if i == 0 { c.to_ascii_uppercase() } else { c }));
            out.push(char::from(v));
        }
    }
    out
}

/// `s` with each word capitalised ("deputy minister" -> "Deputy Minister").
fn capitalize_words(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Cuts `s` to at most `size` bytes, at a character boundary.
fn cut(s: &mut String, size: usize) {
    if s.len() <= size {
        return;
    }
    let mut end = size;
    while end > 0 && !s.is_char_boundary(end) {
        end -= 1;
    }
    s.truncate(end);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        match Schema::load(&dir) {
            Ok(s) => s,
            Err(e) => panic!("schemas: {e}"),
        }
    }

    #[test]
    fn every_kind_fills_its_size_and_is_deterministic() {
        let s = schema();
        let g = HostileGen::new(&s, 7);
        for k in Kind::ALL {
            let a = g.text(k, 20_000);
            assert!(
                a.len() <= 20_000 && a.len() > 19_000,
                "{}: {}",
                k.name(),
                a.len()
            );
            assert_eq!(a, g.text(k, 20_000), "{}", k.name());
            assert!(!a.contains('\0'), "{}", k.name());
            assert_eq!(Kind::parse(k.name()), Some(k));
        }
    }
}
