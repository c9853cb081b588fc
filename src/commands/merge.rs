//! `rapporteur merge`: shows how the regions' recommendations merge into clusters.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::diag::Error;
use crate::embed::Model;
use crate::judge::{self, Judge};
use crate::merge::{Engine, Params, explain, report};
use crate::ui;
use crate::validate::load_project;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The readable report: clusters with each member's wording, then the review list.
    Text,
    /// The synthesis as JSON (regions, clusters with members, review pairs).
    Json,
}

#[derive(Debug, clap::Args)]
pub struct MergeArgs {
    #[arg(long, value_enum, default_value = "text")]
    pub format: Format,
    /// Show the evidence for a cluster: the words and phrases its members share, the
    /// scores, and the review pairs involving it. ID is "region/id" or a cluster id.
    #[arg(long, value_name = "ID")]
    pub explain: Option<String>,
    /// Turn on the semantic channel: the sentence-embedding model in DIR (a folder with
    /// model.gguf, or with config.json, tokenizer.json and model.safetensors, or a folder
    /// of such folders, used together; `scripts/fetch-model` installs one in models/) adds
    /// evidence for paraphrases that share no word and lists the close ones for review.
    /// Also read from RAPPORTEUR_MODEL. Builds stay lexical: pin what it finds with
    /// `together` (or `apart`) in sources/merge.yaml.
    #[arg(long, value_name = "DIR")]
    pub model: Option<PathBuf>,
    /// With --model, have the pair judge in DIR (`scripts/fetch-model` installs one in
    /// judge/) read the merges the vectors are least sure of and keep apart the pairs it
    /// finds ask for different things. About two seconds a pair on first reading; verdicts
    /// are kept in DIR. Also read from RAPPORTEUR_JUDGE.
    #[arg(long, value_name = "DIR")]
    pub judge: Option<PathBuf>,
}

pub fn run(project: &Path, args: &MergeArgs) -> Result<(), Error> {
    let (meeting, warnings) = load_project(project)?;
    let model = Model::find(args.model.as_deref())?;
    let judge = match (&model, &args.judge) {
        (Some(_), _) => Judge::find(args.judge.as_deref())?,
        (None, Some(_)) => {
            return Err(Error::Failed(
                "the pair judge reads the merges of the semantic channel, which is off\n\
                 help: add --model DIR (see `rapporteur merge --help`)"
                    .to_owned(),
            ));
        }
        (None, None) => None,
    };
    let vectors = match model {
        Some(model) => {
            let started = Instant::now();
            let spinner = ui::spinner(format!(
                "Embedding {} recommendations",
                meeting.recommendations().count()
            ));
            let vectors = model.vectors(&meeting);
            spinner.finish_and_clear();
            let vectors = vectors?;
            ui::status(
                "Embedded",
                format!(
                    "{} recommendations with {} ({})",
                    vectors.len(),
                    model.names(),
                    ui::seconds(started.elapsed())
                ),
            );
            Some(vectors)
        }
        None => None,
    };
    let engine = match (judge, &vectors) {
        (Some(mut judge), Some(vectors)) => {
            let started = Instant::now();
            let judged = judge::merge(&meeting, &Params::default(), vectors, &mut judge)?;
            ui::status(
                "Judged",
                format!(
                    "the close calls: {} read now, {} pairs kept apart ({})",
                    judged.read,
                    judged.vetoes,
                    ui::seconds(started.elapsed())
                ),
            );
            judged.engine
        }
        _ => Engine::new(&meeting, Params::default(), vectors.as_ref()),
    };
    let synthesis = engine.synthesis();
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for w in warnings.iter().chain(&synthesis.notes) {
        eprint!("{}", w.render(color));
    }
    if let Some(id) = &args.explain {
        let text = explain::explain(&engine, &synthesis, id).map_err(|message| {
            Error::Invalid(vec![crate::diag::Diagnostic::error(message).with_help(
                "pass a recommendation id as \"region/id\", e.g. one listed by `rapporteur merge`",
            )])
        })?;
        print!("{text}");
        return Ok(());
    }
    match args.format {
        Format::Text => print!("{}", report::report_text(&meeting, &synthesis)),
        Format::Json => {
            let json = serde_json::to_string_pretty(&synthesis)
                .map_err(|e| Error::Failed(format!("cannot write JSON ({e})")))?;
            println!("{json}");
        }
    }
    Ok(())
}
