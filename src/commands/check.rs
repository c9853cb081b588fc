//! `rapporteur check`: validates the sources and prints a one-line summary.

use std::io::IsTerminal;
use std::path::Path;

use crate::diag::{Diagnostic, Error};
use crate::model::Meeting;
use crate::validate::load_project;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Fail on warnings (such as acronyms missing from the list of acronyms) and while
    /// close pairs of recommendations await an editor's decision in sources/merge.yaml.
    #[arg(long)]
    pub strict: bool,
}

pub fn run(project: &Path, args: &CheckArgs) -> Result<(), Error> {
    let (meeting, mut warnings) = match load_project(project) {
        Ok(checked) => checked,
        Err(Error::Invalid(mut problems)) => {
            let errors = problems.iter().filter(|d| d.is_error()).count();
            let warnings = problems.len() - errors;
            problems.push(Diagnostic::error(format!(
                "{} in the sources{}",
                plural(errors, "problem"),
                match warnings {
                    0 => String::new(),
                    n => format!(" (and {})", plural(n, "warning")),
                }
            )));
            return Err(Error::Invalid(problems));
        }
        Err(e) => return Err(e),
    };
    if args.strict {
        warnings.extend(strict_problems(&meeting));
        if !warnings.is_empty() {
            let n = warnings.len();
            warnings.push(Diagnostic::error(format!(
                "{} in the sources (--strict fails on warnings and undecided merge pairs)",
                plural(n, "problem")
            )));
            return Err(Error::Invalid(warnings));
        }
    }
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for w in &warnings {
        eprint!("{}", w.render(color));
    }
    eprintln!("{}", summary(&meeting, warnings.len()));
    Ok(())
}

/// Problems that only `--strict` reports, beyond the warnings of validation.
///
/// Checks that need a later stage belong here: close pairs of recommendations that no
/// ledger decision covers yet; each gives a warning-level diagnostic.
pub fn strict_problems(meeting: &Meeting) -> Vec<Diagnostic> {
    crate::merge::merge(meeting).strict_diagnostics()
}

/// `checked GRCP 7: 4 regions, 62 recommendations (34 priority, 28 follow-up), 0 warnings`
pub fn summary(meeting: &Meeting, warnings: usize) -> String {
    let per_category: Vec<String> = meeting
        .info
        .categories
        .iter()
        .map(|c| {
            let n = meeting
                .recommendations()
                .filter(|r| r.category == c.id)
                .count();
            format!("{n} {}", c.id)
        })
        .collect();
    let total = meeting.recommendations().count();
    format!(
        "checked {}: {}, {} ({}), {}",
        meeting.info.short_title,
        plural(meeting.regions.len(), "region"),
        plural(total, "recommendation"),
        per_category.join(", "),
        plural(warnings, "warning"),
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
