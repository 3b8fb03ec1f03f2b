//! The merge split by key: `kg merge --part I/N` on each part, then `kg merge --combine`,
//! writes the graph `kg merge` writes in one process (and so `kg build`), byte for byte, on
//! the facts of the sample, dev and realistic corpora, whatever N, the order of the facts files
//! each part reads and the order of the part files; bad splits are refused with clear errors.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{arg, kg, root};

/// `kg` with its exit code and stderr, for the failing runs.
fn kg_fails(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("kg runs");
    assert_eq!(out.status.code(), Some(2), "kg {args:?} should fail");
    String::from_utf8_lossy(&out.stderr).trim().to_string()
}

fn parts_then_combine(facts: &[PathBuf], n: usize, dir: &Path) -> Vec<u8> {
    let mut parts = Vec::new();
    for i in 1..=n {
        let out = dir.join(format!("part-{i}-of-{n}.json"));
        let spec = format!("{i}/{n}");
        // Each part reads the facts files in another order.
        let mut files: Vec<&str> = facts.iter().map(|p| arg(p)).collect();
        let len = files.len();
        files.rotate_left(i % len);
        let mut a = vec!["merge", "--part", &spec];
        a.extend(files);
        a.extend(["-o", arg(&out)]);
        kg(&a);
        parts.push(out);
    }
    parts.reverse();
    let combined = dir.join(format!("combined-{n}.json"));
    let mut a = vec!["merge", "--combine"];
    a.extend(parts.iter().map(|p| arg(p)));
    a.extend(["-o", arg(&combined)]);
    kg(&a);
    std::fs::read(&combined).expect("combined graph")
}

#[test]
fn parts_combine_into_the_one_process_merge() {
    for corpus in ["data/corpus", "data/dev/corpus", "data/realistic/articles"] {
        let dir = tempfile::tempdir().expect("tempdir");
        let d = dir.path();
        // The facts in three shards, as three machines would extract them.
        let facts: Vec<PathBuf> = (1..=3)
            .map(|i| {
                let p = d.join(format!("facts-{i}.jsonl"));
                let shard = format!("{i}/3");
                kg(&[
                    "extract",
                    corpus,
                    "--facts",
                    "--shard",
                    &shard,
                    "-o",
                    arg(&p),
                ]);
                p
            })
            .collect();
        let whole = d.join("whole.json");
        let mut a = vec!["merge"];
        a.extend(facts.iter().map(|p| arg(p)));
        a.extend(["-o", arg(&whole)]);
        kg(&a);
        let whole = std::fs::read(&whole).expect("whole graph");
        let built = d.join("built.json");
        kg(&["build", corpus, "-o", arg(&built)]);
        assert!(
            std::fs::read(&built).expect("built") == whole,
            "{corpus}: kg merge = kg build"
        );
        for n in [1, 2, 3, 5] {
            assert!(
                parts_then_combine(&facts, n, d) == whole,
                "{corpus}: {n} parts combined differ from the one-process merge"
            );
        }
    }
}

#[test]
fn bad_splits_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let facts = d.join("facts.jsonl");
    kg(&["extract", "data/corpus", "--facts", "-o", arg(&facts)]);
    let p = |i: usize, n: usize| {
        let out = d.join(format!("p{i}-{n}.json"));
        kg(&[
            "merge",
            "--part",
            &format!("{i}/{n}"),
            arg(&facts),
            "-o",
            arg(&out),
        ]);
        out
    };
    let (a, b, c) = (p(1, 3), p(3, 3), p(2, 2));
    let out = d.join("g.json");
    assert_eq!(
        kg_fails(&["merge", "--combine", arg(&a), arg(&b), "-o", arg(&out)]),
        "kg: part 2/3 is missing"
    );
    assert_eq!(
        kg_fails(&["merge", "--combine", arg(&a), arg(&c), "-o", arg(&out)]),
        "kg: part 2/2 does not belong with parts of 3"
    );
    assert_eq!(
        kg_fails(&["merge", "--part", "0/3", arg(&facts), "-o", arg(&out)]),
        "kg: --part 0/3: expected I/N with 1 <= I <= N"
    );
    assert!(
        kg_fails(&["merge", "--combine", arg(&facts), "-o", arg(&out)])
            .contains("not a part file of `kg merge --part`")
    );
    // Two documents with one id: the merge in parts cannot order them, and says so.
    let twice = d.join("twice.jsonl");
    let text = std::fs::read_to_string(&facts).expect("facts");
    std::fs::write(&twice, format!("{text}{text}")).expect("write");
    assert!(
        kg_fails(&["merge", "--part", "1/2", arg(&twice), "-o", arg(&out)])
            .contains("appears twice in the facts"),
    );
    assert!(!out.exists(), "nothing written");
}

/// `kg merge` folds records into the builder as it reads them; when two documents share an
/// id it reads the files again and settles their order by content, so the graph still does
/// not depend on the order of the records: it is the library's `KnowledgeGraph::build`.
#[test]
fn documents_sharing_an_id_merge_the_same_in_any_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let facts = dir.path().join("facts.jsonl");
    kg(&["extract", "data/corpus", "--facts", "-o", arg(&facts)]);
    let text = std::fs::read_to_string(&facts).expect("facts");
    let mut records: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("a facts record"))
        .collect();
    assert!(records.len() >= 3, "{} records", records.len());
    // The second document now claims the first one's id.
    let first_id = records[0]["doc"]["id"].clone();
    records[1]["doc"]["id"] = first_id;
    let lines: Vec<String> = records.iter().map(|r| r.to_string()).collect();
    let write = |name: &str, order: &[String]| {
        let p = dir.path().join(name);
        std::fs::write(&p, order.join("\n") + "\n").expect("write");
        p
    };
    let forward = write("forward.jsonl", &lines);
    let mut reversed_lines = lines.clone();
    reversed_lines.reverse();
    let reversed = write("reversed.jsonl", &reversed_lines);
    let mut graphs = Vec::new();
    for (name, input) in [("a.json", &forward), ("b.json", &reversed)] {
        let out = dir.path().join(name);
        kg(&["merge", arg(input), "-o", arg(&out)]);
        graphs.push(std::fs::read(&out).expect("graph"));
    }
    assert!(
        graphs[0] == graphs[1],
        "the order of the records changed the graph"
    );
    let schema = newsgraph::schema::Schema::load(&root().join("schemas")).expect("schemas");
    let parsed: Vec<newsgraph::extract::DocFacts> = lines
        .iter()
        .map(|l| serde_json::from_str(l).expect("facts"))
        .collect();
    let expected = newsgraph::graph::KnowledgeGraph::build(&schema, parsed)
        .save()
        .expect("save");
    assert!(
        graphs[0] == expected,
        "kg merge differs from KnowledgeGraph::build"
    );
}
