//! Bad input for the `kg` binary, one test per row of the README's table "Odd input never
//! stops a run": each checks the message, the exit code, and that nothing is lost or
//! half-written (a previous output stays as it was, no temporary file is left beside it).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use newsgraph::graph::{fixture, KnowledgeGraph};

/// The sample corpus shipped with the repository.
fn sample_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data/corpus")
}

/// A `kg` command using the repository's schemas.
fn kg_command() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_kg"));
    c.arg("--schemas")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"));
    c
}

/// Runs `kg ARGS` to completion.
fn kg(args: &[&dyn AsRef<std::ffi::OsStr>]) -> Output {
    let mut c = kg_command();
    for a in args {
        c.arg(a);
    }
    c.stdin(Stdio::null()).output().expect("kg runs")
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

/// Copies the sample articles (`.txt` only) into `dir`, `copies` times each; returns how many
/// files were written.
fn copy_sample(dir: &Path, copies: usize) -> usize {
    let mut n = 0;
    for entry in fs::read_dir(sample_dir()).expect("sample corpus") {
        let p = entry.expect("entry").path();
        if p.extension().is_some_and(|e| e == "txt") {
            let stem = p.file_stem().and_then(|s| s.to_str()).expect("stem");
            for i in 0..copies {
                fs::copy(&p, dir.join(format!("{stem}_{i}.txt"))).expect("copy");
                n += 1;
            }
        }
    }
    n
}

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// Bytes standing for the graph of an earlier run, which a failed run must leave alone.
const PREVIOUS: &[u8] = b"{\"previous\": \"graph of an earlier run\"}\n";

/// An output directory holding only `graph.json` = [`PREVIOUS`].
fn previous_output(root: &Path) -> PathBuf {
    let out = root.join("out");
    fs::create_dir(&out).expect("out dir");
    fs::write(out.join("graph.json"), PREVIOUS).expect("previous graph");
    out
}

/// The previous output is intact and nothing else (no temporary file) is beside it.
fn assert_untouched(out: &Path) {
    assert_eq!(
        fs::read(out.join("graph.json")).expect("graph.json still there"),
        PREVIOUS,
        "the previous graph.json changed"
    );
    assert_eq!(names(out), ["graph.json"], "files left beside the output");
}

/// Documents in a saved graph.
fn documents_in(graph: &Path) -> usize {
    let bytes = fs::read(graph).expect("graph written");
    KnowledgeGraph::load(&bytes)
        .expect("a complete graph")
        .summary()
        .documents
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

#[test]
fn empty_directory_is_an_error_and_the_previous_graph_stays() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("empty");
    fs::create_dir(&corpus).expect("corpus");
    let out = previous_output(tmp.path());
    let run = kg(&[&"build", &corpus, &"-o", &out.join("graph.json")]);
    let err = stderr(&run);
    assert_eq!(code(&run), Some(2), "{err}");
    assert!(
        err.contains(
            "no document to build a graph from (no .txt or .jsonl file); nothing was written"
        ),
        "{err}"
    );
    assert_untouched(&out);
}

#[test]
fn non_text_files_only_is_an_error_naming_the_skipped_files() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).expect("corpus");
    // Files of other types are not corpus files at all ...
    fs::write(corpus.join("photo.jpg"), [0xff, 0xd8, 0xff, 0xe0, 0, 0x10]).expect("jpg");
    fs::write(corpus.join("report.pdf"), b"%PDF-1.4\n\0\0").expect("pdf");
    let out = previous_output(tmp.path());
    let run = kg(&[&"build", &corpus, &"-o", &out.join("graph.json")]);
    assert_eq!(code(&run), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("(no .txt or .jsonl file)"));
    assert_untouched(&out);
    // ... and binary files named as articles are skipped, each with a warning.
    fs::write(corpus.join("scan.txt"), b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("txt");
    fs::write(corpus.join("dump.jsonl"), b"\0\0\0\0{\"text\": \"x\"}\n").expect("jsonl");
    let run = kg(&[&"build", &corpus, &"-o", &out.join("graph.json")]);
    let err = stderr(&run);
    assert_eq!(code(&run), Some(2), "{err}");
    for f in ["scan.txt", "dump.jsonl"] {
        let line = format!(
            "{}: warning: skipped: binary file (contains NUL bytes)",
            corpus.join(f).display()
        );
        assert!(err.contains(&line), "{line}\n---\n{err}");
    }
    assert!(
        err.contains("no document to build a graph from (2 file(s) skipped, see the warnings); nothing was written"),
        "{err}"
    );
    assert_untouched(&out);
}

