//! The gazetteer: the schema compiled once into aho-corasick automata (entity names, aliases,
//! metonyms and demonyms; speech cues; event nouns; titles; unnamed-official bodies) and the
//! lookups the extractor needs (roles by title, states of an entity).
//!
//! Names, titles, speech cues and event nouns share one automaton, so a paragraph is read
//! once for all four (`Gazetteer::scan`), by anchored runs from the places a word can start;
//! the overlapping candidates are filtered for word boundaries and letter case, then the
//! leftmost-longest non-overlapping ones are kept.
//! Deciding what a match means in context (city or government, speaker or not) is left to
//! the other stages of `extract`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::hash::{BuildHasherDefault, Hasher};

use std::sync::Arc;

use aho_corasick::automaton::{Automaton, StateID};
use aho_corasick::{Anchored, MatchKind, StartKind};

use crate::extract::MentionKind;
use crate::schema::types::CueForm;
use crate::schema::{Entity, EntityId, Gender, Schema};

/// What a name pattern stands for.
#[derive(Debug, Clone)]
pub struct NamePat {
    /// Index of the entity in `schema.entities`.
    pub entity: usize,
    /// How the pattern names it.
    pub kind: MentionKind,
}

/// What a speech-cue pattern stands for.
#[derive(Debug, Clone)]
pub struct CuePat {
    /// The act of the lexicon.
    pub act: String,
    /// Verb, preposition or passive frame.
    pub form: CueForm,
    /// The content may be a noun-phrase object ("praised the talks as frank").
    pub object: bool,
}

/// What a title pattern stands for.
#[derive(Debug, Clone)]
pub struct TitlePat {
    /// The group of synonymous titles (its first form unless the lexicon names one).
    pub group: String,
    /// Gender the form implies.
    pub gender: Option<Gender>,
    /// A generic description ("official", "diplomat").
    pub generic: bool,
    /// Plural form ("officials").
    pub plural: bool,
}

/// One match of an automaton: byte range and pattern index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Hit {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Index into the automaton's pattern table.
    pub pat: usize,
}

/// One dictionary: the table of what each pattern means, and the automaton that finds them
/// (its own, or one shared with other dictionaries, whose patterns are numbered from
/// `first`).
#[derive(Debug, Clone)]
pub struct Dict<T> {
    ac: Option<Arc<Matcher>>,
    /// Index of this dictionary's first pattern in the automaton.
    first: usize,
    /// The patterns as written (after expansion of apostrophes).
    pub patterns: Vec<String>,
    /// What each pattern stands for.
    pub info: Vec<T>,
    /// Whether each pattern holds an upper-case letter (else any letter case fits it).
    upper: Vec<bool>,
}

/// An anchored automaton over a list of patterns, and the bytes a pattern may begin with.
///
/// A kept match starts at a word boundary, so rather than reading every byte of a text for
/// overlapping matches (most of which end inside words: "us" in "because"), the automaton is
/// run anchored from each position where a kept match could start; each such run stops at
/// the first byte no pattern continues with. The runs walk the automaton's transitions
/// directly: a run is a few bytes long, too short to repay the set-up of a library search.
#[derive(Debug)]
pub struct Matcher {
    aut: Aut,
    /// `starts[b]`: some pattern begins with byte `b` (either ASCII case).
    starts: [bool; 256],
    /// `pairs[256 * a + b]`: some pattern begins with bytes `a b`, or is the one byte `a`
    /// (either ASCII case): a run from a word whose first two bytes no pattern begins with
    /// would stop at the second byte.
    pairs: Vec<bool>,
}

/// The automaton of a [`Matcher`]: a DFA for small dictionaries, an NFA for large ones.
#[derive(Debug)]
enum Aut {
    Dfa(aho_corasick::dfa::DFA),
    Nfa(aho_corasick::nfa::contiguous::NFA),
}

/// ASCII letters and digits (the word chars among the one-byte ones).
static ASCII_WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

impl Matcher {
    /// Calls `f(start, end, pattern)` on every match of a pattern in `text` (any ASCII letter
    /// case) that starts where a word-bounded match can start: the char before is not a
    /// letter or digit, or the char at the start is not. The same set as the overlapping
    /// matches whose start passes the start half of [`at_word_boundary`].
    fn each(&self, text: &str, mut f: impl FnMut(usize, usize, usize)) {
        match &self.aut {
            Aut::Dfa(a) => self.each_in(a, text, &mut f),
            Aut::Nfa(a) => self.each_in(a, text, &mut f),
        }
    }

