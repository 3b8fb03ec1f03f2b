//! newsgraph: builds a knowledge graph of who said what about whom, and who met whom, when
//! and where, from a folder of news articles and hand-written RON schemas of the actors.
//!
//! The stages follow the data: [`schema`] -> [`corpus`] -> [`extract`] -> [`graph`] ->
//! [`export`] / [`query`]; [`eval`] scores extraction against gold annotations and [`diag`]
//! carries positions and warnings across all of them.

pub mod corpus;
pub mod diag;
pub mod eval;
pub mod export;
pub mod extract;
pub mod gen;
pub mod graph;
pub mod query;
pub mod schema;
