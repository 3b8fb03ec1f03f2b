//! Colours, shapes and sizes by node kind, shared by the DOT and GEXF writers so that a
//! diagram and a Gephi file of the same graph look alike.

use super::view::{NodeClass, VNode};

/// An RGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`.
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// The fill colour of a node (Tableau 10, readable on white and in print).
pub fn color(n: &VNode) -> Rgb {
    match n.class {
        NodeClass::Statement => Rgb(0xd7, 0xc9, 0xb8),
        NodeClass::Event => Rgb(0xed, 0xc9, 0x48),
        NodeClass::Document => Rgb(0xd3, 0xd3, 0xd3),
        NodeClass::Entity => match n.kind.as_str() {
            "person" => Rgb(0x4e, 0x79, 0xa7),
            "country" => Rgb(0xe1, 0x57, 0x59),
            "organization" => Rgb(0xf2, 0x8e, 0x2b),
            "body" => Rgb(0x76, 0xb7, 0xb2),
            "place" => Rgb(0x59, 0xa1, 0x4f),
            "agreement" => Rgb(0xb0, 0x7a, 0xa1),
            "media" => Rgb(0x9c, 0x75, 0x5f),
            "group" => Rgb(0xff, 0x9d, 0xa7),
            _ => Rgb(0xba, 0xb0, 0xac),
        },
    }
}

/// True when white text reads better than black on `c`.
pub fn dark(c: Rgb) -> bool {
    let l = 0.299 * f64::from(c.0) + 0.587 * f64::from(c.1) + 0.114 * f64::from(c.2);
    l < 140.0
}

/// The Graphviz shape of a node.
pub fn dot_shape(n: &VNode) -> &'static str {
    match n.class {
        NodeClass::Statement => "note",
        NodeClass::Event => "diamond",
        NodeClass::Document => "folder",
        NodeClass::Entity => match n.kind.as_str() {
            "person" => "ellipse",
            "country" => "box3d",
            "organization" => "hexagon",
            "body" => "box",
            "place" => "house",
            "agreement" => "component",
            "media" => "tab",
            _ => "octagon",
        },
    }
}

/// The GEXF viz shape of a node (disc, square, triangle, diamond).
pub fn gexf_shape(n: &VNode) -> &'static str {
    match n.class {
        NodeClass::Statement => "square",
        NodeClass::Event => "diamond",
        NodeClass::Document => "triangle",
        NodeClass::Entity => "disc",
    }
}

/// A size growing with the square root of the weighted degree.
pub fn size(n: &VNode) -> f64 {
    let s = 10.0 + 4.0 * f64::from(n.degree).sqrt();
    (s * 10.0).round() / 10.0
}

/// The colour of a statement act, for said_about edges (its dominant act): neutral acts grey,
/// hostile ones warm, conciliatory ones green.
pub fn act_color(act: &str) -> Rgb {
    match act {
        "warn" => Rgb(0xe1, 0x7c, 0x05),
        "threaten" => Rgb(0xc0, 0x1f, 0x1f),
        "accuse" | "criticize" => Rgb(0xa6, 0x1c, 0x5c),
        "deny" => Rgb(0x6a, 0x3d, 0x9a),
        "demand" => Rgb(0x8c, 0x56, 0x1e),
        "propose" | "promise" | "agree" | "hope" | "praise" => Rgb(0x2e, 0x8b, 0x3e),
        "confirm" => Rgb(0x1f, 0x78, 0xb4),
        "question" => Rgb(0x4d, 0x9d, 0xa8),
        _ => Rgb(0x55, 0x55, 0x55),
    }
}

/// The name of [`act_color`]'s colour, for captions.
pub fn act_color_name(act: &str) -> &'static str {
    match act {
        "warn" => "orange",
        "threaten" => "red",
        "accuse" | "criticize" => "crimson",
        "deny" => "purple",
        "demand" => "brown",
        "propose" | "promise" | "agree" | "hope" | "praise" => "green",
        "confirm" => "blue",
        "question" => "teal",
        _ => "grey",
    }
}
