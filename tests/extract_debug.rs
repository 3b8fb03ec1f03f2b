//! Prints what extraction finds in `KG_TEXT` (a manual aid, ignored by default).

use newsgraph::corpus::Document;
use newsgraph::extract::{extract, Gazetteer};
use newsgraph::schema::Schema;
use std::path::Path;

#[test]
#[ignore]
fn debug_dump() {
    let schema = Schema::load(Path::new("schemas")).expect("schema");
    let gaz = Gazetteer::new(&schema);
    let text = std::env::var("KG_TEXT").unwrap_or_default();
    let mut doc = Document::from_text("t", text);
    if let Ok(d) = std::env::var("KG_DATE") {
        doc.date = chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok();
    }
    let f = extract(&gaz, &doc);
    eprintln!(
        "ENT {:?}",
        f.entities()
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
    );
    for s in &f.statements {
        eprintln!(
            "S {} [{}] {:?} relay={:?} | {}",
            s.speaker,
            s.cue,
            s.about.iter().map(|a| a.to_string()).collect::<Vec<_>>(),
            s.relay,
            s.text
        );
    }
    for e in &f.events {
        eprintln!(
            "E {} {:?} {:?} {:?} {:?} | {}",
            e.event_type, e.date, e.place, e.participants, e.mode, e.text
        );
    }
}
