//! Held-out quality floor: `kg eval` on the held-out set (data/dev, articles the extractor
//! was not developed on) must keep every F1 at or above the floor measured when the set
//! was annotated, so a change that only fits the sample corpus shows up as a regression.
//!
//! The floors sit just below the measured scores and only ever rise; raising them after an
//! improvement is left to whoever makes it. What the set is lives in data/dev/README.md.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// F1 floor of each metric, just below the score measured on data/dev.
const FLOORS: [(&str, f64); 5] = [
    ("statements", 0.62),
    ("triples", 0.72),
    ("speakers", 0.78),
    ("entities", 0.96),
    ("events", 0.72),
];

/// Runs `kg eval --json` on the held-out set and returns its parsed report.
fn eval_report() -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .arg("--schemas")
        .arg(root.join("schemas"))
        .arg("eval")
        .arg("--gold")
        .arg(root.join("data/dev/gold.json"))
        .arg(root.join("data/dev/corpus"))
        .arg("--json")
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

/// F1 of `metric` in the report's `scores` list of `[name, score]` pairs.
fn f1_of(report: &Value, metric: &str) -> Option<f64> {
    report["scores"].as_array()?.iter().find_map(|pair| {
        (pair.get(0)?.as_str()? == metric)
            .then(|| pair.get(1)?.get("f1")?.as_f64())
            .flatten()
    })
}

/// Asserts that `metric` is scored and its F1 is at least `floor`.
fn check(report: &Value, metric: &str, floor: f64) {
    let f1 = f1_of(report, metric)
        .unwrap_or_else(|| panic!("metric `{metric}` missing from kg eval --json"));
    assert!(
        f1 + 1e-9 >= floor,
        "held-out {metric} F1 fell to {f1:.3}, below its floor {floor:.2}; \
         run `kg eval --gold data/dev/gold.json data/dev/corpus -v` to see the misses"
    );
}

#[test]
fn held_out_f1_at_or_above_floors() {
    let report = eval_report();
    for (metric, floor) in FLOORS {
        check(&report, metric, floor);
    }
}

#[test]
fn held_out_gold_is_not_trivial() {
    // A floor means nothing if the gold shrank: the set must keep its size.
    let report = eval_report();
    let gold = |metric: &str| {
        report["scores"]
            .as_array()
            .and_then(|pairs| {
                pairs
                    .iter()
                    .find(|p| p.get(0).and_then(Value::as_str) == Some(metric))
            })
            .and_then(|p| p.get(1)?.get("gold")?.as_u64())
            .unwrap_or(0)
    };
    for (metric, at_least) in [
        ("statements", 80),
        ("triples", 70),
        ("speakers", 40),
        ("entities", 130),
        ("events", 8),
    ] {
        assert!(
            gold(metric) >= at_least,
            "held-out gold for {metric} has {} items, expected at least {at_least}",
            gold(metric)
        );
    }
}
