//! Speakers: the noun phrase that says something (a named person, "Kremlin Spokesman Dmitry
//! Peskov", "a US Department of State spokesperson", "the Russian president", "he",
//! "Russian officials", "the Russian side", "the statement") and its resolution to an
//! entity: through names, the schema's dated roles (with the offices states name differently,
//! heads of states and bodies, counterparts, the state in focus for "the country's"), the
//! body named for an unnamed official, and coreference by salience: the speaker still in
//! focus, then the subject of the sentence before, then other persons named; never a person
//! of the other gender merely named, though a slipped pronoun may still reach the one person
//! in sight.
//!
//! Which words a speaker said is left to `statements`.

use crate::diag::Span;
use crate::extract::{Doc, NAME_REACH};
use crate::schema::{EntityId, Gender};

/// What a speaker phrase says about who speaks, before resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    /// A person named ("Sergei Lavrov"), with the title group written before the name.
    Named {
        /// The person.
        entity: EntityId,
        /// Title group of a title just before the name ("spokesperson").
        group: Option<String>,
        /// The person's gender in the schema, read when the name was found (so that
        /// resolving it needs no second look-up).
        gender: Option<Gender>,
    },
    /// A state, body, organization or outlet named ("Russia", "the Kremlin").
    Collective(EntityId),
    /// A personal pronoun.
    Pronoun {
        /// Its gender, when it has one.
        gender: Option<Gender>,
        /// they / we
        plural: bool,
    },
    /// A title with its modifiers ("the Russian president", "a senior administration official").
    Description(Description),
    /// A relative pronoun (which, who): a background clause, not a statement.
    Relative,
    /// A text that speaks for its author ("the statement", "the report", "the document"):
    /// the author of the statement just before.
    Document,
}

/// A description of an official.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Description {
    /// Introduced by "the" or a possessive.
    pub definite: bool,
    /// Introduced by "a"/"an", or a bare plural, or a headline without articles.
    pub indefinite: bool,
    /// "officials"
    pub plural: bool,
    /// Title group.
    pub group: String,
    /// The title as written, lower case.
    pub form: String,
    /// Gender the title implies.
    pub gender: Option<Gender>,
    /// "official", "diplomat": may refer back to any office holder.
    pub generic: bool,
    /// Entities named in the modifiers, in order ("US", "Department of State").
    pub modifiers: Vec<EntityId>,
    /// A body named by a word of the lexicon ("administration").
    pub unnamed_body: Option<EntityId>,
    /// A past holder ("the former president"): someone already in the story, never the
    /// body of the office.
    pub past: bool,
}

/// A speaker phrase and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Np {
    /// The words of the phrase.
    pub span: Span,
    /// What they say.
    pub r: Ref,
}

/// A resolved speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    /// Who.
    pub entity: EntityId,
    /// A person or an unnamed official (can be "he" or "the official" later).
    pub personal: bool,
    /// Gender, when known.
    pub gender: Option<Gender>,
    /// Title group it was introduced with.
    pub group: Option<String>,
    /// Where the phrase that named it starts (the salience of a speaker fades with distance).
    pub at: usize,
}

const DEFINITE: &[&str] = &["the", "this", "its", "his", "her", "their", "our"];
const INDEFINITE: &[&str] = &["a", "an", "one", "some", "several", "two", "three", "many"];
const STOP: &[&str] = &[
    "of", "to", "in", "on", "at", "with", "by", "for", "from", "and", "or", "but", "that", "which",
    "who", "as", "is", "was", "has", "have", "had", "said", "says", "after", "before", "while",
    "when", "if", "than", "also",
];
/// Prepositions: a name after one is no subject.
const PREPOSITIONS: &[&str] = &[
    "of", "in", "at", "from", "to", "with", "for", "against", "by", "about", "than", "toward",
    "towards", "into", "on", "over", "between", "among",
];
/// Prepositions that join a title to what it is the title of ("the head of NATO",
/// "officials in Washington", "a diplomat from Russia", "a spokesman for the Kremlin"); "to" joins it to where the holder
/// is sent ("the US envoy to NATO").
const TITLE_PREPOSITIONS: &[&str] = &["of", "in", "at", "from", "for", "with"];
/// Texts that speak for their author: "the statement said", "the report says".
const DOCUMENT_NOUNS: &[&str] = &[
    "statement",
    "report",
    "readout",
    "communique",
    "communiqué",
    "document",
    "declaration",
    "letter",
    "text",
    "release",
];
/// Words that put the holder of an office in the past: "the former president".
const PAST_HOLDER: &[&str] = &["former", "then", "late", "erstwhile", "ousted"];
/// Nouns for those who act for a state or body named before them ("the Russian side").
const SIDE_NOUNS: &[&str] = &[
    "side",
    "delegation",
    "government",
    "authorities",
    "leadership",
    "team",
];
/// Nouns that refer back to the state in focus: "the country's foreign minister".
const FOCUS_NOUNS: &[&str] = &["country", "nation"];
/// Words that may stand between a speaker and its verb.
const FILLERS: &[&str] = &[
    "also",
    "then",
    "further",
    "again",
    "previously",
    "repeatedly",
    "strongly",
    "reportedly",
    "later",
    "earlier",
    "once",
    "still",
    "already",
    "firmly",
    "publicly",
    "flatly",
    "categorically",
    "has",
    "have",
    "had",
    "will",
    "would",
    "had",
    "did",
    "does",
    "do",
    "not",
    "never",
    "clearly",
    "explicitly",
    "recently",
    "immediately",
    "quickly",
    "just",
    "now",
    "openly",
    "emphatically",
    "instead",
    "too",
    "yet",
    "even",
    "only",
    "long",
    "always",
    "consistently",
    "often",
    "frequently",
    "privately",
    "bluntly",
    "sharply",
    "separately",
    "subsequently",
    "initially",
    "formally",
    "officially",
    "personally",
    "directly",
];
static FILLER_SET: LowerSet = LowerSet::new(FILLERS);
/// Openers of parenthetical clauses skipped between a speaker and its verb.
const PARENTHETICAL: &[&str] = &[
    "which",
    "who",
    "whose",
    "in turn",
    // A past participle opening a parenthetical: ", asked about the talks,", ", pressed on
    // the date,", ", quoted by TASS,".
    "asked ",
    "pressed ",
    "questioned ",
    "quoted ",
    "reached ",
    "contacted ",
    "however",
    "meanwhile",
    "for his part",
    "for her part",
    "for its part",
    "though",
    "moreover",
    "too",
    "in a statement",
    "in an interview",
    "in a speech",
    "in a tweet",
    "in a post",
    "in a letter",
    "in remarks",
    "in comments",
    "as usual",
    "as always",
    "as expected",
    "as before",
    "for their part",
    "in response",
    "in reply",
    "in particular",
    "at the same time",
    "by contrast",
    "in contrast",
    "once again",
    "separately",
];

/// `w.to_lowercase() == lower` for a lower-case `lower`, without the copy when `w` is ASCII
/// (the usual case): the comparisons of the hot paths, exact for any text.
pub(crate) fn lower_eq(w: &str, lower: &str) -> bool {
    if w.is_ascii() {
        w.eq_ignore_ascii_case(lower)
    } else {
        w.to_lowercase() == lower
    }
}

/// `options.contains(&w.to_lowercase().as_str())` for lower-case `options`, without the copy
/// when `w` is ASCII.
pub(crate) fn lower_in(w: &str, options: &[&str]) -> bool {
    if w.is_ascii() {
        options.iter().any(|o| w.eq_ignore_ascii_case(o))
    } else {
        let l = w.to_lowercase();
        options.contains(&l.as_str())
    }
}

/// A fixed list of words for [`lower_in`] tests, with a table of the first bytes and lengths
/// of its words (ASCII lower case): an ASCII word whose first byte and length no word of
/// the list has is ruled out by one look-up instead of a comparison with every word.
pub(crate) struct LowerSet {
    words: &'static [&'static str],
    /// Bit `n` of entry `b`: a word of `n` (< 32) bytes whose first byte lower case is `b`.
    keys: [u32; 256],
    /// A word of 32 bytes or more, which the table does not hold.
    long: bool,
}

impl LowerSet {
    pub(crate) const fn new(words: &'static [&'static str]) -> LowerSet {
        let mut keys = [0u32; 256];
        let mut long = false;
        let mut i = 0;
        while i < words.len() {
            let w = words[i].as_bytes();
            if w.len() >= 32 {
                long = true;
            } else if !w.is_empty() {
                keys[w[0].to_ascii_lowercase() as usize] |= 1 << w.len();
            }
            i += 1;
        }
        LowerSet { words, keys, long }
    }

    /// `lower_in(w, words)`.
    pub(crate) fn contains(&self, w: &str) -> bool {
        if !w.is_ascii() {
            return lower_in(w, self.words);
        }
        // An ASCII word equals a word of the list in any case only when both have the same
        // length and first byte lower case.
        let ruled_out = match w.as_bytes().first() {
            Some(&f) if w.len() < 32 => {
                self.keys[usize::from(f.to_ascii_lowercase())] & (1 << w.len()) == 0
            }
            Some(_) => !self.long,
            None => false,
        };
        !ruled_out && self.words.iter().any(|o| w.eq_ignore_ascii_case(o))
    }
}