/// A 2 GB file of NULs (sparse: no disk space, created at once) among the articles is skipped
/// as binary from its first bytes, never read whole: the run is held to 1 GiB of address
/// space (`ulimit -v`; it needs under 200 MB), which reading the file into memory would
/// exceed.
#[cfg(unix)]
#[test]
fn a_2_gb_file_is_skipped_without_being_read() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).expect("corpus");
    let articles = copy_sample(&corpus, 1);
    for name in ["huge.txt", "huge.jsonl"] {
        let f = fs::File::create(corpus.join(name)).expect("huge file");
        f.set_len(2 << 30).expect("sparse 2 GB");
    }
    let graph = tmp.path().join("graph.json");
    let start = Instant::now();
    let run = Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 1048576 && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_kg"))
        .arg("--schemas")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"))
        .arg("build")
        // Few threads: the address space a thread reserves must not count against the limit.
        .args(["-j", "2"])
        .arg(&corpus)
        .arg("-o")
        .arg(&graph)
        .output()
        .expect("sh runs");
    let took = start.elapsed();
    let err = stderr(&run);
    assert_eq!(code(&run), Some(0), "{err}");
    for name in ["huge.txt", "huge.jsonl"] {
        let line = format!(
            "{}: warning: skipped: binary file (contains NUL bytes)",
            corpus.join(name).display()
        );
        assert!(err.contains(&line), "{line}\n---\n{err}");
    }
    assert_eq!(documents_in(&graph), articles, "the rest loads");
    // No timed assertion: a loaded machine may be slow. It takes 0.2 s here.
    eprintln!("2 GB file: the build took {took:?}");
}

/// Links that cannot be followed: a link to itself, a link to the corpus directory named like
/// an article, and a dangling link. The last is how a file deleted between the listing of the
/// directory and its reading looks to the reader (there is no hook to delete a file mid-run;
/// a dangling link fails the same `open` with the same "No such file or directory").
#[cfg(unix)]
#[test]
fn symlink_loops_and_vanished_files_are_skipped_with_a_warning() {
    use std::os::unix::fs::symlink;
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).expect("corpus");
    let articles = copy_sample(&corpus, 1);
    symlink("self.txt", corpus.join("self.txt")).expect("link");
    symlink(".", corpus.join("loop.txt")).expect("link");
    symlink(".", corpus.join("loop")).expect("link");
    symlink("deleted-article.txt", corpus.join("vanished.txt")).expect("link");
    let graph = tmp.path().join("graph.json");
    let run = kg(&[&"build", &corpus, &"-o", &graph]);
    let err = stderr(&run);
    assert_eq!(code(&run), Some(0), "{err}");
    for (name, why) in [
        ("self.txt", "Too many levels of symbolic links"),
        ("loop.txt", "Is a directory"),
        ("vanished.txt", "No such file or directory"),
    ] {
        let line = format!(
            "{}: warning: skipped: cannot read: {why}",
            corpus.join(name).display()
        );
        assert!(err.contains(&line), "{line}\n---\n{err}");
    }
    // A directory link without an article's name is not followed (the reader does not recurse).
    assert!(!err.contains("/loop:"), "{err}");
    assert_eq!(documents_in(&graph), articles, "the rest loads");
}

