//! Acronyms used in the text but missing from `sources/acronyms.yaml`: warnings, so that
//! the report's list of acronyms is complete.
//!
//! An acronym is a word of capitals and digits with at least two characters, starting with
//! a capital ("GFMD", "G20"); a trailing lower-case "s" is the plural ("SDGs" is "SDG").
//! Roman numerals ("Annex III") and United Nations document symbols ("A/RES/71/1",
//! "A/CONF.227/L.1") are not acronyms. A word counts as listed when it is an
//! acronym's term, a word inside a multi-word term ("UN" in "UN DESA"), or a mechanism id.

use std::collections::{BTreeMap, HashSet};

use crate::diag::Diagnostic;
use crate::load::{Document, RawProject, SOURCES, Source};
use crate::model::Position;

pub(super) fn check(raw: &RawProject, problems: &mut Vec<Diagnostic>) {
    let failed = |name: &str| {
        raw.failed
            .contains(&std::path::Path::new(SOURCES).join(name))
    };
    if failed("acronyms.yaml") || failed("mechanisms.yaml") {
        // The list is unknown: every acronym would look missing.
        return;
    }
    let known = known_words(raw);
    for doc in raw.regions.iter().flatten() {
        let mut found = Found::default();
        if let Some(overview) = &doc.value.overview {
            found.scan_value(doc, "overview", overview, &known);
        }
        for (j, r) in doc.value.recommendations.iter().enumerate() {
            found.scan_value(
                doc,
                &format!("recommendations[{j}].title"),
                &r.title,
                &known,
            );
            if let Some(text) = &r.text {
                found.scan_value(doc, &format!("recommendations[{j}].text"), text, &known);
            }
        }
        found.report(&doc.source, problems);
    }
    if let Some(doc) = &raw.ledger {
        let mut found = Found::default();
        for (i, r) in doc.value.recommendations.iter().enumerate() {
            found.scan_value(
                doc,
                &format!("recommendations[{i}].title"),
                &r.title,
                &known,
            );
            for (k, h) in r.highlights.iter().enumerate() {
                found.scan_value(
                    doc,
                    &format!("recommendations[{i}].highlights[{k}]"),
                    h,
                    &known,
                );
            }
            if let Some(text) = &r.discussion {
                found.scan_value(
                    doc,
                    &format!("recommendations[{i}].discussion"),
                    text,
                    &known,
                );
            }
        }
        for (category, items) in &doc.value.highlights {
            for (k, item) in items.iter().enumerate() {
                if let crate::model::HighlightItem::Text { text } = item {
                    found.scan_value(
                        doc,
                        &format!("highlights.{category}[{k}].text"),
                        text,
                        &known,
                    );
                }
            }
        }
        found.report(&doc.source, problems);
    }
    for (_, source) in &raw.prose {
        let mut found = Found::default();
        for (start, word) in acronyms_in(&source.text) {
            if !known.contains(word) {
                found.add(word, position_of(&source.text, start));
            }
        }
        found.report(source, problems);
    }
}

/// Every word of every acronym term, and every mechanism id and its words.
fn known_words(raw: &RawProject) -> HashSet<String> {
    let mut known = HashSet::new();
    let mut add = |phrase: &str| {
        known.insert(phrase.to_owned());
        for (_, word) in words(phrase) {
            known.insert(word.to_owned());
            known.insert(singular(word).to_owned());
        }
    };
    if let Some(doc) = &raw.acronyms {
        for a in &doc.value.acronyms {
            add(&a.term);
        }
    }
    if let Some(doc) = &raw.mechanisms {
        for m in &doc.value.mechanisms {
            add(&m.id);
        }
    }
    known
}

/// Unknown acronyms of one file: first position and number of uses, by acronym.
#[derive(Default)]
struct Found {
    uses: BTreeMap<String, (Position, usize)>,
}

impl Found {
    fn add(&mut self, word: &str, at: Position) {
        let entry = self.uses.entry(word.to_owned()).or_insert((at, 0));
        entry.1 += 1;
    }

    /// Scans a YAML text value, pointing each use at its place in the file: the value's
    /// text appears in the file from the value's position on, give or take line breaks.
    fn scan_value<T>(
        &mut self,
        doc: &Document<T>,
        path: &str,
        value: &str,
        known: &HashSet<String>,
    ) {
        let text = &doc.source.text;
        let start = doc.spans.value(path);
        let mut from = start.map_or(0, |p| offset_of(text, p));
        for (_, word) in acronyms_in(value) {
            if known.contains(word) {
                continue;
            }
            let at = match find_word(text, from, word) {
                Some(found) => {
                    from = found + word.len();
                    Some(position_of(text, found))
                }
                None => start,
            };
            self.add(word, at.unwrap_or(Position { line: 1, column: 1 }));
        }
    }

    fn report(self, source: &Source, problems: &mut Vec<Diagnostic>) {
        for (word, (at, count)) in self.uses {
            let more = match count {
                1 => String::new(),
                n => format!(" (used {n} times in this file)"),
            };
            problems.push(
                source
                    .warning(Some(at), format!("acronym `{word}` is not in the list of acronyms{more}"))
                    .with_help(format!(
                        "add `- term: {word}` with its `meaning` to {SOURCES}/acronyms.yaml, so the report's list of acronyms is complete"
                    )),
            );
        }
    }
}

/// Maximal runs of letters and digits, with their byte offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    // Offsets from the pointers: `split` gives subslices of `text`.
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

/// "SDGs" -> "SDG"; anything else unchanged.
fn singular(word: &str) -> &str {
    match word.strip_suffix('s') {
        Some(stem)
            if stem.len() >= 2
                && stem
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            stem
        }
        _ => word,
    }
}

