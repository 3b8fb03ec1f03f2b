//! `kg build`: schema -> corpus stream -> extraction (parallel) -> graph, saved atomically
//! with `-o`; a summary on stderr (documents and their dates, counts by kind, top speakers,
//! warnings, throughput). The work is the library's (`graph::pipeline`); this file only
//! wires and prints.

use std::path::Path;

use anyhow::{bail, Context as _, Result};

use newsgraph::corpus::{Corpus, CorpusSummary};
use newsgraph::extract::{extract, Gazetteer};
use newsgraph::graph::build::Builder;
use newsgraph::graph::compact::Compact;
use newsgraph::graph::pipeline::{build_corpus_with, Built};
use newsgraph::graph::KnowledgeGraph;
use newsgraph::schema::Schema;

use crate::cli::BuildArgs;
use crate::cmd::{interrupt, write_graph_with, Context};
use crate::Outcome;

/// Documents listed one per line without -v.
const MAX_DOC_LINES: usize = 20;

/// Speakers listed in the summary.
const TOP_SPEAKERS: usize = 5;

/// Runs `kg build`.
pub fn run(ctx: &Context, args: BuildArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    if let Some(out) = &args.output {
        // Before the build, not after it: a typo in the path costs no time.
        check_output_dir(out)?;
    }
    // Ctrl-C stops the build between batches, or the write, and nothing is written.
    interrupt::watch();
    // The graph is saved from its compact form: the petgraph graph is never made.
    let (built, summary) = build_with::<Compact>(ctx, &schema, &args.corpus, args.threads)?;
    if built.documents == 0 {
        // An empty graph written over a previous one would lose it for nothing.
        if !ctx.quiet {
            print_corpus_summary(ctx, &schema, &args.corpus, &summary);
        }
        let skipped = summary.warnings.len();
        bail!(
            "{}: no document to build a graph from ({}); nothing was written",
            args.corpus.display(),
            if skipped == 0 {
                "no .txt or .jsonl file".to_string()
            } else {
                format!("{skipped} file(s) skipped, see the warnings")
            }
        );
    }
    if let Some(out) = &args.output {
        write_graph_with(out, |w| built.graph.save_to(w))?;
    }
    if !ctx.quiet {
        print_corpus_summary(ctx, &schema, &args.corpus, &summary);
        print_graph_summary(&built);
    }
    // Skipped files were reported with the corpus summary; the rest come from extraction.
    let text_warnings: Vec<_> = built
        .warnings
        .iter()
        .filter(|w| !summary.warnings.contains(w))
        .cloned()
        .collect();
    ctx.report_warnings(&text_warnings);
    if let (Some(out), false) = (&args.output, ctx.quiet) {
        eprintln!("graph written to {}", out.display());
    }
    // The process exits right after this: freeing the graph's records would only delay it.
    std::mem::forget(built.graph);
    Ok(Outcome::Ok)
}

/// Fails when the directory an output goes to does not exist (nothing is created).
fn check_output_dir(out: &Path) -> Result<()> {
    match out.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => bail!(
            "{}: cannot write: directory {} does not exist; nothing was written",
            out.display(),
            dir.display()
        ),
        _ => Ok(()),
    }
}

/// A graph the build pipeline can give: the petgraph one, or its compact form.
pub trait Made: Sized + Send {
    /// Merges what the builder holds into this form.
    fn finish(builder: Builder, schema: &Schema) -> Self;
}

impl Made for KnowledgeGraph {
    fn finish(builder: Builder, schema: &Schema) -> Self {
        builder.finish(schema)
    }
}

impl Made for Compact {
    fn finish(builder: Builder, schema: &Schema) -> Self {
        builder.finish_compact(schema)
    }
}

/// Builds the graph of the corpus at `path` (shared with `kg export CORPUS` and
/// `kg query --corpus`), with a progress bar on stderr when it is a terminal.
pub fn build_graph(
    ctx: &Context,
    schema: &Schema,
    path: &Path,
    threads: Option<usize>,
) -> Result<(Built, CorpusSummary)> {
    build_with(ctx, schema, path, threads)
}

/// [`build_graph`], giving the graph in the form `G`.
fn build_with<G: Made>(
    ctx: &Context,
    schema: &Schema,
    path: &Path,
    threads: Option<usize>,
) -> Result<(Built<G>, CorpusSummary)> {
    let corpus = Corpus::open(path).context("nothing was written")?;
    let gazetteer = Gazetteer::new(schema);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let total = corpus.total_bytes();
    let bar = if ctx.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(total)
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut summary = CorpusSummary {
        warnings: corpus.metadata_warnings(),
        ..Default::default()
    };
    let built = pool.install(|| {
        build_corpus_with(
            schema,
            &corpus,
            |doc| extract(&gazetteer, doc),
            |item| {
                if let Ok(doc) = item {
                    bar.inc(doc.text.len() as u64);
                }
                summary.add_item(item);
            },
            interrupt::flag(),
            G::finish,
        )
    });
    bar.finish_and_clear();
    let built = built?;
    Ok((built, summary))
}

/// Prints the summary of a corpus run on stderr: schema size, documents with their date and
/// where it came from (the first ones; all with -v).
pub fn print_corpus_summary(
    ctx: &Context,
    schema: &Schema,
    corpus: &Path,
    summary: &CorpusSummary,
) {
    let max = if ctx.verbose {
        usize::MAX
    } else {
        MAX_DOC_LINES
    };
    eprintln!("corpus: {}", corpus.display());
    eprint!("{}", summary.render(schema, max));
    ctx.report_warnings(&summary.warnings);
}

/// Prints node and edge counts, top speakers and throughput on stderr.
fn print_graph_summary(built: &Built<Compact>) {
    let s = built.graph.summary();
    let secs = built.elapsed.as_secs_f64().max(1e-6);
    eprintln!(
        "built: {} document(s), {:.2} MB in {:.2}s ({:.1} MB/s)",
        built.documents,
        built.bytes as f64 / 1e6,
        secs,
        built.bytes as f64 / 1e6 / secs
    );
    let kinds: Vec<String> = s.entities.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "entities: {} ({}), {} provisional",
        s.entities.values().sum::<usize>(),
        if kinds.is_empty() {
            "none".to_string()
        } else {
            kinds.join(", ")
        },
        s.provisional
    );
    eprintln!(
        "statements: {} ({} reported by several documents)",
        s.statements, s.corroborated
    );
    eprintln!("events: {}", s.events);
    let edges: Vec<String> = s.edges.iter().map(|(k, n)| format!("{n} {k}")).collect();
    eprintln!(
        "edges: {}",
        if edges.is_empty() {
            "none".to_string()
        } else {
            edges.join(", ")
        }
    );
    if !s.top_speakers.is_empty() {
        let top: Vec<String> = s
            .top_speakers
            .iter()
            .take(TOP_SPEAKERS)
            .map(|(id, n)| format!("{id} ({n})"))
            .collect();
        eprintln!("top speakers: {}", top.join(", "));
    }
    if !built.warnings.is_empty() {
        eprintln!("{} warning(s)", built.warnings.len());
    }
}
