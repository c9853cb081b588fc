//! What the user sees while a command runs: cargo-style status lines, a progress indicator
//! for slow steps, and the `--quiet` / `--verbose` switches.
//!
//! Everything goes to stderr, so stdout stays clean for data (`merge --format json`,
//! `completions`). Colour follows anstream's rules: only when stderr is a terminal, never
//! with `NO_COLOR` set (`CLICOLOR_FORCE` forces it for logs that understand ANSI).
//!
//! Status lines look like cargo's, so they read at a glance:
//!
//! ```text
//!        Built output/highlights.pdf (2 pages, 0.41 s)
//! ```

use std::fmt::Display;
use std::sync::atomic::{AtomicU8, Ordering};
use std::time::Duration;

use anstyle::{AnsiColor, Style};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// How much a command says. Errors are always printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    /// Errors and warnings only.
    Quiet = 0,
    /// Plus one status line per result and progress on a terminal.
    Normal = 1,
    /// Plus the steps on the way (what was read, how long each stage took).
    Verbose = 2,
}

// Process-wide so that any stage can report without threading a handle through every
// signature; set once by `commands::run` before any work starts.
static VERBOSITY: AtomicU8 = AtomicU8::new(Verbosity::Normal as u8);

pub fn set_verbosity(verbosity: Verbosity) {
    VERBOSITY.store(verbosity as u8, Ordering::Relaxed);
}

pub fn verbosity() -> Verbosity {
    match VERBOSITY.load(Ordering::Relaxed) {
        0 => Verbosity::Quiet,
        1 => Verbosity::Normal,
        _ => Verbosity::Verbose,
    }
}

/// Width of the right-aligned verb column, as in cargo.
const VERB_WIDTH: usize = 12;

const GOOD: Style = AnsiColor::Green.on_default().bold();
const DETAIL: Style = AnsiColor::Cyan.on_default().bold();
const BAD: Style = AnsiColor::Red.on_default().bold();
const WARN: Style = AnsiColor::Yellow.on_default().bold();

/// One status line: the verb right-aligned and bold in `style`, then the message.
/// The ANSI codes are stripped on the way out where colour is off.
pub fn format_status(style: Style, verb: &str, message: impl Display) -> String {
    format!("{style}{verb:>VERB_WIDTH$}{style:#} {message}")
}

/// A result the user asked for: `Built`, `Wrote`, `Checked`, `Created`, `Rebuilt`.
pub fn status(verb: &str, message: impl Display) {
    if verbosity() >= Verbosity::Normal {
        anstream::eprintln!("{}", format_status(GOOD, verb, message));
    }
}

/// A step on the way, shown with `--verbose` only.
pub fn detail(verb: &str, message: impl Display) {
    if verbosity() >= Verbosity::Verbose {
        anstream::eprintln!("{}", format_status(DETAIL, verb, message));
    }
}

/// A step that failed, after its diagnostics (watch goes on after it); shown even with
/// `--quiet`.
pub fn failure(verb: &str, message: impl Display) {
    anstream::eprintln!("{}", format_status(BAD, verb, message));
}

/// A warning that does not stop the command; shown even with `--quiet`, like errors.
pub fn warning(message: impl Display) {
    anstream::eprintln!("{WARN}warning{WARN:#}: {message}");
}

/// Whether diagnostics on stderr should carry colour (the same rule as status lines).
pub fn stderr_color() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never
}

/// "0.41 s": durations as the status lines print them.
pub fn seconds(duration: Duration) -> String {
    format!("{:.2} s", duration.as_secs_f64())
}

/// "1 page", "57 pages".
pub fn pages(count: usize) -> String {
    if count == 1 {
        "1 page".to_owned()
    } else {
        format!("{count} pages")
    }
}

/// A spinner for a step whose length is unknown (typesetting a long report). Hidden with
/// `--quiet` and when stderr is not a terminal, so logs and pipes never see it. Call
/// `finish_and_clear` before printing the step's status line.
pub fn spinner(message: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, draw_target());
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .expect("valid template")
            .tick_chars("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏ "),
    );
    bar.set_message(message.into());
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// A bar for a step of `len` known units (recommendations compared, documents typeset).
pub fn progress(len: u64, message: impl Into<String>) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(len), draw_target());
    bar.set_style(
        ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({elapsed})")
            .expect("valid template")
            .progress_chars("=> "),
    );
    bar.set_message(message.into());
    bar
}

fn draw_target() -> ProgressDrawTarget {
    if verbosity() == Verbosity::Quiet {
        ProgressDrawTarget::hidden()
    } else {
        // indicatif hides itself when stderr is not a terminal.
        ProgressDrawTarget::stderr()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines_right_align_the_verb_like_cargo() {
        let line = format_status(GOOD, "Built", "output/highlights.pdf (2 pages, 0.41 s)");
        assert_eq!(
            anstream::adapter::strip_str(&line).to_string(),
            "       Built output/highlights.pdf (2 pages, 0.41 s)"
        );
        assert!(
            line.contains("\u{1b}["),
            "the styled form carries ANSI codes"
        );
    }

    #[test]
    fn durations_and_page_counts_read_naturally() {
        assert_eq!(seconds(Duration::from_millis(412)), "0.41 s");
        assert_eq!(pages(1), "1 page");
        assert_eq!(pages(57), "57 pages");
    }
}
