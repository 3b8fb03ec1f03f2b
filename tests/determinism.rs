//! Parallel builds are deterministic: the same generated corpus built with 1 and with 2 rayon
//! threads gives byte-identical graph files, JSON / GEXF exports and story maps, through
//! `kg build`'s pipeline and through the benchmark harness's streaming pipeline alike.
//!
//! The corpus and dictionary come from `newsgraph::gen` (seeded), kept small so the test is
//! fast in a debug build; speed itself is measured by `kg-bench`, never here.

use std::path::{Path, PathBuf};

use newsgraph::corpus::Corpus;
use newsgraph::export::{export, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::extract::{extract, Gazetteer};
use newsgraph::gen::{
    par_map_ordered, with_prefetch, write_corpus, write_dictionary, CorpusFormat, CorpusGen,
    DictionarySpec,
};
use newsgraph::graph::pipeline::build_corpus;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::schema::Schema;

/// A generated schema (the shipped one plus invented persons) and corpus, in `dir`.
fn fixture(dir: &Path, format: CorpusFormat) -> (Schema, PathBuf) {
    let schemas = dir.join("schemas");
    let base = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas");
    write_dictionary(
        &DictionarySpec {
            persons: 120,
            seed: 7,
            base,
        },
        &schemas,
    )
    .expect("dictionary");
    let schema = Schema::load(&schemas).expect("generated schema loads");
    let corpus = dir.join("corpus");
    let g = CorpusGen::new(&schema, 7).expect("generator");
    write_corpus(&g, &corpus, 60_000, format).expect("corpus");
    (schema, corpus)
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

/// The graph file, the full view as JSON and GEXF, and the story map.
fn outputs(g: &KnowledgeGraph) -> Vec<(&'static str, Vec<u8>)> {
    let opts = Options {
        view: ViewKind::Full,
        max_nodes: Some(0),
        ..Options::default()
    };
    let mut out = vec![("graph", g.save().expect("save"))];
    for (name, format) in [("json", Format::Json), ("gexf", Format::Gexf)] {
        match export(g, format, &opts, CsvFlavor::Gephi)
            .expect("export")
            .0
        {
            Output::File(bytes) => out.push((name, bytes)),
            Output::Files(_) => panic!("{name} is one file"),
        }
    }
    // The story map of the actors view (its layout included).
    let actors = Options {
        max_nodes: Some(0),
        ..Options::default()
    };
    match export(g, Format::Html, &actors, CsvFlavor::Gephi)
        .expect("export")
        .0
    {
        Output::File(bytes) => out.push(("html", bytes)),
        Output::Files(_) => panic!("html is one file"),
    }
    out
}

fn build_with(threads: usize, schema: &Schema, corpus: &Path) -> KnowledgeGraph {
    let gaz = Gazetteer::new(schema);
    let corpus = Corpus::open(corpus).expect("corpus");
    let built =
        pool(threads).install(|| build_corpus(schema, &corpus, |d| extract(&gaz, d), |_| {}));
    assert!(
        built.warnings.iter().all(|w| !w.is_error()),
        "{:?}",
        built.warnings
    );
    built.graph
}

/// The harness's pipeline: read-ahead thread, small chunks, facts merged in document order.
fn build_streamed(threads: usize, chunk: usize, schema: &Schema, corpus: &Path) -> KnowledgeGraph {
    let gaz = Gazetteer::new(schema);
    let corpus = Corpus::open(corpus).expect("corpus");
    let facts = pool(threads).install(|| {
        with_prefetch(
            || corpus.stream(),
            4,
            |items| {
                par_map_ordered(items, chunk, |item| item.ok().map(|d| extract(&gaz, &d)))
                    .flatten()
                    .collect::<Vec<_>>()
            },
        )
    });
    KnowledgeGraph::build(schema, facts)
}

fn assert_same(a: &KnowledgeGraph, b: &KnowledgeGraph, what: &str) {
    for ((name, x), (_, y)) in outputs(a).into_iter().zip(outputs(b)) {
        assert!(
            x == y,
            "{what}: {name} output differs ({} vs {} bytes)",
            x.len(),
            y.len()
        );
    }
}

#[test]
fn one_and_two_threads_give_identical_outputs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (schema, corpus) = fixture(dir.path(), CorpusFormat::Txt);
    let one = build_with(1, &schema, &corpus);
    let s = one.summary();
    // Not a vacuous comparison: the corpus yields statements and events to merge.
    assert!(
        s.statements > 30 && s.events > 5 && s.documents > 20,
        "{s:?}"
    );
    let two = build_with(2, &schema, &corpus);
    assert_same(&one, &two, "1 vs 2 threads");
}

#[test]
fn streamed_pipeline_matches_the_build_pipeline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (schema, corpus) = fixture(dir.path(), CorpusFormat::Jsonl);
    let reference = build_with(2, &schema, &corpus);
    for (threads, chunk) in [(1, 1), (2, 3), (2, 256)] {
        let g = build_streamed(threads, chunk, &schema, &corpus);
        assert_same(
            &reference,
            &g,
            &format!("streamed, {threads} thread(s), chunks of {chunk}"),
        );
    }
}

/// `kg build` saves the graph from its compact form: the same bytes, with any thread count,
/// as the petgraph graph of the same corpus saves, and the same summary.
#[test]
fn compact_build_saves_the_graph_byte_for_byte() {
    use newsgraph::graph::pipeline::build_compact_until;
    let dir = tempfile::tempdir().expect("tempdir");
    let (schema, corpus) = fixture(dir.path(), CorpusFormat::Jsonl);
    let reference = build_with(2, &schema, &corpus);
    let expected = reference.save().expect("save");
    let s = reference.summary();
    assert!(s.statements > 30 && s.events > 5, "{s:?}");
    let gaz = Gazetteer::new(&schema);
    let opened = Corpus::open(&corpus).expect("corpus");
    let never = std::sync::atomic::AtomicBool::new(false);
    for threads in [1, 2] {
        let built = pool(threads)
            .install(|| build_compact_until(&schema, &opened, |d| extract(&gaz, d), |_| {}, &never))
            .expect("not interrupted");
        let mut saved = Vec::new();
        built.graph.save_to(&mut saved).expect("save");
        assert!(
            saved == expected,
            "{threads} thread(s): the compact graph saves {} bytes, the graph {}",
            saved.len(),
            expected.len()
        );
        assert_eq!(built.graph.summary(), s, "{threads} thread(s)");
    }
}
