//! `rapporteur merge`.

use std::path::Path;

use crate::diag::Error;

#[derive(Debug, clap::Args)]
pub struct MergeArgs {}

pub fn run(_project: &Path, _args: &MergeArgs) -> Result<(), Error> {
    Err(Error::Failed("`rapporteur merge` is not implemented yet".into()))
}
