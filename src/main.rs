use std::process::ExitCode;

use clap::Parser;

use rapporteur::cli::Cli;
use rapporteur::diag::Error;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match rapporteur::commands::run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // The same rule as the status lines: a terminal, no NO_COLOR (CLICOLOR_FORCE
            // forces colour for logs that show it).
            let color = rapporteur::ui::stderr_color();
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
