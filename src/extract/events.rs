//! Events: talks, meetings, sessions, briefings, calls, proposals and signings named by the
//! lexicon's event nouns, with the date and place said next to them, participants from
//! the event's own noun phrase ("a meeting of the Russia-NATO Council") and from the clause
//! ("Russia and NATO are likely to hold talks"), and whether they are past or planned.
//!
//! Where the date or place is not said next to the noun: the setting of reported words
//! ("said at a news conference") took place when the words were said; words said at a
//! place on a day ("said in Brussels on Wednesday") are a briefing there; a place may name
//! the event ("the Vienna talks"); and an event of a day told without a place took place
//! where the article's other events of that day did, when they all share one place.
//!
//! Every look-up around a noun is bounded (a few dates, a clause's reach, a word index of
//! the sentence), so a long text without sentence stops is read in linear time.
//!
//! Merging one event told by several documents is left to `graph`.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, MatchKind};
use chrono::NaiveDate;

use crate::diag::Span;
use crate::extract::dates::{self, DateContext, DateValue};
use crate::extract::{Doc, Event, EventDateSource, EventMode};
use crate::schema::EntityId;

/// Words that mark an event as still to come.
const PLANNED: &[&str] = &[
    "will",
    "would",
    "shall",
    "scheduled",
    "likely",
    "plans to",
    "plan to",
    "planned",
    "expected",
    "to hold",
    "to attend",
    "ready for",
    "to take part",
    "considering",
    "set to",
    "is to",
    "are to",
    "wanted",
    "be followed",
    "be held",
    "to meet",
    "meets",
    "arrives",
    "travels",
    "is due",
    "are due",
    "due to",
];
/// Words that mark an event as still to come only right before its noun ("the upcoming
/// talks"), not the other events of the clause.
const PLANNED_BEFORE_NOUN: &[&str] = &[
    "upcoming",
    "next",
    "forthcoming",
    "planned",
    "proposed",
    "scheduled",
];
const PLACE_PREPS: &[&str] = &["in", "at", "near"];

/// One automaton per word list, built once: a sentence is searched in one pass instead of
/// one substring search per word.
fn automaton(words: &[&str], kind: MatchKind) -> Option<AhoCorasick> {
    AhoCorasick::builder().match_kind(kind).build(words).ok()
}

static PLANNED_AC: LazyLock<Option<AhoCorasick>> =
    LazyLock::new(|| automaton(PLANNED, MatchKind::Standard));

/// True when one of the PLANNED words stands as whole words in `hay` (lower case).
fn any_planned(hay: &str) -> bool {
    match &*PLANNED_AC {
        Some(ac) => ac
            .find_overlapping_iter(hay)
            .any(|m| word_at(hay, m.start(), m.end())),
        None => PLANNED.iter().any(|p| contains_word(hay, p)),
    }
}

