//! Paragraphs and sentences: lines of the body, headlines and boilerplate told apart, and
//! sentence boundaries robust to abbreviations ("U.S.", "Jan.", "Gen."), a missing space
//! after a full stop ("on Thursday.Washington") or a missing full stop ("complicatedUnder").
//!
//! Quotes that run across sentences are found separately (`quotes`); this module only cuts.

use crate::diag::Span;
use crate::extract::speakers::ASCII_ALNUM;

/// A line of the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Para {
    /// The line, trimmed.
    pub span: Span,
    /// A headline or other line without a closing full stop (title, teaser, section name).
    pub headline: bool,
    /// Site furniture ("See also ...", "Leave a Reply", "Comments are closed."): not read.
    pub boilerplate: bool,
}

/// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "gen", "col", "lt", "sgt", "capt", "adm", "maj", "cmdr", "gov", "sen",
    "rep", "prof", "st", "jr", "sr", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "no", "vs", "etc", "inc", "corp", "ltd", "co", "mt", "ft",
    "approx", "dept", "est", "fig", "gov't", "pres", "amb",
];

/// Lines that are site furniture rather than article text.
const BOILERPLATE_STARTS: &[&str] = &[
    "see also",
    "read also",
    "read more",
    "related:",
    "leave a reply",
    "your email address",
    "comments are closed",
    "share this",
    "follow us",
    "subscribe",
    "advertisement",
];

/// Headings of a page's list of links to other stories, alone on their line ("Related",
/// "Most read", "You may also like"): the title lines after them are links, not text.
const LINK_LIST_HEADINGS: &[&str] = &[
    "related",
    "related articles",
    "related stories",
    "related news",
    "related content",
    "related coverage",
    "related topics",
    "read more",
    "read also",
    "see also",
    "also read",
    "more on this",
    "more on this story",
    "more stories",
    "more news",
    "most read",
    "most popular",
    "most viewed",
    "top stories",
    "latest news",
    "trending",
    "trending now",
    "recommended",
    "you may also like",
    "you might also like",
    "editor's picks",
];

/// How many title lines after a link-list heading are taken for links at most.
const MAX_LINKS: usize = 12;

/// True when `line` is a link-list heading alone: one of [`LINK_LIST_HEADINGS`], in any
/// case, perhaps with a closing colon.
fn link_list_heading(line: &str) -> bool {
    let t = line.trim_end_matches(':').trim_end();
    t.len() <= 24
        && LINK_LIST_HEADINGS
            .iter()
            .any(|h| h.len() == t.len() && starts_with_lowered(t, h))
}

/// Splits the text from `body_start` into trimmed non-empty lines.
pub fn paragraphs(text: &str, body_start: usize) -> Vec<Para> {
    let mut out = Vec::new();
    // Title lines still to be taken for links after a link-list heading.
    let mut links = 0usize;
    let mut pos = body_start.min(text.len());
    while !text.is_char_boundary(pos) && pos < text.len() {
        pos += 1;
    }
    let rest = text.get(pos..).unwrap_or("");
    let mut offset = pos;
    for line in rest.split('\n') {
        let start = offset;
        offset += line.len() + 1;
        let lead = line.len() - line.trim_start().len();
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        let s = start + lead;
        let span = Span::new(s, s + trimmed.len());
        // Most lines start with a byte that starts no boilerplate: settled by that byte.
        let boilerplate = may_start_boilerplate(trimmed)
            && BOILERPLATE_STARTS
                .iter()
                .any(|b| starts_with_lowered(trimmed, b))
            // At most three words (counting stops at the fourth); the cheaper test of the
            // last char first: most lines end with a full stop.
            || !trimmed.ends_with(['.', '"', '\u{201d}'])
                && trimmed.split_whitespace().take(4).count() <= 3
                && !trimmed.chars().any(|c| c.is_uppercase());
        let last = trimmed.chars().next_back().unwrap_or('.');
        let headline = !matches!(
            last,
            '.' | '!' | '?' | '"' | '\u{201d}' | '\u{201c}' | '\u{2019}' | ':' | ')' | ';'
        );
        // A list of links: the heading, then title lines up to the first line of text.
        let heading = link_list_heading(trimmed);
        let link = !heading && links > 0 && headline;
        links = if heading {
            MAX_LINKS
        } else if link {
            links - 1
        } else {
            0
        };
        let boilerplate = boilerplate || heading || link;
        out.push(Para {
            span,
            headline,
            boilerplate,
        });
    }
    out
}

