//! Inputs the fuzz targets (`fuzz/`) found a problem with, replayed through the same checks
//! as the targets (`fuzz/src/lib.rs`). Each file of `tests/fuzz-regressions/<target>/` is an
//! input of that target, in its format (a crash artifact can be copied there as it is);
//! every file is run, and each finding also has a test of its own, named after it.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use std::path::{Path, PathBuf};

/// The directory of the regression inputs.
fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz-regressions")
}

/// Runs one input through the check of `target`.
fn run_input(target: &str, data: &[u8]) {
    match target {
        "extract_document" => checks::check_extract(data),
        "corpus_reader" => checks::check_corpus(data),
        "schema_load" => {
            if let Some((&first, rest)) = data.split_first() {
                checks::check_schema(
                    checks::SchemaBase::of_byte(first),
                    checks::SchemaFile::of_byte(first),
                    rest,
                );
            }
        }
        "graph_load" => checks::check_graph(data),
        "export_escape" => checks::check_export(&checks::export_input_of_bytes(data)),
        "facts_merge" => checks::check_merge(data),
        other => panic!("tests/fuzz-regressions/{other}: no fuzz target of this name"),
    }
}

/// Runs the regression input `name` of `target`.
fn run(target: &str, name: &str) {
    let path = dir().join(target).join(name);
    let data = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    run_input(target, &data);
}

#[test]
fn every_regression_input_passes_its_target() {
    let mut count = 0;
    let mut targets: Vec<PathBuf> = std::fs::read_dir(dir())
        .expect("tests/fuzz-regressions")
        .map(|e| e.expect("an entry").path())
        .collect();
    targets.sort();
    for t in targets {
        let target = t.file_name().and_then(|n| n.to_str()).expect("a name");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&t)
            .expect("a target directory")
            .map(|e| e.expect("an entry").path())
            .collect();
        files.sort();
        for f in files {
            let data = std::fs::read(&f).expect("a regression input");
            eprintln!("{}", f.display());
            run_input(target, &data);
            count += 1;
        }
    }
    assert!(count > 0, "no regression input found");
}

/// A `metadata.json` that is not UTF-8 was "cannot read corpus", with no position; it is
/// now a JSON error at `metadata.json:line:col`.
#[test]
fn corpus_reader_metadata_not_utf8() {
    run("corpus_reader", "metadata-not-utf8");
}

/// A document whose headline ("US: ...") the full extraction drops as a repeat of a later
/// line: with a small budget the later line is never read, so the headline is kept. Not a
/// subset of the full run's statements, but announced by the budget warning, as the
/// extraction promises.
#[test]
fn extract_document_spent_budget_keeps_a_dropped_repeat() {
    run("extract_document", "spent-budget-keeps-a-dropped-repeat");
}
