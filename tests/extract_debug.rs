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
    doc.date = std::env::var("KG_DATE")
        .ok()
        .and_then(|d| chrono::NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok());
    let f = extract(&gaz, &doc);
    for m in &f.mentions {
        eprintln!("M {:?} {:?} {}", m.entity, m.kind, m.span.slice(&doc.text));
    }
    for s in &f.statements {
        eprintln!("S {} [{}] {:?} | {}", s.speaker, s.cue, s.about, s.text);
    }
    for e in &f.events {
        eprintln!(
            "E {} {:?} {:?} {:?} | {}",
            e.event_type, e.date, e.place, e.participants, e.text
        );
    }
}
