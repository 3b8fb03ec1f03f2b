//! Statements attributed by the layout of the page rather than by a reporting verb: labelled
//! lines ("Lavrov: NATO must ...", "Sherman: \"...\""), transcripts ("MR. PRICE:", "Q:",
//! "Answer:", a speaker's turn running over the paragraphs after the label), speaker
//! headings over summary paragraphs, headlines ("..., X says", "..., says X", "...: X",
//! "... – X", "X warns ...", bullet lists of them) and pull quotes followed by a "— Name"
//! line or with their credit glued to their end. A line without a closing stop that is too
//! long for a headline is a paragraph cut short, left to reported speech.
//!
//! Each line is read once, in text order; the state carried from line to line is the
//! current transcript turn or speaker heading and the interviewee of an interview page.
//! A label speaks only when it resolves to a person or body of the schema (through
//! `speakers`): outlets, photo credits and places never do.

use std::collections::BTreeSet;

use crate::diag::Span;
use crate::extract::gazetteer::Hit;
use crate::extract::speakers::{
    count_words, lower_eq, lower_in, lower_starts_with, np_ending_at, np_starting_at, resolve,
    subject_end, Actor, History, Np, Ref,
};
use crate::extract::{Doc, StatementKind};
use crate::schema::types::CueForm;
use crate::schema::EntityId;

/// A statement found by layout.
#[derive(Debug, Clone)]
pub struct Found {
    /// Who said it.
    pub speaker: Actor,
    /// Where the speaker is named, when on the line.
    pub speaker_span: Option<Span>,
    /// Quoted or transcribed words, or a summary.
    pub kind: StatementKind,
    /// The label mark or the verb (`:`, `says`, `answer`).
    pub cue: String,
    /// The act of the lexicon for the cue.
    pub act: String,
    /// The words said.
    pub content: Span,
    /// The line they stand on.
    pub sentence: Span,
    /// Found on a headline.
    pub headline: bool,
}

/// Who holds the floor in a transcript.
#[derive(Debug, Clone, Default)]
enum Turn {
    /// No transcript turn.
    #[default]
    None,
    /// A known speaker answers: the paragraphs after the label are theirs.
    Speaker(Actor),
    /// A question, or a speaker the schema does not know.
    Other,
}

/// The reading of one document's lines, kept between lines.
#[derive(Debug, Default)]
pub struct Layout {
    turn: Turn,
    /// The paragraph read last.
    last: Option<usize>,
    /// The interviewee of "Answer:" labels, once looked for.
    interviewee: Option<Option<Actor>>,
    /// Whether the page is laid out in sections under speaker headings (two or more).
    sections: Option<bool>,
    /// The speaker of the section being read.
    heading: Option<Actor>,
}

/// What stands before the colon of a labelled line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum LabelKind {
    /// "Q:", "Question:", "Q " before a capital.
    Question,
    /// "A:", "Answer:".
    Answer,
    /// A name or description ("MR. SULLIVAN", "Sherman", "STEVE INSKEEP, BYLINE").
    Name {
        /// Where the name itself stands (honorific and trailing role left out).
        core: Span,
        /// Written as a transcript label: in capitals or after "Mr."/"Ms.".
        transcript: bool,
    },
}

/// A labelled line.
#[derive(Debug, Clone, Copy)]
struct Label {
    kind: LabelKind,
    /// The words after the label.
    content: Span,
}

/// Statements found by other rules (`body`) and by layout (`laid`), each sorted by the
/// start of their content, merged in that order. A layout statement is dropped when a
/// statement of the same speaker found otherwise overlaps it (the same words attributed
/// twice); a labelled line that the body says again in other words is kept, being a
/// statement of its own.
pub fn merge<T>(body: Vec<T>, laid: Vec<T>, key: impl Fn(&T) -> (&EntityId, Span)) -> Vec<T> {
    let laid: Vec<T> = laid
        .into_iter()
        .filter(|l| {
            let (who, span) = key(l);
            // Statements are short next to this reach: those that may overlap start in it.
            let a =
                body.partition_point(|b| key(b).1.start < span.start.saturating_sub(MERGE_REACH));
            let z = body.partition_point(|b| key(b).1.start < span.end);
            !body.get(a..z.max(a)).unwrap_or(&[]).iter().any(|b| {
                let (w, s) = key(b);
                w == who && s.overlaps(span)
            })
        })
        .collect();
    let mut out = Vec::with_capacity(body.len() + laid.len());
    let mut body = body.into_iter().peekable();
    for l in laid {
        while let Some(b) = body.next_if(|b| key(b).1.start <= key(&l).1.start) {
            out.push(b);
        }
        out.push(l);
    }
    out.extend(body);
    out
}

/// How far before a layout statement a statement overlapping it may start, in bytes.
const MERGE_REACH: usize = 4_000;

/// Marks that open a bullet item.
const BULLETS: &[char] = &[
    '\u{2022}', '\u{25cf}', '\u{25aa}', '\u{25e6}', '\u{2023}', '\u{25ba}', '\u{00b7}', '*',
];
/// Courtesy titles before a name in transcripts.
const HONORIFICS: &[&str] = &["mr.", "ms.", "mrs.", "dr.", "mr", "ms", "mrs", "dr"];
/// Kinds of entity that never speak through layout (credits, outlets, places).
const SILENT_KINDS: &[&str] = &["media", "place"];
/// Words that open a headline about a topic rather than a saying ("Ukraine: what we know").
const TOPIC_OPENERS: &[&str] = &[
    "what",
    "how",
    "why",
    "who",
    "when",
    "where",
    "live",
    "latest",
    "timeline",
    "explainer",
];

/// The position after the bullet marks and spaces that open the span.
pub fn skip_bullets(text: &str, span: Span) -> usize {
    let seg = span.slice(text);
    let rest = seg.trim_start_matches(|c: char| c.is_whitespace() || BULLETS.contains(&c));
    span.end - rest.len()
}

/// Trims spaces and the punctuation that frames content.
fn trim(text: &str, span: Span) -> Span {
    let seg = span.slice(text);
    let f = |c: char| {
        c.is_whitespace() || matches!(c, ',' | ':' | ';' | '-' | '\u{2013}' | '\u{2014}' | '|')
    };
    let lead = seg.len() - seg.trim_start_matches(f).len();
    let t = seg.trim_start_matches(f).trim_end_matches(f);
    Span::new(span.start + lead, span.start + lead + t.len())
}

fn words(text: &str, span: Span, cap: usize) -> usize {
    count_words(span.slice(text), cap)
}

/// The most words of a headline: a longer line without a closing stop is a paragraph cut
/// short, read as reported speech.
const HEADLINE_WORDS: usize = 20;

/// True for a line without a closing stop that is too long to be a headline: a paragraph
/// cut short.
pub fn cut_short(text: &str, line: Span) -> bool {
    words(text, line, HEADLINE_WORDS + 1) > HEADLINE_WORDS
}