/// Finds the events of the document, in text order.
pub fn find(doc: &Doc) -> Vec<Event> {
    let text = doc.text;
    // The latest full date only dates a year-less day when the document has no date of its
    // own (`dates::resolve`): the whole text is read for it only then.
    let latest_full = if doc.date.is_none() {
        dates::full_dates(
            text.get(doc.paras.first().map(|p| p.span.start).unwrap_or(0)..)
                .unwrap_or(""),
        )
        .into_iter()
        .max()
    } else {
        None
    };
    let ctx = DateContext {
        doc: doc.date,
        latest_full,
    };
    let mut out: Vec<Event> = Vec::new();
    let mut prev_date: Option<NaiveDate> = None;
    // The date of the last words reported with a date ("said on Tuesday").
    let mut last_speech: Option<(NaiveDate, usize)> = None;
    let mut wix = WordIndex::default();
    // The events told so far, by (type, date, place, words).
    let mut told: HashSet<(String, Option<NaiveDate>, Option<EntityId>, String)> = HashSet::new();
    // Lower-case copies of ASCII clauses, one buffer for the whole document.
    let lower_buf = std::cell::RefCell::new(String::new());
    for &(sent, pi) in &doc.sentences {
        let headline = doc.paras.get(pi).is_some_and(|p| p.headline);
        let nouns: Vec<_> = doc
            .event_nouns_in(sent.start, sent.end)
            .iter()
            .filter(|h| h.end <= sent.end)
            .copied()
            .collect();
        if !doc.budget.spend(
            "events",
            sent.start,
            super::Budget::sentence_steps(sent.len(), nouns.len()),
        ) {
            break;
        }
        wix.build(text, sent);
        let wix = &wix;
        // A date right after a reporting verb ("said on Tuesday", "told TASS on Wednesday")
        // is when the words were said, not when the events they tell happen. Only the cues
        // that end within a few words of the date are looked at.
        let sent_cues = doc.cues_in(sent.start, sent.end);
        let said_at = |e: &dates::DateExpr| {
            let upto = sent_cues.partition_point(|c| c.start < e.span.start);
            sent_cues
                .get(..upto)
                .unwrap_or(&[])
                .iter()
                .rev()
                .take(SAID_REACH)
                .any(|c| {
                    c.end <= e.span.start
                        && wix.commas(c.end, e.span.start) == 0
                        && match wix.tokens(text, c.end, e.span.start) {
                            0..=3 => true,
                            // "said in a statement to the press on Jan. 18"
                            4..=SAID_SETTING_WORDS => {
                                text.get(c.end..e.span.start).is_some_and(said_in_setting)
                            }
                            _ => false,
                        }
                })
        };
        // A date inside a quote is the speaker's, not that of an event told outside it.
        let (_, sent_quotes) = doc.quotes_in(sent.start, sent.end);
        let (speech, mut exprs): (Vec<dates::DateExpr>, Vec<dates::DateExpr>) =
            dates::find(text, sent).into_iter().partition(said_at);
        drop_ranges(text, &mut exprs);
        let quote_of = |sp: Span| {
            let j = sent_quotes.partition_point(|q| q.inner.start <= sp.start);
            sent_quotes
                .get(j.saturating_sub(2)..j)
                .unwrap_or(&[])
                .iter()
                .rfind(|q| q.inner.contains(sp))
        };
        let quoted = |sp: Span| quote_of(sp).is_some();
        // When the words were said: the sentence's own speech date (not one quoted), else
        // the last one told.
        if let Some(d) = speech
            .iter()
            .filter(|e| !quoted(e.span))
            .find_map(|e| dates::resolve(e.value, &ctx, prev_date, false))
        {
            last_speech = Some((d, pi));
        }
        // A speech date told a few paragraphs back no longer dates words said now.
        let speech_date = last_speech
            .filter(|&(_, p)| pi.saturating_sub(p) <= SPEECH_PARAS)
            .map(|(d, _)| d);
        // Whether the words leading to an event noun speak of the future ("will hold talks",
        // "a meeting is scheduled"), within its clause.
        let planned_at = |noun: usize, np_end: usize| {
            // From the sentence start or its last "that": a modal governs the events after it.
            // Within a clause's reach: a long sentence is not reread for each noun.
            let start = char_floor(text, noun.saturating_sub(CLAUSE_REACH).max(sent.start));
            let head = text.get(start..noun).unwrap_or("");
            let from = rfind_bytes(head, b" that ")
                .map(|i| start + i + 6)
                .unwrap_or(start);
            let words = Span::new(from, np_end.max(noun)).slice(text);
            let head = Span::new(from, noun).slice(text);
            // One lower-case copy in a reused buffer serves both tests: the lower case of
            // `head` is a prefix of it.
            let mut buf = lower_buf.borrow_mut();
            if let Some(head_len) = lower_into(words, head.len(), &mut buf) {
                let planned = if find_bytes(&buf, b"no plans").is_some() {
                    any_planned(&buf.replace("no plans", ""))
                } else {
                    any_planned(&buf)
                };
                let head = buf.get(..head_len).unwrap_or("");
                return planned || near_planned(head);
            }
            let s = words.to_lowercase().replace("no plans", "");
            let head = head.to_lowercase();
            any_planned(&s) || near_planned(&head)
        };
        let mut sentence_events: Vec<Event> = Vec::new();
        // Each (type, date, place) of the sentence, with its index in `sentence_events`.
        let mut sentence_seen: HashMap<(String, Option<NaiveDate>, Option<EntityId>), usize> =
            HashMap::new();
        let mut prev_planned = false;
        let mut prev_setting = false;
        for (k, h) in nouns.iter().enumerate() {
            let Some(ty) = doc.gaz.events.info.get(h.pat) else {
                continue;
            };
            let seg_start = if k == 0 { sent.start } else { nouns[k - 1].end };
            let seg_end = nouns.get(k + 1).map(|n| n.start).unwrap_or(sent.end);
            let after = Span::new(h.end, seg_end);
            let before = Span::new(seg_start, h.start);
            let reach = char_floor(text, (h.end + CLAUSE_REACH).min(sent.end)).max(h.end);
            let clause_end = text
                .get(h.end..reach)
                .and_then(|r| {
                    [r.find([',', ';']), find_bytes(r, b" that ")]
                        .into_iter()
                        .flatten()
                        .min()
                })
                .map(|i| h.end + i)
                .unwrap_or(reach);
            // Events listed after a planned one in the same sentence are planned too ("will
            // be followed by a meeting ... and a session ...").
            let listed = k > 0
                && text.get(nouns[k - 1].end..h.start).is_some_and(|g| {
                    find_bytes(g, b" and ").is_some() || find_bytes(g, b"followed").is_some()
                });
            let planned = planned_at(h.start, clause_end) || prev_planned && listed;
            // The date: after the noun first ("talks on January 10"), else before it in
            // the same stretch ("Monday's meeting", "On December 17, the ministry released").
            // A date right before the noun modifies it ("the January 12 talks", "Monday's
            // meeting"); else the first date after it; else one earlier in its stretch.
            // A date quoted from someone dates no event told outside the quote.
            let noun_span = Span::new(h.start, h.end);
            let own =
                |e: &&dates::DateExpr| quote_of(e.span).is_none_or(|q| q.inner.contains(noun_span));
            // The few dates on either side of the noun, found by halving.
            let split = exprs.partition_point(|e| e.span.start < h.start);
            let earlier = || {
                exprs
                    .get(..split)
                    .unwrap_or(&[])
                    .iter()
                    .rev()
                    .take(EXPR_REACH)
                    .filter(own)
            };
            let later = exprs
                .get(split..)
                .unwrap_or(&[])
                .iter()
                .take(EXPR_REACH)
                .filter(own);
            let prenominal = earlier().find(|e| {
                before.contains(e.span)
                    && e.span.end <= h.start
                    && wix.tokens(text, e.span.end, h.start) <= 1
                    && wix.commas(e.span.end, h.start) == 0
            });
            // The first date after the noun, unless it modifies the next event noun.
            let following = later.clone().find(|e| after.contains(e.span)).filter(|e| {
                !nouns.get(k + 1).is_some_and(|n| {
                    e.span.end <= n.start && wix.tokens(text, e.span.end, n.start) <= 1
                })
            });
            let expr = prenominal
                .or(following)
                .or_else(|| {
                    // Not a date that already belongs to the previous event noun.
                    // Nor one of another clause ("the call he held on Sunday was hard, but
                    // talks opened").
                    earlier().find(|e| {
                        before.contains(e.span)
                            && !text.get(e.span.end..h.start).is_some_and(opens_clause)
                            && (k == 0
                                || nouns[k - 1].end <= e.span.start
                                    && wix.commas(nouns[k - 1].end, e.span.start) > 0)
                    })
                })
                .copied()
                .map(|e| with_full_date(text, &exprs, e));
            // Where the speaker spoke ("said at a news conference", "told a briefing",
            // "said while attending a summit"), or an event chained to that one ("at the
            // press conference following his meeting"): undated, it took place when the
            // words were said.
            let setting = !headline
                && expr.is_none()
                && (speech_setting(doc, wix, sent_cues, h.start)
                    || k > 0
                        && prev_setting
                        && text
                            .get(nouns[k - 1].end..h.start)
                            .is_some_and(chained_after));
            prev_setting = setting;
            let (date, date_source) = match expr {
                None if setting && speech_date.is_some() => {
                    (speech_date, EventDateSource::Relative)
                }
                Some(e) => {
                    let d = dates::resolve(e.value, &ctx, prev_date, planned);
                    let src = match (d, e.value) {
                        (None, _) => EventDateSource::Unknown,
                        (Some(_), DateValue::Absolute { .. }) => EventDateSource::Stated,
                        _ => EventDateSource::Relative,
                    };
                    (d, src)
                }
                None => (None, EventDateSource::Unknown),
            };
            if date.is_some() {
                prev_date = date;
            }
            // The place: a place named after "in"/"at" in the same stretch ("to" after a
            // noun of travel: "a visit to Kyiv"), or one naming the event ("the Vienna
            // talks").
            let travel = ty == "visit";
            let place_in = |sp: Span| {
                doc.mentions_in(sp.start, sp.end)
                    .iter()
                    .filter(|m| !m.nested && sp.contains(m.span))
                    .filter(|m| {
                        let w = text
                            .get(..m.span.start)
                            .unwrap_or("")
                            .trim_end()
                            .rsplit(char::is_whitespace)
                            .next()
                            .unwrap_or("")
                            .to_lowercase();
                        PLACE_PREPS.contains(&w.as_str()) || travel && w == "to"
                    })
                    .find_map(|m| place_of(doc, m))
            };
            let place = place_in(after)
                .or_else(|| place_in(before))
                .or_else(|| naming_place(doc, before, h.start));
            // Participants: the noun phrase after the noun ("of X", "with X", "between X
            // and Y") up to the place or date, and the clause's subject before it.
            let mut parts: Vec<EntityId> = Vec::new();
            let np_end = [
                expr.map(|e| e.span.start).filter(|s| *s > h.end),
                first_break(text, after),
            ]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(after.end);
            let np = Span::new(h.end, np_end.max(h.end));
            // After an earlier event noun, only a new clause names participants.
            let mut cs = clause_start(text, before);
            // Speakers are not participants: the clause starts after a speech verb.
            // (a plain reporting verb, or one with a "that" clause; "warned Putin in a call"
            // keeps its subject).
            let reporting = |c: &&crate::extract::gazetteer::Hit| {
                let assert = doc
                    .gaz
                    .cues
                    .info
                    .get(c.pat)
                    .is_some_and(|i| i.act == "assert");
                let gap = text.get(c.end..h.start).unwrap_or("").trim_start();
                // Lower-case prefixes compared without a lower-case copy of the gap: none
                // holds a "k", the one ASCII letter a non-ASCII char lower-cases to.
                let starts = |p: &str| {
                    gap.get(..p.len())
                        .is_some_and(|g| g.eq_ignore_ascii_case(p))
                };
                let that = starts("that ");
                // "said during a press briefing": the event is where the speaker spoke.
                let adjunct = [
                    "during ",
                    "at ",
                    "in ",
                    "on ",
                    "after ",
                    "before ",
                    "following ",
                ]
                .iter()
                .any(|p| starts(p));
                (assert || that) && !adjunct
            };
            if let Some(c) = doc
                .cues_in(cs, h.start)
                .iter()
                .filter(|c| c.end <= h.start)
                .rfind(|c| reporting(c))
            {
                cs = c.end;
            }
            let clause = if k > 0 && cs == before.start {
                Span::new(h.start, h.start)
            } else {
                Span::new(cs, h.start)
            };
            for m in doc
                .mentions_in(clause.start.min(np.start), clause.end.max(np.end))
                .iter()
                .filter(|m| !m.nested && (np.contains(m.span) || clause.contains(m.span)))
            {
                if doc
                    .entity(&m.entity)
                    .is_some_and(|e| !matches!(e.kind.as_str(), "place" | "media" | "agreement"))
                {
                    parts.push(m.entity.clone());
                }
            }
            parts.sort();
            parts.dedup();
            if date.is_none() && place.is_none() && (parts.is_empty() || headline) {
                continue;
            }
            // The words naming the event run to its date and place when they follow it.
            let mut end = np.end.max(h.end);
            if let Some(e) = expr.filter(|e| after.contains(e.span)) {
                end = end.max(e.span.end);
            }
            if let Some(m) = doc
                .mentions_in(after.start, after.end)
                .iter()
                .find(|m| Some(&m.entity) == place.as_ref() && after.contains(m.span))
            {
                end = end.max(m.span.end);
            }
            let span = Span::new(before_np_start(text, before, h.start), end);
            let ev = Event {
                event_type: ty.clone(),
                date,
                date_source,
                place,
                participants: parts,
                // A date after the document's is still to come, one before it has passed;
                // without both dates, the words decide.
                mode: if match (date, doc.date) {
                    (Some(d), Some(p)) if d != p => d > p,
                    _ => planned,
                } {
                    EventMode::Planned
                } else {
                    EventMode::Past
                },
                text: span.slice(text).trim().to_string(),
                span,
            };
            // One event named twice in a sentence ("a draft agreement ... and a draft
            // agreement ...") is one event.
            let key = (ev.event_type.clone(), ev.date, ev.place.clone());
            if let Some(same) = sentence_seen
                .get(&key)
                .and_then(|&i| sentence_events.get_mut(i))
            {
                same.participants.extend(ev.participants);
                same.participants.sort();
                same.participants.dedup();
                continue;
            }
            prev_planned = ev.mode == EventMode::Planned;
            sentence_seen.insert(key, sentence_events.len());
            sentence_events.push(ev);
        }
        // Words said at a place on a day ("Stoltenberg said in Brussels on Wednesday"): the
        // speaker spoke there then, an event of its own.
        let mut placed_days: HashSet<(NaiveDate, EntityId)> = sentence_events
            .iter()
            .filter_map(|o| o.date.zip(o.place.clone()))
            .collect();
        for e in speech.iter().filter(|e| !quoted(e.span)) {
            let upto = sent_cues.partition_point(|c| c.start < e.span.start);
            let Some(c) = sent_cues
                .get(..upto)
                .unwrap_or(&[])
                .iter()
                .rev()
                .find(|c| c.end <= e.span.start)
            else {
                continue;
            };
            let Some((place, place_end)) =
                said_at_place(doc, Span::new(c.start, c.end), e.span, sent.end)
            else {
                continue;
            };
            let Some(date) = dates::resolve(e.value, &ctx, prev_date, false) else {
                continue;
            };
            if !placed_days.insert((date, place.clone())) {
                continue;
            }
            let cs = clause_start(text, Span::new(sent.start, c.start));
            let mut parts: Vec<EntityId> = doc
                .mentions_in(cs, c.start)
                .iter()
                .filter(|m| !m.nested && m.span.end <= c.start)
                .filter(|m| {
                    doc.entity(&m.entity).is_some_and(|x| {
                        !matches!(x.kind.as_str(), "place" | "media" | "agreement")
                    })
                })
                .map(|m| m.entity.clone())
                .collect();
            parts.sort();
            parts.dedup();
            let span = Span::new(c.start, place_end.max(e.span.end));
            sentence_events.push(Event {
                event_type: "briefing".into(),
                date: Some(date),
                date_source: match e.value {
                    DateValue::Absolute { .. } => EventDateSource::Stated,
                    _ => EventDateSource::Relative,
                },
                place: Some(place),
                participants: parts,
                mode: if doc.date.is_some_and(|p| date > p) {
                    EventMode::Planned
                } else {
                    EventMode::Past
                },
                text: span.slice(text).trim().to_string(),
                span,
            });
        }
        // Dates not tied to an event still anchor "the next day". Whether the sentence
        // speaks of the future only matters to a weekday: it is looked at only then.
        let mut planned_sentence: Option<bool> = None;
        if let Some(last) = exprs.iter().rev().find_map(|e| {
            let planned = matches!(e.value, DateValue::Weekday(_))
                && *planned_sentence.get_or_insert_with(|| {
                    let seg = sent.slice(text);
                    let mut buf = lower_buf.borrow_mut();
                    if lower_into(seg, 0, &mut buf).is_some() {
                        return any_planned(&buf);
                    }
                    any_planned(&seg.to_lowercase())
                });
            dates::resolve(e.value, &ctx, prev_date, planned)
        }) {
            prev_date = Some(last);
        }
        // A paragraph printed twice tells its events once.
        for ev in sentence_events {
            let key = (
                ev.event_type.clone(),
                ev.date,
                ev.place.clone(),
                ev.text.clone(),
            );
            if told.insert(key) {
                out.push(ev);
            }
        }
    }
    place_by_day(&mut out);
    out
}

