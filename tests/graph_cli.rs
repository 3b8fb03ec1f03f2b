//! The graph commands end to end: `kg merge` of facts files in any grouping gives the same
//! graph file as building them at once, `kg export` writes each format from a saved graph,
//! and bad input gives a clear error with nothing written.

use std::path::Path;
use std::process::Command;

use newsgraph::graph::fixture;
use newsgraph::graph::KnowledgeGraph;

fn kg(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(dir)
        .arg("--schemas")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"))
        .args(args)
        .output()
        .expect("run kg")
}

fn jsonl(facts: &[newsgraph::extract::DocFacts]) -> String {
    facts
        .iter()
        .map(|f| serde_json::to_string(f).expect("json") + "\n")
        .collect()
}

#[test]
fn merge_in_any_grouping_gives_the_same_graph() {
    let tmp = tempfile::tempdir().expect("tmp");
    let facts = fixture::facts();
    std::fs::write(tmp.path().join("all.jsonl"), jsonl(&facts)).expect("write");
    std::fs::write(tmp.path().join("a.jsonl"), jsonl(&facts[2..])).expect("write");
    std::fs::write(
        tmp.path().join("b.jsonl"),
        jsonl(&[facts[1].clone(), facts[0].clone()]),
    )
    .expect("write");
    let one = kg(tmp.path(), &["-q", "merge", "all.jsonl", "-o", "one.json"]);
    assert!(
        one.status.success(),
        "{}",
        String::from_utf8_lossy(&one.stderr)
    );
    let two = kg(
        tmp.path(),
        &["-q", "merge", "b.jsonl", "a.jsonl", "-o", "two.json"],
    );
    assert!(
        two.status.success(),
        "{}",
        String::from_utf8_lossy(&two.stderr)
    );
    let a = std::fs::read(tmp.path().join("one.json")).expect("one");
    let b = std::fs::read(tmp.path().join("two.json")).expect("two");
    assert_eq!(a, b);
    let g = KnowledgeGraph::load(&a).expect("load");
    assert_eq!(g.summary().statements, 4);
}

#[test]
fn merge_reports_bad_records_and_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("bad.jsonl"), "{\"doc\": 1}\n").expect("write");
    let out = kg(tmp.path(), &["merge", "bad.jsonl", "-o", "g.json"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bad.jsonl:1:"), "{err}");
    assert!(!tmp.path().join("g.json").exists());
}

#[test]
fn export_every_format_from_a_saved_graph() {
    let tmp = tempfile::tempdir().expect("tmp");
    std::fs::write(tmp.path().join("all.jsonl"), jsonl(&fixture::facts())).expect("write");
    assert!(
        kg(tmp.path(), &["-q", "merge", "all.jsonl", "-o", "g.json"])
            .status
            .success()
    );
    for name in ["g.dot", "g.gexf", "g.graphml", "g.json.json", "csvdir"] {
        let out = kg(tmp.path(), &["-q", "export", "g.json", "-o", name]);
        assert!(
            out.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert!(tmp.path().join("csvdir/nodes.csv").is_file());
    assert!(tmp.path().join("csvdir/edges.csv").is_file());
    let gexf = std::fs::read_to_string(tmp.path().join("g.gexf")).expect("gexf");
    assert!(gexf.contains("Sergei Lavrov"));
}

#[test]
fn export_errors_are_clear() {
    let tmp = tempfile::tempdir().expect("tmp");
    let cases: [(&[&str], &str); 5] = [
        (
            &["export", "missing.json", "--format", "dot"],
            "missing.json: no such graph file or corpus",
        ),
        (
            &["export", "x", "-o", "out.pdf"],
            "out.pdf: cannot tell the format from this extension; give --format",
        ),
        (
            &["export", "x", "--format", "gif"],
            "--format gif: unknown format (dot, svg, png, gexf, graphml, json, csv, cypher or html)",
        ),
        (
            &["export", "x", "--format", "dot", "--view", "all"],
            "--view all: unknown view (actors, events or full)",
        ),
        (
            &["export", "x", "--format", "dot", "--since", "2022-13-01"],
            "--since 2022-13-01: not a date (expected YYYY-MM-DD)",
        ),
    ];
    for (args, expected) in cases {
        let out = kg(tmp.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr).trim(),
            format!("kg: {expected}"),
            "{args:?}"
        );
    }
}
