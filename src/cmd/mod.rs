//! Subcommands of `kg`: each turns checked arguments into library calls and prints results
//! on stdout, progress and warnings on stderr.

pub mod build;
pub mod check;
pub mod eval;
pub mod export;
pub mod extract;
pub mod interrupt;
pub mod merge;
pub mod query;
pub mod suggest;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{bail, Context as _, Result};

use newsgraph::diag::Diagnostic;
use newsgraph::graph::pipeline::Interrupted;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::schema::Schema;

/// Options every subcommand shares.
#[derive(Debug, Clone)]
pub struct Context {
    /// Only results and errors.
    pub quiet: bool,
    /// Every warning and details.
    pub verbose: bool,
    /// Schema directory.
    pub schemas: PathBuf,
}

impl Context {
    /// Prints warnings on stderr: all with -v, a count otherwise, none with -q.
    pub fn report_warnings(&self, warnings: &[Diagnostic]) {
        if self.quiet || warnings.is_empty() {
            return;
        }
        let shown = if self.verbose {
            warnings.len()
        } else {
            warnings.len().min(10)
        };
        for w in &warnings[..shown] {
            eprintln!("{w}");
        }
        if shown < warnings.len() {
            eprintln!(
                "... and {} more warning(s) (-v shows all)",
                warnings.len() - shown
            );
        }
    }

    /// Loads the schemas or fails with every problem listed (nothing else is done then).
    pub fn load_schema(&self) -> Result<Schema> {
        if !self.schemas.is_dir() {
            bail!(
                "{}: schema directory not found (use --schemas DIR)",
                self.schemas.display()
            );
        }
        let (schema, diagnostics) = Schema::check(&self.schemas);
        match schema {
            Some(s) if !diagnostics.iter().any(|d| d.is_error()) => {
                // Warnings (an empty entity file) do not stop the run.
                if !self.quiet {
                    for d in &diagnostics {
                        eprintln!("{d}");
                    }
                }
                Ok(s)
            }
            _ => {
                for d in &diagnostics {
                    eprintln!("{d}");
                }
                bail!(
                    "{} problem(s) in the schemas under {}; nothing was written",
                    diagnostics.len(),
                    self.schemas.display()
                )
            }
        }
    }
}

/// Writes `bytes` to `path` atomically: a temporary file in the same directory, then a
/// rename, so a failed run never leaves a half-written output.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    write_atomic_with(path, |w| w.write_all(bytes).map_err(anyhow::Error::from))
}

/// Like [`write_atomic`], with the content produced by `fill` straight into the (buffered)
/// temporary file, so a large output is never held in memory whole.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_atomic_until(path, fill, interrupt::flag())
}

/// Saves `graph` to `path` atomically. A failed write is reported by its cause ("No space
/// left on device"), not as a failure to serialize.
pub fn write_graph(path: &Path, graph: &KnowledgeGraph) -> Result<()> {
    write_graph_with(path, |w| graph.save_to(w))
}

/// Saves a graph to `path` atomically, written by `save` (a [`KnowledgeGraph`]'s or a
/// compact graph's `save_to`).
pub fn write_graph_with(
    path: &Path,
    save: impl FnOnce(&mut dyn Write) -> Result<(), serde_json::Error>,
) -> Result<()> {
    write_atomic_with(path, |w| {
        save(w).map_err(|e| {
            if e.is_io() {
                anyhow::Error::from(std::io::Error::from(e))
            } else {
                anyhow::Error::from(e).context("cannot serialize the graph")
            }
        })
    })
}

/// [`write_atomic_with`], giving up as soon as `stop` is set (Ctrl-C): the writes fail, the
/// temporary file is removed as it is dropped, and `path` is left as it was.
fn write_atomic_until(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> Result<()>,
    stop: &AtomicBool,
) -> Result<()> {
    let mut tmp = temp_beside(path)?;
    {
        let mut w = std::io::BufWriter::new(interrupt::Checked {
            inner: tmp.as_file_mut(),
            stop,
        });
        fill(&mut w).with_context(|| format!("{}: cannot write", path.display()))?;
        w.flush()
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    if stop.load(Ordering::SeqCst) {
        return Err(Interrupted.into());
    }
    persist(tmp, path)
}

/// A temporary file in `path`'s directory, so that [`persist`] is a rename.
pub fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "{}: cannot write: directory {} does not exist; nothing was written",
            path.display(),
            dir.display()
        );
    }
    tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("{}: cannot create a file here", dir.display()))
}

/// Moves a fully written temporary file (from [`temp_beside`]) onto `path` in one rename.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> Result<()> {
    // A device or a named pipe (`-o /dev/null`) is written into, never replaced: a rename
    // would put a regular file in its place (as root, even in place of /dev/null).
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut from = tmp
            .reopen()
            .with_context(|| format!("{}: cannot write", path.display()))?;
        let mut to = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        std::io::copy(&mut from, &mut to)
            .with_context(|| format!("{}: cannot write", path.display()))?;
        return Ok(());
    }
    // A temporary file is private (0600); the output gets the mode of the file it replaces,
    // or the usual mode of a new file.
    let mode = std::fs::metadata(path)
        .map(|m| m.permissions())
        .ok()
        .or_else(default_permissions);
    if let Some(mode) = mode {
        std::fs::set_permissions(tmp.path(), mode)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    tmp.persist(path)
        .with_context(|| format!("{}: cannot write", path.display()))?;
    Ok(())
}

/// The mode of a new output file: readable by all, like files a shell creates.
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

/// Elsewhere the temporary file's own permissions are kept.
#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Reads a graph file saved by `kg build -o`; a broken one is an error naming the file and
/// the position (`path:line:col: ...`).
pub fn read_graph_file(path: &Path) -> Result<KnowledgeGraph> {
    let bytes = std::fs::read(path)
        .with_context(|| format!("{}: cannot read the graph file", path.display()))?;
    load_graph_bytes(path, &bytes)
}

/// [`read_graph_file`] of bytes already read from `path`.
pub fn load_graph_bytes(path: &Path, bytes: &[u8]) -> Result<KnowledgeGraph> {
    KnowledgeGraph::load(bytes).map_err(|e| anyhow::anyhow!(e.at(path)))
}

/// Writes `bytes` to `path`, or to standard output when `path` is `None`.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) => write_atomic(p, bytes),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stop during the write (Ctrl-C) leaves the previous file and no temporary file.
    #[test]
    fn a_stop_mid_write_leaves_the_previous_file_and_no_temporary_file() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("graph.json");
        std::fs::write(&path, b"previous").expect("previous");
        let stop = AtomicBool::new(false);
        let written = write_atomic_until(
            &path,
            |w| {
                for i in 0..100_000u32 {
                    if i == 50_000 {
                        stop.store(true, Ordering::SeqCst);
                    }
                    w.write_all(b"{\"a\":1}")?;
                }
                Ok(())
            },
            &stop,
        );
        assert!(written.is_err());
        assert_eq!(std::fs::read(&path).expect("file"), b"previous");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names, ["graph.json"]);
    }

    /// A stop after the last byte is written still writes nothing.
    #[test]
    fn a_stop_after_the_last_byte_writes_nothing() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("out.json");
        let stop = AtomicBool::new(false);
        let written = write_atomic_until(
            &path,
            |w| {
                w.write_all(b"{}")?;
                stop.store(true, Ordering::SeqCst);
                Ok(())
            },
            &stop,
        );
        assert!(written.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 0);
    }
}