/// How far (in bytes) the words that mark an event as planned, or end its clause, are
/// looked for around its noun: a clause's length, so that a long sentence is not reread
/// for each noun.
const CLAUSE_REACH: usize = 400;
/// How many dates on each side of an event noun may date it.
const EXPR_REACH: usize = 4;

/// The greatest char boundary of `text` at or before `i`.
fn char_floor(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A weekday followed by the date it names ("on Thursday, December 30") is that date.
fn with_full_date(text: &str, exprs: &[dates::DateExpr], e: dates::DateExpr) -> dates::DateExpr {
    if !matches!(e.value, DateValue::Weekday(_)) {
        return e;
    }
    let i = exprs.partition_point(|x| x.span.start < e.span.end);
    exprs
        .get(i)
        .filter(|x| matches!(x.value, DateValue::Absolute { .. }))
        .filter(|x| {
            text.get(e.span.end..x.span.start)
                .is_some_and(|g| g.trim() == ",")
        })
        .copied()
        .unwrap_or(e)
}

/// Drops the two ends of a range ("between Jan. 18 and Jan. 20", "from Monday to
/// Wednesday"): a span of days dates no single event.
fn drop_ranges(text: &str, exprs: &mut Vec<dates::DateExpr>) {
    let mut ends: Vec<usize> = Vec::new();
    for (i, pair) in exprs.windows(2).enumerate() {
        let [a, b] = pair else { continue };
        let gap = text.get(a.span.end..b.span.start).unwrap_or("").trim();
        let joined = [
            "and", "to", "-", "\u{2013}", "\u{2014}", "through", "until", "till",
        ]
        .iter()
        .any(|j| gap.eq_ignore_ascii_case(j));
        let opener = text
            .get(..a.span.start)
            .unwrap_or("")
            .trim_end()
            .rsplit(char::is_whitespace)
            .next()
            .unwrap_or("");
        let opened = ["between", "from"]
            .iter()
            .any(|o| opener.eq_ignore_ascii_case(o));
        if joined && opened {
            ends.extend([i, i + 1]);
        }
    }
    if ends.is_empty() {
        return;
    }
    let mut i = 0;
    exprs.retain(|_| {
        let keep = !ends.contains(&i);
        i += 1;
        keep
    });
}

/// How many words a setting of the words said ("in a statement to the press") may take
/// between a reporting verb and its date.
const SAID_SETTING_WORDS: usize = 7;

/// True when `gap`, the words between a reporting verb and a date, tell where or how the
/// words were said ("in a statement to the press", "at a news conference in Brussels").
fn said_in_setting(gap: &str) -> bool {
    let mut words = gap.split_whitespace();
    let first = words.next().unwrap_or("");
    ["in", "at", "during", "to"]
        .iter()
        .any(|p| first.eq_ignore_ascii_case(p))
        && !words.any(|w| w.eq_ignore_ascii_case("that") || w.eq_ignore_ascii_case("would"))
}

/// True when `gap` holds a conjunction that opens a clause of its own ("..., but talks
/// opened", "because"): a date before it belongs to the clause it ends. ("as" and "while"
/// tell things of one time: the date holds for both.)
fn opens_clause(gap: &str) -> bool {
    const OPENERS: &[&str] = &["because", "but", "although", "though", "whereas"];
    let mut prev_comma = false;
    for w in gap.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
        if prev_comma && OPENERS.iter().any(|o| bare.eq_ignore_ascii_case(o)) {
            return true;
        }
        prev_comma = w.ends_with(',') || w == "-" || w == "\u{2014}";
    }
    false
}

