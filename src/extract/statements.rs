//! Statements: direct quotes (quote then attribution, attribution then quote, a quote that
//! opens with its verb, quotes continued over sentences and paragraphs) and reported speech
//! ("X said (that) ...", "..., X said", "according to X", "X was quoted as saying by Y",
//! "Y quoted X as saying", "..., Official Says" in headlines, conjoined and nested verbs).
//!
//! The constructions read around a reporting verb, for any cue of the lexicon: joint subjects
//! ("A and B said": one statement each), "both" for the last two persons named, a trailing
//! attribution that ends at a participle or a contrasting clause ("..., X said on Monday,
//! adding that ..."), a participle with no statement before it (", saying ...", "by urging
//! ..."), speech reported inside a quote ("“B made clear that ...”"), relays ("..., the
//! agency reported, citing X"), "This was stated by X", long subjects (appositions with a
//! title, relative clauses with commas, "X went on to say"), progressive forms ("is
//! demanding"), addressees ("told him that", "told Putin the US would"), and a name after a
//! preposition, which is no subject.
//!
//! Speakers are resolved in text order so that "he" and "the official" refer back to the
//! speakers before them. What the content is about is left to `about`.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::BuildHasherDefault;

use crate::diag::Span;
use crate::extract::about::about;
use crate::extract::gazetteer::{FxHasher, Hit};
use crate::extract::layout::{self, Layout};
use crate::extract::speakers::{
    alnum_words, count_words, last_word, lower_ends_with, lower_eq, lower_in, lower_starts_with,
    np_ending_at, np_starting_at, resolve, subject_end, subject_np, subject_np_from, Actor,
    History, LowerSet, Np, Ref, ASCII_ALNUM,
};
use crate::extract::{Doc, Statement, StatementKind, NAME_REACH, QUOTE_REACH};
use crate::schema::types::CueForm;
use crate::schema::EntityId;

/// A statement being built.
#[derive(Debug, Clone)]
struct Draft {
    speaker: Actor,
    speaker_span: Option<Span>,
    kind: StatementKind,
    cue: String,
    act: String,
    content: Span,
    about_spans: Vec<Span>,
    sentence: Span,
    relay: Option<EntityId>,
    headline: bool,
    /// Attributed by a trailing ", X said" (content before the speaker).
    trailing: bool,
    /// Reported inside another speaker's words ("A said B told him ..."): its speaker does
    /// not become the one a later "he" refers to.
    nested: bool,
    /// Attributed by layout (`layout`): checked for repeats only among its own kind.
    layout: bool,
}

const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be"];
const WH: &[&str] = &["how", "why", "when", "where", "whether", "what", "if"];
const CONJ: &[&str] = &["and", "but", "or"];
/// Prepositions that open a phrase of time or place between a verb and its "that".
const GAP_PREPOSITIONS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "to",
    "with",
    "by",
    "from",
    "over",
    "late",
    "early",
    "earlier",
    "later",
    "last",
    "this",
    "yesterday",
    "today",
];
/// Adverbs that may stand between a verb and its "that" ("said afterwards that"), besides
/// those in -ly ("said repeatedly that").
const GAP_ADVERBS: &[&str] = &[
    "afterwards",
    "afterward",
    "later",
    "again",
    "also",
    "then",
    "once",
    "often",
    "too",
    "since",
    "before",
    "now",
    "still",
    "already",
    "separately",
];
static GAP_ADVERB_SET: LowerSet = LowerSet::new(GAP_ADVERBS);
/// Words of an outlet or audience told something ("told state television", "told the
/// news agency", "told lawmakers").
const ADDRESSEE_NOUNS: &[&str] = &[
    "foreign",
    "western",
    "international",
    "visiting",
    "state",
    "public",
    "national",
    "local",
    "news",
    "agency",
    "television",
    "tv",
    "radio",
    "channel",
    "broadcaster",
    "newspaper",
    "paper",
    "daily",
    "weekly",
    "magazine",
    "outlet",
    "station",
    "network",
    "website",
    "program",
    "programme",
    "podcast",
    "reporters",
    "journalists",
    "lawmakers",
    "legislators",
    "parliament",
    "senators",
    "deputies",
    "students",
    "supporters",
    "audience",
    "crowd",
    "interviewer",
    "media",
    "press",
];
/// Determiners allowed before an addressee ("told the BBC that").
const GAP_DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our"];
/// Object pronouns naming an addressee ("told him that", "assured us it would").
const OBJECT_PRONOUNS: &[&str] = &["him", "them", "us", "me"];
static OBJECT_PRONOUN_SET: LowerSet = LowerSet::new(OBJECT_PRONOUNS);
/// Words that open a clause as (or before) its subject.
const CLAUSE_SUBJECTS: &[&str] = &[
    "the", "a", "an", "it", "he", "she", "they", "we", "i", "there", "this", "these", "his", "her",
    "their", "its", "our", "your", "my", "no", "any", "all",
];
static CLAUSE_SUBJECT_SET: LowerSet = LowerSet::new(CLAUSE_SUBJECTS);
/// Verbs that follow a relative "that" ("proposals that were", "states that wish").
const RELATIVE_VERBS: &[&str] = &[
    "is", "are", "was", "were", "has", "have", "had", "would", "will", "could", "can", "may",
    "might", "should", "must", "did", "does", "do", "wish", "want", "led", "made",
];
/// Words that open a phrase of time, place or manner after a verb (", X said on Monday").
const ADJUNCT_STARTS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "late",
    "early",
    "earlier",
    "later",
    "yesterday",
    "today",
    "tonight",
    "to",
    "by",
    "as",
    "while",
    "when",
    "last",
    "this",
    "from",
    "via",
    "over",
    "separately",
    "afterwards",
    "speaking",
    "according",
    "without",
    "with",
    "adding",
    "noting",
    "stressing",
    "saying",
];

// The lists above with their tables, for the tests run on most cues.
static BE_SET: LowerSet = LowerSet::new(BE);
static WH_SET: LowerSet = LowerSet::new(WH);
static CONJ_SET: LowerSet = LowerSet::new(CONJ);
static GAP_PREPOSITION_SET: LowerSet = LowerSet::new(GAP_PREPOSITIONS);
static GAP_DETERMINER_SET: LowerSet = LowerSet::new(GAP_DETERMINERS);
static RELATIVE_VERB_SET: LowerSet = LowerSet::new(RELATIVE_VERBS);
static ADJUNCT_START_SET: LowerSet = LowerSet::new(ADJUNCT_STARTS);

/// True when at least `n` words of the span (whitespace-separated, holding a letter or
/// digit) stand in it; counting stops at `n`.
fn at_least(text: &str, span: Span, n: usize) -> bool {
    count_words(span.slice(text), n) >= n
}

/// Trims spaces and the punctuation that frames content (commas, colons, dashes).
fn trim_span(text: &str, span: Span) -> Span {
    let seg = span.slice(text);
    let f = |c: char| c.is_whitespace() || matches!(c, ',' | ':' | ';' | '\u{2013}' | '\u{2014}');
    let lead = seg.len() - seg.trim_start_matches(f).len();
    let t = seg.trim_start_matches(f).trim_end_matches(f);
    Span::new(span.start + lead, span.start + lead + t.len())
}

fn cue_info<'g>(doc: &'g Doc, c: &Hit) -> Option<(&'g str, CueForm)> {
    doc.gaz
        .cues
        .info
        .get(c.pat)
        .map(|i| (i.act.as_str(), i.form))
}

fn cue_text(doc: &Doc, c: &Hit) -> String {
    let cue = doc.text.get(c.start..c.end).unwrap_or("");
    // ASCII (nearly every cue): its lower case is its ASCII lower case.
    if cue.is_ascii() {
        cue.to_ascii_lowercase()
    } else {
        cue.to_lowercase()
    }
}

/// False when `s` starts with an ASCII byte that is none of `firsts` (lower-case ASCII) in
/// either case: then `lower_starts_with(s, p)` is false for every `p` starting with none of
/// `firsts`.
fn may_start_with(s: &str, firsts: &[u8]) -> bool {
    match s.as_bytes().first() {
        Some(&a) if a.is_ascii() => firsts.contains(&a.to_ascii_lowercase()),
        _ => true,
    }
}

/// The start of the content after a verb at `from`: after "that" or ":" when one of them
/// comes within a few words ("said on Monday that ..."), else right after the verb.
fn content_start(text: &str, from: usize, limit: usize) -> usize {
    // "tell" names its addressee before the clause: "told the lawmakers that".
    let addressee_verb = last_word(text, 0, from).is_some_and(|(_, w)| {
        lower_in(
            w,
            &["told", "tell", "tells", "telling", "assured", "assures"],
        )
    });
    let from = skip_time(text, from, limit);
    let seg = text.get(from..limit).unwrap_or("");
    let mut in_phrase = false;
    let mut count = 0;
    let mut off = 0;
    for w in seg.split_inclusive(' ') {
        let core = w.trim();
        let bare = core.trim_end_matches([',', ':']);
        if core.is_empty() {
            off += w.len();
            continue;
        }
        if bare.eq_ignore_ascii_case("that") {
            // "proposals that were ...": a relative "that" is followed by its verb.
            let rest = seg.get(off + w.len()..).unwrap_or("").trim_start();
            let len = rest
                .find(|c: char| !c.is_alphabetic())
                .unwrap_or(rest.len());
            let next = rest.get(..len).unwrap_or("");
            if !RELATIVE_VERB_SET.contains(next) {
                return from + off + w.len();
            }
        }
        // A "that" after "but" or "and" belongs to another verb ("said X but added that").
        if CONJ_SET.contains(bare) {
            break;
        }
        if core.ends_with(':') {
            return from + off + w.len();
        }
        if core.contains(['"', '\u{201c}', '.', ';']) {
            break;
        }
        // Between the verb and its "that" stand only an addressee, adverbs and phrases of
        // time or place ("told Russian President Vladimir Putin during their call that",
        // "said afterwards that", "told a news conference that"); a lower-case word outside
        // such a phrase is already the reported clause.
        if GAP_PREPOSITION_SET.contains(bare)
            || count == 0 && addressee_verb && GAP_DETERMINER_SET.contains(bare)
        {
            in_phrase = true;
        } else if !(in_phrase
            || addressee_verb && lower_in(bare, ADDRESSEE_NOUNS)
            || GAP_ADVERB_SET.contains(bare)
            || bare.len() > 4 && lower_ends_with(bare, "ly")
            || GAP_DETERMINER_SET.contains(bare)
            || OBJECT_PRONOUN_SET.contains(bare)
            || bare
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit()))
        {
            break;
        }
        count += 1;
        off += w.len();
        if count >= 12 {
            break;
        }
    }
    from
}

/// Whether `r` opens with a mark that ends reported words (", while", ", whereas", "; ").
fn ends_reported_words(r: &[u8]) -> bool {
    match r.first() {
        Some(b',') => r.starts_with(b", while ") || r.starts_with(b", whereas "),
        Some(b';') => r.starts_with(b"; "),
        _ => false,
    }
}

/// Where reported words end: the sentence end, or a contrasting clause of its own
/// (", while Ryabkov warned ...", "; ...").
fn clause_end(text: &str, from: usize, end: usize) -> usize {
    let seg = text.get(from..end).unwrap_or("").as_bytes();
    // Every mark opens with a comma or a semicolon: only those bytes, found by `memchr`
    // (blocks of bytes at a time), are looked at closely.
    memchr::memchr2_iter(b',', b';', seg)
        .find(|&i| ends_reported_words(seg.get(i..).unwrap_or(&[])))
        .map(|i| from + i)
        .unwrap_or(end)
}

/// [`clause_end`] as first written: every byte looked at.
#[cfg(test)]
fn clause_end_by_bytes(text: &str, from: usize, end: usize) -> usize {
    let seg = text.get(from..end).unwrap_or("").as_bytes();
    (0..seg.len())
        .find(|&i| ends_reported_words(seg.get(i..).unwrap_or(&[])))
        .map(|i| from + i)
        .unwrap_or(end)
}

/// Skips a time phrase right after a verb ("said on Tuesday it ...", "said late on Monday").
fn skip_time(text: &str, from: usize, limit: usize) -> usize {
    let seg = text.get(from..limit).unwrap_or("");
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim_start();
    let mut pos = from + lead;
    // Most words after a verb start with none of these letters: settled by the first byte.
    if may_start_with(t, b"el") {
        for p in ["late ", "early ", "earlier ", "later "] {
            if lower_starts_with(t, p) {
                pos += p.len();
            }
        }
    }
    let rest = text.get(pos..limit).unwrap_or("");
    // "said Friday he ...": American news drop the "on" before a weekday.
    let prep = may_start_with(rest, b"oltymwfs")
        && [
            "on ",
            "last ",
            "this ",
            "yesterday",
            "today",
            "tomorrow",
            "monday",
            "tuesday",
            "wednesday",
            "thursday",
            "friday",
            "saturday",
            "sunday",
        ]
        .iter()
        .any(|p| lower_starts_with(rest, p));
    if !prep {
        return from;
    }
    match crate::extract::dates::first(text, Span::new(pos, limit)) {
        Some(e) if !at_least(text, Span::new(pos, e.span.start), 2) => {
            let after = text.get(e.span.end..limit).unwrap_or("");
            e.span.end + (after.len() - after.trim_start_matches([',', ' ']).len())
        }
        _ => from,
    }
}

/// True when `r` contains " that " (without building a substring searcher per call).
#[cfg(test)]
fn has_that(r: &str) -> bool {
    let b = r.as_bytes();
    (0..b.len()).any(|i| b.get(i..).is_some_and(|t| t.starts_with(b" that ")))
}

/// The searcher of " that ", built once.
static THAT: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
    std::sync::LazyLock::new(|| memchr::memmem::Finder::new(b" that "));

/// True when `r` holds a colon, a quotation mark or " that ": a clause may follow the
/// verb. The marks and " that " are found by `memchr` (blocks of bytes at a time).
fn opens_clause(r: &str) -> bool {
    let b = r.as_bytes();
    memchr::memchr3_iter(b':', b'"', 0xE2, b).any(|i| match b.get(i) {
        Some(b':' | b'"') => true,
        _ => b
            .get(i..)
            .is_some_and(|t| t.starts_with("\u{201c}".as_bytes())),
    }) || THAT.find(b).is_some()
}

/// [`opens_clause`] as first written: one pass over the bytes.
#[cfg(test)]
fn opens_clause_by_bytes(r: &str) -> bool {
    let b = r.as_bytes();
    (0..b.len()).any(|i| match b.get(i) {
        Some(b':' | b'"') => true,
        Some(0xE2) => b
            .get(i..)
            .is_some_and(|t| t.starts_with("\u{201c}".as_bytes())),
        Some(b' ') => b.get(i..).is_some_and(|t| t.starts_with(b" that ")),
        _ => false,
    })
}

