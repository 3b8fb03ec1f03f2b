//! Walks over the graph: `neighbors` (the nodes within a radius, by edge kind and
//! direction) and `path` (the shortest chain of relations between two actors, or every
//! simple chain up to a length), each edge with its evidence.
//!
//! Walks visit neighbours in node-key order, so results do not depend on how the graph was
//! built or loaded. The relations themselves come from `graph`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use petgraph::stable_graph::EdgeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};
use petgraph::Direction as Dir;
use serde::Serialize;

use super::render::{Render, Table};
use super::said::first_cite;
use super::{Cite, Query, QueryError};
use crate::graph::{Edge, EdgeKind, Node, NodeIx};
use crate::schema::EntityId;

/// Which way edges are followed from a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Edges leaving the node.
    Out,
    /// Edges entering the node.
    In,
    /// Both.
    Both,
}

impl Direction {
    /// Parses `in`, `out` or `both`.
    pub fn parse(s: &str) -> Result<Direction, QueryError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "out" | "outgoing" => Ok(Direction::Out),
            "in" | "incoming" => Ok(Direction::In),
            "both" | "any" => Ok(Direction::Both),
            _ => Err(QueryError::BadValue {
                what: "direction",
                given: s.to_string(),
                expected: "one of in, out, both".into(),
            }),
        }
    }

    fn dirs(self) -> &'static [Dir] {
        match self {
            Direction::Out => &[Dir::Outgoing],
            Direction::In => &[Dir::Incoming],
            Direction::Both => &[Dir::Outgoing, Dir::Incoming],
        }
    }
}

/// How far and along what `neighbors` walks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NeighborOptions {
    /// Radius in edges (1 = adjacent nodes).
    pub depth: usize,
    /// Only edges of this kind.
    pub edge: Option<EdgeKind>,
    /// Which way edges are followed.
    pub direction: Direction,
}

impl Default for NeighborOptions {
    fn default() -> Self {
        NeighborOptions {
            depth: 1,
            edge: None,
            direction: Direction::Both,
        }
    }
}

/// One edge reaching a node for the first time, as `neighbors` reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NeighborRow {
    /// Distance from the start node.
    pub depth: usize,
    /// The node reached: an entity id, or the key of another node.
    pub node: String,
    /// Its kind: entity kind, or statement, event, document.
    pub node_kind: String,
    /// A short description of it.
    pub label: String,
    /// The node it was reached from.
    pub from: String,
    /// The edge kind.
    pub edge: String,
    /// `out` when the edge goes from `from` to `node`, `in` otherwise.
    pub direction: String,
    /// Edge weight (number of statements for said_about).
    pub weight: u32,
    /// Acts and dates of said_about, the title of holds_role.
    pub detail: String,
    /// Where the relation was read (none for schema relations).
    pub evidence: Vec<Cite>,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hop {
    /// Node the step starts from (entity id or node key).
    pub from: String,
    /// Node it reaches.
    pub to: String,
    /// Short description of `to`.
    pub to_label: String,
    /// Relation (edge kind).
    pub relation: String,
    /// True when the edge points from `from` to `to`.
    pub forward: bool,
    /// Edge weight.
    pub weight: u32,
    /// Acts and dates of said_about, the title of holds_role.
    pub detail: String,
    /// Where the relation was read (none for schema relations).
    pub evidence: Vec<Cite>,
}

/// A chain of relations between two nodes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathResult {
    /// Start node.
    pub from: String,
    /// End node.
    pub to: String,
    /// Number of steps.
    pub len: usize,
    /// The steps in order.
    pub hops: Vec<Hop>,
}

/// Most citations given for one edge (a said_about edge may stand for thousands of
/// statements; its weight counts them all).
pub const MAX_CITES: usize = 10;

/// Citations of said_about edges, gathered once per query from whichever end of the edges
/// a query walks around: by speaker (then target), or by target (then speaker).
#[derive(Debug, Default)]
pub(super) struct SaidAboutCites {
    by_speaker: BTreeMap<NodeIx, BTreeMap<EntityId, Vec<Cite>>>,
    by_target: BTreeMap<NodeIx, BTreeMap<EntityId, Vec<Cite>>>,
}

