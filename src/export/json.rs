//! JSON node-link output in the shape NetworkX 3.x reads with
//! `networkx.node_link_graph(data, edges="edges")`: `directed`, `multigraph`, `graph`,
//! `nodes` (each with `id`) and `edges` (each with `source` and `target`).

use serde_json::{json, Map, Value};

use super::view::View;
use super::ExportError;

/// The JSON document of a view, pretty-printed.
pub fn write(v: &View) -> Result<Vec<u8>, ExportError> {
    let nodes: Vec<Value> = v
        .nodes
        .iter()
        .map(|n| {
            let mut m = Map::new();
            m.insert("id".into(), json!(n.id));
            m.insert("key".into(), json!(n.key));
            m.insert("label".into(), json!(n.label));
            m.insert("class".into(), json!(n.class.name()));
            m.insert("kind".into(), json!(n.kind));
            if let Some(s) = &n.state {
                m.insert("state".into(), json!(s));
            }
            if let Some(r) = &n.role {
                m.insert("role".into(), json!(r));
            }
            m.insert("provisional".into(), json!(n.provisional));
            m.insert("mentions".into(), json!(n.mentions));
            m.insert("statements".into(), json!(n.statements));
            m.insert("sources".into(), json!(n.sources));
            m.insert(
                "dates".into(),
                json!(n.dates.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
            );
            Value::Object(m)
        })
        .collect();
    let edges: Vec<Value> = v
        .edges
        .iter()
        .map(|e| {
            let mut m = Map::new();
            m.insert("source".into(), json!(e.source));
            m.insert("target".into(), json!(e.target));
            m.insert("key".into(), json!(e.id));
            m.insert("kind".into(), json!(e.kind.name()));
            m.insert("weight".into(), json!(e.weight.max(1)));
            m.insert("acts".into(), json!(e.acts));
            if !e.label.is_empty() {
                m.insert("role".into(), json!(e.label));
            }
            m.insert(
                "dates".into(),
                json!(e.dates.iter().map(|d| d.to_string()).collect::<Vec<_>>()),
            );
            Value::Object(m)
        })
        .collect();
    let mut graph = Map::new();
    graph.insert("name".into(), json!("newsgraph"));
    if let Some(note) = v.omitted_note() {
        graph.insert("note".into(), json!(note));
    }
    let doc = json!({
        "directed": true,
        "multigraph": v.has_parallel_edges(),
        "graph": graph,
        "nodes": nodes,
        "edges": edges,
    });
    let mut bytes = serde_json::to_vec_pretty(&doc)?;
    bytes.push(b'\n');
    Ok(bytes)
}