    fn each_in<A: Automaton>(&self, aut: &A, text: &str, f: &mut impl FnMut(usize, usize, usize)) {
        let Ok(start) = aut.start_state(Anchored::Yes) else {
            return;
        };
        let b = text.as_bytes();
        let mut prev_word = false;
        let mut i = 0;
        while let Some(&c) = b.get(i) {
            let (word, len) = if c.is_ascii() {
                (ASCII_WORD[usize::from(c)], 1)
            } else {
                match text.get(i..).and_then(|t| t.chars().next()) {
                    Some(ch) => (ch.is_alphanumeric(), ch.len_utf8()),
                    // Not a char boundary: cannot happen stepping by chars.
                    None => (false, 1),
                }
            };
            let pair = |next: u8| {
                self.pairs
                    .get(256 * usize::from(c) + usize::from(next))
                    .copied()
                    .unwrap_or(true)
            };
            if self.starts[usize::from(c)]
                && (!prev_word || !word)
                && b.get(i + 1).is_none_or(|&n| pair(n))
            {
                run(aut, start, b, i, f);
            }
            prev_word = word;
            i += len;
            // The rest of a run of ASCII letters and digits starts no match (each byte is a
            // word char after a word char): passed over without a closer look.
            if word {
                while b.get(i).is_some_and(|&c| ASCII_WORD[usize::from(c)]) {
                    i += 1;
                }
            }
        }
    }
}

/// Every match starting at `at` (an anchored overlapping run from the start state `start`),
/// in the order of their ends.
fn run<A: Automaton>(
    aut: &A,
    start: StateID,
    b: &[u8],
    at: usize,
    f: &mut impl FnMut(usize, usize, usize),
) {
    let mut sid = start;
    for (k, &byte) in b.get(at..).unwrap_or(&[]).iter().enumerate() {
        sid = aut.next_state(Anchored::Yes, sid, byte);
        if !aut.is_special(sid) {
            continue;
        }
        if aut.is_dead(sid) {
            return;
        }
        if aut.is_match(sid) {
            let end = at + k + 1;
            for m in 0..aut.match_len(sid) {
                let pid = aut.match_pattern(sid, m);
                // A match state also holds the patterns that are suffixes of the path read
                // (they began after `at`): those are found by the run from their own start.
                if aut.pattern_len(pid) == end - at {
                    f(at, end, pid.as_usize());
                }
            }
        }
    }
}

/// Above this many bytes of patterns an automaton is a (compact) NFA rather than a (fast but
/// large) DFA: the DFA of the 1k-person dictionary takes a few MB, that of 100k persons
/// would take hundreds.
const DFA_MAX_PATTERN_BYTES: usize = 100_000;

/// The matcher of `patterns`: anchored overlapping matches in any ASCII letter case.
fn automaton(patterns: &[&str]) -> Option<Matcher> {
    let bytes: usize = patterns.iter().map(|p| p.len()).sum();
    automaton_of(patterns, bytes <= DFA_MAX_PATTERN_BYTES)
}

/// [`automaton`], a DFA or an NFA as `dfa` says.
fn automaton_of(patterns: &[&str], dfa: bool) -> Option<Matcher> {
    // A DFA has no failure transitions to follow: about twice as fast per byte.
    let aut = if dfa {
        Aut::Dfa(
            aho_corasick::dfa::DFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .start_kind(StartKind::Anchored)
                .prefilter(false)
                .build(patterns)
                .ok()?,
        )
    } else {
        Aut::Nfa(
            aho_corasick::nfa::contiguous::NFA::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::Standard)
                .prefilter(false)
                .build(patterns)
                .ok()?,
        )
    };
    let mut starts = [false; 256];
    let mut pairs = vec![false; 256 * 256];
    let cases = |c: u8| [c, c.to_ascii_lowercase(), c.to_ascii_uppercase()];
    for p in patterns {
        let pb = p.as_bytes();
        let Some(&c) = pb.first() else { continue };
        for a in cases(c) {
            starts[usize::from(a)] = true;
            match pb.get(1) {
                Some(&d) => {
                    for b in cases(d) {
                        if let Some(x) = pairs.get_mut(256 * usize::from(a) + usize::from(b)) {
                            *x = true;
                        }
                    }
                }
                // A one-byte pattern matches whatever follows it.
                None => {
                    for x in pairs.iter_mut().skip(256 * usize::from(a)).take(256) {
                        *x = true;
                    }
                }
            }
        }
    }
    Some(Matcher { aut, starts, pairs })
}

impl<T> Dict<T> {
    /// The table of `entries` (blank patterns dropped), without an automaton yet.
    fn table(entries: Vec<(String, T)>) -> Dict<T> {
        let mut patterns = Vec::new();
        let mut info = Vec::new();
        for (p, t) in entries {
            if p.trim().is_empty() {
                continue;
            }
            patterns.push(p);
            info.push(t);
        }
        let upper = patterns
            .iter()
            .map(|p| p.chars().any(char::is_uppercase))
            .collect();
        Dict {
            ac: None,
            first: 0,
            patterns,
            info,
            upper,
        }
    }

    fn build(entries: Vec<(String, T)>) -> Dict<T> {
        let mut d = Dict::table(entries);
        let pats: Vec<&str> = d.patterns.iter().map(String::as_str).collect();
        d.ac = automaton(&pats).map(Arc::new);
        d
    }

