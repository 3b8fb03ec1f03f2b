//! The checks behind the fuzz targets of newsgraph, one function per target, shared with the
//! property tests of the repository (`tests/fuzz_props.rs` includes this file). Each function
//! takes the raw input, runs it through the library the way `kg` does, and panics (which the
//! fuzzer reports as a finding) on a panic of the library or on output that breaks what the
//! library promises: spans inside the text, errors with `path:line:col`, exports that their
//! consumers can parse and that keep the strings they were given.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, OnceLock};

use chrono::NaiveDate;
use newsgraph::corpus::{Corpus, CorpusSummary, Document};
use newsgraph::diag::Diagnostic;
use newsgraph::export::{self, CsvFlavor, Format, Options, Output, ViewKind};
use newsgraph::extract::{extract, extract_with_budget, Budget, DocFacts, Gazetteer};
use newsgraph::graph::{
    DocumentNode, Edge, EdgeKind, EntityNode, KnowledgeGraph, Node, NodeIx, Provenance,
    StatementNode,
};
use newsgraph::query::Query;
use newsgraph::schema::{EntityId, Role, Schema};

/// The repository root (this file is compiled both from `fuzz/` and from the root's tests).
pub fn repo_root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    if here.join("schemas").is_dir() {
        here.to_path_buf()
    } else {
        here.join("..")
    }
}

/// The repository's schema, loaded once.
pub fn schema() -> &'static Schema {
    static SCHEMA: OnceLock<Schema> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let dir = repo_root().join("schemas");
        Schema::load(&dir).unwrap_or_else(|e| panic!("{}: {:?}", dir.display(), e.diagnostics))
    })
}

/// The gazetteer of the repository's schema, built once.
pub fn gazetteer() -> &'static Gazetteer {
    static GAZ: OnceLock<Gazetteer> = OnceLock::new();
    GAZ.get_or_init(|| Gazetteer::new(schema()))
}

/// The checks that write files into a directory shared by the calls of one process hold
/// this lock, so that tests running them on several threads do not mix their files.
fn files_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

// ---------------------------------------------------------------------------------------
// extract_document

/// Checks the facts of a document: every span inside the text and on character boundaries.
fn check_facts(doc: &Document, f: &DocFacts) {
    let text = doc.text.as_str();
    let inside = |what: &str, s: newsgraph::diag::Span| {
        assert!(
            s.start <= s.end && text.get(s.start..s.end).is_some(),
            "{what} span {}..{} outside the text of {} bytes or not on a char boundary",
            s.start,
            s.end,
            text.len()
        );
    };
    for m in &f.mentions {
        inside("mention", m.span);
    }
    for s in &f.statements {
        inside("statement", s.span);
        inside("statement sentence", s.sentence);
        if let Some(sp) = s.speaker_span {
            inside("speaker", sp);
        }
    }
    for e in &f.events {
        inside("event", e.span);
    }
}

/// `extract_document`: any bytes (read as UTF-8, invalid sequences replaced, as a file would
/// be after the corpus rejected nothing) through the extraction of one document. It must
/// not panic, must keep its spans inside the text, and must never use up the document's
/// work budget: the budget is sized so that only a rule gone super-linear reaches it. Then
/// the same document with a budget of a few steps per byte must stop early without panicking.
pub fn check_extract(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::from_text("fuzz", text);
    assert!(doc.body_start <= doc.text.len() && doc.text.is_char_boundary(doc.body_start));
    let gaz = gazetteer();
    let facts = extract(gaz, &doc);
    check_facts(&doc, &facts);
    let spent = facts
        .diagnostics
        .iter()
        .find(|d| d.message.contains("work budget"));
    assert!(
        spent.is_none(),
        "the work budget ran out on {} bytes: {spent:?}",
        doc.text.len()
    );
    // A budget far too small: the stages stop where they are, keep what they found, and say
    // so. (What they found is not always a subset of the full run's facts: a statement the
    // full run drops as a repeat of a later one is kept when the later one is never read.)
    let small = extract_with_budget(gaz, &doc, Budget::new(data.len() as u64 / 2));
    check_facts(&doc, &small);
    if small.statements != facts.statements || small.events != facts.events {
        assert!(
            small
                .diagnostics
                .iter()
                .any(|d| d.message.contains("work budget") && d.message.contains("stage")),
            "facts differ from the full run's without a budget warning: {:?}",
            small.diagnostics
        );
    }
}

