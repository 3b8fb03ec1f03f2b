//! Statements and timelines: `said` (who said what about whom, filtered and date-ordered)
//! and `timeline` (events and statements in date order with the source of each date).
//!
//! Rows carry full texts and every citation; shortening for tables is left to `render`.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use petgraph::visit::EdgeRef;
use petgraph::Direction as Dir;
use serde::Serialize;

use super::render::{Render, Table};
use super::{date_str, Cite, Query, QueryError};
use crate::extract::{EventDateSource, StatementKind};
use crate::graph::{EdgeKind, Node, NodeIx, StatementNode};
use crate::schema::EntityId;

/// Which statements `said` returns; every field left `None` matches everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SaidFilter {
    /// Who said it (a name, resolved as by [`Query::resolve`]).
    pub speaker: Option<String>,
    /// An entity it is about (a name).
    pub about: Option<String>,
    /// The act, any case ("warn").
    pub act: Option<String>,
    /// On or after this date (undated statements are left out when a date bound is set).
    pub since: Option<NaiveDate>,
    /// On or before this date.
    pub until: Option<NaiveDate>,
}

/// One statement, as `said` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SaidRow {
    /// Date of the statement.
    pub date: Option<NaiveDate>,
    /// Who said it.
    pub speaker: EntityId,
    /// The speaker's display name.
    pub speaker_name: String,
    /// Direct quote or reported speech.
    pub kind: StatementKind,
    /// Reporting verb as written.
    pub cue: String,
    /// The act.
    pub act: String,
    /// What it is about.
    pub about: Vec<EntityId>,
    /// Quote or paraphrase, in full.
    pub text: String,
    /// Outlets or persons it was relayed by.
    pub relays: Vec<EntityId>,
    /// Number of documents that carry it.
    pub sources: usize,
    /// Distinct outlets that carried it (the documents' outlets and the relays), as slugs.
    pub outlets: Vec<String>,
    /// Where it was read, sorted (the first is shown in tables).
    pub evidence: Vec<Cite>,
    /// Stable key of the statement node.
    pub key: String,
}

/// Parses a `YYYY-MM-DD` date argument.
pub fn parse_date(s: &str) -> Result<NaiveDate, QueryError> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| QueryError::BadValue {
        what: "date",
        given: s.to_string(),
        expected: "a date written YYYY-MM-DD".into(),
    })
}

/// Orders undated things after dated ones.
fn date_key(d: Option<NaiveDate>) -> (bool, Option<NaiveDate>) {
    (d.is_none(), d)
}

