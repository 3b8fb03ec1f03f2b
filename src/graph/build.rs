//! Building the graph from per-document facts: entities merged by id, events by (type family,
//! date, place), statements by (speaker, near-identical content), then the schema edges and the
//! weighted `said_about` projection.
//!
//! Order independence is the invariant here: [`Builder`] keeps one compact record per
//! document keyed by document id (its facts in flat lists, in arrival order, put in document
//! order in place at the end) and resolves everything at [`Builder::finish`], where every
//! merge goes through sorted orders and nodes and edges enter petgraph in sorted key order, so
//! the same set of documents always gives a byte-identical graph. Documents can be added one
//! at a time and their facts dropped (the streaming build of `pipeline`). The work that needs
//! only one document ([`Prepared::new`]: normalizing contents, line numbers, hashing strings)
//! is done apart from the builder, so a caller can run it in parallel; the builder itself only
//! interns strings (entity ids, cues, contents) as small integers and keeps provenance as
//! document indexes until the end.
//! Reading text is `extract`'s job; drawing and querying are `export`'s and `query`'s.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use hashbrown::HashTable;
use rayon::prelude::*;

use crate::diag::Span;
use crate::extract::{DocFacts, EventDateSource, EventMode, StatementKind};
use crate::schema::{Entity, EntityId, Schema};

use super::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, NodeIx, Provenance,
    Shared, StatementNode,
};

/// Statements of one speaker dated further apart than this are never taken for the same one.
const SAME_STATEMENT_DAYS: i64 = 3;
/// Two contents whose word sets overlap this much (Jaccard) are the same statement reported
/// twice (an outlet dropping a word or changing punctuation).
const SAME_STATEMENT_JACCARD: f64 = 0.85;

impl KnowledgeGraph {
    /// Builds the graph of a set of documents.
    ///
    /// Entities present in the graph are every entity a document mentions, a statement speaks
    /// of or by, or an event involves; their data (kind, name, aliases, roles, states) comes
    /// from the schema, or from the documents' provisional entities when the schema lacks
    /// them. `holds_role` and `part_of` edges are drawn only between entities present in the
    /// graph: adding every schema entity would fill diagrams with actors no article mentions.
    ///
    /// The result does not depend on the order of `facts`.
    pub fn build(schema: &Schema, facts: impl IntoIterator<Item = DocFacts>) -> KnowledgeGraph {
        let mut facts: Vec<DocFacts> = facts.into_iter().collect();
        // Sort by id, then by content, so even two documents sharing an id merge the same way
        // (the content is serialized only for such ties, which the corpus normally prevents).
        facts.sort_by(|a, b| {
            a.doc.id.cmp(&b.doc.id).then_with(|| {
                let ja = serde_json::to_string(a).unwrap_or_default();
                let jb = serde_json::to_string(b).unwrap_or_default();
                ja.cmp(&jb)
            })
        });
        let mut b = Builder::new();
        for f in facts {
            b.add_doc(schema, f);
        }
        b.finish(schema)
    }
}

/// A hash for interning only (never written anywhere, so it need not be stable): 8 bytes at a
/// time, multiply-rotate, finished so the high bits hashbrown's control bytes use are mixed.
fn hash_str(s: &str) -> u64 {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let bytes = s.as_bytes();
    let mut h = bytes.len() as u64;
    let mut chunks = bytes.chunks_exact(8);
    let mut word = [0u8; 8];
    for c in &mut chunks {
        word.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        word = [0u8; 8];
        word[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(K);
    }
    (h ^ (h >> 32)).wrapping_mul(K)
}

/// A string with its [`hash_str`], computed where the string is made (in parallel) so the
/// builder only probes its tables.
#[derive(Debug, Clone)]
struct Hashed<T> {
    value: T,
    hash: u64,
}

impl Hashed<String> {
    fn new(value: String) -> Self {
        let hash = hash_str(&value);
        Hashed { value, hash }
    }
}

impl Hashed<EntityId> {
    fn id(value: EntityId) -> Self {
        let hash = hash_str(value.as_str());
        Hashed { value, hash }
    }
}

/// Small integer names for entity ids, so that records hold a `u32` instead of a `String`
/// each. Numbers follow arrival order; [`Interner::ranks`] gives the sorted order that every
/// output follows.
#[derive(Debug, Default)]
struct Interner {
    table: HashTable<u32>,
    hashes: Vec<u64>,
    names: Vec<EntityId>,
}

impl Interner {
    fn take(&mut self, id: Hashed<EntityId>) -> u32 {
        let Interner {
            table,
            hashes,
            names,
        } = self;
        if let Some(&n) = table.find(id.hash, |&n| {
            hashes[n as usize] == id.hash && names[n as usize] == id.value
        }) {
            return n;
        }
        let n = u32::try_from(names.len()).unwrap_or(u32::MAX);
        names.push(id.value);
        hashes.push(id.hash);
        table.insert_unique(id.hash, n, |&m| hashes[m as usize]);
        n
    }

    /// The names sorted, and for each arrival number its position among them.
    fn ranks(self) -> (Vec<EntityId>, Vec<u32>) {
        drop(self.table);
        drop(self.hashes);
        let mut sorted: Vec<(EntityId, u32)> = self.names.into_iter().zip(0..).collect();
        sorted.sort_unstable();
        let mut rank = vec![0u32; sorted.len()];
        for (r, (_, n)) in (0..).zip(&sorted) {
            rank[*n as usize] = r;
        }
        (sorted.into_iter().map(|(id, _)| id).collect(), rank)
    }
}

/// Distinct strings stored once, end to end in one buffer (no allocation per string), named by
/// arrival number. Reprinted statements share their text.
#[derive(Debug, Default)]
struct Pool {
    table: HashTable<u32>,
    hashes: Vec<u64>,
    /// End of each string in `arena` (it starts where the previous one ends).
    ends: Vec<usize>,
    arena: String,
}

impl Pool {
    fn slice<'a>(arena: &'a str, ends: &[usize], n: u32) -> &'a str {
        let n = n as usize;
        let start = if n == 0 { 0 } else { ends[n - 1] };
        &arena[start..ends[n]]
    }

    fn get(&self, n: u32) -> &str {
        Pool::slice(&self.arena, &self.ends, n)
    }

    fn take(&mut self, s: &Hashed<String>) -> u32 {
        let Pool {
            table,
            hashes,
            ends,
            arena,
        } = self;
        let value = s.value.as_str();
        // The full hash is compared before the text: a hit on the table's few hash bits alone
        // would otherwise read a string from anywhere in the arena.
        if let Some(&n) = table.find(s.hash, |&n| {
            hashes[n as usize] == s.hash && Pool::slice(arena, ends, n) == value
        }) {
            return n;
        }
        let n = u32::try_from(ends.len()).unwrap_or(u32::MAX);
        arena.push_str(value);
        ends.push(arena.len());
        hashes.push(s.hash);
        table.insert_unique(s.hash, n, |&m| hashes[m as usize]);
        n
    }

    /// The strings in sorted order, and for each string number its position among them
    /// (equal strings are one string here, so comparing positions is comparing strings).
    fn sorted(&self) -> (Vec<&str>, Vec<u32>) {
        let mut order: Vec<u32> = (0..u32::try_from(self.ends.len()).unwrap_or(u32::MAX)).collect();
        order.sort_unstable_by(|&a, &b| self.get(a).cmp(self.get(b)));
        let mut rank = vec![0u32; order.len()];
        for (r, &n) in (0..).zip(&order) {
            rank[n as usize] = r;
        }
        (order.into_iter().map(|n| self.get(n)).collect(), rank)
    }

    /// Every string as a [`Shared`] one, by number (for a small vocabulary, whose strings
    /// many nodes and edges hold).
    fn shared(&self) -> Vec<Shared> {
        (0..u32::try_from(self.ends.len()).unwrap_or(u32::MAX))
            .map(|n| Shared::from(self.get(n)))
            .collect()
    }

    /// Forgets the lookup table once no more strings come (the strings stay readable).
    fn seal(&mut self) {
        self.table = HashTable::new();
        self.hashes = Vec::new();
    }
}

