//! `kg merge`: reads per-document facts (JSON Lines from `kg extract --facts`, possibly
//! produced on several machines in shards) and builds one graph from them. The graph does not
//! depend on the order or grouping of the files; building is the library's.

use std::io::BufRead;

use anyhow::{Context as _, Result};

use newsgraph::diag::Diagnostic;
use newsgraph::extract::DocFacts;
use newsgraph::graph::KnowledgeGraph;

use crate::cli::MergeArgs;
use crate::cmd::{write_graph, Context};
use crate::Outcome;

/// Runs `kg merge`.
pub fn run(ctx: &Context, args: MergeArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let mut facts: Vec<DocFacts> = Vec::new();
    let mut problems: Vec<Diagnostic> = Vec::new();
    for path in &args.files {
        let file = std::fs::File::open(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line =
                line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<DocFacts>(&line) {
                Ok(f) => facts.push(f),
                Err(e) => problems.push(Diagnostic::error_at(
                    path,
                    i + 1,
                    e.column(),
                    format!("not a facts record: {e}"),
                )),
            }
        }
    }
    if !problems.is_empty() {
        for p in &problems {
            eprintln!("{p}");
        }
        anyhow::bail!("{} bad record(s); nothing was written", problems.len());
    }
    let documents = facts.len();
    let graph = KnowledgeGraph::build(&schema, facts);
    write_graph(&args.output, &graph)?;
    if !ctx.quiet {
        let s = graph.summary();
        eprintln!(
            "{documents} document(s): {} entities, {} statements ({} reported by several documents), {} events",
            s.entities.values().sum::<usize>(),
            s.statements,
            s.corroborated,
            s.events
        );
    }
    Ok(Outcome::Ok)
}
