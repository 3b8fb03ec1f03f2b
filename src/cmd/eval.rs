//! `kg eval` (in progress).

use anyhow::{bail, Result};

use crate::cli::EvalArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg eval`.
pub fn run(_ctx: &Context, _args: EvalArgs) -> Result<Outcome> {
    bail!("kg eval is not implemented yet")
}
