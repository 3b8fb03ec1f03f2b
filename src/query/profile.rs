//! Entity profiles (`entity`: everything known about one actor) and rankings (`top`: the
//! most active speakers, most mentioned and most talked-about actors, PageRank over who
//! talks about whom).
//!
//! Counts come from the graph as built; how statements were found is left to `extract`.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use petgraph::stable_graph::EdgeIndex;
use petgraph::visit::{EdgeRef, NodeIndexable};
use petgraph::Direction as Dir;
use serde::Serialize;

use super::render::{Render, Table};
use super::said::{first_cite, ids, SaidRow, TimelineRow};
use super::walk::SaidAboutCites;
use super::{date_str, Cite, Query, QueryError};
use crate::graph::{EdgeKind, Node, NodeIx};
use crate::schema::EntityId;

/// An office of a profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RoleRow {
    /// Title.
    pub title: String,
    /// State or body.
    pub of: Option<EntityId>,
    /// First day.
    pub from: Option<NaiveDate>,
    /// Last day.
    pub until: Option<NaiveDate>,
}

/// An actor with a weight: whom an entity talks about, or who talks about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WeightRow {
    /// The other actor.
    pub id: EntityId,
    /// Its display name.
    pub name: String,
    /// Number of statements.
    pub statements: u32,
    /// Count of each act.
    pub acts: BTreeMap<String, u32>,
    /// Where the statements were read.
    pub evidence: Vec<Cite>,
}

/// Everything the graph knows about one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Profile {
    /// Id.
    pub id: EntityId,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// Found in text rather than in the schema.
    pub provisional: bool,
    /// Aliases.
    pub aliases: Vec<String>,
    /// States it belongs to.
    pub states: Vec<EntityId>,
    /// Offices with dates.
    pub roles: Vec<RoleRow>,
    /// What it is part of (part_of edges out).
    pub part_of: Vec<EntityId>,
    /// What is part of it (part_of edges in).
    pub parts: Vec<EntityId>,
    /// Number of mentions.
    pub mentions: usize,
    /// Number of documents that mention it.
    pub documents: usize,
    /// Every mention.
    pub mention_evidence: Vec<Cite>,
    /// Statements it made, by date.
    pub statements_by: Vec<SaidRow>,
    /// Statements about it, by date.
    pub statements_about: Vec<SaidRow>,
    /// Events it took part in or that took place there, by date.
    pub events: Vec<TimelineRow>,
    /// The actors it talks about most (most statements first, at most ten).
    pub talks_about: Vec<WeightRow>,
    /// The actors who talk about it most (most statements first, at most ten).
    pub talked_about_by: Vec<WeightRow>,
}

/// An entity with its count or score and evidence, before ranking.
type Ranked = (EntityId, Option<usize>, Option<f64>, Vec<Cite>);

/// A said_about edge before its citations are gathered: weight, other end, name, acts.
type WeightEdge = (u32, EntityId, String, BTreeMap<String, u32>, EdgeIndex<u32>);

/// Most rows in the "talks about" lists of a profile.
const TOP_TARGETS: usize = 10;

/// What `top` ranks by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TopBy {
    /// Statements made (most active speakers).
    Statements,
    /// Mentions in the text.
    Mentioned,
    /// Statements about it (most talked-about).
    About,
    /// PageRank over said_about edges weighted by statements (talked about by those who
    /// are talked about).
    Pagerank,
}

impl TopBy {
    /// Parses `statements`, `mentioned`, `about` or `pagerank`.
    pub fn parse(s: &str) -> Result<TopBy, QueryError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "statements" | "said" => Ok(TopBy::Statements),
            "mentioned" | "mentions" => Ok(TopBy::Mentioned),
            "about" => Ok(TopBy::About),
            "pagerank" => Ok(TopBy::Pagerank),
            _ => Err(QueryError::BadValue {
                what: "ranking",
                given: s.to_string(),
                expected: "one of statements, mentioned, about, pagerank".into(),
            }),
        }
    }
}

