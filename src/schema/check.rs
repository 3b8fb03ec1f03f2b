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
    /// Offsets of every `name:` key by name, sorted: computed once so that locating a field
    /// costs a binary search, not a scan of the file (schemas may hold many entities).
    keys: BTreeMap<String, Vec<usize>>,
}

impl<'a> Locator<'a> {
    fn new(path: &'a Path, src: &'a str) -> Self {
        Locator {
            path,
            src,
            lines: LineIndex::new(src),
            keys: field_keys(src),
        }
    }

    fn origin(&self, offset: usize) -> Origin {
        let (line, col) = self.lines.line_col(self.src, offset);
        Origin {
            path: self.path.to_path_buf(),
            line,
            col,
        }
    }

    /// Byte offset of the string literal `"value"` in `from..to`, if it is written plainly.
    fn find_literal(&self, value: &str, from: usize, to: usize) -> Option<usize> {
        let needle = format!("{value:?}");
        let i = self.src.get(from..to.min(self.src.len()))?.find(&needle)?;
        Some(from + i)
    }

    /// Byte offset of the string literal `"value"` at or after `from`, else of `from`.
    fn literal(&self, value: &str, from: usize) -> usize {
        self.find_literal(value, from, self.src.len())
            .unwrap_or(from)
    }

    /// Byte offsets of each value of a list field in `from..to`, in order: each value is
    /// searched after the previous one, from the `field:` key on. A value that cannot be found
    /// (written with escapes) is placed at the key.
    fn literals(&self, values: &[String], field: &str, from: usize, to: usize) -> Vec<usize> {
        let key = self.field(field, from, to);
        let mut cursor = key;
        values
            .iter()
            .map(|v| match self.find_literal(v, cursor, to) {
                Some(at) => {
                    cursor = at + 1;
                    at
                }
                None => key,
            })
            .collect()
    }

    /// Byte offset of the `field:` key at or after `from`, else of `from`.
    fn field(&self, field: &str, from: usize, to: usize) -> usize {
        self.find_field(field, from, to).unwrap_or(from)
    }

    /// Byte offset of the first `field:` key in `from..to`.
    fn find_field(&self, field: &str, from: usize, to: usize) -> Option<usize> {
        let offsets = self.keys.get(field)?;
        let o = *offsets.get(offsets.partition_point(|&o| o < from))?;
        (o < to).then_some(o)
    }

    fn error(&self, offset: usize, message: String) -> Diagnostic {
        let o = self.origin(offset);
        Diagnostic::error_at(self.path, o.line, o.col, message)
    }
}

/// Offsets of every `name:` key (a word not preceded by an identifier character), skipping
/// comments and string literals.
pub(crate) fn field_offsets(src: &str, name: &str) -> Vec<usize> {
    field_keys(src).remove(name).unwrap_or_default()
}

