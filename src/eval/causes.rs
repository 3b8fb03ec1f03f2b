//! Why statements were missed: each required gold statement that no prediction matched is
//! put under one cause (a covering prediction with the wrong speaker, one whose speaker is
//! unresolved, or none at all, with or without a known cue in the sentence), and matched
//! statements whose targets differ from the gold are counted apart, so that the loss of
//! recall can be read by where it happens.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{
    evidence_share, gold_text, match_statements, pred_text, DocRecord, ExtractionFile,
    StatementRecord, EVIDENCE_SHARE,
};

/// Why a required gold statement was missed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cause {
    /// A prediction covers the evidence, with a speaker that is not a gold speaker.
    WrongSpeaker,
    /// A prediction covers the evidence, with a provisional speaker or none.
    SpeakerUnresolved,
    /// A prediction with a gold speaker covers the evidence but was matched to another
    /// gold statement.
    TakenByAnother,
    /// No prediction covers the evidence although a cue of the lexicon is in its sentence
    /// (or the gold cue is one of the lexicon's).
    CueKnownNotRead,
    /// No prediction covers the evidence and no cue of the lexicon is in its sentence.
    CueNotInLexicon,
}

impl Cause {
    /// Every cause, in the order they are printed.
    pub const ALL: [Cause; 5] = [
        Cause::WrongSpeaker,
        Cause::SpeakerUnresolved,
        Cause::TakenByAnother,
        Cause::CueKnownNotRead,
        Cause::CueNotInLexicon,
    ];

    /// The heading people read.
    pub fn label(self) -> &'static str {
        match self {
            Cause::WrongSpeaker => "wrong speaker",
            Cause::SpeakerUnresolved => "speaker unresolved",
            Cause::TakenByAnother => "text matched to another statement",
            Cause::CueKnownNotRead => "no cue read: cue known, construction not read",
            Cause::CueNotInLexicon => "no cue read: cue not in lexicon",
        }
    }
}

/// One missed gold statement with its cause.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CausedMiss {
    /// Why it was missed.
    pub cause: Cause,
    /// Document id.
    pub doc: String,
    /// Gold speaker ids, `|`-joined.
    pub speaker: String,
    /// Gold cue.
    pub cue: String,
    /// `direct` or `indirect`.
    pub kind: String,
    /// Gold evidence.
    pub evidence: String,
    /// The sentence of the evidence in the document, when found.
    pub sentence: Option<String>,
    /// Speakers of the predictions covering the evidence (wrong or unresolved speakers).
    pub predicted_speakers: Vec<String>,
}

/// A matched statement whose targets differ from the gold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AboutDiff {
    /// Document id.
    pub doc: String,
    /// Gold speaker ids, `|`-joined.
    pub speaker: String,
    /// Gold cue.
    pub cue: String,
    /// Gold targets the prediction lacks.
    pub missed: Vec<String>,
    /// Predicted targets neither in the gold targets nor in the optional ones.
    pub false_hits: Vec<String>,
    /// Gold evidence.
    pub evidence: String,
}

/// The causes of the statement misses of a whole evaluation.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Causes {
    /// Missed required statements per cause, every cause present (in JSON, keys in
    /// snake case: `wrong_speaker`, `cue_known_not_read`, ...).
    pub counts: BTreeMap<Cause, usize>,
    /// Matched statements whose targets differ from the gold.
    pub about_wrong: usize,
    /// Triples those statements miss.
    pub about_wrong_triples_missed: usize,
    /// Triples those statements add wrongly.
    pub about_wrong_triples_false: usize,
    /// The misses, by cause, then document.
    pub misses: Vec<CausedMiss>,
    /// The matched statements with wrong targets.
    pub about_diffs: Vec<AboutDiff>,
}

impl Causes {
    /// The count of one cause.
    pub fn count(&self, cause: Cause) -> usize {
        self.counts.get(&cause).copied().unwrap_or(0)
    }
}

/// Lowercase alphanumeric words.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// True when the words of `form` occur in a row in `sentence` (both lowercase words).
fn has_run(sentence: &[String], form: &[String]) -> bool {
    !form.is_empty() && sentence.windows(form.len()).any(|w| w == form)
}

