//! The command line: global options and one subcommand per module in `commands`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::commands;
use crate::ui;

const AFTER_HELP: &str = "\
Exit codes:
  0  success
  1  the sources are invalid (each problem is printed with file:line:column)
  2  any other failure (unreadable folder, failed write, internal error)

Start with `rapporteur check` to validate the sources, then `rapporteur build` to write
the PDFs to output/.";

const MERGE_HELP: &str = "\
Examples:
  rapporteur merge                               the clusters, then the pairs to review
  rapporteur merge --explain africa/af-rights    the evidence behind one recommendation's cluster
  rapporteur merge --model models                with the semantic channel (scripts/fetch-model)
  rapporteur merge --model models --judge judge  and the pair judge on its close calls
  rapporteur merge --format json                 for scripts: regions, clusters, review pairs

Record decisions in sources/merge.yaml: `together: [[a, b]]` puts two recommendations in one
cluster, `apart: [[a, b]]` keeps them in different ones. `rapporteur check --strict` fails
while review pairs remain undecided.";

/// Drafts the outcome documents of a multi-region meeting.
///
/// Regional breakout groups write their recommendations as YAML under sources/regions/;
/// rapporteur validates them, merges the recommendations several regions share into
/// cross-regional recommendations, and typesets the Highlights document and the Summary
/// Report as PDFs.
#[derive(Debug, Parser)]
#[command(name = "rapporteur", version, after_help = AFTER_HELP)]
pub struct Cli {
    /// The project folder (the one holding sources/ and templates/).
    #[arg(long, global = true, default_value = ".", value_name = "DIR")]
    pub project: PathBuf,

    /// Print errors and warnings only: no status lines, no progress.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print the steps on the way and how long each took.
    #[arg(short, long, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate the sources and print a one-line summary.
    ///
    /// Reads sources/meeting.yaml, every regional file and the other source files, and
    /// reports every problem at once, each with its file, line and column and a hint.
    Check(commands::check::CheckArgs),
    /// Build the Highlights document and the Summary Report into output/.
    ///
    /// Runs the whole pipeline (validate, merge, render, typeset) and writes the PDFs and
    /// the merge report. A failed build leaves the previous files untouched.
    Build(commands::build::BuildArgs),
    /// Show how the recommendations of the regions merge into clusters.
    ///
    /// Prints each cluster with its regions and each member's wording, then the close pairs
    /// an editor should decide on in sources/merge.yaml.
    #[command(after_help = MERGE_HELP)]
    Merge(commands::merge::MergeArgs),
    /// Write the JSON Schema of each kind of source file to schemas/.
    ///
    /// Editors that read the `# yaml-language-server: $schema=...` line at the top of a
    /// source file then validate and complete it as it is typed. With --check, writes
    /// nothing and exits 1 if the schemas are out of date (for CI).
    Schema(commands::schema::SchemaArgs),
    /// Build, then rebuild whenever a file under sources/ or templates/ changes.
    ///
    /// Each rebuild prints what changed and how long it took; Typst recompiles only what
    /// the change touched. A failed rebuild prints its problems and keeps the last good
    /// PDFs. Ctrl-C stops.
    Watch(commands::watch::WatchArgs),
    /// Create a new meeting project that builds at once.
    ///
    /// Writes an example meeting with two regions, a merge ledger, the templates, the
    /// schemas and a README into DIR, which must be missing or empty.
    Init(commands::init::InitArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    Completions(commands::completions::CompletionsArgs),
}

impl Cli {
    pub fn verbosity(&self) -> ui::Verbosity {
        match (self.quiet, self.verbose) {
            (true, _) => ui::Verbosity::Quiet,
            (false, true) => ui::Verbosity::Verbose,
            (false, false) => ui::Verbosity::Normal,
        }
    }
}
