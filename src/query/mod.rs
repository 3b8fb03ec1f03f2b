//! query (in progress).
