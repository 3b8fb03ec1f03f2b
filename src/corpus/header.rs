//! Header conventions of scraped news text: a first line ` date YYYY-MM-DD URL`, a title
//! line, and a dateline ("NEW YORK, January 16. /TASS/.") whose year is inferred from the
//! full dates the text gives.

use chrono::{Datelike, NaiveDate};

/// What the first lines of an article say about it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Header {
    /// Date of a ` date YYYY-MM-DD URL` line.
    pub date: Option<NaiveDate>,
    /// URL of that line.
    pub url: Option<String>,
    /// First non-empty line after it.
    pub title: Option<String>,
    /// Outlet named in a dateline (`/TASS/`).
    pub outlet: Option<String>,
    /// Date of a dateline, the year inferred from the text.
    pub dateline_date: Option<NaiveDate>,
    /// Byte offset where the body starts (after the header line).
    pub body_start: usize,
}

/// Month number (1..=12) of an English month name or its usual abbreviation ("Jan", "Sept").
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.');
    // Lower case in a buffer on the stack: this runs on many words of a text. No month
    // name is longer than nine letters.
    let mut buf = [0u8; 9];
    let lower = buf.get_mut(..w.len())?;
    lower.copy_from_slice(w.as_bytes());
    lower.make_ascii_lowercase();
    month_of_lower(lower)
}

/// [`month_number`] of a word already in lower case, without trailing dots.
fn month_of_lower(w: &[u8]) -> Option<u32> {
    let full = match w {
        b"january" => 1,
        b"february" => 2,
        b"march" => 3,
        b"april" => 4,
        b"may" => 5,
        b"june" => 6,
        b"july" => 7,
        b"august" => 8,
        b"september" => 9,
        b"october" => 10,
        b"november" => 11,
        b"december" => 12,
        _ => 0,
    };
    if full > 0 {
        return Some(full);
    }
    // Abbreviations: the first three letters ("Jan"), and "Sept".
    let abbreviation: &[u8] = match w {
        b"sept" => b"sep",
        _ if w.len() == 3 => w,
        _ => return None,
    };
    match abbreviation {
        b"jan" => Some(1),
        b"feb" => Some(2),
        b"mar" => Some(3),
        b"apr" => Some(4),
        b"may" => Some(5),
        b"jun" => Some(6),
        b"jul" => Some(7),
        b"aug" => Some(8),
        b"sep" => Some(9),
        b"oct" => Some(10),
        b"nov" => Some(11),
        b"dec" => Some(12),
        _ => None,
    }
}

/// Parses the header conventions of `text`.
pub fn parse_header(text: &str) -> Header {
    let mut h = Header::default();
    let first_line_end = text.find('\n').unwrap_or(text.len());
    let first = &text[..first_line_end];
    let mut words = first.split_whitespace();
    if words.next() == Some("date") {
        if let Some(d) = words
            .next()
            .and_then(|w| NaiveDate::parse_from_str(w, "%Y-%m-%d").ok())
        {
            h.date = Some(d);
            h.url = words.next().map(str::to_string);
            h.body_start = (first_line_end + 1).min(text.len());
        }
    }
    let body = &text[h.body_start..];
    h.title = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string);
    if let Some((month, day, outlet)) = find_dateline(body) {
        h.outlet = outlet;
        h.dateline_date = infer_dateline_date(month, day, text);
    }
    h
}

/// Finds a dateline in the first paragraphs: an upper-case place, a comma, a month and day,
/// and optionally `/OUTLET/`. Returns (month, day, outlet).
fn find_dateline(body: &str) -> Option<(u32, u32, Option<String>)> {
    for line in body.lines().filter(|l| !l.trim().is_empty()).take(8) {
        let line = line.trim_start();
        let Some(comma) = line.find(',') else {
            continue;
        };
        let place = &line[..comma];
        let upper = place
            .chars()
            .filter(|c| c.is_alphabetic())
            .all(|c| c.is_uppercase());
        if place.is_empty() || place.len() > 40 || !upper || !place.chars().any(char::is_alphabetic)
        {
            continue;
        }
        let rest = line[comma + 1..].trim_start();
        let mut it = rest.split_whitespace();
        let Some(month) = it.next().and_then(month_number) else {
            continue;
        };
        let Some(day) = it
            .next()
            .map(|w| w.trim_end_matches(['.', ',']))
            .and_then(|w| w.parse::<u32>().ok())
            .filter(|d| (1..=31).contains(d))
        else {
            continue;
        };
        let mut parts = rest.split('/');
        let outlet = match (parts.next(), parts.next(), parts.next()) {
            (Some(_), Some(o), Some(_)) => Some(o.trim()),
            _ => None,
        }
        .filter(|o| !o.is_empty() && o.len() <= 30 && o.split(' ').count() <= 3)
        .map(str::to_string);
        return Some((month, day, outlet));
    }
    None
}

/// The year of a month-day dateline: the first date on or after the latest full date
/// ("December 17, 2021") the text gives; unknown when the text gives none.
pub fn infer_dateline_date(month: u32, day: u32, text: &str) -> Option<NaiveDate> {
    let latest = full_dates(text).into_iter().max()?;
    let same_year = NaiveDate::from_ymd_opt(latest.year(), month, day)?;
    if same_year >= latest {
        Some(same_year)
    } else {
        NaiveDate::from_ymd_opt(latest.year() + 1, month, day)
    }
}

