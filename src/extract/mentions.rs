//! Mentions: where the schema's entities are named in the text (names, aliases, metonyms,
//! demonyms), with the sense chosen from context ("in Washington" is the city, "Washington
//! said" the government), names nested in longer names ("White House" in "White House
//! National Security Council"), and provisional entities for titled names the schema lacks
//! ("Deputy Defense Minister Alexander Fomin").
//!
//! Who speaks and what statements are about is left to `speakers` and `about`.

use crate::diag::Span;
use crate::extract::gazetteer::{leftmost_longest, Gazetteer, Hit, Scan};
use crate::extract::sentences::Para;
use crate::extract::{Mention, MentionKind};
use crate::schema::{Entity, EntityId, Role};

/// Prepositions after which a name that is both a capital and a metonym is the place.
/// ("pressure from Moscow" is the government, "talks in Moscow" the city).
const PLACE_PREPOSITIONS: &[&str] = &["in", "at", "near", "outside", "inside"];

/// Capitalised words that never start a personal name.
const NOT_NAMES: &[&str] = &[
    "The",
    "A",
    "An",
    "On",
    "In",
    "At",
    "And",
    "But",
    "He",
    "She",
    "It",
    "They",
    "We",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Dec",
    "Says",
    "Said",
    "Warns",
];

/// Mentions and provisional entities of one document.
#[derive(Debug, Clone, Default)]
pub struct Found {
    /// Mentions in text order (nested ones flagged).
    pub mentions: Vec<Mention>,
    /// Entities found in the text that the schema lacks.
    pub provisional: Vec<Entity>,
}