/// Offsets of every `name:` key of `src` by name, in one pass, skipping comments and string
/// literals.
pub(crate) fn field_keys(src: &str) -> BTreeMap<String, Vec<usize>> {
    let bytes = src.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
    let mut out: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' {
                i += if bytes[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = bytes[i + 2..]
                .windows(2)
                .position(|w| w == b"*/")
                .map_or(bytes.len(), |p| i + 2 + p + 2);
            continue;
        }
        if ident(b) && (i == 0 || !ident(bytes[i - 1])) {
            let start = i;
            while i < bytes.len() && ident(bytes[i]) {
                i += 1;
            }
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if bytes.get(j) == Some(&b':') {
                // Identifiers are ASCII, so `start..i` lies on character boundaries.
                out.entry(src[start..i].to_string())
                    .or_default()
                    .push(start);
            }
            continue;
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

/// Checks the kinds of one section of the ontology (`section:` key) for bad and duplicate
/// ids; returns the set of ids and where each was written.
fn check_kinds(
    loc: &Locator,
    section: &str,
    what: &str,
    kinds: &[KindDef],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, usize> {
    let ids: Vec<String> = kinds.iter().map(|k| k.id.clone()).collect();
    let section_at = loc.field(section, 0, loc.src.len());
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (k, at) in kinds
        .iter()
        .zip(loc.literals(&ids, "id", section_at, loc.src.len()))
    {
        if !super::is_slug(&k.id) {
            diags.push(loc.error(
                at,
                format!(
                    "{what} `{}` is not a slug (lowercase letters, digits, `_`)",
                    k.id
                ),
            ));
        }
        if let Some(&first) = seen.get(&k.id) {
            let (f, o) = (loc.origin(first), loc.origin(at));
            diags.push(loc.error(
                at,
                format!("duplicate {what} `{}` (first defined at {f})", k.id),
            ));
            diags.push(loc.error(
                first,
                format!("duplicate {what} `{}` (defined again at {o})", k.id),
            ));
        } else {
            seen.insert(k.id.clone(), at);
        }
    }
    seen
}

/// One place where a surface name is claimed, for collision reports.
struct Claim {
    entity: String,
    origin: Origin,
    ambiguous: bool,
}

pub(crate) fn check(raw: RawSchema, diags: &mut Vec<Diagnostic>) -> Schema {
    let ontology = raw.ontology.as_ref().map(|p| {
        let loc = Locator::new(&p.path, &p.src);
        (p.value.clone(), check_ontology(&loc, &p.value, diags))
    });
    let (ontology, kinds) = match ontology {
        Some((o, k)) => (o, Some(k)),
        None => (Default::default(), None),
    };
    let lexicon = match &raw.lexicon {
        Some(p) => {
            check_lexicon(p, kinds.as_ref(), diags);
            p.value.clone()
        }
        None => Default::default(),
    };

    // First pass: every id, for references and duplicates.
    let mut ids: BTreeMap<String, Origin> = BTreeMap::new();
    for file in &raw.entities {
        let loc = Locator::new(&file.path, &file.src);
        for (start, def) in &file.entries {
            let at = loc.literal(&def.id, *start);
            if !super::is_slug(&def.id) {
                diags.push(loc.error(
                    at,
                    format!(
                        "entity id `{}` is not a slug (lowercase letters, digits, `_`)",
                        def.id
                    ),
                ));
            }
            if let Some(first) = ids.get(&def.id) {
                let o = loc.origin(at);
                diags.push(loc.error(
                    at,
                    format!(
                        "duplicate entity id `{}` (first defined at {first})",
                        def.id
                    ),
                ));
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
    }
    let known = Known {
        ids: &ids,
        unparsed: &raw.unparsed_ids,
    };

    // Second pass: each entity's fields.
    let mut claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    let mut metonym_claims: BTreeMap<String, Vec<Claim>> = BTreeMap::new();
    let mut entities = Vec::new();
    let mut origins = BTreeMap::new();
    for file in &raw.entities {
        let loc = Locator::new(&file.path, &file.src);
        for (n, (start, def)) in file.entries.iter().enumerate() {
            let end = file.entries.get(n + 1).map_or(file.src.len(), |(s, _)| *s);
            let mut state = State {
                claims: &mut claims,
                metonym_claims: &mut metonym_claims,
                diags: &mut *diags,
            };
            if let Some(e) =
                check_entity(&loc, def, *start, end, kinds.as_ref(), &known, &mut state)
            {
                origins
                    .entry(e.id.clone())
                    .or_insert_with(|| loc.origin(loc.literal(&def.id, *start)));
                entities.push(e);
            }
        }
    }
    check_part_of_cycles(&raw, &entities, diags);
    report_collisions(&claims, "alias", diags);
    report_collisions(&metonym_claims, "metonym", diags);

    let mut schema = Schema::from_parts(ontology, lexicon, entities);
    schema.origins = origins;
    schema
}

fn check_ontology(
    loc: &Locator,
    o: &super::OntologyFile,
    diags: &mut Vec<Diagnostic>,
) -> OntologyKinds {
    let event_types = check_kinds(loc, "event_types", "event type", &o.event_types, diags);
    for k in &o.event_types {
        if let Some(f) = &k.family {
            if !event_types.contains_key(f) {
                let from = event_types.get(&k.id).copied().unwrap_or(0);
                let at = loc
                    .find_literal(f, from + k.id.len() + 2, loc.src.len())
                    .unwrap_or(from);
                diags.push(loc.error(
                    at,
                    format!("unknown event type `{f}` as family of `{}`", k.id),
                ));
            }
        }
    }
    OntologyKinds {
        entity_kinds: check_kinds(loc, "entity_kinds", "entity kind", &o.entity_kinds, diags)
            .into_keys()
            .collect(),
        acts: check_kinds(loc, "acts", "act", &o.acts, diags)
            .into_keys()
            .collect(),
        event_types: event_types.into_keys().collect(),
        _relation_kinds: check_kinds(
            loc,
            "relation_kinds",
            "relation kind",
            &o.relation_kinds,
            diags,
        )
        .into_keys()
        .collect(),
    }
}

/// The identifiers the ontology declares.
pub(crate) struct OntologyKinds {
    entity_kinds: BTreeSet<String>,
    acts: BTreeSet<String>,
    event_types: BTreeSet<String>,
    _relation_kinds: BTreeSet<String>,
}

/// The entity ids that exist: parsed ones with their place, and those of broken entries.
struct Known<'a> {
    ids: &'a BTreeMap<String, Origin>,
    unparsed: &'a BTreeSet<String>,
}

impl Known<'_> {
    fn contains(&self, id: &str) -> bool {
        self.ids.contains_key(id) || self.unparsed.contains(id)
    }
}

/// What checking one entity adds to: the names claimed so far and the diagnostics.
struct State<'a> {
    claims: &'a mut BTreeMap<String, Vec<Claim>>,
    metonym_claims: &'a mut BTreeMap<String, Vec<Claim>>,
    diags: &'a mut Vec<Diagnostic>,
}

fn check_lexicon(
    p: &Parsed<super::LexiconFile>,
    kinds: Option<&OntologyKinds>,
    diags: &mut Vec<Diagnostic>,
) {
    let loc = Locator::new(&p.path, &p.src);
    let lex = &p.value;
    let mut from = 0;
    let check_forms =
        |forms: &[String], what: &str, from: &mut usize, diags: &mut Vec<Diagnostic>| {
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
    from = check_cues(&loc, &lex.speech_cues, kinds, from, diags);
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
    for ub in &lex.unnamed_bodies {
        let at = check_forms(&ub.forms, "unnamed body", &mut from, diags);
        if !super::is_slug(&ub.of) {
            let oat = loc.literal(&ub.of, at);
            diags.push(loc.error(
                oat,
                format!(
                    "`{}` is not an entity id (lowercase letters, digits, `_`)",
                    ub.of
                ),
            ));
        }
    }
}

/// Checks the speech cues (from `from` on) and returns the offset after them: each entry has
/// lemmas or forms, lemmas are lower case, `except` names generated forms, the act is known,
/// and no surface form (written or generated) belongs to two acts or two cue forms.
fn check_cues(
    loc: &Locator,
    cues: &[super::types::SpeechCueDef],
    kinds: Option<&OntologyKinds>,
    mut from: usize,
    diags: &mut Vec<Diagnostic>,
) -> usize {
    let end = loc.src.len();
    // Surface form (lower case) -> the act and cue form of its first entry.
    let mut claimed: BTreeMap<String, (&str, super::CueForm, usize)> = BTreeMap::new();
    for cue in cues {
        // The entry's keys: its `act:` and, before the next entry's `act:`, its lists.
        let act_at = loc.field("act", from, end);
        let next = loc.find_field("act", act_at + 1, end).unwrap_or(end);
        let key = |name: &str, used: bool| used.then(|| loc.find_field(name, from, next)).flatten();
        let lemmas_at = key("lemmas", !cue.lemmas.is_empty());
        let forms_at = key("forms", !cue.forms.is_empty());
        let except_at = key("except", !cue.except.is_empty());
        let start = [Some(act_at), lemmas_at, forms_at]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(from);
        if cue.lemmas.is_empty() && cue.forms.is_empty() {
            diags.push(loc.error(start, "speech cue has no lemmas and no forms".to_string()));
        }
        if let Some(k) = kinds {
            if !k.acts.contains(&cue.act) {
                let aat = loc.literal(&cue.act, act_at);
                diags.push(loc.error(aat, format!("unknown act `{}`", cue.act)));
            }
        }
        let form_offsets =
            forms_at.map_or_else(Vec::new, |at| loc.literals(&cue.forms, "forms", at, next));
        for (i, f) in cue.forms.iter().enumerate() {
            let at = form_offsets.get(i).copied().unwrap_or(start);
            if f.trim().is_empty() {
                diags.push(loc.error(at, "empty form in speech cue".to_string()));
            } else {
                claim(loc, &mut claimed, f, cue, at, None, diags);
            }
        }
        let lemma_offsets =
            lemmas_at.map_or_else(Vec::new, |at| loc.literals(&cue.lemmas, "lemmas", at, next));
        let mut generated: Vec<String> = Vec::new();
        for (i, l) in cue.lemmas.iter().enumerate() {
            let at = lemma_offsets.get(i).copied().unwrap_or(start);
            if l.trim().is_empty() {
                diags.push(loc.error(at, "empty lemma in speech cue".to_string()));
                continue;
            }
            if l.chars().any(char::is_uppercase) || l.trim() != l {
                diags.push(loc.error(
                    at,
                    format!("lemma `{l}` must be lower case without surrounding spaces"),
                ));
            }
            for f in super::inflect::surface_forms(l) {
                if cue.except.contains(&f) {
                    generated.push(f);
                } else {
                    claim(loc, &mut claimed, &f, cue, at, Some(l), diags);
                }
            }
        }
        let except_offsets =
            except_at.map_or_else(Vec::new, |at| loc.literals(&cue.except, "except", at, next));
        for (i, x) in cue.except.iter().enumerate() {
            if !generated.contains(x) {
                let at = except_offsets.get(i).copied().unwrap_or(start);
                diags.push(loc.error(
                    at,
                    format!("`{x}` in `except` is not a form of this entry's lemmas"),
                ));
            }
        }
        from = [Some(act_at), lemmas_at, forms_at, except_at]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(from)
            + 1;
    }
    from
}

/// Records that `cue` claims the surface form `form` (written at `at`, generated from
/// `lemma` if given); an error when an entry of another act or cue form claimed it first.
fn claim<'c>(
    loc: &Locator,
    claimed: &mut BTreeMap<String, (&'c str, super::CueForm, usize)>,
    form: &str,
    cue: &'c super::types::SpeechCueDef,
    at: usize,
    lemma: Option<&str>,
    diags: &mut Vec<Diagnostic>,
) {
    let lower = form.to_lowercase();
    match claimed.get(&lower) {
        None => {
            claimed.insert(lower, (cue.act.as_str(), cue.form, at));
        }
        Some(&(act, f, first)) if act != cue.act || f != cue.form => {
            let whose = match lemma {
                Some(l) => format!("`{form}` (a form of the lemma `{l}`)"),
                None => format!("`{form}`"),
            };
            diags.push(loc.error(
                at,
                format!(
                    "speech cue {whose} of act `{}` is already a cue of act `{act}` at {}",
                    cue.act,
                    loc.origin(first)
                ),
            ));
        }
        Some(_) => {}
    }
}

/// Checks one entity (written in `start..end` of its file) and compiles it; `None` when it
/// has an error.
fn check_entity(
    loc: &Locator,
    def: &EntityDef,
    start: usize,
    end: usize,
    kinds: Option<&OntologyKinds>,
    known: &Known,
    st: &mut State,
) -> Option<Entity> {
    let n0 = st.diags.len();
    let id_ok = super::is_slug(&def.id);
    if let Some(k) = kinds {
        if !k.entity_kinds.contains(&def.kind) {
            let at = loc
                .find_literal(&def.kind, loc.field("kind", start, end), end)
                .unwrap_or(start);
            st.diags.push(loc.error(
                at,
                format!("unknown entity kind `{}` for `{}`", def.kind, def.id),
            ));
        }
    }
    let name_at = loc.field("name", start, end);
    if def.name.trim().is_empty() {
        st.diags
            .push(loc.error(name_at, format!("empty name for `{}`", def.id)));
    }
    let ambiguous: BTreeSet<&str> = def.ambiguous.iter().map(String::as_str).collect();
    let mut names_seen = BTreeSet::new();
    let name_pos = loc.find_literal(&def.name, name_at, end).unwrap_or(name_at);
    let names = std::iter::once((&def.name, name_pos, "name"))
        .chain(
            def.aliases
                .iter()
                .zip(loc.literals(&def.aliases, "aliases", start, end))
                .map(|(a, at)| (a, at, "alias")),
        )
        .chain(
            def.ambiguous
                .iter()
                .zip(loc.literals(&def.ambiguous, "ambiguous", start, end))
                .map(|(a, at)| (a, at, "ambiguous alias")),
        );
    for (name, at, what) in names {
        if name.trim().is_empty() {
            if what != "name" {
                st.diags
                    .push(loc.error(at, format!("empty {what} for `{}`", def.id)));
            }
            continue;
        }
        if !names_seen.insert(name.as_str()) {
            continue;
        }
        st.claims.entry(name.clone()).or_default().push(Claim {
            entity: def.id.clone(),
            origin: loc.origin(at),
            ambiguous: ambiguous.contains(name.as_str()),
        });
    }
    for (m, at) in def
        .metonyms
        .iter()
        .zip(loc.literals(&def.metonyms, "metonyms", start, end))
    {
        if m.trim().is_empty() {
            st.diags
                .push(loc.error(at, format!("empty metonym for `{}`", def.id)));
            continue;
        }
        st.metonym_claims.entry(m.clone()).or_default().push(Claim {
            entity: def.id.clone(),
            origin: loc.origin(at),
            ambiguous: false,
        });
    }
    for (d, at) in def
        .demonyms
        .iter()
        .zip(loc.literals(&def.demonyms, "demonyms", start, end))
    {
        if d.trim().is_empty() {
            st.diags
                .push(loc.error(at, format!("empty demonym for `{}`", def.id)));
        }
    }
    if let Some(w) = &def.wikidata {
        let ok = w.len() > 1 && w.starts_with('Q') && w[1..].bytes().all(|b| b.is_ascii_digit());
        if !ok {
            let at = loc
                .find_literal(w, loc.field("wikidata", start, end), end)
                .unwrap_or(start);
            st.diags.push(loc.error(
                at,
                format!(
                    "wikidata id `{w}` of `{}` is not Q followed by digits",
                    def.id
                ),
            ));
        }
    }
    let reference =
        |target: &str, at: usize, what: &str, diags: &mut Vec<Diagnostic>| -> Option<EntityId> {
            if target == def.id {
                diags.push(loc.error(at, format!("`{target}` refers to itself in {what}")));
                None
            } else if known.contains(target) {
                EntityId::new(target)
            } else {
                diags.push(loc.error(
                    at,
                    format!("unknown entity `{target}` in {what} of `{}`", def.id),
                ));
                None
            }
        };
    let part_of: Vec<EntityId> = def
        .part_of
        .iter()
        .zip(loc.literals(&def.part_of, "part_of", start, end))
        .filter_map(|(p, at)| reference(p, at, "part_of", st.diags))
        .collect();
    let mut roles = Vec::new();
    let mut role_from = loc.field("roles", start, end);
    for r in &def.roles {
        let at = loc.field("title", role_from, end);
        // The role's fields lie between its title and the next role's title.
        let role_end = loc.find_field("title", at + 1, end).unwrap_or(end);
        role_from = at + 1;
        if r.title.trim().is_empty() {
            st.diags
                .push(loc.error(at, format!("empty role title for `{}`", def.id)));
        }
        let of = r.of.as_deref().and_then(|o| {
            let oat = loc
                .find_literal(o, loc.field("of", at, role_end), role_end)
                .unwrap_or(at);
            reference(o, oat, "a role", st.diags)
        });
        let date = |s: &Option<String>, field: &str, diags: &mut Vec<Diagnostic>| {
            let s = s.as_deref()?;
            let fat = loc
                .find_literal(s, loc.field(field, at, role_end), role_end)
                .unwrap_or(at);
            let d = parse_date(s);
            if d.is_none() {
                diags.push(loc.error(
                    fat,
                    format!(
                        "`{field}` date `{s}` of `{}` is not a YYYY-MM-DD date",
                        def.id
                    ),
                ));
            }
            d.map(|d| (d, fat))
        };
        let from = date(&r.from, "from", st.diags);
        let until = date(&r.until, "until", st.diags);
        if let (Some((f, fat)), Some((u, _))) = (from, until) {
            if f > u {
                st.diags.push(loc.error(
                    fat,
                    format!(
                        "role `{}` of `{}` starts ({f}) after it ends ({u})",
                        r.title, def.id
                    ),
                ));
            }
        }
        roles.push(Role {
            title: r.title.clone(),
            of,
            from: from.map(|d| d.0),
            until: until.map(|d| d.0),
        });
    }
    if !id_ok || st.diags.len() > n0 {
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

/// Reports cycles of `part_of` links (a body part of itself through others), once per cycle,
/// at the `part_of` of its smallest id. One depth-first search over all links: linear in the
/// number of entities and links.
fn check_part_of_cycles(raw: &RawSchema, entities: &[Entity], diags: &mut Vec<Diagnostic>) {
    let parents: BTreeMap<&str, Vec<&str>> = entities
        .iter()
        .map(|e| {
            (
                e.id.as_str(),
                e.part_of.iter().map(EntityId::as_str).collect(),
            )
        })
        .collect();
    // 1: on the current path, 2: done.
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut cycles: BTreeSet<Vec<&str>> = BTreeSet::new();
    for &root in parents.keys() {
        if state.contains_key(root) {
            continue;
        }
        let mut path: Vec<&str> = vec![root];
        let mut next: Vec<usize> = vec![0];
        state.insert(root, 1);
        while let (Some(&cur), Some(n)) = (path.last(), next.last_mut()) {
            let Some(&p) = parents.get(cur).and_then(|ps| ps.get(*n)) else {
                state.insert(cur, 2);
                path.pop();
                next.pop();
                continue;
            };
            *n += 1;
            match state.get(p) {
                None if parents.contains_key(p) => {
                    state.insert(p, 1);
                    path.push(p);
                    next.push(0);
                }
                Some(1) => {
                    // A link back into the current path closes a cycle; start it at its
                    // smallest id so that each cycle is told once and the same way.
                    let from = path.iter().position(|&x| x == p).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[from..].to_vec();
                    let min = (0..cycle.len()).min_by_key(|&i| cycle[i]).unwrap_or(0);
                    cycle.rotate_left(min);
                    cycles.insert(cycle);
                }
                _ => {}
            }
        }
    }
    for cycle in cycles {
        let first = cycle[0];
        let mut shown: Vec<String> = cycle
            .iter()
            .take(MAX_CYCLE_SHOWN)
            .map(|s| s.to_string())
            .collect();
        if cycle.len() > MAX_CYCLE_SHOWN {
            shown.push(format!("... ({} more)", cycle.len() - MAX_CYCLE_SHOWN));
        }
        shown.push(first.to_string());
        let place = raw.entities.iter().find_map(|f| {
            let (start, _) = f.entries.iter().find(|(_, d)| d.id == first)?;
            let loc = Locator::new(&f.path, &f.src);
            let at = loc.field("part_of", *start, f.src.len());
            Some(loc.error(at, format!("part_of cycle: {}", shown.join(" -> "))))
        });
        diags.extend(place);
    }
}

/// Members of a `part_of` cycle shown in its message.
const MAX_CYCLE_SHOWN: usize = 8;

/// Other claims listed in a collision message.
const MAX_OTHERS: usize = 3;

fn report_collisions(
    claims: &BTreeMap<String, Vec<Claim>>,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    for (name, list) in claims {
        let mut per_entity: BTreeMap<&str, usize> = BTreeMap::new();
        for c in list {
            *per_entity.entry(c.entity.as_str()).or_insert(0) += 1;
        }
        if per_entity.len() < 2 || list.iter().all(|c| c.ambiguous) {
            continue;
        }
        for (i, c) in list.iter().enumerate() {
            // The other claims, at most a few of them: a name shared by thousands of
            // generated entities must not make the report quadratic.
            let mut others: Vec<String> = list
                .iter()
                .enumerate()
                .filter(|(j, o)| *j != i && o.entity != c.entity)
                .take(MAX_OTHERS)
                .map(|(_, o)| format!("`{}` at {}", o.entity, o.origin))
                .collect();
            let more = (list.len() - per_entity[c.entity.as_str()]).saturating_sub(others.len());
            if more > 0 {
                others.push(format!("and {more} more"));
            }
            // Only aliases can be shared on purpose; a metonym stands for one entity.
            let hint = if what == "alias" {
                " (list it under `ambiguous` in every entity to allow it)"
            } else {
                ""
            };
            diags.push(Diagnostic::error_at(
                &c.origin.path,
                c.origin.line,
                c.origin.col,
                format!(
                    "{what} \"{name}\" of `{}` is also claimed by {}{hint}",
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
    use crate::schema::load;
    use proptest::prelude::*;
    use std::path::PathBuf;

    #[test]
    fn finds_field_keys_not_in_strings_or_comments() {
        let src = "( id: \"a\", // id: no\n name: \"id: x\", id :\"b\")";
        assert_eq!(field_offsets(src, "id").len(), 2);
        assert_eq!(field_offsets("(ids: 1, xid: 2)", "id").len(), 0);
    }

    const ONTOLOGY: &str = r#"(entity_kinds: [(id: "person"), (id: "country"), (id: "body")],
        relation_kinds: [(id: "said")], acts: [(id: "assert")], event_types: [(id: "talks")])"#;
    const LEXICON: &str = r#"(speech_cues: [(forms: ["said"], act: "assert")], event_nouns: [],
        titles: [], pronouns: [])"#;

    /// Checks one entity file against a small ontology; returns the messages as
    /// `line:col: message` and the ids of the compiled entities.
    fn run(entities: &str) -> (Vec<String>, Vec<String>) {
        let mut diags = Vec::new();
        let mut raw = load::RawSchema {
            ontology: load::parse_for_tests(Path::new("ontology.ron"), ONTOLOGY),
            lexicon: load::parse_for_tests(Path::new("lexicon.ron"), LEXICON),
            ..Default::default()
        };
        assert!(raw.ontology.is_some() && raw.lexicon.is_some());
        raw.entities.push(load::parse_entities(
            &PathBuf::from("e.ron"),
            entities.to_string(),
            &mut raw.unparsed_ids,
            &mut diags,
        ));
        let schema = check(raw, &mut diags);
        diags.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
        let shown = diags
            .iter()
            .map(|d| {
                let (l, c) = d.position.unwrap_or((0, 0));
                format!("{l}:{c}: {}", d.message)
            })
            .collect();
        (
            shown,
            schema.entities.iter().map(|e| e.id.to_string()).collect(),
        )
    }

    fn check_entities(src: &str, expected: &[&str]) {
        let (shown, _) = run(src);
        assert_eq!(shown, expected, "{src}");
    }

    #[test]
    fn places_of_problems() {
        check_entities(r#"[(id: "a", kind: "person", name: "A")]"#, &[]);
        check_entities(
            r#"[(id: "a", kind: "person", name: "A", aliases: ["X", "Y"]), (id: "b", kind: "person", name: "Y")]"#,
            &[
                "1:54: alias \"Y\" of `a` is also claimed by `b` at e.ron:1:93 (list it under `ambiguous` in every entity to allow it)",
                "1:93: alias \"Y\" of `b` is also claimed by `a` at e.ron:1:54 (list it under `ambiguous` in every entity to allow it)",
            ],
        );
        // The second "A" of the list is found after the first one.
        check_entities(
            r#"[(id: "a", kind: "person", name: "A", aliases: ["A", ""])]"#,
            &["1:54: empty alias for `a`"],
        );
        check_entities(
            "[\n (id: \"a\", kind: \"person\", name: \"A\",\n  roles: [(title: \"T\", of: \"b\"), (title: \"U\", from: \"2020\")])]",
            &["3:28: unknown entity `b` in a role of `a`", "3:53: `from` date `2020` of `a` is not a YYYY-MM-DD date"],
        );
        check_entities(
            "[(id: \"a\", kind: \"person\", nam: \"A\"),\n (id: \"b\", kind: \"body\", name: \"B\", part_of: [\"a\", \"c\"])]",
            &[
                "1:28: unexpected field named `nam` in `EntityDef`, expected one of `id`, `kind`, `name`, `aliases`, `ambiguous`, `gender`, `roles`, `part_of`, `metonyms`, `demonyms`, or `wikidata` instead",
                "2:52: unknown entity `c` in part_of of `b`",
            ],
        );
    }

    /// Checks a lexicon against the small ontology (acts `assert` and `warn`); returns the
    /// messages as `line:col: message`.
    fn run_lexicon(lexicon: &str) -> Vec<String> {
        let ontology = ONTOLOGY.replace(
            r#"acts: [(id: "assert")]"#,
            r#"acts: [(id: "assert"), (id: "warn")]"#,
        );
        let mut diags = Vec::new();
        let raw = load::RawSchema {
            ontology: load::parse_for_tests(Path::new("ontology.ron"), &ontology),
            lexicon: load::parse_for_tests(Path::new("lexicon.ron"), lexicon),
            ..Default::default()
        };
        assert!(raw.ontology.is_some() && raw.lexicon.is_some(), "{lexicon}");
        check(raw, &mut diags);
        diags.sort_by(|a, b| (&a.path, a.position).cmp(&(&b.path, b.position)));
        diags
            .iter()
            .map(|d| {
                let (l, c) = d.position.unwrap_or((0, 0));
                format!("{l}:{c}: {}", d.message)
            })
            .collect()
    }

    #[test]
    fn speech_cue_problems() {
        let tail = "event_nouns: [], titles: [], pronouns: [])";
        let cases: &[(&str, &[&str])] = &[
            // Written forms only, as older lexicons have them.
            (r#"(speech_cues: [(forms: ["said", "says"], act: "assert")],"#, &[]),
            (r#"(speech_cues: [(lemmas: ["say", "sum up"], act: "assert")],"#, &[]),
            (
                r#"(speech_cues: [(lemmas: ["state"], except: ["states", "stated"], act: "assert")],"#,
                &[],
            ),
            // "warned" is generated from "warn" in the second entry: another act's form.
            (
                "(speech_cues: [(forms: [\"warned\"], act: \"assert\"),\n (lemmas: [\"note\", \"warn\"], act: \"warn\")],",
                &["2:20: speech cue `warned` (a form of the lemma `warn`) of act `warn` is already a cue of act `assert` at lexicon.ron:1:25"],
            ),
            // The same form twice in one act is no collision.
            (r#"(speech_cues: [(lemmas: ["say"], forms: ["said"], act: "assert")],"#, &[]),
            (
                r#"(speech_cues: [(lemmas: ["say"], except: ["sayed"], act: "assert")],"#,
                &["1:43: `sayed` in `except` is not a form of this entry's lemmas"],
            ),
            (
                r#"(speech_cues: [(act: "assert"), (lemmas: ["Say", ""], act: "hope")],"#,
                &[
                    "1:17: speech cue has no lemmas and no forms",
                    "1:43: lemma `Say` must be lower case without surrounding spaces",
                    "1:50: empty lemma in speech cue",
                    "1:60: unknown act `hope`",
                ],
            ),
        ];
        for &(head, want) in cases {
            assert_eq!(run_lexicon(&format!("{head} {tail}")), want, "{head}");
        }
    }

    #[test]
    fn part_of_cycles_once_each() {
        let e = |id: &str, parent: &str| {
            format!("(id: \"{id}\", kind: \"body\", name: \"{id}\", part_of: [\"{parent}\"]),\n")
        };
        let src = format!(
            "[\n{}{}{}{}{}{}(id: \"z\", kind: \"body\", name: \"z\"),\n]",
            e("b", "a"),
            e("a", "b"),
            e("f", "d"),
            e("d", "e"),
            e("e", "f"),
            e("g", "d"),
        );
        let (shown, _) = run(&src);
        assert_eq!(
            shown,
            [
                "3:36: part_of cycle: a -> b -> a",
                "5:36: part_of cycle: d -> e -> f -> d",
            ]
        );
    }

    #[test]
    fn broken_entries_do_not_hide_the_others() {
        let (shown, ids) = run(
            r#"[(id: "a", kind: "person", name: "A"), (id: "b", kind: "person" name: "B"), (id: "c", kind: "person", name: "C")]"#,
        );
        assert_eq!(shown, ["1:65: expected comma"]);
        assert_eq!(ids, ["a", "c"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        /// Whatever an entity file contains, checking it never panics and every position lies
        /// within the file.
        #[test]
        fn never_panics_and_positions_are_in_the_file(
            cut in 0usize..400,
            len in 0usize..20,
            insert in "[\\[\\](),:\"a-z é]{0,6}",
        ) {
            let valid = r#"[
    (id: "a", kind: "person", name: "A é", aliases: ["Aa"], roles: [(title: "T", of: "b", from: "2020-01-01")]),
    (id: "b", kind: "country", name: "B", metonyms: ["the B"], part_of: ["a"]),
]"#;
            let mut src: String = valid.chars().take(cut).collect();
            src.push_str(&insert);
            src.extend(valid.chars().skip(cut + len));
            let lines = src.lines().count().max(1);
            let (shown, _) = run(&src);
            for m in shown {
                let line: usize = m.split(':').next().and_then(|l| l.parse().ok()).unwrap_or(0);
                prop_assert!(line <= lines + 1, "{m} in {src:?}");
            }
        }
    }
}