/// `s.to_lowercase().starts_with(prefix)` for a lower-case ASCII `prefix`, reading only the
/// first bytes of `s` when they are ASCII: lower-casing ASCII keeps lengths and positions,
/// and no other letter's lower case changes an ASCII letter after it.
pub(crate) fn lower_starts_with(s: &str, prefix: &str) -> bool {
    // Most calls are settled by the first byte: an ASCII one that is not the prefix's first
    // byte in either case starts a lower case that does not start with the prefix.
    if let (Some(&a), Some(&p)) = (s.as_bytes().first(), prefix.as_bytes().first()) {
        if a.is_ascii() && !a.eq_ignore_ascii_case(&p) {
            return false;
        }
    }
    let n = prefix.len().min(s.len());
    match s.as_bytes().get(..n) {
        // All of `s` is ASCII and shorter than the prefix.
        Some(head) if head.is_ascii() && n < prefix.len() => false,
        Some(head) if head.is_ascii() => head.eq_ignore_ascii_case(prefix.as_bytes()),
        // Each char lowers to one byte or more: the first `prefix.len()` chars (and one more,
        // the context of a final sigma) decide, however long `s` is.
        _ => {
            let end = s
                .char_indices()
                .nth(prefix.len() + 1)
                .map_or(s.len(), |(i, _)| i);
            s.get(..end).unwrap_or(s).to_lowercase().starts_with(prefix)
        }
    }
}

/// `s.to_lowercase().ends_with(suffix)` for a lower-case ASCII `suffix`, reading only the last
/// bytes of `s` when they are ASCII (see `lower_starts_with`).
pub(crate) fn lower_ends_with(s: &str, suffix: &str) -> bool {
    let n = suffix.len().min(s.len());
    match s.as_bytes().get(s.len() - n..) {
        Some(tail) if tail.is_ascii() && n < suffix.len() => false,
        Some(tail) if tail.is_ascii() => tail.eq_ignore_ascii_case(suffix.as_bytes()),
        // The last `suffix.len()` chars (and one before them) decide, as above.
        _ => {
            let start = s
                .char_indices()
                .rev()
                .nth(suffix.len() + 1)
                .map_or(0, |(i, _)| i);
            s.get(start..).unwrap_or(s).to_lowercase().ends_with(suffix)
        }
    }
}

/// `u8::is_ascii_alphanumeric` of every byte value: one look-up in place of range tests in
/// the loops over the bytes of a text.
pub(crate) static ASCII_ALNUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

/// `char::is_whitespace` of every ASCII byte value (false for the others).
static ASCII_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        t[c] = matches!(c as u8, b' ' | b'\t' | b'\n' | b'\x0B' | b'\x0C' | b'\r');
        c += 1;
    }
    t
};

/// One character of `s` at byte `i`, classified: (whitespace, alphanumeric, length). ASCII
/// bytes, the usual case, are classified without decoding.
#[inline]
fn class_at(s: &str, i: usize) -> Option<(bool, bool, usize)> {
    let b = *s.as_bytes().get(i)?;
    if b.is_ascii() {
        // `char::is_whitespace` on ASCII (`u8::is_ascii_whitespace` leaves out \x0B).
        return Some((ASCII_SPACE[usize::from(b)], ASCII_ALNUM[usize::from(b)], 1));
    }
    let c = s.get(i..)?.chars().next()?;
    Some((c.is_whitespace(), c.is_alphanumeric(), c.len_utf8()))
}

