//! What an export shows: the view (actors, events, full) of the graph after the filters
//! (dates, entity kinds, minimum weight, ego network) and the node cap of diagrams, as flat
//! lists of nodes and edges with synthetic stable ids and display attributes.
//!
//! Every format renders a [`View`], so filtering is written once; escaping for each syntax
//! is the format writers'.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::hash::BuildHasherDefault;

use chrono::NaiveDate;

use crate::graph::build::stable_hash;
use crate::graph::{EdgeKind, KnowledgeGraph, Node, NodeIx};
use crate::schema::is_slug;

use super::ExportError;

/// Which nodes and edges a view shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ViewKind {
    /// Entities and the said_about projection (the default for diagrams).
    Actors,
    /// Actors plus events, with participated_in and held_in.
    Events,
    /// Every node kind and every edge kind.
    Full,
}

impl ViewKind {
    /// Parses `actors`, `events` or `full`.
    pub fn from_name(s: &str) -> Option<ViewKind> {
        match s.to_ascii_lowercase().as_str() {
            "actors" => Some(ViewKind::Actors),
            "events" => Some(ViewKind::Events),
            "full" => Some(ViewKind::Full),
            _ => None,
        }
    }

    /// The name of the view.
    pub fn name(self) -> &'static str {
        match self {
            ViewKind::Actors => "actors",
            ViewKind::Events => "events",
            ViewKind::Full => "full",
        }
    }
}

/// The filters of an export.
#[derive(Debug, Clone)]
pub struct Options {
    /// The view.
    pub view: ViewKind,
    /// Only the ego network of this entity id.
    pub focus: Option<String>,
    /// Radius of the ego network.
    pub depth: usize,
    /// Only facts on or after this date.
    pub since: Option<NaiveDate>,
    /// Only facts on or before this date.
    pub until: Option<NaiveDate>,
    /// said_about edges lighter than this are dropped.
    pub min_weight: u32,
    /// Only entities of these kinds (all when empty).
    pub kinds: Vec<String>,
    /// At most this many nodes, most connected first (no cap when `None`).
    pub max_nodes: Option<usize>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            view: ViewKind::Actors,
            focus: None,
            depth: 1,
            since: None,
            until: None,
            min_weight: 1,
            kinds: Vec::new(),
            max_nodes: None,
        }
    }
}

/// The class of a node, which decides its shape and colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NodeClass {
    /// An entity.
    Entity,
    /// A statement.
    Statement,
    /// An event.
    Event,
    /// A document.
    Document,
}

impl NodeClass {
    /// Lowercase name.
    pub fn name(self) -> &'static str {
        match self {
            NodeClass::Entity => "entity",
            NodeClass::Statement => "statement",
            NodeClass::Event => "event",
            NodeClass::Document => "document",
        }
    }
}

/// A node as exported.
#[derive(Debug, Clone, PartialEq)]
pub struct VNode {
    /// Synthetic id, safe in every format (letters, digits, `_`), stable for the same key.
    pub id: String,
    /// The graph key (`e:...`, `s:...`, `v:...`, `d:...`).
    pub key: String,
    /// Display name.
    pub label: String,
    /// Entity, statement, event or document.
    pub class: NodeClass,
    /// Entity kind, or the class name for other nodes.
    pub kind: String,
    /// Name of the first state the entity belongs to (clusters, affiliation).
    pub state: Option<String>,
    /// Id of that state.
    pub state_id: Option<String>,
    /// The latest office of a person ("Secretary of State").
    pub role: Option<String>,
    /// Found in text, not in the schemas.
    pub provisional: bool,
    /// Number of mentions in the documents.
    pub mentions: u32,
    /// Statements made (entities) in the view.
    pub statements: u32,
    /// Documents carrying it (statements, events).
    pub sources: u32,
    /// Days on which it appears in the view, sorted.
    pub dates: BTreeSet<NaiveDate>,
    /// Sum of the weights of its edges in the view.
    pub degree: u32,
}

