//! Checks of the reference files (themes, mechanisms, acronyms, survey) and of the ids
//! other files take from them.
//!
//! `references` checks the theme and mechanism ids a recommendation cites; it lives here
//! with the checks of the files that define those ids.

use super::{Known, check_id, duplicates, empty_text, listing, suggestion, unknown_in_meeting};
use crate::diag::Diagnostic;
use crate::load::{Document, RawProject, SOURCES};

/// Checks a list of ids against the ids a reference file defines (`None`: that file is
/// broken and already reported).
pub(super) fn references<T>(
    doc: &Document<T>,
    path: &str,
    ids: &[String],
    valid: Option<&[String]>,
    what: &str,
    file: &str,
    problems: &mut Vec<Diagnostic>,
) {
    let Some(valid) = valid else { return };
    for (k, id) in ids.iter().enumerate() {
        if !valid.contains(id) {
            let help = if valid.is_empty() {
                format!("{SOURCES}/{file} defines no {what}s; add `{id}` there")
            } else {
                format!(
                    "{}add it to {SOURCES}/{file}, whose {what}s are {}",
                    suggestion(id, valid.iter().map(String::as_str)),
                    listing(valid.iter().map(String::as_str))
                )
            };
            problems.push(
                doc.error_at(&format!("{path}[{k}]"), format!("unknown {what} `{id}`"))
                    .with_help(help),
            );
        }
    }
}

pub(super) fn check_reference_files(
    raw: &RawProject,
    known: &Known,
    problems: &mut Vec<Diagnostic>,
) {
    if let Some(doc) = &raw.themes {
        for (i, t) in doc.value.themes.iter().enumerate() {
            check_id(doc, &format!("themes[{i}].id"), &t.id, "theme", problems);
            empty_text(
                doc,
                &format!("themes[{i}].title"),
                &t.title,
                "theme title",
                problems,
            );
        }
        duplicates(
            doc,
            "themes",
            doc.value.themes.iter().map(|t| t.id.clone()).enumerate(),
            "theme",
            "id",
            problems,
        );
    }
    if let Some(doc) = &raw.mechanisms {
        for (i, m) in doc.value.mechanisms.iter().enumerate() {
            empty_text(
                doc,
                &format!("mechanisms[{i}].id"),
                &m.id,
                "mechanism id",
                problems,
            );
            if let Some(region) = &m.region
                && !known.regions.contains(region)
            {
                problems.push(unknown_in_meeting(
                    doc.error_at(
                        &format!("mechanisms[{i}].region"),
                        format!("unknown region `{region}`"),
                    ),
                    region,
                    "regions",
                    &known.regions,
                ));
            }
        }
        duplicates(
            doc,
            "mechanisms",
            doc.value
                .mechanisms
                .iter()
                .map(|m| m.id.clone())
                .enumerate(),
            "mechanism",
            "id",
            problems,
        );
    }
    if let Some(doc) = &raw.acronyms {
        for (i, a) in doc.value.acronyms.iter().enumerate() {
            empty_text(
                doc,
                &format!("acronyms[{i}].term"),
                &a.term,
                "acronym",
                problems,
            );
            empty_text(
                doc,
                &format!("acronyms[{i}].meaning"),
                &a.meaning,
                "acronym meaning",
                problems,
            );
        }
        duplicates(
            doc,
            "acronyms",
            doc.value
                .acronyms
                .iter()
                .map(|a| a.term.clone())
                .enumerate(),
            "acronym",
            "term",
            problems,
        );
    }
    if let Some(doc) = &raw.survey {
        let s = &doc.value;
        let sum: u64 = s.by_type.iter().map(|g| u64::from(g.count)).sum();
        if sum != u64::from(s.respondents) {
            problems.push(
                doc.error_at(
                    "respondents",
                    format!(
                        "the counts in `by_type` add up to {sum}, not {} respondents",
                        s.respondents
                    ),
                )
                .with_help("correct `respondents` or the counts so that they agree"),
            );
        }
        if s.response_rate_percent > 100 {
            problems.push(
                doc.error_at(
                    "response_rate_percent",
                    format!("a response rate of {}%", s.response_rate_percent),
                )
                .with_help("give the share of entities asked that answered, from 0 to 100"),
            );
        }
    }
}
