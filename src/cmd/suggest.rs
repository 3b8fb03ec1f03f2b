//! `kg suggest`: extracts a corpus and prints RON stubs for the actors the schemas lack
//! (titled names and people introduced by apposition), most frequent first, on standard
//! output or atomically into a file (`-o`), so that the file never holds half a list.

use anyhow::Result;

use crate::cli::SuggestArgs;
use crate::cmd::{write_output, Context};
use crate::Outcome;
use newsgraph::corpus::Corpus;
use newsgraph::extract::json::extract_all;
use newsgraph::extract::suggest::{suggestions_in, to_ron};
use newsgraph::extract::Gazetteer;

/// Runs `kg suggest`.
pub fn run(ctx: &Context, args: SuggestArgs) -> Result<Outcome> {
    let schema = ctx.load_schema()?;
    let gaz = Gazetteer::new(&schema);
    let (docs, warnings) = Corpus::open(&args.corpus)?.load_all();
    ctx.report_warnings(&warnings);
    let facts = extract_all(&gaz, &docs);
    let texts = docs
        .iter()
        .map(|d| (d.id.as_str(), d.text.as_str()))
        .collect();
    let found = suggestions_in(&facts, &texts);
    write_output(args.output.as_deref(), to_ron(&found).as_bytes())?;
    if !ctx.quiet {
        eprintln!(
            "{} entit(ies) to consider in {} document(s)",
            found.len(),
            docs.len()
        );
    }
    Ok(Outcome::Ok)
}