/// One ranked entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TopRow {
    /// 1-based rank.
    pub rank: usize,
    /// Entity id.
    pub id: EntityId,
    /// Display name.
    pub name: String,
    /// Kind.
    pub kind: String,
    /// The count ranked by (statements, mentions, statements about).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub count: Option<usize>,
    /// The PageRank score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub score: Option<f64>,
    /// The first places supporting the count (at most three).
    pub evidence: Vec<Cite>,
}

impl Query<'_> {
    fn weight_rows(&self, ix: NodeIx, dir: Dir) -> Vec<WeightRow> {
        let mut v: Vec<WeightEdge> = Vec::new();
        for e in self.kg.graph.edges_directed(ix, dir) {
            let w = e.weight();
            if w.kind != EdgeKind::SaidAbout {
                continue;
            }
            let other = if dir == Dir::Outgoing {
                e.target()
            } else {
                e.source()
            };
            let Some(Node::Entity(o)) = self.kg.node(other) else {
                continue;
            };
            v.push((
                w.weight,
                o.id.clone(),
                o.name.clone(),
                w.acts().map(|(a, n)| (a.to_string(), n)).collect(),
                e.id(),
            ));
        }
        v.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        v.truncate(TOP_TARGETS);
        // Citations only for the rows kept, sharing one walk of the speaker's statements.
        let mut cache = SaidAboutCites::new();
        v.into_iter()
            .map(|(statements, id, name, acts, e)| WeightRow {
                id,
                name,
                statements,
                acts,
                evidence: self.edge_evidence_with(e, &mut cache, Some(ix)),
            })
            .collect()
    }

    /// The first `n` citations of statements about the entity at `ix`.
    fn about_cites(&self, ix: NodeIx, n: usize) -> Vec<Cite> {
        let mut v: Vec<Cite> = Vec::new();
        for e in self.kg.graph.edges_directed(ix, Dir::Incoming) {
            if e.weight().kind == EdgeKind::About {
                if let Some(Node::Statement(s)) = self.kg.node(e.source()) {
                    v.extend(self.cites(&s.sources));
                }
            }
        }
        v.sort();
        v.dedup();
        v.truncate(n);
        v
    }

    /// Everything known about one entity.
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Query};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// let p = q.entity("Sergei Lavrov")?;
    /// assert_eq!(p.kind, "person");
    /// assert_eq!(p.statements_by.len(), 2);
    /// assert_eq!(p.talks_about[0].id.as_str(), "nato");
    /// # Ok::<(), newsgraph::query::QueryError>(())
    /// ```
    pub fn entity(&self, name: &str) -> Result<Profile, QueryError> {
        let id = self.resolve(name)?;
        let (Some(ix), Some(e)) = (self.kg.entity_ix(&id), self.entity_node(&id)) else {
            return Err(QueryError::Unknown {
                name: name.to_string(),
                suggestions: vec![],
            });
        };
        let ends = |kind: EdgeKind, dir: Dir| -> Vec<EntityId> {
            let mut v: Vec<EntityId> = self
                .kg
                .graph
                .edges_directed(ix, dir)
                .filter(|x| x.weight().kind == kind)
                .filter_map(|x| {
                    match self.kg.node(if dir == Dir::Outgoing {
                        x.target()
                    } else {
                        x.source()
                    }) {
                        Some(Node::Entity(o)) => Some(o.id.clone()),
                        _ => None,
                    }
                })
                .collect();
            v.sort();
            v.dedup();
            v
        };
        let docs: std::collections::BTreeSet<&str> = e.mentions.iter().map(|m| &*m.doc).collect();
        let by = self.said(&super::SaidFilter {
            speaker: Some(id.to_string()),
            ..Default::default()
        })?;
        let about = self.said(&super::SaidFilter {
            about: Some(id.to_string()),
            ..Default::default()
        })?;
        let events: Vec<TimelineRow> = self
            .timeline(Some(id.as_str()))?
            .into_iter()
            .filter(|r| r.what == "event")
            .collect();
        Ok(Profile {
            id: id.clone(),
            name: e.name.clone(),
            kind: e.kind.clone(),
            provisional: e.provisional,
            aliases: e.aliases.clone(),
            states: e.states.clone(),
            roles: e
                .roles
                .iter()
                .map(|r| RoleRow {
                    title: r.title.clone(),
                    of: r.of.clone(),
                    from: r.from,
                    until: r.until,
                })
                .collect(),
            part_of: ends(EdgeKind::PartOf, Dir::Outgoing),
            parts: ends(EdgeKind::PartOf, Dir::Incoming),
            mentions: e.mentions.len(),
            documents: docs.len(),
            mention_evidence: self.cites(&e.mentions),
            statements_by: by,
            statements_about: about,
            events,
            talks_about: self.weight_rows(ix, Dir::Outgoing),
            talked_about_by: self.weight_rows(ix, Dir::Incoming),
        })
    }

    /// The `limit` entities ranked highest by `by` (ties by id); entities with a count of
    /// zero are left out.
    ///
    /// ```
    /// use newsgraph::graph::{fixture, KnowledgeGraph};
    /// use newsgraph::query::{Query, TopBy};
    ///
    /// // Three articles about the Geneva talks (the fixture of the graph tests).
    /// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    /// let q = Query::new(&kg);
    /// let top = q.top(TopBy::About, 1);
    /// assert_eq!((top[0].id.as_str(), top[0].count), ("nato", Some(4)));
    /// ```
    pub fn top(&self, by: TopBy, limit: usize) -> Vec<TopRow> {
        let mut rows: Vec<Ranked> = Vec::new();
        match by {
            TopBy::Statements | TopBy::About => {
                let mut acc: BTreeMap<EntityId, (usize, Vec<Cite>)> = BTreeMap::new();
                for n in self.kg.graph.node_weights() {
                    let Node::Statement(s) = n else { continue };
                    let targets: Vec<&EntityId> = if by == TopBy::Statements {
                        vec![&s.speaker]
                    } else {
                        s.about.iter().collect()
                    };
                    for t in targets {
                        let a = acc.entry(t.clone()).or_default();
                        a.0 += 1;
                        a.1.extend(s.sources.iter().map(|p| self.cite(p)));
                        // Only the first three are shown: keep the list short as it grows.
                        if a.1.len() > 16 {
                            a.1.sort();
                            a.1.dedup();
                            a.1.truncate(3);
                        }
                    }
                }
                rows = acc
                    .into_iter()
                    .map(|(id, (n, mut c))| {
                        c.sort();
                        c.dedup();
                        c.truncate(3);
                        (id, Some(n), None, c)
                    })
                    .collect();
            }
            TopBy::Mentioned => {
                for n in self.kg.graph.node_weights() {
                    let Node::Entity(e) = n else { continue };
                    if !e.mentions.is_empty() {
                        let mut c = self.cites(&e.mentions);
                        c.truncate(3);
                        rows.push((e.id.clone(), Some(e.mentions.len()), None, c));
                    }
                }
            }
            TopBy::Pagerank => {
                for (ix, score) in self.pagerank() {
                    if let Some(Node::Entity(e)) = self.kg.node(ix) {
                        // Rounded so that outputs do not change with the last bits of
                        // floating-point summation.
                        let score = (score * 1e6).round() / 1e6;
                        rows.push((e.id.clone(), None, Some(score), self.about_cites(ix, 3)));
                    }
                }
            }
        }
        rows.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then_with(|| b.2.unwrap_or(0.0).total_cmp(&a.2.unwrap_or(0.0)))
                .then_with(|| a.0.cmp(&b.0))
        });
        rows.into_iter()
            .take(limit)
            .enumerate()
            .map(|(i, (id, count, score, evidence))| {
                let (name, kind) = self
                    .entity_node(&id)
                    .map(|e| (e.name.clone(), e.kind.clone()))
                    .unwrap_or_else(|| (id.to_string(), String::new()));
                TopRow {
                    rank: i + 1,
                    id,
                    name,
                    kind,
                    count,
                    score,
                    evidence,
                }
            })
            .collect()
    }

    /// PageRank of every entity over said_about edges weighted by statements (damping 0.85,
    /// rank of entities that talk about no one spread evenly), in node-key order.
    pub fn pagerank(&self) -> Vec<(NodeIx, f64)> {
        let mut nodes: Vec<NodeIx> = self
            .kg
            .graph
            .node_indices()
            .filter(|&ix| matches!(self.kg.node(ix), Some(Node::Entity(_))))
            .collect();
        nodes.sort_by_key(|&ix| self.rank_of(ix));
        let n = nodes.len();
        if n == 0 {
            return vec![];
        }
        let mut pos = vec![usize::MAX; self.kg.graph.node_bound()];
        for (i, ix) in nodes.iter().enumerate() {
            pos[ix.index()] = i;
        }
        // Out-links (target position, weight) per entity, in a fixed order.
        let mut out: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for (i, &ix) in nodes.iter().enumerate() {
            for e in self.kg.graph.edges_directed(ix, Dir::Outgoing) {
                let t = pos[e.target().index()];
                if e.weight().kind == EdgeKind::SaidAbout && t != usize::MAX && t != i {
                    out[i].push((t, f64::from(e.weight().weight)));
                }
            }
            out[i].sort_by_key(|a| a.0);
        }
        let total: Vec<f64> = out.iter().map(|o| o.iter().map(|x| x.1).sum()).collect();
        let d = 0.85;
        let nf = n as f64;
        let mut pr = vec![1.0 / nf; n];
        for _ in 0..100 {
            let dangling: f64 = (0..n).filter(|&i| total[i] == 0.0).map(|i| pr[i]).sum();
            let base = (1.0 - d) / nf + d * dangling / nf;
            let mut next = vec![base; n];
            for i in 0..n {
                if total[i] > 0.0 {
                    for &(t, w) in &out[i] {
                        next[t] += d * pr[i] * w / total[i];
                    }
                }
            }
            let delta: f64 = next.iter().zip(&pr).map(|(a, b)| (a - b).abs()).sum();
            pr = next;
            if delta < 1e-10 {
                break;
            }
        }
        nodes.into_iter().zip(pr).collect()
    }
}

