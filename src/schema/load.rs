//! Reads the RON files of a schema directory and parses them, turning ron's errors into
//! `path:line:col` diagnostics. Cross-file validation is left to `check`.
//!
//! An entity file is a list; when it does not parse as a whole, each entry is parsed on its
//! own so that one typo costs one entry, every broken entry is reported, and the ids of the
//! broken entries stay known (no cascade of "unknown entity" errors elsewhere). An entity file
//! that holds nothing but whitespace and comments (as a shell redirection leaves it when the
//! command writing it fails) is an empty list, with a warning.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use ron::extensions::Extensions;
use serde::de::DeserializeOwned;

use super::types::{EntityDef, LexiconFile, OntologyFile};
use crate::diag::{Diagnostic, LineIndex};

/// One parsed file with its source text, kept for locating fields.
#[derive(Debug)]
pub(crate) struct Parsed<T> {
    pub path: PathBuf,
    pub src: String,
    pub value: T,
}

/// One entity file: the entries that parsed, each with the byte offset where it starts.
#[derive(Debug)]
pub(crate) struct EntityFile {
    pub path: PathBuf,
    pub src: String,
    /// Parsed entries with the offset of their opening parenthesis.
    pub entries: Vec<(usize, EntityDef)>,
}

/// Every file of a schema directory, parsed as far as possible.
#[derive(Debug, Default)]
pub(crate) struct RawSchema {
    pub ontology: Option<Parsed<OntologyFile>>,
    pub lexicon: Option<Parsed<LexiconFile>>,
    pub entities: Vec<EntityFile>,
    /// Ids written in entries that failed to parse: they exist, so references to them are
    /// not reported again.
    pub unparsed_ids: BTreeSet<String>,
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
        diags.push(Diagnostic::error(
            dir,
            format!("cannot read schema directory: {e}"),
        ));
        return None;
    }
    files.sort();
    let mut raw = RawSchema::default();
    let mut seen_ontology = false;
    let mut seen_lexicon = false;
    for path in files {
        let top = path.parent() == Some(dir);
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let is_ontology = top && name == ONTOLOGY_FILE;
        let is_lexicon = top && name == LEXICON_FILE;
        seen_ontology |= is_ontology;
        seen_lexicon |= is_lexicon;
        let src = match fs::read(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(s) => s,
                Err(e) => {
                    let at = e.utf8_error().valid_up_to();
                    let valid = String::from_utf8_lossy(&e.as_bytes()[..at]).into_owned();
                    let (line, col) = LineIndex::new(&valid).line_col(&valid, at);
                    diags.push(Diagnostic::error_at(&path, line, col, "not valid UTF-8"));
                    if !is_ontology && !is_lexicon {
                        raw.unparsed_ids
                            .extend(ids_in(&String::from_utf8_lossy(e.as_bytes())));
                    }
                    continue;
                }
            },
            Err(e) => {
                diags.push(Diagnostic::error(&path, format!("cannot read: {e}")));
                continue;
            }
        };
        if is_ontology {
            raw.ontology = parse(&path, src, diags);
        } else if is_lexicon {
            raw.lexicon = parse(&path, src, diags);
        } else {
            raw.entities
                .push(parse_entities(&path, src, &mut raw.unparsed_ids, diags));
        }
    }
    if !seen_ontology {
        diags.push(Diagnostic::error(
            &dir.join(ONTOLOGY_FILE),
            "missing ontology file",
        ));
    }
    if !seen_lexicon {
        diags.push(Diagnostic::error(
            &dir.join(LEXICON_FILE),
            "missing lexicon file",
        ));
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

/// ron's message with a lowercase first letter, like every other diagnostic.
fn message(e: &ron::error::SpannedError) -> String {
    let m = e.code.to_string();
    let mut chars = m.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => m,
    }
}

fn parse<T: DeserializeOwned>(
    path: &Path,
    src: String,
    diags: &mut Vec<Diagnostic>,
) -> Option<Parsed<T>> {
    match options().from_str::<T>(&src) {
        Ok(value) => Some(Parsed {
            path: path.to_path_buf(),
            src,
            value,
        }),
        Err(e) => {
            diags.push(ron_error(path, &src, &LineIndex::new(&src), 0, &e, ""));
            None
        }
    }
}