    /// Keeps the match `[s, e)` of automaton pattern `global` when it is one of this
    /// dictionary's, at word boundaries and in a fitting letter case.
    fn hit(&self, text: &str, s: usize, e: usize, global: usize) -> Option<Hit> {
        let pat = global.checked_sub(self.first)?;
        let p = self.patterns.get(pat)?;
        let found = text.get(s..e)?;
        // The boundary test is the cheaper one and rejects most candidates ("us" in "bus").
        // A pattern without upper-case letters fits any letter case ("said", "talks"); one
        // found as written (most names) fits its own case.
        let any_case = self.upper.get(pat) == Some(&false);
        if !at_word_boundary(text, s, e)
            || !(any_case || found == p.as_str() || case_fits(p, found))
        {
            return None;
        }
        Some(Hit {
            start: s,
            end: e,
            pat,
        })
    }

    /// All matches at word boundaries whose letter case fits the pattern, every overlapping
    /// candidate included (several patterns may share one span).
    pub fn all(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut out = Vec::new();
        ac.each(text, |s, e, g| out.extend(self.hit(text, s, e, g)));
        out.sort();
        out
    }

    /// Leftmost-longest selection: non-overlapping spans, every pattern of a kept span kept.
    pub fn longest(&self, text: &str) -> Vec<Hit> {
        leftmost_longest(self.all(text))
    }
}

/// Keeps the leftmost-longest non-overlapping spans of `hits`; hits with exactly the kept
/// span (other patterns of the same words) are all kept.
pub fn leftmost_longest(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.pat.cmp(&b.pat))
    });
    // The kept hits are a subsequence of the sorted ones: kept in place, no second list.
    let mut last: Option<(usize, usize)> = None;
    hits.retain(|h| match last {
        Some((s, e)) if h.start == s && h.end == e => true,
        Some((_, e)) if h.start < e => false,
        _ => {
            last = Some((h.start, h.end));
            true
        }
    });
    hits
}

/// An upper-case letter of the pattern must be upper case in the text ("US" is not "us",
/// "Washington" not "washington"); a lower-case one may be either ("The alliance").
fn case_fits(pattern: &str, found: &str) -> bool {
    if pattern.is_ascii() && found.is_ascii() {
        return case_fits_ascii(pattern.as_bytes(), found.as_bytes());
    }
    case_fits_chars(pattern, found)
}

/// [`case_fits`] for any text, char by char.
fn case_fits_chars(pattern: &str, found: &str) -> bool {
    // House styles write long acronyms as names: "Nato", "Osce".
    let acronym = pattern.chars().count() >= 4 && pattern.chars().all(|c| c.is_ascii_uppercase());
    if acronym {
        let mut f = found.chars();
        let first_upper = f.next().is_some_and(char::is_uppercase);
        if first_upper && found.chars().skip(1).all(|c| c.is_lowercase()) {
            return true;
        }
    }
    pattern
        .chars()
        .zip(found.chars())
        .all(|(p, f)| !p.is_uppercase() || f.is_uppercase() || !f.is_alphabetic())
}

/// [`case_fits`] of ASCII text, byte by byte (the char tests agree with the byte tests on
/// ASCII).
fn case_fits_ascii(pattern: &[u8], found: &[u8]) -> bool {
    let acronym = pattern.len() >= 4 && pattern.iter().all(u8::is_ascii_uppercase);
    if acronym
        && found.first().is_some_and(u8::is_ascii_uppercase)
        && found.iter().skip(1).all(u8::is_ascii_lowercase)
    {
        return true;
    }
    pattern
        .iter()
        .zip(found)
        .all(|(p, f)| !p.is_ascii_uppercase() || f.is_ascii_uppercase() || !f.is_ascii_alphabetic())
}

/// True when the characters around `[s, e)` are not letters or digits.
pub fn at_word_boundary(text: &str, s: usize, e: usize) -> bool {
    // ASCII at and around both ends (nearly always): bytes are chars there, and both ends
    // are char boundaries. The start and end of the text count as spaces.
    let b = text.as_bytes();
    let at = |i: Option<usize>| match i {
        Some(i) => b.get(i).copied().unwrap_or(b' '),
        None => b' ',
    };
    if s < e && e <= b.len() {
        let (before, first, last, after) = (
            at(s.checked_sub(1)),
            at(Some(s)),
            at(Some(e - 1)),
            at(Some(e)),
        );
        if before.is_ascii() && first.is_ascii() && last.is_ascii() && after.is_ascii() {
            let word = |c: u8| c.is_ascii_alphanumeric();
            return (!word(before) || !word(first)) && (!word(after) || !word(last));
        }
    }
    at_word_boundary_chars(text, s, e)
}

