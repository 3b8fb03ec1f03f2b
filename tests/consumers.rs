//! The exports checked by the programs that read them: Graphviz `dot` renders every DOT,
//! xmllint validates GEXF (RELAX NG, and the viz-namespace XSD) and GraphML (XSD), NetworkX
//! reads GEXF, GraphML and JSON back with the same counts and attributes, Python's csv reads
//! the CSV. A property test feeds arbitrary strings through every format.
//!
//! Where the consumers are: `dot` (or `$NEWSGRAPH_DOT`), `xmllint`, `$NEWSGRAPH_PYTHON` (a
//! Python with networkx 3), schemas in `$NEWSGRAPH_XSD_DIR` (default `tests/xsd`, else
//! `../shared/xsd`). With `CI=true` a missing consumer fails the test; otherwise the test
//! says which check it skipped and passes.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use newsgraph::export::{self, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::graph::fixture;
use newsgraph::graph::KnowledgeGraph;
use newsgraph::schema::{EntityId, Role};
use proptest::prelude::*;

mod common;

use common::available;

fn runs(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn dot() -> Option<String> {
    let p = newsgraph::export::render::dot_program();
    available(
        "graphviz dot",
        runs(&p, "-V"),
        &format!("`{p} -V` does not run (install graphviz)"),
    )
    .then_some(p)
}

fn xsd_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = match std::env::var_os("NEWSGRAPH_XSD_DIR") {
        Some(d) => PathBuf::from(d),
        None if root.join("tests/xsd").is_dir() => root.join("tests/xsd"),
        None => root.join("../shared/xsd"),
    };
    let ok =
        dir.join("gexf-1.3/gexf.rng").is_file() && dir.join("graphml-1.0/graphml.xsd").is_file();
    available(
        "schema files",
        ok,
        &format!(
            "{} lacks gexf-1.3/ and graphml-1.0/ (set NEWSGRAPH_XSD_DIR)",
            dir.display()
        ),
    )
    .then_some(dir)
}

fn xmllint() -> Option<PathBuf> {
    if !available(
        "xmllint",
        runs("xmllint", "--version"),
        "xmllint does not run (install libxml2-utils)",
    ) {
        return None;
    }
    xsd_dir()
}

