//! The story map: one self-contained HTML page (sigma.js and graphology embedded, no
//! network) drawing a view of the graph laid out by [`super::layout`], with search, a side
//! panel of each entity's statements and events with their sources, a date range and a
//! legend.
//!
//! The page data is one JSON block in `<script type="application/json" id="data">`, with
//! `<`, `>`, `&`, U+2028 and U+2029 written as `\uXXXX` escapes so no corpus text can end the
//! block; the page's script sets every corpus string as text, never as markup.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use crate::graph::{EdgeKind, KnowledgeGraph, Node, Provenance};

use super::layout;
use super::style;
use super::view::{NodeClass, Options, VEdge, VNode, View, ViewKind};
use super::ExportError;

const SIGMA: &str = include_str!("../../assets/vendor/sigma.min.js");
const GRAPHOLOGY: &str = include_str!("../../assets/vendor/graphology.umd.min.js");
const TEMPLATE: &str = include_str!("../../assets/story_map/page.html");
const STYLE: &str = include_str!("../../assets/story_map/style.css");
const APP: &str = include_str!("../../assets/story_map/app.js");

/// The page data.
#[derive(Serialize)]
struct Data<'a> {
    meta: Meta,
    kinds: Vec<(String, String)>,
    acts: Vec<(String, String)>,
    nodes: Vec<PNode<'a>>,
    edges: Vec<PEdge>,
    statements: Vec<PStatement<'a>>,
    events: Vec<PEvent<'a>>,
    docs: Vec<PDoc<'a>>,
}

/// What the page says about the export.
#[derive(Serialize)]
struct Meta {
    view: &'static str,
    filters: Vec<String>,
    dates: Vec<NaiveDate>,
    omitted: Option<String>,
}

#[derive(Serialize)]
struct PNode<'a> {
    id: &'a str,
    /// Entity id (entities), else the graph key.
    key: String,
    label: &'a str,
    class: &'static str,
    kind: &'a str,
    x: f64,
    y: f64,
    size: f64,
    color: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    aliases: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    roles: Vec<(&'a str, Option<NaiveDate>, Option<NaiveDate>)>,
    #[serde(skip_serializing_if = "Option::is_none")]
    state: Option<&'a str>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    provisional: bool,
    mentions: u32,
    degree: u32,
}

/// An edge of the map; `kind` and `color` are left out for `said_about` edges (the page
/// takes the colour of their act from the legend), which are most edges of a large map.
#[derive(Serialize)]
struct PEdge {
    s: usize,
    t: usize,
    #[serde(skip_serializing_if = "is_said_about")]
    kind: &'static str,
    w: u32,
    size: f64,
    #[serde(skip_serializing_if = "String::is_empty")]
    color: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    act: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    st: Vec<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ev: Option<usize>,
    #[serde(skip_serializing_if = "String::is_empty")]
    label: String,
}

#[derive(Serialize)]
struct PStatement<'a> {
    /// Node index of the speaker, or -1 when the speaker is not on the map.
    by: i64,
    /// The speaker's name, when not on the map.
    #[serde(skip_serializing_if = "Option::is_none")]
    who: Option<&'a str>,
    about: Vec<usize>,
    d: Option<NaiveDate>,
    act: &'a str,
    cue: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    direct: bool,
    text: &'a str,
    src: Vec<PSource>,
}

#[derive(Serialize)]
struct PEvent<'a> {
    /// Node index of the event in the events view, else -1.
    node: i64,
    #[serde(rename = "type")]
    event_type: &'a str,
    d: Option<NaiveDate>,
    planned: bool,
    place: Option<String>,
    /// Node index of the place on the map, or -1.
    at: i64,
    text: &'a str,
    parts: Vec<usize>,
    src: Vec<PSource>,
}

/// `[document index, line (0 when unknown), span start, span end]`.
type PSource = (usize, u32, usize, usize);

#[derive(Serialize)]
struct PDoc<'a> {
    id: &'a str,
    title: Option<&'a str>,
    outlet: Option<&'a str>,
    url: Option<&'a str>,
    d: Option<NaiveDate>,
}

fn is_said_about(kind: &&str) -> bool {
    *kind == EdgeKind::SaidAbout.name()
}

fn in_range(d: Option<NaiveDate>, o: &Options) -> bool {
    if o.since.is_none() && o.until.is_none() {
        return true;
    }
    let Some(d) = d else { return false };
    o.since.is_none_or(|s| s <= d) && o.until.is_none_or(|u| d <= u)
}

