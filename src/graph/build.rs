//! Building the graph from per-document facts: entities merged by id, events by (type family,
//! date, place), statements by (speaker, near-identical content), then the schema edges and the
//! weighted `said_about` projection.
//!
//! Order independence is the invariant here: [`Builder`] keeps one compact record per
//! document keyed by document id (its facts in flat lists, in arrival order, put in document
//! order in place at the end) and resolves everything at [`Builder::finish_compact`], where
//! every merge goes through sorted orders and nodes and edges are numbered in sorted key
//! order, so the same set of documents always gives a byte-identical graph. Documents can be
//! added one at a time and their facts dropped (the streaming build of `pipeline`). The work
//! that needs only one document ([`Prepared::new`]: line numbers, hashing strings) is done
//! apart from the builder, so a caller can run it in parallel; the builder itself only
//! interns strings (entity ids, cues, texts) as small integers, codes mentions, and keeps
//! provenance as document indexes until the end. Normalized contents, needed only to merge
//! one speaker's statements, are made there.
//! Reading text is `extract`'s job; drawing and querying are `export`'s and `query`'s.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use hashbrown::HashTable;
use rayon::prelude::*;

use crate::diag::Span;
use crate::extract::{DocFacts, EventDateSource, EventMode, StatementKind};
use crate::schema::{Entity, EntityId, Schema};

use super::codec::{self, MentionList, Place};
use super::compact::Compact;
use super::{DocumentNode, Edge, EdgeKind, EntityNode, KnowledgeGraph, Provenance, Shared};

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
        Compact::build(schema, facts).into_graph()
    }
}

impl Compact {
    /// What [`KnowledgeGraph::build`] builds, in its compact form.
    pub fn build(schema: &Schema, facts: impl IntoIterator<Item = DocFacts>) -> Compact {
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
        b.finish_compact(schema)
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
pub(super) struct Pool {
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

    /// Bytes held (the lookup table counted at about five bytes a slot).
    pub(super) fn bytes(&self) -> usize {
        self.arena.capacity()
            + self.ends.capacity() * std::mem::size_of::<usize>()
            + self.hashes.capacity() * 8
            + self.table.capacity() * 5
    }

    pub(super) fn get(&self, n: u32) -> &str {
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
        self.arena.shrink_to_fit();
        self.ends.shrink_to_fit();
    }
}

/// Where a fact was read, before document ids are materialized: the document's position
/// among the sorted distinct ids, then the span (as the two `u32` offsets a [`Provenance`]
/// keeps) and line. Compares like [`Provenance`]; 16 bytes, one per mention and report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Source {
    pub(super) doc: u32,
    start: u32,
    end: u32,
    line: u32,
}

impl Source {
    fn new(doc: u32, span: Span, line: u32) -> Source {
        Source {
            doc,
            start: super::offset(span.start),
            end: super::offset(span.end),
            line,
        }
    }

    /// The source of a mention's [`Place`] (as `codec` keeps it).
    pub(super) fn of_place((doc, start, end, line): Place) -> Source {
        Source {
            doc,
            start,
            end,
            line,
        }
    }

