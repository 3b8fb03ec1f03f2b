//! Queries over a built [`KnowledgeGraph`]: who said what about whom, neighbours, paths,
//! timelines, entity profiles and rankings, each row citing the document and place it comes
//! from.
//!
//! The query layer only reads the graph. Building it is left to `graph`, reading arguments
//! and printing to `kg query` (the binary); [`mod@render`] turns any result into a table, JSON or
//! CSV.
//!
//! ## Output
//! Every query returns typed rows: [`SaidRow`] (`said`), [`NeighborRow`] (`neighbors`),
//! [`PathResult`] of [`Hop`]s (`path`), [`TimelineRow`] (`timeline`), [`Profile`]
//! (`entity`) and [`TopRow`] (`top`). `--format json` prints them field by field as
//! documented on each type; every row carries its evidence as [`Cite`]s
//! (`{"doc": ID, "span": {"start": B, "end": B}, "line": N}`, `line` only when the document
//! text was at hand). Tables shorten long texts and show the first citation (`+N` more);
//! CSV keeps texts whole.
//!
//! ```
//! use newsgraph::graph::{EntityNode, KnowledgeGraph, Node};
//! use newsgraph::query::Query;
//! use newsgraph::schema::EntityId;
//!
//! let mut kg = KnowledgeGraph::new();
//! let id = EntityId::new("joe_biden").unwrap();
//! kg.add_node(Node::Entity(Box::new(EntityNode {
//!     id: id.clone(),
//!     kind: "person".into(),
//!     name: "Joe Biden".into(),
//!     aliases: vec!["Biden".into()],
//!     gender: None,
//!     roles: vec![],
//!     states: vec![],
//!     provisional: false,
//!     mentions: vec![],
//! })));
//! let q = Query::new(&kg);
//! assert_eq!(q.resolve("BIDEN").unwrap(), id);
//! assert!(q.resolve("Bidne").is_err());
//! ```

mod names;
mod profile;
pub mod render;
mod said;
mod walk;

use std::collections::BTreeMap;
use std::fmt;

use chrono::NaiveDate;
use petgraph::visit::NodeIndexable;
use serde::Serialize;

use crate::corpus::Document;
use crate::diag::{LineIndex, Span};
use crate::graph::{EdgeKind, EntityNode, KnowledgeGraph, Node, NodeIx, Provenance};
use crate::schema::{EntityId, Schema};

pub use names::{Candidate, NameIndex};
pub use profile::{Profile, RoleRow, TopBy, TopRow, WeightRow};
pub use render::{render, Format, Render, Table};
pub use said::{parse_date, SaidFilter, SaidRow, TimelineRow};
pub use walk::{Direction, Hop, NeighborOptions, NeighborRow, PathResult};

/// Why a query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// The name fits several entities.
    #[error("{}", names::ambiguous_message(.name, .candidates))]
    Ambiguous {
        /// The name asked for.
        name: String,
        /// The entities it may mean, sorted by id.
        candidates: Vec<Candidate>,
    },
    /// No entity has this name.
    #[error("{}", names::unknown_message(.name, .suggestions))]
    Unknown {
        /// The name asked for.
        name: String,
        /// The closest known names, closest first.
        suggestions: Vec<Candidate>,
    },
    /// The name is one of the schema's, but no document of the graph mentions it.
    #[error("{}", names::absent_message(.name, .entities))]
    NotInGraph {
        /// The name asked for.
        name: String,
        /// The schema entities it names.
        entities: Vec<Candidate>,
    },
    /// An argument outside its set of values ("--edge", "--direction", "--by", "--format").
    #[error("{what} \"{given}\" is not valid; expected {expected}")]
    BadValue {
        /// What the value is for.
        what: &'static str,
        /// The value given.
        given: String,
        /// The accepted values.
        expected: String,
    },
}

impl QueryError {
    /// True when the error is about a name (ambiguous or unknown), which a person can fix by
    /// choosing among the names listed.
    pub fn is_name_problem(&self) -> bool {
        matches!(
            self,
            QueryError::Ambiguous { .. }
                | QueryError::Unknown { .. }
                | QueryError::NotInGraph { .. }
        )
    }
}

/// Evidence for a row: a document, a byte span in it, and the 1-based line when the
/// document text was at hand to count lines.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Cite {
    /// Document id.
    pub doc: String,
    /// Byte span in the document text.
    pub span: Span,
    /// 1-based line of the start of the span, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
}

