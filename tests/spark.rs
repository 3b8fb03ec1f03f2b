//! Extraction on Apache Spark (`examples/spark/extract.py`, local mode `local[2]`): the sample
//! and dev corpora, turned into JSON Lines by `examples/spark/to_jsonl.py`, are extracted by
//! `kg extract --facts` on each Spark partition; `kg merge` of the Spark output is byte for
//! byte the graph `kg build` writes. The merge does not depend on the order of the facts: the
//! part files in reverse order, and their lines reversed, give the same bytes.
//!
//! Needs `$NEWSGRAPH_PYTHON` with pyspark and a Java runtime (`java`, or `$JAVA_HOME`);
//! skipped with a printed line where they are missing, a failure when `CI=true`.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use common::{arg, available, kg, python_with, root};

fn java() -> bool {
    let ok = Command::new("java")
        .arg("-version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    available(
        "java",
        ok,
        "`java -version` does not run (apt-get install openjdk-17-jre-headless)",
    )
}

/// The `part-*` files Spark wrote in `dir`, sorted.
fn parts(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("spark output directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("part-"))
        })
        .collect();
    v.sort();
    v
}

fn merge(files: &[PathBuf], out: &Path) -> Vec<u8> {
    let mut a: Vec<&str> = vec!["merge"];
    a.extend(files.iter().map(|p| arg(p)));
    a.extend(["-o", arg(out)]);
    kg(&a);
    std::fs::read(out).expect("merged graph")
}

#[test]
fn spark_extraction_merges_into_the_graph_kg_build_writes() {
    let Some(python) = python_with("pyspark") else {
        return;
    };
    if !java() {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let corpora = [("sample", "data/corpus"), ("dev", "data/dev/corpus")];
    let mut job: Vec<PathBuf> = Vec::new();
    for (name, corpus) in corpora {
        let jsonl = d.join(format!("{name}.jsonl"));
        let st = Command::new(&python)
            .arg(root().join("examples/spark/to_jsonl.py"))
            .arg(root().join(corpus))
            .arg(&jsonl)
            .status()
            .expect("python runs");
        assert!(st.success(), "to_jsonl.py {corpus}");
        job.push(jsonl);
        job.push(d.join(format!("{name}-facts")));
    }
    let started = Instant::now();
    let out = Command::new(&python)
        .current_dir(root())
        .env("PYSPARK_PYTHON", &python)
        .env("SPARK_LOCAL_IP", "127.0.0.1")
        .arg("examples/spark/extract.py")
        .args(["--kg", env!("CARGO_BIN_EXE_kg"), "--schemas", "schemas"])
        .args(["--master", "local[2]", "--partitions", "3"])
        .args(&job)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "the Spark job failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "spark job, both corpora: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for (name, corpus) in corpora {
        let facts = parts(&d.join(format!("{name}-facts")));
        assert!(facts.len() >= 2, "{name}: several partitions: {facts:?}");
        let lines: Vec<String> = facts
            .iter()
            .flat_map(|p| {
                std::fs::read_to_string(p)
                    .expect("facts")
                    .lines()
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            })
            .collect();
        let built = d.join(format!("{name}-built.json"));
        kg(&["build", corpus, "-o", arg(&built)]);
        let built = std::fs::read(&built).expect("built graph");
        let merged = merge(&facts, &d.join(format!("{name}-merged.json")));
        assert!(
            merged == built,
            "{name}: the graph merged from Spark's facts differs from kg build's"
        );
        // Order-independent: the parts reversed, and every line in reverse order.
        let mut reversed = facts.clone();
        reversed.reverse();
        assert!(merge(&reversed, &d.join(format!("{name}-rev.json"))) == built);
        let shuffled = d.join(format!("{name}-lines-reversed.jsonl"));
        let mut rev_lines = lines.clone();
        rev_lines.reverse();
        std::fs::write(&shuffled, rev_lines.join("\n") + "\n").expect("write");
        assert!(merge(&[shuffled], &d.join(format!("{name}-shuf.json"))) == built);
        eprintln!(
            "{name}: {} documents in {} partitions, merged graph = kg build ({} bytes)",
            lines.len(),
            facts.len(),
            built.len()
        );
    }
}
