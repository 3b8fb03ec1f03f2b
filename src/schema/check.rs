//! Validates parsed schema files against each other and compiles them into a [`Schema`]:
//! duplicate ids, colliding aliases, unknown references, bad dates, empty names.
//!
//! Every problem becomes a diagnostic at the place it was written; both places are reported
//! for duplicates and collisions.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use chrono::NaiveDate;

use super::load::{Parsed, RawSchema};
use super::types::{EntityDef, KindDef};
use super::{Entity, EntityId, Origin, Role, Schema};
use crate::diag::{Diagnostic, LineIndex};

/// Finds where things were written in one file's source.
struct Locator<'a> {
    path: &'a Path,
    src: &'a str,
    lines: LineIndex,
}

impl<'a> Locator<'a> {
    fn new(path: &'a Path, src: &'a str) -> Self {
        Locator { path, src, lines: LineIndex::new(src) }
    }

    fn origin(&self, offset: usize) -> Origin {
        let (line, col) = self.lines.line_col(self.src, offset);
        Origin { path: self.path.to_path_buf(), line, col }
    }

    /// Byte offset of the string literal `"value"` at or after `from`, else of `from`.
    fn literal(&self, value: &str, from: usize) -> usize {
        let needle = format!("{value:?}");
        self.src
            .get(from..)
            .and_then(|rest| rest.find(&needle))
            .map_or(from, |i| from + i)
    }

    /// Byte offset of the `field:` key at or after `from`, else of `from`.
    fn field(&self, field: &str, from: usize, to: usize) -> usize {
        field_offsets(self.src, field)
            .into_iter()
            .find(|&o| o >= from && o < to)
            .unwrap_or(from)
    }

    fn error(&self, offset: usize, message: String) -> Diagnostic {
        let o = self.origin(offset);
        Diagnostic::error_at(self.path, o.line, o.col, message)
    }
}

/// Offsets of every `name:` key (a word not preceded by an identifier character), skipping
/// `//` comments and string literals.
fn field_offsets(src: &str, name: &str) -> Vec<usize> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut in_str = false;
    while i < bytes.len() {
        let b = bytes[i];
        if in_str {
            if b == b'\\' {
                i += 2;
                continue;
            }
            if b == b'"' {
                in_str = false;
            }
            i += 1;
            continue;
        }
        if b == b'"' {
            in_str = true;
            i += 1;
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        if src[i..].starts_with(name) && (i == 0 || !ident(bytes[i - 1])) {
            let mut j = i + name.len();
            if j < bytes.len() && ident(bytes[j]) {
                i += 1;
                continue;
            }
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) == Some(&b':') {
                out.push(i);
            }
        }
        i += 1;
    }
    out
}

