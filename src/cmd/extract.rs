//! `kg extract` (in progress).

use anyhow::{bail, Result};

use crate::cli::ExtractArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg extract`.
pub fn run(_ctx: &Context, _args: ExtractArgs) -> Result<Outcome> {
    bail!("kg extract is not implemented yet")
}