/// True when the verb at `c` closes a sentence whose content came first (", X said on
/// Monday."): nothing like a clause follows it.
fn ends_clause(doc: &Doc, c: &Hit, sent: Span) -> bool {
    let text = doc.text;
    // "told TASS on Wednesday", "told CNN": an addressee named right after the verb.
    let r0 = text.get(c.end..sent.end).unwrap_or("");
    let lead = r0.len() - r0.trim_start().len();
    let object_end = doc
        .mentions_in(c.end + lead, c.end + lead + 1)
        .iter()
        .find(|m| {
            !m.nested
                && doc
                    .entity(&m.entity)
                    .is_some_and(|e| matches!(e.kind.as_str(), "media" | "person"))
        })
        .map(|m| m.span.end)
        .unwrap_or(c.end);
    // The attribution ends where a clause of its own begins (", while Russia said ...",
    // ", adding that ...").
    let end = attribution_end(doc, c.end, sent.end).max(object_end);
    let r = text.get(object_end..end).unwrap_or("").trim_start();
    // "..., said the Kremlin spokesman.", "..., said a senior official on Monday.": after a
    // comma, a speaker phrase follows the verb, then nothing or a phrase of time or place.
    if object_end == c.end
        && text
            .get(sent.start..c.start)
            .is_some_and(|h| h.trim_end().ends_with(','))
    {
        if let Some(np) = np_starting_at(doc, c.end, end, false) {
            let rest = text.get(np.span.end..end).unwrap_or("").trim_start();
            let word = rest
                .split(|ch: char| !ch.is_alphanumeric())
                .next()
                .unwrap_or("");
            if rest.is_empty()
                || rest.starts_with(['.', ',', ';', '!', '?'])
                || ADJUNCT_START_SET.contains(word)
            {
                return true;
            }
        }
    }
    if opens_clause(r) {
        return false;
    }
    // Nothing, punctuation, or a phrase of time, place or manner: no clause follows.
    let len = r.find(|c: char| !c.is_alphanumeric()).unwrap_or(r.len());
    let first = r.get(..len).unwrap_or("");
    let short = || !at_least(text, Span::new(c.end, end), 16);
    if first.is_empty() || ADJUNCT_START_SET.contains(first) {
        return short();
    }
    // "told RBK Ukraine.": a name the schema lacks, addressed, ends the sentence.
    let words: Vec<&str> = r.split_whitespace().take(5).collect();
    if (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
        && r.trim_end()
            .trim_end_matches(['.', '!', '?'])
            .chars()
            .all(|ch| ch.is_alphanumeric() || ch == ' ' || ch == '-' || ch == '\'')
    {
        return true;
    }
    // "..., a Russian official told the RIA news agency.", "told state television.": an
    // outlet or audience addressed, then the sentence ends.
    if lower_in(&cue_text(doc, c), &["told", "tells"])
        && (1..=5).contains(&words.len())
        && words.iter().all(|w| {
            let w = w.trim_end_matches(['.', '!', '?']);
            w.chars().next().is_some_and(char::is_uppercase)
                || GAP_DETERMINER_SET.contains(w)
                || lower_in(w, ADDRESSEE_NOUNS)
        })
        && r.trim_end().ends_with(['.', '!', '?'])
    {
        return true;
    }
    // "told a news conference after the talks": a gathering addressed (an event noun of the
    // lexicon within three words), then nothing or phrases of time or place.
    if GAP_DETERMINER_SET.contains(first) {
        let r_start = end - r.len();
        let within = r_start
            + r.split_whitespace()
                .take(3)
                .map(|w| w.len() + 1)
                .sum::<usize>();
        // Gatherings only: not "answered the proposals", "described the visit".
        let gathering = |h: &&Hit| {
            doc.gaz.events.info.get(h.pat).is_some_and(|t| {
                matches!(
                    t.as_str(),
                    "talks" | "meeting" | "session" | "summit" | "briefing" | "press_conference"
                )
            })
        };
        if let Some(ev) = doc
            .event_nouns_in(r_start, within.min(end))
            .iter()
            .find(gathering)
        {
            let after = text.get(ev.end..end).unwrap_or("").trim_start();
            let len = after
                .find(|c: char| !c.is_alphanumeric())
                .unwrap_or(after.len());
            let next = after.get(..len).unwrap_or("");
            return (next.is_empty() || ADJUNCT_START_SET.contains(next)) && short();
        }
    }
    // Only a date right after the verb can still make it a phrase of time (most first words
    // are ruled out at once).
    crate::extract::dates::starts_at(text, Span::new(object_end, end)) && short()
}

/// Where the words after a verb at `from` stop belonging to its clause: a contrasting
/// clause of its own ([`clause_end`]) or a reporting participle after a comma (", adding
/// that ..."), else `end`.
fn attribution_end(doc: &Doc, from: usize, end: usize) -> usize {
    let text = doc.text;
    let stop = clause_end(text, from, end);
    doc.cues_in(from, stop)
        .iter()
        .find(|p| {
            text.get(p.start..p.end)
                .and_then(|t| t.split(' ').next())
                .is_some_and(|w| w.len() > 4 && lower_ends_with(w, "ing"))
                && text
                    .get(from..p.start)
                    .is_some_and(|h| h.trim_end().ends_with(','))
        })
        .map(|p| {
            let h = text.get(from..p.start).unwrap_or("").trim_end();
            from + h.len() - 1
        })
        .unwrap_or(stop)
}

/// The comma that precedes a speaker phrase starting at `np_start`, when enough words
/// stand before it to be content.
fn content_before(text: &str, sent: Span, np_start: usize) -> Option<Span> {
    let head = text.get(sent.start..np_start)?;
    // A closing quotation mark after the comma (",” X said") closes words whose opening mark
    // was lost (a quote not found as one).
    let t = head.trim_end().trim_end_matches(['\u{201d}', '"']);
    if !(t.ends_with(',') || t.ends_with('\u{2013}') || t.ends_with('\u{2014}')) {
        return None;
    }
    let span = trim_span(text, Span::new(sent.start, sent.start + t.len()));
    at_least(text, span, 3).then_some(span)
}

/// `content` (words before a trailing attribution, in sentence `sent`) taken back to the
/// start of its paragraph when a closing quotation mark ends them and no opening mark stands
/// in the paragraph before ("Russia has no right ... This is a red line,” X told ...": the
/// quote opened with the paragraph, its mark lost).
fn orphan_quote_start(doc: &Doc, sent: Span, content: Span, np_start: usize) -> Span {
    let text = doc.text;
    let closed = text
        .get(content.end..np_start)
        .is_some_and(|g| g.contains(['\u{201d}', '"']));
    let para = doc
        .sentence_at(sent.start)
        .and_then(|i| doc.sentences.get(i))
        .and_then(|(_, pi)| doc.paras.get(*pi))
        .map(|p| p.span);
    match para {
        Some(p) if closed && p.start < content.start => {
            let before = text.get(p.start..content.end).unwrap_or("");
            if before.contains(['\u{201c}', '"', '\u{00ab}']) {
                content
            } else {
                Span::new(p.start, content.end)
            }
        }
        _ => content,
    }
}

/// True when a line without a closing stop (`headline`) is rather running text cut off
/// mid-sentence: it holds a sentence end before its last words, or it is a long line in
/// sentence case after the title.
fn cut_off_body(doc: &Doc, pi: usize, para: Span) -> bool {
    // Sentences are in text order: those of the paragraph start at its first.
    let first = doc.sentences.partition_point(|(s, _)| s.start < para.start);
    let sentences = doc
        .sentences
        .get(first..)
        .unwrap_or(&[])
        .iter()
        .take(2)
        .filter(|(_, p)| *p == pi)
        .count();
    if sentences >= 2 {
        return true;
    }
    let text = doc.text;
    let words: Vec<&str> = para.slice(text).split_whitespace().take(40).collect();
    // Lower-case words are most words of running text, few of a title-case headline.
    let lower = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_lowercase))
        .count();
    pi > 0 && words.len() >= 14 && 2 * lower >= words.len()
}

/// Finds every statement of the document, in text order.
pub fn find(doc: &Doc) -> Vec<Statement> {
    let text = doc.text;
    // Each statement comes from a quote or a speech cue, and each is recorded in the
    // history: sized once, neither list grows (a Draft is large, so growing copies much).
    let room = doc.quotes.len() + doc.cues.len() + 1;
    let mut hist = History {
        actors: Vec::with_capacity(room),
    };
    let mut out: Vec<Draft> = Vec::with_capacity(room);
    let mut quote_done = vec![false; doc.quotes.len()];
    let mut used_cues: BTreeSet<usize> = BTreeSet::new();
    let mut scratch = Scratch::default();
    let mut lines = Layout::default();
    for (si, &(sent, pi)) in doc.sentences.iter().enumerate() {
        let Some(para) = doc.paras.get(pi).copied() else {
            continue;
        };
        let items =
            doc.cues_in(sent.start, sent.end).len() + doc.quotes_in(sent.start, sent.end).1.len();
        let steps = crate::extract::Budget::sentence_steps(sent.len(), items);
        if !doc.budget.spend("statements", sent.start, steps) {
            break;
        }
        // 0. Statements attributed by layout, read once per line (at its first sentence).
        if si == 0 || doc.sentences.get(si - 1).is_some_and(|s| s.1 != pi) {
            for f in lines.line(doc, pi, &hist, &mut used_cues) {
                let (q0, qs) = doc.quotes_in(f.content.start.saturating_sub(1), f.content.end);
                for (k, q) in qs.iter().enumerate() {
                    if f.content.contains(q.inner) {
                        quote_done[q0 + k] = true;
                    }
                }
                hist.push(f.speaker.clone());
                out.push(Draft {
                    speaker: f.speaker,
                    speaker_span: f.speaker_span,
                    kind: f.kind,
                    cue: f.cue,
                    act: f.act,
                    content: f.content,
                    about_spans: vec![f.content],
                    sentence: f.sentence,
                    relay: None,
                    headline: f.headline,
                    trailing: false,
                    nested: false,
                    // A headline repeated by the body is dropped as a repeat, as before.
                    layout: !f.headline,
                });
            }
        }
        let first_new = out.len();
        // 1. Quotes opening in this sentence, attributed before them.
        let (q0, qs) = doc.quotes_in(sent.start, sent.end);
        for (k, q) in qs.iter().enumerate() {
            let qi = q0 + k;
            if quote_done[qi] {
                continue;
            }
            if let Some(d) = attribute_before(
                doc,
                sent,
                q.outer,
                q.inner,
                &hist,
                para.headline,
                &mut used_cues,
            ) {
                out.extend(joint_or_group(doc, sent, &d, &hist, &mut scratch.group));
                hist.push(d.speaker.clone());
                out.push(d);
                quote_done[qi] = true;
            }
        }
        // 2. Quotes closing in this sentence, attributed after them, or continued.
        let (q0, qs) = doc.quotes_in(sent.start.saturating_sub(QUOTE_REACH), sent.end);
        for (k, q) in qs.iter().enumerate() {
            let qi = q0 + k;
            let close = q.outer.end.saturating_sub(1).max(q.outer.start);
            if quote_done[qi] || close < sent.start || close >= sent.end {
                continue;
            }
            if q.open_end {
                continue;
            }
            if let Some(d) = attribute_after(
                doc,
                sent,
                q.outer,
                q.inner,
                &hist,
                para.headline,
                &mut used_cues,
            ) {
                out.extend(joint_or_group(doc, sent, &d, &hist, &mut scratch.group));
                hist.push(d.speaker.clone());
                out.push(d);
                quote_done[qi] = true;
            } else if text
                .get(q.outer.end..sent.end)
                .is_some_and(|r| !r.chars().any(char::is_alphanumeric))
                && (q.outer.start == sent.start
                    || doc
                        .sentence_at(q.outer.start)
                        .and_then(|i| doc.sentences.get(i))
                        .is_some_and(|(s, _)| s.start == q.outer.start)
                    || doc
                        .paras
                        .get(pi)
                        .is_some_and(|p| p.span.start == q.outer.start))
            {
                let intro = intro_colon(doc, si, q.inner, sent, &hist, &mut used_cues);
                if let Some(d) = intro.or_else(|| continuation(doc, &out, q.inner, sent, pi)) {
                    hist.push(d.speaker.clone());
                    out.push(d);
                    quote_done[qi] = true;
                }
            }
        }
        // 3. Reported speech (that of headlines is read with their layout). A line without a
        // closing stop may be body text cut off mid-sentence, read as running text.
        if !para.headline || layout::cut_short(text, para.span) || cut_off_body(doc, pi, para.span)
        {
            reported(
                doc,
                si,
                sent,
                &mut hist,
                &mut out,
                first_new,
                &mut used_cues,
                &mut scratch,
            );
        }
    }
    // A quote left open at the end of a paragraph shares the attribution of the quote that
    // continues it at the start of the next one.
    // The first attributed quote after each quote, found in one pass from the end.
    let mut next_done: Vec<Option<usize>> = vec![None; doc.quotes.len()];
    for j in (1..doc.quotes.len()).rev() {
        next_done[j - 1] = if quote_done[j] { Some(j) } else { next_done[j] };
    }
    for (qi, q) in doc.quotes.iter().enumerate() {
        if quote_done[qi] || !q.open_end {
            continue;
        }
        let next = next_done[qi]
            .and_then(|j| doc.quotes.get(j))
            .map(|n| n.inner);
        let Some(next) = next else { continue };
        let at = out
            .iter()
            .position(|d| d.content.overlaps(next) || d.content.contains(next));
        let steps = at.map_or(out.len(), |i| i + 1) as u64;
        if !doc.budget.spend("statements", q.outer.start, steps) {
            break;
        }
        if let Some(d) = at.and_then(|i| out.get(i)).cloned() {
            let sent = doc
                .sentence_at(q.inner.start)
                .and_then(|i| doc.sentences.get(i))
                .map(|x| x.0)
                .unwrap_or(q.inner);
            out.push(Draft {
                content: q.inner,
                about_spans: vec![q.inner],
                sentence: sent,
                speaker_span: None,
                ..d
            });
        }
    }
    out.sort_by_key(|d| (d.content.start, d.content.end));
    let (laid, out): (Vec<Draft>, Vec<Draft>) = out.into_iter().partition(|d| d.layout);
    let out = layout::merge(dedup(text, out), dedup(text, laid), |d| {
        (&d.speaker.entity, d.content)
    });
    out.into_iter()
        .map(|d| {
            let ab = about(doc, &d.about_spans, &d.speaker.entity);
            Statement {
                provisional: doc.provisional_entity(&d.speaker.entity).is_some(),
                speaker: d.speaker.entity,
                speaker_span: d.speaker_span,
                kind: d.kind,
                cue: d.cue,
                act: d.act,
                text: d.content.slice(text).to_string(),
                span: d.content,
                sentence: d.sentence,
                about: ab,
                relay: d.relay,
                date: doc.date,
            }
        })
        .collect()
}

/// The content words of statements, each lower-case word numbered once per document, so
/// that word sets are sorted lists of numbers.
#[derive(Default)]
struct Words {
    ids: HashMap<String, u128, BuildHasherDefault<FxHasher>>,
    /// The lower case of the word being looked up (reused: no copy per word).
    key: String,
}

impl Words {
    /// The number of a word, by its lower case. An ASCII lower case of up to sixteen bytes
    /// (most words of news text, "administration" too) is its own number: the bytes (never
    /// zero) packed into the low bytes, so bit 127 stays clear; every other lower case is
    /// numbered in the table, with bit 127 set.
    fn id(&mut self, w: &str) -> u128 {
        if w.len() <= PACKED && w.is_ascii() {
            return packed(w);
        }
        self.key.clear();
        if w.is_ascii() {
            self.key.push_str(w);
            self.key.make_ascii_lowercase();
        } else {
            // Lower case may turn a non-ASCII letter into an ASCII one (the Kelvin sign).
            self.key.push_str(&w.to_lowercase());
            if self.key.len() <= PACKED && self.key.is_ascii() {
                return packed(&self.key);
            }
        }
        if let Some(&id) = self.ids.get(self.key.as_str()) {
            return id;
        }
        let id = (1 << 127) | self.ids.len() as u128;
        self.ids.insert(self.key.clone(), id);
        id
    }

    /// Content words of a span, lower case: the set of their numbers, sorted.
    fn set(&mut self, text: &str, span: Span) -> Vec<u128> {
        let seg = span.slice(text);
        // About one word per six bytes of news text.
        let mut v = Vec::with_capacity(seg.len() / 6 + 1);
        if seg.is_ascii() {
            // ASCII (nearly all statements): the words are the runs of ASCII letters and
            // digits, and a short one is packed (as `packed` does) in one piece.
            let b = seg.as_bytes();
            let mut i = 0;
            // Letters and digits told by one look-up in a table per byte.
            let alnum = |c: &u8| ASCII_ALNUM[usize::from(*c)];
            while let Some(off) = b.get(i..).and_then(|r| r.iter().position(alnum)) {
                let start = i + off;
                let rest = b.get(start..).unwrap_or(&[]);
                let len = rest.iter().position(|c| !alnum(c)).unwrap_or(rest.len());
                i = start + len;
                if len <= PACKED {
                    v.push(pack_alnum(rest, len));
                } else {
                    v.push(self.id(seg.get(start..i).unwrap_or("")));
                }
            }
        } else {
            alnum_words(seg, |w| v.push(self.id(w)));
        }
        v.sort_unstable();
        v.dedup();
        v
    }

