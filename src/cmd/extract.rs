//! `kg extract`: runs extraction over a corpus and prints the gold-format JSON (`--json`,
//! the default) or per-document facts as JSON Lines (`--facts`, input of `kg merge`).

use anyhow::{bail, Context as _, Result};

use crate::cli::ExtractArgs;
use crate::cmd::{write_output, Context};
use crate::Outcome;
use newsgraph::corpus::Corpus;
use newsgraph::extract::json::{corpus_json, extract_all, parse_shard, shard};
use newsgraph::extract::Gazetteer;

/// Runs `kg extract`.
pub fn run(ctx: &Context, args: ExtractArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let gaz = Gazetteer::new(&schema);
    let corpus = Corpus::open(&args.corpus)?;
    let (docs, warnings) = corpus.load_all();
    ctx.report_warnings(&warnings);
    let docs = match args.shard.as_deref() {
        Some(s) => {
            let Some((i, n)) = parse_shard(s) else {
                bail!("--shard {s}: expected I/N with 1 <= I <= N")
            };
            shard(docs, i, n)
        }
        None => docs,
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start worker threads")?;
    let facts = pool.install(|| extract_all(&gaz, &docs));
    let odd: Vec<_> = facts
        .iter()
        .flat_map(|f| f.diagnostics.iter().cloned())
        .collect();
    ctx.report_warnings(&odd);
    let mut bytes = Vec::new();
    if args.facts {
        for f in &facts {
            serde_json::to_writer(&mut bytes, f)?;
            bytes.push(b'\n');
        }
    } else {
        serde_json::to_writer_pretty(&mut bytes, &corpus_json(&facts))?;
        bytes.push(b'\n');
    }
    write_output(args.output.as_deref(), &bytes)?;
    if ctx.verbose && !ctx.quiet {
        let n: usize = facts.iter().map(|f| f.statements.len()).sum();
        eprintln!("{} document(s), {n} statement(s)", facts.len());
    }
    Ok(Outcome::Ok)
}
