//! The knowledge graph: a petgraph `StableDiGraph` of entities, statements, events and
//! documents, merged across documents in an order-independent way, with provenance
//! (document id + byte span) on every statement, event and mention.
//!
//! The graph knows ids, kinds and spans, not text rules (those are `extract`'s); exporters
//! and queries read it and never change it.

pub mod build;
mod codec;
pub mod compact;
#[doc(hidden)]
pub mod fixture;
pub mod io;
pub mod part;
pub mod pipeline;

use std::collections::BTreeMap;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::Span;
use crate::extract::{EventDateSource, EventMode, StatementKind};
use crate::schema::{EntityId, Gender, Role};

/// A string that many records of a graph hold (a document id, a cue, an act): one
/// pointer-sized handle, the string stored once. It reads, compares, hashes, prints and is
/// saved as the string it holds.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<Box<str>>);

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        self
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        self
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared(Arc::new(Box::from(s)))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Shared {
        Shared(Arc::new(s.into_boxed_str()))
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&**self, f)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self, f)
    }
}

impl PartialEq<str> for Shared {
    fn eq(&self, other: &str) -> bool {
        **self == *other
    }
}

impl PartialEq<&str> for Shared {
    fn eq(&self, other: &&str) -> bool {
        **self == **other
    }
}

impl Serialize for Shared {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self)
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
        String::deserialize(d).map(Shared::from)
    }
}

/// Where a fact was read: a document and a byte span in it.
///
/// Saved as `{doc, span: {start, end}, line}`. The offsets are held as `u32` (a graph holds
/// one of these per mention and source, tens of millions in a large one): offsets past 4 GiB
/// in one document read as `u32::MAX` (the corpus reader skips such documents, see
/// [`crate::corpus::MAX_DOCUMENT_BYTES`]).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(from = "ProvenanceFile<Shared>")]
pub struct Provenance {
    /// Document id, shared by every provenance in the same document (a graph holds several
    /// per mention, statement and event: one string each would be most of its memory).
    pub doc: Shared,
    /// Start of the byte span in the document text (fields in this order compare as
    /// document, span, line).
    start: u32,
    /// End of the byte span.
    end: u32,
    /// 1-based line of the span's start (0 when unknown, as in graphs saved without it).
    pub line: u32,
}

/// [`Provenance`] as it is written in a graph file.
#[derive(Serialize, Deserialize)]
#[serde(rename = "Provenance")]
struct ProvenanceFile<S> {
    doc: S,
    span: Span,
    #[serde(default)]
    line: u32,
}

impl From<ProvenanceFile<Shared>> for Provenance {
    fn from(f: ProvenanceFile<Shared>) -> Provenance {
        Provenance::new(f.doc, f.span, f.line)
    }
}

impl Serialize for Provenance {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        ProvenanceFile {
            doc: &self.doc,
            span: self.span(),
            line: self.line,
        }
        .serialize(s)
    }
}

impl Provenance {
    /// Where a fact was read: document, byte span and 1-based line (0 when unknown).
    pub fn new(doc: impl Into<Shared>, span: Span, line: u32) -> Provenance {
        Provenance {
            doc: doc.into(),
            start: offset(span.start),
            end: offset(span.end),
            line,
        }
    }

