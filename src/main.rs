use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use rapporteur::cli::Cli;
use rapporteur::diag::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match rapporteur::commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            match &error {
                Error::Invalid(diagnostics) => {
                    for d in diagnostics {
                        eprint!("{}", d.render(color));
                    }
                }
                Error::Failed(message) => eprintln!("error: {message}"),
            }
            ExitCode::from(error.exit_code())
        }
    }
}