/// Two decimals: positions and sizes need no more, and shorter numbers keep the page small.
fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The node size on the map, in pixels at zoom 1: grows with the square root of the weighted
/// degree, as [`style::size`] does for diagrams, scaled down for a screen and, on maps of
/// more than 300 nodes, with the square root of their number (down to a third), so that a
/// large map is not a carpet of overlapping discs.
fn map_size(n: &VNode, nodes: usize) -> f64 {
    let crowd = (300.0 / nodes.max(1) as f64).sqrt().clamp(0.35, 1.0);
    round2((style::size(n) * 0.4 - 1.0).clamp(3.0, 22.0) * crowd)
}

/// The act with the most statements on an edge (the first by name on a tie).
fn dominant_act(e: &VEdge) -> Option<&str> {
    let mut best: Option<(&str, u32)> = None;
    for (a, n) in &e.acts {
        if best.is_none_or(|(_, m)| *n > m) {
            best = Some((a, *n));
        }
    }
    best.map(|(a, _)| a)
}

/// Escapes JSON text for a `<script>` element: `<`, `>` and `&` (so neither `</script>`
/// nor `<!--` can appear) and the line separators U+2028/U+2029 become `\uXXXX` escapes,
/// which only occur inside JSON strings, where they mean the same characters.
pub fn escape_script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + json.len() / 16);
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// A vendored script with its source-map comment removed (the map is not shipped).
fn script(src: &str) -> String {
    src.lines()
        .filter(|l| !l.starts_with("//# sourceMappingURL="))
        .collect::<Vec<_>>()
        .join("\n")
}

/// A human line for each filter in force.
fn filters(o: &Options) -> Vec<String> {
    let mut f = Vec::new();
    if let Some(e) = &o.focus {
        f.push(format!("focus {e}, depth {}", o.depth));
    }
    if let Some(s) = o.since {
        f.push(format!("since {s}"));
    }
    if let Some(u) = o.until {
        f.push(format!("until {u}"));
    }
    if o.min_weight > 1 {
        f.push(format!("min weight {}", o.min_weight));
    }
    if !o.kinds.is_empty() {
        f.push(format!("kinds {}", o.kinds.join(", ")));
    }
    f
}

/// Writes the story map of view `v` of `g` (made with options `o`).
pub fn write(g: &KnowledgeGraph, v: &View, o: &Options) -> Result<String, ExportError> {
    let data = data(g, v, o);
    let json = escape_script_json(&serde_json::to_string(&data)?);
    let page = TEMPLATE
        .replacen("/*STYLE*/", STYLE, 1)
        .replacen("/*GRAPHOLOGY*/", &script(GRAPHOLOGY), 1)
        .replacen("/*SIGMA*/", &script(SIGMA), 1)
        .replacen("/*APP*/", APP, 1);
    // The data goes in last, so nothing in it is ever searched for a placeholder.
    Ok(page.replacen("{/*DATA*/}", &json, 1))
}

