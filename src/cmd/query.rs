//! `kg query`: loads a saved graph (or builds one from a corpus), asks it one question
//! through the library's `query` module and prints the answer as a table, JSON or CSV.
//!
//! An ambiguous or unknown name is a problem found (exit 1) with the candidates listed on
//! stderr; the answers themselves are the library's.

use std::path::Path;

use anyhow::{bail, Result};

use newsgraph::corpus::Corpus;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::query::{
    parse_date, parse_edge_kind, render, Direction, Format, Lines, NeighborOptions, Query,
    QueryError, SaidFilter, TopBy,
};
use newsgraph::schema::Schema;

use crate::cli::{QueryArgs, QueryCommand};
use crate::cmd::{read_graph_file, write_output, Context};
use crate::Outcome;

/// The graph file read when neither --graph nor --corpus is given.
const DEFAULT_GRAPH: &str = "graph.json";

/// Most paths printed by `path --all`.
const MAX_PATHS: usize = 1000;

/// Runs `kg query`.
pub fn run(ctx: &Context, args: QueryArgs) -> Result<Outcome> {
    let format = Format::parse(&args.format)?;
    let kg = load_graph(ctx, &args)?;
    let mut lines = Lines::new();
    if let Some(corpus) = &args.corpus {
        index_lines(corpus, &mut lines)?;
    }
    let mut q = Query::new(&kg).with_lines(lines);
    // The schema only adds names (metonyms, entities no document mentions): a saved graph
    // is still queried when the schemas are missing or broken.
    if let Ok(schema) = Schema::load(&ctx.schemas) {
        q = q.with_schema(&schema);
    }
    match answer(&q, args.query, format) {
        Ok(text) => {
            write_output(None, text.as_bytes())?;
            Ok(Outcome::Ok)
        }
        Err(Failure::Query(e)) if e.is_name_problem() => {
            eprintln!("{e}");
            Ok(Outcome::Problems)
        }
        Err(Failure::Query(e)) => Err(e.into()),
        Err(Failure::Other(e)) => Err(e),
    }
}

/// Why no answer was printed.
enum Failure {
    /// A name or an argument value the graph or the query refused.
    Query(QueryError),
    /// Anything else (JSON output).
    Other(anyhow::Error),
}

impl From<QueryError> for Failure {
    fn from(e: QueryError) -> Self {
        Failure::Query(e)
    }
}

impl From<serde_json::Error> for Failure {
    fn from(e: serde_json::Error) -> Self {
        Failure::Other(e.into())
    }
}

/// The graph of `--graph FILE`, or of the corpus of `--corpus DIR` built now.
fn load_graph(ctx: &Context, args: &QueryArgs) -> Result<KnowledgeGraph> {
    match (&args.graph, &args.corpus) {
        (Some(file), _) => read_graph_file(file),
        (None, Some(dir)) => {
            let schema = ctx.load_schema()?;
            let (built, _) = crate::cmd::build::build_graph(ctx, &schema, dir, None)?;
            ctx.report_warnings(&built.warnings);
            Ok(built.graph)
        }
        (None, None) => {
            let default = Path::new(DEFAULT_GRAPH);
            if !default.is_file() {
                bail!("no graph to ask: give --graph FILE (saved by `kg build CORPUS -o FILE`) or --corpus DIR, or run where `kg build -o {DEFAULT_GRAPH}` wrote {DEFAULT_GRAPH}");
            }
            read_graph_file(default)
        }
    }
}

/// Line numbers of the documents of a corpus, for citations as `doc:line`.
fn index_lines(corpus: &Path, lines: &mut Lines) -> Result<()> {
    let corpus = Corpus::open(corpus)?;
    // Unreadable files were already reported by the build (or do not matter for lines).
    for doc in corpus.stream().flatten() {
        lines.add(&doc);
    }
    Ok(())
}

fn answer(q: &Query<'_>, cmd: QueryCommand, format: Format) -> Result<String, Failure> {
    Ok(match cmd {
        QueryCommand::Said {
            speaker,
            about,
            act,
            since,
            until,
        } => {
            let filter = SaidFilter {
                speaker,
                about,
                act,
                since: since.as_deref().map(parse_date).transpose()?,
                until: until.as_deref().map(parse_date).transpose()?,
            };
            render(&q.said(&filter)?, format)?
        }
        QueryCommand::Neighbors {
            entity,
            depth,
            edge,
            direction,
        } => {
            let opts = NeighborOptions {
                depth,
                edge: edge.as_deref().map(parse_edge_kind).transpose()?,
                direction: Direction::parse(&direction)?,
            };
            render(&q.neighbors(&entity, &opts)?, format)?
        }
        QueryCommand::Path {
            from,
            to,
            all,
            max_len,
        } => {
            if all {
                let paths = q.all_paths(&from, &to, max_len, MAX_PATHS)?;
                if paths.len() >= MAX_PATHS {
                    eprintln!("only the first {MAX_PATHS} paths are shown (lower --max-len to see fewer, shorter ones)");
                }
                if paths.is_empty() {
                    eprintln!("no chain of at most {max_len} relation(s) links {from} and {to}");
                }
                render(&paths, format)?
            } else {
                let path = q.path(&from, &to)?;
                if path.is_none() {
                    eprintln!("no chain of relations links {from} and {to}");
                }
                render(&path, format)?
            }
        }
        QueryCommand::Timeline { entity } => render(&q.timeline(entity.as_deref())?, format)?,
        QueryCommand::Entity { entity } => render(&q.entity(&entity)?, format)?,
        QueryCommand::Top { by, limit } => render(&q.top(TopBy::parse(&by)?, limit), format)?,
    })
}