/// The place where words were said, named between the reporting verb `cue` and their
/// date ("said in Brussels on Wednesday"), right after the date ("said on Wednesday in
/// Brussels") or right before the verb, where the speaker is ("a spokesman in Berlin said
/// Friday"), with the end of its name.
fn said_at_place(doc: &Doc, cue: Span, date: Span, sent_end: usize) -> Option<(EntityId, usize)> {
    let text = doc.text;
    let cue_end = cue.end;
    let is_in = |g: &str| g.trim().eq_ignore_ascii_case("in");
    let before = doc
        .mentions_in(cue_end, date.start)
        .iter()
        .find(|m| !m.nested && m.span.end <= date.start)
        .filter(|m| text.get(cue_end..m.span.start).is_some_and(is_in))
        .filter(|m| {
            text.get(m.span.end..date.start)
                .is_some_and(|g| g.split_whitespace().count() <= 1 && !g.contains(','))
        });
    let after = || {
        doc.mentions_in(date.end, sent_end)
            .first()
            .filter(|m| !m.nested)
            .filter(|m| text.get(date.end..m.span.start).is_some_and(is_in))
    };
    let speaker_in = || {
        let i = doc
            .mentions_in(0, cue.start)
            .partition_point(|m| m.span.end <= cue.start);
        doc.mentions_in(0, cue.start)
            .get(..i)
            .and_then(|ms| ms.last())
            .filter(|m| !m.nested)
            .filter(|m| {
                text.get(m.span.end..cue.start)
                    .is_some_and(|g| g.trim().is_empty())
            })
            .filter(|m| {
                text.get(..m.span.start)
                    .and_then(|h| h.trim_end().rsplit(char::is_whitespace).next())
                    .is_some_and(|w| w.eq_ignore_ascii_case("in"))
            })
    };
    let m = before.or_else(after).or_else(speaker_in)?;
    Some((place_of(doc, m)?, m.span.end))
}

