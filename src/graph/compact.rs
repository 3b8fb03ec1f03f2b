//! The merged graph held compactly ([`Compact`]): what [`super::build::Builder::finish_compact`]
//! gives. Statements stay the builder's 52-byte records, grouped by a list of their numbers;
//! texts stay in the builder's pool; provenance stays 16-byte sources; edges are not stored but
//! made, kind after kind, from the records they join. It saves, byte for byte, what the
//! [`KnowledgeGraph`] made from it ([`Compact::into_graph`]) saves, in a fraction of the
//! memory: `kg build` writes the graph file from it without ever holding the petgraph graph.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use rayon::prelude::*;
use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::build::{
    dated, flat, max_date, min_date, MergedEvents, Pool, RawStatement, Source, StGroup, NONE,
};
use super::codec::MentionList;
use super::pipeline::Summary;
use super::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, NodeIx, Shared,
    StatementNode,
};
use crate::extract::StatementKind;
use crate::schema::EntityId;

/// A merged graph, before (or instead of) its petgraph form.
///
/// Nodes are numbered as in the [`KnowledgeGraph`]: entities, statements, events, documents,
/// each kind in key order. Every output of it (the saved file, the summary, the graph) comes
/// from the same records through the same node and edge constructors.
#[derive(Debug)]
pub struct Compact {
    /// Entity ids, sorted: an entity's number is its position.
    pub(super) names: Vec<EntityId>,
    /// Entity nodes, without their mentions.
    pub(super) entities: Vec<EntityNode>,
    /// Each entity's mentions.
    pub(super) mentions: Vec<MentionList>,
    /// Cues, acts and event types, by pool number.
    pub(super) words: Vec<Shared>,
    /// Statement and event texts.
    pub(super) texts: Pool,
    /// Every statement as read, in document order.
    pub(super) statements: Vec<RawStatement>,
    /// The entities statements are about (see [`RawStatement::about`]).
    pub(super) abouts: Vec<u32>,
    /// Statement numbers, group after group.
    pub(super) order: Vec<u32>,
    /// Merged statements, in key order.
    pub(super) groups: Vec<StGroup>,
    /// Merged events, in key order.
    pub(super) events: MergedEvents,
    /// Document nodes, in id order.
    pub(super) documents: Vec<DocumentNode>,
    /// Document ids, in order, shared by the provenances made from them.
    pub(super) doc_ids: Vec<Shared>,
    /// Names of the states entities belong to.
    pub(super) state_names: BTreeMap<EntityId, String>,
    /// `holds_role` and `part_of` edges (from, to, edge), in the order they are drawn.
    pub(super) schema_edges: Vec<(u32, u32, Edge)>,
    /// `said_about` edges, in (speaker, subject) order.
    pub(super) projection: Vec<(u32, u32, Edge)>,
}

/// One merged statement's facts, gathered from its reports into reused buffers.
#[derive(Debug, Default)]
pub(super) struct Merged {
    /// The first report (by source): it gives the cue, act and text.
    first: usize,
    /// Direct when any report quotes it.
    direct: bool,
    date: Option<NaiveDate>,
    about: Vec<u32>,
    relays: Vec<u32>,
    sources: Vec<Source>,
}

/// A kind's edges, in order: either as [`Compact::for_each_edge`] draws them, or sorted.
enum EdgeList {
    /// In the order drawn; how many.
    Drawn(usize),
    Sorted(Vec<(u32, u32, u32)>),
}

/// Nodes made at a time, in parallel, in [`Compact::into_graph`].
const NODE_SLICE: usize = 1 << 13;
/// Edges moved into the graph at a time in [`Compact::into_graph`].
const EDGE_SLICE: usize = 1 << 16;

impl Compact {
    pub(super) fn n_ent(&self) -> usize {
        self.entities.len()
    }

    /// Node number of statement `g`, event `v`, document `d`.
    fn st_ix(&self, g: usize) -> u32 {
        to_u32(self.n_ent() + g)
    }

    fn ev_ix(&self, v: usize) -> u32 {
        to_u32(self.n_ent() + self.groups.len() + v)
    }

    fn doc_ix(&self, d: usize) -> u32 {
        to_u32(self.n_ent() + self.groups.len() + self.events.events.len() + d)
    }