/// [`at_word_boundary`] for any text, char by char.
fn at_word_boundary_chars(text: &str, s: usize, e: usize) -> bool {
    let before = text.get(..s).and_then(|t| t.chars().next_back());
    let after = text.get(e..).and_then(|t| t.chars().next());
    let first = text.get(s..e).and_then(|t| t.chars().next());
    let last = text.get(s..e).and_then(|t| t.chars().next_back());
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    // A pattern that begins or ends with punctuation ("U.S.") bounds itself on that side.
    (!word(before) || !word(first)) && (!word(after) || !word(last))
}

/// Adds the typographic-apostrophe variant of a form that has a straight one, and back.
fn with_apostrophes(form: &str) -> Vec<String> {
    let mut v = vec![form.to_string()];
    if form.contains('\'') {
        v.push(form.replace('\'', "\u{2019}"));
    }
    if form.contains('\u{2019}') {
        v.push(form.replace('\u{2019}', "'"));
    }
    v
}

/// Words of a title that change the rank of the office ("general": a Secretary General is
/// no secretary, and a Deputy Secretary General no deputy secretary).
const RANKS: &[&str] = &[
    "deputy",
    "general",
    "under",
    "vice",
    "assistant",
    "acting",
    "former",
    "first",
    "chief",
    "senior",
];

/// What the speaker rules need of one role title, computed once per distinct title.
#[derive(Debug, Clone)]
struct RoleTitle {
    /// The lexicon's title group of the whole title.
    group: Option<String>,
    /// Its words, lower case.
    words: Vec<String>,
}

impl RoleTitle {
    /// See [`Gazetteer::role_fits`]; `fw` are the words of the form, lower case.
    fn fits(&self, group: &str, fw: &[&str]) -> bool {
        if self.group.as_deref() == Some(group) {
            return true;
        }
        let words = &self.words;
        // "the deputy minister" may name a Deputy Foreign Minister, but "the Secretary of
        // State" is not the Deputy Secretary of State: extra words may not be of rank.
        let extra_rank = words
            .iter()
            .any(|w| !fw.contains(&w.as_str()) && RANKS.contains(&w.as_str()));
        !fw.is_empty()
            && fw.iter().all(|w| words.iter().any(|x| x == w))
            && words.len() <= fw.len() + 1
            && !extra_rank
    }
}

/// A key of the office-holder index: a title group, or one word of a role title.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum HolderKey {
    Group(String),
    Word(String),
}

/// Persons by the offices they hold, so that "the spokesperson" looks up its candidates
/// instead of scanning every entity. Lists hold entity indices, ascending and distinct; a
/// list may hold more than the fitting persons (dates and the exact fit are checked by the
/// caller), never fewer. Lookups only: nothing is ever iterated in hash order.
#[derive(Debug, Clone, Default)]
struct HolderIndex {
    /// Every holder of a role with the key.
    any: HashMap<HolderKey, Vec<usize>>,
    /// Holders of a role with the key whose office is of, or within, the scope entity.
    scoped: HashMap<(HolderKey, EntityId), Vec<usize>>,
    /// Holders of a role with the key whose `of` is not a schema entity: their scope is
    /// only known per document.
    unresolved: HashMap<HolderKey, Vec<usize>>,
}

fn push_distinct(list: &mut Vec<usize>, i: usize) {
    if list.last() != Some(&i) {
        list.push(i);
    }
}

/// Calls `f` on every distinct value of the ascending `lists`, in ascending order, until `f`
/// returns false.
fn merge_ascending(lists: &[&[usize]], mut f: impl FnMut(usize) -> bool) {
    let mut pos = vec![0; lists.len()];
    let mut last = None;
    loop {
        let mut best: Option<(usize, usize)> = None;
        for (li, l) in lists.iter().enumerate() {
            if let Some(&v) = pos.get(li).and_then(|&p| l.get(p)) {
                if best.is_none_or(|(b, _)| v < b) {
                    best = Some((v, li));
                }
            }
        }
        let Some((v, li)) = best else { break };
        if let Some(p) = pos.get_mut(li) {
            *p += 1;
        }
        if last == Some(v) {
            continue;
        }
        last = Some(v);
        if !f(v) {
            break;
        }
    }
}

/// A fast hash of short keys (entity ids, words): multiply and rotate eight bytes at a time,
/// as in rustc's FxHasher. The maps it serves are only looked up, never iterated, and need
/// no protection against chosen keys, so only the speed of the hash matters.
#[derive(Debug, Clone, Copy, Default)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x517c_c1b7_2722_0a95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }
}

/// The matches of one text for four dictionaries (see [`Gazetteer::scan`]).
#[derive(Debug, Clone, Default)]
pub struct Scan {
    /// `names.all(text)`.
    pub names: Vec<Hit>,
    /// `titles.all(text)`.
    pub titles: Vec<Hit>,
    /// `cues.all(text)`.
    pub cues: Vec<Hit>,
    /// `events.all(text)`.
    pub events: Vec<Hit>,
}

