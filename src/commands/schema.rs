//! `rapporteur schema`: writes the JSON Schema of each kind of source file to `schemas/`,
//! or with `--check` tells whether the written ones are current (for CI).

use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};
use crate::schema::{self, Kind};
use crate::ui;

#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Where to write the schemas [default: schemas/ in the project folder].
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Write nothing; exit 1, naming the files, if any schema is missing or out of date.
    #[arg(long)]
    pub check: bool,
}

pub fn run(project: &Path, args: &SchemaArgs) -> Result<(), Error> {
    let dir = args
        .out
        .clone()
        .unwrap_or_else(|| project.join(schema::DIR));
    if args.check {
        return check(project, &dir);
    }
    std::fs::create_dir_all(&dir)
        .map_err(|e| Error::Failed(format!("cannot create {} ({e})", dir.display())))?;
    for kind in Kind::ALL {
        let path = dir.join(kind.file_name());
        let text = kind.schema_text();
        // Leave current files alone so their timestamps (and editors watching them) do
        // not churn.
        if std::fs::read_to_string(&path).is_ok_and(|old| old == text) {
            ui::detail("Fresh", shown(project, &path).display());
            continue;
        }
        write_atomically(&path, &text)?;
        ui::status("Wrote", shown(project, &path).display());
    }
    Ok(())
}

fn check(project: &Path, dir: &Path) -> Result<(), Error> {
    let stale: Vec<Diagnostic> = Kind::ALL
        .into_iter()
        .filter_map(|kind| {
            let path = dir.join(kind.file_name());
            let problem = match std::fs::read_to_string(&path) {
                Ok(old) if old == kind.schema_text() => return None,
                Ok(_) => "is out of date with the source file types",
                Err(_) => "is missing",
            };
            Some(
                Diagnostic::error(format!("schema {problem}"))
                    .in_file(shown(project, &path))
                    .with_help("run `rapporteur schema` and commit the result"),
            )
        })
        .collect();
    if stale.is_empty() {
        ui::status(
            "Checked",
            format!("{} schemas are current", Kind::ALL.len()),
        );
        Ok(())
    } else {
        Err(Error::Invalid(stale))
    }
}

/// The path as the user thinks of it: relative to the project folder where inside it.
fn shown(project: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(project).unwrap_or(path).to_path_buf()
}

/// Writes through a temporary file in the same folder and renames it into place, so an
/// interrupted run never leaves a truncated schema for an editor to choke on.
fn write_atomically(path: &Path, text: &str) -> Result<(), Error> {
    use std::io::Write as _;
    let fail = |e: std::io::Error| Error::Failed(format!("cannot write {} ({e})", path.display()));
    let dir = path.parent().unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(fail)?;
    file.write_all(text.as_bytes()).map_err(fail)?;
    // Temporary files are private (0600); a schema is for every editor to read.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(file.path(), std::fs::Permissions::from_mode(0o644))
            .map_err(fail)?;
    }
    file.persist(path).map_err(|e| fail(e.error))?;
    Ok(())
}
