//! `kg suggest` (in progress).

use anyhow::{bail, Result};

use crate::cli::SuggestArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg suggest`.
pub fn run(_ctx: &Context, _args: SuggestArgs) -> Result<Outcome> {
    bail!("kg suggest is not implemented yet")
}
