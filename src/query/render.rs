//! Output of query results: aligned text tables for people (long texts shortened), JSON
//! (every field, full texts) and CSV (one table, full texts) for scripts.
//!
//! Results say what their tables look like through [`Render`]; writing the output
//! (stdout or a file) is left to the caller.

use std::fmt::Write as _;

use serde::Serialize;

use super::QueryError;

/// An output format of `kg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns, long texts shortened.
    Table,
    /// Pretty-printed JSON of the typed result.
    Json,
    /// Comma-separated values with a header row (RFC 4180 quoting).
    Csv,
}

impl Format {
    /// Parses `table`, `json` or `csv` (any case).
    pub fn parse(s: &str) -> Result<Format, QueryError> {
        match s.trim().to_ascii_lowercase().as_str() {
            "table" | "text" => Ok(Format::Table),
            "json" => Ok(Format::Json),
            "csv" => Ok(Format::Csv),
            _ => Err(QueryError::BadValue {
                what: "format",
                given: s.to_string(),
                expected: "one of table, json, csv".into(),
            }),
        }
    }
}

/// Most characters of a long cell (a quote) in a text table.
pub const LONG_CELL: usize = 60;

/// A table: a title, column names and rows of cells.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    /// Shown above the table in text output.
    pub title: Option<String>,
    /// Column names.
    pub headers: Vec<String>,
    /// Rows, each as long as `headers`.
    pub rows: Vec<Vec<String>>,
    /// Columns whose cells are shortened in text tables.
    long: Vec<bool>,
}

impl Table {
    /// An empty table with these columns.
    pub fn new(headers: &[&str]) -> Self {
        Table {
            title: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: vec![],
            long: vec![false; headers.len()],
        }
    }

    /// The same, with a title.
    pub fn titled(title: &str, headers: &[&str]) -> Self {
        let mut t = Table::new(headers);
        t.title = Some(title.to_string());
        t
    }

    /// Marks a column as holding long texts, shortened in text tables.
    pub fn long_column(&mut self, name: &str) {
        if let Some(i) = self.headers.iter().position(|h| h == name) {
            self.long[i] = true;
        }
    }

    /// Adds a row (padded or cut to the number of columns).
    pub fn row(&mut self, mut cells: Vec<String>) {
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
    }

    /// The table as aligned text.
    pub fn to_text(&self) -> String {
        let cells: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().enumerate().map(|(i, c)| self.cell(i, c)).collect())
            .collect();
        let mut width: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for r in &cells {
            for (w, c) in width.iter_mut().zip(r) {
                *w = (*w).max(c.chars().count());
            }
        }
        let mut out = String::new();
        if let Some(t) = &self.title {
            let _ = writeln!(out, "{t}");
        }
        line(&mut out, &self.headers, &width);
        let rule: Vec<String> = width.iter().map(|w| "-".repeat(*w)).collect();
        line(&mut out, &rule, &width);
        for r in &cells {
            line(&mut out, r, &width);
        }
        if self.rows.is_empty() {
            out.push_str("(none)\n");
        }
        out
    }

    /// A cell for text output: one line, long texts shortened.
    fn cell(&self, col: usize, c: &str) -> String {
        let one: String = c.split_whitespace().collect::<Vec<_>>().join(" ");
        if self.long.get(col).copied().unwrap_or(false) {
            shorten(&one, LONG_CELL)
        } else {
            one
        }
    }

    /// The table as CSV, cells in full.
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        csv_line(&mut out, &self.headers);
        for r in &self.rows {
            csv_line(&mut out, r);
        }
        out
    }
}

fn line(out: &mut String, cells: &[String], width: &[usize]) {
    let mut s = String::new();
    for (i, (c, w)) in cells.iter().zip(width).enumerate() {
        if i > 0 {
            s.push_str("  ");
        }
        let _ = write!(s, "{c:<w$}");
    }
    out.push_str(s.trim_end());
    out.push('\n');
}

