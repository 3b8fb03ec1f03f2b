//! Corpus: reads articles from a directory of `.txt` files or JSON Lines files, as a stream,
//! and recovers what the text says about each document (title, outlet, url, date and where
//! the date came from).
//!
//! Odd files (invalid UTF-8, empty, binary, unreadable) become warnings, never failures; the
//! rest of the corpus still loads. Finding statements in the text is left to `extract`.

mod header;
mod summary;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
pub use header::{infer_dateline_date, month_number, parse_header, Header};
pub use summary::{source_name, CorpusSummary, DocLine};

/// Where a document's date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// The `date` field of a JSON Lines record.
    Record,
    /// The metadata file beside the articles.
    Metadata,
    /// A first line ` date YYYY-MM-DD URL` of scraped text.
    Header,
    /// A dateline such as "NEW YORK, January 16. /TASS/", the year inferred from the text.
    Dateline,
    /// No date could be found.
    Unknown,
}

/// One article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Document id: the file stem, or the `id` of a JSON Lines record.
    pub id: String,
    /// The whole text; every span of the extraction refers to it.
    pub text: String,
    /// Title (first non-empty line, or the record's title).
    pub title: Option<String>,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Where the date came from.
    pub date_source: DateSource,
    /// Outlet name ("TASS").
    pub outlet: Option<String>,
    /// Source URL.
    pub url: Option<String>,
    /// Byte offset where the body starts (after a ` date ... URL` header line).
    pub body_start: usize,
    /// File the document was read from.
    pub path: PathBuf,
}

impl Document {
    /// A document from plain text, its header and dateline parsed as in a corpus file.
    pub fn from_text(id: &str, text: String) -> Document {
        let h = parse_header(&text);
        let (date, date_source) = match (h.date, h.dateline_date) {
            (Some(d), _) => (Some(d), DateSource::Header),
            (None, Some(d)) => (Some(d), DateSource::Dateline),
            _ => (None, DateSource::Unknown),
        };
        Document {
            id: id.to_string(),
            title: h.title,
            date,
            date_source,
            outlet: h.outlet,
            url: h.url,
            body_start: h.body_start,
            path: PathBuf::from(id),
            text,
        }
    }
}

/// Per-document metadata from the optional `metadata.json` beside the articles.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Metadata {
    /// Outlet name.
    #[serde(default)]
    pub outlet: Option<String>,
    /// Source URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Publication date, `YYYY-MM-DD`.
    #[serde(default)]
    pub date: Option<NaiveDate>,
    /// Title.
    #[serde(default)]
    pub title: Option<String>,
}

/// File name of the optional metadata file in a corpus directory.
pub const METADATA_FILE: &str = "metadata.json";

/// The largest article read, in bytes: a graph keeps byte offsets as `u32`, so a longer text
/// would get wrong spans. It is skipped with a warning instead.
pub const MAX_DOCUMENT_BYTES: usize = u32::MAX as usize;

/// The warning for a text longer than [`MAX_DOCUMENT_BYTES`], or `None`.
fn too_large(len: usize) -> Option<String> {
    (len > MAX_DOCUMENT_BYTES).then(|| {
        format!(
            "skipped: {len} bytes of text, more than the {MAX_DOCUMENT_BYTES} a document may hold"
        )
    })
}