    /// [`Words::set`] as first written: every word numbered by [`Words::id`].
    #[cfg(test)]
    fn set_by_words(&mut self, text: &str, span: Span) -> Vec<u128> {
        let seg = span.slice(text);
        let mut v = Vec::new();
        alnum_words(seg, |w| v.push(self.id(w)));
        v.sort_unstable();
        v.dedup();
        v
    }
}

/// The longest word (in bytes) that is its own number.
const PACKED: usize = 16;

/// The ASCII lower case of `w` (at most `PACKED` ASCII bytes) packed into a number.
fn packed(w: &str) -> u128 {
    let mut b = [0u8; PACKED];
    if let Some(head) = b.get_mut(..w.len()) {
        head.copy_from_slice(w.as_bytes());
    }
    b.make_ascii_lowercase();
    u128::from_le_bytes(b)
}

/// The masks of the low `len` bytes of a number, for `len` from 0 to `PACKED`.
static MASKS: [u128; PACKED + 1] = {
    let mut t = [u128::MAX; PACKED + 1];
    let mut len = 0;
    while len < PACKED {
        t[len] = (1u128 << (8 * len)) - 1;
        len += 1;
    }
    t
};

/// [`packed`] of the first `len` (at most `PACKED`) bytes of `rest`, all of them ASCII
/// letters and digits: their lower case is the byte with bit 0x20 set (digits have it), so
/// the word is read and lower-cased as one number instead of byte by byte.
fn pack_alnum(rest: &[u8], len: usize) -> u128 {
    let v = match rest.get(..PACKED) {
        // Sixteen bytes to read at once; those after the word are masked off below.
        Some(head) => {
            let mut b = [0u8; PACKED];
            b.copy_from_slice(head);
            u128::from_le_bytes(b)
        }
        None => {
            let mut b = [0u8; PACKED];
            if let Some((to, from)) = b.get_mut(..len).zip(rest.get(..len)) {
                to.copy_from_slice(from);
            }
            u128::from_le_bytes(b)
        }
    };
    let mask = MASKS.get(len).copied().unwrap_or(u128::MAX);
    (v | u128::from_le_bytes([0x20; PACKED])) & mask
}

/// How many words two sorted word sets share.
#[cfg(test)]
fn shared_words(a: &[u128], b: &[u128]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => i += 1,
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

/// True when at least three quarters of the words of the sorted, non-empty set `a` are in
/// the sorted set `b` (`shared_words(a, b) / a.len() >= 0.75`). The walk through both sets
/// stops as soon as the answer is known: most pairs of statements share few words, and
/// enough misses settle it early.
fn mostly_inside(a: &[u128], b: &[u128]) -> bool {
    // shared / n >= 0.75 is 4 * shared >= 3 * n for whole numbers: `need` shared words.
    let need = (3 * a.len()).div_ceil(4);
    if b.len() < need {
        return false;
    }
    // Words of `a` that may be missing before `need` is out of reach.
    let spare = a.len() - need;
    let (mut i, mut j, mut n, mut missed) = (0, 0, 0, 0);
    while let (Some(x), Some(y)) = (a.get(i), b.get(j)) {
        match x.cmp(y) {
            Ordering::Less => {
                missed += 1;
                if missed > spare {
                    return false;
                }
                i += 1;
            }
            Ordering::Greater => j += 1,
            Ordering::Equal => {
                n += 1;
                if n >= need {
                    return true;
                }
                i += 1;
                j += 1;
            }
        }
    }
    n >= need
}

/// How many neighbouring statements a statement is compared with for repeats.
const DEDUP_WINDOW: usize = 40;

/// How many statements of its speaker a headline is compared with, and how many headlines
/// of its speaker a statement is compared with (the first ones): far more than an article
/// holds, but a bound when a page without stops reads as one long run of headlines.
const DEDUP_HEADLINES: usize = 64;

/// What the search for repeats reads of a statement.
#[derive(Debug, Clone, Copy)]
struct Said {
    /// The speaker, numbered from 0 in order of first appearance.
    speaker: usize,
    headline: bool,
    content: Span,
}

/// Drops statements repeated by the same speaker (a headline or teaser that the body says
/// again, a paragraph printed twice): most of the words of one are in the other.
fn dedup(text: &str, drafts: Vec<Draft>) -> Vec<Draft> {
    // Speakers numbered once, so that each pair compares two numbers, not two ids.
    let mut numbers: BTreeMap<&EntityId, usize> = BTreeMap::new();
    let said: Vec<Said> = drafts
        .iter()
        .map(|d| {
            let n = numbers.len();
            Said {
                speaker: *numbers.entry(&d.speaker.entity).or_insert(n),
                headline: d.headline,
                content: d.content,
            }
        })
        .collect();
    let keep = kept(text, &said);
    drafts
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(d, _)| d)
        .collect()
}

/// Which statements are kept: statement i is dropped when a kept statement j of the same
/// speaker, near it or a headline (any statement, for a headline i), holds most of its words,
/// preferring to keep body over headline and the longer (then the earlier) of two.
///
/// Repeats stand near each other, or one of them is a headline: comparing within a window
/// keeps this linear in the number of statements. Only statements of the same speaker are
/// visited (each speaker's list, cut to the window), and whether i is dropped does not
/// depend on the order of the j.
fn kept(text: &str, said: &[Said]) -> Vec<bool> {
    let n = said.len();
    // Word sets are made when first compared: a statement whose speaker says nothing else
    // near it needs none.
    let mut words = Words::default();
    let mut sets: Vec<Option<Vec<u128>>> = vec![None; n];
    let mut keep = vec![true; n];
    let speakers = said.iter().map(|s| s.speaker + 1).max().unwrap_or(0);
    let mut of_speaker: Vec<Vec<usize>> = vec![Vec::new(); speakers];
    let mut heads_of: Vec<Vec<usize>> = vec![Vec::new(); speakers];
    for (i, s) in said.iter().enumerate() {
        if let Some(l) = of_speaker.get_mut(s.speaker) {
            l.push(i);
        }
        if s.headline {
            if let Some(l) = heads_of.get_mut(s.speaker) {
                l.push(i);
            }
        }
    }
    for (i, si) in said.iter().enumerate() {
        let mine = of_speaker.get(si.speaker).map_or(&[][..], Vec::as_slice);
        // A headline is compared with every statement; others with their window, then the
        // headlines.
        let (near, heads) = if si.headline {
            (mine.get(..DEDUP_HEADLINES).unwrap_or(mine), &[][..])
        } else {
            let lo = i.saturating_sub(DEDUP_WINDOW);
            let hi = (i + DEDUP_WINDOW + 1).min(n);
            let a = mine.partition_point(|&j| j < lo);
            let b = mine.partition_point(|&j| j < hi).max(a);
            (
                mine.get(a..b).unwrap_or(&[]),
                heads_of
                    .get(si.speaker)
                    .map_or(&[][..], |h| h.get(..DEDUP_HEADLINES).unwrap_or(h)),
            )
        };
        for &j in near.iter().chain(heads) {
            let Some(sj) = said.get(j) else { continue };
            if i == j || !keep[j] {
                continue;
            }
            for k in [i, j] {
                if sets[k].is_none() {
                    sets[k] = said.get(k).map(|s| words.set(text, s.content));
                }
            }
            let (Some(a), Some(b)) = (&sets[i], &sets[j]) else {
                continue;
            };
            if a.is_empty() {
                keep[i] = false;
                break;
            }
            // i is dropped when mostly inside j, preferring to keep body over headline and
            // the longer (then the earlier) of two.
            let i_worse = (si.headline && !sj.headline)
                || (si.headline == sj.headline
                    && (a.len() < b.len() || a.len() == b.len() && i > j));
            if i_worse && mostly_inside(a, b) {
                keep[i] = false;
                break;
            }
        }
    }
    keep
}

/// [`kept`] as first written: every statement of the window and every headline visited, in
/// order, whatever its speaker.
#[cfg(test)]
fn kept_by_window(text: &str, said: &[Said]) -> Vec<bool> {
    let mut words = Words::default();
    let mut sets: Vec<Option<Vec<u128>>> = vec![None; said.len()];
    let mut keep = vec![true; said.len()];
    let heads: Vec<usize> = (0..said.len()).filter(|&j| said[j].headline).collect();
    for i in 0..said.len() {
        let all = said[i].headline;
        let near = if all {
            0..said.len()
        } else {
            i.saturating_sub(DEDUP_WINDOW)..(i + DEDUP_WINDOW + 1).min(said.len())
        };
        let heads_too = if all { &[][..] } else { &heads[..] };
        for j in near.chain(heads_too.iter().copied()) {
            if i == j || !keep[j] || said[i].speaker != said[j].speaker {
                continue;
            }
            for k in [i, j] {
                if sets[k].is_none() {
                    sets[k] = Some(words.set_by_words(text, said[k].content));
                }
            }
            let (Some(a), Some(b)) = (&sets[i], &sets[j]) else {
                continue;
            };
            if a.is_empty() {
                keep[i] = false;
                break;
            }
            let i_worse = (said[i].headline && !said[j].headline)
                || (said[i].headline == said[j].headline
                    && (a.len() < b.len() || a.len() == b.len() && i > j));
            if i_worse && shared_words(a, b) as f64 / a.len() as f64 >= 0.75 {
                keep[i] = false;
                break;
            }
        }
    }
    keep
}

#[allow(clippy::too_many_arguments)]
fn make(
    doc: &Doc,
    speaker: Actor,
    np: Option<&Np>,
    kind: StatementKind,
    cue: &Hit,
    content: Span,
    about_spans: Vec<Span>,
    sentence: Span,
    headline: bool,
) -> Draft {
    let act = cue_info(doc, cue)
        .map(|(a, _)| a.to_string())
        .unwrap_or_else(|| "assert".into());
    Draft {
        speaker,
        speaker_span: np.map(|n| n.span),
        kind,
        cue: cue_text(doc, cue),
        act,
        content,
        about_spans,
        sentence,
        relay: None,
        headline,
        trailing: false,
        nested: false,
        layout: false,
    }
}

/// "X said: “...”", "X said that “...”", and "X “made clear that ...”".
#[allow(clippy::too_many_arguments)]
fn attribute_before(
    doc: &Doc,
    sent: Span,
    outer: Span,
    inner: Span,
    hist: &History,
    headline: bool,
    used: &mut BTreeSet<usize>,
) -> Option<Draft> {
    let text = doc.text;
    if outer.start <= sent.start {
        return None;
    }
    let floor = doc
        .quotes_in(sent.start.saturating_sub(QUOTE_REACH), outer.start)
        .1
        .iter()
        .filter(|q| q.outer.end <= outer.start && q.outer.end > sent.start)
        .map(|q| q.outer.end)
        .max()
        .unwrap_or(sent.start);
    // A quote that opens with its verb: speaker just before the quote.
    if let Some(c) = doc.cues_in(inner.start, inner.start + 1).first() {
        if cue_info(doc, c).is_some_and(|(_, f)| f == CueForm::Verb) {
            // "..., saying it “offered ...”": the phrase is the subject of another verb's
            // clause, and the quote its words.
            let np = np_ending_at(doc, floor, outer.start, headline)
                .filter(|np| !after_cue(doc, floor, np.span.start));
            if let Some(np) = np {
                if let Some(a) = resolve(doc, &np, hist) {
                    let cs = content_start(text, c.end, inner.end);
                    let content = trim_span(text, Span::new(cs, inner.end));
                    used.insert(c.start);
                    return Some(make(
                        doc,
                        a,
                        Some(&np),
                        StatementKind::Direct,
                        c,
                        content,
                        vec![content],
                        sent,
                        headline,
                    ));
                }
            }
        }
    }
    // A verb before the quote, followed only by "that", ":" or a short phrase.
    let c = doc
        .cues_in(floor, outer.start)
        .iter()
        .rev()
        .find(|c| c.end <= outer.start)?;
    let gap = Span::new(c.end, outer.start);
    let g = gap.slice(text).trim();
    let ok_gap = g.is_empty()
        || lower_ends_with(g, ":")
        || lower_ends_with(g, ",")
        || lower_ends_with(g, "that");
    if !ok_gap || at_least(text, gap, 7) {
        return None;
    }
    let (_, form) = cue_info(doc, c)?;
    if form != CueForm::Verb {
        return None;
    }
    let subject_at = by_participle(text, floor, c).unwrap_or(c.start);
    let np = subject_np(doc, floor, subject_at, headline)
        .or_else(|| appositive_subject(doc, floor, subject_end(text, floor, subject_at)))
        .or_else(|| relative_subject(doc, floor, subject_at))?;
    let a = resolve(doc, &np, hist)?;
    used.insert(c.start);
    // "X said “progress without delay” was needed ...": the quote opens a reported clause
    // that goes on after it; the statement is the whole clause.
    let rest = text.get(outer.end..sent.end).unwrap_or("");
    let goes_on = rest
        .split_whitespace()
        .next()
        .is_some_and(|w| w.chars().next().is_some_and(char::is_lowercase))
        && !rest.trim_start().starts_with(['.', ',', ';'])
        && doc
            .cues_in(outer.end, outer.end + 1 + rest.len().min(40))
            .is_empty()
        && !g.ends_with(':');
    if goes_on {
        let content = trim_span(
            text,
            Span::new(outer.start, clause_end(text, outer.end, sent.end)),
        );
        if at_least(text, Span::new(outer.end, content.end), 2) {
            return Some(make(
                doc,
                a,
                Some(&np),
                StatementKind::Indirect,
                c,
                content,
                vec![content],
                sent,
                headline,
            ));
        }
    }
    Some(make(
        doc,
        a,
        Some(&np),
        StatementKind::Direct,
        c,
        inner,
        vec![inner],
        sent,
        headline,
    ))
}

