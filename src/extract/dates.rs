//! Dates in running text: absolute ("January 10", "Jan. 10", "December 17, 2021",
//! "10 January 2022") and relative ("on Monday", "Monday's meeting", "the next day",
//! "the following day's", "yesterday", "last week"), and their resolution against the
//! document date or the date just mentioned.
//!
//! A month and day without a year take the year that puts them nearest the document date;
//! without a document date, the year of the latest full date in the text, else unknown.
//! Which event a date belongs to is left to `events`.

use std::borrow::Cow;

use chrono::{Datelike, Duration, NaiveDate, Weekday};

use crate::diag::Span;
use crate::extract::speakers::ASCII_ALNUM;

/// What a date expression says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateValue {
    /// A month and day, with the year when written.
    Absolute {
        /// 1..=12
        month: u32,
        /// 1..=31
        day: u32,
        /// The year, when written.
        year: Option<i32>,
    },
    /// A day of the week ("on Monday").
    Weekday(Weekday),
    /// The day after the date just mentioned ("the next day").
    NextDay,
    /// Days after the date just mentioned ("two days later").
    DaysAfter(i64),
    /// Days relative to the document date (yesterday = -1, today = 0, tomorrow = 1).
    Offset(i64),
    /// A vague period ("last week", "early January"): no day.
    Vague,
}

/// One date expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateExpr {
    /// Where it is.
    pub span: Span,
    /// What it says.
    pub value: DateValue,
}

/// Month number of an English month name or its usual abbreviation ("Jan", "Sept"): the
/// one table, shared with the header parser.
pub use crate::corpus::month_number;

/// Every full date ("December 17, 2021", "17 December 2021") of `text`.
pub fn full_dates(text: &str) -> Vec<NaiveDate> {
    find(text, Span::new(0, text.len()))
        .into_iter()
        .filter_map(|e| match e.value {
            DateValue::Absolute {
                month,
                day,
                year: Some(y),
            } => NaiveDate::from_ymd_opt(y, month, day),
            _ => None,
        })
        .collect()
}