// ---------------------------------------------------------------------------------------
// corpus_reader

/// Directories the corpus checks write into, made once per process.
struct CorpusDirs {
    _tmp: tempfile::TempDir,
    txt: PathBuf,
    jsonl: PathBuf,
    meta: PathBuf,
}

fn corpus_dirs() -> &'static CorpusDirs {
    static DIRS: OnceLock<CorpusDirs> = OnceLock::new();
    DIRS.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let make = |name: &str| {
            let p = tmp.path().join(name);
            std::fs::create_dir_all(&p).expect("a directory in the temporary directory");
            p
        };
        let (txt, jsonl, meta) = (make("txt"), make("jsonl"), make("meta"));
        // Beside the metadata: an article whose id the metadata may or may not name.
        std::fs::write(
            meta.join("a.txt"),
            "Talks in Geneva\n\nThe minister said the talks were useful.\n",
        )
        .expect("write a.txt");
        CorpusDirs {
            _tmp: tmp,
            txt,
            jsonl,
            meta,
        }
    })
}

/// Reads a corpus directory or file as `kg build` does and checks every item.
fn read_corpus(path: &Path) -> Result<usize, String> {
    let corpus = Corpus::open(path).map_err(|e| e.to_string())?;
    let mut summary = CorpusSummary {
        warnings: corpus.metadata_warnings(),
        ..Default::default()
    };
    let mut docs = 0;
    for item in corpus.stream() {
        summary.add_item(&item);
        match &item {
            Ok(doc) => {
                docs += 1;
                assert!(
                    doc.body_start <= doc.text.len() && doc.text.is_char_boundary(doc.body_start),
                    "body_start {} in a text of {} bytes",
                    doc.body_start,
                    doc.text.len()
                );
                assert!(!doc.id.is_empty(), "a document without id");
            }
            Err(w) => check_diagnostic(w),
        }
    }
    let _ = summary.render(schema(), 20);
    Ok(docs)
}

/// A diagnostic must print as `path: message` or `path:line:col: message`, 1-based.
fn check_diagnostic(d: &Diagnostic) {
    let shown = d.to_string();
    assert!(
        shown.contains(&d.path.display().to_string()),
        "diagnostic without its path: {shown}"
    );
    if let Some((line, col)) = d.position {
        assert!(line >= 1 && col >= 1, "position {line}:{col} in {shown}");
        assert!(
            shown.contains(&format!(":{line}:{col}")),
            "position not shown: {shown}"
        );
    }
    assert!(!d.message.is_empty(), "empty message: {shown}");
}

