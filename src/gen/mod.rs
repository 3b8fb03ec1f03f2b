//! Generators for benchmarks and scale tests: a seeded PRNG, invented names, a synthetic
//! dictionary written as a schema directory, a news-like corpus written from any schema,
//! hostile documents (no sentence stops, quotation marks only, binary junk...), the
//! raw aho-corasick scan that extraction speed is compared against, and the streaming shape
//! of a build (read ahead on a thread, map in parallel chunks, results in document order).
//!
//! Everything here is deterministic for a given seed. Measuring and reporting is left to the
//! `kg-bench` binary; reading the written files back is `schema`'s and `corpus`'s job.

pub mod corpus;
pub mod dictionary;
pub mod hostile;
pub mod names;
pub mod pipeline;
pub mod rng;
pub mod scan;

pub use corpus::{parse_size, write_corpus, Article, CorpusFormat, CorpusGen, CorpusSummary};
pub use dictionary::{write_dictionary, DictionarySpec, DictionarySummary};
pub use pipeline::{par_map_ordered, with_prefetch, DEFAULT_CHUNK};
pub use rng::Rng;
pub use scan::Scanner;