/// A corpus that could not be opened at all.
#[derive(Debug, thiserror::Error)]
pub enum CorpusError {
    /// The path does not exist or cannot be read.
    #[error("{}: cannot read corpus", path.display())]
    Unreadable {
        /// The corpus path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The metadata file is not valid JSON of the expected shape.
    #[error("{}:{message}", path.display())]
    Metadata {
        /// The metadata file.
        path: PathBuf,
        /// What is wrong, with line:col.
        message: String,
    },
}

/// One item of a corpus stream: a document, or a warning about a file that was skipped.
pub type Item = Result<Document, Diagnostic>;

/// A corpus on disk: a directory of `.txt`/`.jsonl` files, or a single such file.
#[derive(Debug, Clone)]
pub struct Corpus {
    files: Vec<PathBuf>,
    metadata: BTreeMap<String, Metadata>,
    metadata_path: Option<PathBuf>,
}

impl Corpus {
    /// Opens a corpus: lists its files (sorted by name) and reads the metadata file if any.
    /// Document text is read lazily by [`Corpus::stream`].
    pub fn open(path: &Path) -> Result<Corpus, CorpusError> {
        let unreadable = |source| CorpusError::Unreadable {
            path: path.to_path_buf(),
            source,
        };
        let meta = fs::metadata(path).map_err(unreadable)?;
        let mut files = Vec::new();
        let mut metadata = BTreeMap::new();
        let mut metadata_path = None;
        if meta.is_dir() {
            for entry in fs::read_dir(path).map_err(unreadable)? {
                let p = entry.map_err(unreadable)?.path();
                if is_article_file(&p) {
                    files.push(p);
                }
            }
            files.sort();
            let meta_path = path.join(METADATA_FILE);
            if meta_path.is_file() {
                let src = fs::read(&meta_path).map_err(|source| CorpusError::Unreadable {
                    path: meta_path.clone(),
                    source,
                })?;
                metadata = parse_metadata(&src).map_err(|message| CorpusError::Metadata {
                    path: meta_path.clone(),
                    message,
                })?;
                metadata_path = Some(meta_path);
            }
        } else {
            files.push(path.to_path_buf());
        }
        Ok(Corpus {
            files,
            metadata,
            metadata_path,
        })
    }

    /// The files of the corpus, sorted.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Total size in bytes of the corpus files (for progress and throughput).
    pub fn total_bytes(&self) -> u64 {
        self.files
            .iter()
            .filter_map(|f| fs::metadata(f).ok())
            .map(|m| m.len())
            .sum()
    }

    /// Streams the documents in file order, then record order; each file is read only when
    /// reached, so memory does not grow with the corpus.
    ///
    /// Document ids are unique in the stream: a document whose id was already used (`a.txt`
    /// and a record `"id": "a"`) is renamed `a-2` (then `a-3`, ...) with a warning, so that no
    /// document is lost and no two share their provenance. Only the ids seen are kept.
    pub fn stream(&self) -> impl Iterator<Item = Item> + '_ {
        // Each id seen with the index of its file (a document's path is its file's): no path
        // per document, which at a million documents is most of what the stream keeps.
        let mut seen: BTreeMap<Box<str>, usize> = BTreeMap::new();
        self.files
            .iter()
            .enumerate()
            .flat_map(move |(i, f)| self.read_file(f).map(move |item| (i, item)))
            .flat_map(move |(file, item)| match item {
                Ok(mut doc) => {
                    let mut out = Vec::new();
                    if let Some(&first) = seen.get(doc.id.as_str()) {
                        let first = self.files[first].display().to_string();
                        let new_id = (2..)
                            .map(|n| format!("{}-{n}", doc.id))
                            .find(|id| !seen.contains_key(id.as_str()))
                            .unwrap_or_default();
                        out.push(Err(Diagnostic::warning(
                            &doc.path,
                            format!("document id `{}` is already used by {first}; this document is `{new_id}`", doc.id),
                        )));
                        doc.id = new_id;
                    }
                    seen.insert(doc.id.as_str().into(), file);
                    out.push(Ok(doc));
                    out
                }
                Err(w) => vec![Err(w)],
            })
    }

    /// Warnings about the metadata file: entries naming no document of the corpus (when
    /// every document is a `.txt` file, whose ids are known before reading).
    pub fn metadata_warnings(&self) -> Vec<Diagnostic> {
        if self.metadata.is_empty()
            || self
                .files
                .iter()
                .any(|f| f.extension().is_some_and(|e| e == "jsonl"))
        {
            return Vec::new();
        }
        let stems: std::collections::BTreeSet<&str> = self
            .files
            .iter()
            .filter_map(|f| f.file_stem().and_then(|s| s.to_str()))
            .collect();
        let path = self
            .metadata_path
            .clone()
            .unwrap_or_else(|| PathBuf::from(METADATA_FILE));
        self.metadata
            .keys()
            .filter(|id| !stems.contains(id.as_str()))
            .map(|id| {
                Diagnostic::warning(
                    &path,
                    format!("metadata for `{id}`, which is not a document of the corpus"),
                )
            })
            .collect()
    }

    /// Reads every document at once (small corpora, tests).
    pub fn load_all(&self) -> (Vec<Document>, Vec<Diagnostic>) {
        let mut docs = Vec::new();
        let mut warnings = Vec::new();
        for item in self.stream() {
            match item {
                Ok(d) => docs.push(d),
                Err(w) => warnings.push(w),
            }
        }
        (docs, warnings)
    }

