//! `kg query` end to end on a saved graph: every question in every format, and the exit
//! codes and messages for ambiguous, unknown and bad arguments. The graph is built from the
//! graph fixture's facts (so these tests do not depend on extraction quality); the sample
//! corpus is covered by `query_sample.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

use newsgraph::graph::{fixture, KnowledgeGraph};

fn graph_file(dir: &Path) -> PathBuf {
    let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
    let path = dir.join("graph.json");
    std::fs::write(&path, kg.save().expect("graph serializes")).expect("temp file writable");
    path
}

/// Runs `kg query --graph <fixture> ARGS` and returns "exit N", stdout and stderr as one text.
fn run(args: &[&str]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let graph = graph_file(dir.path());
    // No schemas: these tests are about the fixture graph alone, whatever schemas/ holds.
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .arg("--schemas")
        .arg(dir.path().join("no-schemas"))
        .arg("query")
        .arg("--graph")
        .arg(&graph)
        .args(args)
        .output()
        .expect("kg runs");
    format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

macro_rules! snap {
    ($name:ident, $($arg:expr),*) => {
        #[test]
        fn $name() {
            let args = [$($arg),*];
            insta::assert_snapshot!(stringify!($name), run(&args), &args.join(" "));
        }
    };
}

snap!(said_all, "said");
snap!(said_about_nato, "said", "--about", "NATO");
snap!(
    said_by_lavrov_json,
    "said",
    "--speaker",
    "lavrov",
    "--format",
    "json"
);
snap!(
    said_csv_since,
    "said",
    "--since",
    "2022-01-11",
    "--format",
    "csv"
);
snap!(
    said_act_and_until,
    "said",
    "--act",
    "demand",
    "--until",
    "2022-01-10"
);
snap!(neighbors_lavrov, "neighbors", "sergei_lavrov");
snap!(
    neighbors_depth_two_said_about,
    "neighbors",
    "kuleba",
    "--depth",
    "2",
    "--edge",
    "said_about"
);
snap!(
    neighbors_in_csv,
    "neighbors",
    "nato",
    "--direction",
    "in",
    "--format",
    "csv"
);
snap!(
    path_blinken_kuleba,
    "path",
    "antony_blinken",
    "dmytro_kuleba"
);
snap!(
    path_all,
    "path",
    "antony_blinken",
    "dmytro_kuleba",
    "--all",
    "--max-len",
    "4"
);
snap!(path_json, "path", "lavrov", "nato", "--format", "json");
snap!(timeline_all, "timeline");
snap!(timeline_blinken, "timeline", "--entity", "Antony Blinken");
snap!(entity_lavrov, "entity", "Sergei Lavrov");
snap!(entity_nato_json, "entity", "nato", "--format", "json");
snap!(entity_ukraine_csv, "entity", "ukraine", "--format", "csv");
snap!(top_statements, "top");
snap!(top_about, "top", "--by", "about", "--limit", "3");
snap!(top_mentioned, "top", "--by", "mentioned");
snap!(
    top_pagerank_json,
    "top",
    "--by",
    "pagerank",
    "--limit",
    "3",
    "--format",
    "json"
);
// Problems: exit 1 with the names to choose from.
snap!(unknown_name, "entity", "lavrof");
snap!(unknown_name_far, "said", "--about", "xyzzyxyzzy");
// Errors: exit 2.
snap!(bad_edge_kind, "neighbors", "nato", "--edge", "talks");
snap!(bad_direction, "neighbors", "nato", "--direction", "up");
snap!(bad_date, "said", "--since", "10/01/2022");
snap!(bad_format, "top", "--format", "xml");
snap!(bad_ranking, "top", "--by", "fame");

#[test]
fn ambiguous_name_lists_candidates() {
    // The fixture has no shared alias, so make one: two entities named alike.
    let dir = tempfile::tempdir().expect("temp dir");
    let schema = fixture::schema();
    let mut facts = fixture::facts();
    let mut extra = fixture::entity("sergei_ryabkov", "person", "Sergei Ryabkov");
    extra.provisional = true;
    facts[0].provisional.push(extra);
    // A copy of an existing mention, so the test does not depend on every field of Mention.
    let mut m = facts[0].mentions[0].clone();
    m.entity = newsgraph::schema::EntityId::new("sergei_ryabkov").expect("slug");
    m.span = newsgraph::diag::Span::new(500, 507);
    facts[0].mentions.push(m);
    let kg = KnowledgeGraph::build(&schema, facts);
    let path = dir.path().join("g.json");
    std::fs::write(&path, kg.save().expect("graph serializes")).expect("temp file writable");
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["query", "--graph"])
        .arg(&path)
        .args(["said", "--speaker", "sergei"])
        .output()
        .expect("kg runs");
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr));
}

#[test]
fn missing_graph_is_an_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(["query", "--graph", "/nonexistent/graph.json", "top"])
        .output()
        .expect("kg runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("kg: /nonexistent/graph.json: cannot read the graph file"),
        "{err}"
    );
    // No graph given, and no graph.json here.
    let empty = tempfile::tempdir().expect("temp dir");
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(empty.path())
        .args(["query", "top"])
        .output()
        .expect("kg runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.starts_with("kg: no graph to ask: give --graph FILE"),
        "{err}"
    );
}

#[test]
fn graph_json_of_the_current_directory_is_the_default() {
    let dir = tempfile::tempdir().expect("temp dir");
    graph_file(dir.path());
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(dir.path())
        .args(["--schemas", "no-schemas", "query", "top", "--limit", "1"])
        .output()
        .expect("kg runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("sergei_lavrov"), "{text}");
}

#[test]
fn json_output_parses_and_every_row_cites_evidence() {
    let text = run(&["said", "--format", "json"]);
    let json = text
        .split("--- stdout\n")
        .nth(1)
        .and_then(|s| s.split("--- stderr").next())
        .unwrap_or("");
    let v: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let rows = v.as_array().expect("an array of statements");
    assert!(!rows.is_empty());
    for r in rows {
        assert!(
            r["evidence"].as_array().is_some_and(|e| !e.is_empty()),
            "every row cites evidence: {r}"
        );
    }
}