/// Calls `f` with each maximal run of letters and digits of `s`: the non-empty pieces of
/// `s.split(|c: char| !c.is_alphanumeric())`, in order.
#[inline]
pub(crate) fn alnum_words<'a>(s: &'a str, mut f: impl FnMut(&'a str)) {
    let mut start: Option<usize> = None;
    let mut i = 0;
    while let Some((_, alnum, len)) = class_at(s, i) {
        match (alnum, start) {
            (true, None) => start = Some(i),
            (false, Some(st)) => {
                f(s.get(st..i).unwrap_or(""));
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let Some(st) = start {
        f(s.get(st..).unwrap_or(""));
    }
}

/// How many whitespace-separated words of `s` hold a letter or digit, counting no further
/// than `cap` (callers compare with small numbers, often over the rest of a sentence).
pub(crate) fn count_words(s: &str, cap: usize) -> usize {
    let mut n = 0;
    let mut counted = false;
    let mut i = 0;
    while n < cap {
        let Some((ws, alnum, len)) = class_at(s, i) else {
            break;
        };
        if ws {
            counted = false;
        } else if alnum && !counted {
            n += 1;
            counted = true;
        }
        i += len;
    }
    n
}

/// The word ending at `end` (after trimming spaces), with its start.
pub fn last_word(text: &str, floor: usize, end: usize) -> Option<(usize, &str)> {
    let head = text.get(floor..end)?;
    let t = head.trim_end();
    let w_start = t
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '\'' || *c == '\u{2019}' || *c == '-')
        .last()
        .map(|(i, _)| i)?;
    Some((floor + w_start, t.get(w_start..)?))
}

/// The position where a speaker phrase before a verb at `cue_start` ends: adverbs,
/// auxiliaries and parenthetical clauses (", which ...,") skipped.
pub fn subject_end(text: &str, floor: usize, cue_start: usize) -> usize {
    let mut pos = cue_start;
    for _ in 0..12 {
        let head = text.get(floor..pos).unwrap_or("");
        let t = head.trim_end();
        // "Jens Stoltenberg (pictured) said", "Lavrov (R) said": a short aside in brackets.
        if t.ends_with(')') {
            if let Some(open) = t.rfind('(') {
                let inner = t.get(open + 1..t.len() - 1).unwrap_or("");
                if count_words(inner, 4) <= 3 && !inner.contains(['(', ')']) && open > 0 {
                    pos = floor + open;
                    continue;
                }
            }
            pos = floor + t.len();
            break;
        }
        if t.ends_with(',') {
            let inner_end = floor + t.len() - 1;
            let before = text.get(floor..inner_end).unwrap_or("");
            let Some(open) = before.rfind(',') else { break };
            let clause = before.get(open + 1..).unwrap_or("").trim();
            // The first word lower case, copied only when not ASCII (lower case never moves a
            // word boundary, so it is the lower case of the first word as written).
            let raw_first = clause.split_whitespace().next().unwrap_or("");
            let first = if raw_first.is_ascii() {
                std::borrow::Cow::Borrowed(raw_first)
            } else {
                std::borrow::Cow::Owned(raw_first.to_lowercase())
            };
            // ", speaking on condition of anonymity," ", the deputy minister," ", 62,"
            let participle = first.len() > 4 && lower_ends_with(&first, "ing");
            let appositive = lower_in(&first, &["a", "an", "the"])
                || first.chars().all(|c| c.is_ascii_digit()) && !first.is_empty();
            if PARENTHETICAL.iter().any(|p| lower_starts_with(clause, p))
                || participle
                || appositive
            {
                pos = floor + open;
                continue;
            }
            break;
        }
        match last_word(text, floor, floor + t.len()) {
            Some((ws, w)) if FILLER_SET.contains(w) => pos = ws,
            _ => {
                pos = floor + t.len();
                break;
            }
        }
    }
    pos
}

/// The subject of a verb at `cue_start`: the speaker phrase before it, adverbs and
/// parentheticals skipped; with an appositive name ("A Pentagon spokesman, John Kirby,
/// said") the name when known, else the description before it.
pub fn subject_np(doc: &Doc, floor: usize, cue_start: usize, headline: bool) -> Option<Np> {
    subject_np_from(
        doc,
        floor,
        subject_end(doc.text, floor, cue_start),
        headline,
    )
}

/// `subject_np` for a caller that has already found `se = subject_end(text, floor, cue)`.
pub fn subject_np_from(doc: &Doc, floor: usize, se: usize, headline: bool) -> Option<Np> {
    let text = doc.text;
    if let Some(np) = np_ending_at(doc, floor, se, headline) {
        return Some(np);
    }
    let head = text.get(floor..se)?.trim_end();
    let close = head.strip_suffix(',')?;
    let open = close.rfind(',')?;
    let name = close.get(open + 1..)?.trim();
    let words: Vec<&str> = name.split_whitespace().collect();
    let is_name = (1..=4).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    if !is_name {
        return None;
    }
    np_ending_at(doc, floor, floor + close.len(), headline)
        .or_else(|| np_ending_at(doc, floor, floor + open, headline))
}

/// The speaker phrase ending at `end` (no further left than `floor`), if any.
pub fn np_ending_at(doc: &Doc, floor: usize, end: usize, headline: bool) -> Option<Np> {
    let text = doc.text;
    let head = text.get(floor..end)?;
    let e = floor + head.trim_end().len();
    if e <= floor {
        return None;
    }
    // A named entity.
    if let Some(m) = doc
        .mentions_in(floor.max(e.saturating_sub(NAME_REACH)), e)
        .iter()
        .rev()
        .find(|m| !m.nested && m.span.end == e)
    {
        let ent = doc.entity(&m.entity)?;
        if ent.kind == "person" {
            let title = doc
                .titles_in(m.span.start.saturating_sub(NAME_REACH), m.span.start)
                .iter()
                .rev()
                .find(|t| {
                    t.end <= m.span.start
                        && text
                            .get(t.end..m.span.start)
                            .is_some_and(|g| g.trim().is_empty())
                });
            let group = title
                .and_then(|t| doc.gaz.titles.info.get(t.pat))
                .map(|i| i.group.clone());
            let mut start = title.map(|t| t.start).unwrap_or(m.span.start);
            // "Russian Deputy Foreign Minister Sergei Ryabkov": names before the title belong
            // to the phrase.
            if title.is_some() {
                for _ in 0..3 {
                    let prev = doc
                        .mentions_in(start.saturating_sub(NAME_REACH), start)
                        .iter()
                        .rev()
                        .find(|x| {
                            !x.nested
                                && x.span.start >= floor
                                && text
                                    .get(x.span.end..start)
                                    .is_some_and(|g| g.trim().is_empty())
                        });
                    match prev {
                        Some(x) => start = x.span.start,
                        None => break,
                    }
                }
            }
            return Some(Np {
                span: Span::new(start, m.span.end),
                r: Ref::Named {
                    entity: m.entity.clone(),
                    group,
                    gender: ent.gender,
                },
            });
        }
        if m.kind == crate::extract::MentionKind::Demonym {
            return None;
        }
        // "the state-run RIA", "the Kremlin": the article and a few lower-case modifiers.
        let mut start = m.span.start;
        let mut probe = m.span.start;
        for _ in 0..4 {
            let Some((ws, w)) = last_word(text, floor, probe) else {
                break;
            };
            if !text
                .get(ws + w.len()..probe)
                .is_some_and(|g| g.trim().is_empty())
            {
                break;
            }
            if lower_in(w, DEFINITE) || lower_in(w, INDEFINITE) {
                start = ws;
                break;
            }
            if lower_in(w, STOP) || !w.chars().next().is_some_and(char::is_lowercase) {
                break;
            }
            probe = ws;
        }
        // A name after a preposition is no subject ("the document handed to NATO"), unless
        // a title stands before it ("the head of NATO", "officials in Washington").
        if let Some((ps, p)) = last_word(text, floor, start) {
            let adjacent = text
                .get(ps + p.len()..start)
                .is_some_and(|g| g.trim().is_empty());
            if adjacent && lower_in(p, PREPOSITIONS) {
                // "a statement from the Kremlin", "a statement issued by the Kremlin": the
                // author speaks.
                if lower_in(p, &["by", "from", "of"]) {
                    let before = last_word(text, floor, ps);
                    let doc_noun =
                        before
                            .filter(|(_, n)| lower_in(n, DOCUMENT_NOUNS))
                            .or_else(|| {
                                before
                                    .and_then(|(vs, _)| last_word(text, floor, vs))
                                    .filter(|(_, n)| lower_in(n, DOCUMENT_NOUNS))
                            });
                    if let Some((ns, _)) = doc_noun {
                        return Some(Np {
                            span: Span::new(ns, m.span.end),
                            r: Ref::Collective(m.entity.clone()),
                        });
                    }
                    if lower_eq(p, "by") {
                        return None;
                    }
                }
                let to = lower_eq(p, "to");
                if !to && !lower_in(p, TITLE_PREPOSITIONS) {
                    return None;
                }
                // "sources close to the Kremlin": the title stands before "close".
                let mut title_end = ps;
                if to {
                    if let Some((cs, c)) = last_word(text, floor, ps) {
                        if lower_eq(c, "close") {
                            title_end = cs;
                        }
                    }
                }
                let described = np_ending_at(doc, floor, title_end, headline)
                    .filter(|np| matches!(np.r, Ref::Description(_)));
                let Some(Np {
                    span,
                    r: Ref::Description(mut d),
                }) = described
                else {
                    // "the press service of the Kremlin": the body, as when named alone.
                    if lower_in(p, &["of", "for", "from"]) {
                        return Some(Np {
                            span: Span::new(start, m.span.end),
                            r: Ref::Collective(m.entity.clone()),
                        });
                    }
                    return None;
                };
                // "the US envoy to NATO" is an envoy of the US, not of NATO; but officials
                // close to a body are its officials.
                if !to || title_end != ps {
                    d.modifiers.push(m.entity.clone());
                }
                return Some(Np {
                    span: Span::new(span.start, m.span.end),
                    r: Ref::Description(d),
                });
            }
        }
        return Some(Np {
            span: Span::new(start, m.span.end),
            r: Ref::Collective(m.entity.clone()),
        });
    }
    // A title with its modifiers.
    if let Some(t) = doc
        .titles_in(floor.max(e.saturating_sub(NAME_REACH)), e)
        .iter()
        .rev()
        .find(|t| t.end == e)
    {
        let info = doc.gaz.titles.info.get(t.pat)?;
        let form = text.get(t.start..t.end)?.to_lowercase();
        let mut d = Description {
            definite: false,
            indefinite: false,
            plural: info.plural,
            group: info.group.clone(),
            form,
            gender: info.gender,
            generic: info.generic,
            modifiers: vec![],
            unnamed_body: None,
            past: false,
        };
        let mut pos = t.start;
        let mut start = t.start;
        for _ in 0..8 {
            let before = text.get(floor..pos).unwrap_or("");
            let bt = before.trim_end();
            let bend = floor + bt.len();
            if bend == floor {
                break;
            }
            // A possessive: "Russia's deputy foreign minister".
            let (bend2, possessive) = if bt.ends_with("'s") || bt.ends_with("\u{2019}s") {
                (bend - if bt.ends_with("'s") { 2 } else { 4 }, true)
            } else {
                (bend, false)
            };
            if let Some(m) = doc
                .mentions_in(floor.max(bend2.saturating_sub(NAME_REACH)), bend2)
                .iter()
                .rev()
                .find(|m| m.span.end == bend2 && !m.nested)
            {
                d.modifiers.insert(0, m.entity.clone());
                pos = m.span.start;
                start = pos;
                if possessive {
                    d.definite = true;
                    break;
                }
                continue;
            }
            if possessive {
                // "the country's foreign minister": the state in focus.
                if let Some((ws, w)) = last_word(text, floor, bend2) {
                    if ws + w.len() == bend2 && lower_in(w, FOCUS_NOUNS) {
                        if let Some(id) = state_in_focus(doc, ws) {
                            d.modifiers.insert(0, id);
                            d.definite = true;
                            start = last_word(text, floor, ws)
                                .filter(|(ds, det)| {
                                    lower_in(det, DEFINITE)
                                        && text
                                            .get(ds + det.len()..ws)
                                            .is_some_and(|g| g.trim().is_empty())
                                })
                                .map_or(ws, |(ds, _)| ds);
                        }
                    }
                }
                break;
            }
            if let Some(t2) = doc
                .titles_in(floor.max(bend.saturating_sub(NAME_REACH)), bend)
                .iter()
                .rev()
                .find(|x| x.end == bend)
            {
                // "Kremlin spokesman" after "chief": titles stacked as modifiers.
                if text
                    .get(t2.start..t2.end)
                    .is_some_and(|x| lower_eq(x, "chief"))
                {
                    top_diplomat(doc, &mut d);
                }
                pos = t2.start;
                start = pos;
                continue;
            }
            let Some((ws, w)) = last_word(text, floor, bend) else {
                break;
            };
            if ws + w.len() != bend {
                break;
            }
            if lower_in(w, DEFINITE) {
                d.definite = true;
                start = ws;
                break;
            }
            if lower_in(w, INDEFINITE) {
                d.indefinite = true;
                start = ws;
                break;
            }
            // Lower case turns no letter into a digit nor a digit into anything else.
            if lower_in(w, STOP) || w.chars().all(|c| c.is_ascii_digit()) {
                break;
            }
            if lower_eq(w, "top") {
                top_diplomat(doc, &mut d);
            }
            // "the former president": not whoever holds the office today, only someone
            // already in the story.
            if lower_in(w, PAST_HOLDER) {
                d.generic = true;
                d.past = true;
            }
            if let Some(h) = doc.gaz.unnamed.longest(w).first() {
                if h.start == 0 && h.end == w.len() {
                    if let Some(&ix) = doc.gaz.unnamed.info.get(h.pat) {
                        d.unnamed_body = doc.gaz.schema.entities.get(ix).map(|e| e.id.clone());
                    }
                }
            }
            pos = ws;
            start = ws;
        }
        // A headline drops its articles: "Officials say" is indefinite, but "German
        // Chancellor says" still names one office holder.
        if !d.definite && !d.indefinite && (d.plural || headline && d.generic) {
            d.indefinite = true;
        }
        return Some(Np {
            span: Span::new(start, t.end),
            r: Ref::Description(d),
        });
    }
    let (ws, w) = last_word(text, floor, e)?;
    if ws + w.len() != e {
        return None;
    }
    // Object forms too: "according to him".
    let r = if lower_in(w, &["he", "him"]) {
        Ref::Pronoun {
            gender: Some(Gender::Male),
            plural: false,
        }
    } else if lower_in(w, &["she", "her"]) {
        Ref::Pronoun {
            gender: Some(Gender::Female),
            plural: false,
        }
    } else if lower_eq(w, "it") {
        Ref::Pronoun {
            gender: None,
            plural: false,
        }
    } else if lower_in(w, &["they", "them"]) {
        Ref::Pronoun {
            gender: None,
            plural: true,
        }
    } else if lower_in(w, &["which", "who", "that"]) {
        Ref::Relative
    } else if lower_in(w, DOCUMENT_NOUNS) {
        // "the statement said": the text speaks for whoever issued it.
        let (ds, det) = last_word(text, floor, ws)?;
        if !(lower_in(det, DEFINITE)
            && text
                .get(ds + det.len()..ws)
                .is_some_and(|g| g.trim().is_empty()))
        {
            return None;
        }
        return Some(Np {
            span: Span::new(ds, e),
            r: Ref::Document,
        });
    } else if lower_in(w, SIDE_NOUNS) {
        return side_of(doc, floor, ws, e, headline).or_else(|| body_by_noun(doc, ws, w));
    } else {
        return body_by_noun(doc, ws, w);
    };
    Some(Np {
        span: Span::new(ws, e),
        r,
    })
}

/// "the Russian side", "the American delegation", "the head of the Iranian delegation": a
/// noun for the people acting for a state or body, after the name or adjective of it.
fn side_of(doc: &Doc, floor: usize, ws: usize, e: usize, headline: bool) -> Option<Np> {
    let text = doc.text;
    let m = doc
        .mentions_in(floor.max(ws.saturating_sub(NAME_REACH)), ws)
        .iter()
        .rev()
        .find(|m| {
            !m.nested
                && text
                    .get(m.span.end..ws)
                    .is_some_and(|g| !g.is_empty() && g.trim().is_empty())
        })?;
    let kind = doc.entity(&m.entity)?.kind.as_str();
    if !matches!(kind, "country" | "body" | "organization" | "group") {
        return None;
    }
    let mut start = m.span.start;
    if let Some((ds, det)) = last_word(text, floor, start) {
        if lower_in(det, DEFINITE)
            && text
                .get(ds + det.len()..start)
                .is_some_and(|g| g.trim().is_empty())
        {
            start = ds;
        }
    }
    // "the head of the Russian delegation": the title's holder for that state.
    if let Some((ps, p)) = last_word(text, floor, start) {
        if lower_eq(p, "of")
            && text
                .get(ps + p.len()..start)
                .is_some_and(|g| g.trim().is_empty())
        {
            if let Some(Np {
                span,
                r: Ref::Description(mut d),
            }) = np_ending_at(doc, floor, ps, headline)
            {
                d.modifiers.push(m.entity.clone());
                // The head of a delegation is whoever led it, not the head of the state.
                if LEADER_WORDS.contains(&d.form.as_str()) {
                    d.generic = true;
                }
                return Some(Np {
                    span: Span::new(span.start, e),
                    r: Ref::Description(d),
                });
            }
            return None;
        }
    }
    Some(Np {
        span: Span::new(start, e),
        r: Ref::Collective(m.entity.clone()),
    })
}

/// The state a sentence is about at `pos`: the first state named in the sentence before
/// `pos`, else the first named in the sentence before it.
fn state_in_focus(doc: &Doc, pos: usize) -> Option<EntityId> {
    let si = doc.sentence_at(pos)?;
    let (cur, _) = *doc.sentences.get(si)?;
    let first_state = |from: usize, to: usize| {
        doc.mentions_in(from, to)
            .iter()
            .filter(|m| !m.nested && m.span.end <= pos)
            .find(|m| doc.entity(&m.entity).is_some_and(|e| e.kind == "country"))
            .map(|m| m.entity.clone())
    };
    first_state(cur.start, pos).or_else(|| {
        let (prev, _) = *doc.sentences.get(si.checked_sub(1)?)?;
        first_state(prev.start, prev.end)
    })
}

/// "top diplomat", "chief diplomat": the foreign minister, whatever the state calls the
/// office (a "diplomat" description after "top" or "chief").
fn top_diplomat(doc: &Doc, d: &mut Description) {
    if d.form != "diplomat" {
        return;
    }
    d.form = "top diplomat".to_string();
    d.generic = false;
    d.group = doc
        .gaz
        .title_group_of("foreign minister")
        .map_or_else(|| "foreign minister".to_string(), |t| t.group.clone());
}

/// "the ministry", "the council", "the agency": the last body, organization or outlet named
/// before whose name has that word.
fn body_by_noun(doc: &Doc, ws: usize, w: &str) -> Option<Np> {
    let text = doc.text;
    if !w.chars().all(|c| c.is_alphabetic()) {
        return None;
    }
    // Lower case, copied only when not ASCII.
    let noun = if w.is_ascii() {
        std::borrow::Cow::Borrowed(w)
    } else {
        std::borrow::Cow::Owned(w.to_lowercase())
    };
    if noun.len() < 4 {
        return None;
    }
    let (ds, det) = last_word(text, ws.saturating_sub(8), ws)?;
    if !det.eq_ignore_ascii_case("the") {
        return None;
    }
    let m = doc
        .mentions_in(ws.saturating_sub(5_000), ds)
        .iter()
        .rev()
        .find(|m| {
            doc.entity(&m.entity).is_some_and(|e| {
                matches!(e.kind.as_str(), "body" | "organization" | "media")
                    && e.names().any(|n| {
                        n.split(|c: char| !c.is_alphanumeric())
                            .any(|x| x.eq_ignore_ascii_case(&noun))
                    })
            })
        })?;
    Some(Np {
        span: Span::new(ds, ws + w.len()),
        r: Ref::Collective(m.entity.clone()),
    })
}

/// The speaker phrase starting at `start` ("said the spokesman", "according to X"): the
/// longest run of names and titles within a few words, read back from its end.
pub fn np_starting_at(doc: &Doc, start: usize, limit: usize, headline: bool) -> Option<Np> {
    let text = doc.text;
    let seg = text.get(start..limit)?;
    let lead = seg.len() - seg.trim_start().len();
    let s = start + lead;
    // The phrase must begin within four words.
    let window_end = {
        let mut n = 0;
        let mut end = limit;
        for (i, c) in text.get(s..limit)?.char_indices() {
            if c == ' ' {
                n += 1;
                if n == 5 {
                    end = s + i;
                    break;
                }
            }
            if matches!(c, ',' | '.' | ';' | ':' | '"' | '\u{201c}' | '\u{201d}') && i > 0 {
                end = s + i;
                break;
            }
        }
        end
    };
    // The earliest end of a name, title or pronoun that starts in the window.
    let pronoun = first_word(text, s, limit)
        .filter(|(_, w)| lower_in(w, &["he", "she", "they", "it", "him", "her", "them"]))
        .map(|(ws, w)| ws + w.len());
    let mut end = doc
        .mentions_in(s, window_end)
        .iter()
        .filter(|m| !m.nested)
        .map(|m| m.span.end)
        .chain(doc.titles_in(s, window_end).iter().map(|t| t.end))
        .chain(pronoun)
        .min()?;
    // Extend over adjacent names and titles ("Kremlin spokesman Dmitry Peskov").
    loop {
        let next = doc
            .mentions_in(end, limit)
            .iter()
            .filter(|m| !m.nested)
            .map(|m| (m.span.start, m.span.end))
            .chain(doc.titles_in(end, limit).iter().map(|t| (t.start, t.end)))
            .filter(|(a, b)| {
                *a >= end && *b <= limit && text.get(end..*a).is_some_and(|g| g.trim().is_empty())
            })
            .map(|(_, b)| b)
            .max();
        match next {
            Some(b) if b > end => end = b,
            _ => break,
        }
    }
    if modifies_noun(doc, end, limit) {
        return None;
    }
    np_ending_at(doc, s, end, headline)
}

/// True when the name or title ending at `end` only modifies a noun after it that is no
/// title: "a Moscow-based trader", "a Kyiv resident." (the noun last in its phrase; not a
/// verb: "Ryabkov said, ...").
fn modifies_noun(doc: &Doc, end: usize, limit: usize) -> bool {
    let text = doc.text;
    let rest = text.get(end..limit).unwrap_or("");
    let mut chars = rest.chars();
    if chars.next() == Some('-') && chars.next().is_some_and(char::is_alphabetic) {
        return true;
    }
    let Some(r) = rest.strip_prefix(' ') else {
        return false;
    };
    let len = r.find(|c: char| !c.is_alphabetic()).unwrap_or(r.len());
    let (w, after) = r.split_at(len);
    !w.is_empty()
        && w.chars().all(char::is_lowercase)
        && !lower_in(w, PREPOSITIONS)
        && !lower_in(
            w,
            &[
                "and", "or", "but", "while", "who", "which", "that", "as", "when",
            ],
        )
        && !FILLER_SET.contains(w)
        && !lower_ends_with(w, "ed")
        && (after.is_empty() || after.starts_with(['.', ',', ';', ':', '!', '?']))
        && doc.cues_in(end + 1, end + 1 + len).is_empty()
}

fn first_word(text: &str, s: usize, limit: usize) -> Option<(usize, &str)> {
    let seg = text.get(s..limit)?;
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.get(lead..)?;
    let len = t
        .char_indices()
        .find(|(_, c)| !c.is_alphanumeric())
        .map(|(i, _)| i)
        .unwrap_or(t.len());
    Some((s + lead, t.get(..len)?))
}

/// Speakers met so far in the document, most recent last.
#[derive(Debug, Clone, Default)]
pub struct History {
    /// Resolved speakers in text order.
    pub actors: Vec<Actor>,
}

impl History {
    /// Records a speaker.
    pub fn push(&mut self, a: Actor) {
        self.actors.push(a);
    }
}

/// How far back a quotation may open and still hold a position (quotes are sorted by start).
const QUOTE_LOOKBACK: usize = 4_000;

/// True when `pos` lies inside a quotation: a name quoted is not the subject of a sentence.
fn in_quote(doc: &Doc, pos: usize) -> bool {
    let (_, qs) = doc.quotes_in(pos.saturating_sub(QUOTE_LOOKBACK), pos.saturating_add(1));
    qs.iter().any(|q| q.outer.start <= pos && pos < q.outer.end)
}

/// An actor for an entity named in the text.
fn named_actor(e: &crate::schema::Entity, at: usize) -> Actor {
    let personal = e.kind == "person";
    Actor {
        entity: e.id.clone(),
        personal,
        gender: if personal { e.gender } else { None },
        group: None,
        at,
    }
}

/// The entity named as the subject of the sentence before `pos` ("The Kremlin spokesperson,
/// Dmitry Peskov, was more cautious."): the first person (or, when `personal` is false, the
/// first state or body) named within its first words, outside quotations and before any
/// reporting verb.
fn previous_subject(doc: &Doc, pos: usize, personal: bool) -> Option<Actor> {
    let si = doc.sentence_at(pos)?;
    let (prev, _) = *doc.sentences.get(si.checked_sub(1)?)?;
    let m = doc.mentions_in(prev.start, prev.end).iter().find(|m| {
        !m.nested
            && m.kind != crate::extract::MentionKind::Demonym
            && !in_quote(doc, m.span.start)
            && doc.entity(&m.entity).is_some_and(|e| {
                if personal {
                    e.kind == "person"
                } else {
                    matches!(e.kind.as_str(), "country" | "body" | "organization")
                }
            })
    })?;
    let e = doc.entity(&m.entity)?;
    let lead = Span::new(prev.start, m.span.start);
    let early = lead.slice(doc.text).split_whitespace().count() <= 6;
    let no_cue = doc.cues_in(prev.start, m.span.start).is_empty();
    (early && no_cue).then(|| named_actor(e, m.span.start))
}

/// The person who is the subject of the last sentence before `pos` in its paragraph that
/// has one (named within its first six words, before any reporting verb), looking back at
/// most three sentences.
fn paragraph_subject(doc: &Doc, pos: usize) -> Option<Actor> {
    let si = doc.sentence_at(pos)?;
    let &(_, pi) = doc.sentences.get(si)?;
    for k in (si.saturating_sub(3)..si).rev() {
        let &(sent, p) = doc.sentences.get(k)?;
        if p != pi {
            return None;
        }
        let m = doc.mentions_in(sent.start, sent.end).iter().find(|m| {
            !m.nested
                && m.kind != crate::extract::MentionKind::Demonym
                && !in_quote(doc, m.span.start)
                && doc.entity(&m.entity).is_some_and(|e| e.kind == "person")
        });
        let Some(m) = m else { continue };
        let lead = Span::new(sent.start, m.span.start);
        let early = lead.slice(doc.text).split_whitespace().count() <= 6;
        if early && doc.cues_in(sent.start, m.span.start).is_empty() {
            return doc.entity(&m.entity).map(|e| named_actor(e, m.span.start));
        }
    }
    None
}

/// The person whose name opens the sentence before `pos`, alone or after a title in
/// capitals ("Deputy Secretary of State Wendy Sherman spoke for hours.").
fn opening_person(doc: &Doc, pos: usize) -> Option<Actor> {
    let si = doc.sentence_at(pos)?;
    let (prev, _) = *doc.sentences.get(si.checked_sub(1)?)?;
    let m = doc
        .mentions_in(prev.start, prev.end)
        .iter()
        .find(|m| !m.nested && m.kind != crate::extract::MentionKind::Demonym)?;
    let e = doc.entity(&m.entity).filter(|e| e.kind == "person")?;
    let lead = doc.text.get(prev.start..m.span.start)?;
    let titled = || {
        lead.split_whitespace()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase))
            && doc
                .titles_in(prev.start, m.span.start)
                .iter()
                .any(|t| t.end <= m.span.start)
    };
    (lead.trim().is_empty() || titled()).then(|| named_actor(e, m.span.start))
}