/// The schema compiled for matching; built once and shared by every document.
#[derive(Debug, Clone)]
pub struct Gazetteer {
    /// The schema it was built from.
    pub schema: Schema,
    /// Names, aliases, metonyms and demonyms of every entity.
    pub names: Dict<NamePat>,
    /// Speech cues of the lexicon.
    pub cues: Dict<CuePat>,
    /// Event nouns of the lexicon (value: event type).
    pub events: Dict<String>,
    /// Titles of the lexicon.
    pub titles: Dict<TitlePat>,
    /// Words standing for a body in unnamed-official descriptions (value: entity index).
    pub unnamed: Dict<usize>,
    /// Index in `schema.entities` by id (lookups only): hashed, where the schema's ordered
    /// index compares strings at every level of its tree.
    entity_ix: HashMap<EntityId, usize, BuildHasherDefault<FxHasher>>,
    /// Every role title of the schema, as written (lookups only).
    role_titles: HashMap<String, RoleTitle>,
    /// Persons by office.
    holders: HolderIndex,
    /// The one-word reporting verbs that people use and the words of one-word titles, for
    /// the rules of new people (`mentions`), worked out once.
    pub(crate) person_cues: (Vec<String>, Vec<String>),
}

impl Gazetteer {
    /// Compiles `schema`.
    pub fn new(schema: &Schema) -> Gazetteer {
        let mut names = Vec::new();
        for (i, e) in schema.entities.iter().enumerate() {
            let mut add = |form: &str, kind: MentionKind| {
                for f in with_apostrophes(form) {
                    names.push((f, NamePat { entity: i, kind }));
                }
            };
            for n in e.names() {
                add(n, MentionKind::Name);
            }
            for m in &e.metonyms {
                add(m, MentionKind::Metonym);
                // "the Biden administration" is also written "a Biden administration
                // official": the article is dropped when the rest is a proper name.
                if let Some(rest) = m.strip_prefix("the ") {
                    if rest.chars().next().is_some_and(char::is_uppercase) {
                        add(rest, MentionKind::Metonym);
                    }
                }
            }
            for d in &e.demonyms {
                add(d, MentionKind::Demonym);
            }
        }
        let lex = &schema.lexicon;
        // Written forms and those generated from lemmas; a form listed twice is kept once,
        // at its first entry (`kg check` reports one claimed by two acts).
        let mut cues = Vec::new();
        let mut seen = BTreeSet::new();
        for c in &lex.speech_cues {
            for f in c.surface_forms() {
                if !seen.insert(f.to_lowercase()) {
                    continue;
                }
                for v in with_apostrophes(&f) {
                    cues.push((
                        v,
                        CuePat {
                            act: c.act.clone(),
                            form: c.form,
                            object: c.object,
                        },
                    ));
                }
            }
        }
        let mut events = Vec::new();
        for n in &lex.event_nouns {
            for f in &n.forms {
                events.push((f.clone(), n.event.clone()));
            }
        }
        let mut titles = Vec::new();
        for t in &lex.titles {
            let group = t
                .group
                .clone()
                .or_else(|| t.forms.first().cloned())
                .unwrap_or_default();
            for f in &t.forms {
                let plural = f.ends_with('s') && !f.ends_with("ss")
                    || f.ends_with("people")
                    || f.ends_with("men");
                titles.push((
                    f.clone(),
                    TitlePat {
                        group: group.clone(),
                        gender: t.gender,
                        generic: t.generic,
                        plural,
                    },
                ));
            }
        }
        let mut unnamed = Vec::new();
        for u in &lex.unnamed_bodies {
            if let Some(ix) = schema.entities.iter().position(|e| e.id.as_str() == u.of) {
                for f in &u.forms {
                    unnamed.push((f.clone(), ix));
                }
            }
        }
        // Names, titles, cues and event nouns share one automaton: a paragraph is read once
        // for all four (`Gazetteer::scan`).
        let mut names = Dict::table(names);
        let mut titles = Dict::table(titles);
        let mut cues = Dict::table(cues);
        let mut events = Dict::table(events);
        titles.first = names.patterns.len();
        cues.first = titles.first + titles.patterns.len();
        events.first = cues.first + cues.patterns.len();
        let all: Vec<&str> = [&names.patterns, &titles.patterns, &cues.patterns]
            .into_iter()
            .flatten()
            .chain(&events.patterns)
            .map(String::as_str)
            .collect();
        let shared = automaton(&all).map(Arc::new);
        names.ac.clone_from(&shared);
        titles.ac.clone_from(&shared);
        cues.ac.clone_from(&shared);
        events.ac = shared;
        let mut gaz = Gazetteer {
            schema: schema.clone(),
            names,
            cues,
            events,
            titles,
            unnamed: Dict::build(unnamed),
            entity_ix: schema
                .entities
                .iter()
                .enumerate()
                .map(|(i, e)| (e.id.clone(), i))
                .collect(),
            role_titles: HashMap::new(),
            holders: HolderIndex::default(),
            person_cues: crate::extract::mentions::person_cue_lists(schema),
        };
        gaz.index_roles();
        gaz
    }

