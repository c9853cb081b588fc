//! rapporteur: drafts the outcome documents of multi-region meetings.
//!
//! The pipeline runs one stage per module, each handing a typed value to the next:
//!
//! ```text
//! load -> validate -> merge -> render -> typeset -> write
//! ```
//!
//! `commands` holds one module per subcommand; `main.rs` only parses arguments and maps
//! the outcome to an exit code.

// Stages return `Result<_, Diagnostic>`: a diagnostic is large (file, line, snippet, help,
// related places) but only travels on the error path, once per problem, so boxing it
// would buy nothing.
#![allow(clippy::result_large_err)]

pub mod cli;
pub mod commands;
pub mod diag;
pub mod embed;
pub mod judge;
pub mod load;
pub mod merge;
pub mod model;
pub mod render;
pub mod schema;
pub mod typeset;
pub mod ui;
pub mod validate;
pub mod write;
