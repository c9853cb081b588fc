//! `rapporteur completions <shell>`: prints a completion script for the shell.

use clap::CommandFactory;
use clap_complete::Shell;

use crate::cli::Cli;
use crate::diag::Error;

#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  rapporteur completions bash > ~/.local/share/bash-completion/completions/rapporteur
  rapporteur completions zsh > ~/.zfunc/_rapporteur
  rapporteur completions fish > ~/.config/fish/completions/rapporteur.fish")]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    clap_complete::generate(args.shell, &mut Cli::command(), "rapporteur", &mut out);
    Ok(())
}
