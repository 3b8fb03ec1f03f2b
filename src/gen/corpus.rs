//! Synthetic news corpus: articles written from the entities and lexicon of a schema with
//! sentence templates of English news (direct quotes in “ ” and " ", reported speech with
//! the lexicon's cues, "according to", pronoun follow-ups, titles before names, dated events
//! in a city, datelines and ` date YYYY-MM-DD URL` headers), as `.txt` files or JSON Lines.
//!
//! Article i depends only on the seed and i, so any slice of a corpus can be regenerated
//! alone and generation runs in parallel. Whether the extractor finds what was written is
//! `eval`'s question, not this module's: the text is for measuring speed.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use chrono::{Datelike, Duration, NaiveDate};
use rayon::prelude::*;
use serde::Serialize;

use super::rng::Rng;
use crate::corpus::Document;
use crate::schema::{CueForm, Gender, Schema};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const TOPICS: [&str; 12] = [
    "security guarantees",
    "arms control",
    "energy supplies",
    "the peace plan",
    "trade",
    "missile deployments",
    "the border dispute",
    "humanitarian access",
    "the grain deal",
    "nuclear safety",
    "prisoner exchanges",
    "the ceasefire",
];
/// Quote and clause templates: `{S}`/`{T}` a state, `{D}` a demonym, `{C}` a city, `{P}` a topic.
const CLAUSES: [&str; 16] = [
    "we are ready to continue the dialogue with {S}",
    "{S} must withdraw its troops from the border",
    "there will be severe consequences if {S} chooses confrontation",
    "{P} cannot be discussed without {T}",
    "our position on {P} has not changed",
    "the {D} proposals on {P} deserve a serious answer",
    "nobody in {C} wants a new crisis",
    "the sanctions against {S} will remain in force",
    "we expect a written response from {S} by the end of the month",
    "the talks in {C} were difficult but useful",
    "{S} and {T} share responsibility for {P}",
    "the door to diplomacy remains open",
    "any attempt to change {P} by force is unacceptable",
    "{S} has never threatened anyone",
    "the next round on {P} should take place in {C}",
    "the {D} side has not yet answered our questions on {P}",
];
/// Sentences of background with no statement in them.
const FILLERS: [&str; 10] = [
    "The situation around {S} remains tense.",
    "Markets in {C} reacted calmly to the news.",
    "Earlier this month, {S} announced new exercises near the border.",
    "Analysts expect little progress on {P} before the summer.",
    "The issue of {P} has divided the two sides for years.",
    "Diplomats in {C} described the atmosphere as businesslike.",
    "Relations between {S} and {T} have worsened since last year.",
    "The talks on {P} were interrupted twice in the past decade.",
    "Thousands of people gathered in the centre of {C} on Saturday.",
    "Neither side published the full text of the documents.",
];
const FALLBACK_OUTLETS: [&str; 3] = ["Example Wire", "Daily Courier", "Global News Agency"];
const FALLBACK_PLACES: [&str; 4] = ["Geneva", "Vienna", "Brussels", "Helsinki"];

/// A person as the templates use it.
#[derive(Debug, Clone)]
struct Person {
    name: String,
    surname: String,
    gender: Option<Gender>,
    /// Title as news writes it before the name ("Kavorian Foreign Minister").
    title: Option<String>,
    /// The bare office ("foreign minister") for "the foreign minister said".
    office: Option<String>,
}

/// A state as the templates use it.
#[derive(Debug, Clone)]
struct State {
    name: String,
    demonym: Option<String>,
}

/// Writes articles from a schema.
#[derive(Debug, Clone)]
pub struct CorpusGen {
    seed: u64,
    persons: Vec<Person>,
    states: Vec<State>,
    places: Vec<String>,
    outlets: Vec<String>,
    verbs: Vec<String>,
    according: Vec<String>,
    passive: Vec<String>,
    repeat: Option<u64>,
}

/// A schema the generator cannot write articles from.
#[derive(Debug, thiserror::Error)]
#[error("the schema has {0}; the corpus generator needs at least two persons and two states")]
pub struct GenError(String);

