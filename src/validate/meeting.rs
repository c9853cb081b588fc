//! Checks of meeting.yaml itself: titles, dates, regions and categories, and the
//! `cross_regional` settings.
//!
//! Kept apart from the regional files' checks because meeting.yaml is what those files
//! are checked against.

use super::{check_id, duplicates, empty_text};
use crate::diag::Diagnostic;
use crate::load::{Document, RawProject};

pub(super) fn check_meeting(raw: &RawProject, problems: &mut Vec<Diagnostic>) {
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

#[cfg(test)]
mod tests {
    use super::*;

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
