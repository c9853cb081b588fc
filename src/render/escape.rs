//! Escaping of untrusted text for Typst.
//!
//! Everything that comes from the sources (titles, ledger wording, Markdown text) is data,
//! never markup: a recommendation that reads `#read("/etc/passwd")` must print exactly that.
//! Typst markup lets a backslash escape any character, so the markup escape puts one before
//! every character that could start syntax, wherever it stands; that also covers the
//! characters that only matter at the start of a line (`=`, `-`, `+`, `/`, `1.`), since a
//! value may land at the start of a line of the generated file.

/// Characters that start Typst syntax somewhere in markup.
/// Straight double quotes are included so that they print as typed rather than as curly
/// quotes (`#read("x")` must read exactly so); apostrophes keep Typst's typographic form.
const SPECIAL: &[char] = &[
    '\\', '#', '$', '*', '_', '@', '<', '>', '[', ']', '`', '~', '/', '=', '-', '+', '"',
];

/// Private-use characters the template loader uses to mark which template line produced an
/// output line; data must never contain them, or it could fake a line map entry.
pub(crate) const MARK_START: char = '\u{F8F0}';
pub(crate) const MARK_END: char = '\u{F8F1}';

/// Escapes plain text for Typst markup. Runs of whitespace that contain a line break become
/// one space: a plain value is one run of text, and a blank line inside it would otherwise
/// start a new paragraph in the middle of a sentence.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut chars = text.chars().peekable();
    let mut prev: Option<char> = None;
    while let Some(c) = chars.next() {
        match c {
            MARK_START | MARK_END => continue,
            '\r' | '\n' => {
                while chars.peek().is_some_and(|c| c.is_whitespace()) {
                    chars.next();
                }
                if !out.ends_with(' ') {
                    out.push(' ');
                }
                prev = Some(' ');
                continue;
            }
            c if SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            // `1.` at a line start is an enumeration, `...` an ellipsis.
            '.' if prev.is_some_and(|p| p.is_ascii_digit()) || chars.peek() == Some(&'.') => {
                out.push_str("\\.");
            }
            _ => out.push(c),
        }
        prev = Some(c);
    }
    out
}

/// A Typst string literal with the quotes, for values used in code (`document(title: ..)`).
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            MARK_START | MARK_END => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_special_character_gets_a_backslash() {
        assert_eq!(
            markup(r#"#read("/etc/passwd")"#),
            r#"\#read(\"\/etc\/passwd\")"#
        );
        assert_eq!(
            markup("$x$ *b* _i_ @ref <lbl>"),
            r"\$x\$ \*b\* \_i\_ \@ref \<lbl\>"
        );
        assert_eq!(markup("[a] `c` ~ \\"), r"\[a\] \`c\` \~ \\");
    }

    #[test]
    fn line_start_markers_are_escaped() {
        assert_eq!(markup("= heading"), r"\= heading");
        assert_eq!(markup("- item"), r"\- item");
        assert_eq!(markup("+ item"), r"\+ item");
        assert_eq!(markup("/ term: x"), r"\/ term: x");
        assert_eq!(markup("// comment"), r"\/\/ comment");
        assert_eq!(markup("1. first"), r"1\. first");
        assert_eq!(markup("wait..."), r"wait\.\..");
    }

    #[test]
    fn ordinary_punctuation_is_left_alone() {
        assert_eq!(
            markup("Migrants' rights, as agreed: yes."),
            "Migrants' rights, as agreed: yes."
        );
    }

    #[test]
    fn line_breaks_in_plain_values_become_one_space() {
        assert_eq!(markup("one\n\n  two\r\nthree"), "one two three");
    }

    #[test]
    fn marker_characters_are_dropped_from_data() {
        assert_eq!(markup("a\u{F8F0}1:2\u{F8F1}b"), "a1:2b");
    }

    #[test]
    fn string_literals_escape_quotes_and_backslashes() {
        assert_eq!(string(r#"say "hi" \ now"#), r#""say \"hi\" \\ now""#);
        assert_eq!(string("a\nb"), r#""a\nb""#);
    }
}
