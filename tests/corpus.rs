//! Corpus loading from the outside: header, dateline and metadata dates, JSON Lines records,
//! and odd files (invalid UTF-8, empty, binary, unreadable, a directory named like an article)
//! that become warnings naming the file while the rest of the corpus still loads.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use newsgraph::corpus::{Corpus, DateSource, Document};
use newsgraph::diag::Diagnostic;

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    fs::write(&p, bytes).expect("write fixture file");
    p
}

fn load(dir: &Path) -> (Vec<Document>, Vec<Diagnostic>) {
    Corpus::open(dir).expect("corpus opens").load_all()
}

/// What the corpus made of one text: (date, date source, outlet, url, title).
type Seen = (
    Option<NaiveDate>,
    DateSource,
    Option<String>,
    Option<String>,
    Option<String>,
);

fn check(text: &str, expected: Seen) {
    let d = Document::from_text("doc", text.to_string());
    assert_eq!(
        (d.date, d.date_source, d.outlet, d.url, d.title),
        expected,
        "{text:?}"
    );
}

#[test]
fn dates_outlets_and_titles_of_texts() {
    let s = |x: &str| Some(x.to_string());
    check(
        " date 2021-12-23 https://example.com/a.html\n\nUS Ready for Talks\n\nBody.",
        (
            date("2021-12-23"),
            DateSource::Header,
            None,
            s("https://example.com/a.html"),
            s("US Ready for Talks"),
        ),
    );
    check(
        "Title - TASS\n\nNEW YORK, January 16. /TASS/. Body. On December 17, 2021, drafts were released.",
        (date("2022-01-16"), DateSource::Dateline, s("TASS"), None, s("Title - TASS")),
    );
    // The dateline's month comes after the latest full date of the same year.
    check(
        "Title\n\nMOSCOW, March 3. /TASS/. Talks of February 20, 2022 were held.",
        (
            date("2022-03-03"),
            DateSource::Dateline,
            s("TASS"),
            None,
            s("Title"),
        ),
    );
    // A dateline without any full date in the text gives no year: unknown.
    check(
        "Title\n\nMOSCOW, March 3. /TASS/. Body.",
        (None, DateSource::Unknown, s("TASS"), None, s("Title")),
    );
    // A header takes precedence over a dateline.
    check(
        " date 2022-01-17 https://x.org/1\nTitle\nGENEVA, January 10. Body of January 9, 2022.",
        (
            date("2022-01-17"),
            DateSource::Header,
            None,
            s("https://x.org/1"),
            s("Title"),
        ),
    );
    // Words that only look like a dateline.
    check(
        "Title\n\nHowever, January 16 was quiet.",
        (None, DateSource::Unknown, None, None, s("Title")),
    );
    check(
        "No header, no dateline.",
        (
            None,
            DateSource::Unknown,
            None,
            None,
            s("No header, no dateline."),
        ),
    );
    // A malformed header line is text.
    check(
        " date 2021-13-45 https://x.org\nBody",
        (
            None,
            DateSource::Unknown,
            None,
            None,
            s("date 2021-13-45 https://x.org"),
        ),
    );
}

#[test]
fn header_line_is_not_body() {
    let text = " date 2021-12-23 https://example.com/a.html\nTitle\n\nBody.";
    let d = Document::from_text("doc", text.to_string());
    assert_eq!(&d.text[d.body_start..], "Title\n\nBody.");
    let d = Document::from_text("doc", "Title\n\nBody.".to_string());
    assert_eq!(d.body_start, 0);
}

#[test]
fn directory_sorted_with_metadata() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "b.txt", b"Second\n\nBody b.");
    write(dir, "a.txt", b"\xEF\xBB\xBFFirst\n\nBody a.");
    write(
        dir,
        "c.txt",
        b" date 2021-12-23 https://example.com/c\n\nThird\n\nBody c.",
    );
    write(dir, "notes.md", b"not an article");
    write(
        dir,
        "metadata.json",
        br#"{"b": {"outlet": "Example News", "url": "https://example.com/b", "date": "2022-02-01"}, "c": {"outlet": "Sputnik"}}"#,
    );
    let (docs, warnings) = load(dir);
    assert!(warnings.is_empty(), "{warnings:?}");
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    // A byte-order mark is dropped.
    assert_eq!(docs[0].title.as_deref(), Some("First"));
    assert!(docs[0].text.starts_with("First"));
    assert_eq!(
        (docs[0].date, docs[0].date_source),
        (None, DateSource::Unknown)
    );
    assert_eq!(
        (docs[1].date, docs[1].date_source),
        (date("2022-02-01"), DateSource::Metadata)
    );
    assert_eq!(docs[1].outlet.as_deref(), Some("Example News"));
    assert_eq!(docs[1].url.as_deref(), Some("https://example.com/b"));
    // Metadata without a date keeps the header's.
    assert_eq!(
        (docs[2].date, docs[2].date_source),
        (date("2021-12-23"), DateSource::Header)
    );
    assert_eq!(docs[2].outlet.as_deref(), Some("Sputnik"));
    assert_eq!(docs[2].path, dir.join("c.txt"));
}

