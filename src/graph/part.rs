//! The merge split by key over several processes or machines: part I of N
//! ([`PartBuilder`]) reads every document's facts but keeps only the keys that hash to it,
//! merges them as the one-process merge would and writes finished nodes and edges; [`combine`]
//! puts the N parts together into the graph [`KnowledgeGraph::build`] makes, byte for byte,
//! without merging anything again.
//!
//! What a key is, and so which part owns what:
//! - an entity node (its data and every mention) belongs to the part of its id;
//! - a statement belongs to the part of its speaker: statements merge only within a speaker,
//!   and a statement's key names it; the `said`, `about`, `reported_in` edges of a statement
//!   and the speaker's `said_about` projection are made there;
//! - an event belongs to the part of its type family: the merge key of an event can depend on
//!   the other events of its family (a dated event without a place joins the one event of its
//!   family and date that has a place; an undated one at a place joins the one dated event of
//!   its family there), so a family is never split; its `participated_in`, `held_in` and
//!   `reported_in` edges are made there;
//! - a document node belongs to the part of its id.
//!
//! What spans keys, and how it is handled: an entity is in the graph when anything refers to
//! it (a mention, a speaker, a target, a relay, a place, a participant), wherever that fact
//! is merged; every part reads every document and notes the references to its own entities,
//! so the entity's part makes its node even when only another part's statements refer to it.
//! Edges from a statement or event to an entity of another part need nothing more: such an
//! entity is always present. The schema edges `holds_role` and `part_of` join two entities
//! that may be in different parts and are drawn only when both are present: the part of the
//! first entity writes them as candidates, and [`combine`] keeps those whose other end is in
//! the graph. Provenance names documents by id, so no part needs another part's documents.
//!
//! Keys go to parts by FNV-1a (64 bits) of a prefixed key, modulo N: the same on every machine.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use serde::{Deserialize, Serialize};

use super::build::{entity_node, fnv1a, Builder};
use super::compact::{Compact, Merged};
use super::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, NodeIx,
    StatementNode,
};
use crate::extract::DocFacts;
use crate::schema::{Entity, EntityId, Schema};

/// The format name written in a part file.
pub const PART_FORMAT: &str = "newsgraph-part";
/// The version of the part format.
pub const PART_VERSION: u32 = 1;

/// What can go wrong splitting or combining a merge.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PartError {
    /// Part numbers are 1-based: `I/N` with `1 <= I <= N`.
    #[error("part {index}/{count}: expected I/N with 1 <= I <= N")]
    BadPart {
        /// I.
        index: u32,
        /// N.
        count: u32,
    },
    /// Two documents with one id: the one-process merge orders them by their content, which
    /// no part can see whole.
    #[error("document `{0}` appears twice in the facts; a merge in parts needs distinct document ids (kg build and kg extract give them)")]
    DuplicateDocument(String),
    /// No part was given to combine.
    #[error("no part to combine")]
    NoParts,
    /// Parts of different splits.
    #[error("part {index}/{count} does not belong with parts of {expected}")]
    MixedCounts {
        /// I of the odd part.
        index: u32,
        /// N of the odd part.
        count: u32,
        /// N of the first part.
        expected: u32,
    },
    /// A part given twice.
    #[error("part {0} is given twice")]
    Repeated(u32),
    /// A part missing.
    #[error("part {index}/{count} is missing")]
    Missing {
        /// The missing I.
        index: u32,
        /// N.
        count: u32,
    },
    /// Two parts hold the same node: not parts of one split of one merge.
    #[error("`{0}` is in two parts")]
    Overlap(String),
    /// An edge names a node no part holds.
    #[error("an edge refers to `{0}`, which no part holds")]
    Dangling(String),
}

/// The part (0-based) of a key among `count`.
fn part_of(key: &str, count: u32) -> u32 {
    (fnv1a(key) % u64::from(count.max(1))) as u32
}

/// The part (0-based) that owns entity `id`.
pub fn entity_part(id: &str, count: u32) -> u32 {
    part_of(&format!("e:{id}"), count)
}

/// The part (0-based) that owns the statements of `speaker`.
pub fn speaker_part(speaker: &str, count: u32) -> u32 {
    part_of(&format!("s:{speaker}"), count)
}

/// The part (0-based) that owns the events of type family `family`.
pub fn family_part(family: &str, count: u32) -> u32 {
    part_of(&format!("v:{family}"), count)
}