fn csv_line(out: &mut String, cells: &[String]) {
    let v: Vec<String> = cells.iter().map(|c| csv_cell(c)).collect();
    out.push_str(&v.join(","));
    out.push('\n');
}

/// A CSV cell, quoted when it holds a comma, a quote, a line break or edge spaces.
pub fn csv_cell(c: &str) -> String {
    if c.contains([',', '"', '\n', '\r']) || c.starts_with(' ') || c.ends_with(' ') {
        format!("\"{}\"", c.replace('"', "\"\""))
    } else {
        c.to_string()
    }
}

/// `s` cut to at most `max` characters, ending with `...` when cut (at a word boundary when
/// one is near).
pub fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let keep = max.saturating_sub(3);
    let cut: String = s.chars().take(keep).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i >= keep / 2 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}...", cut.trim_end())
}

/// A query result that can be shown as tables.
pub trait Render: Serialize {
    /// The result as one or more text tables.
    fn tables(&self) -> Vec<Table>;

    /// The result as one CSV table (the first table unless the result says otherwise).
    fn csv_table(&self) -> Table {
        self.tables().into_iter().next().unwrap_or_default()
    }
}

/// Renders a result in a format; the text ends with a newline.
///
/// ```
/// use newsgraph::graph::{fixture, KnowledgeGraph};
/// use newsgraph::query::{render, Format, Query, TopBy};
///
/// let kg = KnowledgeGraph::build(&fixture::schema(), fixture::facts());
/// let top = Query::new(&kg).top(TopBy::Statements, 1);
/// let table = render(&top, Format::Table)?;
/// assert!(table.starts_with("rank  id "));
/// let csv = render(&top, Format::Csv)?;
/// assert_eq!(csv.lines().count(), 2);
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn render<R: Render + ?Sized>(r: &R, format: Format) -> Result<String, serde_json::Error> {
    Ok(match format {
        Format::Table => r
            .tables()
            .iter()
            .map(Table::to_text)
            .collect::<Vec<_>>()
            .join("\n"),
        Format::Json => serde_json::to_string_pretty(r)? + "\n",
        Format::Csv => r.csv_table().to_csv(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(input: &str, max: usize, expected: &str) {
        assert_eq!(shorten(input, max), expected, "{input}");
        assert!(shorten(input, max).chars().count() <= max.max(3));
    }

    #[test]
    fn shortening() {
        check("short", 10, "short");
        check("exactly ten", 11, "exactly ten");
        check("the quick brown fox jumps over", 15, "the quick...");
        check("abcdefghijklmnopqrstuvwxyz", 10, "abcdefg...");
        check("ééééééééééé", 5, "éé...");
    }

    #[test]
    fn csv_quoting() {
        for (input, expected) in [
            ("plain", "plain"),
            ("a,b", "\"a,b\""),
            ("say \"no\"", "\"say \"\"no\"\"\""),
            ("two\nlines", "\"two\nlines\""),
            (" pad", "\" pad\""),
            ("", ""),
        ] {
            assert_eq!(csv_cell(input), expected);
        }
    }

    #[test]
    fn formats_parse() {
        assert_eq!(Format::parse("JSON").ok(), Some(Format::Json));
        assert_eq!(Format::parse("csv").ok(), Some(Format::Csv));
        assert_eq!(Format::parse("table").ok(), Some(Format::Table));
        assert!(Format::parse("xml").is_err());
    }

    #[test]
    fn text_tables_align_and_shorten() {
        let mut t = Table::titled("Things", &["id", "text"]);
        t.long_column("text");
        t.row(vec!["a".into(), "x ".repeat(50)]);
        t.row(vec!["bbb".into(), "line\nbreak".into()]);
        insta::assert_snapshot!(t.to_text());
        assert_eq!(Table::new(&["a"]).to_text(), "a\n-\n(none)\n");
    }

    proptest::proptest! {
        #[test]
        fn shorten_never_exceeds(s in ".{0,200}", max in 3usize..80) {
            proptest::prop_assert!(shorten(&s, max).chars().count() <= max);
        }
    }
}
