//! Snapshots of every export format on the sample corpus (data/corpus with schemas/), so a
//! change in extraction or export shows up as a reviewed diff of what users get.

use std::path::Path;

use newsgraph::corpus::Corpus;
use newsgraph::export::{self, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::extract::{extract, Gazetteer};
use newsgraph::graph::pipeline::build_corpus;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::schema::Schema;

/// The graph of the sample corpus.
pub fn sample() -> KnowledgeGraph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = Schema::load(&root.join("schemas")).expect("the schemas load");
    let corpus = Corpus::open(&root.join("data/corpus")).expect("the corpus opens");
    let gaz = Gazetteer::new(&schema);
    build_corpus(&schema, &corpus, |d| extract(&gaz, d), |_| {}).graph
}

fn text(g: &KnowledgeGraph, format: Format, view: ViewKind, csv: CsvFlavor) -> String {
    let o = Options {
        view,
        ..Options::default()
    };
    match export::export(g, format, &o, csv).expect("export").0 {
        Output::File(b) => String::from_utf8(b).expect("utf-8"),
        Output::Files(files) => files
            .into_iter()
            .map(|(n, b)| format!("== {n}\n{}", String::from_utf8_lossy(&b)))
            .collect(),
    }
}

#[test]
fn sample_exports() {
    let g = sample();
    insta::assert_snapshot!(
        "sample_actors_dot",
        text(&g, Format::Dot, ViewKind::Actors, CsvFlavor::Gephi)
    );
    insta::assert_snapshot!(
        "sample_actors_gexf",
        text(&g, Format::Gexf, ViewKind::Actors, CsvFlavor::Gephi)
    );
    insta::assert_snapshot!(
        "sample_actors_graphml",
        text(&g, Format::Graphml, ViewKind::Actors, CsvFlavor::Gephi)
    );
    insta::assert_snapshot!(
        "sample_actors_json",
        text(&g, Format::Json, ViewKind::Actors, CsvFlavor::Gephi)
    );
    insta::assert_snapshot!(
        "sample_events_csv_gephi",
        text(&g, Format::Csv, ViewKind::Events, CsvFlavor::Gephi)
    );
    insta::assert_snapshot!(
        "sample_events_csv_neo4j",
        text(&g, Format::Csv, ViewKind::Events, CsvFlavor::Neo4j)
    );
}

#[test]
fn sample_exports_do_not_depend_on_document_order() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = Schema::load(&root.join("schemas")).expect("the schemas load");
    let (docs, _) = Corpus::open(&root.join("data/corpus"))
        .expect("the corpus opens")
        .load_all();
    let gaz = Gazetteer::new(&schema);
    let facts: Vec<_> = docs.iter().map(|d| extract(&gaz, d)).collect();
    let n = facts.len();
    let orders: Vec<Vec<usize>> = vec![
        (0..n).collect(),
        (0..n).rev().collect(),
        (0..n).map(|i| (i + 2) % n.max(1)).collect(),
    ];
    let mut outputs: Vec<Vec<String>> = Vec::new();
    for order in orders {
        let g = KnowledgeGraph::build(&schema, order.iter().map(|&i| facts[i].clone()));
        let mut out = vec![String::from_utf8(g.save().expect("save")).expect("utf-8")];
        for f in [
            Format::Dot,
            Format::Gexf,
            Format::Graphml,
            Format::Json,
            Format::Csv,
        ] {
            for v in [ViewKind::Actors, ViewKind::Events, ViewKind::Full] {
                out.push(text(&g, f, v, CsvFlavor::Gephi));
            }
        }
        outputs.push(out);
    }
    assert!(
        outputs.windows(2).all(|w| w[0] == w[1]),
        "an export changed with the document order"
    );
}