/// The part (0-based) that owns the node of document `id`.
pub fn document_part(id: &str, count: u32) -> u32 {
    part_of(&format!("d:{id}"), count)
}

/// An edge between two nodes named by key (`e:id`, `s:key`, `v:key`, `d:id`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyedEdge {
    /// Key of the source node.
    pub from: String,
    /// Key of the target node.
    pub to: String,
    /// The edge.
    pub edge: Edge,
}

/// One part of a merge: finished nodes of its keys, the edges it owns, and the schema edges
/// it proposes. Saved as JSON with `format` and `version`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Always [`PART_FORMAT`].
    pub format: String,
    /// Always [`PART_VERSION`].
    pub version: u32,
    /// I, 1-based.
    pub part: u32,
    /// N.
    pub parts: u32,
    /// Entity nodes, sorted by id.
    pub entities: Vec<EntityNode>,
    /// Statement nodes, sorted by key.
    pub statements: Vec<StatementNode>,
    /// Event nodes, sorted by key.
    pub events: Vec<EventNode>,
    /// Document nodes, sorted by id.
    pub documents: Vec<DocumentNode>,
    /// Edges owned here, sorted as the graph sorts them.
    pub edges: Vec<KeyedEdge>,
    /// `holds_role` and `part_of` edges from this part's entities, in the order the
    /// one-process merge draws them, kept by [`combine`] when their target is present.
    pub candidates: Vec<KeyedEdge>,
    /// Names of the states of this part's entities.
    pub state_names: BTreeMap<EntityId, String>,
}

/// Builds part `index` (1-based) of `count` from every document's facts, given one at a
/// time in any order.
#[derive(Debug)]
pub struct PartBuilder {
    index: u32,
    count: u32,
    builder: Builder,
    /// Entities of this part that some fact refers to.
    present: BTreeSet<EntityId>,
    /// The first provisional definition of each entity of this part, by document order.
    provisional: BTreeMap<EntityId, (String, Entity)>,
    seen: HashSet<String>,
}

impl PartBuilder {
    /// Part `index` of `count` (1-based, `1 <= index <= count`).
    pub fn new(index: u32, count: u32) -> Result<PartBuilder, PartError> {
        if count == 0 || index == 0 || index > count {
            return Err(PartError::BadPart { index, count });
        }
        Ok(PartBuilder {
            index,
            count,
            builder: Builder::new(),
            present: BTreeSet::new(),
            provisional: BTreeMap::new(),
            seen: HashSet::new(),
        })
    }

    fn mine(&self, part: u32) -> bool {
        part == self.index - 1
    }

    /// Takes one document's facts, keeping what belongs to this part.
    pub fn add(&mut self, schema: &Schema, f: DocFacts) -> Result<(), PartError> {
        if !self.seen.insert(f.doc.id.clone()) {
            return Err(PartError::DuplicateDocument(f.doc.id));
        }
        let n = self.count;
        let DocFacts {
            mut doc,
            mentions,
            provisional,
            statements,
            events,
            diagnostics: _,
        } = f;
        // Every reference to an entity of this part makes it present, whoever merges the fact.
        let refs = mentions
            .iter()
            .map(|m| &m.entity)
            .chain(statements.iter().flat_map(|s| {
                std::iter::once(&s.speaker)
                    .chain(s.about.iter())
                    .chain(s.relay.iter())
            }))
            .chain(
                events
                    .iter()
                    .flat_map(|e| e.place.iter().chain(e.participants.iter())),
            );
        for id in refs {
            if entity_part(id.as_str(), n) == self.index - 1 && !self.present.contains(id) {
                self.present.insert(id.clone());
            }
        }
        for p in &provisional {
            if !self.mine(entity_part(p.id.as_str(), n)) || schema.entity(&p.id).is_some() {
                continue;
            }
            let earlier = self
                .provisional
                .get(&p.id)
                .is_some_and(|(d, _)| *d <= doc.id);
            if !earlier {
                self.provisional
                    .insert(p.id.clone(), (doc.id.clone(), p.clone()));
            }
        }
        let mentions: Vec<_> = mentions
            .into_iter()
            .filter(|m| self.mine(entity_part(m.entity.as_str(), n)))
            .collect();
        let statements: Vec<_> = statements
            .into_iter()
            .filter(|s| self.mine(speaker_part(s.speaker.as_str(), n)))
            .collect();
        let events: Vec<_> = events
            .into_iter()
            .filter(|e| self.mine(family_part(schema.event_family(&e.event_type), n)))
            .collect();
        let provisional: Vec<_> = provisional
            .into_iter()
            .filter(|p| self.mine(entity_part(p.id.as_str(), n)))
            .collect();
        if mentions.is_empty() && statements.is_empty() && events.is_empty() {
            // Only the document node is wanted: its line table is not.
            doc.line_starts = Vec::new();
        }
        self.builder.add_doc(
            schema,
            DocFacts {
                doc,
                mentions,
                provisional,
                statements,
                events,
                diagnostics: Vec::new(),
            },
        );
        Ok(())
    }

