//! Everyday workflow: schemas, shell completions, the CI workflow, status output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use rapporteur::schema::Kind;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn rapporteur(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapporteur"));
    command.args(args);
    // What the user sees must not depend on the developer's terminal settings.
    command.env_remove("CLICOLOR_FORCE").env_remove("NO_COLOR");
    command
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file under `dir`, recursively, sorted.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

// ---- schemas ----

#[test]
fn committed_schemas_are_current() {
    for kind in Kind::ALL {
        let path = repo().join("schemas").join(kind.file_name());
        let committed = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{} ({e}); run `rapporteur schema`", path.display()));
        assert!(
            committed == kind.schema_text(),
            "{} is out of date with the source types; run `cargo run --release -- schema`",
            path.display()
        );
    }
}

/// Validates a YAML text against the schema of its kind; the errors as "path: message".
fn schema_errors(kind: Kind, yaml: &str) -> Vec<String> {
    let instance: serde_json::Value = serde_yaml::from_str(yaml).expect("YAML parses");
    let schema = kind.schema();
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    validator
        .iter_errors(&instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

#[test]
fn every_bundled_source_file_validates_against_its_schema() {
    let sources = repo().join("sources");
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in files_under(&sources) {
        let relative = path.strip_prefix(&sources).unwrap();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml {
            continue;
        }
        let Some(kind) = Kind::of_source(relative) else {
            problems.push(format!(
                "{}: no schema covers this file; add its type to rapporteur::schema",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let modeline = kind.modeline(relative);
        if text.lines().next() != Some(modeline.as_str()) {
            problems.push(format!(
                "{}: the first line should be `{modeline}`",
                relative.display()
            ));
        }
        for error in schema_errors(kind, &text) {
            problems.push(format!("{}: {error}", relative.display()));
        }
        checked += 1;
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The bundled project has a meeting file, four regions and a ledger at the least.
    assert!(
        checked >= 6,
        "only {checked} source files found under sources/"
    );
}

#[test]
fn schemas_reject_what_the_loader_rejects() {
    let misspelt = "id: africa\nname: Africa\nrecommendations:\n  - id: af-1\n    category: priority\n    titel: Uphold rights\n";
    let errors = schema_errors(Kind::Region, misspelt);
    assert!(
        errors.iter().any(|e| e.contains("titel")),
        "unknown field not reported: {errors:?}"
    );
    assert!(
        errors.iter().any(|e| e.contains("title")),
        "missing required field not reported: {errors:?}"
    );
    let wrong_kind = "mechanisms:\n  - id: MIDSA\n    type: regional-process\n";
    assert!(!schema_errors(Kind::Mechanisms, wrong_kind).is_empty());
}

#[test]
fn schema_check_names_stale_and_missing_files() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path().to_str().unwrap();

    let written = rapporteur(&["schema", "--project", dir]).output().unwrap();
    assert!(written.status.success(), "{}", stderr(&written));
    assert_eq!(
        stderr(&written).matches("Wrote").count(),
        Kind::ALL.len(),
        "one status line per schema:\n{}",
        stderr(&written)
    );
    let current = rapporteur(&["schema", "--check", "--project", dir])
        .output()
        .unwrap();
    assert!(current.status.success(), "{}", stderr(&current));

    let schemas = project.path().join("schemas");
    std::fs::write(schemas.join("region.schema.json"), "{}\n").unwrap();
    std::fs::remove_file(schemas.join("survey.schema.json")).unwrap();
    let stale = rapporteur(&["schema", "--check", "--project", dir])
        .output()
        .unwrap();
    assert_eq!(stale.status.code(), Some(1));
    insta::assert_snapshot!("schema_check_stale", stderr(&stale));
    // --check writes nothing.
    assert_eq!(
        std::fs::read_to_string(schemas.join("region.schema.json")).unwrap(),
        "{}\n"
    );
    assert!(!schemas.join("survey.schema.json").exists());
}

// ---- output for people ----

#[test]
fn quiet_silences_status_lines_and_verbose_adds_steps() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path().to_str().unwrap();
    let quiet = rapporteur(&["schema", "--quiet", "--project", dir])
        .output()
        .unwrap();
    assert!(quiet.status.success());
    assert_eq!(stderr(&quiet), "");
    let verbose = rapporteur(&["schema", "--verbose", "--project", dir])
        .output()
        .unwrap();
    assert!(
        stderr(&verbose).contains("Fresh schemas/meeting.schema.json"),
        "{}",
        stderr(&verbose)
    );
    let both = rapporteur(&["schema", "-q", "-v", "--project", dir])
        .output()
        .unwrap();
    assert_eq!(
        both.status.code(),
        Some(2),
        "--quiet and --verbose conflict"
    );
}

#[test]
fn colour_only_when_asked_and_never_with_no_color() {
    let project = tempfile::tempdir().unwrap();
    let dir = project.path().to_str().unwrap();
    // Not a terminal: plain text.
    let piped = rapporteur(&["schema", "--project", dir]).output().unwrap();
    assert!(!stderr(&piped).contains('\u{1b}'), "{:?}", stderr(&piped));
    std::fs::remove_dir_all(project.path().join("schemas")).unwrap();
    let forced = rapporteur(&["schema", "--project", dir])
        .env("CLICOLOR_FORCE", "1")
        .output()
        .unwrap();
    assert!(stderr(&forced).contains("\u{1b}["), "{:?}", stderr(&forced));
    std::fs::remove_dir_all(project.path().join("schemas")).unwrap();
    let no_color = rapporteur(&["schema", "--project", dir])
        .env("CLICOLOR_FORCE", "1")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert!(stderr(&no_color).contains("Wrote"));
    assert!(
        !stderr(&no_color).contains('\u{1b}'),
        "{:?}",
        stderr(&no_color)
    );
}

#[test]
fn completions_generate_for_bash_zsh_and_fish() {
    for (shell, marker) in [
        ("bash", "complete -F _rapporteur"),
        ("zsh", "#compdef rapporteur"),
        ("fish", "complete -c rapporteur"),
    ] {
        let output = rapporteur(&["completions", shell]).output().unwrap();
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains(marker), "{shell} script lacks `{marker}`");
        for subcommand in ["build", "check", "schema", "completions"] {
            assert!(
                script.contains(subcommand),
                "{shell} script lacks `{subcommand}`"
            );
        }
    }
    let unknown = rapporteur(&["completions", "tcsh"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
}

// ---- CI ----

const WORKFLOW: &str = ".github/workflows/documents.yml";

#[test]
fn workflow_passes_actionlint() {
    let Ok(output) = Command::new("actionlint")
        .arg(WORKFLOW)
        .current_dir(repo())
        .output()
    else {
        // Printed so the skip is visible with --nocapture and in CI logs of failures.
        eprintln!("note: actionlint is not installed; skipped linting {WORKFLOW}");
        return;
    };
    assert!(
        output.status.success(),
        "actionlint found problems:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        stderr(&output)
    );
}

#[test]
fn workflow_pins_every_action_to_a_commit() {
    let text = std::fs::read_to_string(repo().join(WORKFLOW)).unwrap();
    let mut actions = 0;
    for line in text.lines() {
        let Some((_, rest)) = line.split_once("uses: ") else {
            continue;
        };
        actions += 1;
        let (reference, comment) = rest.split_once(" # ").unwrap_or((rest, ""));
        let sha = reference.rsplit_once('@').map_or("", |(_, sha)| sha);
        assert!(
            sha.len() == 40 && sha.chars().all(|c| c.is_ascii_hexdigit()),
            "not pinned to a full commit SHA: {line}"
        );
        assert!(!comment.trim().is_empty(), "no version comment: {line}");
    }
    assert!(actions > 0, "no actions found in {WORKFLOW}");
}

#[test]
fn workflow_runs_the_projects_own_checks() {
    let text = std::fs::read_to_string(repo().join(WORKFLOW)).unwrap();
    for needed in [
        "build --check",
        "schema --check",
        "contents: write",
        "upload-artifact",
        "\"sources/**\"",
        "\"templates/**\"",
        "\"src/**\"",
    ] {
        assert!(text.contains(needed), "{WORKFLOW} lacks `{needed}`");
    }
    // Write access is granted to the publishing job only, never workflow-wide.
    let top_level: String = text.split("\njobs:").next().unwrap().to_owned();
    assert!(top_level.contains("contents: read"));
    assert!(!top_level.contains("contents: write"));
}
