//! Fuzz target `export_escape`: a small graph whose names, aliases, statement texts,
//! document ids, titles, outlets, urls and role titles are the input's NUL-separated
//! strings, through every exporter, each output parsed back as its consumer would (see
//! `newsgraph_fuzz::check_export`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsgraph_fuzz::check_export(&newsgraph_fuzz::export_input_of_bytes(data));
});