/// "“...,” the spokesman said", "“...,” said Peskov", "– ... –” he said".
fn attribute_after(
    doc: &Doc,
    sent: Span,
    outer: Span,
    inner: Span,
    hist: &History,
    headline: bool,
    used: &mut BTreeSet<usize>,
) -> Option<Draft> {
    let text = doc.text;
    let limit = sent.end;
    let rest = text.get(outer.end..limit)?;
    let skip = rest.len()
        - rest
            .trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ',' | '\u{2013}' | '\u{2014}')
            })
            .len();
    let s = outer.end + skip;
    if s >= limit {
        return None;
    }
    // The next quote in the sentence bounds the attribution.
    let limit = doc
        .quotes_in(s, limit)
        .1
        .iter()
        .map(|q| q.outer.start)
        .min()
        .unwrap_or(limit);
    let (np, c) = if let Some(c) = doc.cues_in(s, s + 1).first() {
        let np = np_starting_at(doc, c.end, limit, headline)?;
        (np, *c)
    } else {
        let np = np_starting_at(doc, s, limit, headline)?;
        // Only modifiers of the phrase ("Russian Deputy Foreign Minister ...") may come
        // before it.
        let lead = Span::new(s, np.span.start);
        // Modifiers are capitalised ("Russian", "US"); "and said the ..." is another clause.
        let capitalised = lead
            .slice(text)
            .split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
        if at_least(text, lead, 4)
            || lead.slice(text).contains([',', '.', ';', ':'])
            || !capitalised
        {
            return None;
        }
        // "“...,” Britain, France and Germany said": the verb follows the last member of a
        // joint subject (the others are added by the caller).
        let np = last_of_list(doc, np, limit, headline);
        let after = text.get(np.span.end..limit)?;
        let mut pos = np.span.end + (after.len() - after.trim_start().len());
        // Adverbs between the speaker and the verb ("he also said").
        for _ in 0..3 {
            if !doc.cues_in(pos, pos + 1).is_empty() {
                break;
            }
            let rest = text.get(pos..limit)?;
            let w = rest
                .get(
                    ..rest
                        .find(|c: char| !c.is_alphanumeric())
                        .unwrap_or(rest.len()),
                )
                .unwrap_or("");
            if w.is_empty()
                || !lower_in(
                    w,
                    &["also", "then", "later", "further", "again", "has", "had"],
                )
            {
                break;
            }
            let after = text.get(pos + w.len()..limit)?;
            pos = pos + w.len() + (after.len() - after.trim_start().len());
        }
        // "Sergei Ryabkov, the deputy minister who led the delegation, told ...": the verb
        // may follow a parenthetical that the speaker phrase opens.
        let c = doc.cues_in(pos, pos + 1).first().copied().or_else(|| {
            doc.cues_in(np.span.end, limit)
                .iter()
                .find(|c| subject_end(text, np.span.start, c.start) == np.span.end)
                .copied()
        })?;
        (np, c)
    };
    let (_, form) = cue_info(doc, &c)?;
    let a = resolve(doc, &np, hist)?;
    used.insert(c.start);
    // "“...,” X was quoted as saying by Y": Y relays.
    let relay = if form == CueForm::Passive {
        let rest = text.get(c.end..limit).unwrap_or("");
        if lower_starts_with(rest.trim_start(), "by ") {
            doc.mentions_in(c.end, limit)
                .iter()
                .find(|m| !m.nested)
                .map(|m| m.entity.clone())
        } else {
            None
        }
    } else {
        None
    };
    let mut about_spans = vec![inner];
    // Words of the sentence before a partial quote, and a participle clause after the
    // attribution ("Sherman said, repeating threats ..."), are the speaker's too.
    if outer.start > sent.start {
        about_spans.push(Span::new(sent.start, outer.start));
    }
    let tail_start = c.end.max(np.span.end);
    let tail = text.get(tail_start..sent.end).unwrap_or("").trim_start();
    let participle = tail
        .strip_prefix(',')
        .map(str::trim_start)
        .and_then(|t| t.split_whitespace().next())
        .is_some_and(|w| w.len() > 4 && w.ends_with("ing"));
    // A reporting participle (", adding that ...") is a statement of its own.
    let tail_word = text
        .get(tail_start..sent.end)
        .unwrap_or("")
        .find(|c: char| c.is_alphabetic())
        .map(|i| tail_start + i);
    let reporting = tail_word.is_some_and(|p| !doc.cues_in(p, p + 1).is_empty());
    if participle && !reporting {
        about_spans.push(Span::new(tail_start, sent.end));
    }
    // A quote inside reported words ("Putin told Biden that sanctions would be a
    // "colossal mistake", Ushakov said"): the statement is all the words before the
    // attribution, and verbs in them are the speaker's report.
    let marked = text
        .get(outer.start..)
        .and_then(|t| t.chars().next())
        .is_some_and(|ch| !ch.is_alphanumeric());
    let content = if marked
        && outer.start > sent.start
        && at_least(text, Span::new(sent.start, outer.start), 2)
    {
        for cue in doc
            .cues_in(sent.start, outer.start)
            .iter()
            .filter(|x| x.end <= outer.start)
        {
            used.insert(cue.start);
        }
        trim_span(text, Span::new(sent.start, outer.end))
    } else {
        inner
    };
    let mut d = make(
        doc,
        a,
        Some(&np),
        StatementKind::Direct,
        &c,
        content,
        about_spans,
        sent,
        headline,
    );
    if relay.is_some() {
        d.relay = relay;
        d.cue = "quoted as saying".into();
    }
    Some(d)
}

/// A quote with no attribution that opens a sentence right after a direct statement (in the
/// same or the previous paragraph) continues it.
fn continuation(doc: &Doc, out: &[Draft], inner: Span, sent: Span, pi: usize) -> Option<Draft> {
    let last = out.last()?;
    if last.kind != StatementKind::Direct {
        return None;
    }
    let lp = doc
        .sentence_at(last.sentence.start)
        .and_then(|i| doc.sentences.get(i))
        .map(|x| x.1)?;
    if pi > lp + 1 {
        return None;
    }
    Some(Draft {
        content: inner,
        about_spans: vec![inner],
        sentence: sent,
        speaker_span: None,
        trailing: false,
        nested: false,
        ..last.clone()
    })
}

/// A quote opening a paragraph after a sentence that ends "X said:".
fn intro_colon(
    doc: &Doc,
    si: usize,
    inner: Span,
    sent: Span,
    hist: &History,
    used: &mut BTreeSet<usize>,
) -> Option<Draft> {
    let text = doc.text;
    let (prev, _) = *doc.sentences.get(si.checked_sub(1)?)?;
    if !prev.slice(text).trim_end().ends_with(':') {
        return None;
    }
    let c = *doc.cues_in(prev.start, prev.end).last()?;
    if cue_info(doc, &c).is_none_or(|(_, f)| f != CueForm::Verb)
        || at_least(text, Span::new(c.end, prev.end), 5)
    {
        return None;
    }
    let np = subject_np(doc, prev.start, c.start, false)?;
    let a = resolve(doc, &np, hist)?;
    used.insert(c.start);
    Some(make(
        doc,
        a,
        Some(&np),
        StatementKind::Direct,
        &c,
        inner,
        vec![inner],
        sent,
        false,
    ))
}

/// Lists `reported` fills anew for each sentence, kept between sentences so that their
/// room is allocated once per document.
#[derive(Default)]
struct Scratch {
    cues: Vec<Hit>,
    trailing: Vec<bool>,
    suppressed: Vec<Span>,
    /// The speakers of the last joint subject ("Britain, France and Germany said"), whom a
    /// later "they" stands for.
    group: Vec<Actor>,
}

/// Whether the verb starting at `cue_start` is negated or declined: "did not say", "didn't
/// say", "never said", "declined to say", "refused to comment on".
fn negated(text: &str, floor: usize, cue_start: usize) -> bool {
    let Some((ws, w)) = last_word(text, floor, cue_start) else {
        return false;
    };
    let lower = w.to_lowercase();
    if lower == "not" || lower == "never" || lower.ends_with("n't") || lower.ends_with("n\u{2019}t")
    {
        return true;
    }
    lower == "to"
        && last_word(text, floor, ws).is_some_and(|(_, v)| {
            lower_in(
                v,
                &[
                    "declined",
                    "declines",
                    "refused",
                    "refuses",
                    "declining",
                    "refusing",
                ],
            )
        })
}

/// Reported speech in one sentence.
#[allow(clippy::too_many_arguments)]
fn reported(
    doc: &Doc,
    si: usize,
    sent: Span,
    hist: &mut History,
    out: &mut Vec<Draft>,
    first_new: usize,
    used: &mut BTreeSet<usize>,
    scratch: &mut Scratch,
) {
    let text = doc.text;
    let in_quote = |pos: usize| {
        doc.quotes_in(pos.saturating_sub(QUOTE_REACH), pos + 1)
            .1
            .iter()
            .any(|q| q.outer.start <= pos && pos < q.outer.end)
    };
    let Scratch {
        cues,
        trailing,
        suppressed,
        group,
    } = scratch;
    // Speech reported inside a quote ("“Biden made clear that ...”"): the person named there
    // said it (the quote's speaker relays).
    for c in doc.cues_in(sent.start, sent.end) {
        if c.end <= sent.end && !used.contains(&c.start) {
            if let Some(d) = quoted_report(doc, sent, c, hist) {
                used.insert(c.start);
                out.push(d);
            }
        }
    }
    cues.clear();
    cues.extend(doc.cues_in(sent.start, sent.end).iter().filter(|c| {
        c.start >= sent.start && c.end <= sent.end && !in_quote(c.start) && !used.contains(&c.start)
    }));
    // Trailing attributions (", X said.") take the words before them: verbs in those words
    // are the speaker's report, not statements of their own, unless the speaker is an outlet
    // that only relays them (", the state-run RIA reported").
    suppressed.clear();
    // `ends_clause` of each verb cue, worked out once for here, `verb` and `passive`.
    trailing.clear();
    trailing.resize(cues.len(), false);
    for (c, t) in cues.iter().zip(trailing.iter_mut()) {
        let Some((_, form)) = cue_info(doc, c) else {
            continue;
        };
        if form == CueForm::Preposition {
            continue;
        }
        *t = ends_clause(doc, c, sent);
        if !*t {
            continue;
        }
        let se = subject_end(text, sent.start, c.start);
        let np = np_ending_at(doc, sent.start, se, false);
        let np_start = match &np {
            Some(n) => n.span.start,
            None => c.start,
        };
        if let Some(Np {
            r: Ref::Collective(id),
            ..
        }) = &np
        {
            if doc.entity(id).is_some_and(|e| e.kind == "media") {
                continue;
            }
        }
        if let Some(b) = content_before(text, sent, np_start) {
            suppressed.push(b);
        }
    }
    for (&c, &trailing) in cues.iter().zip(trailing.iter()) {
        if suppressed
            .iter()
            .any(|s| s.start <= c.start && c.start < s.end)
        {
            continue;
        }
        let Some((_, form)) = cue_info(doc, &c) else {
            continue;
        };
        // The first word of the cue, lower case, ends in "-ing" ("saying", "adding that").
        // "is demanding" is a finite verb (progressive), not a participle.
        let participle = form == CueForm::Verb
            && text
                .get(c.start..c.end)
                .unwrap_or("")
                .split(' ')
                .next()
                .is_some_and(|w| lower_ends_with(w, "ing"))
            && !progressive(text, sent.start, &c);
        if participle
            && last_word(text, sent.start, c.start).is_some_and(|(_, w)| lower_eq(w, "as"))
        {
            if let Some(d) = quoted_as(doc, sent, &c, hist) {
                hist.push(d.speaker.clone());
                out.push(d);
            }
            continue;
        }
        // A second reporting verb of the same speaker (", saying ...", "but added that ...",
        // "and urged ...") is a statement of its own; the first one's words end before it.
        if form == CueForm::Verb {
            if let Some(d) = second_verb(doc, sent, &c, participle, out, first_new) {
                let partners = joint_or_group(doc, sent, &d, hist, group);
                hist.push(d.speaker.clone());
                out.extend(partners);
                out.push(d);
                continue;
            }
        }
        if participle {
            // "X did Y, saying ...", "X ended by urging ...": no earlier statement, so the
            // subject of the clause the participle hangs on says it.
            if form == CueForm::Verb {
                if let Some(d) = participle_clause(doc, sent, &c, hist) {
                    hist.push(d.speaker.clone());
                    out.push(d);
                }
            }
            continue;
        }
        if form == CueForm::Verb {
            let both = both_speakers(doc, si, sent, &c, out, hist);
            if !both.is_empty() {
                out.extend(both);
                continue;
            }
        }
        let d = match form {
            CueForm::Preposition => according_to(doc, sent, &c, hist),
            CueForm::Passive => passive(doc, sent, &c, hist, trailing),
            CueForm::Verb => verb(doc, sent, &c, hist, &out[first_new..], trailing)
                .or_else(|| stated_by(doc, si, sent, &c, hist)),
        };
        if let Some(d) = d {
            // Words of an earlier statement of the same speaker stop before this one's subject
            // (", but he added that ...").
            if let Some(sp) = d.speaker_span {
                for e in out.iter_mut().skip(first_new) {
                    let head = text.get(e.content.start..sp.start).unwrap_or("").trim_end();
                    let coordinated = head.ends_with(", but")
                        || head.ends_with(", and")
                        || head.ends_with(" but");
                    if (e.speaker.entity == d.speaker.entity || coordinated)
                        && e.content.start < sp.start
                        && sp.start < e.content.end
                    {
                        let head = text.get(e.content.start..sp.start).unwrap_or("").trim_end();
                        let head = head
                            .strip_suffix("but")
                            .or_else(|| head.strip_suffix("and"))
                            .unwrap_or(head)
                            .trim_end()
                            .trim_end_matches(',');
                        e.content = trim_span(
                            text,
                            Span::new(e.content.start, e.content.start + head.len()),
                        );
                        e.about_spans = vec![e.content];
                    }
                }
            }
            // "Kyiv and Washington accuse ...": each speaker of a joint subject says it.
            let partners = joint_or_group(doc, sent, &d, hist, group);
            if !d.nested {
                hist.push(d.speaker.clone());
            }
            out.extend(partners);
            out.push(d);
        }
    }
    // An outlet reporting at the end of a sentence relays the statements before it.
    let media_ix: Vec<usize> = (first_new..out.len())
        .filter(|&i| {
            out[i].trailing
                && out[i].kind == StatementKind::Indirect
                && doc
                    .entity(&out[i].speaker.entity)
                    .is_some_and(|e| e.kind == "media")
        })
        .collect();
    for mi in media_ix.into_iter().rev() {
        let Some(m) = out.get(mi).cloned() else {
            continue;
        };
        let mut cut = m.speaker_span.map(|s| s.start).unwrap_or(m.content.end);
        // ", according to Interfax", ", reported the state-run RIA": the words end before
        // the verb of the outlet, not before its name.
        if let Some(head) = text.get(m.sentence.start..cut) {
            let lower = head.to_lowercase();
            if let Some(i) = lower.rfind(&format!(" {}", m.cue)) {
                let between = head.get(i + 1 + m.cue.len()..).unwrap_or("");
                if lower.len() == head.len()
                    && count_words(between, 4) <= 3
                    && !between.contains([',', '.', ';', ':', '"', '\u{201d}'])
                {
                    cut = m.sentence.start + i;
                }
            }
        }
        let mut relayed = false;
        for d in out.iter_mut().skip(first_new) {
            if d.speaker.entity != m.speaker.entity && d.content.start < cut {
                d.relay = Some(m.speaker.entity.clone());
                if d.content.end > cut {
                    d.content = trim_span(text, Span::new(d.content.start, cut));
                    d.about_spans = vec![d.content];
                }
                relayed = true;
            }
        }
        // "..., the diplomat who heads the talks warned that ..., AFP reported": the words
        // hold a report of their own, whose speaker the outlet only relays, even when that
        // speaker is not resolved.
        let inner_report = !relayed
            && doc
                .cues_in(m.content.start, m.content.end.min(cut))
                .iter()
                .any(|c| c.end <= cut);
        if relayed || inner_report {
            out.remove(mi);
        }
    }
}