/// Reads the label that opens the line `[start, end)`, if any.
fn label(text: &str, start: usize, end: usize) -> Option<Label> {
    let line = text.get(start..end)?;
    // "Q Jake, are you ...": a bare Q before the question.
    if let Some(rest) = line.strip_prefix("Q ") {
        if rest
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || matches!(c, '"' | '\u{201c}'))
        {
            return Some(Label {
                kind: LabelKind::Question,
                content: trim(text, Span::new(start + 2, end)),
            });
        }
    }
    let colon = line.find(':')?;
    if colon == 0 || colon > 80 {
        return None;
    }
    // A colon inside a time ("10:45") or a link is no label.
    let after = line.get(colon + 1..)?;
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let lab = line.get(..colon)?.trim_end();
    let n = lab.split_whitespace().count();
    let odd = |l: &str| l.contains(['"', '\u{201c}', '\u{201d}', '(', '\u{00bb}', '|']);
    if n == 0 || n > 8 || odd(lab) && !lab.starts_with(['Q', 'q']) {
        return None;
    }
    let content = trim(text, Span::new(start + colon + 1, end));
    // "QUESTION (Reuters)": the first word decides.
    let first_word = lab
        .split(|c: char| !c.is_alphanumeric())
        .next()
        .unwrap_or("");
    let asker = lab
        .get(first_word.len()..)
        .map(str::trim_start)
        .is_some_and(|r| r.is_empty() || r.starts_with('('));
    let lab = if asker && lower_in(first_word, &["q", "question", "a", "answer"]) {
        first_word
    } else {
        lab
    };
    if lower_in(lab, &["q", "question"]) {
        return Some(Label {
            kind: LabelKind::Question,
            content,
        });
    }
    if lower_in(lab, &["a", "answer"]) {
        return Some(Label {
            kind: LabelKind::Answer,
            content,
        });
    }
    // "MR. SULLIVAN": a courtesy title first.
    let first = lab.split_whitespace().next().unwrap_or("");
    let honorific = n > 1 && lower_in(first, HONORIFICS);
    let mut core_start = start;
    if honorific {
        let rest = line.get(first.len()..colon).unwrap_or("");
        core_start = start + first.len() + (rest.len() - rest.trim_start().len());
    }
    // "STEVE INSKEEP, BYLINE", "Sergei Lavrov, Russian Foreign Minister": the name before a
    // short role.
    let mut core_end = start + lab.len();
    if let Some(comma) = lab.find(',') {
        let role = lab.get(comma + 1..).unwrap_or("");
        if role.split_whitespace().count() > 4 || role.contains(',') {
            return None;
        }
        core_end = start + comma;
    }
    if core_end <= core_start {
        return None;
    }
    let letters = || lab.chars().filter(|c| c.is_alphabetic());
    let capitals = letters().count() >= 2 && letters().all(char::is_uppercase);
    Some(Label {
        kind: LabelKind::Name {
            core: Span::new(core_start, core_end),
            transcript: honorific || capitals,
        },
        content,
    })
}

/// The quote that fills `content`, if it is one quotation (its closing mark at the end, give
/// or take a full stop).
fn whole_quote(doc: &Doc, content: Span) -> Option<Span> {
    let (_, qs) = doc.quotes_in(content.start, content.start + 1);
    let q = qs.first()?;
    if q.dash {
        return None;
    }
    let tail = doc.text.get(q.outer.end..content.end)?;
    tail.chars()
        .all(|c| c.is_whitespace() || matches!(c, '.' | ',' | '!' | '?'))
        .then_some(q.inner)
}

/// Resolves a speaker phrase of a headline. A title after the name of a state or body,
/// without article, neither generic nor a spokesman's ("German Chancellor Says", "NATO
/// chief warns"), names the one holder of the office, as in Title Case headlines; a
/// headline description is otherwise read as an unnamed member of the body ("Kremlin
/// Spokesman Says").
fn resolve_headline(doc: &Doc, np: &Np, hist: &History) -> Option<Actor> {
    if let Ref::Description(d) = &np.r {
        let article = np
            .span
            .slice(doc.text)
            .split_whitespace()
            .next()
            .is_some_and(|w| lower_in(w, &["a", "an", "one", "some"]));
        // The office of a state or body ("NATO Chief", "German Chancellor"), but not that
        // of a spokesman ("Kremlin Spokesman Says" may be any spokesman of the Kremlin).
        let national = !d.modifiers.is_empty() && d.group != "spokesperson";
        // A bare title ("Envoy says ...") names no one a headline reader could tell.
        if d.modifiers.is_empty() && d.unnamed_body.is_none() && !d.definite {
            return None;
        }
        if d.indefinite && !d.plural && !d.generic && !article && national {
            let mut d2 = d.clone();
            d2.indefinite = false;
            let np2 = Np {
                span: np.span,
                r: Ref::Description(d2),
            };
            if let Some(a) = resolve(doc, &np2, hist).filter(|a| a.personal) {
                return Some(a);
            }
        }
    }
    resolve(doc, np, hist)
}

/// The kind of entity of a speaker, "" when unknown.
fn kind_of<'d>(doc: &'d Doc, id: &EntityId) -> &'d str {
    doc.entity(id).map(|e| e.kind.as_str()).unwrap_or("")
}

/// True for a speaker phrase that names someone (not a pronoun or relative).
fn names_someone(np: &Np) -> bool {
    matches!(
        np.r,
        Ref::Named { .. } | Ref::Collective(_) | Ref::Description(_)
    )
}

fn act_of(doc: &Doc, c: &Hit) -> String {
    doc.gaz
        .cues
        .info
        .get(c.pat)
        .map(|i| i.act.clone())
        .unwrap_or_else(|| "assert".into())
}

fn is_verb(doc: &Doc, c: &Hit) -> bool {
    doc.gaz
        .cues
        .info
        .get(c.pat)
        .is_some_and(|i| i.form == CueForm::Verb)
}

fn cue_text(doc: &Doc, c: &Hit) -> String {
    doc.text.get(c.start..c.end).unwrap_or("").to_lowercase()
}

