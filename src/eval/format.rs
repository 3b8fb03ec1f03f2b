//! The JSON shape shared by gold annotations and `kg extract --json` (data/gold/FORMAT.md):
//! `{"docs": {DOC_ID: {date, entities, statements, events}}}`. Gold-only fields and
//! prediction-only fields are optional on both sides, so one type reads either file;
//! writing the prediction is `extract::json`'s.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::diag::Span;
use crate::extract::StatementKind;

/// A whole extraction or gold file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExtractionFile {
    /// Free text describing the file (gold only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub about: Option<String>,
    /// Gold only: ids the schemas lack, each with a description. Not scored.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub new_ids: BTreeMap<String, String>,
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
    /// Gold only: peripheral entities (photo credits, bylines, regions) that count neither
    /// as found nor as false.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities_optional: Vec<String>,
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
