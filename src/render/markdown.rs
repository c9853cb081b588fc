//! Markdown to Typst markup, through comrak's syntax tree.
//!
//! Every text node goes through the same escape as plain values, so Markdown can format
//! text but never smuggle Typst code in. Inline formatting becomes function calls
//! (`#emph[..];`) rather than Typst's own `_` and `*`, whose meaning depends on the
//! characters around them; the `;` ends the call so that a following `.` or `(` stays text.

use std::collections::HashMap;
use std::fmt::Write as _;

use comrak::nodes::{AstNode, ListType, NodeValue, TableAlignment};
use comrak::{Arena, Options, parse_document};

use super::escape;

/// How the converted Markdown sits in the document.
#[derive(Debug, Clone, Copy, Default)]
pub struct Convert {
    /// Added to Markdown heading levels (`#` is level 1 + offset).
    pub heading_offset: u8,
}

/// Converts a Markdown document to Typst markup (block level: paragraphs are separated by
/// blank lines). The result is trusted markup.
pub fn to_typst(markdown: &str) -> String {
    Convert::default().run(markdown)
}

/// Converts Markdown that holds one paragraph to inline markup (no paragraph break), for
/// lead-in sentences and list items. Several paragraphs stay separated.
pub fn to_typst_inline(markdown: &str) -> String {
    to_typst(markdown).trim_end().to_owned()
}

fn options() -> Options<'static> {
    let mut options = Options::default();
    options.extension.table = true;
    options.extension.footnotes = true;
    options.extension.strikethrough = true;
    options.extension.superscript = false;
    options.extension.autolink = true;
    options
}

/// The items of a Markdown list, each as inline markup, for lists a template numbers or
/// letters itself. Markdown that holds no list gives one item per paragraph.
pub fn list_items(markdown: &str) -> Vec<String> {
    let arena = Arena::new();
    let root = parse_document(&arena, markdown, &options());
    let mut writer = Writer::new(root, 0);
    let mut items = Vec::new();
    for block in root.children() {
        let value = block.data.borrow().value.clone();
        match value {
            NodeValue::FootnoteDefinition(_) => {}
            NodeValue::List(_) => {
                for item in block.children() {
                    writer.out.clear();
                    writer.blocks(item, true);
                    items.push(writer.out.trim_end().to_owned());
                }
            }
            _ => {
                writer.out.clear();
                writer.block(block, true);
                items.push(writer.out.trim_end().to_owned());
            }
        }
    }
    items
}

impl Convert {
    pub fn run(&self, markdown: &str) -> String {
        let arena = Arena::new();
        let root = parse_document(&arena, markdown, &options());
        let mut writer = Writer::new(root, self.heading_offset);
        writer.blocks(root, false);
        let trimmed = writer.out.trim_end().len();
        writer.out.truncate(trimmed);
        writer.out.push('\n');
        writer.out
    }
}

struct Writer<'a> {
    out: String,
    footnotes: HashMap<String, &'a AstNode<'a>>,
    heading_offset: u8,
}

impl<'a> Writer<'a> {
    fn new(root: &'a AstNode<'a>, heading_offset: u8) -> Self {
        let mut footnotes = HashMap::new();
        for node in root.descendants() {
            if let NodeValue::FootnoteDefinition(def) = &node.data.borrow().value {
                footnotes.insert(def.name.clone(), node);
            }
        }
        Writer {
            out: String::new(),
            footnotes,
            heading_offset,
        }
    }

    /// The children of a block container; `tight` drops the blank lines between paragraphs
    /// (tight list items).
    fn blocks(&mut self, parent: &'a AstNode<'a>, tight: bool) {
        let mut first = true;
        for child in parent.children() {
            if matches!(child.data.borrow().value, NodeValue::FootnoteDefinition(_)) {
                continue;
            }
            if !first {
                self.out.push_str(if tight { "\n" } else { "\n\n" });
            }
            first = false;
            self.block(child, tight);
        }
    }

