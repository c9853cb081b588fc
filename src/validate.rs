//! Validate: checks the raw documents and builds the `Meeting` model, gathering every
//! problem.
//!
//! Each check adds a diagnostic and goes on, so one run lists everything to fix. A file
//! that failed to load is left out of the checks that would only repeat its failure (a
//! ledger id in a region whose file is broken is not called stale).

mod acronyms;
mod ledger;
mod prose;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Error};
use crate::load::{self, Document, RawProject, SOURCES};
use crate::model::{Meeting, RecId, Recommendation, Region, RegionFile};

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
    check_meeting(&raw, &mut problems);
    for (i, region) in raw.regions.iter().enumerate() {
        if let Some(doc) = region {
            check_region(&raw, &known, i, doc, &mut problems);
        }
    }
    check_unlisted_region_files(&raw, &mut problems);
    check_reference_files(&raw, &known, &mut problems);
    if let Some(ledger) = &raw.ledger {
        ledger::check(&known, ledger, &mut problems);
    }
    acronyms::check(&raw, &mut problems);
    prose::check(&raw, &mut problems);

    sort(&mut problems);
    if problems.iter().any(Diagnostic::is_error) {
        return Err(Error::Invalid(problems));
    }
    Ok((build(raw), problems))
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

fn check_meeting(raw: &RawProject, problems: &mut Vec<Diagnostic>) {
    let doc = &raw.meeting;
    let m = &doc.value;
    for (path, value) in [
        ("title", &m.title),
        ("short_title", &m.short_title),
        ("theme", &m.theme),
    ] {
        empty_text(doc, path, value, &format!("`{path}`"), problems);
    }
    let start = check_date(doc, "dates.start", &m.dates.start, problems);
    let end = check_date(doc, "dates.end", &m.dates.end, problems);
    if let (Some(start), Some(end)) = (start, end)
        && end < start
    {
        problems.push(
            doc.error_at(
                "dates.end",
                format!(
                    "the meeting ends ({}) before it starts ({})",
                    m.dates.end, m.dates.start
                ),
            )
            .with_help("`end` is the last day; for a one-day meeting it equals `start`"),
        );
    }
    if m.regions.is_empty() {
        problems.push(
            doc.error_at_key("regions", "no regions")
                .with_help("list the breakout groups under `regions:`"),
        );
    }
    for (i, r) in m.regions.iter().enumerate() {
        check_id(doc, &format!("regions[{i}].id"), &r.id, "region", problems);
        empty_text(
            doc,
            &format!("regions[{i}].name"),
            &r.name,
            "region name",
            problems,
        );
    }
    duplicates(
        doc,
        "regions",
        m.regions.iter().map(|r| r.id.clone()).enumerate(),
        "region",
        "id",
        problems,
    );
    duplicates(
        doc,
        "regions",
        m.regions.iter().map(|r| r.file.clone()).enumerate(),
        "region",
        "file",
        problems,
    );
    if m.categories.is_empty() {
        problems.push(
            doc.error_at_key("categories", "no categories")
                .with_help("list the categories of recommendations under `categories:`"),
        );
    }
    for (i, c) in m.categories.iter().enumerate() {
        check_id(
            doc,
            &format!("categories[{i}].id"),
            &c.id,
            "category",
            problems,
        );
        empty_text(
            doc,
            &format!("categories[{i}].title"),
            &c.title,
            "category title",
            problems,
        );
    }
    duplicates(
        doc,
        "categories",
        m.categories.iter().map(|c| c.id.clone()).enumerate(),
        "category",
        "id",
        problems,
    );
    if let Some(min) = m.cross_regional.min_regions
        && (min == 0 || min > m.regions.len())
    {
        problems.push(
            doc.error_at(
                "cross_regional.min_regions",
                format!(
                    "`min_regions` is {min}, but the meeting has {} regions",
                    m.regions.len()
                ),
            )
            .with_help(format!(
                "use a number from 1 to {}, or leave it out to require every region",
                m.regions.len()
            )),
        );
    }
}

/// Checks a YYYY-MM-DD date and gives it as a comparable triple.
fn check_date<T>(
    doc: &Document<T>,
    path: &str,
    value: &str,
    problems: &mut Vec<Diagnostic>,
) -> Option<(u32, u32, u32)> {
    let parsed = parse_date(value);
    if parsed.is_none() {
        problems.push(
            doc.error_at(path, format!("`{value}` is not a date"))
                .with_help("write dates as YYYY-MM-DD, e.g. 2017-10-10"),
        );
    }
    parsed
}

fn parse_date(value: &str) -> Option<(u32, u32, u32)> {
    let bytes = value.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let num = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    let (y, m, d) = (num(&value[..4])?, num(&value[5..7])?, num(&value[8..])?);
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&d).then_some((y, m, d))
}

fn check_region(
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

/// Checks a list of ids against the ids a reference file defines (`None`: that file is
/// broken and already reported).
fn references<T>(
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

fn check_unlisted_region_files(raw: &RawProject, problems: &mut Vec<Diagnostic>) {
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

fn check_reference_files(raw: &RawProject, known: &Known, problems: &mut Vec<Diagnostic>) {
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

/// Builds the checked model; only called once every check has passed.
fn build(raw: RawProject) -> Meeting {
    let info = raw.meeting.value;
    let regions = info
        .regions
        .iter()
        .zip(raw.regions)
        .filter_map(|(listed, doc)| {
            let file = doc?.value;
            Some(Region {
                id: listed.id.clone(),
                name: listed.name.clone(),
                prose_name: listed
                    .prose_name
                    .clone()
                    .unwrap_or_else(|| listed.name.clone()),
                overview: file.overview,
                recommendations: file
                    .recommendations
                    .into_iter()
                    .map(|r| Recommendation {
                        id: RecId {
                            region: listed.id.clone(),
                            id: r.id,
                        },
                        category: r.category,
                        title: r.title,
                        text: r.text,
                        themes: r.themes,
                        mechanisms: r.mechanisms,
                    })
                    .collect(),
            })
        })
        .collect();
    Meeting {
        root: raw.root,
        regions,
        acronyms: raw.acronyms.map(|d| d.value.acronyms).unwrap_or_default(),
        themes: raw.themes.map(|d| d.value.themes).unwrap_or_default(),
        mechanisms: raw
            .mechanisms
            .map(|d| d.value.mechanisms)
            .unwrap_or_default(),
        survey: raw.survey.map(|d| d.value),
        ledger: raw.ledger.map(|d| d.value).unwrap_or_default(),
        prose: raw
            .prose
            .into_iter()
            .map(|(key, source)| (key, source.text))
            .collect(),
        info,
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

    #[test]
    fn parses_calendar_dates_only() {
        assert_eq!(parse_date("2017-10-10"), Some((2017, 10, 10)));
        assert_eq!(parse_date("2016-02-29"), Some((2016, 2, 29)));
        assert_eq!(parse_date("2017-02-29"), None);
        assert_eq!(parse_date("2017-13-01"), None);
        assert_eq!(parse_date("10/10/2017"), None);
        assert_eq!(parse_date("2017-1-10"), None);
    }
}