/// "a", "one" .. "ten" or digits, as a small count of days (any letter case).
fn number_word(w: &str) -> Option<i64> {
    const WORDS: &[&str] = &[
        "a", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .iter()
        .position(|x| x.eq_ignore_ascii_case(w))
        .map(|i| i.max(1) as i64)
        .or_else(|| w.parse::<i64>().ok().filter(|n| (1..=60).contains(n)))
}

const WEEKDAYS: &[(&str, Weekday)] = &[
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// Words with their byte spans (letters, digits, inner dots and apostrophes).
pub fn words(text: &str, span: Span) -> Vec<(usize, usize)> {
    words_upto(text, span, usize::MAX)
}

/// The first `cap` of [`words`].
fn words_upto(text: &str, span: Span, cap: usize) -> Vec<(usize, usize)> {
    let Some(seg) = text.get(span.start..span.end) else {
        return vec![];
    };
    // About one word per six bytes of news text: one allocation for most sentences.
    let mut out = Vec::with_capacity((seg.len() / 6 + 1).min(cap));
    let mut i = 0;
    while let Some((start, end, next)) = next_word(seg, i) {
        out.push((span.start + start, span.start + end));
        i = next;
        if out.len() >= cap {
            break;
        }
    }
    out
}

/// The first word of `seg` from byte `i` on, `i` being a place between words (the start, a
/// place after an ASCII space, or where the last call said to go on): its start and end, and
/// where to go on after it.
#[inline]
fn next_word(seg: &str, mut i: usize) -> Option<(usize, usize, usize)> {
    let bytes = seg.as_bytes();
    while let Some(&b) = bytes.get(i) {
        // Spaces and ASCII punctuation between words, passed over without a closer look.
        if b.is_ascii() && !ASCII_ALNUM[usize::from(b)] {
            i += 1;
            continue;
        }
        let (alnum, len) = char_class(seg, i, b);
        if !alnum {
            i += len;
            continue;
        }
        // A word: runs of letters and digits joined by single inner marks ("U.S", "it's").
        let start = i;
        i += len;
        let mut end = i;
        loop {
            // Runs of ASCII letters and digits (nearly all of news text) byte by byte.
            while bytes.get(i).is_some_and(|&c| ASCII_ALNUM[usize::from(c)]) {
                i += 1;
            }
            end = end.max(i);
            let Some(&b) = bytes.get(i) else { break };
            let (alnum, len) = char_class(seg, i, b);
            if alnum {
                i += len;
                end = i;
                continue;
            }
            let joiner = matches!(b, b'.' | b'\'' | b'-')
                || b == 0xE2 && bytes.get(i..i + 3) == Some("\u{2019}".as_bytes());
            if joiner && alnum_at(seg, i + len) {
                i += len;
                continue;
            }
            // The char that ends the word is no letter: the scan goes on after it.
            i += len;
            break;
        }
        return Some((start, end, i));
    }
    None
}

/// Whether the char starting at byte `i` of `seg` (first byte `b`) is a letter or digit,
/// and its length in bytes.
fn char_class(seg: &str, i: usize, b: u8) -> (bool, usize) {
    if b.is_ascii() {
        return (b.is_ascii_alphanumeric(), 1);
    }
    // U+2000..U+203F (spaces, dashes, quotation marks, ellipsis): punctuation, and the
    // most frequent non-ASCII chars of news text.
    if b == 0xE2 && seg.as_bytes().get(i + 1) == Some(&0x80) {
        return (false, 3);
    }
    match seg.get(i..).and_then(|r| r.chars().next()) {
        Some(c) => (c.is_alphanumeric(), c.len_utf8()),
        // Not a char boundary: cannot happen when `i` advances by whole chars; step over.
        None => (false, 1),
    }
}

/// True when a letter or digit starts at byte `i` of `seg`.
fn alnum_at(seg: &str, i: usize) -> bool {
    match seg.as_bytes().get(i) {
        Some(&b) => char_class(seg, i, b).0,
        None => false,
    }
}

fn day_number(w: &str) -> Option<u32> {
    let d = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    let suffix = &w[d.len()..];
    if !(suffix.is_empty() || matches!(suffix, "st" | "nd" | "rd" | "th")) {
        return None;
    }
    d.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
}

fn year_number(w: &str) -> Option<i32> {
    if w.len() == 4 {
        w.parse::<i32>().ok().filter(|y| (1900..=2100).contains(y))
    } else {
        None
    }
}

/// True when lower-casing `w` is lower-casing its ASCII letters (no allocation needed).
fn ascii_case(w: &str) -> bool {
    w.chars().all(|c| c.is_ascii() || c == '\u{2019}')
}

/// `w` lower case, borrowed as written when only its ASCII letters would change: compare it
/// with lower-case words by `eq_ignore_ascii_case`.
fn lowered(w: &str) -> Cow<'_, str> {
    if ascii_case(w) {
        Cow::Borrowed(w)
    } else {
        Cow::Owned(w.to_lowercase())
    }
}

/// True when `w`, lower case, is one of `options` (lower-case words).
fn lower_is(w: &str, options: &[&str]) -> bool {
    let l = lowered(w);
    options.iter().any(|o| l.eq_ignore_ascii_case(o))
}

/// `w` without its possessive endings ("Monday's" -> "Monday"), in any letter case.
fn strip_possessive(w: &str) -> &str {
    let mut b = w;
    while let Some(r) = b.strip_suffix("'s").or_else(|| b.strip_suffix("'S")) {
        b = r;
    }
    while let Some(r) = b
        .strip_suffix("\u{2019}s")
        .or_else(|| b.strip_suffix("\u{2019}S"))
    {
        b = r;
    }
    b
}

/// False for most words that are no month name, without the copy `month_number` makes:
/// every month starts with one of these letters and has at most nine.
fn could_be_month(w: &str) -> bool {
    w.as_bytes()
        .first()
        .is_some_and(|b| b"JFMASONDjfmasond".contains(b))
        && w.trim_end_matches('.').len() <= 9
}

/// False for a word that starts no date expression of [`find`]: one that is plain ASCII,
/// starts with no digit, and is, lower case and without possessive endings, neither a month
/// (or its abbreviation) nor one of the words a relative date starts with. True for every
/// other word, so that skipping the false ones changes nothing.
fn may_start_date(cur: &str) -> bool {
    let b = cur.as_bytes();
    // Days and counts start with a digit; other scripts go the long way (lower-casing them
    // may yield ASCII).
    if b.first().is_some_and(u8::is_ascii_digit) || !cur.is_ascii() {
        return true;
    }
    let base = strip_possessive(cur).trim_end_matches('.');
    // Most words share no first letter, last letter and length with any of the words below:
    // ruled out before any copy or comparison. (The longest of the words has nine letters,
    // "wednesday" and "september".)
    let key = |b: Option<&u8>| {
        b.map(u8::to_ascii_lowercase)
            .filter(u8::is_ascii_lowercase)
            .map(|b| usize::from(b - b'a'))
    };
    let bb = base.as_bytes();
    let (Some(f), Some(l)) = (key(bb.first()), key(bb.last())) else {
        return false;
    };
    let known = bb.len() <= 9
        && START_KEYS
            .get(f)
            .and_then(|row| row.get(l))
            .is_some_and(|lens| lens & (1 << bb.len()) != 0);
    if !known {
        return false;
    }
    let mut buf = [0u8; 9];
    let Some(lower) = buf.get_mut(..base.len()) else {
        return false;
    };
    lower.copy_from_slice(base.as_bytes());
    lower.make_ascii_lowercase();
    matches!(
        &*lower,
        b"monday"
            | b"tuesday"
            | b"wednesday"
            | b"thursday"
            | b"friday"
            | b"saturday"
            | b"sunday"
            | b"yesterday"
            | b"today"
            | b"tomorrow"
            | b"next"
            | b"following"
            | b"last"
            | b"this"
            | b"previous"
            | b"a"
            | b"one"
            | b"two"
            | b"three"
            | b"four"
            | b"five"
            | b"six"
            | b"seven"
            | b"eight"
            | b"nine"
            | b"ten"
    ) || lower.first().is_some_and(|f| b"jfmasond".contains(f)) && month_number(base).is_some()
}

/// Every word (lower case) that [`may_start_date`] lets through on its letters: the words a
/// relative date starts with, and the month names and abbreviations of [`month_number`].
const DATE_START_WORDS: &[&[u8]] = &[
    b"monday",
    b"tuesday",
    b"wednesday",
    b"thursday",
    b"friday",
    b"saturday",
    b"sunday",
    b"yesterday",
    b"today",
    b"tomorrow",
    b"next",
    b"following",
    b"last",
    b"this",
    b"previous",
    b"a",
    b"one",
    b"two",
    b"three",
    b"four",
    b"five",
    b"six",
    b"seven",
    b"eight",
    b"nine",
    b"ten",
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
    b"jan",
    b"feb",
    b"mar",
    b"apr",
    b"jun",
    b"jul",
    b"aug",
    b"sep",
    b"sept",
    b"oct",
    b"nov",
    b"dec",
];

/// `START_KEYS[first][last]`: bit `n` is set when a word of [`DATE_START_WORDS`] of `n`
/// letters starts and ends with those letters (`a` = 0).
static START_KEYS: [[u16; 26]; 26] = {
    let mut t = [[0u16; 26]; 26];
    let mut i = 0;
    while i < DATE_START_WORDS.len() {
        let w = DATE_START_WORDS[i];
        let f = (w[0] - b'a') as usize;
        let l = (w[w.len() - 1] - b'a') as usize;
        t[f][l] |= 1 << w.len();
        i += 1;
    }
    t
};

/// False for a text that holds no date expression of [`find`] (`first_trigger` finds no
/// mark of a date): the test the search by marks was checked against.
#[cfg(test)]
fn may_hold_date(seg: &str) -> bool {
    first_trigger(seg).is_some()
}

/// Where the first mark of a date stands in `seg` (the byte it is found at), `None` for a
/// text that holds no date expression of [`find`]: the marks are a digit, a capitalised
/// month abbreviation ("Jan" .. "Dec", the rest in any case), "day" (every weekday,
/// "today", "yesterday", "the next day", "two days later"), "tomorrow", "week", "month",
/// "year" in any ASCII case, and the Kelvin sign (the one non-ASCII char whose lower case is
/// an ASCII letter, "k"). Every expression needs one of these in its first or second word,
/// so most sentences are passed over in one quick pass over their bytes.
fn first_trigger(seg: &str) -> Option<usize> {
    let b = seg.as_bytes();
    let at = |i: Option<usize>, w: &[u8]| {
        i.and_then(|i| b.get(i..i + w.len()))
            .is_some_and(|s| s.eq_ignore_ascii_case(w))
    };
    // Each word is looked for at one of its rarer letters ("day" and "year" at the "y",
    // "week" at the "k", "month" and "tomorrow" at the "m"): most bytes are none of them.
    b.iter().enumerate().position(|(i, &c)| {
        DATE_TRIGGERS[usize::from(c)]
            && match c {
                b'0'..=b'9' => true,
                b'y' | b'Y' => at(i.checked_sub(2), b"day") || at(Some(i), b"year"),
                b'k' | b'K' => at(i.checked_sub(3), b"week"),
                b'm' => at(Some(i), b"month") || at(i.checked_sub(2), b"tomorrow"),
                b'M' => {
                    at(Some(i), b"month")
                        || at(i.checked_sub(2), b"tomorrow")
                        || at(Some(i), b"mar")
                        || at(Some(i), b"may")
                }
                b'D' => at(Some(i), b"dec"),
                b'J' => at(Some(i), b"jan") || at(Some(i), b"jun") || at(Some(i), b"jul"),
                b'F' => at(Some(i), b"feb"),
                b'A' => at(Some(i), b"apr") || at(Some(i), b"aug"),
                b'S' => at(Some(i), b"sep"),
                b'O' => at(Some(i), b"oct"),
                b'N' => at(Some(i), b"nov"),
                0xE2 => b.get(i..i + 3) == Some("\u{212a}".as_bytes()),
                _ => false,
            }
    })
}

/// The bytes [`first_trigger`] looks closer at.
static DATE_TRIGGERS: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = b'0';
    while c <= b'9' {
        t[c as usize] = true;
        c += 1;
    }
    let letters = b"yYkKmMDJFASON";
    let mut i = 0;
    while i < letters.len() {
        t[letters[i] as usize] = true;
        i += 1;
    }
    t[0xE2] = true;
    t
};

