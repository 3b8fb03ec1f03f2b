//! Command-line arguments of `kg` (clap). Only argument shapes live here; each subcommand's
//! work is in `cmd/` and the library.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// Builds a knowledge graph of who said what about whom, and who met whom, from news articles.
#[derive(Debug, Parser)]
#[command(name = "kg", version, about, propagate_version = true)]
pub struct Cli {
    /// Print less: only results and errors.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: every warning and, where it applies, details.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// Directory of RON schema files.
    #[arg(long, global = true, default_value = "schemas", value_name = "DIR")]
    pub schemas: PathBuf,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check the schema files and report every problem as path:line:col.
    Check(CheckArgs),
    /// Build the knowledge graph of a corpus; print a summary and optionally save it.
    Build(BuildArgs),
    /// Extract statements, entities and events per document (the gold format with --json).
    Extract(ExtractArgs),
    /// Score an extraction of a corpus against gold annotations.
    Eval(EvalArgs),
    /// Export a graph as DOT, SVG, PNG, GEXF, GraphML, JSON, CSV, Cypher or an HTML story map.
    Export(ExportArgs),
    /// Ask the graph who said what about whom, neighbours, paths, timelines.
    Query(QueryArgs),
    /// Print RON stubs for the actors found in a corpus that the schemas lack.
    Suggest(SuggestArgs),
    /// Merge per-document facts (from `kg extract --facts`) into one graph.
    Merge(MergeArgs),
}

/// `kg check`
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Schema directory to check (defaults to --schemas).
    pub dir: Option<PathBuf>,
}

/// `kg build`
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Corpus: a directory of .txt / .jsonl articles, or one such file.
    pub corpus: PathBuf,
    /// Write the graph to this file (JSON), for export and query.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

/// `kg extract`
#[derive(Debug, Args)]
pub struct ExtractArgs {
    /// Corpus: a directory of .txt / .jsonl articles, or one such file.
    pub corpus: PathBuf,
    /// Print the extraction in the gold format (see data/gold/FORMAT.md).
    #[arg(long)]
    pub json: bool,
    /// Print full per-document facts as JSON Lines (input of `kg merge`).
    #[arg(long, conflicts_with = "json")]
    pub facts: bool,
    /// Only this shard of the documents, I/N (1-based), for running on several machines.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<String>,
    /// Write to this file instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    pub threads: Option<usize>,
}

/// `kg eval`
#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Gold annotations (the format of data/gold/FORMAT.md).
    #[arg(long, default_value = "data/gold/seeds.json", value_name = "FILE")]
    pub gold: PathBuf,
    /// Corpus to extract and score.
    #[arg(default_value = "data/corpus")]
    pub corpus: PathBuf,
    /// Score this prediction file (output of `kg extract --json`) instead of extracting.
    #[arg(long, value_name = "FILE")]
    pub prediction: Option<PathBuf>,
    /// Exit 1 when any F1 is below this.
    #[arg(long, value_name = "X")]
    pub min_f1: Option<f64>,
    /// Print the scores as JSON.
    #[arg(long)]
    pub json: bool,
}

/// `kg export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// A saved graph (from `kg build -o`) or a corpus to build one from.
    pub input: PathBuf,
    /// dot, svg, png, gexf, graphml, json, csv, cypher or html (guessed from --output when left out).
    #[arg(short, long)]
    pub format: Option<String>,
    /// Output file (standard output when left out, except for png); for csv, a directory.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// actors (entities and said_about), full (every node kind) or events (actors and events).
    #[arg(long)]
    pub view: Option<String>,
    /// Only the ego network of this entity.
    #[arg(long, value_name = "ENTITY")]
    pub focus: Option<String>,
    /// Radius of the ego network.
    #[arg(long, default_value_t = 1)]
    pub depth: usize,
    /// Only facts on or after this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub since: Option<String>,
    /// Only facts on or before this date.
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub until: Option<String>,
    /// Drop said_about edges lighter than this.
    #[arg(long, default_value_t = 1)]
    pub min_weight: u32,
    /// Only entities of these kinds (comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub kinds: Vec<String>,
    /// Most nodes in a diagram (most connected first); 0 for no cap.
    #[arg(long)]
    pub max_nodes: Option<usize>,
    /// CSV flavour: gephi or neo4j.
    #[arg(long, default_value = "gephi")]
    pub csv: String,
}

