//! GraphML 1.0 with declared, named keys (`node_kind`, attr.name `kind`...) rather than
//! d0..dN, so that readers show attribute names; ids are the view's synthetic NMTOKEN ids.
//! Valid against the GraphML 1.0 XSD.

use std::fmt::Write as _;

use super::view::View;
use super::xml::{attr, text};

/// (key id, for, attr.name, attr.type).
const KEYS: [(&str, &str, &str, &str); 17] = [
    ("node_label", "node", "label", "string"),
    ("node_class", "node", "class", "string"),
    ("node_kind", "node", "kind", "string"),
    ("node_state", "node", "state", "string"),
    ("node_role", "node", "role", "string"),
    ("node_provisional", "node", "provisional", "boolean"),
    ("node_mentions", "node", "mentions", "int"),
    ("node_statements", "node", "statements", "int"),
    ("node_sources", "node", "sources", "int"),
    ("node_first", "node", "first", "string"),
    ("node_last", "node", "last", "string"),
    ("edge_kind", "edge", "kind", "string"),
    ("edge_weight", "edge", "weight", "int"),
    ("edge_acts", "edge", "acts", "string"),
    ("edge_role", "edge", "role", "string"),
    ("edge_first", "edge", "first", "string"),
    ("edge_last", "edge", "last", "string"),
];

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", text(value));
}

/// The GraphML document of a view.
pub fn write(v: &View) -> String {
    let mut out = String::new();
    out.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, for_, name, ty) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{for_}\" attr.name=\"{name}\" attr.type=\"{ty}\"/>"
        );
    }
    out.push_str("  <graph id=\"newsgraph\" edgedefault=\"directed\">\n");
    for n in &v.nodes {
        let _ = writeln!(out, "    <node id=\"{}\">", attr(&n.id));
        data(&mut out, "node_label", &n.label);
        data(&mut out, "node_class", n.class.name());
        data(&mut out, "node_kind", &n.kind);
        if let Some(s) = &n.state {
            data(&mut out, "node_state", s);
        }
        if let Some(r) = &n.role {
            data(&mut out, "node_role", r);
        }
        data(
            &mut out,
            "node_provisional",
            if n.provisional { "true" } else { "false" },
        );
        data(&mut out, "node_mentions", &n.mentions.to_string());
        data(&mut out, "node_statements", &n.statements.to_string());
        data(&mut out, "node_sources", &n.sources.to_string());
        if let Some((a, b)) = n.span() {
            data(&mut out, "node_first", &a.to_string());
            data(&mut out, "node_last", &b.to_string());
        }
        out.push_str("    </node>\n");
    }
    for e in &v.edges {
        let _ = writeln!(
            out,
            "    <edge id=\"{}\" source=\"{}\" target=\"{}\">",
            attr(&e.id),
            attr(&e.source),
            attr(&e.target)
        );
        data(&mut out, "edge_kind", e.kind.name());
        data(&mut out, "edge_weight", &e.weight.max(1).to_string());
        if !e.acts.is_empty() {
            data(&mut out, "edge_acts", &e.acts_text());
        }
        if !e.label.is_empty() {
            data(&mut out, "edge_role", &e.label);
        }
        if let Some((a, b)) = e.span() {
            data(&mut out, "edge_first", &a.to_string());
            data(&mut out, "edge_last", &b.to_string());
        }
        out.push_str("    </edge>\n");
    }
    out.push_str("  </graph>\n</graphml>\n");
    out
}