    /// The provenance this source stands for, `doc_ids` naming the documents.
    pub(super) fn provenance(&self, doc_ids: &[Shared]) -> Provenance {
        Provenance {
            doc: doc_ids[self.doc as usize].clone(),
            start: self.start,
            end: self.end,
            line: self.line,
        }
    }
}

/// A statement of one document, prepared: its strings hashed.
#[derive(Debug)]
struct PreparedStatement {
    speaker: Hashed<EntityId>,
    kind: StatementKind,
    cue: Hashed<String>,
    act: Hashed<String>,
    text: Hashed<String>,
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
/// kinds, sentence spans or diagnostics; lines resolved, strings hashed),
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

/// No entity: a statement's relay or an event's place when it has none.
pub(super) const NONE: u32 = u32::MAX;

/// One statement as read in one document, before merging. Entity numbers are the interner's
/// (arrival order) until [`Builder::finish_compact`] turns them into ranks (sorted order);
/// strings are numbers of the builder's pools. About 52 bytes: a builder holds one per
/// statement of the corpus, and the merged graph keeps them as its statements' storage.
#[derive(Debug, Clone)]
pub(super) struct RawStatement {
    pub(super) speaker: u32,
    pub(super) cue: u32,
    pub(super) act: u32,
    pub(super) text: u32,
    /// The entities it is about: `about_len` numbers from `about` in the builder's flat list
    /// (sorted and distinct once `finish_compact` has made them ranks).
    pub(super) about: u32,
    pub(super) about_len: u32,
    /// The outlet it was relayed by, or [`NONE`].
    pub(super) relay: u32,
    pub(super) date: Option<NaiveDate>,
    pub(super) source: Source,
    pub(super) kind: StatementKind,
}

/// One event as read in one document, before merging.
#[derive(Debug, Clone)]
struct RawEvent {
    event_type: u32,
    family: u32,
    date: Option<NaiveDate>,
    date_source: EventDateSource,
    place: Option<u32>,
    /// `participants_len` numbers from `participants` in the builder's flat list.
    participants: u32,
    participants_len: u32,
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
    /// Records by document id, in arrival order for a shared id.
    docs: BTreeMap<String, Vec<DocRecord>>,
    /// Every mention, coded document after document (see [`codec::encode_doc`]).
    mentions: Vec<u8>,
    /// Where each arrival number's mentions start in `mentions`.
    mention_starts: Vec<usize>,
    /// Every statement, in arrival order: one list for all documents, so that `finish`
    /// reorders it in place instead of copying every document's records into one.
    statements: Vec<RawStatement>,
    /// Where each arrival number's statements start in `statements`.
    statement_starts: Vec<usize>,
    /// The entities statements are about, end to end (no allocation per statement).
    abouts: Vec<u32>,
    /// Every event, in arrival order, as the statements.
    events: Vec<RawEvent>,
    /// Where each arrival number's events start in `events`.
    event_starts: Vec<usize>,
    /// The participants of events, end to end.
    participants: Vec<u32>,
}

/// Appends `items` to the flat list `flat` and returns where they start and how many there
/// are. A list past `u32::MAX` numbers in all (billions of statements) takes no more.
fn push_flat(flat: &mut Vec<u32>, items: impl Iterator<Item = u32>) -> (u32, u32) {
    let Ok(start) = u32::try_from(flat.len()) else {
        return (0, 0);
    };
    flat.extend(items);
    let len = u32::try_from(flat.len() - start as usize).unwrap_or(0);
    (start, len)
}

/// The `len` numbers of a flat list from `start`.
pub(super) fn flat(list: &[u32], start: u32, len: u32) -> &[u32] {
    let start = start as usize;
    list.get(start..start + len as usize).unwrap_or(&[])
}

/// An event group after merging, before its node is made.
#[derive(Debug)]
pub(super) struct MergedEvent {
    pub(super) key: Box<str>,
    pub(super) event_type: u32,
    pub(super) date: Option<NaiveDate>,
    pub(super) date_source: EventDateSource,
    pub(super) place: Option<u32>,
    /// `participants_len` entity numbers from `participants` in the merged events' flat
    /// list, sorted and distinct.
    pub(super) participants: u32,
    pub(super) participants_len: u32,
    pub(super) mode: EventMode,
    /// A number of the text pool.
    pub(super) text: u32,
    /// `sources_len` sources from `sources` in the merged events' flat list, sorted and
    /// distinct.
    pub(super) sources: u32,
    pub(super) sources_len: u32,
}

/// Merged events, in key order, with the lists they point into.
#[derive(Debug, Default)]
pub(super) struct MergedEvents {
    pub(super) events: Vec<MergedEvent>,
    pub(super) participants: Vec<u32>,
    pub(super) sources: Vec<Source>,
}

impl MergedEvents {
    pub(super) fn participants(&self, e: &MergedEvent) -> &[u32] {
        flat(&self.participants, e.participants, e.participants_len)
    }

    pub(super) fn sources(&self, e: &MergedEvent) -> &[Source] {
        let start = e.sources as usize;
        self.sources
            .get(start..start + e.sources_len as usize)
            .unwrap_or(&[])
    }
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