fn data<'a>(g: &'a KnowledgeGraph, v: &'a View, o: &Options) -> Data<'a> {
    // Layout first: one position per node of the view.
    let index: HashMap<&str, usize> = v
        .nodes
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.as_str(), i))
        .collect();
    let ids: Vec<&str> = v.nodes.iter().map(|n| n.key.as_str()).collect();
    let links: Vec<(usize, usize, f64)> = v
        .edges
        .iter()
        .filter_map(|e| {
            Some((
                *index.get(e.source.as_str())?,
                *index.get(e.target.as_str())?,
                f64::from(e.weight.max(1)),
            ))
        })
        .collect();
    let pos = layout::forceatlas2(&ids, &links, &layout::Settings::for_nodes(ids.len()));

    // Entities of the map by id, events by key.
    let mut by_entity: HashMap<&str, usize> = HashMap::new();
    let mut by_event: HashMap<&str, usize> = HashMap::new();
    let mut nodes = Vec::with_capacity(v.nodes.len());
    for (i, n) in v.nodes.iter().enumerate() {
        let gn = g.by_key(&n.key).and_then(|ix| g.node(ix));
        let (x, y) = pos.get(i).copied().unwrap_or((0.0, 0.0));
        let mut p = PNode {
            id: &n.id,
            key: n.key.clone(),
            label: &n.label,
            class: n.class.name(),
            kind: &n.kind,
            x: round2(x),
            y: round2(y),
            size: map_size(n, v.nodes.len()),
            color: style::color(n).hex(),
            aliases: Vec::new(),
            roles: Vec::new(),
            state: n.state.as_deref(),
            provisional: n.provisional,
            mentions: n.mentions,
            degree: n.degree,
        };
        match gn {
            Some(Node::Entity(e)) => {
                p.key = e.id.to_string();
                p.aliases = e.aliases.iter().map(String::as_str).collect();
                p.roles = e
                    .roles
                    .iter()
                    .map(|r| (r.title.as_str(), r.from, r.until))
                    .collect();
                by_entity.insert(e.id.as_str(), i);
            }
            Some(Node::Event(ev)) => {
                by_event.insert(&ev.key, i);
            }
            _ => {}
        }
        nodes.push(p);
    }

    // Documents are numbered as they are first cited.
    let mut docs: Vec<PDoc> = Vec::new();
    let mut doc_index: HashMap<&str, usize> = HashMap::new();
    let mut source = |p: &'a Provenance| -> PSource {
        let d = match doc_index.get(&*p.doc) {
            Some(&d) => d,
            None => {
                let d = docs.len();
                let node = g.by_key(&format!("d:{}", &*p.doc)).and_then(|i| g.node(i));
                docs.push(match node {
                    Some(Node::Document(doc)) => PDoc {
                        id: &doc.id,
                        title: doc.title.as_deref(),
                        outlet: doc.outlet.as_deref(),
                        url: doc.url.as_deref(),
                        d: doc.date,
                    },
                    _ => PDoc {
                        id: &p.doc,
                        title: None,
                        outlet: None,
                        url: None,
                        d: None,
                    },
                });
                doc_index.insert(&p.doc, d);
                d
            }
        };
        let s = p.span();
        (d, p.line, s.start, s.end)
    };

    // Edges of the map, by (source, target) node for said_about.
    let mut said_about: HashMap<(usize, usize), usize> = HashMap::new();
    let mut edges = Vec::with_capacity(v.edges.len());
    for e in &v.edges {
        let (Some(&s), Some(&t)) = (index.get(e.source.as_str()), index.get(e.target.as_str()))
        else {
            continue;
        };
        let act = dominant_act(e).map(str::to_string);
        let color = match (e.kind, &act) {
            (EdgeKind::SaidAbout, Some(_)) => String::new(),
            _ => "#b8b8b8".to_string(),
        };
        if e.kind == EdgeKind::SaidAbout {
            said_about.insert((s, t), edges.len());
        }
        let ev = match e.kind {
            EdgeKind::ParticipatedIn => nodes.get(t).map(|_| t),
            EdgeKind::HeldIn => nodes.get(s).map(|_| s),
            _ => None,
        }
        .filter(|&i| v.nodes[i].class == NodeClass::Event);
        edges.push(PEdge {
            s,
            t,
            kind: e.kind.name(),
            w: e.weight,
            size: round2((1.0 + f64::from(e.weight.max(1)).log2() * 0.8).min(8.0)),
            color,
            act,
            st: Vec::new(),
            ev,
            label: e.label.clone(),
        });
    }

    // Statements by or about an entity of the map, in graph key order.
    let mut statements = Vec::new();
    let mut events = Vec::new();
    let mut dates = BTreeSet::new();
    let name_of = |id: &str| match g.by_key(&format!("e:{id}")).and_then(|i| g.node(i)) {
        Some(Node::Entity(e)) => Some(e.name.as_str()),
        _ => None,
    };
    for ix in g.nodes_by_key() {
        match g.node(ix) {
            Some(Node::Statement(s)) if in_range(s.date, o) => {
                let by = by_entity.get(s.speaker.as_str()).copied();
                let about: Vec<usize> = s
                    .about
                    .iter()
                    .filter(|a| **a != s.speaker)
                    .filter_map(|a| by_entity.get(a.as_str()).copied())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                if by.is_none() && about.is_empty() {
                    continue;
                }
                let k = statements.len();
                if let Some(b) = by {
                    for &a in &about {
                        if let Some(&e) = said_about.get(&(b, a)) {
                            edges[e].st.push(k);
                        }
                    }
                }
                dates.extend(s.date);
                statements.push(PStatement {
                    by: by.map_or(-1, |b| b as i64),
                    who: by
                        .is_none()
                        .then(|| name_of(s.speaker.as_str()).unwrap_or(s.speaker.as_str())),
                    about,
                    d: s.date,
                    act: &s.act,
                    cue: &s.cue,
                    direct: s.kind == crate::extract::StatementKind::Direct,
                    text: &s.text,
                    src: s.sources.iter().map(&mut source).collect(),
                });
            }
            Some(Node::Event(e)) if in_range(e.date, o) => {
                let node = by_event.get(&*e.key).copied();
                let parts: Vec<usize> = e
                    .participants
                    .iter()
                    .filter_map(|a| by_entity.get(a.as_str()).copied())
                    .collect::<BTreeSet<_>>()
                    .into_iter()
                    .collect();
                let at = e
                    .place
                    .as_ref()
                    .and_then(|p| by_entity.get(p.as_str()).copied());
                if node.is_none() && parts.is_empty() && at.is_none() {
                    continue;
                }
                dates.extend(e.date);
                events.push(PEvent {
                    node: node.map_or(-1, |n| n as i64),
                    event_type: &e.event_type,
                    d: e.date,
                    planned: e.mode == crate::extract::EventMode::Planned,
                    place: e
                        .place
                        .as_ref()
                        .map(|p| name_of(p.as_str()).unwrap_or(p.as_str()).to_string()),
                    at: at.map_or(-1, |a| a as i64),
                    text: &e.text,
                    parts,
                    src: e.sources.iter().map(&mut source).collect(),
                });
            }
            _ => {}
        }
    }

    // Legends: the kinds and acts present, in name order.
    let kinds: BTreeMap<String, String> = v
        .nodes
        .iter()
        .map(|n| {
            let kind = match n.class {
                NodeClass::Entity => n.kind.clone(),
                c => c.name().to_string(),
            };
            (kind, style::color(n).hex())
        })
        .collect();
    // Every act of the statements listed (the page colours edges by their dominant act and
    // statements by theirs).
    let acts: BTreeMap<String, String> = statements
        .iter()
        .map(|s| s.act)
        .chain(
            v.edges
                .iter()
                .filter(|e| e.kind == EdgeKind::SaidAbout)
                .filter_map(dominant_act),
        )
        .map(|a| (a.to_string(), style::act_color(a).hex()))
        .collect();
    Data {
        meta: Meta {
            view: o.view.name(),
            filters: filters(o),
            dates: dates.into_iter().collect(),
            omitted: v.omitted_note(),
        },
        kinds: kinds.into_iter().collect(),
        acts: acts.into_iter().collect(),
        nodes,
        edges,
        statements,
        events,
        docs,
    }
}

