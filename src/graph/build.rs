//! Building the graph from per-document facts: entities merged by id, events by (type family,
//! date, place), statements by (speaker, near-identical content), then the schema edges and the
//! weighted `said_about` projection.
//!
//! Order independence is the invariant here: facts are sorted by document id first, every
//! merge goes through BTreeMaps keyed by stable strings, and nodes and edges enter petgraph in
//! sorted key order, so the same set of documents always gives a byte-identical graph.
//! Reading text is `extract`'s job; drawing and querying are `export`'s and `query`'s.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;

use crate::extract::{DocFacts, EventDateSource, EventMode, StatementKind};
use crate::schema::{Entity, EntityId, Schema};

use super::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, Provenance,
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
        let mut b = Builder::default();
        for f in &facts {
            b.add_doc(schema, f);
        }
        b.finish(schema)
    }
}

/// One statement as read in one document, before merging.
#[derive(Debug, Clone)]
struct RawStatement {
    speaker: EntityId,
    kind: StatementKind,
    cue: String,
    act: String,
    text: String,
    words: BTreeSet<String>,
    norm: String,
    about: Vec<EntityId>,
    relay: Option<EntityId>,
    date: Option<NaiveDate>,
    source: Provenance,
}

/// One event as read in one document, before merging.
#[derive(Debug, Clone)]
struct RawEvent {
    event_type: String,
    family: String,
    date: Option<NaiveDate>,
    date_source: EventDateSource,
    place: Option<EntityId>,
    participants: Vec<EntityId>,
    mode: EventMode,
    text: String,
    source: Provenance,
}

#[derive(Default)]
struct Builder {
    mentions: BTreeMap<EntityId, BTreeSet<Provenance>>,
    /// Entities referred to without a mention span (speakers, places...).
    referred: BTreeSet<EntityId>,
    provisional: BTreeMap<EntityId, Entity>,
    statements: Vec<RawStatement>,
    events: Vec<RawEvent>,
    documents: BTreeMap<String, DocumentNode>,
}

impl Builder {
    fn add_doc(&mut self, schema: &Schema, f: &DocFacts) {
        let doc = &f.doc.id;
        self.documents
            .entry(doc.clone())
            .or_insert_with(|| DocumentNode {
                id: doc.clone(),
                title: f.doc.title.clone(),
                date: f.doc.date,
                outlet: f.doc.outlet.clone(),
                url: f.doc.url.clone(),
            });
        for m in &f.mentions {
            self.mentions
                .entry(m.entity.clone())
                .or_default()
                .insert(Provenance {
                    doc: doc.clone(),
                    span: m.span,
                    line: f.doc.line_of(m.span.start),
                });
        }
        for p in &f.provisional {
            // Documents come sorted, so the first definition seen is a deterministic choice.
            self.provisional
                .entry(p.id.clone())
                .or_insert_with(|| p.clone());
        }
        for s in &f.statements {
            self.referred.insert(s.speaker.clone());
            self.referred.extend(s.about.iter().cloned());
            self.referred.extend(s.relay.iter().cloned());
            let norm = normalize(&s.text);
            self.statements.push(RawStatement {
                speaker: s.speaker.clone(),
                kind: s.kind,
                cue: s.cue.clone(),
                act: s.act.clone(),
                text: s.text.clone(),
                words: norm
                    .split(' ')
                    .filter(|w| !w.is_empty())
                    .map(str::to_string)
                    .collect(),
                norm,
                about: s.about.clone(),
                relay: s.relay.clone(),
                date: s.date,
                source: Provenance {
                    doc: doc.clone(),
                    span: s.span,
                    line: f.doc.line_of(s.span.start),
                },
            });
        }
        for e in &f.events {
            self.referred.extend(e.participants.iter().cloned());
            self.referred.extend(e.place.iter().cloned());
            self.events.push(RawEvent {
                event_type: e.event_type.clone(),
                family: schema.event_family(&e.event_type).to_string(),
                date: e.date,
                date_source: e.date_source,
                place: e.place.clone(),
                participants: e.participants.clone(),
                mode: e.mode,
                text: e.text.clone(),
                source: Provenance {
                    doc: doc.clone(),
                    span: e.span,
                    line: f.doc.line_of(e.span.start),
                },
            });
        }
    }

