//! Template filters for the house style of UN documents: list punctuation, dates, numbers
//! in words and lists of regions.
//!
//! Each filter is a plain function with unit tests; `register` wires them into MiniJinja.
//! Filters that build markup from several values escape the plain ones themselves and
//! return a safe string, so the auto-escape does not escape their joins twice.

use minijinja::value::{Value, ValueKind};
use minijinja::{Environment, Error, ErrorKind};

use super::escape;

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A calendar date as the sources write it (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date {
    pub year: i32,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let year = parts.next()?.parse().ok()?;
        let month: u8 = parts.next()?.parse().ok()?;
        let day: u8 = parts.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    fn month_name(self) -> &'static str {
        MONTHS[usize::from(self.month - 1)]
    }
}

/// "11 October 2017".
pub fn long_date(date: Date) -> String {
    format!("{} {} {}", date.day, date.month_name(), date.year)
}

/// "October 2017".
pub fn month_year(date: Date) -> String {
    format!("{} {}", date.month_name(), date.year)
}

/// The dates of a meeting as UN documents write them: "10 October 2017", "10 and 11
/// October 2017", "10–12 October 2017", "30 October – 2 November 2017".
pub fn meeting_dates(start: Date, end: Date) -> String {
    if start >= end {
        return long_date(start);
    }
    let two_days = (start.year, start.month) == (end.year, end.month) && end.day == start.day + 1;
    if (start.year, start.month) == (end.year, end.month) {
        let joint = if two_days { " and " } else { "\u{2013}" };
        format!("{}{joint}{}", start.day, long_date(end))
    } else if start.year == end.year {
        format!(
            "{} {} \u{2013} {}",
            start.day,
            start.month_name(),
            long_date(end)
        )
    } else {
        format!("{} \u{2013} {}", long_date(start), long_date(end))
    }
}

/// "1st", "2nd", "3rd", "11th", "22nd".
pub fn ordinal(n: i64) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

const WORDS: [&str; 21] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
];
const ORDINAL_WORDS: [&str; 21] = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
    "thirteenth",
    "fourteenth",
    "fifteenth",
    "sixteenth",
    "seventeenth",
    "eighteenth",
    "nineteenth",
    "twentieth",
];

/// Numbers up to twenty in words, as UN style writes them in running text; digits above.
pub fn spelled(n: i64) -> String {
    usize::try_from(n)
        .ok()
        .and_then(|i| WORDS.get(i))
        .map_or_else(|| n.to_string(), |w| (*w).to_owned())
}

/// "seventh"; "21st" above twenty.
pub fn ordinal_word(n: i64) -> String {
    usize::try_from(n)
        .ok()
        .and_then(|i| ORDINAL_WORDS.get(i))
        .map_or_else(|| ordinal(n), |w| (*w).to_owned())
}

/// Strips the punctuation (and a trailing "and") a list item may already end with, so the
/// list punctuation is applied once. Items are markup: an escaped full stop (`\.`) loses
/// its backslash with it, and an escaped backslash before a full stop stays.
fn bare(item: &str) -> &str {
    let mut text = item.trim_end();
    loop {
        if let Some(rest) = text.strip_suffix(" and") {
            text = rest.trim_end();
            continue;
        }
        let Some(last) = text.chars().last().filter(|c| matches!(c, ';' | ',' | '.')) else {
            return text;
        };
        let rest = &text[..text.len() - last.len_utf8()];
        let backslashes = rest.len() - rest.trim_end_matches('\\').len();
        text = if backslashes % 2 == 1 {
            &rest[..rest.len() - 1]
        } else {
            rest
        };
        text = text.trim_end();
    }
}

/// The items of a UN list, punctuated: each ends with a semicolon, the last starts with
/// "and" and ends with a full stop ("a;", "b;", "and c."). A single item just gets the
/// full stop. Items that already start with "and " keep theirs.
pub fn un_list_items(items: &[String]) -> Vec<String> {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = bare(item);
            if i + 1 < n {
                format!("{text};")
            } else if n > 1 && !text.starts_with("and ") {
                format!("and {text}.")
            } else {
                format!("{text}.")
            }
        })
        .collect()
}

/// The items of a lettered UN list, where "and" closes the last but one item, before the
/// last letter ("a. x;", "b. y; and", "c. z.").
pub fn un_lettered_items(items: &[String]) -> Vec<String> {
    let n = items.len();
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let text = bare(item);
            if i + 2 == n {
                format!("{text}; and")
            } else if i + 1 < n {
                format!("{text};")
            } else {
                format!("{text}.")
            }
        })
        .collect()
}

/// A list of names in running text: "A and B", "A, B, and C". The comma before "and"
/// keeps the last name apart when it has commas of its own ("Asia, Pacific and the
/// Middle East").
pub fn series(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [a, b] => format!("{a} and {b}"),
        [init @ .., last] => format!("{}, and {last}", init.join(", ")),
    }
}

