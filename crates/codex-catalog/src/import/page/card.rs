//! Reading one card of the page: its attributes in the order written, and the `features` of
//! its `data={{ … }}` (ratings as icon counts, flags as booleans) with how the source lays them
//! out. The walk over the page ([`super`]) finds the cards and gives each to [`Parser::card`].

use std::ops::Range;

use markdown::mdast::{AttributeContent, AttributeValue as MdAttr, MdxJsxFlowElement, Node};
use serde_json::Value;

use super::{Parser, span};
use crate::card::{MAX_DATA_DEPTH, Shape, json5_bounded, string_end};
use crate::diagnostic::Rule;
use crate::naming::is_slug;

/// A card attribute as written on the page.
#[derive(Debug, Clone, PartialEq)]
pub enum PageAttr {
    /// A bare attribute (`collapsible`).
    Bare,
    /// A quoted value, or an expression that is a string literal.
    Text(String),
    /// A boolean expression (`featured={false}`).
    Bool(bool),
    /// Any other expression, as written between the braces.
    Expression(String),
}

/// A feature of a card's `data`.
#[derive(Debug, Clone, PartialEq)]
pub enum PageFeature {
    /// A rating: its title and the icon repeated `count` times.
    Rating {
        /// `Capability`.
        title: String,
        /// The icon.
        icon: String,
        /// How many icons.
        count: u8,
    },
    /// A surface flag.
    Flag {
        /// The surface label.
        title: String,
        /// Available or not.
        value: bool,
    },
}

impl PageFeature {
    /// The feature's title.
    pub fn title(&self) -> &str {
        match self {
            PageFeature::Rating { title, .. } | PageFeature::Flag { title, .. } => title,
        }
    }
}

/// One `<ModelDetails>` card.
#[derive(Debug, Clone, PartialEq)]
pub struct PageCard {
    /// 1-based line of `<ModelDetails`.
    pub line: usize,
    /// The attributes other than `data`, in page order.
    pub attributes: Vec<(String, PageAttr)>,
    /// Every attribute name in page order, `data` included.
    pub order: Vec<String>,
    /// The features of `data`, in order.
    pub features: Vec<PageFeature>,
    /// For each feature, how the page lays it out (a line break after `{`; after `icons: [`).
    pub shapes: Vec<Shape>,
    /// The column `<ModelDetails` starts at (0-based).
    pub indent: usize,
}

impl PageCard {
    /// The value of a text attribute.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.attributes.iter().find_map(|(n, v)| match v {
            PageAttr::Text(t) if n == name => Some(t.as_str()),
            _ => None,
        })
    }

    /// Whether the card has the attribute (bare or `={true}`).
    pub fn flag(&self, name: &str) -> bool {
        self.attributes.iter().any(|(n, v)| n == name && matches!(v, PageAttr::Bare | PageAttr::Bool(true)))
    }
}

/// For each object of `data`'s `features` array, how the source lays it out: a line break right
/// after its `{` (prettier keeps such an object expanded), and after the `[` of an array in it
/// (the icons). Also refuses `data` nested deeper than [`MAX_DATA_DEPTH`] before anything parses
/// it recursively. Strings are skipped with their escapes; the scan is one loop, not a recursion.
fn feature_shapes(expr: &str) -> Result<Vec<Shape>, String> {
    let bytes = expr.as_bytes();
    let breaks_after = |i: usize| {
        let rest = &expr[i + 1..];
        rest[..rest.len() - rest.trim_start().len()].contains('\n')
    };
    let mut depth = 0usize;
    let mut features_at: Option<usize> = None; // depth of the `features` array once entered
    let mut pending_features = false;
    let mut out: Vec<Shape> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' | b'\'' | b'`' => i = string_end(bytes, i),
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DATA_DEPTH {
                    return Err(format!("is nested more than {MAX_DATA_DEPTH} deep"));
                }
                match (bytes[i], features_at) {
                    (b'[', None) if pending_features => features_at = Some(depth),
                    (b'{', Some(d)) if d.checked_add(1) == Some(depth) => {
                        out.push(Shape { expanded: breaks_after(i), icons_broken: false });
                    }
                    (b'[', Some(d)) if d.checked_add(2) == Some(depth) => {
                        if let Some(last) = out.last_mut() {
                            last.icons_broken = breaks_after(i);
                        }
                    }
                    _ => {}
                }
                pending_features = false;
            }
            b'}' | b']' => {
                if features_at == Some(depth) && bytes[i] == b']' {
                    features_at = Some(usize::MAX); // done: later objects are not features
                }
                depth = depth.saturating_sub(1);
            }
            b'f' if features_at.is_none() && expr[i..].starts_with("features") => {
                pending_features = true;
                i += "features".len();
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    Ok(out)
}

