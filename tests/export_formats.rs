//! Snapshots of every export format on the fixture graph, and the view filters.

use newsgraph::export::{self, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::graph::fixture;
use newsgraph::graph::KnowledgeGraph;
use proptest::prelude::*;

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::build(&fixture::schema(), fixture::facts())
}

fn text(format: Format, opts: &Options) -> String {
    match export::export(&graph(), format, opts, CsvFlavor::Gephi)
        .expect("export")
        .0
    {
        Output::File(b) => String::from_utf8(b).expect("utf-8"),
        Output::Files(files) => files
            .into_iter()
            .map(|(n, b)| format!("== {n}\n{}", String::from_utf8_lossy(&b)))
            .collect(),
    }
}

fn view(v: ViewKind) -> Options {
    Options {
        view: v,
        ..Options::default()
    }
}

#[test]
fn dot_actors() {
    insta::assert_snapshot!(text(Format::Dot, &view(ViewKind::Actors)));
}

#[test]
fn dot_full() {
    insta::assert_snapshot!(text(Format::Dot, &view(ViewKind::Full)));
}

#[test]
fn gexf_events() {
    insta::assert_snapshot!(text(Format::Gexf, &view(ViewKind::Events)));
}

#[test]
fn graphml_full() {
    insta::assert_snapshot!(text(Format::Graphml, &view(ViewKind::Full)));
}

#[test]
fn json_actors() {
    insta::assert_snapshot!(text(Format::Json, &view(ViewKind::Actors)));
}

#[test]
fn csv_gephi_events() {
    insta::assert_snapshot!(text(Format::Csv, &view(ViewKind::Events)));
}

#[test]
fn csv_neo4j_events() {
    let out = match export::export(
        &graph(),
        Format::Csv,
        &view(ViewKind::Events),
        CsvFlavor::Neo4j,
    )
    .expect("export")
    .0
    {
        Output::Files(files) => files
            .into_iter()
            .map(|(n, b)| format!("== {n}\n{}", String::from_utf8_lossy(&b)))
            .collect::<String>(),
        Output::File(_) => panic!("csv is two files"),
    };
    insta::assert_snapshot!(out);
}

fn ids(o: &Options) -> Vec<String> {
    let v = export::view::view(&graph(), o).expect("view");
    v.nodes.into_iter().map(|n| n.id).collect()
}

#[test]
fn filters() {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    let cases: Vec<(&str, Options, Vec<&str>)> = vec![
        (
            "actors",
            view(ViewKind::Actors),
            vec![
                "e_antony_blinken",
                "e_dmytro_kuleba",
                "e_nato",
                "e_russia",
                "e_sergei_lavrov",
                "e_ukraine",
            ],
        ),
        (
            "since 2022-01-11",
            Options {
                since: d("2022-01-11"),
                ..view(ViewKind::Actors)
            },
            vec!["e_antony_blinken", "e_dmytro_kuleba", "e_nato", "e_ukraine"],
        ),
        (
            "until 2022-01-10",
            Options {
                until: d("2022-01-10"),
                ..view(ViewKind::Actors)
            },
            vec!["e_nato", "e_russia", "e_sergei_lavrov", "e_ukraine"],
        ),
        (
            "min weight 2",
            Options {
                min_weight: 2,
                ..view(ViewKind::Actors)
            },
            vec!["e_nato", "e_sergei_lavrov"],
        ),
        (
            "kinds person",
            Options {
                kinds: vec!["person".into()],
                ..view(ViewKind::Actors)
            },
            vec![],
        ),
        (
            "kinds person,organization",
            Options {
                kinds: vec!["person".into(), "organization".into()],
                ..view(ViewKind::Actors)
            },
            vec![
                "e_antony_blinken",
                "e_dmytro_kuleba",
                "e_nato",
                "e_sergei_lavrov",
            ],
        ),
        (
            "focus blinken depth 1",
            Options {
                focus: Some("antony_blinken".into()),
                depth: 1,
                ..view(ViewKind::Actors)
            },
            vec!["e_antony_blinken", "e_nato"],
        ),
        (
            "focus blinken depth 2",
            Options {
                focus: Some("antony_blinken".into()),
                depth: 2,
                ..view(ViewKind::Actors)
            },
            vec![
                "e_antony_blinken",
                "e_dmytro_kuleba",
                "e_nato",
                "e_sergei_lavrov",
            ],
        ),
        (
            "cap 2",
            Options {
                max_nodes: Some(2),
                ..view(ViewKind::Actors)
            },
            vec!["e_nato", "e_sergei_lavrov"],
        ),
    ];
    for (name, o, expected) in cases {
        assert_eq!(ids(&o), expected, "{name}");
    }
}

#[test]
fn cap_leaves_a_note() {
    let v = export::view::view(
        &graph(),
        &Options {
            max_nodes: Some(2),
            ..Options::default()
        },
    )
    .expect("view");
    assert_eq!(v.omitted_nodes, 4);
    insta::assert_snapshot!(v.omitted_note().unwrap_or_default());
    assert!(text(
        Format::Dot,
        &Options {
            max_nodes: Some(2),
            ..Options::default()
        }
    )
    .contains("4 more node(s)"));
}

#[test]
fn unknown_focus_is_a_clear_error() {
    let e = export::view::view(
        &graph(),
        &Options {
            focus: Some("nobody".into()),
            ..Options::default()
        },
    )
    .expect_err("unknown");
    insta::assert_snapshot!(e.to_string());
    let e = export::view::view(
        &graph(),
        &Options {
            focus: Some("geneva".into()),
            ..Options::default()
        },
    )
    .expect_err("not in view");
    insta::assert_snapshot!(e.to_string());
}

#[test]
fn format_names_and_extensions() {
    for (name, f) in [
        ("dot", Format::Dot),
        ("gv", Format::Dot),
        ("SVG", Format::Svg),
        ("gexf", Format::Gexf),
        ("graphml", Format::Graphml),
        ("json", Format::Json),
        ("csv", Format::Csv),
        ("png", Format::Png),
    ] {
        assert_eq!(Format::from_name(name), Some(f), "{name}");
    }
    assert_eq!(Format::from_name("pdf"), None);
    assert_eq!(
        Format::from_extension(std::path::Path::new("out/actors.gexf")),
        Some(Format::Gexf)
    );
    assert_eq!(
        Format::from_extension(std::path::Path::new("out/dir")),
        None
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]
    /// Documents in any order give byte-identical exports in every format and view.
    #[test]
    fn document_order_does_not_change_any_export(perm in Just((0..3usize).collect::<Vec<_>>()).prop_shuffle()) {
        let facts = fixture::facts();
        let shuffled = KnowledgeGraph::build(&fixture::schema(), perm.iter().map(|&i| facts[i].clone()));
        let sorted = graph();
        for f in [Format::Dot, Format::Gexf, Format::Graphml, Format::Json, Format::Csv] {
            for v in [ViewKind::Actors, ViewKind::Events, ViewKind::Full] {
                let a = export::export(&sorted, f, &view(v), CsvFlavor::Gephi).expect("export").0;
                let b = export::export(&shuffled, f, &view(v), CsvFlavor::Gephi).expect("export").0;
                prop_assert_eq!(a, b, "{:?} {:?}", f, v);
            }
        }
    }
}