    fn finish(self, schema: &Schema) -> KnowledgeGraph {
        let statements = merge_statements(self.statements);
        let events = merge_events(self.events);

        // Entities: everything mentioned or referred to.
        let mut ids: BTreeSet<EntityId> = self.mentions.keys().cloned().collect();
        ids.extend(self.referred.iter().cloned());
        let mut entities: BTreeMap<EntityId, EntityNode> = BTreeMap::new();
        for id in ids {
            let mentions: Vec<Provenance> = self
                .mentions
                .get(&id)
                .map(|m| m.iter().cloned().collect())
                .unwrap_or_default();
            let node = match schema.entity(&id).or_else(|| self.provisional.get(&id)) {
                Some(e) => EntityNode {
                    id: id.clone(),
                    kind: e.kind.clone(),
                    name: e.name.clone(),
                    aliases: e.aliases.clone(),
                    gender: e.gender,
                    roles: e.roles.clone(),
                    states: states_of(schema, e),
                    provisional: e.provisional || schema.entity(&id).is_none(),
                    mentions,
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
                    mentions,
                },
            };
            entities.insert(id, node);
        }

        let mut g = KnowledgeGraph::new();
        for st in entities.values().flat_map(|e| e.states.iter()) {
            if let Some(se) = schema.entity(st).or_else(|| self.provisional.get(st)) {
                g.state_names.insert(st.clone(), se.name.clone());
            }
        }
        // Nodes in key order: entities, statements, events, documents.
        for e in entities.values() {
            g.add_node(Node::Entity(e.clone()));
        }
        for s in statements.values() {
            g.add_node(Node::Statement(s.clone()));
        }
        for v in events.values() {
            g.add_node(Node::Event(v.clone()));
        }
        for d in self.documents.values() {
            g.add_node(Node::Document(d.clone()));
        }

        // Edges, collected in a sorted map first so their order is fixed too.
        let mut edges: BTreeMap<(EdgeKind, String, String, String), Edge> = BTreeMap::new();
        let mut put = |from: String, to: String, edge: Edge, tag: String| {
            edges.insert((edge.kind, from, to, tag), edge);
        };
        let ek = |id: &EntityId| format!("e:{id}");
        for s in statements.values() {
            let sk = format!("s:{}", s.key);
            put(
                ek(&s.speaker),
                sk.clone(),
                dated(EdgeKind::Said, s.sources.len(), s.date, s.date),
                String::new(),
            );
            for a in &s.about {
                put(sk.clone(), ek(a), Edge::new(EdgeKind::About), String::new());
            }
            for doc in docs_of(&s.sources) {
                put(
                    sk.clone(),
                    format!("d:{doc}"),
                    Edge::new(EdgeKind::ReportedIn),
                    String::new(),
                );
            }
        }
        for v in events.values() {
            let vk = format!("v:{}", v.key);
            for p in &v.participants {
                put(
                    ek(p),
                    vk.clone(),
                    dated(EdgeKind::ParticipatedIn, 1, v.date, v.date),
                    String::new(),
                );
            }
            if let Some(place) = &v.place {
                put(
                    vk.clone(),
                    ek(place),
                    dated(EdgeKind::HeldIn, 1, v.date, v.date),
                    String::new(),
                );
            }
            for doc in docs_of(&v.sources) {
                put(
                    vk.clone(),
                    format!("d:{doc}"),
                    Edge::new(EdgeKind::ReportedIn),
                    String::new(),
                );
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
                    put(ek(&e.id), ek(of), edge, r.title.clone());
                }
            }
            if let Some(se) = schema.entity(&e.id).or_else(|| self.provisional.get(&e.id)) {
                for p in se
                    .part_of
                    .iter()
                    .filter(|p| entities.contains_key(*p) && **p != e.id)
                {
                    put(ek(&e.id), ek(p), Edge::new(EdgeKind::PartOf), String::new());
                }
            }
        }
        // The said_about projection: one edge per (speaker, subject), self-references left out.
        let mut projection: BTreeMap<(EntityId, EntityId), Edge> = BTreeMap::new();
        for s in statements.values() {
            for a in s.about.iter().filter(|a| **a != s.speaker) {
                let edge = projection
                    .entry((s.speaker.clone(), a.clone()))
                    .or_insert_with(|| {
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
            put(ek(&from), ek(&to), edge, String::new());
        }
        for ((_, from, to, _), edge) in edges {
            if let (Some(a), Some(b)) = (g.by_key(&from), g.by_key(&to)) {
                g.add_edge(a, b, edge);
            }
        }
        g
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

fn jaccard(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let inter = a.intersection(b).count() as f64;
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
fn merge_statements(raw: Vec<RawStatement>) -> BTreeMap<String, StatementNode> {
    // Exact groups first: (speaker, normalized text), split into runs of close dates.
    let mut exact: BTreeMap<(EntityId, String), Vec<RawStatement>> = BTreeMap::new();
    for s in raw {
        exact
            .entry((s.speaker.clone(), s.norm.clone()))
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
    let mut by_speaker: BTreeMap<&EntityId, Vec<(Option<NaiveDate>, usize)>> = BTreeMap::new();
    for (i, g) in groups.iter().enumerate() {
        let dates: BTreeSet<Option<NaiveDate>> = g.iter().map(|s| s.date).collect();
        for d in dates {
            by_speaker.entry(&g[0].speaker).or_default().push((d, i));
        }
    }
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for list in by_speaker.values_mut() {
        list.sort();
        for (n, &(di, i)) in list.iter().enumerate() {
            for &(dj, j) in &list[n + 1..] {
                if !close_dates(di, dj) {
                    break;
                }
                if i != j {
                    pairs.insert((i.min(j), i.max(j)));
                }
            }
        }
    }
    for (i, j) in pairs {
        let (a, b) = (&groups[i][0].words, &groups[j][0].words);
        let (small, large) = (a.len().min(b.len()) as f64, a.len().max(b.len()) as f64);
        if small < SAME_STATEMENT_JACCARD * large {
            continue;
        }
        if jaccard(a, b) >= SAME_STATEMENT_JACCARD {
            let (ri, rj) = (find(&mut parent, i), find(&mut parent, j));
            if ri != rj {
                parent[ri.max(rj)] = ri.min(rj);
            }
        }
    }
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
        let mut key = format!("{}/{}", first.speaker, stable_hash(norm_key));
        // The same words said again at a distant date are another statement: it gets the
        // key with a suffix (groups come in date order, so the earlier keeps the plain key).
        let base = key.clone();
        let mut n = 1;
        while out.contains_key(&key) {
            n += 1;
            key = format!("{base}-{n}");
        }
        let mut about: BTreeSet<EntityId> = BTreeSet::new();
        let mut relays: BTreeSet<EntityId> = BTreeSet::new();
        let mut sources: BTreeSet<Provenance> = BTreeSet::new();
        let mut date = None;
        let mut kind = StatementKind::Indirect;
        for s in &group {
            about.extend(s.about.iter().cloned());
            relays.extend(s.relay.iter().cloned());
            sources.insert(s.source.clone());
            date = min_date(date, s.date);
            if s.kind == StatementKind::Direct {
                kind = StatementKind::Direct;
            }
        }
        out.insert(
            key.clone(),
            StatementNode {
                key,
                speaker: first.speaker.clone(),
                kind,
                cue: first.cue.clone(),
                act: first.act.clone(),
                text: first.text.clone(),
                about: about.into_iter().collect(),
                relays: relays.into_iter().collect(),
                date,
                sources: sources.into_iter().collect(),
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
fn merge_events(raw: Vec<RawEvent>) -> BTreeMap<String, EventNode> {
    let mut placed: BTreeMap<(String, NaiveDate), BTreeSet<EntityId>> = BTreeMap::new();
    let mut dated: BTreeMap<(String, EntityId), BTreeSet<NaiveDate>> = BTreeMap::new();
    for e in &raw {
        if let (Some(d), Some(p)) = (e.date, &e.place) {
            placed
                .entry((e.family.clone(), d))
                .or_default()
                .insert(p.clone());
            dated
                .entry((e.family.clone(), p.clone()))
                .or_default()
                .insert(d);
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
                    e.place = ps.iter().next().cloned();
                }
            }
        }
        if e.date.is_none() {
            if let Some(p) = &e.place {
                if let Some(ds) = dated
                    .get(&(e.family.clone(), p.clone()))
                    .filter(|ds| ds.len() == 1)
                {
                    e.date = ds.iter().next().copied();
                    e.date_source = EventDateSource::Unknown;
                }
            }
        }
        let key = match (e.date, &e.place) {
            (Some(d), Some(p)) => format!("{}/{d}/{p}", e.family),
            (Some(d), None) => format!("{}/{d}", e.family),
            (None, Some(p)) => format!("{}/undated/{p}", e.family),
            (None, None) => {
                let who: Vec<&str> = e.participants.iter().map(EntityId::as_str).collect();
                let mode = match e.mode {
                    EventMode::Past => "past",
                    EventMode::Planned => "planned",
                };
                format!(
                    "{}/undated/{}/{}/{mode}",
                    e.family,
                    e.source.doc,
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
        let mut participants: BTreeSet<EntityId> = BTreeSet::new();
        let mut sources: BTreeSet<Provenance> = BTreeSet::new();
        let mut mode = EventMode::Planned;
        let mut date_source = EventDateSource::Unknown;
        for e in &group {
            participants.extend(e.participants.iter().cloned());
            sources.insert(e.source.clone());
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
                place: first.place.clone(),
                participants: participants.into_iter().collect(),
                mode,
                text: first.text.clone(),
                sources: sources.into_iter().collect(),
            },
        );
    }
    out
}
