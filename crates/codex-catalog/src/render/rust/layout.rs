//! The layout of generated Rust: the lines rustfmt would print for the few expression shapes
//! `generated.rs` is made of, so the file is rustfmt's own output without running rustfmt.
//!
//! The rules are rustfmt's under this repository's `rustfmt.toml` (`max_width = 120`,
//! `use_small_heuristics = "Max"`, style edition 2024), for these shapes only:
//!
//! - an expression goes on one line when it fits, counting what follows it on the line (the
//!   `,` after a list item or a field, the `;` after an item);
//! - a list that does not fit puts one item per line, with a trailing comma — unless every
//!   item is a short "simple" one (`None`), then as many per line as fit;
//! - a call with one argument that does not fit puts a struct or array argument's braces on
//!   the call's lines (`Some(Status {` … `})`), and any other argument on a line of its own;
//! - a struct literal that does not fit puts one field per line;
//! - an item's right-hand side that fits on the next line, and not on its own, goes there.
//!
//! Every text written is ASCII (string literals escape the rest), so a width is a length in
//! bytes. A test runs the real rustfmt over catalogs made to hit every rule.

use std::borrow::Cow;

/// The widest line (rustfmt's `max_width`).
pub const MAX_WIDTH: usize = 120;
/// One level of indentation.
const INDENT: usize = 4;
/// rustfmt packs list items several to a line only when every item is "simple" and at most
/// this wide (`short_array_element_width_threshold`).
const SHORT_ITEM: usize = 10;