fn is_acronym(word: &str) -> bool {
    let mut chars = word.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_ascii_uppercase()
        && word.len() >= 2
        && word
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
        && !is_roman_numeral(word)
}

/// A well-formed Roman numeral: "III", "XIV", "MMXVII"; not "IDM" or "CIVIC".
fn is_roman_numeral(word: &str) -> bool {
    fn value(c: char) -> Option<u32> {
        Some(match c {
            'I' => 1,
            'V' => 5,
            'X' => 10,
            'L' => 50,
            'C' => 100,
            'D' => 500,
            'M' => 1000,
            _ => return None,
        })
    }
    let Some(digits) = word.chars().map(value).collect::<Option<Vec<u32>>>() else {
        return false;
    };
    let total: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, &d)| match digits.get(i + 1) {
            Some(&next) if next > d => 0u32.wrapping_sub(d),
            _ => d,
        })
        .fold(0u32, u32::wrapping_add);
    // Well-formed means canonical: writing the value back gives the same letters.
    (1..4000).contains(&total) && roman(total) == word
}

fn roman(mut n: u32) -> String {
    const PARTS: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, letters) in PARTS {
        while n >= v {
            out.push_str(letters);
            n -= v;
        }
    }
    out
}

/// The acronyms of a text (singular), skipping template code and web addresses.
fn acronyms_in(text: &str) -> Vec<(usize, &str)> {
    let skipped = skipped_ranges(text);
    words(text)
        .filter(|(start, _)| !skipped.iter().any(|r| r.contains(start)))
        .map(|(start, w)| (start, singular(w)))
        .filter(|(_, w)| is_acronym(w))
        .collect()
}

/// MiniJinja tags (`{{ }}`, `{% %}`, `{# #}`), web addresses and United Nations document
/// symbols (a capital series letter, then `/`: "A/RES/71/1") hold no prose.
fn skipped_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    for (start, token) in text
        .split(char::is_whitespace)
        .map(|t| (t.as_ptr() as usize - text.as_ptr() as usize, t))
    {
        let symbol = token.trim_start_matches(|c: char| "([".contains(c));
        let mut chars = symbol.chars();
        if chars.next().is_some_and(|c| c.is_ascii_uppercase()) && chars.next() == Some('/') {
            ranges.push(start..start + token.len());
        }
    }
    for (open, close) in [("{{", "}}"), ("{%", "%}"), ("{#", "#}")] {
        let mut from = 0;
        while let Some(i) = text[from..].find(open) {
            let start = from + i;
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |j| start + j + close.len());
            ranges.push(start..end);
            from = end;
        }
    }
    let mut from = 0;
    while let Some(i) = text[from..].find("://") {
        let at = from + i;
        let start = text[..at]
            .rfind(|c: char| c.is_whitespace() || "(<[".contains(c))
            .map_or(0, |j| j + 1);
        let end = text[at..]
            .find(|c: char| c.is_whitespace() || ")>]".contains(c))
            .map_or(text.len(), |j| at + j);
        ranges.push(start..end);
        from = end.max(at + 3);
    }
    ranges
}

/// The first whole-word occurrence of `word` (or its plural) at or after byte `from`.
fn find_word(text: &str, from: usize, word: &str) -> Option<usize> {
    let mut at = from.min(text.len());
    while let Some(i) = text.get(at..)?.find(word) {
        let start = at + i;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let mut after = text[end..].chars();
        let next = match after.next() {
            Some('s') => after.next(),
            c => c,
        };
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(next) {
            return Some(start);
        }
        at = end;
    }
    None
}

fn offset_of(text: &str, p: Position) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(p.line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line = &text[line_start..];
    line_start
        + line
            .char_indices()
            .nth(p.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i)
}

fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset];
    Position {
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        acronyms_in(text).into_iter().map(|(_, w)| w).collect()
    }

    #[test]
    fn finds_acronyms_plurals_and_digits() {
        assert_eq!(
            found("The SDGs and the G20 met the IOM's GFMD."),
            ["SDG", "G20", "IOM", "GFMD"]
        );
    }

    #[test]
    fn ignores_roman_numerals_ordinary_words_and_template_code() {
        assert_eq!(
            found("Annex III. A Global compact {{ GRCP }} see https://x.org/GFMD I"),
            Vec::<&str>::new()
        );
        assert_eq!(found("MMXVII and XIV, but IDM and CIVIC"), ["IDM", "CIVIC"]);
    }

    #[test]
    fn ignores_united_nations_document_symbols() {
        assert_eq!(
            found("Resolution A/RES/71/1 and (A/CONF.227/L.1) of the UNGA"),
            ["UNGA"]
        );
    }

    #[test]
    fn knows_words_of_multi_word_terms_and_plurals() {
        let mut known = HashSet::new();
        for phrase in ["UN DESA", "SDG", "Bali Process"] {
            known.insert(phrase.to_owned());
            for (_, word) in words(phrase) {
                known.insert(singular(word).to_owned());
            }
        }
        let unknown: Vec<&str> = acronyms_in("UN DESA and UN agencies track SDGs; the ILO too.")
            .into_iter()
            .map(|(_, w)| w)
            .filter(|w| !known.contains(*w))
            .collect();
        assert_eq!(unknown, ["ILO"]);
    }

    #[test]
    fn finds_whole_words_with_plurals() {
        assert_eq!(find_word("SDGSX SDGs", 0, "SDG"), Some(6));
        assert_eq!(position_of("a\nbc SDG", 5), Position { line: 2, column: 4 });
        assert_eq!(offset_of("a\nbc SDG", Position { line: 2, column: 4 }), 5);
    }
}
