//! Stage 1, `load`: read the catalog's files as text, and the TOML parser validation runs on
//! each of them ([`parse_toml`]), which keeps where every key and value stands so later stages
//! can point at it.
//!
//! Nothing here judges the data; a file that cannot be read becomes a diagnostic and the other
//! files are still read.

use crate::hash::HashMap;
use std::ffi::OsString;
use std::fs;
use std::io::Read as _;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

use crate::beneath::Folder;
use crate::diagnostic::{Diagnostic, Rule, SourceText};

/// The largest catalog file read (16 MiB): a model file is about 1 KiB, and `catalog.toml` lists
/// every slug on the page (1.4 MB for 100,000 models).
pub const MAX_FILE_SIZE: u64 = 16 << 20;

/// The file of catalog-level facts inside a catalog folder.
pub const CATALOG_FILE: &str = "catalog.toml";
/// The folder of model files inside a catalog folder.
pub const MODELS_DIR: &str = "models";
/// The page template inside a catalog folder (optional).
pub const TEMPLATE_FILE: &str = "page.mdx";
/// The folder of the Codex CLI catalog's long texts inside a catalog folder (optional).
pub const TEXTS_DIR: &str = crate::codex::TEXTS_DIR;

/// A parsed TOML file: its text, and where each value stands. Its value is handed out by
/// [`parse_toml`] beside it, not kept: validation turns it into the Rust types file by file.
///
/// The spans are worked out only when a diagnostic asks for one (by parsing the text again):
/// most files of a large catalog have none, and keeping a map per file costs more than the
/// parse itself.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The file's text, for locating diagnostics.
    pub source: SourceText,
    spans: std::sync::OnceLock<SpanMap>,
}

impl ParsedFile {
    /// The span of the value at `pointer` (or its nearest ancestor). The whole file (`""`) needs
    /// no span map.
    pub fn value_span(&self, pointer: &str) -> Option<Range<usize>> {
        if pointer.is_empty() { Some(0..self.source.text.len()) } else { self.spans().value(pointer) }
    }

    /// The span of the key of the entry at `pointer`, else of its value.
    pub fn key_span(&self, pointer: &str) -> Option<Range<usize>> {
        if pointer.is_empty() { Some(0..self.source.text.len()) } else { self.spans().key(pointer) }
    }

    /// Spans of keys and values by JSON pointer.
    pub fn spans(&self) -> &SpanMap {
        self.spans.get_or_init(|| {
            let mut spans = SpanMap::default();
            let (table, _) = DeTable::parse_recoverable(&self.source.text);
            spans.values.insert(String::new(), table.span());
            collect_table(table.get_ref(), &mut String::new(), &mut spans);
            spans
        })
    }
}

/// Byte spans of keys and values, by JSON pointer (`/sections/0/models/1`).
#[derive(Debug, Clone, Default)]
pub struct SpanMap {
    values: HashMap<String, Range<usize>>,
    keys: HashMap<String, Range<usize>>,
}

impl SpanMap {
    /// The span of the value at `pointer`, or of its nearest ancestor that has one.
    pub fn value(&self, pointer: &str) -> Option<Range<usize>> {
        let mut p = pointer;
        loop {
            if let Some(span) = self.values.get(p) {
                return Some(span.clone());
            }
            p = &p[..p.rfind('/')?];
        }
    }

    /// The span of the key of the entry at `pointer`, else of its value.
    pub fn key(&self, pointer: &str) -> Option<Range<usize>> {
        self.keys.get(pointer).cloned().or_else(|| self.value(pointer))
    }
}

/// A model file and the slug its name gives.
#[derive(Debug, Clone)]
pub struct ModelSource {
    /// The file stem: the model's slug.
    pub slug: String,
    /// The file's text.
    pub source: SourceText,
}

/// Everything read from a catalog folder.
#[derive(Debug, Clone)]
pub struct LoadedCatalog {
    /// The folder, as given.
    pub dir: PathBuf,
    /// `catalog.toml`, when it could be read.
    pub catalog: Option<SourceText>,
    /// The model files that could be read, sorted by file name.
    pub models: Vec<ModelSource>,
    /// `page.mdx`, when present.
    pub template: Option<SourceText>,
    /// The texts of `texts/` that could be read, sorted by name (the file stem).
    pub texts: Vec<(String, SourceText)>,
}

