//! Fuzz target `facts_merge`: bytes as the facts JSON Lines `kg merge` reads, built into one
//! graph with the repository's schemas (see `newsgraph_fuzz::check_merge`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsgraph_fuzz::check_merge(data);
});