/// False when `s` starts with an ASCII byte that starts no boilerplate line in either case:
/// the lower case of `s` then starts with that byte's, which starts none of
/// [`BOILERPLATE_STARTS`].
fn may_start_boilerplate(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(&a) if a.is_ascii() => {
            let a = a.to_ascii_lowercase();
            BOILERPLATE_STARTS
                .iter()
                .any(|b| b.as_bytes().first() == Some(&a))
        }
        _ => true,
    }
}

/// True when `s` in lower case starts with `prefix` (lower-case ASCII), without a lower-case
/// copy of `s`. Char by char: the one char whose lower case depends on its neighbours
/// (final sigma) is no ASCII letter either way.
fn starts_with_lowered(s: &str, prefix: &str) -> bool {
    // Of the other chars, only the Kelvin sign lower-cases to an ASCII "k" and the dotted
    // capital I to an "i" (and a combining dot): unless the prefix holds one of these
    // letters, a comparison of the first bytes decides.
    if let Some(head) = s.as_bytes().get(..prefix.len()) {
        if head.is_ascii() || !prefix.contains(['i', 'k']) {
            return head.eq_ignore_ascii_case(prefix.as_bytes());
        }
    }
    let mut lowered = s.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lowered.next() == Some(p))
}

fn is_abbreviation(word: &str) -> bool {
    // The abbreviations are ASCII and hold no "k" (the Kelvin sign lower-cases to one): the
    // lower case of any other word is no abbreviation either, so no copy is needed. They are
    // two to six bytes long: most words are ruled out by their length.
    (2..=6).contains(&word.len()) && ABBREVIATIONS.iter().any(|a| a.eq_ignore_ascii_case(word))
}

/// The word (letters, digits, inner dots) that ends just before byte `i`. ASCII words, the
/// usual case, are read back byte by byte; at the first byte of a longer char the chars are
/// decoded ([`word_before_by_chars`]).
fn word_before(text: &str, i: usize) -> &str {
    let head = text.get(..i).unwrap_or("");
    let b = head.as_bytes();
    let mut start = b.len();
    while let Some(&c) = start.checked_sub(1).and_then(|k| b.get(k)) {
        if ASCII_ALNUM[usize::from(c)] || c == b'.' || c == b'\'' {
            start -= 1;
        } else if c.is_ascii() {
            break;
        } else {
            return word_before_by_chars(text, i);
        }
    }
    head.get(start..).unwrap_or("")
}

/// [`word_before`], char by char.
fn word_before_by_chars(text: &str, i: usize) -> &str {
    let head = text.get(..i).unwrap_or("");
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.' || *c == '\'')
        .last()
        .map(|(j, _)| j)
        .unwrap_or(i);
    head.get(start..).unwrap_or("")
}

/// Length of a dateline opening a paragraph ("GENEVA, Jan 10 (Reuters) - ",
/// "WASHINGTON (AP) — ", "NEW YORK, January 16. /TASS/. "), or 0.
pub fn dateline_len(p: &str) -> usize {
    // The place: upper-case words (at least three capitals).
    let caps = p
        .char_indices()
        .take_while(|(_, c)| c.is_uppercase() || matches!(c, ' ' | '.' | '\'' | '-'))
        .last()
        .map(|(i, c)| i + c.len_utf8())
        .unwrap_or(0);
    let place = p.get(..caps).unwrap_or("");
    if place.chars().filter(|c| c.is_uppercase()).count() < 3 {
        return 0;
    }
    // The place is followed by a comma, an outlet in brackets or the dash itself.
    let next = p.get(caps..).and_then(|r| r.trim_start().chars().next());
    if !next.is_some_and(|c| matches!(c, ',' | '(' | '\u{2014}' | '\u{2013}' | '-')) {
        return 0;
    }
    let mut cut = p.len().min(caps + 60);
    while !p.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = p.get(..cut).unwrap_or("");
    // It ends at a dash between spaces, or after "/OUTLET/.", within a short stretch.
    for end_mark in [" \u{2014} ", " \u{2013} ", " - ", "/. ", "/ "] {
        if let Some(i) = head.find(end_mark) {
            let before = p.get(..i).unwrap_or("");
            if !before.contains(['"', '\u{201c}']) && before.split_whitespace().count() <= 8 {
                return i + end_mark.len();
            }
        }
    }
    0
}