    /// Merges what this part holds into its [`Part`].
    pub fn finish(self, schema: &Schema) -> Part {
        self.finish_compact(schema).into_part()
    }

    /// Merges what this part holds into a [`CompactPart`]: the same part, saved byte for
    /// byte as the [`Part`] of [`PartBuilder::finish`], in a fraction of the memory.
    pub fn finish_compact(self, schema: &Schema) -> CompactPart {
        let PartBuilder {
            index,
            count,
            builder,
            present,
            provisional,
            seen: _,
        } = self;
        let g = builder.finish_compact(schema);
        let mine = |p: u32| p == index - 1;
        let mut entities: BTreeMap<EntityId, PartEntity> = BTreeMap::new();
        for (n, e) in g.entities.iter().enumerate() {
            if mine(entity_part(e.id.as_str(), count)) {
                entities.insert(e.id.clone(), PartEntity::Node(n));
            }
        }
        // Entities only other parts' facts refer to: no mention here, so no node yet.
        for id in &present {
            if !entities.contains_key(id) {
                let def = provisional.get(id).map(|(_, e)| e);
                let node = entity_node(schema, id, def, Vec::new());
                entities.insert(id.clone(), PartEntity::Made(Box::new(node)));
            }
        }
        // The schema edges of this part's entities, drawn as the one-process merge draws them.
        let mut candidates = Vec::new();
        let mut state_names = BTreeMap::new();
        for pe in entities.values() {
            let e = match pe {
                PartEntity::Node(n) => &g.entities[*n],
                PartEntity::Made(e) => e,
            };
            for r in &e.roles {
                if let Some(of) = r.of.as_ref().filter(|of| **of != e.id) {
                    let mut edge = Edge::new(EdgeKind::HoldsRole);
                    edge.set_label(r.title.as_str());
                    edge.first = r.from;
                    edge.last = r.until;
                    candidates.push(KeyedEdge {
                        from: format!("e:{}", e.id),
                        to: format!("e:{of}"),
                        edge,
                    });
                }
            }
            let def = schema
                .entity(&e.id)
                .or_else(|| provisional.get(&e.id).map(|(_, d)| d));
            if let Some(def) = def {
                for p in def.part_of.iter().filter(|p| **p != e.id) {
                    candidates.push(KeyedEdge {
                        from: format!("e:{}", e.id),
                        to: format!("e:{p}"),
                        edge: Edge::new(EdgeKind::PartOf),
                    });
                }
            }
            for st in &e.states {
                let name = schema
                    .entity(st)
                    .or_else(|| provisional.get(st).map(|(_, d)| d))
                    .map(|s| s.name.clone());
                if let Some(name) = name {
                    state_names.insert(st.clone(), name);
                }
            }
        }
        CompactPart {
            index,
            count,
            graph: g,
            entities,
            candidates,
            state_names,
        }
    }
}

/// An entity of a part: a node of the part's graph, by number, or one made for an entity that
/// only other parts' facts refer to.
#[derive(Debug)]
enum PartEntity {
    Node(usize),
    Made(Box<EntityNode>),
}

/// A part merged, held compactly ([`PartBuilder::finish_compact`]): it saves the [`Part`]
/// that [`PartBuilder::finish`] gives, byte for byte, node by node and edge by edge from the
/// merged records, without holding the part's nodes and keyed edges.
#[derive(Debug)]
pub struct CompactPart {
    index: u32,
    count: u32,
    graph: Compact,
    /// This part's entities, by id.
    entities: BTreeMap<EntityId, PartEntity>,
    candidates: Vec<KeyedEdge>,
    state_names: BTreeMap<EntityId, String>,
}