/// How many cues back from a date are looked at for the reporting verb it follows.
const SAID_REACH: usize = 4;
/// How many paragraphs on a speech date ("said on Friday") still dates where the same
/// words were said ("he said at a news conference").
const SPEECH_PARAS: usize = 2;

/// Gives an event dated but not placed the place of the article's other events of that
/// day, when they all took place in one place ("the talks in Geneva on Friday" ... "during
/// the talks").
fn place_by_day(events: &mut [Event]) {
    let mut by_day: std::collections::BTreeMap<NaiveDate, Option<EntityId>> =
        std::collections::BTreeMap::new();
    for e in events.iter() {
        if let (Some(d), Some(p)) = (e.date, &e.place) {
            by_day
                .entry(d)
                .and_modify(|v| {
                    if v.as_ref() != Some(p) {
                        *v = None;
                    }
                })
                .or_insert_with(|| Some(p.clone()));
        }
    }
    // An online meeting took place nowhere.
    let online = |e: &Event| {
        let t = e.text.to_lowercase();
        t.contains("online") || t.contains("virtual")
    };
    for e in events
        .iter_mut()
        .filter(|e| e.place.is_none() && !online(e))
    {
        if let Some(Some(p)) = e.date.and_then(|d| by_day.get(&d)) {
            e.place = Some(p.clone());
        }
    }
}

/// Word and comma counts of one sentence by byte offset, so that the words between two
/// offsets are counted in constant time (one buffer reused for every sentence).
#[derive(Debug, Default)]
struct WordIndex {
    /// Offset of the sentence in the text.
    base: usize,
    /// At each byte of the sentence (and one past its end): the words starting before it.
    words: Vec<u32>,
    /// At each byte of the sentence (and one past its end): the commas before it.
    commas: Vec<u32>,
}

impl WordIndex {
    /// Indexes the sentence `sent` of `text`.
    fn build(&mut self, text: &str, sent: Span) {
        let seg = sent.slice(text);
        self.base = sent.start;
        self.words.clear();
        self.commas.clear();
        self.words.reserve(seg.len() + 1);
        self.commas.reserve(seg.len() + 1);
        let (mut w, mut c) = (0u32, 0u32);
        let mut prev_space = true;
        for (i, ch) in seg.char_indices() {
            while self.words.len() <= i {
                self.words.push(w);
                self.commas.push(c);
            }
            let space = ch.is_whitespace();
            if !space && prev_space {
                w = w.saturating_add(1);
            }
            if ch == ',' {
                c = c.saturating_add(1);
            }
            prev_space = space;
        }
        while self.words.len() <= seg.len() {
            self.words.push(w);
            self.commas.push(c);
        }
    }

    /// The count before offset `at` of `counts`, `None` outside the sentence.
    fn at(&self, counts: &[u32], at: usize) -> Option<u32> {
        at.checked_sub(self.base)
            .and_then(|i| counts.get(i))
            .copied()
    }

    /// The words of `text[a..b]` as `split_whitespace` counts them.
    fn tokens(&self, text: &str, a: usize, b: usize) -> usize {
        if a >= b {
            return 0;
        }
        // A word that starts before `a` but runs into the span counts as one.
        let first = text
            .get(a..)
            .and_then(|r| r.chars().next())
            .is_some_and(|c| !c.is_whitespace());
        match (self.at(&self.words, a + 1), self.at(&self.words, b)) {
            (Some(x), Some(y)) => usize::from(first) + y.saturating_sub(x) as usize,
            _ => text.get(a..b).map_or(0, |g| g.split_whitespace().count()),
        }
    }