/// `kg query`
#[derive(Debug, Args)]
pub struct QueryArgs {
    /// A saved graph (from `kg build -o`); without --graph and --corpus, graph.json in the
    /// current directory.
    #[arg(long, value_name = "FILE")]
    pub graph: Option<PathBuf>,
    /// A corpus to build the graph from on the fly; with --graph, only read to cite
    /// evidence as document:line rather than document@byte-span.
    #[arg(long, value_name = "DIR")]
    pub corpus: Option<PathBuf>,
    /// table, json or csv.
    #[arg(long, default_value = "table", global = true)]
    pub format: String,
    /// The question.
    #[command(subcommand)]
    pub query: QueryCommand,
}

/// The questions `kg query` answers.
#[derive(Debug, Subcommand)]
pub enum QueryCommand {
    /// Statements, date-ordered, filtered by speaker, target, act and dates.
    Said {
        /// Who said it.
        #[arg(long)]
        speaker: Option<String>,
        /// What it is about.
        #[arg(long)]
        about: Option<String>,
        /// The act (assert, warn, deny, ...).
        #[arg(long)]
        act: Option<String>,
        /// On or after this date.
        #[arg(long)]
        since: Option<String>,
        /// On or before this date.
        #[arg(long)]
        until: Option<String>,
    },
    /// The nodes next to an entity (a name, an id, or a node key such as v:...).
    Neighbors {
        /// The entity.
        entity: String,
        /// Radius.
        #[arg(long, default_value_t = 1)]
        depth: usize,
        /// Only edges of this kind: said, about, participated_in, held_in, reported_in,
        /// holds_role, part_of or said_about.
        #[arg(long)]
        edge: Option<String>,
        /// in, out or both.
        #[arg(long, default_value = "both")]
        direction: String,
    },
    /// The shortest chain of relations (said_about, participated_in, part_of, holds_role,
    /// either way) between two actors, with the evidence of each hop.
    Path {
        /// From.
        from: String,
        /// To.
        to: String,
        /// Every simple path instead of the shortest.
        #[arg(long)]
        all: bool,
        /// Longest path with --all.
        #[arg(long, default_value_t = 4)]
        max_len: usize,
    },
    /// Events and statements in date order.
    Timeline {
        /// Only those involving this entity.
        #[arg(long)]
        entity: Option<String>,
    },
    /// Everything known about one entity.
    Entity {
        /// The entity.
        entity: String,
    },
    /// The most active speakers and most talked-about actors.
    Top {
        /// statements (made), mentioned (in the text), about (statements about it) or
        /// pagerank (over who talks about whom).
        #[arg(long, default_value = "statements")]
        by: String,
        /// How many.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
}

/// `kg suggest`
#[derive(Debug, Args)]
pub struct SuggestArgs {
    /// Corpus to scan for actors the schemas lack.
    pub corpus: PathBuf,
    /// Write the stubs to this file (atomically) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// `kg merge`
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Facts files (JSON Lines from `kg extract --facts`); with --combine, part files.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Write the merged graph (with --part, the part) here.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
    /// Merge only the keys of part I of N (1-based): entities by id, statements by speaker,
    /// events by type family, documents by id. Every part reads all the facts.
    #[arg(long, value_name = "I/N", conflicts_with = "combine")]
    pub part: Option<String>,
    /// Combine the part files of `--part 1/N` ... `--part N/N` into the graph.
    #[arg(long)]
    pub combine: bool,
}