/// Every date expression in `span` of `text`, in order.
pub fn find(text: &str, span: Span) -> Vec<DateExpr> {
    find_upto(text, span, true, Upto::All)
}

/// The first date expression in `span` of `text` (`find(text, span).first()`, without
/// looking further once one is found).
pub fn first(text: &str, span: Span) -> Option<DateExpr> {
    find_upto(text, span, true, Upto::First).into_iter().next()
}

/// True when a date expression starts at the first word of `span` (no letter or digit
/// before it in `span`): `find(text, span).first()` starting there, reading only the first
/// words.
pub fn starts_at(text: &str, span: Span) -> bool {
    // Most first words can start no date: ruled out before the words after it are read.
    let first = text
        .get(span.start..span.end)
        .and_then(|seg| next_word(seg, 0).and_then(|(s, e, _)| seg.get(s..e)));
    if !first.is_some_and(may_start_date) {
        return false;
    }
    // The longest expression at a word looks at that word and the three after it (the
    // fourth tells "two days after, they met" from "two days after the talks").
    let ws = words_upto(text, span, 4);
    let Some(&(w0, _)) = ws.first() else {
        return false;
    };
    find_words(text, &ws, true, Upto::FirstWord)
        .first()
        .is_some_and(|e| e.span.start == w0)
}

