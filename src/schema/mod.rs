//! Schemas: loads the hand-written RON files of `schemas/` (ontology, lexicon, entities),
//! checks them all at once, and compiles them into the [`Schema`] the extractor reads.
//!
//! Every problem is reported with `path:line:col`; a schema with any error is never
//! returned, so no command can produce output from a broken schema. Matching text against
//! the schema (aho-corasick automata) is left to `extract`.

mod check;
pub mod inflect;
mod load;
pub mod types;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
pub use types::{CueForm, Gender, LexiconFile, Number, OntologyFile};

/// A checked entity id: a slug of lowercase ASCII letters, digits and `_`.
///
/// The string is shared: an id is copied into every mention, statement, edge and node that
/// names the entity, and a clone is a reference count instead of an allocation (millions of
/// copies in a large graph). Comparisons and the serialized form are those of the string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EntityId(Arc<str>);

impl EntityId {
    /// Checks `s` is a slug.
    pub fn new(s: &str) -> Option<Self> {
        if is_slug(s) {
            Some(EntityId(Arc::from(s)))
        } else {
            None
        }
    }

    /// The slug of a free-text name: "Alexander Fomin" -> `alexander_fomin`.
    pub fn slug_of(name: &str) -> Self {
        let mut out = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                out.push(c.to_ascii_lowercase());
            } else if !out.is_empty() && !out.ends_with('_') {
                out.push('_');
            }
        }
        while out.ends_with('_') {
            out.pop();
        }
        if out.is_empty() {
            out.push_str("unnamed");
        }
        EntityId(Arc::from(out))
    }

    /// The id as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for EntityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// True when `s` is a non-empty slug of lowercase ASCII letters, digits and `_`.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Where something was written: file and 1-based line:col.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Origin {
    /// The RON file.
    pub path: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub col: usize,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// An office held by a person, with checked dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Role {
    /// The title as written in news ("Secretary of State").
    pub title: String,
    /// The state or body the office belongs to.
    pub of: Option<EntityId>,
    /// First day in office.
    pub from: Option<NaiveDate>,
    /// Last day in office.
    pub until: Option<NaiveDate>,
}

impl Role {
    /// True when the office was held on `date` (an unknown date matches any role).
    pub fn held_on(&self, date: Option<NaiveDate>) -> bool {
        let Some(d) = date else { return true };
        self.from.is_none_or(|f| f <= d) && self.until.is_none_or(|u| d <= u)
    }
}

/// A checked entity of the schema.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id.
    pub id: EntityId,
    /// Entity kind of the ontology.
    pub kind: String,
    /// Usual English name.
    pub name: String,
    /// Other names matched in text.
    pub aliases: Vec<String>,
    /// Aliases shared with other entities on purpose.
    pub ambiguous: Vec<String>,
    /// Gender of a person.
    pub gender: Option<Gender>,
    /// Offices with dates.
    pub roles: Vec<Role>,
    /// Entities this one is part of.
    pub part_of: Vec<EntityId>,
    /// Words naming this entity by metonymy.
    pub metonyms: Vec<String>,
    /// Adjectives and demonyms denoting this entity.
    pub demonyms: Vec<String>,
    /// Wikidata id.
    pub wikidata: Option<String>,
    /// True when found in text rather than written in the schema.
    #[serde(default)]
    pub provisional: bool,
}

impl Entity {
    /// The name and every alias (not metonyms or demonyms).
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.ambiguous.iter().map(String::as_str))
    }

    /// The roles held on `date`.
    pub fn roles_on(&self, date: Option<NaiveDate>) -> impl Iterator<Item = &Role> {
        self.roles.iter().filter(move |r| r.held_on(date))
    }
}

/// The checked, compiled schemas: ontology, lexicon and entities sorted by id.
#[derive(Debug, Clone)]
pub struct Schema {
    /// Entity kinds, relation kinds, acts and event types.
    pub ontology: OntologyFile,
    /// Speech cues, event nouns, titles and pronouns.
    pub lexicon: LexiconFile,
    /// Every entity, sorted by id.
    pub entities: Vec<Entity>,
    /// Where each entity was defined.
    pub origins: BTreeMap<EntityId, Origin>,
    index: BTreeMap<EntityId, usize>,
}