#[test]
fn broken_metadata_is_an_error_naming_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.txt", b"Title\n\nBody.");
    write(
        tmp.path(),
        "metadata.json",
        br#"{"a": {"outlet": "X", "source": "Y"}}"#,
    );
    let err = Corpus::open(tmp.path()).expect_err("unknown field in metadata");
    let msg = err.to_string();
    assert!(msg.contains("metadata.json:1:"), "{msg}");
    assert!(msg.contains("unknown field `source`"), "{msg}");
}

#[test]
fn missing_corpus_is_an_error() {
    let err = Corpus::open(Path::new("/nonexistent/corpus")).expect_err("missing corpus");
    assert!(
        err.to_string()
            .starts_with("/nonexistent/corpus: cannot read corpus"),
        "{err}"
    );
}

#[test]
fn json_lines_records() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let jsonl = concat!(
        r#"{"id": "r1", "title": "One", "date": "2022-01-10", "url": "https://x.org/1", "outlet": "X", "text": "One\n\nBody."}"#,
        "\n\n",
        r#"{"title": "No id", "text": "GENEVA, January 10. Talks of December 30, 2021."}"#,
        "\n",
        r#"{"id": "r3", "text": "Body"#,
        "\n",
        r#"{"id": "r4", "date": "10 January 2022", "text": "Body four."}"#,
        "\n",
        r#"{"id": "r5", "date": "2022-01-12T10:00:00Z", "text": "Body five."}"#,
        "\n",
    );
    let path = write(tmp.path(), "feed.jsonl", jsonl.as_bytes());
    let (docs, warnings) = load(&path);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["r1", "feed-3", "r4", "r5"]);
    assert_eq!(
        (docs[0].date, docs[0].date_source),
        (date("2022-01-10"), DateSource::Record)
    );
    assert_eq!(docs[0].title.as_deref(), Some("One"));
    assert_eq!(docs[0].url.as_deref(), Some("https://x.org/1"));
    assert_eq!(docs[0].outlet.as_deref(), Some("X"));
    assert_eq!(
        (docs[1].date, docs[1].date_source),
        (date("2022-01-10"), DateSource::Dateline)
    );
    assert_eq!(docs[1].title.as_deref(), Some("No id"));
    assert_eq!(
        (docs[2].date, docs[2].date_source),
        (None, DateSource::Unknown)
    );
    assert_eq!(
        (docs[3].date, docs[3].date_source),
        (date("2022-01-12"), DateSource::Record)
    );
    let shown: Vec<String> = warnings
        .iter()
        .map(|w| w.to_string().replace(&*tmp.path().to_string_lossy(), "TMP"))
        .collect();
    assert_eq!(shown.len(), 2, "{shown:?}");
    assert_eq!(
        shown[0],
        "TMP/feed.jsonl:4:26: warning: skipped record: EOF while parsing a string"
    );
    assert_eq!(
        shown[1],
        "TMP/feed.jsonl:5:1: warning: record `r4`: date `10 January 2022` is not YYYY-MM-DD; using the date the text gives, if any"
    );
}

#[test]
fn odd_files_are_warnings_naming_the_file() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "a_good.txt", b"Good\n\nBody.");
    write(dir, "b_invalid_utf8.txt", b"Title\n\nCaf\xE9 au lait.");
    write(dir, "c_empty.txt", b"");
    write(dir, "d_blank.txt", b"  \n\t\n");
    write(dir, "e_binary.txt", b"PK\x03\x04\x00\x00binary");
    fs::create_dir(dir.join("f_directory.txt")).expect("mkdir");
    write(dir, "g_empty.jsonl", b"");
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.join("missing-target"), dir.join("h_dangling.txt"))
        .expect("symlink");
    write(dir, "z_good.txt", b"Also good\n\nBody.");
    let (docs, warnings) = load(dir);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a_good", "z_good"]);
    let shown: Vec<String> = warnings
        .iter()
        .map(|w| {
            w.to_string()
                .replace(&*dir.to_string_lossy(), "TMP")
                .replace(" (os error 2)", "")
                .replace(" (os error 21)", "")
        })
        .collect();
    let mut expected = vec![
        "TMP/b_invalid_utf8.txt: warning: skipped: invalid UTF-8 at byte 10",
        "TMP/c_empty.txt: warning: skipped: empty file",
        "TMP/d_blank.txt: warning: skipped: empty file",
        "TMP/e_binary.txt: warning: skipped: binary file (contains NUL bytes)",
        "TMP/f_directory.txt: warning: skipped: cannot read: Is a directory",
        "TMP/g_empty.jsonl: warning: skipped: empty file",
    ];
    if cfg!(unix) {
        expected
            .push("TMP/h_dangling.txt: warning: skipped: cannot read: No such file or directory");
    }
    assert_eq!(shown, expected);
    assert!(warnings.iter().all(|w| !w.is_error()));
}