    /// Position of node `ix` in key order: documents ("d:") first, then entities ("e:"),
    /// statements ("s:") and events ("v:").
    fn key_rank(&self, ix: u32) -> usize {
        let ix = ix as usize;
        let before_docs = self.n_ent() + self.groups.len() + self.events.events.len();
        match ix.checked_sub(before_docs) {
            Some(d) => d,
            None => self.documents.len() + ix,
        }
    }

    /// Gathers the facts of merged statement `g` into `m`.
    fn merged(&self, g: usize, m: &mut Merged) {
        let group = &self.groups[g];
        let start = group.start as usize;
        let members = &self.order[start..start + group.len as usize];
        m.about.clear();
        m.relays.clear();
        m.sources.clear();
        m.date = None;
        m.direct = false;
        m.first = members.first().map_or(0, |&i| i as usize);
        for s in members.iter().map(|&i| &self.statements[i as usize]) {
            m.about
                .extend_from_slice(flat(&self.abouts, s.about, s.about_len));
            if s.relay != NONE {
                m.relays.push(s.relay);
            }
            m.sources.push(s.source);
            m.date = min_date(m.date, s.date);
            m.direct |= s.kind == StatementKind::Direct;
        }
        // One report's list is sorted and distinct already.
        if members.len() > 1 {
            m.about.sort_unstable();
            m.about.dedup();
        }
        m.relays.sort_unstable();
        m.relays.dedup();
        m.sources.sort_unstable();
        m.sources.dedup();
    }

    /// The node of entity `n`, with its mentions.
    pub(super) fn entity_node(&self, n: usize) -> EntityNode {
        let mut node = self.entities[n].clone();
        let list = &self.mentions[n];
        node.mentions = Vec::with_capacity(list.len());
        node.mentions.extend(
            list.iter()
                .map(|p| Source::of_place(p).provenance(&self.doc_ids)),
        );
        node
    }

    /// The node of merged statement `g`.
    pub(super) fn statement_node(&self, g: usize, m: &mut Merged) -> StatementNode {
        self.merged(g, m);
        let first = &self.statements[m.first];
        let name = |n: &u32| self.names[*n as usize].clone();
        StatementNode {
            key: self.groups[g].key(&self.names).into_boxed_str(),
            speaker: self.names[first.speaker as usize].clone(),
            kind: if m.direct {
                StatementKind::Direct
            } else {
                StatementKind::Indirect
            },
            cue: self.words[first.cue as usize].clone(),
            act: self.words[first.act as usize].clone(),
            text: self.texts.get(first.text).into(),
            about: m.about.iter().map(name).collect(),
            relays: m.relays.iter().map(name).collect(),
            date: m.date,
            sources: m
                .sources
                .iter()
                .map(|s| s.provenance(&self.doc_ids))
                .collect(),
        }
    }

    /// The node of merged event `v`.
    pub(super) fn event_node(&self, v: usize) -> EventNode {
        let e = &self.events.events[v];
        let name = |n: &u32| self.names[*n as usize].clone();
        EventNode {
            key: e.key.clone(),
            event_type: self.words[e.event_type as usize].clone(),
            date: e.date,
            date_source: e.date_source,
            place: e.place.as_ref().map(name),
            participants: self.events.participants(e).iter().map(name).collect(),
            mode: e.mode,
            text: self.texts.get(e.text).into(),
            sources: self
                .events
                .sources(e)
                .iter()
                .map(|s| s.provenance(&self.doc_ids))
                .collect(),
        }
    }

    /// Node number `ix`, made.
    fn node(&self, ix: usize, m: &mut Merged) -> Node {
        let (n_ent, n_st, n_ev) = (self.n_ent(), self.groups.len(), self.events.events.len());
        if ix < n_ent {
            Node::Entity(Box::new(self.entity_node(ix)))
        } else if ix < n_ent + n_st {
            Node::Statement(self.statement_node(ix - n_ent, m))
        } else if ix < n_ent + n_st + n_ev {
            Node::Event(self.event_node(ix - n_ent - n_st))
        } else {
            Node::Document(self.documents[ix - n_ent - n_st - n_ev].clone())
        }
    }