/// A ron error in `src[start..]` as a diagnostic of the whole file. ron may place an error
/// before the whitespace and comments that precede the offending token; the position is moved
/// onto the token.
fn ron_error(
    path: &Path,
    src: &str,
    lines: &LineIndex,
    start: usize,
    e: &ron::error::SpannedError,
    hint: &str,
) -> Diagnostic {
    let text = src.get(start..).unwrap_or("");
    let at = start + offset_of(text, e.span.start.line, e.span.start.col);
    let at = skip_trivia(src.as_bytes(), at).unwrap_or(at).min(src.len());
    let (line, col) = lines.line_col(src, at);
    Diagnostic::error_at(path, line, col, format!("{}{hint}", message(e)))
}

/// Parses a list of entities, entry by entry when the whole list does not parse.
pub(crate) fn parse_entities(
    path: &Path,
    src: String,
    unparsed: &mut BTreeSet<String>,
    diags: &mut Vec<Diagnostic>,
) -> EntityFile {
    if skip_trivia(src.as_bytes(), 0).is_some_and(|i| i >= src.len()) {
        diags.push(Diagnostic::warning(
            path,
            "empty entity file, read as an empty list",
        ));
        return EntityFile {
            path: path.to_path_buf(),
            src,
            entries: Vec::new(),
        };
    }
    let items = split_list(&src);
    let mut entries = Vec::new();
    match (options().from_str::<Vec<EntityDef>>(&src), items) {
        (Ok(defs), Some(items)) if items.len() == defs.len() => {
            entries = items.iter().map(|&(s, _)| s).zip(defs).collect();
        }
        (Ok(defs), _) => {
            // The list parsed but could not be split (an unusual layout): locate entries by
            // their `id:` keys instead.
            let starts = super::check::field_offsets(&src, "id");
            entries = defs
                .into_iter()
                .enumerate()
                .map(|(n, d)| (starts.get(n).copied().unwrap_or(0), d))
                .collect();
        }
        (Err(whole), Some(items)) => {
            let lines = LineIndex::new(&src);
            let before = diags.len();
            for (start, end) in items {
                let text = &src[start..end];
                match options().from_str::<EntityDef>(text) {
                    Ok(def) => entries.push((start, def)),
                    Err(e) => {
                        diags.push(ron_error(path, &src, &lines, start, &e, ""));
                        unparsed.extend(ids_in(text));
                    }
                }
            }
            if diags.len() == before {
                diags.push(ron_error(path, &src, &lines, 0, &whole, ""));
            }
        }
        (Err(whole), None) => {
            let hint = if matches!(whole.code, ron::Error::ExpectedArray) {
                " (an entity file is a list of entries: `[(id: ..., ...), ...]`)"
            } else {
                ""
            };
            diags.push(ron_error(
                path,
                &src,
                &LineIndex::new(&src),
                0,
                &whole,
                hint,
            ));
            unparsed.extend(ids_in(&src));
        }
    }
    EntityFile {
        path: path.to_path_buf(),
        src,
        entries,
    }
}

/// Parses one file from a string (for the checker's tests).
#[cfg(test)]
pub(crate) fn parse_for_tests<T: DeserializeOwned>(path: &Path, src: &str) -> Option<Parsed<T>> {
    parse(path, src.to_string(), &mut Vec::new())
}

/// Byte offset in `text` of a 1-based ron position (its column counts characters).
fn offset_of(text: &str, line: usize, col: usize) -> usize {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset
                + l.char_indices()
                    .nth(col.saturating_sub(1))
                    .map_or(l.len(), |(i, _)| i);
        }
        offset += l.len();
    }
    text.len()
}

