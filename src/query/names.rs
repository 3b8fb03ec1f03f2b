//! Name resolution for queries: turns what a person types (an id, a name, an alias, a word
//! of a name, in any case) into one entity id, or explains why it cannot.
//!
//! Only the entities in the graph are known here; the schema's matching of names in text is
//! left to `extract`.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use serde::Serialize;

use super::QueryError;
use crate::graph::{KnowledgeGraph, Node};
use crate::schema::{EntityId, Schema};

/// An entity a name may mean, as listed to a person.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Candidate {
    /// Entity id.
    pub id: EntityId,
    /// Display name.
    pub name: String,
    /// Entity kind.
    pub kind: String,
}

/// Names of the entities of a graph, folded for matching.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Folded name, alias or id -> entities.
    exact: BTreeMap<String, BTreeSet<EntityId>>,
    /// Each word of a name or alias -> entities (for "peskov").
    words: BTreeMap<String, BTreeSet<EntityId>>,
    /// Every entity with its display name and kind.
    entities: BTreeMap<EntityId, (String, String)>,
    /// Folded names of schema entities that no document of the graph mentions.
    absent: BTreeMap<String, BTreeSet<EntityId>>,
    /// Display name and kind of those entities.
    absent_entities: BTreeMap<EntityId, (String, String)>,
}

/// Lowercase, with runs of spaces, `_` and `-` folded to one space, and dots dropped, so
/// that "Joe  Biden", "joe_biden" and "JOE-BIDEN" meet, and "U.S." meets "US".
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.trim().chars() {
        if c.is_whitespace() || c == '_' || c == '-' {
            space = !out.is_empty();
        } else if c == '.' {
            continue;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.extend(c.to_lowercase());
        }
    }
    out
}

impl NameIndex {
    /// Indexes every entity node of `kg`.
    pub fn new(kg: &KnowledgeGraph) -> Self {
        let mut ix = NameIndex::default();
        for n in kg.graph.node_weights() {
            let Node::Entity(e) = n else { continue };
            ix.entities
                .insert(e.id.clone(), (e.name.clone(), e.kind.clone()));
            let names = std::iter::once(e.id.as_str())
                .chain(std::iter::once(e.name.as_str()))
                .chain(e.aliases.iter().map(String::as_str));
            for name in names {
                let f = fold(name);
                if f.is_empty() {
                    continue;
                }
                for w in f.split(' ').filter(|w| w.chars().count() > 2) {
                    ix.words
                        .entry(w.to_string())
                        .or_default()
                        .insert(e.id.clone());
                }
                ix.exact.entry(f).or_default().insert(e.id.clone());
            }
        }
        ix
    }

    /// Adds the names the schema gives the graph's entities (metonyms such as
    /// "Washington" for the United States, shared aliases), and remembers the schema
    /// entities the graph lacks so that asking for one says so.
    pub fn add_schema(&mut self, schema: &Schema) {
        for e in &schema.entities {
            let names = std::iter::once(e.id.as_str())
                .chain(e.names())
                .chain(e.metonyms.iter().map(String::as_str));
            let (table, present) = if self.entities.contains_key(&e.id) {
                (&mut self.exact, true)
            } else {
                (&mut self.absent, false)
            };
            for name in names {
                let f = fold(name);
                if !f.is_empty() {
                    table.entry(f).or_default().insert(e.id.clone());
                }
            }
            if !present {
                self.absent_entities
                    .insert(e.id.clone(), (e.name.clone(), e.kind.clone()));
            }
        }
    }

    fn candidate(&self, id: &EntityId) -> Candidate {
        let (name, kind) = self
            .entities
            .get(id)
            .or_else(|| self.absent_entities.get(id))
            .cloned()
            .unwrap_or_default();
        Candidate {
            id: id.clone(),
            name,
            kind,
        }
    }