/// `corpus_reader`: the same bytes as a `.txt` article, as a JSON Lines file, and as the
/// `metadata.json` beside an article, each read back through [`Corpus`] as `kg build`
/// reads a corpus: documents or warnings, never a panic; a metadata file that cannot be
/// used is an error naming `metadata.json:line:col`.
pub fn check_corpus(data: &[u8]) {
    let _lock = files_lock();
    let dirs = corpus_dirs();
    let txt = dirs.txt.join("doc.txt");
    std::fs::write(&txt, data).expect("write doc.txt");
    let dir_docs = read_corpus(&dirs.txt).expect("a directory of .txt files opens");
    let file_docs = read_corpus(&txt).expect("a .txt file opens");
    assert_eq!(dir_docs, file_docs, "the same file read two ways");

    let jsonl = dirs.jsonl.join("records.jsonl");
    std::fs::write(&jsonl, data).expect("write records.jsonl");
    read_corpus(&dirs.jsonl).expect("a directory of .jsonl files opens");

    std::fs::write(dirs.meta.join("metadata.json"), data).expect("write metadata.json");
    match read_corpus(&dirs.meta) {
        Ok(n) => assert_eq!(n, 1, "the one article beside the metadata"),
        Err(e) => {
            let at = e
                .find("metadata.json:")
                .map(|i| &e[i + "metadata.json:".len()..]);
            let pos: Vec<&str> = at.map(|r| r.splitn(3, ':').collect()).unwrap_or_default();
            assert!(
                pos.len() == 3
                    && pos[0].parse::<usize>().is_ok()
                    && pos[1].parse::<usize>().is_ok(),
                "metadata error without metadata.json:line:col: {e}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// schema_load

/// Which schema file the input replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaFile {
    /// `ontology.ron`.
    Ontology,
    /// `lexicon.ron`.
    Lexicon,
    /// `entities/people.ron`, an entity file.
    Entities,
}

impl SchemaFile {
    /// The file chosen by the first byte of a fuzz input.
    pub fn of_byte(b: u8) -> SchemaFile {
        match b % 3 {
            0 => SchemaFile::Ontology,
            1 => SchemaFile::Lexicon,
            _ => SchemaFile::Entities,
        }
    }

    fn relative(self) -> &'static str {
        match self {
            SchemaFile::Ontology => "ontology.ron",
            SchemaFile::Lexicon => "lexicon.ron",
            SchemaFile::Entities => "entities/people.ron",
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create a schema copy");
    for entry in std::fs::read_dir(from).expect("read the schema directory") {
        let p = entry.expect("a directory entry").path();
        let target = to.join(p.file_name().expect("a file name"));
        if p.is_dir() {
            copy_dir(&p, &target);
        } else if p.extension().is_some_and(|e| e == "ron") {
            std::fs::copy(&p, &target).expect("copy a schema file");
        }
    }
}

/// The schema the input's file goes into.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaBase {
    /// The small sound schema of the tests (`tests/fixtures/schemas/clean`): fast to check.
    Small,
    /// The repository's `schemas/`.
    Repository,
}

impl SchemaBase {
    /// The base chosen by the first byte of a fuzz input (with [`SchemaFile::of_byte`]).
    pub fn of_byte(b: u8) -> SchemaBase {
        match (b / 3) % 2 {
            0 => SchemaBase::Small,
            _ => SchemaBase::Repository,
        }
    }
}

/// A copy of each base schema per replaced file, made once per process.
fn schema_dir(base: SchemaBase, which: SchemaFile) -> &'static Path {
    static DIRS: OnceLock<(tempfile::TempDir, [[PathBuf; 3]; 2])> = OnceLock::new();
    let (_, dirs) = DIRS.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("a temporary directory");
        let root = repo_root();
        let sources = [
            root.join("tests/fixtures/schemas/clean"),
            root.join("schemas"),
        ];
        let dirs = [0, 1].map(|b| {
            ["ontology", "lexicon", "entities"].map(|n| tmp.path().join(format!("{b}-{n}")))
        });
        for (src, copies) in sources.iter().zip(&dirs) {
            for d in copies {
                copy_dir(src, d);
            }
        }
        (tmp, dirs)
    });
    &dirs[base as usize][which as usize]
}

/// `schema_load`: `data` as one file of an otherwise sound schema, through the checker
/// (`kg check`) and the loader. Never a panic; every error has a position (`path:line:col`)
/// inside the file it names; the loader fails exactly when the checker finds an error; a
/// schema that loads builds a gazetteer that extracts a short article.
pub fn check_schema(base: SchemaBase, which: SchemaFile, data: &[u8]) {
    let _lock = files_lock();
    let dir = schema_dir(base, which);
    let file = dir.join(which.relative());
    std::fs::write(&file, data).expect("write the schema file");
    let (schema, diags) = Schema::check(dir);
    let mut sources: BTreeMap<PathBuf, String> = BTreeMap::new();
    for d in &diags {
        check_diagnostic(d);
        if !d.is_error() {
            continue;
        }
        let Some((line, _)) = d.position else {
            panic!("error without line:col: {d}");
        };
        let src = sources.entry(d.path.clone()).or_insert_with(|| {
            std::fs::read(&d.path)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default()
        });
        let lines = src.split('\n').count();
        assert!(
            line <= lines,
            "{d}: line past the {lines} line(s) of the file"
        );
    }
    let errors = diags.iter().any(Diagnostic::is_error);
    match Schema::load(dir) {
        Ok(s) => {
            assert!(!errors, "loaded despite errors: {diags:?}");
            assert!(schema.is_some());
            let gaz = Gazetteer::new(&s);
            let doc = Document::from_text(
                "fuzz",
                "GENEVA, January 10. The minister said on Monday that \"the talks were useful\", \
                 and he met the president in Geneva.\n"
                    .to_string(),
            );
            check_facts(&doc, &extract(&gaz, &doc));
        }
        Err(e) => {
            assert!(errors, "load failed without an error from check");
            assert!(e.diagnostics.iter().any(Diagnostic::is_error));
        }
    }
}

