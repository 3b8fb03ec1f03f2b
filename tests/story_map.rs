//! The story map (`kg export --format html`) in a real browser: headless Chromium driven by
//! `tests/browser/story_map.mjs` (puppeteer-core) loads the exported sample and checks that
//! it draws, that search focuses a node, that a mouse click opens its panel with cited
//! statements, that a click on an edge lists its statements, that the date range hides later
//! statements and edges, and that hostile corpus text renders as text without running.
//!
//! Needs `node`, `npm ci --prefix tests/browser` and Chromium (`$CHROMIUM`, default
//! `/usr/bin/chromium`); with `CI=true` a missing one fails the test, otherwise it is skipped.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use newsgraph::export::{self, CsvFlavor, Format, Options, Output};
use newsgraph::graph::{fixture, KnowledgeGraph};

mod common;
use common::{arg, available, kg, node_drivers, run_driver};

/// The driver directory, when node, its packages and Chromium are all there.
fn browser() -> Option<PathBuf> {
    let dir = node_drivers(&["puppeteer-core"])?;
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    available(
        "chromium",
        Path::new(&chromium).is_file(),
        &format!("{chromium} not found (apt-get install chromium, or set CHROMIUM)"),
    )
    .then_some(dir)
}

#[test]
fn sample_story_map_works_in_chromium() {
    let Some(drivers) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let graph = dir.path().join("graph.json");
    let html = dir.path().join("story.html");
    // `kg` runs from the repository root with its schemas; the format comes from the extension.
    kg(&["build", "data/corpus", "-o", arg(&graph)]);
    kg(&["export", arg(&graph), "-o", arg(&html)]);
    let r = run_driver(
        &drivers,
        "story_map.mjs",
        &[
            OsStr::new("check"),
            html.as_os_str(),
            OsStr::new("--search"),
            OsStr::new("Lavrov"),
            OsStr::new("--expect"),
            OsStr::new("sergei_lavrov"),
            OsStr::new("--cutoff"),
            OsStr::new("2022-01-01"),
        ],
    );
    assert_eq!(r["ok"], true, "{r:#}");
    let c = &r["checks"];
    assert!(
        c["draws"]["ink"].as_u64().is_some_and(|n| n >= 500),
        "{c:#}"
    );
    assert_eq!(c["search"]["state"]["focused"], "sergei_lavrov");
    assert_eq!(c["click"]["selected"], "sergei_lavrov");
    let src = c["click"]["first"]["src"].as_str().unwrap_or_default();
    assert!(
        src.split(':')
            .nth(1)
            .is_some_and(|l| l.chars().next().is_some_and(|d| d.is_ascii_digit())),
        "the panel cites no document:line: {src}"
    );
    assert_eq!(c["edge"]["selected"], c["edge"]["edge"]["key"], "{c:#}");
    assert!(
        c["edge"]["statements"].as_u64().is_some_and(|n| n > 0),
        "{c:#}"
    );
    assert!(c["dates"]["lateBefore"].as_u64().is_some_and(|n| n > 0));
    assert_eq!(c["dates"]["lateAfter"], 0);
    assert!(
        c["dates"]["edgesAfter"].as_u64() < c["dates"]["edgesBefore"].as_u64(),
        "{c:#}"
    );
    assert_eq!(c["errors"].as_array().map(Vec::len), Some(0), "{c:#}");
    assert_eq!(c["requests"].as_array().map(Vec::len), Some(0), "{c:#}");
}

/// Text that breaks out of a script element, an attribute or the text direction when
/// handled as markup.
const HOSTILE: &str = "</script><script>window.__pwned='script'</script><img src=x onerror=\"window.__pwned='img'\"> <!-- \"dq\" 'sq' \u{202e}evil\u{202c} \u{200f}rtl";

/// The fixture plus an entity named [`HOSTILE`] saying [`HOSTILE`] about NATO.
fn hostile_graph() -> KnowledgeGraph {
    let mut facts = fixture::facts();
    let mut e = fixture::entity("odd", "person", HOSTILE);
    e.provisional = true;
    let mut extra = facts[0].clone();
    extra.doc.id = "z_odd".into();
    extra.doc.title = Some(HOSTILE.to_string());
    extra.doc.outlet = Some(HOSTILE.to_string());
    extra.provisional = vec![e];
    extra.statements = vec![fixture::statement(
        "odd",
        "assert",
        HOSTILE,
        &["nato"],
        10,
        "2022-01-13",
    )];
    extra.events.clear();
    facts.push(extra);
    KnowledgeGraph::build(&fixture::schema(), facts)
}

#[test]
fn hostile_text_renders_as_text() {
    let g = hostile_graph();
    let (out, _) =
        export::export(&g, Format::Html, &Options::default(), CsvFlavor::Gephi).expect("html");
    let Output::File(bytes) = out else {
        panic!("html is one file")
    };
    let page = String::from_utf8(bytes).expect("utf-8");
    // Checked without a browser: the data block holds no markup.
    let data = page
        .split(r#"<script type="application/json" id="data">"#)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("data block");
    assert!(
        !data.contains('<') && !data.contains('\u{2028}'),
        "unescaped data"
    );
    assert!(data.contains(r"\u003c/script\u003e"));
    assert_eq!(
        page.matches("</script>").count(),
        4,
        "one end tag per script element"
    );
    let Some(drivers) = browser() else { return };
    let dir = tempfile::tempdir().expect("temp dir");
    let html = dir.path().join("hostile.html");
    std::fs::write(&html, page).expect("write");
    let r = run_driver(
        &drivers,
        "story_map.mjs",
        &[
            OsStr::new("hostile"),
            html.as_os_str(),
            OsStr::new("--node"),
            OsStr::new("odd"),
            OsStr::new("--text"),
            OsStr::new(HOSTILE),
        ],
    );
    assert_eq!(r["ok"], true, "{r:#}");
    assert!(r["checks"]["pwned"].is_null(), "{r:#}");
    assert_eq!(r["checks"]["missing"].as_array().map(Vec::len), Some(0));
}
