//! `kg check`: validates a schema directory and prints every problem as path:line:col.

use std::collections::BTreeSet;

use anyhow::{bail, Result};

use crate::cli::CheckArgs;
use crate::cmd::Context;
use crate::Outcome;
use newsgraph::schema::Schema;

/// Runs `kg check`.
pub fn run(ctx: &Context, args: CheckArgs) -> Result<Outcome> {
    let dir = args.dir.unwrap_or_else(|| ctx.schemas.clone());
    if !dir.is_dir() {
        bail!("{}: schema directory not found", dir.display());
    }
    let (schema, diags) = Schema::check(&dir);
    for d in &diags {
        println!("{d}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count();
    if errors > 0 {
        if !ctx.quiet {
            eprintln!("{errors} problem(s) found in {}", dir.display());
        }
        return Ok(Outcome::Problems);
    }
    if !ctx.quiet {
        if let Some(s) = schema {
            let aliases: usize = s
                .entities
                .iter()
                .map(|e| e.names().count() + e.metonyms.len() + e.demonyms.len())
                .sum();
            let cues = &s.lexicon.speech_cues;
            let lemmas: usize = cues.iter().map(|c| c.lemmas.len()).sum();
            let forms: BTreeSet<String> = cues
                .iter()
                .flat_map(|c| c.surface_forms())
                .map(|f| f.to_lowercase())
                .collect();
            eprintln!(
                "{}: ok: {} entities, {} names, {} speech cues ({} lemmas, {} forms), {} event nouns",
                dir.display(),
                s.entities.len(),
                aliases,
                cues.len(),
                lemmas,
                forms.len(),
                s.lexicon.event_nouns.len()
            );
        }
    }
    Ok(Outcome::Ok)
}
