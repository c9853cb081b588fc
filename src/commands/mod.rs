//! One module per subcommand. Each exposes its clap `Args` and a `run` that never exits
//! the process, so `main` alone decides exit codes.

pub mod build;
pub mod check;
pub mod completions;
pub mod init;
pub mod merge;
pub mod schema;
pub mod watch;

use crate::cli::{Cli, Command};
use crate::diag::Error;

pub fn run(cli: &Cli) -> Result<(), Error> {
    crate::ui::set_verbosity(cli.verbosity());
    match &cli.command {
        Command::Check(args) => check::run(&cli.project, args),
        Command::Build(args) => build::run(&cli.project, args),
        Command::Merge(args) => merge::run(&cli.project, args),
        Command::Schema(args) => schema::run(&cli.project, args),
        Command::Watch(args) => watch::run(&cli.project, args),
        Command::Init(args) => init::run(&cli.project, args),
        Command::Completions(args) => completions::run(args),
    }
}
