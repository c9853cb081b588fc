//! Load: reads the project folder into raw documents, keeping each file's path and text
//! for diagnostics.
//!
//! Every file goes through [`read_source`], which refuses what no source file should be
//! (a directory, an oversized or binary file, invalid UTF-8) with a message saying so, and
//! through [`parse`], which deserialises it with serde_yaml (unknown fields are errors) and
//! maps where each value lies with [`spans::SpanMap`]. A file that fails is reported and
//! left out; the others are still loaded, so one run shows as many problems as it can.

mod shape;
pub mod spans;

use std::fs;
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Error};
use crate::model::{
    AcronymsFile, LedgerFile, MechanismsFile, MeetingFile, Position, RegionFile, SurveyFile,
    ThemesFile,
};
use spans::{SpanError, SpanMap};

/// No source file comes near this; a bigger one is a mistake (a PDF or a data dump
/// saved under the wrong name), and refusing it bounds the memory a run can take.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// The folder under the project that holds the sources.
pub const SOURCES: &str = "sources";

/// A file's text and where it lies.
#[derive(Debug, Clone)]
pub struct Source {
    /// Relative to the project folder ("sources/regions/africa.yaml"), as diagnostics
    /// show it.
    pub path: PathBuf,
    pub text: String,
}

impl Source {
    /// An error pointing at `position` in this file.
    pub fn error(&self, position: Option<Position>, message: impl Into<String>) -> Diagnostic {
        self.point(Diagnostic::error(message), position)
    }

    /// A warning pointing at `position` in this file.
    pub fn warning(&self, position: Option<Position>, message: impl Into<String>) -> Diagnostic {
        self.point(Diagnostic::warning(message), position)
    }

    fn point(&self, d: Diagnostic, position: Option<Position>) -> Diagnostic {
        let d = d.in_file(&self.path);
        match position {
            Some(p) => d.at(&self.text, p),
            None => d,
        }
    }
}

/// A parsed YAML file with its text and the positions of its values.
#[derive(Debug, Clone)]
pub struct Document<T> {
    pub source: Source,
    pub value: T,
    pub spans: SpanMap,
}

impl<T> Document<T> {
    /// An error at the value found at `path` ("recommendations[2].category").
    pub fn error_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.source.error(self.spans.value(path), message)
    }

    /// An error at the key of `path` (for a list item, the item).
    pub fn error_at_key(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.source.error(self.spans.key(path), message)
    }

    pub fn warning_at(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        self.source.warning(self.spans.value(path), message)
    }
}

/// Everything read from a project's sources, before the cross-file checks.
#[derive(Debug)]
pub struct RawProject {
    pub root: PathBuf,
    pub meeting: Document<MeetingFile>,
    /// One per region of meeting.yaml, in its order; `None` where the file could not be
    /// loaded (the problem is in `problems`).
    pub regions: Vec<Option<Document<RegionFile>>>,
    /// YAML files under sources/regions/, relative to the project folder.
    pub region_files_found: Vec<PathBuf>,
    pub acronyms: Option<Document<AcronymsFile>>,
    pub themes: Option<Document<ThemesFile>>,
    pub mechanisms: Option<Document<MechanismsFile>>,
    pub survey: Option<Document<SurveyFile>>,
    pub ledger: Option<Document<LedgerFile>>,
    /// Markdown under sources/prose/, by path relative to that folder without `.md`.
    pub prose: Vec<(String, Source)>,
    /// Problems met while loading (each file that failed to read or parse).
    pub problems: Vec<Diagnostic>,
    /// Optional files that exist but failed to load: later checks must not treat their
    /// entries as absent.
    pub failed: Vec<PathBuf>,
}

