//! Snapshots of the user-facing outputs of extraction: `kg extract --json` on the sample
//! corpus and `kg suggest` on a small fixture corpus.

use std::path::Path;

use newsgraph::corpus::Corpus;
use newsgraph::extract::json::{corpus_json, extract_all};
use newsgraph::extract::suggest::{suggestions, to_ron};
use newsgraph::extract::Gazetteer;
use newsgraph::schema::Schema;

fn gaz() -> Gazetteer {
    let schema = Schema::load(Path::new("schemas")).expect("the schemas of the repository load");
    Gazetteer::new(&schema)
}

#[test]
fn extract_json_of_sample_corpus() {
    let (docs, warnings) = Corpus::open(Path::new("data/corpus"))
        .expect("corpus")
        .load_all();
    assert!(warnings.is_empty());
    let facts = extract_all(&gaz(), &docs);
    insta::assert_json_snapshot!(corpus_json(&facts));
}

#[test]
fn extraction_is_deterministic() {
    let (docs, _) = Corpus::open(Path::new("data/corpus"))
        .expect("corpus")
        .load_all();
    let g = gaz();
    let a = serde_json::to_string(&corpus_json(&extract_all(&g, &docs))).expect("json");
    let b = serde_json::to_string(&corpus_json(&extract_all(&g, &docs))).expect("json");
    assert_eq!(a, b);
}

#[test]
fn suggest_ron_of_fixture_corpus() {
    let (docs, _) = Corpus::open(Path::new("tests/fixtures/suggest"))
        .expect("corpus")
        .load_all();
    let facts = extract_all(&gaz(), &docs);
    let ron = to_ron(&suggestions(&facts));
    // The stubs parse as entity definitions.
    let opts =
        ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
    let parsed: Vec<newsgraph::schema::types::EntityDef> =
        opts.from_str(&ron).expect("stubs are valid RON entities");
    assert_eq!(parsed.len(), 2);
    insta::assert_snapshot!(ron);
}