/// The text with its first letter in lower case, for titles used inside a sentence.
pub fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// "a", "b", ... "z", "aa": letters for lettered lists.
pub fn letter(n: i64) -> String {
    let mut n = n.max(1) as u64;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'a' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

fn date_arg(value: &Value) -> Result<Date, Error> {
    let text = value.as_str().unwrap_or_default();
    Date::parse(text).ok_or_else(|| invalid(format!("`{value}` is not a date (YYYY-MM-DD)")))
}

/// A value as markup: safe strings are markup already, anything else is text to escape.
fn as_markup(value: &Value) -> String {
    if value.is_safe() {
        value.as_str().unwrap_or_default().to_owned()
    } else {
        escape::markup(&value.to_string())
    }
}

fn markup_items(value: &Value) -> Result<Vec<String>, Error> {
    if value.kind() != ValueKind::Seq {
        return Err(invalid(format!("expected a list, got {}", value.kind())));
    }
    Ok(value.try_iter()?.map(|v| as_markup(&v)).collect())
}

pub fn register(env: &mut Environment<'_>) {
    env.add_filter("long_date", |v: Value| date_arg(&v).map(long_date));
    env.add_filter("month_year", |v: Value| date_arg(&v).map(month_year));
    env.add_filter("meeting_dates", |v: Value| -> Result<String, Error> {
        let start = date_arg(&v.get_attr("start")?)?;
        let end = date_arg(&v.get_attr("end")?)?;
        Ok(meeting_dates(start, end))
    });
    env.add_filter("ordinal", ordinal);
    env.add_filter("ordinal_word", ordinal_word);
    env.add_filter("spelled", spelled);
    env.add_filter("letter", letter);
    env.add_filter("lower_first", |s: String| lower_first(&s));
    // Markup-building filters: escape plain items, return markup.
    env.add_filter("un_list", |v: Value| -> Result<Vec<Value>, Error> {
        let items = markup_items(&v)?;
        Ok(un_list_items(&items)
            .into_iter()
            .map(Value::from_safe_string)
            .collect())
    });
    env.add_filter("un_lettered", |v: Value| -> Result<Vec<Value>, Error> {
        let items = markup_items(&v)?;
        Ok(un_lettered_items(&items)
            .into_iter()
            .map(Value::from_safe_string)
            .collect())
    });
    env.add_filter("un_join", |v: Value| -> Result<Value, Error> {
        let items = markup_items(&v)?;
        Ok(Value::from_safe_string(un_list_items(&items).join(" ")))
    });
    let series_filter = |v: Value| -> Result<Value, Error> {
        Ok(Value::from_safe_string(series(&markup_items(&v)?)))
    };
    env.add_filter("series", series_filter);
    // The name the documents' style guide uses for it.
    env.add_filter("region_list", series_filter);
    // A Typst string literal, for values used in code: `title: {{ x | typst_str }}`.
    env.add_filter("typst_str", |v: Value| {
        Value::from_safe_string(escape::string(&v.to_string()))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).unwrap()
    }

    #[test]
    fn meeting_dates_follow_un_style() {
        assert_eq!(
            meeting_dates(d("2017-10-10"), d("2017-10-11")),
            "10 and 11 October 2017"
        );
        assert_eq!(
            meeting_dates(d("2017-10-10"), d("2017-10-10")),
            "10 October 2017"
        );
        assert_eq!(
            meeting_dates(d("2017-10-10"), d("2017-10-12")),
            "10\u{2013}12 October 2017"
        );
        assert_eq!(
            meeting_dates(d("2017-10-30"), d("2017-11-02")),
            "30 October \u{2013} 2 November 2017"
        );
        assert_eq!(
            meeting_dates(d("2017-12-31"), d("2018-01-01")),
            "31 December 2017 \u{2013} 1 January 2018"
        );
    }

    #[test]
    fn long_dates_and_months() {
        assert_eq!(long_date(d("2017-10-11")), "11 October 2017");
        assert_eq!(month_year(d("2017-10-11")), "October 2017");
        assert_eq!(Date::parse("2017-13-01"), None);
        assert_eq!(Date::parse("11 October"), None);
    }

    #[test]
    fn ordinals_and_words() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map(ordinal).into();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"
            ]
        );
        assert_eq!(spelled(5), "five");
        assert_eq!(spelled(25), "25");
        assert_eq!(ordinal_word(7), "seventh");
        assert_eq!(ordinal_word(23), "23rd");
    }

    #[test]
    fn un_list_punctuation() {
        let items: Vec<String> = ["ensure a", "facilitate b;", "enhance c."]
            .map(String::from)
            .into();
        assert_eq!(
            un_list_items(&items),
            ["ensure a;", "facilitate b;", "and enhance c."]
        );
        assert_eq!(un_list_items(&["only".to_owned()]), ["only."]);
        assert_eq!(
            un_list_items(&["x".to_owned(), "and y".to_owned()]),
            ["x;", "and y."]
        );
        assert!(un_list_items(&[]).is_empty());
    }

    #[test]
    fn lettered_lists_put_and_before_the_last_letter() {
        let items: Vec<String> = ["x.", "y; and", "z"].map(String::from).into();
        assert_eq!(un_lettered_items(&items), ["x;", "y; and", "z."]);
    }

    #[test]
    fn escaped_full_stops_are_stripped_with_their_backslash() {
        assert_eq!(bare("in 2017\\."), "in 2017");
        assert_eq!(bare("path \\\\."), "path \\\\");
    }

    #[test]
    fn region_series_uses_a_serial_comma() {
        let regions: Vec<String> = [
            "Africa",
            "the Americas",
            "Europe",
            "Asia, Pacific and the Middle East",
        ]
        .map(String::from)
        .into();
        assert_eq!(
            series(&regions),
            "Africa, the Americas, Europe, and Asia, Pacific and the Middle East"
        );
        assert_eq!(series(&regions[..2]), "Africa and the Americas");
        assert_eq!(series(&regions[..1]), "Africa");
    }

    #[test]
    fn lower_first_letter() {
        assert_eq!(
            lower_first("Priorities for inclusion"),
            "priorities for inclusion"
        );
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn letters() {
        assert_eq!([1, 2, 26, 27].map(letter), ["a", "b", "z", "aa"]);
    }

    #[test]
    fn markup_filters_escape_plain_items_once() {
        let mut env = Environment::new();
        register(&mut env);
        let out = env
            .render_str(
                "{{ items | un_join }}",
                minijinja::context! { items => vec!["#a", "b*"] },
            )
            .unwrap();
        assert_eq!(out, "\\#a; and b\\*.");
    }
}
