//! Fuzz target `graph_load`: any bytes as a `graph.json`; a clear error or a graph that
//! exports, answers queries and saves back (see `newsgraph_fuzz::check_graph`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    newsgraph_fuzz::check_graph(data);
});
