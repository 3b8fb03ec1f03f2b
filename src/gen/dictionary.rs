//! Synthetic dictionary: a schema directory with N invented persons (names, aliases, gender,
//! dated roles), invented states and capital cities, plus the ontology, lexicon and entities
//! of a real schema directory copied as they are.
//!
//! Person i depends only on the seed and on the persons before it, so the dictionary of 1,000
//! persons is a prefix of the one of 100,000: a corpus written from the small one is fully
//! known to the large ones, which is what a fair dictionary-scaling benchmark needs. Loading
//! and checking the result is `schema`'s job.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use super::names::{Namer, FEMALE_FIRST, MALE_FIRST};
use super::rng::Rng;
use crate::schema::Schema;

/// Offices given to invented persons, as news writes them.
const TITLES: [&str; 10] = [
    "President",
    "Prime Minister",
    "Foreign Minister",
    "Deputy Foreign Minister",
    "Defense Minister",
    "ambassador",
    "spokesperson",
    "envoy",
    "national security adviser",
    "chief negotiator",
];

/// Invented states, the same number whatever the number of persons (so that small
/// dictionaries stay prefixes of large ones).
const STATES: usize = 100;

/// Persons per entity file. Small files keep `kg check` fast: it locates each field by
/// scanning its whole file, which is quadratic in the size of one file.
const PERSONS_PER_FILE: usize = 250;

/// What to generate.
#[derive(Debug, Clone)]
pub struct DictionarySpec {
    /// Number of invented persons.
    pub persons: usize,
    /// Seed of every random choice.
    pub seed: u64,
    /// Schema directory whose ontology, lexicon and entities are copied (the shipped one).
    pub base: PathBuf,
}

/// What was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DictionarySummary {
    /// Invented persons.
    pub persons: usize,
    /// Invented states (each with a capital city).
    pub states: usize,
    /// Entity files written (copied ones included).
    pub files: usize,
}

/// An invented state with its capital.
struct State {
    id: String,
    name: String,
    demonym: String,
    capital_id: String,
    capital: String,
}

/// Writes the synthetic schema directory `out` (created if needed; existing generated files
/// are overwritten).
pub fn write_dictionary(spec: &DictionarySpec, out: &Path) -> io::Result<DictionarySummary> {
    let base = Schema::load(&spec.base).map_err(|e| {
        let lines: Vec<String> = e.diagnostics.iter().map(ToString::to_string).collect();
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("base schema {}: {}", spec.base.display(), lines.join("; ")),
        )
    })?;
    fs::create_dir_all(out.join("entities"))?;
    let mut files = 0;
    // The base directory's files, copied byte for byte (the synthetic entities go beside them).
    for src in ron_files(&spec.base)? {
        let rel = src.strip_prefix(&spec.base).map_err(io::Error::other)?;
        let dst = out.join(rel);
        if let Some(parent) = dst.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::copy(&src, &dst)?;
        if rel.parent().is_some_and(|p| !p.as_os_str().is_empty()) {
            files += 1;
        }
    }
    let taken = base.entities.iter().flat_map(|e| {
        e.names()
            .chain(e.metonyms.iter().map(String::as_str))
            .chain(e.demonyms.iter().map(String::as_str))
    });
    let mut namer = Namer::avoiding(taken.chain(base.entities.iter().map(|e| e.id.as_str())));
    let mut rng = Rng::new(spec.seed);
    let states: Vec<State> = (0..STATES)
        .map(|_| {
            let stem = namer.word(&mut rng, 2, "");
            let name = format!("{stem}ia");
            let capital = namer.word(&mut rng, 2, "");
            State {
                id: format!("gen_{}", name.to_lowercase()),
                demonym: format!("{name}n"),
                capital_id: format!("gen_{}", capital.to_lowercase()),
                name,
                capital,
            }
        })
        .collect();
    let mut states_ron = String::from("// Invented states of the benchmark dictionary.\n[\n");
    let mut places_ron = String::from("// Capitals of the invented states.\n[\n");
    for s in &states {
        let _ = writeln!(
            states_ron,
            "    (id: {}, kind: \"country\", name: {}, metonyms: [{}], demonyms: [{}]),",
            q(&s.id),
            q(&s.name),
            q(&s.capital),
            q(&s.demonym)
        );
        let _ = writeln!(
            places_ron,
            "    (id: {}, kind: \"place\", name: {}, part_of: [{}]),",
            q(&s.capital_id),
            q(&s.capital),
            q(&s.id)
        );
    }
    states_ron.push_str("]\n");
    places_ron.push_str("]\n");
    fs::write(out.join("entities/gen_states.ron"), states_ron)?;
    fs::write(out.join("entities/gen_places.ron"), places_ron)?;
    files += 2;

    let mut chunk = String::new();
    let mut chunk_no = 0;
    for i in 0..spec.persons {
        if i % PERSONS_PER_FILE == 0 {
            chunk = String::from("// Invented persons of the benchmark dictionary.\n[\n");
        }
        person(&mut rng, &mut namer, &states, &mut chunk);
        if (i + 1) % PERSONS_PER_FILE == 0 || i + 1 == spec.persons {
            chunk.push_str("]\n");
            fs::write(
                out.join(format!("entities/gen_people_{chunk_no:04}.ron")),
                &chunk,
            )?;
            chunk_no += 1;
            files += 1;
        }
    }
    Ok(DictionarySummary {
        persons: spec.persons,
        states: states.len(),
        files,
    })
}