/// Persons named from the start of the previous sentence up to `pos`, in text order: the
/// antecedents of "he" or "the diplomat" when no earlier speaker fits.
fn recent_persons(doc: &Doc, pos: usize) -> Vec<Actor> {
    let Some(si) = doc.sentence_at(pos) else {
        return vec![];
    };
    let from = doc
        .sentences
        .get(si.saturating_sub(1))
        .map(|s| s.0.start)
        .unwrap_or(pos);
    doc.mentions_in(from, pos)
        .iter()
        .filter(|m| !m.nested && m.span.end <= pos)
        .filter_map(|m| {
            let e = doc.entity(&m.entity)?;
            (e.kind == "person").then(|| named_actor(e, m.span.start))
        })
        .collect()
}

/// True when a phrase at `at` is still in focus at `pos`: in the same sentence or the one
/// before, or anywhere in the paragraph before when `pos` is in the first sentence of its
/// paragraph ("he said" opening a paragraph after a paragraph of quotes).
fn in_focus(doc: &Doc, at: usize, pos: usize) -> bool {
    if at >= pos {
        return false;
    }
    let Some(si) = doc.sentence_at(pos) else {
        return false;
    };
    let Some(&(_, pi)) = doc.sentences.get(si) else {
        return false;
    };
    let Some(&(prev, ppi)) = si.checked_sub(1).and_then(|j| doc.sentences.get(j)) else {
        return false;
    };
    let from = if ppi != pi {
        doc.paras
            .get(ppi)
            .map_or(prev.start, |p| p.span.start.min(prev.start))
    } else {
        prev.start
    };
    at >= from
}