    /// Every match of `text` for the names, titles, cues and event nouns, each list as that
    /// dictionary's [`Dict::all`] gives it, in one pass of the shared automaton.
    pub fn scan(&self, text: &str) -> Scan {
        // Room for the usual number of names of a paragraph, so that the list seldom grows
        // (the other lists are often empty).
        let mut out = Scan {
            names: Vec::with_capacity(text.len() / 32 + 1),
            ..Scan::default()
        };
        // The four dictionaries share one automaton (see `new`); if not, each reads alone.
        let shared = match (
            &self.names.ac,
            &self.titles.ac,
            &self.cues.ac,
            &self.events.ac,
        ) {
            (Some(n), Some(t), Some(c), Some(e)) => {
                Arc::ptr_eq(n, t) && Arc::ptr_eq(n, c) && Arc::ptr_eq(n, e)
            }
            _ => false,
        };
        let Some(ac) = self.names.ac.as_ref().filter(|_| shared) else {
            return Scan {
                names: self.names.all(text),
                titles: self.titles.all(text),
                cues: self.cues.all(text),
                events: self.events.all(text),
            };
        };
        ac.each(text, |s, e, g| {
            let hit = if g < self.titles.first {
                self.names.hit(text, s, e, g).map(|h| (&mut out.names, h))
            } else if g < self.cues.first {
                self.titles.hit(text, s, e, g).map(|h| (&mut out.titles, h))
            } else if g < self.events.first {
                self.cues.hit(text, s, e, g).map(|h| (&mut out.cues, h))
            } else {
                self.events.hit(text, s, e, g).map(|h| (&mut out.events, h))
            };
            if let Some((list, h)) = hit {
                list.push(h);
            }
        });
        out.names.sort();
        out.titles.sort();
        out.cues.sort();
        out.events.sort();
        out
    }

    /// The schema's entity with this id (as `schema.entity`, faster).
    pub fn entity(&self, id: &EntityId) -> Option<&Entity> {
        self.entity_ix
            .get(id)
            .and_then(|&i| self.schema.entities.get(i))
    }

    /// Fills `role_titles` and `holders`.
    fn index_roles(&mut self) {
        let mut titles: HashMap<String, RoleTitle> = HashMap::new();
        for e in &self.schema.entities {
            for r in &e.roles {
                if !titles.contains_key(&r.title) {
                    titles.insert(r.title.clone(), self.role_title(&r.title));
                }
            }
        }
        // The scopes a role's `of` falls in: itself, its states and what it is part of
        // (what `speakers` tests an office against).
        let mut scopes: BTreeMap<&EntityId, Option<BTreeSet<EntityId>>> = BTreeMap::new();
        let schema = &self.schema;
        let mut ix = HolderIndex::default();
        for (i, e) in schema.entities.iter().enumerate() {
            if e.kind != "person" {
                continue;
            }
            for r in &e.roles {
                let Some(of) = &r.of else { continue };
                let Some(t) = titles.get(&r.title) else {
                    continue;
                };
                let mut keys: Vec<HolderKey> =
                    t.words.iter().cloned().map(HolderKey::Word).collect();
                keys.extend(t.group.clone().map(HolderKey::Group));
                let sc = scopes.entry(of).or_insert_with(|| {
                    schema.entity(of).map(|oe| {
                        let mut s: BTreeSet<EntityId> = schema.states_of(of).into_iter().collect();
                        s.insert(of.clone());
                        s.extend(oe.part_of.iter().cloned());
                        s
                    })
                });
                for k in keys {
                    match sc {
                        Some(set) => {
                            for s in set.iter() {
                                push_distinct(
                                    ix.scoped.entry((k.clone(), s.clone())).or_default(),
                                    i,
                                );
                            }
                        }
                        None => push_distinct(ix.unresolved.entry(k.clone()).or_default(), i),
                    }
                    push_distinct(ix.any.entry(k).or_default(), i);
                }
            }
        }
        self.role_titles = titles;
        self.holders = ix;
    }

    fn role_title(&self, title: &str) -> RoleTitle {
        RoleTitle {
            group: self.title_group_of(title).map(|t| t.group.clone()),
            words: title
                .to_lowercase()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
        }
    }

    /// Calls `f`, in ascending order, on the index of every person of the schema who may
    /// hold an office of title group `group` or with every word of `fw` (the words of the
    /// form, lower case; see [`Gazetteer::role_fits_words`]) within `scope` (an office of,
    /// or within, that entity; any office without one), until `f` returns false. The
    /// candidates include every such person; `f` still checks dates and the exact fit.
    pub fn office_candidates(
        &self,
        group: &str,
        fw: &[&str],
        scope: Option<&EntityId>,
        f: impl FnMut(usize) -> bool,
    ) {
        let ix = &self.holders;
        let lists_of = |k: HolderKey| -> Vec<&[usize]> {
            let mut v: Vec<&[usize]> = Vec::new();
            match scope {
                None => v.extend(ix.any.get(&k).map(Vec::as_slice)),
                Some(s) => {
                    v.extend(ix.unresolved.get(&k).map(Vec::as_slice));
                    v.extend(ix.scoped.get(&(k, s.clone())).map(Vec::as_slice));
                }
            }
            v
        };
        let mut lists = lists_of(HolderKey::Group(group.to_string()));
        // A fit by words needs every word of the form: the rarest one is enough.
        let by_word = fw
            .iter()
            .map(|w| lists_of(HolderKey::Word((*w).to_string())))
            .min_by_key(|ls| ls.iter().map(|l| l.len()).sum::<usize>());
        lists.extend(by_word.unwrap_or_default());
        merge_ascending(&lists, f);
    }

