//! `kg-bench`: generates benchmark inputs (a news-like corpus of any size, a synthetic
//! dictionary of N persons) and measures newsgraph on them: corpus reading, the raw
//! aho-corasick scan, extraction, the whole build, exports and queries, with peak memory.
//!
//! Every measurement prints one human line and one `RESULT key=value ...` line for scripts.
//! Build it in release: `cargo build --release --bin kg-bench`. What the numbers mean and the
//! targets they are held to are in BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

use newsgraph::corpus::Corpus;
use newsgraph::gen::{
    self, par_map_ordered, with_prefetch, CorpusFormat, CorpusGen, DictionarySpec, Scanner,
    DEFAULT_CHUNK,
};
use newsgraph::schema::Schema;

/// Prints a line on stdout; a closed pipe (`| head`) ends the program quietly.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            std::process::exit(0);
        }
    }};
}

/// Documents read ahead of the workers.
const PREFETCH: usize = 2 * DEFAULT_CHUNK;

/// Benchmark inputs and measurements for newsgraph.
#[derive(Debug, Parser)]
#[command(name = "kg-bench")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write a news-like corpus of about SIZE bytes of text from the schema's entities.
    GenCorpus {
        /// Schema directory whose persons, states, places and cues the articles use.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Text size, e.g. 10MB, 1GB (decimal units).
        #[arg(long)]
        size: String,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// JSON Lines parts instead of one .txt file per article.
        #[arg(long)]
        jsonl: bool,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Write a schema directory with N invented persons plus the base schema's files.
    GenSchema {
        /// Number of persons.
        #[arg(long)]
        persons: usize,
        /// Output directory.
        #[arg(long)]
        out: PathBuf,
        /// Schema directory copied in (ontology, lexicon, entities).
        #[arg(long, default_value = "schemas")]
        base: PathBuf,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Read the corpus as a stream and drop each document (the cost of I/O and parsing).
    Read {
        /// Corpus directory or file.
        corpus: PathBuf,
    },
    /// Count matches of one aho-corasick automaton over every name of the schema.
    Scan {
        /// Schema directory.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Corpus directory or file.
        corpus: PathBuf,
        /// Worker threads (1 = no rayon).
        #[arg(short = 'j', long, default_value_t = 1)]
        threads: usize,
        /// Read the whole corpus first and time the scan alone (the speed of light).
        #[arg(long)]
        in_memory: bool,
    },
    /// Time loading and checking a schema directory.
    Schema {
        /// Schema directory.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
    },
}

fn main() {
    if let Err(e) = run(Cli::parse()) {
        eprintln!("kg-bench: {e:#}");
        std::process::exit(2);
    }
}

fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::GenCorpus {
            schemas,
            size,
            out,
            jsonl,
            seed,
        } => {
            let Some(bytes) = gen::parse_size(&size) else {
                bail!("--size {size}: expected a size such as 100MB or 1GB")
            };
            let schema = load_schema(&schemas)?;
            let g = CorpusGen::new(&schema, seed)?;
            let t = Instant::now();
            let format = if jsonl {
                CorpusFormat::Jsonl
            } else {
                CorpusFormat::Txt
            };
            let s = gen::write_corpus(&g, &out, bytes, format)
                .with_context(|| format!("{}: cannot write corpus", out.display()))?;
            let secs = t.elapsed().as_secs_f64();
            say!(
                "gen-corpus: {} articles, {:.1} MB of text, {} file(s) in {} ({secs:.1}s)",
                s.articles,
                mb(s.text_bytes),
                s.files,
                out.display()
            );
        }
        Command::GenSchema {
            persons,
            out,
            base,
            seed,
        } => {
            let t = Instant::now();
            let s = gen::write_dictionary(
                &DictionarySpec {
                    persons,
                    seed,
                    base,
                },
                &out,
            )
            .with_context(|| format!("{}: cannot write schema", out.display()))?;
            say!(
                "gen-schema: {} persons, {} states, {} entity file(s) in {} ({:.1}s)",
                s.persons,
                s.states,
                s.files,
                out.display(),
                t.elapsed().as_secs_f64()
            );
        }
        Command::Read { corpus } => {
            let c = open_corpus(&corpus)?;
            let t = Instant::now();
            let (mut docs, mut bytes, mut warnings) = (0u64, 0u64, 0u64);
            for item in c.stream() {
                match item {
                    Ok(d) => {
                        docs += 1;
                        bytes += d.text.len() as u64;
                    }
                    Err(_) => warnings += 1,
                }
            }
            report(
                "read",
                1,
                docs,
                bytes,
                t.elapsed().as_secs_f64(),
                &format!("warnings={warnings}"),
            );
        }
        Command::Scan {
            schemas,
            corpus,
            threads,
            in_memory,
        } => {
            let schema = load_schema(&schemas)?;
            let t = Instant::now();
            let scanner = Scanner::new(&schema)?;
            let build = t.elapsed().as_secs_f64();
            let c = open_corpus(&corpus)?;
            let count = |d: &newsgraph::corpus::Document| (d.text.len(), scanner.count(&d.text));
            let (docs, bytes, matches, secs) = if in_memory {
                let (all, _) = c.load_all();
                with_threads(threads, || {
                    use rayon::prelude::*;
                    let t = Instant::now();
                    let counts: Vec<(usize, usize)> = all.par_iter().map(count).collect();
                    let secs = t.elapsed().as_secs_f64();
                    let bytes: usize = counts.iter().map(|c| c.0).sum();
                    let matches: usize = counts.iter().map(|c| c.1).sum();
                    (counts.len() as u64, bytes as u64, matches as u64, secs)
                })?
            } else {
                with_threads(threads, || {
                    let t = Instant::now();
                    let (mut docs, mut bytes, mut matches) = (0u64, 0u64, 0u64);
                    with_prefetch(
                        || c.stream(),
                        PREFETCH,
                        |items| {
                            let counts = par_map_ordered(items, DEFAULT_CHUNK, |item| {
                                item.ok().map(|d| count(&d))
                            });
                            for (len, n) in counts.flatten() {
                                docs += 1;
                                bytes += len as u64;
                                matches += n as u64;
                            }
                        },
                    );
                    (docs, bytes, matches, t.elapsed().as_secs_f64())
                })?
            };
            report(
                if in_memory { "scan-in-memory" } else { "scan" },
                threads,
                docs,
                bytes,
                secs,
                &format!(
                    "patterns={} matches={matches} automaton_secs={build:.3}",
                    scanner.patterns()
                ),
            );
        }
        Command::Schema { schemas } => {
            let t = Instant::now();
            let schema = load_schema(&schemas)?;
            let secs = t.elapsed().as_secs_f64();
            say!(
                "schema: {} entities loaded and checked in {secs:.2}s",
                schema.entities.len()
            );
            say!(
                "RESULT what=schema entities={} secs={secs:.3} peak_mb={:.0}",
                schema.entities.len(),
                peak_mb()
            );
        }
    }
    Ok(())
}