/// An edge as exported.
#[derive(Debug, Clone, PartialEq)]
pub struct VEdge {
    /// Synthetic id (`x0`, `x1`... in view order).
    pub id: String,
    /// Id of the source node.
    pub source: String,
    /// Id of the target node.
    pub target: String,
    /// What it means.
    pub kind: EdgeKind,
    /// Statements (said_about), documents (said) or 1.
    pub weight: u32,
    /// Acts and their counts (said_about).
    pub acts: BTreeMap<String, u32>,
    /// Days on which it holds, sorted.
    pub dates: BTreeSet<NaiveDate>,
    /// Role title (holds_role), else empty.
    pub label: String,
}

impl VEdge {
    /// "demand 2, warn 1": every act with its count (for data formats).
    pub fn acts_text(&self) -> String {
        self.acts
            .iter()
            .map(|(a, n)| format!("{a} {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "demand ×2, warn": each act, with its count when above one and there are several acts
    /// (for labels; the total is the weight).
    pub fn acts_label(&self) -> String {
        self.acts
            .iter()
            .map(|(a, n)| {
                if *n > 1 && self.acts.len() > 1 {
                    format!("{a} ×{n}")
                } else {
                    a.clone()
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// First and last day.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }
}

impl VNode {
    /// First and last day.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        Some((*self.dates.first()?, *self.dates.last()?))
    }
}

/// The nodes and edges to export, sorted by id, with what the cap left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct View {
    /// Nodes, sorted by key.
    pub nodes: Vec<VNode>,
    /// Edges, sorted by (kind, source key, target key).
    pub edges: Vec<VEdge>,
    /// Nodes left out by the cap.
    pub omitted_nodes: usize,
    /// Edges left out with them.
    pub omitted_edges: usize,
}

impl View {
    /// True when any two edges join the same ordered pair of nodes.
    pub fn has_parallel_edges(&self) -> bool {
        let mut seen = BTreeSet::new();
        self.edges
            .iter()
            .any(|e| !seen.insert((&e.source, &e.target)))
    }

    /// First and last day of anything in the view.
    pub fn span(&self) -> Option<(NaiveDate, NaiveDate)> {
        let days = self
            .nodes
            .iter()
            .flat_map(|n| n.dates.iter())
            .chain(self.edges.iter().flat_map(|e| e.dates.iter()));
        let (mut lo, mut hi): (Option<NaiveDate>, Option<NaiveDate>) = (None, None);
        for d in days {
            lo = Some(lo.map_or(*d, |l| l.min(*d)));
            hi = Some(hi.map_or(*d, |h| h.max(*d)));
        }
        Some((lo?, hi?))
    }

    /// A note saying what the cap left out, if anything.
    pub fn omitted_note(&self) -> Option<String> {
        (self.omitted_nodes > 0).then(|| {
            format!(
                "{} more node(s) and {} edge(s) not shown (the least connected); --max-nodes 0 shows all",
                self.omitted_nodes, self.omitted_edges
            )
        })
    }
}

/// The synthetic id of a graph key: readable for entities (`e_sergei_lavrov`), a stable hash
/// for the rest, so that ids never need quoting and stay the same across views.
pub fn synthetic_id(key: &str) -> String {
    match key.split_once(':') {
        Some(("e", id)) if is_slug(id) => format!("e_{id}"),
        Some((p, rest)) if matches!(p, "e" | "s" | "v" | "d") => {
            format!("{p}_{}", stable_hash(rest))
        }
        _ => format!("n_{}", stable_hash(key)),
    }
}

/// The view being drawn. Nodes are named by their rank in the graph's key order (a `u32`, no
/// key string); output follows rank order, which is key order.
struct Draft {
    nodes: NodeMap,
    edges: EdgeMap,
}

impl Draft {
    fn edge(&mut self, kind: EdgeKind, from: u32, to: u32) -> &mut VEdge {
        self.edges.edge(kind, from, to)
    }
}

/// Nodes of the view by rank: a slot per graph node pointing into a list (no tree to walk
/// for each of the millions of lookups a large view makes).
struct NodeMap {
    slot: Vec<u32>,
    items: Vec<(u32, VNode)>,
}

/// An empty slot.
const NONE: u32 = u32::MAX;

impl NodeMap {
    fn new(ranks: usize) -> Self {
        NodeMap {
            slot: vec![NONE; ranks],
            items: Vec::new(),
        }
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn pos(&self, r: u32) -> Option<usize> {
        self.slot
            .get(r as usize)
            .filter(|&&p| p != NONE)
            .map(|&p| p as usize)
    }

    fn contains_key(&self, r: &u32) -> bool {
        self.pos(*r).is_some()
    }

    fn get(&self, r: &u32) -> Option<&VNode> {
        self.pos(*r).map(|p| &self.items[p].1)
    }

    fn get_mut(&mut self, r: &u32) -> Option<&mut VNode> {
        self.pos(*r).map(|p| &mut self.items[p].1)
    }

    /// The node of rank `r`, made by `make` if absent.
    fn or_insert_with(&mut self, r: u32, make: impl FnOnce() -> VNode) -> &mut VNode {
        let p = match self.pos(r) {
            Some(p) => p,
            None => self.push(r, make()),
        };
        &mut self.items[p].1
    }

    /// Sets the node of rank `r`, replacing any.
    fn insert(&mut self, r: u32, v: VNode) {
        match self.pos(r) {
            Some(p) => self.items[p].1 = v,
            None => {
                self.push(r, v);
            }
        }
    }

    fn push(&mut self, r: u32, v: VNode) -> usize {
        let p = self.items.len();
        if let Some(s) = self.slot.get_mut(r as usize) {
            *s = u32::try_from(p).unwrap_or(NONE);
        }
        self.items.push((r, v));
        p
    }

    fn iter(&self) -> impl Iterator<Item = (u32, &VNode)> {
        self.items.iter().map(|(r, v)| (*r, v))
    }

    fn values_mut(&mut self) -> impl Iterator<Item = (u32, &mut VNode)> {
        self.items.iter_mut().map(|(r, v)| (*r, v))
    }

    fn retain(&mut self, mut keep: impl FnMut(u32, &VNode) -> bool) {
        self.items.retain(|(r, v)| keep(*r, v));
        self.slot.fill(NONE);
        for (p, (r, _)) in self.items.iter().enumerate() {
            if let Some(s) = self.slot.get_mut(*r as usize) {
                *s = u32::try_from(p).unwrap_or(NONE);
            }
        }
    }

    /// The nodes in rank order.
    fn into_sorted(mut self) -> Vec<VNode> {
        self.items.sort_unstable_by_key(|(r, _)| *r);
        self.items.into_iter().map(|(_, v)| v).collect()
    }
}

/// Multiply-rotate hashing of small integer keys, for lookups only (never iterated).
#[derive(Default)]
struct KeyHasher(u64);

impl std::hash::Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Eight bytes at a time: entity ids are hashed once per statement and subject.
        let mut chunks = bytes.chunks_exact(8);
        let mut word = [0u8; 8];
        for c in &mut chunks {
            word.copy_from_slice(c);
            self.add(u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.add(u64::from(b));
        }
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_isize(&mut self, n: isize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

impl KeyHasher {
    fn add(&mut self, x: u64) {
        self.0 = (self.0.rotate_left(5) ^ x).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

type EdgeKey = (EdgeKind, u32, u32);

/// Edges of the view by (kind, source rank, target rank): looked up through a hash index
/// while the view is drawn, then sorted once ([`EdgeMap::seal`]); `source` and `target` of
/// each `VEdge` are filled in last.
struct EdgeMap {
    index: HashMap<EdgeKey, usize, BuildHasherDefault<KeyHasher>>,
    items: Vec<(EdgeKey, VEdge)>,
}

impl EdgeMap {
    fn new() -> Self {
        EdgeMap {
            index: HashMap::default(),
            items: Vec::new(),
        }
    }

    fn edge(&mut self, kind: EdgeKind, from: u32, to: u32) -> &mut VEdge {
        let key = (kind, from, to);
        let p = match self.index.get(&key) {
            Some(&p) => p,
            None => {
                let p = self.items.len();
                self.index.insert(key, p);
                self.items.push((
                    key,
                    VEdge {
                        id: String::new(),
                        source: String::new(),
                        target: String::new(),
                        kind,
                        weight: 0,
                        acts: BTreeMap::new(),
                        dates: BTreeSet::new(),
                        label: String::new(),
                    },
                ));
                p
            }
        };
        &mut self.items[p].1
    }

    fn contains_key(&self, key: &EdgeKey) -> bool {
        self.index.contains_key(key)
    }

    /// Drops `drop` edges, sorts the rest by key and ends lookups.
    fn seal(&mut self, mut drop: impl FnMut(&VEdge) -> bool) {
        self.index = HashMap::default();
        self.items.retain(|(_, e)| !drop(e));
        self.items.sort_unstable_by_key(|(k, _)| *k);
    }

    fn len(&self) -> usize {
        self.items.len()
    }

    fn iter(&self) -> impl Iterator<Item = (EdgeKey, &VEdge)> {
        self.items.iter().map(|(k, e)| (*k, e))
    }

    fn retain(&mut self, mut keep: impl FnMut(EdgeKey) -> bool) {
        self.items.retain(|(k, _)| keep(*k));
    }
}

/// The graph's nodes in key order: each node's rank, the node of each rank, and the entity
/// ids with their nodes (for lookups without building `e:` keys).
struct Ranks<'g> {
    rank: Vec<Option<u32>>,
    ix: Vec<NodeIx>,
    entities: HashMap<&'g str, NodeIx, BuildHasherDefault<KeyHasher>>,
}

impl<'g> Ranks<'g> {
    fn new(g: &'g KnowledgeGraph) -> Self {
        let mut rank = vec![None; petgraph::visit::NodeIndexable::node_bound(&g.graph)];
        let mut ix = Vec::with_capacity(g.graph.node_count());
        let mut entities = HashMap::default();
        for (r, n) in (0u32..).zip(g.nodes_by_key()) {
            if let Some(slot) = rank.get_mut(n.index()) {
                *slot = Some(r);
            }
            ix.push(n);
            if let Some(Node::Entity(e)) = g.node(n) {
                entities.insert(e.id.as_str(), n);
            }
        }
        Ranks { rank, ix, entities }
    }

    /// The rank of a node (`None` for a node the key index lacks, which no view shows).
    fn of(&self, n: NodeIx) -> Option<u32> {
        self.rank.get(n.index()).copied().flatten()
    }

    /// The node of entity `id`, as `g.entity_ix` finds it.
    fn entity(&self, id: &str) -> Option<NodeIx> {
        self.entities.get(id).copied()
    }
}

fn in_range(d: Option<NaiveDate>, o: &Options) -> bool {
    if o.since.is_none() && o.until.is_none() {
        return true;
    }
    let Some(d) = d else { return false };
    o.since.is_none_or(|s| s <= d) && o.until.is_none_or(|u| d <= u)
}

fn vnode(g: &KnowledgeGraph, _ix: NodeIx, n: &Node) -> VNode {
    let key = n.key();
    let mut v = VNode {
        id: synthetic_id(&key),
        key,
        label: String::new(),
        class: NodeClass::Entity,
        kind: String::new(),
        state: None,
        state_id: None,
        role: None,
        provisional: false,
        mentions: 0,
        statements: 0,
        sources: 0,
        dates: BTreeSet::new(),
        degree: 0,
    };
    match n {
        Node::Entity(e) => {
            v.label = e.name.clone();
            v.kind = e.kind.clone();
            v.provisional = e.provisional;
            v.mentions = u32::try_from(e.mentions.len()).unwrap_or(u32::MAX);
            if let Some(s) = e.states.first() {
                v.state_id = Some(s.to_string());
                v.state = Some(g.state_name(s));
            }
            v.role = role_on(&e.roles, None);
        }
        Node::Statement(s) => {
            v.class = NodeClass::Statement;
            v.kind = "statement".into();
            v.label = s.text.to_string();
            v.sources = count_docs(s.sources.iter().map(|p| &*p.doc));
            v.dates.extend(s.date);
        }
        Node::Event(e) => {
            v.class = NodeClass::Event;
            v.kind = e.event_type.to_string();
            let mut parts = vec![e.event_type.replace('_', " ")];
            if let Some(d) = e.date {
                parts.push(d.to_string());
            }
            if let Some(p) = &e.place {
                parts.push(match g.entity_ix(p).and_then(|i| g.node(i)) {
                    Some(Node::Entity(pe)) => pe.name.clone(),
                    _ => p.to_string(),
                });
            }
            v.label = parts.join(", ");
            v.sources = count_docs(e.sources.iter().map(|p| &*p.doc));
            v.dates.extend(e.date);
        }
        Node::Document(d) => {
            v.class = NodeClass::Document;
            v.kind = "document".into();
            v.label = d.title.clone().unwrap_or_else(|| d.id.clone());
            v.dates.extend(d.date);
        }
    }
    v
}

/// The office held on `date` (the most recently taken one if several), or without a date the
/// current one (no end), else the most recently taken.
fn role_on(roles: &[crate::schema::Role], date: Option<NaiveDate>) -> Option<String> {
    let held = roles.iter().filter(|r| date.is_none() || r.held_on(date));
    held.max_by_key(|r| (r.until.is_none(), r.from))
        .map(|r| r.title.clone())
}

fn count_docs<'a>(docs: impl Iterator<Item = &'a str>) -> u32 {
    u32::try_from(docs.collect::<BTreeSet<_>>().len()).unwrap_or(u32::MAX)
}

/// Computes the view of `g` under `o`.
pub fn view(g: &KnowledgeGraph, o: &Options) -> Result<View, ExportError> {
    let ranks = Ranks::new(g);
    let mut d = Draft {
        nodes: NodeMap::new(ranks.ix.len()),
        edges: EdgeMap::new(),
    };
    let kind_ok = |n: &Node| match n {
        Node::Entity(e) => o.kinds.is_empty() || o.kinds.iter().any(|k| k == &e.kind),
        _ => true,
    };
    let dated = o.since.is_some() || o.until.is_some();
    // An entity's node and rank, looked up by id.
    let entity = |id: &str| {
        let i = ranks.entity(id)?;
        Some((i, g.node(i)?, ranks.of(i)?))
    };
    // Statements in range give said_about, and in the full view the statement nodes too.
    for (r, ix) in (0u32..).zip(g.nodes_by_key()) {
        let Some(n) = g.node(ix) else { continue };
        match n {
            Node::Statement(s) if in_range(s.date, o) => {
                let Some((si, sn, sr)) = entity(s.speaker.as_str()) else {
                    continue;
                };
                if !kind_ok(sn) {
                    continue;
                }
                d.nodes.or_insert_with(sr, || vnode(g, si, sn)).statements += 1;
                for a in s.about.iter().filter(|a| **a != s.speaker) {
                    let Some((ai, an, ar)) = entity(a.as_str()) else {
                        continue;
                    };
                    if !kind_ok(an) {
                        continue;
                    }
                    d.nodes.or_insert_with(ar, || vnode(g, ai, an));
                    let e = d.edge(EdgeKind::SaidAbout, sr, ar);
                    e.weight += 1;
                    match e.acts.get_mut(&*s.act) {
                        Some(c) => *c += 1,
                        None => {
                            e.acts.insert(s.act.to_string(), 1);
                        }
                    }
                    e.dates.extend(s.date);
                }
                if o.view == ViewKind::Full {
                    d.nodes.insert(r, vnode(g, ix, n));
                }
            }
            Node::Event(e) if o.view != ViewKind::Actors && in_range(e.date, o) => {
                d.nodes.insert(r, vnode(g, ix, n));
            }
            Node::Document(doc) if o.view == ViewKind::Full && in_range(doc.date, o) => {
                d.nodes.insert(r, vnode(g, ix, n));
            }
            Node::Entity(_) if o.view == ViewKind::Full && !dated && kind_ok(n) => {
                d.nodes.or_insert_with(r, || vnode(g, ix, n));
            }
            _ => {}
        }
    }
    // Light said_about edges are dropped once all are drawn (`seal` below): the loops
    // below never draw said_about, so this is the same as dropping them here.
    // Graph edges other than said_about, between nodes in the view (entities are added when
    // the other end is an event or statement in the view).
    if o.view != ViewKind::Actors {
        for eix in g.graph.edge_indices() {
            let (Some((a, b)), Some(w)) = (g.graph.edge_endpoints(eix), g.graph.edge_weight(eix))
            else {
                continue;
            };
            let wanted = match o.view {
                ViewKind::Events => matches!(w.kind, EdgeKind::ParticipatedIn | EdgeKind::HeldIn),
                _ => w.kind != EdgeKind::SaidAbout,
            };
            let (Some(na), Some(nb)) = (g.node(a), g.node(b)) else {
                continue;
            };
            if !wanted || !kind_ok(na) || !kind_ok(nb) {
                continue;
            }
            let (Some(ra), Some(rb)) = (ranks.of(a), ranks.of(b)) else {
                continue;
            };
            let a_in = d.nodes.contains_key(&ra);
            let b_in = d.nodes.contains_key(&rb);
            let entity_end_ok = |n: &Node, inside: bool| inside || matches!(n, Node::Entity(_));
            if !(a_in || b_in) || !entity_end_ok(na, a_in) || !entity_end_ok(nb, b_in) {
                continue;
            }
            // Schema edges between two entities need both ends already shown.
            if matches!(w.kind, EdgeKind::HoldsRole | EdgeKind::PartOf) && !(a_in && b_in) {
                continue;
            }
            d.nodes.or_insert_with(ra, || vnode(g, a, na));
            d.nodes.or_insert_with(rb, || vnode(g, b, nb));
            let ve = d.edge(w.kind, ra, rb);
            ve.weight += w.weight.max(1);
            if let Some(l) = w.label() {
                if !ve.label.is_empty() {
                    ve.label.push_str("; ");
                }
                ve.label.push_str(l);
            }
            if w.kind != EdgeKind::HoldsRole {
                ve.dates.extend(w.first);
                ve.dates.extend(w.last);
            }
        }
        // Schema edges whose ends only joined in the loop above.
        if o.view == ViewKind::Full {
            for eix in g.graph.edge_indices() {
                let (Some((a, b)), Some(w)) =
                    (g.graph.edge_endpoints(eix), g.graph.edge_weight(eix))
                else {
                    continue;
                };
                if !matches!(w.kind, EdgeKind::HoldsRole | EdgeKind::PartOf) {
                    continue;
                }
                let (Some(ra), Some(rb)) = (ranks.of(a), ranks.of(b)) else {
                    continue;
                };
                if d.nodes.contains_key(&ra)
                    && d.nodes.contains_key(&rb)
                    && !d.edges.contains_key(&(w.kind, ra, rb))
                {
                    let ve = d.edge(w.kind, ra, rb);
                    ve.weight = 1;
                    ve.label = w.label().unwrap_or_default().to_string();
                }
            }
        }
    }
    d.edges
        .seal(|e| e.kind == EdgeKind::SaidAbout && e.weight < o.min_weight);
    // Entities first appear on the first day they act or are spoken of.
    for ((_, s, t), e) in d.edges.iter() {
        for k in [s, t] {
            if let Some(n) = d.nodes.get_mut(&k) {
                if n.class == NodeClass::Entity {
                    n.dates.extend(e.dates.iter().copied());
                }
            }
        }
    }
    // The office held when the entity last appears in the view.
    for (r, n) in d.nodes.values_mut() {
        let e = ranks.ix.get(r as usize).and_then(|&i| g.node(i));
        if let (Some(last), Some(Node::Entity(e))) = (n.dates.last().copied(), e) {
            n.role = role_on(&e.roles, Some(last)).or_else(|| n.role.clone());
        }
    }
    // Outside the full view, an entity is shown only through its edges.
    if o.view != ViewKind::Full || dated {
        let linked: BTreeSet<u32> = d.edges.iter().flat_map(|((_, s, t), _)| [s, t]).collect();
        d.nodes
            .retain(|k, n| n.class != NodeClass::Entity || linked.contains(&k));
    }
    if let Some(focus) = &o.focus {
        ego(&mut d, g, &ranks, focus, o.depth)?;
    }
    for ((_, s, t), e) in d.edges.iter() {
        for k in [s, t] {
            if let Some(n) = d.nodes.get_mut(&k) {
                n.degree = n.degree.saturating_add(e.weight);
            }
        }
    }
    let (mut omitted_nodes, mut omitted_edges) = (0, 0);
    if let Some(cap) = o.max_nodes.filter(|&c| c > 0 && c < d.nodes.len()) {
        let focus_rank = o
            .focus
            .as_ref()
            .and_then(|f| ranks.entity(f))
            .and_then(|i| ranks.of(i));
        let mut ranked: Vec<(u32, u32)> = d.nodes.iter().map(|(r, n)| (r, n.degree)).collect();
        ranked.sort_by(|a, b| {
            let fa = Some(a.0) == focus_rank;
            let fb = Some(b.0) == focus_rank;
            fb.cmp(&fa).then(b.1.cmp(&a.1)).then(a.0.cmp(&b.0))
        });
        let keep: BTreeSet<u32> = ranked.iter().take(cap).map(|&(r, _)| r).collect();
        omitted_nodes = d.nodes.len() - keep.len();
        d.nodes.retain(|k, _| keep.contains(&k));
        let before = d.edges.len();
        d.edges
            .retain(|(_, s, t)| keep.contains(&s) && keep.contains(&t));
        omitted_edges = before - d.edges.len();
    }
    let mut edges = Vec::with_capacity(d.edges.len());
    for (i, ((_, s, t), mut e)) in d.edges.items.into_iter().enumerate() {
        let (Some(s), Some(t)) = (d.nodes.get(&s), d.nodes.get(&t)) else {
            continue;
        };
        e.source = s.id.clone();
        e.target = t.id.clone();
        e.id = format!("x{i}");
        edges.push(e);
    }
    let nodes: Vec<VNode> = d.nodes.into_sorted();
    Ok(View {
        nodes,
        edges,
        omitted_nodes,
        omitted_edges,
    })
}

/// Keeps the nodes within `depth` hops of `focus` (edges taken both ways).
fn ego(
    d: &mut Draft,
    g: &KnowledgeGraph,
    ranks: &Ranks<'_>,
    focus: &str,
    depth: usize,
) -> Result<(), ExportError> {
    let start = ranks.entity(focus).and_then(|i| ranks.of(i));
    let Some(start) = start.filter(|r| d.nodes.contains_key(r)) else {
        let known = g.by_key(&format!("e:{focus}")).is_some();
        return Err(ExportError::Focus {
            entity: focus.to_string(),
            in_graph: known,
        });
    };
    let mut adj: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for ((_, s, t), _) in d.edges.iter() {
        adj.entry(s).or_default().push(t);
        adj.entry(t).or_default().push(s);
    }
    let mut seen: BTreeSet<u32> = BTreeSet::from([start]);
    let mut queue = VecDeque::from([(start, 0usize)]);
    while let Some((k, dist)) = queue.pop_front() {
        if dist == depth {
            continue;
        }
        for &next in adj.get(&k).into_iter().flatten() {
            if seen.insert(next) {
                queue.push_back((next, dist + 1));
            }
        }
    }
    d.nodes.retain(|k, _| seen.contains(&k));
    d.edges
        .retain(|(_, s, t)| seen.contains(&s) && seen.contains(&t));
    Ok(())
}