impl LoadedCatalog {
    /// A catalog folder with nothing in it yet.
    pub fn empty(dir: &Path) -> LoadedCatalog {
        LoadedCatalog { dir: dir.to_path_buf(), catalog: None, models: Vec::new(), template: None, texts: Vec::new() }
    }

    /// Put files (paths relative to the catalog folder, with their contents) in place of what was
    /// read, as if they had been written and loaded: so a change can be validated before any of
    /// it reaches the disk.
    pub fn overlay<'a>(&mut self, files: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let mut added = false;
        for (path, contents) in files {
            let text = SourceText::new(display(&self.dir.join(path)), contents.to_string());
            if path == CATALOG_FILE {
                self.catalog = Some(text);
            } else if path == TEMPLATE_FILE {
                self.template = Some(text);
            } else if let Some(name) = text_name(path) {
                let text = (name.to_string(), text);
                match self.texts.binary_search_by(|(n, _)| n.as_str().cmp(name)) {
                    Ok(i) => self.texts[i] = text,
                    Err(i) => self.texts.insert(i, text),
                }
            } else if let Some(slug) = path.strip_prefix("models/").and_then(|p| p.strip_suffix(".toml")) {
                match self.models.iter_mut().find(|m| m.slug == slug) {
                    Some(m) => m.source = text,
                    None => {
                        self.models.push(ModelSource { slug: slug.to_string(), source: text });
                        added = true;
                    }
                }
            }
        }
        if added {
            // Keep the order `load` gives: by file name.
            fn file_name(m: &ModelSource) -> impl Iterator<Item = u8> + '_ {
                m.slug.bytes().chain(*b".toml")
            }
            self.models.sort_by(|a, b| file_name(a).cmp(file_name(b)));
        }
    }
}

impl LoadedCatalog {
    /// Take out files (paths relative to the catalog folder) as if they had been deleted: texts
    /// an import no longer needs.
    pub fn remove<'a>(&mut self, paths: impl IntoIterator<Item = &'a str>) {
        for path in paths {
            if let Some(name) = text_name(path) {
                self.texts.retain(|(n, _)| n != name);
            } else if let Some(slug) = path.strip_prefix("models/").and_then(|p| p.strip_suffix(".toml")) {
                self.models.retain(|m| m.slug != slug);
            }
        }
    }
}

/// The name of a text from its path relative to the catalog folder (`texts/NAME.md`).
pub fn text_name(path: &str) -> Option<&str> {
    path.strip_prefix(TEXTS_DIR)?.strip_prefix('/')?.strip_suffix(crate::codex::TEXT_EXT)
}

/// The catalog folder itself is not there or not a folder: a usage error, not a diagnostic.
#[derive(Debug)]
pub struct NoCatalog(pub String);

impl std::fmt::Display for NoCatalog {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NoCatalog {}

/// Read every file of the catalog in `dir`, reporting what fails into `diags`. Every file and
/// folder is opened beneath `dir` without following a link ([`Folder`]).
pub fn load(dir: &Path, diags: &mut Vec<Diagnostic>) -> Result<LoadedCatalog, NoCatalog> {
    match fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(NoCatalog(format!("{} is not a folder", dir.display()))),
        Err(e) => return Err(NoCatalog(format!("cannot open catalog folder {}: {e}", dir.display()))),
    }
    let root = Folder::open(dir).map_err(|e| NoCatalog(format!("cannot open catalog folder {}: {e}", display(dir))))?;
    let catalog = if root.has(CATALOG_FILE) {
        read_in(&root, CATALOG_FILE.as_ref(), diags)
    } else {
        let catalog_path = dir.join(CATALOG_FILE);
        diags.push(
            Diagnostic::for_file(Rule::MissingFile, display(&catalog_path), "the catalog has no catalog.toml")
                .with_hint("create it with the surfaces, sections and default model (see docs/catalog-format.md)"),
        );
        None
    };

    let models_dir = sub_folder(&root, MODELS_DIR, diags);
    let names = files_in(models_dir.as_ref(), ".toml", "models/ holds only model files named <slug>.toml", diags);
    let read = crate::par::map(&names, |name| {
        let mut local = Vec::new();
        let slug = Path::new(name).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let model = models_dir
            .as_ref()
            .and_then(|folder| read_in(folder, name, &mut local))
            .map(|source| ModelSource { slug, source });
        (model, local)
    });
    let mut models = Vec::with_capacity(read.len());
    for (model, local) in read {
        models.extend(model);
        diags.extend(local);
    }

