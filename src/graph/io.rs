//! Saving and loading a built graph as versioned JSON, so `export` and `query` need not
//! re-extract. Writing the file atomically is the caller's (`cmd::write_atomic`).

use serde::{Deserialize, Serialize};

use super::KnowledgeGraph;

/// Identifies a newsgraph graph file.
pub const FORMAT_NAME: &str = "newsgraph-graph";
/// Bumped whenever the node or edge types change in a way old files cannot be read as.
pub const FORMAT_VERSION: u32 = 1;

/// A graph file that could not be read. Each message names where in the file (line and
/// column; a saved graph is one line, so the column counts bytes) the reading stopped; the
/// caller adds the file name ([`LoadError::at`]).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// Not JSON, or JSON cut short, or JSON that is not a graph. Shown as `line:col: ...`, to
    /// follow the file name.
    #[error("{line}:{column}: {what}: {message}")]
    Json {
        /// What is wrong, in short: "truncated graph file", "invalid JSON", "not a
        /// newsgraph graph".
        what: &'static str,
        /// Line of the problem (1-based).
        line: usize,
        /// Column of the problem (1-based), in bytes.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// A graph file of another version.
    #[error("graph file format {found} {version} is not supported (expected {FORMAT_NAME} {FORMAT_VERSION}); rebuild it with `kg build`")]
    Version {
        /// The format name found.
        found: String,
        /// The version found.
        version: u32,
    },
}

impl LoadError {
    /// The message with the file name in front: `path:line:col: ...` or `path: ...`.
    pub fn at(&self, path: &std::path::Path) -> String {
        match self {
            LoadError::Json { .. } => format!("{}:{self}", path.display()),
            LoadError::Version { .. } => format!("{}: {self}", path.display()),
        }
    }
}

impl From<serde_json::Error> for LoadError {
    fn from(e: serde_json::Error) -> Self {
        use serde_json::error::Category;
        let what = match e.classify() {
            Category::Eof => "truncated graph file",
            Category::Syntax | Category::Io => "invalid JSON",
            Category::Data => "not a newsgraph graph",
        };
        // serde_json appends " at line L column C"; the position is given once, above.
        let full = e.to_string();
        let suffix = format!(" at line {} column {}", e.line(), e.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_string();
        LoadError::Json {
            what,
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

#[derive(Serialize)]
struct FileOut<'a, G> {
    format: &'static str,
    version: u32,
    graph: &'a G,
}

/// Writes `graph` as a graph file: format name, version, the graph, a newline.
pub(super) fn save_to<W: std::io::Write, G: Serialize>(
    mut w: W,
    graph: &G,
) -> Result<(), serde_json::Error> {
    serde_json::to_writer(
        &mut w,
        &FileOut {
            format: FORMAT_NAME,
            version: FORMAT_VERSION,
            graph,
        },
    )?;
    w.write_all(b"\n").map_err(serde_json::Error::io)
}

#[derive(Deserialize)]
struct Header {
    format: String,
    version: u32,
}

#[derive(Deserialize)]
struct FileIn {
    graph: KnowledgeGraph,
}

impl KnowledgeGraph {
    /// The graph as JSON with a format name and version.
    pub fn save(&self) -> Result<Vec<u8>, serde_json::Error> {
        let mut v = Vec::new();
        self.save_to(&mut v)?;
        Ok(v)
    }

    /// Writes what [`KnowledgeGraph::save`] returns to `w` as it is serialized, without
    /// holding the whole file in memory (it is several times the corpus size). Buffering
    /// `w` is the caller's.
    pub fn save_to<W: std::io::Write>(&self, w: W) -> Result<(), serde_json::Error> {
        save_to(w, self)
    }

    /// Reads a graph saved by [`KnowledgeGraph::save`], checking its format and version.
    pub fn load(bytes: &[u8]) -> Result<KnowledgeGraph, LoadError> {
        let h: Header = serde_json::from_slice(bytes)?;
        if h.format != FORMAT_NAME || h.version != FORMAT_VERSION {
            return Err(LoadError::Version {
                found: h.format,
                version: h.version,
            });
        }
        let f: FileIn = serde_json::from_slice(bytes)?;
        Ok(f.graph)
    }

    /// True when `bytes` look like a saved graph: a JSON object naming the format, or a file
    /// that starts as [`KnowledgeGraph::save`] writes one, even if it is cut short or damaged
    /// further on (so that it is reported as a broken graph, not read as something else).
    pub fn is_graph_file(bytes: &[u8]) -> bool {
        let start = format!("{{\"format\":\"{FORMAT_NAME}\"");
        bytes.trim_ascii_start().starts_with(start.as_bytes())
            || serde_json::from_slice::<Header>(bytes).is_ok_and(|h| h.format == FORMAT_NAME)
    }
}