/// Where the sentence of a speaker phrase at `pos` begins, for reading back: the start of
/// a quotation just before the phrase (`"...," the diplomat said`), whose own sentences are
/// not the context of the phrase, else `pos` itself.
fn anchor(doc: &Doc, pos: usize) -> usize {
    let Some(si) = doc.sentence_at(pos) else {
        return pos;
    };
    let Some(&(_, pi)) = doc.sentences.get(si) else {
        return pos;
    };
    let para = doc.paras.get(pi).map_or(pos, |p| p.span.start);
    let (_, qs) = doc.quotes_in(para, pos);
    qs.iter()
        .rev()
        .find(|q| {
            q.outer.end <= pos
                && doc
                    .text
                    .get(q.outer.end..pos)
                    .is_some_and(|g| !g.chars().any(char::is_alphanumeric))
        })
        .map_or(pos, |q| q.outer.start)
}

/// True when a phrase at `at` is in the paragraph of `pos` or one of the two before it.
fn near(doc: &Doc, at: usize, pos: usize) -> bool {
    let para_of = |p: usize| {
        doc.sentence_at(p)
            .and_then(|i| doc.sentences.get(i))
            .map(|&(_, pi)| pi)
    };
    match (para_of(at), para_of(pos)) {
        (Some(a), Some(b)) => at < pos && a + 2 >= b,
        _ => false,
    }
}

/// Resolves a speaker phrase to an entity.
pub fn resolve(doc: &Doc, np: &Np, hist: &History) -> Option<Actor> {
    let mut a = resolve_ref(doc, np, hist)?;
    a.at = np.span.start;
    Some(a)
}

fn resolve_ref(doc: &Doc, np: &Np, hist: &History) -> Option<Actor> {
    let pos = anchor(doc, np.span.start);
    match &np.r {
        Ref::Named {
            entity,
            group,
            gender,
        } => Some(Actor {
            entity: entity.clone(),
            personal: true,
            gender: *gender,
            group: group.clone(),
            at: 0,
        }),
        Ref::Collective(id) => Some(Actor {
            entity: id.clone(),
            personal: false,
            gender: None,
            group: None,
            at: 0,
        }),
        Ref::Relative => None,
        // The author of the statement just before, when it is near.
        Ref::Document => hist.actors.last().filter(|a| near(doc, a.at, pos)).cloned(),
        Ref::Pronoun {
            gender: Some(g),
            plural: false,
        } => {
            let g = *g;
            let fits = |a: &Actor| a.personal && a.gender.is_none_or(|x| x == g);
            // 1. The last person who spoke, while in focus: after a statement by one person
            //    about another, "he" is still the speaker.
            if let Some(a) = hist.actors.iter().rev().find(|a| a.personal) {
                if fits(a) && in_focus(doc, a.at, pos) {
                    return Some(a.clone());
                }
            }
            // 2. The person the previous sentence is about, of that gender.
            if let Some(a) = previous_subject(doc, pos, true).filter(|a| a.gender == Some(g)) {
                return Some(a);
            }
            // 3. The last speaker who may be meant, then a person named just before: of that
            //    gender first, then of unknown gender. A person of that gender who is the
            //    subject of an earlier sentence of this paragraph, named after that speaker,
            //    comes first ("Biden spoke with allies. The call was long. He said ...").
            //    A speaker of unknown gender (an unnamed official) does not outrank a person
            //    of that gender named just before ("... met Liz Truss. She said ...").
            let recent = recent_persons(doc, pos);
            let speaker = hist.actors.iter().rev().find(|a| fits(a));
            let named_before = recent.iter().rev().find(|a| a.gender == Some(g));
            if let Some(a) = speaker {
                if let Some(p) = paragraph_subject(doc, pos)
                    .filter(|p| p.gender == Some(g) && p.at > a.at && p.entity != a.entity)
                {
                    return Some(p);
                }
                if a.gender.is_none() {
                    if let Some(p) = named_before.filter(|p| p.at > a.at) {
                        return Some(p.clone());
                    }
                }
                return Some(a.clone());
            }
            if let Some(a) = recent
                .iter()
                .rev()
                .find(|a| a.gender == Some(g))
                .or_else(|| recent.iter().rev().find(|a| a.gender.is_none()))
            {
                return Some(a.clone());
            }
            // 4. A wrong pronoun (translations slip): the last person who spoke, or the person
            //    whose name opens the sentence before, when no other person is named just
            //    before. A person merely named elsewhere is never taken against the gender.
            let only = |x: &Actor| recent.iter().all(|a| a.entity == x.entity);
            if let Some(last) = hist.actors.iter().rev().find(|a| a.personal) {
                return only(last).then(|| last.clone());
            }
            opening_person(doc, pos).filter(only)
        }
        Ref::Pronoun { .. } => {
            // "it", "they": the last state or body that spoke, while in focus, else the one
            // the previous sentence is about, else the last speaker when it was one.
            let last = hist.actors.iter().rev().find(|a| !a.personal);
            if let Some(a) = last.filter(|a| in_focus(doc, a.at, pos)) {
                return Some(a.clone());
            }
            if let Some(a) = previous_subject(doc, pos, false) {
                return Some(a);
            }
            hist.actors.last().filter(|a| !a.personal).cloned()
        }
        Ref::Description(d) => {
            // Earlier speakers first, then persons named just before: the pool is the persons
            // named before, then the last six speakers, and only its last six are read, so
            // the persons named are gathered only when fewer than six speakers came before.
            let last: Vec<&Actor> = hist.actors.iter().rev().take(6).rev().collect();
            // The subject of the sentence before is more salient than the other persons
            // named there: it comes after them.
            let recent = if last.len() < 6 {
                let mut r = recent_persons(doc, pos);
                if let Some(subject) = previous_subject(doc, pos, true) {
                    r.retain(|a| a.entity != subject.entity);
                    r.push(subject);
                }
                r
            } else {
                Vec::new()
            };
            let pool: Vec<&Actor> = recent.iter().chain(last).collect();
            resolve_description(doc, d, &pool)
        }
    }
}