    let template = if root.has(TEMPLATE_FILE) { read_in(&root, TEMPLATE_FILE.as_ref(), diags) } else { None };

    let texts_dir = sub_folder(&root, TEXTS_DIR, diags);
    let text_names =
        files_in(texts_dir.as_ref(), crate::codex::TEXT_EXT, "texts/ holds only texts named <name>.md", diags);
    let mut texts = Vec::with_capacity(text_names.len());
    for file_name in text_names {
        let name = Path::new(&file_name).file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let Some(folder) = texts_dir.as_ref() else { break };
        if !crate::codex::is_text_name(&name) {
            diags.push(
                Diagnostic::for_file(
                    Rule::UnexpectedFile,
                    display(&folder.path().join(&file_name)),
                    "a text's name is lower-case letters, digits, `.`, `_` and `-`",
                )
                .with_hint("rename the file and the `{ text = … }` that names it"),
            );
            continue;
        }
        texts.extend(read_in(folder, &file_name, diags).map(|t| (name, t)));
    }
    Ok(LoadedCatalog { dir: dir.to_path_buf(), catalog, models, template, texts })
}

/// The subfolder `name` of the catalog, opened without following a link (`None`, and a
/// diagnostic, for a link or an unreadable folder; `None` alone when there is none).
fn sub_folder(root: &Folder, name: &str, diags: &mut Vec<Diagnostic>) -> Option<Folder> {
    match root.sub(name) {
        Ok(folder) => folder,
        Err(e) => {
            let d = Diagnostic::for_file(
                Rule::Io,
                display(&root.path().join(name)),
                format!("cannot open the folder: {e}"),
            );
            diags.push(d.with_hint("replace a link with the folder itself (the tool does not follow links)"));
            None
        }
    }
}

/// The names in `folder` that end with `ext`, sorted; anything else there is reported.
fn files_in(folder: Option<&Folder>, ext: &str, what: &str, diags: &mut Vec<Diagnostic>) -> Vec<OsString> {
    let Some(folder) = folder else { return Vec::new() };
    let ext = ext.as_bytes();
    let entries = match folder.names() {
        Ok(entries) => entries,
        Err(e) => {
            diags.push(Diagnostic::for_file(Rule::Io, display(folder.path()), format!("cannot list the folder: {e}")));
            return Vec::new();
        }
    };
    let mut names = Vec::with_capacity(entries.len());
    for name in entries {
        let bytes = name.as_encoded_bytes();
        if bytes.starts_with(b".") {
            continue; // .gitkeep, editor swap files
        }
        if bytes.ends_with(ext) && bytes.len() > ext.len() {
            names.push(name);
        } else {
            diags.push(
                Diagnostic::for_file(Rule::UnexpectedFile, display(&folder.path().join(&name)), what)
                    .with_hint("move or delete this file"),
            );
        }
    }
    names
}

/// Read the file `name` of `folder` ([`Folder::open_file`]: no link followed) as catalog text.
fn read_in(folder: &Folder, name: &std::ffi::OsStr, diags: &mut Vec<Diagnostic>) -> Option<SourceText> {
    let path = folder.path().join(name);
    match folder.open_file(name) {
        Ok((file, meta)) => read_opened(display(&path), file, meta, diags),
        Err(e) => {
            let d = Diagnostic::for_file(Rule::Io, display(&path), format!("cannot read: {e}"));
            let d = if e.to_string().contains("symbolic link") {
                d.with_hint("replace the link with the file itself (the tool does not follow links out of the catalog)")
            } else {
                d
            };
            diags.push(d);
            None
        }
    }
}

/// A path as shown in diagnostics: as given, with `/` separators.
pub fn display(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

/// Read a file of the catalog as UTF-8 text, refusing symbolic links, folders, FIFOs, files over
/// the size limit, a byte-order mark and invalid UTF-8.
pub fn read_text(path: &Path, diags: &mut Vec<Diagnostic>) -> Option<SourceText> {
    read_text_with(path, Links::Refuse, diags)
}

/// Whether [`read_text_with`] follows a symbolic link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    /// A link is refused: the files of a catalog are its own regular files, so a link cannot
    /// make the tool read, and print in diagnostics, a file outside the catalog.
    Refuse,
    /// A link is followed: for a file the user names on the command line.
    Follow,
}