    fn read_file(&self, path: &Path) -> Box<dyn Iterator<Item = Item> + '_> {
        if path.extension().is_some_and(|e| e == "jsonl") {
            if fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == 0) {
                return Box::new(std::iter::once(Err(Diagnostic::warning(
                    path,
                    "skipped: empty file",
                ))));
            }
            // The first bytes are looked at before any line is read: a binary file may have
            // no newline for gigabytes.
            let opened = fs::File::open(path).and_then(|mut f| {
                let mut head = Vec::with_capacity(SNIFF_BYTES);
                (&mut f).take(SNIFF_BYTES as u64).read_to_end(&mut head)?;
                Ok((head, f))
            });
            match opened {
                Ok((head, _)) if head.contains(&0) => Box::new(std::iter::once(Err(binary(path)))),
                Ok((head, f)) => Box::new(read_jsonl(
                    path.to_path_buf(),
                    BufReader::new(std::io::Cursor::new(head).chain(f)),
                )),
                Err(e) => Box::new(std::iter::once(Err(Diagnostic::warning(
                    path,
                    format!("skipped: cannot read: {e}"),
                )))),
            }
        } else {
            Box::new(std::iter::once(self.read_txt(path)))
        }
    }

    fn read_txt(&self, path: &Path) -> Item {
        let bytes = read_text_bytes(path)?;
        let text = text_of(path, bytes)?;
        let id = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("document")
            .to_string();
        let mut doc = Document::from_text(&id, text);
        doc.path = path.to_path_buf();
        if let Some(m) = self.metadata.get(&id) {
            apply_metadata(&mut doc, m);
        }
        Ok(doc)
    }
}

/// A corpus file by its name. Anything so named is taken, even a directory or a dangling
/// link, so that it is reported by name when it cannot be read rather than skipped silently.
fn is_article_file(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "txt" || e == "jsonl")
}

/// Bytes read from the start of a file to tell text from binary before reading it whole.
const SNIFF_BYTES: usize = 8192;

/// The bytes of a text file, or a warning. A file larger than a document may be, or whose
/// first bytes hold a NUL (an image, an archive, a disk image), is skipped without being read
/// whole, so one stray large file costs neither the memory nor the time of reading it.
fn read_text_bytes(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let cannot =
        |e: std::io::Error| Diagnostic::warning(path, format!("skipped: cannot read: {e}"));
    let mut file = fs::File::open(path).map_err(cannot)?;
    let len = file.metadata().map_err(cannot)?.len();
    if let Some(w) = too_large(usize::try_from(len).unwrap_or(usize::MAX)) {
        return Err(Diagnostic::warning(path, w));
    }
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    (&mut file)
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(cannot)?;
    if head.contains(&0) {
        return Err(binary(path));
    }
    let mut bytes = head;
    bytes.reserve(
        usize::try_from(len)
            .unwrap_or(0)
            .saturating_sub(bytes.len()),
    );
    file.read_to_end(&mut bytes).map_err(cannot)?;
    Ok(bytes)
}

/// The warning for a file with NUL bytes.
fn binary(path: &Path) -> Diagnostic {
    Diagnostic::warning(path, "skipped: binary file (contains NUL bytes)")
}

/// Checks raw bytes are usable text: not empty, not binary, valid UTF-8 (BOM removed).
fn text_of(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(Diagnostic::warning(path, "skipped: empty file"));
    }
    if bytes.contains(&0) {
        return Err(binary(path));
    }
    if let Some(w) = too_large(bytes.len()) {
        return Err(Diagnostic::warning(path, w));
    }
    match String::from_utf8(bytes) {
        Ok(mut s) => {
            if s.starts_with('\u{feff}') {
                s.replace_range(..3, "");
            }
            Ok(s)
        }
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err(Diagnostic::warning(
                path,
                format!("skipped: invalid UTF-8 at byte {at}"),
            ))
        }
    }
}

fn apply_metadata(doc: &mut Document, m: &Metadata) {
    if let Some(d) = m.date {
        doc.date = Some(d);
        doc.date_source = DateSource::Metadata;
    }
    if m.outlet.is_some() {
        doc.outlet.clone_from(&m.outlet);
    }
    if m.url.is_some() {
        doc.url.clone_from(&m.url);
    }
    if m.title.is_some() {
        doc.title.clone_from(&m.title);
    }
}

