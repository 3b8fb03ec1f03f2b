//! A Cypher script that loads a view into Neo4j (`cypher-shell -f graph.cypher`) or another
//! openCypher database: uniqueness constraints first (Neo4j 5 syntax), then nodes and
//! relationships as batched `UNWIND [{...}, ...] AS row MERGE ... SET ...` statements, then
//! the kind labels of entities (`:Person`, `:Country`...), as the neo4j-admin CSV gives them.
//!
//! Labels, relationship types and properties are those of the neo4j-admin CSV flavour
//! (`csv.rs`), plus what the queries of `docs/cypher.md` need from statements, events and
//! documents (key, text, act, cue, evidence...). Every string goes through [`string`]; the
//! script is split into sections by `// :section NAME` comment lines, so that a database
//! without Neo4j's constraint or label syntax can run the nodes and relationships alone.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::view::{NodeClass, VEdge, VNode, View};
use crate::graph::{KnowledgeGraph, Node, Provenance};

/// Rows per `UNWIND` statement.
pub const BATCH: usize = 500;

/// The node labels, in the order their nodes are written.
const CLASSES: [NodeClass; 4] = [
    NodeClass::Entity,
    NodeClass::Statement,
    NodeClass::Event,
    NodeClass::Document,
];

/// A Cypher string literal: single-quoted, with `\` and `'` escaped by a backslash (the
/// escapes every openCypher parser reads alike). Other characters stand as they are, line
/// breaks and tabs included (a string literal may hold them; `\n` escapes are not read the
/// same way by every database); other control characters are removed, as the CSV export
/// removes them.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' | '\r' | '\t' => out.push(c),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// A label or relationship type as a Cypher name: backquoted (backquotes doubled) unless it
/// is letters, digits and `_` starting with a letter.
pub fn name(s: &str) -> String {
    let plain = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if plain {
        s.to_string()
    } else {
        format!("`{}`", s.replace('`', "``"))
    }
}

/// A property value.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    /// A string, or null when absent.
    Str(Option<String>),
    /// An integer.
    Int(i64),
    /// A boolean.
    Bool(bool),
    /// A non-empty list of strings, or null when empty (an empty list has no element type
    /// for databases that infer one).
    List(Vec<String>),
}

impl Value {
    fn write(&self, out: &mut String) {
        match self {
            Value::Str(Some(s)) => out.push_str(&string(s)),
            Value::Str(None) => out.push_str("null"),
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Bool(b) => {
                let _ = write!(out, "{b}");
            }
            Value::List(v) if v.is_empty() => out.push_str("null"),
            Value::List(v) => {
                out.push('[');
                for (i, s) in v.iter().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&string(s));
                }
                out.push(']');
            }
        }
    }
}

