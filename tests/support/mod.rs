//! What the tests that run outside programs share: with `CI=true` a missing consumer (a
//! program, a library, a browser) fails the test; otherwise the test says which check it
//! skipped and passes.

/// True under CI (`CI=true` or `CI=1`).
pub fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

/// Reports a missing consumer: fails under CI, else prints the skip and returns false.
pub fn available(what: &str, ok: bool, why: &str) -> bool {
    if !ok {
        if ci() {
            panic!("{what} is required when CI=true: {why}");
        }
        // Said once per consumer, not once per property-test case.
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