/// Where a fact was read, before document ids are materialized: the document's position
/// among the sorted distinct ids, then the span and line. Compares like [`Provenance`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Source {
    doc: u32,
    span: Span,
    line: u32,
}

/// A statement of one document, prepared: its content normalized, strings hashed.
#[derive(Debug)]
struct PreparedStatement {
    speaker: Hashed<EntityId>,
    kind: StatementKind,
    cue: Hashed<String>,
    act: Hashed<String>,
    text: Hashed<String>,
    norm: Hashed<String>,
    about: Vec<Hashed<EntityId>>,
    relay: Option<Hashed<EntityId>>,
    date: Option<NaiveDate>,
    span: Span,
    line: u32,
}

/// An event of one document, prepared.
#[derive(Debug)]
struct PreparedEvent {
    event_type: Hashed<String>,
    family: Hashed<String>,
    date: Option<NaiveDate>,
    date_source: EventDateSource,
    place: Option<Hashed<EntityId>>,
    participants: Vec<Hashed<EntityId>>,
    mode: EventMode,
    text: Hashed<String>,
    span: Span,
    line: u32,
}

/// What the graph needs of one document's facts, computed from that document alone (no mention
/// kinds, sentence spans or diagnostics; contents normalized, lines resolved, strings hashed),
/// so that it can be made in parallel before [`Builder::add_prepared`] takes it.
#[derive(Debug)]
pub struct Prepared {
    node: DocumentNode,
    mentions: Vec<(Hashed<EntityId>, Span, u32)>,
    provisional: Vec<Entity>,
    statements: Vec<PreparedStatement>,
    events: Vec<PreparedEvent>,
}

impl Prepared {
    /// Prepares the facts of one document for [`Builder::add_prepared`]. Its diagnostics are
    /// dropped: take them out first when they are wanted.
    pub fn new(schema: &Schema, f: DocFacts) -> Prepared {
        let DocFacts {
            doc,
            mentions,
            provisional,
            statements,
            events,
            diagnostics: _,
        } = f;
        let mentions = mentions
            .into_iter()
            .map(|m| (Hashed::id(m.entity), m.span, doc.line_of(m.span.start)))
            .collect();
        let provisional = provisional
            .into_iter()
            .filter(|p| schema.entity(&p.id).is_none())
            .collect();
        let statements = statements
            .into_iter()
            .map(|s| PreparedStatement {
                speaker: Hashed::id(s.speaker),
                kind: s.kind,
                norm: Hashed::new(normalize(&s.text)),
                cue: Hashed::new(s.cue),
                act: Hashed::new(s.act),
                text: Hashed::new(s.text),
                about: s.about.into_iter().map(Hashed::id).collect(),
                relay: s.relay.map(Hashed::id),
                date: s.date,
                span: s.span,
                line: doc.line_of(s.span.start),
            })
            .collect();
        let events = events
            .into_iter()
            .map(|e| PreparedEvent {
                family: Hashed::new(schema.event_family(&e.event_type).to_string()),
                event_type: Hashed::new(e.event_type),
                date: e.date,
                date_source: e.date_source,
                place: e.place.map(Hashed::id),
                participants: e.participants.into_iter().map(Hashed::id).collect(),
                mode: e.mode,
                text: Hashed::new(e.text),
                span: e.span,
                line: doc.line_of(e.span.start),
            })
            .collect();
        Prepared {
            node: DocumentNode {
                id: doc.id,
                title: doc.title,
                date: doc.date,
                outlet: doc.outlet,
                url: doc.url,
            },
            mentions,
            provisional,
            statements,
            events,
        }
    }
}

/// One statement as read in one document, before merging. Entity numbers are the interner's
/// (arrival order) until [`Builder::finish`] turns them into ranks (sorted order); strings are
/// numbers of the builder's pools.
#[derive(Debug, Clone)]
struct RawStatement {
    speaker: u32,
    kind: StatementKind,
    cue: u32,
    act: u32,
    text: u32,
    /// The normalized content: a pool number until `finish`, then its rank (sorted order).
    norm: u32,
    about: Box<[u32]>,
    relay: Option<u32>,
    date: Option<NaiveDate>,
    source: Source,
}

/// One event as read in one document, before merging.
#[derive(Debug, Clone)]
struct RawEvent {
    event_type: u32,
    family: u32,
    date: Option<NaiveDate>,
    date_source: EventDateSource,
    place: Option<u32>,
    participants: Box<[u32]>,
    mode: EventMode,
    text: u32,
    source: Source,
}

/// What the builder keeps of one document besides its facts (which go to the builder's
/// flat lists, in arrival order).
#[derive(Debug)]
struct DocRecord {
    /// The document's arrival number: its facts are run `arrival` of each flat list.
    arrival: u32,
    node: DocumentNode,
    /// Provisional entities the schema lacks (the others are never looked at).
    provisional: Vec<Entity>,
}

/// Builds a graph one document at a time: [`Builder::add_doc`] (or [`Builder::add_prepared`])
/// keeps a compact record of each document, [`Builder::finish`] merges them all.
///
/// Documents with distinct ids may be added in any order and give the same graph. Documents
/// sharing an id are taken in the order they are added ([`KnowledgeGraph::build`] sorts them
/// by content first); `corpus::Corpus::stream` never yields two with the same id.
#[derive(Debug, Default)]
pub struct Builder {
    entities: Interner,
    /// Cues, acts, event types and families: a small vocabulary.
    words: Pool,
    /// Statement and event texts.
    texts: Pool,
    /// Normalized statement contents.
    norms: Pool,
    /// Records by document id, in arrival order for a shared id.
    docs: BTreeMap<String, Vec<DocRecord>>,
    /// (entity, source) of every mention, the source's document its arrival number until
    /// `finish`.
    mentions: Vec<(u32, Source)>,
    /// Every statement, in arrival order: one list for all documents, so that `finish`
    /// reorders it in place instead of copying every document's records into one.
    statements: Vec<RawStatement>,
    /// Where each arrival number's statements start in `statements`.
    statement_starts: Vec<usize>,
    /// Every event, in arrival order, as the statements.
    events: Vec<RawEvent>,
    /// Where each arrival number's events start in `events`.
    event_starts: Vec<usize>,
}

/// A statement group after merging, before its node is made.
#[derive(Debug)]
struct MergedStatement {
    key: Box<str>,
    speaker: u32,
    kind: StatementKind,
    cue: u32,
    act: u32,
    /// Copied out of the text pool as groups are made, so the pool can go before the graph
    /// fills.
    text: Box<str>,
    about: Box<[u32]>,
    relays: Box<[u32]>,
    date: Option<NaiveDate>,
    /// Sorted and distinct.
    sources: Box<[Source]>,
}

