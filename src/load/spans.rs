//! Where each value of a YAML file lies, read alongside serde so that problems found
//! after deserialising still point at a line and column.
//!
//! serde_yaml keeps no positions in the values it gives, so the file is read a second
//! time with yaml-rust2's event parser, whose events carry markers. The walk keeps its own
//! stack instead of recursing, so deep nesting cannot overflow the thread's stack.

use std::collections::HashMap;

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, ScanError};

use crate::model::Position;

/// Deeper nesting than this is refused before serde sees the file: no source file needs
/// more than a handful of levels, and the limit keeps every later stage's recursion
/// bounded.
pub const MAX_DEPTH: usize = 64;

/// The position of a key and of its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The key, for a mapping entry; `None` for a list item or the document itself.
    pub key: Option<Position>,
    /// The value; for a mapping, its first key.
    pub value: Position,
    pub kind: NodeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeKind {
    Scalar,
    Alias,
    Sequence,
    Mapping,
}

/// A node's child: its key (or `[i]` for a list item) and its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Child {
    pub name: String,
    pub path: String,
}

/// Positions by path: "" is the document, `recommendations[3].title` a nested value.
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    spans: HashMap<String, Span>,
    children: HashMap<String, Vec<Child>>,
    /// Where the first alias (`*name`) is used, to point at when aliases expand too much.
    pub first_alias: Option<Position>,
}

/// Why a file could not be mapped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SpanError {
    Syntax { message: String, position: Position },
    TooDeep { position: Position },
}

impl SpanMap {
    pub fn parse(text: &str) -> Result<SpanMap, SpanError> {
        let mut walker = Walker::default();
        let mut parser = Parser::new_from_str(text);
        // Pull events one at a time: the parser's own `load` recurses once per level of
        // nesting, which a hostile file could use to overflow the stack.
        loop {
            let (event, mark) = parser.next_token().map_err(|e: ScanError| {
                let position = position(*e.marker());
                // The scanner stops flow nesting (`[[[...`) at 255 levels by itself,
                // before the walk sees that many events.
                if e.info().contains("recursion limit") {
                    SpanError::TooDeep { position }
                } else {
                    SpanError::Syntax {
                        message: e.info().to_owned(),
                        position,
                    }
                }
            })?;
            if event == Event::StreamEnd {
                break;
            }
            walker.on_event(event, mark);
            if let Some(position) = walker.too_deep {
                return Err(SpanError::TooDeep { position });
            }
        }
        Ok(SpanMap {
            spans: walker.spans,
            children: walker.children,
            first_alias: walker.first_alias,
        })
    }

    /// The entries of the mapping or list at `path`, in file order.
    pub fn children(&self, path: &str) -> &[Child] {
        self.children.get(path).map_or(&[], Vec::as_slice)
    }

    pub fn get(&self, path: &str) -> Option<Span> {
        self.spans.get(path).copied()
    }

    /// The value's position, else that of the nearest enclosing value that has one.
    pub fn value(&self, path: &str) -> Option<Position> {
        self.nearest(path).map(|s| s.value)
    }

    /// The key's position (the value's for a list item), else the nearest enclosing one.
    pub fn key(&self, path: &str) -> Option<Position> {
        self.nearest(path).map(|s| s.key.unwrap_or(s.value))
    }

    fn nearest(&self, mut path: &str) -> Option<Span> {
        loop {
            if let Some(span) = self.spans.get(path) {
                return Some(*span);
            }
            if path.is_empty() {
                return None;
            }
            path = parent(path);
        }
    }
}

/// `a.b[2].c` -> `a.b[2]` -> `a.b` -> `a` -> "".
fn parent(path: &str) -> &str {
    match path.rfind(['.', '[']) {
        Some(i) => &path[..i],
        None => "",
    }
}

fn position(m: Marker) -> Position {
    // yaml-rust2 counts lines from 1 and columns from 0.
    Position {
        line: m.line(),
        column: m.col() + 1,
    }
}

enum Frame {
    Mapping {
        path: String,
        /// The key just read, waiting for its value.
        key: Option<(String, Position)>,
        /// This node is itself a (complex) key of its parent mapping.
        is_key: bool,
    },
    Sequence {
        path: String,
        next: usize,
        is_key: bool,
    },
}

#[derive(Default)]
struct Walker {
    stack: Vec<Frame>,
    spans: HashMap<String, Span>,
    children: HashMap<String, Vec<Child>>,
    too_deep: Option<Position>,
    first_alias: Option<Position>,
    done: bool,
}