    /// Byte span in the document text.
    pub fn span(&self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// A byte offset as a provenance keeps it: one past 4 GiB reads as `u32::MAX`.
fn offset(o: usize) -> u32 {
    u32::try_from(o).unwrap_or(u32::MAX)
}

/// An entity node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntityNode {
    /// Entity id.
    pub id: EntityId,
    /// Entity kind.
    pub kind: String,
    /// Display name.
    pub name: String,
    /// Aliases from the schema.
    pub aliases: Vec<String>,
    /// Gender of a person.
    pub gender: Option<Gender>,
    /// Offices with dates.
    pub roles: Vec<Role>,
    /// The states it belongs to (for clustering and affiliation).
    pub states: Vec<EntityId>,
    /// True when found in text rather than in the schema.
    pub provisional: bool,
    /// Every mention, sorted.
    pub mentions: Vec<Provenance>,
}

/// A statement node: one thing said, possibly reported by several documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementNode {
    /// Stable key, derived from speaker and content.
    pub key: Box<str>,
    /// Who said it.
    pub speaker: EntityId,
    /// Direct or indirect.
    pub kind: StatementKind,
    /// The reporting verb or phrase (a small vocabulary: one string shared by the statements
    /// of a graph that use it).
    pub cue: Shared,
    /// The act (shared as the cue is).
    pub act: Shared,
    /// The content.
    pub text: Box<str>,
    /// Entities it is about.
    pub about: Box<[EntityId]>,
    /// Relays (outlets quoting it).
    pub relays: Box<[EntityId]>,
    /// Earliest date.
    pub date: Option<NaiveDate>,
    /// Every document and span that carries it (the corroboration count is its length).
    pub sources: Box<[Provenance]>,
}

/// An event node: one event, possibly told by several documents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventNode {
    /// Stable key, derived from type family, date and place.
    pub key: Box<str>,
    /// Event type (shared as a statement's cue is).
    pub event_type: Shared,
    /// When.
    pub date: Option<NaiveDate>,
    /// Where the date came from.
    pub date_source: EventDateSource,
    /// Where.
    pub place: Option<EntityId>,
    /// Who took part.
    pub participants: Box<[EntityId]>,
    /// Past or planned (past wins when documents disagree).
    pub mode: EventMode,
    /// The words naming it in the first source.
    pub text: Box<str>,
    /// Every document and span that tells it.
    pub sources: Box<[Provenance]>,
}

/// A document node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentNode {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Date.
    pub date: Option<NaiveDate>,
    /// Outlet.
    pub outlet: Option<String>,
    /// URL.
    pub url: Option<String>,
}

/// A node of the graph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "node", rename_all = "snake_case")]
pub enum Node {
    /// An actor, place, agreement, outlet... Boxed: the largest kind of node and one of the
    /// fewest, it would set the size of every node.
    Entity(Box<EntityNode>),
    /// Something said.
    Statement(StatementNode),
    /// Something that happened.
    Event(EventNode),
    /// An article.
    Document(DocumentNode),
}

/// The kind of an edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// entity -> statement
    Said,
    /// statement -> entity
    About,
    /// entity -> event
    ParticipatedIn,
    /// event -> place entity
    HeldIn,
    /// statement or event -> document
    ReportedIn,
    /// person -> state or body (from the schema)
    HoldsRole,
    /// entity -> entity (from the schema)
    PartOf,
    /// entity -> entity, weighted projection of said + about
    SaidAbout,
}

/// An edge with its weight and, for `said_about`, the acts and the date range.
///
/// Saved as `{kind, weight, acts, first, last, label}` (acts a map from act to count, label the
/// role title or null).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(from = "EdgeFile")]
pub struct Edge {
    /// What the edge means.
    pub kind: EdgeKind,
    /// Number of statements (said_about) or 1.
    pub weight: u32,
    /// First date.
    pub first: Option<NaiveDate>,
    /// Last date.
    pub last: Option<NaiveDate>,
    /// Acts and role title: only `said_about` and `holds_role` edges have them, so they live
    /// apart and the many other edges stay a few words long.
    detail: Option<Box<EdgeDetail>>,
}

/// What only some edges carry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct EdgeDetail {
    /// Count of each act, sorted by act and distinct. Act names are a small vocabulary, shared
    /// between the edges that count them.
    acts: Vec<(Shared, u32)>,
    label: Option<Box<str>>,
}

/// [`Edge`] as it is written in a graph file.
#[derive(Deserialize)]
struct EdgeFile {
    kind: EdgeKind,
    weight: u32,
    acts: BTreeMap<String, u32>,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
    label: Option<String>,
}