/// ", saying ...", ", warning that ...", "but added that ...", "and urged ...": a reporting
/// verb that shares the subject of an earlier statement of the sentence.
fn second_verb(
    doc: &Doc,
    sent: Span,
    c: &Hit,
    participle: bool,
    out: &mut [Draft],
    first_new: usize,
) -> Option<Draft> {
    let text = doc.text;
    let head = text.get(sent.start..c.start)?.trim_end();
    let bare = head.trim_end_matches(',').trim_end();
    let (ws, w) = last_word(text, sent.start, sent.start + bare.len())?;
    // Where the earlier statement's words end.
    let cut = if participle && head.ends_with(',') {
        sent.start + head.len() - 1
    } else if CONJ_SET.contains(w) && !participle || participle && lower_eq(w, "and") {
        let before = text.get(sent.start..ws)?.trim_end();
        sent.start + before.trim_end_matches(',').len()
    } else if participle && head.ends_with(", and") {
        ws
    } else if !participle
        && head.ends_with(',')
        && lower_in(w, &["however", "though", "nevertheless", "meanwhile"])
        && text.get(sent.start..ws)?.trim_end().ends_with(',')
    {
        // "X has said that ..., however, noted that ...".
        sent.start + text.get(sent.start..ws)?.trim_end().len() - 1
    } else {
        return None;
    };
    let k = (first_new..out.len()).rev().find(|&k| {
        out[k].sentence == sent && out[k].speaker_span.is_none_or(|s| s.end <= c.start)
    })?;
    let prev = out.get_mut(k)?;
    let cs = content_start(text, c.end, sent.end);
    let content = trim_span(text, Span::new(cs, clause_end(text, cs, sent.end)));
    let starts_ok = content
        .slice(text)
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphanumeric() || "\"\u{201c}\u{2018}".contains(ch));
    if !at_least(text, content, 2) || !starts_ok || cs == c.end && questions_taken(text, content) {
        return None;
    }
    // "denied these allegations, describing them as ...": an earlier statement that would
    // keep only a bare object keeps the participle's words too.
    // A participle that reports a clause of its own (", saying that Russia threatens no
    // one") is a statement apart even after a bare object.
    let clause = doc
        .gaz
        .cues
        .info
        .get(c.pat)
        .is_some_and(|i| i.act == "assert" && (cs > c.end || !i.object));
    let kept = trim_span(text, Span::new(prev.content.start, cut));
    if prev.content.start < cut
        && cut < prev.content.end
        && (at_least(text, kept, 3) || clause && at_least(text, kept, 2))
    {
        prev.content = kept;
        prev.about_spans = vec![prev.content];
    }
    let mut d = make(
        doc,
        prev.speaker.clone(),
        None,
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        prev.headline,
    );
    d.speaker_span = prev.speaker_span;
    Some(d)
}

/// True when the words after a verb are questions it took ("answered questions from
/// reporters", "answered media questions") or a pronoun for words told elsewhere ("said
/// this at a briefing", "reported this on Twitter"), not words said.
fn questions_taken(text: &str, content: Span) -> bool {
    let mut ws = content
        .slice(text)
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()));
    let first = ws.next().unwrap_or("");
    if lower_in(first, &["this", "so"]) {
        return ws
            .next()
            .is_none_or(|w| w.is_empty() || lower_in(w, PLACE_OR_TIME_STARTS));
    }
    std::iter::once(first)
        .chain(ws.take(2))
        .any(|w| lower_in(w, &["question", "questions", "queries"]))
}

/// Prepositions that open a phrase of place or time after "said this".
const PLACE_OR_TIME_STARTS: &[&str] = &[
    "on",
    "in",
    "at",
    "during",
    "after",
    "before",
    "to",
    "while",
    "when",
    "as",
    "from",
    "via",
    "with",
    "earlier",
    "later",
    "today",
    "yesterday",
    "speaking",
];

/// "X said (that) ...", "..., X said", "..., said X", "X did not rule out ... and warned".
///
/// `trailing`: `ends_clause` for this cue, which `reported` has already worked out.
fn verb(
    doc: &Doc,
    sent: Span,
    c: &Hit,
    hist: &History,
    earlier: &[Draft],
    trailing: bool,
) -> Option<Draft> {
    let text = doc.text;
    // Where the reported words start: several tests below need it, worked out at most once.
    let content_cell = std::cell::OnceCell::new();
    let content_at = || {
        *content_cell.get_or_init(|| {
            let cs = content_start(text, c.end, sent.end);
            if cs == c.end {
                addressee_end(doc, c.end, sent.end).unwrap_or(cs)
            } else {
                cs
            }
        })
    };
    // Passive participles are not speech by the subject ("has been accused", "agreed by").
    // "Russia's demands that ...", "the claims that ...": after a determiner or a possessive
    // the cue form is a noun.
    if text.get(sent.start..c.start).is_some_and(|h| {
        h.ends_with(' ') && (h.trim_end().ends_with("'s") || h.trim_end().ends_with("\u{2019}s"))
    }) || last_word(text, sent.start, c.start).is_some_and(|(_, w)| {
        lower_in(
            w,
            &[
                "the", "a", "an", "its", "their", "his", "her", "our", "these", "those",
            ],
        )
    }) {
        return None;
    }
    // "did not say whether ...", "didn't say", "never said", "declined to say": a saying
    // denied is no statement.
    if negated(text, sent.start, c.start) {
        return None;
    }
    let aux = progressive_aux(text, sent.start, c);
    let se = subject_end(
        text,
        sent.start,
        aux.or_else(|| went_on_to(text, sent.start, c.start))
            .unwrap_or(c.start),
    );
    let be = |end: usize| last_word(text, sent.start, end).is_some_and(|(_, w)| BE_SET.contains(w));
    if (be(c.start) || be(se.max(sent.start))) && aux.is_none() {
        return None;
    }
    if text
        .get(c.end..sent.end)
        .unwrap_or("")
        .split_whitespace()
        .take(3)
        .any(|w| lower_eq(w, "by"))
    {
        return None;
    }
    let mut np = subject_np_from(doc, sent.start, se, false)
        .map(|n| named_before(doc, sent.start, n))
        .or_else(|| appositive_subject(doc, sent.start, se))
        .or_else(|| relative_subject(doc, sent.start, se));
    if let Some(n) = &np {
        if n.r == Ref::Relative {
            return None;
        }
        // (Not "when": "in March, when Moscow demanded that ..." reports a demand.)
        if last_word(text, sent.start, n.span.start)
            .is_some_and(|(_, w)| WH_SET.contains(w) && !lower_eq(w, "when"))
        {
            return None;
        }
        // "talks between Moscow and Washington stressed": a list of names after a preposition
        // is its object, not the subject of the verb (a single name after a preposition is
        // left to the speakers module, which knows the authors of texts).
        // "Maria Zakharova, the spokeswoman of the ministry said": the person named before
        // the apposition that holds such an object speaks.
        let ls = list_start(doc, sent.start, n.span);
        let object = ls != n.span.start && after_preposition(text, sent.start, ls)
            || after_preposition(text, sent.start, n.span.start)
                && apposed_name(doc, sent.start, n.span.start).is_some();
        if object {
            np = Some(apposed_name(doc, sent.start, n.span.start)?);
        }
    }
    let mut inverted = false;
    if np.is_none() {
        let conj = last_word(text, sent.start, se).is_some_and(|(_, w)| CONJ_SET.contains(w));
        if conj {
            // A verb conjoined to an earlier one shares its subject; when the earlier one
            // already reports the rest of the sentence, this verb is part of it.
            if earlier.iter().any(|d| {
                d.sentence == sent && d.content.start <= c.start && c.start < d.content.end
            }) {
                return None;
            }
            np = first_np(doc, sent);
        } else if trailing
            && text
                .get(sent.start..c.start)
                .is_some_and(|h| h.trim_end().ends_with(','))
        {
            // "..., said the spokesman."
            np = np_starting_at(doc, c.end, sent.end, false);
            inverted = np.is_some();
        }
    }
    // "Blinken and European allies insisted": the members that can be resolved speak.
    let (np, a) = match np {
        Some(np) => match resolve(doc, &np, hist) {
            Some(a) => (np, a),
            None => resolved_member(doc, sent.start, np.span.start, hist)?,
        },
        None if !inverted => resolved_member(doc, sent.start, se, hist)?,
        None => return None,
    };
    // The same speaker again ("..., but he added that ..."): a statement of its own; the
    // earlier one's words are cut before it in `reported`.
    let same_again = earlier.iter().any(|d| {
        d.speaker.entity == a.entity && d.content.start <= c.start && c.start < d.content.end
    });
    if same_again
        && (np.span.end > c.start || content_at() == c.end && !matches!(np.r, Ref::Pronoun { .. }))
    {
        return None;
    }
    // A verb inside another speaker's reported words is nested speech only with an explicit
    // complement ("said that B made clear that ..."), not "... the US agreed to convey".
    let nested = earlier
        .iter()
        .any(|d| d.content.start <= c.start && c.start < d.content.end);
    // "..., but Washington said ...": a clause of its own, not a report inside a report.
    let coordinated = text
        .get(sent.start..np.span.start)
        .map(str::trim_end)
        .is_some_and(|h| h.ends_with(", but") || h.ends_with(", and") || h.ends_with(" but"));
    // (An addressee alone does not open one: "A said B had told him it would ...".)
    // "A said B had told him it would ...": "told" with its addressee opens a clause of its
    // own.
    let told = || {
        lower_in(&cue_text(doc, c), &["told", "tells", "tell"])
            && addressee_end(doc, c.end, sent.end).is_some()
    };
    if nested
        && !trailing
        && !coordinated
        && content_start(text, c.end, sent.end) == c.end
        && !told()
    {
        return None;
    }
    let before_start = if inverted { c.start } else { np.span.start };
    // "The US side, she said, was open to ...": the attribution stands inside the words.
    let after_cue = text.get(c.end..sent.end).unwrap_or("").trim_start();
    // Not when a reporting participle follows (", Kuleba said, stressing that ...").
    let participle_next = attribution_end(doc, c.end, sent.end) <= c.end + 1
        || lower_starts_with(after_cue.trim_start_matches([',', ' ']), "citing ");
    if !inverted
        && !participle_next
        && after_cue.starts_with(',')
        && at_least(text, Span::new(c.end, sent.end), 2)
    {
        if let Some(head) = content_before(text, sent, before_start) {
            let tail = trim_span(text, Span::new(c.end, sent.end));
            let content = trim_span(text, sent);
            let mut d = make(
                doc,
                a,
                Some(&np),
                StatementKind::Indirect,
                c,
                content,
                vec![head, tail],
                sent,
                false,
            );
            d.speaker_span = Some(np.span);
            return Some(d);
        }
    }
    let before = if trailing {
        content_before(text, sent, before_start)
    } else {
        None
    };
    let mut d = if let Some(content) = before {
        let content = orphan_quote_start(doc, sent, content, before_start);
        let mut d = make(
            doc,
            a,
            Some(&np),
            StatementKind::Indirect,
            c,
            content,
            vec![content],
            sent,
            false,
        );
        d.trailing = true;
        d
    } else {
        let cs = content_at();
        let content = trim_span(text, Span::new(cs, clause_end(text, cs, sent.end)));
        let starts_ok =
            content.slice(text).chars().next().is_some_and(|ch| {
                ch.is_alphanumeric() || "\"\u{201c}\u{2018}\u{00ab}".contains(ch)
            });
        // "members include Nato states and Russia": words that open with "and" continue a
        // noun phrase; the cue was a noun.
        let conj_first = content
            .slice(text)
            .split_whitespace()
            .next()
            .is_some_and(|w| CONJ_SET.contains(w));
        // "answered questions from reporters", "answered media questions": questions taken,
        // not words said.
        let questions = cs == c.end && questions_taken(text, content);
        if !at_least(text, content, 2) || !starts_ok || conj_first || questions {
            return None;
        }
        // A bare object ("Russia denies such intentions.") says little without its verb:
        // the statement's words then include the verb.
        let content = if !at_least(text, content, 3) && cs == c.end && !inverted {
            trim_span(text, Span::new(c.start, content.end))
        } else {
            content
        };
        make(
            doc,
            a,
            Some(&np),
            StatementKind::Indirect,
            c,
            content,
            if cs == c.end {
                vec![Span::new(c.end, content.end)]
            } else {
                vec![content]
            },
            sent,
            false,
        )
    };
    d.speaker_span = Some(np.span);
    d.nested = nested && !trailing && !coordinated;
    // "..., the agency reported, citing Peskov": the one cited speaks, the reporter relays.
    let rest = text.get(c.end..sent.end).unwrap_or("");
    let rest_t = rest.trim_start_matches([' ', ',']);
    if lower_starts_with(rest_t, "citing ") {
        let at = sent.end - rest_t.len() + "citing ".len();
        if let Some(cited) = np_starting_at(doc, at, sent.end, false) {
            if let Some(b) = resolve(doc, &cited, hist).filter(|b| b.entity != d.speaker.entity) {
                d.relay = Some(d.speaker.entity.clone());
                d.speaker = b;
                d.speaker_span = Some(cited.span);
            }
        }
    }
    Some(d)
}

/// The last member of a list of names or bodies that starts with `np` ("Britain, France and
/// Germany"), or `np` when no list ending with "and" starts there.
fn last_of_list(doc: &Doc, np: Np, limit: usize, headline: bool) -> Np {
    let text = doc.text;
    let named = |n: &Np| matches!(n.r, Ref::Named { .. } | Ref::Collective(_));
    if !named(&np) {
        return np;
    }
    let mut cur = np.clone();
    for _ in 0..5 {
        let rest = text.get(cur.span.end..limit).unwrap_or("");
        let (sep, and) = if lower_starts_with(rest, ", and ") {
            (6, true)
        } else if lower_starts_with(rest, " and ") {
            (5, true)
        } else if rest.starts_with(", ") {
            (2, false)
        } else {
            break;
        };
        let at = cur.span.end + sep;
        let Some(next) = np_starting_at(doc, at, limit, headline).filter(|n| n.span.start == at)
        else {
            break;
        };
        if !named(&next) {
            break;
        }
        cur = next;
        if and {
            return cur;
        }
    }
    np
}

/// The copies of `d` for the other members of its joint subject ([`joint_copies`]), which
/// then become the `group`; or, when "they" says `d` and its speaker is one of the `group`,
/// copies for the others of the group ("“...,” they added").
fn joint_or_group(
    doc: &Doc,
    sent: Span,
    d: &Draft,
    hist: &History,
    group: &mut Vec<Actor>,
) -> Vec<Draft> {
    let partners = joint_copies(doc, sent, d, hist);
    if !partners.is_empty() {
        *group = partners.iter().map(|p| p.speaker.clone()).collect();
        group.push(d.speaker.clone());
        return partners;
    }
    let they = d
        .speaker_span
        .is_some_and(|sp| lower_eq(sp.slice(doc.text).trim(), "they"));
    if they && group.iter().any(|a| a.entity == d.speaker.entity) {
        return group
            .iter()
            .filter(|a| a.entity != d.speaker.entity)
            .map(|a| {
                let mut e = d.clone();
                e.speaker = a.clone();
                e
            })
            .collect();
    }
    // Another speaker named: the group is no longer what "they" refers to.
    if !they && group.iter().all(|a| a.entity != d.speaker.entity) {
        group.clear();
    }
    Vec::new()
}

/// Statements of the other members of a joint subject, each a copy of `d` (see
/// [`joint_speakers`]).
fn joint_copies(doc: &Doc, sent: Span, d: &Draft, hist: &History) -> Vec<Draft> {
    let Some(sp) = d.speaker_span else {
        return Vec::new();
    };
    joint_speakers(doc, sent, sp, &d.speaker.entity, hist)
        .into_iter()
        .map(|(a, np)| {
            let mut e = d.clone();
            e.speaker = a;
            e.speaker_span = Some(np.span);
            e
        })
        .collect()
}

/// Where a list of names or bodies ending with the phrase at `last` starts ("Moscow and
/// Washington", "Britain, France and Germany"); `last.start` when no such list ends there.
fn list_start(doc: &Doc, floor: usize, last: Span) -> usize {
    let text = doc.text;
    let mut start = last.start;
    for i in 0..5 {
        let head = text.get(floor..start).unwrap_or("").trim_end();
        // The last member follows "and"; the others a comma.
        let end = if let Some(h) = head.strip_suffix(',').filter(|_| i > 0) {
            floor + h.len()
        } else if lower_ends_with(head, " and") && i == 0 {
            let h = head.get(..head.len() - 3).unwrap_or("").trim_end();
            floor + h.trim_end_matches(',').len()
        } else {
            break;
        };
        match np_ending_at(doc, floor, end, false) {
            Some(np) if matches!(np.r, Ref::Named { .. } | Ref::Collective(_)) => {
                start = np.span.start;
            }
            // A name that is no speaker phrase there ("between Moscow and ...") is still a
            // member of the list.
            _ => match doc
                .mentions_in(end.saturating_sub(NAME_REACH).max(floor), end)
                .iter()
                .rev()
                .find(|m| !m.nested && m.span.end == end)
            {
                Some(m) => start = m.span.start,
                None => break,
            },
        }
    }
    start
}