impl SaidAboutCites {
    pub(super) fn new() -> Self {
        Self::default()
    }
}

/// The steps of a path: node reached, edge taken, and whether the edge points forward.
type Steps = Vec<(NodeIx, EdgeIndex<u32>, bool)>;

/// Relations a path may follow, in either direction.
pub const PATH_EDGES: [EdgeKind; 4] = [
    EdgeKind::SaidAbout,
    EdgeKind::ParticipatedIn,
    EdgeKind::PartOf,
    EdgeKind::HoldsRole,
];

impl Query<'_> {
    /// The name a row shows for a node: entity id, or node key.
    fn node_name(&self, ix: NodeIx) -> String {
        match self.kg.node(ix) {
            Some(Node::Entity(e)) => e.id.to_string(),
            Some(n) => n.key(),
            None => String::from("?"),
        }
    }

    fn node_kind(&self, ix: NodeIx) -> String {
        match self.kg.node(ix) {
            Some(Node::Entity(e)) => e.kind.clone(),
            Some(Node::Statement(_)) => "statement".into(),
            Some(Node::Event(_)) => "event".into(),
            Some(Node::Document(_)) => "document".into(),
            None => "?".into(),
        }
    }

    /// Edges of `ix` matching `kinds` (all when `None`), in `dirs`, as (other end, edge,
    /// outgoing), sorted by the other end's key, then kind, outgoing first.
    fn incident(
        &self,
        ix: NodeIx,
        kinds: Option<&[EdgeKind]>,
        dirs: &[Dir],
    ) -> Vec<(NodeIx, EdgeIndex<u32>, bool)> {
        let mut v = Vec::new();
        for &d in dirs {
            for e in self.kg.graph.edges_directed(ix, d) {
                if kinds.is_some_and(|ks| !ks.contains(&e.weight().kind)) {
                    continue;
                }
                let out = d == Dir::Outgoing;
                let other = if out { e.target() } else { e.source() };
                v.push((other, e.id(), out));
            }
        }
        v.sort_by_key(|&(n, e, out)| {
            (
                self.rank_of(n),
                self.kg.graph.edge_weight(e).map(|w| w.kind),
                !out,
                e.index(),
            )
        });
        v
    }

    /// Evidence of an edge: the statements or events it stands for (at most
    /// [`MAX_CITES`], the first in document order). The citations of said_about edges are
    /// kept in `cache`: walking a talkative speaker's statements once per edge would make a
    /// hub's neighbours quadratic. `around` is the node the query walks around, whose
    /// statements (said or heard) are then gathered once for all its edges.
    pub(super) fn edge_evidence_with(
        &self,
        e: EdgeIndex<u32>,
        cache: &mut SaidAboutCites,
        around: Option<NodeIx>,
    ) -> Vec<Cite> {
        let (Some(w), Some((a, b))) = (
            self.kg.graph.edge_weight(e),
            self.kg.graph.edge_endpoints(e),
        ) else {
            return vec![];
        };
        let mut v = match w.kind {
            EdgeKind::Said | EdgeKind::ParticipatedIn => self.sources_of(b),
            EdgeKind::About | EdgeKind::HeldIn => self.sources_of(a),
            EdgeKind::ReportedIn => {
                let doc = match self.kg.node(b) {
                    Some(Node::Document(d)) => d.id.as_str(),
                    _ => "",
                };
                self.sources_of(a)
                    .into_iter()
                    .filter(|c| c.doc == doc)
                    .collect()
            }
            EdgeKind::SaidAbout => {
                let (Some(Node::Entity(speaker)), Some(Node::Entity(target))) =
                    (self.kg.node(a), self.kg.node(b))
                else {
                    return vec![];
                };
                let by_speaker = match around {
                    _ if cache.by_speaker.contains_key(&a) => true,
                    _ if cache.by_target.contains_key(&b) => false,
                    Some(n) if n == a => true,
                    Some(n) if n == b => false,
                    // A lone edge: gather from the end with fewer edges.
                    _ => {
                        self.kg.graph.edges_directed(a, Dir::Outgoing).count()
                            <= self.kg.graph.edges_directed(b, Dir::Incoming).count()
                    }
                };
                let found = if by_speaker {
                    let m = cache
                        .by_speaker
                        .entry(a)
                        .or_insert_with(|| self.said_about_cites(a, Dir::Outgoing));
                    m.get(&target.id)
                } else {
                    let m = cache
                        .by_target
                        .entry(b)
                        .or_insert_with(|| self.said_about_cites(b, Dir::Incoming));
                    m.get(&speaker.id)
                };
                found.cloned().unwrap_or_default()
            }
            EdgeKind::HoldsRole | EdgeKind::PartOf => vec![],
        };
        v.truncate(MAX_CITES);
        v
    }

    /// Citations of everything the entity at `ix` said (`Outgoing`), by target, or of
    /// everything said about it (`Incoming`), by speaker; each list sorted, at most
    /// [`MAX_CITES`].
    fn said_about_cites(&self, ix: NodeIx, dir: Dir) -> BTreeMap<EntityId, Vec<Cite>> {
        let mut m: BTreeMap<EntityId, Vec<Cite>> = BTreeMap::new();
        let kind = if dir == Dir::Outgoing {
            EdgeKind::Said
        } else {
            EdgeKind::About
        };
        for e in self.kg.graph.edges_directed(ix, dir) {
            if e.weight().kind != kind {
                continue;
            }
            let st = if dir == Dir::Outgoing {
                e.target()
            } else {
                e.source()
            };
            if let Some(Node::Statement(s)) = self.kg.node(st) {
                let others = if dir == Dir::Outgoing {
                    &s.about[..]
                } else {
                    std::slice::from_ref(&s.speaker)
                };
                for t in others {
                    let v = m.entry(t.clone()).or_default();
                    v.extend(s.sources.iter().map(|p| self.cite(p)));
                    // Keep lists short as they grow: only the first citations are kept.
                    if v.len() > 4 * MAX_CITES {
                        v.sort();
                        v.dedup();
                        v.truncate(MAX_CITES);
                    }
                }
            }
        }
        for v in m.values_mut() {
            v.sort();
            v.dedup();
            v.truncate(MAX_CITES);
        }
        m
    }

    fn sources_of(&self, ix: NodeIx) -> Vec<Cite> {
        match self.kg.node(ix) {
            Some(Node::Statement(s)) => self.cites(&s.sources),
            Some(Node::Event(v)) => self.cites(&v.sources),
            _ => vec![],
        }
    }

    /// The nodes within `opts.depth` edges of `name` (an entity name or a node key), one row
    /// per edge that first reaches a node, nearest first, then by node key.
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Direction, NeighborOptions, Query};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// use newsgraph::graph::EdgeKind;
    /// let opts = NeighborOptions { depth: 1, edge: Some(EdgeKind::SaidAbout), direction: Direction::In };
    /// let rows = q.neighbors("nato", &opts)?;
    /// let speakers: Vec<&str> = rows.iter().map(|r| r.node.as_str()).collect();
    /// assert_eq!(speakers, ["antony_blinken", "dmytro_kuleba", "sergei_lavrov"]);
    /// # Ok::<(), newsgraph::query::QueryError>(())
    /// ```
    pub fn neighbors(
        &self,
        name: &str,
        opts: &NeighborOptions,
    ) -> Result<Vec<NeighborRow>, QueryError> {
        let start = self.resolve_node(name)?;
        let kinds = opts.edge.map(|k| [k]);
        // Depth at which each node was first reached; a node reached again at the same
        // depth from another node gets a row for that edge too.
        let mut found = vec![usize::MAX; self.kg.graph.node_bound()];
        found[start.index()] = 0;
        let mut frontier = vec![start];
        let mut rows = Vec::new();
        let mut cache = SaidAboutCites::new();
        for depth in 1..=opts.depth {
            let mut next: Vec<NodeIx> = Vec::new();
            for &n in &frontier {
                for (other, e, out) in
                    self.incident(n, kinds.as_ref().map(|k| &k[..]), opts.direction.dirs())
                {
                    let f = &mut found[other.index()];
                    if *f < depth {
                        continue;
                    }
                    if *f == usize::MAX {
                        *f = depth;
                        next.push(other);
                    }
                    let Some(w) = self.kg.graph.edge_weight(e) else {
                        continue;
                    };
                    rows.push((
                        depth,
                        self.rank_of(other),
                        self.rank_of(n),
                        NeighborRow {
                            depth,
                            node: self.node_name(other),
                            node_kind: self.node_kind(other),
                            label: self.label(other),
                            from: self.node_name(n),
                            edge: w.kind.name().into(),
                            direction: if out { "out" } else { "in" }.into(),
                            weight: w.weight,
                            detail: detail(w),
                            evidence: self.edge_evidence_with(e, &mut cache, Some(n)),
                        },
                    ));
                }
            }
            next.sort_by_key(|&n| self.rank_of(n));
            frontier = next;
            if frontier.is_empty() {
                break;
            }
        }
        // Stable: rows of one node keep the edge order of `incident`.
        rows.sort_by_key(|r| (r.0, r.1, r.2));
        Ok(rows.into_iter().map(|r| r.3).collect())
    }

    fn hop(
        &self,
        from: NodeIx,
        to: NodeIx,
        e: EdgeIndex<u32>,
        forward: bool,
        cache: &mut SaidAboutCites,
    ) -> Hop {
        let w = self.kg.graph.edge_weight(e);
        Hop {
            from: self.node_name(from),
            to: self.node_name(to),
            to_label: self.label(to),
            relation: w.map_or("?", |w| w.kind.name()).into(),
            forward,
            weight: w.map_or(0, |w| w.weight),
            detail: w.map(detail).unwrap_or_default(),
            evidence: self.edge_evidence_with(e, cache, None),
        }
    }

    /// The path through `steps` (node reached, edge, forward) from `start`.
    fn path_result(
        &self,
        start: NodeIx,
        steps: &[(NodeIx, EdgeIndex<u32>, bool)],
        cache: &mut SaidAboutCites,
    ) -> PathResult {
        let mut hops = Vec::with_capacity(steps.len());
        let mut prev = start;
        for &(n, e, fw) in steps {
            hops.push(self.hop(prev, n, e, fw, cache));
            prev = n;
        }
        PathResult {
            from: self.node_name(start),
            to: self.node_name(prev),
            len: hops.len(),
            hops,
        }
    }

    /// Relation neighbours of a node for paths: one edge per neighbour (the first in key
    /// order), never through documents or statements.
    fn path_steps(&self, n: NodeIx) -> Vec<(NodeIx, EdgeIndex<u32>, bool)> {
        let mut v = self.incident(n, Some(&PATH_EDGES), &[Dir::Outgoing, Dir::Incoming]);
        v.dedup_by_key(|s| s.0);
        v
    }

    /// The shortest chain of relations (said_about, participated_in, part_of, holds_role,
    /// followed either way) from `from` to `to`, with the evidence of every hop; `None` when
    /// they are not connected. Among chains of equal length, the first in node-key order.
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Query};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// let path = q.path("Antony Blinken", "Dmytro Kuleba")?.expect("connected");
    /// let hops: Vec<String> = path.hops.iter().map(|h| format!("{} {}", h.relation, h.to)).collect();
    /// assert_eq!(hops, ["said_about nato", "said_about dmytro_kuleba"]);
    /// assert!(!path.hops[0].evidence.is_empty());
    /// # Ok::<(), newsgraph::query::QueryError>(())
    /// ```
    pub fn path(&self, from: &str, to: &str) -> Result<Option<PathResult>, QueryError> {
        let (a, b) = (self.resolve_node(from)?, self.resolve_node(to)?);
        let mut parent: Vec<Option<(NodeIx, EdgeIndex<u32>, bool)>> =
            vec![None; self.kg.graph.node_bound()];
        let mut seen = vec![false; self.kg.graph.node_bound()];
        seen[a.index()] = true;
        let mut queue = VecDeque::from([a]);
        // Stop as soon as `b` is reached: its parent is already the first in key order.
        'bfs: while let Some(n) = queue.pop_front() {
            for (m, e, out) in self.path_steps(n) {
                if !seen[m.index()] {
                    seen[m.index()] = true;
                    parent[m.index()] = Some((n, e, out));
                    if m == b {
                        break 'bfs;
                    }
                    queue.push_back(m);
                }
            }
        }
        if !seen[b.index()] {
            return Ok(None);
        }
        let mut steps = Vec::new();
        let mut cur = b;
        while let Some((p, e, out)) = parent[cur.index()] {
            steps.push((cur, e, out));
            cur = p;
        }
        steps.reverse();
        Ok(Some(self.path_result(
            a,
            &steps,
            &mut SaidAboutCites::new(),
        )))
    }

    /// Every simple chain of relations from `from` to `to` of at most `max_len` hops,
    /// shortest first, then in node-key order; at most `limit` of them.
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Query};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// let paths = q.all_paths("antony_blinken", "dmytro_kuleba", 4, 100)?;
    /// assert_eq!(paths[0].len, 2);
    /// assert!(paths.windows(2).all(|w| w[0].len <= w[1].len));
    /// # Ok::<(), newsgraph::query::QueryError>(())
    /// ```
    pub fn all_paths(
        &self,
        from: &str,
        to: &str,
        max_len: usize,
        limit: usize,
    ) -> Result<Vec<PathResult>, QueryError> {
        let (a, b) = (self.resolve_node(from)?, self.resolve_node(to)?);
        // Distance to `b` of every node within `max_len`, to prune chains that cannot
        // reach it in the hops left.
        let mut dist = vec![usize::MAX; self.kg.graph.node_bound()];
        dist[b.index()] = 0;
        let mut queue = VecDeque::from([b]);
        while let Some(n) = queue.pop_front() {
            let d = dist[n.index()];
            if d >= max_len {
                continue;
            }
            for (m, _, _) in self.path_steps(n) {
                if dist[m.index()] == usize::MAX {
                    dist[m.index()] = d + 1;
                    queue.push_back(m);
                }
            }
        }
        let mut out: Vec<Steps> = Vec::new();
        if a == b || dist[a.index()] == usize::MAX {
            return Ok(vec![]);
        }
        for len in dist[a.index()]..=max_len {
            let mut stack = Vec::new();
            let mut on_path = BTreeSet::from([a]);
            self.dfs(a, b, len, &dist, &mut on_path, &mut stack, &mut out, limit);
            if out.len() >= limit {
                break;
            }
        }
        let mut cache = SaidAboutCites::new();
        Ok(out
            .iter()
            .map(|steps| self.path_result(a, steps, &mut cache))
            .collect())
    }

    #[allow(clippy::too_many_arguments)]
    fn dfs(
        &self,
        start: NodeIx,
        b: NodeIx,
        len: usize,
        dist: &[usize],
        on_path: &mut BTreeSet<NodeIx>,
        stack: &mut Steps,
        out: &mut Vec<Steps>,
        limit: usize,
    ) {
        if out.len() >= limit {
            return;
        }
        let n = stack.last().map_or(start, |s| s.0);
        if n == b {
            if stack.len() == len {
                out.push(stack.clone());
            }
            return;
        }
        let left = len - stack.len();
        for (m, e, fw) in self.path_steps(n) {
            if on_path.contains(&m) || dist[m.index()] > left.saturating_sub(1) {
                continue;
            }
            on_path.insert(m);
            stack.push((m, e, fw));
            self.dfs(start, b, len, dist, on_path, stack, out, limit);
            stack.pop();
            on_path.remove(&m);
            if out.len() >= limit {
                return;
            }
        }
    }
}