fn roles_str(r: &RoleRow) -> (String, String) {
    let of =
        r.of.as_ref()
            .map_or_else(|| "-".to_string(), |o| o.to_string());
    (
        of,
        format!(
            "{}..{}",
            date_str(r.from),
            r.until.map_or_else(String::new, |d| d.to_string())
        ),
    )
}

fn weight_table(title: &str, rows: &[WeightRow]) -> Table {
    let mut t = Table::titled(title, &["id", "name", "statements", "acts", "evidence"]);
    for r in rows {
        let acts: Vec<String> = r.acts.iter().map(|(a, n)| format!("{a} {n}")).collect();
        t.row(vec![
            r.id.to_string(),
            r.name.clone(),
            r.statements.to_string(),
            acts.join(", "),
            first_cite(&r.evidence),
        ]);
    }
    t
}

fn said_table(title: &str, rows: &[SaidRow], who: bool) -> Table {
    let mut t = Table::titled(
        title,
        &[
            "date",
            if who { "speaker" } else { "about" },
            "act",
            "text",
            "source",
            "docs",
        ],
    );
    t.long_column("text");
    for r in rows {
        let col = if who {
            r.speaker.to_string()
        } else {
            ids(&r.about)
        };
        t.row(vec![
            date_str(r.date),
            col,
            r.act.clone(),
            r.text.clone(),
            first_cite(&r.evidence),
            r.sources.to_string(),
        ]);
    }
    t
}

