//! What the tests that run outside programs (a Python package, Java, Node, a browser) share:
//! whether CI is running, and the skip-or-fail rule for a missing program, as
//! `tests/consumers.rs` applies it (skipped with a printed line on a developer machine, a
//! failure when `CI=true`), and the Node drivers of `tests/browser`.

#![allow(dead_code, reason = "each test file uses the part it needs")]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// True when `CI` is `true` or `1`.
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Reports a missing program: fails under CI, else prints the skip (once per program, not
/// once per property-test case) and returns false.
pub fn available(what: &str, ok: bool, why: &str) -> bool {
    if !ok {
        if ci() {
            panic!("{what} is required when CI=true: {why}");
        }
        static SAID: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
        if let Ok(mut said) = SAID.lock() {
            if !said.iter().any(|w| w == what) {
                said.push(what.to_string());
                eprintln!("skipped the {what} check: {why}");
            }
        }
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

/// The directory of the Node drivers (`tests/browser`), when `node` runs and the driver's
/// packages are installed there (`npm ci --prefix tests/browser`): `packages` are looked up in
/// its `node_modules`.
pub fn node_drivers(packages: &[&str]) -> Option<std::path::PathBuf> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let node = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available(
        "node",
        node,
        "`node --version` does not run (install nodejs)",
    ) {
        return None;
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            !dir.join("node_modules")
                .join(p)
                .join("package.json")
                .is_file()
        })
        .collect();
    available(
        "node packages",
        missing.is_empty(),
        &format!(
            "{} not installed in {} (run `npm ci --prefix tests/browser`)",
            missing.join(", "),
            dir.display()
        ),
    )
    .then_some(dir)
}

/// Runs a Node driver of `tests/browser` and parses the JSON it prints; panics with its
/// output when it fails.
pub fn run_driver(
    dir: &std::path::Path,
    script: &str,
    args: &[&std::ffi::OsStr],
) -> serde_json::Value {
    let out = std::process::Command::new("node")
        .arg(dir.join(script))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node {script}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "{script} failed ({}):\n{stdout}\n{stderr}",
        out.status
    );
    serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{script} printed no JSON ({e}):\n{stdout}\n{stderr}"))
}
