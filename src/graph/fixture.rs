//! A small hand-written schema and set of document facts (three articles about the same
//! talks) for tests, snapshots and examples of the graph and its exports. Not for real use:
//! real facts come from `extract`.

use chrono::NaiveDate;

use crate::corpus::DateSource;
use crate::diag::Span;
use crate::extract::{
    DocFacts, DocInfo, Event, EventDateSource, EventMode, Mention, MentionKind, Statement,
    StatementKind,
};
use crate::schema::types::KindDef;
use crate::schema::{Entity, EntityId, Gender, LexiconFile, OntologyFile, Role, Schema};

fn id(s: &str) -> EntityId {
    EntityId::slug_of(s)
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn kinds(ids: &[(&str, Option<&str>)]) -> Vec<KindDef> {
    ids.iter()
        .map(|(i, f)| KindDef {
            id: i.to_string(),
            description: String::new(),
            family: f.map(str::to_string),
        })
        .collect()
}

/// An entity of the fixture schema.
pub fn entity(i: &str, kind: &str, name: &str) -> Entity {
    Entity {
        id: id(i),
        kind: kind.to_string(),
        name: name.to_string(),
        aliases: Vec::new(),
        ambiguous: Vec::new(),
        gender: None,
        roles: Vec::new(),
        part_of: Vec::new(),
        metonyms: Vec::new(),
        demonyms: Vec::new(),
        wikidata: None,
        provisional: false,
    }
}

/// The fixture schema: three states, two ministers, NATO, Geneva, a ministry.
pub fn schema() -> Schema {
    let ontology = OntologyFile {
        entity_kinds: kinds(&[
            ("person", None),
            ("country", None),
            ("organization", None),
            ("body", None),
            ("place", None),
        ]),
        relation_kinds: Vec::new(),
        acts: kinds(&[
            ("assert", None),
            ("warn", None),
            ("demand", None),
            ("deny", None),
        ]),
        event_types: kinds(&[
            ("talks", Some("talks")),
            ("meeting", Some("meeting")),
            ("session", Some("meeting")),
        ]),
    };
    let mut blinken = entity("antony_blinken", "person", "Antony Blinken");
    blinken.aliases = vec!["Blinken".into()];
    blinken.gender = Some(Gender::Male);
    blinken.roles = vec![Role {
        title: "Secretary of State".into(),
        of: Some(id("united_states")),
        from: date("2021-01-26"),
        until: None,
    }];
    let mut lavrov = entity("sergei_lavrov", "person", "Sergei Lavrov");
    lavrov.gender = Some(Gender::Male);
    lavrov.roles = vec![Role {
        title: "Foreign Minister".into(),
        of: Some(id("russian_foreign_ministry")),
        from: date("2004-03-09"),
        until: None,
    }];
    let mut ministry = entity(
        "russian_foreign_ministry",
        "body",
        "Russian Foreign Ministry",
    );
    ministry.part_of = vec![id("russia")];
    let mut geneva = entity("geneva", "place", "Geneva");
    geneva.part_of = vec![id("switzerland")];
    Schema::from_parts(
        ontology,
        LexiconFile::default(),
        vec![
            blinken,
            lavrov,
            ministry,
            entity("united_states", "country", "United States"),
            entity("russia", "country", "Russia"),
            entity("ukraine", "country", "Ukraine"),
            entity("switzerland", "country", "Switzerland"),
            entity("nato", "organization", "NATO"),
            geneva,
        ],
    )
}

fn doc(i: &str, d: &str, outlet: &str) -> DocInfo {
    DocInfo {
        id: i.to_string(),
        title: Some(format!("Talks in Geneva ({outlet})")),
        date: date(d),
        date_source: DateSource::Header,
        outlet: Some(outlet.to_string()),
        url: Some(format!("https://example.org/{i}")),
        line_starts: Vec::new(),
    }
}

fn mention(e: &str, start: usize, end: usize) -> Mention {
    Mention {
        entity: id(e),
        span: Span::new(start, end),
        kind: MentionKind::Name,
        nested: false,
    }
}

/// A statement of the fixture.
pub fn statement(
    speaker: &str,
    act: &str,
    text: &str,
    about: &[&str],
    at: usize,
    d: &str,
) -> Statement {
    Statement {
        speaker: id(speaker),
        speaker_span: Some(Span::new(at, at + 5)),
        kind: StatementKind::Direct,
        cue: "said".into(),
        act: act.into(),
        text: text.into(),
        span: Span::new(at + 10, at + 10 + text.len()),
        sentence: Span::new(at, at + 20 + text.len()),
        about: about.iter().map(|a| id(a)).collect(),
        relay: None,
        date: date(d),
        provisional: false,
    }
}

/// An event of the fixture.
pub fn event(ty: &str, d: Option<&str>, place: Option<&str>, who: &[&str], at: usize) -> Event {
    Event {
        event_type: ty.into(),
        date: d.and_then(date),
        date_source: if d.is_some() {
            EventDateSource::Stated
        } else {
            EventDateSource::Unknown
        },
        place: place.map(id),
        participants: who.iter().map(|a| id(a)).collect(),
        mode: EventMode::Past,
        text: format!("the {ty}"),
        span: Span::new(at, at + 9),
    }
}

/// Facts of three articles: the same Geneva talks told twice (once without its place), the
/// same Lavrov quote in two outlets with different punctuation, and statements about NATO and
/// Ukraine.
pub fn facts() -> Vec<DocFacts> {
    vec![
        DocFacts {
            doc: doc("a_tass", "2022-01-10", "TASS"),
            mentions: vec![
                mention("sergei_lavrov", 0, 13),
                mention("nato", 40, 44),
                mention("geneva", 60, 66),
                mention("antony_blinken", 80, 87),
            ],
            provisional: Vec::new(),
            statements: vec![
                statement(
                    "sergei_lavrov",
                    "demand",
                    "NATO must stop its expansion to the east.",
                    &["nato"],
                    100,
                    "2022-01-10",
                ),
                statement(
                    "sergei_lavrov",
                    "warn",
                    "Russia will respond if Ukraine joins NATO",
                    &["nato", "ukraine", "russia"],
                    200,
                    "2022-01-10",
                ),
            ],
            events: vec![event(
                "talks",
                Some("2022-01-10"),
                Some("geneva"),
                &["sergei_lavrov", "antony_blinken"],
                300,
            )],
            diagnostics: Vec::new(),
        },
        DocFacts {
            doc: doc("b_reuters", "2022-01-11", "Reuters"),
            mentions: vec![
                mention("antony_blinken", 0, 7),
                mention("sergei_lavrov", 20, 26),
                mention("ukraine", 50, 57),
            ],
            provisional: Vec::new(),
            statements: vec![
                statement(
                    "sergei_lavrov",
                    "demand",
                    "\u{201c}NATO must stop its expansion to the East\u{201d}",
                    &["nato"],
                    100,
                    "2022-01-10",
                ),
                statement(
                    "antony_blinken",
                    "deny",
                    "We will not allow anyone to slam NATO's door shut",
                    &["nato"],
                    300,
                    "2022-01-11",
                ),
            ],
            events: vec![event(
                "talks",
                Some("2022-01-10"),
                None,
                &["antony_blinken", "sergei_lavrov"],
                400,
            )],
            diagnostics: Vec::new(),
        },
        DocFacts {
            doc: doc("c_kyiv", "2022-01-12", "Kyiv Post"),
            mentions: vec![mention("ukraine", 0, 7), mention("dmytro_kuleba", 10, 24)],
            provisional: vec![{
                let mut k = entity("dmytro_kuleba", "person", "Dmytro Kuleba");
                k.provisional = true;
                k.part_of = vec![id("ukraine")];
                k
            }],
            statements: vec![statement(
                "dmytro_kuleba",
                "assert",
                "Ukraine's future is for Ukraine to decide",
                &["ukraine", "nato"],
                50,
                "2022-01-12",
            )],
            events: vec![event(
                "talks",
                Some("2022-01-10"),
                Some("geneva"),
                &["united_states", "russia"],
                120,
            )],
            diagnostics: Vec::new(),
        },
    ]
}
