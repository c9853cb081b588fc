//! Problems found in the user's files, and how they are shown.
//!
//! Every stage reports through `Diagnostic`, so a YAML error, a broken ledger reference
//! and a Typst error in a template all look the same to the user:
//!
//! ```text
//! error: sources/regions/africa.yaml:12:5: unknown field `titel`
//!    |
//! 12 |     titel: Uphold the human rights of all migrants
//!    |     ^
//!    = help: valid fields are `id`, `category`, `title`, `text`, `themes`, `mechanisms`
//! ```

use std::fmt::Write as _;
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};

use crate::model::Position;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file, relative to the project folder where it lies inside it.
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    pub message: String,
    /// The offending line of the file, shown under the message.
    pub source_line: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
    /// Other places the problem involves (the first definition of a duplicate id).
    pub related: Vec<Related>,
}

/// A second place a diagnostic points at, shown with its own line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub file: PathBuf,
    pub position: Option<Position>,
    pub source_line: Option<String>,
    /// What this place is, e.g. "first defined here".
    pub label: String,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: None,
            position: None,
            message: message.into(),
            source_line: None,
            help: None,
            related: Vec::new(),
        }
    }

    pub fn warning(message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(message)
        }
    }

    pub fn in_file(mut self, file: impl Into<PathBuf>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Points at a position and keeps the line of `text` it falls on.
    pub fn at(mut self, text: &str, position: Position) -> Self {
        self.source_line = line_of(text, position);
        self.position = Some(position);
        self
    }

    /// Adds a second place in `text` (the file at `file`) that the problem involves.
    pub fn with_related(
        mut self,
        file: impl Into<PathBuf>,
        text: &str,
        position: Option<Position>,
        label: impl Into<String>,
    ) -> Self {
        self.related.push(Related {
            file: file.into(),
            position,
            source_line: position.and_then(|p| line_of(text, p)),
            label: label.into(),
        });
        self
    }

    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// `file:line:column`, as much of it as is known.
    pub fn location(&self) -> Option<String> {
        let file = self.file.as_ref()?.display().to_string();
        Some(match self.position {
            Some(p) => format!("{file}:{}:{}", p.line, p.column),
            None => file,
        })
    }

    /// Renders the diagnostic; `color` adds ANSI styles for a terminal.
    pub fn render(&self, color: bool) -> String {
        let paint = |style: Style, text: &str| {
            if color {
                format!("{style}{text}{style:#}")
            } else {
                text.to_owned()
            }
        };
        let (label, style) = match self.severity {
            Severity::Error => ("error", AnsiColor::Red.on_default().bold()),
            Severity::Warning => ("warning", AnsiColor::Yellow.on_default().bold()),
        };
        let accent = AnsiColor::Blue.on_default().bold();
        let mut out = paint(style, label);
        out.push_str(": ");
        if let Some(location) = self.location() {
            let _ = write!(out, "{}: ", paint(Style::new().bold(), &location));
        }
        out.push_str(&self.message);
        out.push('\n');
        let gutter_width = std::iter::once(self.position)
            .chain(self.related.iter().map(|r| r.position))
            .flatten()
            .map(|p| p.line.to_string().len())
            .max()
            .unwrap_or(1);
        let pad = " ".repeat(gutter_width);
        let snippet = |out: &mut String, line: &Option<String>, position: Option<Position>| {
            if let (Some(line), Some(position)) = (line, position) {
                let bar = paint(accent, "|");
                let number = paint(accent, &format!("{:>gutter_width$}", position.line));
                let _ = writeln!(out, "{pad} {bar}");
                let (line, column) = window(line.trim_end(), position.column);
                let _ = writeln!(out, "{number} {bar} {line}");
                let indent: String = line
                    .chars()
                    .take(column.saturating_sub(1))
                    .map(|c| if c == '\t' { '\t' } else { ' ' })
                    .collect();
                let _ = writeln!(out, "{pad} {bar} {indent}{}", paint(style, "^"));
            }
        };
        snippet(&mut out, &self.source_line, self.position);
        for related in &self.related {
            let mut location = related.file.display().to_string();
            if let Some(p) = related.position {
                let _ = write!(location, ":{}:{}", p.line, p.column);
            }
            let _ = writeln!(
                out,
                "{pad} {} {}: {}",
                paint(accent, ":::"),
                paint(Style::new().bold(), &location),
                related.label
            );
            snippet(&mut out, &related.source_line, related.position);
        }
        if let Some(help) = &self.help {
            let _ = writeln!(
                out,
                "{pad} = {}: {help}",
                paint(Style::new().bold(), "help")
            );
        }
        out
    }
}

/// Lines longer than this are shown as an excerpt around the column.
const MAX_SHOWN_CHARS: usize = 100;

/// The part of `line` to show and the column within it: long lines (a minified or
/// generated file) are cut to an excerpt around `column`, marked with `…`.
fn window(line: &str, column: usize) -> (String, usize) {
    let chars: Vec<char> = line.chars().collect();
    if chars.len() <= MAX_SHOWN_CHARS {
        return (line.to_owned(), column);
    }
    let at = column.saturating_sub(1).min(chars.len());
    let start = at.saturating_sub(MAX_SHOWN_CHARS / 2);
    let end = (start + MAX_SHOWN_CHARS).min(chars.len());
    let mut shown = String::new();
    if start > 0 {
        shown.push('…');
    }
    shown.extend(&chars[start..end]);
    if end < chars.len() {
        shown.push('…');
    }
    (shown, at - start + 1 + usize::from(start > 0))
}

/// Line `position.line` of `text`, if it has one.
fn line_of(text: &str, position: Position) -> Option<String> {
    text.lines()
        .nth(position.line.saturating_sub(1))
        .map(str::to_owned)
}

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Error {
    /// The user's sources or templates are invalid (exit code 1).
    Invalid(Vec<Diagnostic>),
    /// Anything else: unreadable folders, a failed write, an internal fault (exit code 2).
    Failed(String),
}

impl Error {
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Invalid(_) => 1,
            Error::Failed(_) => 2,
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Invalid(vec![d])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_long_lines_around_the_column() {
        let line = "x".repeat(300) + "ERR" + &"y".repeat(300);
        let (shown, column) = window(&line, 301);
        assert_eq!(shown.chars().count(), MAX_SHOWN_CHARS + 2);
        assert!(shown.starts_with('…') && shown.ends_with('…'));
        assert_eq!(shown.chars().nth(column - 1), Some('E'));
        assert_eq!(window("short", 3), ("short".to_owned(), 3));
    }

    #[test]
    fn renders_location_line_caret_and_help() {
        let text = "id: africa\nrecommendations:\n  - titel: x\n";
        let d = Diagnostic::error("unknown field `titel`")
            .in_file("sources/regions/africa.yaml")
            .at(text, Position { line: 3, column: 5 })
            .with_help("valid fields are `id`, `category`, `title`");
        assert_eq!(
            d.render(false),
            "error: sources/regions/africa.yaml:3:5: unknown field `titel`\n  |\n3 |   - titel: x\n  |     ^\n  = help: valid fields are `id`, `category`, `title`\n"
        );
    }
}