    /// True when two documents added share an id: they are then merged in the order they
    /// were added, which [`KnowledgeGraph::build`] makes independent of the input's order by
    /// sorting them by content first.
    pub fn has_shared_ids(&self) -> bool {
        self.docs.values().any(|records| records.len() > 1)
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
            docs,
            mentions,
            mention_starts,
            statements,
            statement_starts,
            abouts,
            events,
            event_starts,
            participants,
        } = self;
        // The document's arrival number stands for it until `finish`, when all ids are known.
        let arrival = u32::try_from(statement_starts.len()).unwrap_or(u32::MAX);
        mention_starts.push(mentions.len());
        codec::encode_doc(
            mentions,
            p.mentions.into_iter().map(|(e, span, line)| {
                let s = Source::new(arrival, span, line);
                (ents.take(e), s.start, s.end, s.line)
            }),
        );
        statement_starts.push(statements.len());
        statements.reserve(p.statements.len());
        for s in p.statements {
            let (about, about_len) = push_flat(abouts, s.about.into_iter().map(|a| ents.take(a)));
            statements.push(RawStatement {
                speaker: ents.take(s.speaker),
                cue: words.take(&s.cue),
                act: words.take(&s.act),
                text: texts.take(&s.text),
                about,
                about_len,
                relay: s.relay.map_or(NONE, |r| ents.take(r)),
                date: s.date,
                source: Source::new(arrival, s.span, s.line),
                kind: s.kind,
            });
        }
        event_starts.push(events.len());
        events.reserve(p.events.len());
        for e in p.events {
            let (start, len) = push_flat(
                participants,
                e.participants.into_iter().map(|p| ents.take(p)),
            );
            events.push(RawEvent {
                event_type: words.take(&e.event_type),
                family: words.take(&e.family),
                date: e.date,
                date_source: e.date_source,
                place: e.place.map(|p| ents.take(p)),
                participants: start,
                participants_len: len,
                mode: e.mode,
                text: texts.take(&e.text),
                source: Source::new(arrival, e.span, e.line),
            });
        }
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
        self.finish_compact(schema).into_graph()
    }

    /// Merges every document added into a [`Compact`] graph: the same graph as
    /// [`Builder::finish`] gives, held in a fraction of the memory, which can be saved as
    /// it is or made into a [`KnowledgeGraph`].
    pub fn finish_compact(self, schema: &Schema) -> Compact {
        let Builder {
            entities,
            mut words,
            mut texts,
            docs,
            mentions,
            mention_starts,
            statements: mut raw_statements,
            statement_starts,
            mut abouts,
            events: mut raw_events,
            event_starts,
            participants: mut raw_participants,
        } = self;
        words.seal();
        texts.seal();
        let (names, rank) = entities.ranks();
        let r = |n: u32| rank[n as usize];

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
        // Statements and events go in document order, each document's in the order read,
        // as the merges expect (they keep that order among equals).
        // The lists are complete: their spare capacity goes (for the largest, a shrink in
        // place, not a copy).
        raw_statements.shrink_to_fit();
        abouts.shrink_to_fit();
        raw_events.shrink_to_fit();
        raw_participants.shrink_to_fit();
        reorder(&mut raw_statements, &statement_starts, &order);
        drop(statement_starts);
        abouts.iter_mut().for_each(|a| *a = r(*a));
        for s in &mut raw_statements {
            s.source.doc = doc_of[s.source.doc as usize];
            s.speaker = r(s.speaker);
            if s.relay != NONE {
                s.relay = r(s.relay);
            }
            // Each list sorted and distinct: a merged statement's list is their union.
            let start = s.about as usize;
            if let Some(list) = abouts.get_mut(start..start + s.about_len as usize) {
                list.sort_unstable();
                let mut kept = 0;
                for k in 0..list.len() {
                    if k == 0 || list[k] != list[kept - 1] {
                        list[kept] = list[k];
                        kept += 1;
                    }
                }
                s.about_len = u32::try_from(kept).unwrap_or(0);
            }
        }
        reorder(&mut raw_events, &event_starts, &order);
        drop(event_starts);
        raw_participants.iter_mut().for_each(|p| *p = r(*p));
        for e in &mut raw_events {
            e.source.doc = doc_of[e.source.doc as usize];
            e.place = e.place.map(r);
        }
        // One shared string per document for all its provenances.
        let doc_ids: Vec<Shared> = doc_ids.into_iter().map(Shared::from).collect();
        // Statements, events and entities merge independently: in parallel when there is a
        // rayon pool with more than one thread (each result is the same either way).
        let ((groups, events), (entities, mentions)) = rayon::join(
            || {
                rayon::join(
                    || merge_statements(&raw_statements, &names, &texts),
                    || merge_events(raw_events, &raw_participants, &names, &doc_ids, &words),
                )
            },
            || {
                let mentions = MentionRuns {
                    bytes: mentions,
                    starts: mention_starts,
                };
                entity_nodes(
                    schema,
                    &names,
                    &provisional,
                    mentions,
                    &order,
                    &doc_of,
                    &rank,
                )
            },
        );
        drop(raw_participants);
        drop(doc_of);
        drop(order);
        drop(rank);
        let (order, groups) = groups;

        let mut state_names = BTreeMap::new();
        for st in entities.iter().flat_map(|e| e.states.iter()) {
            if let Some(se) = schema.entity(st).or_else(|| provisional.get(st)) {
                state_names.insert(st.clone(), se.name.clone());
            }
        }
        // The schema's edges, in the order they are drawn.
        let mut schema_edges: Vec<(u32, u32, Edge)> = Vec::new();
        let ent = |id: &EntityId| {
            names
                .binary_search(id)
                .ok()
                .and_then(|i| u32::try_from(i).ok())
        };
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
                    if let (Some(a), Some(b)) = (ent(&e.id), ent(of)) {
                        schema_edges.push((a, b, edge));
                    }
                }
            }
            if let Some(se) = schema.entity(&e.id).or_else(|| provisional.get(&e.id)) {
                for p in se
                    .part_of
                    .iter()
                    .filter(|p| names.binary_search(p).is_ok() && **p != e.id)
                {
                    if let (Some(a), Some(b)) = (ent(&e.id), ent(p)) {
                        schema_edges.push((a, b, Edge::new(EdgeKind::PartOf)));
                    }
                }
            }
        }
        let mut g = Compact {
            names,
            entities,
            mentions,
            words: words.shared(),
            texts,
            statements: raw_statements,
            abouts,
            order,
            groups,
            events,
            documents,
            doc_ids,
            state_names,
            schema_edges,
            projection: Vec::new(),
        };
        g.projection = g.said_about();
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

