//! Evaluation: scores an extraction against gold annotations exactly as
//! data/gold/FORMAT.md defines it (statements, who-said-about-whom triples, speakers,
//! entities, dated events), and lists the misses and false hits.
//!
//! Reading files and finding the sentences of a miss are left to the command line.

pub mod causes;
pub mod format;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::Serialize;

pub use causes::{causes, Cause, Causes};
pub use format::{DocRecord, EventRecord, ExtractionFile, Speakers, StatementRecord};

/// Share of the gold evidence words a predicted text must contain to match it.
pub const EVIDENCE_SHARE: f64 = 0.6;

/// Precision, recall and F1 of one metric, with the counts behind them.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Score {
    /// Predictions that are right.
    pub true_positives: usize,
    /// Predictions counted (right or wrong).
    pub predicted: usize,
    /// Gold items recalled.
    pub recalled: usize,
    /// Gold items counted.
    pub gold: usize,
    /// true_positives / predicted (1 when nothing was predicted).
    pub precision: f64,
    /// recalled / gold (1 when there is no gold).
    pub recall: f64,
    /// Harmonic mean of precision and recall.
    pub f1: f64,
}

impl Score {
    fn new(true_positives: usize, predicted: usize, recalled: usize, gold: usize) -> Score {
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        let precision = ratio(true_positives, predicted);
        let recall = ratio(recalled, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Score {
            true_positives,
            predicted,
            recalled,
            gold,
            precision,
            recall,
            f1,
        }
    }
}

/// One item that was missed or wrongly predicted, for people to read.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Finding {
    /// Which metric.
    pub metric: &'static str,
    /// Document id ("" for corpus-wide metrics).
    pub doc: String,
    /// What was missed or wrongly predicted.
    pub item: String,
    /// Text to find the sentence by (evidence or predicted text).
    pub text: Option<String>,
}

/// The scores of every metric, with the findings behind them.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Metric name -> score, in a fixed order.
    pub scores: Vec<(&'static str, Score)>,
    /// Gold items not found.
    pub misses: Vec<Finding>,
    /// Predictions not in the gold.
    pub false_hits: Vec<Finding>,
    /// Why statements were missed (filled in by [`causes()`] when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub causes: Option<Causes>,
}

impl Report {
    /// The lowest F1 of all metrics.
    pub fn min_f1(&self) -> f64 {
        self.scores.iter().map(|(_, s)| s.f1).fold(1.0, f64::min)
    }

    /// The score of one metric.
    pub fn score(&self, metric: &str) -> Option<Score> {
        self.scores
            .iter()
            .find(|(m, _)| *m == metric)
            .map(|(_, s)| *s)
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<12} {:>9} {:>9} {:>9} {:>13} {:>13}",
            "metric", "precision", "recall", "f1", "right/pred", "found/gold"
        )?;
        for (name, s) in &self.scores {
            writeln!(
                f,
                "{:<12} {:>9.3} {:>9.3} {:>9.3} {:>13} {:>13}",
                name,
                s.precision,
                s.recall,
                s.f1,
                format!("{}/{}", s.true_positives, s.predicted),
                format!("{}/{}", s.recalled, s.gold)
            )?;
        }
        Ok(())
    }
}

/// Lowercase alphanumeric words of a text.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Share of the evidence words found in the predicted text.
pub fn evidence_share(evidence: &str, predicted: &str) -> f64 {
    let ev = words(evidence);
    if ev.is_empty() {
        return 0.0;
    }
    let pred: BTreeSet<String> = words(predicted).into_iter().collect();
    ev.iter().filter(|w| pred.contains(*w)).count() as f64 / ev.len() as f64
}

/// The words a gold statement is found by (its evidence, else its text).
pub fn gold_text(s: &StatementRecord) -> &str {
    s.evidence.as_deref().or(s.text.as_deref()).unwrap_or("")
}

/// The words of a predicted statement (its text, else its evidence).
pub fn pred_text(s: &StatementRecord) -> &str {
    s.text.as_deref().or(s.evidence.as_deref()).unwrap_or("")
}

