//! Fuzz target `corpus_reader`: any bytes as a `.txt` article, a JSON Lines file and a
//! `metadata.json`, read through `Corpus` (see `newsgraph_fuzz::check_corpus`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsgraph_fuzz::check_corpus(data);
});
