//! JSON Schemas of the source files, derived from the model types.
//!
//! Editors that speak the YAML language server validate and complete a source file as it
//! is typed when its first line names its schema:
//!
//! ```yaml
//! # yaml-language-server: $schema=../../schemas/region.schema.json
//! ```
//!
//! The schemas are generated from the same `*File` structs that load the files, so they
//! cannot drift from what `rapporteur` accepts; `rapporteur schema --check` (run in CI)
//! fails when the committed copies are older than the types.

use std::path::{Component, Path};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::{
    AcronymsFile, LedgerFile, MechanismsFile, MeetingFile, RegionFile, SurveyFile, ThemesFile,
};

/// The folder of a project that holds the schemas, next to `sources/`.
pub const DIR: &str = "schemas";

/// One kind of source file and its schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Meeting,
    Region,
    Acronyms,
    Themes,
    Mechanisms,
    Survey,
    Merge,
}

impl Kind {
    pub const ALL: [Kind; 7] = [
        Kind::Meeting,
        Kind::Region,
        Kind::Acronyms,
        Kind::Themes,
        Kind::Mechanisms,
        Kind::Survey,
        Kind::Merge,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Kind::Meeting => "meeting",
            Kind::Region => "region",
            Kind::Acronyms => "acronyms",
            Kind::Themes => "themes",
            Kind::Mechanisms => "mechanisms",
            Kind::Survey => "survey",
            Kind::Merge => "merge",
        }
    }

    /// `meeting.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// Which kind a source file is, from its path relative to `sources/`: the fixed
    /// names, and every YAML file under `regions/` is a regional file.
    pub fn of_source(relative: &Path) -> Option<Kind> {
        let mut parts = relative.components().map(|c| c.as_os_str().to_str());
        let first = parts.next()??;
        let rest: Vec<_> = parts.collect::<Option<_>>()?;
        let is_yaml = |name: &str| name.ends_with(".yaml") || name.ends_with(".yml");
        match (first, rest.as_slice()) {
            ("regions", [.., last]) if is_yaml(last) => Some(Kind::Region),
            (name, []) => {
                let stem = name.strip_suffix(".yaml").or(name.strip_suffix(".yml"))?;
                Kind::ALL
                    .into_iter()
                    .find(|k| k.name() == stem && *k != Kind::Region)
            }
            _ => None,
        }
    }

    /// The schema, as JSON.
    pub fn schema(self) -> Value {
        let (value, title) = match self {
            Kind::Meeting => (generate::<MeetingFile>(), "rapporteur meeting file"),
            Kind::Region => (generate::<RegionFile>(), "rapporteur regional file"),
            Kind::Acronyms => (generate::<AcronymsFile>(), "rapporteur acronyms file"),
            Kind::Themes => (generate::<ThemesFile>(), "rapporteur themes file"),
            Kind::Mechanisms => (generate::<MechanismsFile>(), "rapporteur mechanisms file"),
            Kind::Survey => (generate::<SurveyFile>(), "rapporteur survey file"),
            Kind::Merge => (generate::<LedgerFile>(), "rapporteur merge ledger"),
        };
        let mut value = value;
        // The Rust type name ("MeetingFile") means nothing to someone editing YAML.
        if let Some(object) = value.as_object_mut() {
            object.insert("title".into(), Value::String(title.into()));
        }
        value
    }

    /// The schema as written to disk: pretty JSON with a final newline, so that diffs of
    /// the committed files stay readable.
    pub fn schema_text(self) -> String {
        let mut text =
            serde_json::to_string_pretty(&sorted(self.schema())).expect("a schema is JSON");
        text.push('\n');
        text
    }

    /// The first line a source file at `relative` (to `sources/`) carries so that editors
    /// find its schema: the path climbs out of `sources/` to the project's `schemas/`.
    pub fn modeline(self, relative: &Path) -> String {
        let depth = relative.parent().map_or(0, |p| {
            p.components()
                .filter(|c| matches!(c, Component::Normal(_)))
                .count()
        });
        format!(
            "# yaml-language-server: $schema={}{DIR}/{}",
            "../".repeat(depth + 1),
            self.file_name()
        )
    }
}

/// The value with every object's keys in sorted order. serde_json keeps insertion order
/// when any crate in the build enables its `preserve_order` feature; sorting here keeps
/// the written text the same whichever way the features unify.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sorted(v))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

// Pinned to draft 2020-12 explicitly, so a schemars upgrade that changes its default
// cannot silently change the committed files.
fn generate<T: JsonSchema>() -> Value {
    SchemaSettings::draft2020_12()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn source_paths_map_to_their_kind() {
        assert_eq!(
            Kind::of_source(Path::new("meeting.yaml")),
            Some(Kind::Meeting)
        );
        assert_eq!(Kind::of_source(Path::new("merge.yaml")), Some(Kind::Merge));
        assert_eq!(
            Kind::of_source(Path::new("regions/africa.yaml")),
            Some(Kind::Region)
        );
        assert_eq!(Kind::of_source(Path::new("region.yaml")), None);
        assert_eq!(Kind::of_source(Path::new("agenda.yaml")), None);
        assert_eq!(Kind::of_source(Path::new("prose/intro.md")), None);
    }

    #[test]
    fn modelines_climb_out_of_sources_to_schemas() {
        assert_eq!(
            Kind::Meeting.modeline(Path::new("meeting.yaml")),
            "# yaml-language-server: $schema=../schemas/meeting.schema.json"
        );
        assert_eq!(
            Kind::Region.modeline(Path::new("regions/africa.yaml")),
            "# yaml-language-server: $schema=../../schemas/region.schema.json"
        );
    }

    #[test]
    fn schemas_forbid_unknown_fields_like_the_loader() {
        let schema = Kind::Region.schema();
        assert_eq!(schema["additionalProperties"], Value::Bool(false));
        assert_eq!(schema["title"], "rapporteur regional file");
        let required = schema["required"].as_array().unwrap();
        assert!(required.contains(&Value::from("recommendations")));
    }
}