/// The member before "and" of a joint subject ending at `end` whose last member cannot be
/// resolved, with its speaker.
fn resolved_member(doc: &Doc, floor: usize, end: usize, hist: &History) -> Option<(Np, Actor)> {
    let text = doc.text;
    let head = text.get(floor..end)?.trim_end();
    // The last member: up to three words after "and" ("and European allies").
    let and = head.rfind(" and ")?;
    let tail = head.get(and + 5..)?;
    if at_least(text, Span::new(floor + and + 5, floor + head.len()), 4)
        || tail.contains([',', ';', ':', '"', '\u{201c}', '\u{201d}'])
    {
        return None;
    }
    let h = head.get(..and)?.trim_end().trim_end_matches(',');
    let np = np_ending_at(doc, floor, floor + h.len(), false)?;
    if !matches!(np.r, Ref::Named { .. } | Ref::Collective(_))
        || after_preposition(text, floor, list_start(doc, floor, np.span))
    {
        return None;
    }
    let a = resolve(doc, &np, hist)?;
    Some((np, a))
}

/// The other speakers of a joint subject whose last member is the phrase at `last` ("Kyiv
/// and Washington", "Britain, France and Germany"), from right to left, each resolved and
/// other than `entity`. None when the subject is the object of a preposition ("talks
/// between Russia and the US").
fn joint_speakers(
    doc: &Doc,
    sent: Span,
    last: Span,
    entity: &EntityId,
    hist: &History,
) -> Vec<(Actor, Np)> {
    let text = doc.text;
    let mut found: Vec<(Actor, Np)> = Vec::new();
    let mut start = last.start;
    // Up to five members; the word before each is "and" (the last one) or a comma.
    for _ in 0..5 {
        let head = text.get(sent.start..start).unwrap_or("").trim_end();
        let end = if let Some(h) = head.strip_suffix(',') {
            sent.start + h.len()
        } else if lower_ends_with(head, " and") || lower_ends_with(head, ", and") {
            let h = head.get(..head.len() - 3).unwrap_or("").trim_end();
            sent.start + h.trim_end_matches(',').len()
        } else {
            break;
        };
        let Some(np) = np_ending_at(doc, sent.start, end, false) else {
            break;
        };
        // Only names and bodies: "his counterpart and Lavrov" is no list of speakers.
        if !matches!(np.r, Ref::Named { .. } | Ref::Collective(_)) {
            break;
        }
        let Some(a) = resolve(doc, &np, hist) else {
            break;
        };
        start = np.span.start;
        if a.entity != *entity && found.iter().all(|(f, _)| f.entity != a.entity) {
            found.push((a, np));
        }
    }
    // A list ends at "and": "Britain, France" alone is an apposition or a list of places.
    let joined = found.first().is_some_and(|(_, np)| {
        text.get(np.span.end..last.start)
            .is_some_and(|g| lower_ends_with(g.trim_end(), "and"))
    });
    if !joined || after_preposition(text, sent.start, start) {
        return Vec::new();
    }
    found
}

/// True when a speech cue ends right before `pos` (spaces or "that" between): a phrase at
/// `pos` opens the clause the cue reports.
fn after_cue(doc: &Doc, floor: usize, pos: usize) -> bool {
    let text = doc.text;
    let Some((ws, w)) = last_word(text, floor, pos) else {
        return false;
    };
    let end = if lower_eq(w, "that") { ws } else { pos };
    let end = floor + text.get(floor..end).unwrap_or("").trim_end().len();
    doc.cues_in(end.saturating_sub(40).max(floor), end)
        .last()
        .is_some_and(|c| c.end == end)
}

/// "X responded by saying “...”": for a participle cue after "by", the start of the verb
/// before "by", whose subject speaks.
fn by_participle(text: &str, floor: usize, c: &Hit) -> Option<usize> {
    let first = text.get(c.start..c.end)?.split(' ').next()?;
    if !(first.len() > 4 && lower_ends_with(first, "ing")) {
        return None;
    }
    let (by, w) = last_word(text, floor, c.start)?;
    if !lower_eq(w, "by") {
        return None;
    }
    last_word(text, floor, by).map(|(v, _)| v)
}

/// "Ned Price, spokesperson of the State Department, said": a person named before an
/// apposition that opens with a title, the apposition ending (with its comma) at `end`.
fn appositive_subject(doc: &Doc, floor: usize, end: usize) -> Option<Np> {
    let text = doc.text;
    let head = text.get(floor..end)?.trim_end();
    let inner = head.strip_suffix(',')?;
    let open = inner.rfind(',')?;
    let app = inner.get(open + 1..)?;
    let app_start = floor + open + 1 + (app.len() - app.trim_start().len());
    if doc.titles_in(app_start, app_start + 1).is_empty()
        || at_least(text, Span::new(app_start, floor + inner.len()), 13)
    {
        return None;
    }
    np_ending_at(doc, floor, floor + open, false).filter(|np| matches!(np.r, Ref::Named { .. }))
}

/// "told him it would ...": the end of an object pronoun right after a verb at `from` when
/// a clause follows it (not "urged them to ...").
fn addressee_end(doc: &Doc, from: usize, limit: usize) -> Option<usize> {
    let text = doc.text;
    let rest = text.get(from..limit)?;
    let lead = rest.len() - rest.trim_start().len();
    let at = from + lead;
    // A pronoun, or a person named ("told Putin the US would ...").
    let w = rest.split_whitespace().next()?;
    let end = if OBJECT_PRONOUN_SET.contains(w) {
        at + w.len()
    } else {
        doc.mentions_in(at, at + 1)
            .iter()
            .find(|m| !m.nested && doc.entity(&m.entity).is_some_and(|e| e.kind == "person"))
            .map(|m| m.span.end)?
    };
    let after = text.get(end..limit)?;
    if !after.starts_with(' ') {
        return None;
    }
    // The clause after the addressee opens with its subject: a pronoun, a determiner or a
    // name ("told Putin the US would", not "said Putin would").
    let next = after.split_whitespace().next()?;
    let clause = next.chars().next().is_some_and(char::is_uppercase)
        || CLAUSE_SUBJECT_SET.contains(next.trim_end_matches([',', '\'', '\u{2019}']));
    clause.then_some(end)
}

/// "This was stated by X, ...": the words are the sentence before, in the same or the
/// previous paragraph, and the agent after "by" speaks.
fn stated_by(doc: &Doc, si: usize, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let (be_start, be) = last_word(text, sent.start, c.start)?;
    let (_, this) = last_word(text, sent.start, be_start)?;
    if !(BE_SET.contains(be) && lower_in(this, &["this", "that", "it"])) {
        return None;
    }
    let lead = Span::new(sent.start, be_start);
    if at_least(text, lead, 2) {
        return None;
    }
    let rest = text.get(c.end..sent.end)?;
    let by = rest.len() - rest.trim_start().len();
    if !lower_starts_with(rest.trim_start(), "by ") {
        return None;
    }
    let np = np_starting_at(doc, c.end + by + 3, sent.end, false)?;
    if at_least(text, Span::new(c.end + by + 3, np.span.start), 4) {
        return None;
    }
    let &(prev, ppi) = doc.sentences.get(si.checked_sub(1)?)?;
    let pi = doc.sentences.get(si)?.1;
    if pi > ppi + 1 || doc.paras.get(ppi).is_some_and(|p| p.headline) {
        return None;
    }
    let content = trim_span(text, prev);
    if !at_least(text, content, 3) {
        return None;
    }
    let a = resolve(doc, &np, hist)?;
    Some(make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        false,
    ))
}

/// Adverbs that may stand between an auxiliary and its verb ("is still demanding").
const MID_ADVERBS: &[&str] = &[
    "also",
    "still",
    "now",
    "again",
    "repeatedly",
    "not",
    "already",
];
static MID_ADVERB_SET: LowerSet = LowerSet::new(MID_ADVERBS);

/// True when the cue `c` is an "-ing" form after a form of "be" ("Russia is demanding",
/// "has been saying"): a finite verb whose subject stands before it.
fn progressive(text: &str, floor: usize, c: &Hit) -> bool {
    progressive_aux(text, floor, c).is_some()
}

/// The start of the form of "be" of a [`progressive`] cue.
fn progressive_aux(text: &str, floor: usize, c: &Hit) -> Option<usize> {
    let ing = text
        .get(c.start..c.end)
        .and_then(|t| t.split(' ').next())
        .is_some_and(|w| w.len() > 4 && lower_ends_with(w, "ing"));
    if !ing {
        return None;
    }
    let mut end = c.start;
    for _ in 0..2 {
        match last_word(text, floor, end) {
            Some((ws, w)) if lower_in(w, &["is", "are", "was", "were", "been", "am"]) => {
                return Some(ws)
            }
            Some((ws, w)) if MID_ADVERB_SET.contains(w) => end = ws,
            _ => return None,
        }
    }
    None
}

/// "Baerbock, who is due to see X and, in Moscow, Y, told ...": the phrase that opens the
/// sentence before a relative clause (however many commas it holds) that runs up to the verb
/// at `end`.
fn relative_subject(doc: &Doc, floor: usize, end: usize) -> Option<Np> {
    let text = doc.text;
    let head = text.get(floor..end)?.trim_end();
    if !head.ends_with(',') {
        return None;
    }
    let rel = [", who ", ", which "]
        .iter()
        .filter_map(|r| head.find(r))
        .min()?;
    let np = np_ending_at(doc, floor, floor + rel, false)?;
    if matches!(np.r, Ref::Relative | Ref::Pronoun { .. })
        || at_least(text, Span::new(floor, np.span.start), 3)
        || after_preposition(text, floor, np.span.start)
    {
        return None;
    }
    Some(np)
}

/// Nouns of pictures, which show rather than say ("according to a photo released by ...").
const VISUALS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "picture",
    "pictures",
    "image",
    "images",
    "video",
    "videos",
    "footage",
    "map",
    "maps",
    "chart",
    "graphic",
    "satellite",
];
static VISUAL_SET: LowerSet = LowerSet::new(VISUALS);

/// "X went on to say ...": the start of the verb before "on to", whose subject speaks.
fn went_on_to(text: &str, floor: usize, cue_start: usize) -> Option<usize> {
    let (to, w) = last_word(text, floor, cue_start)?;
    let (on, w2) = last_word(text, floor, to)?;
    if !(lower_eq(w, "to") && lower_eq(w2, "on")) {
        return None;
    }
    last_word(text, floor, on).map(|(v, _)| v)
}

/// "Jean-Yves Le Drian, her French counterpart, ...": a description in apposition to a person
/// named right before it stands for that person.
fn named_before(doc: &Doc, floor: usize, np: Np) -> Np {
    if !matches!(np.r, Ref::Description(_)) {
        return np;
    }
    let text = doc.text;
    let head = text.get(floor..np.span.start).unwrap_or("").trim_end();
    let Some(h) = head.strip_suffix(',') else {
        return np;
    };
    match np_ending_at(doc, floor, floor + h.len(), false) {
        Some(named) if matches!(named.r, Ref::Named { .. }) => named,
        _ => np,
    }
}

/// "..., and both stated that ...", "at which both leaders said ...", "the two said ...":
/// each of the last two persons named (in this sentence or the one before) says it.
/// Persons named only as the source of words before them ("..., according to X") are left
/// out: they report, the others act.
fn both_speakers(
    doc: &Doc,
    si: usize,
    sent: Span,
    c: &Hit,
    out: &[Draft],
    hist: &History,
) -> Vec<Draft> {
    both_inner(doc, si, sent, c, out, hist).unwrap_or_default()
}

/// [`both_speakers`], `None` when the construction is not there.
fn both_inner(
    doc: &Doc,
    si: usize,
    sent: Span,
    c: &Hit,
    out: &[Draft],
    hist: &History,
) -> Option<Vec<Draft>> {
    let text = doc.text;
    let se = subject_end(text, sent.start, c.start);
    let (ws, w) = last_word(text, sent.start, se)?;
    let is_both = |w: &str| lower_eq(w, "both");
    let is_two = |at: usize, w: &str| {
        lower_eq(w, "two")
            && last_word(text, sent.start, at).is_some_and(|(_, t)| lower_eq(t, "the"))
    };
    let opener = if is_both(w) {
        ws
    } else if is_two(ws, w) {
        last_word(text, sent.start, ws)?.0
    } else {
        // "both leaders", "the two ministers".
        let (ws2, w2) = last_word(text, sent.start, ws)?;
        if is_both(w2) {
            ws2
        } else if is_two(ws2, w2) {
            last_word(text, sent.start, ws2)?.0
        } else {
            return None;
        }
    };
    // The phrase is a subject: it opens the sentence or a clause.
    let head = text.get(sent.start..opener)?.trim_end();
    let opens = head.is_empty()
        || head.ends_with(',')
        || last_word(text, sent.start, sent.start + head.len())
            .is_some_and(|(_, w)| lower_in(w, &["and", "but", "which", "where", "when", "while"]));
    if !opens {
        return None;
    }
    let lo = si
        .checked_sub(1)
        .and_then(|i| doc.sentences.get(i))
        .map_or(sent.start, |(s, _)| s.start);
    let mut persons: Vec<(&EntityId, Span)> = Vec::new();
    for m in doc.mentions_in(lo, opener).iter().rev() {
        let person = doc.entity(&m.entity).is_some_and(|e| e.kind == "person");
        let source = out.iter().rev().take(8).any(|d| {
            d.speaker_span
                .is_some_and(|sp| sp.contains(m.span) && d.content.end <= sp.start)
        });
        if !m.nested && person && !source && persons.iter().all(|(p, _)| *p != &m.entity) {
            persons.push((&m.entity, m.span));
            if persons.len() == 2 {
                break;
            }
        }
    }
    if persons.len() < 2 {
        return None;
    }
    let cs = content_start(text, c.end, sent.end);
    let content = trim_span(text, Span::new(cs, clause_end(text, cs, sent.end)));
    if cs == c.end || !at_least(text, content, 3) {
        return None;
    }
    Some(
        persons
            .into_iter()
            .rev()
            .filter_map(|(id, span)| {
                let np = Np {
                    span,
                    r: Ref::Named {
                        entity: id.clone(),
                        group: None,
                        gender: doc.entity(id).and_then(|e| e.gender),
                    },
                };
                let a = resolve(doc, &np, hist)?;
                Some(make(
                    doc,
                    a,
                    None,
                    StatementKind::Indirect,
                    c,
                    content,
                    vec![content],
                    sent,
                    false,
                ))
            })
            .collect(),
    )
}

/// The person named before an apposition (", the spokeswoman of ...") that holds `pos`.
fn apposed_name(doc: &Doc, floor: usize, pos: usize) -> Option<Np> {
    let text = doc.text;
    let head = text.get(floor..pos)?;
    let comma = head.rfind(',')?;
    let app = head.get(comma + 1..)?.trim_start();
    let app_start = pos - app.len();
    let opens = app
        .split_whitespace()
        .next()
        .is_some_and(|w| GAP_DETERMINER_SET.contains(w))
        || !doc.titles_in(app_start, app_start + 1).is_empty();
    if !opens || at_least(text, Span::new(app_start, pos), 10) {
        return None;
    }
    np_ending_at(doc, floor, floor + comma, false).filter(|np| matches!(np.r, Ref::Named { .. }))
}

/// Prepositions whose object a name right after them is ("handed to NATO", "with Moscow").
const OBJECT_PREPOSITIONS: &[&str] = &[
    "to", "with", "from", "of", "for", "by", "against", "into", "towards", "toward", "about",
    "than", "between", "among", "at", "upon", "onto", "via", "without",
];
static OBJECT_PREPOSITION_SET: LowerSet = LowerSet::new(OBJECT_PREPOSITIONS);