/// One generated article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    /// Document id (file stem or record id).
    pub id: String,
    /// Title line.
    pub title: String,
    /// Publication date, when the article states it in a header.
    pub date: Option<NaiveDate>,
    /// URL of the header.
    pub url: Option<String>,
    /// The whole text as a `.txt` file holds it (header line included when there is one).
    pub text: String,
    /// Byte offset of the body (after the header line).
    pub body_start: usize,
}

impl Article {
    /// The article as the corpus reader would give it for a `.txt` file.
    pub fn to_document(&self) -> Document {
        Document::from_text(&self.id, self.text.clone())
    }
}

/// Output format of [`write_corpus`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CorpusFormat {
    /// One `.txt` file per article.
    Txt,
    /// JSON Lines files of at most [`JSONL_PART_BYTES`] each.
    Jsonl,
}

/// Largest JSON Lines part written, so a corpus can be split across machines by file.
pub const JSONL_PART_BYTES: u64 = 64 * 1000 * 1000;

/// What [`write_corpus`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CorpusSummary {
    /// Articles written.
    pub articles: u64,
    /// Bytes of article text (what throughput is measured against).
    pub text_bytes: u64,
    /// Files written.
    pub files: u64,
}

#[derive(Serialize)]
struct Record<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
    text: &'a str,
}

impl CorpusGen {
    /// A generator over the persons, states, places, outlets and speech cues of `schema`.
    pub fn new(schema: &Schema, seed: u64) -> Result<CorpusGen, GenError> {
        let demonym_of = |id: &crate::schema::EntityId| {
            schema.entity(id).and_then(|e| e.demonyms.first().cloned())
        };
        let persons: Vec<Person> = schema
            .entities
            .iter()
            .filter(|e| e.kind == "person")
            .map(|e| {
                let role = e.roles.first();
                let office = role.map(|r| r.title.clone());
                let title = role.map(|r| match r.of.as_ref().and_then(demonym_of) {
                    Some(d) => format!("{d} {}", r.title),
                    None => r.title.clone(),
                });
                // The shortest alias of one word is how news names a person the second time.
                let surname = e
                    .names()
                    .filter(|n| !n.contains(' '))
                    .min_by_key(|n| n.len())
                    .map(str::to_string)
                    .unwrap_or_else(|| e.name.rsplit(' ').next().unwrap_or(&e.name).to_string());
                Person {
                    name: e.name.clone(),
                    surname,
                    gender: e.gender,
                    title,
                    office,
                }
            })
            .collect();
        let states: Vec<State> = schema
            .entities
            .iter()
            .filter(|e| e.kind == "country")
            .map(|e| State {
                name: e.name.clone(),
                demonym: e.demonyms.first().cloned(),
            })
            .collect();
        if persons.len() < 2 || states.len() < 2 {
            return Err(GenError(format!(
                "{} person(s) and {} state(s)",
                persons.len(),
                states.len()
            )));
        }
        let mut places: Vec<String> = schema
            .entities
            .iter()
            .filter(|e| e.kind == "place")
            .map(|e| e.name.clone())
            .collect();
        if places.is_empty() {
            places = FALLBACK_PLACES.iter().map(|s| s.to_string()).collect();
        }
        let mut outlets: Vec<String> = schema
            .entities
            .iter()
            .filter(|e| e.kind == "media")
            .map(|e| e.name.clone())
            .collect();
        if outlets.is_empty() {
            outlets = FALLBACK_OUTLETS.iter().map(|s| s.to_string()).collect();
        }
        let mut verbs = Vec::new();
        let mut according = Vec::new();
        let mut passive = Vec::new();
        for cue in &schema.lexicon.speech_cues {
            // Acts whose verbs take an object rather than a that-clause do not fit the
            // templates ("accused that" is not English).
            let fits = !cue.object
                && !matches!(
                    cue.act.as_str(),
                    "accuse" | "criticize" | "question" | "threaten" | "demand"
                );
            for f in cue.surface_forms() {
                match cue.form {
                    CueForm::Verb if fits && is_past(&f) => verbs.push(f),
                    CueForm::Preposition => according.push(f),
                    CueForm::Passive if f.starts_with("was ") => passive.push(f),
                    _ => {}
                }
            }
        }
        if verbs.is_empty() {
            verbs.push("said".to_string());
        }
        Ok(CorpusGen {
            seed,
            persons,
            states,
            places,
            outlets,
            verbs,
            according,
            passive,
            repeat: None,
        })
    }