/// Appends one invented person to `out` as RON.
fn person(rng: &mut Rng, namer: &mut Namer, states: &[State], out: &mut String) {
    let male = rng.chance(55);
    let first = if male {
        MALE_FIRST[rng.below(MALE_FIRST.len())]
    } else {
        FEMALE_FIRST[rng.below(FEMALE_FIRST.len())]
    };
    let surname = namer.word(rng, 2, "");
    let name = format!("{first} {surname}");
    let id = format!("gen_{}_{}", first.to_lowercase(), surname.to_lowercase());
    let initial = first.chars().next().unwrap_or('X');
    let _ = write!(
        out,
        "    (id: {}, kind: \"person\", name: {}, aliases: [{}, {}], gender: {}",
        q(&id),
        q(&name),
        q(&format!("{initial}. {surname}")),
        q(&surname),
        if male { "male" } else { "female" }
    );
    let roles = rng.below(3);
    if roles > 0 {
        out.push_str(", roles: [");
        for r in 0..roles {
            let Some(state) = rng.pick(states) else { break };
            let title = TITLES[rng.below(TITLES.len())];
            let from_year = 2000 + rng.below(22);
            let _ = write!(
                out,
                "{}(title: {}, of: {}, from: \"{from_year}-{:02}-{:02}\"",
                if r > 0 { ", " } else { "" },
                q(title),
                q(&state.id),
                rng.range(1, 12),
                rng.range(1, 28)
            );
            // The first role is usually still held; earlier ones ended.
            if r > 0 || rng.chance(30) {
                let until_year = (from_year + rng.range(1, 6)).min(2024);
                let _ = write!(
                    out,
                    ", until: \"{until_year}-{:02}-{:02}\"",
                    rng.range(1, 12),
                    rng.range(1, 28)
                );
            }
            out.push(')');
        }
        out.push(']');
    }
    out.push_str("),\n");
}

/// A RON string literal.
fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Every `.ron` file under `dir`, sorted.
fn ron_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d)? {
            let p = entry?.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "ron") {
                out.push(p);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schemas")
    }

    #[test]
    fn generated_schema_loads_and_has_every_person() {
        let dir = tempfile::tempdir().expect("tempdir");
        let spec = DictionarySpec {
            persons: 600,
            seed: 1,
            base: shipped(),
        };
        let sum = write_dictionary(&spec, dir.path()).expect("write");
        assert_eq!(sum.persons, 600);
        let schema = match Schema::load(dir.path()) {
            Ok(s) => s,
            Err(e) => panic!(
                "{:?}",
                e.diagnostics
                    .iter()
                    .take(5)
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
            ),
        };
        let persons = schema
            .entities
            .iter()
            .filter(|e| e.kind == "person" && e.id.as_str().starts_with("gen_"))
            .count();
        assert_eq!(persons, 600);
        assert!(schema
            .entities
            .iter()
            .any(|e| e.kind == "person" && !e.roles.is_empty()));
    }

    #[test]
    fn small_dictionary_is_a_prefix_of_the_large_one() {
        let small = tempfile::tempdir().expect("tempdir");
        let large = tempfile::tempdir().expect("tempdir");
        write_dictionary(
            &DictionarySpec {
                persons: 50,
                seed: 5,
                base: shipped(),
            },
            small.path(),
        )
        .expect("write");
        write_dictionary(
            &DictionarySpec {
                persons: 80,
                seed: 5,
                base: shipped(),
            },
            large.path(),
        )
        .expect("write");
        let s =
            fs::read_to_string(small.path().join("entities/gen_people_0000.ron")).expect("read");
        let l =
            fs::read_to_string(large.path().join("entities/gen_people_0000.ron")).expect("read");
        let body = s.trim_end().trim_end_matches(']');
        assert!(l.starts_with(body), "the first 50 persons differ");
        assert_eq!(
            fs::read_to_string(small.path().join("entities/gen_states.ron")).expect("read"),
            fs::read_to_string(large.path().join("entities/gen_states.ron")).expect("read")
        );
    }
}