    /// The commas in `text[a..b]`.
    fn commas(&self, a: usize, b: usize) -> usize {
        if a >= b {
            return 0;
        }
        match (self.at(&self.commas, a), self.at(&self.commas, b)) {
            (Some(x), Some(y)) => y.saturating_sub(x) as usize,
            // Outside the sentence: counted as a break.
            _ => 1,
        }
    }
}

/// True when the event noun at `noun` is where the words of the closest reporting verb
/// before it were said: "said at a news conference", "said during his weekly briefing",
/// "said while attending a summit", "told a news conference".
fn speech_setting(
    doc: &Doc,
    wix: &WordIndex,
    cues: &[crate::extract::gazetteer::Hit],
    noun: usize,
) -> bool {
    let text = doc.text;
    let upto = cues.partition_point(|c| c.start < noun);
    let Some(c) = cues
        .get(..upto)
        .unwrap_or(&[])
        .iter()
        .rev()
        .find(|c| c.end <= noun)
    else {
        return false;
    };
    if wix.tokens(text, c.end, noun) > 5 || wix.commas(c.end, noun) > 0 {
        return false;
    }
    let gap = text.get(c.end..noun).unwrap_or("");
    let mut words = gap.split_whitespace().map(|w| w.to_lowercase());
    let first = words.next().unwrap_or_default();
    let second = words.next().unwrap_or_default();
    if words.clone().any(|w| w == "that") {
        return false;
    }
    const PREPS: &[&str] = &["at", "during", "while", "in", "after", "following"];
    // "said so at the press conference", "told reporters at the briefing"
    let prep = PREPS.contains(&first.as_str()) || PREPS.contains(&second.as_str());
    // "told a news conference": the audience is the event.
    let cue = text.get(c.start..c.end).unwrap_or("").to_lowercase();
    let audience = (cue.starts_with("told") || cue.starts_with("tell"))
        && ["a", "an", "the", "his", "her", "their", "its"].contains(&first.as_str());
    prep || audience
}

/// True when the words between two event nouns chain the second to the first: "the
/// press conference following his meeting", "a briefing after the talks".
fn chained_after(gap: &str) -> bool {
    let mut words = gap.split_whitespace();
    let first = words.next().unwrap_or("");
    (first.eq_ignore_ascii_case("following") || first.eq_ignore_ascii_case("after"))
        && words.count() <= 2
}

/// A place named right before the event noun, as its modifier: "the Vienna talks", "the
/// Geneva meeting", "the Vienna OSCE summit", "Geneva's talks".
fn naming_place(doc: &Doc, before: Span, noun: usize) -> Option<EntityId> {
    let text = doc.text;
    // The nearest place among the two names before the noun ("Vienna" in "the Vienna
    // OSCE summit"); the gap test below keeps it next to the noun.
    let (m, place) = doc
        .mentions_in(before.start, noun)
        .iter()
        .rev()
        .filter(|m| !m.nested && m.span.end <= noun)
        .take(2)
        .find_map(|m| place_of(doc, m).map(|p| (m, p)))?;
    let gap = text.get(m.span.end..noun)?;
    let gap = gap
        .strip_prefix("'s")
        .or_else(|| gap.strip_prefix("\u{2019}s"))
        .unwrap_or(gap);
    let words: Vec<&str> = gap.split_whitespace().collect();
    let ok = gap.chars().next().is_none_or(char::is_whitespace)
        && words.len() <= 1
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    ok.then_some(place)
}

/// The place a mention names: its entity when a place, or the city a capital's name stands
/// for where the text read it as its government ("a visit to Moscow").
fn place_of(doc: &Doc, m: &crate::extract::Mention) -> Option<EntityId> {
    let e = doc.entity(&m.entity)?;
    if e.kind == "place" {
        return Some(m.entity.clone());
    }
    if m.kind != crate::extract::MentionKind::Metonym {
        return None;
    }
    let surface = m.span.slice(doc.text);
    doc.gaz
        .schema
        .entities
        .iter()
        .find(|p| p.kind == "place" && p.names().any(|n| n == surface))
        .map(|p| p.id.clone())
}

/// Writes `s` lower case into `buf` (cleared first), as `str::to_lowercase` does, and
/// returns the length in `buf` of the lower case of `s[..mark]`. `None` when `s` holds a
/// capital sigma (the one char whose lower case depends on its neighbours) or `mark` is no
/// char boundary of `s`.
fn lower_into(s: &str, mark: usize, buf: &mut String) -> Option<usize> {
    buf.clear();
    if s.is_ascii() {
        // Nearly every clause: one copy, lower-cased in place; every byte is a char.
        buf.push_str(s);
        buf.make_ascii_lowercase();
        return (mark <= s.len()).then_some(mark);
    }
    let mut at_mark = None;
    for (i, c) in s.char_indices() {
        if i == mark {
            at_mark = Some(buf.len());
        }
        if c.is_ascii() {
            buf.push(c.to_ascii_lowercase());
        } else if c == '\u{3a3}' {
            return None;
        } else {
            buf.extend(c.to_lowercase());
        }
    }
    if mark == s.len() {
        at_mark = Some(buf.len());
    }
    at_mark
}

/// True when one of the two words before an event noun (`head` lower case) marks it as still
/// to come ("the upcoming talks").
fn near_planned(head: &str) -> bool {
    head.split_whitespace().rev().take(2).any(|w| {
        let w = trim_end_all(trim_end_all(w, "'s"), "\u{2019}s");
        PLANNED_BEFORE_NOUN.contains(&w)
    })
}

/// The first byte offset of `needle` in `hay` (`str::find` without building a substring
/// searcher per call: the texts are a clause long).
fn find_bytes(hay: &str, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    hay.as_bytes()
        .windows(needle.len())
        .position(|w| w.first() == Some(&first) && w == needle)
}

/// The last byte offset of `needle` in `hay` (`str::rfind`, as [`find_bytes`]).
fn rfind_bytes(hay: &str, needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    hay.as_bytes()
        .windows(needle.len())
        .rposition(|w| w.first() == Some(&first) && w == needle)
}

