//! `kg query` on the sample corpus (data/corpus) with the project's schemas: the whole
//! pipeline (build, save, load, query), every question, snapshots of what a person sees.
//! The snapshots change when extraction improves; read each diff before accepting it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The sample graph, built once per test run with `kg build data/corpus -o`.
fn graph() -> &'static PathBuf {
    static GRAPH: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &GRAPH
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let path = dir.path().join("sample.json");
            let out = Command::new(env!("CARGO_BIN_EXE_kg"))
                .current_dir(root())
                .args(["-q", "build", "data/corpus", "-o"])
                .arg(&path)
                .output()
                .expect("kg runs");
            assert!(
                out.status.success(),
                "kg build failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            (dir, path)
        })
        .1
}

/// Runs `kg query --graph <sample> --corpus data/corpus ARGS` from the project root and
/// returns "exit N", stdout and stderr as one text.
fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root())
        .arg("query")
        .arg("--graph")
        .arg(graph())
        .args(["--corpus", "data/corpus"])
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

// The two outputs shown in the README.
snap!(said_about_nato, "said", "--about", "nato");
snap!(path_biden_peskov, "path", "joe_biden", "dmitry_peskov");

snap!(said_by_blinken, "said", "--speaker", "Blinken");
snap!(
    said_warnings_csv,
    "said",
    "--act",
    "warn",
    "--format",
    "csv"
);
snap!(
    said_since_json,
    "said",
    "--since",
    "2022-01-16",
    "--format",
    "json"
);
snap!(neighbors_peskov, "neighbors", "Dmitry Peskov");
snap!(
    neighbors_nato_speakers,
    "neighbors",
    "nato",
    "--depth",
    "2",
    "--edge",
    "said_about",
    "--direction",
    "in"
);
snap!(
    path_all_biden_peskov,
    "path",
    "joe_biden",
    "dmitry_peskov",
    "--all",
    "--max-len",
    "3"
);
snap!(path_json, "path", "Sherman", "Ryabkov", "--format", "json");
snap!(timeline_all, "timeline");
snap!(timeline_geneva, "timeline", "--entity", "Geneva");
snap!(entity_ryabkov, "entity", "sergei_ryabkov");
snap!(entity_nato_json, "entity", "NATO", "--format", "json");
snap!(
    entity_united_states_csv,
    "entity",
    "Washington",
    "--format",
    "csv"
);
snap!(top_speakers, "top");
snap!(top_talked_about, "top", "--by", "about");
snap!(top_mentioned, "top", "--by", "mentioned", "--limit", "5");
snap!(top_pagerank, "top", "--by", "pagerank", "--limit", "5");
snap!(ambiguous_name, "said", "--about", "Sergei");
snap!(unknown_name, "entity", "Lavorv");

#[test]
fn building_on_the_fly_gives_the_same_answers() {
    let saved = run(&["said", "--about", "nato"]);
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root())
        .args([
            "-q",
            "query",
            "--corpus",
            "data/corpus",
            "said",
            "--about",
            "nato",
        ])
        .output()
        .expect("kg runs");
    let fly = format!(
        "exit {}\n--- stdout\n{}--- stderr\n{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(saved, fly);
}

#[test]
fn every_statement_row_cites_a_document_line() {
    let text = run(&["said", "--format", "json"]);
    let json = text
        .split("--- stdout\n")
        .nth(1)
        .and_then(|s| s.split("--- stderr").next())
        .unwrap_or("");
    let rows: serde_json::Value = serde_json::from_str(json).expect("valid JSON");
    let rows = rows.as_array().expect("an array");
    assert!(!rows.is_empty(), "the sample has statements");
    for r in rows {
        let ev = r["evidence"].as_array().expect("evidence");
        assert!(!ev.is_empty(), "{r}");
        for c in ev {
            assert!(
                c["line"].as_u64().is_some_and(|l| l > 0),
                "a line number: {c}"
            );
        }
    }
}

#[test]
fn a_saved_graph_alone_cites_document_lines() {
    // The line of every fact is recorded at build time, so the corpus is not needed.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("query")
        .arg("--graph")
        .arg(graph())
        .args(["said", "--speaker", "dmitry_peskov", "--format", "json"])
        .output()
        .expect("kg runs");
    assert!(out.status.success());
    let rows: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let rows = rows.as_array().expect("an array");
    assert!(!rows.is_empty(), "Peskov speaks in the sample");
    for r in rows {
        for c in r["evidence"].as_array().expect("evidence") {
            assert_eq!(c["doc"], "000_fb22ceccf594a76c", "{c}");
            assert!(
                c["line"].as_u64().is_some_and(|l| l > 1),
                "a line number: {c}"
            );
        }
    }
}
