//! `kg merge`: reads per-document facts (JSON Lines from `kg extract --facts`, possibly
//! produced on several machines in shards) and builds one graph from them, folding each
//! record into the graph builder as it is read (so memory follows the merged graph, as in
//! `kg build`, not the facts files). The graph does not depend on the order or grouping of
//! the files; building is the library's.
//!
//! The merge itself can be split by key (`--part I/N` on each machine, then `--combine` of
//! the N part files): each part reads every facts file but keeps only its keys, so the
//! merging work spreads over N machines; `graph::part` says which key goes where.

use std::io::BufRead;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context as _, Result};

use newsgraph::diag::Diagnostic;
use newsgraph::extract::json::parse_shard;
use newsgraph::extract::DocFacts;
use newsgraph::graph::build::Builder;
use newsgraph::graph::compact::Compact;
use newsgraph::graph::part::{combine, Part, PartBuilder, PART_FORMAT, PART_VERSION};
use newsgraph::graph::pipeline::Summary;

use crate::cli::MergeArgs;
use crate::cmd::{write_atomic_with, write_graph, write_graph_with, Context};
use crate::Outcome;

/// Reads every facts record of `files` in order, handing each to `take`; bad records are
/// collected and reported together, and then nothing is written.
fn read_facts(files: &[PathBuf], mut take: impl FnMut(DocFacts) -> Result<()>) -> Result<usize> {
    let mut problems: Vec<Diagnostic> = Vec::new();
    let mut documents = 0usize;
    for path in files {
        let file = std::fs::File::open(path)
            .with_context(|| format!("{}: cannot read", path.display()))?;
        for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
            let line =
                line.with_context(|| format!("{}:{}: cannot read", path.display(), i + 1))?;
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<DocFacts>(&line) {
                Ok(f) => {
                    documents += 1;
                    if problems.is_empty() {
                        take(f)?;
                    }
                }
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
        bail!("{} bad record(s); nothing was written", problems.len());
    }
    Ok(documents)
}

/// Reads a part file written by `kg merge --part`.
fn read_part(path: &Path) -> Result<Part> {
    let bytes = std::fs::read(path).with_context(|| format!("{}: cannot read", path.display()))?;
    #[derive(serde::Deserialize)]
    struct Header {
        format: String,
        version: u32,
    }
    let h: Header = serde_json::from_slice(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: not a part file of `kg merge --part`: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })?;
    if h.format != PART_FORMAT || h.version != PART_VERSION {
        bail!(
            "{}: a {} file of version {}, not a {PART_FORMAT} file of version {PART_VERSION}",
            path.display(),
            h.format,
            h.version
        );
    }
    serde_json::from_slice(&bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}:{}:{}: broken part file: {e}",
            path.display(),
            e.line(),
            e.column()
        )
    })
}

/// Prints what the merged graph holds (its summary is made only when it is printed).
fn summary(ctx: &Context, what: &str, make: impl FnOnce() -> Summary) {
    if !ctx.quiet {
        let s = make();
        eprintln!(
            "{what}: {} entities, {} statements ({} reported by several documents), {} events",
            s.entities.values().sum::<usize>(),
            s.statements,
            s.corroborated,
            s.events
        );
    }
}

/// Runs `kg merge`.
pub fn run(ctx: &Context, args: MergeArgs) -> Result<Outcome> {
    if args.combine {
        let parts = args
            .files
            .iter()
            .map(|p| read_part(p))
            .collect::<Result<Vec<Part>>>()?;
        let n = parts.len();
        let graph = combine(parts)?;
        write_graph(&args.output, &graph)?;
        summary(ctx, &format!("{n} part(s)"), || graph.summary());
        return Ok(Outcome::Ok);
    }
    let schema = ctx.load_schema()?;
    if let Some(spec) = &args.part {
        let Some((i, n)) = parse_shard(spec) else {
            bail!("--part {spec}: expected I/N with 1 <= I <= N")
        };
        let (i, n) = (
            u32::try_from(i).context("--part: too large")?,
            u32::try_from(n).context("--part: too large")?,
        );
        let mut b = PartBuilder::new(i, n)?;
        let documents = read_facts(&args.files, |f| Ok(b.add(&schema, f)?))?;
        // Written node by node from the compact part: its nodes and edges are never all held.
        let part = b.finish_compact(&schema);
        write_atomic_with(&args.output, |w| {
            serde_json::to_writer(&mut *w, &part).map_err(|e| {
                if e.is_io() {
                    anyhow::Error::from(std::io::Error::from(e))
                } else {
                    anyhow::Error::from(e).context("cannot serialize the part")
                }
            })?;
            w.write_all(b"\n")?;
            Ok(())
        })?;
        if !ctx.quiet {
            let [entities, statements, events, docs, edges] = part.counts();
            eprintln!(
                "part {i}/{n} of {documents} document(s): {entities} entities, {statements} statements, {events} events, {docs} documents, {edges} edges"
            );
        }
        return Ok(Outcome::Ok);
    }
    // Each record is folded into the builder as it is read, so only the merged facts are
    // held, not every record. Documents with distinct ids give the same graph in any order;
    // when some share an id, their order is settled by sorting them all by content
    // (`Compact::build`), so the files are read again, whole.
    let mut builder = Builder::new();
    let documents = read_facts(&args.files, |f| {
        builder.add_doc(&schema, f);
        Ok(())
    })?;
    let graph = if builder.has_shared_ids() {
        drop(builder);
        let mut facts: Vec<DocFacts> = Vec::new();
        read_facts(&args.files, |f| {
            facts.push(f);
            Ok(())
        })?;
        Compact::build(&schema, facts)
    } else {
        builder.finish_compact(&schema)
    };
    // Saved from the compact form, as `kg build` saves it: the petgraph graph is not made.
    write_graph_with(&args.output, |w| graph.save_to(w))?;
    summary(ctx, &format!("{documents} document(s)"), || graph.summary());
    Ok(Outcome::Ok)
}