    /// Makes article i a reprint of article i mod `period` under its own id, as wire copy
    /// is reprinted by many outlets: the corpus grows while the graph barely does (the same
    /// statements and events, more sources). `None` or 0: every article is new.
    pub fn with_repeat(mut self, period: Option<u64>) -> CorpusGen {
        self.repeat = period.filter(|&p| p > 0);
        self
    }

    /// Article number `index`.
    pub fn article(&self, index: u64) -> Article {
        let content = self.repeat.map_or(index, |p| index % p);
        let mut w = Writer::new(self, Rng::for_item(self.seed, content));
        let mut a = w.article(content);
        a.id = format!("a{index:09}");
        a
    }
}

/// A past-tense reporting form that can stand before a that-clause.
fn is_past(form: &str) -> bool {
    let first = form.split(' ').next().unwrap_or("");
    !form.ends_with(" that")
        && (first.ends_with("ed") || matches!(first, "said" | "told" | "wrote" | "made"))
}

/// The state of one article being written.
struct Writer<'a> {
    g: &'a CorpusGen,
    rng: Rng,
    cast: Vec<&'a Person>,
    introduced: Vec<bool>,
    states: Vec<&'a State>,
    city: &'a str,
    date: NaiveDate,
    /// The speaker of the last sentence, for pronoun follow-ups.
    last: Option<usize>,
    out: String,
}

impl<'a> Writer<'a> {
    fn new(g: &'a CorpusGen, mut rng: Rng) -> Writer<'a> {
        let n_cast = rng.range(2, 5).min(g.persons.len());
        let mut cast: Vec<&Person> = Vec::with_capacity(n_cast);
        while cast.len() < n_cast {
            let p = &g.persons[rng.below(g.persons.len())];
            if !cast.iter().any(|c| std::ptr::eq(*c, p)) {
                cast.push(p);
            }
        }
        let mut states: Vec<&State> = Vec::new();
        while states.len() < 3.min(g.states.len()) {
            let s = &g.states[rng.below(g.states.len())];
            if !states.iter().any(|c| std::ptr::eq(*c, s)) {
                states.push(s);
            }
        }
        let city = g.places[rng.below(g.places.len())].as_str();
        let base = NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
        let date = base + Duration::days(rng.below(3 * 365) as i64);
        Writer {
            g,
            rng,
            introduced: vec![false; cast.len()],
            cast,
            states,
            city,
            date,
            last: None,
            out: String::with_capacity(4096),
        }
    }

    fn article(&mut self, index: u64) -> Article {
        let id = format!("a{index:09}");
        let with_header = self.rng.chance(60);
        let mut url = None;
        if with_header {
            let u = format!(
                "https://news.example/{}/{:02}/{:02}/{}-{index}",
                self.date.year(),
                self.date.month(),
                self.date.day(),
                self.cast[0].surname.to_lowercase()
            );
            self.out
                .push_str(&format!(" date {} {u}\n", self.date.format("%Y-%m-%d")));
            url = Some(u);
        }
        let body_start = self.out.len();
        let title = self.title();
        self.out.push_str(&title);
        self.out.push_str("\n\n");
        if self.rng.chance(40) {
            let outlet = self.g.outlets[self.rng.below(self.g.outlets.len())].to_uppercase();
            let d = self.date;
            self.out.push_str(&format!(
                "{}, {} {}. /{outlet}/. ",
                self.city.to_uppercase(),
                MONTHS[d.month0() as usize],
                d.day()
            ));
        }
        let paragraphs = self.rng.range(8, 16);
        for p in 0..paragraphs {
            let sentences = self.rng.range(1, 3);
            for s in 0..sentences {
                if s > 0 {
                    self.out.push(' ');
                }
                self.sentence(p == 0 && s == 0);
            }
            self.out.push_str("\n\n");
        }
        let text = std::mem::take(&mut self.out);
        Article {
            id,
            title,
            date: with_header.then_some(self.date),
            url,
            text,
            body_start,
        }
    }

    fn title(&mut self) -> String {
        let s = self.state(0).name.clone();
        let t = self.state(1).name.clone();
        let who = self.cast[0].surname.clone();
        let topic = TOPICS[self.rng.below(TOPICS.len())];
        match self.rng.below(4) {
            0 => format!("{s} ready to continue talks with {t}, {who} says"),
            1 => format!("{who} warns {t} over {topic}"),
            2 => format!("{s} and {t} to resume talks on {topic}"),
            _ => format!("No progress on {topic} after talks in {}", self.city),
        }
    }

    fn state(&self, i: usize) -> &'a State {
        self.states[i % self.states.len()]
    }