/// Acts and dates of a said_about edge, the title of a holds_role edge.
fn detail(w: &Edge) -> String {
    let mut parts: Vec<String> = w.acts().map(|(a, n)| format!("{a} {n}")).collect();
    match (w.first, w.last) {
        (Some(f), Some(l)) if f != l => parts.push(format!("{f}..{l}")),
        (Some(d), _) | (None, Some(d)) => parts.push(d.to_string()),
        (None, None) => {}
    }
    if let Some(l) = w.label() {
        parts.push(l.to_string());
    }
    parts.join(", ")
}

fn evidence_cell(edge: &str, ev: &[Cite]) -> String {
    if ev.is_empty() && (edge == "holds_role" || edge == "part_of") {
        "schema".into()
    } else {
        first_cite(ev)
    }
}

impl Render for Vec<NeighborRow> {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(&[
            "depth", "from", "edge", "dir", "node", "kind", "weight", "detail", "label", "evidence",
        ]);
        t.long_column("label");
        for r in self {
            t.row(vec![
                r.depth.to_string(),
                r.from.clone(),
                r.edge.clone(),
                r.direction.clone(),
                r.node.clone(),
                r.node_kind.clone(),
                r.weight.to_string(),
                r.detail.clone(),
                r.label.clone(),
                evidence_cell(&r.edge, &r.evidence),
            ]);
        }
        vec![t]
    }
}