/// [`read_text`] with the link policy given. Either way only a regular file is read, and only
/// up to [`MAX_FILE_SIZE`]: a FIFO, a device or a folder is refused before it is opened.
pub fn read_text_with(path: &Path, links: Links, diags: &mut Vec<Diagnostic>) -> Option<SourceText> {
    let shown = display(path);
    let io_err = |diags: &mut Vec<Diagnostic>, what: String| {
        diags.push(Diagnostic::for_file(Rule::Io, shown.clone(), what));
        None
    };
    // One lookup: the file is opened (without following a link for a catalog file, which is
    // refused; following them for a file the user names) and what was opened is asked what it
    // is. Opening does not block on a FIFO nor take a terminal, and only a regular file is read.
    let (file, meta) = match open_no_block(path, links) {
        Ok(opened) => opened,
        Err(_) if links == Links::Refuse && fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) => {
            let d = Diagnostic::for_file(
                Rule::Io,
                shown.clone(),
                "is a symbolic link; catalog files must be regular files",
            );
            diags.push(d.with_hint(
                "replace the link with the file itself (the tool does not follow links out of the catalog)",
            ));
            return None;
        }
        Err(e) => return io_err(diags, format!("cannot read: {e}")),
    };
    read_opened(shown, file, meta, diags)
}

/// Read a file opened for reading as catalog text: only a regular file, only up to
/// [`MAX_FILE_SIZE`], UTF-8 without a byte-order mark.
fn read_opened(shown: String, file: fs::File, meta: fs::Metadata, diags: &mut Vec<Diagnostic>) -> Option<SourceText> {
    let io_err = |diags: &mut Vec<Diagnostic>, what: String| {
        diags.push(Diagnostic::for_file(Rule::Io, shown.clone(), what));
        None
    };
    if meta.is_dir() {
        return io_err(diags, "is a folder, not a file".into());
    }
    if !meta.is_file() {
        // A FIFO or device would block or never end: never read it.
        return io_err(diags, "is not a regular file (a FIFO, socket or device?)".into());
    }
    if meta.len() > MAX_FILE_SIZE {
        diags.push(
            Diagnostic::for_file(
                Rule::FileTooLarge,
                shown,
                format!("the file is {} bytes; catalog files may be at most {MAX_FILE_SIZE} bytes", meta.len()),
            )
            .with_hint("a model file is about 1 KiB; is this the right file?"),
        );
        return None;
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    let read = file.take(MAX_FILE_SIZE + 1).read_to_end(&mut bytes);
    if let Err(e) = read {
        return io_err(diags, format!("cannot read: {e}"));
    }
    if bytes.len() as u64 > MAX_FILE_SIZE {
        diags.push(Diagnostic::for_file(
            Rule::FileTooLarge,
            shown,
            "the file grew past the size limit while being read",
        ));
        return None;
    }
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        diags.push(
            Diagnostic::for_file(Rule::Encoding, shown, "the file starts with a byte-order mark")
                .with_hint("save the file as UTF-8 without BOM"),
        );
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(SourceText::new(shown, text)),
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let prefix = String::from_utf8_lossy(&bytes[..valid]).into_owned();
            let src = SourceText::new(shown, prefix);
            diags.push(
                src.diagnostic(Rule::Encoding, Some(valid..valid), "", "the file is not valid UTF-8")
                    .with_hint("catalog files are UTF-8 text; re-save the file as UTF-8"),
            );
            None
        }
    }
}

/// Open `path` for reading, following a final symbolic link only with [`Links::Follow`], without
/// blocking on a FIFO or making a terminal the controlling one; and what was opened.
fn open_no_block(path: &Path, links: Links) -> std::io::Result<(fs::File, fs::Metadata)> {
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        let nofollow = if links == Links::Refuse { libc::O_NOFOLLOW } else { 0 };
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY | nofollow);
    }
    #[cfg(not(unix))]
    {
        // Elsewhere: ask first (two lookups), so a link or a special file is never opened.
        let meta = if links == Links::Refuse { fs::symlink_metadata(path)? } else { fs::metadata(path)? };
        if meta.file_type().is_symlink() || !(meta.is_file() || meta.is_dir()) {
            return Err(std::io::Error::other("not a regular file"));
        }
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    Ok((file, meta))
}