    /// A clause from the templates, slots filled.
    fn clause(&mut self) -> String {
        let t = CLAUSES[self.rng.below(CLAUSES.len())];
        self.fill(t)
    }

    fn fill(&mut self, template: &str) -> String {
        let a = self.rng.below(self.states.len());
        let b = (a + 1) % self.states.len();
        let s = self.states[a];
        let demonym = s.demonym.clone().unwrap_or_else(|| s.name.clone());
        template
            .replace("{S}", &s.name)
            .replace("{T}", &self.states[b].name)
            .replace("{D}", &demonym)
            .replace("{C}", self.city)
            .replace("{P}", TOPICS[self.rng.below(TOPICS.len())])
    }

    fn quote(&mut self) -> String {
        let mut q = capitalize_first(&self.clause());
        if self.rng.chance(35) {
            q.push_str(", and ");
            q.push_str(&self.clause());
        }
        q
    }

    fn verb(&mut self) -> String {
        self.g.verbs[self.rng.below(self.g.verbs.len())].clone()
    }

    /// How the text names cast member `i` now: full name with title the first time, then a
    /// surname or "the office".
    fn name(&mut self, i: usize) -> String {
        let p = self.cast[i];
        if !self.introduced[i] {
            self.introduced[i] = true;
            return match (&p.title, self.rng.chance(60)) {
                (Some(t), true) => format!("{t} {}", p.name),
                _ => p.name.clone(),
            };
        }
        match (&p.office, self.rng.below(4)) {
            (Some(o), 0) => format!("the {}", o.to_lowercase()),
            _ => p.surname.clone(),
        }
    }