fn load_schema(dir: &Path) -> Result<Schema> {
    Schema::load(dir).map_err(|e| {
        let shown: Vec<String> = e
            .diagnostics
            .iter()
            .take(5)
            .map(ToString::to_string)
            .collect();
        anyhow::anyhow!("{}: {e}: {}", dir.display(), shown.join("; "))
    })
}

fn open_corpus(path: &Path) -> Result<Corpus> {
    Ok(Corpus::open(path)?)
}

/// Runs `f` on a rayon pool of `n` threads.
fn with_threads<T: Send>(n: usize, f: impl FnOnce() -> T + Send) -> Result<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(n.max(1))
        .build()?;
    Ok(pool.install(f))
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

/// Peak resident memory of this process so far, in MB (VmHWM), or 0 where /proc is absent.
fn peak_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1000.0)
}

/// Prints one measurement: a line for people and a RESULT line for scripts.
fn report(what: &str, threads: usize, docs: u64, bytes: u64, secs: f64, extra: &str) {
    let secs = secs.max(1e-9);
    let mbps = mb(bytes) / secs;
    let dps = docs as f64 / secs;
    let peak = peak_mb();
    say!(
        "{what}: {docs} articles, {:.1} MB in {secs:.2}s = {mbps:.1} MB/s, {dps:.0} articles/s, {threads} thread(s), peak RSS {peak:.0} MB; {extra}",
        mb(bytes)
    );
    say!("RESULT what={what} threads={threads} docs={docs} mb={:.2} secs={secs:.3} mb_per_s={mbps:.2} docs_per_s={dps:.1} peak_mb={peak:.0} {extra}", mb(bytes));
}
