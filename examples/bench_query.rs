//! Query latency on a large synthetic graph: builds a graph of about a million edges shaped
//! like a news graph (a few very talkative or talked-about actors, many minor ones), saves
//! it, loads it back as `kg query --graph` does, and times each kind of query.
//!
//! Run with `cargo run --release --example bench_query -- [EDGES] [REPEATS]`
//! (defaults: 1000000 edges, 20 runs per query). Prints one line per measure; never
//! asserts on time.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use chrono::NaiveDate;

use newsgraph::diag::Span;
use newsgraph::extract::{EventDateSource, EventMode, StatementKind};
use newsgraph::graph::{
    DocumentNode, Edge, EdgeKind, EntityNode, EventNode, KnowledgeGraph, Node, NodeIx, Provenance,
    StatementNode,
};
use newsgraph::query::{NeighborOptions, Query, SaidFilter, TopBy};
use newsgraph::schema::{EntityId, Role};

/// A small deterministic generator (xorshift64*), so every run builds the same graph.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    /// Skewed towards 0 (a few hubs, a long tail), in `0..n`.
    fn skewed(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((u * u * u) * n as f64) as usize % n.max(1)
    }
}

fn eid(i: usize) -> EntityId {
    EntityId::slug_of(&format!("actor {i}"))
}

/// A graph with about `edges` edges: entities, statements (said, about, reported_in and the
/// said_about projection), events (participated_in, held_in, reported_in), documents and
/// schema relations.
fn synthetic(edges: usize) -> KnowledgeGraph {
    // Per statement: 1 said + ~2 about + 1 reported_in + ~1.2 new said_about; events add
    // ~5 edges each. Solve roughly for the counts.
    let statements = edges / 6;
    let events = statements / 10;
    let entities = (statements / 8).max(10);
    let documents = (statements / 4).max(1);
    let places = (entities / 50).max(1);
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut kg = KnowledgeGraph::new();
    let day0 = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default();
    let date = |d: usize| day0 + chrono::Days::new((d % 1500) as u64);
    let mut ents: Vec<NodeIx> = Vec::with_capacity(entities);
    for i in 0..entities {
        let kind = if i < places {
            "place"
        } else if i % 7 == 0 {
            "country"
        } else {
            "person"
        };
        ents.push(
            kg.add_node(Node::Entity(Box::new(EntityNode {
                id: eid(i),
                kind: kind.into(),
                name: format!("Actor {i}"),
                aliases: vec![format!("A{i}")],
                gender: None,
                roles: vec![Role {
                    title: "Minister".into(),
                    of: Some(eid(places)),
                    from: Some(date(i)),
                    until: None,
                }],
                states: vec![],
                provisional: false,
                mentions: (0..3)
                    .map(|k| {
                        Provenance::new(
                            format!("doc{}", (i * 3 + k) % documents),
                            Span::new(k * 10, k * 10 + 5),
                            1,
                        )
                    })
                    .collect(),
            }))),
        );
    }
    let docs: Vec<NodeIx> = (0..documents)
        .map(|d| {
            kg.add_node(Node::Document(DocumentNode {
                id: format!("doc{d}"),
                title: None,
                date: Some(date(d)),
                outlet: Some(format!("Outlet {}", d % 40)),
                url: None,
            }))
        })
        .collect();
    // Schema relations: every person holds a role in a country, every place is part of one.
    let countries: Vec<usize> = (places..entities).filter(|i| i % 7 == 0).collect();
    if !countries.is_empty() {
        for (i, &ix) in ents.iter().enumerate() {
            let c = ents[countries[rng.below(countries.len())]];
            if i < places {
                kg.add_edge(ix, c, Edge::new(EdgeKind::PartOf));
            } else if i % 7 != 0 {
                let mut e = Edge::new(EdgeKind::HoldsRole);
                e.set_label("Minister");
                kg.add_edge(ix, c, e);
            }
        }
    }
    let acts = ["assert", "warn", "deny", "demand", "propose"];
    let mut said_about: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
    for s in 0..statements {
        let speaker = rng.skewed(entities);
        let n_about = 1 + rng.below(3);
        let mut about: Vec<usize> = (0..n_about).map(|_| rng.skewed(entities)).collect();
        about.sort_unstable();
        about.dedup();
        let d = rng.below(documents);
        let act = acts[rng.below(acts.len())];
        let day = date(d);
        let ix = kg.add_node(Node::Statement(StatementNode {
            key: format!("{}/{s:08x}", eid(speaker)).into(),
            speaker: eid(speaker),
            kind: StatementKind::Direct,
            cue: "said".into(),
            act: act.into(),
            text: format!("statement number {s} about the matter at hand, with some more words")
                .into(),
            about: about.iter().map(|&a| eid(a)).collect(),
            relays: Box::default(),
            date: Some(day),
            sources: Box::new([Provenance::new(format!("doc{d}"), Span::new(100, 180), 1)]),
        }));
        kg.add_edge(ents[speaker], ix, Edge::new(EdgeKind::Said));
        kg.add_edge(ix, docs[d], Edge::new(EdgeKind::ReportedIn));
        for &a in &about {
            kg.add_edge(ix, ents[a], Edge::new(EdgeKind::About));
            let e = said_about.entry((speaker, a)).or_insert_with(|| {
                let mut e = Edge::new(EdgeKind::SaidAbout);
                e.weight = 0;
                e
            });
            e.weight += 1;
            e.count_act(act);
            e.first = Some(e.first.map_or(day, |f| f.min(day)));
            e.last = Some(e.last.map_or(day, |l| l.max(day)));
        }
    }
    for ((a, b), e) in said_about {
        kg.add_edge(ents[a], ents[b], e);
    }
    for v in 0..events {
        let place = rng.below(places);
        let d = rng.below(documents);
        let mut who: Vec<usize> = (0..3)
            .map(|_| places + rng.skewed(entities - places))
            .collect();
        who.sort_unstable();
        who.dedup();
        let ix = kg.add_node(Node::Event(EventNode {
            key: format!("talks/{v:08x}").into(),
            event_type: "talks".into(),
            date: Some(date(d)),
            date_source: EventDateSource::Stated,
            place: Some(eid(place)),
            participants: who.iter().map(|&w| eid(w)).collect(),
            mode: EventMode::Past,
            text: "the talks".into(),
            sources: Box::new([Provenance::new(format!("doc{d}"), Span::new(10, 19), 1)]),
        }));
        for &w in &who {
            kg.add_edge(ents[w], ix, Edge::new(EdgeKind::ParticipatedIn));
        }
        kg.add_edge(ix, ents[place], Edge::new(EdgeKind::HeldIn));
        kg.add_edge(ix, docs[d], Edge::new(EdgeKind::ReportedIn));
    }
    kg
}