/// A corpus on a read-only path loads (it is only read) and nothing is written into it. An
/// unreadable article is skipped with a warning, except for root, which permission bits do not
/// stop: then it loads, and the test says so rather than pretending.
#[cfg(unix)]
#[test]
fn read_only_corpus_loads_and_an_unreadable_file_is_skipped_unless_root() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).expect("corpus");
    let articles = copy_sample(&corpus, 1);
    fs::write(corpus.join("secret.txt"), "Secret text. It says little.\n").expect("secret");
    let mode = |p: &Path, m: u32| fs::set_permissions(p, fs::Permissions::from_mode(m));
    mode(&corpus.join("secret.txt"), 0o000).expect("chmod");
    for name in names(&corpus) {
        if name != "secret.txt" {
            mode(&corpus.join(name), 0o444).expect("chmod");
        }
    }
    mode(&corpus, 0o555).expect("chmod");
    let before = names(&corpus);
    let graph = tmp.path().join("graph.json");
    let run = kg(&[&"build", &corpus, &"-o", &graph]);
    mode(&corpus, 0o755).expect("chmod back");
    let err = stderr(&run);
    assert_eq!(code(&run), Some(0), "{err}");
    assert_eq!(names(&corpus), before, "nothing written into the corpus");
    let secret = corpus.join("secret.txt");
    if is_root() {
        assert_eq!(documents_in(&graph), articles + 1, "root reads it");
        assert!(!err.contains("secret.txt"), "{err}");
    } else {
        let line = format!(
            "{}: warning: skipped: cannot read: Permission denied",
            secret.display()
        );
        assert!(err.contains(&line), "{line}\n---\n{err}");
        assert_eq!(documents_in(&graph), articles);
    }
}

#[test]
fn output_in_a_missing_directory_fails_before_the_build() {
    let tmp = tempfile::tempdir().expect("tmp");
    let missing = tmp.path().join("no/such/dir");
    let target = missing.join("graph.json");
    let run = kg(&[&"build", &sample_dir(), &"-o", &target]);
    let err = stderr(&run);
    assert_eq!(code(&run), Some(2), "{err}");
    let want = format!(
        "kg: {}: cannot write: directory {} does not exist; nothing was written",
        target.display(),
        missing.display()
    );
    assert!(err.contains(&want), "{want}\n---\n{err}");
    assert!(
        !err.contains("built:"),
        "the corpus was built for nothing: {err}"
    );
    assert!(!tmp.path().join("no").exists(), "a directory was created");
}

/// A full disk: a 64 KiB tmpfs holding the previous graph, too small for the new one (88 KB).
/// Mounting needs root (as in CI); elsewhere this test says it did not run, and
/// `a_write_error_keeps_the_previous_output` covers a failed write without mounting.
#[cfg(target_os = "linux")]
#[test]
fn full_disk_keeps_the_previous_graph() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = tmp.path().join("small-disk");
    fs::create_dir(&out).expect("mount point");
    let mounted = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(&out)
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("full_disk_keeps_the_previous_graph: not run, `mount -t tmpfs` not permitted");
        return;
    }
    /// Unmounts even when an assertion fails.
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&out);
    fs::write(out.join("graph.json"), PREVIOUS).expect("previous graph");
    let run = kg(&[
        &"-q",
        &"build",
        &sample_dir(),
        &"-o",
        &out.join("graph.json"),
    ]);
    let err = stderr(&run);
    assert_eq!(code(&run), Some(2), "{err}");
    let want = format!(
        "kg: {}: cannot write: No space left on device",
        out.join("graph.json").display()
    );
    assert!(err.contains(&want), "{want}\n---\n{err}");
    assert_untouched(&out);
}

/// A write that fails part way (the file size limit `ulimit -f`, with SIGXFSZ ignored so the
/// write returns an error, as on a full disk) leaves the previous output as it was.
#[cfg(unix)]
#[test]
fn a_write_error_keeps_the_previous_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let out = previous_output(tmp.path());
    let run = Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 16 && trap '' XFSZ && exec \"$@\"")
        .arg("sh")
        .arg(env!("CARGO_BIN_EXE_kg"))
        .arg("--schemas")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"))
        .arg("-q")
        .arg("build")
        .arg(sample_dir())
        .arg("-o")
        .arg(out.join("graph.json"))
        .output()
        .expect("sh runs");
    let err = stderr(&run);
    assert_eq!(code(&run), Some(2), "{err}");
    let want = format!(
        "kg: {}: cannot write: File too large",
        out.join("graph.json").display()
    );
    assert!(err.contains(&want), "{want}\n---\n{err}");
    assert_untouched(&out);
}