/// The views the story map draws.
pub fn supports(view: ViewKind) -> bool {
    matches!(view, ViewKind::Actors | ViewKind::Events)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::fixture;

    fn page(o: &Options) -> String {
        let g = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
        let v = crate::export::view::view(&g, o).expect("fixture view");
        write(&g, &v, o).expect("page")
    }

    fn data_block(page: &str) -> &str {
        let start = page
            .find(r#"<script type="application/json" id="data">"#)
            .expect("data block");
        let rest = &page[start..];
        let open = rest.find('>').expect("tag end") + 1;
        let close = rest.find("</script>").expect("block end");
        &rest[open..close]
    }

    #[test]
    fn escapes_what_could_end_the_block() {
        let s = escape_script_json(r#"{"t":"</script><!-- & \u2028"}"#);
        assert!(!s.contains('<') && !s.contains('>') && !s.contains('&'));
        let raw = escape_script_json("{\"t\":\"a\u{2028}b\u{2029}c\"}");
        assert_eq!(raw, r#"{"t":"a\u2028b\u2029c"}"#);
        let back: serde_json::Value =
            serde_json::from_str(&escape_script_json(r#"{"t":"</script> & <!--"}"#)).expect("json");
        assert_eq!(back["t"], "</script> & <!--");
    }

    #[test]
    fn page_is_self_contained_and_deterministic() {
        let o = Options::default();
        let a = page(&o);
        assert_eq!(a, page(&o));
        assert!(a.starts_with("<!DOCTYPE html>"));
        // No fetch of anything: no external script, stylesheet or image.
        for bad in ["src=\"http", "href=\"http", "<link", "@import"] {
            assert!(!a.contains(bad), "page holds {bad}");
        }
        let json: serde_json::Value = serde_json::from_str(data_block(&a)).expect("data json");
        assert!(json["nodes"].as_array().is_some_and(|n| !n.is_empty()));
        for n in json["nodes"].as_array().into_iter().flatten() {
            assert!(n["x"].as_f64().is_some_and(f64::is_finite));
        }
    }

    #[test]
    fn the_full_view_is_refused_with_a_reason() {
        let g = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
        let o = Options {
            view: ViewKind::Full,
            ..Options::default()
        };
        let e = crate::export::export(
            &g,
            crate::export::Format::Html,
            &o,
            crate::export::CsvFlavor::Gephi,
        )
        .expect_err("full view");
        assert_eq!(
            e.to_string(),
            "--view full: the story map (html) draws the actors or events view"
        );
    }

    #[test]
    fn every_said_about_edge_lists_its_statements() {
        let o = Options::default();
        let p = page(&o);
        let json: serde_json::Value = serde_json::from_str(data_block(&p)).expect("data json");
        let edges = json["edges"].as_array().expect("edges");
        assert!(!edges.is_empty());
        for e in edges {
            let listed = e["st"].as_array().map_or(0, Vec::len) as u64;
            assert_eq!(Some(listed), e["w"].as_u64(), "edge {e}");
        }
    }
}