impl CompactPart {
    fn entity(&self, pe: &PartEntity) -> EntityNode {
        match pe {
            PartEntity::Node(n) => self.graph.entity_node(*n),
            PartEntity::Made(e) => (**e).clone(),
        }
    }

    /// The part's documents: those of its keys among the graph's.
    fn documents(&self) -> impl Iterator<Item = &DocumentNode> {
        let (index, count) = (self.index, self.count);
        self.graph
            .documents
            .iter()
            .filter(move |d| document_part(&d.id, count) == index - 1)
    }

    /// Calls `f` with each edge this part owns (every edge of its graph but the schema's,
    /// which are candidates), in graph order.
    fn each_edge<E>(&self, mut f: impl FnMut(KeyedEdge) -> Result<(), E>) -> Result<(), E> {
        let g = &self.graph;
        g.each_edge(|from, to, edge| {
            if matches!(edge.kind, EdgeKind::HoldsRole | EdgeKind::PartOf) {
                return Ok(());
            }
            f(KeyedEdge {
                from: g.node_key(from),
                to: g.node_key(to),
                edge,
            })
        })
    }

    /// Counts of entities, statements, events, documents and edges (candidates included),
    /// as the [`Part`] holds them.
    pub fn counts(&self) -> [usize; 5] {
        let mut edges = 0;
        let _ = self.each_edge(|_| {
            edges += 1;
            Ok::<(), ()>(())
        });
        [
            self.entities.len(),
            self.graph.groups.len(),
            self.graph.events.events.len(),
            self.documents().count(),
            edges + self.candidates.len(),
        ]
    }

    /// The [`Part`] itself, every node and edge made.
    pub fn into_part(self) -> Part {
        let mut m = Merged::default();
        let mut edges = Vec::new();
        let _ = self.each_edge(|e| {
            edges.push(e);
            Ok::<(), ()>(())
        });
        Part {
            format: PART_FORMAT.to_string(),
            version: PART_VERSION,
            part: self.index,
            parts: self.count,
            entities: self.entities.values().map(|pe| self.entity(pe)).collect(),
            statements: (0..self.graph.groups.len())
                .map(|g| self.graph.statement_node(g, &mut m))
                .collect(),
            events: (0..self.graph.events.events.len())
                .map(|v| self.graph.event_node(v))
                .collect(),
            documents: self.documents().cloned().collect(),
            edges,
            candidates: self.candidates,
            state_names: self.state_names,
        }
    }
}

impl Serialize for CompactPart {
    /// What the [`Part`] writes, field by field (see [`PartBuilder::finish`]).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeSeq, SerializeStruct};

        /// A list written item by item from a function that calls back with each.
        struct Each<F, T>(F, std::marker::PhantomData<T>);
        impl<F, T> Serialize for Each<F, T>
        where
            F: Fn(&mut dyn FnMut(&T) -> Result<(), String>) -> Result<(), String>,
            T: Serialize,
        {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(None)?;
                let mut failed = None;
                let _ = (self.0)(&mut |item: &T| match seq.serialize_element(item) {
                    Ok(()) => Ok(()),
                    Err(e) => {
                        failed = Some(e);
                        Err(String::new())
                    }
                });
                if let Some(e) = failed {
                    return Err(e);
                }
                seq.end()
            }
        }

        let g = &self.graph;
        let mut st = s.serialize_struct("Part", 11)?;
        st.serialize_field("format", PART_FORMAT)?;
        st.serialize_field("version", &PART_VERSION)?;
        st.serialize_field("part", &self.index)?;
        st.serialize_field("parts", &self.count)?;
        st.serialize_field(
            "entities",
            &Each(
                |f: &mut dyn FnMut(&EntityNode) -> Result<(), String>| {
                    self.entities
                        .values()
                        .try_for_each(|pe| f(&self.entity(pe)))
                },
                std::marker::PhantomData,
            ),
        )?;
        st.serialize_field(
            "statements",
            &Each(
                |f: &mut dyn FnMut(&StatementNode) -> Result<(), String>| {
                    let mut m = Merged::default();
                    (0..g.groups.len()).try_for_each(|i| f(&g.statement_node(i, &mut m)))
                },
                std::marker::PhantomData,
            ),
        )?;
        st.serialize_field(
            "events",
            &Each(
                |f: &mut dyn FnMut(&EventNode) -> Result<(), String>| {
                    (0..g.events.events.len()).try_for_each(|v| f(&g.event_node(v)))
                },
                std::marker::PhantomData,
            ),
        )?;
        st.serialize_field(
            "documents",
            &Each(
                |f: &mut dyn FnMut(&DocumentNode) -> Result<(), String>| {
                    self.documents().try_for_each(&mut *f)
                },
                std::marker::PhantomData,
            ),
        )?;
        st.serialize_field(
            "edges",
            &Each(
                |f: &mut dyn FnMut(&KeyedEdge) -> Result<(), String>| self.each_edge(|e| f(&e)),
                std::marker::PhantomData,
            ),
        )?;
        st.serialize_field("candidates", &self.candidates)?;
        st.serialize_field("state_names", &self.state_names)?;
        st.end()
    }
}