    /// The key of node `ix`: `e:id`, `s:key`, `v:key` or `d:id`.
    pub(super) fn node_key(&self, ix: u32) -> String {
        let ix = ix as usize;
        let (n_ent, n_st, n_ev) = (self.n_ent(), self.groups.len(), self.events.events.len());
        if ix < n_ent {
            format!("e:{}", self.names[ix])
        } else if ix < n_ent + n_st {
            format!("s:{}", self.groups[ix - n_ent].key(&self.names))
        } else if ix < n_ent + n_st + n_ev {
            format!("v:{}", self.events.events[ix - n_ent - n_st].key)
        } else {
            format!("d:{}", self.documents[ix - n_ent - n_st - n_ev].id)
        }
    }

    fn node_count(&self) -> usize {
        self.n_ent() + self.groups.len() + self.events.events.len() + self.documents.len()
    }

    /// The `said_about` projection: one edge per (speaker, subject), self-references left
    /// out, counting the acts and spanning the dates of the statements.
    pub(super) fn said_about(&self) -> Vec<(u32, u32, Edge)> {
        let mut projection: BTreeMap<(u32, u32), Edge> = BTreeMap::new();
        let mut m = Merged::default();
        for g in 0..self.groups.len() {
            self.merged(g, &mut m);
            let first = &self.statements[m.first];
            let speaker = first.speaker;
            for &a in m.about.iter().filter(|a| **a != speaker) {
                let edge = projection.entry((speaker, a)).or_insert_with(|| {
                    let mut e = Edge::new(EdgeKind::SaidAbout);
                    e.weight = 0;
                    e
                });
                edge.weight += 1;
                edge.count_act(self.words[first.act as usize].clone());
                edge.first = min_date(edge.first, m.date);
                edge.last = max_date(edge.last, m.date);
            }
        }
        projection
            .into_iter()
            .map(|((from, to), edge)| (from, to, edge))
            .collect()
    }

    /// Calls `f(from, to, detail)` for each edge of `kind`, in the order they are drawn
    /// (`detail` tells [`Compact::edge`] which edge it is), stopping at its first error.
    fn for_each_edge<E>(
        &self,
        kind: EdgeKind,
        mut f: impl FnMut(u32, u32, u32) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut m = Merged::default();
        let mut docs: Vec<u32> = Vec::new();
        let docs_of = |sources: &[Source], docs: &mut Vec<u32>| {
            docs.clear();
            docs.extend(sources.iter().map(|s| s.doc));
            docs.dedup();
        };
        match kind {
            EdgeKind::Said => {
                for (g, group) in self.groups.iter().enumerate() {
                    f(group.speaker, self.st_ix(g), to_u32(g))?;
                }
            }
            EdgeKind::About => {
                for g in 0..self.groups.len() {
                    self.merged(g, &mut m);
                    for &a in &m.about {
                        f(self.st_ix(g), a, 0)?;
                    }
                }
            }
            EdgeKind::ReportedIn => {
                for g in 0..self.groups.len() {
                    self.merged(g, &mut m);
                    docs_of(&m.sources, &mut docs);
                    for &d in &docs {
                        f(self.st_ix(g), self.doc_ix(d as usize), 0)?;
                    }
                }
                for (v, e) in self.events.events.iter().enumerate() {
                    docs_of(self.events.sources(e), &mut docs);
                    for &d in &docs {
                        f(self.ev_ix(v), self.doc_ix(d as usize), 0)?;
                    }
                }
            }
            EdgeKind::ParticipatedIn => {
                for (v, e) in self.events.events.iter().enumerate() {
                    for &p in self.events.participants(e) {
                        f(p, self.ev_ix(v), to_u32(v))?;
                    }
                }
            }
            EdgeKind::HeldIn => {
                for (v, e) in self.events.events.iter().enumerate() {
                    if let Some(place) = e.place {
                        f(self.ev_ix(v), place, to_u32(v))?;
                    }
                }
            }
            EdgeKind::HoldsRole | EdgeKind::PartOf => {
                for (k, (from, to, e)) in self.schema_edges.iter().enumerate() {
                    if e.kind == kind {
                        f(*from, *to, to_u32(k))?;
                    }
                }
            }
            EdgeKind::SaidAbout => {
                for (k, (from, to, _)) in self.projection.iter().enumerate() {
                    f(*from, *to, to_u32(k))?;
                }
            }
        }
        Ok(())
    }

