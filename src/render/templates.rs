//! The template set: the project's `templates/` folder, or the copy built into the binary
//! for files the project does not have, so that any project builds.
//!
//! While loading, each template line that produces output gets an invisible mark naming
//! the template and line. After rendering, the marks are stripped and kept as a line map,
//! so a Typst error in the generated markup can be reported at the template line that
//! wrote it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::escape::{MARK_END, MARK_START};

/// Templates and Typst files shipped with the binary (the repository's `templates/`).
pub const BUILTIN: &[(&str, &str)] = &[
    (
        "highlights.typ.j2",
        include_str!("../../templates/highlights.typ.j2"),
    ),
    (
        "summary-report.typ.j2",
        include_str!("../../templates/summary-report.typ.j2"),
    ),
    ("style.typ", include_str!("../../templates/style.typ")),
];

/// Where a template came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A file of the project, relative to the project folder.
    Project(PathBuf),
    /// The built-in copy.
    Builtin,
}

#[derive(Debug, Clone)]
pub struct Template {
    pub name: String,
    pub origin: Origin,
    pub text: String,
}

impl Template {
    /// How diagnostics name it.
    pub fn display_path(&self) -> PathBuf {
        match &self.origin {
            Origin::Project(path) => path.clone(),
            Origin::Builtin => PathBuf::from(format!("<built-in templates>/{}", self.name)),
        }
    }
}

/// The templates of one project, by name (file name under `templates/`).
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    templates: BTreeMap<String, Template>,
}

impl TemplateSet {
    /// Reads the project's `templates/` folder (every `*.j2` and `*.typ` file directly in
    /// it), then adds the built-in copies of files it lacks.
    pub fn load(project: &Path) -> Result<TemplateSet, String> {
        let mut templates = BTreeMap::new();
        let dir = project.join("templates");
        if dir.is_dir() {
            let entries = std::fs::read_dir(&dir)
                .map_err(|e| format!("cannot read {} ({e})", dir.display()))?;
            for entry in entries {
                let entry = entry.map_err(|e| format!("cannot read {} ({e})", dir.display()))?;
                let name = entry.file_name().to_string_lossy().into_owned();
                if !(name.ends_with(".j2") || name.ends_with(".typ")) || !entry.path().is_file() {
                    continue;
                }
                let text = std::fs::read_to_string(entry.path())
                    .map_err(|e| format!("cannot read {} ({e})", entry.path().display()))?;
                let origin = Origin::Project(Path::new("templates").join(&name));
                templates.insert(name.clone(), Template { name, origin, text });
            }
        }
        for (name, text) in BUILTIN {
            templates
                .entry((*name).to_owned())
                .or_insert_with(|| Template {
                    name: (*name).to_owned(),
                    origin: Origin::Builtin,
                    text: (*text).to_owned(),
                });
        }
        Ok(TemplateSet { templates })
    }

    /// Only the built-in templates.
    pub fn builtin() -> TemplateSet {
        let templates = BUILTIN
            .iter()
            .map(|(name, text)| {
                let t = Template {
                    name: (*name).to_owned(),
                    origin: Origin::Builtin,
                    text: (*text).to_owned(),
                };
                ((*name).to_owned(), t)
            })
            .collect();
        TemplateSet { templates }
    }

    pub fn get(&self, name: &str) -> Option<&Template> {
        self.templates.get(name)
    }

    fn index_of(&self, name: &str) -> Option<usize> {
        self.templates.keys().position(|k| k == name)
    }

    fn by_index(&self, index: usize) -> Option<&Template> {
        self.templates.values().nth(index)
    }

    /// The template's source with line marks added, as MiniJinja should load it.
    pub fn instrumented(&self, name: &str) -> Option<String> {
        let template = self.get(name)?;
        if !name.ends_with(".typ.j2") {
            return Some(template.text.clone());
        }
        Some(instrument(&template.text, self.index_of(name)?))
    }