/// Reads every source file of the project at `root`.
///
/// Fails only when meeting.yaml itself cannot be loaded, since every other file hangs off
/// it; other files that fail are reported in `problems` and left out.
pub fn load(root: &Path) -> Result<RawProject, Error> {
    if !root.is_dir() {
        return Err(Error::Failed(format!(
            "project folder {} not found (pass the folder holding sources/ with --project)",
            root.display()
        )));
    }
    let sources = Path::new(SOURCES);
    let meeting_path = sources.join("meeting.yaml");
    let meeting = match read_source(root, &meeting_path) {
        Ok(Some(source)) => parse::<MeetingFile>(source).map_err(Error::Invalid)?,
        Ok(None) => {
            return Err(Diagnostic::error("not found (every project needs one)")
                .in_file(&meeting_path)
                .with_help(
                    "run rapporteur in the project folder, or pass the folder holding sources/ with --project",
                )
                .into());
        }
        Err(d) => return Err(d.into()),
    };

    let mut problems = Vec::new();
    let mut failed = Vec::new();
    let mut regions = Vec::new();
    for (i, region) in meeting.value.regions.iter().enumerate() {
        let path = sources.join(&region.file);
        if !stays_inside(Path::new(&region.file)) {
            // Reading outside the project would let a source file pull in any file of the
            // machine (and show its lines in diagnostics).
            problems.push(
                meeting
                    .error_at(
                        &format!("regions[{i}].file"),
                        format!("`{}` is not a path inside {SOURCES}/", region.file),
                    )
                    .with_help("give the regional file's path relative to sources/, e.g. `regions/africa.yaml`"),
            );
            regions.push(None);
            continue;
        }
        let loaded = match read_source(root, &path) {
            Ok(Some(source)) => parse::<RegionFile>(source),
            Ok(None) => Err(vec![
                meeting
                    .error_at(
                        &format!("regions[{i}].file"),
                        format!("regional file {} not found", path.display()),
                    )
                    .with_help(format!(
                        "create {} for region `{}`, or correct `file` (relative to {SOURCES}/)",
                        path.display(),
                        region.id
                    )),
            ]),
            // A folder has no line to show: point at the line of meeting.yaml naming it.
            Err(_) if root.join(&path).is_dir() => Err(vec![
                meeting
                    .error_at(
                        &format!("regions[{i}].file"),
                        format!("{} is a folder, not a file", path.display()),
                    )
                    .with_help("name the regional YAML file here, e.g. `regions/africa.yaml`"),
            ]),
            Err(d) => Err(vec![d]),
        };
        regions.push(loaded.map_err(|d| problems.extend(d)).ok());
    }
    let region_files_found = list_region_files(root, &mut problems);

    let mut optional = |name: &str| -> Option<Source> {
        let path = sources.join(name);
        match read_source(root, &path) {
            Ok(found) => found,
            Err(d) => {
                problems.push(d);
                failed.push(path);
                None
            }
        }
    };
    let acronyms = optional("acronyms.yaml");
    let themes = optional("themes.yaml");
    let mechanisms = optional("mechanisms.yaml");
    let survey = optional("survey.yaml");
    let ledger = optional("merge.yaml");
    let prose = load_prose(root, &mut problems, &mut failed);

    Ok(RawProject {
        root: root.to_owned(),
        acronyms: parse_optional(acronyms, &mut problems, &mut failed),
        themes: parse_optional(themes, &mut problems, &mut failed),
        mechanisms: parse_optional(mechanisms, &mut problems, &mut failed),
        survey: parse_optional(survey, &mut problems, &mut failed),
        ledger: parse_optional(ledger, &mut problems, &mut failed),
        meeting,
        regions,
        region_files_found,
        prose,
        problems,
        failed,
    })
}

/// A relative path without `..` or a root: it cannot leave the folder it is joined to.
fn stays_inside(path: &Path) -> bool {
    use std::path::Component;
    path.components()
        .all(|c| matches!(c, Component::Normal(_) | Component::CurDir))
        && path.components().any(|c| matches!(c, Component::Normal(_)))
}