    /// The title group of a role title as written in the schema ("Deputy Foreign Minister"
    /// -> "deputy foreign minister"), when the lexicon knows it.
    pub fn title_group_of(&self, title: &str) -> Option<&TitlePat> {
        let hits = self.titles.longest(title);
        // The whole title must be one lexicon form ("Secretary of State", not its "State").
        hits.iter()
            .find(|h| h.start == 0 && h.end == title.len())
            .and_then(|h| self.titles.info.get(h.pat))
    }

    /// True when a role title (from the schema) is of the title group `group`, or contains
    /// every word of `form` ("Deputy Foreign Minister" fits "deputy minister").
    pub fn role_fits(&self, role_title: &str, group: &str, form: &str) -> bool {
        let form = form.to_lowercase();
        let fw: Vec<&str> = form.split_whitespace().collect();
        self.role_fits_words(role_title, group, &fw)
    }

    /// [`Gazetteer::role_fits`] with the words of the form already split and lower case.
    pub fn role_fits_words(&self, role_title: &str, group: &str, fw: &[&str]) -> bool {
        match self.role_titles.get(role_title) {
            Some(t) => t.fits(group, fw),
            // A title of a provisional entity.
            None => self.role_title(role_title).fits(group, fw),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use aho_corasick::AhoCorasickBuilder;

    fn dict(pats: &[&str]) -> Dict<()> {
        Dict::build(pats.iter().map(|p| (p.to_string(), ())).collect())
    }

    /// [`dict`] with an NFA, as large dictionaries have.
    fn dict_nfa(pats: &[&str]) -> Dict<()> {
        let mut d = Dict::table(pats.iter().map(|p| (p.to_string(), ())).collect());
        let ps: Vec<&str> = d.patterns.iter().map(String::as_str).collect();
        d.ac = automaton_of(&ps, false).map(Arc::new);
        d
    }

    fn check(pats: &[&str], text: &str, expected: &[&str]) {
        let d = dict(pats);
        let got: Vec<&str> = d
            .longest(text)
            .iter()
            .map(|h| text.get(h.start..h.end).unwrap_or("?"))
            .collect();
        assert_eq!(got, expected, "patterns {pats:?} in {text:?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// The byte-wise tests agree with the char-wise ones.
        #[test]
        fn byte_tests_agree_with_char_tests(
            text in "[a-zA-Z0-9 .'\u{e9}\u{2019}\u{3a3}-]{0,12}",
            s in 0usize..14,
            e in 0usize..14,
            pattern in "[a-zA-Z .\u{e9}\u{c9}\u{3a3}\u{3c3}]{0,6}",
        ) {
            proptest::prop_assert_eq!(at_word_boundary(&text, s, e), at_word_boundary_chars(&text, s, e));
            let found = text.get(s.min(text.len())..).unwrap_or("");
            proptest::prop_assert_eq!(case_fits(&pattern, found), case_fits_chars(&pattern, found));
            // What `Dict::hit` assumes of a pattern without upper-case letters.
            if !pattern.chars().any(char::is_uppercase) {
                proptest::prop_assert!(case_fits(&pattern, found));
            }
            // What `Dict::hit` assumes of a pattern found as written.
            proptest::prop_assert!(case_fits(&pattern, &pattern));
            proptest::prop_assert!(case_fits(found, found));
        }
    }

    /// `Dict::all` as it was: every overlapping match of an unanchored automaton, filtered.
    fn all_by_overlapping_scan(d: &Dict<()>, text: &str) -> Vec<Hit> {
        let pats: Vec<&str> = d.patterns.iter().map(String::as_str).collect();
        let Ok(ac) = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&pats)
        else {
            return Vec::new();
        };
        let mut out: Vec<Hit> = ac
            .find_overlapping_iter(text)
            .filter_map(|m| d.hit(text, m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        out.sort();
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The anchored runs from possible word starts find exactly what the overlapping scan
        /// of every byte found (patterns with and without letters at their ends, non-ASCII).
        #[test]
        fn anchored_runs_agree_with_overlapping_scan(
            pats in proptest::collection::vec("[aAbB .'\u{e9}\u{2019}-]{1,5}", 1..8),
            text in "[aAbBc .'\u{e9}\u{2019}\u{3a3}-]{0,30}",
        ) {
            let pats: Vec<&str> = pats.iter().map(String::as_str).collect();
            let d = dict(&pats);
            let expected = all_by_overlapping_scan(&d, &text);
            proptest::prop_assert_eq!(d.all(&text), expected.clone());
            proptest::prop_assert_eq!(dict_nfa(&pats).all(&text), expected);
        }
    }

    /// `leftmost_longest` as it was: the kept hits pushed to a new list.
    fn leftmost_longest_by_copy(mut hits: Vec<Hit>) -> Vec<Hit> {
        hits.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then(b.end.cmp(&a.end))
                .then(a.pat.cmp(&b.pat))
        });
        let mut out: Vec<Hit> = Vec::new();
        let mut last: Option<(usize, usize)> = None;
        for h in hits {
            match last {
                Some((s, e)) if h.start == s && h.end == e => out.push(h),
                Some((_, e)) if h.start < e => {}
                _ => {
                    last = Some((h.start, h.end));
                    out.push(h);
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// Keeping the hits in place keeps the same ones.
        #[test]
        fn leftmost_longest_in_place(hits in proptest::collection::vec((0usize..20, 1usize..6, 0usize..4), 0..24)) {
            let hits: Vec<Hit> = hits
                .into_iter()
                .map(|(start, len, pat)| Hit { start, end: start + len, pat })
                .collect();
            proptest::prop_assert_eq!(leftmost_longest(hits.clone()), leftmost_longest_by_copy(hits));
        }
    }

    /// Cues written as forms and generated from lemmas are matched with their act; a form
    /// of two entries is one pattern, of the first entry.
    #[test]
    fn cues_from_lemmas_and_forms() {
        use crate::schema::types::{LexiconFile, SpeechCueDef};
        use crate::schema::OntologyFile;
        let cue = |lemmas: &[&str], forms: &[&str], except: &[&str], act: &str| SpeechCueDef {
            lemmas: lemmas.iter().map(|s| s.to_string()).collect(),
            forms: forms.iter().map(|s| s.to_string()).collect(),
            except: except.iter().map(|s| s.to_string()).collect(),
            act: act.to_string(),
            ..SpeechCueDef::default()
        };
        let lexicon = LexiconFile {
            speech_cues: vec![
                cue(
                    &["sum up", "state"],
                    &["told reporters"],
                    &["states"],
                    "assert",
                ),
                cue(&["admit"], &[], &[], "confirm"),
                cue(&["emphasize", "sum up"], &[], &[], "assert"),
            ],
            ..LexiconFile::default()
        };
        let gaz = Gazetteer::new(&Schema::from_parts(
            OntologyFile::default(),
            lexicon,
            Vec::new(),
        ));
        let table: &[(&str, &[(&str, &str)])] = &[
            ("He summed up the talks.", &[("summed up", "assert")]),
            (
                "She admitted it, admitting more.",
                &[("admitted", "confirm"), ("admitting", "confirm")],
            ),
            ("The minister emphasised it.", &[("emphasised", "assert")]),
            ("NATO states", &[]),
            (
                "it stated, he told reporters",
                &[("stated", "assert"), ("told reporters", "assert")],
            ),
        ];
        for (text, want) in table {
            let got: Vec<(&str, &str)> = gaz
                .scan(text)
                .cues
                .iter()
                .filter_map(|h| {
                    let act = gaz.cues.info.get(h.pat)?.act.as_str();
                    Some((text.get(h.start..h.end)?, act))
                })
                .collect();
            assert_eq!(&got, want, "{text}");
        }
        let summed = gaz
            .cues
            .patterns
            .iter()
            .filter(|p| *p == "summed up")
            .count();
        assert_eq!(summed, 1);
    }

    #[test]
    fn matching_rules() {
        let table: &[(&[&str], &str, &[&str])] = &[
            (&["US"], "the US said", &["US"]),
            (&["US"], "told us that", &[]),
            (&["US"], "discuss BUSes", &[]),
            (&["Russia"], "Russia's army", &["Russia"]),
            (&["Russia"], "Russia\u{2019}s army", &["Russia"]),
            (&["Russia"], "Russian troops", &[]),
            (
                &["Russian", "American"],
                "Russian-American talks",
                &["Russian", "American"],
            ),
            (
                &["Russia", "NATO", "Russia-NATO Council"],
                "the Russia-NATO Council met",
                &["Russia-NATO Council"],
            ),
            (
                &["Russia", "NATO"],
                "Russia-NATO talks",
                &["Russia", "NATO"],
            ),
            (&["the alliance"], "The alliance said", &["The alliance"]),
            (&["Washington"], "washington state", &[]),
            (&["U.S."], "the U.S. side", &["U.S."]),
            (&["Kiev"], "KIEV, Jan 5", &["KIEV"]),
            (&["NATO"], "Nato allies and nato", &["Nato"]),
            (&["US"], "Us and us", &[]),
        ];
        for (p, t, e) in table {
            check(p, t, e);
        }
    }
}