/// An expression of the generated file.
#[derive(Debug, Clone)]
pub enum Expr<'a> {
    /// Code that never breaks: a path, a number, `None`.
    Atom(Cow<'a, str>),
    /// A string literal, escaped on output.
    Str(&'a str),
    /// A call with one argument: `Some(x)`.
    Call(&'static str, Box<Expr<'a>>),
    /// An array, `[a, b]`, or a borrowed one, `&[a, b]`.
    Array {
        /// Whether the array is borrowed (`&[…]`).
        borrowed: bool,
        /// Its items.
        items: Vec<Expr<'a>>,
    },
    /// A tuple of two or more items.
    Tuple(Vec<Expr<'a>>),
    /// A struct literal.
    Struct(&'static str, Vec<(&'static str, Expr<'a>)>),
}

impl<'a> Expr<'a> {
    /// `Some(e)`.
    pub fn some(e: Expr<'a>) -> Expr<'a> {
        Expr::Call("Some", Box::new(e))
    }

    /// `Some(e)` or `None`.
    pub fn option<T>(value: Option<T>, f: impl FnOnce(T) -> Expr<'a>) -> Expr<'a> {
        match value {
            Some(v) => Expr::some(f(v)),
            None => Expr::atom("None"),
        }
    }

    /// Code that never breaks.
    pub fn atom(code: impl Into<Cow<'a, str>>) -> Expr<'a> {
        Expr::Atom(code.into())
    }

    /// rustfmt's "simple" expressions that may share a line in a long list: here, `None`.
    fn is_short_simple(&self) -> bool {
        // A path of one segment is simple; ours are `None` and keywords like `true`.
        matches!(self, Expr::Atom(a) if a.len() <= SHORT_ITEM && a.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_'))
    }

    /// Whether rustfmt lets this expression, as the only item of a list or call, spread over
    /// the list's own lines (`Some(Status {` … `})`, `[SectionInfo {` … `}]`).
    fn overflows(&self) -> bool {
        matches!(self, Expr::Struct(..) | Expr::Array { .. } | Expr::Tuple(_) | Expr::Call(..))
    }
}

/// A Rust string literal for `s`: printable ASCII as it is, everything else escaped
/// (`str::escape_default`), so the literal is ASCII and one line.
pub fn string_literal(s: &str, out: &mut String) {
    out.push('"');
    let mut rest = s;
    // Runs of printable ASCII other than `"` and `\` go in as they are (found byte by byte: a
    // byte outside them starts a character, as every byte of a multi-byte one is over 0x7f).
    while let Some(i) = rest.bytes().position(|b| !matches!(b, b' '..=b'~') || b == b'"' || b == b'\\') {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().expect("`find` stopped at a character");
        out.extend(c.escape_default());
        rest = &rest[i + c.len_utf8()..];
    }
    out.push_str(rest);
    out.push('"');
}

/// A buffer of generated lines that knows its column, and hands complete lines on to a sink
/// when it has one.
#[derive(Default)]
pub struct Writer<'s> {
    out: String,
    line_start: usize,
    sink: Option<&'s mut dyn std::io::Write>,
    /// How many bytes of complete lines go to the sink at once.
    chunk: usize,
    error: Option<std::io::Error>,
}

impl<'s> Writer<'s> {
    /// An empty buffer that hands its lines to `sink` once they make `chunk` bytes.
    pub fn to_sink(sink: &'s mut dyn std::io::Write, chunk: usize) -> Writer<'s> {
        let capacity = chunk.saturating_mul(2).min(1 << 20);
        Writer { out: String::with_capacity(capacity), sink: Some(sink), chunk, ..Writer::default() }
    }

    /// The text written (what was not handed to the sink), or the sink's first error.
    pub fn finish(mut self) -> std::io::Result<String> {
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        match self.sink.take() {
            Some(sink) => sink.write_all(self.out.as_bytes()).map(|()| String::new()),
            None => Ok(std::mem::take(&mut self.out)),
        }
    }

    /// Hand the complete lines to the sink, when there is one and they are enough.
    fn flush_lines(&mut self) {
        let Some(sink) = self.sink.as_mut() else { return };
        if self.line_start < self.chunk {
            return;
        }
        if self.error.is_none()
            && let Err(e) = sink.write_all(&self.out.as_bytes()[..self.line_start])
        {
            self.error = Some(e);
        }
        self.out.drain(..self.line_start);
        self.line_start = 0;
    }

    /// Write `s`, which holds no newline.
    pub fn push(&mut self, s: &str) {
        self.out.push_str(s);
    }

    /// Write text that may hold newlines (comments, fixed declarations).
    pub fn push_lines(&mut self, s: &str) {
        self.out.push_str(s);
        if let Some(i) = s.rfind('\n') {
            self.line_start = self.out.len() - (s.len() - i - 1);
        }
    }

    /// End the line and indent the next one.
    pub fn newline(&mut self, indent: usize) {
        self.out.push('\n');
        self.line_start = self.out.len();
        self.out.extend(std::iter::repeat_n(' ', indent));
    }

    fn column(&self) -> usize {
        self.out.len() - self.line_start
    }

    /// `expr` on one line.
    fn flat(&mut self, expr: &Expr) {
        match expr {
            Expr::Atom(a) => self.out.push_str(a),
            Expr::Str(s) => string_literal(s, &mut self.out),
            Expr::Call(name, arg) => {
                self.out.push_str(name);
                self.out.push('(');
                self.flat(arg);
                self.out.push(')');
            }
            Expr::Array { borrowed, items } => {
                self.out.push_str(if *borrowed { "&[" } else { "[" });
                self.flat_items(items);
                self.out.push(']');
            }
            Expr::Tuple(items) => {
                self.out.push('(');
                self.flat_items(items);
                self.out.push(')');
            }
            Expr::Struct(name, fields) => {
                self.out.push_str(name);
                self.out.push_str(" { ");
                for (i, (field, value)) in fields.iter().enumerate() {
                    if i > 0 {
                        self.out.push_str(", ");
                    }
                    self.out.push_str(field);
                    self.out.push_str(": ");
                    self.flat(value);
                }
                self.out.push_str(" }");
            }
        }
    }

    fn flat_items(&mut self, items: &[Expr]) {
        for (i, item) in items.iter().enumerate() {
            if i > 0 {
                self.out.push_str(", ");
            }
            self.flat(item);
        }
    }

    /// Write `expr` on one line if it fits with `trail` more bytes after it; returns whether it did
    /// (and wrote nothing if not).
    fn try_flat(&mut self, expr: &Expr, trail: usize) -> bool {
        let mark = self.out.len();
        self.flat(expr);
        if self.out.len() - self.line_start + trail <= MAX_WIDTH {
            return true;
        }
        self.out.truncate(mark);
        false
    }

    /// Write `expr` at the current column, in a block indented by `indent`, followed on its last
    /// line by `trail` bytes.
    pub fn expr(&mut self, expr: &Expr, indent: usize, trail: usize) {
        if !self.try_flat(expr, trail) {
            self.broken(expr, indent);
        }
    }

    /// `expr` over several lines (what does not break is written as it is).
    fn broken(&mut self, expr: &Expr, indent: usize) {
        match expr {
            Expr::Atom(_) | Expr::Str(_) => self.flat(expr),
            Expr::Call(name, arg) => {
                self.out.push_str(name);
                self.out.push('(');
                if arg.overflows() {
                    self.broken(arg, indent);
                } else {
                    self.newline(indent + INDENT);
                    self.expr(arg, indent + INDENT, 1);
                    self.out.push(',');
                    self.newline(indent);
                }
                self.out.push(')');
            }
            Expr::Array { borrowed, items } => {
                self.out.push_str(if *borrowed { "&[" } else { "[" });
                self.list(items, indent);
                self.out.push(']');
            }
            Expr::Tuple(items) => {
                self.out.push('(');
                self.list(items, indent);
                self.out.push(')');
            }
            Expr::Struct(name, fields) => {
                self.out.push_str(name);
                self.out.push_str(" {");
                for (field, value) in fields {
                    self.newline(indent + INDENT);
                    self.out.push_str(field);
                    self.out.push_str(": ");
                    self.expr(value, indent + INDENT, 1);
                    self.out.push(',');
                }
                self.newline(indent);
                self.out.push('}');
            }
        }
    }

    /// The items of a list that does not fit on its line, between its brackets.
    fn list(&mut self, items: &[Expr], indent: usize) {
        let inner = indent + INDENT;
        if let [item] = items
            && item.overflows()
        {
            self.broken(item, indent);
            return;
        }
        if items.iter().all(Expr::is_short_simple) {
            // Packed: as many per line as fit with their commas.
            self.newline(inner);
            for (i, item) in items.iter().enumerate() {
                let Expr::Atom(a) = item else { unreachable!("short simple items are atoms") };
                if i > 0 {
                    if self.column() + 2 + a.len() + 1 > MAX_WIDTH {
                        self.out.push(',');
                        self.newline(inner);
                    } else {
                        self.out.push_str(", ");
                    }
                }
                self.out.push_str(a);
            }
            self.out.push(',');
        } else {
            for item in items {
                self.newline(inner);
                self.expr(item, inner, 1);
                self.out.push(',');
            }
        }
        self.newline(indent);
    }

    /// An item `head = expr;` at the start of a line (`head` is `pub const X: T`, without ` =`):
    /// on one line if it fits, else with the expression alone on the next line if it fits
    /// there, else broken after `=`'s line.
    pub fn item(&mut self, head: &str, expr: &Expr) {
        self.push(head);
        let (mark, line_start) = (self.out.len(), self.line_start);
        self.push(" = ");
        if !self.try_flat(expr, 1) {
            self.out.truncate(mark);
            self.push(" =");
            self.newline(INDENT);
            if !self.try_flat(expr, 1) {
                self.out.truncate(mark);
                self.line_start = line_start;
                self.push(" = ");
                self.broken(expr, 0);
            }
        }
        self.out.push(';');
    }

    /// An item `head = [items];` (like [`item`](Self::item)) whose items come one at a time:
    /// only as many are held as it takes to know the list is wider than a line, then the rest
    /// are written as they come. Items must not be short simple ones (they would be packed
    /// several to a line, which needs the whole list).
    pub fn list_item<'a>(&mut self, head: &str, items: impl IntoIterator<Item = Expr<'a>>) {
        let mut items = items.into_iter();
        let mut first = Vec::new();
        let mut scratch = Writer::default();
        // `head = [` and `];` on one line, `[` and `]` on the next: at least 4 bytes. A single
        // item is laid out whole, as it may spread over the brackets' lines.
        let mut width = 4;
        while width <= MAX_WIDTH || first.len() < 2 {
            let Some(item) = items.next() else {
                // The whole list is known: lay it out like any other item.
                self.item(head, &Expr::Array { borrowed: false, items: first });
                return;
            };
            scratch.out.clear();
            scratch.flat(&item);
            width += scratch.out.len() + 2;
            first.push(item);
        }
        self.push(head);
        self.push(" = [");
        for item in first.into_iter().chain(items) {
            debug_assert!(!item.is_short_simple(), "short simple items are packed, which needs the whole list");
            self.newline(INDENT);
            self.expr(&item, INDENT, 1);
            self.out.push(',');
            self.flush_lines();
        }
        self.newline(0);
        self.out.push_str("];");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(f: impl FnOnce(&mut Writer)) -> String {
        let mut w = Writer::default();
        f(&mut w);
        w.finish().unwrap()
    }

    fn some_str(s: &str) -> Expr<'_> {
        Expr::some(Expr::Str(s))
    }

    #[test]
    fn string_literals_are_ascii_and_escaped() {
        let mut out = String::new();
        string_literal("a \"b\" \\ c's\n\té — 🚀", &mut out);
        assert_eq!(out, r#""a \"b\" \\ c's\n\t\u{e9} \u{2014} \u{1f680}""#);
    }

    #[test]
    fn an_item_that_fits_stays_on_its_line() {
        let e = Expr::Array { borrowed: false, items: vec![Expr::atom("A::B"), Expr::atom("A::C")] };
        assert_eq!(render(|w| w.item("const X: [A; 2]", &e)), "const X: [A; 2] = [A::B, A::C];");
    }

    #[test]
    fn an_item_moves_to_the_next_line_when_it_fits_only_there() {
        let head = format!("const {}: [A; 1]", "X".repeat(80));
        let e = Expr::Array { borrowed: false, items: vec![Expr::atom("A::".to_string() + &"B".repeat(40))] };
        let text = render(|w| w.item(&head, &e));
        assert_eq!(text, format!("{head} =\n    [A::{}];", "B".repeat(40)));
    }

    #[test]
    fn a_long_list_puts_one_item_per_line() {
        let items = (0..20).map(|i| Expr::atom(format!("Model::M{i:08}"))).collect();
        let text = render(|w| w.item("const X: [Model; 20]", &Expr::Array { borrowed: false, items }));
        assert!(text.starts_with("const X: [Model; 20] = [\n    Model::M00000000,\n    Model::M00000001,\n"), "{text}");
        assert!(text.ends_with("    Model::M00000019,\n];"), "{text}");
    }

    #[test]
    fn a_streamed_list_is_laid_out_like_a_whole_one() {
        for n in [0, 1, 3, 5, 6, 7, 30] {
            let items = || (0..n).map(|i| Expr::atom(format!("Model::M{i:012}")));
            let whole =
                render(|w| w.item("const X: [Model; N]", &Expr::Array { borrowed: false, items: items().collect() }));
            let streamed = render(|w| w.list_item("const X: [Model; N]", items()));
            assert_eq!(streamed, whole, "{n} items");
        }
    }

    #[test]
    fn a_long_list_of_none_packs_lines() {
        let items = vec![Expr::atom("None"); 40];
        let text = render(|w| {
            w.push("        notes: ");
            w.expr(&Expr::Array { borrowed: false, items }, 8, 1);
        });
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "        notes: [");
        assert_eq!(lines[1], format!("            {}", ["None"; 18].join(", ") + ","));
        assert_eq!(lines[1].len(), 119, "one more would pass 120");
        assert_eq!(lines[3], format!("            {},", ["None"; 4].join(", ")));
        assert_eq!(lines[4], "        ]");
    }

    #[test]
    fn a_call_breaks_around_its_argument_or_spreads_a_struct() {
        let long = "x".repeat(100);
        let text = render(|w| {
            w.push("        description: ");
            w.expr(&some_str(&long), 8, 1);
        });
        assert_eq!(text, format!("        description: Some(\n            \"{long}\",\n        )"));
        let status = Expr::some(Expr::Struct(
            "Status",
            vec![("kind", Expr::atom("StatusKind::ResearchPreview")), ("since", some_str(&long[..40]))],
        ));
        let text = render(|w| {
            w.push("        status: ");
            w.expr(&status, 8, 1);
        });
        let want = format!(
            "        status: Some(Status {{\n            kind: StatusKind::ResearchPreview,\n            since: Some(\"{}\"),\n        }})",
            &long[..40]
        );
        assert_eq!(text, want);
    }

    #[test]
    fn the_trailing_comma_counts_toward_the_width() {
        // 8 + `name: Some("` (12) + 97 + `")` (2) = 119, and the comma makes 120: fits.
        let fits = "y".repeat(97);
        let text = render(|w| {
            w.push("        name: ");
            w.expr(&some_str(&fits), 8, 1);
        });
        assert_eq!(text.len() + 1, MAX_WIDTH);
        let over = "y".repeat(98);
        let text = render(|w| {
            w.push("        name: ");
            w.expr(&some_str(&over), 8, 1);
        });
        assert!(text.contains('\n'));
    }
}
