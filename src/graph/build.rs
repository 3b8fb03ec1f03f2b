//! Building the graph from per-document facts: entities merged by id, events by (type family,
//! date, place), statements by (speaker, near-identical content), then the schema edges and the
//! weighted `said_about` projection.
//!
//! Order independence is the invariant here: [`Builder`] keeps one compact record per
//! document keyed by document id and resolves everything at [`Builder::finish`], where every
//! merge goes through sorted maps and nodes and edges enter petgraph in sorted key order, so
//! the same set of documents always gives a byte-identical graph. Documents can be added one
//! at a time and their facts dropped (the streaming build of `pipeline`): the builder keeps
//! entity ids interned as small integers and provenance as document indexes until the end.
//! Reading text is `extract`'s job; drawing and querying are `export`'s and `query`'s.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

use crate::diag::Span;
use crate::extract::{DocFacts, EventDateSource, EventMode, StatementKind};
use crate::schema::{Entity, EntityId, Schema};

use super::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, NodeIx, Provenance,
    StatementNode,
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

/// Small integer names for strings seen many times (entity ids), so that records hold a `u32`
/// instead of a `String` each. Numbers follow arrival order; [`Interner::ranks`] gives the
/// sorted order that every output follows.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<EntityId, u32>,
    names: Vec<EntityId>,
}

impl Interner {
    fn take(&mut self, id: EntityId) -> u32 {
        if let Some(&n) = self.ids.get(&id) {
            return n;
        }
        let n = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.ids.insert(id.clone(), n);
        self.names.push(id);
        n
    }