/// Parses an optional file that was found; a failure is reported and the file marked
/// as failed.
fn parse_optional<T: DeserializeOwned + JsonSchema>(
    source: Option<Source>,
    problems: &mut Vec<Diagnostic>,
    failed: &mut Vec<PathBuf>,
) -> Option<Document<T>> {
    let source = source?;
    let path = source.path.clone();
    parse(source)
        .map_err(|d| {
            problems.extend(d);
            failed.push(path);
        })
        .ok()
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

/// Deserialises a YAML source file, pointing any error at its line.
///
/// serde stops at the first error; the schema walk adds every other unknown or missing
/// field of the file, so that one run shows them all.
pub fn parse<T: DeserializeOwned + JsonSchema>(
    source: Source,
) -> Result<Document<T>, Vec<Diagnostic>> {
    // The span walk runs first: it refuses deep nesting without recursing, before serde
    // (which recurses per level) sees the file.
    let spans = match SpanMap::parse(&source.text) {
        Ok(spans) => Some(spans),
        Err(SpanError::TooDeep { position }) => {
            return Err(vec![
                source
                    .error(
                        Some(position),
                        format!("nesting too deep (more than {} levels)", spans::MAX_DEPTH),
                    )
                    .with_help("source files need only a few levels of lists and mappings"),
            ]);
        }
        // serde_yaml reports syntax errors in its own words below; if it accepts the file
        // anyway, diagnostics simply lack positions.
        Err(SpanError::Syntax { .. }) => None,
    };
    match serde_yaml::from_str::<T>(&source.text) {
        Ok(value) => Ok(Document {
            value,
            spans: spans.unwrap_or_default(),
            source,
        }),
        Err(e) => {
            let first = serde_problem(&source, &e, spans.as_ref());
            let mut all: Vec<Diagnostic> = match &spans {
                Some(spans) => {
                    let schema = serde_json::to_value(schemars::schema_for!(T)).unwrap_or_default();
                    shape::problems(&schema, spans)
                        .into_iter()
                        .map(|p| source.error(Some(p.position), p.message).with_help(p.help))
                        .collect()
                }
                None => Vec::new(),
            };
            // serde's own error is usually among them (same place); keep it otherwise.
            if !all.iter().any(|d| d.position == first.position) {
                all.push(first);
            }
            all.sort_by_key(|d| d.position.map(|p| (p.line, p.column)));
            Err(all)
        }
    }
}

/// Turns a serde_yaml error into a diagnostic: message without serde's "at line N column
/// M" tail, the path it names in parentheses, and a help line for the common cases.
fn serde_problem(source: &Source, e: &serde_yaml::Error, spans: Option<&SpanMap>) -> Diagnostic {
    let mut position = e.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    let full = e.to_string();
    let (message, context) = split_serde_message(&full);
    let (path, message) = match message.split_once(": ") {
        Some((path, rest)) if looks_like_path(path) => (Some(path), rest),
        _ => (None, message),
    };
    let mut d;
    if let Some((field, expected)) = unknown_field(message) {
        d = source.error(position, format!("unknown field `{field}`"));
        let mut help = match expected {
            Some(list) => format!("valid fields are {list}"),
            None => "this mapping takes no fields".to_owned(),
        };
        let candidates: Vec<&str> = expected
            .unwrap_or_default()
            .split(", ")
            .map(|s| s.trim_matches('`'))
            .collect();
        if let Some(best) = crate::validate::did_you_mean(field, candidates.iter().copied()) {
            help = format!("did you mean `{best}`? {help}");
        }
        d = d.with_help(help);
    } else if message.starts_with("repetition limit exceeded") {
        // serde_yaml gives no position here; the first alias is where expansion starts.
        position = position.or(spans.and_then(|s| s.first_alias));
        d = source
            .error(
                position,
                "too many alias expansions (the file repeats anchors exponentially)",
            )
            .with_help("write the values out instead of nesting aliases (`*name`) of aliases");
    } else if message.starts_with("deserializing from YAML containing more than one document") {
        // No position from serde: the second document starts at a `---` line after content.
        let second = second_document(&source.text);
        d = source
            .error(second, "more than one YAML document in the file")
            .with_help("a source file holds one document: remove this `---` line or move what follows to its own file");
    } else if message.starts_with("recursion limit exceeded") {
        d = source
            .error(position, "nesting too deep")
            .with_help("source files need only a few levels of lists and mappings");
    } else {
        let mut text = plain_types(message);
        if let Some(path) = path {
            text.push_str(&format!(" (in `{path}`)"));
        }
        if let Some(context) = context {
            text.push_str(&format!(" ({context})"));
        }
        d = source.error(position, text);
        if let Some(help) = serde_help(message) {
            d = d.with_help(help);
        }
    }
    d
}

/// serde_yaml's messages end with " at line N column M", and libyaml's add ", while
/// parsing X at line N column M": keeps the message and the "while parsing X" context.
fn split_serde_message(full: &str) -> (&str, Option<&str>) {
    let (head, tail) = match full.split_once(", while ") {
        Some((head, tail)) => (head, Some(tail)),
        None => (full, None),
    };
    let head = head.split(" at line ").next().unwrap_or(head);
    let tail = tail.map(|t| t.split(" at line ").next().unwrap_or(t));
    (head, tail)
}

/// The `---` line that starts a file's second document.
fn second_document(text: &str) -> Option<Position> {
    let mut seen_content = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("---") {
            if seen_content {
                return Some(Position {
                    line: i + 1,
                    column: 1,
                });
            }
            seen_content = true;
        } else if !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            seen_content = true;
        }
    }
    None
}

