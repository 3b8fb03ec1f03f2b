//! Quotations: spans of quoted words in a paragraph, in “ ”, " ", « », ‘ ’, and dash-led
//! quotes ("– We agreed ... –” he said") whose only mark is the closing one.
//!
//! A quote left open at the end of a paragraph runs to the paragraph's end and is flagged, so
//! that a quote continued in the next paragraph can share its attribution. Who said the words
//! is left to `statements`.

use crate::diag::Span;

/// One quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// From the opening mark (or dash) to one past the closing mark.
    pub outer: Span,
    /// The quoted words, marks and surrounding spaces excluded.
    pub inner: Span,
    /// Opened by a dash rather than a quotation mark.
    pub dash: bool,
    /// Still open at the end of the paragraph.
    pub open_end: bool,
}

fn is_dash(c: char) -> bool {
    matches!(c, '\u{2013}' | '\u{2014}')
}

/// Finds the quotations of the paragraph `para` of `text`.
pub fn find(text: &str, para: Span) -> Vec<Quote> {
    let Some(p) = text.get(para.start..para.end) else {
        return vec![];
    };
    let bytes = p.as_bytes();
    let mut out: Vec<(usize, usize, usize, usize, bool, bool)> = Vec::new(); // open, inner_s, inner_e, close_end, dash, open_end
    let mut open: Option<(usize, char)> = None; // byte of the opening mark, the mark
    let mut last_end = 0usize;
    let mut from = 0usize;
    // Only quotation marks change the state below, so the scan jumps from one byte that can
    // start a mark (`"`, or the first byte of “ ” ‘ ’ « ») to the next: most text is read
    // once, byte by byte, and never decoded.
    while let Some(i) = bytes
        .get(from..)
        .and_then(|r| memchr::memchr3(b'"', 0xC2, 0xE2, r))
        .map(|off| from + off)
    {
        let Some(c) = p.get(i..).and_then(|r| r.chars().next()) else {
            break;
        };
        from = i + c.len_utf8();
        if !matches!(
            c,
            '"' | '\u{201c}' | '\u{201d}' | '\u{2018}' | '\u{2019}' | '\u{00ab}' | '\u{00bb}'
        ) {
            continue;
        }
        let next_char = p.get(from..).and_then(|r| r.chars().next());
        let prev_char = p.get(..i).and_then(|r| r.chars().next_back());
        let ahead_blank = next_char.is_none_or(char::is_whitespace);
        let behind_blank = prev_char.is_none_or(char::is_whitespace);
        match (open, c) {
            (None, '\u{201c}') if ahead_blank && !behind_blank => {
                // A “ typed where ” was meant, after the words it closes: only a dash can
                // have opened it.
                if let Some(o) = dash_opener(p, last_end, i) {
                    out.push((o, o, i, i + c.len_utf8(), true, false));
                    last_end = i + c.len_utf8();
                }
            }
            (None, '\u{201c}' | '\u{00ab}') => open = Some((i, c)),
            (None, '"') => {
                // A straight quote opens before a word, closes after one.
                if !ahead_blank || behind_blank {
                    open = Some((i, c));
                } else if let Some(o) = dash_opener(p, last_end, i) {
                    out.push((o, o, i, i + 1, true, false));
                    last_end = i + 1;
                }
            }
            (None, '\u{2018}') if behind_blank && next_char.is_some_and(char::is_alphanumeric) => {
                open = Some((i, c))
            }
            (None, '\u{201d}') => {
                if let Some(o) = dash_opener(p, last_end, i) {
                    out.push((o, o, i, i + c.len_utf8(), true, false));
                    last_end = i + c.len_utf8();
                }
            }
            (Some((o, om)), _) => {
                let closes = match om {
                    '\u{201c}' => {
                        c == '\u{201d}'
                            || (c == '\u{201c}' && ahead_blank)
                            || c == '"' && ahead_blank
                    }
                    '\u{00ab}' => c == '\u{00bb}',
                    '"' => c == '"' || c == '\u{201d}',
                    '\u{2018}' => c == '\u{2019}' && !next_char.is_some_and(char::is_alphanumeric),
                    _ => false,
                };
                if closes {
                    out.push((o, o + om.len_utf8(), i, i + c.len_utf8(), false, false));
                    last_end = i + c.len_utf8();
                    open = None;
                }
            }
            _ => {}
        }
    }
    if let Some((o, om)) = open {
        if om != '\u{2018}' {
            out.push((o, o + om.len_utf8(), p.len(), p.len(), false, true));
        }
    }
    out.into_iter()
        .filter_map(|(o, is, ie, ce, dash, open_end)| {
            let inner = trim(p, is, ie)?;
            Some(Quote {
                outer: Span::new(para.start + o, para.start + ce),
                inner: Span::new(para.start + inner.0, para.start + inner.1),
                dash,
                open_end,
            })
        })
        .collect()
}

