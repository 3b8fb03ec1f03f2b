//! Test-set quality floor: `kg eval` on data/test (articles written for evaluation and kept
//! out of rule development) must keep every F1 at or above the floor measured when the set
//! was first scored, and the gold must keep its size so a floor cannot be met by deleting it.
//!
//! The floors sit just below the measured scores. What the set is, how it was annotated and
//! why its misses are reported only in aggregate lives in data/test/README.md.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// Gold file and corpus of the test set, relative to the crate root.
const GOLD: &str = "data/test/gold.json";
const CORPUS: &str = "data/test/corpus";

/// F1 floor of each metric, just below the score measured on data/test.
const FLOORS: [(&str, f64); 5] = [
    ("statements", 0.89),
    ("triples", 0.92),
    ("speakers", 0.92),
    ("entities", 0.97),
    ("events", 0.28),
];

/// Statements annotated in the gold file, optional ones included.
const GOLD_STATEMENTS: usize = 73;

/// Gold size per metric as counted by `kg eval` (optional items left out).
const GOLD_SIZES: [(&str, u64); 5] = [
    ("statements", 66),
    ("triples", 71),
    ("speakers", 29),
    ("entities", 92),
    ("events", 12),
];

/// Runs `kg eval --json` on the test set from the crate root and returns its parsed report.
fn eval_report() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["eval", "--gold", GOLD, CORPUS, "--json"])
        .output()
        .expect("kg runs");
    assert!(
        out.status.success(),
        "kg eval failed ({:?}): {}",
        out.status.code(),
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("kg eval --json prints JSON")
}

/// The `field` of `metric`'s score in the report's `scores` list of `[name, score]` pairs.
fn score_field<'a>(report: &'a Value, metric: &str, field: &str) -> Option<&'a Value> {
    report["scores"].as_array()?.iter().find_map(|pair| {
        (pair.get(0)?.as_str()? == metric)
            .then(|| pair.get(1)?.get(field))
            .flatten()
    })
}

/// Asserts that `metric` is scored and its F1 is at least `floor`.
fn check(report: &Value, metric: &str, floor: f64) {
    let f1 = score_field(report, metric, "f1")
        .and_then(Value::as_f64)
        .unwrap_or_else(|| panic!("metric `{metric}` missing from kg eval --json"));
    assert!(
        f1 + 1e-9 >= floor,
        "test-set {metric} F1 fell to {f1:.3}, below its floor {floor:.2}"
    );
}

#[test]
fn test_set_f1_at_or_above_floors() {
    let report = eval_report();
    for (metric, floor) in FLOORS {
        check(&report, metric, floor);
    }
}

#[test]
fn test_set_gold_keeps_its_size() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(GOLD);
    let src = std::fs::read_to_string(&path).expect("gold file readable");
    let gold: Value = serde_json::from_str(&src).expect("gold file is JSON");
    let docs = gold["docs"].as_object().expect("gold has docs");
    assert_eq!(docs.len(), 5, "the test set has five articles");
    let statements: usize = docs
        .values()
        .map(|doc| doc["statements"].as_array().map_or(0, Vec::len))
        .sum();
    assert!(
        statements >= GOLD_STATEMENTS,
        "test-set gold has {statements} statements, expected at least {GOLD_STATEMENTS}"
    );

    let report = eval_report();
    for (metric, at_least) in GOLD_SIZES {
        let n = score_field(&report, metric, "gold")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        assert!(
            n >= at_least,
            "test-set gold for {metric} has {n} items, expected at least {at_least}"
        );
    }
}