/// Results written to a full standard output (`/dev/full`, where every write fails with
/// ENOSPC) are an error, not a silent success.
#[cfg(target_os = "linux")]
#[test]
fn a_full_standard_output_is_an_error() {
    let tmp = tempfile::tempdir().expect("tmp");
    let graph = tmp.path().join("graph.json");
    assert_eq!(
        code(&kg(&[&"-q", &"build", &sample_dir(), &"-o", &graph])),
        Some(0)
    );
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full");
    let run = kg_command()
        .args(["export", "--format", "json"])
        .arg(&graph)
        .stdout(full)
        .output()
        .expect("kg runs");
    let err = stderr(&run);
    assert_eq!(code(&run), Some(2), "{err}");
    assert!(err.contains("No space left on device"), "{err}");
}

/// Ctrl-C (and SIGTERM) in the middle of `kg build` on a corpus that takes seconds: the run
/// stops, says nothing was written, exits 128 + signal, and leaves the previous graph and no
/// temporary file. The signal is sent once the handler is installed (seen in
/// /proc/PID/status), then a little later, while the corpus is being read and extracted.
#[cfg(target_os = "linux")]
#[test]
fn interrupt_mid_build_writes_nothing() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).expect("corpus");
    copy_sample(&corpus, 120);
    for (signal, number, exit) in [("INT", 2, 130), ("TERM", 15, 143)] {
        let out = tmp.path().join(format!("out-{signal}"));
        fs::create_dir(&out).expect("out dir");
        fs::write(out.join("graph.json"), PREVIOUS).expect("previous graph");
        let child = kg_command()
            .args(["-q", "build"])
            .arg(&corpus)
            .arg("-o")
            .arg(out.join("graph.json"))
            .stdin(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("kg starts");
        let pid = child.id().to_string();
        let status = PathBuf::from(format!("/proc/{pid}/status"));
        let start = Instant::now();
        while !catches(&status, number) {
            assert!(
                start.elapsed() < Duration::from_secs(30),
                "no handler for SIG{signal} installed"
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        std::thread::sleep(Duration::from_millis(200));
        let sent = Command::new("kill")
            .args([&format!("-{signal}"), &pid])
            .status()
            .expect("kill runs");
        assert!(sent.success());
        let run = child.wait_with_output().expect("kg ends");
        let err = stderr(&run);
        assert_ne!(
            code(&run),
            Some(0),
            "the build ended before SIG{signal}: make the corpus larger"
        );
        assert_eq!(code(&run), Some(exit), "SIG{signal}: {err}");
        assert_eq!(err, "kg: interrupted; nothing written\n");
        assert_untouched(&out);
    }
}

/// True when the process of `status` (/proc/PID/status) has a handler for signal `number`.
fn catches(status: &Path, number: u32) -> bool {
    let Ok(text) = fs::read_to_string(status) else {
        return false;
    };
    text.lines()
        .find_map(|l| l.strip_prefix("SigCgt:"))
        .and_then(|mask| u64::from_str_radix(mask.trim(), 16).ok())
        .is_some_and(|mask| mask & (1 << (number - 1)) != 0)
}

/// A saved graph, its bytes: the graph fixture's, so that the positions in the messages do
/// not depend on extraction.
fn fixture_graph() -> Vec<u8> {
    KnowledgeGraph::build(&fixture::schema(), fixture::facts())
        .save()
        .expect("graph serializes")
}

/// Replaces the first `from` in `bytes` by `to`.
fn edit(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).expect("utf-8");
    assert!(text.contains(from), "{from} not in the graph");
    text.replacen(from, to, 1).into_bytes()
}

#[test]
fn broken_graph_files_are_clear_errors_naming_file_and_position() {
    let tmp = tempfile::tempdir().expect("tmp");
    let good = fixture_graph();
    let half = good.len() / 2;
    let cases: Vec<(&str, Vec<u8>, String)> = vec![
        ("empty", Vec::new(), ":1:0: truncated graph file: ".into()),
        (
            "truncated",
            good[..half].to_vec(),
            format!(":1:{half}: truncated graph file: "),
        ),
        (
            "newer",
            edit(&good, "\"version\":1", "\"version\":2"),
            "graph file format newsgraph-graph 2 is not supported (expected newsgraph-graph 1); rebuild it with `kg build`".into(),
        ),
        (
            "older",
            edit(&good, "\"version\":1", "\"version\":0"),
            "graph file format newsgraph-graph 0 is not supported".into(),
        ),
        (
            "invalid",
            edit(&good, "\"nodes\":[", "\"nodes\";["),
            ": invalid JSON: expected `:`".into(),
        ),
        (
            "wrong-type",
            edit(&good, "\"provisional\":false", "\"provisional\":\"no\""),
            ": not a newsgraph graph: invalid type: string \"no\", expected a boolean".into(),
        ),
        (
            "not-a-graph",
            b"{\"nodes\": []}\n".to_vec(),
            ":1:13: not a newsgraph graph: missing field `format`".into(),
        ),
    ];
    let mut shown = String::new();
    for (name, bytes, want) in cases {
        let file = tmp.path().join(format!("{name}.json"));
        fs::write(&file, &bytes).expect("graph file");
        let query = kg(&[&"query", &"--graph", &file, &"said"]);
        let export = kg(&[&"export", &"--format", &"json", &file]);
        for (cmd, run) in [("query", query), ("export", export)] {
            let err = stderr(&run);
            assert_eq!(code(&run), Some(2), "{cmd} {name}: {err}");
            assert!(run.stdout.is_empty(), "{cmd} {name}: output on stdout");
            assert!(
                err.starts_with(&format!("kg: {}", file.display())),
                "{cmd} {name}: the file is not named first: {err}"
            );
            assert!(err.contains(&want), "{cmd} {name}: {want}\n---\n{err}");
            assert_eq!(err.lines().count(), 1, "{cmd} {name}: {err}");
            assert_eq!(fs::read(&file).expect("file"), bytes, "{name} changed");
            let tmp_dir = tmp.path().display().to_string();
            shown.push_str(&format!("{cmd} {name}: {}", err.replace(&tmp_dir, "TMP")));
        }
    }
    insta::assert_snapshot!(shown);
}

/// Two builds writing the same output at once: both succeed, and the output is one complete
/// graph, byte for byte the one a single run writes; no temporary file is left.
#[test]
fn concurrent_builds_leave_one_complete_graph() {
    let tmp = tempfile::tempdir().expect("tmp");
    let corpus = tmp.path().join("c");
    fs::create_dir(&corpus).expect("corpus");
    copy_sample(&corpus, 10);
    let single = tmp.path().join("single.json");
    let run = kg(&[&"-q", &"build", &corpus, &"-o", &single]);
    assert_eq!(code(&run), Some(0), "{}", stderr(&run));
    let out = tmp.path().join("out");
    fs::create_dir(&out).expect("out");
    let target = out.join("graph.json");
    for _ in 0..3 {
        let spawn = || {
            kg_command()
                .args(["-q", "build"])
                .arg(&corpus)
                .arg("-o")
                .arg(&target)
                .stdin(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("kg starts")
        };
        let (a, b) = (spawn(), spawn());
        for run in [a, b] {
            let run = run.wait_with_output().expect("kg ends");
            assert_eq!(code(&run), Some(0), "{}", stderr(&run));
        }
        assert!(
            fs::read(&target).expect("graph") == fs::read(&single).expect("graph"),
            "the output differs from a single run's"
        );
        assert_eq!(names(&out), ["graph.json"], "files left beside the output");
    }
}

/// An output path that is a device or a named pipe (`-o /dev/null`, `-o fifo`) is written
/// into, never replaced by a regular file: as root a rename would replace even /dev/null.
#[test]
fn an_output_that_is_a_named_pipe_is_written_into_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let dir = tempfile::tempdir().expect("tmp");
    let fifo = dir.path().join("graph.json");
    let made = Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available here");
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || fs::read(&fifo).expect("the pipe is read"))
    };
    let out = kg(&[&"-q", &"build", &sample_dir(), &"-o", &fifo]);
    assert_eq!(code(&out), Some(0), "{}", stderr(&out));
    // Checked before the reader is joined: a replaced pipe is never opened for writing, and
    // its reader would wait for ever.
    let kind = fs::symlink_metadata(&fifo)
        .expect("still there")
        .file_type();
    assert!(kind.is_fifo(), "the named pipe was replaced: {kind:?}");
    let bytes = reader.join().expect("reader ends");
    let graph: serde_json::Value = serde_json::from_slice(&bytes).expect("a whole graph");
    assert!(graph.is_object());
    let left: Vec<_> = fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(left.len(), 1, "a temporary file was left beside the pipe");
}
