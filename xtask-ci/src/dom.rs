//! Reading a DOM that a browser serialised (`chromium --dump-dom`), for `e2e chromium`: a small
//! tree builder for the HTML a browser writes back (every element closed but the void ones,
//! attributes double-quoted, text with `&amp;`, `&lt;`, `&gt;`, `&nbsp;` and, in attributes,
//! `&quot;`). It reads what the browser made of the page, which is the point: text that the
//! preview failed to escape would show up here as elements, not as the card's text.

/// A node of the tree.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// An element: its name, attributes and children.
    Element { name: String, attrs: Attrs, children: Vec<Node> },
    /// Text, entities decoded.
    Text(String),
}

/// An element's attributes, in order, values decoded.
type Attrs = Vec<(String, String)>;

const VOID: [&str; 14] =
    ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"];
/// Elements whose content a browser writes back as it is, without entities.
const RAW: [&str; 2] = ["style", "script"];
/// How deep the tree may nest; deeper input is refused (the preview nests a few dozen levels).
const MAX_DEPTH: usize = 256;

/// Decode the entities a browser writes (and numeric ones).
pub fn decode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Parse a serialised document into its top-level nodes.
pub fn parse(html: &str) -> Result<Vec<Node>, String> {
    // The open elements: name, attributes, children so far.
    let mut stack: Vec<(String, Attrs, Vec<Node>)> = vec![(String::new(), Vec::new(), Vec::new())];
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            stack.last_mut().expect("the root stays").2.push(Node::Text(decode(rest)));
            break;
        };
        if lt > 0 {
            stack.last_mut().expect("the root stays").2.push(Node::Text(decode(&rest[..lt])));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            let end = after.find("-->").ok_or("an unclosed comment")?;
            rest = &after[end + 3..];
        } else if rest.starts_with("<!") {
            let end = rest.find('>').ok_or("an unclosed declaration")?;
            rest = &rest[end + 1..];
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').ok_or("an unclosed end tag")?;
            let name = after[..end].trim().to_ascii_lowercase();
            rest = &after[end + 1..];
            let (open, attrs, children) = stack.pop().ok_or("an end tag with nothing open")?;
            if open != name || stack.is_empty() {
                return Err(format!("`</{name}>` closes `<{open}>`"));
            }
            stack.last_mut().expect("checked").2.push(Node::Element { name: open, attrs, children });
        } else {
            let (name, attrs, len) = start_tag(rest)?;
            rest = &rest[len..];
            if VOID.contains(&name.as_str()) {
                stack.last_mut().expect("the root stays").2.push(Node::Element { name, attrs, children: Vec::new() });
            } else if RAW.contains(&name.as_str()) {
                let close = format!("</{name}>");
                let end = rest.find(&close).ok_or_else(|| format!("an unclosed <{name}>"))?;
                let children = vec![Node::Text(rest[..end].to_string())];
                rest = &rest[end + close.len()..];
                stack.last_mut().expect("the root stays").2.push(Node::Element { name, attrs, children });
            } else {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nest deeper than {MAX_DEPTH}"));
                }
                stack.push((name, attrs, Vec::new()));
            }
        }
    }
    if stack.len() != 1 {
        return Err(format!("`<{}>` is never closed", stack.last().map_or("", |s| s.0.as_str())));
    }
    Ok(stack.pop().expect("the root").2)
}

/// A start tag at the start of `text`: its name, attributes and length.
fn start_tag(text: &str) -> Result<(String, Attrs, usize), String> {
    let bytes = text.as_bytes();
    let mut i = 1;
    let name_end = text[i..].find(|c: char| c.is_whitespace() || c == '>' || c == '/').map_or(text.len(), |e| e + i);
    let name = text[i..name_end].to_ascii_lowercase();
    if name.is_empty() {
        return Err("a `<` that opens no tag".into());
    }
    i = name_end;
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        match bytes.get(i) {
            None => return Err(format!("an unclosed <{name}>")),
            Some(b'>') => return Ok((name, attrs, i + 1)),
            Some(_) => {}
        }
        let key_end = text[i..]
            .find(|c: char| c.is_whitespace() || c == '=' || c == '>' || c == '/')
            .map_or(text.len(), |e| e + i);
        let key = text[i..key_end].to_ascii_lowercase();
        i = key_end;
        if bytes.get(i) == Some(&b'=') {
            let quote = *bytes.get(i + 1).ok_or("an attribute without a value")?;
            if quote != b'"' {
                return Err(format!("the attribute `{key}` is not double-quoted"));
            }
            let end = text[i + 2..].find('"').ok_or("an unclosed attribute value")? + i + 2;
            attrs.push((key, decode(&text[i + 2..end])));
            i = end + 1;
        } else {
            attrs.push((key, String::new()));
        }
    }
}

impl Node {
    /// The value of an attribute.
    pub fn attr(&self, name: &str) -> Option<&str> {
        match self {
            Node::Element { attrs, .. } => attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str()),
            Node::Text(_) => None,
        }
    }

    /// The element's name (empty for text).
    pub fn name(&self) -> &str {
        match self {
            Node::Element { name, .. } => name,
            Node::Text(_) => "",
        }
    }

    /// Its text, descendants' included.
    pub fn text(&self) -> String {
        match self {
            Node::Text(t) => t.clone(),
            Node::Element { children, .. } => children.iter().map(Node::text).collect(),
        }
    }

    /// Every element below it (itself included) that `keep` accepts, in document order.
    pub fn find<'a>(&'a self, keep: &dyn Fn(&Node) -> bool, out: &mut Vec<&'a Node>) {
        if keep(self) {
            out.push(self);
        }
        if let Node::Element { children, .. } = self {
            for child in children {
                child.find(keep, out);
            }
        }
    }

    /// Whether its `class` attribute lists `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class").is_some_and(|c| c.split_whitespace().any(|c| c == class))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_a_browser_writes_back() {
        let html = "<!DOCTYPE html><html><head><style>a>b{}</style><meta charset=\"utf-8\"></head>\
                    <body><p class=\"x y\" data-v=\"&quot;a&amp;b&quot;\">1 &lt;b&gt; 2&nbsp;3<br>4</p></body></html>";
        let nodes = parse(html).unwrap();
        let mut ps = Vec::new();
        nodes[0].find(&|n| n.name() == "p", &mut ps);
        assert_eq!(ps.len(), 1);
        assert!(ps[0].has_class("y"));
        assert_eq!(ps[0].attr("data-v"), Some("\"a&b\""));
        assert_eq!(ps[0].text(), "1 <b> 2\u{a0}34");
        let mut styles = Vec::new();
        nodes[0].find(&|n| n.name() == "style", &mut styles);
        assert_eq!(styles[0].text(), "a>b{}");
    }

    #[test]
    fn refuses_what_no_browser_writes() {
        for bad in ["<p>", "<p></b>", "</p>", "<p a='x'></p>", "<!-- x", "<p a=\"x></p>", &"<b>".repeat(300)] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(decode("&#60;&#x3e;&bogus; & &amp"), "<>&bogus; & &amp");
    }
}
