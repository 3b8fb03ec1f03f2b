//! Hostile input: documents no newsroom writes (no sentence stop in 200 KB, one paragraph of
//! alternating quoted words, and the other kinds of `gen::hostile`) are extracted to the end
//! without a panic. Speed is measured by `kg-bench hostile`, not here.

use newsgraph::extract::{extract, Gazetteer};
use newsgraph::gen::hostile::{HostileGen, Kind};
use newsgraph::schema::Schema;

fn setup() -> (Schema, Gazetteer) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
    let schema = match Schema::load(&dir) {
        Ok(s) => s,
        Err(e) => panic!("schemas: {e}"),
    };
    let gaz = Gazetteer::new(&schema);
    (schema, gaz)
}

#[test]
fn soup_and_alternating_quotes_of_200_kb_are_read_to_the_end() {
    let (schema, gaz) = setup();
    let g = HostileGen::new(&schema, 1);
    for kind in [Kind::Soup, Kind::QuotesBalanced] {
        let doc = g.document(kind, 200_000);
        assert!(doc.text.len() > 190_000);
        let f = extract(&gaz, &doc);
        // The whole text is read: mentions are found to its end, and no stage ran out of
        // its work budget.
        let last = f.mentions.iter().map(|m| m.span.end).max().unwrap_or(0);
        assert!(last > 180_000, "{}: last mention at {last}", kind.name());
        assert!(
            !f.diagnostics
                .iter()
                .any(|d| d.message.contains("work budget")),
            "{}: {:?}",
            kind.name(),
            f.diagnostics
                .iter()
                .find(|d| d.message.contains("work budget"))
        );
        for s in &f.statements {
            assert!(s.span.end <= doc.text.len() && s.span.start <= s.span.end);
        }
    }
}

#[test]
fn every_hostile_kind_of_30_kb_is_extracted() {
    let (schema, gaz) = setup();
    let g = HostileGen::new(&schema, 2);
    for kind in Kind::ALL {
        let doc = g.document(kind, 30_000);
        let f = extract(&gaz, &doc);
        assert!(
            !f.diagnostics
                .iter()
                .any(|d| d.message.contains("work budget")),
            "{}",
            kind.name()
        );
    }
}