impl Layout {
    /// The statements that the layout of paragraph `pi` attributes (called once per
    /// paragraph, in text order).
    pub fn line(
        &mut self,
        doc: &Doc,
        pi: usize,
        hist: &History,
        used: &mut BTreeSet<usize>,
    ) -> Vec<Found> {
        let mut out = Vec::new();
        let Some(para) = doc.paras.get(pi).copied() else {
            return out;
        };
        // Site furniture between the last line read and this one ends a turn.
        let from = self.last.map_or(0, |l| l + 1);
        if para.boilerplate
            || doc
                .paras
                .get(from..pi)
                .is_some_and(|ps| ps.iter().any(|p| p.boilerplate))
        {
            self.turn = Turn::None;
            self.heading = None;
        }
        self.last = Some(pi);
        if para.boilerplate {
            return out;
        }
        let text = doc.text;
        let start = skip_bullets(text, para.span);
        let line = Span::new(start, para.span.end);
        // A copyright or link line after a transcript is the page's, not the speaker's
        // (looked for only while a turn or heading runs).
        let running = matches!(self.turn, Turn::Speaker(_)) || self.heading.is_some();
        if running && page_notice(line.slice(text)) {
            self.turn = Turn::None;
            self.heading = None;
            return out;
        }
        // Speaker headings: "Lavrov:" alone on its line, or "Name, Title" lines when the page
        // has two or more of them (one may be a caption).
        let sections = *self.sections.get_or_insert_with(|| {
            doc.paras
                .iter()
                .filter(|p| !p.boilerplate && heading(doc, p, hist).is_some_and(|h| !h.1))
                .take(2)
                .count()
                >= 2
        });
        if let Some((a, colon)) = heading(doc, &para, hist) {
            if colon || sections {
                self.heading = Some(a);
                self.turn = Turn::None;
                return out;
            }
        }
        if para.headline {
            self.heading = None;
        } else if let Some(a) = &self.heading {
            // Under the heading: a quotation alone, or a summary with no verb or quote of
            // its own.
            let (_, qs) = doc.quotes_in(line.start, line.end);
            let quote = whole_quote(doc, line);
            let summary = label(text, start, para.span.end).is_none()
                && doc.cues_in(line.start, line.end).is_empty()
                && qs.is_empty()
                && !describes(doc, line, &a.entity);
            let content = quote.unwrap_or(line);
            if (quote.is_some() || summary) && words(text, content, 3) >= 3 {
                out.push(Found {
                    // Named again here, as far as salience goes.
                    speaker: Actor {
                        at: line.start,
                        ..a.clone()
                    },
                    speaker_span: None,
                    kind: if quote.is_some() {
                        StatementKind::Direct
                    } else {
                        StatementKind::Indirect
                    },
                    cue: ":".into(),
                    act: "assert".into(),
                    content,
                    sentence: para.span,
                    headline: false,
                });
                return out;
            }
        }
        if let Some(lab) = label(text, start, para.span.end) {
            if let Some(f) = self.labelled(doc, para.span, para.headline, &lab, hist) {
                self.heading = None;
                out.push(f);
                return out;
            }
            // "EXCLUSIVE: Lavrov says ...", "Analysis: ...": a kicker before a headline.
            if let LabelKind::Name { core, .. } = lab.kind {
                if para.headline && words(text, core, 3) <= 2 {
                    self.turn = Turn::None;
                    out.extend(headline(doc, lab.content, hist, used));
                    return out;
                }
            }
            if matches!(
                lab.kind,
                LabelKind::Question
                    | LabelKind::Answer
                    | LabelKind::Name {
                        transcript: true,
                        ..
                    }
            ) {
                self.heading = None;
                return out;
            }
        }
        // A paragraph of a speaker's turn.
        if let Turn::Speaker(a) = &self.turn {
            if !para.headline || words(text, line, 12) >= 12 {
                if words(text, line, 3) >= 3 {
                    out.push(Found {
                        speaker: Actor {
                            at: line.start,
                            ..a.clone()
                        },
                        speaker_span: None,
                        kind: StatementKind::Direct,
                        cue: ":".into(),
                        act: "assert".into(),
                        content: line,
                        sentence: para.span,
                        headline: false,
                    });
                }
                return out;
            }
            self.turn = Turn::None;
        }
        if para.headline {
            out.extend(glued_credit(doc, line, hist));
        }
        if para.headline && !cut_short(doc.text, para.span) && out.is_empty() {
            self.turn = Turn::None;
            out.extend(headline(doc, line, hist, used));
        }
        if out.is_empty() {
            out.extend(pull_quote(doc, pi, line, hist));
        }
        out
    }

    /// The statement of a labelled line, and the turn it opens.
    fn labelled(
        &mut self,
        doc: &Doc,
        para: Span,
        headline: bool,
        lab: &Label,
        hist: &History,
    ) -> Option<Found> {
        let text = doc.text;
        let quote = whole_quote(doc, lab.content);
        let (speaker, span, transcript) = match lab.kind {
            LabelKind::Question => {
                self.turn = Turn::Other;
                return None;
            }
            LabelKind::Answer => {
                let a = self.interviewee(doc, para.start);
                self.turn = a.clone().map_or(Turn::Other, Turn::Speaker);
                (a?, None, true)
            }
            LabelKind::Name { core, transcript } => {
                // In a transcript label, a title may stand before the name ("SECRETARY
                // BLINKEN").
                // In any case, a title of capitalised words with "of" may stand before the
                // name ("President of Russia Vladimir Putin:").
                let titled = |np: &Np| {
                    let gap = Span::new(core.start, np.span.start);
                    matches!(np.r, Ref::Named { .. })
                        && (transcript && words(text, gap, 4) <= 3
                            || words(text, gap, 7) <= 6
                                && !doc.titles_in(gap.start, gap.end).is_empty()
                                && gap.slice(text).split_whitespace().all(|w| {
                                    w.chars().next().is_some_and(char::is_uppercase)
                                        || lower_in(w, &["of", "the", "for"])
                                }))
                };
                let np = np_ending_at(doc, core.start, core.end, true)
                    .filter(|np| (np.span.start == core.start || titled(np)) && names_someone(np))
                    .or_else(|| quote.and_then(|_| possessive(doc, core)));
                let a = np.as_ref().and_then(|np| resolve_headline(doc, np, hist));
                let kind = a.as_ref().map_or("", |a| kind_of(doc, &a.entity));
                // Outlets, credits and places label lines without speaking.
                let a = a.filter(|_| !SILENT_KINDS.contains(&kind));
                // Capitals label a transcript turn only for a person ("US:" is a headline);
                // after a question, a person's name in any case answers it.
                let asked = matches!(self.turn, Turn::Other) && kind == "person" && !headline;
                let transcript = transcript && (a.is_none() || kind == "person") || asked;
                // A body or state labels a headline or a quote ("Kremlin: ..."); a topic
                // headline ("Ukraine: what we know") says nothing.
                let a = a.filter(|a| {
                    a.personal
                        || kind == "person"
                        || transcript
                        || quote.is_some()
                        || headline && words(text, lab.content, 4) >= 4 && !topic(text, lab.content)
                });
                // A transcript label opens a turn; a name that speaks ends one.
                if transcript {
                    self.turn = a.clone().map_or(Turn::Other, Turn::Speaker);
                } else if a.is_some() {
                    self.turn = Turn::None;
                }
                (a?, np.map(|n| n.span), transcript)
            }
        };
        let (content, kind) = match quote {
            Some(inner) => (inner, StatementKind::Direct),
            None if transcript => (lab.content, StatementKind::Direct),
            None => (lab.content, StatementKind::Indirect),
        };
        if words(text, content, 3) < 3 {
            return None;
        }
        // "Sergei Lavrov: Russia's foreign minister since 2004": a list of who is who
        // describes the person instead of quoting them.
        if quote.is_none() && !transcript {
            let titled = doc
                .titles_in(content.start, content.end)
                .first()
                .and_then(|t| np_ending_at(doc, content.start, t.end, false));
            let own = np_starting_at(doc, content.start, content.end, false)
                .into_iter()
                .chain(titled)
                .filter(|np| np.span.start == content.start)
                .filter_map(|np| resolve(doc, &np, hist))
                .any(|a| a.entity == speaker.entity);
            if own {
                return None;
            }
        }
        let cue = if lab.kind == LabelKind::Answer {
            "answer"
        } else {
            ":"
        };
        Some(Found {
            speaker,
            speaker_span: span,
            kind,
            cue: cue.into(),
            act: "assert".into(),
            content,
            sentence: para,
            headline,
        })
    }

    /// The person interviewed: the one named most often before the first answer (the
    /// earliest of equals).
    fn interviewee(&mut self, doc: &Doc, pos: usize) -> Option<Actor> {
        if let Some(a) = &self.interviewee {
            return a.clone();
        }
        // Only a page that says it is an interview has one ("Q&A: what is at stake" pages
        // answer for nobody).
        let said = doc.text.get(..pos).is_some_and(|head| {
            memchr::memmem::find_iter(head.as_bytes(), b"nterview").any(|i| {
                i > 0
                    && head
                        .as_bytes()
                        .get(i - 1)
                        .is_some_and(|b| b.eq_ignore_ascii_case(&b'i'))
            })
        });
        if !said {
            self.interviewee = Some(None);
            return None;
        }
        let mut counts: Vec<(&EntityId, usize)> = Vec::new();
        for m in doc.mentions_in(0, pos).iter().filter(|m| !m.nested) {
            if kind_of(doc, &m.entity) != "person" {
                continue;
            }
            match counts.iter_mut().find(|(e, _)| *e == &m.entity) {
                Some((_, n)) => *n += 1,
                None => counts.push((&m.entity, 1)),
            }
        }
        let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let a = counts
            .iter()
            .find(|(_, n)| *n == best && best > 0)
            .and_then(|(id, _)| doc.entity(id))
            .map(|e| Actor {
                entity: e.id.clone(),
                personal: true,
                gender: e.gender,
                group: None,
                at: pos,
            });
        self.interviewee = Some(a.clone());
        a
    }
}

