//! Suggestions: the provisional entities of many documents (titled names the schema lacks,
//! people introduced by an apposition or a reporting verb), counted and printed as RON stubs
//! in the shape of `schemas/entities/*.ron`, most frequent first, each with the description
//! the text gives it, ready to check and paste.
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
    /// The description in apposition after its first full name ("a co-founder of ...").
    pub description: Option<String>,
}

/// The words in apposition right after `end` in `text` (", an analyst at X, said" gives
/// "an analyst at X"), when they open a noun phrase (an article, a possessive, a capital) or
/// hold one of the person's `titles` ("spokesman for the ministry").
fn apposition_after(text: &str, end: usize, titles: &[&str]) -> Option<String> {
    let rest = text.get(end..)?.strip_prefix(", ")?;
    let desc = rest
        .get(..crate::extract::mentions::apposition_end(rest))?
        .trim();
    let first = desc.split_whitespace().next()?;
    let opens = ["a", "an", "the"].contains(&first.to_lowercase().as_str())
        || first.ends_with("'s")
        || first.ends_with("\u{2019}s")
        || first.chars().next().is_some_and(char::is_uppercase)
        || titles
            .iter()
            .any(|t| !t.is_empty() && desc.to_lowercase().contains(&t.to_lowercase()));
    (opens && desc.chars().count() <= 120 && desc.split_whitespace().count() >= 2)
        .then(|| desc.to_string())
}

/// The provisional entities of `facts`, most mentioned first (then by id).
pub fn suggestions(facts: &[DocFacts]) -> Vec<Suggestion> {
    suggestions_in(facts, &BTreeMap::new())
}

/// [`suggestions`], each with the description in apposition after its first full name in
/// the document texts `texts` (by document id).
pub fn suggestions_in(facts: &[DocFacts], texts: &BTreeMap<&str, &str>) -> Vec<Suggestion> {
    let mut by_id: BTreeMap<String, Suggestion> = BTreeMap::new();
    for f in facts {
        let text = texts.get(f.doc.id.as_str()).copied();
        for e in &f.provisional {
            let mentions = f.mentions.iter().filter(|m| m.entity == e.id).count();
            let s = by_id.entry(e.id.to_string()).or_insert_with(|| Suggestion {
                entity: e.clone(),
                mentions: 0,
                documents: 0,
                description: None,
            });
            if s.description.is_none() {
                let titles: Vec<&str> = e.roles.iter().map(|r| r.title.as_str()).collect();
                s.description = text.and_then(|t| {
                    f.mentions
                        .iter()
                        .filter(|m| m.entity == e.id && !m.nested)
                        .find_map(|m| apposition_after(t, m.span.end, &titles))
                });
            }
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
        if let Some(d) = &s.description {
            // One line: the description as a comment.
            let d: String = d.chars().filter(|c| *c != '\n' && *c != '\r').collect();
            let _ = writeln!(out, "    // {d}");
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_apposition_after_a_name_is_its_description() {
        let text = "Pat Quill, a co-founder of the program at Lund, said no. Ann Berg, said yes. \
                    Ola Nord, Sweden's envoy, spoke. Eva Lind, who left, spoke. \
                    Bo Ek, spokesman for the port, spoke. Kim Lo, the U.S. envoy. Next.";
        let at = |name: &str| text.find(name).map(|i| i + name.len()).unwrap_or(0);
        for (name, want) in [
            ("Pat Quill", Some("a co-founder of the program at Lund")),
            ("Ann Berg", None),
            ("Ola Nord", Some("Sweden's envoy")),
            ("Eva Lind", None),
            ("Kim Lo", Some("the U.S. envoy")),
        ] {
            assert_eq!(
                apposition_after(text, at(name), &[]).as_deref(),
                want,
                "{name}"
            );
        }
        assert_eq!(
            apposition_after(text, at("Bo Ek"), &["spokesman"]).as_deref(),
            Some("spokesman for the port")
        );
        assert_eq!(apposition_after("x", 5, &[]), None);
    }
}
