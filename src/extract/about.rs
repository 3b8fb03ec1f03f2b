//! About: the entities a statement's content is about: the names, metonyms and demonyms in
//! it (names nested in longer names left out), and the speaker's own side named by a
//! possessive ("her country", "our allies") resolved through the schema; offices named in
//! the content resolved to their holders ("the president" of the speaker's state); places
//! where something happens, sources ("according to"), the states in a person's title and
//! the reporter's framing clauses left out.
//!
//! Finding the content is left to `statements`.

use crate::diag::Span;
use crate::extract::speakers::{alnum_words, lower_in, ASCII_ALNUM};
use crate::extract::Doc;
use crate::extract::MentionKind;
use crate::schema::EntityId;

/// Nouns that, after a possessive pronoun, name the speaker's own state.
const OWN_STATE: &[&str] = &["country", "nation", "government", "state", "administration"];
/// Nouns that, after a possessive pronoun, name the alliances the speaker's state is in.
const OWN_ALLIES: &[&str] = &["allies", "alliance", "partners"];
const POSSESSIVES: &[&str] = &["her", "his", "its", "our", "their"];

/// The entities the words in `spans` are about, sorted and without duplicates.
pub fn about(doc: &Doc, spans: &[Span], speaker: &EntityId) -> Vec<EntityId> {
    let mut out: Vec<EntityId> = Vec::new();
    for sp in spans {
        let sp = &contrast_cut(doc, framing_cut(doc.text, *sp));
        // The state qualifying an office resolved to its holder ("the American leader") is
        // the holder's, not a target of its own.
        let qualifiers = office_holders(doc, *sp, speaker, &mut out);
        // The end of the last place left out, for lists ("in Geneva, Brussels and Vienna").
        let mut left_out: Option<usize> = None;
        for m in doc.mentions_in(sp.start, sp.end).iter().filter(|m| {
            !m.nested
                && doc.title_demonyms.binary_search(&m.span).is_err()
                && !qualifiers.contains(&m.span)
                && sp.contains(m.span)
        }) {
            let Some(e) = doc.entity(&m.entity) else {
                continue;
            };
            if e.kind == "media" {
                continue;
            }
            // A person's own name in what they say is the attribution ("where, he said, ..."
            // or a repeated "X said"), never what the statement is about.
            if &m.entity == speaker && e.kind == "person" {
                continue;
            }
            // "U.S. President Joe Biden", "the US president, Joe Biden": the state qualifies
            // the office of the person named, it is no target of its own.
            if e.kind == "country" && titles_a_name(doc, m.span.end) {
                continue;
            }
            // "Kremlin critic Alexei Navalny": the body describes the person named.
            if e.kind != "person" && describes_a_name(doc.text, m.span.end) {
                continue;
            }
            // "talks in Geneva": where something happens is not what it is about.
            let prep = || {
                doc.text
                    .get(..m.span.start)
                    .unwrap_or("")
                    .trim_end()
                    .rsplit(|c: char| !c.is_alphanumeric())
                    .next()
                    .unwrap_or("")
            };
            let listed = || {
                left_out.is_some_and(|end| {
                    let g = doc.text.get(end..m.span.start).unwrap_or("x").trim();
                    matches!(g, "," | "and" | ", and" | "or")
                })
            };
            // "according to X" in the content names a source, not a target.
            if lower_in(prep(), &["to"])
                && lower_in(
                    word_before(doc.text, prep_start(doc.text, m.span.start)),
                    &["according"],
                )
            {
                continue;
            }
            // "travel to Tehran", "talks in Moscow": a capital standing for its state is
            // there a place.
            if m.kind == MentionKind::Metonym
                && is_place_name(m.span.slice(doc.text))
                && metonym_is_place(doc.text, m.span.start)
            {
                continue;
            }
            // "in the Black Sea region": the article between is read through.
            let prep_through_article = || {
                let w = prep();
                if lower_in(w, &["the"]) {
                    word_before(doc.text, prep_start(doc.text, m.span.start))
                } else {
                    w
                }
            };
            if e.kind == "place"
                && (lower_in(prep_through_article(), &["in", "at", "near"])
                    || listed()
                    || names_event(doc, m.span.end))
            {
                left_out = Some(m.span.end);
                continue;
            }
            out.push(m.entity.clone());
        }
        own_side(doc, *sp, speaker, &mut out);
        dated_agreements(doc, *sp, &mut out);
        modified_metonyms(doc, *sp, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// Clauses that add the reporter's background to what was said: what follows them is no
/// part of the statement's targets.
const FRAMING: &[&str] = &[
    ", at a time when ",
    ", amid ",
    ", deepening fears ",
    ", raising fears ",
    ", fuelling fears ",
    ", fueling fears ",
    ", stoking fears ",
];

/// `sp` up to the first framing clause in it.
fn framing_cut(text: &str, sp: Span) -> Span {
    let s = sp.slice(text);
    let cut = FRAMING.iter().filter_map(|f| s.find(f)).min();
    match cut {
        Some(c) => Span::new(sp.start, sp.start + c),
        None => sp,
    }
}

/// Conjunctions that open another speaker's contrasting statement: "A said X, while B said
/// Y".
const CONTRAST: &[&str] = &[", while ", ", whereas "];

/// `sp` up to a contrasting statement of another speaker in it (a conjunction of `CONTRAST`,
/// a name and a speech cue).
fn contrast_cut(doc: &Doc, sp: Span) -> Span {
    for m in doc.mentions_in(sp.start, sp.end) {
        let before = doc.text.get(sp.start..m.span.start).unwrap_or("");
        // The conjunction inside the content, or opening it.
        let Some(c) = CONTRAST.iter().find(|c| {
            before.ends_with(*c) || before.eq_ignore_ascii_case(c.trim_start_matches(", "))
        }) else {
            continue;
        };
        let cue_at = m.span.end + 1;
        if doc.text.get(m.span.end..cue_at) == Some(" ")
            && doc
                .cues_in(cue_at, cue_at + 1)
                .first()
                .is_some_and(|h| h.start == cue_at)
        {
            return Span::new(sp.start, m.span.start.saturating_sub(c.len()).max(sp.start));
        }
    }
    sp
}

/// Words of movement after which "to" or "from" and a place name where someone goes.
const MOVEMENT: &[&str] = &[
    "travel",
    "travels",
    "traveled",
    "travelled",
    "traveling",
    "travelling",
    "fly",
    "flies",
    "flew",
    "flown",
    "flying",
    "go",
    "goes",
    "went",
    "gone",
    "going",
    "come",
    "comes",
    "came",
    "coming",
    "arrive",
    "arrives",
    "arrived",
    "arriving",
    "return",
    "returns",
    "returned",
    "returning",
    "head",
    "heads",
    "headed",
    "heading",
    "back",
];

/// True when an event noun follows `pos` after one space: "the Vienna talks" name where the
/// talks are held.
fn names_event(doc: &Doc, pos: usize) -> bool {
    doc.text.get(pos..).is_some_and(|r| r.starts_with(' '))
        && doc
            .event_nouns_in(pos + 1, pos + 2)
            .first()
            .is_some_and(|h| h.start == pos + 1)
}

/// True when `name` is written as a place name: every word capitalised, no article
/// ("Moscow", not "the Atlantic alliance" or "the Kremlin").
fn is_place_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) && !lower_in(w, &["the"]))
}