/// The entries of a metadata file, or what is wrong with it as `line:col: message`. Read
/// from bytes, so that invalid UTF-8 is reported where it is, like any other mistake.
pub fn parse_metadata(bytes: &[u8]) -> Result<BTreeMap<String, Metadata>, String> {
    serde_json::from_slice(bytes)
        .map_err(|e| format!("{}:{}: {}", e.line(), e.column(), json_message(&e)))
}

/// serde_json's message without the " at line L column C" it appends (the position is
/// shown as `path:line:col` instead).
fn json_message(e: &serde_json::Error) -> String {
    let m = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    m.strip_suffix(&suffix).map_or(m.clone(), str::to_string)
}

/// A JSON Lines record: the usual shape of scraped news.
#[derive(Debug, Deserialize)]
struct Record {
    /// A string or a number.
    #[serde(default)]
    id: Option<serde_json::Value>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    date: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    outlet: Option<String>,
    text: String,
}

fn read_jsonl<R: BufRead>(path: PathBuf, reader: R) -> impl Iterator<Item = Item> {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or("record")
        .to_string();
    reader
        .split(b'\n')
        .enumerate()
        .flat_map(move |(n, line)| read_record(&path, &stem, n + 1, line))
}

/// One JSON Lines record: nothing for a blank line, a warning for a broken one, and the
/// document (after a warning, when only its date is unusable).
fn read_record(
    path: &Path,
    stem: &str,
    line_no: usize,
    line: std::io::Result<Vec<u8>>,
) -> Vec<Item> {
    let bytes = match line {
        Ok(b) => b,
        Err(e) => {
            return vec![Err(Diagnostic::warning_at(
                path,
                line_no,
                1,
                format!("skipped: cannot read: {e}"),
            ))]
        }
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Vec::new();
    }
    let rec: Record = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => {
            return vec![Err(Diagnostic::warning_at(
                path,
                line_no,
                e.column().max(1),
                format!("skipped record: {}", json_message(&e)),
            ))]
        }
    };
    let id = match rec.id {
        Some(serde_json::Value::String(s)) if !s.trim().is_empty() => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        _ => format!("{stem}-{line_no}"),
    };
    if let Some(w) = too_large(rec.text.len()) {
        return vec![Err(Diagnostic::warning_at(
            path,
            line_no,
            1,
            format!("record `{id}`: {w}"),
        ))];
    }
    let mut out = Vec::new();
    let mut doc = Document::from_text(&id, rec.text);
    doc.path = path.to_path_buf();
    if rec.title.is_some() {
        doc.title = rec.title;
    }
    if rec.url.is_some() {
        doc.url = rec.url;
    }
    if rec.outlet.is_some() {
        doc.outlet = rec.outlet;
    }
    if let Some(d) = rec.date.as_deref() {
        match d.get(..10).and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()) {
            Some(date) => {
                doc.date = Some(date);
                doc.date_source = DateSource::Record;
            }
            None => out.push(Err(Diagnostic::warning_at(
                path,
                line_no,
                1,
                format!("record `{id}`: date `{d}` is not YYYY-MM-DD; using the date the text gives, if any"),
            ))),
        }
    }
    out.push(Ok(doc));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_that_is_not_utf8_is_an_error_at_its_place() {
        // Found by fuzzing: the file was read as a string first, and failed as "cannot read
        // corpus" with no position.
        let e = parse_metadata(b"{\"a\": {\"outlet\": \"Caf\xc3 \"}}").expect_err("not JSON");
        assert!(e.starts_with("1:"), "{e}");
        let e = parse_metadata(b"Caf\xc3 said \xff\xfe").expect_err("not JSON");
        assert!(e.starts_with("1:1: "), "{e}");
        assert!(parse_metadata(b"{}").is_ok_and(|m| m.is_empty()));
    }

    #[test]
    fn texts_past_u32_offsets_are_too_large() {
        assert_eq!(too_large(0), None);
        assert_eq!(too_large(MAX_DOCUMENT_BYTES), None);
        let w = too_large(MAX_DOCUMENT_BYTES + 1).expect("a warning past the limit");
        assert!(w.starts_with("skipped: 4294967296 bytes"), "{w}");
    }
}
