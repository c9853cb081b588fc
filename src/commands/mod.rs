//! One module per subcommand. Each exposes its clap `Args` and a `run` that never exits
//! the process, so `main` alone decides exit codes.

pub mod build;
pub mod check;
pub mod merge;

use crate::cli::{Cli, Command};
use crate::diag::Error;

pub fn run(cli: &Cli) -> Result<(), Error> {
    match &cli.command {
        Command::Check(args) => check::run(&cli.project, args),
        Command::Build(args) => build::run(&cli.project, args),
        Command::Merge(args) => merge::run(&cli.project, args),
    }
}
