//! JSON node-link output in the shape NetworkX 3.x reads with
//! `networkx.node_link_graph(data, edges="edges")`: `directed`, `multigraph`, `graph`,
//! `nodes` (each with `id`) and `edges` (each with `source` and `target`).
//!
//! Written straight from the view through serde (no `serde_json::Value` tree, which for a
//! million edges took gigabytes). Object keys come out sorted, as a JSON map's would: the
//! structs below declare their fields in alphabetical order.

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::view::View;
use super::ExportError;

/// Days as `YYYY-MM-DD` strings.
fn days<S: Serializer>(d: &&BTreeSet<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
    s.collect_seq(d.iter().map(|d| d.to_string()))
}

#[derive(Serialize)]
struct Doc<'a> {
    directed: bool,
    edges: Vec<EdgeOut<'a>>,
    graph: GraphOut,
    multigraph: bool,
    nodes: Vec<NodeOut<'a>>,
}

#[derive(Serialize)]
struct GraphOut {
    name: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<String>,
}

#[derive(Serialize)]
struct NodeOut<'a> {
    class: &'static str,
    #[serde(serialize_with = "days")]
    dates: &'a BTreeSet<NaiveDate>,
    id: &'a str,
    key: &'a str,
    kind: &'a str,
    label: &'a str,
    mentions: u32,
    provisional: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    sources: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    statements: u32,
}

#[derive(Serialize)]
struct EdgeOut<'a> {
    acts: &'a BTreeMap<String, u32>,
    #[serde(serialize_with = "days")]
    dates: &'a BTreeSet<NaiveDate>,
    key: &'a str,
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<&'a str>,
    source: &'a str,
    target: &'a str,
    weight: u32,
}

/// The JSON document of a view, pretty-printed.
pub fn write(v: &View) -> Result<Vec<u8>, ExportError> {
    let nodes = v
        .nodes
        .iter()
        .map(|n| NodeOut {
            class: n.class.name(),
            dates: &n.dates,
            id: &n.id,
            key: &n.key,
            kind: &n.kind,
            label: &n.label,
            mentions: n.mentions,
            provisional: n.provisional,
            role: n.role.as_deref(),
            sources: n.sources,
            state: n.state.as_deref(),
            statements: n.statements,
        })
        .collect();
    let edges = v
        .edges
        .iter()
        .map(|e| EdgeOut {
            acts: &e.acts,
            dates: &e.dates,
            key: &e.id,
            kind: e.kind.name(),
            role: (!e.label.is_empty()).then_some(e.label.as_str()),
            source: &e.source,
            target: &e.target,
            weight: e.weight.max(1),
        })
        .collect();
    let doc = Doc {
        directed: true,
        edges,
        graph: GraphOut {
            name: "newsgraph",
            note: v.omitted_note(),
        },
        multigraph: v.has_parallel_edges(),
        nodes,
    };
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