#[cfg(unix)]
#[test]
fn unreadable_file_is_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.txt", b"Good\n\nBody.");
    let locked = write(tmp.path(), "b.txt", b"Locked\n\nBody.");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).expect("chmod");
    if fs::read(&locked).is_ok() {
        // Running as a user who can read anything (root): nothing to test here.
        return;
    }
    let (docs, warnings) = load(tmp.path());
    assert_eq!(docs.len(), 1);
    assert_eq!(warnings.len(), 1);
    let w = warnings[0].to_string();
    assert!(
        w.contains("b.txt: warning: skipped: cannot read: Permission denied"),
        "{w}"
    );
}

/// Runs `kg ARGS` from the crate root; returns (exit code, stdout, stderr).
fn kg(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the kg binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn build_summary_of_the_sample_corpus() {
    let (code, stdout, stderr) = kg(&["build", "data/corpus"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("  003_d2c20eb2538051f2  2021-12-23  header "),
        "{stderr}"
    );
    assert!(
        stderr.contains("  000_fb22ceccf594a76c  2022-01-16  dateline  TASS"),
        "{stderr}"
    );
    // The corpus part of the summary (the graph part that follows has timings).
    let corpus_part: String = stderr
        .lines()
        .take_while(|l| !l.starts_with("built:"))
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("build_sample", corpus_part);
}

#[test]
fn build_quiet_and_odd_files() {
    let (code, stdout, stderr) = kg(&["-q", "build", "data/corpus"]);
    assert_eq!((code, stdout.as_str(), stderr.as_str()), (0, "", ""));

    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.txt", b"Good\n\nBody.");
    write(tmp.path(), "b.txt", b"\x00\x01");
    let dir = tmp.path().to_str().expect("utf-8 path");
    let (code, _, stderr) = kg(&["build", dir]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains("documents: 1 (11 bytes), 1 warning(s)\n"),
        "{stderr}"
    );
    assert!(
        stderr.contains("b.txt: warning: skipped: binary file (contains NUL bytes)"),
        "{stderr}"
    );
}

#[test]
fn build_of_a_missing_corpus_is_exit_2() {
    let (code, stdout, stderr) = kg(&["build", "no/such/corpus"]);
    assert_eq!(code, 2);
    assert_eq!(stdout, "");
    assert!(
        stderr.starts_with("kg: nothing was written: no/such/corpus: cannot read corpus"),
        "{stderr}"
    );
}

#[test]
fn duplicate_ids_are_renamed_not_lost() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    write(dir, "a.txt", b"A text\n\nBody.");
    write(
        dir,
        "b.jsonl",
        b"{\"id\": \"a\", \"text\": \"A record\"}\n{\"id\": \"a\", \"text\": \"Another\"}\n{\"id\": 7, \"text\": \"Seven\"}\n{\"id\": \"\", \"text\": \"No id\"}\n",
    );
    let (docs, warnings) = load(dir);
    let ids: Vec<&str> = docs.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["a", "a-2", "a-3", "7", "b-4"]);
    assert_eq!(docs[1].text, "A record");
    let shown: Vec<String> = warnings
        .iter()
        .map(|w| w.to_string().replace(&*dir.to_string_lossy(), "TMP"))
        .collect();
    assert_eq!(
        shown,
        [
            "TMP/b.jsonl: warning: document id `a` is already used by TMP/a.txt; this document is `a-2`",
            "TMP/b.jsonl: warning: document id `a` is already used by TMP/a.txt; this document is `a-3`",
        ]
    );
}

#[test]
fn metadata_for_unknown_documents_is_a_warning() {
    let tmp = tempfile::tempdir().expect("tempdir");
    write(tmp.path(), "a.txt", b"Title\n\nBody.");
    write(
        tmp.path(),
        "metadata.json",
        br#"{"a": {"outlet": "X"}, "a.tx": {"outlet": "Y"}}"#,
    );
    let corpus = Corpus::open(tmp.path()).expect("corpus opens");
    let shown: Vec<String> = corpus
        .metadata_warnings()
        .iter()
        .map(|w| w.to_string().replace(&*tmp.path().to_string_lossy(), "TMP"))
        .collect();
    assert_eq!(shown, ["TMP/metadata.json: warning: metadata for `a.tx`, which is not a document of the corpus"]);
}

#[test]
fn sample_metadata_names_sample_documents() {
    let corpus = Corpus::open(&Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus"))
        .expect("sample corpus");
    assert!(corpus.metadata_warnings().is_empty());
}
