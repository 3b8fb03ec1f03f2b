//! Exports of the graph: DOT diagrams (and SVG/PNG through Graphviz `dot`), GEXF 1.3 and
//! GraphML for Gephi and other tools, CSV (Gephi spreadsheet or neo4j-admin import) and JSON
//! node-link for NetworkX, a Cypher script for Neo4j and other openCypher databases, and
//! the story map: one self-contained interactive HTML page.
//!
//! Every format renders the same [`view::View`] (view, filters and node cap applied once);
//! each writer owns the escaping of its syntax. Writing files is the caller's.

pub mod csv;
pub mod cypher;
pub mod dot;
pub mod gexf;
pub mod graphml;
pub mod html;
pub mod json;
pub mod layout;
pub mod render;
pub mod style;
pub mod view;
pub mod xml;

use std::path::Path;
use std::time::Duration;

use crate::graph::KnowledgeGraph;
pub use view::{Options, View, ViewKind};

/// Nodes in a diagram when no cap is given: more is unreadable.
pub const DEFAULT_DIAGRAM_NODES: usize = 60;
/// How long `dot` may run.
pub const DOT_TIMEOUT: Duration = Duration::from_secs(60);

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Format {
    /// Graphviz DOT source.
    Dot,
    /// SVG drawn by `dot`.
    Svg,
    /// PNG drawn by `dot`.
    Png,
    /// GEXF 1.3 (Gephi), dynamic, with viz colours and sizes.
    Gexf,
    /// GraphML 1.0.
    Graphml,
    /// JSON node-link (NetworkX `node_link_graph(edges="edges")`).
    Json,
    /// Two CSV files, nodes.csv and edges.csv.
    Csv,
    /// A Cypher script of batched `UNWIND ... MERGE` statements (Neo4j 5, openCypher).
    Cypher,
    /// The story map: one self-contained interactive HTML page (sigma.js).
    Html,
}

/// CSV headers for one importer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsvFlavor {
    /// Gephi's spreadsheet import: Id, Label, ..., Interval / Source, Target, Type, Weight, Label.
    Gephi,
    /// neo4j-admin import: `:ID`, `:LABEL` / `:START_ID`, `:END_ID`, `:TYPE`.
    Neo4j,
}

impl CsvFlavor {
    /// Parses `gephi` or `neo4j`.
    pub fn from_name(s: &str) -> Option<CsvFlavor> {
        match s.to_ascii_lowercase().as_str() {
            "gephi" => Some(CsvFlavor::Gephi),
            "neo4j" => Some(CsvFlavor::Neo4j),
            _ => None,
        }
    }
}

impl Format {
    /// Every format.
    pub const ALL: [Format; 9] = [
        Format::Dot,
        Format::Svg,
        Format::Png,
        Format::Gexf,
        Format::Graphml,
        Format::Json,
        Format::Csv,
        Format::Cypher,
        Format::Html,
    ];

    /// Parses a format name (`dot`, `gv`, `svg`, `png`, `gexf`, `graphml`, `json`, `csv`,
    /// `cypher`, `cql`, `html` or `htm`).
    pub fn from_name(s: &str) -> Option<Format> {
        match s.to_ascii_lowercase().as_str() {
            "dot" | "gv" => Some(Format::Dot),
            "svg" => Some(Format::Svg),
            "png" => Some(Format::Png),
            "gexf" => Some(Format::Gexf),
            "graphml" => Some(Format::Graphml),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            "cypher" | "cql" => Some(Format::Cypher),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    /// The format of a file name, from its extension; a path without one is a CSV directory.
    pub fn from_extension(path: &Path) -> Option<Format> {
        path.extension()
            .and_then(|e| e.to_str())
            .and_then(Format::from_name)
    }

    /// The name of the format.
    pub fn name(self) -> &'static str {
        match self {
            Format::Dot => "dot",
            Format::Svg => "svg",
            Format::Png => "png",
            Format::Gexf => "gexf",
            Format::Graphml => "graphml",
            Format::Json => "json",
            Format::Csv => "csv",
            Format::Cypher => "cypher",
            Format::Html => "html",
        }
    }

    /// True for the drawn formats, which get a node cap by default.
    pub fn is_diagram(self) -> bool {
        matches!(self, Format::Dot | Format::Svg | Format::Png)
    }
}

/// An export that could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The focus entity is not in the view.
    #[error("--focus {entity}: {}", if *.in_graph { "this entity has no edge in the chosen view and filters" } else { "no entity with this id in the graph" })]
    Focus {
        /// The id asked for.
        entity: String,
        /// True when the entity exists but the view does not show it.
        in_graph: bool,
    },
    /// Graphviz is not installed.
    #[error("cannot run `dot` ({0}); install Graphviz (Debian/Ubuntu: apt-get install graphviz, macOS: brew install graphviz) or export --format dot")]
    DotMissing(std::io::Error),
    /// Graphviz ran too long.
    #[error("`dot` did not finish within {}; export fewer nodes (--max-nodes, --focus) or --format dot", show_duration(*.0))]
    DotTimeout(Duration),
    /// Graphviz failed.
    #[error("`dot` failed: {0}")]
    DotFailed(String),
    /// The story map draws the actors and events views only.
    #[error("--view {0}: the story map (html) draws the actors or events view")]
    HtmlView(&'static str),
    /// Serializing failed.
    #[error("cannot serialize: {0}")]
    Json(#[from] serde_json::Error),
}

/// "60 s", or "300 ms" below a second.
fn show_duration(d: Duration) -> String {
    if d.as_millis() % 1000 == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{} ms", d.as_millis())
    }
}

/// An export: one file, or several named files (CSV).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// The bytes of one file.
    File(Vec<u8>),
    /// (file name, bytes) pairs.
    Files(Vec<(String, Vec<u8>)>),
}

/// Exports `g` in `format`: computes the view (diagrams get [`DEFAULT_DIAGRAM_NODES`] unless
/// `opts.max_nodes` says otherwise; `Some(0)` means no cap) and renders it.
pub fn export(
    g: &KnowledgeGraph,
    format: Format,
    opts: &Options,
    csv: CsvFlavor,
) -> Result<(Output, View), ExportError> {
    let mut o = opts.clone();
    o.max_nodes = match o.max_nodes {
        Some(0) => None,
        Some(n) => Some(n),
        None if format.is_diagram() => Some(DEFAULT_DIAGRAM_NODES),
        None => None,
    };
    let v = view::view(g, &o)?;
    let out = match format {
        Format::Dot => Output::File(dot::write(&v, &o).into_bytes()),
        Format::Svg => Output::File(render::render(&dot::write(&v, &o), "svg", DOT_TIMEOUT)?),
        Format::Png => Output::File(render::render(&dot::write(&v, &o), "png", DOT_TIMEOUT)?),
        Format::Gexf => Output::File(gexf::write(&v).into_bytes()),
        Format::Graphml => Output::File(graphml::write(&v).into_bytes()),
        Format::Json => Output::File(json::write(&v)?),
        Format::Csv => Output::Files(csv::write(&v, csv)),
        Format::Cypher => Output::File(cypher::write(g, &v).into_bytes()),
        Format::Html if !html::supports(o.view) => {
            return Err(ExportError::HtmlView(o.view.name()))
        }
        Format::Html => Output::File(html::write(g, &v, &o)?.into_bytes()),
    };
    Ok((out, v))
}
