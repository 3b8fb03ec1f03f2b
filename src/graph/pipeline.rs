//! From a corpus on disk to a graph: streams the documents in batches (read a batch ahead on
//! their own thread), extracts each batch in parallel (rayon) keeping document order, and
//! folds each batch's facts into the graph builder while the next batch is extracted. The extractor is passed in,
//! so this module does not care how text is read; printing the summary is the command's.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::corpus::{Corpus, Document, Item};
use crate::diag::Diagnostic;
use crate::extract::DocFacts;
use crate::schema::Schema;

use super::build::{Builder, Prepared};
use super::compact::Compact;
use super::{KnowledgeGraph, Node};

/// Documents extracted together; bounds memory on large corpora while keeping all cores busy.
const BATCH: usize = 256;

/// A graph built from a corpus, with what the run found out along the way. The graph is a
/// [`KnowledgeGraph`], or the [`Compact`] form of it (what `kg build` saves).
#[derive(Debug)]
pub struct Built<G = KnowledgeGraph> {
    /// The graph.
    pub graph: G,
    /// Skipped files and odd text, in document order.
    pub warnings: Vec<Diagnostic>,
    /// Documents read.
    pub documents: usize,
    /// Bytes of text read.
    pub bytes: u64,
    /// Wall time of reading, extracting and building.
    pub elapsed: Duration,
}

/// A build stopped on request (Ctrl-C) before its graph was complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("interrupted; nothing written")]
pub struct Interrupted;

/// Reads every document of `corpus`, extracts it with `extract` (in parallel, results kept in
/// document order) and builds the graph. `observe` sees each item of the corpus stream (a
/// document, or a warning about a skipped file) as it is read, for progress and summaries.
pub fn build_corpus<F>(
    schema: &Schema,
    corpus: &Corpus,
    extract: F,
    observe: impl FnMut(&Item),
) -> Built
where
    F: Fn(&Document) -> DocFacts + Sync,
{
    match build_checked(
        schema,
        corpus,
        extract,
        observe,
        || Ok::<(), std::convert::Infallible>(()),
        Builder::finish,
    ) {
        Ok(built) => built,
        Err(never) => match never {},
    }
}

/// Like [`build_corpus`], stopping with [`Interrupted`] as soon as `stop` is set (it is looked
/// at before each file is read and each batch is extracted, so a stop takes effect within a
/// batch): the partial graph is dropped, nothing of it is returned.
pub fn build_corpus_until<F>(
    schema: &Schema,
    corpus: &Corpus,
    extract: F,
    observe: impl FnMut(&Item),
    stop: &AtomicBool,
) -> Result<Built, Interrupted>
where
    F: Fn(&Document) -> DocFacts + Sync,
{
    build_corpus_with(schema, corpus, extract, observe, stop, Builder::finish)
}

/// Like [`build_corpus_until`], giving the graph in its [`Compact`] form: the same graph,
/// saved byte for byte the same, in a fraction of the memory.
pub fn build_compact_until<F>(
    schema: &Schema,
    corpus: &Corpus,
    extract: F,
    observe: impl FnMut(&Item),
    stop: &AtomicBool,
) -> Result<Built<Compact>, Interrupted>
where
    F: Fn(&Document) -> DocFacts + Sync,
{
    build_corpus_with(
        schema,
        corpus,
        extract,
        observe,
        stop,
        Builder::finish_compact,
    )
}

/// [`build_corpus_until`] with the builder finished by `finish` (`Builder::finish` gives
/// the petgraph graph, `Builder::finish_compact` the compact one).
pub fn build_corpus_with<F, G>(
    schema: &Schema,
    corpus: &Corpus,
    extract: F,
    observe: impl FnMut(&Item),
    stop: &AtomicBool,
    finish: impl FnOnce(Builder, &Schema) -> G,
) -> Result<Built<G>, Interrupted>
where
    F: Fn(&Document) -> DocFacts + Sync,
{
    let check = || {
        if stop.load(Ordering::Relaxed) {
            Err(Interrupted)
        } else {
            Ok(())
        }
    };
    build_checked(schema, corpus, extract, observe, check, finish)
}

