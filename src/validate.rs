//! Validate: checks the raw documents and builds the `Meeting` model, gathering every problem.
