//! Render: turns the meeting and its synthesis into Typst markup through MiniJinja
//! templates.
//!
//! Templates ending in `.typ.j2` are auto-escaped for Typst: every value printed into them
//! is escaped (see [`escape`]) unless it is markup already ([`views::Markup`], or what a
//! markup-building filter returns). Prose files under `sources/prose/` are templates too:
//! they are rendered with the meeting's facts first (unescaped, it is Markdown), then
//! converted to markup.

pub mod escape;
pub mod filters;
pub mod markdown;
pub mod templates;
pub mod views;

#[cfg(test)]
pub(crate) mod sample;

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::Serde;
use minijinja::{AutoEscape, Environment, UndefinedBehavior, Value, context};

use crate::diag::{Diagnostic, Error};
use crate::merge::Synthesis;
use crate::model::{Meeting, Position};
pub use templates::{LineMap, TemplateSet};
use views::Markup;

/// The documents a build produces: output name and template.
pub const DOCUMENTS: &[(&str, &str)] = &[
    ("highlights", "highlights.typ.j2"),
    ("summary-report", "summary-report.typ.j2"),
];

/// One document's generated markup.
#[derive(Debug, Clone)]
pub struct RenderedDocument {
    /// Output name without extension ("highlights").
    pub name: String,
    pub markup: String,
    /// Which template line wrote each line of `markup`.
    pub line_map: LineMap,
}

/// The Typst auto-escape's name in MiniJinja.
const TYPST: &str = "typst";
/// The auto-escape of prose files: facts are escaped for Markdown.
const MARKDOWN: &str = "markdown";

/// Renders every document of the project.
pub fn render(
    meeting: &Meeting,
    synthesis: &Synthesis,
    templates: &Arc<TemplateSet>,
) -> Result<Vec<RenderedDocument>, Error> {
    let prose_markdown = render_prose(meeting)?;
    let prose = prose_markdown
        .iter()
        .map(|(key, md)| (key.clone(), prose_markup(key, md)))
        .collect();
    let view = views::document_view(meeting, synthesis, prose, &prose_markdown);
    let env = environment(templates);
    let mut out = Vec::new();
    for (name, template) in DOCUMENTS {
        let ctx = context! { document => *name, ..serde_value(&view) };
        let rendered = env
            .get_template(template)
            .and_then(|t| t.render(ctx))
            .map_err(|e| template_error(&e, templates))?;
        let (markup, line_map) = templates.strip(&rendered);
        out.push(RenderedDocument {
            name: (*name).to_owned(),
            markup,
            line_map,
        });
    }
    Ok(out)
}

/// The environment for `.typ.j2` templates: strict about undefined values, Typst
/// auto-escape, the house filters.
pub fn environment(templates: &Arc<TemplateSet>) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(syntax(true));
    env.set_auto_escape_callback(|name| {
        if name.ends_with(".typ.j2") {
            AutoEscape::Custom(Cow::Borrowed(TYPST))
        } else {
            AutoEscape::None
        }
    });
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == TYPST) {
            if value.is_safe() {
                out.write_str(value.as_str().unwrap_or_default())?;
            } else if value.is_undefined() || value.is_none() {
                // Strict mode already rejects undefined; `none` prints nothing.
            } else {
                out.write_str(&escape::markup(&value.to_string()))?;
            }
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    filters::register(&mut env);
    let set = Arc::clone(templates);
    env.set_loader(move |name| Ok(set.instrumented(name)));
    env
}

/// Converts a prose file. Annexes sit at heading level 2 in the report, so their own
/// Markdown headings start one level lower (`##` becomes level 3), keeping heading levels
/// without gaps, as PDF/UA requires.
fn prose_markup(key: &str, markdown: &str) -> Markup {
    let heading_offset = u8::from(key.starts_with("report/annex-"));
    Markup(markdown::Convert { heading_offset }.run(markdown))
}

/// A serialisable view as a template value.
fn serde_value<T: serde::Serialize>(value: T) -> Value {
    Value::from(Serde(value))
}

/// Block tags take their line with them (`trim_blocks`, `lstrip_blocks`) in the Typst
/// templates, so the generated markup reads like hand-written markup.
fn syntax(blocks_own_lines: bool) -> SyntaxConfig {
    SyntaxConfig::builder()
        .trim_blocks(blocks_own_lines)
        .lstrip_blocks(blocks_own_lines)
        .keep_trailing_newline(true)
        .build()
        .expect("the default delimiters are valid")
}