    fn pronoun(&self, i: usize) -> &'static str {
        match self.cast[i].gender {
            Some(Gender::Female) => "she",
            Some(Gender::Male) => "he",
            None => "they",
        }
    }

    fn sentence(&mut self, first: bool) {
        let speaker = self.rng.below(self.cast.len());
        let choice = if first {
            self.rng.below(3) + 3
        } else {
            self.rng.below(12)
        };
        let follow = self.last.filter(|_| choice < 2);
        let s = match (choice, follow) {
            (0, Some(l)) => {
                let q = self.quote();
                format!("“{q},” {} added.", self.pronoun(l))
            }
            (1, Some(l)) => {
                let c = self.clause();
                let v = self.verb();
                format!("{} also {v} that {c}.", capitalize_first(self.pronoun(l)))
            }
            (0..=2, _) => {
                let q = self.quote();
                let n = self.name(speaker);
                let v = self.verb();
                self.last = Some(speaker);
                if self.rng.chance(50) {
                    format!("“{q},” {n} {v}.")
                } else {
                    format!("\"{q},\" {n} {v}.")
                }
            }
            (3 | 4, _) => {
                let n = self.name(speaker);
                let v = self.verb();
                let c = self.clause();
                self.last = Some(speaker);
                format!("{} {v} that {c}.", capitalize_first(&n))
            }
            (5, _) => {
                let n = self.name(speaker);
                let q = self.quote();
                self.last = Some(speaker);
                format!("{} said: “{q}.”", capitalize_first(&n))
            }
            (6, _) if !self.g.according.is_empty() => {
                let a = self.g.according[self.rng.below(self.g.according.len())].clone();
                let n = self.name(speaker);
                let c = self.clause();
                self.last = Some(speaker);
                format!("{} {n}, {c}.", capitalize_first(&a))
            }
            (7, _) if !self.g.passive.is_empty() && !self.g.outlets.is_empty() => {
                let pv = self.g.passive[self.rng.below(self.g.passive.len())].clone();
                let o = self.g.outlets[self.rng.below(self.g.outlets.len())].clone();
                let n = self.name(speaker);
                let c = self.clause();
                self.last = Some(speaker);
                format!("{} {pv} by {o} that {c}.", capitalize_first(&n))
            }
            (8, _) => self.event(speaker),
            _ => {
                self.last = None;
                let f = FILLERS[self.rng.below(FILLERS.len())];
                self.fill(f)
            }
        };
        self.out.push_str(&s);
    }

    fn event(&mut self, speaker: usize) -> String {
        let other = (speaker + 1) % self.cast.len();
        let a = self.name(speaker);
        let b = self.name(other);
        let when = self.date + Duration::days(self.rng.range(0, 20) as i64 - 10);
        let day = format!("{} {}", MONTHS[when.month0() as usize], when.day());
        let weekday = WEEKDAYS[when.weekday().num_days_from_monday() as usize];
        let city = self.city;
        let s = self.state(0).name.clone();
        let t = self.state(1).name.clone();
        self.last = None;
        match self.rng.below(5) {
            0 => format!(
                "{} and {b} held talks in {city} on {day}.",
                capitalize_first(&a)
            ),
            1 => format!("{} met {b} in {city} on {weekday}.", capitalize_first(&a)),
            2 => {
                format!("Talks between {s} and {t} are scheduled to take place in {city} on {day}.")
            }
            3 => format!(
                "{} had a phone call with {b} on {day}, {}.",
                capitalize_first(&a),
                when.year()
            ),
            _ => format!(
                "{} told a briefing in {city} on {weekday} that {}.",
                capitalize_first(&a),
                self.clause()
            ),
        }
    }
}

fn capitalize_first(s: &str) -> String {
    super::names::capitalize(s)
}

/// Writes articles 0, 1, 2... of `gen` under `out` until `target_bytes` of text are written.
/// Articles are generated in parallel batches and written in order.
pub fn write_corpus(
    gen: &CorpusGen,
    out: &Path,
    target_bytes: u64,
    format: CorpusFormat,
) -> io::Result<CorpusSummary> {
    const BATCH: u64 = 1024;
    fs::create_dir_all(out)?;
    let mut sum = CorpusSummary {
        articles: 0,
        text_bytes: 0,
        files: 0,
    };
    let mut part: Option<(BufWriter<fs::File>, u64)> = None;
    let mut next = 0u64;
    while sum.text_bytes < target_bytes {
        let batch: Vec<Article> = (next..next + BATCH)
            .into_par_iter()
            .map(|i| gen.article(i))
            .collect();
        next += BATCH;
        for a in batch {
            if sum.text_bytes >= target_bytes {
                break;
            }
            match format {
                CorpusFormat::Txt => {
                    fs::write(out.join(format!("{}.txt", a.id)), &a.text)?;
                    sum.files += 1;
                }
                CorpusFormat::Jsonl => {
                    let rec = Record {
                        id: &a.id,
                        title: &a.title,
                        date: a.date.map(|d| d.format("%Y-%m-%d").to_string()),
                        url: a.url.as_deref(),
                        text: &a.text[a.body_start..],
                    };
                    let line = serde_json::to_vec(&rec).map_err(io::Error::other)?;
                    let full = match &part {
                        Some((_, n)) => *n + line.len() as u64 > JSONL_PART_BYTES,
                        None => true,
                    };
                    if full {
                        if let Some((mut w, _)) = part.take() {
                            w.flush()?;
                        }
                        let path: PathBuf = out.join(format!("part-{:04}.jsonl", sum.files));
                        part = Some((BufWriter::new(fs::File::create(path)?), 0));
                        sum.files += 1;
                    }
                    if let Some((w, n)) = part.as_mut() {
                        w.write_all(&line)?;
                        w.write_all(b"\n")?;
                        *n += line.len() as u64 + 1;
                    }
                }
            }
            sum.articles += 1;
            sum.text_bytes += a.text.len() as u64;
        }
    }
    if let Some((mut w, _)) = part.take() {
        w.flush()?;
    }
    Ok(sum)
}

