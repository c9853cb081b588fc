//! Validate: checks the raw documents and builds the `Meeting` model, gathering every
//! problem.
//!
//! Each check adds a diagnostic and goes on, so one run lists everything to fix. A file
//! that failed to load is left out of the checks that would only repeat its failure (a
//! ledger id in a region whose file is broken is not called stale).
//!
//! This module holds the entry points, the order of the checks and the helpers they share
//! (ids, duplicates, help lines); each file's checks live in a submodule (`meeting`,
//! `regions`, `references`, `ledger`, `acronyms`, `prose`) and `build` turns the checked
//! documents into the model.

mod acronyms;
mod build;
mod ledger;
mod meeting;
mod prose;
mod references;
mod regions;

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::diag::{Diagnostic, Error};
use crate::load::{self, Document, RawProject, SOURCES};
use crate::model::Meeting;

/// Loads and checks the project at `root`.
///
/// Gives the checked meeting and its warnings, or `Error::Invalid` with every problem
/// found (errors and warnings, in file and line order), or `Error::Failed` when the
/// project folder itself is missing.
pub fn load_project(root: &Path) -> Result<(Meeting, Vec<Diagnostic>), Error> {
    validate(load::load(root)?)
}

/// Checks loaded documents and builds the meeting model.
pub fn validate(raw: RawProject) -> Result<(Meeting, Vec<Diagnostic>), Error> {
    let mut problems = raw.problems.clone();
    let known = Known::gather(&raw);
    meeting::check_meeting(&raw, &mut problems);
    for (i, region) in raw.regions.iter().enumerate() {
        if let Some(doc) = region {
            regions::check_region(&raw, &known, i, doc, &mut problems);
        }
    }
    regions::check_unlisted_region_files(&raw, &mut problems);
    references::check_reference_files(&raw, &known, &mut problems);
    if let Some(ledger) = &raw.ledger {
        ledger::check(&known, ledger, &mut problems);
    }
    acronyms::check(&raw, &mut problems);
    prose::check(&raw, &mut problems);

    sort(&mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok((build::build(raw), problems))
}

/// Diagnostics in a stable order: by file, then line and column; those without a file
/// first.
fn sort(problems: &mut [Diagnostic]) {
    problems.sort_by(|a, b| {
        let key = |d: &Diagnostic| (d.file.clone(), d.position.map(|p| (p.line, p.column)));
        key(a).cmp(&key(b))
    });
}

/// The closest candidate to a misspelt word, if one is close enough to suggest.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| !c.is_empty() && *c != word)
        .map(|c| (strsim::osa_distance(&word_lower, &c.to_lowercase()), c))
        .filter(|(distance, c)| {
            let longest = word.chars().count().max(c.chars().count());
            *distance <= (longest / 3).max(1)
        })
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// "did you mean `x`? " when there is a close candidate, else "".
fn suggestion<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    did_you_mean(word, candidates).map_or_else(String::new, |c| format!("did you mean `{c}`? "))
}

/// Adds the help line for an id that meeting.yaml does not define: the closest one, if
/// any, and the ones it does define (`kinds`: "categories", "regions").
fn unknown_in_meeting(d: Diagnostic, id: &str, kinds: &str, valid: &[String]) -> Diagnostic {
    d.with_help(format!(
        "{}{kinds} are {} (from {SOURCES}/meeting.yaml)",
        suggestion(id, valid.iter().map(String::as_str)),
        listing(valid.iter().map(String::as_str))
    ))
}

/// `a`, `b`, `c`: a list of ids for a help line, shortened when long.
fn listing<'a>(items: impl IntoIterator<Item = &'a str>) -> String {
    let items: Vec<&str> = items.into_iter().collect();
    let shown: Vec<String> = items.iter().take(12).map(|s| format!("`{s}`")).collect();
    let mut out = shown.join(", ");
    if items.len() > shown.len() {
        out.push_str(&format!(" and {} more", items.len() - shown.len()));
    }
    if out.is_empty() {
        out.push_str("none");
    }
    out
}

/// The ids other files may refer to.
pub(crate) struct Known {
    regions: Vec<String>,
    categories: Vec<String>,
    /// `None`: themes.yaml exists but failed to load, so references cannot be checked.
    themes: Option<Vec<String>>,
    mechanisms: Option<Vec<String>>,
    /// Every recommendation id, "region/id", with its category.
    recommendations: HashMap<String, String>,
    /// Regions whose file failed to load: ids in them are not known either way.
    unloaded_regions: BTreeSet<String>,
}