/// True when the word right before `np_start` (no punctuation between) is a preposition:
/// the phrase there is the object of that preposition.
fn after_preposition(text: &str, floor: usize, np_start: usize) -> bool {
    last_word(text, floor, np_start).is_some_and(|(_, w)| OBJECT_PREPOSITION_SET.contains(w))
}

/// "“... Biden made clear to Putin that ...”": a reporting verb inside a quote, whose subject
/// is a person or body named near the start of the quoted sentence, with its clause opened
/// explicitly ("that", a colon).
fn quoted_report(doc: &Doc, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let q = doc
        .quotes_in(c.start.saturating_sub(QUOTE_REACH), c.start + 1)
        .1
        .iter()
        .rev()
        .find(|q| q.inner.start <= c.start && c.end <= q.inner.end)?;
    let (_, form) = cue_info(doc, c)?;
    if form != CueForm::Verb {
        return None;
    }
    let floor = q.inner.start.max(sent.start);
    let limit = q.inner.end.min(sent.end);
    let np = subject_np(doc, floor, c.start, false)?;
    if !matches!(np.r, Ref::Named { .. } | Ref::Collective(_)) {
        return None;
    }
    // The subject opens the quoted sentence, after at most a short opener ("Second, ").
    let lead = Span::new(floor, np.span.start);
    if !lead.slice(text).trim().is_empty()
        && (at_least(text, lead, 4) || !lead.slice(text).trim_end().ends_with(','))
    {
        return None;
    }
    let cs = content_start(text, c.end, limit);
    if cs == c.end {
        return None;
    }
    let content = trim_span(text, Span::new(cs, clause_end(text, cs, limit)));
    if !at_least(text, content, 3) {
        return None;
    }
    let a = resolve(doc, &np, hist)?;
    Some(make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        false,
    ))
}

/// Marks that open a clause of its own within a sentence, after which a new subject may
/// stand.
const CLAUSE_OPENERS: &[&str] = &[
    ", and ",
    ", but ",
    ", while ",
    ", whereas ",
    "; ",
    " while ",
];

/// ", saying ...", " by urging ...": a reporting participle with no statement before it in
/// the sentence speaks for the subject of the clause it hangs on ("The spokesman referred to
/// the talks, saying ...", "..., and the Kremlin has issued an ultimatum, demanding that
/// ...", "He ended by urging ...").
fn participle_clause(doc: &Doc, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let head = text.get(sent.start..c.start)?.trim_end();
    let by = last_word(text, sent.start, sent.start + head.len())
        .is_some_and(|(_, w)| lower_eq(w, "by"));
    if !(head.ends_with(',') || by) {
        return None;
    }
    // The clause: from the last opener of a clause before the participle.
    let cut = sent.start + head.len();
    let body = text.get(sent.start..cut)?;
    let clause_start = CLAUSE_OPENERS
        .iter()
        .filter_map(|o| body.rfind(o).map(|i| sent.start + i + o.len()))
        .max()
        .unwrap_or(sent.start);
    let np = first_np(doc, Span::new(clause_start, cut))?;
    if np.r == Ref::Relative || after_preposition(text, sent.start, np.span.start) {
        return None;
    }
    // The subject is followed by its own verb, not by the participle.
    if np.span.end >= c.start || !at_least(text, Span::new(np.span.end, c.start), 1) {
        return None;
    }
    let a = resolve(doc, &np, hist)?;
    let cs = content_start(text, c.end, sent.end);
    let content = trim_span(text, Span::new(cs, clause_end(text, cs, sent.end)));
    let starts_ok = content
        .slice(text)
        .chars()
        .next()
        .is_some_and(|ch| ch.is_alphanumeric() || "\"\u{201c}\u{2018}".contains(ch));
    // A reported clause: after "that" or a colon, a quote, or words opening with a subject
    // ("saying it offered ..."), not a bare object ("adding nothing else").
    let first = content.slice(text).split_whitespace().next().unwrap_or("");
    let clause = cs != c.end
        || first.starts_with(['"', '\u{201c}', '\u{2018}', '\u{00ab}'])
        || (CLAUSE_SUBJECT_SET.contains(first)
            || first.chars().next().is_some_and(char::is_uppercase))
            && at_least(text, content, 3);
    if !at_least(text, content, 2) || !starts_ok || !clause {
        return None;
    }
    Some(make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        false,
    ))
}

/// The subject at the head of a sentence ("However, Peskov did not ... and warned").
fn first_np(doc: &Doc, sent: Span) -> Option<Np> {
    let text = doc.text;
    let seg = sent.slice(text);
    // Skip an opening adverb followed by a comma ("However,").
    let start = match seg.find(',') {
        Some(i)
            if seg
                .get(..i)
                .is_some_and(|h| h.split_whitespace().count() <= 2) =>
        {
            sent.start + i + 1
        }
        _ => sent.start,
    };
    // And an opening phrase of time ("Last Friday Russia ...").
    let start = match crate::extract::dates::first(text, Span::new(start, sent.end)) {
        // At most one word before the date itself ("on", "last").
        Some(e) if !at_least(text, Span::new(start, e.span.start), 2) => {
            let after = text.get(e.span.end..sent.end).unwrap_or("");
            e.span.end + (after.len() - after.trim_start_matches([',', ' ']).len())
        }
        _ => start,
    };
    let np = np_starting_at(doc, start, sent.end, false)
        .filter(|np| !at_least(text, Span::new(start, np.span.start), 2));
    if np.is_some() {
        return np;
    }
    // "When he spoke to Putin last week, Biden voiced ... and warned": the subject of the main
    // clause, after an opening clause or phrase that reports nothing.
    let i = seg.find(',')?;
    let open = Span::new(sent.start, sent.start + i);
    if at_least(text, open, 13) || !doc.cues_in(open.start, open.end).is_empty() {
        return None;
    }
    let after = sent.start + i + 1;
    let np = np_starting_at(doc, after, sent.end, false)?;
    (!at_least(text, Span::new(after, np.span.start), 2)).then_some(np)
}

/// "according to X, ..." and "..., according to X".
fn according_to(doc: &Doc, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let lead = Span::new(sent.start, c.start);
    let leading = !at_least(text, lead, 3);
    let (seg, content) = if leading {
        let rest = text.get(c.end..sent.end)?;
        let comma = rest.find(',')? + c.end;
        (
            Span::new(c.end, comma),
            trim_span(text, Span::new(comma + 1, sent.end)),
        )
    } else {
        (Span::new(c.end, sent.end), trim_span(text, lead))
    };
    // "according to a photo released by X": a picture says nothing.
    let source = seg
        .slice(text)
        .split_whitespace()
        .take(2)
        .collect::<Vec<_>>();
    if source.iter().any(|w| VISUAL_SET.contains(w)) {
        return None;
    }
    let person = doc.mentions_in(seg.start, seg.end).iter().rev().find(|m| {
        !m.nested
            && seg.contains(m.span)
            && doc.entity(&m.entity).is_some_and(|e| e.kind == "person")
    });
    let np = match person {
        Some(m) => np_ending_at(doc, seg.start, m.span.end, false),
        None => {
            let end = seg.start
                + seg
                    .slice(text)
                    .trim_end_matches(|c: char| {
                        c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?')
                    })
                    .len();
            np_ending_at(doc, seg.start, end, false)
                .or_else(|| np_starting_at(doc, seg.start, seg.end, false))
        }
    }?;
    let a = resolve(doc, &np, hist)?;
    if !at_least(text, content, 2) {
        return None;
    }
    let mut d = make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        false,
    );
    // "..., according to X": the attribution follows the words.
    d.trailing = !leading;
    Some(d)
}

/// "X was quoted as saying (by Y) ...": Y relays, X speaks.
fn passive(doc: &Doc, sent: Span, c: &Hit, hist: &History, trailing: bool) -> Option<Draft> {
    let text = doc.text;
    let np = subject_np(doc, sent.start, c.start, false)?;
    let a = resolve(doc, &np, hist)?;
    let rest = text.get(c.end..sent.end)?;
    let relay = if lower_starts_with(rest.trim_start(), "by ") {
        doc.mentions_in(c.end, c.end + 40.min(rest.len()))
            .iter()
            .find(|m| {
                !m.nested && m.span.start >= c.end && m.span.start < c.end + 40.min(rest.len())
            })
            .map(|m| m.entity.clone())
    } else {
        None
    };
    let content = if trailing {
        content_before(text, sent, np.span.start)?
    } else {
        let cs = content_start(text, c.end, sent.end);
        trim_span(text, Span::new(cs, sent.end))
    };
    if !at_least(text, content, 2) {
        return None;
    }
    let mut d = make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        false,
    );
    d.relay = relay;
    d.cue = "quoted as saying".into();
    Some(d)
}