impl From<EdgeFile> for Edge {
    fn from(f: EdgeFile) -> Edge {
        let mut e = Edge {
            kind: f.kind,
            weight: f.weight,
            first: f.first,
            last: f.last,
            detail: None,
        };
        if !f.acts.is_empty() || f.label.is_some() {
            e.detail = Some(Box::new(EdgeDetail {
                acts: f
                    .acts
                    .into_iter()
                    .map(|(a, n)| (Shared::from(a), n))
                    .collect(),
                label: f.label.map(String::into_boxed_str),
            }));
        }
        e
    }
}

impl Serialize for Edge {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        /// The acts as a map, in act order (what a `BTreeMap` of them writes).
        struct Acts<'a>(&'a [(Shared, u32)]);
        impl Serialize for Acts<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.iter().map(|(a, n)| (&**a, n)))
            }
        }

        let mut st = s.serialize_struct("Edge", 6)?;
        st.serialize_field("kind", &self.kind)?;
        st.serialize_field("weight", &self.weight)?;
        st.serialize_field("acts", &Acts(self.detail.as_ref().map_or(&[], |d| &d.acts)))?;
        st.serialize_field("first", &self.first)?;
        st.serialize_field("last", &self.last)?;
        st.serialize_field("label", &self.label())?;
        st.end()
    }
}

/// Index of a node in the graph (stable across removals).
pub type NodeIx = petgraph::stable_graph::NodeIndex<u32>;

/// The knowledge graph: nodes and edges, plus an index from stable keys to nodes.
///
/// Keys are `e:<entity id>`, `s:<statement key>`, `v:<event key>` and `d:<document id>`.
/// Saved as `{graph, index, state_names}`, the index a map from key to node index.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(from = "GraphFile")]
pub struct KnowledgeGraph {
    /// The petgraph graph.
    pub graph: petgraph::stable_graph::StableDiGraph<Node, Edge, u32>,
    index: KeyIndex,
    /// Names of the states entities belong to (`EntityNode::states`), including states
    /// that are not nodes themselves, for cluster and affiliation labels.
    pub state_names: BTreeMap<EntityId, String>,
}

/// Nodes by key. A node's key is its kind's prefix and its id, both in the node: the
/// index holds node numbers in key order, not the keys, which would be a string per node.
#[derive(Debug, Clone, Default)]
struct KeyIndex {
    /// Nodes sorted by key (as the graph builder and the graph file give them).
    sorted: Vec<NodeIx>,
    /// Nodes added one at a time with [`KnowledgeGraph::add_node`] (or, in a hand-edited
    /// file, filed under a key that is not their own), by key.
    added: BTreeMap<String, NodeIx>,
}

/// [`KnowledgeGraph`] as it is written in a graph file.
#[derive(Deserialize)]
struct GraphFile {
    graph: petgraph::stable_graph::StableDiGraph<Node, Edge, u32>,
    index: BTreeMap<String, NodeIx>,
    #[serde(default)]
    state_names: BTreeMap<EntityId, String>,
}

impl From<GraphFile> for KnowledgeGraph {
    fn from(f: GraphFile) -> KnowledgeGraph {
        let mut index = KeyIndex::default();
        // The map iterates in key order: entries whose node carries that key keep it.
        for (key, ix) in f.index {
            let own = f
                .graph
                .node_weight(ix)
                .is_some_and(|n| n.cmp_key(&key).is_eq());
            if own {
                index.sorted.push(ix);
            } else {
                index.added.insert(key, ix);
            }
        }
        KnowledgeGraph {
            graph: f.graph,
            index,
            state_names: f.state_names,
        }
    }
}

impl Serialize for KnowledgeGraph {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        /// The index as a map from key to node, in key order (what a `BTreeMap` writes).
        struct Index<'a>(&'a KnowledgeGraph);
        impl Serialize for Index<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_map(self.0.key_entries())
            }
        }

        let mut st = s.serialize_struct("KnowledgeGraph", 3)?;
        st.serialize_field("graph", &self.graph)?;
        st.serialize_field("index", &Index(self))?;
        st.serialize_field("state_names", &self.state_names)?;
        st.end()
    }
}