impl Query<'_> {
    /// The nodes at the other end of `kind` edges of `ix`, in direction `dir`.
    fn ends(&self, ix: NodeIx, kind: EdgeKind, dir: Dir) -> impl Iterator<Item = NodeIx> + '_ {
        self.kg
            .graph
            .edges_directed(ix, dir)
            .filter(move |e| e.weight().kind == kind)
            .map(move |e| {
                if dir == Dir::Outgoing {
                    e.target()
                } else {
                    e.source()
                }
            })
    }

    pub(super) fn said_row(&self, s: &StatementNode) -> SaidRow {
        let mut outlets: BTreeSet<String> =
            s.sources.iter().map(|p| self.outlet_of(&p.doc)).collect();
        outlets.extend(s.relays.iter().map(|r| r.to_string()));
        let docs: BTreeSet<&str> = s.sources.iter().map(|p| &*p.doc).collect();
        SaidRow {
            date: s.date,
            speaker: s.speaker.clone(),
            speaker_name: self.name_of(&s.speaker),
            kind: s.kind,
            cue: s.cue.to_string(),
            act: s.act.to_string(),
            about: s.about.to_vec(),
            text: s.text.to_string(),
            relays: s.relays.to_vec(),
            sources: docs.len(),
            outlets: outlets.into_iter().collect(),
            evidence: self.cites(&s.sources),
            key: s.key.to_string(),
        }
    }

    /// Statements matching `filter`, by date (undated last), then speaker, then key.
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Query, SaidFilter};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// let filter = SaidFilter { about: Some("NATO".into()), ..SaidFilter::default() };
    /// let rows = q.said(&filter)?;
    /// assert_eq!(rows[0].speaker.as_str(), "sergei_lavrov");
    /// // The same words in two outlets are one statement with two sources.
    /// assert_eq!(rows[0].sources, 2);
    /// assert!(rows.iter().all(|r| r.about.iter().any(|a| a.as_str() == "nato")));
    /// # Ok::<(), newsgraph::query::QueryError>(())
    /// ```
    pub fn said(&self, filter: &SaidFilter) -> Result<Vec<SaidRow>, QueryError> {
        let speaker = filter
            .speaker
            .as_deref()
            .map(|n| self.resolve(n))
            .transpose()?;
        let about = filter
            .about
            .as_deref()
            .map(|n| self.resolve(n))
            .transpose()?;
        let act = filter.act.as_deref().map(|a| a.trim().to_lowercase());
        // Start from the smallest set the graph's edges give, then check every field.
        let candidates: Vec<NodeIx> = match (&speaker, &about) {
            (Some(sp), _) => self
                .kg
                .entity_ix(sp)
                .map(|ix| self.ends(ix, EdgeKind::Said, Dir::Outgoing).collect())
                .unwrap_or_default(),
            (None, Some(ab)) => self
                .kg
                .entity_ix(ab)
                .map(|ix| self.ends(ix, EdgeKind::About, Dir::Incoming).collect())
                .unwrap_or_default(),
            (None, None) => self.kg.graph.node_indices().collect(),
        };
        let mut hits: Vec<(NodeIx, &StatementNode)> = Vec::new();
        let mut seen = BTreeSet::new();
        for ix in candidates {
            let Some(Node::Statement(s)) = self.kg.node(ix) else {
                continue;
            };
            if !seen.insert(ix) {
                continue;
            }
            let ok = speaker.as_ref().is_none_or(|sp| &s.speaker == sp)
                && about.as_ref().is_none_or(|ab| s.about.contains(ab))
                && act.as_ref().is_none_or(|a| s.act.to_lowercase() == *a)
                && filter
                    .since
                    .is_none_or(|d| s.date.is_some_and(|sd| sd >= d))
                && filter
                    .until
                    .is_none_or(|d| s.date.is_some_and(|sd| sd <= d));
            if ok {
                hits.push((ix, s));
            }
        }
        hits.sort_by_key(|(ix, s)| (date_key(s.date), s.speaker.clone(), self.rank_of(*ix)));
        Ok(hits.into_iter().map(|(_, s)| self.said_row(s)).collect())
    }

    /// Events and statements in date order (undated last), all of them or those involving
    /// one entity (as participant, place, speaker or target).
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Query};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// let rows = q.timeline(Some("Antony Blinken"))?;
    /// assert_eq!(rows[0].what, "event");
    /// assert_eq!(rows[0].date_source, "stated");
    /// assert!(rows.windows(2).all(|w| w[0].date <= w[1].date || w[1].date.is_none()));
    /// # Ok::<(), newsgraph::query::QueryError>(())
    /// ```
    pub fn timeline(&self, entity: Option<&str>) -> Result<Vec<TimelineRow>, QueryError> {
        let nodes: Vec<NodeIx> = match entity {
            Some(name) => {
                let id = self.resolve(name)?;
                let Some(ix) = self.kg.entity_ix(&id) else {
                    return Ok(vec![]);
                };
                let mut set: BTreeSet<NodeIx> = BTreeSet::new();
                set.extend(self.ends(ix, EdgeKind::Said, Dir::Outgoing));
                set.extend(self.ends(ix, EdgeKind::About, Dir::Incoming));
                set.extend(self.ends(ix, EdgeKind::ParticipatedIn, Dir::Outgoing));
                set.extend(self.ends(ix, EdgeKind::HeldIn, Dir::Incoming));
                set.into_iter().collect()
            }
            None => self.kg.graph.node_indices().collect(),
        };
        let mut rows: Vec<(u32, TimelineRow)> = nodes
            .into_iter()
            .filter_map(|ix| self.timeline_row(ix).map(|r| (self.rank_of(ix), r)))
            .collect();
        rows.sort_by_key(|(rank, r)| (date_key(r.date), *rank));
        Ok(rows.into_iter().map(|(_, r)| r).collect())
    }

    pub(super) fn timeline_row(&self, ix: NodeIx) -> Option<TimelineRow> {
        match self.kg.node(ix)? {
            Node::Statement(s) => {
                // A statement is dated by its document unless the text gave another date.
                let date_source = match s.date {
                    None => "unknown",
                    Some(d) if s.sources.iter().any(|p| self.doc_date(&p.doc) == Some(d)) => {
                        "document"
                    }
                    Some(_) => "stated",
                };
                Some(TimelineRow {
                    date: s.date,
                    date_source: date_source.into(),
                    what: "statement".into(),
                    kind: s.act.to_string(),
                    who: vec![s.speaker.clone()],
                    about: s.about.to_vec(),
                    place: None,
                    text: s.text.to_string(),
                    evidence: self.cites(&s.sources),
                    key: format!("s:{}", s.key),
                })
            }
            Node::Event(v) => Some(TimelineRow {
                date: v.date,
                date_source: match v.date_source {
                    EventDateSource::Stated => "stated",
                    EventDateSource::Relative => "relative",
                    EventDateSource::Document => "document",
                    EventDateSource::Unknown => "unknown",
                }
                .into(),
                what: "event".into(),
                kind: v.event_type.to_string(),
                who: v.participants.to_vec(),
                about: vec![],
                place: v.place.clone(),
                text: v.text.to_string(),
                evidence: self.cites(&v.sources),
                key: format!("v:{}", v.key),
            }),
            _ => None,
        }
    }

    fn doc_date(&self, doc: &str) -> Option<NaiveDate> {
        match self
            .kg
            .by_key(&format!("d:{doc}"))
            .and_then(|ix| self.kg.node(ix))
        {
            Some(Node::Document(d)) => d.date,
            _ => None,
        }
    }
}