/// Titles that name the head of whatever state or body modifies them ("the German leader").
const LEADER_WORDS: &[&str] = &["leader", "head", "chief"];
/// Offices of a head of state or government, as news write them.
const HEADS_OF_STATE: &[&str] = &["president", "prime minister", "chancellor", "premier"];
/// Words of the offices of the head of a body or organization.
const HEADS_OF_BODY: &[&str] = &[
    "secretary general",
    "secretary-general",
    "director general",
    "director-general",
    "president",
    "chairman",
    "chair",
    "head",
    "chief",
    "director",
];

/// The counterpart in `state` of the person last in focus in `pool` (another state's): the
/// one person, named in the document or else alone in the schema, who holds there on the
/// document date an office of the same class as one of theirs.
fn counterpart(doc: &Doc, pool: &[&Actor], state: Option<&EntityId>) -> Option<Actor> {
    let schema = &doc.gaz.schema;
    let state = state?;
    let of_state = |id: &EntityId| id == state || schema.states_of(id).contains(state);
    let other = pool
        .iter()
        .rev()
        .find(|a| a.personal && !of_state(&a.entity))?;
    let person = doc.entity(&other.entity)?;
    let mut titles: Vec<String> = Vec::new();
    for r in person.roles_on(doc.date) {
        let t = r.title.to_lowercase();
        // Heads of state and of government are one another's counterparts.
        let heads = HEADS_OF_STATE
            .contains(&t.as_str())
            .then_some(HEADS_OF_STATE);
        match heads.or_else(|| {
            OFFICE_CLASSES
                .iter()
                .copied()
                .find(|c| c.contains(&t.as_str()))
        }) {
            Some(c) => titles.extend(c.iter().map(|x| (*x).to_string())),
            None => titles.push(t),
        }
    }
    let holds = |e: &crate::schema::Entity| {
        e.kind == "person"
            && e.roles_on(doc.date).any(|r| {
                titles.iter().any(|t| lower_eq(&r.title, t)) && r.of.as_ref().is_some_and(&of_state)
            })
    };
    let named: Vec<&crate::schema::Entity> = doc
        .mentioned
        .iter()
        .filter_map(|id| doc.entity(id))
        .filter(|e| holds(e))
        .collect();
    let pick = match named.as_slice() {
        [one] => Some(*one),
        [] => {
            let mut holders: Vec<&crate::schema::Entity> = Vec::new();
            for t in &titles {
                let group = doc
                    .gaz
                    .title_group_of(t)
                    .map_or_else(|| t.clone(), |g| g.group.clone());
                let words: Vec<&str> = t.split_whitespace().collect();
                doc.gaz.office_candidates(&group, &words, Some(state), |i| {
                    if let Some(e) = schema.entities.get(i).filter(|e| holds(e)) {
                        if !holders.iter().any(|x| x.id == e.id) {
                            holders.push(e);
                        }
                    }
                    holders.len() < 2
                });
            }
            match holders.as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        }
        _ => None,
    }?;
    Some(Actor {
        entity: pick.id.clone(),
        personal: true,
        gender: pick.gender,
        group: None,
        at: 0,
    })
}

/// The title group of the head of an office's title qualified by where it serves
/// ("Ambassador to the OSCE" -> "ambassador", "Special Envoy for Iran" -> "envoy"'s group).
fn head_group<'g>(doc: &'g Doc, title: &str) -> Option<&'g str> {
    let lower = title.to_lowercase();
    let cut = [" to ", " for ", " at ", " in "]
        .iter()
        .filter_map(|sep| lower.find(sep))
        .min()?;
    let head = title.get(..cut)?.trim();
    let head = head
        .rsplit(' ')
        .next()
        .filter(|_| doc.gaz.title_group_of(head).is_none())
        .unwrap_or(head);
    doc.gaz.title_group_of(head).map(|t| t.group.as_str())
}

/// Offices that states name differently: a description naming one (or "top diplomat")
/// fits a holder of any ("the top US diplomat" is the Secretary of State).
const OFFICE_CLASSES: &[&[&str]] = &[
    &[
        "foreign minister",
        "minister of foreign affairs",
        "secretary of state",
        "foreign secretary",
        "top diplomat",
    ],
    &[
        "deputy foreign minister",
        "deputy minister of foreign affairs",
        "deputy secretary of state",
    ],
    &[
        "defense minister",
        "defence minister",
        "minister of defense",
        "minister of defence",
        "secretary of defense",
        "defense secretary",
        "defence secretary",
    ],
];

/// True when an office of the schema (`title` as written there) is that of the head of a
/// state (`state`) or of a body: deputies and vice-holders are not heads.
fn is_head_title(title: &str, state: bool) -> bool {
    let t = title.to_lowercase();
    let words: Vec<&str> = t
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    if words
        .iter()
        .any(|w| matches!(*w, "deputy" | "vice" | "assistant" | "acting" | "former"))
    {
        return false;
    }
    if state {
        return HEADS_OF_STATE.contains(&words.join(" ").as_str());
    }
    let joined = format!(" {} ", words.join(" "));
    HEADS_OF_BODY
        .iter()
        .any(|h| joined.contains(&format!(" {h} ")))
}