/// `s` without every trailing `suffix` (`str::trim_end_matches` without building a
/// substring searcher per call).
fn trim_end_all<'a>(mut s: &'a str, suffix: &str) -> &'a str {
    while let Some(r) = s.strip_suffix(suffix) {
        s = r;
    }
    s
}

fn contains_word(hay: &str, w: &str) -> bool {
    hay.match_indices(w)
        .any(|(i, _)| word_at(hay, i, i + w.len()))
}

/// True when `[i, j)` of `hay` is not inside a longer word.
fn word_at(hay: &str, i: usize, j: usize) -> bool {
    let b = hay
        .get(..i)
        .and_then(|h| h.chars().next_back())
        .is_none_or(|c| !c.is_alphanumeric());
    let a = hay
        .get(j..)
        .and_then(|h| h.chars().next())
        .is_none_or(|c| !c.is_alphanumeric());
    a && b
}

/// Where the noun phrase after an event noun stops: a comma, a relative clause or a verb
/// of taking place.
fn first_break(text: &str, span: Span) -> Option<usize> {
    const BREAKS: &[&str] = &[
        " which ",
        " that ",
        " took ",
        " will ",
        " is ",
        " was ",
        " were ",
        " are ",
        " followed ",
    ];
    // Leftmost-first: the earliest start of any of the words.
    static AC: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| automaton(BREAKS, MatchKind::LeftmostFirst));
    let seg = span.slice(text);
    let mut best: Option<usize> = seg.find([',', ';', '(']).map(|i| span.start + i);
    let first = match &*AC {
        Some(ac) => ac.find(seg).map(|m| m.start()),
        None => BREAKS.iter().filter_map(|w| seg.find(w)).min(),
    };
    if let Some(i) = first {
        let p = span.start + i;
        best = Some(best.map_or(p, |b| b.min(p)));
    }
    best
}

/// The start of the clause that ends at the event noun: after the last comma or
/// conjunction-led break.
fn clause_start(text: &str, before: Span) -> usize {
    const STARTS: &[&str] = &[
        " while ",
        " after ",
        " before ",
        " amid ",
        " since ",
        " and a ",
        " and an ",
        " and the ",
        " that ",
    ];
    static AC: LazyLock<Option<AhoCorasick>> =
        LazyLock::new(|| automaton(STARTS, MatchKind::Standard));
    // Keep the determiner of "and a meeting" in the clause.
    let keep = |w: &str| if w.starts_with(" and ") { 5 } else { w.len() };
    let seg = before.slice(text);
    let mut s = seg.rfind([',', ';', ':']).map(|i| i + 1).unwrap_or(0);
    match &*AC {
        // Every occurrence, overlapping ones too: the last of each word is among them.
        Some(ac) => {
            for m in ac.find_overlapping_iter(seg) {
                let w = STARTS.get(m.pattern().as_usize()).copied().unwrap_or("");
                s = s.max(m.start() + keep(w));
            }
        }
        None => {
            for w in STARTS {
                if let Some(i) = seg.rfind(w) {
                    s = s.max(i + keep(w));
                }
            }
        }
    }
    before.start + s
}

