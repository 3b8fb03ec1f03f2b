//! The JSON shapes of `kg extract`: the gold format of `data/gold/FORMAT.md` (plus spans,
//! act, relay and provisional flags) for scoring and scripts, and running extraction over
//! a whole corpus in document order.
//!
//! Printing and files are left to the command line.

use rayon::prelude::*;
use serde_json::{json, Map, Value};

use crate::corpus::Document;
use crate::extract::{extract, DocFacts, Gazetteer};

/// Extracts every document (in parallel), results in document order.
pub fn extract_all(gaz: &Gazetteer, docs: &[Document]) -> Vec<DocFacts> {
    docs.par_iter().map(|d| extract(gaz, d)).collect()
}

/// The documents of shard `i` of `n` (1-based), chosen by index modulo `n`.
pub fn shard<T>(items: Vec<T>, i: usize, n: usize) -> Vec<T> {
    items
        .into_iter()
        .enumerate()
        .filter(|(k, _)| n == 0 || k % n == (i.max(1) - 1) % n)
        .map(|(_, t)| t)
        .collect()
}

/// Parses "I/N" (1 <= I <= N).
pub fn parse_shard(s: &str) -> Option<(usize, usize)> {
    let (a, b) = s.split_once('/')?;
    let (i, n) = (
        a.trim().parse::<usize>().ok()?,
        b.trim().parse::<usize>().ok()?,
    );
    (n >= 1 && (1..=n).contains(&i)).then_some((i, n))
}

/// One document in the gold format.
///
/// Fields beyond FORMAT.md: statements carry `span` (byte range of the content),
/// `speaker_span`, `act`, `relay` (outlet or person that relayed it, or null), `provisional`
/// (speaker not in the schema) and `date`; events carry `span`, `mode` (past/planned) and
/// `date_source`; the document carries `provisional` (entities the schema lacks).
pub fn doc_json(f: &DocFacts) -> Value {
    let mut entities: Vec<String> = f.entities().iter().map(|e| e.to_string()).collect();
    entities.sort();
    entities.dedup();
    let statements: Vec<Value> = f
        .statements
        .iter()
        .map(|s| {
            json!({
                "speaker": s.speaker,
                "about": s.about,
                "kind": s.kind,
                "cue": s.cue,
                "text": s.text,
                "span": [s.span.start, s.span.end],
                "speaker_span": s.speaker_span.map(|sp| vec![sp.start, sp.end]),
                "act": s.act,
                "relay": s.relay,
                "provisional": s.provisional,
                "date": s.date,
            })
        })
        .collect();
    let events: Vec<Value> = f
        .events
        .iter()
        .map(|e| {
            json!({
                "type": e.event_type,
                "date": e.date,
                "place": e.place,
                "participants": e.participants,
                "text": e.text,
                "span": [e.span.start, e.span.end],
                "mode": e.mode,
                "date_source": e.date_source,
            })
        })
        .collect();
    let provisional: Vec<Value> = f.provisional.iter().map(|e| json!(e.id)).collect();
    json!({
        "date": f.doc.date,
        "entities": entities,
        "statements": statements,
        "events": events,
        "provisional": provisional,
    })
}

/// Every document in the gold format: `{"docs": {id: doc}}`, ids sorted.
pub fn corpus_json(facts: &[DocFacts]) -> Value {
    let mut docs = Map::new();
    let mut sorted: Vec<&DocFacts> = facts.iter().collect();
    sorted.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    for f in sorted {
        docs.insert(f.doc.id.clone(), doc_json(f));
    }
    json!({ "docs": Value::Object(docs) })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards() {
        let table: &[(&str, Option<(usize, usize)>)] = &[
            ("1/3", Some((1, 3))),
            ("3/3", Some((3, 3))),
            ("0/3", None),
            ("4/3", None),
            ("1/0", None),
            ("x", None),
            (" 2 / 4 ", Some((2, 4))),
        ];
        for (s, e) in table {
            assert_eq!(parse_shard(s), *e, "{s}");
        }
        let items: Vec<usize> = (0..7).collect();
        assert_eq!(shard(items.clone(), 1, 3), [0, 3, 6]);
        assert_eq!(shard(items.clone(), 3, 3), [2, 5]);
        // The shards partition the documents.
        let mut all: Vec<usize> = (1..=3).flat_map(|i| shard(items.clone(), i, 3)).collect();
        all.sort();
        assert_eq!(all, items);
    }
}