/// The start of the word before `pos` (`pos` itself when there is none).
fn prep_start(text: &str, pos: usize) -> usize {
    let before = text.get(..pos).unwrap_or("").trim_end();
    let w = word_before(text, pos);
    before.len().saturating_sub(w.len())
}

/// True when the mention at `pos` stands after "in", "at" or "near", or after a word of
/// movement and "to" or "from".
fn metonym_is_place(text: &str, pos: usize) -> bool {
    let prep = word_before(text, pos);
    if lower_in(prep, &["in", "at", "near"]) {
        return true;
    }
    lower_in(prep, &["to", "from"]) && lower_in(word_before(text, prep_start(text, pos)), MOVEMENT)
}

/// Nouns that, between a body and a name, describe the person by the body.
const DESCRIBED_BY: &[&str] = &["critic", "critics", "opponent", "opponents"];

/// True when one of `DESCRIBED_BY` and a capitalised name follow `pos` ("Kremlin critic
/// Alexei Navalny").
fn describes_a_name(text: &str, pos: usize) -> bool {
    let Some(rest) = text.get(pos..).and_then(|r| r.strip_prefix(' ')) else {
        return false;
    };
    let mut words = rest.splitn(3, ' ');
    let (Some(noun), Some(name)) = (words.next(), words.next()) else {
        return false;
    };
    lower_in(noun, DESCRIBED_BY) && name.starts_with(char::is_uppercase)
}