/// One row of an `UNWIND`: property names (identifiers) and values, in a fixed order.
type Row = Vec<(&'static str, Value, bool)>;

fn opt(s: Option<String>) -> Value {
    Value::Str(s.filter(|s| !s.is_empty()))
}

fn text(s: &str) -> Value {
    Value::Str(Some(s.to_string()))
}

/// `doc:line` (or `doc@start-end` without a line), as `kg query` cites, sorted and distinct.
fn evidence(ps: &[Provenance]) -> Vec<String> {
    let mut ps: Vec<&Provenance> = ps.iter().collect();
    ps.sort();
    let mut out: Vec<String> = Vec::with_capacity(ps.len());
    for p in ps {
        let c = if p.line > 0 {
            format!("{}:{}", p.doc, p.line)
        } else {
            let s = p.span();
            format!("{}@{}-{}", p.doc, s.start, s.end)
        };
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// The properties of a node: those of the neo4j-admin CSV, then the class's own. The third
/// field of each entry says whether the value is a date (`date(...)` when set).
fn node_row(g: &KnowledgeGraph, n: &VNode) -> Row {
    let first = n.span().map(|(a, _)| a.to_string());
    let last = n.span().map(|(_, b)| b.to_string());
    let mut r: Row = vec![
        ("id", text(&n.id), false),
        ("key", text(&n.key), false),
        ("name", text(&n.label), false),
        ("class", text(n.class.name()), false),
        ("kind", text(&n.kind), false),
        ("state", opt(n.state.clone()), false),
        ("role", opt(n.role.clone()), false),
        ("provisional", Value::Bool(n.provisional), false),
        ("mentions", Value::Int(i64::from(n.mentions)), false),
        ("statements", Value::Int(i64::from(n.statements)), false),
        ("sources", Value::Int(i64::from(n.sources)), false),
        ("first", Value::Str(first), true),
        ("last", Value::Str(last), true),
    ];
    let node = g.by_key(&n.key).and_then(|ix| g.node(ix));
    match (n.class, node) {
        (NodeClass::Entity, Some(Node::Entity(e))) => {
            r.push(("entity", text(e.id.as_str()), false));
        }
        (NodeClass::Entity, _) => r.push(("entity", Value::Str(None), false)),
        (NodeClass::Statement, Some(Node::Statement(s))) => {
            r.push(("text", text(&s.text), false));
            r.push(("act", text(&s.act), false));
            r.push(("cue", text(&s.cue), false));
            let speech = match s.kind {
                crate::extract::StatementKind::Direct => "direct",
                crate::extract::StatementKind::Indirect => "indirect",
            };
            r.push(("speech", text(speech), false));
            r.push(("evidence", Value::List(evidence(&s.sources)), false));
        }
        (NodeClass::Statement, _) => {
            for p in ["text", "act", "cue", "speech"] {
                r.push((p, Value::Str(None), false));
            }
            r.push(("evidence", Value::List(vec![]), false));
        }
        (NodeClass::Event, Some(Node::Event(v))) => {
            r.push(("text", text(&v.text), false));
            let source = serde_json::to_value(v.date_source)
                .ok()
                .and_then(|j| j.as_str().map(str::to_string));
            r.push(("date_source", Value::Str(source), false));
            let mode = serde_json::to_value(v.mode)
                .ok()
                .and_then(|j| j.as_str().map(str::to_string));
            r.push(("mode", Value::Str(mode), false));
            r.push(("evidence", Value::List(evidence(&v.sources)), false));
        }
        (NodeClass::Event, _) => {
            for p in ["text", "date_source", "mode"] {
                r.push((p, Value::Str(None), false));
            }
            r.push(("evidence", Value::List(vec![]), false));
        }
        (NodeClass::Document, Some(Node::Document(d))) => {
            r.push(("document", text(&d.id), false));
            r.push(("title", opt(d.title.clone()), false));
            r.push(("outlet", opt(d.outlet.clone()), false));
            r.push(("url", opt(d.url.clone()), false));
        }
        (NodeClass::Document, _) => {
            for p in ["document", "title", "outlet", "url"] {
                r.push((p, Value::Str(None), false));
            }
        }
    }
    r
}

fn edge_row(e: &VEdge) -> Row {
    vec![
        ("source", text(&e.source), false),
        ("target", text(&e.target), false),
        ("weight", Value::Int(i64::from(e.weight.max(1))), false),
        ("acts", opt(Some(e.acts_text())), false),
        ("role", opt(Some(e.label.clone())), false),
        (
            "first",
            Value::Str(e.span().map(|(a, _)| a.to_string())),
            true,
        ),
        (
            "last",
            Value::Str(e.span().map(|(_, b)| b.to_string())),
            true,
        ),
    ]
}

/// `{id: 'x', name: 'y'}`
fn map(row: &Row, out: &mut String) {
    out.push('{');
    for (i, (k, v, _)) in row.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        out.push_str(k);
        out.push_str(": ");
        v.write(out);
    }
    out.push('}');
}

/// `n.a = row.a, n.b = date(row.b)` for every property of `row` but those in `skip`.
fn assignments(var: &str, row: &Row, skip: &[&str]) -> String {
    row.iter()
        .filter(|(k, _, _)| !skip.contains(k))
        .map(|(k, _, is_date)| {
            if *is_date {
                format!("{var}.{k} = date(row.{k})")
            } else {
                format!("{var}.{k} = row.{k}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `UNWIND [rows] AS row <tail>;` statements of at most `batch` rows each.
fn batched(rows: &[Row], batch: usize, tail: &str, out: &mut String) {
    for chunk in rows.chunks(batch.max(1)) {
        out.push_str("UNWIND [");
        for (i, r) in chunk.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            map(r, out);
        }
        out.push_str("] AS row ");
        out.push_str(tail);
        out.push_str(";\n");
    }
}

fn label(class: NodeClass) -> &'static str {
    match class {
        NodeClass::Entity => "Entity",
        NodeClass::Statement => "Statement",
        NodeClass::Event => "Event",
        NodeClass::Document => "Document",
    }
}

/// The script of a view, in batches of [`BATCH`] rows.
pub fn write(g: &KnowledgeGraph, v: &View) -> String {
    write_batched(g, v, BATCH)
}

/// The script of a view, in batches of `batch` rows.
pub fn write_batched(g: &KnowledgeGraph, v: &View, batch: usize) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// newsgraph: {} node(s), {} relationship(s). Load with `cypher-shell -f FILE`; see docs/cypher.md.",
        v.nodes.len(),
        v.edges.len()
    );
    out.push_str("// :section constraints\n");
    for class in CLASSES {
        let l = label(class);
        let _ = writeln!(
            out,
            "CREATE CONSTRAINT {}_id IF NOT EXISTS FOR (n:{l}) REQUIRE n.id IS UNIQUE;",
            l.to_lowercase()
        );
    }
    out.push_str("// :section nodes\n");
    let mut class_of: BTreeMap<&str, NodeClass> = BTreeMap::new();
    for class in CLASSES {
        let rows: Vec<Row> = v
            .nodes
            .iter()
            .filter(|n| n.class == class)
            .map(|n| node_row(g, n))
            .collect();
        if let Some(first) = rows.first() {
            let tail = format!(
                "MERGE (n:{} {{id: row.id}}) SET {}",
                label(class),
                assignments("n", first, &["id"])
            );
            batched(&rows, batch, &tail, &mut out);
        }
    }
    for n in &v.nodes {
        class_of.insert(&n.id, n.class);
    }
    out.push_str("// :section relationships\n");
    // Grouped by type and the labels of both ends, in the view's edge order within a group.
    let mut groups: BTreeMap<(String, NodeClass, NodeClass), Vec<Row>> = BTreeMap::new();
    for e in &v.edges {
        let (Some(&a), Some(&b)) = (
            class_of.get(e.source.as_str()),
            class_of.get(e.target.as_str()),
        ) else {
            continue;
        };
        groups
            .entry((e.kind.name().to_uppercase(), a, b))
            .or_default()
            .push(edge_row(e));
    }
    for ((kind, a, b), rows) in &groups {
        if let Some(first) = rows.first() {
            let tail = format!(
                "MATCH (a:{} {{id: row.source}}) MATCH (b:{} {{id: row.target}}) MERGE (a)-[r:{}]->(b) SET {}",
                label(*a),
                label(*b),
                name(kind),
                assignments("r", first, &["source", "target"])
            );
            batched(rows, batch, &tail, &mut out);
        }
    }
    out.push_str("// :section labels\n");
    let kinds: std::collections::BTreeSet<&str> = v
        .nodes
        .iter()
        .filter(|n| n.class == NodeClass::Entity)
        .map(|n| n.kind.as_str())
        .collect();
    for kind in kinds {
        let _ = writeln!(
            out,
            "MATCH (n:Entity) WHERE n.kind = {} SET n:{};",
            string(kind),
            name(&super::csv::kind_label(kind))
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a literal written by [`string`] back as an openCypher parser does.
    fn unquote(lit: &str) -> Option<String> {
        let inner = lit.strip_prefix('\'')?.strip_suffix('\'')?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => match chars.next()? {
                    '\\' => out.push('\\'),
                    '\'' => out.push('\''),
                    '"' => out.push('"'),
                    _ => return None,
                },
                // An unescaped quote would end the literal early.
                '\'' => return None,
                c => out.push(c),
            }
        }
        Some(out)
    }

    fn check(input: &str, expected: &str) {
        assert_eq!(string(input), expected, "{input:?}");
    }

    #[test]
    fn string_escaping_table() {
        check("plain", "'plain'");
        check("it's", r"'it\'s'");
        check(r"back\slash", r"'back\\slash'");
        check(r"\'", r"'\\\''");
        check("say \"no\"", "'say \"no\"'");
        check("two\nlines\r\tand tab", "'two\nlines\r\tand tab'");
        check("nul\u{0}bell\u{7}", "'nulbell'");
        check("中文 é 😀 \u{2028}", "'中文 é 😀 \u{2028}'");
        check(
            "'; MATCH (n) DETACH DELETE n; //",
            r"'\'; MATCH (n) DETACH DELETE n; //'",
        );
        check(r"\u0027", r"'\\u0027'");
        check("", "''");
    }

    #[test]
    fn names_are_backquoted_when_needed() {
        assert_eq!(name("Person"), "Person");
        assert_eq!(name("SAID_ABOUT"), "SAID_ABOUT");
        assert_eq!(name("Odd Kind"), "`Odd Kind`");
        assert_eq!(name("a`b"), "`a``b`");
        assert_eq!(name("1st"), "`1st`");
        assert_eq!(name(""), "``");
    }

    proptest::proptest! {
        #[test]
        fn any_string_round_trips(s in "\\PC*|[\\\\'\"\n\r\t\\x00-\\x1f;/]*") {
            let lit = string(&s);
            let kept: String = s
                .chars()
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
                .collect();
            proptest::prop_assert_eq!(unquote(&lit), Some(kept));
        }
    }

    fn sample() -> (KnowledgeGraph, View) {
        let g = KnowledgeGraph::build(
            &crate::graph::fixture::schema(),
            crate::graph::fixture::facts(),
        );
        let o = super::super::Options {
            view: super::super::ViewKind::Full,
            ..Default::default()
        };
        let v = super::super::view::view(&g, &o).expect("the fixture's view");
        (g, v)
    }

    /// The rows of each `UNWIND` statement of a script.
    fn batch_sizes(script: &str) -> Vec<usize> {
        script
            .lines()
            .filter(|l| l.starts_with("UNWIND ["))
            .map(|l| l.matches("{id: '").count() + l.matches("{source: '").count())
            .collect()
    }

    #[test]
    fn batches_hold_every_row_once_and_at_most_the_batch_size() {
        let (g, v) = sample();
        let total = v.nodes.len() + v.edges.len();
        assert!(total > 20, "the fixture is big enough to batch: {total}");
        for batch in [1, 2, 7, BATCH] {
            let script = write_batched(&g, &v, batch);
            let sizes = batch_sizes(&script);
            assert!(
                sizes.iter().all(|&n| n >= 1 && n <= batch),
                "{batch}: {sizes:?}"
            );
            assert_eq!(sizes.iter().sum::<usize>(), total, "batch {batch}");
        }
        // One statement per class and relationship group when everything fits.
        let one = batch_sizes(&write_batched(&g, &v, usize::MAX));
        let mut groups: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for l in write(&g, &v).lines().filter(|l| l.starts_with("UNWIND [")) {
            let tail = l.rsplit_once("] AS row ").map(|(_, t)| t.to_string());
            groups.extend(tail);
        }
        assert_eq!(one.len(), groups.len());
    }

    #[test]
    fn sections_in_order_and_output_deterministic() {
        let (g, v) = sample();
        let a = write(&g, &v);
        assert_eq!(a, write(&g, &v));
        let pos = |s: &str| a.find(&format!("// :section {s}\n"));
        let (c, n, r, l) = (
            pos("constraints"),
            pos("nodes"),
            pos("relationships"),
            pos("labels"),
        );
        assert!(
            c < n && n < r && r < l && c.is_some(),
            "{c:?} {n:?} {r:?} {l:?}"
        );
        assert!(a.contains(
            "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;"
        ));
        assert!(a.contains("MERGE (a)-[r:SAID]->(b)"));
        assert!(a.contains("MATCH (n:Entity) WHERE n.kind = 'person' SET n:Person;"));
        // Every statement ends its line, and nothing but statements and comments is written.
        for line in a.lines() {
            assert!(line.starts_with("// ") || line.ends_with(';'), "{line:.80}");
        }
    }

    #[test]
    fn dates_go_through_the_date_function() {
        let (g, v) = sample();
        let a = write(&g, &v);
        assert!(a.contains("n.first = date(row.first)"));
        assert!(a.contains("first: '20"), "dated facts in the fixture");
    }
}
