//! Graphviz DOT output, built with graphviz-rust's structures and printer.
//!
//! The printer writes ids as given and escapes nothing, so every id, label and attribute value
//! goes through [`quote`], the one function that makes a DOT double-quoted string. Node ids
//! are the view's synthetic ids; names are labels. Rendering to SVG/PNG is `render`'s.

use std::collections::BTreeMap;

use graphviz_rust::dot_structures::{
    Attribute, Edge, EdgeTy, Graph, GraphAttributes, Id, Node, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::{DotPrinter, PrinterContext};

use crate::graph::EdgeKind;

use super::style;
use super::view::{NodeClass, Options, VEdge, VNode, View, ViewKind};

/// Longest statement label in a diagram, in characters (the full text is in other formats).
const STATEMENT_LABEL_CHARS: usize = 90;
/// Width at which long labels are wrapped.
const WRAP_CHARS: usize = 28;

/// `s` as a DOT double-quoted string: `"` and `\` escaped, line breaks as `\n`, tabs as
/// spaces (so are the other control spaces), `&` as `&amp;` (Graphviz decodes HTML entities in labels), control characters
/// removed. The result, read back by Graphviz, displays as `s` does.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            // Tabs, vertical tabs, form feeds, NEL: spacing, not text.
            c if c.is_whitespace() && c.is_control() => out.push(' '),
            c if c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn id(s: &str) -> Id {
    Id::Escaped(quote(s))
}

fn attr(name: &str, value: &str) -> Attribute {
    Attribute(id(name), id(value))
}

/// Wraps `s` on spaces at about `width` characters.
fn wrap(s: &str, width: usize) -> String {
    let mut out = String::new();
    let mut line = 0;
    for w in s.split_whitespace() {
        let n = w.chars().count();
        if line > 0 && line + 1 + n > width {
            out.push('\n');
            line = 0;
        } else if line > 0 {
            out.push(' ');
            line += 1;
        }
        out.push_str(w);
        line += n;
    }
    out
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
    t.push('…');
    t
}

fn node_label(n: &VNode) -> String {
    match n.class {
        NodeClass::Statement => wrap(&truncate(&n.label, STATEMENT_LABEL_CHARS), WRAP_CHARS),
        NodeClass::Event | NodeClass::Document => wrap(&n.label, WRAP_CHARS),
        NodeClass::Entity => n.label.clone(),
    }
}

fn node_stmt(n: &VNode) -> Stmt {
    let c = style::color(n);
    let mut tip = vec![n.kind.clone()];
    tip.extend(n.role.clone());
    tip.extend(n.state.clone());
    if n.provisional {
        tip.push("provisional".into());
    }
    let mut attrs = vec![
        attr("label", &node_label(n)),
        attr("shape", style::dot_shape(n)),
        attr("fillcolor", &c.hex()),
        attr("tooltip", &tip.join("; ")),
    ];
    if style::dark(c) {
        attrs.push(attr("fontcolor", "white"));
    }
    if n.provisional {
        attrs.push(attr("style", "filled,dashed"));
    }
    Stmt::Node(Node::new(NodeId(id(&n.id), None), attrs))
}

fn edge_label(e: &VEdge, view: ViewKind) -> String {
    match e.kind {
        EdgeKind::SaidAbout if e.acts.is_empty() => e.weight.to_string(),
        EdgeKind::SaidAbout if e.weight > 1 => format!("{}: {}", e.weight, e.acts_label()),
        EdgeKind::SaidAbout => e.acts_label(),
        EdgeKind::HoldsRole => e.label.clone(),
        k if view == ViewKind::Full => k.name().replace('_', " "),
        _ => String::new(),
    }
}

fn edge_stmt(e: &VEdge, view: ViewKind) -> Stmt {
    let mut attrs = Vec::new();
    let label = edge_label(e, view);
    if !label.is_empty() {
        attrs.push(attr("label", &label));
    }
    if e.kind == EdgeKind::SaidAbout {
        let pen = 1.0 + f64::from(e.weight.max(1)).log2();
        attrs.push(attr("penwidth", &format!("{pen:.1}")));
        // The most frequent act (the first by name on a tie) colours the edge.
        if let Some((act, _)) = e.acts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            let c = style::act_color(act).hex();
            attrs.push(attr("color", &c));
            attrs.push(attr("fontcolor", &c));
        }
    }
    if matches!(
        e.kind,
        EdgeKind::HoldsRole | EdgeKind::PartOf | EdgeKind::ReportedIn
    ) {
        attrs.push(attr("style", "dashed"));
        attrs.push(attr("color", "#888888"));
    }
    Stmt::Edge(Edge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(id(&e.source), None)),
            Vertex::N(NodeId(id(&e.target), None)),
        ),
        attributes: attrs,
    })
}