/// "Y quoted X as saying that ...": X speaks, Y relays.
fn quoted_as(doc: &Doc, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let (as_start, _) = last_word(text, sent.start, c.start)?;
    let np = np_ending_at(doc, sent.start, as_start, false)?;
    let a = resolve(doc, &np, hist)?;
    let (q_start, qw) = last_word(text, sent.start, np.span.start)?;
    if !(lower_starts_with(qw, "quot") || lower_starts_with(qw, "cit")) {
        return None;
    }
    let relay_np = np_ending_at(
        doc,
        sent.start,
        subject_end(text, sent.start, q_start),
        false,
    );
    // A relay is recorded only when named: a pronoun here too often stands for an outlet
    // the schema cannot gender ("She also quoted ..." for an agency).
    let relay = relay_np
        .filter(|n| !matches!(n.r, Ref::Pronoun { .. }))
        .and_then(|n| resolve(doc, &n, hist))
        .map(|r| r.entity);
    let cs = content_start(text, c.end, sent.end);
    let content = trim_span(text, Span::new(cs, sent.end));
    if !at_least(text, content, 2) {
        return None;
    }
    let mut d = make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        sent,
        false,
    );
    d.relay = relay.filter(|r| *r != d.speaker.entity);
    d.cue = "quoted as saying".into();
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The gazetteer of the repository's schemas, built once.
    fn gaz() -> &'static crate::extract::Gazetteer {
        crate::extract::repo_gazetteer()
    }

    /// Statements of `body` (after a title line, dated 2022-01-20) as `speaker | text`.
    fn said(body: &str) -> Vec<String> {
        let text = format!(" date 2022-01-20\nTest article\n\n{body}\n");
        let doc = crate::corpus::Document::from_text("t", text);
        crate::extract::extract(gaz(), &doc)
            .statements
            .iter()
            .map(|s| format!("{} | {}", s.speaker, s.text))
            .collect()
    }

    /// One row per construction of reported speech: an invented sentence and the statements
    /// it gives.
    #[test]
    fn constructions_of_reported_speech() {
        let table: &[(&str, &str, &[&str])] = &[
            (
                "joint subject",
                "Kyiv and Washington accused Moscow of massing troops near the border.",
                &[
                    "ukraine | Moscow of massing troops near the border.",
                    "united_states | Moscow of massing troops near the border.",
                ],
            ),
            (
                "joint subject of three after a quote",
                "\"The window is closing,\" Britain, France and Germany said in a statement.",
                &[
                    "france | The window is closing",
                    "united_kingdom | The window is closing",
                    "germany | The window is closing",
                ],
            ),
            (
                "no joint subject after a preposition",
                "Talks between Moscow and Washington stressed that progress was slow.",
                &[],
            ),
            (
                "appositive name after a title with a preposition",
                "The Russian envoy to NATO, Alexander Grushko, said that the dialogue was over.",
                &["alexander_grushko | the dialogue was over."],
            ),
            (
                "trailing description after a name in a preposition",
                "Nothing about Ukraine would be decided without Ukraine, Jen Psaki said.",
                &["jen_psaki | Nothing about Ukraine would be decided without Ukraine"],
            ),
            (
                "addressee pronoun before that",
                "Lavrov told him that the talks were useless.",
                &["sergei_lavrov | the talks were useless."],
            ),
            (
                "nested report with an addressee pronoun and no that",
                "Macron said the Kremlin had told him it would keep its troops at home.",
                &[
                    "emmanuel_macron | the Kremlin had told him it would keep its troops at home.",
                    "kremlin | it would keep its troops at home.",
                ],
            ),
            (
                "nested report with an addressee pronoun and that",
                "Macron said the Kremlin had told him that it would keep its troops at home.",
                &[
                    "emmanuel_macron | the Kremlin had told him that it would keep its troops at home.",
                    "kremlin | it would keep its troops at home.",
                ],
            ),
            (
                "an addressee pronoun before a clause",
                "The Kremlin told him it would keep its troops at home.",
                &["kremlin | it would keep its troops at home."],
            ),
            (
                "stated by an agent, the words before",
                "There is no common agenda left. This was stated by Alexander Grushko after the meeting.",
                &["alexander_grushko | There is no common agenda left."],
            ),
            (
                "progressive form",
                "Russia is still demanding that the alliance give legal guarantees.",
                &["russia | the alliance give legal guarantees."],
            ),
            (
                "a named addressee before a clause",
                "Biden told Putin the US would answer any attack.",
                &["joe_biden | the US would answer any attack."],
            ),
            (
                "second verb after however",
                "Lavrov said that Moscow was open to talks, however, stressed that time was short.",
                &[
                    "sergei_lavrov | Moscow was open to talks",
                    "sergei_lavrov | time was short.",
                ],
            ),
            (
                "long relative clause before the verb",
                "Lavrov, who is due to meet Blinken in Geneva and, later, the NATO chief, told reporters: \"We expect answers.\"",
                &["sergei_lavrov | We expect answers."],
            ),
            (
                "a picture is no source",
                "Biden spoke from the Situation Room, according to a photo released by the White House.",
                &[],
            ),
            (
                "a cue form used as a noun",
                "The forum's members include NATO states and Russia, along with Ukraine.",
                &[],
            ),
            (
                "content first, titled speaker, gathering addressed, participle",
                "Moscow expects an answer within days, Russian Foreign Minister Sergei Lavrov told a news conference after the talks, adding that the dialogue would go on.",
                &[
                    "sergei_lavrov | Moscow expects an answer within days",
                    "sergei_lavrov | the dialogue would go on.",
                ],
            ),
            (
                "content first, then said and a participle",
                "Giving up the goal is off the table, Kuleba said, stressing that the door stayed open.",
                &[
                    "dmytro_kuleba | Giving up the goal is off the table",
                    "dmytro_kuleba | the door stayed open.",
                ],
            ),
            (
                "an object after the verb is no gathering addressed",
                "Lavrov said Washington answered the proposals in a letter.",
                &["sergei_lavrov | Washington answered the proposals in a letter."],
            ),
            (
                "a reporter citing the speaker",
                "Russia will respond firmly, the AP reported, citing Peskov.",
                &["dmitry_peskov | Russia will respond firmly"],
            ),
            (
                "went on to say",
                "Lavrov went on to say that the alliance was a threat.",
                &["sergei_lavrov | the alliance was a threat."],
            ),
            (
                "conjoined verb after an opening phrase of time",
                "Last Friday Russia published two draft treaties and called for talks to start at once.",
                &["russia | talks to start at once."],
            ),
            (
                "conjoined verb after an opening clause",
                "When he met Putin last week, Biden voiced concern and warned him that sanctions would follow.",
                &["joe_biden | sanctions would follow."],
            ),
            (
                "a name before a description in apposition",
                "Sergei Lavrov, his Russian counterpart, who also spoke in Geneva, warned that time was running out.",
                &["sergei_lavrov | time was running out."],
            ),
            (
                "both, for the last two persons named",
                "Sergei Lavrov met Antony Blinken in Geneva. Afterwards, both stated that the talks had been useful.",
                &[
                    "sergei_lavrov | the talks had been useful.",
                    "antony_blinken | the talks had been useful.",
                ],
            ),
            (
                "both, leaving out the source of the words before",
                "Putin received Scholz in Moscow, according to Dmitry Peskov. At the briefing, both leaders stated that dialogue had to go on.",
                &[
                    "dmitry_peskov | Putin received Scholz in Moscow",
                    "vladimir_putin | dialogue had to go on.",
                    "olaf_scholz | dialogue had to go on.",
                ],
            ),
            (
                "joint subject with a member that cannot be resolved",
                "After the talks, Antony Blinken and European allies insisted that the deal could be saved but said time was short.",
                &[
                    "antony_blinken | the deal could be saved",
                    "antony_blinken | time was short.",
                ],
            ),
            (
                "a report in a when clause",
                "The deal was nearly done in March, when Moscow demanded that its trade be spared.",
                &["russia | its trade be spared."],
            ),
            (
                "an apposition without its closing comma",
                "Moscow is still waiting for an answer, Maria Zakharova, the spokeswoman of the Russian Foreign Ministry said on Thursday.",
                &["maria_zakharova | Moscow is still waiting for an answer"],
            ),
            (
                "a quote whose opening mark was lost",
                "Russia has no say on whether Ukraine joins. This is a line we will not cross,\u{201d} Kuleba told reporters.",
                &["dmytro_kuleba | Russia has no say on whether Ukraine joins. This is a line we will not cross"],
            ),
            (
                "an addressee the schema lacks ends the sentence",
                "Talks will go on next week, Lavrov told Radio Ukraina.",
                &["sergei_lavrov | Talks will go on next week"],
            ),
            (
                "a cue form after a possessive is a noun",
                "Lavrov rejected Washington's claims that Russia was massing troops.",
                &["sergei_lavrov | Washington's claims that Russia was massing troops."],
            ),
            (
                "a described speaker after the verb",
                "Moscow saw no progress, said the Kremlin spokesman.",
                &["dmitry_peskov | Moscow saw no progress"],
            ),
            (
                "a titled name after the verb, then a time phrase",
                "The allies are united, said Secretary of State Antony Blinken on Monday.",
                &["antony_blinken | The allies are united"],
            ),
            (
                "a parenthetical between subject and verb",
                "Lavrov, as usual, said the West was generous with promises.",
                &["sergei_lavrov | the West was generous with promises."],
            ),
            (
                "a saying denied is no statement",
                "Lavrov did not say whether the talks would resume.",
                &[],
            ),
            (
                "a saying declined is no statement",
                "Peskov declined to say when the next round would start.",
                &[],
            ),
            (
                "a contracted negation",
                "Blinken didn't say whether sanctions were ready. He said the door stayed open.",
                &["antony_blinken | the door stayed open."],
            ),
            (
                "an outlet relays a report whose speaker is not resolved",
                "The envoy who leads the talks warned that hard work lay ahead, Reuters reported.",
                &[],
            ),
            (
                "they after a joint subject",
                "\"Progress was slow,\" Britain, France and Germany said. \"Time is short,\" they added.",
                &[
                    "france | Progress was slow",
                    "united_kingdom | Progress was slow",
                    "germany | Progress was slow",
                    "france | Time is short",
                    "united_kingdom | Time is short",
                    "germany | Time is short",
                ],
            ),
            (
                "they after a joint subject, and a participle",
                "\"Progress was slow,\" Britain and France said. \"Time is short,\" they added, calling the delay regrettable.",
                &[
                    "united_kingdom | Progress was slow",
                    "france | Progress was slow",
                    "united_kingdom | Time is short",
                    "france | Time is short",
                    "united_kingdom | the delay regrettable.",
                    "france | the delay regrettable.",
                ],
            ),
            (
                "name after a preposition is no subject",
                "The letter addressed to Washington stated that the alliance must stop growing.",
                &[],
            ),
            (
                "participle with no statement before it",
                "The spokesman Dmitry Peskov pointed to the weekend talks, saying they gave a useful outline.",
                &["dmitry_peskov | they gave a useful outline."],
            ),
            (
                "participle of a later clause",
                "Troops gathered at the border, and the Kremlin sent an ultimatum, demanding that NATO halt its growth.",
                &["kremlin | NATO halt its growth."],
            ),
            (
                "by and a participle",
                "Peskov answered by saying, \"We will wait for the written reply.\"",
                &["dmitry_peskov | We will wait for the written reply."],
            ),
            (
                "participle after a subject of a complement clause",
                "Lavrov left the meeting, saying it \"opened a door for further work.\"",
                &["sergei_lavrov | it \"opened a door for further work.\""],
            ),
            (
                "named report inside a quote",
                "\"Biden made clear to Putin that sanctions would follow any attack.\"",
                &["joe_biden | sanctions would follow any attack."],
            ),
            (
                "pronoun report inside a quote is not read",
                "\"He made clear that sanctions would follow any attack.\"",
                &[],
            ),
            (
                "quote opening a reported clause",
                "Lavrov said \"serious work\" was needed before any new round of talks.",
                &["sergei_lavrov | \"serious work\" was needed before any new round of talks."],
            ),
            (
                "trailing attribution then a participle",
                "The alliance will not close its door, Jens Stoltenberg said on Monday, adding that Russia had no veto.",
                &[
                    "jens_stoltenberg | The alliance will not close its door",
                    "jens_stoltenberg | Russia had no veto.",
                ],
            ),
            (
                "trailing attribution then a contrasting clause",
                "Diplomacy is not exhausted, Blinken said on Friday, while Lavrov said the talks had gone nowhere.",
                &[
                    "antony_blinken | Diplomacy is not exhausted",
                    "sergei_lavrov | the talks had gone nowhere.",
                ],
            ),
            (
                "name before an apposition with a title",
                "The trip will start on Monday, Ned Price, spokesperson of the State Department, said in a statement.",
                &["ned_price | The trip will start on Monday"],
            ),
            (
                "participle keeps a bare object",
                "Moscow denied the reports, describing them as absurd.",
                &["russia | the reports, describing them as absurd."],
            ),
            (
                "line cut off mid-sentence read as text",
                "Lavrov, for his part, said any further dialogue with the alliance would have to wait until the spr",
                &["sergei_lavrov | any further dialogue with the alliance would have to wait until the spr"],
            ),
            (
                "a saying participle after a bare object is a statement apart",
                "Moscow rejected the claims, saying that the troops were on exercises.",
                &["russia | the claims", "russia | the troops were on exercises."],
            ),
            (
                "an outlet addressed after the speaker ends the sentence",
                "The talks will resume next week, Lavrov told state television.",
                &["sergei_lavrov | The talks will resume next week"],
            ),
            (
                "a news agency addressed after the speaker ends the sentence",
                "The talks will resume next week, Lavrov told the RIA news agency.",
                &["sergei_lavrov | The talks will resume next week"],
            ),
            (
                "an outlet relaying after according to",
                "Grushko said the move would raise tension, according to Interfax.",
                &["alexander_grushko | the move would raise tension"],
            ),
            (
                "questions answered are no words said",
                "Lavrov met Blinken and answered questions from reporters. Peskov answered media questions.",
                &[],
            ),
            (
                "a pronoun for words told elsewhere",
                "Peskov said this at a briefing on Tuesday. Kuleba reported this on Twitter.",
                &[],
            ),
            (
                "this as the subject of the words",
                "Peskov said this was a provocation.",
                &["dmitry_peskov | this was a provocation."],
            ),
            (
                "a weekday without its on",
                "Kuleba said Friday the door stayed open.",
                &["dmytro_kuleba | the door stayed open."],
            ),
            (
                "an adverb between the verb and its that",
                "Kuleba said afterwards that the door stayed open.",
                &["dmytro_kuleba | the door stayed open."],
            ),
            (
                "an audience without determiner told before the that",
                "Zelensky told foreign media on Friday that the danger had not grown.",
                &["volodymyr_zelensky | the danger had not grown."],
            ),
            (
                "a gathering told before the that",
                "Lavrov told a news conference that Moscow was still waiting for answers.",
                &["sergei_lavrov | Moscow was still waiting for answers."],
            ),
            (
                "a noun phrase after said is no addressee",
                "Lavrov said the proposals that Washington sent were useless.",
                &["sergei_lavrov | the proposals that Washington sent were useless."],
            ),
            (
                "an adverb of time between an auxiliary and the verb",
                "Putin has long said the alliance broke its promises.",
                &["vladimir_putin | the alliance broke its promises."],
            ),
        ];
        let wrong: Vec<String> = table
            .iter()
            .filter_map(|(name, body, expected)| {
                let got = said(body);
                (got != *expected).then(|| format!("`{name}`: {body:?}\n  got {got:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    fn check(input: &str, expected: usize) {
        let set = Words::default().set(input, Span::new(0, input.len()));
        assert_eq!(set.len(), expected, "in {input:?}");
    }

    #[test]
    fn words_counted_by_lower_case() {
        for (input, expected) in [
            ("Said SAID said", 1),
            // The Kelvin sign is an upper-case K.
            ("\u{212a},k", 1),
            ("administration Administration", 1),
            // Sixteen bytes are packed, seventeen numbered in the table.
            ("Responsibilities responsibilities", 1),
            ("Internationalised INTERNATIONALISED internationalise", 2),
            // A combining dot is no letter: the second spelling is two words.
            ("\u{0130}stanbul i\u{307}stanbul", 3),
            ("the US, the us", 2),
            ("", 0),
        ] {
            check(input, expected);
        }
    }

    proptest::proptest! {
        /// The one-pass test of clause marks agrees with one search per mark.
        #[test]
        fn clause_marks_agree_with_searches(r in "(that| |:|\"|\u{201c}|\u{201d}|\u{2019}|th|at|x){0,12}") {
            let searches =
                r.contains(':') || r.contains('"') || r.contains('\u{201c}') || has_that(&r);
            proptest::prop_assert_eq!(opens_clause(&r), searches);
            proptest::prop_assert_eq!(opens_clause_by_bytes(&r), searches);
        }

        /// The end of reported words found from the commas and semicolons is the one found
        /// by reading every byte.
        #[test]
        fn clause_end_as_by_bytes(r in "(, while |, whereas |; |;|,| |while|whereas|\u{201c}|x){0,12}", from in 0usize..40) {
            let from = (0..=from.min(r.len())).rev().find(|&i| r.is_char_boundary(i)).unwrap_or(0);
            proptest::prop_assert_eq!(clause_end(&r, from, r.len()), clause_end_by_bytes(&r, from, r.len()));
            proptest::prop_assert_eq!(clause_end(&r, 0, r.len()), clause_end_by_bytes(&r, 0, r.len()));
        }

        /// The test of first bytes rules out no prefix that the lower case starts with.
        #[test]
        fn first_bytes_rule_out_no_prefix(s in "[a-zA-Z\u{130}\u{212a}\u{e9} ]{0,12}") {
            for (firsts, prefixes) in [
                (&b"el"[..], &["late ", "early ", "earlier ", "later "][..]),
                (&b"olty"[..], &["on ", "last ", "this ", "yesterday", "today", "tomorrow"][..]),
            ] {
                for p in prefixes {
                    if lower_starts_with(&s, p) {
                        proptest::prop_assert!(may_start_with(&s, firsts), "{:?} {:?}", s, p);
                    }
                }
            }
        }

        /// The word lists with their tables answer as `lower_in` on the lists.
        #[test]
        fn word_sets_agree_with_lower_in(w in "[a-zA-Z\u{130}\u{212a}\u{e9} ]{0,12}", pick in 0usize..100, upper in proptest::bool::ANY) {
            let sets: [(&LowerSet, &[&str]); 7] = [
                (&BE_SET, BE),
                (&WH_SET, WH),
                (&CONJ_SET, CONJ),
                (&GAP_PREPOSITION_SET, GAP_PREPOSITIONS),
                (&GAP_DETERMINER_SET, GAP_DETERMINERS),
                (&RELATIVE_VERB_SET, RELATIVE_VERBS),
                (&ADJUNCT_START_SET, ADJUNCT_STARTS),
            ];
            for (set, list) in sets {
                let picked = list.get(pick % list.len()).copied().unwrap_or("");
                let picked = if upper { picked.to_uppercase() } else { picked.to_string() };
                for x in [w.as_str(), picked.as_str(), &format!("{picked}{w}")] {
                    proptest::prop_assert_eq!(set.contains(x), lower_in(x, list), "{:?}", x);
                }
            }
        }

        /// A word read as one number is the packed lower case of its bytes.
        #[test]
        fn alnum_words_packed_as_by_bytes(w in "[a-zA-Z0-9]{0,16}", tail in "[a-zA-Z0-9 ,.]{0,20}") {
            let t = format!("{w}{tail}");
            proptest::prop_assert_eq!(pack_alnum(t.as_bytes(), w.len()), packed(&w));
            proptest::prop_assert_eq!(pack_alnum(w.as_bytes(), w.len()), packed(&w));
        }

        /// Word sets read byte by byte are the sets of numbered words.
        #[test]
        fn word_sets_as_by_words(a in "[a-zA-Z0-9 ,.'\u{0130}\u{212a}\u{00e9}-]{0,60}") {
            let span = Span::new(0, a.len());
            let mut w = Words::default();
            let fast = w.set(&a, span);
            proptest::prop_assert_eq!(fast, w.set_by_words(&a, span));
        }

        /// Visiting only the statements of the same speaker keeps the same statements.
        #[test]
        fn repeats_as_by_window(
            words in proptest::collection::vec(0usize..6, 1..120),
            said in proptest::collection::vec((0usize..3, proptest::bool::weighted(0.1), 0usize..120, 1usize..8), 0..100),
        ) {
            const W: &[&str] = &["talks", "Russia", "NATO", "will", "the", "Administrationwide"];
            let text = words.iter().map(|&k| W[k]).collect::<Vec<_>>().join(" ");
            // Statements over runs of whole words.
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices(' ').map(|(i, _)| i + 1))
                .collect();
            let said: Vec<Said> = said
                .into_iter()
                .map(|(speaker, headline, from, len)| {
                    let a = starts[from % starts.len()];
                    let b = starts.get(from % starts.len() + len).map_or(text.len(), |&e| e - 1);
                    Said { speaker, headline, content: Span::new(a, b.max(a)) }
                })
                .collect();
            proptest::prop_assert_eq!(kept(&text, &said), kept_by_window(&text, &said));
        }

        /// Numbered word sets hold as many words, and share as many, as sets of lower-case
        /// copies do.
        #[test]
        fn word_sets_agree_with_lower_case_copies(
            a in "[a-zA-Z0-9 ,.'\u{0130}\u{212a}\u{03a3}\u{00e9}-]{0,40}",
            b in "[a-zA-Z0-9 ,.'\u{0130}\u{212a}\u{03a3}\u{00e9}-]{0,40}",
        ) {
            let copies = |s: &str| -> BTreeSet<String> {
                s.split(|c: char| !c.is_alphanumeric())
                    .filter(|w| !w.is_empty())
                    .map(str::to_lowercase)
                    .collect()
            };
            let text = format!("{a}|{b}");
            let mut words = Words::default();
            let sa = words.set(&text, Span::new(0, a.len()));
            let sb = words.set(&text, Span::new(a.len() + 1, text.len()));
            let (ca, cb) = (copies(&a), copies(&b));
            proptest::prop_assert_eq!(sa.len(), ca.len());
            proptest::prop_assert_eq!(sb.len(), cb.len());
            proptest::prop_assert_eq!(shared_words(&sa, &sb), ca.intersection(&cb).count());
        }

        /// The walk that stops early agrees with the share of all shared words.
        #[test]
        fn mostly_inside_as_by_share(
            a in proptest::collection::btree_set(0u128..40, 1..30),
            b in proptest::collection::btree_set(0u128..40, 0..30),
        ) {
            let (a, b): (Vec<u128>, Vec<u128>) = (a.into_iter().collect(), b.into_iter().collect());
            let share = shared_words(&a, &b) as f64 / a.len() as f64 >= 0.75;
            proptest::prop_assert_eq!(mostly_inside(&a, &b), share);
        }
    }
}
