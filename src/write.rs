//! Write: puts the built files into the project's output folder atomically.
//!
//! Every file is first written to a temporary file in the same folder; only when all of
//! them are written are they renamed into place. A build that fails anywhere before that
//! leaves the previous outputs exactly as they were, and a rename never leaves a truncated
//! file.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

use crate::diag::Error;

/// A file to write, relative to the project folder.
#[derive(Debug, Clone)]
pub struct OutputFile {
    pub path: PathBuf,
    pub bytes: Vec<u8>,
}

/// Writes all files or none.
pub fn write_all(project: &Path, files: &[OutputFile]) -> Result<(), Error> {
    let mut staged = Vec::with_capacity(files.len());
    for file in files {
        let target = project.join(&file.path);
        let dir = target.parent().unwrap_or(project);
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::Failed(format!("cannot create {} ({e})", dir.display())))?;
        let mut temp = NamedTempFile::new_in(dir)
            .map_err(|e| Error::Failed(format!("cannot write in {} ({e})", dir.display())))?;
        temp.write_all(&file.bytes)
            .and_then(|()| readable_by_all(temp.as_file(), &target))
            .and_then(|()| temp.as_file().sync_all())
            .map_err(|e| Error::Failed(format!("cannot write {} ({e})", target.display())))?;
        staged.push((temp, target));
    }
    for (temp, target) in staged {
        temp.persist(&target).map_err(|e| {
            Error::Failed(format!("cannot replace {} ({})", target.display(), e.error))
        })?;
    }
    Ok(())
}

/// Temporary files are private (0600); the outputs are ordinary files, so they get the
/// permissions of the file they replace, or 0644.
fn readable_by_all(file: &std::fs::File, target: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(target).map_or(0o644, |m| m.permissions().mode() & 0o777);
        file.set_permissions(std::fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = (file, target);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_every_file() {
        let dir = tempfile::tempdir().unwrap();
        let files = [
            OutputFile {
                path: "output/a.pdf".into(),
                bytes: b"A".to_vec(),
            },
            OutputFile {
                path: "output/b.txt".into(),
                bytes: b"B".to_vec(),
            },
        ];
        write_all(dir.path(), &files).unwrap();
        assert_eq!(
            std::fs::read(dir.path().join("output/a.pdf")).unwrap(),
            b"A"
        );
        assert_eq!(
            std::fs::read(dir.path().join("output/b.txt")).unwrap(),
            b"B"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let meta = std::fs::metadata(dir.path().join("output/a.pdf")).unwrap();
            assert_eq!(meta.permissions().mode() & 0o777, 0o644);
        }
        // No temporary files stay behind.
        assert_eq!(
            std::fs::read_dir(dir.path().join("output"))
                .unwrap()
                .count(),
            2
        );
    }

    #[test]
    fn a_failed_write_leaves_earlier_files_untouched() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("output")).unwrap();
        std::fs::write(dir.path().join("output/a.pdf"), b"old").unwrap();
        // A file where a folder must be: the second file cannot be staged.
        std::fs::write(dir.path().join("blocked"), b"").unwrap();
        let files = [
            OutputFile {
                path: "output/a.pdf".into(),
                bytes: b"new".to_vec(),
            },
            OutputFile {
                path: "blocked/b.txt".into(),
                bytes: b"B".to_vec(),
            },
        ];
        assert!(write_all(dir.path(), &files).is_err());
        assert_eq!(
            std::fs::read(dir.path().join("output/a.pdf")).unwrap(),
            b"old"
        );
        assert_eq!(
            std::fs::read_dir(dir.path().join("output"))
                .unwrap()
                .count(),
            1
        );
    }
}