impl Node {
    /// The stable key of this node.
    pub fn key(&self) -> String {
        let (prefix, id) = self.key_parts();
        format!("{prefix}{id}")
    }

    /// The key as its kind's prefix and the id that follows it.
    fn key_parts(&self) -> (&'static str, &str) {
        match self {
            Node::Entity(e) => ("e:", e.id.as_str()),
            Node::Statement(s) => ("s:", &s.key),
            Node::Event(v) => ("v:", &v.key),
            Node::Document(d) => ("d:", &d.id),
        }
    }

    /// This node's key compared with `key`, as strings compare, without making the key.
    fn cmp_key(&self, key: &str) -> std::cmp::Ordering {
        let (prefix, id) = self.key_parts();
        prefix.bytes().chain(id.bytes()).cmp(key.bytes())
    }
}

impl EdgeKind {
    /// Every kind, in order.
    pub const ALL: [EdgeKind; 8] = [
        EdgeKind::Said,
        EdgeKind::About,
        EdgeKind::ParticipatedIn,
        EdgeKind::HeldIn,
        EdgeKind::ReportedIn,
        EdgeKind::HoldsRole,
        EdgeKind::PartOf,
        EdgeKind::SaidAbout,
    ];

    /// The snake_case name used in files and the ontology.
    pub fn name(self) -> &'static str {
        match self {
            EdgeKind::Said => "said",
            EdgeKind::About => "about",
            EdgeKind::ParticipatedIn => "participated_in",
            EdgeKind::HeldIn => "held_in",
            EdgeKind::ReportedIn => "reported_in",
            EdgeKind::HoldsRole => "holds_role",
            EdgeKind::PartOf => "part_of",
            EdgeKind::SaidAbout => "said_about",
        }
    }
}

impl Edge {
    /// A plain edge of weight 1.
    pub fn new(kind: EdgeKind) -> Edge {
        Edge {
            kind,
            weight: 1,
            first: None,
            last: None,
            detail: None,
        }
    }

    /// Count of each act (said_about), sorted by act.
    pub fn acts(&self) -> impl Iterator<Item = (&str, u32)> {
        self.detail
            .iter()
            .flat_map(|d| d.acts.iter().map(|(a, n)| (&**a, *n)))
    }

    /// True when the edge counts any act.
    pub fn has_acts(&self) -> bool {
        self.detail.as_ref().is_some_and(|d| !d.acts.is_empty())
    }

    /// Counts one more statement of `act`. Passing a [`Shared`] lets edges share the act's
    /// name.
    pub fn count_act(&mut self, act: impl AsRef<str> + Into<Shared>) {
        let acts = &mut self.detail.get_or_insert_with(Box::default).acts;
        match acts.binary_search_by(|(a, _)| (**a).cmp(act.as_ref())) {
            Ok(i) => acts[i].1 += 1,
            Err(i) => {
                // Most edges count one act or two: grown one at a time, the list stays at its
                // length instead of the four a doubling vector starts with.
                acts.reserve_exact(1);
                acts.insert(i, (act.into(), 1));
            }
        }
    }

    /// Role title (holds_role).
    pub fn label(&self) -> Option<&str> {
        self.detail.as_ref().and_then(|d| d.label.as_deref())
    }

    /// Sets the role title.
    pub fn set_label(&mut self, label: impl Into<String>) {
        self.detail.get_or_insert_with(Box::default).label = Some(label.into().into_boxed_str());
    }
}

impl KnowledgeGraph {
    /// An empty graph.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a node, or returns the existing node with the same key (left unchanged).
    pub fn add_node(&mut self, node: Node) -> NodeIx {
        let key = node.key();
        if let Some(ix) = self.by_key(&key) {
            return ix;
        }
        let ix = self.graph.add_node(node);
        self.index.added.insert(key, ix);
        ix
    }

