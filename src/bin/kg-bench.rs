//! `kg-bench`: generates benchmark inputs (a news-like corpus of any size, a synthetic
//! dictionary of N persons) and measures newsgraph on them: corpus reading, the raw
//! aho-corasick scan, extraction, the whole build, exports and queries, with peak memory; and
//! the time per MB of extracting hostile documents (no sentence stops, quotation marks only,
//! binary junk...) of growing size.
//!
//! Every measurement prints one human line and one `RESULT key=value ...` line for scripts.
//! Build it in release: `cargo build --release --bin kg-bench`. What the numbers mean and the
//! targets they are held to are in BENCHMARKS.md.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};

use newsgraph::corpus::Corpus;
use newsgraph::diag::Span;
use newsgraph::export::{export, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::extract::StatementKind;
use newsgraph::extract::{extract, DocFacts, Gazetteer};
use newsgraph::gen::{
    self, par_map_ordered, with_prefetch, CorpusFormat, CorpusGen, DictionarySpec, Scanner,
    DEFAULT_CHUNK,
};
use newsgraph::graph::compact::Compact;
use newsgraph::graph::pipeline::{build_compact_until, build_corpus};
use newsgraph::graph::{
    DocumentNode, Edge, EdgeKind, EntityNode, KnowledgeGraph, Node, Provenance, StatementNode,
};
use newsgraph::schema::{EntityId, Schema};

/// jemalloc holds less memory than the system allocator on a build's millions of small
/// records, and is faster (BENCHMARKS.md, "Allocator").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

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
        /// Article i reprints article i mod N (the graph stops growing after N articles).
        #[arg(long, value_name = "N")]
        repeat_every: Option<u64>,
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
    /// Extract every document (streamed, rayon over chunks, results in order) and count facts.
    Extract {
        /// Schema directory.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Corpus directory or file.
        corpus: PathBuf,
        /// Worker threads.
        #[arg(short = 'j', long, default_value_t = 1)]
        threads: usize,
        /// Read the whole corpus first and time extraction alone.
        #[arg(long)]
        in_memory: bool,
    },
    /// The whole build: corpus stream -> extraction -> graph, as `kg build` runs it
    /// (`graph::pipeline::build_corpus`), or with --stages through this harness's own
    /// pipeline (read-ahead thread, facts timed apart from the graph).
    Build {
        /// Schema directory.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Corpus directory or file.
        corpus: PathBuf,
        /// Worker threads.
        #[arg(short = 'j', long, default_value_t = 2)]
        threads: usize,
        /// Time extraction and graph building apart, reading ahead on a thread.
        #[arg(long)]
        stages: bool,
        /// Also save the graph (to measure the graph file's size and time).
        #[arg(long)]
        save: Option<PathBuf>,
        /// Make the petgraph graph (what `kg export CORPUS` and `kg query --corpus` hold)
        /// instead of the compact graph `kg build` saves. `--stages` always makes it.
        #[arg(long)]
        petgraph: bool,
    },
    /// Export synthetic graphs of E said_about edges in DOT, GEXF, CSV and JSON.
    Export {
        /// Edge counts, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "10000,100000,1000000")]
        edges: Vec<usize>,
        /// Formats, comma-separated.
        #[arg(long, value_delimiter = ',', default_value = "dot,gexf,csv,json")]
        formats: Vec<String>,
    },
    /// Make a synthetic graph whose actors view has N nodes and E said_about edges (skewed
    /// speakers, as in news), save it, and time its story map (`kg export --format html`).
    StoryMap {
        /// Entities.
        #[arg(long, default_value_t = 5000)]
        nodes: usize,
        /// Distinct said_about edges (speaker, subject).
        #[arg(long, default_value_t = 50000)]
        edges: usize,
        /// Where to save the graph (for `kg export`).
        #[arg(long)]
        graph: Option<PathBuf>,
        /// Where to write the story map.
        #[arg(long)]
        html: Option<PathBuf>,
    },
    /// Time extraction of one hostile document of each kind (no sentence stop, quotation
    /// marks only, one 10 MB line, binary junk...) at each size: time per MB should be flat.
    Hostile {
        /// Schema directory whose names, titles, places and cues the documents use.
        #[arg(long, default_value = "schemas")]
        schemas: PathBuf,
        /// Sizes, comma-separated (decimal units).
        #[arg(long, value_delimiter = ',', default_value = "100KB,1MB,10MB")]
        sizes: Vec<String>,
        /// Kinds, comma-separated (default: all of them).
        #[arg(long, value_delimiter = ',')]
        kinds: Vec<String>,
        /// Skip the larger sizes of a kind once one document took longer than this.
        #[arg(long, default_value_t = 60.0)]
        max_secs: f64,
        /// Seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
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
            repeat_every,
            seed,
        } => {
            let Some(bytes) = gen::parse_size(&size) else {
                bail!("--size {size}: expected a size such as 100MB or 1GB")
            };
            let schema = load_schema(&schemas)?;
            let g = CorpusGen::new(&schema, seed)?.with_repeat(repeat_every);
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
        Command::Extract {
            schemas,
            corpus,
            threads,
            in_memory,
        } => bench_extract(&schemas, &corpus, threads, in_memory)?,
        Command::Build {
            schemas,
            corpus,
            threads,
            stages,
            save,
            petgraph,
        } => bench_build(
            &schemas,
            &corpus,
            threads,
            stages,
            petgraph,
            save.as_deref(),
        )?,
        Command::Export { edges, formats } => bench_export(&edges, &formats)?,
        Command::StoryMap {
            nodes,
            edges,
            graph,
            html,
        } => bench_story_map(nodes, edges, graph.as_deref(), html.as_deref())?,
        Command::Hostile {
            schemas,
            sizes,
            kinds,
            max_secs,
            seed,
        } => bench_hostile(&schemas, &sizes, &kinds, max_secs, seed)?,
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

/// Facts counted over a run.
#[derive(Debug, Default, Clone, Copy)]
struct Counts {
    docs: u64,
    bytes: u64,
    mentions: u64,
    statements: u64,
    events: u64,
}

impl Counts {
    fn add(&mut self, bytes: usize, f: &DocFacts) {
        self.docs += 1;
        self.bytes += bytes as u64;
        self.mentions += f.mentions.len() as u64;
        self.statements += f.statements.len() as u64;
        self.events += f.events.len() as u64;
    }

    fn extra(&self) -> String {
        format!(
            "mentions={} statements={} events={}",
            self.mentions, self.statements, self.events
        )
    }
}

fn bench_extract(schemas: &Path, corpus: &Path, threads: usize, in_memory: bool) -> Result<()> {
    let schema = load_schema(schemas)?;
    let t = Instant::now();
    let gaz = Gazetteer::new(&schema);
    let gaz_secs = t.elapsed().as_secs_f64();
    let c = open_corpus(corpus)?;
    let (counts, secs) = if in_memory {
        let (all, _) = c.load_all();
        with_threads(threads, || {
            use rayon::prelude::*;
            let t = Instant::now();
            let facts: Vec<(usize, DocFacts)> = all
                .par_iter()
                .map(|d| (d.text.len(), extract(&gaz, d)))
                .collect();
            let secs = t.elapsed().as_secs_f64();
            let mut counts = Counts::default();
            for (n, f) in &facts {
                counts.add(*n, f);
            }
            (counts, secs)
        })?
    } else {
        with_threads(threads, || {
            let t = Instant::now();
            let mut counts = Counts::default();
            with_prefetch(
                || c.stream(),
                PREFETCH,
                |items| {
                    let facts = par_map_ordered(items, DEFAULT_CHUNK, |item| {
                        item.ok().map(|d| (d.text.len(), extract(&gaz, &d)))
                    });
                    for (n, f) in facts.flatten() {
                        counts.add(n, &f);
                    }
                },
            );
            (counts, t.elapsed().as_secs_f64())
        })?
    };
    let what = if in_memory {
        "extract-in-memory"
    } else {
        "extract"
    };
    report(
        what,
        threads,
        counts.docs,
        counts.bytes,
        secs,
        &format!("{} gazetteer_secs={gaz_secs:.3}", counts.extra()),
    );
    Ok(())
}

fn bench_hostile(
    schemas: &Path,
    sizes: &[String],
    kinds: &[String],
    max_secs: f64,
    seed: u64,
) -> Result<()> {
    use newsgraph::gen::hostile::{HostileGen, Kind};
    let schema = load_schema(schemas)?;
    let gaz = Gazetteer::new(&schema);
    let hg = HostileGen::new(&schema, seed);
    let mut bytes = Vec::new();
    for s in sizes {
        match gen::parse_size(s).and_then(|b| usize::try_from(b).ok()) {
            Some(b) => bytes.push(b),
            None => bail!("bad size {s:?} (e.g. 100KB, 1MB)"),
        }
    }
    let kinds: Vec<Kind> = if kinds.is_empty() {
        Kind::ALL.to_vec()
    } else {
        kinds
            .iter()
            .map(|k| Kind::parse(k).with_context(|| format!("unknown kind {k:?}")))
            .collect::<Result<_>>()?
    };
    say!("| kind | size | ms | ms/MB | ratio to previous size | statements | diagnostics |");
    say!("|---|---|---|---|---|---|---|");
    for k in kinds {
        let mut prev: Option<f64> = None;
        for &size in &bytes {
            let doc = hg.document(k, size);
            let n = doc.text.len();
            let t = Instant::now();
            let f = extract(&gaz, &doc);
            let secs = t.elapsed().as_secs_f64();
            let ms = secs * 1000.0;
            let per_mb = ms / mb(n as u64).max(1e-9);
            let ratio = prev.map_or("-".to_string(), |p| format!("{:.2}", per_mb / p.max(1e-9)));
            say!(
                "| {} | {} | {ms:.1} | {per_mb:.1} | {ratio} | {} | {} |",
                k.name(),
                human(n),
                f.statements.len(),
                f.diagnostics.len()
            );
            say!(
                "RESULT what=hostile kind={} bytes={n} ms={ms:.3} ms_per_mb={per_mb:.3} ratio={ratio} mentions={} statements={} events={} diagnostics={}",
                k.name(),
                f.mentions.len(),
                f.statements.len(),
                f.events.len(),
                f.diagnostics.len()
            );
            prev = Some(per_mb);
            if secs > max_secs {
                say!(
                    "| {} | larger sizes skipped (over {max_secs} s) | | | | | |",
                    k.name()
                );
                break;
            }
        }
    }
    Ok(())
}

/// A size in decimal units, as the sizes are given.
fn human(n: usize) -> String {
    if n >= 1_000_000 {
        format!("{:.0} MB", n as f64 / 1e6)
    } else {
        format!("{:.0} KB", n as f64 / 1e3)
    }
}

/// A built graph, in either form.
enum BuiltGraph {
    Full(KnowledgeGraph),
    Compact(Box<Compact>),
}

fn bench_build(
    schemas: &Path,
    corpus: &Path,
    threads: usize,
    stages: bool,
    petgraph: bool,
    save: Option<&Path>,
) -> Result<()> {
    let schema = load_schema(schemas)?;
    let gaz = Gazetteer::new(&schema);
    let c = open_corpus(corpus)?;
    let t = Instant::now();
    let (graph, docs, bytes, extra) = if stages {
        with_threads(threads, || {
            let mut counts = Counts::default();
            let mut facts = Vec::new();
            with_prefetch(
                || c.stream(),
                PREFETCH,
                |items| {
                    let out = par_map_ordered(items, DEFAULT_CHUNK, |item| {
                        item.ok().map(|d| (d.text.len(), extract(&gaz, &d)))
                    });
                    for (n, f) in out.flatten() {
                        counts.add(n, &f);
                        facts.push(f);
                    }
                },
            );
            let extract_secs = t.elapsed().as_secs_f64();
            let peak_facts = peak_mb();
            let t2 = Instant::now();
            let graph = KnowledgeGraph::build(&schema, facts);
            let graph_secs = t2.elapsed().as_secs_f64();
            let extra = format!(
                "{} extract_secs={extract_secs:.3} graph_secs={graph_secs:.3} peak_mb_after_extract={peak_facts:.0}",
                counts.extra()
            );
            (BuiltGraph::Full(graph), counts.docs, counts.bytes, extra)
        })?
    } else if petgraph {
        let built = with_threads(threads, || {
            build_corpus(&schema, &c, |d| extract(&gaz, d), |_| {})
        })?;
        (
            BuiltGraph::Full(built.graph),
            built.documents as u64,
            built.bytes,
            format!("graph=petgraph warnings={}", built.warnings.len()),
        )
    } else {
        let never = std::sync::atomic::AtomicBool::new(false);
        let built = with_threads(threads, || {
            build_compact_until(&schema, &c, |d| extract(&gaz, d), |_| {}, &never)
        })?
        .map_err(|e| anyhow::anyhow!("{e}"))?;
        (
            BuiltGraph::Compact(Box::new(built.graph)),
            built.documents as u64,
            built.bytes,
            format!("graph=compact warnings={}", built.warnings.len()),
        )
    };
    let secs = t.elapsed().as_secs_f64();
    let (nodes, edges) = match &graph {
        BuiltGraph::Full(g) => (g.graph.node_count(), g.graph.edge_count()),
        BuiltGraph::Compact(g) => {
            let s = g.summary();
            let nodes = s.entities.values().sum::<usize>() + s.statements + s.events + s.documents;
            (nodes, s.edges.values().sum::<usize>())
        }
    };
    let mut extra = format!("{extra} nodes={nodes} edges={edges}");
    if let BuiltGraph::Compact(g) = &graph {
        for (part, bytes) in g.memory() {
            extra.push_str(&format!(" {part}_mb={:.1}", mb(bytes as u64)));
        }
    }
    if let Some(path) = save {
        let t = Instant::now();
        // Streamed to the file as `kg build -o` writes it, not held as one string.
        let cannot = || format!("{}: cannot write", path.display());
        let mut w = std::io::BufWriter::new(std::fs::File::create(path).with_context(cannot)?);
        match &graph {
            BuiltGraph::Full(g) => g.save_to(&mut w)?,
            BuiltGraph::Compact(g) => g.save_to(&mut w)?,
        }
        std::io::Write::flush(&mut w).with_context(cannot)?;
        let len = std::fs::metadata(path).with_context(cannot)?.len();
        extra.push_str(&format!(
            " save_secs={:.3} graph_file_mb={:.1}",
            t.elapsed().as_secs_f64(),
            mb(len)
        ));
    }
    report(
        if stages { "build-stages" } else { "build" },
        threads,
        docs,
        bytes,
        secs,
        &extra,
    );
    Ok(())
}

/// A graph whose full view has about `edges` edges: `edges / 4` statements (each with a
/// speaker, one entity it is about and a document: said, about, reported_in, plus the
/// said_about projection), `edges / 40` persons and `edges / 40` documents, as a large build
/// would give.
fn synthetic_graph(edges: usize) -> KnowledgeGraph {
    let statements = (edges / 4).max(1);
    let n = (edges / 40).max(2);
    let docs = (edges / 40).max(1);
    let mut g = KnowledgeGraph::new();
    let mut rng = gen::Rng::new(42);
    let base = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    let date = |k: usize| base + chrono::Duration::days((k % 700) as i64);
    let people: Vec<_> = (0..n)
        .map(|i| {
            let id = format!("person_{i:07}");
            let node = EntityNode {
                id: EntityId::slug_of(&id),
                kind: "person".into(),
                name: format!("Person {i}"),
                aliases: Vec::new(),
                gender: None,
                roles: Vec::new(),
                states: Vec::new(),
                provisional: false,
                mentions: Vec::new(),
            };
            (node.id.clone(), g.add_node(Node::Entity(Box::new(node))))
        })
        .collect();
    let documents: Vec<_> = (0..docs)
        .map(|i| {
            g.add_node(Node::Document(DocumentNode {
                id: format!("d{i:07}"),
                title: Some(format!("Article {i} on talks & \"sanctions\" <draft>")),
                date: Some(date(i)),
                outlet: Some("Example Wire".into()),
                url: Some(format!("https://news.example/{i}")),
            }))
        })
        .collect();
    let acts = ["assert", "warn", "deny", "demand", "propose"];
    for k in 0..statements {
        let (speaker, six) = people[rng.below(n)].clone();
        let (about, aix) = people[rng.below(n)].clone();
        let doc = rng.below(docs);
        let st = StatementNode {
            key: format!("st{k:08}").into(),
            speaker,
            kind: StatementKind::Direct,
            cue: "said".into(),
            act: acts[rng.below(acts.len())].into(),
            text: format!("We will not accept statement number {k} about \"this\" & that").into(),
            about: Box::new([about]),
            relays: Box::default(),
            date: Some(date(doc)),
            sources: Box::new([Provenance::new(
                format!("d{doc:07}"),
                Span::new(k % 1000, k % 1000 + 40),
                (k % 30) as u32 + 1,
            )]),
        };
        let ix = g.add_node(Node::Statement(st));
        g.add_edge(six, ix, Edge::new(EdgeKind::Said));
        g.add_edge(ix, aix, Edge::new(EdgeKind::About));
        g.add_edge(ix, documents[doc], Edge::new(EdgeKind::ReportedIn));
    }
    g
}

/// A graph of `nodes` entities (persons, countries, organizations in turn) and statements
/// until the actors view has `edges` distinct (speaker, subject) pairs; speakers are skewed
/// towards low numbers (a few voices say most), subjects uniform; dates over two years.
fn story_map_graph(nodes: usize, edges: usize) -> KnowledgeGraph {
    let n = nodes.max(2);
    let edges = edges.min(n * (n - 1));
    let docs = (edges / 40).max(1);
    let mut g = KnowledgeGraph::new();
    let mut rng = gen::Rng::new(7);
    let base = chrono::NaiveDate::from_ymd_opt(2021, 1, 1).unwrap_or_default();
    let date = |k: usize| base + chrono::Duration::days((k % 700) as i64);
    let kinds = ["person", "person", "country", "organization", "body"];
    let ids: Vec<EntityId> = (0..n)
        .map(|i| {
            let node = EntityNode {
                id: EntityId::slug_of(&format!("entity_{i:07}")),
                kind: kinds[i % kinds.len()].into(),
                name: format!("Entity {i}"),
                aliases: vec![format!("E{i}")],
                gender: None,
                roles: Vec::new(),
                states: Vec::new(),
                provisional: false,
                mentions: Vec::new(),
            };
            let id = node.id.clone();
            g.add_node(Node::Entity(Box::new(node)));
            id
        })
        .collect();
    for i in 0..docs {
        g.add_node(Node::Document(DocumentNode {
            id: format!("d{i:07}"),
            title: Some(format!("Article {i}")),
            date: Some(date(i)),
            outlet: Some("Example Wire".into()),
            url: Some(format!("https://news.example/{i}")),
        }));
    }
    let acts = [
        "assert",
        "warn",
        "deny",
        "demand",
        "propose",
        "criticize",
        "confirm",
    ];
    let mut pairs = std::collections::HashSet::new();
    let mut k = 0usize;
    while pairs.len() < edges {
        let speaker = rng.below(n).min(rng.below(n)).min(rng.below(n));
        let about = rng.below(n);
        if speaker == about {
            continue;
        }
        pairs.insert((speaker, about));
        let doc = rng.below(docs);
        g.add_node(Node::Statement(StatementNode {
            key: format!("st{k:08}").into(),
            speaker: ids[speaker].clone(),
            kind: StatementKind::Direct,
            cue: "said".into(),
            act: acts[rng.below(acts.len())].into(),
            text: format!("Statement number {k}, on the talks and the sanctions.").into(),
            about: Box::new([ids[about].clone()]),
            relays: Box::default(),
            date: Some(date(doc)),
            sources: Box::new([Provenance::new(
                format!("d{doc:07}"),
                Span::new(k % 1000, k % 1000 + 40),
                (k % 30) as u32 + 1,
            )]),
        }));
        k += 1;
    }
    g
}

fn bench_story_map(
    nodes: usize,
    edges: usize,
    graph: Option<&Path>,
    html: Option<&Path>,
) -> Result<()> {
    let t = Instant::now();
    let g = story_map_graph(nodes, edges);
    let make = t.elapsed().as_secs_f64();
    if let Some(path) = graph {
        std::fs::write(path, g.save()?)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let opts = Options::default();
    let t = Instant::now();
    let (out, view) = export(&g, Format::Html, &opts, CsvFlavor::Gephi)?;
    let secs = t.elapsed().as_secs_f64();
    let Output::File(bytes) = out else {
        bail!("the story map is one file")
    };
    if let Some(path) = html {
        std::fs::write(path, &bytes)
            .with_context(|| format!("{}: cannot write", path.display()))?;
    }
    say!(
        "RESULT what=story_map nodes={} edges={} secs={secs:.3} out_mb={:.1} graph_secs={make:.3} peak_mb={:.0}",
        view.nodes.len(),
        view.edges.len(),
        mb(bytes.len() as u64),
        peak_mb()
    );
    Ok(())
}

fn bench_export(edges: &[usize], formats: &[String]) -> Result<()> {
    for &n in edges {
        let t = Instant::now();
        let g = synthetic_graph(n);
        let make = t.elapsed().as_secs_f64();
        for name in formats {
            let Some(format) = Format::from_name(name) else {
                bail!("unknown format {name}")
            };
            // No node cap: the whole graph, which is what a file for Gephi holds.
            let opts = Options {
                view: ViewKind::Full,
                max_nodes: Some(0),
                ..Options::default()
            };
            let t = Instant::now();
            let (out, view) = export(&g, format, &opts, CsvFlavor::Gephi)?;
            let secs = t.elapsed().as_secs_f64();
            let size: usize = match &out {
                Output::File(b) => b.len(),
                Output::Files(fs) => fs.iter().map(|(_, b)| b.len()).sum(),
            };
            say!(
                "export {name}: {} edges, {} nodes in {secs:.2}s, {:.1} MB, peak RSS {:.0} MB",
                view.edges.len(),
                view.nodes.len(),
                mb(size as u64),
                peak_mb()
            );
            say!(
                "RESULT what=export format={name} edges={} nodes={} secs={secs:.3} out_mb={:.1} graph_secs={make:.3} peak_mb={:.0}",
                view.edges.len(),
                view.nodes.len(),
                mb(size as u64),
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
