//! The RON file formats of `schemas/`: what a person writes, deserialized as it stands.
//!
//! Validation (unknown references, bad dates, colliding aliases) is `check`'s job; compiling
//! these into lookups is `Schema`'s. Every struct denies unknown fields so a typo is an error.

use serde::{Deserialize, Serialize};

/// `schemas/ontology.ron`: the vocabularies every other file refers to.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OntologyFile {
    /// Entity kinds, e.g. `person`, `country`, `organization`, `body`, `place`.
    pub entity_kinds: Vec<KindDef>,
    /// Relation kinds of the graph, e.g. `said`, `about`, `part_of`.
    pub relation_kinds: Vec<KindDef>,
    /// Statement acts, e.g. `assert`, `warn`, `deny`.
    pub acts: Vec<KindDef>,
    /// Event types, e.g. `talks`, `meeting`, `briefing`.
    pub event_types: Vec<KindDef>,
}

/// One named kind with a line of description.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindDef {
    /// The identifier used by other files.
    pub id: String,
    /// What it means, for people.
    #[serde(default)]
    pub description: String,
    /// For event types: the family used when merging events told by several articles
    /// (e.g. `session` and `meeting` are both `meeting`). Defaults to the id itself.
    #[serde(default)]
    pub family: Option<String>,
}

/// A person's grammatical gender, used to resolve pronouns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Gender {
    /// he / him / his
    Male,
    /// she / her
    Female,
}

/// One entity as written in `schemas/entities/*.ron` (each file is a list of these).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityDef {
    /// Stable slug id, e.g. `antony_blinken`: lowercase ASCII letters, digits and `_`.
    pub id: String,
    /// An entity kind of the ontology.
    pub kind: String,
    /// Usual English name, also matched in text.
    pub name: String,
    /// Other names matched in text (spelling variants, short forms, acronyms).
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Aliases that other entities may share on purpose (e.g. a bare surname); the extractor
    /// resolves them by context instead of reporting a collision.
    #[serde(default)]
    pub ambiguous: Vec<String>,
    /// Gender of a person, for pronouns.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Offices held, with dates.
    #[serde(default)]
    pub roles: Vec<RoleDef>,
    /// Entities this one is part of (the State Department is part of the United States).
    #[serde(default)]
    pub part_of: Vec<String>,
    /// Words that name this entity by metonymy: "Washington" for the US government,
    /// "the alliance" for NATO. They may equal another entity's name (the city).
    #[serde(default)]
    pub metonyms: Vec<String>,
    /// Adjectives and demonyms that denote this entity: "Russian", "American".
    #[serde(default)]
    pub demonyms: Vec<String>,
    /// Optional Wikidata id, e.g. `Q7747`.
    #[serde(default)]
    pub wikidata: Option<String>,
}

/// An office held by a person between two dates.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoleDef {
    /// The title as written in news, e.g. "Secretary of State", "press secretary".
    pub title: String,
    /// The state or body the office belongs to, an entity id.
    #[serde(default)]
    pub of: Option<String>,
    /// First day in office, `YYYY-MM-DD`.
    #[serde(default)]
    pub from: Option<String>,
    /// Last day in office, `YYYY-MM-DD`; absent while in office.
    #[serde(default)]
    pub until: Option<String>,
}

/// `schemas/lexicon.ron`: the words of news writing the extractor relies on.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LexiconFile {
    /// Reporting verbs and phrases ("said", "warned", "made clear", "according to").
    pub speech_cues: Vec<SpeechCueDef>,
    /// Nouns that name events ("talks", "meeting", "briefing").
    pub event_nouns: Vec<EventNounDef>,
    /// Official titles and descriptions of people ("spokesperson", "deputy minister").
    pub titles: Vec<TitleDef>,
    /// Personal and possessive pronouns with gender and number.
    pub pronouns: Vec<PronounDef>,
    /// Words that, in the description of an unnamed official, stand for a state or body
    /// ("administration" in "a senior administration official" is the US executive).
    #[serde(default)]
    pub unnamed_bodies: Vec<UnnamedBodyDef>,
}

/// A word that names a state or body inside the description of an unnamed official.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UnnamedBodyDef {
    /// Surface forms, e.g. `["administration"]`.
    pub forms: Vec<String>,
    /// The entity id they stand for.
    pub of: String,
}

/// How a speech cue stands relative to its speaker and content.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
#[serde(rename_all = "snake_case")]
pub enum CueForm {
    /// A verb: "X said (that) ...", "..., X said", "..., said X".
    #[default]
    Verb,
    /// A preposition before the speaker: "according to X, ...".
    Preposition,
    /// A passive frame whose agent is a relay: "X was quoted as saying by Y".
    Passive,
}

/// Reporting verbs or phrases of one act: lemmas whose inflections are generated, and
/// surface forms written out.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpeechCueDef {
    /// Lemmas, each a verb or a phrase that opens with its verb, e.g. `["stress", "sum up",
    /// "raise the alarm"]`: every inflection is a cue (`inflect::surface_forms`).
    #[serde(default)]
    pub lemmas: Vec<String>,
    /// Surface forms as written, e.g. `["according to"]`, or forms the rules do not give.
    #[serde(default)]
    pub forms: Vec<String>,
    /// Generated forms left out because they are seldom reporting verbs in news ("states",
    /// "state" of the lemma "state").
    #[serde(default)]
    pub except: Vec<String>,
    /// The statement act of the ontology this cue expresses.
    pub act: String,
    /// Position relative to the speaker.
    #[serde(default)]
    pub form: CueForm,
    /// The verb may take its content as a noun-phrase object rather than a clause
    /// ("praised the talks as frank", "accused NATO of expansion", "thanked Washington
    /// for its support").
    #[serde(default)]
    pub object: bool,
}

impl SpeechCueDef {
    /// Every surface form of the entry: the forms written out, then those generated from
    /// the lemmas less `except`, in order and without duplicates.
    pub fn surface_forms(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let generated = self
            .lemmas
            .iter()
            .flat_map(|l| super::inflect::surface_forms(l))
            .filter(|f| !self.except.contains(f));
        for f in self.forms.iter().cloned().chain(generated) {
            if !out.contains(&f) {
                out.push(f);
            }
        }
        out
    }
}

/// Nouns naming one event type.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EventNounDef {
    /// Surface forms, e.g. `["talks", "negotiations", "consultations"]`.
    pub forms: Vec<String>,
    /// The event type of the ontology.
    pub event: String,
}

/// A title or description that names a person by office.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleDef {
    /// Surface forms, e.g. `["spokesperson", "spokesman", "spokeswoman"]`.
    pub forms: Vec<String>,
    /// The gender a form implies, when it does ("spokeswoman").
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Titles of the same group name the same office: "the spokesman" may refer back to
    /// someone introduced as "press secretary". Defaults to the first form.
    #[serde(default)]
    pub group: Option<String>,
    /// A generic description ("the official", "the diplomat") that may refer back to any
    /// earlier speaker who holds an office.
    #[serde(default)]
    pub generic: bool,
}

/// Grammatical number of a pronoun.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Number {
    /// he, she, it
    Singular,
    /// they, we
    Plural,
}

/// One pronoun.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PronounDef {
    /// Surface forms, e.g. `["he", "him", "his"]`.
    pub forms: Vec<String>,
    /// Gender, when the pronoun has one.
    #[serde(default)]
    pub gender: Option<Gender>,
    /// Singular or plural.
    #[serde(default)]
    pub number: Option<Number>,
}
