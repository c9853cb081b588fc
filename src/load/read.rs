//! Reading a source file as text, within limits: no folders, nothing over
//! [`MAX_FILE_BYTES`], no binary or non-UTF-8 content, and no path that leaves the
//! project folder.
//!
//! Each refusal is a diagnostic that says why and, where it can, points at the offending
//! byte, so a wrong file is recognised before the YAML parser's messages would confuse.

use std::fs;
use std::io::{ErrorKind, Read};
use std::path::Path;

use super::Source;
use crate::diag::Diagnostic;
use crate::model::Position;

/// No source file comes near this; a bigger one is a mistake (a PDF or a data dump
/// saved under the wrong name), and refusing it bounds the memory a run can take.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// A relative path without `..` or a root: it cannot leave the folder it is joined to.
pub(super) fn stays_inside(path: &Path) -> bool {
    use std::path::Component;
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)))
}

/// Reads `root/rel` as text; `Ok(None)` when there is no such file.
pub fn read_source(root: &Path, rel: &Path) -> Result<Option<Source>, Diagnostic> {
    let full = root.join(rel);
    let fail = |message: String| Diagnostic::error(message).in_file(rel);
    let meta = match fs::metadata(&full) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(fail(format!("cannot read the file ({e})"))),
    };
    if meta.is_dir() {
        return Err(fail("is a folder, not a file".into())
            .with_help("move the folder away or replace it with the file".to_owned()));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(rel, meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    // `take` guards against a file that grows between the check and the read.
    let read =
        fs::File::open(&full).and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Err(fail(format!("cannot read the file ({e})")));
    }
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(rel, bytes.len() as u64));
    }
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        let mut d =
            fail("binary file (it contains a NUL byte); source files must be UTF-8 text".into())
                .with_help("is this the right file? save it as plain UTF-8 text".to_owned());
        // Located, but without the line under it: a binary line is noise on a terminal.
        d.position = Some(position_in_bytes(&bytes[..at]));
        return Err(d);
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Some(Source {
            path: rel.to_owned(),
            text,
        })),
        Err(e) => {
            let position = position_in_bytes(&e.as_bytes()[..e.utf8_error().valid_up_to()]);
            let text = String::from_utf8_lossy(e.as_bytes());
            Err(
                fail("invalid UTF-8 (source files must be UTF-8 text)".into())
                    .at(&text, position)
                    .with_help("save the file with UTF-8 encoding".to_owned()),
            )
        }
    }
}

/// The line and column just after `before`, the bytes that precede a position.
fn position_in_bytes(before: &[u8]) -> Position {
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    Position {
        line: before.iter().filter(|&&b| b == b'\n').count() + 1,
        column: String::from_utf8_lossy(&before[line_start..])
            .chars()
            .count()
            + 1,
    }
}

fn too_big(rel: &Path, len: u64) -> Diagnostic {
    Diagnostic::error(format!(
        "file too large ({len} bytes, more than the limit of {} MiB)",
        MAX_FILE_BYTES / 1024 / 1024
    ))
    .in_file(rel)
    .with_help("source files are small text files; is this the right file?")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8]) -> Result<Option<Source>, Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("f.yaml"), bytes).unwrap();
        read_source(dir.path(), Path::new("f.yaml"))
    }

    #[test]
    fn reads_utf8_text_and_reports_absent_files_as_none() {
        assert_eq!(read(b"a: 1\n").unwrap().unwrap().text, "a: 1\n");
        let dir = tempfile::tempdir().unwrap();
        assert!(
            read_source(dir.path(), Path::new("none.yaml"))
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn refuses_binary_invalid_utf8_oversized_and_folders() {
        let nul = read(b"a: 1\nb: \x00").unwrap_err();
        assert!(nul.message.starts_with("binary file"));
        assert_eq!(nul.position, Some(Position { line: 2, column: 4 }));

        let latin1 = read(b"a: caf\xe9\n").unwrap_err();
        assert!(latin1.message.starts_with("invalid UTF-8"));
        assert_eq!(latin1.position, Some(Position { line: 1, column: 7 }));

        let big = read(&vec![b'#'; MAX_FILE_BYTES as usize + 1]).unwrap_err();
        assert!(
            big.message.contains("more than the limit of 4 MiB"),
            "{big:?}"
        );

        let dir = tempfile::tempdir().unwrap();
        fs::create_dir(dir.path().join("d.yaml")).unwrap();
        let folder = read_source(dir.path(), Path::new("d.yaml")).unwrap_err();
        assert_eq!(folder.message, "is a folder, not a file");
    }

    #[test]
    fn keeps_regional_paths_inside_the_sources() {
        assert!(stays_inside(Path::new("regions/africa.yaml")));
        assert!(stays_inside(Path::new("./regions/africa.yaml")));
        assert!(!stays_inside(Path::new("../secrets.yaml")));
        assert!(!stays_inside(Path::new("regions/../../x.yaml")));
        assert!(!stays_inside(Path::new("/etc/passwd")));
        assert!(!stays_inside(Path::new("")));
    }
}
