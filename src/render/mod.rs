//! Render: turns the synthesis into Typst markup through MiniJinja templates.
