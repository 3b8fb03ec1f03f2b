//! Single-threaded extraction speed, in memory: loads a schema directory and a corpus,
//! compiles the gazetteer, then times `extract` over every document (reading and output
//! left out).
//!
//! Run with `cargo run --release --example bench_extract -- SCHEMAS CORPUS [REPEATS]`
//! (default 3 runs; the best is reported). Prints one line; never asserts on time.

use std::path::PathBuf;
use std::time::Instant;

use newsgraph::corpus::Corpus;
use newsgraph::extract::{extract, Gazetteer};
use newsgraph::schema::Schema;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let schemas = PathBuf::from(args.next().unwrap_or_else(|| "schemas".into()));
    let corpus = PathBuf::from(args.next().unwrap_or_else(|| "data/corpus".into()));
    let repeats: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(3);
    let schema = Schema::load(&schemas)?;
    let t = Instant::now();
    let gaz = Gazetteer::new(&schema);
    let gaz_secs = t.elapsed().as_secs_f64();
    let (docs, _) = Corpus::open(&corpus)?.load_all();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let mut best = f64::INFINITY;
    let mut facts = 0;
    for _ in 0..repeats.max(1) {
        let t = Instant::now();
        facts = docs
            .iter()
            .map(|d| {
                let f = extract(&gaz, d);
                f.mentions.len() + f.statements.len() + f.events.len()
            })
            .sum::<usize>();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "extract entities={} docs={} mb={:.2} facts={facts} gazetteer_secs={gaz_secs:.3} secs={best:.3} mb_per_s={:.2}",
        schema.entities.len(),
        docs.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e6 / best
    );
    Ok(())
}
