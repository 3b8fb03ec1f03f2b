//! `kg check` on broken schema directories: every kind of problem is reported at once, as
//! `path:line:col: message` (both places for duplicates and collisions), with exit code 1;
//! the shipped schemas check clean; a broken schema stops `kg build` before any output.
//!
//! Fixtures are full small schema directories under `tests/fixtures/schemas/<case>/`; the
//! command runs from that directory so the paths in the messages are relative and stable.

use std::path::{Path, PathBuf};
use std::process::Command;

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixtures() -> PathBuf {
    manifest_dir().join("tests/fixtures/schemas")
}

/// Runs `kg ARGS` in `dir`; returns (exit code, stdout, stderr).
fn kg(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("the kg binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Checks one fixture: exit code, every line shaped `case/...: message` with a position
/// when `positioned`, and the snapshot of the whole report.
fn check(case: &str, expected_code: i32, positioned: bool) {
    let (code, stdout, stderr) = kg(&fixtures(), &["check", case]);
    assert_eq!(
        code, expected_code,
        "{case}: exit code\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    for line in stdout.lines() {
        assert!(
            line.starts_with(&format!("{case}/")),
            "{case}: not a relative path: {line}"
        );
        if positioned {
            let rest = line.split_once(".ron:").map(|(_, r)| r).unwrap_or("");
            let mut parts = rest.splitn(3, ':');
            let (l, c) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
            assert!(
                l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok(),
                "{case}: no path:line:col in: {line}"
            );
        }
    }
    insta::assert_snapshot!(
        case,
        format!("exit code: {code}\n--- stdout\n{stdout}--- stderr\n{stderr}")
    );
}

#[test]
fn clean_fixture_passes() {
    check("clean", 0, true);
}

#[test]
fn syntax_errors_are_reported_per_entry() {
    check("syntax_error", 1, true);
}

#[test]
fn unknown_fields_and_variants() {
    check("unknown_field", 1, true);
}

#[test]
fn duplicate_ids_at_both_places() {
    check("duplicate_id", 1, true);
}

#[test]
fn alias_and_metonym_collisions_at_both_places() {
    check("alias_collision", 1, true);
}

#[test]
fn unknown_references_self_references_and_cycles() {
    check("unknown_ref", 1, true);
}

#[test]
fn unknown_kinds_acts_and_event_types() {
    check("unknown_kind", 1, true);
}

#[test]
fn dates_not_yyyy_mm_dd() {
    check("bad_date", 1, true);
}

#[test]
fn from_after_until() {
    check("from_after_until", 1, true);
}

#[test]
fn empty_names_aliases_and_forms() {
    check("empty_name", 1, true);
}

#[test]
fn ids_that_are_not_slugs_and_bad_wikidata() {
    check("bad_id", 1, true);
}

#[test]
fn broken_ontology_does_not_hide_other_errors() {
    check("broken_ontology", 1, true);
}

#[test]
fn invalid_utf8_file() {
    check("invalid_utf8", 1, true);
}

#[test]
fn missing_ontology_and_lexicon() {
    check("missing_files", 1, false);
}

#[test]
fn every_fixture_has_a_test() {
    let tested = [
        "clean",
        "syntax_error",
        "unknown_field",
        "duplicate_id",
        "alias_collision",
        "unknown_ref",
        "unknown_kind",
        "bad_date",
        "from_after_until",
        "empty_name",
        "bad_id",
        "broken_ontology",
        "invalid_utf8",
        "missing_files",
    ];
    let mut found: Vec<String> = std::fs::read_dir(fixtures())
        .expect("fixtures directory")
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('_'))
        .collect();
    found.sort();
    let mut tested: Vec<String> = tested.iter().map(|s| s.to_string()).collect();
    tested.sort();
    assert_eq!(found, tested);
}

#[test]
fn shipped_schemas_check_clean() {
    let (code, stdout, stderr) = kg(&manifest_dir(), &["check", "schemas"]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
    assert_eq!(stdout, "");
    assert!(stderr.starts_with("schemas: ok: "), "{stderr}");
}

#[test]
fn quiet_check_prints_only_problems() {
    let (code, stdout, stderr) = kg(&manifest_dir(), &["-q", "check", "schemas"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));
    let (code, stdout, stderr) = kg(&fixtures(), &["-q", "check", "from_after_until"]);
    assert_eq!(code, 1);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert_eq!(stderr, "");
}

#[test]
fn missing_schema_directory_is_exit_2() {
    let (code, stdout, stderr) = kg(&fixtures(), &["check", "no_such_dir"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert_eq!(stderr, "kg: no_such_dir: schema directory not found\n");
}

#[test]
fn broken_schema_makes_build_write_nothing() {
    let tmp = tempfile::tempdir().expect("temporary directory");
    let out = tmp.path().join("graph.json");
    let schemas = fixtures().join("duplicate_id");
    let (code, stdout, stderr) = kg(
        &manifest_dir(),
        &[
            "--schemas",
            schemas.to_str().expect("utf-8 path"),
            "build",
            "data/corpus",
            "-o",
            out.to_str().expect("utf-8 path"),
        ],
    );
    assert_eq!(code, 2, "stderr:\n{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("duplicate entity id `sergei_lavrov`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists());
    assert_eq!(
        std::fs::read_dir(tmp.path())
            .map(|d| d.count())
            .unwrap_or(99),
        0
    );
}

#[test]
fn schema_readme_example_checks_clean() {
    let root = manifest_dir();
    let readme =
        std::fs::read_to_string(root.join("schemas/README.md")).expect("schemas/README.md");
    let example = readme
        .split("```ron\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a RON example in schemas/README.md");
    let tmp = tempfile::tempdir().expect("temporary directory");
    let dir = tmp.path();
    std::fs::create_dir(dir.join("entities")).expect("mkdir");
    for f in ["ontology.ron", "lexicon.ron", "entities/states.ron"] {
        std::fs::copy(root.join("schemas").join(f), dir.join(f)).expect("copy schema file");
    }
    std::fs::write(dir.join("entities/example.ron"), example).expect("write example");
    let (code, stdout, stderr) = kg(dir, &["check", "."]);
    assert_eq!(code, 0, "stdout:\n{stdout}\nstderr:\n{stderr}");
}

/// Every entity id of the gold annotations, wherever it appears.
fn gold_ids(
    v: &serde_json::Value,
    key: Option<&str>,
    out: &mut std::collections::BTreeSet<String>,
) {
    const ID_KEYS: [&str; 6] = [
        "entities",
        "speaker",
        "about",
        "about_optional",
        "participants",
        "place",
    ];
    match v {
        serde_json::Value::Object(m) => {
            for (k, v) in m {
                gold_ids(v, Some(k), out);
            }
        }
        serde_json::Value::Array(a) => a.iter().for_each(|v| gold_ids(v, key, out)),
        serde_json::Value::String(s) if key.is_some_and(|k| ID_KEYS.contains(&k)) => {
            out.insert(s.clone());
        }
        _ => {}
    }
}

#[test]
fn shipped_schemas_know_every_gold_id() {
    let root = manifest_dir();
    let gold =
        std::fs::read_to_string(root.join("data/gold/seeds.json")).expect("data/gold/seeds.json");
    let gold: serde_json::Value = serde_json::from_str(&gold).expect("gold is JSON");
    let mut ids = std::collections::BTreeSet::new();
    gold_ids(&gold["docs"], None, &mut ids);
    assert!(ids.len() >= 31, "{ids:?}");
    let schema =
        newsgraph::schema::Schema::load(&root.join("schemas")).expect("shipped schemas load");
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| schema.entity_by_str(id).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "gold ids without an entity: {missing:?}"
    );
}

#[test]
fn shipped_roles_resolve_on_sample_dates() {
    let root = manifest_dir();
    let schema =
        newsgraph::schema::Schema::load(&root.join("schemas")).expect("shipped schemas load");
    let on = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
    // Who held an office of a state or body on a date, by title.
    let holders = |title: &str, of: &str, date: &str| -> Vec<String> {
        schema
            .entities
            .iter()
            .filter(|e| {
                e.roles_on(on(date))
                    .any(|r| r.title == title && r.of.as_ref().is_some_and(|o| o.as_str() == of))
            })
            .map(|e| e.id.to_string())
            .collect()
    };
    assert_eq!(
        holders("Secretary of State", "united_states", "2022-01-21"),
        ["antony_blinken"]
    );
    assert_eq!(
        holders("President", "united_states", "2022-01-16"),
        ["joe_biden"]
    );
    assert_eq!(
        holders("President", "united_states", "2018-06-01"),
        ["donald_trump"]
    );
    assert_eq!(
        holders("press secretary", "white_house", "2021-12-23"),
        ["jen_psaki"]
    );
    assert!(holders("press secretary", "white_house", "2022-06-01").is_empty());
    assert_eq!(
        holders("press secretary", "kremlin", "2022-01-16"),
        ["dmitry_peskov"]
    );
    assert_eq!(
        holders("Foreign Minister", "russia", "2022-01-21"),
        ["sergei_lavrov"]
    );
    // Bodies lead to their state.
    let states = |id: &str| -> Vec<String> {
        let id = newsgraph::schema::EntityId::new(id).expect("slug");
        schema
            .states_of(&id)
            .iter()
            .map(|s| s.to_string())
            .collect()
    };
    assert_eq!(states("us_national_security_council"), ["united_states"]);
    assert_eq!(states("russian_foreign_ministry"), ["russia"]);
    assert_eq!(states("dmitry_peskov"), ["russia"]);
    assert_eq!(states("nato_russia_council"), Vec::<String>::new());
}