    /// Resolves `name`: an exact id first, then a name or alias in any case, then a word
    /// of one name. Several matches at the same step make the name ambiguous; none at all
    /// gives the closest known names by edit distance.
    pub fn resolve(&self, name: &str) -> Result<EntityId, QueryError> {
        if let Some(id) = EntityId::new(name.trim()) {
            if self.entities.contains_key(&id) {
                return Ok(id);
            }
        }
        let f = fold(name);
        for table in [&self.exact, &self.words] {
            if let Some(ids) = table.get(&f) {
                return self.one_of(name, ids);
            }
        }
        if let Some(ids) = self.absent.get(&f) {
            return Err(QueryError::NotInGraph {
                name: name.to_string(),
                entities: ids.iter().map(|id| self.candidate(id)).collect(),
            });
        }
        Err(QueryError::Unknown {
            name: name.to_string(),
            suggestions: self.closest(&f, 5),
        })
    }

    fn one_of(&self, name: &str, ids: &BTreeSet<EntityId>) -> Result<EntityId, QueryError> {
        let mut it = ids.iter();
        match (it.next(), it.next()) {
            (Some(id), None) => Ok(id.clone()),
            _ => Err(QueryError::Ambiguous {
                name: name.to_string(),
                candidates: ids.iter().map(|id| self.candidate(id)).collect(),
            }),
        }
    }

    /// Up to `n` entities whose id, name or alias is closest to `folded`, closest first
    /// (ties by id); only those within about a third of the name's length.
    pub fn closest(&self, folded: &str, n: usize) -> Vec<Candidate> {
        let len = folded.chars().count();
        if len == 0 {
            return vec![];
        }
        let limit = (len / 3).max(2);
        let mut best: BTreeMap<EntityId, usize> = BTreeMap::new();
        // Words too, so that a misspelt surname ("lavrof") finds its owner.
        for (known, ids) in self.exact.iter().chain(&self.words) {
            // Edit distance is at least the difference in length: skip far ones cheaply.
            if known.chars().count().abs_diff(len) > limit {
                continue;
            }
            let d = levenshtein(folded, known);
            if d > limit {
                continue;
            }
            for id in ids {
                let e = best.entry(id.clone()).or_insert(d);
                *e = (*e).min(d);
            }
        }
        let mut v: Vec<(usize, EntityId)> = best.into_iter().map(|(id, d)| (d, id)).collect();
        v.sort();
        v.into_iter()
            .take(n)
            .map(|(_, id)| self.candidate(&id))
            .collect()
    }
}

/// Edit distance (insertions, deletions, substitutions) between two strings, in chars.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

fn list(out: &mut String, cands: &[Candidate]) {
    let w = cands.iter().map(|c| c.id.as_str().len()).max().unwrap_or(0);
    for c in cands {
        let _ = write!(out, "\n  {:<w$}  {} ({})", c.id.as_str(), c.name, c.kind);
    }
}

/// The message for an ambiguous name: the candidates, one per line.
pub(super) fn ambiguous_message(name: &str, cands: &[Candidate]) -> String {
    let mut s = format!("\"{name}\" is ambiguous; it may mean:");
    list(&mut s, cands);
    s.push_str("\nuse one of these ids to choose");
    s
}

/// The message for a name of the schema that no document mentions.
pub(super) fn absent_message(name: &str, cands: &[Candidate]) -> String {
    let mut s = format!("\"{name}\" is in the schemas, but no document of the graph mentions it:");
    list(&mut s, cands);
    s
}

