//! Load: reads the project folder into raw documents, keeping each file's path and text for diagnostics.
