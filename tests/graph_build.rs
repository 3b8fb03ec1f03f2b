//! Building the graph from hand-written facts: cross-document merging of entities, events and
//! statements, the said_about projection, save/load, and independence from document order.

use newsgraph::graph::fixture;
use newsgraph::graph::{EdgeKind, KnowledgeGraph, Node};
use newsgraph::schema::EntityId;
use proptest::prelude::*;

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::build(&fixture::schema(), fixture::facts())
}

fn count(g: &KnowledgeGraph, f: impl Fn(&Node) -> bool) -> usize {
    g.graph.node_weights().filter(|n| f(n)).count()
}

fn id(s: &str) -> EntityId {
    EntityId::new(s).expect("slug")
}

#[test]
fn node_counts_by_kind() {
    let g = graph();
    // lavrov, blinken, nato, geneva, ukraine, russia, united_states, kuleba (mentioned or referred)
    let entities: Vec<String> = g
        .graph
        .node_weights()
        .filter_map(|n| match n {
            Node::Entity(e) => Some(e.id.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(
        entities,
        [
            "antony_blinken",
            "dmytro_kuleba",
            "geneva",
            "nato",
            "russia",
            "sergei_lavrov",
            "ukraine",
            "united_states"
        ]
    );
    assert_eq!(count(&g, |n| matches!(n, Node::Document(_))), 3);
    // The two versions of the Lavrov quote are one statement: 4 statements, not 5.
    assert_eq!(count(&g, |n| matches!(n, Node::Statement(_))), 4);
    // The Geneva talks told three times (once without a place) are one event.
    assert_eq!(count(&g, |n| matches!(n, Node::Event(_))), 1);
}

#[test]
fn merged_statement_keeps_every_source() {
    let g = graph();
    let s = g
        .graph
        .node_weights()
        .find_map(|n| match n {
            Node::Statement(s) if &*s.act == "demand" => Some(s.clone()),
            _ => None,
        })
        .expect("the demand");
    let docs: Vec<&str> = s.sources.iter().map(|p| &*p.doc).collect();
    assert_eq!(docs, ["a_tass", "b_reuters"]);
    assert_eq!(s.speaker, id("sergei_lavrov"));
}

#[test]
fn merged_event_unites_participants_and_sources() {
    let g = graph();
    let v = g
        .graph
        .node_weights()
        .find_map(|n| match n {
            Node::Event(v) => Some(v.clone()),
            _ => None,
        })
        .expect("an event");
    assert_eq!(&*v.key, "talks/2022-01-10/geneva");
    let who: Vec<&str> = v.participants.iter().map(EntityId::as_str).collect();
    assert_eq!(
        who,
        ["antony_blinken", "russia", "sergei_lavrov", "united_states"]
    );
    assert_eq!(v.sources.len(), 3);
}

#[test]
fn said_about_projection_counts_statements_and_acts() {
    let g = graph();
    let lavrov = g.entity_ix(&id("sergei_lavrov")).expect("lavrov");
    let nato = g.entity_ix(&id("nato")).expect("nato");
    let e = g
        .graph
        .edges_connecting(lavrov, nato)
        .find(|e| e.weight().kind == EdgeKind::SaidAbout)
        .expect("said_about");
    assert_eq!(e.weight().weight, 2);
    let acts: Vec<(&str, u32)> = e.weight().acts().collect();
    assert_eq!(acts, [("demand", 1), ("warn", 1)]);
    assert_eq!(
        e.weight().first.map(|d| d.to_string()).as_deref(),
        Some("2022-01-10")
    );
}

#[test]
fn schema_edges_only_between_present_entities() {
    let g = graph();
    let kinds: Vec<(String, String, EdgeKind)> = g
        .graph
        .edge_indices()
        .filter_map(|e| {
            let (a, b) = g.graph.edge_endpoints(e)?;
            let w = g.graph.edge_weight(e)?;
            matches!(w.kind, EdgeKind::HoldsRole | EdgeKind::PartOf)
                .then(|| (g.graph[a].key(), g.graph[b].key(), w.kind))
        })
        .collect();
    // Blinken -> united_states is drawn; Lavrov's ministry and Geneva's Switzerland are absent.
    assert_eq!(
        kinds,
        [
            (
                "e:antony_blinken".to_string(),
                "e:united_states".to_string(),
                EdgeKind::HoldsRole
            ),
            (
                "e:dmytro_kuleba".to_string(),
                "e:ukraine".to_string(),
                EdgeKind::PartOf
            )
        ]
    );
}

#[test]
fn provisional_entities_are_flagged_with_states() {
    let g = graph();
    let Some(Node::Entity(k)) = g.entity_ix(&id("dmytro_kuleba")).and_then(|ix| g.node(ix)) else {
        panic!("kuleba missing")
    };
    assert!(k.provisional);
    assert_eq!(k.states, [id("ukraine")]);
    let Some(Node::Entity(l)) = g.entity_ix(&id("sergei_lavrov")).and_then(|ix| g.node(ix)) else {
        panic!("lavrov missing")
    };
    assert!(!l.provisional);
    assert_eq!(l.states, [id("russia")]);
}

#[test]
fn save_load_round_trip() {
    let g = graph();
    let bytes = g.save().expect("save");
    let back = KnowledgeGraph::load(&bytes).expect("load");
    assert_eq!(back.save().expect("save again"), bytes);
    assert!(KnowledgeGraph::is_graph_file(&bytes));
}

#[test]
fn every_key_finds_its_node_in_key_order() {
    let mut g = graph();
    let keys: Vec<String> = g
        .nodes_by_key()
        .map(|ix| g.node(ix).expect("node").key())
        .collect();
    assert_eq!(keys.len(), g.graph.node_count());
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "{keys:?}");
    for (key, ix) in keys.iter().zip(g.nodes_by_key()) {
        assert_eq!(g.by_key(key), Some(ix), "{key}");
    }
    assert_eq!(g.by_key("e:nobody"), None);
    assert_eq!(g.by_key(""), None);
    // A node added after the build is found, listed in key order and saved in the index.
    let before = g.graph.node_count();
    let doc = newsgraph::graph::DocumentNode {
        id: "a-late-one".into(),
        title: None,
        date: None,
        outlet: None,
        url: None,
    };
    let ix = g.add_node(Node::Document(doc.clone()));
    assert_eq!(g.add_node(Node::Document(doc)), ix);
    assert_eq!(g.graph.node_count(), before + 1);
    assert_eq!(g.by_key("d:a-late-one"), Some(ix));
    assert_eq!(g.nodes_by_key().next(), Some(ix));
    let bytes = g.save().expect("save");
    let back = KnowledgeGraph::load(&bytes).expect("load");
    assert_eq!(back.by_key("d:a-late-one"), Some(ix));
    assert_eq!(back.save().expect("save again"), bytes);
}

#[test]
fn edges_are_saved_with_acts_and_label() {
    let mut e = newsgraph::graph::Edge::new(EdgeKind::SaidAbout);
    e.count_act("warn");
    e.count_act("deny");
    e.count_act("warn");
    assert_eq!(e.acts().collect::<Vec<_>>(), [("deny", 1), ("warn", 2)]);
    assert_eq!(
        serde_json::to_string(&e).expect("json"),
        r#"{"kind":"said_about","weight":1,"acts":{"deny":1,"warn":2},"first":null,"last":null,"label":null}"#
    );
    let mut r = newsgraph::graph::Edge::new(EdgeKind::HoldsRole);
    r.set_label("Foreign Minister");
    let json = serde_json::to_string(&r).expect("json");
    assert_eq!(
        json,
        r#"{"kind":"holds_role","weight":1,"acts":{},"first":null,"last":null,"label":"Foreign Minister"}"#
    );
    let back: newsgraph::graph::Edge = serde_json::from_str(&json).expect("load");
    assert_eq!(back, r);
    assert!(!back.has_acts());
    let plain: newsgraph::graph::Edge = serde_json::from_str(
        r#"{"kind":"about","weight":1,"acts":{},"first":null,"last":null,"label":null}"#,
    )
    .expect("load");
    assert_eq!(plain, newsgraph::graph::Edge::new(EdgeKind::About));
}

#[test]
fn load_rejects_other_versions_clearly() {
    let err = KnowledgeGraph::load(br#"{"format":"newsgraph-graph","version":99,"graph":{}}"#)
        .expect_err("version");
    assert!(
        err.to_string().contains("version") || err.to_string().contains("99"),
        "{err}"
    );
    assert!(KnowledgeGraph::load(b"not json").is_err());
}

fn check_normalize(input: &str, expected: &str) {
    assert_eq!(
        newsgraph::graph::build::normalize(input),
        expected,
        "{input:?}"
    );
}

#[test]
fn normalization_table() {
    for (i, e) in [
        ("NATO must stop.", "nato must stop"),
        ("\u{201c}NATO must  stop\u{201d}", "nato must stop"),
        ("that Russia's door is open", "russias door is open"),
        ("Russia\u{2019}s door", "russias door"),
        ("", ""),
        ("— !", ""),
    ] {
        check_normalize(i, e);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    #[test]
    fn document_order_does_not_matter(perm in Just((0..3usize).collect::<Vec<_>>()).prop_shuffle()) {
        let facts = fixture::facts();
        let shuffled: Vec<_> = perm.iter().map(|&i| facts[i].clone()).collect();
        let a = graph().save().expect("save");
        let b = KnowledgeGraph::build(&fixture::schema(), shuffled).save().expect("save");
        prop_assert_eq!(a, b);
    }
}

#[test]
fn undated_events_merge_only_when_unambiguous() {
    let mut facts = fixture::facts();
    // "the talks in Geneva", undated: the one dated Geneva talks.
    facts[1].events.push(fixture::event(
        "talks",
        None,
        Some("geneva"),
        &["nato"],
        500,
    ));
    // "the talks" twice in one article, undated and placeless, same parties: one event.
    facts[2].events.push(fixture::event(
        "talks",
        None,
        None,
        &["russia", "ukraine"],
        600,
    ));
    facts[2].events.push(fixture::event(
        "talks",
        None,
        None,
        &["russia", "ukraine"],
        700,
    ));
    // The same words in another article stay apart: nothing says it is the same event.
    facts[0].events.push(fixture::event(
        "talks",
        None,
        None,
        &["russia", "ukraine"],
        800,
    ));
    let g = KnowledgeGraph::build(&fixture::schema(), facts);
    let keys: Vec<(String, usize, Vec<String>)> = g
        .graph
        .node_weights()
        .filter_map(|n| match n {
            Node::Event(v) => Some((
                v.key.to_string(),
                v.sources.len(),
                v.participants.iter().map(|p| p.to_string()).collect(),
            )),
            _ => None,
        })
        .collect();
    let s = |x: &str| x.to_string();
    assert_eq!(
        keys,
        [
            (
                s("talks/2022-01-10/geneva"),
                4,
                vec![
                    s("antony_blinken"),
                    s("nato"),
                    s("russia"),
                    s("sergei_lavrov"),
                    s("united_states")
                ]
            ),
            (
                s("talks/undated/a_tass/russia+ukraine/past"),
                1,
                vec![s("russia"), s("ukraine")]
            ),
            (
                s("talks/undated/c_kyiv/russia+ukraine/past"),
                2,
                vec![s("russia"), s("ukraine")]
            ),
        ]
    );
}

#[test]
fn near_identical_statements_merge_at_close_dates_only() {
    let long =
        "the United States will never accept a veto on the open door of the alliance in Europe";
    let shorter = "The United States will never accept a veto on the open door of the alliance in Europe today";
    let mut facts = fixture::facts();
    facts[0].statements = vec![fixture::statement(
        "antony_blinken",
        "deny",
        long,
        &["nato"],
        10,
        "2022-01-10",
    )];
    facts[1].statements = vec![fixture::statement(
        "antony_blinken",
        "deny",
        shorter,
        &["nato"],
        10,
        "2022-01-11",
    )];
    // The same words a month later are said again, not reported twice.
    facts[2].statements = vec![fixture::statement(
        "antony_blinken",
        "deny",
        long,
        &["nato"],
        10,
        "2022-02-20",
    )];
    let g = KnowledgeGraph::build(&fixture::schema(), facts);
    let mut sources: Vec<Vec<String>> = g
        .graph
        .node_weights()
        .filter_map(|n| match n {
            Node::Statement(s) => Some(s.sources.iter().map(|p| p.doc.to_string()).collect()),
            _ => None,
        })
        .collect();
    sources.sort();
    assert_eq!(
        sources,
        [
            vec!["a_tass".to_string(), "b_reuters".to_string()],
            vec!["c_kyiv".to_string()]
        ]
    );
}

#[test]
fn documents_sharing_an_id_merge_the_same_way_in_any_order() {
    let facts = fixture::facts();
    let mut twin = facts[0].clone();
    twin.statements = vec![fixture::statement(
        "antony_blinken",
        "warn",
        "Costs will be severe",
        &["russia"],
        5,
        "2022-01-10",
    )];
    let a = KnowledgeGraph::build(
        &fixture::schema(),
        vec![facts[0].clone(), twin.clone(), facts[1].clone()],
    );
    let b = KnowledgeGraph::build(
        &fixture::schema(),
        vec![twin, facts[1].clone(), facts[0].clone()],
    );
    assert_eq!(a.save().expect("save"), b.save().expect("save"));
}

/// Speakers whose ids begin with one another's (their keys interleave), some unknown to the
/// schema.
const SPEAKERS: [&str; 6] = [
    "sergei_lavrov",
    "nato",
    "nato_x",
    "n",
    "antony_blinken",
    "sergei_lavrov_2",
];
const SUBJECTS: [&str; 5] = ["nato", "ukraine", "russia", "geneva", "nato_x"];
/// Versions of a few sentences: the same words said again, reprinted with a word dropped, or
/// with other punctuation, so that exact and near-identical merges both happen.
const TEXTS: [&str; 6] = [
    "NATO must stop its expansion to the east and it must stop now",
    "NATO must stop its expansion to the east, and it must stop now.",
    "NATO must stop its expansion to the east and must stop now",
    "Ukraine's future is for Ukraine to decide",
    "\u{201c}We will respond\u{201d}",
    "",
];

/// One generated statement: speaker, text, subjects (bits), day, relay, quoted.
type GenStatement = (usize, usize, u8, u32, Option<usize>, bool);
/// One generated event: type, day, place, participants (bits).
type GenEvent = (usize, Option<u32>, Option<usize>, u8);

fn generated_doc(
    id: usize,
    mentions: &[(usize, usize, usize)],
    statements: &[GenStatement],
    events: &[GenEvent],
) -> newsgraph::extract::DocFacts {
    use newsgraph::corpus::DateSource;
    use newsgraph::diag::Span;
    use newsgraph::extract::{DocInfo, Mention, MentionKind, StatementKind};
    let eid = |s: &str| EntityId::new(s).expect("slug");
    let day = |d: u32| format!("2022-01-{:02}", 1 + d % 28);
    let subjects = |bits: u8| -> Vec<&str> {
        (0..SUBJECTS.len())
            .filter(|b| bits & (1 << b) != 0)
            .map(|b| SUBJECTS[b])
            .collect()
    };
    newsgraph::extract::DocFacts {
        doc: DocInfo {
            id: format!("doc_{id}"),
            title: Some(format!("Article {id}")),
            date: chrono::NaiveDate::from_ymd_opt(2022, 1, 1 + (id as u32 % 28)),
            date_source: DateSource::Header,
            outlet: Some(["TASS", "Reuters"][id % 2].to_string()),
            url: None,
            line_starts: Vec::new(),
        },
        mentions: mentions
            .iter()
            .map(|&(e, start, len)| Mention {
                entity: eid(SPEAKERS[e % SPEAKERS.len()]),
                span: Span::new(start, start + len),
                kind: MentionKind::Name,
                nested: false,
            })
            .collect(),
        provisional: Vec::new(),
        statements: statements
            .iter()
            .enumerate()
            .map(|(k, &(sp, text, about, d, relay, quoted))| {
                let mut s = fixture::statement(
                    SPEAKERS[sp % SPEAKERS.len()],
                    ["demand", "warn"][k % 2],
                    TEXTS[text % TEXTS.len()],
                    &subjects(about),
                    100 * k,
                    &day(d),
                );
                s.relay = relay.map(|r| eid(SUBJECTS[r % SUBJECTS.len()]));
                if !quoted {
                    s.kind = StatementKind::Indirect;
                }
                if d % 7 == 6 {
                    s.date = None;
                }
                s
            })
            .collect(),
        events: events
            .iter()
            .enumerate()
            .map(|(k, &(ty, d, place, who))| {
                let d = d.map(day);
                fixture::event(
                    ["talks", "meeting", "call"][ty % 3],
                    d.as_deref(),
                    place.map(|p| SUBJECTS[p % SUBJECTS.len()]),
                    &subjects(who),
                    1000 + 50 * k,
                )
            })
            .collect(),
        diagnostics: Vec::new(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// The compact graph `kg build` saves is the graph, byte for byte, and its summary the
    /// graph's, on documents full of merges (shared ids, reprints, prefix-sharing speakers).
    #[test]
    fn compact_graph_saves_the_same_graph(
        docs in proptest::collection::vec(
            (
                0usize..6,
                proptest::collection::vec((0usize..6, 0usize..400, 1usize..12), 0..6),
                proptest::collection::vec(
                    (0usize..6, 0usize..6, any::<u8>(), 0u32..12, proptest::option::of(0usize..5), any::<bool>()),
                    0..5,
                ),
                proptest::collection::vec(
                    (0usize..3, proptest::option::of(0u32..4), proptest::option::of(0usize..5), any::<u8>()),
                    0..3,
                ),
            ),
            0..8,
        )
    ) {
        use newsgraph::graph::build::Builder;
        let schema = fixture::schema();
        let mut b = Builder::new();
        for (id, mentions, statements, events) in &docs {
            b.add_doc(&schema, generated_doc(*id, mentions, statements, events));
        }
        let compact = b.finish_compact(&schema);
        let mut saved = Vec::new();
        compact.save_to(&mut saved).expect("save");
        let summary = compact.summary();
        let g = compact.into_graph();
        prop_assert_eq!(summary, g.summary());
        let expected = g.save().expect("save");
        prop_assert!(saved == expected, "{}\n{}", String::from_utf8_lossy(&saved), String::from_utf8_lossy(&expected));
        // And the graph file reads back as that graph.
        let back = KnowledgeGraph::load(&saved).expect("load");
        prop_assert_eq!(back.save().expect("save"), expected);
    }
}
