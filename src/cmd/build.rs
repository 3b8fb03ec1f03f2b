//! `kg build CORPUS`: loads the schemas (stopping before anything else when they are broken),
//! streams the corpus through extraction (parallel) into the graph, saves it atomically with
//! `-o`, and prints on stderr the corpus summary ([`print_corpus_summary`]) and the graph's
//! (counts by kind, top speakers, warnings, throughput). The work is the library's.

use anyhow::{Context as _, Result};

use crate::cli::BuildArgs;
use crate::cmd::{write_atomic, Context};
use crate::Outcome;
use newsgraph::corpus::{Corpus, CorpusSummary, Document};
use newsgraph::extract::DocFacts;
use newsgraph::graph::pipeline::{build_corpus, Built};
use newsgraph::schema::Schema;

/// Documents listed one per line without -v.
const MAX_DOC_LINES: usize = 20;
/// Speakers listed in the summary.
const TOP_SPEAKERS: usize = 5;

/// Runs `kg build`.
pub fn run(ctx: &Context, args: BuildArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let (built, summary) = build_graph(ctx, &schema, &args.corpus, args.threads)?;
    if let Some(out) = &args.output {
        let bytes = built.graph.save().context("cannot serialize the graph")?;
        write_atomic(out, &bytes)?;
    }
    print_corpus_summary(ctx, &schema, &args.corpus, &summary);
    ctx.report_warnings(&built.warnings);
    if !ctx.quiet {
        print_graph_summary(&built);
    }
    Ok(Outcome::Ok)
}

/// Builds the graph of the corpus at `path` (shared with `kg export CORPUS`), with a summary
/// of the corpus read and a progress bar on stderr (hidden with -q or when not a terminal).
pub fn build_graph(
    ctx: &Context,
    schema: &Schema,
    path: &std::path::Path,
    threads: Option<usize>,
) -> Result<(Built, CorpusSummary)> {
    let corpus = Corpus::open(path).with_context(|| "nothing was written".to_string())?;
    let extract = extractor(schema);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let bar = if ctx.quiet {
        indicatif::ProgressBar::hidden()
    } else {
        indicatif::ProgressBar::new(corpus.total_bytes())
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {binary_bytes}/{binary_total_bytes} {binary_bytes_per_sec}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut summary = CorpusSummary::default();
    let built = pool.install(|| {
        build_corpus(schema, &corpus, extract, |item| {
            if let Ok(doc) = item {
                bar.inc(doc.text.len() as u64);
            }
            summary.add_item(item);
        })
    });
    bar.finish_and_clear();
    Ok((built, summary))
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

/// Prints the summary of a corpus run on stderr: schema size, documents with their date and
/// where it came from, and warnings (a count and the first ones; all with -v; none with -q).
pub fn print_corpus_summary(
    ctx: &Context,
    schema: &Schema,
    corpus: &std::path::Path,
    summary: &CorpusSummary,
) {
    if ctx.quiet {
        return;
    }
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
fn print_graph_summary(built: &Built) {
    let s = built.graph.summary();
    let secs = built.elapsed.as_secs_f64().max(1e-6);
    eprintln!(
        "graph: {} document(s), {:.2} MB in {:.2}s ({:.1} MB/s)",
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
    let n = built.warnings.len() + built.skipped.len();
    if n > 0 {
        eprintln!("{n} warning(s)");
    }
}