/// True when the word before `pos` is one of [`PLACE_PREPOSITIONS`] in any letter case.
/// Compared without a lower-case copy: the prepositions hold no "k", the one ASCII letter a
/// non-ASCII char lower-cases to.
fn place_preposition_before(text: &str, pos: usize) -> bool {
    let head = text.get(..pos).unwrap_or("").trim_end();
    let word = head
        .rsplit(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    PLACE_PREPOSITIONS
        .iter()
        .any(|p| p.eq_ignore_ascii_case(word))
}

/// Finds every mention in the readable paragraphs.
pub fn find(gaz: &Gazetteer, text: &str, paras: &[Para]) -> Found {
    let mut names = Vec::with_capacity(paras.len());
    let mut titles = Vec::with_capacity(paras.len());
    for p in paras {
        let scan = match text.get(p.span.start..p.span.end) {
            Some(seg) if !p.boilerplate => gaz.scan(seg),
            _ => Scan::default(),
        };
        names.push(scan.names);
        titles.push(leftmost_longest(scan.titles));
    }
    find_scanned(gaz, text, paras, &names, &titles)
}

/// [`find`] with the matches of each paragraph already known (spans relative to the
/// paragraph, one list per paragraph, empty for boilerplate): `names` as
/// `gaz.names.all` gives them, `titles` as `gaz.titles.longest`.
pub fn find_scanned(
    gaz: &Gazetteer,
    text: &str,
    paras: &[Para],
    names: &[Vec<Hit>],
    titles: &[Vec<Hit>],
) -> Found {
    let ents = &gaz.schema.entities;
    let mut found = Found::default();
    for (i, p) in paras.iter().enumerate().filter(|(_, p)| !p.boilerplate) {
        let Some(seg) = text.get(p.span.start..p.span.end) else {
            continue;
        };
        let para_titles = titles.get(i).map(Vec::as_slice).unwrap_or(&[]);
        let mut all: Vec<Hit> = names
            .get(i)
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|h| Hit {
                start: h.start + p.span.start,
                end: h.end + p.span.start,
                pat: h.pat,
            })
            .collect();
        // In order of start (as `Dict::all` gives them) for the look-up of nested names
        // below; the order of `all` changes nothing else (every use sorts its hits).
        if !all.is_sorted_by_key(|h| h.start) {
            all.sort();
        }
        let top = leftmost_longest(all.clone());
        let mut last: Option<(Span, usize)> = None;
        let dateline_end = p.span.start + crate::extract::sentences::dateline_len(seg);
        // The kept spans do not overlap, so they are in order of (start, end) and the
        // patterns of one span are next to each other (in pattern order).
        for group in top.chunk_by(|a, b| (a.start, a.end) == (b.start, b.end)) {
            let Some(first) = group.first() else { continue };
            let (s, e) = (first.start, first.end);
            let pats = group.iter().map(|h| h.pat);
            // A dateline names the city the story was filed from.
            let in_dateline = s < dateline_end;
            let place_ctx = in_dateline || place_preposition_before(text, s);
            let choice = pats
                .filter_map(|pi| gaz.names.info.get(pi).map(|i| (pi, i)))
                .min_by_key(|(_, i)| {
                    let is_place = ents.get(i.entity).is_some_and(|e| e.kind == "place");
                    let rank_kind = match i.kind {
                        MentionKind::Name => 0,
                        MentionKind::Metonym => 1,
                        _ => 2,
                    };
                    // In a place context the place wins; elsewhere the metonym (the
                    // government) wins over the city of the same name.
                    let sense = if place_ctx == is_place { 0 } else { 1 };
                    (sense, rank_kind, i.entity)
                })
                .map(|(_, i)| i.clone());
            let Some(info) = choice else { continue };
            let Some(ent) = ents.get(info.entity) else {
                continue;
            };
            let span = Span::new(s, e);
            // "Brussels, Belgium": the country only locates the city.
            if let Some((ls, li)) = last {
                let between = text.get(ls.end..s).unwrap_or("x");
                let city_of = ents
                    .get(li)
                    .is_some_and(|c| c.kind == "place" && c.part_of.contains(&ent.id));
                if between.trim() == "," && city_of {
                    continue;
                }
            }
            last = Some((span, info.entity));
            found.mentions.push(Mention {
                entity: ent.id.clone(),
                span,
                kind: info.kind,
                nested: false,
            });
            // Names nested in this one ("White House" in "White House National Security
            // Council", "Biden" in "the Biden administration").
            // `all` is in order of start: only the hits starting within the span are read.
            let from = all.partition_point(|h| h.start < s);
            let inner: Vec<Hit> = all
                .get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|h| h.start < e)
                .filter(|h| h.start >= s && h.end <= e && (h.start, h.end) != (s, e))
                .filter(|h| {
                    gaz.names.info.get(h.pat).is_some_and(|i| {
                        i.kind != MentionKind::Metonym
                            && i.entity != info.entity
                            && ents.get(i.entity).is_some_and(|x| x.kind != "place")
                    })
                })
                .copied()
                .collect();
            for h in leftmost_longest(inner) {
                if let Some(i) = gaz.names.info.get(h.pat) {
                    if let Some(x) = ents.get(i.entity) {
                        let m = Mention {
                            entity: x.id.clone(),
                            span: Span::new(h.start, h.end),
                            kind: i.kind,
                            nested: true,
                        };
                        // Duplicates are removed after sorting.
                        found.mentions.push(m);
                    }
                }
            }
        }
        provisional(gaz, text, p, para_titles, &mut found);
    }
    add_surname_repeats(gaz, text, paras, &mut found);
    // In text order (outer names first), ties in the full order of mentions; equal
    // mentions are then neighbours and dropped. One sort, where most comparisons are of
    // positions rather than of entity ids.
    found.mentions.sort_by(|a, b| {
        (a.span.start, a.nested, a.span.end)
            .cmp(&(b.span.start, b.nested, b.span.end))
            .then_with(|| a.cmp(b))
    });
    found.mentions.dedup();
    found
}

