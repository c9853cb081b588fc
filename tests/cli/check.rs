//! `rapporteur check`: one test per kind of problem in the sources, each with a snapshot
//! of exactly what the user sees.

use insta::assert_snapshot;

use crate::support::{Project, run};

/// Checks a fixture case and snapshots the transcript.
fn check_case(case: &str) -> String {
    Project::case(case).run(&["check"]).transcript()
}

#[test]
fn minimal_project_passes_with_a_summary() {
    let outcome = Project::minimal().run(&["check"]);
    assert_snapshot!(outcome.transcript(), @r"
    exit code: 0
    --- stderr
    checked TM 1: 2 regions, 6 recommendations (4 priority, 2 follow-up), 0 warnings
    ");
}

#[test]
fn yaml_syntax_error_points_at_the_line() {
    assert_snapshot!(check_case("yaml_syntax_error"));
}

#[test]
fn unknown_field_lists_valid_fields_and_suggests_one() {
    assert_snapshot!(check_case("unknown_field"));
}

#[test]
fn wrong_type_names_the_expected_type() {
    assert_snapshot!(check_case("wrong_type"));
}

#[test]
fn missing_required_field() {
    assert_snapshot!(check_case("missing_field"));
}

#[test]
fn duplicate_ids_point_at_both_places() {
    assert_snapshot!(check_case("duplicate_id"));
}

#[test]
fn unknown_categories_themes_mechanisms_and_regions() {
    assert_snapshot!(check_case("unknown_reference"));
}

#[test]
fn missing_acronyms_warn_and_fail_only_when_strict() {
    let project = Project::case("missing_acronym");
    assert_snapshot!("missing_acronym", project.run(&["check"]).transcript());
    assert_snapshot!(
        "missing_acronym_strict",
        project.run(&["check", "--strict"]).transcript()
    );
}

#[test]
fn regional_file_listed_but_missing() {
    assert_snapshot!(check_case("missing_region_file"));
}

#[test]
fn regional_file_that_no_region_lists() {
    assert_snapshot!(check_case("unlisted_region_file"));
}

#[test]
fn empty_title() {
    assert_snapshot!(check_case("empty_title"));
}

#[test]
fn stale_and_contradictory_ledger_entries() {
    assert_snapshot!(check_case("stale_ledger"));
}

#[test]
fn meeting_ending_before_it_starts() {
    assert_snapshot!(check_case("bad_dates"));
}

#[test]
fn survey_counts_that_do_not_add_up() {
    assert_snapshot!(check_case("survey_mismatch"));
}

#[test]
fn regional_file_with_another_regions_id() {
    assert_snapshot!(check_case("region_id_mismatch"));
}

#[test]
fn billion_laughs_is_refused_quickly() {
    // Nine levels of nine aliases each: 387 million strings if expanded. The untagged
    // highlight items buffer whatever they are given, so only the alias limit stops it.
    let mut bomb = String::from(
        "highlights:\n  priority:\n    - [&a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
    );
    for level in 1..9u8 {
        let (name, prev) = ((b'a' + level) as char, (b'a' + level - 1) as char);
        let refs = vec![format!("*{prev}"); 9].join(", ");
        bomb.push_str(&format!(", &{name} [{refs}]"));
    }
    bomb.push_str("]\n");
    let project = Project::minimal();
    project.write("sources/merge.yaml", bomb);
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn deep_flow_nesting_is_refused() {
    let project = Project::minimal();
    let deep = format!("synonyms: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
    project.write("sources/merge.yaml", deep);
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn deep_block_nesting_is_refused() {
    let project = Project::minimal();
    let deep = format!("synonyms:\n  {}x\n", "- ".repeat(10_000));
    project.write("sources/merge.yaml", deep);
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn oversized_file_states_the_limit() {
    let project = Project::minimal();
    let mut big = String::from("acronyms:\n");
    while big.len() <= 4 * 1024 * 1024 {
        big.push_str("  - term: GFMD\n    meaning: Global Forum on Migration and Development\n");
    }
    project.write("sources/acronyms.yaml", big);
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn invalid_utf8_points_at_the_bad_byte() {
    let project = Project::minimal();
    let mut bytes = project.read("sources/themes.yaml").into_bytes();
    bytes.extend(b"  - id: caf\xe9\n    title: Latin-1 text\n");
    project.write("sources/themes.yaml", bytes);
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn binary_file_is_refused() {
    let project = Project::minimal();
    project.write(
        "sources/regions/south.yaml",
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    );
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn folder_where_a_file_should_be() {
    let project = Project::minimal();
    project.remove("sources/themes.yaml");
    project.write("sources/themes.yaml/readme.txt", "not a file");
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn missing_meeting_file() {
    let project = Project::minimal();
    project.remove("sources/meeting.yaml");
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn missing_project_folder_is_a_failure_not_invalid_input() {
    let outcome = run(&["check", "--project", "no/such/folder"]);
    assert_snapshot!(outcome.transcript(), @r"
    exit code: 2
    --- stderr
    error: project folder no/such/folder not found (pass the folder holding sources/ with --project)
    ");
}

#[test]
fn help_documents_the_exit_codes() {
    let outcome = run(&["--help"]);
    assert_eq!(outcome.code, 0);
    for line in [
        "0  success",
        "1  the sources are invalid",
        "2  any other failure",
    ] {
        assert!(
            outcome.stdout.contains(line),
            "--help lacks {line:?}:\n{}",
            outcome.stdout
        );
    }
}

#[test]
fn every_unknown_and_missing_field_of_a_file_at_once() {
    assert_snapshot!(check_case("several_field_problems"));
}

#[test]
fn regional_path_leaving_the_sources_is_refused() {
    let project = Project::minimal();
    let meeting = project.read("sources/meeting.yaml");
    project.write(
        "sources/meeting.yaml",
        meeting.replace("file: regions/south.yaml", "file: ../../etc/passwd"),
    );
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn second_yaml_document_in_a_file() {
    let project = Project::minimal();
    project.write("sources/themes.yaml", "themes: []\n---\nthemes: []\n");
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn bundled_sources_pass_without_warnings() {
    let outcome = run(&["check", "--project", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(outcome.code, 0, "{}", outcome.transcript());
    assert!(
        outcome.stderr.starts_with("checked GRCP 7: 4 regions, ")
            && outcome.stderr.ends_with(", 0 warnings\n")
            && outcome.stderr.lines().count() == 1,
        "{}",
        outcome.transcript()
    );
}

#[test]
fn broken_template_tag_in_prose() {
    let project = Project::minimal();
    project.write(
        "sources/prose/report/introduction.md",
        "# Introduction\n\nThe {{ meeting.short_title } met in Geneva.\n",
    );
    assert_snapshot!(project.run(&["check"]).transcript());
}

#[test]
fn folder_where_a_regional_file_should_be() {
    let project = Project::minimal();
    project.remove("sources/regions/south.yaml");
    project.write("sources/regions/south.yaml/readme.txt", "not a file");
    assert_snapshot!(project.run(&["check"]).transcript());
}