impl fmt::Display for Cite {
    /// `doc:line` when the line is known, `doc@start-end` otherwise.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}", self.doc, l),
            None => write!(f, "{}@{}-{}", self.doc, self.span.start, self.span.end),
        }
    }
}

/// Line numbers of documents, so that citations can say `doc:line` rather than a byte span.
///
/// The graph stores byte spans only; lines need the document texts, which a query has when
/// it builds the graph from a corpus (or is given the corpus beside a saved graph).
#[derive(Debug, Clone, Default)]
pub struct Lines {
    docs: BTreeMap<String, LineIndex>,
}

impl Lines {
    /// No document texts: citations fall back to byte spans.
    pub fn new() -> Self {
        Self::default()
    }

    /// Indexes the lines of one document.
    pub fn add(&mut self, doc: &Document) {
        self.docs.insert(doc.id.clone(), LineIndex::new(&doc.text));
    }

    /// Indexes the lines of a text under a document id.
    pub fn add_text(&mut self, doc: &str, text: &str) {
        self.docs.insert(doc.to_string(), LineIndex::new(text));
    }

    /// 1-based line of the start of `span` in document `doc`, when its text was indexed.
    pub fn line(&self, doc: &str, span: Span) -> Option<usize> {
        self.docs.get(doc).map(|ix| ix.line(span.start))
    }
}

/// A read-only view of a graph that answers questions about it.
///
/// Building a `Query` indexes entity names and the sort order of nodes once (linear in the
/// size of the graph); every query after that only walks the part of the graph it needs.
#[derive(Debug)]
pub struct Query<'g> {
    kg: &'g KnowledgeGraph,
    names: NameIndex,
    lines: Lines,
    /// Position of each node in key order, by node index: sorting by it is sorting by key,
    /// without building keys.
    rank: Vec<u32>,
}

impl<'g> Query<'g> {
    /// A query view of `kg`, citing byte spans.
    pub fn new(kg: &'g KnowledgeGraph) -> Self {
        let mut rank = vec![u32::MAX; kg.graph.node_bound()];
        for (i, ix) in kg.nodes_by_key().enumerate() {
            if let Some(r) = rank.get_mut(ix.index()) {
                *r = u32::try_from(i).unwrap_or(u32::MAX);
            }
        }
        Query {
            kg,
            names: NameIndex::new(kg),
            lines: Lines::new(),
            rank,
        }
    }

    /// Also knows entities by the names the schema gives them (metonyms such as
    /// "Washington"), and tells apart a schema entity no document mentions from an
    /// unknown name.
    pub fn with_schema(mut self, schema: &Schema) -> Self {
        self.names.add_schema(schema);
        self
    }

    /// Cites lines of these documents rather than byte spans.
    pub fn with_lines(mut self, lines: Lines) -> Self {
        self.lines = lines;
        self
    }