/// The sentence of `body` that holds the first words of `text` (up to the end of its line).
pub fn sentence_of(body: &str, text: &str) -> Option<String> {
    let probe: String = text
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    if probe.is_empty() {
        return None;
    }
    let at = body.find(&probe)?;
    let head = body.get(..at)?;
    let start = head.rfind(['.', '\n', '!', '?']).map_or(0, |i| i + 1);
    let end = body.get(at..)?.find('\n').map_or(body.len(), |i| at + i);
    body.get(start..end).map(|s| s.trim().to_string())
}

fn speaker_of(s: &StatementRecord) -> String {
    s.speaker.ids().join("|")
}

fn kind_of(s: &StatementRecord) -> String {
    super::kind_name(s).to_string()
}

/// Sorts every missed required gold statement of `pred` by cause and lists the matched
/// statements whose targets differ. `texts` holds document bodies by id (to find the
/// sentence of each miss); `cue_forms` are the lexicon's speech cue forms.
pub fn causes(
    gold: &ExtractionFile,
    pred: &ExtractionFile,
    texts: &BTreeMap<String, String>,
    cue_forms: &[String],
) -> Causes {
    let forms: Vec<Vec<String>> = cue_forms.iter().map(|f| words(f)).collect();
    let known_cue = |cue: &str| {
        let c = words(cue);
        forms.contains(&c)
    };
    let empty = DocRecord::default();
    let mut out = Causes {
        counts: Cause::ALL.iter().map(|&c| (c, 0)).collect(),
        ..Causes::default()
    };
    for (doc, g) in &gold.docs {
        let p = pred.docs.get(doc).unwrap_or(&empty);
        let m = match_statements(g, p);
        for (gi, gs) in g.statements.iter().enumerate() {
            if gs.optional {
                continue;
            }
            let evidence = gold_text(gs);
            if let Some(pi) = m.gold_to_pred.get(gi).copied().flatten() {
                if let Some(ps) = p.statements.get(pi) {
                    let missed: Vec<String> = gs
                        .about
                        .iter()
                        .filter(|a| !ps.about.contains(a))
                        .cloned()
                        .collect();
                    let false_hits: Vec<String> = ps
                        .about
                        .iter()
                        .filter(|a| !gs.about.contains(a) && !gs.about_optional.contains(a))
                        .cloned()
                        .collect();
                    if !missed.is_empty() || !false_hits.is_empty() {
                        out.about_wrong += 1;
                        out.about_wrong_triples_missed += missed.len();
                        out.about_wrong_triples_false += false_hits.len();
                        out.about_diffs.push(AboutDiff {
                            doc: doc.clone(),
                            speaker: speaker_of(gs),
                            cue: gs.cue.clone(),
                            missed,
                            false_hits,
                            evidence: evidence.to_string(),
                        });
                    }
                }
                continue;
            }
            let ids = gs.speaker.ids();
            let covering: Vec<&StatementRecord> = p
                .statements
                .iter()
                .filter(|ps| evidence_share(evidence, pred_text(ps)) >= EVIDENCE_SHARE)
                .collect();
            let unresolved = |ps: &&StatementRecord| {
                ps.provisional || ps.speaker.ids().iter().all(|s| s.trim().is_empty())
            };
            let right = |ps: &&StatementRecord| ps.speaker.ids().iter().any(|s| ids.contains(s));
            let sentence = texts.get(doc).and_then(|body| sentence_of(body, evidence));
            let (cause, shown): (Cause, Vec<&StatementRecord>) = if covering.iter().any(unresolved)
            {
                (
                    Cause::SpeakerUnresolved,
                    covering.iter().copied().filter(unresolved).collect(),
                )
            } else if covering.iter().any(|ps| !right(ps)) {
                (
                    Cause::WrongSpeaker,
                    covering.iter().copied().filter(|ps| !right(ps)).collect(),
                )
            } else if !covering.is_empty() {
                (Cause::TakenByAnother, covering.clone())
            } else {
                let sw = words(sentence.as_deref().unwrap_or(evidence));
                if known_cue(&gs.cue) || forms.iter().any(|f| has_run(&sw, f)) {
                    (Cause::CueKnownNotRead, Vec::new())
                } else {
                    (Cause::CueNotInLexicon, Vec::new())
                }
            };
            *out.counts.entry(cause).or_insert(0) += 1;
            let mut predicted_speakers: Vec<String> =
                shown.iter().map(|ps| speaker_of(ps)).collect();
            predicted_speakers.sort();
            predicted_speakers.dedup();
            out.misses.push(CausedMiss {
                cause,
                doc: doc.clone(),
                speaker: speaker_of(gs),
                cue: gs.cue.clone(),
                kind: kind_of(gs),
                evidence: evidence.to_string(),
                sentence,
                predicted_speakers,
            });
        }
    }
    out.misses
        .sort_by(|a, b| (a.cause, &a.doc).cmp(&(b.cause, &b.doc)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(json: &str) -> ExtractionFile {
        serde_json::from_str(json).expect("test json")
    }

    #[test]
    fn each_miss_gets_its_cause() {
        let gold = file(
            r#"{"docs":{"d":{"date":null,"entities":[],"statements":[
                {"speaker":"ann","about":["x"],"kind":"direct","cue":"said","evidence":"the talks failed badly"},
                {"speaker":"bob","about":[],"kind":"indirect","cue":"said","evidence":"prices will rise soon"},
                {"speaker":"cy","about":[],"kind":"indirect","cue":"said","evidence":"the bridge is closed"},
                {"speaker":"dee","about":[],"kind":"indirect","cue":"reckoned","evidence":"rain is coming today"},
                {"speaker":"eve","about":[],"kind":"indirect","cue":"mused","evidence":"winter seems long here"},
                {"speaker":"fay","about":["x","y"],"kind":"direct","cue":"said","evidence":"we agree on everything"},
                {"speaker":"gus","about":[],"kind":"direct","cue":"said","evidence":"skip me","optional":true}],
              "events":[]}}}"#,
        );
        let pred = file(
            r#"{"docs":{"d":{"date":null,"entities":[],"statements":[
                {"speaker":"zed","about":[],"kind":"direct","cue":"said","text":"the talks failed badly, he said"},
                {"speaker":"john_doe","about":[],"kind":"indirect","cue":"said","text":"prices will rise soon","provisional":true},
                {"speaker":"fay","about":["x","z"],"kind":"direct","cue":"said","text":"we agree on everything"}],
              "events":[]}}}"#,
        );
        let texts: BTreeMap<String, String> = [(
            "d".to_string(),
            "Officials said the bridge is closed. Dee reckoned rain is coming today. \
             Eve mused winter seems long here."
                .to_string(),
        )]
        .into();
        let cues = vec!["said".to_string(), "told reporters".to_string()];
        let c = causes(&gold, &pred, &texts, &cues);
        assert_eq!(c.count(Cause::WrongSpeaker), 1);
        assert_eq!(c.count(Cause::SpeakerUnresolved), 1);
        assert_eq!(c.count(Cause::TakenByAnother), 0);
        // "said" is in the sentence of the bridge; "reckoned" and "mused" are unknown.
        assert_eq!(c.count(Cause::CueKnownNotRead), 1);
        assert_eq!(c.count(Cause::CueNotInLexicon), 2);
        assert_eq!(c.about_wrong, 1);
        assert_eq!(c.about_wrong_triples_missed, 1);
        assert_eq!(c.about_wrong_triples_false, 1);
        let wrong = c
            .misses
            .iter()
            .find(|m| m.cause == Cause::WrongSpeaker)
            .map(|m| m.predicted_speakers.clone());
        assert_eq!(wrong, Some(vec!["zed".to_string()]));
        assert_eq!(c.misses.len(), 5);
    }

    #[test]
    fn cue_forms_match_whole_words_in_a_row() {
        let s = words("He told the reporters nothing");
        assert!(!has_run(&s, &words("told reporters")));
        assert!(has_run(&s, &words("told")));
        assert!(!has_run(&s, &words("old")));
        assert!(!has_run(&s, &[]));
    }

    #[test]
    fn sentence_of_finds_the_line_part() {
        let body = "First one. Then he said we won. Next line\nother";
        assert_eq!(
            sentence_of(body, "we won").as_deref(),
            Some("Then he said we won. Next line")
        );
        assert_eq!(sentence_of(body, "absent words"), None);
        assert_eq!(sentence_of("é. ü", "ü"), Some("ü".to_string()));
    }
}
