//! `kg build`: schema -> corpus stream -> extraction (parallel) -> graph, saved atomically
//! with `-o`, and a summary on stderr (counts by kind, top speakers, warnings, throughput).
//! The work is the library's (`graph::pipeline`); this file only wires and prints.

use anyhow::{Context as _, Result};

use newsgraph::corpus::{Corpus, Document};
use newsgraph::extract::DocFacts;
use newsgraph::graph::pipeline::{build_corpus, Built};
use newsgraph::schema::Schema;

use crate::cli::BuildArgs;
use crate::cmd::{write_atomic, Context};
use crate::Outcome;

/// Speakers listed in the summary.
const TOP_SPEAKERS: usize = 5;

/// Runs `kg build`.
pub fn run(ctx: &Context, args: BuildArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let built = build_graph(ctx, &schema, &args.corpus, args.threads)?;
    if let Some(out) = &args.output {
        let bytes = built.graph.save().context("cannot serialize the graph")?;
        write_atomic(out, &bytes)?;
    }
    ctx.report_warnings(&built.warnings);
    if !ctx.quiet {
        print_graph_summary(&built);
    }
    Ok(Outcome::Ok)
}

/// Builds the graph of the corpus at `path` (shared with `kg export CORPUS`).
pub fn build_graph(
    ctx: &Context,
    schema: &Schema,
    path: &std::path::Path,
    threads: Option<usize>,
) -> Result<Built> {
    let corpus = Corpus::open(path)?;
    let extract = extractor(schema);
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
    let built = pool.install(|| build_corpus(schema, &corpus, extract, |b| bar.set_position(b)));
    bar.finish_and_clear();
    Ok(built)
}

/// The extraction of one document.
fn extractor(schema: &Schema) -> impl Fn(&Document) -> DocFacts + Sync + '_ {
    // The extraction engine is not part of this branch yet: documents are still read and
    // listed, with no facts, and every run says so.
    let _ = schema;
    |doc: &Document| DocFacts {
        doc: newsgraph::extract::DocInfo::of(doc),
        mentions: Vec::new(),
        provisional: Vec::new(),
        statements: Vec::new(),
        events: Vec::new(),
        diagnostics: vec![newsgraph::diag::Diagnostic::warning(
            &doc.path,
            "no extraction engine in this build: no facts read",
        )],
    }
}

/// Prints node and edge counts, top speakers and throughput on stderr.
fn print_graph_summary(built: &Built) {
    let s = built.graph.summary();
    let secs = built.elapsed.as_secs_f64().max(1e-6);
    eprintln!(
        "{} document(s), {:.1} MB in {:.2}s ({:.1} MB/s)",
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
