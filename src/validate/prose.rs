//! Prose files are MiniJinja templates: their syntax is checked here, so that `check`
//! reports a broken `{{ ... }}` or `{% ... %}` before a build tries to render it. Names
//! (variables, filters) are resolved only when rendering, so they are not judged here.

use minijinja::Environment;

use crate::diag::Diagnostic;
use crate::load::{RawProject, Source};
use crate::model::Position;

pub(super) fn check(raw: &RawProject, problems: &mut Vec<Diagnostic>) {
    let mut env = Environment::new();
    env.set_debug(true);
    for (key, source) in &raw.prose {
        if let Err(e) = env.template_from_named_str(key, &source.text) {
            problems.push(template_problem(source, &e));
        }
    }
}

fn template_problem(source: &Source, e: &minijinja::Error) -> Diagnostic {
    let position = e
        .range()
        .map(|r| position_of(&source.text, r.start))
        .or_else(|| e.line().map(|line| Position { line, column: 1 }));
    let detail = e.detail().unwrap_or("syntax error");
    source
        .error(position, format!("template syntax error ({detail})"))
        .with_help(
            "placeholders are `{{ name }}`, blocks `{% if ... %}...{% endif %}`; write a literal `{{` as `{{ '{{' }}`",
        )
}

fn position_of(text: &str, offset: usize) -> Position {
    let before = &text[..offset.min(text.len())];
    Position {
        line: before.matches('\n').count() + 1,
        column: before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(text: &str) -> Result<(), minijinja::Error> {
        Environment::new().template_from_str(text).map(|_| ())
    }

    #[test]
    fn accepts_unknown_names_which_only_rendering_resolves() {
        assert!(compile("The {{ meeting.short_title | ordinal_words }} met.").is_ok());
    }

    #[test]
    fn points_at_the_broken_tag() {
        let source = Source {
            path: "sources/prose/a.md".into(),
            text: "# Title\n\nThe {{ meeting.short_title }\n".to_owned(),
        };
        let mut env = Environment::new();
        env.set_debug(true);
        let e = env.template_from_str(&source.text).unwrap_err();
        let d = template_problem(&source, &e);
        assert_eq!(d.position.map(|p| p.line), Some(3));
        assert!(
            d.message.starts_with("template syntax error"),
            "{}",
            d.message
        );
    }
}
