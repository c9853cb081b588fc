//! What the user sees: --quiet, --verbose, colour, shell completions.

use super::{rapporteur, stderr};

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

#[test]
fn build_status_lines_follow_quiet_and_verbose() {
    let (_tmp, project) = super::init_project();
    let dir = project.to_str().unwrap();
    let quiet = rapporteur(&["build", "--quiet", "--project", dir])
        .output()
        .unwrap();
    assert!(quiet.status.success(), "{}", stderr(&quiet));
    assert_eq!(stderr(&quiet), "", "--quiet prints nothing on success");
    assert!(project.join("output/highlights.pdf").is_file());

    let normal = rapporteur(&["build", "--project", dir]).output().unwrap();
    assert!(stderr(&normal).contains("       Built output/highlights.pdf (1 page, "));
    assert!(!stderr(&normal).contains("Merged"));

    let verbose = rapporteur(&["build", "--verbose", "--project", dir])
        .output()
        .unwrap();
    for step in [
        "Checked 2 regions, 4 recommendations (",
        "Merged 3 clusters, 1 cross-regional, 0 pairs to review (",
        "Built output/summary-report.pdf (",
    ] {
        assert!(stderr(&verbose).contains(step), "{}", stderr(&verbose));
    }
}
