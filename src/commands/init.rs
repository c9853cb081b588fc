//! `rapporteur init DIR`: creates a small meeting project that builds at once.
//!
//! Two regions with two recommendations each, one pair of which the ledger merges into a
//! cross-regional recommendation, so the first build shows every part of the documents;
//! the built-in templates, copied so they can be edited; the schemas, so editors check the
//! YAML from the start; and a README paragraph.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::diag::Error;
use crate::render::templates::BUILTIN;
use crate::schema::{self, Kind};
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create the project in; it must be missing or empty
    /// [default: the --project folder].
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The example sources and README, relative to the project folder.
pub const STARTER: &[(&str, &str)] = &[
    ("README.md", include_str!("init/starter/README.md")),
    (
        "sources/meeting.yaml",
        include_str!("init/starter/sources/meeting.yaml"),
    ),
    (
        "sources/regions/east.yaml",
        include_str!("init/starter/sources/regions/east.yaml"),
    ),
    (
        "sources/regions/west.yaml",
        include_str!("init/starter/sources/regions/west.yaml"),
    ),
    (
        "sources/merge.yaml",
        include_str!("init/starter/sources/merge.yaml"),
    ),
    (
        "sources/acronyms.yaml",
        include_str!("init/starter/sources/acronyms.yaml"),
    ),
    (
        "sources/prose/highlights/01.md",
        include_str!("init/starter/sources/prose/highlights/01.md"),
    ),
    (
        "sources/prose/highlights/02.md",
        include_str!("init/starter/sources/prose/highlights/02.md"),
    ),
    (
        "sources/prose/highlights/03.md",
        include_str!("init/starter/sources/prose/highlights/03.md"),
    ),
    (
        "sources/prose/highlights/04.md",
        include_str!("init/starter/sources/prose/highlights/04.md"),
    ),
    (
        "sources/prose/highlights/05.md",
        include_str!("init/starter/sources/prose/highlights/05.md"),
    ),
    (
        "sources/prose/highlights/06.md",
        include_str!("init/starter/sources/prose/highlights/06.md"),
    ),
    (
        "sources/prose/report/introduction.md",
        include_str!("init/starter/sources/prose/report/introduction.md"),
    ),
];

/// Every file `init` writes, relative to the project folder.
pub fn files() -> Vec<(PathBuf, String)> {
    let starter = STARTER
        .iter()
        .map(|(path, text)| (PathBuf::from(path), (*text).to_owned()));
    let templates = BUILTIN
        .iter()
        .map(|(name, text)| (Path::new("templates").join(name), (*text).to_owned()));
    let schemas = Kind::ALL.into_iter().map(|kind| {
        (
            Path::new(schema::DIR).join(kind.file_name()),
            kind.schema_text(),
        )
    });
    starter.chain(templates).chain(schemas).collect()
}

pub fn run(project: &Path, args: &InitArgs) -> Result<(), Error> {
    let dir = args.dir.as_deref().unwrap_or(project);
    refuse_existing(dir)?;
    let files = files();
    for (relative, text) in &files {
        create(&dir.join(relative), text)?;
        ui::detail("Created", relative.display());
    }
    ui::status(
        "Created",
        format!(
            "meeting project in {} ({} files)",
            dir.display(),
            files.len()
        ),
    );
    ui::status(
        "Next",
        format!(
            "edit {}, then run `rapporteur build --project {}`",
            dir.join("sources").display(),
            dir.display()
        ),
    );
    Ok(())
}

/// A project is never overwritten: the folder must be missing or empty (a bare `.git`
/// is fine, so `git init && rapporteur init .` works).
fn refuse_existing(dir: &Path) -> Result<(), Error> {
    if dir.join("sources/meeting.yaml").exists() {
        return Err(Error::Failed(format!(
            "{} already holds a meeting project (sources/meeting.yaml exists); nothing was written",
            dir.display()
        )));
    }
    match std::fs::read_dir(dir) {
        Ok(entries) => {
            let mut names: Vec<String> = entries
                .filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|name| name != ".git")
                .collect();
            if names.is_empty() {
                return Ok(());
            }
            names.sort();
            Err(Error::Failed(format!(
                "{} is not empty (it holds {}); choose a new or empty folder, nothing was written",
                dir.display(),
                names.join(", ")
            )))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => Err(Error::Failed(format!(
            "{} is a file, not a folder",
            dir.display()
        ))),
        Err(e) => Err(Error::Failed(format!(
            "cannot read {} ({e})",
            dir.display()
        ))),
    }
}

/// Creates a new file; fails rather than replace one that appeared in the meantime.
fn create(path: &Path, text: &str) -> Result<(), Error> {
    let fail = |e: std::io::Error| Error::Failed(format!("cannot create {} ({e})", path.display()));
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(fail)?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut file| file.write_all(text.as_bytes()))
        .map_err(fail)
}
