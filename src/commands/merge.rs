//! `rapporteur merge`: shows how the regions' recommendations merge into clusters.

use std::io::IsTerminal;
use std::path::Path;

use crate::diag::Error;
use crate::merge::{Engine, Params, explain, report};
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
}

pub fn run(project: &Path, args: &MergeArgs) -> Result<(), Error> {
    let (meeting, warnings) = load_project(project)?;
    let engine = Engine::new(&meeting, Params::default());
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
