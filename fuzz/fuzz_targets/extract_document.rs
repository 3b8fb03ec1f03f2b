//! Fuzz target `extract_document`: any bytes as the text of one document, through the
//! extraction with the repository's schemas (gazetteer built once). Never a panic, spans
//! inside the text, the work budget never used up (see `newsgraph_fuzz::check_extract`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsgraph_fuzz::check_extract(data);
});
