//! `rapporteur watch`: builds, then rebuilds whenever a file under `sources/` or
//! `templates/` changes.
//!
//! One [`BuildSession`] lives for the whole session, so the Typst world (fonts, parsed
//! files, memoised layout) is reused and Typst recompiles only what the change touched.
//! A failed rebuild prints its diagnostics and writes nothing, so `output/` keeps the last
//! good PDFs; the next change tries again. Ctrl-C (or SIGTERM) ends the session cleanly.

use std::collections::{BTreeSet, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use notify_debouncer_mini::notify::RecursiveMode;
use notify_debouncer_mini::{DebounceEventResult, new_debouncer};

use crate::commands::build::{BuildOptions, BuildOutcome, BuildSession, summary};
use crate::diag::Error;
use crate::ui;

/// Editors write a file in bursts (truncate, write, rename a backup); one rebuild per
/// burst is enough.
const DEBOUNCE: Duration = Duration::from_millis(200);

/// How many rebuilds an unused memoised result survives (`comemo::evict`), as typst's
/// own watch mode does: enough to keep what alternating edits reuse, bounded memory.
const CACHE_AGE: usize = 10;

/// The folders a project's documents depend on.
const WATCHED: [&str; 2] = ["sources", "templates"];

#[derive(Debug, clap::Args)]
pub struct WatchArgs {
    /// Also write the generated Typst markup beside the PDFs (output/<document>.typ).
    #[arg(long)]
    pub emit_typst: bool,
}

enum Event {
    Changed(DebounceEventResult),
    Stop,
}

pub fn run(project: &Path, args: &WatchArgs) -> Result<(), Error> {
    let root = project
        .canonicalize()
        .map_err(|e| Error::Failed(format!("cannot open {} ({e})", project.display())))?;
    let (tx, rx) = mpsc::channel();

    let stop = tx.clone();
    ctrlc::set_handler(move || {
        let _ = stop.send(Event::Stop);
    })
    .map_err(|e| Error::Failed(format!("cannot handle Ctrl-C ({e})")))?;

    // Watch before the first build, so a change made while it runs is not missed.
    let mut debouncer = new_debouncer(DEBOUNCE, move |result| {
        let _ = tx.send(Event::Changed(result));
    })
    .map_err(|e| Error::Failed(format!("cannot watch files ({e})")))?;
    let mut watched = Vec::new();
    for name in WATCHED {
        let dir = root.join(name);
        if dir.is_dir() {
            debouncer
                .watcher()
                .watch(&dir, RecursiveMode::Recursive)
                .map_err(|e| Error::Failed(format!("cannot watch {} ({e})", dir.display())))?;
            watched.push(format!("{name}/"));
        }
    }
    if watched.is_empty() {
        return Err(Error::Failed(format!(
            "{} has no sources/ folder; run `rapporteur init` to create a project",
            project.display()
        )));
    }

    let mut fingerprints = Fingerprints::scan(&root);
    let options = BuildOptions {
        emit_typst: args.emit_typst,
    };
    let mut session = BuildSession::watching(&root, CACHE_AGE);
    build(&mut session, &options, None);
    ui::status(
        "Watching",
        format!("{} for changes (Ctrl-C to stop)", watched.join(" and ")),
    );

    while let Ok(event) = rx.recv() {
        let mut changed = BTreeSet::new();
        match event {
            Event::Stop => break,
            Event::Changed(Ok(events)) => {
                let candidates = events.into_iter().filter_map(|e| relevant(&root, &e.path));
                changed.extend(fingerprints.update(&root, candidates));
            }
            Event::Changed(Err(e)) => {
                ui::warning(format!("file watching reported a problem ({e})"))
            }
        }
        if changed.is_empty() {
            continue;
        }
        build(&mut session, &options, Some(&changed));
    }
    ui::status("Stopped", "watching");
    Ok(())
}

/// The path relative to the project if a change to it can change the documents; editor
/// droppings (backups, swap files, hidden files) and folders themselves are ignored.
fn relevant(root: &Path, path: &Path) -> Option<PathBuf> {
    let relative = path.strip_prefix(root).ok()?;
    let name = relative.file_name()?.to_str()?;
    let junk = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913";
    (!junk && !path.is_dir()).then(|| relative.to_path_buf())
}

/// What each watched file held when last seen. The file watcher also reports files that
/// were only read (the build itself reads every source), and editors rewrite files
/// unchanged; comparing contents keeps both from triggering rebuilds.
struct Fingerprints(HashMap<PathBuf, u64>);

impl Fingerprints {
    fn scan(root: &Path) -> Fingerprints {
        let mut map = HashMap::new();
        let mut pending: Vec<PathBuf> = WATCHED.iter().map(|d| root.join(d)).collect();
        while let Some(dir) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
                if path.is_dir() {
                    pending.push(path);
                } else if let (Some(relative), Some(print)) =
                    (relevant(root, &path), fingerprint(&path))
                {
                    map.insert(relative, print);
                }
            }
        }
        Fingerprints(map)
    }

    /// The candidates (relative to `root`) whose contents differ from when last seen,
    /// including files created or removed since; remembers the new contents.
    fn update(
        &mut self,
        root: &Path,
        candidates: impl IntoIterator<Item = PathBuf>,
    ) -> BTreeSet<PathBuf> {
        let mut changed = BTreeSet::new();
        for relative in candidates {
            let now = fingerprint(&root.join(&relative));
            let before = match now {
                Some(print) => self.0.insert(relative.clone(), print),
                None => self.0.remove(&relative),
            };
            if before != now {
                changed.insert(relative);
            }
        }
        changed
    }
}