    /// The edge of `kind` that [`Compact::for_each_edge`] gave `detail` for.
    fn edge(&self, kind: EdgeKind, detail: u32, m: &mut Merged) -> Edge {
        let d = detail as usize;
        match kind {
            EdgeKind::Said => {
                self.merged(d, m);
                dated(EdgeKind::Said, m.sources.len(), m.date, m.date)
            }
            EdgeKind::ParticipatedIn | EdgeKind::HeldIn => {
                let date = self.events.events[d].date;
                dated(kind, 1, date, date)
            }
            EdgeKind::HoldsRole | EdgeKind::PartOf => self.schema_edges[d].2.clone(),
            EdgeKind::SaidAbout => self.projection[d].2.clone(),
            EdgeKind::About | EdgeKind::ReportedIn => Edge::new(kind),
        }
    }

    /// The role title that orders edges of `kind` with the same ends.
    fn label(&self, kind: EdgeKind, detail: u32) -> Option<&str> {
        match kind {
            EdgeKind::HoldsRole | EdgeKind::PartOf => self.schema_edges[detail as usize].2.label(),
            _ => None,
        }
    }

    /// The edges of `kind` in graph order: by (from key, to key, role title), and among
    /// edges with all three the same only the last drawn, as a map insert would keep. Most
    /// kinds are drawn in that order already, which one pass checks without storing them.
    fn edge_list(&self, kind: EdgeKind) -> EdgeList {
        let sort_key = |(from, to, d): (u32, u32, u32)| {
            (self.key_rank(from), self.key_rank(to), self.label(kind, d))
        };
        let mut prev: Option<(u32, u32, u32)> = None;
        let mut count = 0;
        let drawn = self.for_each_edge(kind, |from, to, d| {
            let ok = prev.is_none_or(|p| sort_key(p) < sort_key((from, to, d)));
            prev = Some((from, to, d));
            count += 1;
            if ok {
                Ok(())
            } else {
                Err(())
            }
        });
        if drawn.is_ok() {
            return EdgeList::Drawn(count);
        }
        let mut edges: Vec<(u32, u32, u32)> = Vec::new();
        let _ = self.for_each_edge(kind, |from, to, d| {
            edges.push((from, to, d));
            Ok::<(), ()>(())
        });
        // Stable: among edges with the same key, the order drawn.
        edges.par_sort_by(|&a, &b| sort_key(a).cmp(&sort_key(b)));
        edges.dedup_by(|later, earlier| {
            let same = sort_key(*later) == sort_key(*earlier);
            if same {
                *earlier = *later;
            }
            same
        });
        EdgeList::Sorted(edges)
    }

