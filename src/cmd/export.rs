//! `kg export` (in progress).

use anyhow::{bail, Result};

use crate::cli::ExportArgs;
use crate::cmd::Context;
use crate::Outcome;

/// Runs `kg export`.
pub fn run(_ctx: &Context, _args: ExportArgs) -> Result<Outcome> {
    bail!("kg export is not implemented yet")
}
