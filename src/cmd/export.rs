//! `kg export`: reads a saved graph (or builds one from a corpus), resolves the format, view
//! and filters into export options, and writes the result atomically (CSV: two files in a
//! directory). Rendering is the library's (`export`).

use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Context as _, Result};
use chrono::NaiveDate;

use newsgraph::export::{self, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::graph::KnowledgeGraph;

use crate::cli::ExportArgs;
use crate::cmd::{load_graph_bytes, write_atomic, write_output, Context};
use crate::Outcome;

fn date(flag: &str, s: &Option<String>) -> Result<Option<NaiveDate>> {
    s.as_deref()
        .map(|s| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map_err(|_| anyhow!("{flag} {s}: not a date (expected YYYY-MM-DD)"))
        })
        .transpose()
}

/// Resolves the format from `--format`, else from the output file's extension.
fn format_of(args: &ExportArgs) -> Result<Format> {
    if let Some(f) = &args.format {
        return Format::from_name(f).ok_or_else(|| {
            anyhow!(
                "--format {f}: unknown format (dot, svg, png, gexf, graphml, json, csv, cypher or html)"
            )
        });
    }
    match &args.output {
        Some(p) => match Format::from_extension(p) {
            Some(f) => Ok(f),
            None if p.extension().is_none() => Ok(Format::Csv),
            None => bail!("{}: cannot tell the format from this extension; give --format", p.display()),
        },
        None => bail!("give --format (dot, svg, png, gexf, graphml, json, csv, cypher, html) or -o FILE with one of these extensions"),
    }
}

/// Loads a saved graph, or builds one when `input` is a corpus.
pub fn load_graph(ctx: &Context, input: &Path) -> Result<KnowledgeGraph> {
    if input.is_file() {
        let bytes =
            std::fs::read(input).with_context(|| format!("{}: cannot read", input.display()))?;
        // A corpus file is `.txt` or `.jsonl`: a `.json` file is a graph, broken or not.
        if input.extension().is_some_and(|e| e == "json") || KnowledgeGraph::is_graph_file(&bytes) {
            return load_graph_bytes(input, &bytes);
        }
    }
    if !input.exists() {
        bail!("{}: no such graph file or corpus", input.display());
    }
    let schema = ctx.load_schema()?;
    let (built, _) = crate::cmd::build::build_graph(ctx, &schema, input, None)?;
    ctx.report_warnings(&built.warnings);
    Ok(built.graph)
}

/// Runs `kg export`.
pub fn run(ctx: &Context, args: ExportArgs) -> Result<Outcome> {
    let format = format_of(&args)?;
    let view = match &args.view {
        Some(v) => ViewKind::from_name(v)
            .ok_or_else(|| anyhow!("--view {v}: unknown view (actors, events or full)"))?,
        None if format.is_diagram() || format == Format::Html => ViewKind::Actors,
        None => ViewKind::Full,
    };
    let csv = CsvFlavor::from_name(&args.csv)
        .ok_or_else(|| anyhow!("--csv {}: unknown flavour (gephi or neo4j)", args.csv))?;
    let opts = Options {
        view,
        focus: args.focus.clone(),
        depth: args.depth,
        since: date("--since", &args.since)?,
        until: date("--until", &args.until)?,
        min_weight: args.min_weight,
        kinds: args.kinds.clone(),
        max_nodes: args.max_nodes,
    };
    if format == Format::Png && args.output.is_none() {
        bail!("png needs -o FILE.png");
    }
    if format == Format::Csv && args.output.is_none() {
        bail!("csv needs -o DIR (nodes.csv and edges.csv are written there)");
    }
    let graph = load_graph(ctx, &args.input)?;
    let (out, v) = export::export(&graph, format, &opts, csv)?;
    match out {
        Output::File(bytes) => write_output(args.output.as_deref(), &bytes)?,
        Output::Files(files) => {
            let dir: PathBuf = args.output.clone().unwrap_or_default();
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("{}: cannot create directory", dir.display()))?;
            for (name, bytes) in files {
                write_atomic(&dir.join(name), &bytes)?;
            }
        }
    }
    if !ctx.quiet {
        eprintln!(
            "{} node(s), {} edge(s) ({} view)",
            v.nodes.len(),
            v.edges.len(),
            view.name()
        );
        if let Some(note) = v.omitted_note() {
            eprintln!("{note}");
        }
    }
    Ok(Outcome::Ok)
}