    /// Calls `f(from, to, edge)` for every edge of the graph, in graph order.
    pub(super) fn each_edge<E>(
        &self,
        mut f: impl FnMut(u32, u32, Edge) -> Result<(), E>,
    ) -> Result<(), E> {
        let mut m = Merged::default();
        for kind in EdgeKind::ALL {
            match self.edge_list(kind) {
                EdgeList::Drawn(_) => self.for_each_edge(kind, |from, to, d| {
                    let edge = self.edge(kind, d, &mut m);
                    f(from, to, edge)
                })?,
                EdgeList::Sorted(edges) => {
                    for (from, to, d) in edges {
                        let edge = self.edge(kind, d, &mut m);
                        f(from, to, edge)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// Writes the graph file, as [`KnowledgeGraph::save_to`] writes the graph
    /// [`Compact::into_graph`] makes, node by node and edge by edge (no node, edge or string
    /// of the whole file is held). Buffering `w` is the caller's.
    pub fn save_to<W: std::io::Write>(&self, w: W) -> Result<(), serde_json::Error> {
        super::io::save_to(w, self)
    }

    /// Counts nodes and edges by kind and ranks the speakers, as
    /// [`KnowledgeGraph::summary`] does on the graph made from this one.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        for e in &self.entities {
            *s.entities.entry(e.kind.clone()).or_default() += 1;
            s.provisional += usize::from(e.provisional);
        }
        s.statements = self.groups.len();
        let mut by_speaker: BTreeMap<u32, usize> = BTreeMap::new();
        let mut m = Merged::default();
        for (g, group) in self.groups.iter().enumerate() {
            self.merged(g, &mut m);
            let docs: BTreeSet<u32> = m.sources.iter().map(|s| s.doc).collect();
            s.corroborated += usize::from(docs.len() > 1);
            *by_speaker.entry(group.speaker).or_default() += 1;
        }
        s.events = self.events.events.len();
        s.documents = self.documents.len();
        for kind in EdgeKind::ALL {
            let n = match self.edge_list(kind) {
                EdgeList::Drawn(n) => n,
                EdgeList::Sorted(v) => v.len(),
            };
            if n > 0 {
                *s.edges.entry(kind.name().to_string()).or_default() += n;
            }
        }
        let mut top: Vec<(String, usize)> = by_speaker
            .into_iter()
            .map(|(n, count)| (self.names[n as usize].to_string(), count))
            .collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        s.top_speakers = top;
        s
    }

    /// The graph as a [`KnowledgeGraph`] (petgraph), for exports and queries. The records
    /// are freed as their nodes are made.
    pub fn into_graph(mut self) -> KnowledgeGraph {
        let mut g = KnowledgeGraph::new();
        g.state_names = std::mem::take(&mut self.state_names);
        let mut edges: Vec<(u32, u32, Edge)> = Vec::new();
        let _ = self.each_edge(|from, to, edge| {
            edges.push((from, to, edge));
            Ok::<(), ()>(())
        });
        edges.shrink_to_fit();
        let n_nodes = self.node_count();
        let (n_ent, n_st, n_ev) = (self.n_ent(), self.groups.len(), self.events.events.len());
        g.graph.reserve_exact_nodes(n_nodes);
        // Each kind's nodes are made in parallel a slice at a time (string copies,
        // provenance) and added in order; the records of a kind go once its nodes are made.
        let add = |g: &mut KnowledgeGraph,
                   n: usize,
                   make: &(dyn Fn(usize, &mut Merged) -> Node + Sync)| {
            let mut at = 0;
            while at < n {
                let end = (at + NODE_SLICE).min(n);
                let nodes: Vec<Node> = (at..end)
                    .into_par_iter()
                    .map_init(Merged::default, |m, i| make(i, m))
                    .collect();
                for node in nodes {
                    g.graph.add_node(node);
                }
                at = end;
            }
        };
        add(&mut g, n_ent, &|n, _| {
            Node::Entity(Box::new(self.entity_node(n)))
        });
        self.mentions = Vec::new();
        add(&mut g, n_st, &|i, m| {
            Node::Statement(self.statement_node(i, m))
        });
        self.statements = Vec::new();
        self.abouts = Vec::new();
        self.order = Vec::new();
        self.groups = Vec::new();
        add(&mut g, n_ev, &|v, _| Node::Event(self.event_node(v)));
        let documents = std::mem::take(&mut self.documents);
        drop(self);
        for d in documents {
            g.graph.add_node(Node::Document(d));
        }
        // Nodes were added in index order, each kind in key order: the key order is
        // documents ("d:"), entities ("e:"), statements ("s:"), events ("v:").
        let before_docs = n_ent + n_st + n_ev;
        let by_key = (before_docs..n_nodes).chain(0..before_docs);
        g.set_sorted_index(by_key.map(NodeIx::new).collect());
        // The edge list is emptied from its end while the graph's fills, so the two are not
        // both whole at once.
        g.graph.reserve_exact_edges(edges.len());
        in_slices(edges, EDGE_SLICE, |slice| {
            for (from, to, edge) in slice {
                g.add_edge(NodeIx::new(from as usize), NodeIx::new(to as usize), edge);
            }
        });
        g
    }
}

/// A node or edge number: graphs hold fewer than `u32::MAX` of each (petgraph's index type).
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Hands `v`'s items to `f` in order, `n` at a time, giving the list's memory back as it
/// goes: reversed once, the list is then cut from its end.
fn in_slices<T>(mut v: Vec<T>, n: usize, mut f: impl FnMut(Vec<T>)) {
    v.reverse();
    while !v.is_empty() {
        let mut slice = v.split_off(v.len().saturating_sub(n));
        slice.reverse();
        v.shrink_to_fit();
        f(slice);
    }
}

impl Serialize for Compact {
    /// What a [`KnowledgeGraph`] writes: `{graph, index, state_names}`, the graph in
    /// petgraph's form `{nodes, node_holes, edge_property, edges}`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("KnowledgeGraph", 3)?;
        st.serialize_field("graph", &GraphOut(self))?;
        st.serialize_field("index", &IndexOut(self))?;
        st.serialize_field("state_names", &self.state_names)?;
        st.end()
    }
}

/// petgraph's `edge_property`, as its serializer writes it.
#[derive(Serialize)]
#[serde(rename_all = "lowercase")]
enum EdgeProperty {
    Directed,
}

struct GraphOut<'a>(&'a Compact);

impl Serialize for GraphOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Graph", 4)?;
        st.serialize_field("nodes", &NodesOut(self.0))?;
        st.serialize_field("node_holes", &[0u32; 0])?;
        st.serialize_field("edge_property", &EdgeProperty::Directed)?;
        st.serialize_field("edges", &EdgesOut(self.0))?;
        st.end()
    }
}