    /// The names sorted, and for each arrival number its position among them.
    fn ranks(self) -> (Vec<EntityId>, Vec<u32>) {
        drop(self.ids);
        let mut sorted: Vec<(EntityId, u32)> = self.names.into_iter().zip(0..).collect();
        sorted.sort_unstable();
        let mut rank = vec![0u32; sorted.len()];
        for (r, (_, n)) in (0..).zip(&sorted) {
            rank[*n as usize] = r;
        }
        (sorted.into_iter().map(|(id, _)| id).collect(), rank)
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

/// One statement as read in one document, before merging. Entity numbers are the interner's
/// (arrival order) until [`Builder::finish`] turns them into ranks (sorted order).
#[derive(Debug, Clone)]
struct RawStatement {
    speaker: u32,
    kind: StatementKind,
    cue: String,
    act: String,
    text: String,
    norm: String,
    about: Vec<u32>,
    relay: Option<u32>,
    date: Option<NaiveDate>,
    source: Source,
}

/// One event as read in one document, before merging.
#[derive(Debug, Clone)]
struct RawEvent {
    event_type: String,
    family: String,
    date: Option<NaiveDate>,
    date_source: EventDateSource,
    place: Option<u32>,
    participants: Vec<u32>,
    mode: EventMode,
    text: String,
    source: Source,
}

/// What the graph needs of one document: a fraction of its `DocFacts` (no mention kinds,
/// line tables, sentence spans or diagnostics; ids as numbers).
#[derive(Debug)]
struct DocRecord {
    node: DocumentNode,
    /// (entity, span, line) of each mention.
    mentions: Vec<(u32, Span, u32)>,
    /// Provisional entities the schema lacks (the others are never looked at).
    provisional: Vec<Entity>,
    statements: Vec<RawStatement>,
    events: Vec<RawEvent>,
}

/// Builds a graph one document at a time: [`Builder::add_doc`] keeps a compact record of each
/// document, [`Builder::finish`] merges them all.
///
/// Documents with distinct ids may be added in any order and give the same graph. Documents
/// sharing an id are taken in the order they are added ([`KnowledgeGraph::build`] sorts them
/// by content first); `corpus::Corpus::stream` never yields two with the same id.
#[derive(Debug, Default)]
pub struct Builder {
    entities: Interner,
    /// Records by document id, in arrival order for a shared id.
    docs: BTreeMap<String, Vec<DocRecord>>,
}

impl Builder {
    /// An empty builder.
    pub fn new() -> Builder {
        Builder::default()
    }

    /// Number of documents added.
    pub fn documents(&self) -> usize {
        self.docs.values().map(Vec::len).sum()
    }

    /// Adds the facts of one document, keeping only what the graph needs.
    pub fn add_doc(&mut self, schema: &Schema, f: DocFacts) {
        let DocFacts {
            doc,
            mentions,
            provisional,
            statements,
            events,
            diagnostics: _,
        } = f;
        let ents = &mut self.entities;
        // The document index is set at `finish`, when all ids are known.
        let src = |span: Span| Source {
            doc: 0,
            span,
            line: doc.line_of(span.start),
        };
        let mentions = mentions
            .into_iter()
            .map(|m| (ents.take(m.entity), m.span, doc.line_of(m.span.start)))
            .collect();
        let provisional = provisional
            .into_iter()
            .filter(|p| schema.entity(&p.id).is_none())
            .collect();
        let statements = statements
            .into_iter()
            .map(|s| RawStatement {
                speaker: ents.take(s.speaker),
                kind: s.kind,
                norm: normalize(&s.text),
                cue: s.cue,
                act: s.act,
                text: s.text,
                about: s.about.into_iter().map(|a| ents.take(a)).collect(),
                relay: s.relay.map(|r| ents.take(r)),
                date: s.date,
                source: src(s.span),
            })
            .collect();
        let events = events
            .into_iter()
            .map(|e| RawEvent {
                family: schema.event_family(&e.event_type).to_string(),
                event_type: e.event_type,
                date: e.date,
                date_source: e.date_source,
                place: e.place.map(|p| ents.take(p)),
                participants: e.participants.into_iter().map(|p| ents.take(p)).collect(),
                mode: e.mode,
                text: e.text,
                source: src(e.span),
            })
            .collect();
        let record = DocRecord {
            node: DocumentNode {
                id: doc.id.clone(),
                title: doc.title,
                date: doc.date,
                outlet: doc.outlet,
                url: doc.url,
            },
            mentions,
            provisional,
            statements,
            events,
        };
        self.docs.entry(doc.id).or_default().push(record);
    }

    /// Merges every document added into the graph.
    pub fn finish(self, schema: &Schema) -> KnowledgeGraph {
        let (names, rank) = self.entities.ranks();
        let r = |n: u32| rank[n as usize];

        let mut doc_ids: Vec<String> = Vec::with_capacity(self.docs.len());
        let mut documents: BTreeMap<String, DocumentNode> = BTreeMap::new();
        let mut provisional: BTreeMap<EntityId, Entity> = BTreeMap::new();
        let mut mentions: Vec<(u32, Source)> = Vec::new();
        let mut raw_statements: Vec<RawStatement> = Vec::new();
        let mut raw_events: Vec<RawEvent> = Vec::new();
        for (d, (id, records)) in self.docs.into_iter().enumerate() {
            let d = u32::try_from(d).unwrap_or(u32::MAX);
            for rec in records {
                documents.entry(id.clone()).or_insert(rec.node);
                for (e, span, line) in rec.mentions {
                    mentions.push((r(e), Source { doc: d, span, line }));
                }
                for p in rec.provisional {
                    // Documents come sorted, so the first definition seen is a deterministic
                    // choice.
                    provisional.entry(p.id.clone()).or_insert(p);
                }
                for mut s in rec.statements {
                    s.source.doc = d;
                    s.speaker = r(s.speaker);
                    s.about.iter_mut().for_each(|a| *a = r(*a));
                    s.relay = s.relay.map(r);
                    raw_statements.push(s);
                }
                for mut e in rec.events {
                    e.source.doc = d;
                    e.place = e.place.map(r);
                    e.participants.iter_mut().for_each(|p| *p = r(*p));
                    raw_events.push(e);
                }
            }
            doc_ids.push(id);
        }
        drop(rank);
        let prov = |s: &Source| Provenance {
            doc: doc_ids[s.doc as usize].clone(),
            span: s.span,
            line: s.line,
        };
        let statements = merge_statements(raw_statements, &names, &prov);
        let events = merge_events(raw_events, &names, &doc_ids, &prov);

        // Entities: everything mentioned or referred to (every interned id), in id order.
        mentions.sort_unstable();
        mentions.dedup();
        let mut mentions = mentions.into_iter().peekable();
        let mut entities: BTreeMap<EntityId, EntityNode> = BTreeMap::new();
        for (n, id) in names.iter().enumerate() {
            let n = n as u32;
            let mut own: Vec<Provenance> = Vec::new();
            while let Some((_, s)) = mentions.next_if(|(e, _)| *e == n) {
                own.push(prov(&s));
            }
            let node = match schema.entity(id).or_else(|| provisional.get(id)) {
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
            };
            entities.insert(id.clone(), node);
        }

        let mut g = KnowledgeGraph::new();
        for st in entities.values().flat_map(|e| e.states.iter()) {
            if let Some(se) = schema.entity(st).or_else(|| provisional.get(st)) {
                g.state_names.insert(st.clone(), se.name.clone());
            }
        }

        // Edges, with their ends as positions in the sorted entity, statement, event and
        // document lists (no key strings); sorted by the ends' key order once nodes exist.
        let ent = |id: &EntityId| names.binary_search(id).ok().map(End::Entity);
        let doc = |id: &str| {
            doc_ids
                .binary_search_by(|d| d.as_str().cmp(id))
                .ok()
                .map(End::Document)
        };
        let mut edges: Vec<(End, End, String, Edge)> = Vec::new();
        let mut put = |from: Option<End>, to: Option<End>, edge: Edge, tag: String| {
            if let (Some(f), Some(t)) = (from, to) {
                edges.push((f, t, tag, edge));
            }
        };
        for (i, s) in statements.values().enumerate() {
            let sk = Some(End::Statement(i));
            put(
                ent(&s.speaker),
                sk,
                dated(EdgeKind::Said, s.sources.len(), s.date, s.date),
                String::new(),
            );
            for a in &s.about {
                put(sk, ent(a), Edge::new(EdgeKind::About), String::new());
            }
            for d in docs_of(&s.sources) {
                put(sk, doc(d), Edge::new(EdgeKind::ReportedIn), String::new());
            }
        }
        for (i, v) in events.values().enumerate() {
            let vk = Some(End::Event(i));
            for p in &v.participants {
                put(
                    ent(p),
                    vk,
                    dated(EdgeKind::ParticipatedIn, 1, v.date, v.date),
                    String::new(),
                );
            }
            if let Some(place) = &v.place {
                put(
                    vk,
                    ent(place),
                    dated(EdgeKind::HeldIn, 1, v.date, v.date),
                    String::new(),
                );
            }
            for d in docs_of(&v.sources) {
                put(vk, doc(d), Edge::new(EdgeKind::ReportedIn), String::new());
            }
        }
        for e in entities.values() {
            for r in &e.roles {
                if let Some(of) =
                    r.of.as_ref()
                        .filter(|of| entities.contains_key(*of) && **of != e.id)
                {
                    let mut edge = Edge::new(EdgeKind::HoldsRole);
                    edge.label = Some(r.title.clone());
                    edge.first = r.from;
                    edge.last = r.until;
                    put(ent(&e.id), ent(of), edge, r.title.clone());
                }
            }
            if let Some(se) = schema.entity(&e.id).or_else(|| provisional.get(&e.id)) {
                for p in se
                    .part_of
                    .iter()
                    .filter(|p| entities.contains_key(*p) && **p != e.id)
                {
                    put(
                        ent(&e.id),
                        ent(p),
                        Edge::new(EdgeKind::PartOf),
                        String::new(),
                    );
                }
            }
        }
        // The said_about projection: one edge per (speaker, subject), self-references left out.
        let mut projection: BTreeMap<(&EntityId, &EntityId), Edge> = BTreeMap::new();
        for s in statements.values() {
            for a in s.about.iter().filter(|a| **a != s.speaker) {
                let edge = projection.entry((&s.speaker, a)).or_insert_with(|| {
                    let mut e = Edge::new(EdgeKind::SaidAbout);
                    e.weight = 0;
                    e
                });
                edge.weight += 1;
                *edge.acts.entry(s.act.clone()).or_insert(0) += 1;
                edge.first = min_date(edge.first, s.date);
                edge.last = max_date(edge.last, s.date);
            }
        }
        for ((from, to), edge) in projection {
            put(ent(from), ent(to), edge, String::new());
        }

        // Nodes in key order: entities, statements, events, documents; moved, not copied, now
        // that the edges are drawn.
        let mut ix_of: [Vec<NodeIx>; 4] = Default::default();
        for e in entities.into_values() {
            ix_of[0].push(g.add_node(Node::Entity(e)));
        }
        for s in statements.into_values() {
            ix_of[1].push(g.add_node(Node::Statement(s)));
        }
        for v in events.into_values() {
            ix_of[2].push(g.add_node(Node::Event(v)));
        }
        for d in documents.into_values() {
            ix_of[3].push(g.add_node(Node::Document(d)));
        }
        let ix = |e: End| match e {
            End::Entity(i) => ix_of[0][i],
            End::Statement(i) => ix_of[1][i],
            End::Event(i) => ix_of[2][i],
            End::Document(i) => ix_of[3][i],
        };
        // Each node's position in key order: edges sort as by (kind, from key, to key, tag).
        let mut key_rank = vec![0u32; petgraph::visit::NodeIndexable::node_bound(&g.graph)];
        for (r, (_, n)) in (0u32..).zip(g.keys()) {
            key_rank[n.index()] = r;
        }
        let mut edges: Vec<(EdgeKind, u32, u32, String, NodeIx, NodeIx, Edge)> = edges
            .into_iter()
            .map(|(f, t, tag, edge)| {
                let (a, b) = (ix(f), ix(t));
                (
                    edge.kind,
                    key_rank[a.index()],
                    key_rank[b.index()],
                    tag,
                    a,
                    b,
                    edge,
                )
            })
            .collect();
        // Stable: among edges with the same key the last drawn wins, as a map insert would.
        edges.sort_by(|x, y| (x.0, x.1, x.2, &x.3).cmp(&(y.0, y.1, y.2, &y.3)));
        let mut edges = edges.into_iter().peekable();
        while let Some(e) = edges.next() {
            if edges
                .peek()
                .is_some_and(|n| (n.0, n.1, n.2, &n.3) == (e.0, e.1, e.2, &e.3))
            {
                continue;
            }
            g.add_edge(e.4, e.5, e.6);
        }
        g
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

fn docs_of(sources: &[Provenance]) -> BTreeSet<&str> {
    sources.iter().map(|p| p.doc.as_str()).collect()
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
    let mut words: Vec<String> = Vec::new();
    let mut cur = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if c == '\'' || c == '\u{2019}' {
            // "Russia's" and "Russia’s" are the same word.
            continue;
        } else if !cur.is_empty() {
            words.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    if words.first().is_some_and(|w| w == "that") {
        words.remove(0);
    }
    words.join(" ")
}

/// A short stable hash (FNV-1a, 64 bits) for keys: the same on every machine and run.
pub fn stable_hash(s: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The distinct words of a normalized text, sorted.
fn word_set(norm: &str) -> Vec<&str> {
    let mut w: Vec<&str> = norm.split(' ').filter(|w| !w.is_empty()).collect();
    w.sort_unstable();
    w.dedup();
    w
}

/// Size of the intersection of two sorted, deduplicated lists.
fn common(a: &[&str], b: &[&str]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(b[j]) {
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

fn jaccard(a: &[&str], b: &[&str]) -> f64 {
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

/// Splits statements of the same speaker and normalized text into runs of close dates (the
/// same words said again weeks later are said twice, not reported twice). Undated reports
/// join the run when there is exactly one, else form their own.
fn split_by_date(mut same: Vec<RawStatement>) -> Vec<Vec<RawStatement>> {
    same.sort_by(|a, b| (a.date, &a.source).cmp(&(b.date, &b.source)));
    let (undated, dated): (Vec<RawStatement>, Vec<RawStatement>) =
        same.into_iter().partition(|s| s.date.is_none());
    let mut runs: Vec<Vec<RawStatement>> = Vec::new();
    for s in dated {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|l| close_dates(l.date, s.date)) => run.push(s),
            _ => runs.push(vec![s]),
        }
    }
    match runs.len() {
        0 if !undated.is_empty() => runs.push(undated),
        1 => runs[0].extend(undated),
        _ if !undated.is_empty() => runs.push(undated),
        _ => {}
    }
    runs
}

/// Groups statements that are the same thing said: same speaker, and the same normalized
/// content or nearly the same words, at close dates. Groups are connected components, which
/// do not depend on the order statements arrive in.
fn merge_statements(
    raw: Vec<RawStatement>,
    names: &[EntityId],
    prov: &impl Fn(&Source) -> Provenance,
) -> BTreeMap<String, StatementNode> {
    // Entity numbers are ranks here: they sort like the ids they stand for.
    // Exact groups first: (speaker, normalized text), split into runs of close dates.
    let mut exact: BTreeMap<(u32, String), Vec<RawStatement>> = BTreeMap::new();
    for s in raw {
        exact
            .entry((s.speaker, s.norm.clone()))
            .or_default()
            .push(s);
    }
    let groups: Vec<Vec<RawStatement>> = exact.into_values().flat_map(split_by_date).collect();
    // Near-identical groups of the same speaker: union-find over the exact groups.
    let mut parent: Vec<usize> = (0..groups.len()).collect();
    fn find(p: &mut [usize], mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    // Candidate pairs: same speaker, dates within the window (undated with undated), word
    // counts compatible with the Jaccard threshold. A sliding window over the dates keeps
    // this near-linear for speakers with thousands of statements.
    let mut by_speaker: BTreeMap<u32, Vec<(Option<NaiveDate>, usize)>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        let dates: BTreeSet<Option<NaiveDate>> = g.iter().map(|s| s.date).collect();
        for d in dates {
            by_speaker.entry(g[0].speaker).or_default().push((d, i));
        }
    }
    // Every statement of a group has the same normalized text, so its first one's words are
    // the group's.
    let words: Vec<Vec<&str>> = groups.iter().map(|g| word_set(&g[0].norm)).collect();
    // Pairs are tested as the window meets them, not collected: a speaker with thousands of
    // statements a week has millions. Skipping pairs already joined changes nothing, since
    // components (and their smallest index, the root) do not depend on the order of unions.
    for list in by_speaker.values_mut() {
        list.sort();
        for (n, &(di, i)) in list.iter().enumerate() {
            for &(dj, j) in &list[n + 1..] {
                if !close_dates(di, dj) {
                    break;
                }
                if i == j {
                    continue;
                }
                let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
                if ri == rj {
                    continue;
                }
                let (a, b) = (&words[i], &words[j]);
                let (small, large) = (a.len().min(b.len()) as f64, a.len().max(b.len()) as f64);
                if small < SAME_STATEMENT_JACCARD * large {
                    continue;
                }
                if jaccard(a, b) >= SAME_STATEMENT_JACCARD {
                    parent[ri.max(rj)] = ri.min(rj);
                }
            }
        }
    }
    drop(words);
    let mut merged: BTreeMap<usize, Vec<RawStatement>> = BTreeMap::new();
    for (i, g) in groups.into_iter().enumerate() {
        let r = find(&mut parent, i);
        merged.entry(r).or_default().extend(g);
    }
    let mut out = BTreeMap::new();
    for (_, mut group) in merged {
        group.sort_by(|a, b| (&a.source, &a.norm).cmp(&(&b.source, &b.norm)));
        let Some(first) = group.first() else { continue };
        // The key comes from the smallest normalized text, so it does not depend on which
        // outlet is read first.
        let norm_key = group.iter().map(|s| s.norm.as_str()).min().unwrap_or("");
        let mut key = format!(
            "{}/{}",
            names[first.speaker as usize],
            stable_hash(norm_key)
        );
        // The same words said again at a distant date are another statement: it gets the
        // key with a suffix (groups come in date order, so the earlier keeps the plain key).
        let base = key.clone();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{base}-{n}");
        }
        let mut about: BTreeSet<u32> = BTreeSet::new();
        let mut relays: BTreeSet<u32> = BTreeSet::new();
        let mut sources: BTreeSet<Source> = BTreeSet::new();
        let mut date = None;
        let mut kind = StatementKind::Indirect;
        for s in &group {
            about.extend(s.about.iter().copied());
            relays.extend(s.relay);
            sources.insert(s.source);
            date = min_date(date, s.date);
            if s.kind == StatementKind::Direct {
                kind = StatementKind::Direct;
            }
        }
        out.insert(
            key.clone(),
            StatementNode {
                key,
                speaker: names[first.speaker as usize].clone(),
                kind,
                cue: first.cue.clone(),
                act: first.act.clone(),
                text: first.text.clone(),
                about: about.iter().map(|&a| names[a as usize].clone()).collect(),
                relays: relays.iter().map(|&a| names[a as usize].clone()).collect(),
                date,
                sources: sources.iter().map(prov).collect(),
            },
        );
    }
    out
}

/// Groups events that are one happening: same type family, date and place. A dated event with
/// no place joins the one event of its family and date that has a place, when there is exactly
/// one; an undated event with a place joins the one dated event of its family at that place,
/// when there is exactly one. Undated events without a place are only merged within their
/// document, when family, participants and mode agree ("the talks" mentioned twice).
fn merge_events(
    raw: Vec<RawEvent>,
    names: &[EntityId],
    doc_ids: &[String],
    prov: &impl Fn(&Source) -> Provenance,
) -> BTreeMap<String, EventNode> {
    // Entity numbers are ranks here: they sort like the ids they stand for.
    let mut placed: BTreeMap<(String, NaiveDate), BTreeSet<u32>> = BTreeMap::new();
    let mut dated: BTreeMap<(String, u32), BTreeSet<NaiveDate>> = BTreeMap::new();
    for e in &raw {
        if let (Some(d), Some(p)) = (e.date, e.place) {
            placed.entry((e.family.clone(), d)).or_default().insert(p);
            dated.entry((e.family.clone(), p)).or_default().insert(d);
        }
    }
    let mut groups: BTreeMap<String, Vec<RawEvent>> = BTreeMap::new();
    for mut e in raw {
        if e.place.is_none() {
            if let Some(d) = e.date {
                if let Some(ps) = placed
                    .get(&(e.family.clone(), d))
                    .filter(|ps| ps.len() == 1)
                {
                    e.place = ps.iter().next().copied();
                }
            }
        }
        if e.date.is_none() {
            if let Some(p) = e.place {
                if let Some(ds) = dated.get(&(e.family.clone(), p)).filter(|ds| ds.len() == 1) {
                    e.date = ds.iter().next().copied();
                    e.date_source = EventDateSource::Unknown;
                }
            }
        }
        let key = match (e.date, e.place.map(|p| &names[p as usize])) {
            (Some(d), Some(p)) => format!("{}/{d}/{p}", e.family),
            (Some(d), None) => format!("{}/{d}", e.family),
            (None, Some(p)) => format!("{}/undated/{p}", e.family),
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
                    "{}/undated/{}/{}/{mode}",
                    e.family,
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
    let mut out = BTreeMap::new();
    for (key, mut group) in groups {
        group.sort_by(|a, b| {
            a.source
                .cmp(&b.source)
                .then_with(|| a.event_type.cmp(&b.event_type))
        });
        let Some(first) = group.first() else { continue };
        let mut participants: BTreeSet<u32> = BTreeSet::new();
        let mut sources: BTreeSet<Source> = BTreeSet::new();
        let mut mode = EventMode::Planned;
        let mut date_source = EventDateSource::Unknown;
        for e in &group {
            participants.extend(e.participants.iter().copied());
            sources.insert(e.source);
            mode = mode.min(e.mode);
            date_source = date_source.min(e.date_source);
        }
        out.insert(
            key.clone(),
            EventNode {
                key,
                event_type: first.event_type.clone(),
                date: first.date,
                date_source,
                place: first.place.map(|p| names[p as usize].clone()),
                participants: participants
                    .iter()
                    .map(|&p| names[p as usize].clone())
                    .collect(),
                mode,
                text: first.text.clone(),
                sources: sources.iter().map(prov).collect(),
            },
        );
    }
    out
}