/// The start of the event's noun phrase: the determiner and modifiers just before the noun.
fn before_np_start(text: &str, before: Span, noun: usize) -> usize {
    let seg = text.get(before.start..noun).unwrap_or("");
    let mut start = noun;
    let mut n = 0;
    for (i, w) in seg.rsplit(' ').enumerate() {
        if i == 0 && w.is_empty() {
            continue;
        }
        if w.is_empty() || w.ends_with(',') || n >= 4 {
            break;
        }
        start = start.saturating_sub(w.len() + 1);
        n += 1;
        // No lower-case copy: the determiners hold no "k", the one ASCII letter a non-ASCII
        // char lower-cases to.
        if ["a", "an", "the", "its", "their", "his", "her"]
            .iter()
            .any(|d| w.eq_ignore_ascii_case(d))
        {
            break;
        }
    }
    start.max(before.start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::Document;
    use crate::extract::{extract, Gazetteer};

    fn gaz() -> &'static Gazetteer {
        crate::extract::repo_gazetteer()
    }

    /// The events of `body` in a document of `date`, as `type date place mode`.
    fn events_of(body: &str, date: &str) -> Vec<String> {
        let mut doc = Document::from_text("t", format!("Test article\n\n{body}\n"));
        doc.date = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
        extract(gaz(), &doc)
            .events
            .iter()
            .map(|e| {
                let d = e.date.map_or("-".to_string(), |d| d.to_string());
                let p = e.place.as_ref().map_or("-", |p| p.as_str());
                format!("{} {d} {p} {:?}", e.event_type, e.mode)
            })
            .collect()
    }

    fn check(table: &[(&str, &str, &[&str])]) {
        for (body, date, expected) in table {
            assert_eq!(events_of(body, date), *expected, "in {body:?}");
        }
    }

    /// Where and when words were said: the setting of a reporting verb takes the date the
    /// words were said, in its sentence or a little before; words said at a place on a day
    /// are a briefing there.
    #[test]
    fn speech_settings() {
        check(&[
            // The speech date of the same sentence.
            (
                "Jens Stoltenberg told reporters at a news conference in Brussels on Tuesday that allies stood united.",
                "2022-01-12",
                &["press_conference 2022-01-11 brussels Past"],
            ),
            // The speech date of a sentence before.
            (
                "Jens Stoltenberg said on Tuesday that allies stood united. \"We are ready,\" he told a news conference in Brussels.",
                "2022-01-12",
                &["press_conference 2022-01-11 brussels Past"],
            ),
            (
                "Sergei Lavrov said on Friday that no answer had come. He said so while attending a summit in Vienna.",
                "2022-01-16",
                &["summit 2022-01-14 vienna Past"],
            ),
            // An event chained to the setting took place that day.
            (
                "Antony Blinken said on Monday that talks would go on. He said so at the press conference following his meeting in Geneva.",
                "2022-01-18",
                &["press_conference 2022-01-17 geneva Past", "meeting 2022-01-17 geneva Past"],
            ),
            // Too far back, the speech date no longer holds.
            (
                "Jens Stoltenberg said on Tuesday that allies stood united.\n\nThe alliance is large.\n\nIt has many members.\n\nIt meets often.\n\n\"We are ready,\" he told a news conference in Brussels.",
                "2022-01-12",
                &["press_conference - brussels Past"],
            ),
            // A clause of what was said is no setting.
            (
                "Dmitry Peskov said on Monday that the talks in Geneva were useful.",
                "2022-01-12",
                &["talks - geneva Past"],
            ),
            // Words said at a place on a day.
            (
                "The alliance has sent its answer, Jens Stoltenberg said in Brussels on Wednesday.",
                "2022-01-27",
                &["briefing 2022-01-26 brussels Past"],
            ),
            (
                "Russia will answer soon, a spokesman in Moscow said on Friday.",
                "2022-01-15",
                &["briefing 2022-01-14 moscow Past"],
            ),
            // A setting of the words ("in a statement") keeps their date off the events.
            (
                "Antony Blinken will visit Kyiv soon, Ned Price said in a statement to the press on January 18.",
                "2022-01-18",
                &["visit - - Planned"],
            ),
        ]);
    }

    /// Places: a place naming the event, the "to" of travel, a capital read as its
    /// government, the paragraph's first sentence, the day's one place.
    #[test]
    fn event_places() {
        check(&[
            (
                "The Vienna talks resumed on November 29.",
                "2021-12-01",
                &["talks 2021-11-29 vienna Past"],
            ),
            (
                "The Vienna OSCE summit ended on Thursday.",
                "2022-01-14",
                &["summit 2022-01-13 vienna Past"],
            ),
            (
                "During his first visit to Moscow, Olaf Scholz sat down with Vladimir Putin on Tuesday.",
                "2022-02-16",
                &["visit 2022-02-15 moscow Past"],
            ),
            (
                "In Geneva today, Wendy Sherman held a meeting with Sergei Ryabkov.",
                "2022-01-09",
                &["meeting 2022-01-09 geneva Past"],
            ),
            (
                "Antony Blinken will travel to Kyiv on January 19.",
                "2022-01-17",
                &["visit 2022-01-19 kyiv Planned"],
            ),
            (
                "Antony Blinken arrives in Geneva on Friday.",
                "2022-01-19",
                &["visit 2022-01-21 geneva Planned"],
            ),
            // Events of one day told without a place took place where the others did; an
            // online one took place nowhere.
            (
                "The talks in Geneva on Friday were long. During the talks on Friday, Sergei Lavrov spoke at length.",
                "2022-01-22",
                &["talks 2022-01-21 geneva Past", "talks 2022-01-21 geneva Past"],
            ),
            (
                "The talks in Geneva on Friday were long. An online meeting with NATO on Friday followed.",
                "2022-01-22",
                &["talks 2022-01-21 geneva Past", "meeting 2022-01-21 - Past"],
            ),
        ]);
    }

    /// Dates: calls by verb, ranges, quoted dates, dates of another clause.
    #[test]
    fn event_dates() {
        check(&[
            (
                "On December 13, Sergei Lavrov spoke by telephone with his counterpart.",
                "2021-12-14",
                &["call 2021-12-13 - Past"],
            ),
            (
                "Vladimir Putin joined the council by teleconference on Wednesday.",
                "2021-12-16",
                &["call 2021-12-15 - Past"],
            ),
            // A weekday and the date it names: the date.
            (
                "Joe Biden held a telephone conversation with Vladimir Putin on Thursday, December 30.",
                "2022-01-20",
                &["call 2021-12-30 - Past"],
            ),
            // A range dates no single event.
            (
                "Antony Blinken is to visit Kyiv between Jan. 18 and Jan. 20.",
                "2022-01-17",
                &["visit - - Planned"],
            ),
            // A date quoted from someone does not date the event told outside the quote.
            (
                "\"We spoke about Ukraine today,\" Alexander Grushko said at a briefing after the talks.",
                "2022-01-13",
                &["briefing - - Past"],
            ),
            // A date of a clause that a "but" ends.
            (
                "The ministers spoke on Sunday, but talks in Geneva stalled.",
                "2022-01-11",
                &["talks - geneva Past"],
            ),
        ]);
    }

    /// The word index counts what `split_whitespace` counts, from any offsets.
    #[test]
    fn word_index_counts_as_split_whitespace() {
        for t in [
            "said on  Tuesday, in\u{a0}Geneva",
            " x ,y  z\u{2014}w ",
            "\u{e9}t\u{e9} a b",
            "",
        ] {
            let mut wix = WordIndex::default();
            let sent = Span::new(0, t.len());
            wix.build(t, sent);
            for a in 0..=t.len() {
                for b in a..=t.len() {
                    let Some(g) = t.get(a..b) else { continue };
                    assert_eq!(
                        wix.tokens(t, a, b),
                        g.split_whitespace().count(),
                        "{t:?} {a}..{b}"
                    );
                    assert_eq!(wix.commas(a, b), g.matches(',').count(), "{t:?} {a}..{b}");
                }
            }
        }
    }

    proptest::proptest! {
        /// The lower case written into a buffer is `str::to_lowercase`, its prefix that of
        /// the text's prefix.
        #[test]
        fn lower_into_as_to_lowercase(s in "[a-zA-Z \u{0130}\u{212a}\u{3a3}\u{3c3}\u{c9}\u{2019}\u{201c}]{0,20}", mark in 0usize..24) {
            let mut buf = String::new();
            match lower_into(&s, mark, &mut buf) {
                Some(n) => {
                    proptest::prop_assert_eq!(buf.as_str(), s.to_lowercase());
                    let head = s.get(..mark).map(str::to_lowercase);
                    proptest::prop_assert_eq!(buf.get(..n).map(str::to_string), head);
                }
                None => {
                    let sigma = s.contains('\u{3a3}');
                    proptest::prop_assert!(sigma || !s.is_char_boundary(mark));
                }
            }
        }
    }
}
