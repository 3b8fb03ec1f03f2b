//! Statements: direct quotes (quote then attribution, attribution then quote, a quote that
//! opens with its verb, quotes continued over sentences and paragraphs) and reported speech
//! ("X said (that) ...", "..., X said", "according to X", "X was quoted as saying by Y",
//! "Y quoted X as saying", "..., Official Says" in headlines, conjoined and nested verbs).
//!
//! Speakers are resolved in text order so that "he" and "the official" refer back to the
//! speakers before them. What the content is about is left to `about`.

use std::collections::BTreeSet;

use crate::diag::Span;
use crate::extract::about::about;
use crate::extract::gazetteer::Hit;
use crate::extract::speakers::{
    last_word, np_ending_at, np_starting_at, resolve, subject_end, subject_np, Actor, History, Np,
    Ref,
};
use crate::extract::{Doc, Statement, StatementKind};
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
}

const BE: &[&str] = &["is", "are", "was", "were", "been", "being", "be"];
const WH: &[&str] = &["how", "why", "when", "where", "whether", "what", "if"];
const CONJ: &[&str] = &["and", "but", "or"];
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

fn words_in(text: &str, span: Span) -> usize {
    span.slice(text)
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count()
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
    doc.text.get(c.start..c.end).unwrap_or("").to_lowercase()
}

/// The start of the content after a verb at `from`: after "that" or ":" when one of them
/// comes within a few words ("said on Monday that ..."), else right after the verb.
fn content_start(text: &str, from: usize, limit: usize) -> usize {
    let from = skip_time(text, from, limit);
    let seg = text.get(from..limit).unwrap_or("");
    let mut count = 0;
    let mut off = 0;
    for w in seg.split_inclusive(' ') {
        let core = w.trim();
        let bare = core.trim_end_matches([',', ':']);
        if bare.eq_ignore_ascii_case("that") {
            return from + off + w.len();
        }
        if core.ends_with(':') {
            return from + off + w.len();
        }
        if core.contains(['"', '\u{201c}', '.', ';']) {
            break;
        }
        count += 1;
        off += w.len();
        if count >= 8 {
            break;
        }
    }
    from
}

/// Skips a time phrase right after a verb ("said on Tuesday it ...", "said late on Monday").
fn skip_time(text: &str, from: usize, limit: usize) -> usize {
    let seg = text.get(from..limit).unwrap_or("");
    let lead = seg.len() - seg.trim_start().len();
    let t = seg.trim_start().to_lowercase();
    let mut pos = from + lead;
    for p in ["late ", "early ", "earlier ", "later "] {
        if t.starts_with(p) {
            pos += p.len();
        }
    }
    let rest = text.get(pos..limit).unwrap_or("");
    let rl = rest.to_lowercase();
    let prep = ["on ", "last ", "this ", "yesterday", "today", "tomorrow"]
        .iter()
        .find(|p| rl.starts_with(*p))
        .copied();
    if prep.is_none() {
        return from;
    }
    let found = crate::extract::dates::find(text, Span::new(pos, limit));
    match found.first() {
        Some(e) if words_in(text, Span::new(pos, e.span.start)) <= 1 => {
            let after = text.get(e.span.end..limit).unwrap_or("");
            e.span.end + (after.len() - after.trim_start_matches([',', ' ']).len())
        }
        _ => from,
    }
}

