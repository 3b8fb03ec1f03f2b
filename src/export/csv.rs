//! CSV output as two files, `nodes.csv` and `edges.csv`, with the headers of Gephi's
//! spreadsheet import (Id, Label, ..., Interval / Source, Target, Type, Weight, Label) or of
//! `neo4j-admin database import` (`:ID`, `:LABEL` / `:START_ID`, `:END_ID`, `:TYPE`).
//! Fields are quoted as RFC 4180 says; characters no importer accepts are removed.

use chrono::NaiveDate;

use super::view::{NodeClass, View};
use super::CsvFlavor;

/// One CSV field.
pub fn field(s: &str) -> String {
    let clean: String = s
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
        .collect();
    if clean.contains([',', '"', '\n', '\r']) || clean.starts_with(' ') || clean.ends_with(' ') {
        format!("\"{}\"", clean.replace('"', "\"\""))
    } else {
        clean
    }
}

fn row(fields: &[String]) -> String {
    let mut s = fields
        .iter()
        .map(|f| field(f))
        .collect::<Vec<_>>()
        .join(",");
    s.push_str("\r\n");
    s
}

/// A Gephi interval: from `first` to `until` (the end of the view, so the node stays).
fn interval(first: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
    match (first, until) {
        (Some(a), Some(b)) => format!("<[{a}, {}]>", b.max(a)),
        _ => String::new(),
    }
}

fn spells(dates: &std::collections::BTreeSet<NaiveDate>) -> String {
    if dates.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = dates.iter().map(|d| format!("[{d}, {d}]")).collect();
    format!("<{}>", parts.join("; "))
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect::<String>())
        .unwrap_or_default()
}

/// The label of an entity kind (`head_of_state` -> `HeadOfState`), shared with the Cypher
/// export.
pub(crate) fn kind_label(kind: &str) -> String {
    kind.split('_').map(cap).collect()
}

fn neo4j_label(class: NodeClass, kind: &str) -> String {
    match class {
        NodeClass::Entity => format!("Entity;{}", kind_label(kind)),
        other => cap(other.name()),
    }
}

/// `nodes.csv` and `edges.csv` of a view.
pub fn write(v: &View, flavor: CsvFlavor) -> Vec<(String, Vec<u8>)> {
    let end = v.span().map(|(_, b)| b);
    let mut nodes = String::new();
    let mut edges = String::new();
    let s = |x: &str| x.to_string();
    match flavor {
        CsvFlavor::Gephi => {
            nodes.push_str(&row(&[
                s("Id"),
                s("Label"),
                s("class"),
                s("kind"),
                s("state"),
                s("role"),
                s("provisional"),
                s("mentions"),
                s("statements"),
                s("sources"),
                s("Interval"),
            ]));
            edges.push_str(&row(&[
                s("Source"),
                s("Target"),
                s("Type"),
                s("Weight"),
                s("Label"),
                s("kind"),
                s("acts"),
                s("Interval"),
            ]));
        }
        CsvFlavor::Neo4j => {
            nodes.push_str(&row(&[
                s("id:ID"),
                s("name"),
                s("class"),
                s("kind"),
                s("state"),
                s("role"),
                s("provisional:boolean"),
                s("mentions:int"),
                s("statements:int"),
                s("sources:int"),
                s("first:date"),
                s("last:date"),
                s(":LABEL"),
            ]));
            edges.push_str(&row(&[
                s(":START_ID"),
                s(":END_ID"),
                s(":TYPE"),
                s("weight:int"),
                s("acts"),
                s("role"),
                s("first:date"),
                s("last:date"),
            ]));
        }
    }
    for n in &v.nodes {
        let first = n.span().map(|(a, _)| a);
        let last = n.span().map(|(_, b)| b);
        let common = [
            n.id.clone(),
            n.label.clone(),
            s(n.class.name()),
            n.kind.clone(),
            n.state.clone().unwrap_or_default(),
            n.role.clone().unwrap_or_default(),
            n.provisional.to_string(),
            n.mentions.to_string(),
            n.statements.to_string(),
            n.sources.to_string(),
        ];
        let mut r: Vec<String> = common.to_vec();
        match flavor {
            CsvFlavor::Gephi => r.push(interval(first, end)),
            CsvFlavor::Neo4j => {
                r.push(first.map(|d| d.to_string()).unwrap_or_default());
                r.push(last.map(|d| d.to_string()).unwrap_or_default());
                r.push(neo4j_label(n.class, &n.kind));
            }
        }
        nodes.push_str(&row(&r));
    }
    for e in &v.edges {
        let r = match flavor {
            CsvFlavor::Gephi => vec![
                e.source.clone(),
                e.target.clone(),
                s("Directed"),
                e.weight.max(1).to_string(),
                if e.label.is_empty() {
                    e.acts_text()
                } else {
                    e.label.clone()
                },
                s(e.kind.name()),
                e.acts_text(),
                spells(&e.dates),
            ],
            CsvFlavor::Neo4j => vec![
                e.source.clone(),
                e.target.clone(),
                e.kind.name().to_uppercase(),
                e.weight.max(1).to_string(),
                e.acts_text(),
                e.label.clone(),
                e.span().map(|(a, _)| a.to_string()).unwrap_or_default(),
                e.span().map(|(_, b)| b.to_string()).unwrap_or_default(),
            ],
        };
        edges.push_str(&row(&r));
    }
    vec![
        ("nodes.csv".to_string(), nodes.into_bytes()),
        ("edges.csv".to_string(), edges.into_bytes()),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &str) {
        assert_eq!(field(input), expected, "{input:?}");
    }

    #[test]
    fn field_quoting_table() {
        check("plain", "plain");
        check("a,b", "\"a,b\"");
        check("say \"no\"", "\"say \"\"no\"\"\"");
        check("two\nlines", "\"two\nlines\"");
        check(" padded ", "\" padded \"");
        check("nul\u{0}x", "nulx");
        check("中文", "中文");
    }
}
