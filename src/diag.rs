//! Diagnostics shared by every stage: byte spans, line:col positions for people, and the
//! warnings and errors that stages return instead of failing on odd input.
//!
//! Positions are kept as byte offsets everywhere; line and column (1-based, column counted in
//! characters) are computed only when a message is shown to a person.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    /// First byte of the range.
    pub start: usize,
    /// One past the last byte of the range.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`; the two are swapped if given in the wrong order.
    pub fn new(start: usize, end: usize) -> Self {
        if start <= end {
            Span { start, end }
        } else {
            Span {
                start: end,
                end: start,
            }
        }
    }

    /// Number of bytes covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// True when `other` lies entirely within `self`.
    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The slice of `text` this span covers, or `""` when it does not fit `text` or does not
    /// fall on character boundaries (never panics).
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Maps byte offsets of one text to 1-based line and column numbers.
#[derive(Debug, Clone)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Index the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { line_starts }
    }

    /// 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// 1-based (line, column) of a byte offset; the column counts characters.
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let line = self.line(offset);
        let start = self.line_starts[line - 1];
        let end = offset.min(text.len());
        let col = text
            .get(start..end)
            .map(|s| s.chars().count())
            .unwrap_or(end.saturating_sub(start));
        (line, col + 1)
    }
}

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input was used, with something skipped or guessed.
    Warning,
}

/// A message about one place in one input file, shown as `path:line:col: message`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file (or document id) concerned.
    pub path: PathBuf,
    /// 1-based line and column, when the problem has a place in the file.
    pub position: Option<(usize, usize)>,
    /// What is wrong, without a trailing period.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path:line:col`.
    pub fn error_at(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            position: Some((line, col)),
            message: message.into(),
        }
    }

    /// An error about a whole file.
    pub fn error(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.to_path_buf(),
            position: None,
            message: message.into(),
        }
    }

    /// A warning about a whole file or document.
    pub fn warning(path: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.to_path_buf(),
            position: None,
            message: message.into(),
        }
    }

    /// A warning at `path:line:col`.
    pub fn warning_at(path: &Path, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            path: path.to_path_buf(),
            position: Some((line, col)),
            message: message.into(),
        }
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some((line, col)) = self.position {
            write!(f, ":{line}:{col}")?;
        }
        if self.severity == Severity::Warning {
            write!(f, ": warning")?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\nçé x\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 3), (2, 1));
        // "çé " is 5 bytes; 'x' is the 4th character of line 2.
        assert_eq!(idx.line_col(text, 8), (2, 4));
    }

    #[test]
    fn span_slice_never_panics() {
        let text = "é";
        assert_eq!(Span::new(0, 1).slice(text), "");
        assert_eq!(Span::new(0, 9).slice(text), "");
        assert_eq!(Span::new(0, 2).slice(text), "é");
    }

    #[test]
    fn display_is_path_line_col() {
        let d = Diagnostic::error_at(Path::new("schemas/x.ron"), 3, 7, "duplicate id `a`");
        assert_eq!(d.to_string(), "schemas/x.ron:3:7: duplicate id `a`");
        let w = Diagnostic::warning(Path::new("c/a.txt"), "empty file");
        assert_eq!(w.to_string(), "c/a.txt: warning: empty file");
    }
}
