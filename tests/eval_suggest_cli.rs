//! `kg eval --json` on a small invented gold and prediction (causes of the misses, optional
//! entities), and `kg suggest -o` writing into the empty file a shell redirection leaves.

use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

fn kg(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .output()
        .expect("kg runs")
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("mkdir");
    for entry in fs::read_dir(from).expect("read dir") {
        let path = entry.expect("entry").path();
        let dest = to.join(path.file_name().expect("name"));
        if path.is_dir() {
            copy_dir(&path, &dest);
        } else {
            fs::copy(&path, &dest).expect("copy");
        }
    }
}

const GOLD: &str = r#"{"new_ids":{"pat_roe":"an invented person"},"docs":{"d1":{"date":null,
  "entities":["ann","bob"],"entities_optional":["photo_agency"],
  "statements":[
    {"speaker":"ann","about":["bob"],"kind":"direct","cue":"said","evidence":"the harbour will open in spring"},
    {"speaker":"bob","about":[],"kind":"indirect","cue":"said","evidence":"fees are far too high"},
    {"speaker":"ann","about":[],"kind":"indirect","cue":"mulled aloud","evidence":"whether boats can dock at night"}],
  "events":[]}}}"#;

const PRED: &str = r#"{"docs":{"d1":{"date":null,"entities":["ann","bob","photo_agency"],
  "statements":[
    {"speaker":"ann","about":["bob","cid"],"kind":"direct","cue":"said","text":"the harbour will open in spring"},
    {"speaker":"cid","about":[],"kind":"indirect","cue":"said","text":"fees are far too high"}],
  "events":[]}}}"#;

#[test]
fn eval_json_carries_the_causes_of_the_misses() {
    let tmp = tempfile::tempdir().expect("tmp");
    let gold = tmp.path().join("gold.json");
    let pred = tmp.path().join("pred.json");
    fs::write(&gold, GOLD).expect("write gold");
    fs::write(&pred, PRED).expect("write prediction");
    let corpus = tmp.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(
        corpus.join("d1.txt"),
        "Port news\n\nAnn said the harbour will open in spring. Bob said fees are far too high. \
         Ann mulled aloud whether boats can dock at night.\n",
    )
    .expect("write text");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = kg(&[
        "--schemas".as_ref(),
        root.join("schemas").as_os_str(),
        "eval".as_ref(),
        "--gold".as_ref(),
        gold.as_os_str(),
        "--prediction".as_ref(),
        pred.as_os_str(),
        corpus.as_os_str(),
        "--json".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).expect("json");
    let counts = &report["causes"]["counts"];
    assert_eq!(counts["wrong_speaker"], 1, "{report:#}");
    assert_eq!(counts["cue_not_in_lexicon"], 1, "{report:#}");
    assert_eq!(counts["cue_known_not_read"], 0, "{report:#}");
    assert_eq!(counts["speaker_unresolved"], 0, "{report:#}");
    assert_eq!(report["causes"]["about_wrong"], 1);
    assert_eq!(report["causes"]["about_wrong_triples_false"], 1);
    // The optional entity is not a false hit.
    let entities = report["scores"]
        .as_array()
        .and_then(|v| v.iter().find(|s| s[0] == "entities"))
        .map(|s| s[1].clone())
        .expect("entities score");
    assert_eq!(entities["precision"], 1.0);

    // -v prints the table of causes and the misses under their heading.
    let out = kg(&[
        "--schemas".as_ref(),
        root.join("schemas").as_os_str(),
        "-v".as_ref(),
        "eval".as_ref(),
        "--gold".as_ref(),
        gold.as_os_str(),
        "--prediction".as_ref(),
        pred.as_os_str(),
        corpus.as_os_str(),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("missed statements by cause"), "{text}");
    assert!(text.contains("== wrong speaker (1) =="), "{text}");
    assert!(text.contains("Bob said fees are far too high"), "{text}");
}

#[test]
fn suggest_writes_into_the_empty_file_a_redirection_leaves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("tmp");
    let schemas = tmp.path().join("schemas");
    copy_dir(&root.join("schemas"), &schemas);
    let new = schemas.join("entities").join("new.ron");
    fs::write(&new, "").expect("empty file");
    let corpus = tmp.path().join("corpus");
    fs::create_dir_all(&corpus).expect("mkdir");
    fs::write(
        corpus.join("a.txt"),
        "Harbour plans\n\nThe harbour will open in spring, Pat Roe, a director of the Port \
         Authority of Nowhere, said on Monday. Roe said fees would stay low.\n",
    )
    .expect("write text");
    let out = kg(&[
        "--schemas".as_ref(),
        schemas.as_os_str(),
        "suggest".as_ref(),
        corpus.as_os_str(),
        "-o".as_ref(),
        new.as_os_str(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("new.ron"),
        "the warning names the file: {stderr}"
    );
    assert!(stderr.contains("empty entity file"), "{stderr}");
    let written = fs::read_to_string(&new).expect("written");
    assert!(written.contains("id: \"pat_roe\""), "{written}");
    // The written stubs are a valid entity file.
    let out = kg(&["--schemas".as_ref(), schemas.as_os_str(), "check".as_ref()]);
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn eval_into_a_closed_pipe_is_no_panic() {
    // `kg eval -v | head` closes the pipe before the report is written: the write fails
    // with a broken pipe, which is no error and must never be a panic.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root)
        .args(["-v", "eval"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("kg runs");
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("kg ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