/// serde names Rust types ("expected u32"); users write YAML.
fn plain_types(message: &str) -> String {
    let mut text = shorten_quoted(message);
    for (rust, plain) in [
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected usize", "expected a whole number"),
        ("expected a string", "expected text"),
        ("expected a sequence", "expected a list"),
        ("expected a map", "expected a mapping"),
        ("invalid type: string", "invalid type: text"),
        ("invalid type: sequence", "invalid type: list"),
        ("invalid type: map", "invalid type: mapping"),
    ] {
        text = text.replace(rust, plain);
    }
    if let Some(i) = text.find("expected struct ") {
        text.replace_range(i.., "expected a mapping of fields");
    }
    text
}

/// serde quotes the offending value whole; a long one (a whole file read as one string)
/// is cut to its start.
fn shorten_quoted(message: &str) -> String {
    const KEEP: usize = 40;
    let Some(open) = message.find('"') else {
        return message.to_owned();
    };
    let Some(len) = message[open + 1..].rfind('"') else {
        return message.to_owned();
    };
    let quoted = &message[open + 1..open + 1 + len];
    if quoted.chars().count() <= KEEP {
        return message.to_owned();
    }
    let cut: String = quoted.chars().take(KEEP).collect();
    format!(
        "{}\"{cut}…\"{}",
        &message[..open],
        &message[open + 1 + len + 1..]
    )
}

/// serde_yaml prefixes a message with the path of the value ("recommendations[0].title").
fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(' ')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '[' | ']'))
}

/// "unknown field `titel`, expected one of `id`, `title`" -> ("titel", Some("`id`, `title`")).
fn unknown_field(message: &str) -> Option<(&str, Option<&str>)> {
    let rest = message.strip_prefix("unknown field `")?;
    let (field, rest) = rest.split_once('`')?;
    let expected = rest
        .strip_prefix(", expected one of ")
        .or_else(|| rest.strip_prefix(", expected "))
        .filter(|list| list.starts_with('`'));
    Some((field, expected))
}