/// The word before `pos`, the spaces between skipped ("" after punctuation).
fn word_before(text: &str, pos: usize) -> &str {
    text.get(..pos)
        .unwrap_or("")
        .trim_end()
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("")
}

/// True when an office title starts after the spaces at `pos` and a name (a capital, after
/// an optional comma) follows it.
fn titles_a_name(doc: &Doc, pos: usize) -> bool {
    let Some(rest) = doc.text.get(pos..) else {
        return false;
    };
    let gap = rest.len() - rest.trim_start().len();
    if gap == 0 {
        return false;
    }
    let at = pos + gap;
    let Some(t) = doc.titles_in(at, at + 1).first() else {
        return false;
    };
    let after = doc.text.get(t.end..).unwrap_or("");
    let after = after.strip_prefix(',').unwrap_or(after).trim_start();
    after.chars().next().is_some_and(char::is_uppercase)
}

/// Titles a state's leader holds, in the order they are tried for "the leader".
const LEADER_TITLES: &[&str] = &["president", "chancellor", "prime minister"];

/// "the president", "our prime minister", "the Secretary General of NATO", "the American
/// leader" in the content: the one holder, on the document's date, of that office of the
/// state or body named after "of" or before the title, or else of the speaker's own state or
/// body. A name after the title ("the president, Joe Biden") is a mention of its own and
/// left to it. Returns the spans of the states named before a title that was resolved.
fn office_holders(doc: &Doc, sp: Span, speaker: &EntityId, out: &mut Vec<EntityId>) -> Vec<Span> {
    let schema = &doc.gaz.schema;
    let mut qualifiers = Vec::new();
    for t in doc.titles_in(sp.start, sp.end) {
        if t.end > sp.end {
            continue;
        }
        let Some(info) = doc.gaz.titles.info.get(t.pat) else {
            continue;
        };
        if info.generic || info.plural {
            continue;
        }
        // "the American leader": a state named between the article and the title.
        let qualifier = state_before(doc, t.start);
        let det_at = qualifier.map_or(t.start, |m| m.span.start);
        if !lower_in(word_before(doc.text, det_at), &["the", "our", "my"]) {
            continue;
        }
        // Only spaces between the determiner and the title ("the former president" is not
        // today's holder).
        let before = doc.text.get(..det_at).unwrap_or("");
        if !before.ends_with(' ') || before.trim_end().ends_with(|c: char| !c.is_alphanumeric()) {
            continue;
        }
        let after = doc.text.get(t.end..).unwrap_or("");
        let mut next = after.trim_start();
        if next.starts_with(|c: char| c.is_uppercase() || c == '\'' || c == '\u{2019}') {
            continue;
        }
        if let Some(rest) = next.strip_prefix(',') {
            next = rest.trim_start();
            // "the president, Joe Biden,": the name in apposition is the mention.
            let at = doc.text.len() - next.len();
            if doc.mentions_in(at, at + 1).iter().any(|m| {
                m.span.start == at && doc.entity(&m.entity).is_some_and(|e| e.kind == "person")
            }) {
                continue;
            }
        }
        let scopes: Vec<EntityId> = if let Some(m) = qualifier {
            vec![m.entity.clone()]
        } else if let Some(of_rest) = next.strip_prefix("of ") {
            let at = doc.text.len() - of_rest.len();
            match doc
                .mentions_in(at, at + 1)
                .iter()
                .find(|m| !m.nested && m.span.start == at)
            {
                Some(m) => vec![m.entity.clone()],
                None => continue,
            }
        } else {
            let mut v = schema.states_of(speaker);
            if let Some(e) = schema.entity(speaker) {
                v.extend(e.roles_on(doc.date).filter_map(|r| r.of.clone()));
            }
            v
        };
        let form = doc.text.get(t.start..t.end).unwrap_or("").to_lowercase();
        let holder = if form == "leader" && qualifier.is_some() {
            LEADER_TITLES.iter().find_map(|title| {
                let group = doc
                    .gaz
                    .title_group_of(title)
                    .map_or_else(|| (*title).to_string(), |p| p.group.clone());
                sole_holder(doc, &group, title, &scopes)
            })
        } else {
            sole_holder(doc, &info.group, &form, &scopes)
        };
        if let Some(h) = holder.filter(|h| h != speaker) {
            out.push(h);
            qualifiers.extend(qualifier.map(|m| m.span));
        }
    }
    qualifiers
}