/// The pipeline of [`build_corpus`], asking `check` between steps whether to go on, and
/// making the graph with `finish`.
fn build_checked<F, E, G>(
    schema: &Schema,
    corpus: &Corpus,
    extract: F,
    mut observe: impl FnMut(&Item),
    check: impl Fn() -> Result<(), E> + Sync,
    finish: impl FnOnce(Builder, &Schema) -> G,
) -> Result<Built<G>, E>
where
    F: Fn(&Document) -> DocFacts + Sync,
{
    let start = Instant::now();
    let mut warnings = Vec::new();
    let mut builder = Builder::new();
    let mut bytes = 0u64;
    // Three stages overlap: a reader thread parses the corpus a batch ahead; the pool extracts
    // batch k (and does the per-document graph work, `Prepared::new`) while one of its workers
    // folds batch k-1 into the builder, the only serial step. Batches are folded in document
    // order, so the graph does not depend on the thread count. Each batch's facts are dropped
    // once folded: memory follows the graph being built, not every fact of the corpus.
    let check = &check;
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Item>>(2);
        scope.spawn(move || {
            let mut chunk = Vec::with_capacity(BATCH);
            let mut docs = 0;
            for item in corpus.stream() {
                if check().is_err() {
                    return;
                }
                docs += usize::from(item.is_ok());
                chunk.push(item);
                if docs == BATCH {
                    if tx.send(std::mem::take(&mut chunk)).is_err() {
                        return;
                    }
                    docs = 0;
                }
            }
            if !chunk.is_empty() {
                // The receiver only goes away if the build itself panicked.
                let _ = tx.send(chunk);
            }
        });
        let mut pending: Vec<Prepared> = Vec::new();
        for chunk in rx {
            // Leaving the loop drops the receiver, which stops the reader thread too.
            check()?;
            let mut batch: Vec<Document> = Vec::with_capacity(BATCH);
            for item in chunk {
                observe(&item);
                match item {
                    Ok(doc) => {
                        bytes += doc.text.len() as u64;
                        batch.push(doc);
                    }
                    Err(w) => warnings.push(w),
                }
            }
            let previous = std::mem::take(&mut pending);
            let builder = &mut builder;
            let (out, ()) = rayon::join(
                || {
                    batch
                        .par_iter()
                        .map(|d| {
                            let mut f = extract(d);
                            let diagnostics = std::mem::take(&mut f.diagnostics);
                            (diagnostics, Prepared::new(schema, f))
                        })
                        .collect::<Vec<_>>()
                },
                || previous.into_iter().for_each(|p| builder.add_prepared(p)),
            );
            for (mut diagnostics, p) in out {
                warnings.append(&mut diagnostics);
                pending.push(p);
            }
        }
        check()?;
        pending.into_iter().for_each(|p| builder.add_prepared(p));
        Ok(())
    })?;
    check()?;
    let documents = builder.documents();
    let graph = finish(builder, schema);
    check()?;
    Ok(Built {
        graph,
        warnings,
        documents,
        bytes,
        elapsed: start.elapsed(),
    })
}

/// Counts of what a graph holds, for summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Entities by kind.
    pub entities: BTreeMap<String, usize>,
    /// Provisional entities (found in text, not in the schemas).
    pub provisional: usize,
    /// Statement nodes (after merging).
    pub statements: usize,
    /// Statements carried by more than one document.
    pub corroborated: usize,
    /// Event nodes (after merging).
    pub events: usize,
    /// Document nodes.
    pub documents: usize,
    /// Edges by kind name.
    pub edges: BTreeMap<String, usize>,
    /// Speakers by number of statements, most first (ties by id).
    pub top_speakers: Vec<(String, usize)>,
}

impl KnowledgeGraph {
    /// Counts nodes and edges by kind and ranks the speakers.
    pub fn summary(&self) -> Summary {
        let mut s = Summary::default();
        let mut speakers: BTreeMap<String, usize> = BTreeMap::new();
        for ix in self.nodes_by_key() {
            match self.node(ix) {
                Some(Node::Entity(e)) => {
                    *s.entities.entry(e.kind.clone()).or_default() += 1;
                    s.provisional += usize::from(e.provisional);
                }
                Some(Node::Statement(st)) => {
                    s.statements += 1;
                    let docs: std::collections::BTreeSet<&str> =
                        st.sources.iter().map(|p| &*p.doc).collect();
                    s.corroborated += usize::from(docs.len() > 1);
                    *speakers.entry(st.speaker.to_string()).or_default() += 1;
                }
                Some(Node::Event(_)) => s.events += 1,
                Some(Node::Document(_)) => s.documents += 1,
                None => {}
            }
        }
        for e in self.graph.edge_weights() {
            *s.edges.entry(e.kind.name().to_string()).or_default() += 1;
        }
        let mut top: Vec<(String, usize)> = speakers.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        s.top_speakers = top;
        s
    }
}