/// The caption under a diagram: how to read the said_about edges (the acts present and their
/// colours), then what the node cap left out.
fn caption(v: &View) -> String {
    let mut lines = Vec::new();
    let mut acts: BTreeMap<&str, ()> = BTreeMap::new();
    for e in v.edges.iter().filter(|e| e.kind == EdgeKind::SaidAbout) {
        if let Some((act, _)) = e.acts.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))) {
            acts.insert(act, ());
        }
    }
    if !acts.is_empty() {
        let names: Vec<String> = acts
            .keys()
            .map(|a| format!("{} {a}", style::act_color_name(a)))
            .collect();
        lines.push(format!(
            "arrow: who spoke about whom; width: number of statements; colour: main act ({})",
            names.join(", ")
        ));
    }
    lines.extend(v.omitted_note());
    lines.join("\n")
}

/// The DOT source of a view: nodes coloured and shaped by kind, entities clustered by
/// state, edges labelled with counts and acts, and a note of what the cap left out.
pub fn write(v: &View, o: &Options) -> String {
    let mut stmts = vec![
        Stmt::GAttribute(GraphAttributes::Graph(vec![
            // The default ranking fails ("trouble in init_rank") on some graphs with
            // clusters; newrank handles them.
            attr("newrank", "true"),
            attr("rankdir", "LR"),
            attr("charset", "UTF-8"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
            attr("labelloc", "b"),
            attr("label", &caption(v)),
        ])),
        Stmt::GAttribute(GraphAttributes::Node(vec![
            attr("style", "filled"),
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
        ])),
        Stmt::GAttribute(GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "8"),
        ])),
    ];
    // Clusters by state, in the order of the state ids.
    let mut clusters: BTreeMap<&str, (String, Vec<&VNode>)> = BTreeMap::new();
    for n in &v.nodes {
        match (n.class, &n.state_id, &n.state) {
            (NodeClass::Entity, Some(sid), Some(name)) => {
                clusters
                    .entry(sid.as_str())
                    .or_insert_with(|| (name.clone(), Vec::new()))
                    .1
                    .push(n);
            }
            _ => stmts.push(node_stmt(n)),
        }
    }
    for (sid, (name, members)) in clusters {
        let mut sub = vec![Stmt::GAttribute(GraphAttributes::Graph(vec![
            attr("label", &name),
            attr("style", "rounded"),
            attr("color", "#bbbbbb"),
        ]))];
        sub.extend(members.into_iter().map(node_stmt));
        stmts.push(Stmt::Subgraph(Subgraph {
            id: id(&format!("cluster_{sid}")),
            stmts: sub,
        }));
    }
    stmts.extend(v.edges.iter().map(|e| edge_stmt(e, o.view)));
    let g = Graph::DiGraph {
        id: id("newsgraph"),
        strict: false,
        stmts,
    };
    let mut ctx = PrinterContext::default();
    let mut s = g.print(&mut ctx);
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(quote(input), expected, "{input:?}");
    }

    #[test]
    fn quoting_table() {
        check("plain", r#""plain""#);
        check("two words", r#""two words""#);
        check(r#"say "no""#, r#""say \"no\"""#);
        check(r"back\slash", r#""back\\slash""#);
        check(r"ends\", r#""ends\\""#);
        check("line\nbreak", r#""line\nbreak""#);
        check("crlf\r\nend\rx", r#""crlf\nend\nx""#);
        check("tab\there", r#""tab here""#);
        check("a & b <c>", r#""a &amp; b <c>""#);
        check("nul\u{0}bell\u{7}del\u{7f}", r#""nulbelldel""#);
        check("", r#""""#);
        check(
            "Лавров 中文 עברית \u{202E}",
            "\"Лавров 中文 עברית \u{202E}\"",
        );
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("one two three", 7), "one two\nthree");
        assert_eq!(wrap("  ", 7), "");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 4), "abc");
    }
}
