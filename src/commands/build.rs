//! `rapporteur build`: the whole pipeline, from the sources to the PDFs in output/.
//!
//! [`build`] never exits the process and returns what it built, so `watch` can call it
//! again; [`BuildSession`] keeps the typesetting state between builds for fast rebuilds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Error};
use crate::merge::Synthesis;
use crate::model::Meeting;
use crate::render::{self, TemplateSet};
use crate::typeset::{PdfSettings, Typesetter};
use crate::ui;
use crate::write::{OutputFile, write_all};

mod check;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Build in memory and compare with output/: exit 1, naming the files, if anything
    /// there differs from what the sources produce. Writes nothing.
    #[arg(long, conflicts_with = "emit_typst")]
    pub check: bool,
    /// Also write the generated Typst markup beside the PDFs (output/<document>.typ).
    #[arg(long)]
    pub emit_typst: bool,
}

#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// Also write the generated Typst markup beside the PDFs.
    pub emit_typst: bool,
}

/// One document a build wrote.
#[derive(Debug, Clone)]
pub struct BuiltDocument {
    /// Relative to the project folder ("output/highlights.pdf").
    pub path: PathBuf,
    pub pages: usize,
    /// Rendering and typesetting time of this document.
    pub time: Duration,
}

#[derive(Debug, Clone)]
pub struct BuildOutcome {
    pub documents: Vec<BuiltDocument>,
    /// Every other file written (merge report, generated markup).
    pub other_files: Vec<PathBuf>,
    /// Warnings from loading, merging and typesetting.
    pub warnings: Vec<Diagnostic>,
}

/// Keeps the typesetter (fonts, parsed files, memoised layout) between builds of one
/// project.
pub struct BuildSession {
    project: PathBuf,
    typesetter: Option<Typesetter>,
    cache_age: usize,
}

impl BuildSession {
    /// A session for one build: Typst's memoised results are dropped after each document.
    pub fn new(project: &Path) -> BuildSession {
        BuildSession {
            project: project.to_path_buf(),
            typesetter: None,
            cache_age: 0,
        }
    }

    /// A session for repeated builds (`watch`): memoised results that were used in the
    /// last `age` compilations are kept, so an edit recompiles only what it touches.
    pub fn watching(project: &Path, age: usize) -> BuildSession {
        BuildSession {
            cache_age: age,
            ..BuildSession::new(project)
        }
    }

    /// Renders and typesets both documents from a checked meeting and its synthesis, and
    /// writes them with `extra` files (the merge report) all at once.
    pub fn build_from(
        &mut self,
        meeting: &Meeting,
        synthesis: &Synthesis,
        extra: Vec<OutputFile>,
        options: &BuildOptions,
    ) -> Result<BuildOutcome, Error> {
        let (files, outcome) = self.produce_from(meeting, synthesis, extra, options)?;
        write_all(&self.project, &files)?;
        Ok(outcome)
    }

    /// What `build_from` writes, in memory (`build --check` compares it with output/).
    pub fn produce_from(
        &mut self,
        meeting: &Meeting,
        synthesis: &Synthesis,
        extra: Vec<OutputFile>,
        options: &BuildOptions,
    ) -> Result<(Vec<OutputFile>, BuildOutcome), Error> {
        let started = Instant::now();
        let templates = Arc::new(TemplateSet::load(&self.project).map_err(Error::Failed)?);
        let rendered = render::render(meeting, synthesis, &templates)?;
        ui::detail(
            "Rendered",
            format!(
                "{} documents to Typst markup ({})",
                rendered.len(),
                ui::seconds(started.elapsed())
            ),
        );
        let render_share = started.elapsed() / rendered.len().max(1) as u32;
        let settings = PdfSettings::from_meeting(meeting)?;
        let reuse = self.typesetter.as_ref().is_some_and(|t| {
            t.settings().standards == settings.standards
                && t.settings().date == settings.date
                && t.settings().ident == settings.ident
        });
        if !reuse {
            self.typesetter = Some(Typesetter::new(&self.project, settings)?);
        }
        let typesetter = self.typesetter.as_mut().expect("set above");
        typesetter.cache_age = self.cache_age;
        let mut files = Vec::new();
        let mut documents = Vec::new();
        let mut warnings = synthesis.notes.clone();
        let mut problems = Vec::new();
        for doc in &rendered {
            let began = Instant::now();
            let path = PathBuf::from(format!("output/{}.pdf", doc.name));
            if options.emit_typst {
                files.push(OutputFile {
                    path: PathBuf::from(Typesetter::generated_path(&doc.name)),
                    bytes: doc.markup.clone().into_bytes(),
                });
            }
            match typesetter.typeset(doc) {
                Ok(typeset) => {
                    warnings.extend(typeset.warnings);
                    documents.push(BuiltDocument {
                        path: path.clone(),
                        pages: typeset.pages,
                        time: began.elapsed() + render_share,
                    });
                    files.push(OutputFile {
                        path,
                        bytes: typeset.pdf,
                    });
                }
                Err(Error::Invalid(diagnostics)) => problems.extend(diagnostics),
                Err(other) => return Err(other),
            }
        }
        if !problems.is_empty() {
            // The generated markup is what the diagnostics refer to: keep it even though
            // nothing else is written.
            if options.emit_typst {
                let markup: Vec<OutputFile> = files
                    .into_iter()
                    .filter(|f| f.path.extension().is_some_and(|e| e == "typ"))
                    .collect();
                write_all(&self.project, &markup)?;
            }
            return Err(Error::Invalid(problems));
        }
        let other_files = extra
            .iter()
            .map(|f| f.path.clone())
            .chain(
                files
                    .iter()
                    .filter(|f| f.path.extension().is_some_and(|e| e == "typ"))
                    .map(|f| f.path.clone()),
            )
            .collect();
        files.extend(extra);
        Ok((
            files,
            BuildOutcome {
                documents,
                other_files,
                warnings,
            },
        ))
    }
}