/// What a byte is to the sentence cutter.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CutByte {
    /// ASCII that is no stop and no capital, or a continuation byte of a longer char.
    Plain,
    /// A full stop, exclamation or question mark.
    Stop,
    /// An ASCII capital letter.
    Capital,
    /// The first byte of a longer char (it may be a capital).
    Lead,
}

/// [`CutByte`] of every byte value.
static CUT_BYTES: [CutByte; 256] = {
    let mut t = [CutByte::Plain; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = match c {
            b'.' | b'!' | b'?' => CutByte::Stop,
            b'A'..=b'Z' => CutByte::Capital,
            0xC0.. => CutByte::Lead,
            _ => CutByte::Plain,
        };
        b += 1;
    }
    t
};

/// The longest sentence (in bytes) that the rules read as one. A longer run of words without
/// a stop (a scraped page that lost its punctuation, a table turned to text, OCR) is cut into
/// windows of at most this size, so that the rules, which look back and ahead within a
/// sentence, stay linear in the size of the text. No sentence of news prose comes near it
/// (the longest in the sample, dev and realistic sets is under 600 bytes).
pub const MAX_SENTENCE: usize = 4096;

/// The longest paragraph (in bytes) read as one. A longer line (a whole page flattened into
/// one line, a table turned to text) is cut into paragraphs of at most this size, so that the
/// stages reading a paragraph at a time stay linear in the size of the text. The longest line
/// of the sample, dev and realistic sets is about 3 KB.
pub const MAX_PARA: usize = 8192;

/// `span` of `text` as it is, when at most `max` bytes long; else cut into windows of at most
/// `max` bytes, each ending at the last space of its second half (or, in a word that long, at
/// a character boundary), trimmed and in order.
pub fn windows(text: &str, span: Span, max: usize) -> Vec<Span> {
    let max = max.max(8);
    if span.end.saturating_sub(span.start) <= max {
        return vec![span];
    }
    let mut out = Vec::new();
    let mut a = span.start;
    while a < span.end {
        if span.end - a <= max {
            out.push(Span::new(a, span.end));
            break;
        }
        let mut hard = a + max;
        while hard > a && !text.is_char_boundary(hard) {
            hard -= 1;
        }
        let half = a + max / 2;
        // The last whitespace of the second half, if any.
        let cut = text
            .get(half..hard)
            .and_then(|seg| {
                seg.char_indices()
                    .rev()
                    .find(|(_, c)| c.is_whitespace())
                    .map(|(i, _)| half + i)
            })
            .filter(|&c| c > a);
        let (end, next) = match cut {
            Some(c) => (c, c),
            None if hard > a => (hard, hard),
            // Not one char boundary in `max` bytes: not UTF-8 text.
            None => break,
        };
        let kept = text.get(a..end).map_or(0, |w| w.trim_end().len());
        out.push(Span::new(a, a + kept));
        // The next window starts at the next word.
        a = text
            .get(next..span.end)
            .and_then(|r| r.char_indices().find(|(_, c)| !c.is_whitespace()))
            .map_or(span.end, |(i, _)| next + i);
    }
    out.retain(|s| s.end > s.start);
    out
}