/// An event group after merging, before its node is made.
#[derive(Debug)]
struct MergedEvent {
    key: Box<str>,
    event_type: u32,
    date: Option<NaiveDate>,
    date_source: EventDateSource,
    place: Option<u32>,
    participants: Box<[u32]>,
    mode: EventMode,
    /// Copied out of the text pool, as a statement's.
    text: Box<str>,
    /// Sorted and distinct.
    sources: Box<[Source]>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Number of documents added.
    pub fn documents(&self) -> usize {
        self.statement_starts.len()
    }

    /// Adds the facts of one document, keeping only what the graph needs.
    pub fn add_doc(&mut self, schema: &Schema, f: DocFacts) {
        self.add_prepared(Prepared::new(schema, f));
    }

    /// Adds one document prepared by [`Prepared::new`]: the same as [`Builder::add_doc`] on
    /// its facts.
    pub fn add_prepared(&mut self, p: Prepared) {
        let Builder {
            entities: ents,
            words,
            texts,
            norms,
            docs,
            mentions,
            statements,
            statement_starts,
            events,
            event_starts,
        } = self;
        // The document's arrival number stands for it until `finish`, when all ids are known.
        let arrival = u32::try_from(statement_starts.len()).unwrap_or(u32::MAX);
        let src = |span: Span, line: u32| Source {
            doc: arrival,
            span,
            line,
        };
        mentions.extend(
            p.mentions
                .into_iter()
                .map(|(e, span, line)| (ents.take(e), src(span, line))),
        );
        statement_starts.push(statements.len());
        statements.extend(p.statements.into_iter().map(|s| RawStatement {
            speaker: ents.take(s.speaker),
            kind: s.kind,
            cue: words.take(&s.cue),
            act: words.take(&s.act),
            text: texts.take(&s.text),
            norm: norms.take(&s.norm),
            about: s.about.into_iter().map(|a| ents.take(a)).collect(),
            relay: s.relay.map(|r| ents.take(r)),
            date: s.date,
            source: src(s.span, s.line),
        }));
        event_starts.push(events.len());
        events.extend(p.events.into_iter().map(|e| RawEvent {
            event_type: words.take(&e.event_type),
            family: words.take(&e.family),
            date: e.date,
            date_source: e.date_source,
            place: e.place.map(|p| ents.take(p)),
            participants: e.participants.into_iter().map(|p| ents.take(p)).collect(),
            mode: e.mode,
            text: texts.take(&e.text),
            source: src(e.span, e.line),
        }));
        let record = DocRecord {
            arrival,
            node: p.node,
            provisional: p.provisional,
        };
        match docs.get_mut(&record.node.id) {
            Some(v) => v.push(record),
            None => {
                docs.insert(record.node.id.clone(), vec![record]);
            }
        }
    }

