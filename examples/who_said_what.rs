//! Who said what about an actor, from a folder of articles, with the library alone: load the
//! schemas, extract every document, build the graph, then ask it (the same steps as
//! `kg build` followed by `kg query said --about X`).
//!
//! Run from the project root:
//! `cargo run --example who_said_what -- [ACTOR] [CORPUS_DIR]` (defaults: nato, data/corpus).

use std::path::Path;

use anyhow::{Context as _, Result};

use newsgraph::corpus::Corpus;
use newsgraph::extract::{extract, Gazetteer};
use newsgraph::graph::pipeline::build_corpus;
use newsgraph::query::{Lines, Query, QueryError, SaidFilter};
use newsgraph::schema::Schema;

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let actor = args.next().unwrap_or_else(|| "nato".to_string());
    let dir = args.next().unwrap_or_else(|| "data/corpus".to_string());

    let schema = Schema::load(Path::new("schemas"))
        .map_err(|e| anyhow::anyhow!("{} problem(s) in schemas/", e.diagnostics.len()))?;
    let corpus = Corpus::open(Path::new(&dir)).with_context(|| format!("cannot open {dir}"))?;
    let gazetteer = Gazetteer::new(&schema);
    // The document texts are kept aside only to turn byte spans into line numbers.
    let mut lines = Lines::new();
    let built = build_corpus(
        &schema,
        &corpus,
        |doc| extract(&gazetteer, doc),
        |item| {
            if let Ok(doc) = item {
                lines.add(doc);
            }
        },
    );

    let query = Query::new(&built.graph)
        .with_schema(&schema)
        .with_lines(lines);
    let filter = SaidFilter {
        about: Some(actor.clone()),
        ..SaidFilter::default()
    };
    let rows = match query.said(&filter) {
        Ok(rows) => rows,
        Err(
            e @ (QueryError::Ambiguous { .. }
            | QueryError::Unknown { .. }
            | QueryError::NotInGraph { .. }),
        ) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
        Err(e) => return Err(e.into()),
    };
    println!(
        "{} statement(s) about {actor} in {} document(s):\n",
        rows.len(),
        built.documents
    );
    for r in &rows {
        let date = r
            .date
            .map_or_else(|| "undated".to_string(), |d| d.to_string());
        let source = r
            .evidence
            .first()
            .map_or_else(|| "-".to_string(), ToString::to_string);
        println!(
            "{date}  {} ({}, {}): \"{}\"",
            r.speaker_name, r.act, source, r.text
        );
    }
    Ok(())
}
