//! `rapporteur build --check`: compares output/ with what the sources produce, writes
//! nothing.

use super::{files_under, init_project, rapporteur, repo, stderr};

#[test]
fn build_check_passes_on_the_repository() {
    let output = rapporteur(&["build", "--check", "--project", repo().to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "output/ is stale; run `cargo run --release -- build` and commit output/:\n{}",
        stderr(&output)
    );
}

#[test]
fn build_check_names_what_a_source_edit_made_stale() {
    let (_tmp, project) = init_project();
    let dir = project.to_str().unwrap();
    let built = rapporteur(&["build", "--project", dir]).output().unwrap();
    assert!(built.status.success(), "{}", stderr(&built));

    let current = rapporteur(&["build", "--check", "--project", dir])
        .output()
        .unwrap();
    assert!(current.status.success(), "{}", stderr(&current));
    assert!(stderr(&current).contains("output/ is current"));

    // A regional title appears in the report and the merge report, not the Highlights.
    let east = project.join("sources/regions/east.yaml");
    let text = std::fs::read_to_string(&east).unwrap();
    std::fs::write(
        &east,
        text.replace(
            "recruitment of migrant workers",
            "recruitment of all migrant workers",
        ),
    )
    .unwrap();
    std::fs::remove_file(project.join("output/highlights.pdf")).unwrap();
    std::fs::write(project.join("output/old-draft.pdf"), "%PDF-1.7").unwrap();
    let before: Vec<_> = files_under(&project.join("output"))
        .into_iter()
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .collect();

    let stale = rapporteur(&["build", "--check", "--project", dir])
        .output()
        .unwrap();
    assert_eq!(stale.status.code(), Some(1));
    insta::assert_snapshot!("build_check_stale", stderr(&stale));

    let after: Vec<_> = files_under(&project.join("output"))
        .into_iter()
        .map(|p| (std::fs::read(&p).unwrap(), p))
        .collect();
    assert!(before == after, "build --check changed output/");
}