/// How far [`find_upto`] looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Upto {
    /// Every expression.
    All,
    /// Up to the first expression found.
    First,
    /// Only an expression starting at the first word.
    FirstWord,
}

/// [`find`]; `skip_plain` skips the words [`may_start_date`] rules out (false only to test
/// that skipping them changes nothing).
#[cfg(test)]
fn find_in(text: &str, span: Span, skip_plain: bool) -> Vec<DateExpr> {
    find_upto(text, span, skip_plain, Upto::All)
}

/// The date expressions of `span` as far as `upto` says.
///
/// Skipping plain words, only the words near a mark of a date ([`first_trigger`]) are read:
/// every expression holds such a mark in its first or second word, is at most three words
/// long and looks one word further back ("the next day"). So each word holding a mark is read
/// with the two words before it and the two after it; the words further from any mark start
/// no expression, are part of none, and are none that an expression looks at.
fn find_upto(text: &str, span: Span, skip_plain: bool, upto: Upto) -> Vec<DateExpr> {
    let Some(seg) = text.get(span.start..span.end) else {
        return Vec::new();
    };
    if !skip_plain {
        return find_words(text, &words(text, span), false, upto);
    }
    let b = seg.as_bytes();
    let mut ws = Vec::new();
    // Where reading words goes on: always a place between words.
    let mut i = 0;
    // No mark is made of letters on both sides of a place between words, so the marks
    // found from `i` on are those of the whole span.
    while let Some(t) = seg.get(i..).and_then(first_trigger).map(|t| i + t) {
        i = i.max(restart_before(b, t));
        // Words still to read after the last one holding a mark.
        let mut left: Option<usize> = None;
        while left != Some(0) {
            let Some((s, e, next)) = next_word(seg, i) else {
                i = seg.len();
                break;
            };
            ws.push((span.start + s, span.start + e));
            i = next;
            // Words ending before `t` hold no mark: `t` is the first from where reading went on.
            if e > t && seg.get(s..e).and_then(first_trigger).is_some() {
                left = Some(2);
            } else if let Some(n) = left {
                left = Some(n - 1);
            }
        }
    }
    if ws.is_empty() {
        return Vec::new();
    }
    find_words(text, &ws, true, upto)
}

