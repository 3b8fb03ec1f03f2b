//! Extraction on sentences written for these tests (not taken from the sample corpus): one
//! table row per pattern of news writing the extractor handles, with the real schemas.

use std::path::Path;
use std::sync::OnceLock;

use chrono::NaiveDate;
use newsgraph::corpus::Document;
use newsgraph::extract::{extract, DocFacts, Gazetteer};
use newsgraph::schema::Schema;

fn gaz() -> &'static Gazetteer {
    static G: OnceLock<Gazetteer> = OnceLock::new();
    G.get_or_init(|| {
        let schema = Schema::load(Path::new("schemas")).expect("the schemas of the repository load");
        Gazetteer::new(&schema)
    })
}

/// Extracts `body` (after a title line) as a document of `date`.
fn run(body: &str, date: &str) -> DocFacts {
    let text = format!("Test article\n\n{body}\n");
    let mut doc = Document::from_text("t", text);
    doc.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    extract(gaz(), &doc)
}

/// Statements rendered as `speaker [cue] about,about | text`.
fn render(f: &DocFacts) -> Vec<String> {
    f.statements
        .iter()
        .map(|s| {
            let about: Vec<&str> = s.about.iter().map(|a| a.as_str()).collect();
            format!("{} [{}] {} | {}", s.speaker, s.cue, about.join(","), s.text)
        })
        .collect()
}

fn check(name: &str, body: &str, date: &str, expected: &[&str]) {
    let got = render(&run(body, date));
    assert_eq!(got, expected, "case `{name}`: {body:?}");
}

#[test]
fn dump() {
    if std::env::var("KG_DUMP").is_err() { return; }
    let cases = std::fs::read_to_string("/tmp/sc/cases.txt").unwrap_or_default();
    for line in cases.lines() {
        let mut parts = line.splitn(3, '|');
        let (Some(n), Some(d), Some(b)) = (parts.next(), parts.next(), parts.next()) else { continue };
        let b = b.replace("\\n", "\n");
        println!("        ({n:?}, {d:?}, {b:?}, &[");
        for r in render(&run(&b, d)) {
            println!("            {r:?},");
        }
        println!("        ]),");
    }
}
