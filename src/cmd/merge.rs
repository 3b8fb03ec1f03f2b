//! `kg merge` (in progress).

use anyhow::{bail, Result};

use crate::cli::MergeArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg merge`.
pub fn run(_ctx: &Context, _args: MergeArgs) -> Result<Outcome> {
    bail!("kg merge is not implemented yet")
}
