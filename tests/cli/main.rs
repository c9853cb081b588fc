//! The command-line tests: one binary, one module per area.

mod workflow;