fn serde_help(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        return Some(format!("add `{field}` to this entry"));
    }
    if message.starts_with("invalid type") {
        return Some("check the value's type: quote text, use plain digits for numbers, `- item` lines or `[a, b]` for lists".into());
    }
    if message.starts_with("unknown variant") {
        return Some("use one of the values listed".into());
    }
    if message.starts_with("duplicate entry") || message.contains("duplicate key") {
        return Some("each key may appear once per mapping; remove or rename one".into());
    }
    if message.starts_with("unknown anchor") {
        return Some("define the anchor (`&name`) before using it (`*name`)".into());
    }
    if message.contains("while scanning")
        || message.contains("did not find expected")
        || message.contains("mapping values are not allowed")
        || message.contains("found character")
    {
        return Some("check the indentation and quoting on this line and the one before; text containing `: ` or starting with a special character needs quotes".into());
    }
    None
}

/// YAML files directly under sources/regions/, sorted, relative to the project folder.
fn list_region_files(root: &Path, problems: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let rel = Path::new(SOURCES).join("regions");
    let mut found = Vec::new();
    let entries = match fs::read_dir(root.join(&rel)) {
        Ok(entries) => entries,
        Err(e) if e.kind() == ErrorKind::NotFound => return found,
        Err(e) => {
            problems.push(Diagnostic::error(format!("cannot list the folder ({e})")).in_file(&rel));
            return found;
        }
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let is_folder = entry.file_type().is_ok_and(|t| t.is_dir());
        if !is_folder && (name.ends_with(".yaml") || name.ends_with(".yml")) {
            found.push(rel.join(&*name));
        }
    }
    found.sort();
    found
}

/// Markdown under sources/prose/, walked without recursion, sorted by key.
fn load_prose(
    root: &Path,
    problems: &mut Vec<Diagnostic>,
    failed: &mut Vec<PathBuf>,
) -> Vec<(String, Source)> {
    let base = Path::new(SOURCES).join("prose");
    let mut prose = Vec::new();
    let mut folders = vec![base.clone()];
    while let Some(folder) = folders.pop() {
        let entries = match fs::read_dir(root.join(&folder)) {
            Ok(entries) => entries,
            Err(e) if e.kind() == ErrorKind::NotFound => continue,
            Err(e) => {
                problems.push(
                    Diagnostic::error(format!("cannot list the folder ({e})")).in_file(&folder),
                );
                continue;
            }
        };
        for entry in entries.flatten() {
            let rel = folder.join(entry.file_name());
            // `file_type` does not follow symbolic links, so a link loop cannot trap the walk.
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                folders.push(rel);
            } else if rel.extension().is_some_and(|e| e == "md") {
                let key = rel
                    .strip_prefix(&base)
                    .unwrap_or(&rel)
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/");
                match read_source(root, &rel) {
                    Ok(Some(source)) => prose.push((key, source)),
                    Ok(None) => {}
                    Err(d) => {
                        problems.push(d);
                        failed.push(rel);
                    }
                }
            }
        }
    }
    prose.sort_by(|a, b| a.0.cmp(&b.0));
    prose
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

    #[test]
    fn rewords_serde_messages() {
        assert_eq!(
            split_serde_message(
                "did not find expected key at line 3 column 5, while parsing a block mapping at line 1 column 1"
            ),
            ("did not find expected key", Some("parsing a block mapping"))
        );
        assert_eq!(
            unknown_field("unknown field `titel`, expected one of `id`, `title`"),
            Some(("titel", Some("`id`, `title`")))
        );
        assert_eq!(
            plain_types("invalid type: string \"first\", expected u32"),
            "invalid type: text \"first\", expected a whole number"
        );
        let long = format!(
            "invalid type: string \"{}\", expected struct X",
            "y".repeat(100)
        );
        assert_eq!(
            plain_types(&long),
            format!(
                "invalid type: text \"{}…\", expected a mapping of fields",
                "y".repeat(40)
            )
        );
    }

    #[test]
    fn finds_the_second_document() {
        assert_eq!(
            second_document("# c\n---\na: 1\n---\nb: 2\n"),
            Some(Position { line: 4, column: 1 })
        );
        assert_eq!(
            second_document("a: 1\n--- \nb: 2\n"),
            Some(Position { line: 2, column: 1 })
        );
    }
}
