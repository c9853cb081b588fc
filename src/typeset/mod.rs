//! Typeset: compiles the generated Typst markup to PDF in process.
//!
//! A [`Typesetter`] keeps one [`world::ProjectWorld`] per project, so a watch session can
//! hand it new markup and recompile incrementally. PDFs are reproducible: the document date
//! and "today" are the meeting's last day, fonts are embedded, and the PDF identifier is
//! derived from the meeting's short title and the document name.

pub mod world;

use std::path::Path;

use serde::Deserialize;
use serde::de::IntoDeserializer;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Diagnostic, Error};
use crate::model::{Meeting, Position};
use crate::render::RenderedDocument;
use crate::render::filters::Date;
use world::{ProjectWorld, project_file};

/// The standards `output.pdf_standards` accepts.
const STANDARD_NAMES: &str = "1.4, 1.5, 1.6, 1.7, 2.0, a-1b, a-1a, a-2b, a-2u, a-2a, a-3b, a-3u, a-3a, a-4, a-4f, a-4e, ua-1";

/// How the PDFs are written, from meeting.yaml.
#[derive(Debug, Clone)]
pub struct PdfSettings {
    pub standards: Vec<PdfStandard>,
    /// Prefix of the stable PDF identifier (the meeting's short title).
    pub ident: String,
    /// Document date and "today": the meeting's last day.
    pub date: Date,
}

impl PdfSettings {
    pub fn from_meeting(meeting: &Meeting) -> Result<PdfSettings, Error> {
        let meeting_yaml = Path::new("sources/meeting.yaml");
        let yaml_text =
            std::fs::read_to_string(meeting.root.join(meeting_yaml)).unwrap_or_default();
        let mut problems = Vec::new();
        let mut standards = Vec::new();
        for name in &meeting.info.output.pdf_standards {
            match PdfStandard::deserialize(name.as_str().into_deserializer()) {
                Ok(s) => standards.push(s),
                Err(serde::de::value::Error { .. }) => {
                    let mut d = Diagnostic::error(format!("unknown PDF standard `{name}`"))
                        .in_file(meeting_yaml)
                        .with_help(format!("valid standards are {STANDARD_NAMES}"));
                    if let Some((line, column)) = find(&yaml_text, name) {
                        d = d.at(&yaml_text, Position { line, column });
                    }
                    problems.push(d);
                }
            }
        }
        if let Err(e) = PdfStandards::new(&standards) {
            problems.push(
                Diagnostic::error(format!(
                    "these PDF standards cannot be combined ({})",
                    e.message()
                ))
                .in_file(meeting_yaml)
                .with_help("Typst combines at most one PDF/A standard with PDF/UA-1"),
            );
        }
        let date = Date::parse(&meeting.info.dates.end).ok_or_else(|| {
            Diagnostic::error(format!(
                "`{}` is not a date (YYYY-MM-DD)",
                meeting.info.dates.end
            ))
            .in_file(meeting_yaml)
        })?;
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        Ok(PdfSettings {
            standards,
            ident: meeting.info.short_title.clone(),
            date,
        })
    }

    fn datetime(&self) -> Datetime {
        Datetime::from_ymd(self.date.year, self.date.month, self.date.day)
            .expect("Date::parse checks the month and day")
    }
}

/// 1-based line and column of the first occurrence of `needle` in `text`.
fn find(text: &str, needle: &str) -> Option<(usize, usize)> {
    text.lines().enumerate().find_map(|(i, line)| {
        line.find(needle)
            .map(|byte| (i + 1, line[..byte].chars().count() + 1))
    })
}

/// The column to show in the template line: the generated column where the template line
/// reads the same up to it (nothing was substituted before the error), else the start.
fn same_prefix_column(generated: &str, template: &str, column: usize) -> usize {
    let prefix: String = generated.chars().take(column - 1).collect();
    if template.starts_with(&prefix) {
        column
    } else {
        1
    }
}

/// A typeset document.
#[derive(Debug, Clone)]
pub struct Typeset {
    pub pdf: Vec<u8>,
    pub pages: usize,
    /// Typst warnings, mapped to the template lines.
    pub warnings: Vec<Diagnostic>,
}

/// Compiles documents of one project; reuse it to recompile after changes.
pub struct Typesetter {
    world: ProjectWorld,
    settings: PdfSettings,
    /// How many compilations unused cache entries survive (`comemo::evict`): 0 for a
    /// one-shot build, more for a watch session that recompiles the same documents.
    pub cache_age: usize,
}

impl Typesetter {
    pub fn new(project: &Path, settings: PdfSettings) -> Result<Typesetter, Error> {
        let world = ProjectWorld::new(project, settings.datetime()).map_err(Error::Failed)?;
        Ok(Typesetter {
            world,
            settings,
            cache_age: 0,
        })
    }

    pub fn settings(&self) -> &PdfSettings {
        &self.settings
    }