/// Resolves a description; `pool` holds the candidate speakers, most recent last.
fn resolve_description(doc: &Doc, d: &Description, pool: &[&Actor]) -> Option<Actor> {
    let schema = &doc.gaz.schema;
    // The entities of the modifiers: bodies, and the states they or people belong to.
    let mut body: Option<EntityId> = None;
    let mut state: Option<EntityId> = None;
    for m in &d.modifiers {
        let Some(e) = doc.entity(m) else { continue };
        match e.kind.as_str() {
            "country" => {
                if body.is_none() {
                    state = Some(m.clone());
                }
            }
            "person" => state = schema.states_of(m).into_iter().next().or(state),
            // "a spokesman in Berlin": a capital, which names its state's government by
            // metonymy, stands for the state; another place stands for nobody.
            "place" => {
                if state.is_none() && body.is_none() {
                    state = e
                        .part_of
                        .iter()
                        .find(|s| {
                            doc.entity(s).is_some_and(|c| {
                                c.kind == "country" && c.metonyms.iter().any(|w| w == &e.name)
                            })
                        })
                        .cloned();
                }
            }
            _ => body = Some(m.clone()),
        }
    }
    let body_of = || {
        if d.past {
            return None;
        }
        body.clone()
            .or_else(|| state.clone())
            .or_else(|| d.unnamed_body.clone())
    };
    let unnamed = |id: EntityId| Actor {
        entity: id,
        personal: !d.plural,
        gender: d.gender,
        group: Some(d.group.clone()),
        at: 0,
    };
    if d.indefinite {
        return body_of().map(unnamed);
    }
    let in_scope = |id: &EntityId| -> bool {
        let scope = body.as_ref().or(state.as_ref());
        match scope {
            None => true,
            Some(s) => {
                id == s
                    || schema.states_of(id).contains(s)
                    || doc.entity(id).is_some_and(|e| e.part_of.contains(s))
            }
        }
    };
    let form = d.form.to_lowercase();
    let fw: Vec<&str> = form.split_whitespace().collect();
    // "the German leader", "the NATO chief": the head of the state or body named.
    let scope = body.as_ref().or(state.as_ref());
    let head_of_state = scope
        .and_then(|s| doc.entity(s))
        .is_some_and(|e| e.kind == "country");
    let leader =
        scope.is_some() && !d.generic && matches!(fw.as_slice(), [w] if LEADER_WORDS.contains(w));
    // "the top US diplomat": one office under the names different states give it (only
    // with a state named: "the Secretary of State" alone is no foreign minister).
    let class = OFFICE_CLASSES
        .iter()
        .copied()
        .find(|c| c.contains(&form.as_str()))
        .filter(|_| scope.is_some());
    // Holds an office of the description on the document date.
    let in_office = |e: &crate::schema::Entity| -> bool {
        e.roles_on(doc.date).any(|r| {
            let fits = if leader {
                is_head_title(&r.title, head_of_state)
            } else {
                doc.gaz.role_fits_words(&r.title, &d.group, &fw)
                    || class.is_some_and(|c| lower_in(&r.title, c))
                    || head_group(doc, &r.title).is_some_and(|g| g == d.group)
            };
            fits && r.of.as_ref().is_some_and(&in_scope)
        })
    };
    let holds = |a: &Actor| -> bool {
        a.group.as_deref() == Some(d.group.as_str()) || doc.entity(&a.entity).is_some_and(in_office)
    };
    let actor_in_scope = |a: &Actor| -> bool {
        let scope = body.as_ref().or(state.as_ref());
        match scope {
            None => true,
            // "the Kremlin official" after the Kremlin's spokesman spoke: one who holds an
            // office of the body named.
            Some(s) => {
                &a.entity == s
                    || schema.states_of(&a.entity).contains(s)
                    || doc
                        .entity(&a.entity)
                        .is_some_and(|e| e.roles_on(doc.date).any(|r| r.of.as_ref() == Some(s)))
            }
        }
    };
    // "the spokeswoman" is no man.
    let agrees =
        |g: Option<crate::schema::Gender>| d.gender.is_none() || g.is_none() || g == d.gender;
    // A past holder held an office of the description before the document date (or the
    // schema knows no office of theirs).
    let held_before = |a: &Actor| -> bool {
        if !d.past {
            return true;
        }
        doc.entity(&a.entity).is_none_or(|e| {
            e.roles.is_empty()
                || e.roles.iter().any(|r| {
                    !r.held_on(doc.date)
                        && doc.gaz.title_group_of(&r.title).map_or_else(
                            || doc.gaz.role_fits_words(&r.title, &d.group, &fw),
                            |t| t.group == d.group,
                        )
                        && r.of.as_ref().is_none_or(&in_scope)
                })
        })
    };
    // 0. "his Russian counterpart": the holder, in the state named, of the office of the
    //    person last in focus.
    if form == "counterpart" && !d.plural {
        if let Some(a) = counterpart(doc, pool, state.as_ref()) {
            return Some(a);
        }
    }
    // 1. An earlier speaker with this office (a generic title, which every office holder
    //    and unnamed official shares, goes to the last one who spoke: 3.).
    if !d.plural && !d.generic {
        if let Some(a) = pool.iter().rev().take(6).find(|a| {
            a.personal && holds(a) && actor_in_scope(a) && agrees(a.gender) && held_before(a)
        }) {
            return Some((*a).clone());
        }
    }
    // 2. The one person holding the office on the document date (preferring one the
    //    document names).
    if !d.plural && !d.generic {
        let fits =
            |e: &crate::schema::Entity| e.kind == "person" && agrees(e.gender) && in_office(e);
        // The holders the document names: every schema or provisional entity with a
        // mentioned id (counted as a scan of all holders would count them).
        let mut named: Vec<&crate::schema::Entity> = Vec::new();
        for id in &doc.mentioned {
            named.extend(schema.entity(id).filter(|e| fits(e)));
            named.extend(doc.provisional_entity(id).filter(|e| fits(e)));
        }
        // The first two holders in schema order, then provisional ones: the index gives
        // the candidates, so the dictionary's size does not matter.
        let mut holders: Vec<&crate::schema::Entity> = Vec::new();
        let alternatives = if leader && head_of_state {
            Some(HEADS_OF_STATE)
        } else if leader {
            Some(HEADS_OF_BODY)
        } else {
            class
        };
        if let Some(titles) = alternatives {
            // The holders of each office of the class, read through the index of offices.
            for h in titles {
                let group = doc
                    .gaz
                    .title_group_of(h)
                    .map_or_else(|| (*h).to_string(), |t| t.group.clone());
                let words: Vec<&str> = h.split_whitespace().collect();
                doc.gaz.office_candidates(&group, &words, scope, |i| {
                    if let Some(e) = schema.entities.get(i).filter(|e| fits(e)) {
                        if !holders.iter().any(|x| x.id == e.id) {
                            holders.push(e);
                        }
                    }
                    holders.len() < 2
                });
            }
        } else {
            doc.gaz.office_candidates(&d.group, &fw, scope, |i| {
                holders.extend(schema.entities.get(i).filter(|e| fits(e)));
                holders.len() < 2
            });
        }
        for e in &doc.provisional {
            if holders.len() >= 2 {
                break;
            }
            if fits(e) {
                holders.push(e);
            }
        }
        // With no state or body named, the one holder in the schemas of an office named by
        // one word is taken only when the document names the state or body of the office:
        // a bare "the leader" in an article about one country is not the only leader some
        // other story's schema holds, while "the Secretary of State" names its office.
        let office_named = |e: &crate::schema::Entity| -> bool {
            e.roles_on(doc.date).any(|r| {
                r.of.as_ref().is_some_and(|of| {
                    doc.mentioned.iter().any(|m| {
                        m == of
                            || schema.states_of(of).contains(m)
                            || doc.entity(of).is_some_and(|b| b.part_of.contains(m))
                    })
                })
            })
        };
        let pick = if named.len() == 1 {
            named.first().copied()
        } else if holders.len() == 1
            && (body.is_some()
                || state.is_some()
                || (doc.date.is_some()
                    && (fw.len() > 1 || holders.first().is_some_and(|e| office_named(e)))))
        {
            holders.first().copied()
        } else {
            None
        };
        if let Some(e) = pick {
            return Some(Actor {
                entity: e.id.clone(),
                personal: true,
                gender: e.gender,
                group: Some(d.group.clone()),
                at: 0,
            });
        }
    }
    // 3. "the official", "the diplomat": the last office holder who spoke.
    if d.generic && !d.plural {
        if let Some(a) = pool
            .iter()
            .rev()
            .take(6)
            .find(|a| a.personal && actor_in_scope(a) && agrees(a.gender) && held_before(a))
        {
            return Some((*a).clone());
        }
    }
    // 4. The body or state named for an unnamed official.
    body_of().map(unnamed)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Text with the characters whose lower case is unusual: İ (two characters), the Kelvin
    /// sign (an ASCII k), Σ (σ or ς by context), and the whitespace `u8::is_ascii_whitespace`
    /// leaves out.
    const ODD: &str =
        "[a-zA-Z0-9 ,.:'\u{2019}\u{0130}\u{212a}\u{03a3}\u{00e9}\u{00a0}\u{0085}\u{000b}-]{0,24}";

    const WORDS: &[&str] = &["he", "the", "that", "and", "ok", "it", "i\u{307}", "k"];
    const PREFIXES: &[&str] = &[
        "on ",
        "late ",
        "by ",
        "quot",
        "in turn",
        "yesterday",
        "i",
        "k",
    ];
    const SUFFIXES: &[&str] = &["ing", ":", ",", "that", "i", "k"];

    /// The shipped schemas, compiled once for the tests of resolution.
    static GAZ: std::sync::LazyLock<crate::extract::Gazetteer> = std::sync::LazyLock::new(|| {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas");
        let schema = crate::schema::Schema::load(&dir).unwrap_or_else(|e| panic!("{e:?}"));
        crate::extract::Gazetteer::new(&schema)
    });

    /// The speaker of the statement of `text` whose words hold `marker` (None: no statement
    /// holds it).
    fn speaker_of(text: &str, marker: &str) -> Option<String> {
        let doc = crate::corpus::Document::from_text("t", text.to_string());
        let facts = crate::extract::extract(&GAZ, &doc);
        facts
            .statements
            .iter()
            .find(|s| s.text.contains(marker))
            .map(|s| s.speaker.as_str().to_string())
    }

    fn check_speakers(cases: &[(&str, &str, Option<&str>)]) {
        for (text, marker, want) in cases {
            let text = format!(" date 2022-02-15\nTalks go on\n\n{text}\n");
            assert_eq!(
                speaker_of(&text, marker).as_deref(),
                *want,
                "{marker:?} in {text:?}"
            );
        }
    }

    #[test]
    fn pronouns_follow_salience_and_gender() {
        check_speakers(&[
            // An unnamed official of unknown gender spoke before; "she" is the woman named
            // since.
            (
                "A spokesperson for the German government said Berlin was in contact with allies.\nDmitry Peskov said Russia would answer. His remarks came as Lavrov met Liz Truss. She said the talks were difficult.",
                "talks were difficult",
                Some("liz_truss"),
            ),
            // The subject of this paragraph, named after an earlier paragraph's speaker.
            (
                "Sergei Lavrov said the talks were over.\nJoe Biden spoke with allies on Monday. The call was long. He said afterwards that the allies were united.",
                "allies were united",
                Some("joe_biden"),
            ),
            // The last speaker, not the person the statement was about.
            (
                "Sergei Lavrov said Antony Blinken had offered nothing new. He said the answer would come in writing.",
                "answer would come",
                Some("sergei_lavrov"),
            ),
            // The subject, not a person named before it in the sentence.
            (
                "After a dinner with Antony Blinken, Sergei Lavrov said the mood was calm. He added that the next round would be in spring.",
                "next round",
                Some("sergei_lavrov"),
            ),
            // A name inside a quotation is not what the next sentence is about.
            (
                "\"Blinken knows our terms,\" Lavrov told reporters on the plane.\n\nHe added that the ball was in the court of the West.",
                "ball was in the court",
                Some("sergei_lavrov"),
            ),
            // Gender from the schema: she is not the man named last.
            (
                "Wendy Sherman sat across from Sergei Ryabkov for eight hours. She said the exchange had been frank.",
                "exchange had been frank",
                Some("wendy_sherman"),
            ),
            // A man named in passing is not "she": the statement is left unattributed.
            (
                "The talks with Sergei Ryabkov ran for eight hours. She said the mood was tense.",
                "mood was tense",
                None,
            ),
            // A slip of the pronoun is forgiven when one person alone opens the sentence before.
            (
                "Sergei Ryabkov arrived in the city on Sunday. She said the hotel was full.",
                "hotel was full",
                Some("sergei_ryabkov"),
            ),
            // "it": the body that spoke just before.
            (
                "The Kremlin said the proposals were a package. It added that the reply would be studied.",
                "reply would be studied",
                Some("kremlin"),
            ),
        ]);
    }

    #[test]
    fn descriptions_resolve_through_dated_offices() {
        check_speakers(&[
            ("Russia's top diplomat said the reply was late.", "reply was late", Some("sergei_lavrov")),
            ("The top US diplomat said the door remained open.", "door remained open", Some("antony_blinken")),
            ("Germany's chief diplomat said the pipeline was on the table.", "pipeline was on the table", Some("annalena_baerbock")),
            ("Olaf Scholz flew to Moscow on Tuesday. The German leader said war in Europe was unthinkable.", "unthinkable", Some("olaf_scholz")),
            ("The NATO chief said allies were united.", "allies were united", Some("jens_stoltenberg")),
            ("Ukraine will not give up on joining NATO, the country's foreign minister said.", "not give up", Some("dmytro_kuleba")),
            ("Antony Blinken met his Russian counterpart in Geneva. His Russian counterpart said the talks were useful.", "talks were useful", Some("sergei_lavrov")),
            // An aside in brackets between a subject and its verb.
            ("NATO Secretary General Jens Stoltenberg (pictured) said the door stayed open.", "door stayed open", Some("jens_stoltenberg")),
            // A parenthetical opened by a past participle.
            ("Psaki, asked about the reports, said the White House would not comment.", "would not comment", Some("jen_psaki")),
            // The subject of the sentence before, not the person named after it.
            ("Sergei Ryabkov met Wendy Sherman for dinner. The diplomat said the talks would be hard.", "talks would be hard", Some("sergei_ryabkov")),
            // A title's gender rules out a holder of the other.
            ("Dmitry Peskov spoke after Maria Zakharova. The spokeswoman said the claims were false.", "claims were false", Some("maria_zakharova")),
            // An office qualified by where it serves is still of its title's group.
            ("Anatoly Antonov met officials at the State Department. The Russian envoy said the talks were useful.", "talks were useful", Some("anatoly_antonov")),
            // A former holder is not today's.
            ("The former US president said the deal was bad.", "deal was bad", None),
            ("Donald Trump spoke at a rally. The former president said the deal was bad.", "deal was bad", Some("donald_trump")),
            ("Donald Trump said the tariffs worked. Joe Biden said the deal was good. The former president said it was a disaster.", "was a disaster", Some("donald_trump")),
            // An office as a body: the state it belongs to.
            ("The French presidency said the call had been useful.", "call had been useful", Some("france")),
            // Those acting for a state, and the head of a delegation (not of the state).
            ("The Russian side said the proposals were a package.", "were a package", Some("russia")),
            ("Sergei Ryabkov led the talks in Geneva. The head of the Russian delegation said the gap was wide.", "gap was wide", Some("sergei_ryabkov")),
            ("The head of the Russian delegation said the gap was wide.", "gap was wide", Some("russia")),
            ("A senior State Department official said the offer stood.", "offer stood", Some("us_state_department")),
            ("A senior administration official said sanctions were ready.", "sanctions were ready", Some("united_states")),
            ("A spokesman in Berlin said the date was not fixed.", "date was not fixed", Some("germany")),
            ("The deputy secretary said the allies would be consulted.", "allies would be consulted", Some("wendy_sherman")),
            // A generic title goes to the last who spoke, not to an earlier unnamed official.
            ("A Kremlin official said the offer was late. Sergei Ryabkov said the reply would come. \"We will wait,\" the diplomat stressed.", "We will wait", Some("sergei_ryabkov")),
            // "the Secretary" of a readout: the one secretary the document names.
            ("Antony Blinken met Sergei Lavrov in Geneva. The Secretary reiterated that the door stayed open.", "door stayed open", Some("antony_blinken")),
            ("Talks went on in Geneva. The Secretary said the door stayed open.", "door stayed open", None),
            // A name that only modifies a noun after the verb is no speaker.
            ("\"Prices will rise,\" said one Moscow-based trader.", "Prices will rise", None),
            ("\"Prices will rise,\" said a Kyiv resident.", "Prices will rise", None),
            ("\"Prices will rise,\" said the Kremlin spokesman.", "Prices will rise", Some("dmitry_peskov")),
            // An official of the body named: its spokesman who just spoke.
            ("Dmitry Peskov said the reply was late. \"We will study it,\" the Kremlin official said.", "We will study it", Some("dmitry_peskov")),
        ]);
    }

    #[test]
    fn headlines_documents_and_prepositions() {
        check_speakers(&[
            // A headline drops the article, not the office holder.
            ("Dialogue With Moscow Must Continue, German Chancellor Says", "Must Continue", Some("olaf_scholz")),
            // The statement speaks for whoever issued it.
            (
                "The Kremlin said the reply was being studied. The statement said that no date had been set.",
                "no date had been set",
                Some("kremlin"),
            ),
            // A name after a preposition is not the speaker.
            ("The paper handed to NATO stated that troops should stay home.", "troops should stay home", None),
            // ... except the author of a text.
            ("A statement issued by the Kremlin said the troops would return.", "troops would return", Some("kremlin")),
            ("A statement from NATO said the allies were united.", "allies were united", Some("nato")),
            ("The press service of the Kremlin said the call was long.", "call was long", Some("kremlin")),
            ("Sources close to the Kremlin said the call was short.", "call was short", Some("kremlin")),
            ("The troops will stay, according to a statement from the Kremlin.", "troops will stay", Some("kremlin")),
            // ... and a title before it: a spokesman for a body speaks for it.
            ("A spokesman for the Kremlin said the date was open.", "date was open", Some("kremlin")),
            ("The spokesman for the Kremlin said the date was set.", "date was set", Some("dmitry_peskov")),
            // An envoy of the state named before the title.
            ("The Russian envoy to NATO said the talks were over.", "talks were over", Some("russia")),
        ]);
    }

    #[test]
    fn byte_tables_agree_with_char_tests() {
        for b in 0..=255u8 {
            assert_eq!(
                ASCII_ALNUM[usize::from(b)],
                b.is_ascii_alphanumeric(),
                "{b}"
            );
            let space = b.is_ascii() && char::from(b).is_whitespace();
            assert_eq!(ASCII_SPACE[usize::from(b)], space, "{b}");
        }
    }

    proptest::proptest! {
        /// The lower-case comparisons agree with comparing `to_lowercase` copies.
        #[test]
        fn lower_helpers_agree_with_to_lowercase(s in ODD) {
            let l = s.to_lowercase();
            for w in WORDS {
                proptest::prop_assert_eq!(lower_eq(&s, w), l == *w);
            }
            proptest::prop_assert_eq!(lower_in(&s, WORDS), WORDS.contains(&l.as_str()));
            for p in PREFIXES {
                proptest::prop_assert_eq!(lower_starts_with(&s, p), l.starts_with(p), "{:?}", p);
            }
            for p in SUFFIXES {
                proptest::prop_assert_eq!(lower_ends_with(&s, p), l.ends_with(p), "{:?}", p);
            }
        }

        /// A word list with its table of first bytes and lengths answers as `lower_in`.
        #[test]
        fn lower_set_agrees_with_lower_in(s in ODD, pick in 0usize..200, upper in proptest::bool::ANY) {
            static LISTS: &[&[&str]] = &[FILLERS, PARENTHETICAL, WORDS, &["", "a", "abcdefghijklmnopqrstuvwxyz0123456789", "\u{e9}t\u{e9}"]];
            for list in LISTS {
                let set = LowerSet::new(list);
                let picked = list.get(pick % list.len().max(1)).copied().unwrap_or("");
                let picked = if upper { picked.to_uppercase() } else { picked.to_string() };
                for w in [s.as_str(), picked.as_str(), &format!("{picked}{s}"), "", "abcdefghijklmnopqrstuvwxyz0123456789", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"] {
                    proptest::prop_assert_eq!(set.contains(w), lower_in(w, list), "{:?}", w);
                }
            }
        }

        /// Word splitting and counting agree with the `str` methods they replace.
        #[test]
        fn word_helpers_agree_with_str_methods(s in ODD, cap in 0usize..6) {
            let mut got = Vec::new();
            alnum_words(&s, |w| got.push(w));
            let want: Vec<&str> = s
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            proptest::prop_assert_eq!(got, want);
            let n = s
                .split_whitespace()
                .filter(|w| w.chars().any(char::is_alphanumeric))
                .count();
            proptest::prop_assert_eq!(count_words(&s, usize::MAX), n);
            proptest::prop_assert_eq!(count_words(&s, cap), n.min(cap));
        }
    }
}
