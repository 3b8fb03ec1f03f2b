//! `kg extract`: runs extraction over a corpus and prints the gold-format JSON (`--json`,
//! the default) or per-document facts as JSON Lines (`--facts`, input of `kg merge`).
//!
//! The corpus is read as a stream in batches, each extracted in parallel keeping document
//! order; `--facts` writes each batch's lines before reading the next, so memory stays flat
//! on any corpus size. The gold format is one JSON object sorted by id and is built at the end.

use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::{bail, Context as _, Result};
use rayon::prelude::*;

use crate::cli::ExtractArgs;
use crate::cmd::{write_output, Context};
use crate::Outcome;
use newsgraph::corpus::{Corpus, Document};
use newsgraph::diag::Diagnostic;
use newsgraph::extract::json::{corpus_json, parse_shard};
use newsgraph::extract::{extract, DocFacts, Gazetteer};

/// Documents extracted together: enough to keep every core busy, few enough to bound memory.
const BATCH: usize = 256;

/// Runs `kg extract`.
pub fn run(ctx: &Context, args: ExtractArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let gaz = Gazetteer::new(&schema);
    let corpus = Corpus::open(&args.corpus)?;
    let shard = match args.shard.as_deref() {
        Some(s) => {
            let Some((i, n)) = parse_shard(s) else {
                bail!("--shard {s}: expected I/N with 1 <= I <= N")
            };
            Some((i, n))
        }
        None => None,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let mut out = if args.facts {
        Some(Lines::open(args.output.as_deref())?)
    } else {
        None
    };
    // Warnings are printed at the end, corpus warnings first, as when the corpus was read
    // whole: the order on standard error does not depend on batching.
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut odd: Vec<Diagnostic> = Vec::new();
    let mut gold: Vec<DocFacts> = Vec::new();
    let (mut documents, mut statements) = (0usize, 0usize);
    let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
    let mut index = 0usize;
    let mut run_batch = |batch: &mut Vec<Document>, out: &mut Option<Lines>| -> Result<()> {
        let facts: Vec<DocFacts> =
            pool.install(|| batch.par_iter().map(|d| extract(&gaz, d)).collect());
        batch.clear();
        for f in facts {
            odd.extend(f.diagnostics.iter().cloned());
            documents += 1;
            statements += f.statements.len();
            match out {
                Some(lines) => lines.write(&f)?,
                None => gold.push(f),
            }
        }
        Ok(())
    };
    for item in corpus.stream() {
        match item {
            Ok(doc) => {
                // Shard `i` of `n` takes the documents whose index is `i - 1` modulo `n`.
                let k = index;
                index += 1;
                if let Some((i, n)) = shard {
                    if k % n != (i - 1) % n {
                        continue;
                    }
                }
                batch.push(doc);
                if batch.len() == BATCH {
                    run_batch(&mut batch, &mut out)?;
                }
            }
            Err(w) => warnings.push(w),
        }
    }
    run_batch(&mut batch, &mut out)?;
    ctx.report_warnings(&warnings);
    ctx.report_warnings(&odd);
    match out {
        Some(lines) => lines.finish()?,
        None => {
            let mut bytes = Vec::new();
            serde_json::to_writer_pretty(&mut bytes, &corpus_json(&gold))?;
            bytes.push(b'\n');
            write_output(args.output.as_deref(), &bytes)?;
        }
    }
    if ctx.verbose && !ctx.quiet {
        eprintln!("{documents} document(s), {statements} statement(s)");
    }
    Ok(Outcome::Ok)
}

/// JSON Lines written as they come: to standard output, or to a temporary file beside the
/// output that replaces it only once complete (the file is never seen half-written).
enum Lines {
    Stdout(BufWriter<std::io::Stdout>),
    File {
        path: std::path::PathBuf,
        tmp: BufWriter<tempfile::NamedTempFile>,
    },
}

impl Lines {
    fn open(path: Option<&Path>) -> Result<Lines> {
        let Some(path) = path else {
            return Ok(Lines::Stdout(BufWriter::new(std::io::stdout())));
        };
        let tmp = super::temp_beside(path)?;
        Ok(Lines::File {
            path: path.to_path_buf(),
            tmp: BufWriter::new(tmp),
        })
    }

    fn write(&mut self, f: &DocFacts) -> Result<()> {
        match self {
            Lines::Stdout(w) => {
                serde_json::to_writer(&mut *w, f)?;
                w.write_all(b"\n")?;
            }
            Lines::File { path, tmp } => {
                serde_json::to_writer(&mut *tmp, f)
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                tmp.write_all(b"\n")
                    .with_context(|| format!("{}: cannot write", path.display()))?;
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Lines::Stdout(mut w) => {
                w.flush()?;
                Ok(())
            }
            Lines::File { path, tmp } => {
                let tmp = tmp
                    .into_inner()
                    .map_err(|e| e.into_error())
                    .with_context(|| format!("{}: cannot write", path.display()))?;
                super::persist(tmp, &path)
            }
        }
    }
}
