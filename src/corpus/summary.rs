//! What a corpus run saw, for people: documents with their date and where it came from,
//! outlets, skipped files. Collected while documents stream by (only a line per document is
//! kept, never the text); printing is left to the command line.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{DateSource, Document};
use crate::diag::Diagnostic;
use crate::schema::Schema;

/// One document as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocLine {
    /// Document id.
    pub id: String,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Where the date came from.
    pub date_source: DateSource,
    /// Outlet, when known.
    pub outlet: Option<String>,
    /// Size of the text in bytes.
    pub bytes: usize,
}

/// Documents and warnings of a corpus run, in stream order.
#[derive(Debug, Clone, Default)]
pub struct CorpusSummary {
    /// One line per document loaded.
    pub docs: Vec<DocLine>,
    /// Files and records skipped, and other warnings of the corpus.
    pub warnings: Vec<Diagnostic>,
}

impl CorpusSummary {
    /// Records a loaded document.
    pub fn add(&mut self, doc: &Document) {
        self.docs.push(DocLine {
            id: doc.id.clone(),
            date: doc.date,
            date_source: doc.date_source,
            outlet: doc.outlet.clone(),
            bytes: doc.text.len(),
        });
    }

    /// Records an item of [`super::Corpus::stream`]: a document or a warning.
    pub fn add_item(&mut self, item: &super::Item) {
        match item {
            Ok(doc) => self.add(doc),
            Err(w) => self.warnings.push(w.clone()),
        }
    }

    /// Number of documents per date source, in the order of [`DateSource`].
    pub fn date_sources(&self) -> BTreeMap<DateSource, usize> {
        let mut out = BTreeMap::new();
        for d in &self.docs {
            *out.entry(d.date_source).or_insert(0) += 1;
        }
        out
    }

    /// The text of the summary: the schema's size, then the corpus totals, then one line per
    /// document (at most `max_docs` of them, with a note of how many were left out).
    pub fn render(&self, schema: &Schema, max_docs: usize) -> String {
        let mut s = String::new();
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for e in &schema.entities {
            *kinds.entry(e.kind.as_str()).or_insert(0) += 1;
        }
        let kinds: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let names: usize = schema.entities.iter().map(|e| e.names().count()).sum();
        let metonyms: usize = schema.entities.iter().map(|e| e.metonyms.len()).sum();
        let demonyms: usize = schema.entities.iter().map(|e| e.demonyms.len()).sum();
        let _ = writeln!(
            s,
            "schema: {} entities ({}); {names} names and aliases, {metonyms} metonyms, {demonyms} demonyms",
            schema.entities.len(),
            kinds.join(", ")
        );
        let bytes: usize = self.docs.iter().map(|d| d.bytes).sum();
        // Warnings are counted only when they were collected here; a caller that routes
        // them elsewhere reports them itself.
        let warned = match self.warnings.len() {
            0 => String::new(),
            n => format!(", {n} warning(s)"),
        };
        let _ = writeln!(s, "documents: {} ({bytes} bytes){warned}", self.docs.len());
        let sources: Vec<String> = self
            .date_sources()
            .iter()
            .map(|(src, n)| format!("{n} {}", source_name(*src)))
            .collect();
        if !sources.is_empty() {
            let _ = writeln!(s, "dates: {}", sources.join(", "));
        }
        let width = self
            .docs
            .iter()
            .map(|d| d.id.chars().count())
            .max()
            .unwrap_or(0);
        for d in self.docs.iter().take(max_docs) {
            let date = d.date.map_or_else(|| "-".to_string(), |d| d.to_string());
            let outlet = d.outlet.as_deref().unwrap_or("-");
            let _ = writeln!(
                s,
                "  {:<width$}  {date:<10}  {:<8}  {outlet}",
                d.id,
                source_name(d.date_source)
            );
        }
        if self.docs.len() > max_docs {
            let _ = writeln!(
                s,
                "  ... and {} more document(s) (-v shows all)",
                self.docs.len() - max_docs
            );
        }
        s
    }
}

/// The word shown for a date source.
pub fn source_name(src: DateSource) -> &'static str {
    match src {
        DateSource::Record => "record",
        DateSource::Metadata => "metadata",
        DateSource::Header => "header",
        DateSource::Dateline => "dateline",
        DateSource::Unknown => "unknown",
    }
}