/// The position of `key` among the nodes: entities, statements, events, documents (the order
/// in which the graph holds them), each list sorted by key.
struct Nodes<'a> {
    entities: &'a [EntityNode],
    statements: &'a [StatementNode],
    events: &'a [EventNode],
    documents: &'a [DocumentNode],
}

impl Nodes<'_> {
    fn index(&self, key: &str) -> Option<u32> {
        let (ne, ns, nv) = (
            self.entities.len(),
            self.statements.len(),
            self.events.len(),
        );
        let (prefix, id) = key.split_at_checked(2)?;
        let i = match prefix {
            "e:" => self
                .entities
                .binary_search_by(|e| e.id.as_str().cmp(id))
                .ok()?,
            "s:" => {
                ne + self
                    .statements
                    .binary_search_by(|s| (*s.key).cmp(id))
                    .ok()?
            }
            "v:" => ne + ns + self.events.binary_search_by(|v| (*v.key).cmp(id)).ok()?,
            "d:" => {
                ne + ns
                    + nv
                    + self
                        .documents
                        .binary_search_by(|d| d.id.as_str().cmp(id))
                        .ok()?
            }
            _ => return None,
        };
        u32::try_from(i).ok()
    }
}

/// Puts the parts of one split together: the graph [`KnowledgeGraph::build`] makes from the
/// same facts. Every part `1..=N` must be given once, in any order.
pub fn combine(parts: Vec<Part>) -> Result<KnowledgeGraph, PartError> {
    let count = parts.first().ok_or(PartError::NoParts)?.parts;
    let mut have = BTreeSet::new();
    for p in &parts {
        if p.parts != count {
            return Err(PartError::MixedCounts {
                index: p.part,
                count: p.parts,
                expected: count,
            });
        }
        if p.part == 0 || p.part > count {
            return Err(PartError::BadPart {
                index: p.part,
                count: p.parts,
            });
        }
        if !have.insert(p.part) {
            return Err(PartError::Repeated(p.part));
        }
    }
    if let Some(index) = (1..=count).find(|i| !have.contains(i)) {
        return Err(PartError::Missing { index, count });
    }
    let mut parts = parts;
    parts.sort_by_key(|p| p.part);
    let (mut entities, mut statements, mut events, mut documents) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut state_names = BTreeMap::new();
    let mut owned: Vec<KeyedEdge> = Vec::new();
    let mut candidates: Vec<KeyedEdge> = Vec::new();
    for p in parts {
        entities.extend(p.entities);
        statements.extend(p.statements);
        events.extend(p.events);
        documents.extend(p.documents);
        owned.extend(p.edges);
        candidates.extend(p.candidates);
        state_names.extend(p.state_names);
    }
    entities.sort_by(|a, b| a.id.cmp(&b.id));
    statements.sort_by(|a, b| a.key.cmp(&b.key));
    events.sort_by(|a, b| a.key.cmp(&b.key));
    documents.sort_by(|a, b| a.id.cmp(&b.id));
    // Keys are distinct across the parts of one split: a repeated one means mixed splits.
    if let Some(w) = entities.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(PartError::Overlap(format!("e:{}", w[0].id)));
    }
    if let Some(w) = statements.windows(2).find(|w| w[0].key == w[1].key) {
        return Err(PartError::Overlap(format!("s:{}", w[0].key)));
    }
    if let Some(w) = events.windows(2).find(|w| w[0].key == w[1].key) {
        return Err(PartError::Overlap(format!("v:{}", w[0].key)));
    }
    if let Some(w) = documents.windows(2).find(|w| w[0].id == w[1].id) {
        return Err(PartError::Overlap(format!("d:{}", w[0].id)));
    }
    let nodes = Nodes {
        entities: &entities,
        statements: &statements,
        events: &events,
        documents: &documents,
    };
    // Resolved to node indexes, owned edges first (each already distinct), then the
    // candidates whose target is present, in their drawing order.
    let mut edges: Vec<(u32, u32, usize, KeyedEdge)> = Vec::with_capacity(owned.len());
    let resolve = |e: &KeyedEdge| -> Result<(u32, u32), PartError> {
        let a = nodes
            .index(&e.from)
            .ok_or_else(|| PartError::Dangling(e.from.clone()))?;
        let b = nodes
            .index(&e.to)
            .ok_or_else(|| PartError::Dangling(e.to.clone()))?;
        Ok((a, b))
    };
    for e in owned {
        let (a, b) = resolve(&e)?;
        let n = edges.len();
        edges.push((a, b, n, e));
    }
    for e in candidates {
        if nodes.index(&e.to).is_none() {
            continue;
        }
        let (a, b) = resolve(&e)?;
        let n = edges.len();
        edges.push((a, b, n, e));
    }
    // The order of the one-process merge: kind, source key, target key, role title; among
    // equal ones the last drawn is kept.
    edges.sort_by(|x, y| {
        (x.3.edge.kind, &x.3.from, &x.3.to, x.3.edge.label(), x.2).cmp(&(
            y.3.edge.kind,
            &y.3.from,
            &y.3.to,
            y.3.edge.label(),
            y.2,
        ))
    });
    edges.dedup_by(|later, earlier| {
        let same = (later.3.edge.kind, later.0, later.1, later.3.edge.label())
            == (
                earlier.3.edge.kind,
                earlier.0,
                earlier.1,
                earlier.3.edge.label(),
            );
        if same {
            std::mem::swap(later, earlier);
        }
        same
    });
    let (ne, ns, nv, nd) = (
        entities.len(),
        statements.len(),
        events.len(),
        documents.len(),
    );
    let mut g = KnowledgeGraph::new();
    g.state_names = state_names;
    g.graph.reserve_exact_nodes(ne + ns + nv + nd);
    for e in entities {
        g.graph.add_node(Node::Entity(Box::new(e)));
    }
    for s in statements {
        g.graph.add_node(Node::Statement(s));
    }
    for v in events {
        g.graph.add_node(Node::Event(v));
    }
    for d in documents {
        g.graph.add_node(Node::Document(d));
    }
    let n = ne + ns + nv + nd;
    let by_key = (ne + ns + nv..n).chain(0..ne + ns + nv);
    g.set_sorted_index(by_key.map(NodeIx::new).collect());
    g.graph.reserve_exact_edges(edges.len());
    for (a, b, _, e) in edges {
        g.add_edge(NodeIx::new(a as usize), NodeIx::new(b as usize), e.edge);
    }
    Ok(g)
}

