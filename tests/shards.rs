//! Extraction across machines: `kg extract --facts --shard I/N` on each shard, then
//! `kg merge`, gives exactly the graph `kg build` gives on one machine (byte-identical
//! `kg export --format json` and `--format gexf`), whatever the number and order of shards.
//!
//! The corpus and dictionary are generated (seeded) by `newsgraph::gen`, small enough to run
//! in a debug build in seconds.

use std::path::{Path, PathBuf};
use std::process::Command;

use newsgraph::gen::{write_corpus, write_dictionary, CorpusFormat, CorpusGen, DictionarySpec};
use newsgraph::schema::Schema;

fn kg(schemas: &Path, args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .arg("--schemas")
        .arg(schemas)
        .arg("-q")
        .args(args)
        .output()
        .expect("kg runs");
    assert!(
        out.status.success(),
        "kg {args:?} failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

fn fixture(dir: &Path) -> (PathBuf, PathBuf) {
    let schemas = dir.join("schemas");
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    write_dictionary(
        &DictionarySpec {
            persons: 80,
            seed: 3,
            base,
        },
        &schemas,
    )
    .expect("dictionary");
    let schema = Schema::load(&schemas).expect("generated schema loads");
    let corpus = dir.join("corpus");
    let g = CorpusGen::new(&schema, 3).expect("generator");
    write_corpus(&g, &corpus, 50_000, CorpusFormat::Txt).expect("corpus");
    (schemas, corpus)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// Extracts `n` shards of the corpus into facts files.
fn shards(schemas: &Path, corpus: &Path, dir: &Path, n: usize) -> Vec<PathBuf> {
    (1..=n)
        .map(|i| {
            let f = dir.join(format!("facts-{i}-of-{n}.jsonl"));
            kg(
                schemas,
                &[
                    "extract",
                    path(corpus),
                    "--facts",
                    "--shard",
                    &format!("{i}/{n}"),
                    "-o",
                    path(&f),
                ],
            );
            f
        })
        .collect()
}

fn merged(schemas: &Path, files: &[PathBuf], out: &Path) -> PathBuf {
    let mut args = vec!["merge"];
    args.extend(files.iter().map(|f| path(f)));
    args.extend(["-o", path(out)]);
    kg(schemas, &args);
    out.to_path_buf()
}

fn exports(schemas: &Path, graph: &Path) -> Vec<Vec<u8>> {
    ["json", "gexf"]
        .iter()
        .map(|f| {
            kg(
                schemas,
                &["export", path(graph), "--format", f, "--view", "full"],
            )
        })
        .collect()
}

#[test]
fn merged_shards_give_the_single_machine_graph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (schemas, corpus) = fixture(dir.path());
    let single = dir.path().join("single.json");
    kg(&schemas, &["build", path(&corpus), "-o", path(&single)]);
    let want = exports(&schemas, &single);
    let json = String::from_utf8_lossy(&want[0]);
    // Not a vacuous comparison: the graph has statements and events.
    assert!(
        json.matches("\"statement\"").count() > 20,
        "too few statements to compare"
    );

    let two = shards(&schemas, &corpus, dir.path(), 2);
    for files in [two.clone(), vec![two[1].clone(), two[0].clone()]] {
        let g = merged(&schemas, &files, &dir.path().join("merged-2.json"));
        assert!(
            exports(&schemas, &g) == want,
            "2 shards ({files:?}) differ from the single build"
        );
    }
    let three = shards(&schemas, &corpus, dir.path(), 3);
    let g = merged(&schemas, &three, &dir.path().join("merged-3.json"));
    assert!(
        exports(&schemas, &g) == want,
        "3 shards differ from the single build"
    );
    // The graph files themselves are identical, not only their exports.
    assert!(std::fs::read(&g).expect("read") == std::fs::read(&single).expect("read"));
}
