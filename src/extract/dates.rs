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

/// Every date expression in `span` of `text`, in order.
pub fn find(text: &str, span: Span) -> Vec<DateExpr> {
    let ws = words(text, span);
    let w = |k: usize| ws.get(k).and_then(|&(s, e)| text.get(s..e)).unwrap_or("");
    let mut out = Vec::new();
    let mut k = 0;
    while k < ws.len() {
        let cur = w(k);
        // Lower case only in comparisons (`eq_ignore_ascii_case`): no copy per word.
        let lower = lowered(cur);
        let base: &str = match &lower {
            Cow::Borrowed(b) => strip_possessive(b),
            Cow::Owned(o) => o.trim_end_matches("'s").trim_end_matches("\u{2019}s"),
        };
        let is = |o: &str| base.eq_ignore_ascii_case(o);
        // Month names must be capitalised ("may" is a verb, "march" a noun); none is
        // longer than nine letters.
        let month = if cur.chars().next().is_some_and(char::is_uppercase)
            && base.trim_end_matches('.').len() <= 9
        {
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
                if let Some(m) = month_number(nxt) {
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
            lower_is(w(k + 1), &["day", "days"]) && lower_is(w(k + 2), &["later", "after"])
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
}