/// Sentence spans of one paragraph, trimmed, covering it in order; a dateline that opens
/// the paragraph is left out.
pub fn sentences(text: &str, para: Span) -> Vec<Span> {
    let Some(full) = text.get(para.start..para.end) else {
        return vec![];
    };
    let para = Span::new(para.start + dateline_len(full), para.end);
    let Some(p) = text.get(para.start..para.end) else {
        return vec![];
    };
    // Char by char without collecting the chars: only stops, marks and capitals are looked
    // at closely, and those look at most two chars ahead.
    // Pieces are made as the cuts are found: no list of cuts.
    let mut pieces = Pieces {
        p,
        start: para.start,
        s: 0,
        out: Vec::new(),
    };
    let bytes = p.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // Bytes that start no stop and no capital are passed over without decoding: other
        // ASCII, and the continuation bytes of longer chars. An ASCII capital after ASCII
        // other than a lower-case letter (a space, most often) ends no glued word either
        // (see below), nor does one at the start.
        match CUT_BYTES[usize::from(b)] {
            CutByte::Plain => continue,
            CutByte::Capital
                if i == 0
                    || bytes
                        .get(i - 1)
                        .is_some_and(|p| p.is_ascii() && !p.is_ascii_lowercase()) =>
            {
                continue
            }
            _ => {}
        }
        let Some(c) = p.get(i..).and_then(|r| r.chars().next()) else {
            continue;
        };
        let prev = || p.get(..i).and_then(|h| h.chars().next_back());
        let rest = || p.get(i + c.len_utf8()..).unwrap_or("");
        match c {
            '.' | '!' | '?' => {
                let rest = rest();
                let mut ahead = rest.chars();
                let next = ahead.next();
                // Closing quotes and brackets stay with the sentence they close.
                let closed =
                    rest.trim_start_matches(['"', '\u{201d}', '\u{2019}', ')', '\u{00bb}']);
                let j = p.len() - closed.len();
                let after_ws = closed.chars().next().is_some_and(char::is_whitespace);
                let starter = closed
                    .trim_start_matches(char::is_whitespace)
                    .chars()
                    .next();
                let starts_sentence = starter.is_some_and(|s| {
                    s.is_uppercase()
                        || s.is_ascii_digit()
                        || matches!(
                            s,
                            '"' | '\u{201c}'
                                | '\u{2018}'
                                | '\u{00ab}'
                                | '\u{2013}'
                                | '\u{2014}'
                                | '-'
                        )
                });
                let word = word_before(p, i);
                let bare = word.trim_end_matches('.');
                // Looked at only where the stop could end a sentence.
                let abbrev = || {
                    c == '.'
                        && (is_abbreviation(bare)
                            || bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic)
                            || bare.contains('.'))
                };
                if after_ws && starts_sentence && !abbrev() {
                    pieces.cut(j);
                } else if !after_ws && c == '.' && j == i + 1 {
                    let after_next = ahead.next();
                    // "on Thursday.Washington": a word of three letters or more, a full stop
                    // and a capitalised word with no space between.
                    let glued = next.is_some_and(char::is_uppercase)
                        && after_next.is_some_and(char::is_lowercase)
                        && bare.chars().count() >= 3
                        && !bare.contains('.')
                        && !is_abbreviation(bare);
                    // "... to explore".Meanwhile": a closing quote before the stop.
                    let quoted = matches!(prev(), Some('"' | '\u{201d}' | '\u{2019}'));
                    let glued = glued
                        || quoted
                            && next.is_some_and(char::is_uppercase)
                            && after_next.is_some_and(char::is_lowercase);
                    if glued {
                        pieces.cut(i + 1);
                    }
                }
            }
            c if c.is_uppercase() && i > 0 => {
                // "were complicatedUnder Secretary": a lower-case word of four letters or more
                // glued to a capitalised one. After ASCII other than a lower-case letter (a
                // space, most often) there is no such word.
                if bytes
                    .get(i - 1)
                    .is_some_and(|b| b.is_ascii() && !b.is_ascii_lowercase())
                {
                    continue;
                }
                let word = word_before(p, i);
                let lower_word =
                    word.chars().count() >= 4 && word.chars().all(|c| c.is_lowercase());
                if lower_word && rest().chars().next().is_some_and(char::is_lowercase) {
                    pieces.cut(i);
                }
            }
            _ => {}
        }
    }
    pieces.cut(p.len());
    pieces.out
}

/// The sentences of a paragraph, made as its cuts are found (in the order found).
struct Pieces<'a> {
    /// The paragraph and where it starts in the text.
    p: &'a str,
    start: usize,
    /// Where the piece after the last cut starts.
    s: usize,
    out: Vec<Span>,
}

