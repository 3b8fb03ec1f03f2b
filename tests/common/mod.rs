//! What the tests that run outside programs (a Python package, Java) share: whether CI is
//! running, and the skip-or-fail rule for a missing program, as `tests/consumers.rs` applies
//! it (skipped with a printed line on a developer machine, a failure when `CI=true`).

#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// True when `CI` is `true` or `1`.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Reports a missing program: fails under CI, else prints the skip and returns false.
pub fn available(what: &str, ok: bool, why: &str) -> bool {
    if !ok {
        if ci() {
            panic!("{what} is required when CI=true: {why}");
        }
        eprintln!("skipped the {what} check: {why}");
    }
    ok
}

/// `$NEWSGRAPH_PYTHON` (else `python3`) when it imports `module`.
pub fn python_with(module: &str) -> Option<String> {
    let p = std::env::var("NEWSGRAPH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let ok = Command::new(&p)
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    available(
        module,
        ok,
        &format!("`{p}` cannot import {module} (run .ci/run, or set NEWSGRAPH_PYTHON to the venv's python)"),
    )
    .then_some(p)
}

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `kg` from the repository root (so `schemas/` is found) and returns its stdout;
/// panics with its stderr when it fails.
pub fn kg(args: &[&str]) -> Vec<u8> {
    let out = Command::new(env!("CARGO_BIN_EXE_kg"))
        .current_dir(root())
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

/// A path as an argument.
pub fn arg(p: &Path) -> &str {
    p.to_str().expect("temporary paths are UTF-8")
}
