//! `kg eval`: extracts a corpus (or reads a prediction file) and scores it against gold
//! annotations; with -v, sorts the missed statements by cause and lists every miss and false
//! hit with its sentence.

use std::collections::BTreeMap;
use std::fmt::{self, Write as _};
use std::fs;
use std::io::Write as _;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::EvalArgs;
use crate::cmd::Context;
use crate::Outcome;
use newsgraph::corpus::Corpus;
use newsgraph::eval::causes::sentence_of;
use newsgraph::eval::{causes, evaluate, Cause, Causes, ExtractionFile, Finding};
use newsgraph::schema::Schema;

/// Runs `kg eval`.
pub fn run(ctx: &Context, args: EvalArgs) -> Result<Outcome> {
    let gold = read_extraction(&args.gold).context("cannot read the gold annotations")?;
    // The schemas extract the corpus and give the cue forms for the causes of misses; a
    // prediction file can be scored without them.
    let (pred, schema) = match &args.prediction {
        Some(p) => (
            read_extraction(p).context("cannot read the prediction")?,
            None,
        ),
        None => {
            let schema = ctx.load_schema()?;
            (predict(ctx, &schema, &args.corpus)?, Some(schema))
        }
    };
    let mut report = evaluate(&gold, &pred);
    // The whole output is written at once, so that a closed pipe is an error `main` knows.
    let mut out = String::new();
    if args.json || ctx.verbose {
        let texts = corpus_texts(&args.corpus);
        let schema = match schema {
            Some(s) => Ok(s),
            None => ctx.load_schema(),
        };
        let forms: Vec<String> = schema
            .map(|s| {
                s.lexicon
                    .speech_cues
                    .iter()
                    .flat_map(|c| c.surface_forms())
                    .collect()
            })
            .unwrap_or_default();
        report.causes = Some(causes(&gold, &pred, &texts, &forms));
        if args.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&report)?)?;
        } else {
            write!(out, "{report}")?;
            if let Some(c) = &report.causes {
                print_causes(&mut out, c)?;
            }
            let others: Vec<Finding> = report
                .misses
                .iter()
                .filter(|f| f.metric != "statements")
                .cloned()
                .collect();
            print_findings(&mut out, "missed", &others, &texts)?;
            print_findings(&mut out, "false hit", &report.false_hits, &texts)?;
        }
    } else {
        write!(out, "{report}")?;
    }
    std::io::stdout().write_all(out.as_bytes())?;
    if let Some(min) = args.min_f1 {
        let worst = report.min_f1();
        if worst < min {
            if !ctx.quiet {
                eprintln!("lowest F1 {worst:.3} is below --min-f1 {min}");
            }
            return Ok(Outcome::Problems);
        }
    }
    Ok(Outcome::Ok)
}

fn read_extraction(path: &Path) -> Result<ExtractionFile> {
    let src =
        fs::read_to_string(path).with_context(|| format!("{}: cannot read", path.display()))?;
    serde_json::from_str(&src).with_context(|| {
        format!(
            "{}: not in the extraction format (data/gold/FORMAT.md)",
            path.display()
        )
    })
}

fn predict(ctx: &Context, schema: &Schema, corpus: &Path) -> Result<ExtractionFile> {
    let gaz = newsgraph::extract::Gazetteer::new(schema);
    let (docs, warnings) = Corpus::open(corpus)?.load_all();
    ctx.report_warnings(&warnings);
    let facts = newsgraph::extract::json::extract_all(&gaz, &docs);
    let value = newsgraph::extract::json::corpus_json(&facts);
    serde_json::from_value(value).context("extraction output does not fit the gold format")
}

/// Document texts by id, to show the sentence of each finding (empty when unreadable).
fn corpus_texts(corpus: &Path) -> BTreeMap<String, String> {
    let Ok(c) = Corpus::open(corpus) else {
        return BTreeMap::new();
    };
    c.stream()
        .filter_map(Result::ok)
        .map(|d| (d.id, d.text))
        .collect()
}

/// The table of causes, then the missed statements under each cause, then the matched
/// statements whose targets differ from the gold.
fn print_causes(out: &mut String, c: &Causes) -> fmt::Result {
    writeln!(out)?;
    writeln!(out, "{:<50} {:>6}", "missed statements by cause", "count")?;
    for cause in Cause::ALL {
        writeln!(out, "{:<50} {:>6}", cause.label(), c.count(cause))?;
    }
    writeln!(
        out,
        "{:<50} {:>6}   ({} triple(s) missed, {} false)",
        "about wrong (matched statements)",
        c.about_wrong,
        c.about_wrong_triples_missed,
        c.about_wrong_triples_false
    )?;
    for cause in Cause::ALL {
        let misses: Vec<_> = c.misses.iter().filter(|m| m.cause == cause).collect();
        if misses.is_empty() {
            continue;
        }
        writeln!(out)?;
        writeln!(out, "== {} ({}) ==", cause.label(), misses.len())?;
        for m in misses {
            let predicted = if m.predicted_speakers.is_empty() {
                String::new()
            } else {
                format!(" -- predicted {}", m.predicted_speakers.join(", "))
            };
            writeln!(
                out,
                "missed statements [{}] {} {} ({}){predicted}",
                m.doc, m.speaker, m.cue, m.kind
            )?;
            let shown = m.sentence.as_deref().unwrap_or(&m.evidence);
            writeln!(out, "    {}", shorten(shown, 300))?;
        }
    }
    if !c.about_diffs.is_empty() {
        writeln!(out)?;
        writeln!(out, "== about wrong ({}) ==", c.about_diffs.len())?;
        for d in &c.about_diffs {
            writeln!(
                out,
                "about [{}] {} {}: missed [{}] false [{}]",
                d.doc,
                d.speaker,
                d.cue,
                d.missed.join(", "),
                d.false_hits.join(", ")
            )?;
            writeln!(out, "    {}", shorten(&d.evidence, 200))?;
        }
    }
    writeln!(out)
}

fn print_findings(
    out: &mut String,
    what: &str,
    findings: &[Finding],
    texts: &BTreeMap<String, String>,
) -> fmt::Result {
    for f in findings {
        let doc = if f.doc.is_empty() {
            String::from("corpus")
        } else {
            f.doc.clone()
        };
        writeln!(out, "{what} {} [{doc}] {}", f.metric, f.item)?;
        if let Some(t) = &f.text {
            let sentence = texts
                .get(&f.doc)
                .and_then(|body| sentence_of(body, t))
                .map(|s| shorten(&s, 300));
            writeln!(out, "    {}", sentence.unwrap_or_else(|| shorten(t, 200)))?;
        }
    }
    Ok(())
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}...")
}