/// The builder's mentions: coded runs, one per arrival number.
struct MentionRuns {
    bytes: Vec<u8>,
    starts: Vec<usize>,
}

impl MentionRuns {
    fn run(&self, arrival: usize) -> &[u8] {
        let start = self.starts.get(arrival).copied().unwrap_or(0);
        let end = self
            .starts
            .get(arrival + 1)
            .copied()
            .unwrap_or(self.bytes.len());
        self.bytes.get(start..end).unwrap_or(&[])
    }
}

/// The entity nodes: every interned id (`names`, sorted), with its data from the schema or
/// the documents' provisional entities and no mentions; and each one's mentions, sorted and
/// distinct. `order` lists arrival numbers in document order, `doc_of` gives each one's
/// document, `rank` each interned entity's position in `names`.
fn entity_nodes(
    schema: &Schema,
    names: &[EntityId],
    provisional: &BTreeMap<EntityId, Entity>,
    mentions: MentionRuns,
    order: &[u32],
    doc_of: &[u32],
    rank: &[u32],
) -> (Vec<EntityNode>, Vec<MentionList>) {
    let mut lists = vec![MentionList::default(); names.len()];
    // Document after document (the runs of a shared id together), each one's mentions
    // sorted: every entity's list grows in order.
    let mut in_doc: Vec<(u32, Place)> = Vec::new();
    let mut k = 0;
    while let Some(&first) = order.get(k) {
        let d = doc_of[first as usize];
        in_doc.clear();
        while let Some(&a) = order.get(k).filter(|&&a| doc_of[a as usize] == d) {
            for (e, start, end, line) in codec::decode_doc(mentions.run(a as usize)) {
                if let Some(&e) = rank.get(e as usize) {
                    in_doc.push((e, (d, start, end, line)));
                }
            }
            k += 1;
        }
        in_doc.sort_unstable();
        for &(e, place) in &in_doc {
            lists[e as usize].push(place);
        }
    }
    drop(mentions);
    lists.iter_mut().for_each(MentionList::shrink);
    let entities = names
        .iter()
        .map(|id| entity_node(schema, id, provisional.get(id), Vec::new()))
        .collect();
    (entities, lists)
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

pub(super) fn dated(
    kind: EdgeKind,
    weight: usize,
    first: Option<NaiveDate>,
    last: Option<NaiveDate>,
) -> Edge {
    let mut e = Edge::new(kind);
    e.weight = u32::try_from(weight).unwrap_or(u32::MAX);
    e.first = first;
    e.last = last;
    e
}

pub(super) fn min_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, y) => x.or(y),
    }
}

