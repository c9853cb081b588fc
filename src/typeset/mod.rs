//! Typeset: compiles Typst markup to PDF in process.