    /// The graph queried.
    pub fn graph(&self) -> &'g KnowledgeGraph {
        self.kg
    }

    /// The entity a name means: an id, a name or an alias in any case, or a word of one
    /// name ("peskov").
    ///
    /// ```
    /// # use newsgraph::graph::KnowledgeGraph;
    /// # use newsgraph::query::{Query, QueryError};
    /// let kg = KnowledgeGraph::new();
    /// let q = Query::new(&kg);
    /// assert!(matches!(q.resolve("nobody"), Err(QueryError::Unknown { .. })));
    /// ```
    pub fn resolve(&self, name: &str) -> Result<EntityId, QueryError> {
        self.names.resolve(name)
    }

    /// The node of a name: an entity name as for [`Query::resolve`], or a raw node key
    /// (`s:...`, `v:...`, `d:...`, `e:...`).
    pub fn resolve_node(&self, name: &str) -> Result<NodeIx, QueryError> {
        // Only indices of live nodes: walks index arrays by node, and a hand-edited graph
        // file could name a node that is not there.
        let live = |ix: &NodeIx| self.kg.node(*ix).is_some();
        if let Some(ix) = self.kg.by_key(name).filter(live) {
            return Ok(ix);
        }
        let id = self.resolve(name)?;
        self.kg
            .entity_ix(&id)
            .filter(live)
            .ok_or_else(|| QueryError::Unknown {
                name: name.to_string(),
                suggestions: vec![],
            })
    }

    fn cite(&self, p: &Provenance) -> Cite {
        Cite {
            doc: p.doc.to_string(),
            span: p.span(),
            // The line recorded at build time; else from the texts given; else none.
            line: (p.line > 0)
                .then_some(p.line as usize)
                .or_else(|| self.lines.line(&p.doc, p.span())),
        }
    }

    fn cites(&self, ps: &[Provenance]) -> Vec<Cite> {
        let mut v: Vec<Cite> = ps.iter().map(|p| self.cite(p)).collect();
        v.sort();
        v.dedup();
        v
    }

    fn rank_of(&self, ix: NodeIx) -> u32 {
        self.rank.get(ix.index()).copied().unwrap_or(u32::MAX)
    }

    fn entity_node(&self, id: &EntityId) -> Option<&'g EntityNode> {
        match self.kg.entity_ix(id).and_then(|ix| self.kg.node(ix)) {
            Some(Node::Entity(e)) => Some(e),
            _ => None,
        }
    }

    /// The display name of an entity, or its id when the graph lacks it.
    fn name_of(&self, id: &EntityId) -> String {
        self.entity_node(id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    /// A short label of any node, for paths and neighbours.
    fn label(&self, ix: NodeIx) -> String {
        match self.kg.node(ix) {
            Some(Node::Entity(e)) => e.name.clone(),
            Some(Node::Statement(s)) => {
                format!("statement by {} ({})", s.speaker, date_str(s.date))
            }
            Some(Node::Event(v)) => {
                let place = v
                    .place
                    .as_ref()
                    .map(|p| format!(" in {p}"))
                    .unwrap_or_default();
                format!("{} {}{place}", v.event_type, date_str(v.date))
            }
            Some(Node::Document(d)) => format!("document {}", d.id),
            None => String::from("?"),
        }
    }

    /// The outlets that carried documents: the document's outlet (or, lacking one, its id)
    /// as a slug.
    fn outlet_of(&self, doc: &str) -> String {
        match self
            .kg
            .by_key(&format!("d:{doc}"))
            .and_then(|ix| self.kg.node(ix))
        {
            Some(Node::Document(d)) => match &d.outlet {
                Some(o) => EntityId::slug_of(o).to_string(),
                None => doc.to_string(),
            },
            _ => doc.to_string(),
        }
    }
}

/// A date for tables, `-` when unknown.
fn date_str(d: Option<NaiveDate>) -> String {
    d.map_or_else(|| "-".to_string(), |d| d.to_string())
}

/// Parses an edge kind from its snake_case name (`-` accepted for `_`, any case).
pub fn parse_edge_kind(s: &str) -> Result<EdgeKind, QueryError> {
    let norm = s.trim().to_ascii_lowercase().replace('-', "_");
    EdgeKind::ALL
        .iter()
        .copied()
        .find(|k| k.name() == norm)
        .ok_or_else(|| QueryError::BadValue {
            what: "edge kind",
            given: s.to_string(),
            expected: "one of ".to_string()
                + &EdgeKind::ALL
                    .iter()
                    .map(|k| k.name())
                    .collect::<Vec<_>>()
                    .join(", "),
        })
}

#[cfg(test)]
pub(crate) mod fixture;

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: Option<EdgeKind>) {
        assert_eq!(parse_edge_kind(input).ok(), expected, "{input}");
    }

    #[test]
    fn edge_kinds_parse() {
        check("said_about", Some(EdgeKind::SaidAbout));
        check("Said-About", Some(EdgeKind::SaidAbout));
        check("part_of", Some(EdgeKind::PartOf));
        check("participated_in", Some(EdgeKind::ParticipatedIn));
        check("holds_role", Some(EdgeKind::HoldsRole));
        check("talks", None);
        check("", None);
    }

    #[test]
    fn every_kind_round_trips_through_its_name() {
        for k in EdgeKind::ALL {
            assert_eq!(parse_edge_kind(k.name()).ok(), Some(k));
            // The name is the one serde writes into saved graphs.
            assert_eq!(
                serde_json::to_string(&k).ok(),
                Some(format!("\"{}\"", k.name()))
            );
        }
    }

    #[test]
    fn cites_show_lines_when_texts_are_known() {
        let kg = KnowledgeGraph::new();
        let mut lines = Lines::new();
        lines.add_text("a", "one\ntwo\nthree");
        let q = Query::new(&kg).with_lines(lines);
        let c = q.cite(&Provenance::new("a", Span::new(8, 13), 0));
        assert_eq!(c.to_string(), "a:3");
        let c = q.cite(&Provenance::new("b", Span::new(8, 13), 0));
        assert_eq!(c.to_string(), "b@8-13");
        let c = q.cite(&Provenance::new("b", Span::new(8, 13), 7));
        assert_eq!(c.to_string(), "b:7");
    }
}