/// "Putin's annual press conference" before a quote: the person whose event it is, named
/// first, with a few words after the possessive.
fn possessive(doc: &Doc, core: Span) -> Option<Np> {
    let text = doc.text;
    let seg = core.slice(text);
    let i = seg.find("'s ").or_else(|| seg.find("\u{2019}s "))?;
    let np = np_ending_at(doc, core.start, core.start + i, true)
        .filter(|np| np.span.start == core.start && matches!(np.r, Ref::Named { .. }))?;
    let rest = Span::new(core.start + i, core.end);
    (words(text, rest, 6) <= 5 && doc.cues_in(rest.start, rest.end).is_empty()).then_some(np)
}

/// A speaker heading: a line "Lavrov:" alone, or "Sergei Lavrov, Russian Foreign Minister"
/// (a person named, a comma, a title), with the speaker and whether it ends with a colon.
fn heading(
    doc: &Doc,
    para: &crate::extract::sentences::Para,
    hist: &History,
) -> Option<(Actor, bool)> {
    let text = doc.text;
    let start = skip_bullets(text, para.span);
    let line = Span::new(start, para.span.end);
    let seg = line.slice(text);
    if words(text, line, 11) > 10 || !doc.cues_in(line.start, line.end).is_empty() {
        return None;
    }
    let (np, rest) = if let Some(name) = seg.strip_suffix(':') {
        // A transcript label alone on its line opens a turn instead.
        if label(text, start, line.end).is_some_and(|l| {
            !matches!(
                l.kind,
                LabelKind::Name {
                    transcript: false,
                    ..
                }
            )
        }) {
            return None;
        }
        let end = start + name.trim_end().len();
        // "The following is attributable to Spokesperson Ned Price:" (a readout).
        let from = memchr::memmem::find(name.as_bytes(), b"attributable to ")
            .map_or(start, |i| start + i + "attributable to ".len());
        let np = np_ending_at(doc, from, end, true)?;
        if np.span.start != from {
            return None;
        }
        (
            Np {
                span: Span::new(start, np.span.end),
                r: np.r,
            },
            None,
        )
    } else if para.headline {
        let comma = seg.find(", ")?;
        (
            np_ending_at(doc, start, start + comma, true)?,
            Some(Span::new(start + comma + 2, line.end)),
        )
    } else {
        return None;
    };
    if np.span.start != start || !names_someone(&np) {
        return None;
    }
    // After the comma, only a title with its modifiers.
    if let Some(rest) = rest {
        let role = np_ending_at(doc, rest.start, rest.end, true)?;
        if role.span.start != rest.start || !matches!(role.r, Ref::Description(_)) {
            return None;
        }
        if !matches!(np.r, Ref::Named { .. }) {
            return None;
        }
    }
    let a = resolve(doc, &np, hist)?;
    // A country or place heads a section about it ("Ukraine:"), not its words.
    let kind = kind_of(doc, &a.entity);
    (!SILENT_KINDS.contains(&kind) && kind != "country").then_some((a, rest.is_none()))
}

/// True when a paragraph under a speaker heading speaks of that speaker rather than for
/// them: it names them, opens with a personal pronoun, or opens with a description holding
/// a title ("The former prime minister has led ..."), as a profile of who is who does.
fn describes(doc: &Doc, line: Span, speaker: &EntityId) -> bool {
    let text = doc.text;
    if doc
        .mentions_in(line.start, line.end)
        .iter()
        .any(|m| &m.entity == speaker)
    {
        return true;
    }
    let seg = line.slice(text);
    let first = seg.split_whitespace().next().unwrap_or("");
    if lower_in(first, &["he", "she", "his", "her"]) {
        return true;
    }
    if !lower_in(first, &["the", "a", "an"]) {
        return false;
    }
    // A description in the first six words.
    let head_end = seg
        .split_whitespace()
        .take(6)
        .last()
        .and_then(|w| seg.find(w).map(|i| line.start + i + w.len()))
        .unwrap_or(line.start);
    !doc.titles_in(line.start, head_end).is_empty()
}