    /// Strips the marks from rendered output and returns the clean text with its map.
    pub fn strip(&self, rendered: &str) -> (String, LineMap) {
        let mut text = String::with_capacity(rendered.len());
        let mut lines = Vec::new();
        for line in rendered.split_inclusive('\n') {
            let mut origin = None;
            let mut rest = line;
            while let Some(start) = rest.find(MARK_START) {
                text.push_str(&rest[..start]);
                let after = &rest[start + MARK_START.len_utf8()..];
                let Some(end) = after.find(MARK_END) else {
                    rest = after;
                    break;
                };
                if origin.is_none() {
                    origin = parse_mark(&after[..end]);
                }
                rest = &after[end + MARK_END.len_utf8()..];
            }
            text.push_str(rest);
            lines.push(origin);
        }
        let origins = lines
            .into_iter()
            .map(|o| o.and_then(|(i, l)| Some((self.by_index(i)?.clone(), l))))
            .collect();
        (text, LineMap { lines: origins })
    }
}

fn parse_mark(mark: &str) -> Option<(usize, usize)> {
    let (template, line) = mark.split_once(':')?;
    Some((template.parse().ok()?, line.parse().ok()?))
}

/// Adds a mark at the start of every line that begins outside a MiniJinja tag and does not
/// start with a statement or comment (those produce no output, and whitespace control
/// around them must keep working).
fn instrument(text: &str, index: usize) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut in_tag: Option<&str> = None;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let trimmed = line.trim_start();
        let starts_tag =
            trimmed.starts_with("{%") || trimmed.starts_with("{#") || trimmed.starts_with("{{-");
        if in_tag.is_none() && !starts_tag && !trimmed.is_empty() {
            out.push(MARK_START);
            out.push_str(&format!("{index}:{}", n + 1));
            out.push(MARK_END);
        }
        out.push_str(line);
        // Track whether the line ends inside a tag.
        let mut rest = line;
        loop {
            match in_tag {
                None => {
                    let opens = ["{{", "{%", "{#"]
                        .iter()
                        .filter_map(|o| rest.find(o).map(|i| (i, *o)))
                        .min();
                    let Some((i, open)) = opens else { break };
                    in_tag = Some(match open {
                        "{{" => "}}",
                        "{%" => "%}",
                        _ => "#}",
                    });
                    rest = &rest[i + 2..];
                }
                Some(close) => {
                    let Some(i) = rest.find(close) else { break };
                    in_tag = None;
                    rest = &rest[i + 2..];
                }
            }
        }
    }
    out
}

/// For each line of generated markup, the template and line that produced it, when known.
#[derive(Debug, Clone, Default)]
pub struct LineMap {
    lines: Vec<Option<(Template, usize)>>,
}

impl LineMap {
    /// The template line behind a line of output (1-based): the nearest mark at or above
    /// it, since lines written by values or tags carry none of their own.
    pub fn origin(&self, line: usize) -> Option<(&Template, usize)> {
        let upto = line.min(self.lines.len());
        self.lines[..upto]
            .iter()
            .rev()
            .find_map(|o| o.as_ref().map(|(t, l)| (t, *l)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_skip_statement_lines_and_multiline_tags() {
        let text = "= Title\n{% if x %}\n{{ a }} text\n{{ f(\n  b) }}\nend\n";
        let marked = instrument(text, 3);
        let lines: Vec<&str> = marked.lines().collect();
        assert_eq!(lines[0], "\u{F8F0}3:1\u{F8F1}= Title");
        assert_eq!(lines[1], "{% if x %}");
        assert_eq!(lines[2], "\u{F8F0}3:3\u{F8F1}{{ a }} text");
        assert_eq!(lines[3], "\u{F8F0}3:4\u{F8F1}{{ f(");
        assert_eq!(lines[4], "  b) }}");
        assert_eq!(lines[5], "\u{F8F0}3:6\u{F8F1}end");
    }

    #[test]
    fn strip_gives_clean_text_and_nearest_origin() {
        let set = TemplateSet::builtin();
        let index = set.index_of("style.typ").unwrap();
        let rendered = format!("\u{F8F0}{index}:7\u{F8F1}one\nvalue line\n");
        let (text, map) = set.strip(&rendered);
        assert_eq!(text, "one\nvalue line\n");
        let (template, line) = map.origin(2).unwrap();
        assert_eq!((template.name.as_str(), line), ("style.typ", 7));
        assert!(map.origin(0).is_none());
    }
}