fn fingerprint(path: &Path) -> Option<u64> {
    let bytes = std::fs::read(path).ok()?;
    let mut hasher = DefaultHasher::new();
    bytes.hash(&mut hasher);
    Some(hasher.finish())
}

/// Runs one build and reports it; `changed` is `None` for the first build.
fn build(session: &mut BuildSession, options: &BuildOptions, changed: Option<&BTreeSet<PathBuf>>) {
    let started = Instant::now();
    let spinner = ui::spinner(if changed.is_some() {
        "Rebuilding"
    } else {
        "Building"
    });
    let result = session.build(options);
    spinner.finish_and_clear();
    let elapsed = started.elapsed();
    let cause = changed.map(|paths| {
        let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        format!(" (changed: {})", names.join(", "))
    });
    match result {
        Ok(outcome) => report_success(&outcome, cause.as_deref(), elapsed),
        Err(error) => {
            match &error {
                Error::Invalid(diagnostics) => {
                    for d in diagnostics {
                        eprint!("{}", d.render(ui::stderr_color()));
                    }
                }
                Error::Failed(message) => ui::failure("error", message),
            }
            ui::failure(
                "Failed",
                format!(
                    "{}{}; output/ keeps the last good files, waiting for changes",
                    if changed.is_some() {
                        "rebuild"
                    } else {
                        "build"
                    },
                    cause.as_deref().unwrap_or("")
                ),
            );
        }
    }
}

fn report_success(outcome: &BuildOutcome, cause: Option<&str>, elapsed: Duration) {
    for w in &outcome.warnings {
        eprint!("{}", w.render(ui::stderr_color()));
    }
    match cause {
        None => {
            for d in &outcome.documents {
                ui::status("Built", summary(d));
            }
        }
        Some(cause) => {
            for d in &outcome.documents {
                ui::detail("Built", summary(d));
            }
            let paths: Vec<String> = outcome
                .documents
                .iter()
                .map(|d| d.path.display().to_string())
                .collect();
            ui::status(
                "Rebuilt",
                format!("{}{cause} in {}", paths.join(", "), ui::seconds(elapsed)),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_droppings_do_not_trigger_rebuilds() {
        let root = Path::new("/p");
        assert_eq!(
            relevant(root, Path::new("/p/sources/regions/east.yaml")),
            Some(PathBuf::from("sources/regions/east.yaml"))
        );
        for junk in [
            "/p/sources/.east.yaml.swp",
            "/p/sources/east.yaml~",
            "/p/sources/4913",
            "/elsewhere/east.yaml",
        ] {
            assert_eq!(relevant(root, Path::new(junk)), None, "{junk}");
        }
    }

    #[test]
    fn only_files_whose_contents_changed_count() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sources/regions")).unwrap();
        std::fs::write(root.join("sources/meeting.yaml"), "a").unwrap();
        std::fs::write(root.join("sources/regions/east.yaml"), "b").unwrap();
        let mut prints = Fingerprints::scan(root);
        let meeting = PathBuf::from("sources/meeting.yaml");
        let east = PathBuf::from("sources/regions/east.yaml");
        let new = PathBuf::from("sources/regions/west.yaml");
        // Read, or rewritten with the same text: nothing to do.
        std::fs::write(root.join(&meeting), "a").unwrap();
        assert!(
            prints
                .update(root, [meeting.clone(), east.clone()])
                .is_empty()
        );
        std::fs::write(root.join(&east), "c").unwrap();
        std::fs::write(root.join(&new), "d").unwrap();
        std::fs::remove_file(root.join(&meeting)).unwrap();
        let changed = prints.update(root, [meeting.clone(), east.clone(), new.clone()]);
        assert_eq!(changed, BTreeSet::from([meeting, east, new]));
    }
}