    /// Adds an edge.
    pub fn add_edge(&mut self, from: NodeIx, to: NodeIx, edge: Edge) {
        self.graph.add_edge(from, to, edge);
    }

    /// The node with this stable key.
    pub fn by_key(&self, key: &str) -> Option<NodeIx> {
        if let Some(&ix) = self.index.added.get(key) {
            return Some(ix);
        }
        let sorted = &self.index.sorted;
        sorted
            .binary_search_by(|&ix| match self.graph.node_weight(ix) {
                Some(n) => n.cmp_key(key),
                // Never the case: the index only holds nodes of the graph.
                None => std::cmp::Ordering::Less,
            })
            .ok()
            .map(|i| sorted[i])
    }

    /// The display name of a state id: its name from the schema, else the id.
    pub fn state_name(&self, id: &EntityId) -> String {
        match self.state_names.get(id) {
            Some(n) => n.clone(),
            None => match self.entity_ix(id).and_then(|i| self.node(i)) {
                Some(Node::Entity(e)) => e.name.clone(),
                _ => id.to_string(),
            },
        }
    }

    /// The node of this entity.
    pub fn entity_ix(&self, id: &EntityId) -> Option<NodeIx> {
        self.by_key(&format!("e:{id}"))
    }

    /// The node at `ix`.
    pub fn node(&self, ix: NodeIx) -> Option<&Node> {
        self.graph.node_weight(ix)
    }

    /// Every node, sorted by key (deterministic iteration).
    pub fn nodes_by_key(&self) -> impl Iterator<Item = NodeIx> + '_ {
        self.key_entries().map(|(_, ix)| ix)
    }

    /// Every node with its key, sorted by key.
    fn key_entries(&self) -> impl Iterator<Item = (KeyRef<'_>, NodeIx)> {
        let mut sorted = self
            .index
            .sorted
            .iter()
            .filter_map(|&ix| {
                let (prefix, id) = self.graph.node_weight(ix)?.key_parts();
                Some((KeyRef::Parts(prefix, id), ix))
            })
            .peekable();
        let mut added = self
            .index
            .added
            .iter()
            .map(|(k, &ix)| (KeyRef::Whole(k), ix))
            .peekable();
        // The two lists merged; a key in both (a node added twice under one key through a
        // hand-edited file) is given once, as a map would.
        std::iter::from_fn(move || match (sorted.peek(), added.peek()) {
            (Some(a), Some(b)) => match a.0.cmp(&b.0) {
                std::cmp::Ordering::Less => sorted.next(),
                std::cmp::Ordering::Greater => added.next(),
                std::cmp::Ordering::Equal => {
                    sorted.next();
                    added.next()
                }
            },
            (Some(_), None) => sorted.next(),
            (None, _) => added.next(),
        })
    }

    /// Sets the index of a graph whose nodes were added straight to `graph`: `sorted` holds
    /// every node, in key order.
    pub(crate) fn set_sorted_index(&mut self, sorted: Vec<NodeIx>) {
        self.index = KeyIndex {
            sorted,
            added: BTreeMap::new(),
        };
    }
}

/// A node key, made or stored.
#[derive(Debug, Clone, Copy)]
enum KeyRef<'a> {
    /// A prefix and an id, read from the node.
    Parts(&'static str, &'a str),
    /// A key stored whole.
    Whole(&'a str),
}

impl KeyRef<'_> {
    fn bytes(&self) -> impl Iterator<Item = u8> + '_ {
        let (a, b) = match *self {
            KeyRef::Parts(p, id) => (p, id),
            KeyRef::Whole(k) => (k, ""),
        };
        a.bytes().chain(b.bytes())
    }
}

impl PartialEq for KeyRef<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for KeyRef<'_> {}

impl PartialOrd for KeyRef<'_> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for KeyRef<'_> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bytes().cmp(other.bytes())
    }
}

impl Serialize for KeyRef<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            KeyRef::Whole(k) => s.serialize_str(k),
            KeyRef::Parts(p, id) => s.collect_str(&format_args!("{p}{id}")),
        }
    }
}
