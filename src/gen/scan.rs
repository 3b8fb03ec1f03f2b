//! The "speed of light" of extraction: one aho-corasick automaton over every name, alias,
//! metonym and demonym of a schema, counting matches in a text and nothing else.
//!
//! Benchmarks compare the real extractor against this; resolving what a match means is
//! `extract`'s job.

use aho_corasick::{AhoCorasick, MatchKind};

use crate::schema::Schema;

/// An automaton over all the names of a schema.
#[derive(Debug, Clone)]
pub struct Scanner {
    ac: AhoCorasick,
    patterns: usize,
}

impl Scanner {
    /// Builds the automaton (leftmost-longest, as a name matcher needs).
    pub fn new(schema: &Schema) -> Result<Scanner, aho_corasick::BuildError> {
        let mut names: Vec<&str> = schema
            .entities
            .iter()
            .flat_map(|e| {
                e.names()
                    .chain(e.metonyms.iter().map(String::as_str))
                    .chain(e.demonyms.iter().map(String::as_str))
            })
            .filter(|n| !n.is_empty())
            .collect();
        names.sort_unstable();
        names.dedup();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&names)?;
        Ok(Scanner {
            ac,
            patterns: names.len(),
        })
    }

    /// Number of distinct patterns.
    pub fn patterns(&self) -> usize {
        self.patterns
    }

    /// Number of non-overlapping matches in `text`.
    pub fn count(&self, text: &str) -> usize {
        self.ac.find_iter(text).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::{Entity, EntityId};

    fn person(id: &str, name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: EntityId::new(id).expect("slug"),
            kind: "person".into(),
            name: name.into(),
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            ambiguous: Vec::new(),
            gender: None,
            roles: Vec::new(),
            part_of: Vec::new(),
            metonyms: Vec::new(),
            demonyms: Vec::new(),
            wikidata: None,
            provisional: false,
        }
    }

    #[test]
    fn counts_longest_names() {
        let schema = Schema::from_parts(
            Default::default(),
            Default::default(),
            vec![
                person("anna_tor", "Anna Tor", &["Tor"]),
                person("bo_lind", "Bo Lind", &["Lind"]),
            ],
        );
        let s = Scanner::new(&schema).expect("build");
        assert_eq!(s.patterns(), 4);
        let check = |text: &str, n: usize| assert_eq!(s.count(text), n, "{text}");
        check("Anna Tor met Bo Lind; Tor said so.", 3);
        check("nothing here", 0);
        check("", 0);
    }
}
