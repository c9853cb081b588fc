//! Load: reads the project folder into raw documents, keeping each file's path and text
//! for diagnostics.
//!
//! Every file goes through [`read_source`], which refuses what no source file should be
//! (a directory, an oversized or binary file, invalid UTF-8) with a message saying so, and
//! through [`parse`], which deserialises it with serde_yaml (unknown fields are errors) and
//! maps where each value lies with [`spans::SpanMap`]. A file that fails is reported and
//! left out; the others are still loaded, so one run shows as many problems as it can.
//!
//! This module holds the project walk and [`parse`]; reading a file within its limits lives
//! in `read`, the rewording of serde's errors in `serde_errors`, the walk over the schema
//! that finds every unknown or missing field in `shape`.

mod read;
mod serde_errors;
mod shape;
pub mod spans;

use std::fs;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::de::DeserializeOwned;

use crate::diag::{Diagnostic, Error};
use crate::model::{
    AcronymsFile, LedgerFile, MechanismsFile, MeetingFile, Position, RegionFile, SurveyFile,
    ThemesFile,
};
use read::stays_inside;
pub use read::{MAX_FILE_BYTES, read_source};
use serde_errors::serde_problem;
use spans::{SpanError, SpanMap};

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
