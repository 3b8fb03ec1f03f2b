//! Drawing DOT source with Graphviz `dot` (a separate program): SVG or PNG bytes, with a
//! clear error when `dot` is missing and a timeout so a huge graph cannot hang a run.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::ExportError;

/// The `dot` program to run: `$NEWSGRAPH_DOT`, else `dot` on the PATH.
pub fn dot_program() -> String {
    std::env::var("NEWSGRAPH_DOT")
        .ok()
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "dot".to_string())
}

/// Runs `dot -T<format>` on `source`, killing it after `timeout`.
pub fn render(source: &str, format: &str, timeout: Duration) -> Result<Vec<u8>, ExportError> {
    let mut child = Command::new(dot_program())
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(ExportError::DotMissing)?;
    // Feed and drain on threads: a large graph fills the pipes before dot exits.
    let mut stdin = child.stdin.take();
    let input = source.as_bytes().to_vec();
    let writer = std::thread::spawn(move || {
        if let Some(s) = stdin.as_mut() {
            let _ = s.write_all(&input);
        }
    });
    let mut stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout.as_mut() {
            let _ = s.read_to_end(&mut buf);
        }
        buf
    });
    let mut stderr = child.stderr.take();
    let err_reader = std::thread::spawn(move || {
        let mut buf = String::new();
        if let Some(s) = stderr.as_mut() {
            let _ = s.read_to_string(&mut buf);
        }
        buf
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(ExportError::DotTimeout(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(ExportError::DotFailed(e.to_string())),
        }
    };
    let _ = writer.join();
    let out = reader.join().unwrap_or_default();
    let err = err_reader.join().unwrap_or_default();
    if !status.success() {
        return Err(ExportError::DotFailed(format!("{status}: {}", err.trim())));
    }
    Ok(out)
}
