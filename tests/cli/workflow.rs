//! Everyday workflow: schemas, init, build --check, watch, the CI workflow, and what the
//! user sees.

mod check;
mod ci;
mod init;
mod output;
mod schemas;
mod watch;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rapporteur(args: &[&str]) -> Command {
    let mut command = Command::new(crate::support::binary());
    command.args(args);
    // What the user sees must not depend on the developer's terminal settings.
    command.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A new project made by `rapporteur init` in a temporary folder (`<tmp>/meeting`).
fn init_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let project = tmp.path().join("meeting");
    let output = rapporteur(&["init", project.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "init failed:\n{}", stderr(&output));
    (tmp, project)
}

/// The text of a PDF, with runs of whitespace made single spaces so that line breaks do
/// not split the phrases a test looks for.
fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn pdf_pages(path: &Path) -> usize {
    lopdf::Document::load(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .get_pages()
        .len()
}
