//! `kg build CORPUS`: loads the schemas (stopping before anything else when they are broken)
//! and the corpus, and prints a summary of what was read on stderr. Building and saving the
//! graph is left to the graph stage, which calls [`print_corpus_summary`] for its part.

use anyhow::{bail, Context as _, Result};

use crate::cli::BuildArgs;
use crate::cmd::Context;
use crate::Outcome;
use newsgraph::corpus::{Corpus, CorpusSummary};
use newsgraph::schema::Schema;

/// Documents listed one per line without -v.
const MAX_DOC_LINES: usize = 20;

/// Runs `kg build`.
pub fn run(ctx: &Context, args: BuildArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let corpus = Corpus::open(&args.corpus).with_context(|| "nothing was written".to_string())?;
    let mut summary = CorpusSummary {
        warnings: corpus.metadata_warnings(),
        ..Default::default()
    };
    for item in corpus.stream() {
        summary.add_item(&item);
    }
    print_corpus_summary(ctx, &schema, &args.corpus, &summary);
    if let Some(out) = &args.output {
        bail!(
            "{}: the graph is not built by this version; nothing was written",
            out.display()
        );
    }
    Ok(Outcome::Ok)
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
