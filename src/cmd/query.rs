//! `kg query` (in progress).

use anyhow::{bail, Result};

use crate::cli::QueryArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg query`.
pub fn run(_ctx: &Context, _args: QueryArgs) -> Result<Outcome> {
    bail!("kg query is not implemented yet")
}