    /// Where a document's generated markup lives in the project (and where `--emit-typst`
    /// writes it).
    pub fn generated_path(name: &str) -> String {
        format!("output/{name}.typ")
    }

    /// Compiles one rendered document to PDF.
    pub fn typeset(&mut self, doc: &RenderedDocument) -> Result<Typeset, Error> {
        let id = project_file(&Self::generated_path(&doc.name)).map_err(Error::Failed)?;
        self.world.set_generated(id, doc.markup.clone());
        self.world.set_main(id);
        let result = self.compile(id, doc);
        // Drop memoised results that were not reused, also after a failure, or memory
        // grows with every compilation.
        typst::comemo::evict(self.cache_age);
        result
    }

    fn compile(&self, id: FileId, doc: &RenderedDocument) -> Result<Typeset, Error> {
        let warned = typst::compile::<PagedDocument>(&self.world);
        let mut problems = Vec::new();
        let mut warnings = Vec::new();
        for w in &warned.warnings {
            let d = self.diagnostic(w, id, doc);
            // A missing font silently falls back to another one: treat it as an error.
            if w.message.contains("unknown font family") {
                problems.push(Diagnostic {
                    severity: crate::diag::Severity::Error,
                    ..d
                });
            } else {
                warnings.push(d);
            }
        }
        let document = match warned.output {
            Ok(document) => document,
            Err(errors) => {
                problems.extend(errors.iter().map(|e| self.diagnostic(e, id, doc)));
                return Err(Error::Invalid(problems));
            }
        };
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let timestamp = Timestamp::new_utc(self.settings.datetime());
        let options = PdfOptions {
            ident: Smart::Custom(format!("{} {}", self.settings.ident, doc.name)),
            creator: Smart::Custom(Some("rapporteur".to_owned())),
            timestamp: Some(timestamp),
            page_ranges: None,
            standards: PdfStandards::new(&self.settings.standards)
                .map_err(|e| Error::Failed(format!("invalid PDF standards ({})", e.message())))?,
            tagged: true,
            pretty: false,
        };
        let pdf = typst_pdf::pdf(&document, &options).map_err(|errors| {
            Error::Invalid(errors.iter().map(|e| self.diagnostic(e, id, doc)).collect())
        })?;
        Ok(Typeset {
            pdf,
            pages: document.pages().len(),
            warnings,
        })
    }