/// [`find_upto`] as first written: every word of the span read once a mark is found.
#[cfg(test)]
fn find_upto_whole(text: &str, span: Span, upto: Upto) -> Vec<DateExpr> {
    if !text.get(span.start..span.end).is_some_and(may_hold_date) {
        return Vec::new();
    }
    find_words(text, &words(text, span), true, upto)
}

/// A place in `b` before byte `at` to start reading words from, with the same words after
/// it as when reading from the start of `b`: right after an ASCII space (no word holds one,
/// so the words after it do not depend on what came before), with at least two words
/// between it and the run of non-space bytes that holds `at`. Whitespace-separated runs are
/// counted as words only when they hold an ASCII letter or digit (each then holds at least
/// one word); others are passed over, which only reads more words.
fn restart_before(b: &[u8], at: usize) -> usize {
    let space = |i: usize| b.get(i).is_some_and(u8::is_ascii_whitespace);
    let mut i = at.min(b.len());
    // Back to the start of the run that holds `at`.
    while i > 0 && !space(i - 1) {
        i -= 1;
    }
    let mut runs = 0;
    while i > 0 {
        while i > 0 && space(i - 1) {
            i -= 1;
        }
        let mut word = false;
        while i > 0 && !space(i - 1) {
            i -= 1;
            word |= b.get(i).is_some_and(u8::is_ascii_alphanumeric);
        }
        if word {
            runs += 1;
            if runs == 2 {
                return i;
            }
        }
    }
    0
}

/// The date expressions of the words `ws` of `text`, as far as `upto` says.
fn find_words(text: &str, ws: &[(usize, usize)], skip_plain: bool, upto: Upto) -> Vec<DateExpr> {
    let w = |k: usize| ws.get(k).and_then(|&(s, e)| text.get(s..e)).unwrap_or("");
    let mut out = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        if upto == Upto::First && !out.is_empty() || upto == Upto::FirstWord && k > 0 {
            break;
        }
        let cur = w(k);
        // Most words can start no date expression: skip them before any closer look.
        if skip_plain && !may_start_date(cur) {
            k += 1;
            continue;
        }
        // Lower case only in comparisons (`eq_ignore_ascii_case`): no copy per word.
        let lower = lowered(cur);
        let base: &str = match &lower {
            Cow::Borrowed(b) => strip_possessive(b),
            Cow::Owned(o) => o.trim_end_matches("'s").trim_end_matches("\u{2019}s"),
        };
        let is = |o: &str| base.eq_ignore_ascii_case(o);
        // Month names must be capitalised ("may" is a verb, "march" a noun); none is
        // longer than nine letters.
        let month = if cur.chars().next().is_some_and(char::is_uppercase) && could_be_month(base) {
            month_number(base)
        } else {
            None
        };
        if let Some(m) = month {
            // "January 10", "Jan. 10", "December 17, 2021"
            if let Some(d) = day_number(w(k + 1)) {
                let year = year_number(w(k + 2));
                let end_k = if year.is_some() { k + 2 } else { k + 1 };
                out.push(DateExpr {
                    span: Span::new(ws[k].0, ws[end_k].1),
                    value: DateValue::Absolute {
                        month: m,
                        day: d,
                        year,
                    },
                });
                k = end_k + 1;
                continue;
            }
            // "early January", "in January": no day.
            out.push(DateExpr {
                span: Span::new(ws[k].0, ws[k].1),
                value: DateValue::Vague,
            });
            k += 1;
            continue;
        }
        if let Some(d) = day_number(cur) {
            // "10 January 2022"
            let nxt = w(k + 1);
            if nxt.chars().next().is_some_and(char::is_uppercase) {
                if let Some(m) = Some(nxt)
                    .filter(|n| could_be_month(n))
                    .and_then(month_number)
                {
                    let year = year_number(w(k + 2));
                    let end_k = if year.is_some() { k + 2 } else { k + 1 };
                    out.push(DateExpr {
                        span: Span::new(ws[k].0, ws[end_k].1),
                        value: DateValue::Absolute {
                            month: m,
                            day: d,
                            year,
                        },
                    });
                    k = end_k + 1;
                    continue;
                }
            }
        }
        if let Some(&(_, wd)) = WEEKDAYS.iter().find(|(n, _)| is(n)) {
            if cur.chars().next().is_some_and(char::is_uppercase) {
                out.push(DateExpr {
                    span: Span::new(ws[k].0, ws[k].1),
                    value: DateValue::Weekday(wd),
                });
            }
            k += 1;
            continue;
        }
        let v = if is("yesterday") {
            Some((DateValue::Offset(-1), 1))
        } else if is("today") {
            Some((DateValue::Offset(0), 1))
        } else if is("tomorrow") {
            Some((DateValue::Offset(1), 1))
        } else if (is("next") || is("following"))
            && lower_is(w(k + 1), &["day", "day's", "day\u{2019}s"])
            && lower_is(w(k.wrapping_sub(1)), &["the", "a"])
        {
            Some((DateValue::NextDay, 2))
        } else if let Some(n) = number_word(base).filter(|_| {
            // "two days after the talks" dates the clause before it, not the talks: only
            // "after" with no word right behind it counts ("two days after, they met").
            let object = ws
                .get(k + 3)
                .zip(ws.get(k + 2))
                .is_some_and(|(&(s, _), &(_, e))| {
                    text.get(e..s).is_some_and(|g| g.trim().is_empty())
                });
            lower_is(w(k + 1), &["day", "days"])
                && (lower_is(w(k + 2), &["later"]) || lower_is(w(k + 2), &["after"]) && !object)
        }) {
            Some((DateValue::DaysAfter(n), 3))
        } else if (is("last") || is("next") || is("this") || is("previous"))
            && lower_is(w(k + 1), &["week", "month", "year"])
        {
            Some((DateValue::Vague, 2))
        } else {
            None
        };
        if let Some((v, len)) = v {
            let end_k = (k + len - 1).min(ws.len() - 1);
            out.push(DateExpr {
                span: Span::new(ws[k].0, ws[end_k].1),
                value: v,
            });
            k += len;
            continue;
        }
        k += 1;
    }
    out
}

