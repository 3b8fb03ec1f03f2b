//! Property-test versions of the fuzz targets (`fuzz/`): the same checks
//! (`fuzz/src/lib.rs`) on inputs proptest generates, with few cases so that the file runs in
//! seconds; the fuzz targets explore much further.

#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod checks;

use proptest::prelude::*;

/// Words news text and hostile text are made of: names and cues of the repository's schema,
/// quotation marks of every style, sentence stops, dates, invisible marks.
const WORDS: &[&str] = &[
    "Sergei Lavrov",
    "Lavrov",
    "Antony Blinken",
    "NATO",
    "Geneva",
    "Moscow",
    "Kyiv",
    "the minister",
    "Foreign Minister",
    "President",
    "he",
    "she",
    "they",
    "said",
    "told",
    "warned",
    "according to",
    "talks",
    "meeting",
    "met",
    "on Monday",
    "January 16",
    "2022-01-16",
    "last week",
    "\"",
    "“",
    "”",
    "«",
    "»",
    "'",
    "‘",
    "’",
    ".",
    ",",
    ";",
    ":",
    "!",
    "?",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    "(",
    ")",
    "\u{feff}",
    "\u{200b}",
    "\u{202e}",
    "e\u{301}\u{301}",
    "MOSCOW, January 16. /TASS/.",
    " date 2022-01-16 https://tass.com/1\n",
];

fn news_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(WORDS), 0..160).prop_map(|w| w.join(" "))
}

/// Strings full of what exporters must escape.
fn hostile_string() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z ]{0,12}",
        "[\"'<>&\\\\{}\\[\\];,\t\n\r ]{0,8}[a-z]{0,4}",
        "\\PC{0,16}",
        any::<String>(),
    ]
}

fn edit(base: &[u8], at: usize, cut: usize, insert: &[u8]) -> Vec<u8> {
    let at = at % (base.len() + 1);
    let end = (at + cut).min(base.len());
    let mut out = base[..at].to_vec();
    out.extend_from_slice(insert);
    out.extend_from_slice(&base[end..]);
    out
}

fn read(rel: &str) -> Vec<u8> {
    let p = checks::repo_root().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    #[test]
    fn extract_document_on_news_like_text(text in news_like()) {
        checks::check_extract(text.as_bytes());
    }

    #[test]
    fn extract_document_on_any_bytes(data in prop::collection::vec(any::<u8>(), 0..400)) {
        checks::check_extract(&data);
    }

    #[test]
    fn export_escape_on_hostile_strings(
        entities in prop::collection::vec((hostile_string(), prop::collection::vec(hostile_string(), 0..2)), 1..4),
        docs in prop::collection::vec((hostile_string(), prop::option::of(hostile_string()), prop::option::of(hostile_string()), prop::option::of(hostile_string())), 0..3),
        statements in prop::collection::vec((0usize..4, 0usize..4, hostile_string(), 0usize..3), 0..4),
        roles in prop::collection::vec(hostile_string(), 0..2),
    ) {
        let input = checks::ExportInput {
            entities,
            documents: docs
                .into_iter()
                .map(|(id, title, outlet, url)| checks::DocInput { id, title, outlet, url })
                .collect(),
            statements,
            roles,
        };
        checks::check_export(&input);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn corpus_reader_on_any_bytes(data in prop::collection::vec(any::<u8>(), 0..300)) {
        checks::check_corpus(&data);
    }

    #[test]
    fn corpus_reader_on_edited_records(at in 0usize..400, cut in 0usize..20, insert in "[{}\":,\\\\ a-z0-9\n]{0,10}") {
        let records = "{\"id\": \"a\", \"date\": \"2022-01-16\", \"title\": \"T\", \"text\": \"Lavrov said \\\"no\\\".\"}\n{\"id\": 7, \"outlet\": \"TASS\", \"url\": \"https://tass.com/1\", \"text\": \"x\"}\n";
        checks::check_corpus(&edit(records.as_bytes(), at, cut, insert.as_bytes()));
        let metadata = "{\"a\": {\"outlet\": \"TASS\", \"date\": \"2022-01-16\", \"title\": \"T\", \"url\": \"u\"}}";
        checks::check_corpus(&edit(metadata.as_bytes(), at, cut, insert.as_bytes()));
    }

    #[test]
    fn schema_load_on_edited_files(which in 0u8..3, at in 0usize..2000, cut in 0usize..40, insert in "[()\\[\\]{}\":,/* a-z_0-9\n]{0,12}") {
        let file = checks::SchemaFile::of_byte(which);
        let rel = match file {
            checks::SchemaFile::Ontology => "tests/fixtures/schemas/clean/ontology.ron",
            checks::SchemaFile::Lexicon => "tests/fixtures/schemas/clean/lexicon.ron",
            checks::SchemaFile::Entities => "tests/fixtures/schemas/clean/entities/people.ron",
        };
        let data = edit(&read(rel), at, cut, insert.as_bytes());
        checks::check_schema(checks::SchemaBase::Small, file, &data);
    }

    #[test]
    fn graph_load_on_cut_and_edited_graphs(at in 0usize..3000, cut in 0usize..30, insert in "[{}\\[\\]\":,0-9a-z -]{0,8}") {
        let graph = read("fuzz/corpus/graph_load/tiny.json");
        checks::check_graph(&graph[..at % (graph.len() + 1)]);
        checks::check_graph(&edit(&graph, at, cut, insert.as_bytes()));
    }

    #[test]
    fn facts_merge_on_edited_facts(at in 0usize..1000, cut in 0usize..30, insert in "[{}\\[\\]\":,0-9a-z_ -]{0,8}") {
        let facts = read("fuzz/corpus/facts_merge/tiny.jsonl");
        checks::check_merge(&edit(&facts, at, cut, insert.as_bytes()));
    }
}
