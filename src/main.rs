//! The `kg` binary: parses arguments, runs one subcommand of the library, prints the error
//! chain once as `kg: ...` and maps the outcome to an exit code (0 ok, 1 problems found,
//! 2 error, 130 interrupted by Ctrl-C).

mod cli;
mod cmd;

use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Command};

/// jemalloc holds less memory than the system allocator on a build's millions of small
/// records, and is faster (BENCHMARKS.md, "Allocator").
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// What a finished subcommand reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything fine.
    Ok,
    /// It ran, and found problems (bad schema, scores below the floor, ambiguous name).
    Problems,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let ctx = cmd::Context {
        quiet: cli.quiet,
        verbose: cli.verbose,
        schemas: cli.schemas.clone(),
    };
    let result = match cli.command {
        Command::Check(a) => cmd::check::run(&ctx, a),
        Command::Build(a) => cmd::build::run(&ctx, a),
        Command::Extract(a) => cmd::extract::run(&ctx, a),
        Command::Eval(a) => cmd::eval::run(&ctx, a),
        Command::Export(a) => cmd::export::run(&ctx, a),
        Command::Query(a) => cmd::query::run(&ctx, a),
        Command::Suggest(a) => cmd::suggest::run(&ctx, a),
        Command::Merge(a) => cmd::merge::run(&ctx, a),
    };
    match result {
        Ok(Outcome::Ok) => ExitCode::SUCCESS,
        Ok(Outcome::Problems) => ExitCode::from(1),
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            // Whatever failed after Ctrl-C failed because of it, and wrote nothing.
            if let Some(code) = cmd::interrupt::exit_code() {
                eprintln!("kg: {}", newsgraph::graph::pipeline::Interrupted);
                return ExitCode::from(code);
            }
            eprintln!("kg: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// A closed pipe (`kg ... | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}