impl Walker {
    /// Decides what a node that starts here is: a key (returns `None`) or a value at a
    /// path (recorded as its parent's child).
    fn place(&mut self, event: &Event, at: Position) -> Option<(String, Option<Position>)> {
        let Walker {
            stack,
            spans,
            children,
            ..
        } = self;
        let (parent, name, path, key_at) = match stack.last_mut() {
            None => return Some((String::new(), None)),
            Some(Frame::Sequence { path, next, .. }) => {
                let name = format!("[{next}]");
                *next += 1;
                (path.clone(), name.clone(), format!("{path}{name}"), None)
            }
            Some(Frame::Mapping { path, key, .. }) => match key.take() {
                Some((k, key_at)) => {
                    let full = if path.is_empty() {
                        k.clone()
                    } else {
                        format!("{path}.{k}")
                    };
                    (path.clone(), k, full, Some(key_at))
                }
                None => {
                    if let Event::Scalar(s, ..) = event {
                        *key = Some((s.clone(), at));
                    }
                    // A block mapping's own marker lies after its first key; point at
                    // the key instead (a flow mapping's `{` comes first and stays).
                    if children.get(path.as_str()).is_none_or(Vec::is_empty)
                        && let Some(span) = spans.get_mut(path.as_str())
                        && span.kind == NodeKind::Mapping
                        && (at.line, at.column) < (span.value.line, span.value.column)
                    {
                        span.value = at;
                    }
                    return None;
                }
            },
        };
        children.entry(parent).or_default().push(Child {
            name,
            path: path.clone(),
        });
        Some((path, key_at))
    }

    /// A complex key (a mapping or list used as a key) has ended: its parent now waits
    /// for the value. Such keys never name a field, so they get a placeholder name.
    fn close(&mut self, at: Position) {
        let is_key = match self.stack.pop() {
            Some(Frame::Mapping { is_key, .. } | Frame::Sequence { is_key, .. }) => is_key,
            None => false,
        };
        if is_key && let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
            *key = Some(("?".to_owned(), at));
        }
        if self.stack.is_empty() {
            self.done = true;
        }
    }
}

impl MarkedEventReceiver for Walker {
    fn on_event(&mut self, event: Event, mark: Marker) {
        if self.done || self.too_deep.is_some() {
            return;
        }
        let at = position(mark);
        match event {
            Event::Scalar(..) | Event::Alias(_) => {
                if matches!(event, Event::Alias(_)) && self.first_alias.is_none() {
                    self.first_alias = Some(at);
                }
                if let Some((path, key)) = self.place(&event, at) {
                    let kind = if matches!(event, Event::Alias(_)) {
                        NodeKind::Alias
                    } else {
                        NodeKind::Scalar
                    };
                    self.spans.insert(
                        path,
                        Span {
                            key,
                            value: at,
                            kind,
                        },
                    );
                    if self.stack.is_empty() {
                        self.done = true;
                    }
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                if self.stack.len() >= MAX_DEPTH {
                    self.too_deep = Some(at);
                    return;
                }
                let placed = self.place(&event, at);
                let is_key = placed.is_none();
                let path = match placed {
                    Some((path, key)) => {
                        let kind = if matches!(event, Event::MappingStart(..)) {
                            NodeKind::Mapping
                        } else {
                            NodeKind::Sequence
                        };
                        self.spans.insert(
                            path.clone(),
                            Span {
                                key,
                                value: at,
                                kind,
                            },
                        );
                        path
                    }
                    None => "?".to_owned(),
                };
                self.stack.push(match event {
                    Event::MappingStart(..) => Frame::Mapping {
                        path,
                        key: None,
                        is_key,
                    },
                    _ => Frame::Sequence {
                        path,
                        next: 0,
                        is_key,
                    },
                });
            }
            Event::MappingEnd | Event::SequenceEnd => self.close(at),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pos(line: usize, column: usize) -> Position {
        Position { line, column }
    }

    #[test]
    fn maps_nested_keys_and_list_items() {
        let text = "id: africa\nrecommendations:\n  - id: af-1\n    title: Uphold rights\n    themes: [a, b]\n";
        let map = SpanMap::parse(text).unwrap();
        assert_eq!(map.get("id").unwrap().key, Some(pos(1, 1)));
        assert_eq!(map.get("id").unwrap().value, pos(1, 5));
        assert_eq!(
            map.get("recommendations[0].title").unwrap().key,
            Some(pos(4, 5))
        );
        assert_eq!(map.value("recommendations[0].title"), Some(pos(4, 12)));
        assert_eq!(map.value("recommendations[0].themes[1]"), Some(pos(5, 17)));
        // A missing field falls back to its enclosing mapping.
        assert_eq!(map.key("recommendations[0].text"), Some(pos(3, 5)));
        let names: Vec<&str> = map
            .children("recommendations[0]")
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(names, ["id", "title", "themes"]);
        assert_eq!(
            map.children("recommendations")[0].path,
            "recommendations[0]"
        );
    }

    #[test]
    fn refuses_deep_nesting_without_recursing() {
        let flow = "[".repeat(10_000) + &"]".repeat(10_000);
        assert!(matches!(
            SpanMap::parse(&flow),
            Err(SpanError::TooDeep { .. })
        ));
        let block = "- ".repeat(10_000) + "x\n";
        assert_eq!(
            SpanMap::parse(&block).unwrap_err(),
            SpanError::TooDeep {
                position: pos(1, 129)
            }
        );
    }

    #[test]
    fn reports_syntax_errors_with_a_position() {
        let err = SpanMap::parse("a: [1, 2\nb: 3\n").unwrap_err();
        assert!(matches!(err, SpanError::Syntax { .. }), "{err:?}");
    }
}
