//! `rapporteur build --check`: builds in memory and compares with `output/`.
//!
//! For CI and reviewers: exits 1, naming each file, when the committed documents are not
//! what the sources produce (a file differs, is missing, or is a PDF no document
//! produces any more). Writes nothing. Relies on reproducible output: the same sources
//! give byte-identical files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{BuildOptions, BuildSession};
use crate::diag::{Diagnostic, Error};
use crate::ui;

const HELP: &str = "run `rapporteur build` and commit output/";

pub fn run(project: &Path, options: &BuildOptions) -> Result<(), Error> {
    let spinner = ui::spinner("Building in memory");
    let produced = BuildSession::new(project).produce(options);
    spinner.finish_and_clear();
    let (files, outcome) = produced?;
    for warning in &outcome.warnings {
        eprint!("{}", warning.render(ui::stderr_color()));
    }

    let mut problems = Vec::new();
    for file in &files {
        let problem = match std::fs::read(project.join(&file.path)) {
            Ok(bytes) if bytes == file.bytes => continue,
            Ok(_) => "differs from what the sources produce",
            Err(_) => "is missing",
        };
        problems.push(stale(&file.path, problem));
    }
    let expected: BTreeSet<&Path> = files.iter().map(|f| f.path.as_path()).collect();
    for leftover in pdfs_in(&project.join("output"))
        .into_iter()
        .map(|name| Path::new("output").join(name))
        .filter(|path| !expected.contains(path.as_path()))
    {
        problems.push(
            Diagnostic::error("is not produced by the sources any more")
                .in_file(leftover)
                .with_help("delete it (`rapporteur build` leaves files it does not produce)"),
        );
    }

    if problems.is_empty() {
        ui::status(
            "Checked",
            format!("output/ is current ({} files)", files.len()),
        );
        Ok(())
    } else {
        Err(Error::Invalid(problems))
    }
}

fn stale(path: &Path, problem: &str) -> Diagnostic {
    Diagnostic::error(problem).in_file(path).with_help(HELP)
}

/// The names of the PDF files directly in `dir`, sorted.
fn pdfs_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| PathBuf::from(e.file_name()))
        .filter(|name| name.extension().is_some_and(|e| e == "pdf"))
        .collect();
    names.sort();
    names
}