impl Pieces<'_> {
    /// Cuts at `c`: the piece from the last cut to `c`, trimmed, is a sentence unless it is
    /// blank. A cut at or before the last one makes none.
    fn cut(&mut self, c: usize) {
        if c <= self.s {
            return;
        }
        let piece = self.p.get(self.s..c).unwrap_or("");
        let lead = piece.len() - piece.trim_start().len();
        let t = piece.trim();
        if !t.is_empty() {
            let a = self.start + self.s + lead;
            self.out.push(Span::new(a, a + t.len()));
        }
        self.s = c;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_runs_are_cut_into_windows_at_spaces() {
        let t = |text: &str, max: usize| -> Vec<String> {
            windows(text, Span::new(0, text.len()), max)
                .iter()
                .map(|s| s.slice(text).to_string())
                .collect()
        };
        // (text, max, windows)
        let cases: &[(&str, usize, &[&str])] = &[
            ("He said so.", 100, &["He said so."]),
            (
                "aaaa bbbb cccc dddd eeee",
                10,
                &["aaaa bbbb", "cccc dddd", "eeee"],
            ),
            // Runs of spaces are left between the windows.
            ("aaaa    bbbb cccc", 10, &["aaaa", "bbbb cccc"]),
            // A word longer than a window is cut at a char boundary.
            (
                "\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}\u{e9}",
                8,
                &["\u{e9}\u{e9}\u{e9}\u{e9}", "\u{e9}\u{e9}"],
            ),
        ];
        for (text, max, expected) in cases {
            assert_eq!(t(text, *max), *expected, "in {text:?}");
        }
        // Every window of a long text is within bounds, non-empty and in order.
        let long = "word ".repeat(5_000);
        let w = windows(&long, Span::new(0, long.len()), MAX_SENTENCE);
        assert!(w.len() > 5);
        for pair in w.windows(2) {
            assert!(pair[0].end < pair[1].start);
        }
        assert!(w.iter().all(|s| s.len() <= MAX_SENTENCE && !s.is_empty()));
    }

    fn check(input: &str, expected: &[&str]) {
        let para = Span::new(0, input.len());
        let got: Vec<&str> = sentences(input, para)
            .iter()
            .map(|s| s.slice(input))
            .collect();
        assert_eq!(got, expected, "in {input:?}");
    }

    #[test]
    fn sentence_cuts() {
        let table: &[(&str, &[&str])] = &[
            (
                "It rained. Then it stopped.",
                &["It rained.", "Then it stopped."],
            ),
            (
                "The U.S. envoy spoke. He left.",
                &["The U.S. envoy spoke.", "He left."],
            ),
            (
                "Talks on Jan. 10 ended. Mr. Smith left.",
                &["Talks on Jan. 10 ended.", "Mr. Smith left."],
            ),
            ("Gen. Mark Milley spoke.", &["Gen. Mark Milley spoke."]),
            (
                "It happened on Thursday.Washington said no.",
                &["It happened on Thursday.", "Washington said no."],
            ),
            (
                "He spoke of NATO.The talks ended.",
                &["He spoke of NATO.", "The talks ended."],
            ),
            (
                "It may \"help\".Then it ended.",
                &["It may \"help\".", "Then it ended."],
            ),
            (
                "The talks were difficultLater the envoy left.",
                &["The talks were difficult", "Later the envoy left."],
            ),
            (
                "\"We will go,\" she said. \"Now.\" He agreed.",
                &["\"We will go,\" she said.", "\"Now.\"", "He agreed."],
            ),
            (
                "He said: \u{201c}It is over.\u{201d} Then he left.",
                &["He said: \u{201c}It is over.\u{201d}", "Then he left."],
            ),
            (
                "Costs rose 2.5 percent. Prices fell.",
                &["Costs rose 2.5 percent.", "Prices fell."],
            ),
            ("Joseph R. Biden spoke.", &["Joseph R. Biden spoke."]),
            ("", &[]),
        ];
        for (i, e) in table {
            check(i, e);
        }
    }

    #[test]
    fn datelines() {
        let table: &[(&str, &[&str])] = &[
            (
                "GENEVA, Jan 10 (Reuters) - Talks began. They ended.",
                &["Talks began.", "They ended."],
            ),
            (
                "WASHINGTON (AP) \u{2014} The envoy spoke.",
                &["The envoy spoke."],
            ),
            (
                "NEW YORK, January 16. /TASS/. The US hopes so.",
                &["The US hopes so."],
            ),
            ("NATO said - rightly - no.", &["NATO said - rightly - no."]),
        ];
        for (i, e) in table {
            check(i, e);
        }
    }

    /// The sentence cutter as first written (chars collected, lower-case copies): what the
    /// current one must agree with.
    fn sentences_by_char_vec(text: &str, para: Span) -> Vec<Span> {
        let Some(full) = text.get(para.start..para.end) else {
            return vec![];
        };
        let para = Span::new(para.start + dateline_len(full), para.end);
        let Some(p) = text.get(para.start..para.end) else {
            return vec![];
        };
        let chars: Vec<(usize, char)> = p.char_indices().collect();
        let mut cuts = Vec::new();
        let n = chars.len();
        let mut k = 0;
        while k < n {
            let (i, c) = chars[k];
            let next = chars.get(k + 1).map(|x| x.1);
            match c {
                '.' | '!' | '?' => {
                    // Closing quotes and brackets stay with the sentence they close.
                    let mut j = k + 1;
                    while j < n
                        && matches!(chars[j].1, '"' | '\u{201d}' | '\u{2019}' | ')' | '\u{00bb}')
                    {
                        j += 1;
                    }
                    let after_ws = j < n && chars[j].1.is_whitespace();
                    let mut m = j;
                    while m < n && chars[m].1.is_whitespace() {
                        m += 1;
                    }
                    let starter = chars.get(m).map(|x| x.1);
                    let starts_sentence = starter.is_some_and(|s| {
                        s.is_uppercase()
                            || s.is_ascii_digit()
                            || matches!(
                                s,
                                '"' | '\u{201c}'
                                    | '\u{2018}'
                                    | '\u{00ab}'
                                    | '\u{2013}'
                                    | '\u{2014}'
                                    | '-'
                            )
                    });
                    let word = word_before_by_chars(p, i);
                    let bare = word.trim_end_matches('.');
                    let abbrev = c == '.'
                        && (abbreviation_by_copy(bare)
                            || bare.chars().count() == 1 && bare.chars().all(char::is_alphabetic)
                            || bare.contains('.'));
                    if after_ws && starts_sentence && !abbrev {
                        cuts.push(chars.get(j).map(|x| x.0).unwrap_or(p.len()));
                    } else if !after_ws && c == '.' && j == k + 1 {
                        // "on Thursday.Washington": a word of three letters or more, a full stop
                        // and a capitalised word with no space between.
                        let glued = next.is_some_and(char::is_uppercase)
                            && chars.get(k + 2).is_some_and(|x| x.1.is_lowercase())
                            && bare.chars().count() >= 3
                            && !bare.contains('.')
                            && !abbreviation_by_copy(bare);
                        // "... to explore".Meanwhile": a closing quote before the stop.
                        let quoted =
                            k > 0 && matches!(chars[k - 1].1, '"' | '\u{201d}' | '\u{2019}');
                        let glued = glued
                            || quoted
                                && next.is_some_and(char::is_uppercase)
                                && chars.get(k + 2).is_some_and(|x| x.1.is_lowercase());
                        if glued {
                            cuts.push(i + 1);
                        }
                    }
                    k = j.max(k + 1);
                    continue;
                }
                c if c.is_uppercase() && k > 0 => {
                    // "were complicatedUnder Secretary": a lower-case word of four letters or more
                    // glued to a capitalised one.
                    let word = word_before_by_chars(p, i);
                    let lower_word =
                        word.chars().count() >= 4 && word.chars().all(|c| c.is_lowercase());
                    if lower_word && next.is_some_and(char::is_lowercase) {
                        cuts.push(i);
                    }
                }
                _ => {}
            }
            k += 1;
        }
        let mut out = Vec::new();
        let mut s = 0;
        cuts.push(p.len());
        for c in cuts {
            if c <= s {
                continue;
            }
            let piece = p.get(s..c).unwrap_or("");
            let lead = piece.len() - piece.trim_start().len();
            let t = piece.trim();
            if !t.is_empty() {
                let a = para.start + s + lead;
                out.push(Span::new(a, a + t.len()));
            }
            s = c;
        }
        out
    }

    fn abbreviation_by_copy(word: &str) -> bool {
        let w = word.to_lowercase();
        ABBREVIATIONS.contains(&w.as_str())
    }

    /// Pieces of news text around sentence ends, in any case and script.
    const PIECES: &[&str] = &[
        "It",
        "rained",
        ".",
        "!",
        "?",
        " ",
        "  ",
        "\"",
        "\u{201d}",
        "\u{201c}",
        "\u{2019}",
        ")",
        "\u{00bb}",
        "\u{00ab}",
        "Mr",
        "GEN",
        "Jan",
        "U.S",
        "R",
        "x",
        "Then",
        "then",
        "2.5",
        "10",
        "complicated",
        "Under",
        "\u{2014}",
        "-",
        "\u{2013}",
        "'",
        "\u{c9}t\u{e9}",
        "\u{212a}",
        "\u{3a3}",
        "\u{130}",
        "Gov't",
        ",",
        "\t",
        "NATO",
    ];

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The same cuts as the first cutter, on any text.
        #[test]
        fn same_cuts_as_first_cutter(parts in proptest::collection::vec(0usize..64, 0..30), raw in "\\PC{0,30}") {
            let glued: String = parts.iter().map(|&i| PIECES[i % PIECES.len()]).collect();
            for t in [glued.clone(), raw.clone(), format!("{raw}{glued}")] {
                let para = Span::new(0, t.len());
                proptest::prop_assert_eq!(sentences(&t, para), sentences_by_char_vec(&t, para));
            }
        }

        /// The word before a place, read on the bytes, is the word read char by char.
        #[test]
        fn word_before_as_by_chars(parts in proptest::collection::vec(0usize..64, 0..30), raw in "\\PC{0,30}", at in 0usize..200) {
            let glued: String = parts.iter().map(|&i| PIECES[i % PIECES.len()]).collect();
            for t in [glued.clone(), raw.clone(), format!("{raw}{glued}"), format!("{glued}{raw}")] {
                let i = (0..=at.min(t.len())).rev().find(|&i| t.is_char_boundary(i)).unwrap_or(0);
                proptest::prop_assert_eq!(word_before(&t, i), word_before_by_chars(&t, i));
            }
        }

        /// Boilerplate lines are told as before (lower-case copy of the whole line).
        #[test]
        fn boilerplate_as_by_copy(parts in proptest::collection::vec(0usize..10, 0..6), raw in "\\PC{0,12}") {
            const P: &[&str] = &["See", "ALSO", " ", "also", "Read more", "\u{212a}", "Share This", "related:", "SUBSCR\u{130}BE", "subscr"];
            let t: String = parts.iter().map(|&i| P[i]).collect::<String>() + &raw;
            let lower = t.to_lowercase();
            for b in BOILERPLATE_STARTS {
                proptest::prop_assert_eq!(starts_with_lowered(&t, b), lower.starts_with(b));
                // The test of the first byte rules out no boilerplate line.
                if lower.starts_with(b) {
                    proptest::prop_assert!(may_start_boilerplate(&t));
                }
            }
        }
    }

    #[test]
    fn paragraph_kinds() {
        let t = "Russia Warns West\n\nThe envoy spoke.\nSee also  Other news\n";
        let p = paragraphs(t, 0);
        assert_eq!(p.len(), 3);
        assert!(p[0].headline && !p[0].boilerplate);
        assert!(!p[1].headline);
        assert!(p[2].boilerplate);
    }

    #[test]
    fn link_lists() {
        // (text, boilerplate flag of each line)
        let cases: &[(&str, &[bool])] = &[
            (
                "The talks ended.\nRELATED\nMinister says talks will go on\nEnvoy warns of sanctions\nThe envoy left.",
                &[false, true, true, true, false],
            ),
            (
                "Most Read:\n1. Markets fall as tensions rise\nThe talks ended.\nMinister says talks will go on",
                &[true, true, false, false],
            ),
            (
                "Related talks in Vienna ended on Monday.\nMinister says talks will go on",
                &[false, false],
            ),
        ];
        for (t, want) in cases {
            let got: Vec<bool> = paragraphs(t, 0).iter().map(|p| p.boilerplate).collect();
            assert_eq!(&got, want, "{t:?}");
        }
    }
}