    /// Merges every document added into the graph.
    pub fn finish(self, schema: &Schema) -> KnowledgeGraph {
        let Builder {
            entities,
            mut words,
            mut texts,
            mut norms,
            docs,
            mut mentions,
            statements: mut raw_statements,
            statement_starts,
            events: mut raw_events,
            event_starts,
        } = self;
        words.seal();
        texts.seal();
        norms.seal();
        let (names, rank) = entities.ranks();
        let r = |n: u32| rank[n as usize];
        let (by_rank, norm_rank) = norms.sorted();

        let mut doc_ids: Vec<String> = Vec::with_capacity(docs.len());
        let mut documents: Vec<DocumentNode> = Vec::with_capacity(docs.len());
        let mut provisional: BTreeMap<EntityId, Entity> = BTreeMap::new();
        // For each arrival number, its document's position among the sorted ids; and the
        // arrival numbers in document order (sorted ids, arrival order for a shared id).
        let mut doc_of: Vec<u32> = vec![0; statement_starts.len()];
        let mut order: Vec<u32> = Vec::with_capacity(statement_starts.len());
        for (d, (id, records)) in docs.into_iter().enumerate() {
            let d = u32::try_from(d).unwrap_or(u32::MAX);
            let mut node = None;
            for rec in records {
                doc_of[rec.arrival as usize] = d;
                order.push(rec.arrival);
                // The first record of a shared id describes the document.
                node.get_or_insert(rec.node);
                for p in rec.provisional {
                    // Documents come sorted, so the first definition seen is a deterministic
                    // choice.
                    provisional.entry(p.id.clone()).or_insert(p);
                }
            }
            // Every id in the map has at least one record.
            if let Some(node) = node {
                documents.push(node);
            }
            doc_ids.push(id);
        }
        // Mentions are sorted where they are used: only their numbers change.
        for (e, s) in &mut mentions {
            *e = r(*e);
            s.doc = doc_of[s.doc as usize];
        }
        // Statements and events go in document order, each document's in the order read,
        // as the merges expect (they keep that order among equals).
        reorder(&mut raw_statements, &statement_starts, &order);
        drop(statement_starts);
        for s in &mut raw_statements {
            s.source.doc = doc_of[s.source.doc as usize];
            s.speaker = r(s.speaker);
            s.about.iter_mut().for_each(|a| *a = r(*a));
            s.relay = s.relay.map(r);
            s.norm = norm_rank[s.norm as usize];
        }
        reorder(&mut raw_events, &event_starts, &order);
        drop(event_starts);
        for e in &mut raw_events {
            e.source.doc = doc_of[e.source.doc as usize];
            e.place = e.place.map(r);
            e.participants.iter_mut().for_each(|p| *p = r(*p));
        }
        drop(doc_of);
        drop(order);
        drop(rank);
        drop(norm_rank);
        // One shared string per document for all its provenances.
        let doc_ids: Vec<Shared> = doc_ids.into_iter().map(Shared::from).collect();
        let prov = |s: &Source| Provenance::new(doc_ids[s.doc as usize].clone(), s.span, s.line);
        // Statements, events and entities merge independently: in parallel when there is a
        // rayon pool with more than one thread (each result is the same either way).
        let ((statements, events), entities) = rayon::join(
            || {
                rayon::join(
                    || merge_statements(raw_statements, &names, &by_rank, &texts),
                    || merge_events(raw_events, &names, &doc_ids, &words, &texts),
                )
            },
            || entity_nodes(schema, &names, &provisional, mentions, &prov),
        );
        drop(by_rank);
        drop(norms);
        drop(texts);

        let mut g = KnowledgeGraph::new();
        for st in entities.iter().flat_map(|e| e.states.iter()) {
            if let Some(se) = schema.entity(st).or_else(|| provisional.get(st)) {
                g.state_names.insert(st.clone(), se.name.clone());
            }
        }

        // Nodes enter petgraph as entities, statements, events, documents, each in key order,
        // so their indexes are known before they exist; keys sort as documents ("d:"),
        // entities ("e:"), statements ("s:"), events ("v:"), so is each node's key rank.
        let (n_ent, n_st, n_ev, n_doc) = (
            entities.len(),
            statements.len(),
            events.len(),
            documents.len(),
        );
        let n_nodes = n_ent + n_st + n_ev + n_doc;
        let ix = |e: End| -> u32 {
            let i = match e {
                End::Entity(i) => i,
                End::Statement(i) => n_ent + i,
                End::Event(i) => n_ent + n_st + i,
                End::Document(i) => n_ent + n_st + n_ev + i,
            };
            u32::try_from(i).unwrap_or(u32::MAX)
        };
        // Documents come last among the indexes but first among the keys.
        let key_rank = |ix: u32| -> usize {
            let ix = ix as usize;
            match ix.checked_sub(n_ent + n_st + n_ev) {
                Some(d) => d,
                None => n_doc + ix,
            }
        };

        // Edges as (from index, to index, draw number, edge): no key strings, and the draw
        // number orders edges that would share a key.
        let ent = |id: &EntityId| names.binary_search(id).ok().map(End::Entity);
        let mut edges: Vec<(u32, u32, u32, Edge)> = Vec::new();
        let mut put = |from: Option<End>, to: Option<End>, edge: Edge| {
            if let (Some(f), Some(t)) = (from, to) {
                let n = u32::try_from(edges.len()).unwrap_or(u32::MAX);
                edges.push((ix(f), ix(t), n, edge));
            }
        };
        let e_of = |n: u32| Some(End::Entity(n as usize));
        let docs_of = |sources: &[Source]| {
            let mut d: Vec<u32> = sources.iter().map(|s| s.doc).collect();
            d.dedup();
            d
        };
        for (i, s) in statements.iter().enumerate() {
            let sk = Some(End::Statement(i));
            put(
                e_of(s.speaker),
                sk,
                dated(EdgeKind::Said, s.sources.len(), s.date, s.date),
            );
            for &a in &s.about {
                put(sk, e_of(a), Edge::new(EdgeKind::About));
            }
            for d in docs_of(&s.sources) {
                put(
                    sk,
                    Some(End::Document(d as usize)),
                    Edge::new(EdgeKind::ReportedIn),
                );
            }
        }
        for (i, v) in events.iter().enumerate() {
            let vk = Some(End::Event(i));
            for &p in &v.participants {
                put(
                    e_of(p),
                    vk,
                    dated(EdgeKind::ParticipatedIn, 1, v.date, v.date),
                );
            }
            if let Some(place) = v.place {
                put(vk, e_of(place), dated(EdgeKind::HeldIn, 1, v.date, v.date));
            }
            for d in docs_of(&v.sources) {
                put(
                    vk,
                    Some(End::Document(d as usize)),
                    Edge::new(EdgeKind::ReportedIn),
                );
            }
        }
        for e in &entities {
            for r in &e.roles {
                if let Some(of) =
                    r.of.as_ref()
                        .filter(|of| names.binary_search(of).is_ok() && **of != e.id)
                {
                    let mut edge = Edge::new(EdgeKind::HoldsRole);
                    edge.set_label(r.title.as_str());
                    edge.first = r.from;
                    edge.last = r.until;
                    put(ent(&e.id), ent(of), edge);
                }
            }
            if let Some(se) = schema.entity(&e.id).or_else(|| provisional.get(&e.id)) {
                for p in se
                    .part_of
                    .iter()
                    .filter(|p| names.binary_search(p).is_ok() && **p != e.id)
                {
                    put(ent(&e.id), ent(p), Edge::new(EdgeKind::PartOf));
                }
            }
        }
        // The said_about projection: one edge per (speaker, subject), self-references left out.
        // Entity numbers are ranks: the map iterates in id order. Each act's name is one
        // string shared by every edge and node that has it.
        let shared = words.shared();
        let mut projection: BTreeMap<(u32, u32), Edge> = BTreeMap::new();
        for s in &statements {
            for &a in s.about.iter().filter(|a| **a != s.speaker) {
                let edge = projection.entry((s.speaker, a)).or_insert_with(|| {
                    let mut e = Edge::new(EdgeKind::SaidAbout);
                    e.weight = 0;
                    e
                });
                edge.weight += 1;
                edge.count_act(shared[s.act as usize].clone());
                edge.first = min_date(edge.first, s.date);
                edge.last = max_date(edge.last, s.date);
            }
        }
        for ((from, to), edge) in projection {
            put(e_of(from), e_of(to), edge);
        }
        edges.shrink_to_fit();
        // Edges sort by (kind, from key, to key, role title); among edges with the same key
        // the last drawn wins, as a map insert would. Sorted in place: at this size a second
        // list of sort keys would cost as much as the edges.
        edges.par_sort_unstable_by(|a, b| {
            (a.3.kind, key_rank(a.0), key_rank(a.1), a.3.label(), a.2).cmp(&(
                b.3.kind,
                key_rank(b.0),
                key_rank(b.1),
                b.3.label(),
                b.2,
            ))
        });
        edges.dedup_by(|later, earlier| {
            // `dedup_by` keeps the first of a run: make it the last drawn.
            let same = (later.3.kind, later.0, later.1, later.3.label())
                == (earlier.3.kind, earlier.0, earlier.1, earlier.3.label());
            if same {
                std::mem::swap(later, earlier);
            }
            same
        });

        // Nodes, made from the merged records and moved into the graph a slice at a time
        // (the node structs of a slice are made in parallel: string copies, provenance), so
        // that no second list of every node is held.
        g.graph.reserve_exact_nodes(n_nodes);
        for e in entities {
            g.graph.add_node(Node::Entity(Box::new(e)));
        }
        let name = |n: u32| names[n as usize].clone();
        add_nodes(&mut g, statements, |s| {
            Node::Statement(StatementNode {
                speaker: name(s.speaker),
                kind: s.kind,
                cue: shared[s.cue as usize].clone(),
                act: shared[s.act as usize].clone(),
                text: s.text,
                about: s.about.iter().map(|&a| name(a)).collect(),
                relays: s.relays.iter().map(|&a| name(a)).collect(),
                date: s.date,
                sources: s.sources.iter().map(prov).collect(),
                key: s.key,
            })
        });
        add_nodes(&mut g, events, |v| {
            Node::Event(EventNode {
                event_type: shared[v.event_type as usize].clone(),
                date: v.date,
                date_source: v.date_source,
                place: v.place.map(name),
                participants: v.participants.iter().map(|&p| name(p)).collect(),
                mode: v.mode,
                text: v.text,
                sources: v.sources.iter().map(prov).collect(),
                key: v.key,
            })
        });
        for d in documents {
            g.graph.add_node(Node::Document(d));
        }
        // Nodes were added in index order, each kind in key order: the key order is documents
        // ("d:"), entities ("e:"), statements ("s:"), events ("v:").
        let by_key = (n_ent + n_st + n_ev..n_nodes).chain(0..n_ent + n_st + n_ev);
        g.set_sorted_index(by_key.map(NodeIx::new).collect());
        // The edge list is emptied from its end while the graph's fills, so the two are not
        // both whole at once.
        g.graph.reserve_exact_edges(edges.len());
        in_slices(edges, EDGE_SLICE, |slice| {
            for (from, to, _, edge) in slice {
                g.add_edge(NodeIx::new(from as usize), NodeIx::new(to as usize), edge);
            }
        });
        g
    }
}

