//! The command-line integration tests: one module per area.

mod build;