/// The message for an unknown name: the closest known names, if any.
pub(super) fn unknown_message(name: &str, sugg: &[Candidate]) -> String {
    let mut s = format!("no entity is called \"{name}\"");
    if sugg.is_empty() {
        s.push_str(" (and no known name is close to it)");
    } else {
        s.push_str("; did you mean:");
        list(&mut s, sugg);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::fixture::sample;

    /// Resolves `input` on the sample fixture: `Ok(id)`, or `Err` with the candidate or
    /// suggestion ids.
    fn check(input: &str, expected: Result<&str, Vec<&str>>) {
        let kg = sample();
        let ix = NameIndex::new(&kg);
        let got = match ix.resolve(input) {
            Ok(id) => Ok(id.to_string()),
            Err(QueryError::Ambiguous { candidates, .. }) => Err(candidates
                .iter()
                .map(|c| c.id.to_string())
                .collect::<Vec<_>>()),
            Err(QueryError::Unknown { suggestions, .. }) => {
                Err(suggestions.iter().map(|c| c.id.to_string()).collect())
            }
            Err(QueryError::NotInGraph { entities, .. }) => Err(entities
                .iter()
                .map(|c| format!("absent {}", c.id))
                .collect()),
            Err(e) => panic!("unexpected {e}"),
        };
        let expected = expected
            .map(str::to_string)
            .map_err(|v| v.into_iter().map(str::to_string).collect::<Vec<_>>());
        assert_eq!(got, expected, "{input}");
    }

    #[test]
    fn resolves_ids_names_aliases_and_words() {
        check("joe_biden", Ok("joe_biden"));
        check("Joe Biden", Ok("joe_biden"));
        check("JOE-BIDEN", Ok("joe_biden"));
        check("  joe   biden ", Ok("joe_biden"));
        check("Biden", Ok("joe_biden"));
        check("peskov", Ok("dmitry_peskov"));
        check("the alliance", Ok("nato"));
        check("U.S.", Ok("united_states"));
        check("us", Ok("united_states"));
    }

    #[test]
    fn ambiguous_names_list_candidates() {
        check("Washington", Err(vec!["united_states", "washington_dc"]));
        check("sergei", Err(vec!["sergei_lavrov", "sergei_ryabkov"]));
    }

    #[test]
    fn unknown_names_suggest_close_ones() {
        check("Bidne", Err(vec!["joe_biden"]));
        check("dmitri peskov", Err(vec!["dmitry_peskov"]));
        check("lavrof", Err(vec!["sergei_lavrov"]));
        check("zzzzzzzzzz", Err(vec![]));
        check("", Err(vec![]));
    }

    #[test]
    fn schema_names_add_metonyms_and_tell_absent_entities() {
        let kg = sample();
        let mut ix = NameIndex::new(&kg);
        let mut russia = crate::graph::fixture::entity("russia", "country", "Russia");
        russia.metonyms = vec!["Moscow".into(), "the Russian side".into()];
        let mut sherman = crate::graph::fixture::entity("wendy_sherman", "person", "Wendy Sherman");
        sherman.aliases = vec!["Sherman".into()];
        let mut schema = crate::graph::fixture::schema();
        schema.entities = vec![russia, sherman];
        ix.add_schema(&schema);
        let got = |n: &str| match ix.resolve(n) {
            Ok(id) => id.to_string(),
            Err(e) => e.to_string(),
        };
        assert_eq!(got("the russian side"), "russia");
        assert_eq!(got("Sherman"), "\"Sherman\" is in the schemas, but no document of the graph mentions it:\n  wendy_sherman  Wendy Sherman (person)");
        assert_eq!(got("russia"), "russia");
    }

    #[test]
    fn edit_distance() {
        for (a, b, d) in [
            ("", "", 0),
            ("abc", "", 3),
            ("kitten", "sitting", 3),
            ("peskov", "peskov", 0),
            ("é", "e", 1),
        ] {
            assert_eq!(levenshtein(a, b), d, "{a} {b}");
            assert_eq!(levenshtein(b, a), d, "{b} {a}");
        }
    }

    #[test]
    fn messages() {
        let kg = sample();
        let ix = NameIndex::new(&kg);
        let msgs: Vec<String> = ["Washington", "Bidne", "qqqqqqqqqqqq"]
            .iter()
            .map(|n| {
                ix.resolve(n)
                    .map_or_else(|e| e.to_string(), |id| id.to_string())
            })
            .collect();
        insta::assert_snapshot!(msgs.join("\n---\n"));
    }
}
