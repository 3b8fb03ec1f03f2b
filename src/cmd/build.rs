//! `kg build` (in progress).

use anyhow::{bail, Result};

use crate::cli::BuildArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg build`.
pub fn run(_ctx: &Context, _args: BuildArgs) -> Result<Outcome> {
    bail!("kg build is not implemented yet")
}