/// The string values of `id:` keys in `text`, for entries that failed to parse.
fn ids_in(text: &str) -> Vec<String> {
    super::check::field_offsets(text, "id")
        .into_iter()
        .filter_map(|o| {
            let rest = text[o + 2..].trim_start().strip_prefix(':')?.trim_start();
            let rest = rest.strip_prefix('"')?;
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect()
}

/// Splits a RON list `[a, b, ...]` into the byte ranges of its entries, skipping comments and
/// respecting strings and brackets. `None` when the text is not shaped like a list.
pub(crate) fn split_list(src: &str) -> Option<Vec<(usize, usize)>> {
    let b = src.as_bytes();
    let mut i = skip_trivia(b, 0)?;
    if b.get(i) != Some(&b'[') {
        return None;
    }
    i += 1;
    let mut items = Vec::new();
    loop {
        i = skip_trivia(b, i)?;
        match b.get(i)? {
            b']' => {
                let end = skip_trivia(b, i + 1)?;
                return (end == b.len()).then_some(items);
            }
            b',' => return None,
            _ => {}
        }
        let start = i;
        let mut depth = 0usize;
        let mut last = i; // one past the last non-trivia byte of the entry
        loop {
            let c = *b.get(i)?;
            match c {
                b'"' => {
                    i = skip_string(b, i)?;
                    last = i;
                    continue;
                }
                b'/' if matches!(b.get(i + 1), Some(b'/') | Some(b'*')) => {
                    i = skip_trivia(b, i)?;
                    continue;
                }
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth > 0 => depth -= 1,
                b']' | b',' if depth == 0 => break,
                b')' | b'}' => return None,
                _ => {}
            }
            i += 1;
            if !c.is_ascii_whitespace() {
                last = i;
            }
        }
        items.push((start, last));
        if b[i] == b',' {
            i += 1;
        }
    }
}

/// Skips whitespace and comments from `i`; `None` inside an unterminated block comment.
fn skip_trivia(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        while b.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if b.get(i) == Some(&b'/') && b.get(i + 1) == Some(&b'/') {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if b.get(i) == Some(&b'/') && b.get(i + 1) == Some(&b'*') {
            let close = b.get(i + 2..)?.windows(2).position(|w| w == b"*/")?;
            i += 2 + close + 2;
        } else {
            return Some(i);
        }
    }
}

/// Index one past the closing quote of the string starting at `i`.
fn skip_string(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match *b.get(i)? {
            b'\\' => i += 2,
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(src: &str, expected: Option<Vec<&str>>) {
        let got =
            split_list(src).map(|v| v.into_iter().map(|(s, e)| &src[s..e]).collect::<Vec<_>>());
        assert_eq!(got, expected, "{src:?}");
    }

    #[test]
    fn an_empty_entity_file_is_an_empty_list_with_a_warning() {
        for src in ["", "  \n", "// nothing yet\n", "/* none */ \n// none\n"] {
            let mut diags = Vec::new();
            let mut unparsed = BTreeSet::new();
            let f = parse_entities(Path::new("new.ron"), src.into(), &mut unparsed, &mut diags);
            assert!(f.entries.is_empty(), "{src:?}");
            assert_eq!(diags.len(), 1, "{src:?}");
            assert!(!diags[0].is_error(), "{src:?}");
            assert!(diags[0].to_string().contains("new.ron"), "{src:?}");
        }
        // An unclosed comment is not empty: it stays an error.
        let mut diags = Vec::new();
        parse_entities(
            Path::new("x.ron"),
            "/* open".into(),
            &mut BTreeSet::new(),
            &mut diags,
        );
        assert!(diags.iter().any(Diagnostic::is_error));
    }

    #[test]
    fn splits_lists() {
        check("[]", Some(vec![]));
        check(" // c\n[ ] // end\n", Some(vec![]));
        check("[(a: 1), (b: [2, 3])]", Some(vec!["(a: 1)", "(b: [2, 3])"]));
        check(
            "[(a: \"x, ] )\"), // (\n (b: 2),\n]",
            Some(vec!["(a: \"x, ] )\")", "(b: 2)"]),
        );
        check(
            "[(a: 1) /* , */ (b: 2)]",
            Some(vec!["(a: 1) /* , */ (b: 2)"]),
        );
        check("[(a: 1)", None);
        check("[(a: 1))]", None);
        check("(a: 1)", None);
        check("[(a: 1)] x", None);
        check("[, (a: 1)]", None);
        check("[(a: \"open)]", None);
    }

    #[test]
    fn offsets_of_ron_positions() {
        assert_eq!(offset_of("ab\ncé d", 2, 4), 7);
        assert_eq!(offset_of("ab", 1, 1), 0);
        assert_eq!(offset_of("ab", 5, 1), 2);
    }

    proptest::proptest! {
        /// Splitting never panics, and the entries it finds lie inside the text, in order.
        #[test]
        fn split_never_panics(src in "[\\[\\](){},\"/*a-z \n]{0,40}") {
            if let Some(items) = split_list(&src) {
                let mut last = 0;
                for (s, e) in items {
                    proptest::prop_assert!(last <= s && s < e && e <= src.len());
                    last = e;
                }
            }
        }
    }

    #[test]
    fn ids_of_broken_entries() {
        assert_eq!(
            ids_in("(id: \"a\", kind: x, idx: \"b\", // id: \"c\"\n id :\"d\")"),
            vec!["a", "d"]
        );
    }
}