/// How the statements of one document were paired with the gold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Matching {
    /// For each gold statement, the prediction matched to it (never for optional ones).
    pub gold_to_pred: Vec<Option<usize>>,
    /// For each prediction, whether it matched a required gold statement.
    pub pred_used: Vec<bool>,
    /// For each prediction, whether it overlaps an optional gold statement.
    pub pred_optional: Vec<bool>,
}

/// Pairs the predicted statements of a document with its gold statements: a pair needs a
/// speaker among the gold ids and [`EVIDENCE_SHARE`] of the evidence words; the best
/// covering pairs are taken first, each side used once.
pub fn match_statements(g: &DocRecord, p: &DocRecord) -> Matching {
    let mut pairs = Vec::new();
    for (gi, gs) in g.statements.iter().enumerate() {
        let ids = gs.speaker.ids();
        for (pi, ps) in p.statements.iter().enumerate() {
            let share = evidence_share(gold_text(gs), pred_text(ps));
            let speaker_ok = ps.speaker.ids().iter().any(|s| ids.contains(s));
            if share >= EVIDENCE_SHARE && (speaker_ok || gs.optional) {
                pairs.push((
                    std::cmp::Reverse((share * 1000.0) as u32),
                    gi,
                    pi,
                    speaker_ok,
                ));
            }
        }
    }
    pairs.sort();
    let mut m = Matching {
        gold_to_pred: vec![None; g.statements.len()],
        pred_used: vec![false; p.statements.len()],
        pred_optional: vec![false; p.statements.len()],
    };
    for &(_, gi, pi, speaker_ok) in &pairs {
        if g.statements[gi].optional {
            m.pred_optional[pi] = true;
            continue;
        }
        if speaker_ok && m.gold_to_pred[gi].is_none() && !m.pred_used[pi] {
            m.gold_to_pred[gi] = Some(pi);
            m.pred_used[pi] = true;
        }
    }
    m
}