/// "Deputy Defense Minister Alexander Fomin": a title followed by two or three capitalised
/// words that name no entity of the schema becomes a provisional person.
/// `titles` are the paragraph's titles, leftmost-longest, spans relative to it.
fn provisional(gaz: &Gazetteer, text: &str, p: &Para, titles: &[Hit], found: &mut Found) {
    if p.headline {
        return;
    }
    let Some(seg) = text.get(p.span.start..p.span.end) else {
        return;
    };
    for &t in titles {
        let Some(tp) = gaz.titles.info.get(t.pat) else {
            continue;
        };
        if tp.plural || tp.generic {
            continue;
        }
        let mut after = seg.get(t.end..).unwrap_or("");
        let mut off = t.end;
        // "Lithuania's foreign minister, Gabrielius Landsbergis, said": a name in apposition
        // after the title, closed by a comma.
        // "The US ambassador to the OSCE, Michael Carpenter, said": the title may carry a
        // short phrase of its own before the name.
        if let Some(rest) = ["to ", "of ", "for "]
            .iter()
            .find_map(|p| after.strip_prefix(' ').and_then(|a| a.strip_prefix(p)))
        {
            if let Some(comma) = rest
                .find(", ")
                .filter(|&i| i <= 40 && !rest.get(..i).unwrap_or(",").contains(['.', '"']))
            {
                let skip = after.len() - rest.len() + comma;
                after = after.get(skip..).unwrap_or("");
                off += skip;
            }
        }
        let appositive = after.starts_with(", ");
        if appositive {
            after = after.get(2..).unwrap_or("");
            off += 2;
        }
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut closed = false;
        for w in after.split(' ') {
            let w_start = off;
            off += w.len() + 1;
            if words.is_empty() && w.is_empty() {
                continue;
            }
            let core = w.trim_end_matches(|c: char| !c.is_alphanumeric());
            let ok = core.chars().next().is_some_and(char::is_uppercase)
                && core.chars().count() >= 2
                && core
                    .chars()
                    .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && core.chars().skip(1).any(char::is_lowercase)
                && !NOT_NAMES.contains(&core);
            if !ok {
                break;
            }
            words.push((w_start, w_start + core.len()));
            if core.len() != w.len() || words.len() == 4 {
                closed = w.get(core.len()..).is_some_and(|r| r.starts_with(','));
                break;
            }
        }
        if !(2..=3).contains(&words.len()) || appositive && !closed {
            continue;
        }
        let (ns, ne) = (
            words[0].0 + p.span.start,
            words[words.len() - 1].1 + p.span.start,
        );
        let name_span = Span::new(ns, ne);
        if found.mentions.iter().any(|m| m.span.overlaps(name_span)) {
            continue;
        }
        let name = name_span.slice(text).to_string();
        let id = EntityId::slug_of(&name);
        if gaz.entity(&id).is_some() {
            continue;
        }
        // The title as written, with capitalised words just before it ("Deputy").
        let mut tstart = t.start;
        for _ in 0..3 {
            let head = seg.get(..tstart).unwrap_or("");
            let trimmed = head.trim_end();
            let w_start = trimmed.rfind(' ').map(|i| i + 1).unwrap_or(0);
            let w = trimmed.get(w_start..).unwrap_or("");
            let capital = w.chars().next().is_some_and(char::is_uppercase)
                && w.chars().all(char::is_alphabetic);
            let named = found
                .mentions
                .iter()
                .any(|m| m.span.end == p.span.start + trimmed.len());
            if !capital || named || w_start == 0 && NOT_NAMES.contains(&w) {
                break;
            }
            tstart = w_start;
        }
        let tspan = Span::new(tstart + p.span.start, t.end + p.span.start);
        let title = tspan.slice(text).to_string();
        // The state or body: the entity named just before the title ("Russian Deputy ...").
        let of = found
            .mentions
            .iter()
            .rev()
            .find(|m| {
                !m.nested
                    && m.span.end <= tspan.start
                    && text.get(m.span.end..tspan.start).is_some_and(|g| {
                        g.trim().is_empty() || g.trim() == "'s" || g.trim() == "\u{2019}s"
                    })
            })
            .map(|m| m.entity.clone());
        if !found.provisional.iter().any(|e| e.id == id) {
            found.provisional.push(Entity {
                id: id.clone(),
                kind: "person".into(),
                name: name.clone(),
                aliases: vec![],
                ambiguous: vec![],
                gender: tp.gender,
                roles: vec![Role {
                    title,
                    of,
                    from: None,
                    until: None,
                }],
                part_of: vec![],
                metonyms: vec![],
                demonyms: vec![],
                wikidata: None,
                provisional: true,
            });
        }
        found.mentions.push(Mention {
            entity: id,
            span: name_span,
            kind: MentionKind::Name,
            nested: false,
        });
    }
}