    /// A Typst diagnostic as the user should see it: in generated markup, at the template
    /// line that wrote it; in a project file, at that file's line.
    fn diagnostic(&self, d: &SourceDiagnostic, main: FileId, doc: &RenderedDocument) -> Diagnostic {
        let mut out = match d.severity {
            Severity::Error => Diagnostic::error(d.message.to_string()),
            Severity::Warning => Diagnostic::warning(d.message.to_string()),
        };
        let mut hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
        // Errors inside a function defined in style.typ point there; the trace names the
        // call in the generated markup, which is what the template author can change.
        let spans = std::iter::once(d.span).chain(d.trace.iter().map(|t| t.span.into()));
        let located = spans.filter_map(|span| {
            let id = span.id()?;
            let range = self.world.range(span)?;
            let source = typst::World::source(&self.world, id).ok()?;
            let (line, column) = source.lines().byte_to_line_column(range.start)?;
            Some((id, line + 1, column + 1, source))
        });
        let mut first = None;
        for (id, line, column, source) in located {
            if id == main {
                let generated = Self::generated_path(&doc.name);
                if let Some((template, template_line)) = doc.line_map.origin(line) {
                    let generated_line = source.text().lines().nth(line - 1).unwrap_or("");
                    let written = template.text.lines().nth(template_line - 1).unwrap_or("");
                    let template_column = same_prefix_column(generated_line, written, column);
                    out = out.in_file(template.display_path()).at(
                        &template.text,
                        Position {
                            line: template_line,
                            column: template_column,
                        },
                    );
                    hints.push(format!(
                        "in the generated markup at {generated}:{line}:{column}; \
                         `rapporteur build --emit-typst` writes it to output/"
                    ));
                    return out.with_help(hints.join("; "));
                }
                first.get_or_insert((std::path::PathBuf::from(generated), line, column, source));
            } else {
                let (path, _) = self.world.describe(id);
                first.get_or_insert((path, line, column, source));
            }
        }
        if let Some((path, line, column, source)) = first {
            out = out
                .in_file(path)
                .at(source.text(), Position { line, column });
        }
        if hints.is_empty() {
            out
        } else {
            out.with_help(hints.join("; "))
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::render::{self, TemplateSet, sample};

    #[test]
    fn sample_documents_typeset_to_pdf_a_with_literal_text() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = sample::meeting(dir.path());
        let templates = Arc::new(TemplateSet::builtin());
        let docs = render::render(&meeting, &sample::synthesis(), &templates).unwrap();
        let mut typesetter =
            Typesetter::new(dir.path(), PdfSettings::from_meeting(&meeting).unwrap()).unwrap();
        for doc in &docs {
            let out = match typesetter.typeset(doc) {
                Ok(out) => out,
                Err(Error::Invalid(ds)) => {
                    panic!("{}", ds.iter().map(|d| d.render(false)).collect::<String>())
                }
                Err(Error::Failed(m)) => panic!("{m}"),
            };
            assert!(out.pages >= 1);
            assert!(
                out.pdf.starts_with(b"%PDF-1.7"),
                "{} is not a PDF 1.7 file",
                doc.name
            );
        }
    }

    /// Typesets the Highlights document of a sample project whose Highlights template is
    /// `template`, as plain PDF (no standard), and gives the problems it fails with.
    fn highlights_problems(template: &str) -> Vec<Diagnostic> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("templates")).unwrap();
        std::fs::write(dir.path().join("templates/highlights.typ.j2"), template).unwrap();
        let meeting = sample::meeting(dir.path());
        let templates = Arc::new(TemplateSet::load(dir.path()).unwrap());
        let docs = render::render(&meeting, &sample::synthesis(), &templates).unwrap();
        let settings = PdfSettings {
            standards: vec![],
            ..PdfSettings::from_meeting(&meeting).unwrap()
        };
        let mut typesetter = Typesetter::new(dir.path(), settings).unwrap();
        match typesetter.typeset(&docs[0]) {
            Err(Error::Invalid(diagnostics)) => diagnostics,
            Err(Error::Failed(m)) => panic!("expected problems in the sources, got: {m}"),
            Ok(_) => panic!("the template must fail the build"),
        }
    }

    #[test]
    fn typst_errors_point_at_the_template_line_that_wrote_the_markup() {
        let diagnostics = highlights_problems(
            "{% if document == \"highlights\" %}\n#set text(lang: \"en\")\n{% endif %}\n= {{ meeting.short_title }}\n\nText #no-such-function()\n",
        );
        let d = &diagnostics[0];
        assert_eq!(
            d.file.as_deref(),
            Some(std::path::Path::new("templates/highlights.typ.j2"))
        );
        assert_eq!(d.position.map(|p| (p.line, p.column)), Some((6, 7)));
        assert!(d.message.contains("unknown variable"), "{}", d.message);
        assert!(
            d.help
                .as_deref()
                .unwrap_or("")
                .contains("output/highlights.typ:"),
            "{:?}",
            d.help
        );
    }

    #[test]
    fn unknown_pdf_standards_are_reported_in_meeting_yaml() {
        let dir = tempfile::tempdir().unwrap();
        let mut meeting = sample::meeting(dir.path());
        meeting.info.output.pdf_standards = vec!["a-9z".into()];
        let Err(Error::Invalid(diagnostics)) = PdfSettings::from_meeting(&meeting) else {
            panic!("an unknown standard must be rejected");
        };
        assert!(diagnostics[0].message.contains("`a-9z`"));
        assert!(diagnostics[0].help.as_deref().unwrap().contains("ua-1"));
    }

    #[test]
    fn two_builds_give_identical_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let meeting = sample::meeting(dir.path());
        let templates = Arc::new(TemplateSet::builtin());
        let docs = render::render(&meeting, &sample::synthesis(), &templates).unwrap();
        let settings = PdfSettings::from_meeting(&meeting).unwrap();
        let first = Typesetter::new(dir.path(), settings.clone())
            .unwrap()
            .typeset(&docs[1])
            .unwrap();
        let second = Typesetter::new(dir.path(), settings)
            .unwrap()
            .typeset(&docs[1])
            .unwrap();
        assert!(
            first.pdf == second.pdf,
            "the PDF bytes differ between two builds"
        );
    }

    #[test]
    fn an_unknown_font_fails_the_build_instead_of_falling_back() {
        let diagnostics =
            highlights_problems("#set text(lang: \"en\", font: \"No Such Font\")\nText.\n");
        assert!(diagnostics[0].message.contains("unknown font family"));
        assert!(diagnostics[0].is_error());
    }

    #[test]
    fn project_fonts_are_added_to_the_embedded_ones() {
        let dir = tempfile::tempdir().unwrap();
        let fonts = dir.path().join("templates/fonts");
        std::fs::create_dir_all(&fonts).unwrap();
        let (font, _) = typst_kit::fonts::embedded().next().unwrap();
        std::fs::write(fonts.join("extra.otf"), font.data().as_slice()).unwrap();
        let today = Datetime::from_ymd(2017, 10, 11).unwrap();
        let embedded = typst_kit::fonts::embedded().count();
        let with_project = ProjectWorld::new(dir.path(), today).unwrap();
        assert_eq!(
            typst::World::book(&with_project)
                .families()
                .map(|(_, f)| f.count())
                .sum::<usize>(),
            embedded + 1
        );
    }
}
