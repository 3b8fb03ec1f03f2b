//! Running Graphviz: a missing program, a failing one and one that hangs each give a clear
//! error. Stand-in programs are shell scripts named by `$NEWSGRAPH_DOT`, set per case; the
//! cases run one after the other because the variable is process-wide.

#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::time::{Duration, Instant};

use newsgraph::export::render::render;
use newsgraph::export::ExportError;

fn script(dir: &std::path::Path, name: &str, body: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).expect("write script");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    p
}

#[test]
fn dot_failures_are_clear_errors() {
    let tmp = tempfile::tempdir().expect("tmp");

    std::env::set_var("NEWSGRAPH_DOT", tmp.path().join("no-such-dot"));
    let e = render("digraph{}", "svg", Duration::from_secs(5)).expect_err("missing");
    assert!(matches!(e, ExportError::DotMissing(_)), "{e}");

    let failing = script(
        tmp.path(),
        "failing-dot",
        "cat >/dev/null; echo 'Error: syntax error in line 1' >&2; exit 1",
    );
    std::env::set_var("NEWSGRAPH_DOT", &failing);
    let e = render("digraph{}", "svg", Duration::from_secs(5)).expect_err("failing");
    assert!(
        matches!(e, ExportError::DotFailed(ref m) if m.contains("syntax error in line 1")),
        "{e}"
    );

    let hanging = script(tmp.path(), "hanging-dot", "sleep 30");
    std::env::set_var("NEWSGRAPH_DOT", &hanging);
    let start = Instant::now();
    let e = render("digraph{}", "svg", Duration::from_millis(300)).expect_err("hanging");
    assert!(matches!(e, ExportError::DotTimeout(_)), "{e}");
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "the timeout did not stop dot"
    );
    insta::assert_snapshot!(e.to_string());

    let echoing = script(tmp.path(), "echo-dot", "cat");
    std::env::set_var("NEWSGRAPH_DOT", &echoing);
    let out = render("digraph{a}", "svg", Duration::from_secs(5)).expect("echo");
    assert_eq!(out, b"digraph{a}");
    std::env::remove_var("NEWSGRAPH_DOT");
}