/// True for a line of the page's own notices: a copyright, rights reserved, a web address.
fn page_notice(line: &str) -> bool {
    let b = line.as_bytes();
    let has = |needle: &[u8]| {
        b.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    line.contains('\u{00a9}')
        || has(b"copyright")
        || has(b"all rights reserved")
        || has(b"www.")
        || has(b"http")
}

/// True when the words open with a word of a topic headline ("What we know").
fn topic(text: &str, content: Span) -> bool {
    content
        .slice(text)
        .split_whitespace()
        .next()
        .is_some_and(|w| {
            lower_in(
                w.trim_matches(|c: char| !c.is_alphanumeric()),
                TOPIC_OPENERS,
            )
        })
}

/// Statements of a headline: "..., X says", "..., says X", "...: X", "... – X", then
/// "X says ..., Y warns ...". Page furniture after the headline ("- World - TASS") is left
/// out first.
fn headline(doc: &Doc, line: Span, hist: &History, used: &mut BTreeSet<usize>) -> Vec<Found> {
    let line = without_furniture(doc, line);
    match trailing(doc, line, hist, used) {
        Tail::Found(f) => vec![f],
        Tail::Declined => vec![],
        Tail::None => subject_first(doc, line, hist, used),
    }
}

/// Verbs that may stand before their speaker (", says Lavrov"); others take an object there
/// (", warns NATO").
const INVERTED: &[&str] = &[
    "says", "said", "adds", "added", "writes", "wrote", "insists", "insisted", "notes", "noted",
    "stresses", "stressed", "argues", "argued", "claims", "claimed",
];

/// Words that label a credit before a colon or dash ("Photo: Reuters", "Image - AFP").
const CREDIT_WORDS: &[&str] = &[
    "photo",
    "photos",
    "photograph",
    "picture",
    "pictures",
    "image",
    "images",
    "video",
    "footage",
    "credit",
    "credits",
    "source",
    "illustration",
    "graphic",
    "file",
    "courtesy",
];

/// The separators of the parts of a page title.
const TITLE_SEPARATORS: &[&str] = &[" - ", " | ", " \u{2013} ", " \u{2014} "];

/// The headline without the parts a page title appends ("... - World - TASS", "... | Russia"
/// after a section): the last parts cut off while they name an outlet or are one or two
/// words that name nothing.
fn without_furniture(doc: &Doc, line: Span) -> Span {
    let text = doc.text;
    let mut line = line;
    for _ in 0..3 {
        let seg = line.slice(text);
        let Some((i, len)) = TITLE_SEPARATORS
            .iter()
            .filter_map(|s| seg.rfind(s).map(|i| (i, s.len())))
            .max_by_key(|(i, _)| *i)
        else {
            break;
        };
        let tail = trim(text, Span::new(line.start + i + len, line.end));
        let names = doc.mentions_in(tail.start, tail.end);
        let outlet = names.iter().any(|m| kind_of(doc, &m.entity) == "media")
            && names.iter().all(|m| kind_of(doc, &m.entity) == "media");
        let bar = seg.get(i..i + len) == Some(" | ");
        let section = names.is_empty()
            && doc.titles_in(tail.start, tail.end).is_empty()
            && words(text, tail, 3) <= 2
            // "... | Russia": a country or place after a bar names the section.
            || bar
                && names.len() == 1
                && names.iter().all(|m| {
                    m.span == tail && matches!(kind_of(doc, &m.entity), "country" | "place")
                });
        if !(outlet || section) || words(text, Span::new(line.start, line.start + i), 3) < 3 {
            break;
        }
        line = trim(text, Span::new(line.start, line.start + i));
    }
    line
}

/// What the end of a headline says about its speaker.
enum Tail {
    /// A statement with its speaker at the end.
    Found(Found),
    /// A speaker after a hyphen ("... - Department of State"), which page titles also use
    /// to append names: the headline is left without a statement.
    Declined,
    /// No speaker at the end.
    None,
}

/// A speaker at the end of a headline.
fn trailing(doc: &Doc, line: Span, hist: &History, used: &mut BTreeSet<usize>) -> Tail {
    match trailing_found(doc, line, hist, used) {
        Some(Ok(f)) => Tail::Found(f),
        Some(Err(())) => Tail::Declined,
        None => Tail::None,
    }
}

/// [`trailing`]: `Some(Err(()))` when declined.
fn trailing_found(
    doc: &Doc,
    line: Span,
    hist: &History,
    used: &mut BTreeSet<usize>,
) -> Option<Result<Found, ()>> {
    let text = doc.text;
    let seg = line.slice(text);
    // A quotation before its speaker ("“We will respond” – Lavrov") is direct.
    let make = |a: Actor, np: &Np, cue: String, act: String, content: Span| {
        let quote = whole_quote(doc, content);
        Found {
            speaker: a,
            speaker_span: Some(np.span),
            kind: if quote.is_some() {
                StatementKind::Direct
            } else {
                StatementKind::Indirect
            },
            cue,
            act,
            content: quote.unwrap_or(content),
            sentence: line,
            headline: true,
        }
    };
    // ", X says" and ", says X": a verb at the end, or a verb after the last comma.
    if let Some(c) = doc
        .cues_in(line.start, line.end)
        .iter()
        .rev()
        .find(|c| c.end <= line.end && is_verb(doc, c))
    {
        let comma = text.get(line.start..c.start)?.rfind([',', ':']);
        if let Some(comma) = comma.map(|i| i + line.start) {
            let after = text.get(c.end..line.end).unwrap_or("").trim();
            let between = text.get(comma + 1..c.start).unwrap_or("").trim();
            let content = trim(text, Span::new(line.start, comma));
            let np = if after.is_empty() {
                np_ending_at(doc, comma + 1, c.start, true)
                    .filter(|np| np.span.start == comma + 1 + lead(text, comma + 1))
            } else if between.is_empty() && lower_in(&cue_text(doc, c), INVERTED) {
                np_starting_at(doc, c.end, line.end, true).filter(|np| np.span.end == line.end)
            } else {
                None
            };
            if let Some(np) = np.filter(names_someone) {
                if let Some(a) = resolve_headline(doc, &np, hist) {
                    if !SILENT_KINDS.contains(&kind_of(doc, &a.entity))
                        && words(text, content, 3) >= 3
                    {
                        used.insert(c.start);
                        return Some(Ok(make(a, &np, cue_text(doc, c), act_of(doc, c), content)));
                    }
                }
            }
        }
    }
    // "...: Stoltenberg", "... – Russian Envoy": a speaker alone after the last colon or dash.
    let sep = [": ", " \u{2013} ", " \u{2014} ", " - "]
        .iter()
        .filter_map(|s| seg.rfind(s).map(|i| (i, s.len(), *s == ": ")))
        .max_by_key(|(i, _, _)| *i)?;
    let (i, len, colon) = sep;
    let tail = Span::new(line.start + i + len, line.end);
    let tail = trim(text, tail);
    if words(text, tail, 7) > 6 {
        return None;
    }
    // "... speaks to the press - Photo: NATO": a credit, not a speaker.
    let credit = seg
        .get(..i)
        .and_then(|h| {
            h.split(|c: char| !c.is_alphanumeric())
                .rfind(|w| !w.is_empty())
        })
        .is_some_and(|w| lower_in(w, CREDIT_WORDS));
    if credit {
        return None;
    }
    let np = np_starting_at(doc, tail.start, tail.end, true)
        .filter(|np| np.span.start == tail.start && np.span.end == tail.end)
        .filter(names_someone)?;
    if seg.get(i..i + len) == Some(" - ") {
        return Some(Err(()));
    }
    let a = resolve_headline(doc, &np, hist)?;
    let kind = kind_of(doc, &a.entity);
    let content = trim(text, Span::new(line.start, line.start + i));
    // A country at the end is more often a section name than a speaker, unless the words
    // before it are marked as said ("E3 stance 'surprising': Russia").
    let marked = content
        .slice(text)
        .contains(['"', '\'', '\u{2018}', '\u{2019}', '\u{201c}', '\u{201d}']);
    if SILENT_KINDS.contains(&kind) || kind == "country" && !(colon && marked) {
        return None;
    }
    if words(text, content, 3) < 3 {
        return None;
    }
    let cue = if colon { ":" } else { "\u{2013}" };
    Some(Ok(make(a, &np, cue.into(), "assert".into(), content)))
}

/// Spaces at `pos`.
fn lead(text: &str, pos: usize) -> usize {
    let r = text.get(pos..).unwrap_or("");
    r.len() - r.trim_start().len()
}

/// "Ryabkov says experts are giving ...", "Russia says ..., Poland warns of ...": clauses
/// that open with their speaker and verb.
fn subject_first(doc: &Doc, line: Span, hist: &History, used: &mut BTreeSet<usize>) -> Vec<Found> {
    let text = doc.text;
    // (clause start, speaker phrase, actor, cue), and the other members of a joint subject
    // of each.
    let mut heads: Vec<(usize, Np, Actor, Hit)> = Vec::new();
    let mut partners: Vec<Vec<(Np, Actor)>> = Vec::new();
    for c in doc.cues_in(line.start, line.end) {
        if c.end > line.end || !is_verb(doc, c) {
            continue;
        }
        if heads.last().is_some_and(|h| c.start < h.3.end) {
            continue;
        }
        // The clause opens at the line start or after a comma or semicolon.
        let head = text.get(line.start..c.start).unwrap_or("");
        let clause = head
            .rfind([',', ';'])
            .map_or(line.start, |i| line.start + i + 1);
        let clause = clause + lead(text, clause);
        // ", warns ...": a second verb of the speaker before it.
        if clause == c.start && clause > line.start {
            if let Some((_, np, a, _)) = heads.last().cloned() {
                let p = partners.last().cloned().unwrap_or_default();
                heads.push((clause, np, a, *c));
                partners.push(p);
            }
            continue;
        }
        let se = subject_end(text, clause, c.start);
        let Some(np) = np_ending_at(doc, clause, se, true) else {
            continue;
        };
        // Before the speaker, only "the", a handle or an abbreviated title ("@MFA_Russia
        // DFM Alexander Grushko says").
        let prefix = text.get(clause..np.span.start).is_some_and(|g| {
            g.split_whitespace().all(|w| {
                lower_eq(w, "the")
                    || w.starts_with('@') && w.len() > 1
                    || (2..=4).contains(&w.len()) && w.chars().all(|c| c.is_ascii_uppercase())
            })
        });
        // "Biden and Putin agree ...", "Lavrov, Blinken agree ...": the other members of a
        // joint subject.
        let mut members = if prefix {
            Vec::new()
        } else {
            joint_members(doc, clause, np.span.start)
        };
        // "Lavrov, Blinken agree", "Poland, France and Germany warn": names before the
        // clause, joined by commas, are members too (a headline joins two with a comma alone,
        // before a plural verb).
        if clause > line.start && (!members.is_empty() || prefix && plural_verb(doc, c)) {
            members.extend(names_before(doc, line.start, clause));
        }
        if !prefix && members.is_empty() || !names_someone(&np) {
            continue;
        }
        let Some(a) = resolve_headline(doc, &np, hist) else {
            continue;
        };
        if SILENT_KINDS.contains(&kind_of(doc, &a.entity)) {
            continue;
        }
        let others: Vec<(Np, Actor)> = members
            .into_iter()
            .filter_map(|m| {
                let b = resolve_headline(doc, &m, hist)?;
                (b.entity != a.entity && !SILENT_KINDS.contains(&kind_of(doc, &b.entity)))
                    .then_some((m, b))
            })
            .collect();
        partners.push(others);
        heads.push((clause, np, a, *c));
    }
    let mut out = Vec::new();
    for (k, (clause, np, a, c)) in heads.iter().enumerate() {
        let end = heads.get(k + 1).map_or(line.end, |h| h.0);
        let mut s = c.end + lead(text, c.end);
        let that = text
            .get(s..end)
            .is_some_and(|r| lower_starts_with(r, "that "));
        if that {
            s += 5;
        }
        let mut content = trim(text, Span::new(s, end));
        // "Talks will go on, Lavrov said on Monday": the words before the first speaker are
        // said when those after the verb are only a phrase of time.
        let time = content
            .slice(text)
            .split_whitespace()
            .next()
            .is_none_or(|w| {
                lower_in(
                    w,
                    &[
                        "on",
                        "in",
                        "at",
                        "last",
                        "this",
                        "yesterday",
                        "today",
                        "earlier",
                        "late",
                    ],
                )
            });
        if k == 0 && *clause > line.start && !that && time && words(text, content, 4) <= 3 {
            content = trim(text, Span::new(line.start, *clause));
        }
        if words(text, content, 2) < 2 {
            continue;
        }
        used.insert(c.start);
        let f = Found {
            speaker: a.clone(),
            speaker_span: Some(np.span),
            kind: StatementKind::Indirect,
            cue: cue_text(doc, c),
            act: act_of(doc, c),
            content,
            sentence: line,
            headline: true,
        };
        for (m, b) in partners.get(k).into_iter().flatten() {
            out.push(Found {
                speaker: b.clone(),
                speaker_span: Some(m.span),
                ..f.clone()
            });
        }
        out.push(f);
    }
    out
}

/// The members before the phrase at `last` of a list of names or bodies that fills the
/// words from `clause` ("Biden and Putin", "Britain, France and Germany"); empty when the
/// words before `last` are anything else.
fn joint_members(doc: &Doc, clause: usize, last: usize) -> Vec<Np> {
    let text = doc.text;
    let mut out = Vec::new();
    let mut start = last;
    for i in 0..4 {
        let head = text.get(clause..start).unwrap_or("").trim_end();
        let h = if i == 0 {
            match head.strip_suffix(" and") {
                Some(h) => h.trim_end().trim_end_matches(','),
                None => return Vec::new(),
            }
        } else if let Some(h) = head.strip_suffix(',') {
            h
        } else if head.trim().is_empty() {
            return out;
        } else {
            return Vec::new();
        };
        let end = clause + h.trim_end().len();
        match np_ending_at(doc, clause, end, true) {
            Some(np) if matches!(np.r, Ref::Named { .. } | Ref::Collective(_)) => {
                start = np.span.start;
                out.push(np);
            }
            _ => return Vec::new(),
        }
    }
    if text.get(clause..start).is_some_and(|h| h.trim().is_empty()) {
        out
    } else {
        Vec::new()
    }
}

/// The names or bodies, joined by commas, that fill the words from `start` to the comma
/// before `clause`; empty when anything else stands there.
fn names_before(doc: &Doc, start: usize, clause: usize) -> Vec<Np> {
    let text = doc.text;
    let mut out = Vec::new();
    let mut end = clause;
    for _ in 0..4 {
        let head = text.get(start..end).unwrap_or("").trim_end();
        let Some(h) = head.strip_suffix(',') else {
            return Vec::new();
        };
        match np_ending_at(doc, start, start + h.trim_end().len(), true) {
            Some(np) if matches!(np.r, Ref::Named { .. } | Ref::Collective(_)) => {
                end = np.span.start;
                out.push(np);
            }
            _ => return Vec::new(),
        }
        if text.get(start..end).is_some_and(|g| g.trim().is_empty()) {
            return out;
        }
    }
    Vec::new()
}

/// True when the verb at `c` is a present plural ("agree", "warn"), as a joint subject of a
/// headline takes.
fn plural_verb(doc: &Doc, c: &Hit) -> bool {
    let w = doc.text.get(c.start..c.end).unwrap_or("");
    let first = w.split(' ').next().unwrap_or("");
    !first.is_empty() && !lower_in(first, &["said", "told"]) && !first.ends_with(['s', 'd'])
}

/// A pull quote whose credit the page has glued to its end, with no stop between: "... the
/// heaviest cost Yuri Ushakov Assistant to the President of Russia". The line ends with a
/// person's name and a role in capitals.
fn glued_credit(doc: &Doc, line: Span, hist: &History) -> Option<Found> {
    let text = doc.text;
    let m = doc
        .mentions_in(line.start, line.end)
        .iter()
        .rev()
        .find(|m| !m.nested && kind_of(doc, &m.entity) == "person")?;
    let role = Span::new(m.span.end, line.end);
    let role_words = || role.slice(text).split_whitespace();
    let capitalised = role_words().all(|w| {
        w.chars().next().is_some_and(char::is_uppercase)
            || lower_in(w, &["of", "the", "to", "for", "and"])
    });
    if !capitalised || doc.titles_in(role.start, role.end).is_empty() || words(text, role, 9) > 8 {
        return None;
    }
    // The words run into the name: no mark of a clause or attribution before it.
    let before = text.get(line.start..m.span.start)?.trim_end();
    if before.ends_with(|c: char| !c.is_alphanumeric())
        || !doc.cues_in(m.span.start, line.end).is_empty()
        || words(text, Span::new(line.start, m.span.start), 6) < 6
    {
        return None;
    }
    let np = Np {
        span: m.span,
        r: Ref::Named {
            entity: m.entity.clone(),
            group: None,
            gender: doc.entity(&m.entity).and_then(|e| e.gender),
        },
    };
    let a = resolve(doc, &np, hist)?;
    let content = trim(text, Span::new(line.start, line.start + before.len()));
    let content = whole_quote(doc, content).unwrap_or(content);
    Some(Found {
        speaker: a,
        speaker_span: Some(m.span),
        kind: StatementKind::Direct,
        cue: "\u{201d}".into(),
        act: "assert".into(),
        content,
        sentence: line,
        headline: false,
    })
}

/// A pull quote: a paragraph followed by a line "— Name (...)" naming who said it, or a
/// quotation alone on its line followed by a line that is only a name and its role
/// ("Jens Stoltenberg, NATO Secretary General").
fn pull_quote(doc: &Doc, pi: usize, line: Span, hist: &History) -> Option<Found> {
    let text = doc.text;
    let next = doc.paras.get(pi + 1)?;
    if next.boilerplate {
        return None;
    }
    let seg = next.span.slice(text);
    let quote = whole_quote(doc, line);
    let (s, dash) = match seg.strip_prefix(['\u{2014}', '\u{2013}', '-']) {
        Some(rest) => (next.span.end - rest.len(), true),
        // Without a dash, only a quotation before a short line with no stop.
        None if quote.is_some() && next.headline && words(text, next.span, 9) <= 8 => {
            (next.span.start, false)
        }
        None => return None,
    };
    let s = s + lead(text, s);
    let np = np_starting_at(doc, s, next.span.end, true).filter(|np| np.span.start == s)?;
    // Only a handle, a date or a role may follow the name.
    let after = text.get(np.span.end..next.span.end)?.trim_start();
    let role = || {
        after.trim_start_matches(',').split_whitespace().all(|w| {
            w.chars().next().is_some_and(char::is_uppercase) || lower_in(w, &["of", "the", "for"])
        })
    };
    let ok = after.is_empty() || dash && after.starts_with(['(', ',']) || !dash && role();
    if !ok || !matches!(np.r, Ref::Named { .. }) || !doc.cues_in(s, next.span.end).is_empty() {
        return None;
    }
    let a = resolve(doc, &np, hist)?;
    let content = quote.unwrap_or(line);
    if words(text, content, 3) < 3 {
        return None;
    }
    Some(Found {
        speaker: a,
        speaker_span: Some(np.span),
        kind: StatementKind::Direct,
        cue: if dash { "\u{2014}" } else { "\u{201d}" }.into(),
        act: "assert".into(),
        content,
        sentence: line,
        headline: false,
    })
}

#[cfg(test)]
mod tests {

    use crate::corpus::Document;
    use crate::extract::{extract, Gazetteer};

    fn gaz() -> Option<&'static Gazetteer> {
        Some(crate::extract::repo_gazetteer())
    }

    /// The statements of `body` (after a date line and a title) as `speaker [cue] | text`.
    fn run(body: &str) -> Vec<String> {
        let Some(gaz) = gaz() else {
            panic!("the schemas of the repository load");
        };
        let text = format!(" date 2022-01-12\nTest article.\n\n{body}\n");
        let doc = Document::from_text("t", text);
        extract(gaz, &doc)
            .statements
            .iter()
            .map(|s| format!("{} [{}] | {}", s.speaker, s.cue, s.text))
            .collect()
    }

    #[test]
    fn layouts() {
        let table: &[(&str, &str, &[&str])] = &[
            (
                "name and quote",
                "Lavrov: \"The West must finally listen to us.\"",
                &["sergei_lavrov [:] | The West must finally listen to us."],
            ),
            (
                "name and words",
                "Ryabkov: we need firm guarantees from Washington.",
                &["sergei_ryabkov [:] | we need firm guarantees from Washington."],
            ),
            (
                "transcript turns",
                "MS. PSAKI: Good afternoon. Let me begin with Ukraine today.\n\
                 We remain ready for diplomacy with Moscow.\n\
                 Q Jen, is a meeting planned for next week?\n\
                 MS. PSAKI: We have nothing to announce on that today.",
                &[
                    "jen_psaki [:] | Good afternoon. Let me begin with Ukraine today.",
                    "jen_psaki [:] | We remain ready for diplomacy with Moscow.",
                    "jen_psaki [:] | We have nothing to announce on that today.",
                ],
            ),
            (
                "question and answer",
                "Sergei Ryabkov spoke to our agency about the proposals in an interview.\n\
                 Question: Is this an ultimatum to the West?\n\
                 Answer: It is a serious warning, not an ultimatum.\n\
                 The situation in Europe has grown much worse.\n\
                 Read more\n\
                 The agency is a registered trademark of its owner.",
                &[
                    "sergei_ryabkov [answer] | It is a serious warning, not an ultimatum.",
                    "sergei_ryabkov [:] | The situation in Europe has grown much worse.",
                ],
            ),
            (
                "credits and page furniture",
                "Photo: Reuters\nSource: TASS\nTags: NATO, Russia, Ukraine\n\
                 Updated: 10:45\nShare:\nRead more: NATO and Russia meet in Brussels",
                &[],
            ),
            (
                "title case description",
                "Talks With Moscow Must Go On, German Chancellor Says",
                &["olaf_scholz [says] | Talks With Moscow Must Go On"],
            ),
            (
                "head of a body",
                "NATO Secretary General warns Russia against any new aggression",
                &["jens_stoltenberg [warns] | Russia against any new aggression"],
            ),
            (
                "bare title in a headline",
                "\u{2022} Envoy says Russia seeks peace, but not at any cost",
                &[],
            ),
            (
                "verb before the speaker",
                "Washington gave no positive answer, says Lavrov",
                &["sergei_lavrov [says] | Washington gave no positive answer"],
            ),
            (
                "object after the verb",
                "Lavrov says the talks were useful, warns NATO",
                &["sergei_lavrov [says] | the talks were useful"],
            ),
            (
                "speaker after the words, with more after",
                "Talks with the West will go on, Lavrov said on Monday, adding that Russia",
                &["sergei_lavrov [said] | Talks with the West will go on"],
            ),
            (
                "a paragraph cut short is read as reported speech",
                "The talks with the West would go on for many more weeks and Moscow would not \
                 wait for ever, according to Foreign Minister Sergei Lavrov, who spoke in Mos",
                &["sergei_lavrov [according to] | The talks with the West would go on for many \
                   more weeks and Moscow would not wait for ever"],
            ),
            (
                "credit glued to a pull quote",
                "We will answer any threat to our security with all means we have \
                 Sergei Lavrov Minister of Foreign Affairs of Russia",
                &["sergei_lavrov [\u{201d}] | We will answer any threat to our security with all \
                   means we have"],
            ),
            (
                "handle and abbreviated title before the speaker",
                "Asked about the talks, @mfa_russia DFM Sergei Ryabkov says NATO must stop",
                &["sergei_ryabkov [says] | NATO must stop"],
            ),
            (
                "quotation before its speaker",
                "\u{201c}NATO must go back to where it stood in 1997\u{201d} \u{2013} Lavrov",
                &["sergei_lavrov [\u{2013}] | NATO must go back to where it stood in 1997"],
            ),
            (
                "speaker after a colon",
                "NATO will answer Moscow in writing: Stoltenberg",
                &["jens_stoltenberg [:] | NATO will answer Moscow in writing"],
            ),
            (
                "speaker after a dash",
                "Talks in Vienna made real progress \u{2013} Kremlin spokesman Dmitry Peskov",
                &["dmitry_peskov [\u{2013}] | Talks in Vienna made real progress"],
            ),
            (
                "names appended to a page title",
                "Talks on security will go on - Department of State - World - TASS",
                &[],
            ),
            (
                "bullet list",
                "\u{2022} Peskov says the Kremlin is open to more talks\n\
                 \u{2022} Moscow says it is still committed to diplomacy",
                &[
                    "dmitry_peskov [says] | the Kremlin is open to more talks",
                    "russia [says] | it is still committed to diplomacy",
                ],
            ),
            (
                "two clauses",
                "Russia says talks are stuck, Poland warns of war in Europe",
                &[
                    "russia [says] | talks are stuck",
                    "poland [warns] | of war in Europe",
                ],
            ),
            (
                "pull quote",
                "\"We will not give up our principles for a deal.\"\n\
                 \u{2014} Jens Stoltenberg (@jensstoltenberg) January 12, 2022",
                &["jens_stoltenberg [\u{2014}] | We will not give up our principles for a deal."],
            ),
            (
                "possessive label before a quote",
                "Putin's yearly press conference: \"We want firm guarantees of our security\"",
                &["vladimir_putin [:] | We want firm guarantees of our security"],
            ),
            (
                "speaker headings",
                "Sergei Lavrov, Russian Foreign Minister\n\
                 Moscow is waiting for a written answer to its proposals.\n\
                 NATO must give up its plans for expansion to the east.\n\
                 Jens Stoltenberg, NATO Secretary General\n\
                 The alliance stands ready for a dialogue with Russia on arms control.",
                &[
                    "sergei_lavrov [:] | Moscow is waiting for a written answer to its proposals.",
                    "sergei_lavrov [:] | NATO must give up its plans for expansion to the east.",
                    "jens_stoltenberg [:] | The alliance stands ready for a dialogue with Russia on arms control.",
                ],
            ),
            (
                "one caption is no heading",
                "Sergei Lavrov, Russian Foreign Minister\n\
                 The ministry published the two draft treaties on Friday.",
                &[],
            ),
            (
                "section after a bar",
                "Kremlin says the talks in Geneva were useful | Russia",
                &["kremlin [says] | the talks in Geneva were useful"],
            ),
            (
                "question with its asker",
                "MS. PSAKI: We will brief on the call later today.\n\
                 QUESTION (Reuters): Will the President speak to Putin again?\n\
                 We have asked many times now",
                &["jen_psaki [:] | We will brief on the call later today."],
            ),
            (
                "pull quote with a name and role line",
                "\u{201c}Nobody can veto the choice of a sovereign nation.\u{201d}\n\
                 Jens Stoltenberg, NATO Secretary General",
                &["jens_stoltenberg [\u{201d}] | Nobody can veto the choice of a sovereign nation."],
            ),
            (
                "transcript labels with titles",
                "SECRETARY BLINKEN: We are ready for diplomacy with Russia.\n\
                 FOREIGN MINISTER LAVROV: We are waiting for answers on paper.",
                &[
                    "antony_blinken [:] | We are ready for diplomacy with Russia.",
                    "sergei_lavrov [:] | We are waiting for answers on paper.",
                ],
            ),
            (
                "kicker before a headline",
                "EXCLUSIVE: Lavrov says NATO must stop its expansion",
                &["sergei_lavrov [says] | NATO must stop its expansion"],
            ),
            (
                "name alone before a quotation",
                "Peskov:\n\
                 \u{201c}We see no progress on the main questions so far.\u{201d}\n\
                 The Kremlin will study the answers in detail.",
                &[
                    "dmitry_peskov [:] | We see no progress on the main questions so far.",
                    "dmitry_peskov [:] | The Kremlin will study the answers in detail.",
                ],
            ),
            (
                "interview with names as labels",
                "Question: What do you expect from the talks in Geneva?\n\
                 Ryabkov: We expect answers on paper, not promises.\n\
                 Our patience is not endless, and our partners know it.",
                &[
                    "sergei_ryabkov [:] | We expect answers on paper, not promises.",
                    "sergei_ryabkov [:] | Our patience is not endless, and our partners know it.",
                ],
            ),
            (
                "questions and answers of an explainer",
                "Sergei Lavrov met Antony Blinken in Geneva.\n\
                 Q: What does Russia want from NATO?\n\
                 A: Moscow wants legal guarantees that the alliance stops growing.",
                &[],
            ),
            (
                "who is who",
                "Sergei Lavrov: Russia's foreign minister since 2004.\n\
                 Jens Stoltenberg: NATO Secretary General.",
                &[],
            ),
            (
                "an article before a label is no answer",
                "In an interview, Sergei Lavrov spoke at length.\n\
                 A senior official: the talks are going nowhere at all.",
                &[],
            ),
            (
                "readout attributable to a spokesperson",
                "The following is attributable to Spokesperson Ned Price:\n\
                 Secretary Blinken met his Ukrainian counterpart in Kyiv today.",
                &["ned_price [:] | Secretary Blinken met his Ukrainian counterpart in Kyiv today."],
            ),
            (
                "page notice after a transcript",
                "MS. PSAKI: We will have more to say on this later today.\n\
                 Copyright 2022 by the publisher. All rights reserved. Visit our website for terms.",
                &["jen_psaki [:] | We will have more to say on this later today."],
            ),
            (
                "country sections",
                "Ukraine:\n\
                 Troops were seen moving near the border on Monday.",
                &[],
            ),
            (
                "a profile under a name and title line is no statement",
                "Sergei Lavrov, Russian Foreign Minister\n\
                 Lavrov has led the ministry since 2004 and rarely gives interviews.\n\
                 Jens Stoltenberg, NATO Secretary General\n\
                 The former prime minister has led the alliance since 2014.",
                &[],
            ),
            (
                "joint subject of a headline",
                "Lavrov and Blinken agree to keep talking",
                &["sergei_lavrov [agree] | to keep talking", "antony_blinken [agree] | to keep talking"],
            ),
            (
                "names joined by a comma in a headline",
                "Poland, France and Germany warn Russia of costs",
                &[
                    "france [warn] | Russia of costs",
                    "poland [warn] | Russia of costs",
                    "germany [warn] | Russia of costs",
                ],
            ),
            (
                "a title with of before the name of a label",
                "President of Russia Vladimir Putin: Our talks were held in a constructive spirit.",
                &["vladimir_putin [:] | Our talks were held in a constructive spirit."],
            ),
            (
                "a photo credit after a caption",
                "Sergei Lavrov speaks to reporters in Moscow - Photo: NATO",
                &[],
            ),
            (
                "topic headline",
                "Ukraine: what we know so far about the talks",
                &[],
            ),
        ];
        let failed: Vec<String> = table
            .iter()
            .filter_map(|(name, body, expected)| {
                let got = run(body);
                (got != *expected).then(|| format!("case `{name}`: got {got:?}"))
            })
            .collect();
        assert!(failed.is_empty(), "{failed:#?}");
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// Lines made of label, bullet, dash and headline pieces: no panic, and every
        /// statement's text is its span of the document, cut at char boundaries.
        #[test]
        fn layout_pieces_never_panic(parts in proptest::collection::vec(0usize..26, 0..30)) {
            const P: &[&str] = &[
                "MR. ", "SULLIVAN", ": ", ":", "Q ", "Answer: ", "\u{2022} ", "\u{2014} ",
                " \u{2013} ", " - ", " | ", "Lavrov", " says ", ", says ", "\"", "\u{201c}",
                "\u{201d}", "\u{2019}s ", "Sergei Lavrov, Russian Foreign Minister", "\n", "\n\n",
                "talks will go on", ".", "Photo", "\u{00e9}\u{0416}", ", ",
            ];
            let body: String = parts.iter().map(|&i| P[i % P.len()]).collect();
            let Some(gaz) = gaz() else {
                return Err(proptest::test_runner::TestCaseError::fail("schemas"));
            };
            let text = format!(" date 2022-01-12\nT.\n\n{body}\n");
            let doc = Document::from_text("t", text.clone());
            for st in extract(gaz, &doc).statements {
                proptest::prop_assert_eq!(text.get(st.span.start..st.span.end), Some(st.text.as_str()));
            }
        }
    }
}