/// A schema that could not be loaded: every problem found, in file order.
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} problem(s) in the schemas", .diagnostics.len())]
pub struct SchemaError {
    /// The problems, each with `path:line:col`.
    pub diagnostics: Vec<Diagnostic>,
}

impl Schema {
    /// Loads and checks every RON file under `dir`. Returns the schema only if no error was
    /// found; otherwise every error (not just the first).
    pub fn load(dir: &Path) -> Result<Schema, SchemaError> {
        let (schema, diagnostics) = Self::check(dir);
        match schema {
            Some(s) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(s),
            _ => Err(SchemaError { diagnostics }),
        }
    }

    /// Loads and checks every RON file under `dir`, returning the schema when it could be
    /// built (possibly with errors) and all diagnostics, sorted by file and position.
    pub fn check(dir: &Path) -> (Option<Schema>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let raw = load::read_dir(dir, &mut diags);
        let schema = raw.map(|raw| check::check(raw, &mut diags));
        diags.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
        diags.dedup();
        (schema, diags)
    }

    /// Builds a schema from already-checked parts (used by tests and generators).
    pub fn from_parts(
        ontology: OntologyFile,
        lexicon: LexiconFile,
        mut entities: Vec<Entity>,
    ) -> Schema {
        entities.sort_by(|a, b| a.id.cmp(&b.id));
        entities.dedup_by(|a, b| a.id == b.id);
        let index = entities
            .iter()
            .enumerate()
            .map(|(i, e)| (e.id.clone(), i))
            .collect();
        Schema {
            ontology,
            lexicon,
            entities,
            origins: BTreeMap::new(),
            index,
        }
    }

    /// The entity with this id.
    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.index.get(id).map(|&i| &self.entities[i])
    }

    /// The entity with this id string.
    pub fn entity_by_str(&self, id: &str) -> Option<&Entity> {
        EntityId::new(id).and_then(|id| self.entity(&id))
    }

    /// The family of an event type (for cross-document merging); the type itself by default.
    pub fn event_family<'a>(&'a self, event_type: &'a str) -> &'a str {
        self.ontology
            .event_types
            .iter()
            .find(|k| k.id == event_type)
            .and_then(|k| k.family.as_deref())
            .unwrap_or(event_type)
    }

    /// The states (kind `country`) an entity belongs to, through part_of and role links,
    /// itself first if it is one. Used for "our allies", clustering and affiliation.
    pub fn states_of(&self, id: &EntityId) -> Vec<EntityId> {
        let mut out = Vec::new();
        let mut stack = vec![id.clone()];
        let mut seen = std::collections::BTreeSet::new();
        while let Some(cur) = stack.pop() {
            if !seen.insert(cur.clone()) {
                continue;
            }
            let Some(e) = self.entity(&cur) else { continue };
            if e.kind == "country" {
                out.push(cur.clone());
                continue;
            }
            stack.extend(e.part_of.iter().rev().cloned());
            stack.extend(e.roles.iter().rev().filter_map(|r| r.of.clone()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(
            EntityId::slug_of("Alexander Fomin").as_str(),
            "alexander_fomin"
        );
        assert_eq!(
            EntityId::slug_of("  O'Brien-Smith ").as_str(),
            "o_brien_smith"
        );
        assert_eq!(EntityId::slug_of("Ж").as_str(), "unnamed");
        assert!(EntityId::new("joe_biden").is_some());
        assert!(EntityId::new("Joe Biden").is_none());
        assert!(EntityId::new("").is_none());
    }

    #[test]
    fn role_dates() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        let r = Role {
            title: "President".into(),
            of: None,
            from: d("2017-01-20"),
            until: d("2021-01-20"),
        };
        assert!(r.held_on(d("2018-05-01")));
        assert!(r.held_on(d("2021-01-20")));
        assert!(!r.held_on(d("2021-01-21")));
        assert!(r.held_on(None));
    }
}