// ---------------------------------------------------------------------------------------
// graph_load

/// `graph_load`: any bytes as a `graph.json`. Either a clear error (`line:col: what:
/// message`, or a version message), or a graph that every exporter (but the ones that run
/// Graphviz) and the queries handle without panicking, and that saves to a file which loads
/// back to the same bytes.
pub fn check_graph(data: &[u8]) {
    let _ = KnowledgeGraph::is_graph_file(data);
    let g = match KnowledgeGraph::load(data) {
        Ok(g) => g,
        Err(e) => {
            let shown = e.at(Path::new("graph.json"));
            assert!(shown.starts_with("graph.json"), "{shown}");
            if let newsgraph::graph::io::LoadError::Json { line, column, .. } = e {
                assert!(line >= 1 && column <= data.len() + 1, "{shown}");
            }
            return;
        }
    };
    let saved = g.save().expect("a loaded graph saves");
    let again = KnowledgeGraph::load(&saved).expect("a saved graph loads");
    assert_eq!(
        again.save().expect("saves"),
        saved,
        "save(load(save(g))) differs from save(g)"
    );
    let _ = g.summary();
    for format in [
        Format::Dot,
        Format::Gexf,
        Format::Graphml,
        Format::Json,
        Format::Csv,
    ] {
        for view in [ViewKind::Actors, ViewKind::Events, ViewKind::Full] {
            let o = Options {
                view,
                max_nodes: Some(0),
                ..Options::default()
            };
            export::export(&g, format, &o, CsvFlavor::Neo4j)
                .unwrap_or_else(|e| panic!("{} export of a loaded graph: {e}", format.name()));
        }
    }
    let q = Query::new(&g);
    let _ = q.said(&Default::default());
    let _ = q.timeline(None);
    for by in ["statements", "mentioned", "about", "pagerank"] {
        if let Ok(by) = newsgraph::query::TopBy::parse(by) {
            let _ = q.top(by, 5);
        }
    }
    let ids: Vec<String> = g
        .nodes_by_key()
        .filter_map(|ix| match g.node(ix) {
            Some(Node::Entity(e)) => Some(e.id.as_str().to_string()),
            _ => None,
        })
        .take(3)
        .collect();
    for id in &ids {
        let _ = q.entity(id);
        let _ = q.timeline(Some(id));
        let o = Options {
            view: ViewKind::Full,
            focus: Some(id.clone()),
            depth: 2,
            max_nodes: Some(0),
            ..Options::default()
        };
        let _ = export::export(&g, Format::Json, &o, CsvFlavor::Gephi);
    }
    if let [a, b, ..] = ids.as_slice() {
        let _ = q.path(a, b);
    }
}

// ---------------------------------------------------------------------------------------
// facts_merge

/// `facts_merge`: bytes as the JSON Lines of `kg extract --facts` that `kg merge` reads
/// (possibly written on another machine, possibly edited): every line that parses as the
/// facts of a document goes into one graph with the repository's schema, as `kg merge`
/// builds it. Never a panic, whatever the spans, ids and dates say; the graph saves, loads
/// back and exports.
pub fn check_merge(data: &[u8]) {
    let facts: Vec<DocFacts> = data
        .split(|&b| b == b'\n')
        .filter_map(|line| serde_json::from_slice(line).ok())
        .collect();
    let g = KnowledgeGraph::build(schema(), facts);
    let saved = g.save().expect("a built graph saves");
    KnowledgeGraph::load(&saved).expect("a saved graph loads");
    let _ = g.summary();
    let full = Options {
        view: ViewKind::Full,
        max_nodes: Some(0),
        ..Options::default()
    };
    for format in [Format::Json, Format::Dot] {
        export::export(&g, format, &full, CsvFlavor::Gephi)
            .unwrap_or_else(|e| panic!("{} export of a merged graph: {e}", format.name()));
    }
}

// ---------------------------------------------------------------------------------------
// export_escape

/// A small graph whose strings are the fuzzer's (or a property test's).
#[derive(Debug, Clone, Default)]
pub struct ExportInput {
    /// Entities: name and aliases.
    pub entities: Vec<(String, Vec<String>)>,
    /// Documents: id, title, outlet, url.
    pub documents: Vec<DocInput>,
    /// Statements: speaker and target (indexes into `entities`, wrapped), text, document
    /// (index into `documents`, wrapped).
    pub statements: Vec<(usize, usize, String, usize)>,
    /// Role titles held by the first entity in the second.
    pub roles: Vec<String>,
}

