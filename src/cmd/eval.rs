//! `kg eval`: extracts a corpus (or reads a prediction file) and scores it against gold
//! annotations; with -v, lists the misses and false hits with their sentences.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::EvalArgs;
use crate::cmd::Context;
use crate::Outcome;
use newsgraph::corpus::Corpus;
use newsgraph::eval::{evaluate, ExtractionFile, Finding};

/// Runs `kg eval`.
pub fn run(ctx: &Context, args: EvalArgs) -> Result<Outcome> {
    let gold = read_extraction(&args.gold).context("cannot read the gold annotations")?;
    let pred = match &args.prediction {
        Some(p) => read_extraction(p).context("cannot read the prediction")?,
        None => predict(ctx, &args.corpus)?,
    };
    let report = evaluate(&gold, &pred);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{report}");
    }
    if ctx.verbose && !args.json {
        let texts = corpus_texts(&args.corpus);
        print_findings("missed", &report.misses, &texts);
        print_findings("false hit", &report.false_hits, &texts);
    }
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

fn predict(ctx: &Context, corpus: &Path) -> Result<ExtractionFile> {
    let schema = ctx.load_schema()?;
    let gaz = newsgraph::extract::Gazetteer::new(&schema);
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

fn print_findings(what: &str, findings: &[Finding], texts: &BTreeMap<String, String>) {
    for f in findings {
        let doc = if f.doc.is_empty() {
            String::from("corpus")
        } else {
            f.doc.clone()
        };
        println!("{what} {} [{doc}] {}", f.metric, f.item);
        if let Some(t) = &f.text {
            let sentence = texts.get(&f.doc).and_then(|body| sentence_of(body, t));
            println!("    {}", sentence.unwrap_or_else(|| shorten(t, 200)));
        }
    }
}

/// The sentence of `body` that holds the first words of `text`.
fn sentence_of(body: &str, text: &str) -> Option<String> {
    let probe: String = text
        .split_whitespace()
        .take(5)
        .collect::<Vec<_>>()
        .join(" ");
    if probe.is_empty() {
        return None;
    }
    let at = body.find(&probe)?;
    let start = body[..at].rfind(['.', '\n', '!', '?']).map_or(0, |i| i + 1);
    let end = body[at..].find(['\n']).map_or(body.len(), |i| at + i);
    Some(shorten(body[start..end].trim(), 300))
}

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    format!("{cut}...")
}