/// Every "Month D, YYYY" and "D Month YYYY" date in `text`.
pub fn full_dates(text: &str) -> Vec<NaiveDate> {
    let num = |w: &str| w.trim_end_matches([',', '.', ';', ')']).parse::<u32>().ok();
    let mut out = Vec::new();
    // Every three words in a row, read as they come (no list of the words of the text).
    let mut words = text.split_whitespace();
    let (Some(mut a), Some(mut b)) = (words.next(), words.next()) else {
        return out;
    };
    for c in words {
        // Both forms end with the year: a word that cannot be a number ends no date, and
        // the month table is only read for the few that can.
        let may_be_year = c
            .as_bytes()
            .first()
            .is_some_and(|&x| x.is_ascii_digit() || x == b'+');
        let ymd = if !may_be_year {
            None
        } else if let Some(m) = month_number(a) {
            num(b).zip(num(c)).map(|(d, y)| (y, m, d))
        } else if let Some(m) = month_number(b) {
            num(a).zip(num(c)).map(|(d, y)| (y, m, d))
        } else {
            None
        };
        if let Some((y, m, d)) = ymd {
            if (1900..=2200).contains(&y) {
                if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                    out.push(date);
                }
            }
        }
        (a, b) = (b, c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The month names, lower case, in order.
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn header_line() {
        let h = parse_header(" date 2021-12-23 https://example.com/a.html\n\nTitle here\n\nBody.");
        assert_eq!(h.date, Some(d("2021-12-23")));
        assert_eq!(h.url.as_deref(), Some("https://example.com/a.html"));
        assert_eq!(h.title.as_deref(), Some("Title here"));
    }

    #[test]
    fn dateline_year_from_full_dates() {
        let text = "Title\n\nNEW YORK, January 16. /TASS/. Body. On December 17, 2021, a draft was released.";
        let h = parse_header(text);
        assert_eq!(h.dateline_date, Some(d("2022-01-16")));
        assert_eq!(h.outlet.as_deref(), Some("TASS"));
        assert_eq!(h.date, None);
    }

    #[test]
    fn dateline_without_full_dates_is_unknown() {
        let h = parse_header("Title\n\nMOSCOW, March 3. /TASS/. Body.");
        assert_eq!(h.dateline_date, None);
    }

    proptest::proptest! {
        /// Any text parses without panicking, and the body starts on a character boundary.
        #[test]
        fn any_text_parses(text in "( date [0-9-]{10} [a-z:/.]{0,10}\n)?[A-Z ,./0-9a-zé\n]{0,80}") {
            let h = parse_header(&text);
            proptest::prop_assert!(text.is_char_boundary(h.body_start));
        }

        /// A dateline month and day after a full date get the first year that keeps the
        /// publication on or after every date the text gives.
        #[test]
        fn dateline_not_before_full_dates(y in 1990i32..2100, m in 1u32..=12, d in 1u32..=28, m2 in 1u32..=12) {
            let full = NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
            let text = format!("On {} {d}, {y} something happened.", MONTHS[m as usize - 1]);
            let got = infer_dateline_date(m2, d, &text).expect("a year is inferred");
            proptest::prop_assert!(got >= full && got.signed_duration_since(full).num_days() < 366);
        }
    }

    /// The month table read with a lower-case copy: what `month_number` must agree with.
    fn month_number_by_copy(word: &str) -> Option<u32> {
        let w = word.trim_end_matches('.').to_ascii_lowercase();
        if w.len() < 3 {
            return None;
        }
        MONTHS
            .iter()
            .position(|m| {
                *m == w || (w.len() <= 4 && m.starts_with(&w) && (w.len() == 3 || w == "sept"))
            })
            .map(|i| i as u32 + 1)
    }

    proptest::proptest! {
        /// Any word, month-like or not, reads as it does through a lower-case copy.
        #[test]
        fn month_number_without_copy(w in "[A-Za-z\u{c9}\u{e9}.]{0,11}|(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|september|mayor|marc|june|julys)\\.{0,2}") {
            proptest::prop_assert_eq!(month_number(&w), month_number_by_copy(&w));
        }
    }

    /// `full_dates` as it was: the words collected first, every triple read.
    fn full_dates_by_list(text: &str) -> Vec<NaiveDate> {
        let words: Vec<&str> = text.split_whitespace().collect();
        let num = |w: &str| w.trim_end_matches([',', '.', ';', ')']).parse::<u32>().ok();
        let mut out = Vec::new();
        for t in words.windows(3) {
            let (a, b, c) = (t[0], t[1], t[2]);
            let ymd = if let Some(m) = month_number(a) {
                num(b).zip(num(c)).map(|(d, y)| (y, m, d))
            } else if let Some(m) = month_number(b) {
                num(a).zip(num(c)).map(|(d, y)| (y, m, d))
            } else {
                None
            };
            if let Some((y, m, d)) = ymd {
                if (1900..=2200).contains(&y) {
                    out.extend(NaiveDate::from_ymd_opt(y as i32, m, d));
                }
            }
        }
        out
    }

    proptest::proptest! {
        /// The sliding read of three words finds what the list of all words gave.
        #[test]
        fn full_dates_as_by_list(
            words in proptest::collection::vec("(?i:jan|may|sept\\.|december)|[0-9+]{1,4}[,.;)]{0,2}|[a-z\u{e9}]{1,4}|\\PC{0,3}", 0..16),
            seps in proptest::collection::vec(" |\n|  |\u{a0}", 16),
        ) {
            let mut text = String::new();
            for (w, s) in words.iter().zip(&seps) {
                text.push_str(w);
                text.push_str(s);
            }
            proptest::prop_assert_eq!(full_dates(&text), full_dates_by_list(&text));
        }
    }

    #[test]
    fn months() {
        assert_eq!(month_number("Jan."), Some(1));
        assert_eq!(month_number("Sept."), Some(9));
        assert_eq!(month_number("December"), Some(12));
        assert_eq!(month_number("May"), Some(5));
        assert_eq!(month_number("Mar"), Some(3));
        assert_eq!(month_number("Ma"), None);
        assert_eq!(month_number("Marching"), None);
    }
}