/// Later mentions of a person by surname alone ("Sullivan said" after "Jake Sullivan"),
/// and of a provisional person by full name, after the first mention by full name.
fn add_surname_repeats(gaz: &Gazetteer, text: &str, paras: &[Para], found: &mut Found) {
    found.mentions.sort_by_key(|m| (m.span.start, m.span.end));
    let mut needles: Vec<(String, EntityId, usize)> = Vec::new();
    for m in &found.mentions {
        // A full name is written in more than one word (tested first: it is the cheaper).
        let written = m.span.slice(text);
        if !written.contains(' ') {
            continue;
        }
        let e = gaz
            .entity(&m.entity)
            .or_else(|| found.provisional.iter().find(|p| p.id == m.entity));
        let Some(e) = e.filter(|e| e.kind == "person") else {
            continue;
        };
        let surname = e.name.rsplit(' ').next().unwrap_or(&e.name).to_string();
        let capital = surname.chars().next().is_some_and(char::is_uppercase);
        if surname.chars().count() >= 3
            && capital
            && !needles
                .iter()
                .any(|(n, id, _)| *n == surname && *id == e.id)
        {
            needles.push((surname, e.id.clone(), m.span.end));
        }
        if e.provisional && !needles.iter().any(|(n, _, _)| *n == e.name) {
            needles.push((e.name.clone(), e.id.clone(), m.span.end));
        }
    }
    // A surname shared by two people of the article is left alone.
    let ambiguous = |n: &str| {
        needles
            .iter()
            .filter(|(x, _, _)| x == n)
            .map(|(_, id, _)| id)
            .collect::<std::collections::BTreeSet<_>>()
            .len()
            > 1
    };
    let taken = |span: Span, v: &[Mention]| {
        let i = v.partition_point(|m| m.span.end <= span.start);
        v.get(i).is_some_and(|m| m.span.overlaps(span))
            || v.get(i + 1).is_some_and(|m| m.span.overlaps(span))
    };
    // The readable paragraphs (sorted and apart: lines of the text).
    let readable: Vec<Span> = paras
        .iter()
        .filter(|p| !p.boilerplate && text.get(p.span.start..p.span.end).is_some())
        .map(|p| p.span)
        .collect();
    let mut extra = Vec::new();
    for (needle, id, after) in &needles {
        if ambiguous(needle) {
            continue;
        }
        let from = readable.partition_point(|p| p.end <= *after);
        // The occurrences inside each readable paragraph that ends after `after`. One
        // search over the rest of the text finds the same as one per paragraph (and builds
        // one searcher, not one per paragraph): no occurrence can reach across the line
        // break and the spaces that part two paragraphs, unless the needle holds a line
        // break or starts or ends with a space; such a needle is searched paragraph by
        // paragraph.
        let whole = !needle.contains('\n')
            && !needle.starts_with(char::is_whitespace)
            && !needle.ends_with(char::is_whitespace);
        let searches: Vec<Span> = match readable.get(from) {
            Some(first) if whole => vec![Span::new(first.start, text.len())],
            Some(_) => readable.get(from..).unwrap_or(&[]).to_vec(),
            None => Vec::new(),
        };
        for range in searches {
            let Some(seg) = text.get(range.start..range.end) else {
                continue;
            };
            // The occurrences `match_indices` gives (leftmost, not overlapping), found by a
            // vectorised search.
            for i in memchr::memmem::find_iter(seg.as_bytes(), needle.as_bytes()) {
                let s = range.start + i;
                let span = Span::new(s, s + needle.len());
                let k = readable.partition_point(|p| p.start <= s);
                let in_para = k
                    .checked_sub(1)
                    .and_then(|k| readable.get(k))
                    .is_some_and(|p| p.end >= span.end && p.end > *after);
                if !in_para {
                    continue;
                }
                if s < *after
                    || !crate::extract::gazetteer::at_word_boundary(text, span.start, span.end)
                    || taken(span, &found.mentions)
                {
                    continue;
                }
                extra.push(Mention {
                    entity: id.clone(),
                    span,
                    kind: MentionKind::Name,
                    nested: false,
                });
            }
        }
    }
    extra.sort();
    extra.dedup_by(|a, b| a.span.overlaps(b.span));
    found.mentions.extend(extra);
}

/// The outlet of the article named by the host of its URL ("sputniknews.com" -> Sputnik),
/// as a mention at the host in the header line.
pub fn outlet_from_url(gaz: &Gazetteer, text: &str, url: Option<&str>) -> Option<Mention> {
    let url = url?;
    let at = text.find(url)?;
    let after_scheme = url.find("://").map(|i| i + 3).unwrap_or(0);
    let host_len = url
        .get(after_scheme..)?
        .find('/')
        .unwrap_or(url.len() - after_scheme);
    let host = url
        .get(after_scheme..after_scheme + host_len)?
        .to_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let label = host.split('.').next()?.to_string();
    let key = |s: &str| {
        s.chars()
            .filter(char::is_ascii_alphanumeric)
            .collect::<String>()
            .to_lowercase()
    };
    let e = gaz
        .schema
        .entities
        .iter()
        .filter(|e| e.kind == "media")
        .find(|e| {
            e.names().map(key).any(|k| {
                k.len() >= 3 && (label == k || label.starts_with(&k) && label.len() <= k.len() + 6)
            })
        })?;
    let start = at + after_scheme;
    Some(Mention {
        entity: e.id.clone(),
        span: Span::new(start, start + host_len),
        kind: MentionKind::Name,
        nested: false,
    })
}