impl Render for Profile {
    fn tables(&self) -> Vec<Table> {
        let mut head = Table::titled(&format!("{} ({})", self.name, self.id), &["field", "value"]);
        head.long_column("value");
        let list = |v: &[EntityId]| {
            if v.is_empty() {
                "-".to_string()
            } else {
                ids(v)
            }
        };
        head.row(vec![
            "kind".into(),
            if self.provisional {
                format!("{} (provisional)", self.kind)
            } else {
                self.kind.clone()
            },
        ]);
        head.row(vec![
            "aliases".into(),
            if self.aliases.is_empty() {
                "-".into()
            } else {
                self.aliases.join(", ")
            },
        ]);
        head.row(vec!["states".into(), list(&self.states)]);
        head.row(vec!["part of".into(), list(&self.part_of)]);
        head.row(vec!["parts".into(), list(&self.parts)]);
        head.row(vec![
            "mentions".into(),
            format!(
                "{} in {} document(s), first {}",
                self.mentions,
                self.documents,
                first_cite(&self.mention_evidence)
            ),
        ]);
        head.row(vec![
            "statements".into(),
            format!(
                "{} by, {} about",
                self.statements_by.len(),
                self.statements_about.len()
            ),
        ]);
        head.row(vec!["events".into(), self.events.len().to_string()]);
        let mut roles = Table::titled("Roles", &["title", "of", "dates", "evidence"]);
        for r in &self.roles {
            let (of, dates) = roles_str(r);
            roles.row(vec![r.title.clone(), of, dates, "schema".into()]);
        }
        let mut events = Table::titled(
            "Events",
            &[
                "date",
                "date_source",
                "type",
                "participants",
                "place",
                "text",
                "source",
            ],
        );
        events.long_column("text");
        for r in &self.events {
            events.row(vec![
                date_str(r.date),
                r.date_source.clone(),
                r.kind.clone(),
                ids(&r.who),
                r.place
                    .as_ref()
                    .map_or_else(|| "-".into(), |p| p.to_string()),
                r.text.clone(),
                first_cite(&r.evidence),
            ]);
        }
        vec![
            head,
            roles,
            said_table("Statements by it", &self.statements_by, false),
            said_table("Statements about it", &self.statements_about, true),
            events,
            weight_table("It talks most about", &self.talks_about),
            weight_table("Who talks most about it", &self.talked_about_by),
        ]
    }