/// Renders each prose file with the meeting's facts (`meeting`, `survey`, `delegates`).
/// The result is Markdown, so the facts are escaped for Markdown here (a title with `*`
/// must not turn into emphasis); the Markdown conversion escapes all text for Typst after.
fn render_prose(meeting: &Meeting) -> Result<BTreeMap<String, String>, Error> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_syntax(syntax(false));
    env.set_auto_escape_callback(|_| AutoEscape::Custom(Cow::Borrowed(MARKDOWN)));
    env.set_formatter(|out, state, value| {
        if matches!(state.auto_escape(), AutoEscape::Custom(name) if name == MARKDOWN) {
            if value.is_safe() {
                out.write_str(value.as_str().unwrap_or_default())?;
            } else if !(value.is_undefined() || value.is_none()) {
                out.write_str(&comrak::escape_commonmark_inline(&value.to_string()))?;
            }
            Ok(())
        } else {
            minijinja::escape_formatter(out, state, value)
        }
    });
    filters::register(&mut env);
    let facts = views::meeting_view(&meeting.info);
    let ctx = context! {
        meeting => serde_value(&facts),
        survey => serde_value(&meeting.survey),
        delegates => serde_value(&facts.delegates),
        regions => serde_value(
            meeting.regions.iter().map(|r| r.prose_name.as_str()).collect::<Vec<_>>()
        ),
    };
    let mut out = BTreeMap::new();
    let mut problems = Vec::new();
    for (key, text) in &meeting.prose {
        let rendered = env
            .template_from_named_str(&format!("{key}.md"), text)
            .and_then(|t| t.render(ctx.clone()));
        match rendered {
            Ok(md) => {
                out.insert(key.clone(), md);
            }
            Err(e) => {
                let file = PathBuf::from("sources/prose").join(format!("{key}.md"));
                let mut d = Diagnostic::error(error_message(&e)).in_file(file);
                if let Some(line) = e.line() {
                    d = d.at(text, Position { line, column: 1 });
                }
                problems.push(d.with_help(
                    "prose files may use `meeting`, `survey`, `delegates` and `regions`",
                ));
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Error::Invalid(problems))
    }
}

fn error_message(e: &minijinja::Error) -> String {
    match e.detail() {
        Some(detail) => format!("template error: {detail} ({})", e.kind()),
        None => format!("template error: {}", e.kind()),
    }
}

fn template_error(e: &minijinja::Error, templates: &TemplateSet) -> Error {
    let mut d = Diagnostic::error(error_message(e));
    // The innermost template (an include or macro) names the real place.
    let mut source: Option<&minijinja::Error> = Some(e);
    let mut place = None;
    while let Some(err) = source {
        if let (Some(name), Some(line)) = (err.name(), err.line()) {
            place = Some((name.to_owned(), line));
        }
        source = std::error::Error::source(err).and_then(|s| s.downcast_ref());
    }
    if let Some((name, line)) = place
        && let Some(t) = templates.get(&name)
    {
        d = d
            .in_file(t.display_path())
            .at(&t.text, Position { line, column: 1 });
    }
    Error::Invalid(vec![d])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::sample;

    #[test]
    fn auto_escape_applies_to_typst_templates_without_a_filter() {
        let env = environment(&Arc::new(TemplateSet::builtin()));
        let tmpl = env
            .template_from_named_str("probe.typ.j2", "= {{ title }}\n{{ md }}\n")
            .unwrap();
        let out = tmpl
            .render(context! {
                title => "#read(\"/etc/passwd\") $x$",
                md => serde_value(Markup("#emph[ok];".into())),
            })
            .unwrap();
        assert_eq!(
            out,
            "= \\#read(\\\"\\/etc\\/passwd\\\") \\$x\\$\n#emph[ok];\n"
        );
    }

    #[test]
    fn undefined_values_are_errors() {
        let env = environment(&Arc::new(TemplateSet::builtin()));
        let tmpl = env
            .template_from_named_str("probe.typ.j2", "{{ missing }}")
            .unwrap();
        assert!(tmpl.render(context! {}).is_err());
    }

    #[test]
    fn generated_markup_of_the_sample_meeting() {
        let meeting = sample::meeting(std::path::Path::new("."));
        let templates = Arc::new(TemplateSet::builtin());
        let docs = render(&meeting, &sample::synthesis(), &templates).unwrap();
        insta::assert_snapshot!("sample_highlights_typ", docs[0].markup);
        insta::assert_snapshot!("sample_summary_report_typ", docs[1].markup);
    }

    #[test]
    fn a_bullet_whose_cluster_is_not_cross_regional_is_left_out() {
        let meeting = sample::meeting(std::path::Path::new("."));
        let templates = Arc::new(TemplateSet::builtin());
        let docs = render(&meeting, &sample::synthesis(), &templates).unwrap();
        assert!(!docs[0].markup.contains("dropped: not cross-regional"));
        assert!(
            docs[0]
                .markup
                .contains("a bullet of no single recommendation")
        );
    }

    #[test]
    fn facts_in_prose_print_literally() {
        let mut meeting = sample::meeting(std::path::Path::new("."));
        meeting.info.title = "*Bold* _it_ [link](x) #read(\"/etc/passwd\")".into();
        meeting.prose.insert(
            "report/conclusions".into(),
            "The {{ meeting.title }}.".into(),
        );
        let prose = render_prose(&meeting).unwrap();
        assert_eq!(
            markdown::to_typst(&prose["report/conclusions"]),
            "The \\*Bold\\* \\_it\\_ \\[link\\](x) \\#read(\\\"\\/etc\\/passwd\\\").\n"
        );
    }

    #[test]
    fn prose_errors_point_into_the_prose_file() {
        let mut meeting = sample::meeting(std::path::Path::new("."));
        meeting.prose.insert(
            "report/conclusions".into(),
            "Fine.\n\n{{ meeting.no_such_fact }}\n".into(),
        );
        let Err(Error::Invalid(ds)) = render_prose(&meeting) else {
            panic!("an undefined fact must be an error");
        };
        assert_eq!(
            ds[0].location().as_deref(),
            Some("sources/prose/report/conclusions.md:3:1")
        );
    }
}