/// Parse TOML text, reporting every syntax error (duplicate keys included): the file, and its
/// value as JSON when it parsed.
pub fn parse_toml(source: SourceText, diags: &mut Vec<Diagnostic>) -> (ParsedFile, Option<Value>) {
    let (table, errors) = DeTable::parse_recoverable(&source.text);
    let value = if errors.is_empty() {
        Some(table_to_json(table.get_ref()))
    } else {
        // The end of the last table header given twice: the keys after it are reported again by
        // the parser, as duplicates of the first table's, which says nothing new.
        let mut repeated_table: Option<(usize, usize)> = None;
        // Finding a first definition scans the text before it: only the first few duplicates of
        // a file get that label, so a file of thousands of them is not read thousands of times.
        let mut labelled = 0;
        for e in errors {
            let message = e.message().trim().to_string();
            let Some(span) = e.span().filter(|_| message == "duplicate key" && labelled < MAX_LABELLED_DUPLICATES)
            else {
                diags.push(source.diagnostic(Rule::TomlSyntax, e.span(), "", message));
                continue;
            };
            labelled += 1;
            if repeated_table.is_some_and(|(start, end)| (start..end).contains(&span.start)) {
                continue;
            }
            let (d, table) = duplicate_key(&source, span);
            repeated_table = table.or(repeated_table);
            diags.push(d);
        }
        None
    };
    drop(table);
    (ParsedFile { source, spans: std::sync::OnceLock::new() }, value)
}

/// How many `duplicate key` errors of one file [`duplicate_key`] explains.
const MAX_LABELLED_DUPLICATES: usize = 16;

/// A `duplicate key` error with a label at the first definition: for a table header given twice,
/// the first header (and the span of the second table's body, whose keys need no report of
/// their own); for a key, its first line in the same table.
fn duplicate_key(source: &SourceText, span: Range<usize>) -> (Diagnostic, Option<(usize, usize)>) {
    let text = source.text.as_str();
    let line_start = text[..span.start.min(text.len())].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[line_start..].find('\n').map_or(text.len(), |i| line_start + i);
    let line = text[line_start..line_end].trim();
    let key = text.get(span.clone()).unwrap_or_default().trim();
    let lines_before = || {
        text[..line_start].split_inclusive('\n').scan(0, |at, l| {
            let start = *at;
            *at += l.len();
            Some((start, l))
        })
    };
    if line.starts_with('[') {
        let first = lines_before().find(|(_, l)| l.trim() == line).map(|(at, l)| at..at + l.trim_end().len());
        let body_end = text[line_end..].find("\n[").map_or(text.len(), |i| line_end + i);
        let message = format!("the table `{line}` is written twice");
        let mut d = source
            .diagnostic(Rule::TomlSyntax, Some(span), "", message)
            .with_hint("merge the two tables into the first");
        if let Some(first) = first {
            d = d.with_label(source.label(Some(first), "first written here"));
        }
        return (d, Some((line_end, body_end)));
    }
    // The first line setting the key, searched back to the table's header.
    let mut first = None;
    for (at, l) in lines_before().collect::<Vec<_>>().into_iter().rev() {
        let t = l.trim_start();
        if t.starts_with('[') {
            break;
        }
        if t.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('=')) {
            let indent = l.len() - t.len();
            first = Some(at + indent..at + indent + key.len());
        }
    }
    let message = format!("the key `{key}` is set twice");
    let mut d = source.diagnostic(Rule::TomlSyntax, Some(span), "", message).with_hint("keep one of the two");
    if let Some(first) = first {
        d = d.with_label(source.label(Some(first), "first set here"));
    }
    (d, None)
}

fn table_to_json(table: &DeTable<'_>) -> Value {
    Value::Object(table.iter().map(|(k, v)| (k.get_ref().to_string(), to_json(v.get_ref()))).collect::<Map<_, _>>())
}