    /// One flat table: section, key, value, date, text, evidence (all citations, `;`-separated).
    fn csv_table(&self) -> Table {
        let mut t = Table::new(&["section", "key", "value", "date", "text", "evidence"]);
        let cites = |v: &[Cite]| v.iter().map(Cite::to_string).collect::<Vec<_>>().join(";");
        for (k, v) in [
            ("id", self.id.to_string()),
            ("name", self.name.clone()),
            ("kind", self.kind.clone()),
            ("provisional", self.provisional.to_string()),
            ("aliases", self.aliases.join(";")),
            ("states", ids(&self.states)),
            ("part_of", ids(&self.part_of)),
            ("parts", ids(&self.parts)),
        ] {
            t.row(vec![
                "entity".into(),
                k.into(),
                v,
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        t.row(vec![
            "entity".into(),
            "mentions".into(),
            self.mentions.to_string(),
            String::new(),
            String::new(),
            cites(&self.mention_evidence),
        ]);
        for r in &self.roles {
            let (of, dates) = roles_str(r);
            t.row(vec![
                "role".into(),
                r.title.clone(),
                of,
                dates,
                String::new(),
                "schema".into(),
            ]);
        }
        for r in &self.statements_by {
            t.row(vec![
                "said_by".into(),
                r.act.clone(),
                ids(&r.about),
                date_str(r.date),
                r.text.clone(),
                cites(&r.evidence),
            ]);
        }
        for r in &self.statements_about {
            t.row(vec![
                "said_about".into(),
                r.act.clone(),
                r.speaker.to_string(),
                date_str(r.date),
                r.text.clone(),
                cites(&r.evidence),
            ]);
        }
        for r in &self.events {
            t.row(vec![
                "event".into(),
                r.kind.clone(),
                ids(&r.who),
                date_str(r.date),
                r.text.clone(),
                cites(&r.evidence),
            ]);
        }
        for (section, rows) in [
            ("talks_about", &self.talks_about),
            ("talked_about_by", &self.talked_about_by),
        ] {
            for r in rows {
                t.row(vec![
                    section.into(),
                    r.id.to_string(),
                    r.statements.to_string(),
                    String::new(),
                    String::new(),
                    cites(&r.evidence),
                ]);
            }
        }
        t
    }
}

impl Render for Vec<TopRow> {
    fn tables(&self) -> Vec<Table> {
        let mut t = Table::new(&["rank", "id", "name", "kind", "value", "evidence"]);
        for r in self {
            let value = match (r.count, r.score) {
                (Some(c), _) => c.to_string(),
                (None, Some(s)) => format!("{s:.4}"),
                (None, None) => "-".into(),
            };
            t.row(vec![
                r.rank.to_string(),
                r.id.to_string(),
                r.name.clone(),
                r.kind.clone(),
                value,
                first_cite(&r.evidence),
            ]);
        }
        vec![t]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::sample;

    /// Ranks on the sample fixture as `id value` strings.
    fn check(by: &str, limit: usize, expected: &[&str]) {
        let kg = sample();
        let q = Query::new(&kg);
        let rows = q.top(TopBy::parse(by).unwrap_or_else(|e| panic!("{e}")), limit);
        let got: Vec<String> = rows
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r.id,
                    r.count.map_or_else(
                        || format!("{:.3}", r.score.unwrap_or(0.0)),
                        |c| c.to_string()
                    )
                )
            })
            .collect();
        assert_eq!(got, expected, "{by}");
    }

    #[test]
    fn rankings() {
        check(
            "statements",
            3,
            &["dmitry_peskov 1", "joe_biden 1", "sergei_lavrov 1"],
        );
        check("about", 3, &["russia 4", "nato 3", "ukraine 1"]);
        check("mentioned", 2, &["russia 3", "joe_biden 2"]);
        check("about", 0, &[]);
        assert!(TopBy::parse("fame").is_err());
    }

    #[test]
    fn pagerank_favours_the_talked_about() {
        let kg = sample();
        let q = Query::new(&kg);
        let rows = q.top(TopBy::Pagerank, 3);
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids[0], "russia");
        let total: f64 = q.pagerank().iter().map(|x| x.1).sum();
        assert!((total - 1.0).abs() < 1e-6, "{total}");
    }

    #[test]
    fn profile_of_an_actor() {
        let kg = sample();
        let q = Query::new(&kg);
        let p = q.entity("Peskov").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(p.id.as_str(), "dmitry_peskov");
        assert_eq!(p.roles.len(), 1);
        assert_eq!(p.statements_by.len(), 1);
        assert_eq!(p.statements_about.len(), 0);
        let targets: Vec<&str> = p.talks_about.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(targets, ["russia", "ukraine"]);
        let p = q.entity("russia").unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            p.parts.iter().map(EntityId::as_str).collect::<Vec<_>>(),
            ["kremlin"]
        );
        assert_eq!(p.events.len(), 2);
        assert_eq!(p.talked_about_by.len(), 4);
        assert_eq!(p.documents, 3);
        insta::assert_snapshot!(
            crate::query::render(&p, crate::query::Format::Table).unwrap_or_default()
        );
    }
}