/// True when the verb at `c` closes a sentence whose content came first (", X said on
/// Monday."): nothing like a clause follows it.
fn ends_clause(text: &str, c: &Hit, sent: Span) -> bool {
    let r = text.get(c.end..sent.end).unwrap_or("").trim_start();
    if r.contains(" that ") || r.contains(':') || r.contains('"') || r.contains('\u{201c}') {
        return false;
    }
    // Nothing, punctuation, or a phrase of time, place or manner: no clause follows.
    let first: String = r
        .chars()
        .take_while(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let date_next = crate::extract::dates::find(text, Span::new(c.end, sent.end))
        .first()
        .is_some_and(|e| words_in(text, Span::new(c.end, e.span.start)) == 0);
    let adjunct = first.is_empty() || ADJUNCT_STARTS.contains(&first.as_str()) || date_next;
    adjunct && words_in(text, Span::new(c.end, sent.end)) <= 9
}

/// The comma that precedes a speaker phrase starting at `np_start`, when enough words
/// stand before it to be content.
fn content_before(text: &str, sent: Span, np_start: usize) -> Option<Span> {
    let head = text.get(sent.start..np_start)?;
    let t = head.trim_end();
    if !(t.ends_with(',') || t.ends_with('\u{2013}') || t.ends_with('\u{2014}')) {
        return None;
    }
    let span = trim_span(text, Span::new(sent.start, sent.start + t.len()));
    (words_in(text, span) >= 3).then_some(span)
}

/// Finds every statement of the document, in text order.
pub fn find(doc: &Doc) -> Vec<Statement> {
    let text = doc.text;
    let mut hist = History::default();
    let mut out: Vec<Draft> = Vec::new();
    let mut quote_done = vec![false; doc.quotes.len()];
    let mut used_cues: BTreeSet<usize> = BTreeSet::new();
    for (si, &(sent, pi)) in doc.sentences.iter().enumerate() {
        let Some(para) = doc.paras.get(pi).copied() else {
            continue;
        };
        let first_new = out.len();
        // 1. Quotes opening in this sentence, attributed before them.
        for (qi, q) in doc.quotes.iter().enumerate() {
            if quote_done[qi] || q.outer.start < sent.start || q.outer.start >= sent.end {
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
                hist.push(d.speaker.clone());
                out.push(d);
                quote_done[qi] = true;
            }
        }
        // 2. Quotes closing in this sentence, attributed after them, or continued.
        for (qi, q) in doc.quotes.iter().enumerate() {
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
                hist.push(d.speaker.clone());
                out.push(d);
                quote_done[qi] = true;
            } else if text
                .get(q.outer.end..sent.end)
                .is_some_and(|r| !r.chars().any(char::is_alphanumeric))
                && (q.outer.start == sent.start
                    || doc
                        .paras
                        .get(pi)
                        .is_some_and(|p| p.span.start == q.outer.start))
            {
                if let Some(d) = continuation(doc, &out, q.inner, sent, pi) {
                    out.push(d);
                    quote_done[qi] = true;
                }
            }
        }
        // 3. Reported speech.
        if para.headline {
            if let Some(d) = headline_attribution(doc, para.span, &hist, &mut used_cues) {
                hist.push(d.speaker.clone());
                out.push(d);
            }
        } else {
            reported(
                doc,
                si,
                sent,
                &mut hist,
                &mut out,
                first_new,
                &mut used_cues,
            );
        }
    }
    // A quote left open at the end of a paragraph shares the attribution of the quote that
    // continues it at the start of the next one.
    for (qi, q) in doc.quotes.iter().enumerate() {
        if quote_done[qi] || !q.open_end {
            continue;
        }
        let next = doc
            .quotes
            .iter()
            .enumerate()
            .skip(qi + 1)
            .find(|(j, _)| quote_done[*j])
            .map(|(_, n)| n.inner);
        let Some(next) = next else { continue };
        if let Some(d) = out
            .iter()
            .find(|d| d.content.overlaps(next) || d.content.contains(next))
            .cloned()
        {
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
    let out = dedup(text, out);
    out.into_iter()
        .map(|d| {
            let ab = about(doc, &d.about_spans, &d.speaker.entity);
            Statement {
                provisional: doc.provisional.iter().any(|e| e.id == d.speaker.entity),
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

/// Content words of a span, lower case.
fn word_set(text: &str, span: Span) -> BTreeSet<String> {
    span.slice(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Drops statements repeated by the same speaker (a headline or teaser that the body says
/// again, a paragraph printed twice): most of the words of one are in the other.
fn dedup(text: &str, drafts: Vec<Draft>) -> Vec<Draft> {
    let sets: Vec<BTreeSet<String>> = drafts.iter().map(|d| word_set(text, d.content)).collect();
    let mut keep = vec![true; drafts.len()];
    for i in 0..drafts.len() {
        for j in 0..drafts.len() {
            if i == j || !keep[j] || drafts[i].speaker.entity != drafts[j].speaker.entity {
                continue;
            }
            let (a, b) = (&sets[i], &sets[j]);
            if a.is_empty() {
                keep[i] = false;
                break;
            }
            let shared = a.intersection(b).count() as f64;
            let ratio = shared / a.len() as f64;
            // i is dropped when mostly inside j, preferring to keep body over headline and
            // the longer (then the earlier) of two.
            let i_worse = (drafts[i].headline && !drafts[j].headline)
                || (drafts[i].headline == drafts[j].headline
                    && (a.len() < b.len() || a.len() == b.len() && i > j));
            if ratio >= 0.75 && i_worse {
                keep[i] = false;
                break;
            }
        }
    }
    drafts
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(d, _)| d)
        .collect()
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
        .quotes
        .iter()
        .filter(|q| q.outer.end <= outer.start && q.outer.end > sent.start)
        .map(|q| q.outer.end)
        .max()
        .unwrap_or(sent.start);
    // A quote that opens with its verb: speaker just before the quote.
    if let Some(c) = doc.cues.iter().find(|c| c.start == inner.start) {
        if cue_info(doc, c).is_some_and(|(_, f)| f == CueForm::Verb) {
            let np = np_ending_at(doc, floor, outer.start, headline);
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
        .cues
        .iter()
        .rev()
        .find(|c| c.start >= floor && c.end <= outer.start)?;
    let gap = Span::new(c.end, outer.start);
    let g = gap.slice(text).trim().to_lowercase();
    let ok_gap =
        g.is_empty() || g.ends_with(':') || g.ends_with(',') || g.ends_with("that") || g == "that";
    if !ok_gap || words_in(text, gap) > 6 {
        return None;
    }
    let (_, form) = cue_info(doc, c)?;
    if form != CueForm::Verb {
        return None;
    }
    let np = subject_np(doc, floor, c.start, headline)?;
    let a = resolve(doc, &np, hist)?;
    used.insert(c.start);
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
        .quotes
        .iter()
        .filter(|q| q.outer.start >= s && q.outer.start < limit)
        .map(|q| q.outer.start)
        .min()
        .unwrap_or(limit);
    let (np, c) = if let Some(c) = doc.cues.iter().find(|c| c.start == s) {
        let np = np_starting_at(doc, c.end, limit, headline)?;
        (np, *c)
    } else {
        let np = np_starting_at(doc, s, limit, headline)?;
        // Only modifiers of the phrase ("Russian Deputy Foreign Minister ...") may come
        // before it.
        let lead = Span::new(s, np.span.start);
        if words_in(text, lead) > 3 || lead.slice(text).contains([',', '.', ';', ':']) {
            return None;
        }
        let after = text.get(np.span.end..limit)?;
        let mut pos = np.span.end + (after.len() - after.trim_start().len());
        // Adverbs between the speaker and the verb ("he also said").
        for _ in 0..3 {
            if doc.cues.iter().any(|c| c.start == pos) {
                break;
            }
            let w: String = text
                .get(pos..limit)?
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            if w.is_empty()
                || !matches!(
                    w.to_lowercase().as_str(),
                    "also" | "then" | "later" | "further" | "again" | "has" | "had"
                )
            {
                break;
            }
            let after = text.get(pos + w.len()..limit)?;
            pos = pos + w.len() + (after.len() - after.trim_start().len());
        }
        let c = doc.cues.iter().find(|c| c.start == pos)?;
        (np, *c)
    };
    let (_, form) = cue_info(doc, &c)?;
    let a = resolve(doc, &np, hist)?;
    used.insert(c.start);
    // "“...,” X was quoted as saying by Y": Y relays.
    let relay = if form == CueForm::Passive {
        let rest = text.get(c.end..limit).unwrap_or("");
        if rest.trim_start().to_lowercase().starts_with("by ") {
            doc.mentions
                .iter()
                .find(|m| !m.nested && m.span.start >= c.end && m.span.start < limit)
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
    if participle {
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
        && words_in(text, Span::new(sent.start, outer.start)) >= 2
    {
        for cue in doc
            .cues
            .iter()
            .filter(|x| x.start >= sent.start && x.end <= outer.start)
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
        ..last.clone()
    })
}

/// "US Ready for Talks, Senior Official Says": a headline that ends with its attribution.
fn headline_attribution(
    doc: &Doc,
    para: Span,
    hist: &History,
    used: &mut BTreeSet<usize>,
) -> Option<Draft> {
    let text = doc.text;
    let c = doc
        .cues
        .iter()
        .rev()
        .find(|c| c.start >= para.start && c.end <= para.end)?;
    if !text.get(c.end..para.end)?.trim().is_empty() {
        return None;
    }
    let comma = text.get(para.start..c.start)?.rfind([',', ':'])? + para.start;
    let np = np_ending_at(doc, comma + 1, c.start, true)?;
    let a = resolve(doc, &np, hist)?;
    let content = trim_span(text, Span::new(para.start, comma));
    used.insert(c.start);
    Some(make(
        doc,
        a,
        Some(&np),
        StatementKind::Indirect,
        c,
        content,
        vec![content],
        para,
        true,
    ))
}

/// Reported speech in one sentence.
fn reported(
    doc: &Doc,
    _si: usize,
    sent: Span,
    hist: &mut History,
    out: &mut Vec<Draft>,
    first_new: usize,
    used: &mut BTreeSet<usize>,
) {
    let text = doc.text;
    let in_quote = |pos: usize| {
        doc.quotes
            .iter()
            .any(|q| q.outer.start <= pos && pos < q.outer.end)
    };
    let cues: Vec<Hit> = doc
        .cues
        .iter()
        .filter(|c| {
            c.start >= sent.start
                && c.end <= sent.end
                && !in_quote(c.start)
                && !used.contains(&c.start)
        })
        .copied()
        .collect();
    // Trailing attributions (", X said.") take the words before them: verbs in those words
    // are the speaker's report, not statements of their own, unless the speaker is an outlet
    // that only relays them (", the state-run RIA reported").
    let mut suppressed: Vec<Span> = Vec::new();
    for c in &cues {
        let Some((_, form)) = cue_info(doc, c) else {
            continue;
        };
        if form == CueForm::Preposition || !ends_clause(text, c, sent) {
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
    for c in cues {
        if suppressed
            .iter()
            .any(|s| s.start <= c.start && c.start < s.end)
        {
            continue;
        }
        let Some((_, form)) = cue_info(doc, &c) else {
            continue;
        };
        let ct = cue_text(doc, &c);
        let participle =
            form == CueForm::Verb && ct.split(' ').next().is_some_and(|w| w.ends_with("ing"));
        let before_word = last_word(text, sent.start, c.start).map(|(_, w)| w.to_lowercase());
        if participle {
            if before_word.as_deref() == Some("as") {
                if let Some(d) = quoted_as(doc, sent, &c, hist) {
                    hist.push(d.speaker.clone());
                    out.push(d);
                }
            }
            continue;
        }
        let d = match form {
            CueForm::Preposition => according_to(doc, sent, &c, hist),
            CueForm::Passive => passive(doc, sent, &c, hist),
            CueForm::Verb => verb(doc, sent, &c, hist, &out[first_new..]),
        };
        if let Some(d) = d {
            hist.push(d.speaker.clone());
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
        let cut = m.speaker_span.map(|s| s.start).unwrap_or(m.content.end);
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
        if relayed {
            out.remove(mi);
        }
    }
}

/// "X said (that) ...", "..., X said", "..., said X", "X did not rule out ... and warned".
fn verb(doc: &Doc, sent: Span, c: &Hit, hist: &History, earlier: &[Draft]) -> Option<Draft> {
    let text = doc.text;
    // Passive participles are not speech by the subject ("has been accused", "agreed by").
    let prev = last_word(
        text,
        sent.start,
        subject_end(text, sent.start, c.start).max(sent.start),
    )
    .map(|(_, w)| w.to_lowercase());
    let just_before = last_word(text, sent.start, c.start).map(|(_, w)| w.to_lowercase());
    if just_before.as_deref().is_some_and(|w| BE.contains(&w))
        || prev.as_deref().is_some_and(|w| BE.contains(&w))
    {
        return None;
    }
    let after: Vec<String> = text
        .get(c.end..sent.end)
        .unwrap_or("")
        .split_whitespace()
        .take(3)
        .map(|w| w.to_lowercase())
        .collect();
    if after.iter().any(|w| w == "by") {
        return None;
    }
    let se = subject_end(text, sent.start, c.start);
    let mut np = subject_np(doc, sent.start, c.start, false);
    if let Some(n) = &np {
        if n.r == Ref::Relative {
            return None;
        }
        if last_word(text, sent.start, n.span.start)
            .is_some_and(|(_, w)| WH.contains(&w.to_lowercase().as_str()))
        {
            return None;
        }
    }
    let trailing = ends_clause(text, c, sent);
    let mut inverted = false;
    if np.is_none() {
        let conj = last_word(text, sent.start, se)
            .map(|(_, w)| w.to_lowercase())
            .is_some_and(|w| CONJ.contains(&w.as_str()));
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
    let np = np?;
    let a = resolve(doc, &np, hist)?;
    if earlier.iter().any(|d| {
        d.speaker.entity == a.entity && d.content.start <= c.start && c.start < d.content.end
    }) {
        return None;
    }
    // A verb inside another speaker's reported words is nested speech only with an explicit
    // complement ("said that B made clear that ..."), not "... the US agreed to convey".
    let nested = earlier
        .iter()
        .any(|d| d.content.start <= c.start && c.start < d.content.end);
    if nested && !trailing && content_start(text, c.end, sent.end) == c.end {
        return None;
    }
    let before_start = if inverted { c.start } else { np.span.start };
    let before = if trailing {
        content_before(text, sent, before_start)
    } else {
        None
    };
    let mut d = if let Some(content) = before {
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
        let cs = content_start(text, c.end, sent.end);
        let content = trim_span(text, Span::new(cs, sent.end));
        let starts_ok =
            content.slice(text).chars().next().is_some_and(|ch| {
                ch.is_alphanumeric() || "\"\u{201c}\u{2018}\u{00ab}".contains(ch)
            });
        if words_in(text, content) < 2 || !starts_ok {
            return None;
        }
        // A bare object ("Russia denies such intentions.") says little without its verb:
        // the statement's words then include the verb.
        let content = if words_in(text, content) < 3 && cs == c.end && !inverted {
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
            vec![Span::new(c.end, content.end)],
            sent,
            false,
        )
    };
    d.speaker_span = Some(np.span);
    Some(d)
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
    let np = np_starting_at(doc, start, sent.end, false)?;
    (words_in(text, Span::new(start, np.span.start)) <= 1).then_some(np)
}

/// "according to X, ..." and "..., according to X".
fn according_to(doc: &Doc, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let lead = Span::new(sent.start, c.start);
    let leading = words_in(text, lead) <= 2;
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
    let person = doc.mentions.iter().rev().find(|m| {
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
    if words_in(text, content) < 2 {
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

/// "X was quoted as saying (by Y) ...": Y relays, X speaks.
fn passive(doc: &Doc, sent: Span, c: &Hit, hist: &History) -> Option<Draft> {
    let text = doc.text;
    let np = subject_np(doc, sent.start, c.start, false)?;
    let a = resolve(doc, &np, hist)?;
    let rest = text.get(c.end..sent.end)?;
    let relay = if rest.trim_start().to_lowercase().starts_with("by ") {
        doc.mentions
            .iter()
            .find(|m| {
                !m.nested && m.span.start >= c.end && m.span.start < c.end + 40.min(rest.len())
            })
            .map(|m| m.entity.clone())
    } else {
        None
    };
    let content = if ends_clause(text, c, sent) {
        content_before(text, sent, np.span.start)?
    } else {
        let cs = content_start(text, c.end, sent.end);
        trim_span(text, Span::new(cs, sent.end))
    };
    if words_in(text, content) < 2 {
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
    let qw = qw.to_lowercase();
    if !(qw.starts_with("quot") || qw.starts_with("cit")) {
        return None;
    }
    let relay_np = np_ending_at(
        doc,
        sent.start,
        subject_end(text, sent.start, q_start),
        false,
    );
    let relay = relay_np
        .and_then(|n| resolve(doc, &n, hist))
        .map(|r| r.entity);
    let cs = content_start(text, c.end, sent.end);
    let content = trim_span(text, Span::new(cs, sent.end));
    if words_in(text, content) < 2 {
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
