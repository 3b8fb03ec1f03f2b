//! GEXF 1.3 for Gephi: declared node and edge attributes, viz colour, size and shape (in the
//! viz namespace), and `mode="dynamic" timeformat="date"`: a node starts on the first day it
//! appears in the view, an edge has one spell per day it holds, so Gephi's timeline replays
//! the story. The first and last day are also static `first`/`last` attributes, for readers
//! that drop GEXF's time (graphology-gexf, hence Gephi Lite). Valid against the official
//! GEXF 1.3 RELAX NG schema.

use std::fmt::Write as _;

use crate::graph::EdgeKind;

use super::style;
use super::view::{VEdge, VNode, View};
use super::xml::{attr, clean};

/// Node attributes: (id, title, type).
const NODE_ATTRS: [(&str, &str, &str); 10] = [
    ("class", "class", "string"),
    ("kind", "kind", "string"),
    ("state", "state", "string"),
    ("role", "role", "string"),
    ("provisional", "provisional", "boolean"),
    ("mentions", "mentions", "integer"),
    ("statements", "statements", "integer"),
    ("sources", "sources", "integer"),
    ("first", "first", "string"),
    ("last", "last", "string"),
];

/// Edge attributes: (id, title, type).
const EDGE_ATTRS: [(&str, &str, &str); 5] = [
    ("kind", "kind", "string"),
    ("acts", "acts", "string"),
    ("role", "role", "string"),
    ("first", "first", "string"),
    ("last", "last", "string"),
];

/// GEXF labels are `xsd:token`, whose XML whitespace (space, tab, CR, LF) readers collapse:
/// write them collapsed.
pub fn token(s: &str) -> String {
    s.split([' ', '\t', '\n', '\r'])
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn node(out: &mut String, n: &VNode) {
    let _ = write!(
        out,
        "      <node id=\"{}\" label=\"{}\"",
        attr(&n.id),
        attr(&token(&clean(&n.label)))
    );
    if let Some((first, _)) = n.span() {
        let _ = write!(out, " start=\"{first}\"");
    }
    out.push_str(">\n        <attvalues>\n");
    let mut values: Vec<(&str, String)> = vec![
        ("class", n.class.name().to_string()),
        ("kind", n.kind.clone()),
    ];
    if let Some(s) = &n.state {
        values.push(("state", s.clone()));
    }
    if let Some(r) = &n.role {
        values.push(("role", r.clone()));
    }
    values.push(("provisional", n.provisional.to_string()));
    values.push(("mentions", n.mentions.to_string()));
    values.push(("statements", n.statements.to_string()));
    values.push(("sources", n.sources.to_string()));
    if let Some((first, last)) = n.span() {
        values.push(("first", first.to_string()));
        values.push(("last", last.to_string()));
    }
    for (k, v) in values {
        let _ = writeln!(
            out,
            "          <attvalue for=\"{k}\" value=\"{}\"/>",
            attr(&v)
        );
    }
    out.push_str("        </attvalues>\n");
    let c = style::color(n);
    let _ = writeln!(
        out,
        "        <viz:color r=\"{}\" g=\"{}\" b=\"{}\"/>",
        c.0, c.1, c.2
    );
    let _ = writeln!(out, "        <viz:size value=\"{:.1}\"/>", style::size(n));
    let _ = writeln!(
        out,
        "        <viz:shape value=\"{}\"/>",
        style::gexf_shape(n)
    );
    out.push_str("      </node>\n");
}

fn edge(out: &mut String, e: &VEdge) {
    let _ = write!(
        out,
        "      <edge id=\"{}\" source=\"{}\" target=\"{}\" weight=\"{}\"",
        attr(&e.id),
        attr(&e.source),
        attr(&e.target),
        e.weight.max(1)
    );
    if e.kind == EdgeKind::SaidAbout && !e.acts.is_empty() {
        let _ = write!(out, " label=\"{}\"", attr(&token(&clean(&e.acts_label()))));
    }
    out.push_str(">\n        <attvalues>\n");
    let _ = writeln!(
        out,
        "          <attvalue for=\"kind\" value=\"{}\"/>",
        e.kind.name()
    );
    if !e.acts.is_empty() {
        let _ = writeln!(
            out,
            "          <attvalue for=\"acts\" value=\"{}\"/>",
            attr(&e.acts_text())
        );
    }
    if !e.label.is_empty() {
        let _ = writeln!(
            out,
            "          <attvalue for=\"role\" value=\"{}\"/>",
            attr(&e.label)
        );
    }
    if let Some((first, last)) = e.span() {
        let _ = writeln!(out, "          <attvalue for=\"first\" value=\"{first}\"/>");
        let _ = writeln!(out, "          <attvalue for=\"last\" value=\"{last}\"/>");
    }
    out.push_str("        </attvalues>\n");
    if !e.dates.is_empty() {
        out.push_str("        <spells>\n");
        for d in &e.dates {
            let _ = writeln!(out, "          <spell start=\"{d}\" end=\"{d}\"/>");
        }
        out.push_str("        </spells>\n");
    }
    let thickness = 1.0 + f64::from(e.weight.max(1)).log2();
    let _ = writeln!(out, "        <viz:thickness value=\"{thickness:.1}\"/>");
    out.push_str("      </edge>\n");
}

/// The GEXF document of a view.
pub fn write(v: &View) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str("<gexf xmlns=\"http://gexf.net/1.3\" xmlns:viz=\"http://gexf.net/1.3/viz\" version=\"1.3\">\n");
    out.push_str("  <meta>\n    <creator>newsgraph</creator>\n");
    let mut desc = "who said what about whom, from news articles".to_string();
    if let Some(note) = v.omitted_note() {
        desc = format!("{desc}; {note}");
    }
    let _ = writeln!(
        out,
        "    <description>{}</description>\n  </meta>",
        super::xml::text(&desc)
    );
    out.push_str("  <graph defaultedgetype=\"directed\" mode=\"dynamic\" timeformat=\"date\"");
    if let Some((a, b)) = v.span() {
        let _ = write!(out, " start=\"{a}\" end=\"{b}\"");
    }
    out.push_str(">\n");
    for (class, attrs) in [("node", &NODE_ATTRS[..]), ("edge", &EDGE_ATTRS[..])] {
        let _ = writeln!(out, "    <attributes class=\"{class}\" mode=\"static\">");
        for (id, title, ty) in attrs {
            let _ = writeln!(
                out,
                "      <attribute id=\"{id}\" title=\"{title}\" type=\"{ty}\"/>"
            );
        }
        out.push_str("    </attributes>\n");
    }
    let _ = writeln!(out, "    <nodes count=\"{}\">", v.nodes.len());
    for n in &v.nodes {
        node(&mut out, n);
    }
    out.push_str("    </nodes>\n");
    let _ = writeln!(out, "    <edges count=\"{}\">", v.edges.len());
    for e in &v.edges {
        edge(&mut out, e);
    }
    out.push_str("    </edges>\n  </graph>\n</gexf>\n");
    out
}
