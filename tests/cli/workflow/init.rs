//! `rapporteur init`: a new project that builds at once, and never over an existing one.

use super::{files_under, init_project, pdf_pages, pdf_text, rapporteur, stderr};

#[test]
fn init_then_build_gives_both_documents() {
    let (_tmp, project) = init_project();
    for file in [
        "README.md",
        "sources/meeting.yaml",
        "sources/regions/east.yaml",
        "sources/regions/west.yaml",
        "sources/merge.yaml",
        "templates/summary-report.typ.j2",
        "schemas/region.schema.json",
    ] {
        assert!(project.join(file).is_file(), "init did not write {file}");
    }

    let dir = project.to_str().unwrap();
    let built = rapporteur(&["build", "--project", dir]).output().unwrap();
    assert!(built.status.success(), "build failed:\n{}", stderr(&built));
    assert!(stderr(&built).contains("Built output/summary-report.pdf"));

    let highlights = project.join("output/highlights.pdf");
    let report = project.join("output/summary-report.pdf");
    assert!(pdf_pages(&highlights) >= 1);
    assert!(pdf_pages(&report) > pdf_pages(&highlights));
    // The ledger's wording of the one cross-regional recommendation reaches the
    // Highlights; each region's own wording reaches the report.
    assert!(
        pdf_text(&highlights).contains("Improve the collection of migration data"),
        "{}",
        pdf_text(&highlights)
    );
    let report_text = pdf_text(&report);
    for wording in [
        "Promote fair and ethical recruitment of migrant workers",
        "Support the sustainable reintegration of returning migrants",
    ] {
        assert!(report_text.contains(wording), "report lacks `{wording}`");
    }

    // The new project is clean: nothing to review, nothing to warn about.
    let checked = rapporteur(&["check", "--project", dir]).output().unwrap();
    assert!(checked.status.success(), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("0 warnings"),
        "{}",
        stderr(&checked)
    );
}

#[test]
fn init_refuses_an_existing_project_and_writes_nothing() {
    let (_tmp, project) = init_project();
    let meeting = project.join("sources/meeting.yaml");
    std::fs::write(&meeting, "# edited by hand\n").unwrap();
    let before = files_under(&project);

    let again = rapporteur(&["init", project.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2));
    assert!(
        stderr(&again).contains("already holds a meeting project"),
        "{}",
        stderr(&again)
    );
    assert_eq!(files_under(&project), before);
    assert_eq!(
        std::fs::read_to_string(&meeting).unwrap(),
        "# edited by hand\n"
    );
}

#[test]
fn init_refuses_a_folder_that_is_not_empty() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("notes.txt"), "mine").unwrap();
    let output = rapporteur(&["init", tmp.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not empty (it holds notes.txt)"),
        "{}",
        stderr(&output)
    );
    assert_eq!(files_under(tmp.path()), vec![tmp.path().join("notes.txt")]);
}

#[test]
fn init_accepts_an_empty_folder_or_a_fresh_git_repository() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let output = rapporteur(&["init", "--project", tmp.path().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(tmp.path().join("sources/meeting.yaml").is_file());
}