struct NodesOut<'a>(&'a Compact);

impl Serialize for NodesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let g = self.0;
        let n = g.node_count();
        let mut seq = s.serialize_seq(Some(n))?;
        let mut m = Merged::default();
        for ix in 0..n {
            seq.serialize_element(&g.node(ix, &mut m))?;
        }
        seq.end()
    }
}

struct EdgesOut<'a>(&'a Compact);

impl Serialize for EdgesOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        self.0
            .each_edge(|from, to, edge| seq.serialize_element(&(from, to, &edge)))?;
        seq.end()
    }
}

struct IndexOut<'a>(&'a Compact);

impl Serialize for IndexOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        /// `prefix` and `id` written as one string.
        struct Key<'a>(&'static str, &'a str);
        impl Serialize for Key<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(&format_args!("{}{}", self.0, self.1))
            }
        }
        let g = self.0;
        let mut map = s.serialize_map(Some(g.node_count()))?;
        for (d, doc) in g.documents.iter().enumerate() {
            map.serialize_entry(&Key("d:", &doc.id), &g.doc_ix(d))?;
        }
        for (n, id) in g.names.iter().enumerate() {
            map.serialize_entry(&Key("e:", id.as_str()), &to_u32(n))?;
        }
        for (i, group) in g.groups.iter().enumerate() {
            map.serialize_entry(&Key("s:", &group.key(&g.names)), &g.st_ix(i))?;
        }
        for (v, e) in g.events.events.iter().enumerate() {
            map.serialize_entry(&Key("v:", &e.key), &g.ev_ix(v))?;
        }
        map.end()
    }
}

impl Compact {
    /// Bytes held by each part (the vectors' capacities and the strings they own, without
    /// the allocator's overhead), for benchmarks: where the memory of a build goes.
    pub fn memory(&self) -> Vec<(&'static str, usize)> {
        use std::mem::size_of;
        let events = &self.events;
        let docs: usize = self.documents.capacity() * size_of::<DocumentNode>()
            + self
                .documents
                .iter()
                .map(|d| {
                    d.id.capacity()
                        + [&d.title, &d.outlet, &d.url]
                            .iter()
                            .map(|s| s.as_ref().map_or(0, String::capacity))
                            .sum::<usize>()
                })
                .sum::<usize>()
            + self
                .doc_ids
                .iter()
                .map(|d| d.len() + 2 * size_of::<usize>() + size_of::<Box<str>>())
                .sum::<usize>();
        vec![
            (
                "mentions",
                self.mentions.iter().map(MentionList::bytes).sum::<usize>()
                    + self.mentions.capacity() * size_of::<MentionList>(),
            ),
            (
                "statements",
                self.statements.capacity() * size_of::<RawStatement>()
                    + self.abouts.capacity() * 4
                    + self.order.capacity() * 4
                    + self.groups.capacity() * size_of::<StGroup>(),
            ),
            (
                "events",
                events.events.capacity() * size_of::<super::build::MergedEvent>()
                    + events.events.iter().map(|e| e.key.len()).sum::<usize>()
                    + events.participants.capacity() * 4
                    + events.sources.capacity() * size_of::<Source>(),
            ),
            ("texts", self.texts.bytes()),
            ("documents", docs),
        ]
    }
}
