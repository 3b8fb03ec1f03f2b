//! Invented proper names for the generators: syllable words that read like names of people,
//! states and cities, unique within one generator so no two entities claim the same alias.
//!
//! Which entity gets which name is left to `dictionary`.

use std::collections::BTreeSet;

use super::rng::Rng;

const ONSETS: [&str; 20] = [
    "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "dr", "gr", "kr",
    "tr", "sh",
];
const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ai"];
const CODAS: [&str; 6] = ["", "", "", "n", "r", "l"];

/// First names by gender: common international names, so sentences read like news.
pub const MALE_FIRST: [&str; 32] = [
    "Adam", "Boris", "Carlos", "Daniel", "Emil", "Farid", "Georg", "Hassan", "Ivan", "Jonas",
    "Karim", "Lukas", "Marek", "Nikolai", "Oskar", "Pavel", "Rafael", "Samir", "Tomas", "Viktor",
    "Yusuf", "Anton", "Bruno", "Dmitri", "Erik", "Felix", "Hugo", "Igor", "Jan", "Leon", "Milan",
    "Omar",
];
/// First names by gender: common international names, so sentences read like news.
pub const FEMALE_FIRST: [&str; 32] = [
    "Anna", "Beatriz", "Clara", "Dana", "Elena", "Fatima", "Greta", "Helga", "Irina", "Julia",
    "Katarina", "Lena", "Maria", "Nadia", "Olga", "Petra", "Rosa", "Sofia", "Tamara", "Ursula",
    "Vera", "Yasmin", "Alina", "Berta", "Carla", "Diana", "Eva", "Hanna", "Ines", "Lara", "Mira",
    "Nina",
];

/// Makes names no other call of the same `Namer` made, nor any name it was told to avoid.
#[derive(Debug, Clone, Default)]
pub struct Namer {
    taken: BTreeSet<String>,
}

impl Namer {
    /// A namer that avoids the given names (compared case-insensitively).
    pub fn avoiding<'a>(names: impl IntoIterator<Item = &'a str>) -> Namer {
        Namer {
            taken: names.into_iter().map(str::to_lowercase).collect(),
        }
    }

    /// A new capitalized word of `syllables` syllables (more if needed to be unique), ending
    /// with `suffix` ("ia" for a state, "" for a surname).
    pub fn word(&mut self, rng: &mut Rng, syllables: usize, suffix: &str) -> String {
        let mut n = syllables.max(1);
        loop {
            for _ in 0..8 {
                let mut w = String::new();
                for i in 0..n {
                    w.push_str(ONSETS[rng.below(ONSETS.len())]);
                    w.push_str(VOWELS[rng.below(VOWELS.len())]);
                    if i + 1 < n || suffix.is_empty() {
                        w.push_str(CODAS[rng.below(CODAS.len())]);
                    }
                }
                w.push_str(suffix);
                if self.taken.insert(w.clone()) {
                    return capitalize(&w);
                }
            }
            // Eight collisions in a row: the space of this length is crowded, go longer.
            n += 1;
        }
    }
}

/// `word` with its first letter in upper case.
pub fn capitalize(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_unique_and_avoid_given_names() {
        let mut namer = Namer::avoiding(["Ba"]);
        let mut rng = Rng::new(3);
        let words: Vec<String> = (0..5000).map(|_| namer.word(&mut rng, 1, "")).collect();
        let set: BTreeSet<&String> = words.iter().collect();
        assert_eq!(set.len(), words.len());
        assert!(!words.iter().any(|w| w == "Ba"));
        assert!(words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase)));
    }

    #[test]
    fn suffix_is_kept() {
        let mut rng = Rng::new(4);
        let w = Namer::default().word(&mut rng, 2, "ia");
        assert!(w.ends_with("ia"), "{w}");
    }
}