impl Parser<'_> {
    pub(super) fn card(&mut self, node: &Node, el: &MdxJsxFlowElement) -> Option<PageCard> {
        let at = span(node);
        let line = self.src.position(at.start).0;
        let mut attributes = Vec::new();
        let mut order: Vec<String> = Vec::new();
        let mut data = None;
        for attr in &el.attributes {
            let AttributeContent::Property(p) = attr else {
                self.error(
                    Rule::Card,
                    at.clone(),
                    format!("card on line {line}: spread attributes `{{...}}` cannot be read"),
                );
                return None;
            };
            if order.contains(&p.name) {
                self.error(
                    Rule::Card,
                    at.clone(),
                    format!("card on line {line}: the attribute `{}` is written twice", p.name),
                );
                return None;
            }
            order.push(p.name.clone());
            let value = match &p.value {
                None => PageAttr::Bare,
                Some(MdAttr::Literal(s)) => PageAttr::Text(s.clone()),
                Some(MdAttr::Expression(e)) if p.name == "data" => {
                    data = Some(e.value.clone());
                    continue;
                }
                Some(MdAttr::Expression(e)) => match json5_bounded::<Value>(&e.value) {
                    Some(Value::String(s)) => PageAttr::Text(s),
                    Some(Value::Bool(b)) => PageAttr::Bool(b),
                    _ => PageAttr::Expression(e.value.clone()),
                },
            };
            attributes.push((p.name.clone(), value));
        }
        let indent = self.src.position(at.start).1 - 1;
        let mut card = PageCard { line, attributes, order, features: Vec::new(), shapes: Vec::new(), indent };
        let before = self.diags.len();
        match card.text("slug") {
            None => self.error(Rule::Card, at.clone(), format!("card on line {line} has no `slug`")),
            Some(slug) if !is_slug(slug) => {
                self.error(Rule::Card, at.clone(), format!("card on line {line}: `{slug}` is not a valid slug"))
            }
            Some(_) => {}
        }
        if card.text("name").is_none() {
            self.error(Rule::Card, at.clone(), format!("card on line {line} has no `name`"));
        }
        match data {
            None => self.error(
                Rule::Card,
                at.clone(),
                format!("card on line {line} has no `data={{{{ features: [...] }}}}`"),
            ),
            Some(expr) => match feature_shapes(&expr) {
                Ok(shapes) => {
                    card.features = self.features(&expr, at.clone(), line);
                    card.shapes = shapes;
                    if card.shapes.len() != card.features.len() {
                        card.shapes = Vec::new();
                    }
                }
                Err(message) => self.error(Rule::Card, at.clone(), format!("card on line {line}: `data` {message}")),
            },
        }
        (self.diags.len() == before).then_some(card)
    }

    fn features(&mut self, expr: &str, at: Range<usize>, line: usize) -> Vec<PageFeature> {
        let value: Value = match json5::from_str(expr) {
            Ok(v) => v,
            Err(e) => {
                self.error(Rule::Card, at, format!("card on line {line}: `data` is not an object literal: {e}"));
                return Vec::new();
            }
        };
        let Some(items) = value.get("features").and_then(Value::as_array) else {
            self.error(Rule::Card, at, format!("card on line {line}: `data` has no `features` array"));
            return Vec::new();
        };
        let card_text = &self.src.text[at.clone()];
        let mut search_from = 0;
        let mut features = Vec::new();
        for item in items {
            let title = item.get("title").and_then(Value::as_str).unwrap_or_default().to_string();
            // The feature's own line, for messages: where its title is written in the card.
            let quoted = serde_json::to_string(&title).unwrap_or_default();
            let offset = card_text[search_from..].find(&quoted).map_or(at.start, |o| {
                search_from += o + quoted.len();
                at.start + search_from - quoted.len()
            });
            let here = offset..offset + quoted.len();
            let fline = self.src.position(offset).0;
            if title.is_empty() {
                self.error(Rule::Card, here, format!("card on line {line}: a feature has no `title`"));
                continue;
            }
            if let Some(icons) = item.get("icons") {
                let icons: Option<Vec<&str>> =
                    icons.as_array().map(|a| a.iter().map(Value::as_str).collect()).unwrap_or(None);
                let Some(icons) = icons.filter(|i| !i.is_empty()) else {
                    self.error(
                        Rule::Card,
                        here,
                        format!("feature `{title}` (line {fline}): `icons` must be a list of icon names"),
                    );
                    continue;
                };
                let expected = match self.icons.iter().find(|(t, _)| *t == title) {
                    Some((_, icon)) => icon.clone(),
                    None => {
                        self.icons.push((title.clone(), icons[0].to_string()));
                        icons[0].to_string()
                    }
                };
                if let Some(bad) = icons.iter().find(|i| **i != expected) {
                    self.error(
                        Rule::Card,
                        here,
                        format!("feature `{title}` (line {fline}): unknown icon `{bad}`; this page rates `{title}` with `{expected}`"),
                    );
                    continue;
                }
                features.push(PageFeature::Rating { title, icon: expected, count: icons.len().min(255) as u8 });
            } else {
                match item.get("value") {
                    Some(Value::Bool(value)) => features.push(PageFeature::Flag { title, value: *value }),
                    other => self.error(
                        Rule::Card,
                        here,
                        format!(
                            "feature `{title}` (line {fline}): `value` must be true or false, not {}",
                            other.map_or("missing".to_string(), Value::to_string)
                        ),
                    ),
                }
            }
        }
        features
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by fuzzing: an object nested after the `features` array overflowed the depth
    /// arithmetic (a panic in a debug build).
    #[test]
    fn objects_after_the_features_array_are_not_features() {
        let shapes = feature_shapes("{ features: [{ title: 'a', value: true }], more: { x: { y: [1] } } }").unwrap();
        assert_eq!(shapes, [Shape { expanded: false, icons_broken: false }]);
        let shapes = feature_shapes("{ features: [\n{\ntitle: 'b', icons: [\n'i'] }] }").unwrap();
        assert_eq!(shapes, [Shape { expanded: true, icons_broken: true }]);
    }
}