/// Scores `pred` against `gold`. Documents absent from the prediction count as predicting
/// nothing; documents absent from the gold are not scored.
pub fn evaluate(gold: &ExtractionFile, pred: &ExtractionFile) -> Report {
    let empty = DocRecord::default();
    let mut misses = Vec::new();
    let mut false_hits = Vec::new();

    let (mut st_tp, mut st_pred, mut st_rec, mut st_gold) = (0, 0, 0, 0);
    let (mut tr_tp, mut tr_pred, mut tr_rec, mut tr_gold) = (0, 0, 0, 0);
    let (mut sp_tp, mut sp_pred, mut sp_rec, mut sp_gold) = (0, 0, 0, 0);
    let (mut en_tp, mut en_pred, mut en_rec, mut en_gold) = (0, 0, 0, 0);

    for (doc, g) in &gold.docs {
        let p = pred.docs.get(doc).unwrap_or(&empty);

        let m = match_statements(g, p);
        let (gold_used, pred_used, pred_optional) = (m.gold_to_pred, m.pred_used, m.pred_optional);
        for (gi, gs) in g.statements.iter().enumerate() {
            if gs.optional {
                continue;
            }
            st_gold += 1;
            if gold_used[gi].is_some() {
                st_rec += 1;
            } else {
                misses.push(Finding {
                    metric: "statements",
                    doc: doc.clone(),
                    item: format!(
                        "{} {} ({})",
                        gs.speaker.ids().join("|"),
                        gs.cue,
                        kind_name(gs)
                    ),
                    text: Some(gold_text(gs).to_string()),
                });
            }
        }
        for (pi, ps) in p.statements.iter().enumerate() {
            if pred_used[pi] {
                st_pred += 1;
                st_tp += 1;
            } else if !pred_optional[pi] {
                st_pred += 1;
                false_hits.push(Finding {
                    metric: "statements",
                    doc: doc.clone(),
                    item: format!(
                        "{} {} ({})",
                        ps.speaker.ids().join("|"),
                        ps.cue,
                        kind_name(ps)
                    ),
                    text: Some(pred_text(ps).to_string()),
                });
            }
        }

        // Triples and speakers: gold units are (speaker alternatives, about); optional
        // statements and optional targets are left out of both sides.
        let mut gold_triples: BTreeSet<(Vec<&str>, &str)> = BTreeSet::new();
        let mut optional_triples: BTreeSet<(Vec<&str>, &str)> = BTreeSet::new();
        let mut gold_speakers: BTreeSet<Vec<&str>> = BTreeSet::new();
        let mut optional_speakers: BTreeSet<Vec<&str>> = BTreeSet::new();
        for gs in &g.statements {
            let mut ids = gs.speaker.ids();
            ids.sort_unstable();
            if gs.optional {
                optional_speakers.insert(ids.clone());
                for a in gs.about.iter().chain(&gs.about_optional) {
                    optional_triples.insert((ids.clone(), a.as_str()));
                }
                continue;
            }
            gold_speakers.insert(ids.clone());
            for a in &gs.about {
                gold_triples.insert((ids.clone(), a.as_str()));
            }
            for a in &gs.about_optional {
                optional_triples.insert((ids.clone(), a.as_str()));
            }
        }
        let pred_triples: BTreeSet<(&str, &str)> = p
            .statements
            .iter()
            .flat_map(|s| {
                let sp = s.speaker.ids();
                s.about
                    .iter()
                    .flat_map(move |a| sp.clone().into_iter().map(move |x| (x, a.as_str())))
            })
            .collect();
        let pred_speakers: BTreeSet<&str> =
            p.statements.iter().flat_map(|s| s.speaker.ids()).collect();
        let matches_triple = |set: &BTreeSet<(Vec<&str>, &str)>, sp: &str, ab: &str| {
            set.iter().any(|(ids, a)| *a == ab && ids.contains(&sp))
        };
        for &(sp, ab) in &pred_triples {
            if matches_triple(&gold_triples, sp, ab) {
                tr_pred += 1;
                tr_tp += 1;
            } else if !matches_triple(&optional_triples, sp, ab) {
                tr_pred += 1;
                false_hits.push(Finding {
                    metric: "triples",
                    doc: doc.clone(),
                    item: format!("{sp} -> {ab}"),
                    text: None,
                });
            }
        }
        for (ids, ab) in &gold_triples {
            tr_gold += 1;
            if pred_triples
                .iter()
                .any(|(sp, a)| a == ab && ids.contains(sp))
            {
                tr_rec += 1;
            } else {
                misses.push(Finding {
                    metric: "triples",
                    doc: doc.clone(),
                    item: format!("{} -> {ab}", ids.join("|")),
                    text: None,
                });
            }
        }
        for &sp in &pred_speakers {
            if gold_speakers.iter().any(|ids| ids.contains(&sp)) {
                sp_pred += 1;
                sp_tp += 1;
            } else if !optional_speakers.iter().any(|ids| ids.contains(&sp)) {
                sp_pred += 1;
                false_hits.push(Finding {
                    metric: "speakers",
                    doc: doc.clone(),
                    item: sp.to_string(),
                    text: None,
                });
            }
        }
        for ids in &gold_speakers {
            sp_gold += 1;
            if ids.iter().any(|s| pred_speakers.contains(s)) {
                sp_rec += 1;
            } else {
                misses.push(Finding {
                    metric: "speakers",
                    doc: doc.clone(),
                    item: ids.join("|"),
                    text: None,
                });
            }
        }

        // Entities: the gold's optional ones count neither as found nor as false.
        let optional: BTreeSet<&str> = g.entities_optional.iter().map(String::as_str).collect();
        let ge: BTreeSet<&str> = g
            .entities
            .iter()
            .map(String::as_str)
            .filter(|e| !optional.contains(e))
            .collect();
        let pe: BTreeSet<&str> = p
            .entities
            .iter()
            .map(String::as_str)
            .filter(|e| !optional.contains(e))
            .collect();
        en_gold += ge.len();
        en_pred += pe.len();
        for e in &pe {
            if ge.contains(e) {
                en_tp += 1;
                en_rec += 1;
            } else {
                false_hits.push(Finding {
                    metric: "entities",
                    doc: doc.clone(),
                    item: e.to_string(),
                    text: None,
                });
            }
        }
        for e in ge.difference(&pe) {
            misses.push(Finding {
                metric: "entities",
                doc: doc.clone(),
                item: e.to_string(),
                text: None,
            });
        }
    }

    // Events: corpus-wide sets of dated (date, place); a gold event without a place
    // matches any place on its date; optional gold events are left out of both sides.
    let dated =
        |file: &ExtractionFile, docs: Option<&BTreeMap<String, DocRecord>>, optional: bool| {
            let mut set = BTreeSet::new();
            for (id, d) in &file.docs {
                if docs.is_some_and(|g| !g.contains_key(id)) {
                    continue;
                }
                for e in &d.events {
                    if e.optional == optional {
                        if let Some(date) = &e.date {
                            set.insert((date.clone(), e.place.clone()));
                        }
                    }
                }
            }
            set
        };
    let gold_events = dated(gold, None, false);
    let optional_events = dated(gold, None, true);
    let pred_events = dated(pred, Some(&gold.docs), false);
    let covers = |g: &(String, Option<String>), p: &(String, Option<String>)| {
        g.0 == p.0 && (g.1.is_none() || g.1 == p.1)
    };
    let (mut ev_tp, mut ev_pred, mut ev_rec) = (0, 0, 0);
    for p in &pred_events {
        if gold_events.iter().any(|g| covers(g, p)) {
            ev_pred += 1;
            ev_tp += 1;
        } else if !optional_events.iter().any(|g| covers(g, p)) {
            ev_pred += 1;
            false_hits.push(Finding {
                metric: "events",
                doc: String::new(),
                item: event_name(p),
                text: None,
            });
        }
    }
    for g in &gold_events {
        if pred_events.iter().any(|p| covers(g, p)) {
            ev_rec += 1;
        } else {
            misses.push(Finding {
                metric: "events",
                doc: String::new(),
                item: event_name(g),
                text: None,
            });
        }
    }

    misses.sort();
    false_hits.sort();
    Report {
        scores: vec![
            ("statements", Score::new(st_tp, st_pred, st_rec, st_gold)),
            ("triples", Score::new(tr_tp, tr_pred, tr_rec, tr_gold)),
            ("speakers", Score::new(sp_tp, sp_pred, sp_rec, sp_gold)),
            ("entities", Score::new(en_tp, en_pred, en_rec, en_gold)),
            (
                "events",
                Score::new(ev_tp, ev_pred, ev_rec, gold_events.len()),
            ),
        ],
        misses,
        false_hits,
        causes: None,
    }
}