impl Known {
    fn gather(raw: &RawProject) -> Known {
        let meeting = &raw.meeting.value;
        let failed = |name: &str| {
            raw.failed
                .iter()
                .any(|p| p == &Path::new(SOURCES).join(name))
        };
        let themes = if failed("themes.yaml") {
            None
        } else {
            Some(
                raw.themes
                    .iter()
                    .flat_map(|d| d.value.themes.iter().map(|t| t.id.clone()))
                    .collect(),
            )
        };
        let mechanisms = if failed("mechanisms.yaml") {
            None
        } else {
            Some(
                raw.mechanisms
                    .iter()
                    .flat_map(|d| d.value.mechanisms.iter().map(|m| m.id.clone()))
                    .collect(),
            )
        };
        let mut recommendations = HashMap::new();
        let mut unloaded_regions = BTreeSet::new();
        for (region, doc) in meeting.regions.iter().zip(&raw.regions) {
            match doc {
                Some(doc) => {
                    for r in &doc.value.recommendations {
                        recommendations
                            .entry(format!("{}/{}", region.id, r.id))
                            .or_insert_with(|| r.category.clone());
                    }
                }
                None => {
                    unloaded_regions.insert(region.id.clone());
                }
            }
        }
        Known {
            regions: meeting.regions.iter().map(|r| r.id.clone()).collect(),
            categories: meeting.categories.iter().map(|c| c.id.clone()).collect(),
            themes,
            mechanisms,
            recommendations,
            unloaded_regions,
        }
    }

    fn has_category(&self, id: &str) -> bool {
        self.categories.iter().any(|c| c == id)
    }
}

/// Reports each id that appears twice, pointing at both places: `what` names the entries
/// ("recommendation"), `field` the key that must be unique ("id").
fn duplicates<T>(
    doc: &Document<T>,
    list_path: &str,
    ids: impl IntoIterator<Item = (usize, String)>,
    what: &str,
    field: &str,
    problems: &mut Vec<Diagnostic>,
) {
    duplicates_with(doc, list_path, ids, field, problems, |id| {
        (
            format!("duplicate {what} {field} `{id}`"),
            format!("give each {what} its own {field}"),
        )
    });
}

/// Like `duplicates`, with the message and help line made by `words(id)`.
fn duplicates_with<T>(
    doc: &Document<T>,
    list_path: &str,
    ids: impl IntoIterator<Item = (usize, String)>,
    field: &str,
    problems: &mut Vec<Diagnostic>,
    words: impl Fn(&str) -> (String, String),
) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for (i, id) in ids {
        match first.get(&id) {
            Some(&j) => {
                let here = format!("{list_path}[{i}].{field}");
                let there = format!("{list_path}[{j}].{field}");
                let (message, help) = words(&id);
                problems.push(
                    doc.error_at(&here, message)
                        .with_related(
                            &doc.source.path,
                            &doc.source.text,
                            doc.spans.value(&there),
                            "first defined here",
                        )
                        .with_help(help),
                );
            }
            None => {
                first.insert(id, i);
            }
        }
    }
}

fn empty_text<T>(
    doc: &Document<T>,
    path: &str,
    value: &str,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if value.trim().is_empty() {
        problems.push(
            doc.error_at_key(path, format!("empty {what}"))
                .with_help(format!("write the {what}, or remove the entry")),
        );
    }
}

/// An id others refer to: non-empty, and without `/`, which joins region and
/// recommendation ids.
fn check_id<T>(
    doc: &Document<T>,
    path: &str,
    id: &str,
    what: &str,
    problems: &mut Vec<Diagnostic>,
) {
    if id.trim().is_empty() {
        problems.push(
            doc.error_at_key(path, format!("empty {what} id"))
                .with_help("give it a short id such as `af-rights`"),
        );
    } else if id.contains('/') || id.chars().any(char::is_whitespace) {
        problems.push(
            doc.error_at(path, format!("{what} id `{id}` contains `/` or a space"))
                .with_help(
                    "use letters, digits and `-` only: `/` joins region and recommendation ids",
                ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_candidates_only() {
        let cats = ["priority", "follow-up"];
        assert_eq!(did_you_mean("priorty", cats), Some("priority"));
        assert_eq!(did_you_mean("followup", cats), Some("follow-up"));
        assert_eq!(did_you_mean("urgent", cats), None);
    }
}