/// Reorders `v` in place, runs and all: `v` is made of runs, one per arrival number, run `a`
/// starting at `starts[a]` (and ending where the next starts, or at the end); `order` lists
/// every arrival number once, in the order their runs must come. Each run keeps its own
/// order. Takes one index per item, not a second list of the items.
fn reorder<T>(v: &mut [T], starts: &[usize], order: &[u32]) {
    let n = v.len();
    let end = |a: usize| starts.get(a + 1).copied().unwrap_or(n);
    // Where each item goes.
    let mut dest: Vec<usize> = vec![0; n];
    let mut at = 0;
    for &a in order {
        let a = a as usize;
        for d in &mut dest[starts[a]..end(a)] {
            *d = at;
            at += 1;
        }
    }
    // Follow each cycle of the permutation: every swap puts one item where it goes.
    for i in 0..n {
        while dest[i] != i {
            let j = dest[i];
            v.swap(i, j);
            dest.swap(i, j);
        }
    }
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

/// Makes the nodes of `items` on the thread pool, `NODE_SLICE` at a time, and adds them in
/// order: the records are freed slice by slice as their nodes fill the graph.
fn add_nodes<T: Send>(g: &mut KnowledgeGraph, items: Vec<T>, make: impl Fn(T) -> Node + Sync) {
    in_slices(items, NODE_SLICE, |slice| {
        let nodes: Vec<Node> = slice.into_par_iter().map(&make).collect();
        for node in nodes {
            g.graph.add_node(node);
        }
    });
}

/// Statement and event nodes made at a time in `finish`: enough to keep the threads busy,
/// small beside the graph.
const NODE_SLICE: usize = 1 << 13;
/// Edges moved into the graph at a time in `finish`.
const EDGE_SLICE: usize = 1 << 16;

/// The entity nodes: every interned id (`names`, sorted), with its mentions (entity rank,
/// source) and its data from the schema or the documents' provisional entities.
fn entity_nodes(
    schema: &Schema,
    names: &[EntityId],
    provisional: &BTreeMap<EntityId, Entity>,
    mut mentions: Vec<(u32, Source)>,
    prov: &(impl Fn(&Source) -> Provenance + Sync),
) -> Vec<EntityNode> {
    mentions.sort_unstable();
    mentions.dedup();
    let mut rest = &mentions[..];
    let mut entities: Vec<EntityNode> = Vec::with_capacity(names.len());
    for (n, id) in names.iter().enumerate() {
        let n = n as u32;
        // Collected from a slice of known length: one allocation of the right size.
        let len = rest.iter().take_while(|(e, _)| *e == n).count();
        let own: Vec<Provenance> = rest[..len].iter().map(|(_, s)| prov(s)).collect();
        rest = &rest[len..];
        let node = entity_node(schema, id, provisional.get(id), own);
        entities.push(node);
    }
    entities
}

/// The node of entity `id` with its mentions: its data from the schema, else from the
/// documents' provisional definition `def`, else a flagged stand-in.
pub(super) fn entity_node(
    schema: &Schema,
    id: &EntityId,
    def: Option<&Entity>,
    own: Vec<Provenance>,
) -> EntityNode {
    match schema.entity(id).or(def) {
        Some(e) => EntityNode {
            id: id.clone(),
            kind: e.kind.clone(),
            name: e.name.clone(),
            aliases: e.aliases.clone(),
            gender: e.gender,
            roles: e.roles.clone(),
            states: states_of(schema, e),
            provisional: e.provisional || schema.entity(id).is_none(),
            mentions: own,
        },
        // Referred to by an extractor that did not describe it: keep it, flagged.
        None => EntityNode {
            id: id.clone(),
            kind: "unknown".to_string(),
            name: id.to_string(),
            aliases: Vec::new(),
            gender: None,
            roles: Vec::new(),
            states: Vec::new(),
            provisional: true,
            mentions: own,
        },
    }
}

/// One end of an edge before nodes exist: a position in the sorted list of its kind.
#[derive(Debug, Clone, Copy)]
enum End {
    Entity(usize),
    Statement(usize),
    Event(usize),
    Document(usize),
}

fn states_of(schema: &Schema, e: &Entity) -> Vec<EntityId> {
    if schema.entity(&e.id).is_some() {
        return schema.states_of(&e.id);
    }
    // A provisional entity: its own links, resolved through the schema.
    let mut out: Vec<EntityId> = e
        .part_of
        .iter()
        .chain(e.roles.iter().filter_map(|r| r.of.as_ref()))
        .flat_map(|p| schema.states_of(p))
        .collect();
    if e.kind == "country" {
        out.insert(0, e.id.clone());
    }
    let mut seen = BTreeSet::new();
    out.retain(|s| seen.insert(s.clone()));
    out
}

fn dated(kind: EdgeKind, weight: usize, first: Option<NaiveDate>, last: Option<NaiveDate>) -> Edge {
    let mut e = Edge::new(kind);
    e.weight = u32::try_from(weight).unwrap_or(u32::MAX);
    e.first = first;
    e.last = last;
    e
}

fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

fn max_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, y) => x.or(y),
    }
}

/// Content reduced to what survives an outlet's copy-editing: lowercase words of letters and
/// digits, curly and straight quotes, dashes and punctuation dropped, a leading "that" removed.
pub fn normalize(text: &str) -> String {
    // Written straight into one string (no string per word): words are separated by one
    // space, and an apostrophe does not end a word.
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
            out.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Russia's" and "Russia’s" are the same word.
            continue;
        } else {
            in_word = false;
        }
    }
    if out == "that" {
        out.clear();
    } else if out.starts_with("that ") {
        out.drain(..5);
    }
    out
}

/// A short stable hash (FNV-1a, 64 bits) for keys: the same on every machine and run.
pub fn stable_hash(s: &str) -> String {
    format!("{:016x}", fnv1a(s))
}