/// Merges `facts` in `count` parts and combines them (what `kg merge --part` on each part and
/// `kg merge --combine` do), for tests.
pub fn merge_in_parts(
    schema: &Schema,
    facts: &[DocFacts],
    count: u32,
) -> Result<KnowledgeGraph, PartError> {
    let mut parts = Vec::new();
    for i in 1..=count {
        let mut b = PartBuilder::new(i, count)?;
        for f in facts {
            b.add(schema, f.clone())?;
        }
        parts.push(b.finish(schema));
    }
    combine(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Span;
    use crate::extract::{Mention, MentionKind};
    use crate::graph::fixture;
    use crate::schema::Role;
    use proptest::prelude::*;

    /// Entities facts may name: the fixture schema's, two it lacks, two provisional ones.
    const ENTITIES: [&str; 12] = [
        "antony_blinken",
        "sergei_lavrov",
        "russian_foreign_ministry",
        "united_states",
        "russia",
        "ukraine",
        "nato",
        "geneva",
        "switzerland",
        "stray_one",
        "dmytro_kuleba",
        "jane_roe",
    ];
    const TEXTS: [&str; 5] = [
        "NATO must stop its expansion to the east.",
        "\u{201c}NATO must stop its expansion to the East\u{201d}",
        "We will not allow anyone to slam NATO's door shut",
        "Ukraine's future is for Ukraine to decide",
        "the talks will go on in Geneva next week",
    ];
    const DATES: [Option<&str>; 5] = [
        None,
        Some("2022-01-10"),
        Some("2022-01-11"),
        Some("2022-01-14"),
        Some("2022-02-01"),
    ];
    const TYPES: [&str; 3] = ["talks", "meeting", "session"];
    const PLACES: [Option<&str>; 3] = [None, Some("geneva"), Some("switzerland")];

    fn eid(i: usize) -> &'static str {
        ENTITIES[i % ENTITIES.len()]
    }

    fn provisional(i: usize) -> Entity {
        let mut e = fixture::entity(
            eid(10 + i % 2),
            "person",
            if i % 2 == 0 {
                "Dmytro Kuleba"
            } else {
                "Jane Roe"
            },
        );
        e.provisional = true;
        // Definitions differ between documents: the first by document id must win.
        if i % 3 != 2 {
            e.part_of = vec![EntityId::slug_of(eid(5 + i % 3))];
        }
        e.roles = vec![Role {
            title: if i % 2 == 0 {
                "Foreign Minister".into()
            } else {
                "Analyst".into()
            },
            of: Some(EntityId::slug_of(eid(3 + i % 4))),
            from: None,
            until: None,
        }];
        e
    }

    /// One document's facts from a random description.
    #[allow(clippy::type_complexity, reason = "a proptest description")]
    fn doc(
        n: usize,
        mentions: &[usize],
        statements: &[(usize, usize, Vec<usize>, Option<usize>, usize)],
        events: &[(usize, usize, usize, Vec<usize>)],
        provisional_defs: &[usize],
    ) -> DocFacts {
        let mut f = fixture::facts()[n % 3].clone();
        f.doc.id = format!("doc_{:02}", n);
        f.doc.date = DATES[n % DATES.len()].and_then(|d| d.parse().ok());
        f.mentions = mentions
            .iter()
            .enumerate()
            .map(|(k, &e)| Mention {
                entity: EntityId::slug_of(eid(e)),
                span: Span::new(k * 10, k * 10 + 5),
                kind: MentionKind::Name,
                nested: false,
            })
            .collect();
        f.statements = statements
            .iter()
            .enumerate()
            .map(|(k, (sp, t, about, relay, d))| {
                let about: Vec<&str> = about.iter().map(|&a| eid(a)).collect();
                let mut s = fixture::statement(
                    eid(*sp),
                    ["assert", "warn", "demand", "deny"][k % 4],
                    TEXTS[t % TEXTS.len()],
                    &about,
                    1000 + k * 200,
                    DATES[d % DATES.len()].unwrap_or(""),
                );
                s.relay = relay.map(|r| EntityId::slug_of(eid(r)));
                s
            })
            .collect();
        f.events = events
            .iter()
            .enumerate()
            .map(|(k, (t, d, p, who))| {
                let who: Vec<&str> = who.iter().map(|&w| eid(w)).collect();
                fixture::event(
                    TYPES[t % TYPES.len()],
                    DATES[d % DATES.len()],
                    PLACES[p % PLACES.len()],
                    &who,
                    5000 + k * 100,
                )
            })
            .collect();
        f.provisional = provisional_defs.iter().map(|&i| provisional(i)).collect();
        f
    }

    fn saved(g: &KnowledgeGraph) -> String {
        String::from_utf8(g.save().expect("save")).expect("utf-8")
    }

    #[test]
    fn parts_of_the_fixture_combine_into_the_whole_graph() {
        let schema = fixture::schema();
        let facts = fixture::facts();
        let whole = saved(&KnowledgeGraph::build(&schema, facts.clone()));
        for n in 1..=5 {
            let g = merge_in_parts(&schema, &facts, n).expect("parts");
            assert_eq!(saved(&g), whole, "{n} parts");
        }
    }

    #[test]
    fn keys_are_spread_by_a_stable_hash() {
        // FNV-1a of the prefixed key: the same numbers on every machine and run.
        assert_eq!(entity_part("nato", 4), (fnv1a("e:nato") % 4) as u32);
        assert_eq!(fnv1a(""), 0xcbf2_9ce4_8422_2325);
        let spread: BTreeSet<u32> = ENTITIES.iter().map(|e| entity_part(e, 3)).collect();
        assert_eq!(spread.len(), 3, "twelve ids reach every one of three parts");
        assert_eq!(family_part("talks", 1), 0);
    }

    #[test]
    fn bad_splits_are_refused_clearly() {
        let schema = fixture::schema();
        assert_eq!(
            PartBuilder::new(0, 2).err(),
            Some(PartError::BadPart { index: 0, count: 2 })
        );
        assert!(PartBuilder::new(3, 2).is_err());
        let part = |i: u32, n: u32| {
            let mut b = PartBuilder::new(i, n).expect("part");
            for f in fixture::facts() {
                b.add(&schema, f).expect("add");
            }
            b.finish(&schema)
        };
        assert_eq!(combine(vec![]).err(), Some(PartError::NoParts));
        assert_eq!(
            combine(vec![part(1, 3), part(3, 3)]).err(),
            Some(PartError::Missing { index: 2, count: 3 })
        );
        assert_eq!(
            combine(vec![part(1, 2), part(1, 2), part(2, 2)]).err(),
            Some(PartError::Repeated(1))
        );
        assert_eq!(
            combine(vec![part(1, 2), part(2, 3)]).err(),
            Some(PartError::MixedCounts {
                index: 2,
                count: 3,
                expected: 2
            })
        );
        let mut b = PartBuilder::new(1, 2).expect("part");
        b.add(&schema, fixture::facts()[0].clone()).expect("add");
        assert_eq!(
            b.add(&schema, fixture::facts()[0].clone()).err(),
            Some(PartError::DuplicateDocument("a_tass".into()))
        );
    }

    #[test]
    fn a_part_holds_only_its_own_keys() {
        let schema = fixture::schema();
        let n = 3;
        for i in 1..=n {
            let mut b = PartBuilder::new(i, n).expect("part");
            for f in fixture::facts() {
                b.add(&schema, f).expect("add");
            }
            let p = b.finish(&schema);
            assert!(p
                .entities
                .iter()
                .all(|e| entity_part(e.id.as_str(), n) == i - 1));
            assert!(p
                .statements
                .iter()
                .all(|s| speaker_part(s.speaker.as_str(), n) == i - 1));
            assert!(p
                .events
                .iter()
                .all(|v| family_part(schema.event_family(&v.event_type), n) == i - 1));
            assert!(p.documents.iter().all(|d| document_part(&d.id, n) == i - 1));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        /// Random facts, split into N parts, each part reading the documents in its own
        /// order, combine into the graph of the one-process merge, byte for byte; each part
        /// saved from its compact form is the part itself, byte for byte.
        #[test]
        fn parts_then_combine_is_the_whole_merge(
            docs in proptest::collection::vec(
                (
                    proptest::collection::vec(0usize..12, 0..5),
                    proptest::collection::vec(
                        (0usize..12, 0usize..5, proptest::collection::vec(0usize..12, 0..3),
                         proptest::option::of(0usize..12), 0usize..5),
                        0..5,
                    ),
                    proptest::collection::vec(
                        (0usize..3, 0usize..5, 0usize..3, proptest::collection::vec(0usize..12, 0..3)),
                        0..3,
                    ),
                    proptest::collection::vec(0usize..6, 0..2),
                ),
                1..8,
            ),
            count in 1u32..6,
            seed in any::<u64>(),
        ) {
            let schema = fixture::schema();
            let facts: Vec<DocFacts> = docs
                .iter()
                .enumerate()
                .map(|(n, (m, s, e, p))| doc(n, m, s, e, p))
                .collect();
            let whole = saved(&KnowledgeGraph::build(&schema, facts.clone()));
            let mut parts = Vec::new();
            for i in 1..=count {
                // Each part reads the documents in another order (a rotation and, for odd
                // seeds, reversed), as files split over machines would give them.
                let mut order: Vec<DocFacts> = facts.clone();
                let len = order.len();
                order.rotate_left((seed as usize + i as usize) % len);
                if (seed >> i) & 1 == 1 {
                    order.reverse();
                }
                let mut b = PartBuilder::new(i, count).expect("part");
                for f in order {
                    b.add(&schema, f).expect("add");
                }
                // Through the file format, as `kg merge --part` writes it: from the compact
                // part, the same bytes as the part itself.
                let compact = b.finish_compact(&schema);
                let json = serde_json::to_string(&compact).expect("part json");
                let part = compact.into_part();
                prop_assert_eq!(&json, &serde_json::to_string(&part).expect("part json"));
                parts.push(serde_json::from_str::<Part>(&json).expect("part back"));
            }
            let np = parts.len();
            parts.rotate_left(seed as usize % np);
            let combined = combine(parts).expect("combine");
            prop_assert_eq!(saved(&combined), whole);
        }
    }
}
