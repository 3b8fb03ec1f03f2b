//! The JSON shape shared by gold annotations and `kg extract --json` (data/gold/FORMAT.md):
//! `{"docs": {DOC_ID: {date, entities, statements, events}}}`. Gold-only fields and
//! prediction-only fields are optional on both sides, so one type reads either file.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Span;
use crate::extract::{DocFacts, StatementKind};

/// A whole extraction or gold file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtractionFile {
    /// Free text describing the file (gold only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// One record per document id.
    pub docs: BTreeMap<String, DocRecord>,
}

/// What one document holds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocRecord {
    /// Publication date, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Every entity mentioned in the body or title.
    #[serde(default)]
    pub entities: Vec<String>,
    /// Attributed statements.
    #[serde(default)]
    pub statements: Vec<StatementRecord>,
    /// Events.
    #[serde(default)]
    pub events: Vec<EventRecord>,
}

/// One speaker id, or several (gold: any of them is right).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Speakers {
    /// A single id.
    One(String),
    /// Alternatives.
    Many(Vec<String>),
}

impl Speakers {
    /// The ids, as a list.
    pub fn ids(&self) -> Vec<&str> {
        match self {
            Speakers::One(s) => vec![s.as_str()],
            Speakers::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

/// One statement.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatementRecord {
    /// Who said it.
    pub speaker: Speakers,
    /// Entities the content is about.
    #[serde(default)]
    pub about: Vec<String>,
    /// Gold only: debatable targets.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub about_optional: Vec<String>,
    /// `direct` or `indirect`.
    pub kind: StatementKind,
    /// The reporting verb or phrase.
    pub cue: String,
    /// Prediction: the content as it stands in the article.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Gold: the first words of the content.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Gold: unsure whether it is an attributed statement at all.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Prediction: the act of the cue.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub act: Option<String>,
    /// Prediction: byte span of the content in the document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
    /// Prediction: an outlet that relayed the statement.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relay: Option<String>,
    /// Prediction: true when the speaker is a provisional entity (not in the schemas).
    #[serde(default, skip_serializing_if = "is_false")]
    pub provisional: bool,
}

/// One event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventRecord {
    /// Event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// Place id.
    pub place: Option<String>,
    /// Participant ids.
    #[serde(default)]
    pub participants: Vec<String>,
    /// Prediction: the words naming the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Gold: the words naming the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<String>,
    /// Gold: unsure.
    #[serde(default, skip_serializing_if = "is_false")]
    pub optional: bool,
    /// Prediction: past or planned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mode: Option<String>,
    /// Prediction: byte span of the words naming the event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

impl ExtractionFile {
    /// The extraction format of per-document facts.
    pub fn from_facts<'a>(facts: impl IntoIterator<Item = &'a DocFacts>) -> ExtractionFile {
        let mut docs = BTreeMap::new();
        for f in facts {
            let provisional: std::collections::BTreeSet<&str> =
                f.provisional.iter().map(|e| e.id.as_str()).collect();
            let statements = f
                .statements
                .iter()
                .map(|s| StatementRecord {
                    speaker: Speakers::One(s.speaker.to_string()),
                    about: s.about.iter().map(ToString::to_string).collect(),
                    about_optional: Vec::new(),
                    kind: s.kind,
                    cue: s.cue.clone(),
                    text: Some(s.text.clone()),
                    evidence: None,
                    optional: false,
                    act: Some(s.act.clone()),
                    span: Some(s.span),
                    relay: s.relay.as_ref().map(ToString::to_string),
                    provisional: provisional.contains(s.speaker.as_str()),
                })
                .collect();
            let events = f
                .events
                .iter()
                .map(|e| EventRecord {
                    event_type: e.event_type.clone(),
                    date: e.date.map(|d| d.to_string()),
                    place: e.place.as_ref().map(ToString::to_string),
                    participants: e.participants.iter().map(ToString::to_string).collect(),
                    text: Some(e.text.clone()),
                    evidence: None,
                    optional: false,
                    mode: Some(
                        serde_json::to_value(e.mode)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default(),
                    ),
                    span: Some(e.span),
                })
                .collect();
            let record = DocRecord {
                date: f.doc.date.map(|d| d.to_string()),
                entities: f.entities().iter().map(ToString::to_string).collect(),
                statements,
                events,
            };
            docs.insert(f.doc.id.clone(), record);
        }
        ExtractionFile { about: None, docs }
    }
}