/// A document of an [`ExportInput`].
#[derive(Debug, Clone, Default)]
pub struct DocInput {
    /// Document id.
    pub id: String,
    /// Title.
    pub title: Option<String>,
    /// Outlet.
    pub outlet: Option<String>,
    /// Url.
    pub url: Option<String>,
}

const DATE: fn() -> Option<NaiveDate> = || NaiveDate::from_ymd_opt(2024, 3, 5);
const KINDS: [&str; 3] = ["person", "country", "organization"];
const ACTS: [&str; 3] = ["assert", "warn", "demand"];

/// Builds the graph of an input and the label each node must show, by key.
pub fn export_graph(input: &ExportInput) -> (KnowledgeGraph, BTreeMap<String, String>) {
    let mut g = KnowledgeGraph::new();
    let mut labels = BTreeMap::new();
    let mut ents: Vec<(EntityId, NodeIx)> = Vec::new();
    for (i, (name, aliases)) in input.entities.iter().enumerate() {
        let id = EntityId::new(&format!("{}_{i}", EntityId::slug_of(name).as_str()))
            .expect("a slug and a number make a slug");
        let ix = g.add_node(Node::Entity(Box::new(EntityNode {
            id: id.clone(),
            kind: KINDS[i % KINDS.len()].to_string(),
            name: name.clone(),
            aliases: aliases.clone(),
            gender: None,
            roles: Vec::new(),
            states: Vec::new(),
            provisional: i % 2 == 1,
            mentions: Vec::new(),
        })));
        labels.insert(format!("e:{}", id.as_str()), name.clone());
        ents.push((id, ix));
    }
    let mut docs: Vec<(String, NodeIx)> = Vec::new();
    for d in &input.documents {
        if docs.iter().any(|(id, _)| *id == d.id) {
            continue;
        }
        let ix = g.add_node(Node::Document(DocumentNode {
            id: d.id.clone(),
            title: d.title.clone(),
            date: DATE(),
            outlet: d.outlet.clone(),
            url: d.url.clone(),
        }));
        labels.insert(
            format!("d:{}", d.id),
            d.title.clone().unwrap_or_else(|| d.id.clone()),
        );
        docs.push((d.id.clone(), ix));
    }
    if !ents.is_empty() {
        let mut said_about: BTreeMap<(usize, usize), Edge> = BTreeMap::new();
        for (i, (sp, ab, text, doc)) in input.statements.iter().enumerate() {
            let (sp, ab) = (sp % ents.len(), ab % ents.len());
            let act = ACTS[i % ACTS.len()];
            let doc = (!docs.is_empty()).then(|| &docs[doc % docs.len()]);
            let key = format!("st{i}");
            let s = g.add_node(Node::Statement(StatementNode {
                key: key.clone().into(),
                speaker: ents[sp].0.clone(),
                kind: newsgraph::extract::StatementKind::Direct,
                cue: "said".into(),
                act: act.into(),
                text: text.clone().into(),
                about: vec![ents[ab].0.clone()].into(),
                relays: Box::new([]),
                date: DATE(),
                sources: doc
                    .map(|(id, _)| {
                        Provenance::new(id.as_str(), newsgraph::diag::Span::new(0, 1), 1)
                    })
                    .into_iter()
                    .collect(),
            }));
            labels.insert(format!("s:{key}"), text.clone());
            g.add_edge(ents[sp].1, s, Edge::new(EdgeKind::Said));
            g.add_edge(s, ents[ab].1, Edge::new(EdgeKind::About));
            if let Some((_, d)) = doc {
                g.add_edge(s, *d, Edge::new(EdgeKind::ReportedIn));
            }
            let e = said_about.entry((sp, ab)).or_insert_with(|| {
                let mut e = Edge::new(EdgeKind::SaidAbout);
                e.weight = 0;
                e
            });
            e.weight += 1;
            e.count_act(act);
            e.first = DATE();
            e.last = DATE();
        }
        for ((a, b), e) in said_about {
            g.add_edge(ents[a].1, ents[b].1, e);
        }
        if ents.len() >= 2 {
            for title in &input.roles {
                if let Some(Node::Entity(e)) = g.graph.node_weight_mut(ents[0].1) {
                    e.roles.push(Role {
                        title: title.clone(),
                        of: Some(ents[1].0.clone()),
                        from: DATE(),
                        until: None,
                    });
                }
                let mut edge = Edge::new(EdgeKind::HoldsRole);
                edge.set_label(title.clone());
                g.add_edge(ents[0].1, ents[1].1, edge);
            }
        }
    }
    (g, labels)
}

