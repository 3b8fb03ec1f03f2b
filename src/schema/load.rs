//! Reads the RON files of a schema directory and parses them, turning ron's errors into
//! `path:line:col` diagnostics. Cross-file validation is left to `check`.

use std::fs;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::types::{EntityDef, LexiconFile, OntologyFile};
use crate::diag::Diagnostic;

/// One parsed file with its source text, kept for locating fields.
#[derive(Debug)]
pub(crate) struct Parsed<T> {
    pub path: PathBuf,
    pub src: String,
    pub value: T,
}

/// Every file of a schema directory, parsed as far as possible.
#[derive(Debug, Default)]
pub(crate) struct RawSchema {
    pub ontology: Option<Parsed<OntologyFile>>,
    pub lexicon: Option<Parsed<LexiconFile>>,
    pub entities: Vec<Parsed<Vec<EntityDef>>>,
}

/// File name of the ontology, at the top of the schema directory.
pub const ONTOLOGY_FILE: &str = "ontology.ron";
/// File name of the lexicon, at the top of the schema directory.
pub const LEXICON_FILE: &str = "lexicon.ron";

/// Reads `dir`: `ontology.ron`, `lexicon.ron`, and every other `*.ron` below it (sorted) as
/// a list of entities. Returns `None` when the directory itself cannot be read.
pub(crate) fn read_dir(dir: &Path, diags: &mut Vec<Diagnostic>) -> Option<RawSchema> {
    let mut files = Vec::new();
    if let Err(e) = collect_ron_files(dir, &mut files) {
        diags.push(Diagnostic::error(dir, format!("cannot read schema directory: {e}")));
        return None;
    }
    files.sort();
    let mut raw = RawSchema::default();
    for path in files {
        let src = match fs::read_to_string(&path) {
            Ok(s) => s,
            Err(e) => {
                diags.push(Diagnostic::error(&path, format!("cannot read: {e}")));
                continue;
            }
        };
        let top = path.parent() == Some(dir);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if top && name == ONTOLOGY_FILE {
            raw.ontology = parse(&path, src, diags);
        } else if top && name == LEXICON_FILE {
            raw.lexicon = parse(&path, src, diags);
        } else if let Some(p) = parse(&path, src, diags) {
            raw.entities.push(p);
        }
    }
    if raw.ontology.is_none() && !diags.iter().any(|d| d.path.ends_with(ONTOLOGY_FILE)) {
        diags.push(Diagnostic::error(&dir.join(ONTOLOGY_FILE), "missing ontology file"));
    }
    if raw.lexicon.is_none() && !diags.iter().any(|d| d.path.ends_with(LEXICON_FILE)) {
        diags.push(Diagnostic::error(&dir.join(LEXICON_FILE), "missing lexicon file"));
    }
    Some(raw)
}

fn collect_ron_files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_ron_files(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "ron") {
            out.push(path);
        }
    }
    Ok(())
}

/// The RON options every schema file is read with: `Some(..)` may be left out.
fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

fn parse<T: DeserializeOwned>(path: &Path, src: String, diags: &mut Vec<Diagnostic>) -> Option<Parsed<T>> {
    match options().from_str::<T>(&src) {
        Ok(value) => Some(Parsed { path: path.to_path_buf(), src, value }),
        Err(e) => {
            let pos = e.span.start;
            diags.push(Diagnostic::error_at(path, pos.line.max(1), pos.col.max(1), e.code.to_string()));
            None
        }
    }
}
