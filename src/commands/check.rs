//! `rapporteur check`.

use std::path::Path;

use crate::diag::Error;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {}

pub fn run(_project: &Path, _args: &CheckArgs) -> Result<(), Error> {
    Err(Error::Failed(
        "`rapporteur check` is not implemented yet".into(),
    ))
}