/// The start of the words a dash-led quote opens: the last dash followed by a space and a
/// capital after `from` and before `close`, or the paragraph start when it begins with one.
fn dash_opener(p: &str, from: usize, close: usize) -> Option<usize> {
    let seg = p.get(from..close)?;
    let mut best = None;
    let ci: Vec<(usize, char)> = seg.char_indices().collect();
    for (k, &(_, c)) in ci.iter().enumerate() {
        if !(is_dash(c) || c == '-' && (k == 0 || ci[k - 1].1.is_whitespace())) {
            continue;
        }
        let before_ok = k == 0 || ci[k - 1].1.is_whitespace();
        let mut m = k + 1;
        while m < ci.len() && ci[m].1.is_whitespace() {
            m += 1;
        }
        let spaced = m > k + 1;
        if before_ok && spaced && ci.get(m).is_some_and(|x| x.1.is_uppercase()) {
            best = Some(from + ci[m].0);
        }
    }
    best
}

/// Trims spaces, dashes and trailing commas from the quoted words.
fn trim(p: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let seg = p.get(s..e)?;
    let lead = seg.len()
        - seg
            .trim_start_matches(|c: char| c.is_whitespace() || is_dash(c))
            .len();
    let t = seg.trim_start_matches(|c: char| c.is_whitespace() || is_dash(c));
    let t2 = t.trim_end_matches(|c: char| c.is_whitespace() || is_dash(c) || c == ',');
    if t2.is_empty() {
        return None;
    }
    Some((s + lead, s + lead + t2.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, expected: &[&str]) {
        let q = find(input, Span::new(0, input.len()));
        let got: Vec<&str> = q.iter().map(|q| q.inner.slice(input)).collect();
        assert_eq!(got, expected, "in {input:?}");
    }

    #[test]
    fn quote_marks() {
        let table: &[(&str, &[&str])] = &[
            ("\u{201c}We are ready,\u{201d} she said.", &["We are ready"]),
            (
                "\"We are ready,\" she said. \"Truly.\"",
                &["We are ready", "Truly."],
            ),
            (
                "He called it \u{00ab}a mistake\u{00bb} today.",
                &["a mistake"],
            ),
            (
                "She spoke of \u{2018}red lines\u{2019} again.",
                &["red lines"],
            ),
            ("Russia\u{2019}s view is \u{201c}firm\u{201d}.", &["firm"]),
            (
                "\u{2013} We will answer soon. Then we decide\u{2013}\u{201d} he said.",
                &["We will answer soon. Then we decide"],
            ),
            (
                "He named the rule \u{2013} No state may do this,\u{201d} the envoy said.",
                &["No state may do this"],
            ),
            (
                "\u{201c}It is over. We move on. \u{201c}",
                &["It is over. We move on."],
            ),
            ("\u{201c}It goes on and on", &["It goes on and on"]),
            ("No quotes here, it\u{2019}s plain.", &[]),
        ];
        for (i, e) in table {
            check(i, e);
        }
    }

    /// The character-by-character scan `find` replaced, kept to check that skipping to the
    /// next possible mark finds the same quotes.
    fn find_reference(text: &str, para: Span) -> Vec<Quote> {
        let Some(p) = text.get(para.start..para.end) else {
            return vec![];
        };
        let chars: Vec<(usize, char)> = p.char_indices().collect();
        let prev = |k: usize| {
            if k == 0 {
                None
            } else {
                chars.get(k - 1).map(|x| x.1)
            }
        };
        let next = |k: usize| chars.get(k + 1).map(|x| x.1);
        let mut out: Vec<(usize, usize, usize, usize, bool, bool)> = Vec::new(); // open, inner_s, inner_e, close_end, dash, open_end
        let mut open: Option<(usize, char)> = None; // byte of the opening mark, the mark
        let mut last_end = 0usize;
        for (k, &(i, c)) in chars.iter().enumerate() {
            let ahead_blank = next(k).is_none_or(char::is_whitespace);
            let behind_blank = prev(k).is_none_or(char::is_whitespace);
            match (open, c) {
                (None, '\u{201c}') if ahead_blank && !behind_blank => {
                    // A “ typed where ” was meant, after the words it closes: only a dash can
                    // have opened it.
                    if let Some(o) = dash_opener(p, last_end, i) {
                        out.push((o, o, i, i + c.len_utf8(), true, false));
                        last_end = i + c.len_utf8();
                    }
                }
                (None, '\u{201c}' | '\u{00ab}') => open = Some((i, c)),
                (None, '"') => {
                    // A straight quote opens before a word, closes after one.
                    if !ahead_blank || behind_blank {
                        open = Some((i, c));
                    } else if let Some(o) = dash_opener(p, last_end, i) {
                        out.push((o, o, i, i + 1, true, false));
                        last_end = i + 1;
                    }
                }
                (None, '\u{2018}')
                    if behind_blank && next(k).is_some_and(char::is_alphanumeric) =>
                {
                    open = Some((i, c))
                }
                (None, '\u{201d}') => {
                    if let Some(o) = dash_opener(p, last_end, i) {
                        out.push((o, o, i, i + c.len_utf8(), true, false));
                        last_end = i + c.len_utf8();
                    }
                }
                (Some((o, om)), _) => {
                    let closes = match om {
                        '\u{201c}' => {
                            c == '\u{201d}'
                                || (c == '\u{201c}' && ahead_blank)
                                || c == '"' && ahead_blank
                        }
                        '\u{00ab}' => c == '\u{00bb}',
                        '"' => c == '"' || c == '\u{201d}',
                        '\u{2018}' => {
                            c == '\u{2019}' && !next(k).is_some_and(char::is_alphanumeric)
                        }
                        _ => false,
                    };
                    if closes {
                        out.push((o, o + om.len_utf8(), i, i + c.len_utf8(), false, false));
                        last_end = i + c.len_utf8();
                        open = None;
                    }
                }
                _ => {}
            }
        }
        if let Some((o, om)) = open {
            if om != '\u{2018}' {
                out.push((o, o + om.len_utf8(), p.len(), p.len(), false, true));
            }
        }
        out.into_iter()
            .filter_map(|(o, is, ie, ce, dash, open_end)| {
                let inner = trim(p, is, ie)?;
                Some(Quote {
                    outer: Span::new(para.start + o, para.start + ce),
                    inner: Span::new(para.start + inner.0, para.start + inner.1),
                    dash,
                    open_end,
                })
            })
            .collect()
    }

    proptest::proptest! {
        /// `find` agrees with the plain scan on text dense in marks, dashes and spaces.
        #[test]
        fn same_quotes_as_the_plain_scan(
            s in "[ab A.,\"\u{201c}\u{201d}\u{2018}\u{2019}\u{00ab}\u{00bb}\u{2013}\u{2014}\u{00a0}-]{0,40}"
        ) {
            let span = Span::new(0, s.len());
            proptest::prop_assert_eq!(find(&s, span), find_reference(&s, span));
        }
    }

    #[test]
    fn open_end_flag() {
        let t = "\"We will not stop";
        let q = find(t, Span::new(0, t.len()));
        assert!(q.len() == 1 && q[0].open_end);
    }
}
