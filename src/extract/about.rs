//! About: the entities a statement's content is about: the names, metonyms and demonyms in
//! it (names nested in longer names left out), and the speaker's own side named by a
//! possessive ("her country", "our allies") resolved through the schema.
//!
//! Finding the content is left to `statements`.

use crate::diag::Span;
use crate::extract::speakers::{alnum_words, lower_in, ASCII_ALNUM};
use crate::extract::Doc;
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
        // The end of the last place left out, for lists ("in Geneva, Brussels and Vienna").
        let mut left_out: Option<usize> = None;
        for m in doc
            .mentions_in(sp.start, sp.end)
            .iter()
            .filter(|m| !m.nested && !doc.title_demonyms.contains(&m.span) && sp.contains(m.span))
        {
            let Some(e) = doc.entity(&m.entity) else {
                continue;
            };
            if e.kind == "media" {
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
            if e.kind == "place" && (lower_in(prep(), &["in", "at", "near"]) || listed()) {
                left_out = Some(m.span.end);
                continue;
            }
            out.push(m.entity.clone());
        }
        own_side(doc, *sp, speaker, &mut out);
    }
    out.sort();
    out.dedup();
    out
}

/// What a word of the content is to `own_side`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Possessive,
    Own,
    State,
    Allies,
    Other,
}

fn role_of(lower: &str) -> Role {
    if POSSESSIVES.contains(&lower) {
        Role::Possessive
    } else if lower == "own" {
        Role::Own
    } else if OWN_STATE.contains(&lower) {
        Role::State
    } else if OWN_ALLIES.contains(&lower) {
        Role::Allies
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
            if let Some(e) = doc.provisional.iter().find(|e| &e.id == speaker) {
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
        if first != Role::Possessive {
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
            // Only where the schema says the speaker's state belongs to an alliance.
            for s in states() {
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

    proptest::proptest! {
        /// The byte test never misses a possessive pronoun that the words hold.
        #[test]
        fn possessives_are_never_missed(s in "[a-zA-Z ,.'\u{0130}\u{212a}\u{00e9}-]{0,30}") {
            if roles(&s).contains(&Role::Possessive) {
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