pub(super) fn max_date(a: Option<NaiveDate>, b: Option<NaiveDate>) -> Option<NaiveDate> {
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

/// A statement after merging: the statements of `raw` it groups are `len` entries of `order`
/// from `start` (sorted by source), all of one speaker. Its key is `speaker/hash` for the
/// first group of that speaker and content hash, `speaker/hash-n` for the n-th.
#[derive(Debug, Clone, Copy)]
pub(super) struct StGroup {
    pub(super) start: u32,
    pub(super) len: u32,
    pub(super) speaker: u32,
    /// Which group of its (speaker, hash) this is, from 1.
    pub(super) dup: u32,
    /// [`fnv1a`] of the smallest normalized content of the group.
    pub(super) hash: u64,
}

impl StGroup {
    /// The statement's key.
    pub(super) fn key(&self, names: &[EntityId]) -> String {
        let (speaker, hash) = (&names[self.speaker as usize], self.hash);
        match self.dup {
            0 | 1 => format!("{speaker}/{hash:016x}"),
            n => format!("{speaker}/{hash:016x}-{n}"),
        }
    }

    /// The keys of two statements compared as strings, without making them but in the rare
    /// case of a speaker id that begins with another's.
    fn cmp_key(&self, other: &StGroup, names: &[EntityId]) -> std::cmp::Ordering {
        if self.speaker == other.speaker {
            // Sixteen hex digits each: their order is the numbers'; then "" < "-n", and the
            // suffixes compare as the strings they are.
            return self.hash.cmp(&other.hash).then_with(|| {
                match (self.dup.max(1), other.dup.max(1)) {
                    (a, b) if a == b => std::cmp::Ordering::Equal,
                    (1, _) => std::cmp::Ordering::Less,
                    (_, 1) => std::cmp::Ordering::Greater,
                    (a, b) => a.to_string().cmp(&b.to_string()),
                }
            });
        }
        let (a, b) = (
            names[self.speaker as usize].as_str().as_bytes(),
            names[other.speaker as usize].as_str().as_bytes(),
        );
        let n = a.len().min(b.len());
        match a[..n].cmp(&b[..n]) {
            std::cmp::Ordering::Equal => self.key(names).cmp(&other.key(names)),
            o => o,
        }
    }
}

/// Groups statements that are the same thing said: same speaker, and the same normalized
/// content or nearly the same words, at close dates. Groups are connected components, which
/// do not depend on the order statements arrive in.
///
/// Returns the indexes of `raw` group after group, and the groups sorted by key. `raw` is in
/// document order, entity numbers are ranks (they sort like the ids they stand for).
///
/// Nothing joins statements of two speakers, and a key names its speaker, so each speaker's
/// statements are merged on their own, in parallel (normalizing their contents there, so
/// that no table of every normalized content is held).
fn merge_statements(
    raw: &[RawStatement],
    names: &[EntityId],
    texts: &Pool,
) -> (Vec<u32>, Vec<StGroup>) {
    // The sort is stable: each speaker's statements stay in document order.
    let mut perm: Vec<u32> = (0..u32::try_from(raw.len()).unwrap_or(u32::MAX)).collect();
    perm.sort_by_key(|&i| raw[i as usize].speaker);
    let mut speakers: Vec<(usize, &mut [u32])> = Vec::new();
    let mut rest = &mut perm[..];
    let mut base = 0;
    while let Some(&i) = rest.first() {
        let speaker = raw[i as usize].speaker;
        let len = rest
            .iter()
            .take_while(|&&j| raw[j as usize].speaker == speaker)
            .count();
        let (own, next) = std::mem::take(&mut rest).split_at_mut(len);
        speakers.push((base, own));
        base += len;
        rest = next;
    }
    let mut groups: Vec<StGroup> = speakers
        .into_par_iter()
        .flat_map_iter(|(base, perm)| merge_speaker(raw, perm, base, texts))
        .collect();
    // Keys of different speakers may interleave ("a-b/..." sorts before "a/..."). Keys are
    // distinct, so an unstable sort gives one order.
    groups.par_sort_unstable_by(|a, b| a.cmp_key(b, names));
    (perm, groups)
}

/// [`merge_statements`] for the statements of one speaker (`perm`, indexes into `raw` in
/// document order, from position `base` of the whole list). `perm` is rewritten group after
/// group; the groups come out in order of their smallest exact group, as keys are numbered.
fn merge_speaker(
    raw: &[RawStatement],
    perm: &mut [u32],
    base: usize,
    texts: &Pool,
) -> Vec<StGroup> {
    // The normalized contents, and for each the rank among the distinct ones: ranks sort like
    // the contents, so no string is compared below but to find a key's or a group's words.
    let norms: Vec<String> = perm
        .iter()
        .map(|&i| normalize(texts.get(raw[i as usize].text)))
        .collect();
    let mut by_rank: Vec<&str> = norms.iter().map(String::as_str).collect();
    by_rank.sort_unstable();
    by_rank.dedup();
    let rank_at: Vec<u32> = norms
        .iter()
        .map(|n| {
            let r = by_rank.binary_search(&n.as_str()).unwrap_or(0);
            u32::try_from(r).unwrap_or(u32::MAX)
        })
        .collect();
    // Exact groups first: sorted by content (stable: each content's statements stay in
    // document order), each content split into runs of close dates.
    let mut at_sorted: Vec<u32> = (0..u32::try_from(perm.len()).unwrap_or(u32::MAX)).collect();
    at_sorted.sort_by_key(|&k| rank_at[k as usize]);
    let norm: Vec<u32> = at_sorted.iter().map(|&k| rank_at[k as usize]).collect();
    let sorted: Vec<u32> = at_sorted.iter().map(|&k| perm[k as usize]).collect();
    drop(at_sorted);
    drop(rank_at);
    perm.copy_from_slice(&sorted);
    drop(sorted);
    // Group g is perm[starts[g]..starts[g + 1]].
    let mut starts: Vec<usize> = Vec::new();
    let mut at = 0;
    while at < perm.len() {
        let rank = norm[at];
        let end = at + norm[at..].iter().take_while(|&&r| r == rank).count();
        starts.push(at);
        split_by_date(raw, &mut perm[at..end], at, &mut starts);
        at = end;
    }
    starts.push(perm.len());
    let n_groups = starts.len() - 1;
    let mut arranged: Vec<u32> = Vec::with_capacity(perm.len());
    let mut out: Vec<StGroup> = Vec::new();
    {
        let perm: &[u32] = perm;
        let group = |g: usize| &perm[starts[g]..starts[g + 1]];
        // Every statement of a group has the same normalized text: the group's rank.
        let rank_of = |g: usize| norm[starts[g]];
        // Near-identical groups: union-find over the exact groups.
        let mut parent: Vec<usize> = (0..n_groups).collect();
        // Candidate pairs: dates within the window (undated with undated), word counts
        // compatible with the Jaccard threshold. A sliding window over the dates keeps this
        // near-linear for speakers with thousands of statements. Each group appears once per
        // distinct date.
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
        let words_of = |g: usize| word_set(by_rank[rank_of(g) as usize]);
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
        // Components in order of their root (smallest group index), each group's statements
        // in group order: what collecting them into a map by root would give.
        let roots: Vec<usize> = (0..n_groups).map(|g| find(&mut parent, g)).collect();
        drop(parent);
        let mut order: Vec<usize> = (0..n_groups).collect();
        order.sort_by_key(|&g| roots[g]);
        // Keys given so far, as content hash -> how many. A key is `speaker/hash`, then
        // `speaker/hash-2`, `-3`...; read from the right (an optional `-n`, then exactly 16
        // hex digits, then `/`), a key names its (speaker, hash) whatever the speaker id
        // holds, so keys of different pairs never meet and the n-th group of one pair gets
        // the n-th key.
        let mut used: HashMap<u64, u32> = HashMap::new();
        // (statement, content rank) of one group's members.
        let mut members: Vec<(u32, u32)> = Vec::new();
        let mut at = 0;
        while at < order.len() {
            let root = roots[order[at]];
            members.clear();
            while let Some(&g) = order.get(at).filter(|&&g| roots[g] == root) {
                members.extend(group(g).iter().map(|&i| (i, rank_of(g))));
                at += 1;
            }
            members.sort_by(|&(a, ra), &(b, rb)| {
                (&raw[a as usize].source, ra).cmp(&(&raw[b as usize].source, rb))
            });
            let Some(&(first, _)) = members.first() else {
                continue;
            };
            // The key comes from the smallest normalized text, so it does not depend on
            // which outlet is read first.
            let norm_key = members
                .iter()
                .map(|&(_, r)| r)
                .min()
                .map_or("", |r| by_rank[r as usize]);
            let hash = fnv1a(norm_key);
            // The same words said again at a distant date are another statement: it gets
            // the key with a suffix (groups come in date order, so the earlier keeps the
            // plain key).
            let seen = used.entry(hash).or_insert(0);
            *seen += 1;
            let start = u32::try_from(base + arranged.len()).unwrap_or(u32::MAX);
            arranged.extend(members.iter().map(|&(i, _)| i));
            out.push(StGroup {
                start,
                len: u32::try_from(members.len()).unwrap_or(u32::MAX),
                speaker: raw[first as usize].speaker,
                dup: *seen,
                hash,
            });
        }
    }
    perm.copy_from_slice(&arranged);
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
    participants: &[u32],
    names: &[EntityId],
    doc_ids: &[Shared],
    words: &Pool,
) -> MergedEvents {
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
    // Each event's key, then the events sorted by key (stable: document order among equals)
    // and merged run by run.
    let mut raw = raw;
    let mut keyed: Vec<(Box<str>, u32)> = Vec::with_capacity(raw.len());
    for (i, e) in raw.iter_mut().enumerate() {
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
                let who: Vec<&str> = flat(participants, e.participants, e.participants_len)
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
        keyed.push((key.into_boxed_str(), u32::try_from(i).unwrap_or(u32::MAX)));
    }
    drop(placed);
    drop(dated);
    keyed.par_sort_by(|a, b| a.0.cmp(&b.0));
    let mut out = MergedEvents::default();
    let mut group: Vec<u32> = Vec::new();
    let mut who: Vec<u32> = Vec::new();
    let mut sources: Vec<Source> = Vec::new();
    let mut keyed = keyed.into_iter().peekable();
    while let Some((key, i)) = keyed.next() {
        group.clear();
        group.push(i);
        while let Some((_, j)) = keyed.next_if(|(k, _)| *k == key) {
            group.push(j);
        }
        group.sort_by(|&a, &b| {
            let (a, b) = (&raw[a as usize], &raw[b as usize]);
            a.source
                .cmp(&b.source)
                .then_with(|| words.get(a.event_type).cmp(words.get(b.event_type)))
        });
        let Some(first) = group.first().map(|&i| &raw[i as usize]) else {
            continue;
        };
        who.clear();
        sources.clear();
        let mut mode = EventMode::Planned;
        let mut date_source = EventDateSource::Unknown;
        for e in group.iter().map(|&i| &raw[i as usize]) {
            who.extend_from_slice(flat(participants, e.participants, e.participants_len));
            sources.push(e.source);
            mode = mode.min(e.mode);
            date_source = date_source.min(e.date_source);
        }
        who.sort_unstable();
        who.dedup();
        sources.sort_unstable();
        sources.dedup();
        let (p_start, p_len) = push_flat(&mut out.participants, who.iter().copied());
        let s_start = u32::try_from(out.sources.len()).unwrap_or(u32::MAX);
        out.sources.extend_from_slice(&sources);
        out.events.push(MergedEvent {
            key,
            event_type: first.event_type,
            date: first.date,
            date_source,
            place: first.place,
            participants: p_start,
            participants_len: p_len,
            mode,
            text: first.text,
            sources: s_start,
            sources_len: u32::try_from(sources.len()).unwrap_or(u32::MAX),
        });
    }
    out.events.shrink_to_fit();
    out.participants.shrink_to_fit();
    out.sources.shrink_to_fit();
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
