//! Unknown and missing fields found all at once, from the file types' JSON schemas.
//!
//! serde stops at a file's first error. So that one run lists every misspelt or missing
//! field of a file, the mapped file is walked against the schema `schemars` derives for
//! the same types: keys not among a mapping's properties and required properties that are
//! absent. Wrong types and anything the schema cannot say (untagged variants) are left
//! to serde.

use serde_json::Value;

use super::spans::{NodeKind, SpanMap};
use crate::model::Position;

/// A field problem, with the fields the mapping accepts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShapeProblem {
    pub position: Position,
    pub message: String,
    pub help: String,
}

/// Every unknown and missing field of the mapped file.
pub fn problems(schema: &Value, spans: &SpanMap) -> Vec<ShapeProblem> {
    let mut found = Vec::new();
    let mut pending = vec![(String::new(), schema.clone())];
    // A work list rather than recursion: nesting is bounded by `spans::MAX_DEPTH` anyway.
    while let Some((path, node_schema)) = pending.pop() {
        let Some(schema) = resolve(schema, &node_schema) else {
            continue;
        };
        let Some(span) = spans.get(&path) else {
            continue;
        };
        match span.kind {
            NodeKind::Mapping => {
                let properties = schema.get("properties").and_then(Value::as_object);
                let extra = schema.get("additionalProperties");
                let valid = field_list(properties);
                let children = spans.children(&path);
                // Fields an unknown key is a near-miss of: that key's "did you mean" says
                // enough, so they are not reported missing as well.
                let mut meant = Vec::new();
                for child in children {
                    match properties.and_then(|p| p.get(&child.name)) {
                        Some(sub) => pending.push((child.path.clone(), sub.clone())),
                        None => match extra {
                            Some(Value::Bool(false)) => {
                                let at = spans.key(&child.path).unwrap_or(span.value);
                                let best = crate::validate::did_you_mean(
                                    &child.name,
                                    valid.iter().copied(),
                                );
                                meant.extend(best);
                                found.push(unknown(&child.name, &valid, best, at));
                            }
                            Some(sub @ Value::Object(_)) => {
                                pending.push((child.path.clone(), sub.clone()));
                            }
                            _ => {}
                        },
                    }
                }
                let required = schema.get("required").and_then(Value::as_array);
                let missing: Vec<String> = required
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                    .filter(|name| !children.iter().any(|c| c.name == *name))
                    .filter(|name| !meant.contains(name))
                    .map(|name| format!("`{name}`"))
                    .collect();
                if let Some((last, rest)) = missing.split_last() {
                    let (message, help) = if rest.is_empty() {
                        (
                            format!("missing field {last}"),
                            format!("add {last} to this entry"),
                        )
                    } else {
                        let list = format!("{} and {last}", rest.join(", "));
                        (
                            format!("missing fields {list}"),
                            format!("add {list} to this entry"),
                        )
                    };
                    found.push(ShapeProblem {
                        position: span.value,
                        message,
                        help,
                    });
                }
            }
            NodeKind::Sequence => {
                if let Some(items) = schema.get("items") {
                    for child in spans.children(&path) {
                        pending.push((child.path.clone(), items.clone()));
                    }
                }
            }
            NodeKind::Scalar | NodeKind::Alias => {}
        }
    }
    found.sort_by_key(|p| (p.position.line, p.position.column));
    found
}

fn unknown(field: &str, valid: &[&str], best: Option<&str>, at: Position) -> ShapeProblem {
    let listed: Vec<String> = valid.iter().map(|f| format!("`{f}`")).collect();
    let mut help = format!("valid fields are {}", listed.join(", "));
    if let Some(best) = best {
        help = format!("did you mean `{best}`? {help}");
    }
    ShapeProblem {
        position: at,
        message: format!("unknown field `{field}`"),
        help,
    }
}

/// Field names, alphabetical (as the schema keeps them).
fn field_list(properties: Option<&serde_json::Map<String, Value>>) -> Vec<&str> {
    properties
        .map(|p| p.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// Follows `$ref`s and unwraps `Option` (an `anyOf` with `null`); `None` for schemas
/// with real alternatives, which serde judges alone.
fn resolve<'a>(root: &'a Value, mut schema: &'a Value) -> Option<&'a Value> {
    for _ in 0..16 {
        if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
            let name = reference.strip_prefix("#/$defs/")?;
            schema = root.get("$defs")?.get(name)?;
            continue;
        }
        if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
            let mut real = options
                .iter()
                .filter(|o| o.get("type").and_then(Value::as_str) != Some("null"));
            match (real.next(), real.next()) {
                (Some(only), None) => {
                    schema = only;
                    continue;
                }
                _ => return None,
            }
        }
        return Some(schema);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::RegionFile;

    fn check(text: &str) -> Vec<(usize, usize, String)> {
        let schema = serde_json::to_value(schemars::schema_for!(RegionFile)).unwrap();
        let spans = SpanMap::parse(text).unwrap();
        problems(&schema, &spans)
            .into_iter()
            .map(|p| (p.position.line, p.position.column, p.message))
            .collect()
    }

    #[test]
    fn finds_every_unknown_and_missing_field() {
        let text = "id: north\nname: North\nrecommendations:\n  - id: a\n    titel: x\n    category: priority\n  - id: b\n    category: priority\n    title: y\n    theme: [t]\n  - id: c\n    title: z\n";
        assert_eq!(
            check(text),
            [
                (5, 5, "unknown field `titel`".to_owned()),
                (10, 5, "unknown field `theme`".to_owned()),
                (11, 5, "missing field `category`".to_owned()),
            ]
        );
    }

    #[test]
    fn lists_the_missing_fields_of_an_entry_together() {
        let text = "id: north\nname: North\nrecommendations:\n  - id: a\n";
        assert_eq!(
            check(text),
            [(4, 5, "missing fields `category` and `title`".to_owned())]
        );
    }

    #[test]
    fn a_valid_file_has_no_problems() {
        let text = "id: north\nname: North\noverview: null\nrecommendations:\n  - {id: a, category: p, title: x, themes: [t]}\n";
        assert_eq!(check(text), []);
    }
}