/// Parses a size such as `100MB`, `1GB`, `512KB` or `2000` (bytes); units are decimal.
pub fn parse_size(s: &str) -> Option<u64> {
    let s = s.trim();
    let split = s
        .find(|c: char| !c.is_ascii_digit() && c != '.')
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_uppercase().as_str() {
        "" | "B" => 1.0,
        "K" | "KB" => 1e3,
        "M" | "MB" => 1e6,
        "G" | "GB" => 1e9,
        _ => return None,
    };
    let v = n * mult;
    (v.is_finite() && v >= 0.0).then_some(v as u64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Corpus;
    use crate::gen::dictionary::{write_dictionary, DictionarySpec};

    fn schema() -> Schema {
        let dir = tempfile::tempdir().expect("tempdir");
        let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
        write_dictionary(
            &DictionarySpec {
                persons: 40,
                seed: 2,
                base,
            },
            dir.path(),
        )
        .expect("dictionary");
        Schema::load(dir.path()).expect("schema")
    }

    #[test]
    fn sizes() {
        let check = |s: &str, want: Option<u64>| assert_eq!(parse_size(s), want, "{s}");
        check("100MB", Some(100_000_000));
        check("1GB", Some(1_000_000_000));
        check("1.5kb", Some(1500));
        check("42", Some(42));
        check("10 MB", Some(10_000_000));
        check("MB", None);
        check("10XB", None);
    }

    #[test]
    fn articles_are_deterministic_and_news_like() {
        let s = schema();
        let g = CorpusGen::new(&s, 11).expect("gen");
        let a = g.article(3);
        assert_eq!(a, CorpusGen::new(&s, 11).expect("gen").article(3));
        assert_ne!(a.text, g.article(4).text);
        let all: String = (0..40).map(|i| g.article(i).text).collect();
        for needle in [
            "“",
            "\"",
            " that ",
            " held talks in ",
            " date 20",
            " added.",
        ] {
            assert!(all.contains(needle), "no {needle:?} in 40 articles");
        }
        let kb = all.len() / 40 / 1000;
        assert!((1..=8).contains(&kb), "articles of {kb} KB");
    }

    #[test]
    fn reprints_repeat_the_text_under_new_ids() {
        let s = schema();
        let g = CorpusGen::new(&s, 5).expect("gen").with_repeat(Some(10));
        let (a, b) = (g.article(3), g.article(13));
        assert_eq!(
            (a.text, a.id.as_str(), b.id.as_str()),
            (b.text, "a000000003", "a000000013")
        );
        assert_ne!(g.article(4).text, g.article(3).text);
        let plain = CorpusGen::new(&s, 5).expect("gen").with_repeat(Some(0));
        assert_ne!(plain.article(3).text, plain.article(13).text);
    }

    #[test]
    fn written_corpus_reads_back_in_both_formats() {
        let s = schema();
        let g = CorpusGen::new(&s, 1).expect("gen");
        for format in [CorpusFormat::Txt, CorpusFormat::Jsonl] {
            let dir = tempfile::tempdir().expect("tempdir");
            let sum = write_corpus(&g, dir.path(), 50_000, format).expect("write");
            assert!(sum.text_bytes >= 50_000);
            let corpus = Corpus::open(dir.path()).expect("open");
            let (docs, warnings) = corpus.load_all();
            assert!(warnings.is_empty(), "{warnings:?}");
            assert_eq!(docs.len() as u64, sum.articles);
            assert_eq!(docs[0].id, "a000000000");
            assert_eq!(docs[0].title.as_deref(), Some(g.article(0).title.as_str()));
            assert!(docs.iter().filter(|d| d.date.is_some()).count() * 2 > docs.len());
        }
    }

    #[test]
    fn schema_without_persons_is_refused() {
        let s = Schema::from_parts(Default::default(), Default::default(), Vec::new());
        let e = CorpusGen::new(&s, 0).expect_err("no persons");
        assert!(e.to_string().contains("0 person(s)"), "{e}");
    }
}