/// The mention of a state that ends one space before `pos` ("American" in "the American
/// leader").
fn state_before<'d>(doc: &'d Doc, pos: usize) -> Option<&'d crate::extract::Mention> {
    let end = pos.checked_sub(1)?;
    if doc.text.get(end..pos) != Some(" ") {
        return None;
    }
    doc.mentions_in(end.saturating_sub(MAX_STATE_WORD), end)
        .iter()
        .find(|m| {
            m.span.end == end
                && !m.nested
                && doc.entity(&m.entity).is_some_and(|e| e.kind == "country")
        })
}

/// The longest state name or demonym looked back for before a title, in bytes.
const MAX_STATE_WORD: usize = 40;

/// The one person who holds, on the document's date, an office of title group `group` or
/// form `form` (lower case) of one of `scopes`.
fn sole_holder(doc: &Doc, group: &str, form: &str, scopes: &[EntityId]) -> Option<EntityId> {
    let schema = &doc.gaz.schema;
    let fw: Vec<&str> = form.split_whitespace().collect();
    let mut holders: Vec<EntityId> = Vec::new();
    for scope in scopes {
        doc.gaz.office_candidates(group, &fw, Some(scope), |i| {
            if let Some(e) = schema.entities.get(i) {
                // With no date, the holder today: an office not yet left.
                let holds = e.roles_on(doc.date).any(|r| {
                    (doc.date.is_some() || r.until.is_none())
                        && doc.gaz.role_fits_words(&r.title, group, &fw)
                        && r.of
                            .as_ref()
                            .is_some_and(|o| o == scope || schema.states_of(o).contains(scope))
                });
                if holds && !holders.contains(&e.id) {
                    holders.push(e.id.clone());
                }
            }
            holders.len() < 2
        });
    }
    match holders.as_slice() {
        [h] => Some(h.clone()),
        _ => None,
    }
}

/// The most words read between "the" and the noun of a metonym.
const MAX_MODIFIERS: usize = 3;

/// True when `w` may modify the noun of a metonym: a compound or a number ("30-member",
/// "US-led") or a lower-case word ("military").
fn is_modifier(w: &str) -> bool {
    w.contains('-') || w.chars().all(|c| c.is_ascii_digit()) || w.chars().all(char::is_lowercase)
}

