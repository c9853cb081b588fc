//! Translation of serde_yaml's errors into diagnostics a user can act on: the message
//! without serde's position tail, plain words for Rust type names, long quoted values
//! shortened, and a help line for the common mistakes.
//!
//! Kept apart from loading because it is all about wording, and is tested on serde's
//! messages alone.

use super::Source;
use super::spans::SpanMap;
use crate::diag::Diagnostic;
use crate::model::Position;

/// Turns a serde_yaml error into a diagnostic: message without serde's "at line N column
/// M" tail, the path it names in parentheses, and a help line for the common cases.
pub(super) fn serde_problem(
    source: &Source,
    e: &serde_yaml::Error,
    spans: Option<&SpanMap>,
) -> Diagnostic {
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

#[cfg(test)]
mod tests {
    use super::*;

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