fn path_table(t: &mut Table, n: usize, p: &PathResult) {
    for (i, h) in p.hops.iter().enumerate() {
        let rel = if h.forward {
            format!("-{}->", h.relation)
        } else {
            format!("<-{}-", h.relation)
        };
        t.row(vec![
            n.to_string(),
            (i + 1).to_string(),
            h.from.clone(),
            rel,
            h.to.clone(),
            h.detail.clone(),
            evidence_cell(&h.relation, &h.evidence),
        ]);
    }
}

impl Render for Option<PathResult> {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(&[
            "path", "step", "from", "relation", "to", "detail", "evidence",
        ]);
        if let Some(p) = self {
            path_table(&mut t, 1, p);
        }
        vec![t]
    }
}

impl Render for Vec<PathResult> {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(&[
            "path", "step", "from", "relation", "to", "detail", "evidence",
        ]);
        for (i, p) in self.iter().enumerate() {
            path_table(&mut t, i + 1, p);
        }
        vec![t]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::sample;
    use crate::query::parse_edge_kind;

    /// Neighbours on the sample fixture as `depth from-edge-dir->node` strings.
    fn check(name: &str, depth: usize, edge: Option<&str>, dir: &str, expected: &[&str]) {
        let kg = sample();
        let q = Query::new(&kg);
        let opts = NeighborOptions {
            depth,
            edge: edge.map(|e| parse_edge_kind(e).unwrap_or_else(|e| panic!("{e}"))),
            direction: Direction::parse(dir).unwrap_or_else(|e| panic!("{e}")),
        };
        let rows = q.neighbors(name, &opts).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{} {} {} {} {}",
                    r.depth, r.from, r.edge, r.direction, r.node
                )
            })
            .collect();
        assert_eq!(got, expected, "{name} {depth} {edge:?} {dir}");
    }

    #[test]
    fn neighbors_by_kind_and_direction() {
        check(
            "peskov",
            1,
            None,
            "both",
            &[
                "1 dmitry_peskov holds_role out kremlin",
                "1 dmitry_peskov said_about out russia",
                "1 dmitry_peskov said_about out ukraine",
                "1 dmitry_peskov said out s:peskov_deny",
            ],
        );
        check(
            "russia",
            1,
            Some("said_about"),
            "in",
            &[
                "1 russia said_about in dmitry_peskov",
                "1 russia said_about in joe_biden",
                "1 russia said_about in sergei_lavrov",
                "1 russia said_about in us_state_department",
            ],
        );
        check("nato", 1, Some("said_about"), "out", &[]);
        check(
            "kremlin",
            2,
            Some("part_of"),
            "both",
            &["1 kremlin part_of out russia"],
        );
        check(
            "peskov",
            2,
            Some("said_about"),
            "both",
            &[
                "1 dmitry_peskov said_about out russia",
                "1 dmitry_peskov said_about out ukraine",
                "2 russia said_about in joe_biden",
                "2 russia said_about in sergei_lavrov",
                "2 russia said_about in us_state_department",
            ],
        );
        check(
            "geneva",
            1,
            None,
            "in",
            &["1 geneva held_in in v:geneva_talks"],
        );
    }

    #[test]
    fn neighbors_are_deterministic_across_insertion_orders() {
        // The same graph with nodes and edges added in another order gives the same rows.
        let kg = sample();
        let mut rev = crate::graph::KnowledgeGraph::new();
        let mut map = std::collections::BTreeMap::new();
        let mut nodes: Vec<NodeIx> = kg.graph.node_indices().collect();
        nodes.reverse();
        for n in nodes {
            if let Some(w) = kg.node(n) {
                map.insert(n, rev.add_node(w.clone()));
            }
        }
        let mut edges: Vec<_> = kg.graph.edge_indices().collect();
        edges.reverse();
        for e in edges {
            if let (Some((a, b)), Some(w)) = (kg.graph.edge_endpoints(e), kg.graph.edge_weight(e)) {
                rev.add_edge(map[&a], map[&b], w.clone());
            }
        }
        let opts = NeighborOptions {
            depth: 2,
            ..Default::default()
        };
        let x = Query::new(&kg)
            .neighbors("russia", &opts)
            .unwrap_or_default();
        let y = Query::new(&rev)
            .neighbors("russia", &opts)
            .unwrap_or_default();
        assert!(!x.is_empty());
        assert_eq!(x, y);
        assert_eq!(
            Query::new(&kg).path("joe_biden", "dmitry_peskov").ok(),
            Query::new(&rev).path("joe_biden", "dmitry_peskov").ok()
        );
    }

    fn path_str(p: &PathResult) -> String {
        let mut s = p.from.clone();
        for h in &p.hops {
            let rel = if h.forward {
                format!(" -{}-> ", h.relation)
            } else {
                format!(" <-{}- ", h.relation)
            };
            s.push_str(&rel);
            s.push_str(&h.to);
        }
        s
    }

    #[test]
    fn shortest_paths_with_evidence() {
        let kg = sample();
        let q = Query::new(&kg);
        let p = q
            .path("joe_biden", "dmitry_peskov")
            .ok()
            .flatten()
            .map(|p| path_str(&p));
        assert_eq!(
            p.as_deref(),
            Some("joe_biden -said_about-> russia <-said_about- dmitry_peskov")
        );
        let p = q.path("Biden", "Peskov").ok().flatten();
        let ev: Vec<String> = p
            .iter()
            .flat_map(|p| &p.hops)
            .map(|h| evidence_cell(&h.relation, &h.evidence))
            .collect();
        assert_eq!(ev, ["doc_a@20-180 +1", "doc_a@320-340"]);
        // Equal lengths: the first in key order (e:nato before v:geneva_talks).
        let p = q
            .path("ryabkov", "joe_biden")
            .ok()
            .flatten()
            .map(|p| path_str(&p));
        assert_eq!(
            p.as_deref(),
            Some("sergei_ryabkov -said_about-> nato <-said_about- joe_biden")
        );
        let p = q
            .path("kremlin", "joe_biden")
            .ok()
            .flatten()
            .map(|p| path_str(&p));
        assert_eq!(
            p.as_deref(),
            Some("kremlin -part_of-> russia <-said_about- joe_biden")
        );
        // Places are not actors: held_in is not a path relation.
        assert_eq!(q.path("geneva", "russia").ok(), Some(None));
        let p = q.path("peskov", "peskov").ok().flatten();
        assert_eq!(p.map(|p| p.len), Some(0));
    }

    #[test]
    fn all_paths_shortest_first_and_simple() {
        let kg = sample();
        let q = Query::new(&kg);
        let ps = q
            .all_paths("joe_biden", "dmitry_peskov", 4, 100)
            .unwrap_or_default();
        let got: Vec<String> = ps.iter().map(path_str).collect();
        insta::assert_snapshot!(got.join("\n"));
        assert!(ps.windows(2).all(|w| w[0].len <= w[1].len));
        for p in &ps {
            let mut nodes: Vec<&str> = p.hops.iter().map(|h| h.to.as_str()).collect();
            nodes.push(&p.from);
            let n = nodes.len();
            nodes.sort();
            nodes.dedup();
            assert_eq!(nodes.len(), n, "not simple: {}", path_str(p));
        }
        let limited = q
            .all_paths("joe_biden", "dmitry_peskov", 4, 2)
            .unwrap_or_default();
        assert_eq!(limited, ps[..2]);
        assert!(q
            .all_paths("joe_biden", "dmitry_peskov", 1, 10)
            .unwrap_or_default()
            .is_empty());
    }

    #[test]
    fn said_about_evidence_is_the_same_from_either_end() {
        let kg = sample();
        let q = Query::new(&kg);
        let mut n = 0;
        for e in kg.graph.edge_indices() {
            let (Some(w), Some((a, b))) = (kg.graph.edge_weight(e), kg.graph.edge_endpoints(e))
            else {
                continue;
            };
            if w.kind != EdgeKind::SaidAbout {
                continue;
            }
            let by_speaker = q.edge_evidence_with(e, &mut SaidAboutCites::new(), Some(a));
            let by_target = q.edge_evidence_with(e, &mut SaidAboutCites::new(), Some(b));
            let lone = q.edge_evidence_with(e, &mut SaidAboutCites::new(), None);
            assert!(!by_speaker.is_empty());
            assert_eq!(by_speaker, by_target);
            assert_eq!(by_speaker, lone);
            n += 1;
        }
        assert_eq!(n, 9);
    }

    /// A random graph of `n` entities with said_about, part_of and holds_role edges.
    fn random_graph(n: usize, edges: &[(usize, usize, u8)]) -> crate::graph::KnowledgeGraph {
        let mut b = crate::query::fixture::Builder::default();
        let ixs: Vec<NodeIx> = (0..n)
            .map(|i| b.entity(&format!("e{i}"), "person", &format!("E {i}"), &[], &[]))
            .collect();
        for &(x, y, k) in edges {
            let kind = [
                EdgeKind::SaidAbout,
                EdgeKind::PartOf,
                EdgeKind::HoldsRole,
                EdgeKind::Said,
            ][usize::from(k) % 4];
            b.kg.add_edge(ixs[x % n], ixs[y % n], Edge::new(kind));
        }
        b.finish()
    }

    proptest::proptest! {
        #[test]
        fn paths_are_valid_and_shortest(
            n in 2usize..9,
            edges in proptest::collection::vec((0usize..9, 0usize..9, 0u8..4), 0..20),
            from in 0usize..9,
            to in 0usize..9,
        ) {
            let kg = random_graph(n, &edges);
            let q = Query::new(&kg);
            let (a, b) = (format!("e{}", from % n), format!("e{}", to % n));
            let shortest = q.path(&a, &b).map_err(|e| proptest::test_runner::TestCaseError::fail(e.to_string()))?;
            let all = q.all_paths(&a, &b, n, 10_000).unwrap_or_default();
            for p in all.iter().chain(shortest.iter()) {
                // Every hop starts where the previous one ended, and follows a path relation.
                let mut at = a.clone();
                for h in &p.hops {
                    proptest::prop_assert_eq!(&h.from, &at);
                    proptest::prop_assert!(PATH_EDGES.iter().any(|k| k.name() == h.relation));
                    at = h.to.clone();
                }
                proptest::prop_assert_eq!(&at, &b);
                proptest::prop_assert!(p.len <= n);
            }
            match &shortest {
                // No path: all_paths finds none either.
                None => proptest::prop_assert!(all.is_empty()),
                Some(p) if a == b => proptest::prop_assert_eq!(p.len, 0),
                // The shortest path is as short as the shortest simple path.
                Some(p) => proptest::prop_assert_eq!(Some(p.len), all.first().map(|x| x.len)),
            }
        }

        #[test]
        fn neighbors_reach_each_node_once_at_its_distance(
            n in 2usize..9,
            edges in proptest::collection::vec((0usize..9, 0usize..9, 0u8..4), 0..20),
            depth in 0usize..4,
        ) {
            let kg = random_graph(n, &edges);
            let q = Query::new(&kg);
            let opts = NeighborOptions { depth, ..NeighborOptions::default() };
            let rows = q.neighbors("e0", &opts).unwrap_or_default();
            let mut depth_of: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &rows {
                proptest::prop_assert!(r.depth >= 1 && r.depth <= depth);
                proptest::prop_assert!(r.node != "e0");
                let d = *depth_of.entry(r.node.as_str()).or_insert(r.depth);
                proptest::prop_assert_eq!(d, r.depth);
            }
            proptest::prop_assert!(rows.windows(2).all(|w| w[0].depth <= w[1].depth));
        }
    }
}