/// "the 30-member alliance", "the US-led military alliance": a metonym of the schema ("the
/// alliance") with compound or numeric modifiers between its article and its noun.
fn modified_metonyms(doc: &Doc, sp: Span, out: &mut Vec<EntityId>) {
    let words: Vec<&str> = sp.slice(doc.text).split_whitespace().collect();
    for (i, w) in words.iter().enumerate() {
        if !lower_in(w, &["the"]) {
            continue;
        }
        for k in 1..=MAX_MODIFIERS {
            let Some(mods) = words.get(i + 1..i + 1 + k) else {
                break;
            };
            if !mods.iter().all(|m| is_modifier(m)) {
                break;
            }
            let Some(noun) = words.get(i + 1 + k) else {
                break;
            };
            if !mods
                .iter()
                .any(|m| m.contains('-') || m.contains(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            let noun = noun.trim_end_matches(|c: char| !c.is_alphanumeric());
            let noun = noun
                .strip_suffix("'s")
                .or_else(|| noun.strip_suffix("\u{2019}s"))
                .unwrap_or(noun);
            let phrase = format!("the {noun}");
            let names = &doc.gaz.names;
            let hit = names
                .longest(&phrase)
                .into_iter()
                .find(|h| h.start == 0 && h.end == phrase.len());
            if let Some(p) = hit.and_then(|h| names.info.get(h.pat)) {
                if p.kind == MentionKind::Metonym {
                    if let Some(e) = doc.gaz.schema.entities.get(p.entity) {
                        out.push(e.id.clone());
                    }
                }
            }
        }
    }
}

/// Nouns that name an agreement.
const AGREEMENT_NOUNS: &[&str] = &["accord", "agreement", "deal", "treaty", "pact"];

/// "the 2015 accord": the one agreement the document names whose names hold that year.
fn dated_agreements(doc: &Doc, sp: Span, out: &mut Vec<EntityId>) {
    let text = sp.slice(doc.text);
    let words: Vec<&str> = text.split_whitespace().collect();
    for w in words.windows(3) {
        let [det, year, noun] = w else { continue };
        let noun = noun.trim_end_matches(|c: char| !c.is_alphanumeric());
        if !lower_in(det, &["the"])
            || year.len() != 4
            || !year.bytes().all(|b| b.is_ascii_digit())
            || !lower_in(noun, AGREEMENT_NOUNS)
        {
            continue;
        }
        let mut found: Vec<&EntityId> = Vec::new();
        for m in &doc.mentions {
            if found.contains(&&m.entity) {
                continue;
            }
            if let Some(e) = doc.entity(&m.entity) {
                if e.kind == "agreement" && e.names().any(|n| n.contains(year)) {
                    found.push(&m.entity);
                }
            }
        }
        if let [e] = found.as_slice() {
            out.push((*e).clone());
        }
    }
}

/// What a word of the content is to `own_side`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Possessive,
    /// "our": a possessive that may also take in the other side ("our two countries").
    Our,
    Own,
    State,
    Allies,
    /// "two", "both".
    Two,
    /// "countries", "nations".
    States,
    Other,
}

fn role_of(lower: &str) -> Role {
    if lower == "our" {
        Role::Our
    } else if POSSESSIVES.contains(&lower) {
        Role::Possessive
    } else if lower == "own" {
        Role::Own
    } else if OWN_STATE.contains(&lower) {
        Role::State
    } else if OWN_ALLIES.contains(&lower) {
        Role::Allies
    } else if lower == "two" || lower == "both" {
        Role::Two
    } else if lower == "countries" || lower == "nations" {
        Role::States
    } else {
        Role::Other
    }
}

/// The words of `text` lower case (split where the lower case is not alphanumeric), as what
/// they are to `own_side`. ASCII text, the usual case, is read without a lower-case copy.
fn roles(text: &str) -> Vec<Role> {
    let lowered;
    let text = if text.is_ascii() {
        text
    } else {
        lowered = text.to_lowercase();
        lowered.as_str()
    };
    let mut buf = [0u8; 16];
    let mut out = Vec::new();
    alnum_words(text, |w| {
        out.push(match buf.get_mut(..w.len()) {
            // No word of the tables is longer than the buffer; a longer one is `Other`.
            Some(b) if w.is_ascii() => {
                b.copy_from_slice(w.as_bytes());
                b.make_ascii_lowercase();
                std::str::from_utf8(b).map_or(Role::Other, role_of)
            }
            Some(_) => role_of(w),
            None => Role::Other,
        })
    });
    out
}

/// False when no possessive pronoun can stand as a word of `text` lower case, read on the
/// bytes: lower case gives these ASCII letters only from the same letters in either case, and
/// ends a word wherever an ASCII letter or digit does not stand, so such a word is a whole run
/// of ASCII letters and digits of `text`.
fn may_have_possessive(text: &str) -> bool {
    let b = text.as_bytes();
    let mut start = 0;
    for i in 0..=b.len() {
        if b.get(i).is_some_and(|&c| ASCII_ALNUM[usize::from(c)]) {
            continue;
        }
        if matches!(i - start, 3 | 5)
            && b.get(start..i).is_some_and(|run| {
                POSSESSIVES
                    .iter()
                    .any(|p| run.eq_ignore_ascii_case(p.as_bytes()))
            })
        {
            return true;
        }
        start = i + 1;
    }
    false
}

fn own_side(doc: &Doc, sp: Span, speaker: &EntityId, out: &mut Vec<EntityId>) {
    // Most statements hold no possessive pronoun: nothing to read then.
    if !may_have_possessive(sp.slice(doc.text)) {
        return;
    }
    let words = roles(sp.slice(doc.text));
    let schema = &doc.gaz.schema;
    let states = || -> Vec<EntityId> {
        let mut v = schema.states_of(speaker);
        if v.is_empty() {
            if let Some(e) = doc.provisional_entity(speaker) {
                v = e
                    .roles
                    .iter()
                    .filter_map(|r| r.of.clone())
                    .flat_map(|o| schema.states_of(&o))
                    .collect();
            }
        }
        v
    };
    for pair in words.windows(2).chain(words.windows(3)) {
        let Some(&first) = pair.first() else { continue };
        if !matches!(first, Role::Possessive | Role::Our) {
            continue;
        }
        // "our two countries": the speaker's state and the other side; the speaker's counts.
        if first == Role::Our && pair.len() == 3 && pair[1] == Role::Two && pair[2] == Role::States
        {
            out.extend(states());
            continue;
        }
        let noun = if pair.len() == 3 && pair[1] == Role::Own {
            pair[2]
        } else if pair.len() == 2 {
            pair[1]
        } else {
            continue;
        };
        if noun == Role::State {
            out.extend(states());
        } else if noun == Role::Allies {
            let st = states();
            // The official of an alliance, or the alliance itself: "our alliance" is it.
            if st.is_empty() {
                let own = schema.entity(speaker).into_iter().flat_map(|e| {
                    std::iter::once(&e.id).chain(e.roles_on(doc.date).filter_map(|r| r.of.as_ref()))
                });
                out.extend(
                    own.filter(|o| schema.entity(o).is_some_and(|x| x.kind == "organization"))
                        .cloned(),
                );
            }
            // Only where the schema says the speaker's state belongs to an alliance.
            for s in st {
                if let Some(e) = schema.entity(&s) {
                    out.extend(
                        e.part_of
                            .iter()
                            .filter(|p| schema.entity(p).is_some_and(|x| x.kind == "organization"))
                            .cloned(),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::corpus::Document;
    use crate::extract::{extract, Gazetteer};

    fn gaz() -> Option<&'static Gazetteer> {
        Some(crate::extract::repo_gazetteer())
    }

    /// The statements of `body` (dated `date`, after a title) as `speaker: about, ...`.
    fn run(date: &str, body: &str) -> Vec<String> {
        let Some(gaz) = gaz() else {
            panic!("the schemas of the repository load");
        };
        let text = format!(" date {date}\nTest article.\n\n{body}\n");
        let doc = Document::from_text("t", text);
        extract(gaz, &doc)
            .statements
            .iter()
            .map(|s| {
                let ab: Vec<&str> = s.about.iter().map(EntityId::as_str).collect();
                format!("{}: {}", s.speaker, ab.join(", "))
            })
            .collect()
    }

    #[test]
    fn targets() {
        let table: &[(&str, &str, &str, &[&str])] = &[
            (
                "the president of the speaker's state",
                "2022-01-12",
                "Dmitry Peskov told reporters that the president had read the letter.",
                &["dmitry_peskov: vladimir_putin"],
            ),
            (
                "our president",
                "2022-01-12",
                "\"Our president will answer within days,\" Dmitry Peskov said.",
                &["dmitry_peskov: vladimir_putin"],
            ),
            (
                "with no date, the holder who has not left office",
                "unknown",
                "Dmitry Peskov told reporters that the president had read the letter.",
                &["dmitry_peskov: vladimir_putin"],
            ),
            (
                "the leader of the state named before the title",
                "2022-01-12",
                "The Kremlin said Vladimir Putin would call the American leader soon.",
                &["kremlin: joe_biden, vladimir_putin"],
            ),
            (
                "the office of a body named after \"of\"",
                "2022-01-12",
                "Jake Sullivan said the Secretary General of NATO would join the call.",
                &["jake_sullivan: jens_stoltenberg, nato"],
            ),
            (
                "a former holder is not today's",
                "2022-01-12",
                "Dmitry Peskov said the former president had no role in the talks.",
                &["dmitry_peskov: "],
            ),
            (
                "a state in a person's title",
                "2022-01-12",
                "Dmitry Peskov said U.S. President Joe Biden had not called.",
                &["dmitry_peskov: joe_biden"],
            ),
            (
                "a state in a title, the name in apposition",
                "2022-01-12",
                "Dmitry Peskov said the US president, Joe Biden, had not called.",
                &["dmitry_peskov: joe_biden"],
            ),
            (
                "the speaker's own name",
                "2022-01-12",
                "Jens Stoltenberg named the fields where, Stoltenberg said, talks could start.",
                &["jens_stoltenberg: "],
            ),
            (
                "a capital after a verb of movement",
                "2022-01-12",
                "Antony Blinken said he would fly back to Washington on Friday.",
                &["antony_blinken: "],
            ),
            (
                "a capital after \"from\" with no movement stays a target",
                "2022-01-12",
                "Antony Blinken said the signals from Moscow were mixed.",
                &["antony_blinken: russia"],
            ),
            (
                "a state by name after a verb of movement stays a target",
                "2022-01-12",
                "Annalena Baerbock said she would travel to Ukraine next week.",
                &["annalena_baerbock: ukraine"],
            ),
            (
                "a place naming where an event is held",
                "2022-01-12",
                "Dmitry Peskov said the Kremlin would wait for the Geneva talks.",
                &["dmitry_peskov: kremlin"],
            ),
            (
                "a place after \"in the\"",
                "2022-01-12",
                "Jen Psaki said the allies in the Black Sea region would meet NATO.",
                &["jen_psaki: nato"],
            ),
            (
                "another speaker's contrasting statement",
                "2022-01-12",
                "Zbigniew Rau said Europe was close to war, while Russia said talks on Ukraine could go on.",
                &["zbigniew_rau: ", "russia: ukraine"],
            ),
            (
                "our two countries",
                "2022-01-12",
                "\"Trade between our two countries will suffer,\" Vladimir Putin said.",
                &["vladimir_putin: russia"],
            ),
            (
                "a body describing a person",
                "2022-01-12",
                "Dmitry Peskov said Kremlin critic Alexei Navalny had broken the law.",
                &["dmitry_peskov: alexei_navalny"],
            ),
            (
                "a metonym with a compound modifier",
                "2022-01-12",
                "Jake Sullivan said the 30-member alliance would answer Moscow.",
                &["jake_sullivan: nato, russia"],
            ),
            (
                "a metonym with lower-case modifiers only is not read",
                "2022-01-12",
                "Jake Sullivan said the new regional alliance would answer Moscow.",
                &["jake_sullivan: russia"],
            ),
            (
                "a source after \"according to\"",
                "2022-01-12",
                "Joe Biden said Vladimir Putin would face severe sanctions, according to Jake Sullivan.",
                &[
                    "jake_sullivan: joe_biden, vladimir_putin",
                    "joe_biden: vladimir_putin",
                ],
            ),
            (
                "the reporter's framing clause",
                "2022-01-12",
                "Sergei Lavrov called for talks with Washington, at a time when tension in Ukraine is high.",
                &["sergei_lavrov: united_states"],
            ),
            (
                "our alliance, said by the alliance's official",
                "2022-01-12",
                "\"Nothing will weaken our alliance,\" Jens Stoltenberg said.",
                &["jens_stoltenberg: nato"],
            ),
            (
                "an agreement by its year",
                "2022-01-12",
                "The Iran nuclear deal is at stake. Josep Borrell said the 2015 accord could still be saved.",
                &["josep_borrell: jcpoa"],
            ),
        ];
        for (what, date, body, expected) in table {
            assert_eq!(run(date, body), *expected, "{what}: {body}");
        }
    }

    proptest::proptest! {
        /// The byte test never misses a possessive pronoun that the words hold.
        #[test]
        fn possessives_are_never_missed(s in "[a-zA-Z ,.'\u{0130}\u{212a}\u{00e9}-]{0,30}") {
            if roles(&s).iter().any(|r| matches!(r, Role::Possessive | Role::Our)) {
                proptest::prop_assert!(may_have_possessive(&s));
            }
        }
    }

    #[test]
    fn possessive_runs() {
        for (text, expected) in [
            ("in our view", true),
            ("Their country", true),
            ("HIS", true),
            ("four hours", false),
            ("other themes", false),
            ("x\u{0130}our", true),
        ] {
            assert_eq!(may_have_possessive(text), expected, "{text:?}");
        }
    }
}
