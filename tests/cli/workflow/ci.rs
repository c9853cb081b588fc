//! The documents workflow for GitHub Actions.

use std::process::Command;

use super::{repo, stderr};

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