/// FNV-1a, 64 bits: what [`stable_hash`] prints.
pub(super) fn fnv1a(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The distinct words of a normalized text, each with its [`hash_str`], sorted by (hash,
/// word). Only the sizes of sets and of their intersections are used, and any total order on
/// words gives those: ordering by hash first makes almost every comparison one of integers,
/// while the word itself settles the rare equal hashes exactly. No table of words is needed.
fn word_set(norm: &str) -> Vec<(u64, &str)> {
    // Words are separated by single ASCII spaces and hold no ASCII whitespace (see
    // `normalize`): splitting bytes is exact and cheaper than a char search. A normalized word
    // averages over four bytes and a space, so this capacity is rarely outgrown.
    let mut w: Vec<(u64, &str)> = Vec::with_capacity(norm.len() / 5 + 1);
    w.extend(norm.split_ascii_whitespace().map(|w| (hash_str(w), w)));
    w.sort_unstable();
    w.dedup();
    w
}

/// Size of the intersection of two sorted, deduplicated lists.
fn common<T: Ord>(a: &[T], b: &[T]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

fn jaccard<T: Ord>(a: &[T], b: &[T]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = common(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    inter / union
}

fn close_dates(a: Option<NaiveDate>, b: Option<NaiveDate>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => (x - y).num_days().abs() <= SAME_STATEMENT_DAYS,
        (None, None) => true,
        _ => false,
    }
}

/// Above this many window pairs per window entry, [`merge_speaker`] looks for similar groups
/// through [`join_indexed`]; below, testing every pair is cheaper than building the index.
const INDEXED_PAIRS: usize = 32;

/// The root of `i` in the union-find forest `p` (halving the path on the way).
fn find(p: &mut [usize], mut i: usize) -> usize {
    while p[i] != i {
        p[i] = p[p[i]];
        i = p[i];
    }
    i
}

/// Number of pairs of entries of `by_date` (sorted) that [`close_dates`] joins: the entries
/// close to one are a run ending at it, since dates only grow.
fn window_pairs(by_date: &[(Option<NaiveDate>, usize)]) -> usize {
    let mut pairs = 0;
    let mut lo = 0;
    for (m, &(dm, _)) in by_date.iter().enumerate() {
        while lo < m && !close_dates(by_date[lo].0, dm) {
            lo += 1;
        }
        pairs += m - lo;
    }
    pairs
}

/// Whether two word sets (sorted in one order, distinct) are the same statement's words.
fn similar<T: Ord>(a: &[T], b: &[T]) -> bool {
    let (small, large) = (a.len().min(b.len()) as f64, a.len().max(b.len()) as f64);
    small >= SAME_STATEMENT_JACCARD * large && jaccard(a, b) >= SAME_STATEMENT_JACCARD
}

/// Joins in `parent` every two groups with entries in the same date window of `by_date`
/// (sorted by date) whose words are [`similar`], testing pair after pair as the window meets
/// them (not collected: there can be millions). A group's words are made when it is first
/// tested. Components, and their smallest index (the root), do not depend on the order of
/// unions, so skipping pairs already joined changes nothing.
fn join_in_window<'a>(
    by_date: &[(Option<NaiveDate>, usize)],
    words_of: impl Fn(usize) -> Vec<(u64, &'a str)>,
    parent: &mut [usize],
) {
    let mut words: Vec<Option<Vec<(u64, &str)>>> = vec![None; parent.len()];
    for (n, &(di, i)) in by_date.iter().enumerate() {
        for &(dj, j) in &by_date[n + 1..] {
            if !close_dates(di, dj) {
                break;
            }
            if i == j {
                continue;
            }
            let (ri, rj) = (find(parent, i), find(parent, j));
            if ri == rj {
                continue;
            }
            for g in [i, j] {
                if words[g].is_none() {
                    words[g] = Some(words_of(g));
                }
            }
            if let (Some(a), Some(b)) = (&words[i], &words[j]) {
                if similar(a, b) {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
}

/// What [`join_in_window`] does, finding the candidate pairs through their words (prefix
/// filtering): with each set's words ordered rarest first (by how many of these sets hold
/// them, then hash, then word), two sets whose Jaccard similarity reaches the threshold share
/// a word among the first `n - ceil(t * n) + 1` of each (n its size). So each entry is tested
/// only against earlier entries of its window that share one of those words, found through an
/// index from word to entries. Empty sets, similar only to each other, share one stand-in word.
fn join_indexed(
    by_date: &[(Option<NaiveDate>, usize)],
    sets: &[Vec<(u64, &str)>],
    parent: &mut [usize],
) {
    let mut freq: HashMap<(u64, &str), u32> = HashMap::new();
    for w in sets.iter().flatten() {
        *freq.entry(*w).or_insert(0) += 1;
    }
    let ranked: Vec<Vec<(u32, u64, &str)>> = sets
        .iter()
        .map(|s| {
            let mut v: Vec<(u32, u64, &str)> = s
                .iter()
                .map(|&(h, w)| (freq.get(&(h, w)).copied().unwrap_or(0), h, w))
                .collect();
            v.sort_unstable();
            v
        })
        .collect();
    drop(freq);
    // A set of n words shares at least ceil(t * n) with any set similar to it. The product is
    // rounded down a little: a longer prefix only adds candidates, never loses one.
    let prefix = |g: usize| -> &[(u32, u64, &str)] {
        let set = &ranked[g];
        let n = set.len();
        let shared = (SAME_STATEMENT_JACCARD * n as f64 - 1e-9).ceil().max(1.0) as usize;
        &set[..(n + 1).saturating_sub(shared).min(n)]
    };
    const EMPTY: (u32, u64, &str) = (0, 0, "");
    let mut index: HashMap<(u32, u64, &str), Vec<usize>> = HashMap::new();
    // The entry each group was last tested against, so a pair sharing several words is tested
    // once.
    let mut tested: Vec<usize> = vec![usize::MAX; parent.len()];
    for (m, &(dm, g)) in by_date.iter().enumerate() {
        let own = prefix(g);
        let tokens = if own.is_empty() { &[EMPTY][..] } else { own };
        for t in tokens {
            let Some(entries) = index.get(t) else {
                continue;
            };
            // Entries are in date order: the ones close to this one end the list.
            for &n in entries.iter().rev() {
                let (dn, h) = by_date[n];
                if !close_dates(dn, dm) {
                    break;
                }
                if h == g || tested[h] == m {
                    continue;
                }
                tested[h] = m;
                let (rg, rh) = (find(parent, g), find(parent, h));
                if rg != rh && similar(&ranked[g], &ranked[h]) {
                    parent[rg.max(rh)] = rg.min(rh);
                }
            }
        }
        for t in tokens {
            index.entry(*t).or_default().push(m);
        }
    }
}

/// Splits statements of the same speaker and normalized text (`same`, indexes into `raw`, in
/// arrival order) into runs of close dates (the same words said again weeks later are said
/// twice, not reported twice). Undated reports join the run when there is exactly one, else
/// form their own. `same` is reordered in place (runs in date order, then the undated ones),
/// and the start of each run but the first is pushed to `starts`.
fn split_by_date(raw: &[RawStatement], same: &mut [u32], base: usize, starts: &mut Vec<usize>) {
    same.sort_by(|&a, &b| {
        let (a, b) = (&raw[a as usize], &raw[b as usize]);
        (a.date, &a.source).cmp(&(b.date, &b.source))
    });
    // Undated sort first; the runs come first in the result, so move them to the end.
    let undated = same
        .iter()
        .take_while(|&&i| raw[i as usize].date.is_none())
        .count();
    same.rotate_left(undated);
    let dated = same.len() - undated;
    let mut runs = usize::from(dated > 0);
    for k in 1..dated {
        if !close_dates(raw[same[k - 1] as usize].date, raw[same[k] as usize].date) {
            starts.push(base + k);
            runs += 1;
        }
    }
    // With exactly one run the undated join it; with none they are the only group.
    if undated > 0 && runs > 1 {
        starts.push(base + dated);
    }
}

/// Groups statements that are the same thing said: same speaker, and the same normalized
/// content or nearly the same words, at close dates. Groups are connected components, which
/// do not depend on the order statements arrive in. The result is sorted by key.
///
/// Entity numbers are ranks here, and `norm` the rank of the normalized content among the
/// distinct ones (`by_rank` gives the content of a rank): both sort like the strings they
/// stand for, so every order below is the order of (speaker id, content) without comparing
/// strings. Statements are named by their index in `raw` and never moved.
///
/// Nothing joins statements of two speakers, and a key names its speaker, so each speaker's
/// statements are merged on their own, in parallel.
fn merge_statements(
    raw: Vec<RawStatement>,
    names: &[EntityId],
    by_rank: &[&str],
    texts: &Pool,
) -> Vec<MergedStatement> {
    // Exact groups first: (speaker, normalized text), split into runs of close dates. The sort
    // is stable: statements of one group stay in arrival order.
    let mut perm: Vec<u32> = (0..u32::try_from(raw.len()).unwrap_or(u32::MAX)).collect();
    perm.sort_by_key(|&i| (raw[i as usize].speaker, raw[i as usize].norm));
    let mut speakers: Vec<&mut [u32]> = Vec::new();
    let mut rest = &mut perm[..];
    while let Some(&i) = rest.first() {
        let speaker = raw[i as usize].speaker;
        let len = rest
            .iter()
            .take_while(|&&j| raw[j as usize].speaker == speaker)
            .count();
        let (own, next) = std::mem::take(&mut rest).split_at_mut(len);
        speakers.push(own);
        rest = next;
    }
    let mut out: Vec<MergedStatement> = speakers
        .into_par_iter()
        .flat_map_iter(|perm| merge_speaker(&raw, perm, names, by_rank, texts))
        .collect();
    // Keys of different speakers may interleave ("a-b/..." sorts before "a/..."). Keys are
    // distinct, so an unstable sort gives one order.
    out.par_sort_unstable_by(|a, b| a.key.cmp(&b.key));
    out
}

/// [`merge_statements`] for the statements of one speaker (`perm`, indexes into `raw`, sorted
/// by normalized content, each content's statements in arrival order). Groups come out in
/// order of their smallest exact group, as [`merge_statements`] numbers keys.
fn merge_speaker(
    raw: &[RawStatement],
    perm: &mut [u32],
    names: &[EntityId],
    by_rank: &[&str],
    texts: &Pool,
) -> Vec<MergedStatement> {
    // Group g is perm[starts[g]..starts[g + 1]].
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    while at < perm.len() {
        let norm = raw[perm[at] as usize].norm;
        let end = at
            + perm[at..]
                .iter()
                .take_while(|&&i| raw[i as usize].norm == norm)
                .count();
        starts.push(at);
        split_by_date(raw, &mut perm[at..end], at, &mut starts);
        at = end;
    }
    starts.push(perm.len());
    let perm: &[u32] = perm;
    let n_groups = starts.len() - 1;
    let group = |g: usize| &perm[starts[g]..starts[g + 1]];
    let first = |g: usize| &raw[group(g)[0] as usize];
    // Near-identical groups: union-find over the exact groups.
    let mut parent: Vec<usize> = (0..n_groups).collect();
    // Candidate pairs: dates within the window (undated with undated), word counts compatible
    // with the Jaccard threshold. A sliding window over the dates keeps this near-linear for
    // speakers with thousands of statements. Each group appears once per distinct date.
    let mut by_date: Vec<(Option<NaiveDate>, usize)> = Vec::new();
    let mut dates: Vec<Option<NaiveDate>> = Vec::new();
    for g in 0..n_groups {
        dates.clear();
        dates.extend(group(g).iter().map(|&i| raw[i as usize].date));
        dates.sort_unstable();
        dates.dedup();
        by_date.extend(dates.iter().map(|&d| (d, g)));
    }
    by_date.sort_unstable();
    // Every statement of a group has the same normalized text, so its first one's words are
    // the group's.
    let words_of = |g: usize| word_set(by_rank[first(g).norm as usize]);
    // The window holds about (statements a week)² pairs: a few per statement for most
    // speakers, millions for one quoted every day in a large corpus. Those are searched
    // through an index of rare words instead of one by one; both find every similar pair.
    if window_pairs(&by_date) <= INDEXED_PAIRS * by_date.len() {
        join_in_window(&by_date, words_of, &mut parent);
    } else {
        let sets: Vec<Vec<(u64, &str)>> = (0..n_groups).map(words_of).collect();
        join_indexed(&by_date, &sets, &mut parent);
    }
    drop(by_date);
    // Components in order of their root (smallest group index), each group's statements in
    // group order: what collecting them into a map by root would give.
    let roots: Vec<usize> = (0..n_groups).map(|g| find(&mut parent, g)).collect();
    drop(parent);
    let mut order: Vec<usize> = (0..n_groups).collect();
    order.sort_by_key(|&g| roots[g]);
    // Keys given so far, as content hash -> how many. A key is `speaker/hash`, then
    // `speaker/hash-2`, `-3`...; read from the right (an optional `-n`, then exactly 16 hex
    // digits, then `/`), a key names its (speaker, hash) whatever the speaker id holds, so keys
    // of different pairs never meet and the n-th group of one pair gets the n-th key.
    let mut used: HashMap<u64, u32> = HashMap::new();
    let mut out: Vec<MergedStatement> = Vec::new();
    let mut members: Vec<u32> = Vec::new();
    let (mut about, mut relays, mut sources) = (Vec::new(), Vec::new(), Vec::new());
    let mut at = 0;
    while at < order.len() {
        let root = roots[order[at]];
        members.clear();
        while let Some(&g) = order.get(at).filter(|&&g| roots[g] == root) {
            members.extend_from_slice(group(g));
            at += 1;
        }
        members.sort_by(|&a, &b| {
            let (a, b) = (&raw[a as usize], &raw[b as usize]);
            (&a.source, a.norm).cmp(&(&b.source, b.norm))
        });
        let Some(first) = members.first().map(|&i| &raw[i as usize]) else {
            continue;
        };
        // The key comes from the smallest normalized text, so it does not depend on which
        // outlet is read first.
        let norm_key = members
            .iter()
            .map(|&i| raw[i as usize].norm)
            .min()
            .map_or("", |n| by_rank[n as usize]);
        let hash = fnv1a(norm_key);
        // The same words said again at a distant date are another statement: it gets the
        // key with a suffix (groups come in date order, so the earlier keeps the plain key).
        let speaker = &names[first.speaker as usize];
        let seen = used.entry(hash).or_insert(0);
        *seen += 1;
        let key = match *seen {
            1 => format!("{speaker}/{hash:016x}"),
            n => format!("{speaker}/{hash:016x}-{n}"),
        };
        let mut date = None;
        let mut kind = StatementKind::Indirect;
        about.clear();
        relays.clear();
        sources.clear();
        for s in members.iter().map(|&i| &raw[i as usize]) {
            about.extend(s.about.iter().copied());
            relays.extend(s.relay);
            sources.push(s.source);
            date = min_date(date, s.date);
            if s.kind == StatementKind::Direct {
                kind = StatementKind::Direct;
            }
        }
        about.sort_unstable();
        about.dedup();
        relays.sort_unstable();
        relays.dedup();
        sources.sort_unstable();
        sources.dedup();
        // Everything here stays until the node is made: each allocated once, at its size
        // (`format!` grows the key by doubling; the lists are gathered in reused buffers).
        out.push(MergedStatement {
            key: key.into_boxed_str(),
            speaker: first.speaker,
            kind,
            cue: first.cue,
            act: first.act,
            text: texts.get(first.text).into(),
            about: about.as_slice().into(),
            relays: relays.as_slice().into(),
            date,
            sources: sources.as_slice().into(),
        });
    }
    out
}

/// Groups events that are one happening: same type family, date and place. A dated event with
/// no place joins the one event of its family and date that has a place, when there is exactly
/// one; an undated event with a place joins the one dated event of its family at that place,
/// when there is exactly one. Undated events without a place are only merged within their
/// document, when family, participants and mode agree ("the talks" mentioned twice).
/// The result is sorted by key.
fn merge_events(
    raw: Vec<RawEvent>,
    names: &[EntityId],
    doc_ids: &[Shared],
    words: &Pool,
    texts: &Pool,
) -> Vec<MergedEvent> {
    // Entity numbers are ranks here: they sort like the ids they stand for. Families are
    // pool numbers: these two maps are only looked up, never iterated.
    let mut placed: BTreeMap<(u32, NaiveDate), BTreeSet<u32>> = BTreeMap::new();
    let mut dated: BTreeMap<(u32, u32), BTreeSet<NaiveDate>> = BTreeMap::new();
    for e in &raw {
        if let (Some(d), Some(p)) = (e.date, e.place) {
            placed.entry((e.family, d)).or_default().insert(p);
            dated.entry((e.family, p)).or_default().insert(d);
        }
    }
    let mut groups: BTreeMap<String, Vec<RawEvent>> = BTreeMap::new();
    for mut e in raw {
        if e.place.is_none() {
            if let Some(d) = e.date {
                if let Some(ps) = placed.get(&(e.family, d)).filter(|ps| ps.len() == 1) {
                    e.place = ps.iter().next().copied();
                }
            }
        }
        if e.date.is_none() {
            if let Some(p) = e.place {
                if let Some(ds) = dated.get(&(e.family, p)).filter(|ds| ds.len() == 1) {
                    e.date = ds.iter().next().copied();
                    e.date_source = EventDateSource::Unknown;
                }
            }
        }
        let family = words.get(e.family);
        let key = match (e.date, e.place.map(|p| &names[p as usize])) {
            (Some(d), Some(p)) => format!("{family}/{d}/{p}"),
            (Some(d), None) => format!("{family}/{d}"),
            (None, Some(p)) => format!("{family}/undated/{p}"),
            (None, None) => {
                let who: Vec<&str> = e
                    .participants
                    .iter()
                    .map(|&p| names[p as usize].as_str())
                    .collect();
                let mode = match e.mode {
                    EventMode::Past => "past",
                    EventMode::Planned => "planned",
                };
                format!(
                    "{family}/undated/{}/{}/{mode}",
                    doc_ids[e.source.doc as usize],
                    if who.is_empty() {
                        "-".to_string()
                    } else {
                        who.join("+")
                    }
                )
            }
        };
        groups.entry(key).or_default().push(e);
    }
    let mut out = Vec::with_capacity(groups.len());
    for (key, mut group) in groups {
        group.sort_by(|a, b| {
            a.source
                .cmp(&b.source)
                .then_with(|| words.get(a.event_type).cmp(words.get(b.event_type)))
        });
        let Some(first) = group.first() else { continue };
        let mut participants: Vec<u32> = Vec::new();
        let mut sources: Vec<Source> = Vec::with_capacity(group.len());
        let mut mode = EventMode::Planned;
        let mut date_source = EventDateSource::Unknown;
        for e in &group {
            participants.extend(e.participants.iter().copied());
            sources.push(e.source);
            mode = mode.min(e.mode);
            date_source = date_source.min(e.date_source);
        }
        participants.sort_unstable();
        participants.dedup();
        sources.sort_unstable();
        sources.dedup();
        // These stay in the graph: at their size, not `format!`'s or the vectors'.
        out.push(MergedEvent {
            key: key.into_boxed_str(),
            event_type: first.event_type,
            date: first.date,
            date_source,
            place: first.place,
            participants: participants.into_boxed_slice(),
            mode,
            text: texts.get(first.text).into(),
            sources: sources.into_boxed_slice(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(d: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(2024, 1, d)
    }

    fn check_pairs(dates: &[Option<NaiveDate>], expected: usize) {
        let mut by_date: Vec<(Option<NaiveDate>, usize)> = dates.iter().map(|&d| (d, 0)).collect();
        by_date.sort_unstable();
        assert_eq!(window_pairs(&by_date), expected, "{dates:?}");
    }

    /// Runs of `lens` items (item = (run, position in run)), put in `order` by
    /// [`reorder`], against concatenating the runs in that order.
    fn check_reorder(lens: &[usize], order: &[u32]) {
        let mut v: Vec<(usize, usize)> = Vec::new();
        let mut starts = Vec::new();
        for (a, &len) in lens.iter().enumerate() {
            starts.push(v.len());
            v.extend((0..len).map(|k| (a, k)));
        }
        let expected: Vec<(usize, usize)> = order
            .iter()
            .flat_map(|&a| (0..lens[a as usize]).map(move |k| (a as usize, k)))
            .collect();
        reorder(&mut v, &starts, order);
        assert_eq!(v, expected);
    }

    #[test]
    fn reorder_moves_whole_runs() {
        check_reorder(&[], &[]);
        check_reorder(&[3], &[0]);
        check_reorder(&[2, 0, 3, 1], &[2, 0, 3, 1]);
        check_reorder(&[1, 2, 3, 4, 5], &[4, 3, 2, 1, 0]);
        check_reorder(&[0, 0, 2], &[2, 1, 0]);
    }

    proptest! {
        #[test]
        fn reorder_is_concatenation_in_order(
            lens in proptest::collection::vec(0usize..6, 0..20),
            seed in any::<u64>(),
        ) {
            // A permutation of the runs from the seed (Fisher-Yates with a small LCG).
            let mut order: Vec<u32> = (0..lens.len() as u32).collect();
            let mut x = seed;
            for i in (1..order.len()).rev() {
                x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                order.swap(i, (x >> 33) as usize % (i + 1));
            }
            check_reorder(&lens, &order);
        }
    }

    #[test]
    fn window_pairs_counts_close_dates() {
        check_pairs(&[], 0);
        check_pairs(&[day(1)], 0);
        check_pairs(&[day(1), day(4)], 1);
        check_pairs(&[day(1), day(5)], 0);
        check_pairs(&[day(1), day(3), day(6)], 2);
        check_pairs(&[None, None, day(1)], 1);
        check_pairs(&[None, day(1), day(2), day(2)], 3);
    }

    /// Components as each group's root.
    fn roots(mut parent: Vec<usize>) -> Vec<usize> {
        (0..parent.len()).map(|g| find(&mut parent, g)).collect()
    }

    proptest! {
        /// The index finds exactly the components that testing every pair finds.
        #[test]
        fn indexed_join_is_the_window_join(
            groups in proptest::collection::vec(
                (0usize..4, 0usize..12, proptest::option::weighted(0.9, 1u32..12)),
                0..40,
            )
        ) {
            // Versions of a few sentences, each with at most one word dropped: one dropped
            // word of eight keeps a version similar to the whole sentence (7/8), two
            // different ones are not (6/8) and only join through it. The last is empty.
            const SENTENCES: [&str; 4] = [
                "the talks will go on in vienna next week",
                "a deal on grain is expected very soon now",
                "the talks on grain will go on next week",
                "",
            ];
            let texts: Vec<String> = groups
                .iter()
                .map(|&(s, drop, _)| {
                    let words = SENTENCES[s].split_ascii_whitespace().enumerate();
                    words.filter(|&(k, _)| k != drop).map(|(_, w)| w).collect::<Vec<_>>().join(" ")
                })
                .collect();
            let mut by_date: Vec<(Option<NaiveDate>, usize)> =
                groups.iter().enumerate().map(|(g, &(_, _, d))| (d.and_then(day), g)).collect();
            by_date.sort_unstable();
            let mut window: Vec<usize> = (0..groups.len()).collect();
            join_in_window(&by_date, |g| word_set(&texts[g]), &mut window);
            let sets: Vec<Vec<(u64, &str)>> = texts.iter().map(|t| word_set(t)).collect();
            let mut indexed: Vec<usize> = (0..groups.len()).collect();
            join_indexed(&by_date, &sets, &mut indexed);
            prop_assert_eq!(roots(window), roots(indexed));
        }
    }
}