fn kind_name(s: &StatementRecord) -> &'static str {
    match s.kind {
        crate::extract::StatementKind::Direct => "direct",
        crate::extract::StatementKind::Indirect => "indirect",
    }
}

fn event_name((date, place): &(String, Option<String>)) -> String {
    format!("{date} at {}", place.as_deref().unwrap_or("(any place)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(json: &str) -> ExtractionFile {
        serde_json::from_str(json).expect("test json")
    }

    #[test]
    fn evidence_share_counts_words() {
        assert_eq!(
            evidence_share("We are hopeful", "we are hopeful these talks"),
            1.0
        );
        assert!((evidence_share("a b c d e", "a b c") - 0.6).abs() < 1e-9);
        assert_eq!(evidence_share("", "x"), 0.0);
    }

    #[test]
    fn scores_statements_triples_speakers_entities_events() {
        let gold = file(
            r#"{"docs":{"d":{"date":null,"entities":["a","b","c"],
              "statements":[
                {"speaker":["a","x"],"about":["b"],"about_optional":["c"],"kind":"direct","cue":"said","evidence":"one two three four five"},
                {"speaker":"b","about":["a"],"kind":"indirect","cue":"said","evidence":"alpha beta gamma"},
                {"speaker":"c","about":["a"],"kind":"indirect","cue":"said","evidence":"maybe so","optional":true}],
              "events":[{"type":"talks","date":"2022-01-10","place":null,"participants":[]},
                        {"type":"meeting","date":"2022-01-12","place":"p","participants":[]},
                        {"type":"call","date":"2022-01-20","place":null,"participants":[],"optional":true}]}}}"#,
        );
        let pred = file(
            r#"{"docs":{"d":{"date":null,"entities":["a","b","z"],
              "statements":[
                {"speaker":"x","about":["b","c"],"kind":"direct","cue":"said","text":"one two three and more"},
                {"speaker":"b","about":["z"],"kind":"indirect","cue":"said","text":"unrelated words"},
                {"speaker":"c","about":["a"],"kind":"indirect","cue":"said","text":"maybe so they said"}],
              "events":[{"type":"talks","date":"2022-01-10","place":"q","participants":[]},
                        {"type":"meeting","date":"2022-01-12","place":null,"participants":[]},
                        {"type":"call","date":"2022-01-20","place":null,"participants":[]}]}}}"#,
        );
        let r = evaluate(&gold, &pred);
        let st = r.score("statements").expect("statements");
        // x matches gold 1 (speaker alternative, 3/5 words); "unrelated" is wrong; the
        // optional one is neither rewarded nor penalised.
        assert_eq!(
            (st.true_positives, st.predicted, st.recalled, st.gold),
            (1, 2, 1, 2)
        );
        let tr = r.score("triples").expect("triples");
        // (x,b) right; (x,c) optional; (b,z) wrong; (c,a) optional statement.
        assert_eq!(
            (tr.true_positives, tr.predicted, tr.recalled, tr.gold),
            (1, 2, 1, 2)
        );
        let sp = r.score("speakers").expect("speakers");
        assert_eq!(
            (sp.true_positives, sp.predicted, sp.recalled, sp.gold),
            (2, 2, 2, 2)
        );
        let en = r.score("entities").expect("entities");
        assert_eq!(
            (en.true_positives, en.predicted, en.recalled, en.gold),
            (2, 3, 2, 3)
        );
        let ev = r.score("events").expect("events");
        // 01-10 any place: right; 01-12 without place does not cover the gold place p;
        // 01-20 matches only an optional event.
        assert_eq!(
            (ev.true_positives, ev.predicted, ev.recalled, ev.gold),
            (1, 2, 1, 2)
        );
        assert!(r.min_f1() < 1.0);
    }

    #[test]
    fn optional_entities_count_neither_way() {
        let gold = file(
            r#"{"new_ids":{"newbie":"A person the schemas lack"},
              "docs":{"d":{"date":null,"entities":["a","b"],"entities_optional":["photo","region"],
              "statements":[],"events":[]}}}"#,
        );
        assert_eq!(gold.new_ids.len(), 1);
        let pred = file(
            r#"{"docs":{"d":{"date":null,"entities":["a","photo","z"],"statements":[],"events":[]}}}"#,
        );
        let r = evaluate(&gold, &pred);
        let en = r.score("entities").expect("entities");
        // "photo" is neither right nor wrong, "region" is not missed; "z" is wrong, "b" missed.
        assert_eq!(
            (en.true_positives, en.predicted, en.recalled, en.gold),
            (1, 2, 1, 2)
        );
        let false_hits: Vec<&str> = r
            .false_hits
            .iter()
            .filter(|f| f.metric == "entities")
            .map(|f| f.item.as_str())
            .collect();
        assert_eq!(false_hits, ["z"]);
    }

    #[test]
    fn perfect_prediction_scores_one() {
        let gold = file(
            r#"{"docs":{"d":{"date":null,"entities":["a"],
              "statements":[{"speaker":"a","about":["a"],"kind":"direct","cue":"said","evidence":"hello there"}],
              "events":[]}}}"#,
        );
        let mut pred = gold.clone();
        if let Some(d) = pred.docs.get_mut("d") {
            d.statements[0].text = Some("hello there friend".into());
        }
        let r = evaluate(&gold, &pred);
        assert_eq!(r.min_f1(), 1.0);
    }
}
