//! Fuzz target `schema_load`: the first byte picks the schema (the small one of the tests or
//! the repository's) and the file in it (ontology, lexicon or an
//! entity file), the rest is its text, checked and loaded as `kg check` does (see
//! `newsgraph_fuzz::check_schema`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsgraph_fuzz::{SchemaBase, SchemaFile};

fuzz_target!(|data: &[u8]| {
    if let Some((&first, rest)) = data.split_first() {
        newsgraph_fuzz::check_schema(SchemaBase::of_byte(first), SchemaFile::of_byte(first), rest);
    }
});