/// One event or statement on a timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TimelineRow {
    /// When.
    pub date: Option<NaiveDate>,
    /// Where the date came from: stated, relative, document or unknown.
    pub date_source: String,
    /// `event` or `statement`.
    pub what: String,
    /// Event type or statement act.
    pub kind: String,
    /// Participants, or the speaker.
    pub who: Vec<EntityId>,
    /// What a statement is about.
    pub about: Vec<EntityId>,
    /// Where an event took place.
    pub place: Option<EntityId>,
    /// The words naming the event, or the statement's content.
    pub text: String,
    /// Where it was read.
    pub evidence: Vec<Cite>,
    /// Stable key of the node.
    pub key: String,
}

/// `a, b, c`
pub(super) fn ids(v: &[EntityId]) -> String {
    v.iter()
        .map(EntityId::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The first citation, with `+N` for the others.
pub(super) fn first_cite(v: &[Cite]) -> String {
    match v {
        [] => "-".into(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} +{}", rest.len()),
    }
}

impl Render for Vec<SaidRow> {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(&[
            "date", "speaker", "act", "about", "text", "source", "docs", "outlets",
        ]);
        t.long_column("text");
        t.long_column("about");
        for r in self {
            t.row(vec![
                date_str(r.date),
                r.speaker.to_string(),
                r.act.clone(),
                ids(&r.about),
                r.text.clone(),
                first_cite(&r.evidence),
                r.sources.to_string(),
                r.outlets.len().to_string(),
            ]);
        }
        vec![t]
    }
}

impl Render for Vec<TimelineRow> {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(&[
            "date",
            "date_source",
            "what",
            "kind",
            "who",
            "about/place",
            "text",
            "source",
        ]);
        t.long_column("text");
        t.long_column("about/place");
        t.long_column("who");
        for r in self {
            let target = match &r.place {
                Some(p) => format!("in {p}"),
                None => ids(&r.about),
            };
            t.row(vec![
                date_str(r.date),
                r.date_source.clone(),
                r.what.clone(),
                r.kind.clone(),
                ids(&r.who),
                target,
                r.text.clone(),
                first_cite(&r.evidence),
            ]);
        }
        vec![t]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::{date, sample};

    /// Runs `said` on the sample fixture and compares the statement keys.
    fn check(filter: SaidFilter, expected: &[&str]) {
        let kg = sample();
        let rows = Query::new(&kg)
            .said(&filter)
            .unwrap_or_else(|e| panic!("{e}"));
        let keys: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, expected, "{filter:?}");
    }

    fn f(
        speaker: Option<&str>,
        about: Option<&str>,
        act: Option<&str>,
        since: Option<&str>,
        until: Option<&str>,
    ) -> SaidFilter {
        SaidFilter {
            speaker: speaker.map(Into::into),
            about: about.map(Into::into),
            act: act.map(Into::into),
            since: since.map(date),
            until: until.map(date),
        }
    }

    #[test]
    fn said_filters() {
        // Date order, then speaker; undated last.
        check(
            f(None, None, None, None, None),
            &[
                "lavrov_nato",
                "peskov_deny",
                "biden_warn",
                "state_hope",
                "ryabkov_undated",
            ],
        );
        check(f(Some("Biden"), None, None, None, None), &["biden_warn"]);
        check(
            f(None, Some("nato"), None, None, None),
            &["lavrov_nato", "biden_warn", "ryabkov_undated"],
        );
        check(
            f(None, Some("the alliance"), Some("WARN"), None, None),
            &["biden_warn", "ryabkov_undated"],
        );
        check(
            f(Some("lavrov"), Some("nato"), None, None, None),
            &["lavrov_nato"],
        );
        check(f(Some("lavrov"), Some("ukraine"), None, None, None), &[]);
        check(
            f(None, None, None, Some("2022-01-15"), None),
            &["peskov_deny", "biden_warn", "state_hope"],
        );
        check(
            f(None, None, None, None, Some("2022-01-14")),
            &["lavrov_nato"],
        );
        check(f(None, None, Some("deny"), None, None), &["peskov_deny"]);
        check(f(None, None, Some("threaten"), None, None), &[]);
    }

    #[test]
    fn said_rows_count_documents_and_outlets() {
        let kg = sample();
        let q = Query::new(&kg);
        let rows = q
            .said(&f(Some("joe_biden"), None, None, None, None))
            .unwrap_or_default();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].sources, 2);
        assert_eq!(rows[0].outlets, vec!["tass"]);
        assert_eq!(rows[0].evidence.len(), 2);
        let rows = q
            .said(&f(Some("us_state_department"), None, None, None, None))
            .unwrap_or_default();
        assert_eq!(rows[0].outlets, vec!["newsweek", "tass"]);
    }

    #[test]
    fn said_reports_bad_names() {
        let kg = sample();
        let q = Query::new(&kg);
        assert!(matches!(
            q.said(&f(Some("Washington"), None, None, None, None)),
            Err(QueryError::Ambiguous { .. })
        ));
        assert!(matches!(
            q.said(&f(None, Some("natto"), None, None, None)),
            Err(QueryError::Unknown { .. })
        ));
    }

    #[test]
    fn timeline_orders_by_date_with_sources() {
        let kg = sample();
        let q = Query::new(&kg);
        let rows = q.timeline(None).unwrap_or_default();
        let got: Vec<String> = rows
            .iter()
            .map(|r| format!("{} {} {}", date_str(r.date), r.date_source, r.key))
            .collect();
        assert_eq!(
            got,
            [
                "2022-01-10 stated v:geneva_talks",
                "2022-01-12 relative v:council_meeting",
                "2022-01-14 document s:lavrov_nato",
                "2022-01-16 document s:biden_warn",
                "2022-01-16 document s:peskov_deny",
                "2022-01-16 document s:state_hope",
                "- unknown s:ryabkov_undated",
            ]
        );
        let rows = q.timeline(Some("ryabkov")).unwrap_or_default();
        let got: Vec<&str> = rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(got, ["v:geneva_talks", "s:ryabkov_undated"]);
        let rows = q.timeline(Some("geneva")).unwrap_or_default();
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn dates_parse() {
        assert_eq!(parse_date("2022-01-16").ok(), Some(date("2022-01-16")));
        assert!(parse_date("16/01/2022").is_err());
        assert!(parse_date("2022-02-30").is_err());
    }
}
