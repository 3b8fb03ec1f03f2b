//! The gazetteer: the schema compiled once into aho-corasick automata (entity names, aliases,
//! metonyms and demonyms; speech cues; event nouns; titles; unnamed-official bodies) and the
//! lookups the extractor needs (roles by title, states of an entity).
//!
//! Matching is one pass per automaton over the text; overlapping candidates are filtered for
//! word boundaries and letter case, then the leftmost-longest non-overlapping ones are kept.
//! Deciding what a match means in context (city or government, speaker or not) is left to
//! the other stages of `extract`.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use crate::extract::MentionKind;
use crate::schema::types::CueForm;
use crate::schema::{Gender, Schema};

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

/// One automaton with the table of what each pattern means.
#[derive(Debug, Clone)]
pub struct Dict<T> {
    ac: Option<AhoCorasick>,
    /// The patterns as written (after expansion of apostrophes).
    pub patterns: Vec<String>,
    /// What each pattern stands for.
    pub info: Vec<T>,
}

impl<T> Dict<T> {
    fn build(entries: Vec<(String, T)>) -> Dict<T> {
        let mut patterns = Vec::new();
        let mut info = Vec::new();
        for (p, t) in entries {
            if p.trim().is_empty() {
                continue;
            }
            patterns.push(p);
            info.push(t);
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .ok();
        Dict { ac, patterns, info }
    }

    /// All matches at word boundaries whose letter case fits the pattern, every overlapping
    /// candidate included (several patterns may share one span).
    pub fn all(&self, text: &str) -> Vec<Hit> {
        let Some(ac) = &self.ac else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for m in ac.find_overlapping_iter(text) {
            let (s, e) = (m.start(), m.end());
            let Some(found) = text.get(s..e) else {
                continue;
            };
            let pat = m.pattern().as_usize();
            let Some(p) = self.patterns.get(pat) else {
                continue;
            };
            if !case_fits(p, found) || !at_word_boundary(text, s, e) {
                continue;
            }
            out.push(Hit {
                start: s,
                end: e,
                pat,
            });
        }
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

/// An upper-case letter of the pattern must be upper case in the text ("US" is not "us",
/// "Washington" not "washington"); a lower-case one may be either ("The alliance").
fn case_fits(pattern: &str, found: &str) -> bool {
    pattern
        .chars()
        .zip(found.chars())
        .all(|(p, f)| !p.is_uppercase() || f.is_uppercase() || !f.is_alphabetic())
}

/// True when the characters around `[s, e)` are not letters or digits.
pub fn at_word_boundary(text: &str, s: usize, e: usize) -> bool {
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

/// Words of a title that change the rank of the office.
const RANKS: &[&str] = &[
    "deputy",
    "under",
    "vice",
    "assistant",
    "acting",
    "former",
    "first",
    "chief",
    "senior",
];

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
        let mut cues = Vec::new();
        for c in &lex.speech_cues {
            for f in &c.forms {
                for v in with_apostrophes(f) {
                    cues.push((
                        v,
                        CuePat {
                            act: c.act.clone(),
                            form: c.form,
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
        Gazetteer {
            schema: schema.clone(),
            names: Dict::build(names),
            cues: Dict::build(cues),
            events: Dict::build(events),
            titles: Dict::build(titles),
            unnamed: Dict::build(unnamed),
        }
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
        if self
            .title_group_of(role_title)
            .is_some_and(|t| t.group == group)
        {
            return true;
        }
        let rt = role_title.to_lowercase();
        let words: Vec<&str> = rt.split_whitespace().collect();
        let fw: Vec<String> = form
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        // "the deputy minister" may name a Deputy Foreign Minister, but "the Secretary of
        // State" is not the Deputy Secretary of State: extra words may not be of rank.
        let extra_rank = words
            .iter()
            .any(|w| !fw.iter().any(|f| f == w) && RANKS.contains(w));
        !fw.is_empty()
            && fw.iter().all(|w| words.contains(&w.as_str()))
            && words.len() <= fw.len() + 1
            && !extra_rank
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dict(pats: &[&str]) -> Dict<()> {
        Dict::build(pats.iter().map(|p| (p.to_string(), ())).collect())
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
        ];
        for (p, t, e) in table {
            check(p, t, e);
        }
    }
}