    fn block(&mut self, node: &'a AstNode<'a>, tight: bool) {
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Paragraph => self.inlines(node),
            NodeValue::Heading(h) => {
                let level = h.level + self.heading_offset;
                let _ = write!(self.out, "#heading(level: {level})[");
                self.inlines(node);
                self.out.push_str("];");
            }
            NodeValue::List(list) => {
                let tight = list.tight;
                match list.list_type {
                    ListType::Bullet => {
                        let _ = write!(self.out, "#list(tight: {tight}");
                    }
                    ListType::Ordered => {
                        let _ = write!(self.out, "#enum(tight: {tight}, start: {}", list.start);
                    }
                }
                for item in node.children() {
                    self.out.push_str(", [");
                    self.blocks(item, tight);
                    self.out.push(']');
                }
                self.out.push_str(");");
            }
            NodeValue::BlockQuote | NodeValue::MultilineBlockQuote(_) => {
                self.out.push_str("#quote(block: true)[");
                self.blocks(node, tight);
                self.out.push_str("];");
            }
            NodeValue::CodeBlock(code) => {
                let lang = code.info.split_whitespace().next().unwrap_or("");
                self.out.push_str("#raw(block: true, ");
                if !lang.is_empty() {
                    let _ = write!(self.out, "lang: {}, ", escape::string(lang));
                }
                self.out
                    .push_str(&escape::string(code.literal.trim_end_matches('\n')));
                self.out.push_str(");");
            }
            NodeValue::Table(table) => self.table(node, &table.alignments),
            NodeValue::ThematicBreak => self.out.push_str("#line(length: 100%);"),
            NodeValue::HtmlBlock(html) => self.out.push_str(&escape::markup(&html.literal)),
            // Anything else that shows up at block level: render its inline content.
            _ => self.inlines(node),
        }
    }

    fn table(&mut self, node: &'a AstNode<'a>, alignments: &[TableAlignment]) {
        let align = |a: &TableAlignment| match a {
            TableAlignment::Left | TableAlignment::None => "left",
            TableAlignment::Center => "center",
            TableAlignment::Right => "right",
        };
        let aligns: Vec<&str> = alignments.iter().map(align).collect();
        let _ = write!(
            self.out,
            "#table(columns: {}, align: ({}),",
            alignments.len().max(1),
            aligns.join(", ") + if aligns.len() == 1 { "," } else { "" }
        );
        for row in node.children() {
            let header = matches!(row.data.borrow().value, NodeValue::TableRow(true));
            self.out
                .push_str(if header { "\n  table.header(" } else { "\n  " });
            for cell in row.children() {
                self.out.push('[');
                self.inlines(cell);
                self.out.push_str("], ");
            }
            if header {
                self.out.push_str("),");
            }
        }
        self.out.push_str("\n);");
    }

    fn inlines(&mut self, parent: &'a AstNode<'a>) {
        for child in parent.children() {
            self.inline(child);
        }
    }

    fn wrapped(&mut self, call: &str, node: &'a AstNode<'a>) {
        self.out.push_str(call);
        self.out.push('[');
        self.inlines(node);
        self.out.push_str("];");
    }

    fn inline(&mut self, node: &'a AstNode<'a>) {
        let value = node.data.borrow().value.clone();
        match value {
            NodeValue::Text(text) => self.out.push_str(&escape::markup(&text)),
            NodeValue::SoftBreak => self.out.push('\n'),
            NodeValue::LineBreak => self.out.push_str("\\\n"),
            NodeValue::Emph => self.wrapped("#emph", node),
            NodeValue::Strong => self.wrapped("#strong", node),
            NodeValue::Strikethrough => self.wrapped("#strike", node),
            NodeValue::Superscript => self.wrapped("#super", node),
            NodeValue::Subscript => self.wrapped("#sub", node),
            NodeValue::Code(code) => {
                let _ = write!(self.out, "#raw({});", escape::string(&code.literal));
            }
            NodeValue::Link(link) => {
                let call = format!("#link({})", escape::string(&link.url));
                self.wrapped(&call, node);
            }
            // Images are not placed from Markdown (the documents' figures come from the
            // templates); their description stays readable as text.
            NodeValue::Image(_) => self.inlines(node),
            NodeValue::FootnoteReference(reference) => {
                match self.footnotes.get(&reference.name).copied() {
                    Some(definition) => {
                        self.out.push_str("#footnote[");
                        self.blocks(definition, false);
                        self.out.push_str("];");
                    }
                    None => self
                        .out
                        .push_str(&escape::markup(&format!("[^{}]", reference.name))),
                }
            }
            NodeValue::HtmlInline(html) | NodeValue::Raw(html) => {
                self.out.push_str(&escape::markup(&html));
            }
            // Block nodes nested in inline position (list items hold paragraphs).
            NodeValue::Paragraph => self.inlines(node),
            _ => self.inlines(node),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_emphasis_and_strong() {
        assert_eq!(
            to_typst("One *two* **three**.\n\nFour."),
            "One #emph[two]; #strong[three];.\n\nFour.\n"
        );
    }

    #[test]
    fn typst_code_in_text_is_escaped() {
        assert_eq!(
            to_typst(r#"Run #read("/etc/passwd") and $x$ <l> @r"#),
            "Run \\#read(\\\"\\/etc\\/passwd\\\") and \\$x\\$ \\<l\\> \\@r\n"
        );
    }

    #[test]
    fn markdown_escapes_still_print_literally() {
        assert_eq!(to_typst(r"\- item \= x \*"), "\\- item \\= x \\*\n");
    }

    #[test]
    fn lists_become_list_calls() {
        assert_eq!(
            to_typst("- a\n- b *c*\n"),
            "#list(tight: true, [a], [b #emph[c];]);\n"
        );
        assert_eq!(
            to_typst("3. x\n4. y\n"),
            "#enum(tight: true, start: 3, [x], [y]);\n"
        );
    }

    #[test]
    fn footnotes_are_placed_at_the_reference() {
        assert_eq!(
            to_typst("Text.[^1]\n\n[^1]: The note.\n"),
            "Text.#footnote[The note.];\n"
        );
    }

    #[test]
    fn links_quotes_code_and_tables() {
        assert_eq!(
            to_typst("[IOM](https://www.iom.int) `#x`"),
            "#link(\"https://www.iom.int\")[IOM]; #raw(\"#x\");\n"
        );
        assert_eq!(to_typst("> quoted"), "#quote(block: true)[quoted];\n");
        assert_eq!(
            to_typst("| a | b |\n|---|--:|\n| 1 | 2 |\n"),
            "#table(columns: 2, align: (left, right),\n  table.header([a], [b], ),\n  [1], [2], \n);\n"
        );
    }

    #[test]
    fn list_items_come_out_one_by_one() {
        assert_eq!(list_items("- one *x*\n- two\n"), ["one #emph[x];", "two"]);
        assert_eq!(list_items("Just text."), ["Just text."]);
    }

    #[test]
    fn heading_levels_are_offset() {
        let c = Convert { heading_offset: 1 };
        assert_eq!(c.run("# Title"), "#heading(level: 2)[Title];\n");
    }
}
