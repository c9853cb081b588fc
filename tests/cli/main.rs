//! The command-line integration tests: one module per area, sharing `support`.

mod support;

mod build;
mod check;
mod merge;
mod workflow;
