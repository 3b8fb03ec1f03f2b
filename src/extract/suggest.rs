//! Suggestions: the provisional entities of many documents (titled names the schema lacks),
//! counted and printed as RON stubs in the shape of `schemas/entities/*.ron`, most frequent
//! first, ready to check and paste.
//!
//! Reading the corpus is left to the command line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::extract::DocFacts;
use crate::schema::{Entity, Gender};

/// One provisional entity with how often it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// The entity as first found.
    pub entity: Entity,
    /// Mentions over the corpus.
    pub mentions: usize,
    /// Documents that mention it.
    pub documents: usize,
}

/// The provisional entities of `facts`, most mentioned first (then by id).
pub fn suggestions(facts: &[DocFacts]) -> Vec<Suggestion> {
    let mut by_id: BTreeMap<String, Suggestion> = BTreeMap::new();
    for f in facts {
        for e in &f.provisional {
            let mentions = f.mentions.iter().filter(|m| m.entity == e.id).count();
            let s = by_id.entry(e.id.to_string()).or_insert_with(|| Suggestion {
                entity: e.clone(),
                mentions: 0,
                documents: 0,
            });
            s.mentions += mentions;
            s.documents += 1;
            // Keep every distinct office seen.
            for r in &e.roles {
                match s.entity.roles.iter_mut().find(|x| x.title == r.title) {
                    // The same office: keep the state or body when one mention names it.
                    Some(x) => {
                        if x.of.is_none() {
                            x.of = r.of.clone();
                        }
                    }
                    None => s.entity.roles.push(r.clone()),
                }
            }
            if s.entity.gender.is_none() {
                s.entity.gender = e.gender;
            }
        }
    }
    let mut v: Vec<Suggestion> = by_id.into_values().collect();
    v.sort_by(|a, b| {
        b.mentions
            .cmp(&a.mentions)
            .then(b.documents.cmp(&a.documents))
            .then(a.entity.id.cmp(&b.entity.id))
    });
    v
}

fn ron_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// RON stubs for `suggestions`: a list in the shape of an entity file.
pub fn to_ron(suggestions: &[Suggestion]) -> String {
    let mut out = String::from("// Entities found in the corpus that the schemas lack, most mentioned first.\n// Check each before adding it to schemas/entities/.\n[\n");
    for s in suggestions {
        let e = &s.entity;
        let _ = writeln!(
            out,
            "    // {} mention(s) in {} document(s)",
            s.mentions, s.documents
        );
        let _ = writeln!(out, "    (");
        let _ = writeln!(out, "        id: {},", ron_str(e.id.as_str()));
        let _ = writeln!(out, "        kind: {},", ron_str(&e.kind));
        let _ = writeln!(out, "        name: {},", ron_str(&e.name));
        match e.gender {
            Some(Gender::Male) => out.push_str("        gender: male,\n"),
            Some(Gender::Female) => out.push_str("        gender: female,\n"),
            None => {}
        }
        if !e.roles.is_empty() {
            out.push_str("        roles: [\n");
            for r in &e.roles {
                let of =
                    r.of.as_ref()
                        .map(|o| format!(", of: {}", ron_str(o.as_str())))
                        .unwrap_or_default();
                let _ = writeln!(out, "            (title: {}{of}),", ron_str(&r.title));
            }
            out.push_str("        ],\n");
        }
        out.push_str("    ),\n");
    }
    out.push_str("]\n");
    out
}