/// Median and worst of `runs` timings of `f` over `args`.
fn time<T>(name: &str, args: &[String], mut f: impl FnMut(&str) -> T, size: impl Fn(&T) -> usize) {
    let mut times: Vec<Duration> = Vec::with_capacity(args.len());
    let mut rows = 0;
    for a in args {
        let t = Instant::now();
        let out = f(a);
        times.push(t.elapsed());
        rows += size(&out);
    }
    times.sort();
    let median = times.get(times.len() / 2).copied().unwrap_or_default();
    let worst = times.last().copied().unwrap_or_default();
    println!(
        "{name:<34} median {:>9.3} ms   max {:>9.3} ms   ({} runs, {:.0} rows/run)",
        ms(median),
        ms(worst),
        times.len(),
        rows as f64 / times.len().max(1) as f64
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() {
    let mut args = std::env::args().skip(1);
    let edges: usize = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let repeats: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);

    let t = Instant::now();
    let kg = synthetic(edges);
    println!(
        "built synthetic graph: {} nodes, {} edges in {:.2} s",
        kg.graph.node_count(),
        kg.graph.edge_count(),
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let bytes = match kg.save() {
        Ok(b) => b,
        Err(e) => {
            eprintln!("cannot save: {e}");
            return;
        }
    };
    println!(
        "saved: {:.1} MB of JSON in {:.2} s",
        bytes.len() as f64 / 1e6,
        t.elapsed().as_secs_f64()
    );
    drop(kg);
    let t = Instant::now();
    let kg = match KnowledgeGraph::load(&bytes) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("cannot load: {e}");
            return;
        }
    };
    println!("load (JSON -> graph): {:.2} s", t.elapsed().as_secs_f64());
    drop(bytes);
    let t = Instant::now();
    let q = Query::new(&kg);
    println!("query index (names, key order): {:.1} ms", ms(t.elapsed()));

    let entities = kg
        .graph
        .node_weights()
        .filter(|n| matches!(n, Node::Entity(_)))
        .count();
    let mut rng = Rng(42);
    let hubs: Vec<String> = (0..repeats).map(|i| eid(i % 5).to_string()).collect();
    let typical: Vec<String> = (0..repeats)
        .map(|_| eid(entities / 10 + rng.below(entities - entities / 10)).to_string())
        .collect();
    let names: Vec<String> = (0..repeats)
        .map(|_| format!("ACTOR {}", rng.below(entities)))
        .collect();
    let typos: Vec<String> = (0..repeats)
        .map(|_| format!("actr {}", rng.below(entities)))
        .collect();

    time(
        "resolve name (any case)",
        &names,
        |n| q.resolve(n).is_ok(),
        |_| 1,
    );
    time(
        "resolve unknown (suggestions)",
        &typos,
        |n| q.resolve(n).is_err(),
        |_| 1,
    );
    let one = NeighborOptions::default();
    time(
        "neighbors depth 1 (typical actor)",
        &typical,
        |n| q.neighbors(n, &one).unwrap_or_default(),
        Vec::len,
    );
    time(
        "neighbors depth 1 (hub)",
        &hubs,
        |n| q.neighbors(n, &one).unwrap_or_default(),
        Vec::len,
    );
    let sa = NeighborOptions {
        depth: 1,
        edge: Some(EdgeKind::SaidAbout),
        ..NeighborOptions::default()
    };
    time(
        "neighbors said_about (hub)",
        &hubs,
        |n| q.neighbors(n, &sa).unwrap_or_default(),
        Vec::len,
    );
    let two = NeighborOptions {
        depth: 2,
        edge: Some(EdgeKind::SaidAbout),
        ..NeighborOptions::default()
    };
    time(
        "neighbors depth 2 said_about",
        &typical,
        |n| q.neighbors(n, &two).unwrap_or_default(),
        Vec::len,
    );
    time(
        "said --speaker (typical)",
        &typical,
        |n| {
            q.said(&SaidFilter {
                speaker: Some(n.into()),
                ..SaidFilter::default()
            })
            .unwrap_or_default()
        },
        Vec::len,
    );
    time(
        "said --about (typical)",
        &typical,
        |n| {
            q.said(&SaidFilter {
                about: Some(n.into()),
                ..SaidFilter::default()
            })
            .unwrap_or_default()
        },
        Vec::len,
    );
    time(
        "said --about (hub)",
        &hubs,
        |n| {
            q.said(&SaidFilter {
                about: Some(n.into()),
                ..SaidFilter::default()
            })
            .unwrap_or_default()
        },
        Vec::len,
    );
    let pairs: Vec<String> = typical
        .iter()
        .zip(typical.iter().rev())
        .map(|(a, b)| format!("{a} {b}"))
        .collect();
    let split = |p: &str| -> (String, String) {
        let mut it = p.split(' ');
        (
            it.next().unwrap_or_default().to_string(),
            it.next().unwrap_or_default().to_string(),
        )
    };
    time(
        "path (shortest)",
        &pairs,
        |p| {
            let (a, b) = split(p);
            q.path(&a, &b).ok().flatten().map_or(0, |p| p.len)
        },
        |l| *l,
    );
    time(
        "path --all --max-len 3 (<= 100)",
        &pairs,
        |p| {
            let (a, b) = split(p);
            q.all_paths(&a, &b, 3, 100).unwrap_or_default()
        },
        Vec::len,
    );
    time(
        "timeline --entity (typical)",
        &typical,
        |n| q.timeline(Some(n)).unwrap_or_default(),
        Vec::len,
    );
    time(
        "entity profile (typical)",
        &typical,
        |n| {
            q.entity(n)
                .map(|p| p.statements_by.len() + p.statements_about.len())
                .unwrap_or(0)
        },
        |n| *n,
    );
    let few: Vec<String> = hubs.iter().take(3).cloned().collect();
    time(
        "entity profile (hub)",
        &few,
        |n| {
            q.entity(n)
                .map(|p| p.statements_by.len() + p.statements_about.len())
                .unwrap_or(0)
        },
        |n| *n,
    );
    let once = vec![String::new(); 3];
    time(
        "top --by statements",
        &once,
        |_| q.top(TopBy::Statements, 10),
        Vec::len,
    );
    time(
        "top --by pagerank",
        &once,
        |_| q.top(TopBy::Pagerank, 10),
        Vec::len,
    );
}