fn python() -> Option<String> {
    let p = std::env::var("NEWSGRAPH_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let ok = Command::new(&p)
        .args(["-c", "import networkx, sys; sys.exit(0 if int(networkx.__version__.split('.')[0]) >= 3 else 1)"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    available(
        "networkx",
        ok,
        &format!("`{p}` has no networkx 3 (set NEWSGRAPH_PYTHON to a venv's python)"),
    )
    .then_some(p)
}

fn one(g: &KnowledgeGraph, f: Format, o: &Options) -> Vec<u8> {
    match export::export(g, f, o, CsvFlavor::Gephi).expect("export").0 {
        Output::File(b) => b,
        Output::Files(_) => panic!("one file expected"),
    }
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write");
    p
}

fn dot_svg(dot: &str, src: &[u8]) -> String {
    let mut child = Command::new(dot)
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn dot");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(src)
        .expect("feed dot");
    let out = child.wait_with_output().expect("dot");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "dot rejected the file: {err}\n{}",
        String::from_utf8_lossy(src)
    );
    // Graphviz reports syntax trouble on stderr even when it draws something.
    assert!(
        !err.contains("syntax error") && !err.contains("Error"),
        "dot complained: {err}"
    );
    String::from_utf8(out.stdout).expect("svg is utf-8")
}

fn xmllint_ok(args: &[&str], file: &Path) {
    let out = Command::new("xmllint")
        .args(["--noout", "--nonet"])
        .args(args)
        .arg(file)
        .output()
        .expect("xmllint");
    assert!(
        out.status.success(),
        "xmllint {args:?} rejected {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

fn graph() -> KnowledgeGraph {
    KnowledgeGraph::build(&fixture::schema(), fixture::facts())
}

const VIEWS: [ViewKind; 3] = [ViewKind::Actors, ViewKind::Events, ViewKind::Full];

/// The graph of the sample corpus (data/corpus with schemas/).
fn sample() -> KnowledgeGraph {
    corpus_graph("data/corpus")
}

/// The fixture and the sample, with names for messages.
fn graphs() -> [(&'static str, KnowledgeGraph); 2] {
    [("fixture", graph()), ("sample", sample())]
}

#[test]
fn dot_renders_every_view() {
    let Some(dot) = dot() else { return };
    for (name, g) in graphs() {
        let _ = name;
        for view in VIEWS {
            for cap in [None, Some(0), Some(2)] {
                let o = Options {
                    view,
                    max_nodes: cap,
                    ..Options::default()
                };
                let (out, v) = export::export(&g, Format::Dot, &o, CsvFlavor::Gephi).expect("dot");
                let Output::File(src) = out else {
                    panic!("dot is one file")
                };
                let svg = dot_svg(&dot, &src);
                assert_eq!(
                    svg.matches("class=\"node\"").count(),
                    v.nodes.len(),
                    "{name} {view:?} {cap:?}"
                );
                assert_eq!(
                    svg.matches("class=\"edge\"").count(),
                    v.edges.len(),
                    "{name} {view:?} {cap:?}"
                );
            }
        }
    }
}

#[test]
fn svg_and_png_come_from_dot() {
    if dot().is_none() {
        return;
    }
    let g = graph();
    let svg = one(&g, Format::Svg, &Options::default());
    assert!(String::from_utf8_lossy(&svg).contains("<svg"), "not an svg");
    let png = one(&g, Format::Png, &Options::default());
    assert!(png.starts_with(b"\x89PNG"), "not a png");
}

#[test]
fn missing_dot_is_a_clear_error() {
    let e = export::render::render("digraph{}", "svg", std::time::Duration::from_secs(5));
    // Only checkable where dot runs: then a bogus program must give the clear error.
    if e.is_ok() {
        let out = Command::new(env!("CARGO_BIN_EXE_kg"))
            .env("NEWSGRAPH_DOT", "/nonexistent/dot")
            .args(["export", "--format", "svg", "/nonexistent-input"])
            .output()
            .expect("kg");
        assert_eq!(out.status.code(), Some(2));
    }
    let err = newsgraph::export::ExportError::DotMissing(std::io::Error::from(
        std::io::ErrorKind::NotFound,
    ));
    insta::assert_snapshot!(err.to_string());
}

#[test]
fn xmllint_validates_gexf_and_graphml() {
    let Some(xsd) = xmllint() else { return };
    let tmp = tempfile::tempdir().expect("tmp");
    for (name, g) in graphs() {
        let _ = name;
        for view in VIEWS {
            let o = Options {
                view,
                ..Options::default()
            };
            let gexf = write(tmp.path(), "g.gexf", &one(&g, Format::Gexf, &o));
            xmllint_ok(
                &[
                    "--relaxng",
                    &xsd.join("gexf-1.3/gexf.rng").to_string_lossy(),
                ],
                &gexf,
            );
            xmllint_ok(
                &[
                    "--schema",
                    &xsd.join("gexf-1.3-vizns/gexf.xsd").to_string_lossy(),
                ],
                &gexf,
            );
            let gml = write(tmp.path(), "g.graphml", &one(&g, Format::Graphml, &o));
            xmllint_ok(
                &[
                    "--schema",
                    &xsd.join("graphml-1.0/graphml.xsd").to_string_lossy(),
                ],
                &gml,
            );
        }
    }
}

/// Reads the files of `dir` with networkx and csv; prints counts and the attributes of `node`.
const READER: &str = r#"
import csv, json, sys
import networkx as nx
d, nid = sys.argv[1], sys.argv[2]
out = {}
def attrs(g):
    n = g.nodes[nid] if nid in g.nodes else {}
    return [g.number_of_nodes(), g.number_of_edges(), n.get("label"), n.get("role"), n.get("kind"), n.get("provisional")]
out["gexf"] = attrs(nx.read_gexf(d + "/g.gexf"))
out["graphml"] = attrs(nx.read_graphml(d + "/g.graphml"))
with open(d + "/g.json", encoding="utf-8") as f:
    out["json"] = attrs(nx.node_link_graph(json.load(f), edges="edges"))
with open(d + "/nodes.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))
with open(d + "/edges.csv", newline="", encoding="utf-8") as f:
    erows = list(csv.DictReader(f))
r = [x for x in rows if x["Id"] == nid]
r = r[0] if r else {}
out["csv"] = [len(rows), len(erows), r.get("Label"), r.get("role"), r.get("kind"), r.get("provisional") == "true"]
print(json.dumps(out))
"#;

type Read = serde_json::Map<String, serde_json::Value>;

fn read_back(python: &str, g: &KnowledgeGraph, o: &Options, node: &str) -> (Read, export::View) {
    let tmp = tempfile::tempdir().expect("tmp");
    write(tmp.path(), "g.gexf", &one(g, Format::Gexf, o));
    write(tmp.path(), "g.graphml", &one(g, Format::Graphml, o));
    write(tmp.path(), "g.json", &one(g, Format::Json, o));
    match export::export(g, Format::Csv, o, CsvFlavor::Gephi)
        .expect("csv")
        .0
    {
        Output::Files(files) => {
            for (name, bytes) in files {
                write(tmp.path(), &name, &bytes);
            }
        }
        Output::File(_) => panic!("csv is two files"),
    }
    let out = Command::new(python)
        .args(["-c", READER])
        .arg(tmp.path())
        .arg(node)
        .output()
        .expect("python");
    assert!(
        out.status.success(),
        "networkx could not read the files: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Read = serde_json::from_slice(&out.stdout).expect("reader output");
    (v, export::view::view(g, o).expect("view"))
}

#[test]
fn networkx_reads_every_format_back() {
    let Some(py) = python() else { return };
    for (name, g) in graphs() {
        let _ = name;
        for view in VIEWS {
            let o = Options {
                view,
                ..Options::default()
            };
            let (r, v) = read_back(&py, &g, &o, "e_antony_blinken");
            let (n, e) = (v.nodes.len(), v.edges.len());
            for f in ["gexf", "graphml", "json", "csv"] {
                let got = r[f].as_array().expect("array");
                assert_eq!(got[0], n, "{name} {f} {view:?} nodes");
                assert_eq!(got[1], e, "{name} {f} {view:?} edges");
                assert_eq!(got[2], "Antony Blinken", "{name} {f} {view:?} label");
                if name == "fixture" {
                    assert_eq!(got[3], "Secretary of State", "{name} {f} {view:?} role");
                }
                assert_eq!(got[4], "person", "{name} {f} {view:?} kind");
                assert_eq!(got[5], false, "{name} {f} {view:?} provisional");
            }
        }
    }
}

/// The fixture plus an entity whose name and role title are `s`, speaking `s` about NATO.
fn graph_with(s: &str) -> KnowledgeGraph {
    let mut facts = fixture::facts();
    let mut e = fixture::entity("odd", "person", s);
    e.provisional = true;
    e.roles = vec![Role {
        title: s.to_string(),
        of: EntityId::new("nato"),
        from: None,
        until: None,
    }];
    let mut extra = facts[0].clone();
    extra.doc.id = "z_odd".into();
    extra.doc.title = Some(s.to_string());
    extra.provisional = vec![e];
    extra.statements = vec![fixture::statement(
        "odd",
        "assert",
        s,
        &["nato"],
        10,
        "2022-01-13",
    )];
    extra.events.clear();
    facts.push(extra);
    KnowledgeGraph::build(&fixture::schema(), facts)
}

/// The text of each `<g class="node">` of a Graphviz SVG whose title is `id`.
fn svg_node_text(svg: &str, id: &str) -> Option<String> {
    let title = format!("<title>{id}</title>");
    let start = svg.find(&title)?;
    let end = svg[start..].find("</g>").map_or(svg.len(), |e| start + e);
    let mut lines = Vec::new();
    let mut rest = &svg[start..end];
    while let Some(i) = rest.find("<text") {
        let after = &rest[i..];
        let open = after.find('>')? + 1;
        let close = after.find("</text>")?;
        lines.push(xml_unescape(&after[open..close]));
        rest = &after[close..];
    }
    Some(lines.join("\n"))
}

fn xml_unescape(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find(';') else { break };
        let ent = &rest[i + 1..i + j];
        let c = match ent {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ if ent.starts_with("#x") => u32::from_str_radix(&ent[2..], 16)
                .ok()
                .and_then(char::from_u32),
            _ if ent.starts_with('#') => ent[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match c {
            Some(c) => out.push(c),
            None => out.push_str(&rest[i..=i + j]),
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

/// The words of `s` (what a drawing must show, whatever it does with spacing).
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

fn interesting() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "\"",
        "\\",
        "\\n",
        "\\N",
        "\n",
        "\r\n",
        "\r",
        "\t",
        "<",
        ">",
        "&",
        "&amp;",
        "&#65;",
        "'",
        ",",
        ";",
        "{",
        "}",
        "[",
        "]",
        "=",
        "->",
        "--",
        " ",
        "  ",
        "\u{0}",
        "\u{7}",
        "\u{1b}",
        "\u{7f}",
        "\u{85}",
        "\u{a0}",
        "\u{200f}",
        "\u{202e}",
        "\u{2028}",
        "\u{feff}",
        "\u{fffe}",
        "\u{ffff}",
        "עברית",
        "العربية",
        "中文字",
        "日本語",
        "한국어",
        "Лавров",
        "😀",
        "e_nato",
        "digraph",
        "]]>",
        "<!--",
        "<?xml",
        "x",
    ]);
    prop_oneof![
        prop::collection::vec(pieces, 0..12).prop_map(|v| v.concat()),
        ".{0,24}"
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]
    /// Any string as a name, role, title and statement survives every format, and the
    /// consumers still accept the files.
    #[test]
    fn any_string_survives_every_format(s in interesting()) {
        let g = graph_with(&s);
        let o = Options { view: ViewKind::Full, max_nodes: Some(0), ..Options::default() };
        let v = export::view::view(&g, &o).expect("view");
        let clean_xml = newsgraph::export::xml::clean(&s);
        // DOT: accepted, one node per node, the name's words all drawn.
        if let Some(dot) = dot() {
            let svg = dot_svg(&dot, &one(&g, Format::Dot, &o));
            prop_assert_eq!(svg.matches("class=\"node\"").count(), v.nodes.len());
            let drawn = svg_node_text(&svg, "e_odd").unwrap_or_default();
            let shown: String = s.chars().filter(|c| !c.is_control() && *c != '\u{fffe}' && *c != '\u{ffff}' || c.is_whitespace()).collect();
            prop_assert_eq!(words(&drawn), words(&shown), "drawn {:?}", drawn);
        }
        if let Some(xsd) = xmllint() {
            let tmp = tempfile::tempdir().expect("tmp");
            let gexf = write(tmp.path(), "g.gexf", &one(&g, Format::Gexf, &o));
            xmllint_ok(&["--relaxng", &xsd.join("gexf-1.3/gexf.rng").to_string_lossy()], &gexf);
            let gml = write(tmp.path(), "g.graphml", &one(&g, Format::Graphml, &o));
            xmllint_ok(&["--schema", &xsd.join("graphml-1.0/graphml.xsd").to_string_lossy()], &gml);
        }
        if let Some(py) = python() {
            let (r, _) = read_back(&py, &g, &o, "e_odd");
            let label = |f: &str| r[f][2].clone();
            let role = |f: &str| r[f][3].clone();
            let json_str = |x: &str| serde_json::Value::String(x.to_string());
            prop_assert_eq!(label("gexf"), json_str(&newsgraph::export::gexf::token(&clean_xml)));
            prop_assert_eq!(role("gexf"), json_str(&clean_xml));
            prop_assert_eq!(label("graphml"), json_str(&clean_xml));
            prop_assert_eq!(role("graphml"), json_str(&clean_xml));
            prop_assert_eq!(label("json"), json_str(&s));
            prop_assert_eq!(role("json"), json_str(&s));
            let csv_expect: String = s.chars().filter(|&c| !c.is_control() || matches!(c, '\n' | '\r' | '\t')).collect();
            prop_assert_eq!(label("csv"), json_str(&csv_expect));
            for f in ["gexf", "graphml", "json", "csv"] {
                prop_assert_eq!(&r[f][0], &serde_json::Value::from(v.nodes.len()), "{} nodes", f);
            }
        }
    }
}

/// The graph of a corpus of the repository, built as `kg build` does.
fn corpus_graph(corpus: &str) -> KnowledgeGraph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let schema = newsgraph::schema::Schema::load(&root.join("schemas")).expect("the schemas load");
    let corpus = newsgraph::corpus::Corpus::open(&root.join(corpus)).expect("the corpus opens");
    let gaz = newsgraph::extract::Gazetteer::new(&schema);
    newsgraph::graph::pipeline::build_corpus(
        &schema,
        &corpus,
        |d| newsgraph::extract::extract(&gaz, d),
        |_| {},
    )
    .graph
}

/// graphology-gexf, the reader of Gephi Lite, reads every GEXF view of the sample, dev and
/// realistic graphs with the counts `kg export` wrote, every attvalue, and each dated node's
/// and edge's first and last day (graphology drops GEXF's `start`/`spells`, so they are
/// also static attributes).
#[test]
fn graphology_gexf_reads_every_view() {
    let Some(drivers) = common::node_drivers(&["graphology", "graphology-gexf", "@xmldom/xmldom"])
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let mut files = Vec::new();
    let mut expected = Vec::new();
    for (name, corpus) in [
        ("sample", "data/corpus"),
        ("dev", "data/dev/corpus"),
        ("realistic", "data/realistic/articles"),
    ] {
        let g = corpus_graph(corpus);
        for view in VIEWS {
            let o = Options {
                view,
                ..Options::default()
            };
            let (out, v) = export::export(&g, Format::Gexf, &o, CsvFlavor::Gephi).expect("gexf");
            let Output::File(bytes) = out else {
                panic!("gexf is one file")
            };
            let path = write(dir.path(), &format!("{name}-{}.gexf", view.name()), &bytes);
            let dated = v.nodes.iter().filter(|n| n.span().is_some()).count()
                + v.edges.iter().filter(|e| e.span().is_some()).count();
            expected.push((path.clone(), v.nodes.len(), v.edges.len(), dated));
            files.push(path);
        }
    }
    let args: Vec<&std::ffi::OsStr> = files.iter().map(|p| p.as_os_str()).collect();
    let read = common::run_driver(&drivers, "gexf.mjs", &args);
    let read = read.as_array().expect("one result per file");
    assert_eq!(read.len(), expected.len());
    for (r, (path, nodes, edges, dated)) in read.iter().zip(&expected) {
        let what = path.display();
        assert_eq!(
            r["failures"].as_array().map(Vec::len),
            Some(0),
            "{what}: {r}"
        );
        assert_eq!(r["nodes"].as_u64(), Some(*nodes as u64), "{what}: nodes");
        assert_eq!(r["edges"].as_u64(), Some(*edges as u64), "{what}: edges");
        assert_eq!(
            r["timeKept"].as_u64(),
            Some(*dated as u64),
            "{what}: dated elements"
        );
        assert!(
            *nodes > 0 && *dated > 0,
            "{what}: an empty or undated view tests nothing"
        );
        assert!(
            r["attvalues"].as_u64().is_some_and(|n| n >= *nodes as u64),
            "{what}: attvalues"
        );
    }
}
