//! Checks of the regional files: each one against the region meeting.yaml lists it for,
//! its recommendations against the known categories, themes and mechanisms, and files in
//! the regions folder that no region lists.

use std::path::{Path, PathBuf};

use super::references::references;
use super::{Known, check_id, duplicates, empty_text, unknown_in_meeting};
use crate::diag::Diagnostic;
use crate::load::{self, Document, RawProject, SOURCES};
use crate::model::RegionFile;

pub(super) fn check_region(
    raw: &RawProject,
    known: &Known,
    i: usize,
    doc: &Document<RegionFile>,
    problems: &mut Vec<Diagnostic>,
) {
    let listed = &raw.meeting.value.regions[i];
    let file = &doc.value;
    if file.id != listed.id {
        problems.push(
            doc.error_at(
                "id",
                format!(
                    "region id `{}` does not match meeting.yaml, which lists this file for `{}`",
                    file.id, listed.id
                ),
            )
            .with_help(format!(
                "set `id: {}`, or correct the region's `file` in {SOURCES}/meeting.yaml",
                listed.id
            )),
        );
    }
    empty_text(doc, "name", &file.name, "region name", problems);
    for (j, r) in file.recommendations.iter().enumerate() {
        let at = |field: &str| format!("recommendations[{j}].{field}");
        check_id(doc, &at("id"), &r.id, "recommendation", problems);
        empty_text(
            doc,
            &at("title"),
            &r.title,
            "recommendation title",
            problems,
        );
        if !known.has_category(&r.category) {
            problems.push(unknown_in_meeting(
                doc.error_at(
                    &at("category"),
                    format!("unknown category `{}`", r.category),
                ),
                &r.category,
                "categories",
                &known.categories,
            ));
        }
        references(
            doc,
            &at("themes"),
            &r.themes,
            known.themes.as_deref(),
            "theme",
            "themes.yaml",
            problems,
        );
        references(
            doc,
            &at("mechanisms"),
            &r.mechanisms,
            known.mechanisms.as_deref(),
            "mechanism",
            "mechanisms.yaml",
            problems,
        );
    }
    duplicates(
        doc,
        "recommendations",
        file.recommendations
            .iter()
            .map(|r| r.id.clone())
            .enumerate(),
        "recommendation",
        "id",
        problems,
    );
}

pub(super) fn check_unlisted_region_files(raw: &RawProject, problems: &mut Vec<Diagnostic>) {
    let listed: Vec<PathBuf> = raw
        .meeting
        .value
        .regions
        .iter()
        .map(|r| normalise(&Path::new(SOURCES).join(&r.file)))
        .collect();
    for found in &raw.region_files_found {
        if !listed.contains(&normalise(found)) {
            let mut d = Diagnostic::error("regional file that no region in meeting.yaml lists")
                .in_file(found)
                .with_help(format!(
                    "add the region to `regions:` in {SOURCES}/meeting.yaml, or move the file out of {SOURCES}/regions/"
                ));
            if let Ok(Some(source)) = load::read_source(&raw.root, found) {
                d = d.at(&source.text, crate::model::Position { line: 1, column: 1 });
            }
            problems.push(d);
        }
    }
}

/// Drops `.` components so that `./regions/a.yaml` and `regions/a.yaml` compare equal.
fn normalise(path: &Path) -> PathBuf {
    path.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
}
