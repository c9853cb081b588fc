//! `rapporteur build`.

use std::path::Path;

use crate::diag::Error;

#[derive(Debug, clap::Args)]
pub struct BuildArgs {}

pub fn run(_project: &Path, _args: &BuildArgs) -> Result<(), Error> {
    Err(Error::Failed("`rapporteur build` is not implemented yet".into()))
}