fn to_json(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            i64::from_str_radix(i.as_str(), i.radix()).map(Value::from).unwrap_or_else(|_| Value::String(i.to_string()))
        }
        // TOML has no null: a value no JSON type holds (nan, inf, a bare date or time) becomes
        // null, which every schema refuses, located at the value ("quote it if it is text").
        DeValue::Float(f) => {
            f.as_str().parse::<f64>().ok().and_then(Number::from_f64).map_or(Value::Null, Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(_) => Value::Null,
        DeValue::Array(items) => Value::Array(items.iter().map(|item| to_json(item.get_ref())).collect()),
        DeValue::Table(t) => table_to_json(t),
    }
}

/// Record the span of every key and value below `table`, by JSON pointer.
fn collect_table(table: &DeTable<'_>, pointer: &mut String, spans: &mut SpanMap) {
    for (key, value) in table {
        let len = pointer.len();
        push_token(pointer, key.get_ref());
        spans.keys.insert(pointer.clone(), key.span());
        spans.values.insert(pointer.clone(), value.span());
        collect_value(value.get_ref(), pointer, spans);
        pointer.truncate(len);
    }
}

fn collect_value(value: &DeValue<'_>, pointer: &mut String, spans: &mut SpanMap) {
    match value {
        DeValue::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = pointer.len();
                pointer.push('/');
                pointer.push_str(&i.to_string());
                spans.values.insert(pointer.clone(), item.span());
                collect_value(item.get_ref(), pointer, spans);
                pointer.truncate(len);
            }
        }
        DeValue::Table(t) => collect_table(t, pointer, spans),
        _ => {}
    }
}

/// Append one JSON-pointer token (RFC 6901 escaping).
pub fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

/// The path from folder `from` to `to`, with `/` separators (`../schema`), both made absolute
/// against the current folder first. Used for `#:schema` lines.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let abs = |p: &Path| {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        let mut out = PathBuf::new();
        for c in p.components() {
            match c {
                std::path::Component::ParentDir => {
                    out.pop();
                }
                std::path::Component::CurDir => {}
                c => out.push(c),
            }
        }
        out
    };
    let (from, to) = (abs(from), abs(to));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    let ups = from.components().count() - common;
    let mut parts: Vec<String> = vec!["..".to_string(); ups];
    parts.extend(to.components().skip(common).map(|c| c.as_os_str().to_string_lossy().into_owned()));
    if parts.is_empty() { ".".to_string() } else { parts.join("/") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (ParsedFile, Option<Value>, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let (f, value) = parse_toml(SourceText::new("t.toml".into(), text.into()), &mut diags);
        (f, value, diags)
    }

    #[test]
    fn relative_paths_between_folders() {
        assert_eq!(relative_path(Path::new("/r/catalog"), Path::new("/r/schema")), "../schema");
        assert_eq!(relative_path(Path::new("/r/tests/fixtures/x"), Path::new("/r/schema")), "../../../schema");
        assert_eq!(relative_path(Path::new("/r/a/../catalog"), Path::new("/r/schema")), "../schema");
    }

    #[test]
    fn keeps_spans_of_nested_values() {
        let text = "name = \"x\"\n[availability]\napi = true\n\n[[a]]\nb = [1, 2]\n";
        let (f, v, diags) = parse(text);
        assert!(diags.is_empty());
        let v = v.unwrap();
        assert_eq!(v["availability"]["api"], Value::Bool(true));
        let span = f.spans().value("/availability/api").unwrap();
        assert_eq!(&text[span], "true");
        let span = f.spans().value("/a/0/b/1").unwrap();
        assert_eq!(&text[span], "2");
        let span = f.spans().key("/name").unwrap();
        assert_eq!(&text[span], "name");
        // A pointer below a value falls back to the value.
        assert_eq!(f.spans().value("/name/deeper"), f.spans().value("/name"));
    }

    #[test]
    fn reports_every_syntax_error_with_its_line() {
        let (_, value, diags) = parse("a = 1\na = 2\nb = \n");
        assert!(value.is_none());
        assert!(diags.len() >= 2, "{diags:#?}");
        assert!(diags.iter().all(|d| d.rule == Rule::TomlSyntax));
        assert!(diags.iter().any(|d| d.line() == 2), "duplicate key on line 2: {diags:#?}");
        assert!(diags.iter().any(|d| d.line() == 3), "missing value on line 3: {diags:#?}");
    }
}