/// Context for resolving relative and year-less dates.
#[derive(Debug, Clone, Copy)]
pub struct DateContext {
    /// The document date.
    pub doc: Option<NaiveDate>,
    /// The latest full date the text gives, when the document has no date.
    pub latest_full: Option<NaiveDate>,
}

/// The day an expression names, if it names one; `prev` is the date just mentioned and
/// `planned` tells whether a weekday lies ahead of the document date rather than behind.
pub fn resolve(
    v: DateValue,
    ctx: &DateContext,
    prev: Option<NaiveDate>,
    planned: bool,
) -> Option<NaiveDate> {
    match v {
        DateValue::Absolute {
            month,
            day,
            year: Some(y),
        } => NaiveDate::from_ymd_opt(y, month, day),
        DateValue::Absolute {
            month,
            day,
            year: None,
        } => {
            if let Some(d) = ctx.doc {
                // The year that puts the day nearest the document date.
                [d.year() - 1, d.year(), d.year() + 1]
                    .iter()
                    .filter_map(|&y| NaiveDate::from_ymd_opt(y, month, day))
                    .min_by_key(|c| (*c - d).num_days().abs())
            } else if let Some(f) = ctx.latest_full {
                // The first such day on or after the latest full date.
                [f.year(), f.year() + 1]
                    .iter()
                    .filter_map(|&y| NaiveDate::from_ymd_opt(y, month, day))
                    .find(|c| *c >= f)
            } else {
                None
            }
        }
        DateValue::Weekday(wd) => {
            let d = ctx.doc?;
            let cur = d.weekday().num_days_from_monday() as i64;
            let want = wd.num_days_from_monday() as i64;
            if planned {
                // The publication day itself when it is that weekday.
                Some(d + Duration::days((want - cur).rem_euclid(7)))
            } else {
                Some(d - Duration::days((cur - want).rem_euclid(7)))
            }
        }
        DateValue::NextDay => prev.map(|p| p + Duration::days(1)),
        DateValue::DaysAfter(n) => prev.map(|p| p + Duration::days(n)),
        DateValue::Offset(n) => ctx.doc.map(|d| d + Duration::days(n)),
        DateValue::Vague => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Option<NaiveDate> {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
    }

    /// Resolves the first date expression of `input` against a document of `doc`.
    fn check(input: &str, doc: Option<&str>, prev: Option<&str>, expected: Option<&str>) {
        let found = find(input, Span::new(0, input.len()));
        let ctx = DateContext {
            doc: doc.and_then(d),
            latest_full: None,
        };
        let got = found
            .first()
            .and_then(|e| resolve(e.value, &ctx, prev.and_then(d), false));
        assert_eq!(got, expected.and_then(d), "in {input:?}");
    }

    #[test]
    fn dates_resolved() {
        type Row<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let table: &[Row] = &[
            (
                "talks on January 10 in Geneva",
                Some("2022-01-16"),
                None,
                Some("2022-01-10"),
            ),
            (
                "talks on Jan. 10",
                Some("2021-12-28"),
                None,
                Some("2022-01-10"),
            ),
            (
                "On December 17, 2021, it began",
                Some("2022-01-16"),
                None,
                Some("2021-12-17"),
            ),
            (
                "on 9 February 2022 they met",
                None,
                None,
                Some("2022-02-09"),
            ),
            (
                "signed on Monday",
                Some("2021-12-28"),
                None,
                Some("2021-12-27"),
            ),
            (
                "at Monday's meeting",
                Some("2022-01-12"),
                None,
                Some("2022-01-10"),
            ),
            (
                "the next day's meeting",
                None,
                Some("2022-01-12"),
                Some("2022-01-13"),
            ),
            (
                "The following day it ended",
                None,
                Some("2022-01-12"),
                Some("2022-01-13"),
            ),
            (
                "two days later in Brussels",
                None,
                Some("2022-01-10"),
                Some("2022-01-12"),
            ),
            ("a day later", None, Some("2022-01-12"), Some("2022-01-13")),
            // The day after is that of the clause before it, not of what follows.
            (
                "it came one day after the summit ended",
                None,
                Some("2022-01-12"),
                None,
            ),
            (
                "one day after, they met",
                None,
                Some("2022-01-12"),
                Some("2022-01-13"),
            ),
            ("submitted last week", Some("2021-12-23"), None, None),
            ("in early January", Some("2021-12-23"), None, None),
            ("on January 12", None, None, None),
            ("you may go", Some("2022-01-01"), None, None),
            ("talks on February 30", Some("2022-01-01"), None, None),
        ];
        for (i, doc, prev, e) in table {
            check(i, *doc, *prev, *e);
        }
    }

    /// Words as first written, char by char: what the byte-wise `words` must agree with.
    fn words_by_char(text: &str, span: Span) -> Vec<(usize, usize)> {
        let Some(seg) = text.get(span.start..span.end) else {
            return vec![];
        };
        let mut out = Vec::new();
        let mut start: Option<usize> = None;
        let mut prev_end = 0;
        for (i, c) in seg.char_indices() {
            if c.is_alphanumeric() {
                if start.is_none() {
                    start = Some(i);
                }
                prev_end = i + c.len_utf8();
            } else if let Some(s) = start {
                let inner = matches!(c, '.' | '\'' | '\u{2019}' | '-')
                    && seg
                        .get(i + c.len_utf8()..)
                        .and_then(|r| r.chars().next())
                        .is_some_and(char::is_alphanumeric);
                if !inner {
                    out.push((span.start + s, span.start + prev_end));
                    start = None;
                }
            }
        }
        if let Some(s) = start {
            out.push((span.start + s, span.start + prev_end));
        }
        out
    }

    /// Words and phrases dates are made of, and others, in any case and script.
    const PIECES: &[&str] = &[
        "January",
        "Jan.",
        "jan",
        "Sept.",
        "SEPT",
        "May",
        "may",
        "March",
        "10",
        "31st",
        "2nd",
        "2021",
        "1999",
        "Monday",
        "monday's",
        "FRIDAY\u{2019}S",
        "Sunday\u{2019}s",
        "the",
        "a",
        "A",
        "next",
        "Following",
        "day",
        "day's",
        "days",
        "later",
        "after",
        "two",
        "ten",
        "last",
        "this",
        "previous",
        "week",
        "month",
        "year",
        "yesterday",
        "Today",
        "tomorrow",
        "on",
        "talks",
        "\u{c9}t\u{e9}",
        "\u{212a}",
        "wee\u{212a}",
        "M\u{f6}nday",
        "d\u{e4}y",
        "U.S.",
        "it's",
        "x-ray",
        "\u{2014}",
        ",",
        ".",
        "'",
        "-",
        "\u{2019}",
        " ",
        "  ",
        "\n",
    ];

    fn glue(parts: &[(usize, bool)]) -> String {
        parts
            .iter()
            .map(|&(i, space)| {
                let p = PIECES[i % PIECES.len()];
                if space {
                    format!("{p} ")
                } else {
                    p.to_string()
                }
            })
            .collect()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        /// The byte-wise word splitter agrees with the char-wise one on any text.
        #[test]
        fn words_agree(parts in proptest::collection::vec((0usize..64, proptest::bool::ANY), 0..24), raw in "\\PC{0,40}") {
            for t in [glue(&parts), raw.clone(), format!("{raw}{}", glue(&parts))] {
                let span = Span::new(0, t.len());
                proptest::prop_assert_eq!(words(&t, span), words_by_char(&t, span));
            }
        }

        /// Skipping the words that start no date expression changes no result.
        #[test]
        fn skipping_plain_words_changes_nothing(parts in proptest::collection::vec((0usize..64, proptest::bool::ANY), 0..24), raw in "\\PC{0,40}") {
            for t in [glue(&parts), raw.clone(), format!("{raw} {}", glue(&parts))] {
                let span = Span::new(0, t.len());
                proptest::prop_assert_eq!(find_in(&t, span, true), find_in(&t, span, false));
            }
        }

        /// Reading words from a little before the first mark of a date finds what reading
        /// every word of the span finds.
        #[test]
        fn reading_from_first_mark_as_from_start(parts in proptest::collection::vec((0usize..64, proptest::bool::ANY), 0..24), raw in "\\PC{0,40}", from in 0usize..80) {
            let far = parts
                .iter()
                .map(|&p| format!("{} the plan for talks", glue(&[p])))
                .collect::<Vec<_>>()
                .join(" ");
            for t in [glue(&parts), raw.clone(), format!("{raw} {}", glue(&parts)), far] {
                let Some(from) = (from % (t.len() + 1)..=t.len()).find(|&i| t.is_char_boundary(i)) else {
                    continue;
                };
                let span = Span::new(from, t.len());
                for upto in [Upto::All, Upto::First] {
                    proptest::prop_assert_eq!(find_upto(&t, span, true, upto), find_upto_whole(&t, span, upto));
                }
            }
        }

        /// `first` and `starts_at` say what `find` says, from any start in the text.
        #[test]
        fn first_and_starts_at_agree_with_find(parts in proptest::collection::vec((0usize..64, proptest::bool::ANY), 0..24), raw in "\\PC{0,40}", from in 0usize..80) {
            for t in [glue(&parts), raw.clone(), format!("{raw} {}", glue(&parts))] {
                let Some(from) = (from % (t.len() + 1)..=t.len()).find(|&i| t.is_char_boundary(i)) else {
                    continue;
                };
                let span = Span::new(from, t.len());
                let all = find(&t, span);
                proptest::prop_assert_eq!(first(&t, span), all.first().cloned());
                let at_start = all.first().is_some_and(|e| {
                    !t.get(from..e.span.start).unwrap_or("").chars().any(char::is_alphanumeric)
                });
                proptest::prop_assert_eq!(starts_at(&t, span), at_start);
            }
        }
    }

    /// The chars `char_class` takes for punctuation without decoding them.
    #[test]
    fn general_punctuation_has_no_letters() {
        for c in '\u{2000}'..='\u{203f}' {
            assert!(!c.is_alphanumeric(), "{c:?}");
        }
    }

    /// The same on the sample articles, whole and sentence by sentence.
    #[test]
    fn skipping_plain_words_changes_nothing_on_samples() {
        for dir in ["data/corpus", "data/dev/corpus", "data/test/corpus"] {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for e in entries.flatten() {
                let Ok(t) = std::fs::read_to_string(e.path()) else {
                    continue;
                };
                let whole = Span::new(0, t.len());
                assert_eq!(words(&t, whole), words_by_char(&t, whole));
                assert_eq!(find_in(&t, whole, true), find_in(&t, whole, false));
                for line in t.lines() {
                    let l = Span::new(0, line.len());
                    assert_eq!(find_in(line, l, true), find_in(line, l, false));
                    assert_eq!(find_in(line, l, true), find_upto_whole(line, l, Upto::All));
                }
            }
        }
    }

    #[test]
    fn year_from_full_dates_without_document_date() {
        let ctx = DateContext {
            doc: None,
            latest_full: d("2021-12-17"),
        };
        let v = DateValue::Absolute {
            month: 1,
            day: 12,
            year: None,
        };
        assert_eq!(resolve(v, &ctx, None, false), d("2022-01-12"));
    }

    /// "two days after" followed by a word dates no clause of its own: `starts_at` reads far
    /// enough to see that word, as `find` does.
    #[test]
    fn starts_at_sees_the_object_of_days_after() {
        for t in ["two days after January", "one day after the summit"] {
            let span = Span::new(0, t.len());
            assert!(!starts_at(t, span), "{t}");
            assert!(
                find(t, span).first().is_none_or(|e| e.span.start > 0),
                "{t}"
            );
        }
        let t = "two days after, January";
        assert!(starts_at(t, Span::new(0, t.len())));
    }
}