fn parse_date(s: &str) -> Option<NaiveDate> {
    if s.len() != 10 {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Checks `kinds` for empty and duplicate ids; returns the set of ids.
fn check_kinds(loc: &Locator, what: &str, kinds: &[KindDef], diags: &mut Vec<Diagnostic>) -> BTreeSet<String> {
    let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
    let mut from = 0;
    for k in kinds {
        let at = loc.literal(&k.id, from);
        from = at + 1;
        if !super::is_slug(&k.id) {
            diags.push(loc.error(at, format!("{what} `{}` is not a slug (lowercase letters, digits, `_`)", k.id)));
        }
        if let Some(&first) = seen.get(k.id.as_str()) {
            let o = loc.origin(first);
            diags.push(loc.error(at, format!("duplicate {what} `{}` (first defined at {o})", k.id)));
        } else {
            seen.insert(&k.id, at);
        }
    }
    kinds.iter().map(|k| k.id.clone()).collect()
}

/// One place where a surface name is claimed, for collision reports.
struct Claim {
    entity: String,
    origin: Origin,
    ambiguous: bool,
}

pub(crate) fn check(raw: RawSchema, diags: &mut Vec<Diagnostic>) -> Schema {
    let ontology = raw.ontology.map(|p| {
        let loc = Locator::new(&p.path, &p.src);
        (p.value.clone(), check_ontology(&loc, &p.value, diags))
    });
    let (ontology, kinds) = match ontology {
        Some((o, k)) => (o, Some(k)),
        None => (Default::default(), None),
    };
    let lexicon = match raw.lexicon {
        Some(p) => {
            check_lexicon(&p, kinds.as_ref(), diags);
            p.value
        }
        None => Default::default(),
    };

    // First pass: every id, for references and duplicates.
    let mut ids: BTreeMap<String, Origin> = BTreeMap::new();
    let mut starts: Vec<Vec<usize>> = Vec::new();
    for file in &raw.entities {
        let loc = Locator::new(&file.path, &file.src);
        let offsets = field_offsets(&file.src, "id");
        let mut file_starts = Vec::new();
        for (n, def) in file.value.iter().enumerate() {
            let start = offsets.get(n).copied().unwrap_or(0);
            file_starts.push(start);
            let at = loc.literal(&def.id, start);
            if !super::is_slug(&def.id) {
                diags.push(loc.error(at, format!("entity id `{}` is not a slug (lowercase letters, digits, `_`)", def.id)));
            }
            if let Some(first) = ids.get(&def.id) {
                diags.push(loc.error(at, format!("duplicate entity id `{}` (first defined at {first})", def.id)));
                let o = loc.origin(at);
                diags.push(Diagnostic::error_at(
                    &first.path,
                    first.line,
                    first.col,
                    format!("duplicate entity id `{}` (defined again at {o})", def.id),
                ));
            } else {
                ids.insert(def.id.clone(), loc.origin(at));
            }
        }
        starts.push(file_starts);
    }

    // Second pass: each entity's fields.
    let mut claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    let mut metonym_claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    let mut entities = Vec::new();
    let mut origins = BTreeMap::new();
    for (file, file_starts) in raw.entities.iter().zip(&starts) {
        let loc = Locator::new(&file.path, &file.src);
        for (n, def) in file.value.iter().enumerate() {
            let start = file_starts[n];
            let end = file_starts.get(n + 1).copied().unwrap_or(file.src.len());
            if let Some(e) = check_entity(&loc, def, start, end, kinds.as_ref(), &ids, &mut claims, &mut metonym_claims, diags) {
                origins.entry(e.id.clone()).or_insert_with(|| loc.origin(loc.literal(&def.id, start)));
                entities.push(e);
            }
        }
    }
    report_collisions(&claims, "alias", diags);
    report_collisions(&metonym_claims, "metonym", diags);

    let mut schema = Schema::from_parts(ontology, lexicon, entities);
    schema.origins = origins;
    schema
}

fn check_ontology(loc: &Locator, o: &super::OntologyFile, diags: &mut Vec<Diagnostic>) -> OntologyKinds {
    OntologyKinds {
        entity_kinds: check_kinds(loc, "entity kind", &o.entity_kinds, diags),
        acts: check_kinds(loc, "act", &o.acts, diags),
        event_types: {
            let set = check_kinds(loc, "event type", &o.event_types, diags);
            for k in &o.event_types {
                if let Some(f) = &k.family {
                    if !set.contains(f) {
                        let at = loc.literal(f, 0);
                        diags.push(loc.error(at, format!("unknown event type `{f}` as family of `{}`", k.id)));
                    }
                }
            }
            set
        },
        _relation_kinds: check_kinds(loc, "relation kind", &o.relation_kinds, diags),
    }
}

/// The identifiers the ontology declares.
pub(crate) struct OntologyKinds {
    entity_kinds: BTreeSet<String>,
    acts: BTreeSet<String>,
    event_types: BTreeSet<String>,
    _relation_kinds: BTreeSet<String>,
}

fn check_lexicon(p: &Parsed<super::LexiconFile>, kinds: Option<&OntologyKinds>, diags: &mut Vec<Diagnostic>) {
    let loc = Locator::new(&p.path, &p.src);
    let lex = &p.value;
    let mut from = 0;
    let check_forms = |forms: &[String], what: &str, from: &mut usize, diags: &mut Vec<Diagnostic>| {
        let at = loc.field("forms", *from, p.src.len());
        if forms.is_empty() {
            diags.push(loc.error(at, format!("{what} has no forms")));
        }
        for f in forms {
            let fat = loc.literal(f, at);
            if f.trim().is_empty() {
                diags.push(loc.error(fat, format!("empty form in {what}")));
            }
        }
        *from = at + 1;
        at
    };
    for cue in &lex.speech_cues {
        let at = check_forms(&cue.forms, "speech cue", &mut from, diags);
        if let Some(k) = kinds {
            if !k.acts.contains(&cue.act) {
                let aat = loc.literal(&cue.act, at);
                diags.push(loc.error(aat, format!("unknown act `{}`", cue.act)));
            }
        }
    }
    for noun in &lex.event_nouns {
        let at = check_forms(&noun.forms, "event noun", &mut from, diags);
        if let Some(k) = kinds {
            if !k.event_types.contains(&noun.event) {
                let eat = loc.literal(&noun.event, at);
                diags.push(loc.error(eat, format!("unknown event type `{}`", noun.event)));
            }
        }
    }
    for t in &lex.titles {
        check_forms(&t.forms, "title", &mut from, diags);
    }
    for pr in &lex.pronouns {
        check_forms(&pr.forms, "pronoun", &mut from, diags);
    }
}

#[allow(clippy::too_many_arguments)] // one call site; the arguments are the checker's state
fn check_entity(
    loc: &Locator,
    def: &EntityDef,
    start: usize,
    end: usize,
    kinds: Option<&OntologyKinds>,
    ids: &BTreeMap<String, Origin>,
    claims: &mut BTreeMap<String, Vec<Claim>>,
    metonym_claims: &mut BTreeMap<String, Vec<Claim>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Entity> {
    let n0 = diags.len();
    let id_ok = super::is_slug(&def.id);
    if let Some(k) = kinds {
        if !k.entity_kinds.contains(&def.kind) {
            let at = loc.literal(&def.kind, start);
            diags.push(loc.error(at, format!("unknown entity kind `{}` for `{}`", def.kind, def.id)));
        }
    }
    if def.name.trim().is_empty() {
        let at = loc.field("name", start, end);
        diags.push(loc.error(at, format!("empty name for `{}`", def.id)));
    }
    let ambiguous: BTreeSet<&str> = def.ambiguous.iter().map(String::as_str).collect();
    let mut names_seen = BTreeSet::new();
    let name_list = std::iter::once(&def.name).chain(&def.aliases).chain(&def.ambiguous);
    for name in name_list {
        let at = loc.literal(name, start);
        if name.trim().is_empty() {
            if !std::ptr::eq(name, &def.name) {
                diags.push(loc.error(at, format!("empty alias for `{}`", def.id)));
            }
            continue;
        }
        if !names_seen.insert(name.as_str()) {
            continue;
        }
        claims.entry(name.clone()).or_default().push(Claim {
            entity: def.id.clone(),
            origin: loc.origin(at),
            ambiguous: ambiguous.contains(name.as_str()),
        });
    }
    for m in &def.metonyms {
        let at = loc.literal(m, loc.field("metonyms", start, end));
        if m.trim().is_empty() {
            diags.push(loc.error(at, format!("empty metonym for `{}`", def.id)));
            continue;
        }
        metonym_claims.entry(m.clone()).or_default().push(Claim {
            entity: def.id.clone(),
            origin: loc.origin(at),
            ambiguous: false,
        });
    }
    for d in &def.demonyms {
        if d.trim().is_empty() {
            let at = loc.field("demonyms", start, end);
            diags.push(loc.error(at, format!("empty demonym for `{}`", def.id)));
        }
    }
    let reference = |target: &str, field_at: usize, what: &str, diags: &mut Vec<Diagnostic>| -> Option<EntityId> {
        if ids.contains_key(target) {
            EntityId::new(target)
        } else {
            let at = loc.literal(target, field_at);
            diags.push(loc.error(at, format!("unknown entity `{target}` in {what} of `{}`", def.id)));
            None
        }
    };
    let part_of_at = loc.field("part_of", start, end);
    let part_of: Vec<EntityId> = def
        .part_of
        .iter()
        .filter_map(|p| reference(p, part_of_at, "part_of", diags))
        .collect();
    let mut roles = Vec::new();
    let mut role_from = loc.field("roles", start, end);
    for r in &def.roles {
        let at = loc.field("title", role_from, end);
        role_from = at + 1;
        if r.title.trim().is_empty() {
            diags.push(loc.error(at, format!("empty role title for `{}`", def.id)));
        }
        let of = r.of.as_deref().and_then(|o| reference(o, at, "a role", diags));
        let date = |s: &Option<String>, field: &str, diags: &mut Vec<Diagnostic>| {
            let s = s.as_deref()?;
            let d = parse_date(s);
            if d.is_none() {
                let fat = loc.literal(s, at);
                diags.push(loc.error(fat, format!("`{field}` date `{s}` is not YYYY-MM-DD")));
            }
            d
        };
        let from = date(&r.from, "from", diags);
        let until = date(&r.until, "until", diags);
        if let (Some(f), Some(u)) = (from, until) {
            if f > u {
                let fat = loc.literal(r.from.as_deref().unwrap_or(""), at);
                diags.push(loc.error(fat, format!("role `{}` of `{}` starts ({f}) after it ends ({u})", r.title, def.id)));
            }
        }
        roles.push(Role { title: r.title.clone(), of, from, until });
    }
    if !id_ok || diags.len() > n0 {
        return None;
    }
    Some(Entity {
        id: EntityId::new(&def.id)?,
        kind: def.kind.clone(),
        name: def.name.clone(),
        aliases: def.aliases.clone(),
        ambiguous: def.ambiguous.clone(),
        gender: def.gender,
        roles,
        part_of,
        metonyms: def.metonyms.clone(),
        demonyms: def.demonyms.clone(),
        wikidata: def.wikidata.clone(),
        provisional: false,
    })
}

fn report_collisions(claims: &BTreeMap<String, Vec<Claim>>, what: &str, diags: &mut Vec<Diagnostic>) {
    for (name, list) in claims {
        let entities: BTreeSet<&str> = list.iter().map(|c| c.entity.as_str()).collect();
        if entities.len() < 2 || list.iter().all(|c| c.ambiguous) {
            continue;
        }
        for (i, c) in list.iter().enumerate() {
            let others: Vec<String> = list
                .iter()
                .enumerate()
                .filter(|(j, o)| *j != i && o.entity != c.entity)
                .map(|(_, o)| format!("`{}` at {}", o.entity, o.origin))
                .collect();
            diags.push(Diagnostic::error_at(
                &c.origin.path,
                c.origin.line,
                c.origin.col,
                format!(
                    "{what} \"{name}\" of `{}` is also claimed by {} (list it under `ambiguous` in every entity to allow it)",
                    c.entity,
                    others.join(", ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_field_keys_not_in_strings_or_comments() {
        let src = "( id: \"a\", // id: no\n name: \"id: x\", id :\"b\")";
        assert_eq!(field_offsets(src, "id").len(), 2);
        assert_eq!(field_offsets("(ids: 1, xid: 2)", "id").len(), 0);
    }
}