/// The characters XML 1.0 allows (the `Char` production), written here again rather than
/// taken from the exporter, so that the check does not trust the code it checks.
fn xml_char(c: char) -> bool {
    matches!(c as u32, 0x9 | 0xA | 0xD | 0x20..=0xD7FF | 0xE000..=0xFFFD | 0x10000..=0x10FFFF)
}

fn xml_clean(s: &str) -> String {
    s.chars().filter(|&c| xml_char(c)).collect()
}

/// What an `xsd:token` reader gets: XML whitespace runs collapsed to one space, trimmed.
fn xml_token(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a CSV reader gets back: control characters other than line breaks and tabs removed.
fn csv_clean(s: &str) -> String {
    s.chars()
        .filter(|&c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect()
}

fn file(out: Output) -> String {
    match out {
        Output::File(b) => String::from_utf8(b).expect("exports are UTF-8"),
        Output::Files(_) => panic!("one file expected"),
    }
}

/// Checks that a DOT file's double-quoted strings and braces balance, outside strings.
fn check_dot_lexically(dot: &str) {
    let mut depth = 0i64;
    let mut chars = dot.chars();
    let mut in_str = false;
    while let Some(c) = chars.next() {
        if in_str {
            match c {
                '\\' => {
                    chars.next();
                }
                '"' => in_str = false,
                '\n' => panic!("a line break inside a DOT string:\n{dot}"),
                _ => {}
            }
        } else {
            match c {
                '"' => in_str = true,
                '{' => depth += 1,
                '}' => depth -= 1,
                _ => {}
            }
            assert!(depth >= 0, "unbalanced braces in DOT:\n{dot}");
        }
    }
    assert!(!in_str, "a DOT string never closed:\n{dot}");
    assert_eq!(depth, 0, "unbalanced braces in DOT:\n{dot}");
}

/// `export_escape`: every exporter on a graph of hostile strings, its output read back as
/// its consumer would: GEXF and GraphML by an XML parser (labels round-trip to the
/// original, less the characters XML forbids), JSON by serde_json (labels round-trip
/// exactly), CSV by the `csv` crate (each row as wide as the header, labels round-trip),
/// DOT by graphviz-rust's parser and a lexical balance check.
pub fn check_export(input: &ExportInput) {
    let (g, labels) = export_graph(input);
    let full = Options {
        view: ViewKind::Full,
        max_nodes: Some(0),
        ..Options::default()
    };
    let v = export::view::view(&g, &full).expect("the full view of a graph");
    // The label each view node must show, by the view's id.
    let mut by_id: BTreeMap<String, String> = BTreeMap::new();
    for n in &v.nodes {
        if let Some(l) = labels.get(&n.key) {
            assert_eq!(&n.label, l, "view label of {}", n.key);
            by_id.insert(n.id.clone(), l.clone());
        }
    }
    let node_count = v.nodes.len();

    // JSON.
    let json = file(
        export::export(&g, Format::Json, &full, CsvFlavor::Gephi)
            .expect("json")
            .0,
    );
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON export parses");
    let nodes = doc["nodes"].as_array().expect("a nodes array");
    assert_eq!(nodes.len(), node_count);
    for n in nodes {
        let id = n["id"].as_str().expect("a node id");
        if let Some(l) = by_id.get(id) {
            assert_eq!(n["label"].as_str(), Some(l.as_str()), "JSON label of {id}");
        }
    }
    assert!(doc["edges"].as_array().is_some(), "an edges array");

    // GraphML.
    let graphml = file(
        export::export(&g, Format::Graphml, &full, CsvFlavor::Gephi)
            .expect("graphml")
            .0,
    );
    let x = roxmltree::Document::parse(&graphml)
        .unwrap_or_else(|e| panic!("GraphML is not well-formed XML: {e}\n{graphml}"));
    let mut seen = 0;
    for n in x.descendants().filter(|n| n.has_tag_name("node")) {
        seen += 1;
        let id = n.attribute("id").expect("a node id");
        let label = n
            .children()
            .find(|c| c.has_tag_name("data") && c.attribute("key") == Some("node_label"))
            .map(|c| c.text().unwrap_or("").to_string());
        if let Some(l) = by_id.get(id) {
            assert_eq!(label, Some(xml_clean(l)), "GraphML label of {id}");
        }
    }
    assert_eq!(seen, node_count, "GraphML nodes");

    // GEXF.
    let gexf = file(
        export::export(&g, Format::Gexf, &full, CsvFlavor::Gephi)
            .expect("gexf")
            .0,
    );
    let x = roxmltree::Document::parse(&gexf)
        .unwrap_or_else(|e| panic!("GEXF is not well-formed XML: {e}\n{gexf}"));
    let mut seen = 0;
    for n in x.descendants().filter(|n| n.has_tag_name("node")) {
        seen += 1;
        let id = n.attribute("id").expect("a node id");
        if let Some(l) = by_id.get(id) {
            assert_eq!(
                n.attribute("label").map(str::to_string),
                Some(xml_token(&xml_clean(l))),
                "GEXF label of {id}"
            );
        }
    }
    assert_eq!(seen, node_count, "GEXF nodes");

    // CSV, both flavours.
    for flavor in [CsvFlavor::Gephi, CsvFlavor::Neo4j] {
        let Output::Files(files) = export::export(&g, Format::Csv, &full, flavor)
            .expect("csv")
            .0
        else {
            panic!("CSV is two files");
        };
        for (name, bytes) in files {
            let mut r = csv::ReaderBuilder::new()
                .has_headers(true)
                .flexible(false)
                .from_reader(bytes.as_slice());
            let width = r.headers().expect("a CSV header").len();
            let mut rows = 0;
            for rec in r.records() {
                let rec = rec.unwrap_or_else(|e| panic!("{name}: CSV does not parse: {e}"));
                assert_eq!(rec.len(), width, "{name}: row of {} fields", rec.len());
                rows += 1;
                if name == "nodes.csv" {
                    let id = rec.get(0).expect("an id");
                    if let Some(l) = by_id.get(id) {
                        assert_eq!(
                            rec.get(1),
                            Some(csv_clean(l).as_str()),
                            "{name}: label of {id}"
                        );
                    }
                }
            }
            if name == "nodes.csv" {
                assert_eq!(rows, node_count, "{name}: rows");
            }
        }
    }

    // DOT, of each view (diagram labels are shortened and wrapped, so only the syntax is
    // checked).
    for view in [ViewKind::Actors, ViewKind::Events, ViewKind::Full] {
        let o = Options {
            view,
            max_nodes: Some(0),
            ..Options::default()
        };
        let dot = file(
            export::export(&g, Format::Dot, &o, CsvFlavor::Gephi)
                .expect("dot")
                .0,
        );
        check_dot_lexically(&dot);
        graphviz_rust::parse(&dot).unwrap_or_else(|e| panic!("DOT does not parse: {e}\n{dot}"));
    }
}

/// Reads an [`ExportInput`] from fuzz bytes: strings cut at `\x00`, one field after the
/// other, so that a seed file is readable text.
pub fn export_input_of_bytes(data: &[u8]) -> ExportInput {
    let text = String::from_utf8_lossy(data);
    let mut parts = text.split('\u{0}');
    let mut next = || parts.next().map(str::to_string);
    let mut input = ExportInput::default();
    let n_ent = next().map_or(0, |s| s.chars().count() % 5 + 1);
    for _ in 0..n_ent {
        let name = next().unwrap_or_default();
        let aliases = next().map(|a| vec![a]).unwrap_or_default();
        input.entities.push((name, aliases));
    }
    for i in 0..2 {
        let id = next().unwrap_or_else(|| format!("doc{i}"));
        input.documents.push(DocInput {
            id,
            title: next().filter(|t| !t.is_empty()),
            outlet: next(),
            url: next(),
        });
    }
    let mut i = 0;
    while let Some(text) = next() {
        if i % 4 == 3 {
            input.roles.push(text);
        } else {
            input.statements.push((i, i / 2 + 1, text, i));
        }
        i += 1;
    }
    input
}
