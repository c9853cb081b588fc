//! `rapporteur schema` and the schemas of the bundled sources.

use std::path::Path;

use rapporteur::schema::Kind;

use super::{files_under, rapporteur, repo, stderr};

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

/// Checks every YAML file under `sources`: it has a schema, names it on its first line,
/// and validates. Gives how many files were checked and the problems found.
fn check_sources(sources: &Path) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in files_under(sources) {
        let relative = path.strip_prefix(sources).unwrap();
        let is_yaml = path.extension().is_some_and(|e| e == "yaml" || e == "yml");
        if !is_yaml {
            continue;
        }
        let shown = path
            .strip_prefix(repo())
            .unwrap_or(&path)
            .display()
            .to_string();
        let Some(kind) = Kind::of_source(relative) else {
            problems.push(format!(
                "{shown}: no schema covers this file; add its type to rapporteur::schema"
            ));
            continue;
        };
        let text = std::fs::read_to_string(&path).unwrap();
        let modeline = kind.modeline(relative);
        if text.lines().next() != Some(modeline.as_str()) {
            problems.push(format!("{shown}: the first line should be `{modeline}`"));
        }
        for error in schema_errors(kind, &text) {
            problems.push(format!("{shown}: {error}"));
        }
        checked += 1;
    }
    (checked, problems)
}

#[test]
fn every_bundled_source_file_validates_against_its_schema() {
    let (checked, problems) = check_sources(&repo().join("sources"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The bundled project has a meeting file, four regions and a ledger at the least.
    assert!(
        checked >= 6,
        "only {checked} source files found under sources/"
    );
}

#[test]
fn every_file_init_writes_validates_against_its_schema() {
    let (checked, problems) = check_sources(&repo().join("src/commands/init/starter/sources"));
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(checked >= 4, "only {checked} starter source files found");
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