/// What a status line says about a built document: "output/highlights.pdf (2 pages,
/// 0.41 s)".
pub fn summary(doc: &BuiltDocument) -> String {
    format!(
        "{} ({}, {})",
        doc.path.display(),
        ui::pages(doc.pages),
        ui::seconds(doc.time)
    )
}

/// Builds the project's documents: load and validate, merge, render, typeset, write.
/// Never exits the process.
pub fn build(project: &Path, options: &BuildOptions) -> Result<BuildOutcome, Error> {
    BuildSession::new(project).build(options)
}

impl BuildSession {
    /// Runs the whole pipeline on the project's current sources.
    pub fn build(&mut self, options: &BuildOptions) -> Result<BuildOutcome, Error> {
        let (files, outcome) = self.produce(options)?;
        write_all(&self.project, &files)?;
        Ok(outcome)
    }

    /// The whole pipeline, in memory: the files a build would write, and its outcome.
    pub fn produce(
        &mut self,
        options: &BuildOptions,
    ) -> Result<(Vec<OutputFile>, BuildOutcome), Error> {
        let started = Instant::now();
        let (meeting, mut warnings) = crate::validate::load_project(&self.project)?;
        ui::detail(
            "Checked",
            format!(
                "{} regions, {} recommendations ({})",
                meeting.regions.len(),
                meeting.recommendations().count(),
                ui::seconds(started.elapsed())
            ),
        );
        let started = Instant::now();
        let synthesis = crate::merge::merge(&meeting);
        ui::detail(
            "Merged",
            format!(
                "{} clusters, {} cross-regional, {} pairs to review ({})",
                synthesis.clusters.len(),
                synthesis
                    .clusters
                    .iter()
                    .filter(|c| c.cross_regional)
                    .count(),
                synthesis.review.len(),
                ui::seconds(started.elapsed())
            ),
        );
        let report = crate::merge::report::report_text(&meeting, &synthesis);
        let extra = vec![OutputFile {
            path: PathBuf::from("output/merge-report.txt"),
            bytes: report.into_bytes(),
        }];
        let (files, mut outcome) = self.produce_from(&meeting, &synthesis, extra, options)?;
        warnings.append(&mut outcome.warnings);
        outcome.warnings = warnings;
        Ok((files, outcome))
    }
}

pub fn run(project: &Path, args: &BuildArgs) -> Result<(), Error> {
    let options = BuildOptions {
        emit_typst: args.emit_typst,
    };
    if args.check {
        return check::run(project, &options);
    }
    let spinner = ui::spinner("Building");
    let outcome = build(project, &options);
    spinner.finish_and_clear();
    let outcome = outcome?;
    for warning in &outcome.warnings {
        eprint!("{}", warning.render(ui::stderr_color()));
    }
    for doc in &outcome.documents {
        ui::status("Built", summary(doc));
    }
    for path in &outcome.other_files {
        ui::status("Wrote", path.display());
    }
    Ok(())
}
