//! Parser of Akoma Ntoso 3.0 XML acts.
//!
//! Reads `akomaNtoso/act`: the work identification in `meta/identification/FRBRWork`
//! (`FRBRthis`/`FRBRuri` such as `/akn/it/act/decretoLegislativo/2099-01-01/999/!main`,
//! `FRBRdate`, `FRBRnumber`, an optional `FRBRalias` with a `urn:nir:` value), the
//! consolidation date in `FRBRExpression/FRBRdate`, the title in `preface//docTitle`,
//! and the `body`: containers (`book`, `part`, `title`, `chapter`, `section`, ...) become
//! the article's structure (`Capo I - <heading>`); each `article` has `num`, `heading`
//! and either numbered `paragraph`s (`num`, `content/p`, `list` with `intro` and
//! `point`s) or direct `content` (the intro).
//!
//! Texts follow the Normattiva Markdown conventions, so both sources give the same
//! structure: `<ins>` becomes `((...))`, `<noteRef marker="n"/>` becomes `((n))`, points
//! become `a) text` lines, `<del>` is dropped, `<ref>` keeps its text (as a Markdown link
//! when its `href` is absolute); `authorialNote`s go to the article's notes and
//! `status="repealed"` flags the article as repealed. Element names are matched without
//! their namespace prefix.

use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::html::item_label_len;
use super::{
    ParseError, ParsedAct, ParsedArticle, ParsedComma, act_id, collapse_ws, designation,
    is_iso_date, kind_from_tipo, label_slug, normalize_heading, push_line, strip_title_code,
    structure_entry,
};

/// Deepest element nesting accepted (the tree walkers recurse).
const MAX_DEPTH: usize = 200;

/// Containers of articles, mapped to [`ParsedArticle::structure`] entries.
const CONTAINERS: &str = "book part subpart title subtitle chapter subchapter section subsection";

/// Parse an Akoma Ntoso XML document into a [`ParsedAct`].
///
/// Errors (with the 1-based line) on malformed XML, a missing `act`, `FRBRWork` or
/// `body`, an unknown act kind, a missing or non-ISO `FRBRdate`, a missing number, an
/// article without a number or two articles with the same id.
pub fn parse(xml: &str) -> Result<ParsedAct, ParseError> {
    let doc = build_tree(xml)?;
    let missing =
        |el: &Element, what: &str| ParseError::new(el.line, format!("no {what} in <{}>", el.name));
    let root = doc
        .child("akomaNtoso")
        .ok_or_else(|| missing(&doc, "<akomaNtoso>"))?;
    let act = root.child("act").ok_or_else(|| missing(root, "<act>"))?;
    let meta = act.child("meta").ok_or_else(|| missing(act, "<meta>"))?;
    let id = meta.child("identification");
    let id = id.ok_or_else(|| missing(meta, "<identification>"))?;
    let work = id
        .child("FRBRWork")
        .ok_or_else(|| missing(id, "<FRBRWork>"))?;
    let uri = work
        .child_attr("FRBRuri", "value")
        .or_else(|| work.child_attr("FRBRthis", "value"));
    let parts: Vec<&str> = uri.unwrap_or_default().split('/').collect();
    let date_at = parts
        .iter()
        .position(|s| is_iso_date(s))
        .unwrap_or(parts.len());

    let uri_kind = parts
        .get(..date_at)
        .and_then(|p| p.iter().rev().find_map(|s| akn_kind(s)));
    let doc_type = act.descendant("docType").map(inline_text);
    let kind = uri_kind
        .or_else(|| work.child_attr("FRBRsubtype", "value").and_then(akn_kind))
        .or_else(|| doc_type.and_then(|t| kind_from_tipo(&t)));
    let kind = kind.ok_or_else(|| missing(work, "known act kind"))?;
    let date = work
        .child_attr("FRBRdate", "date")
        .filter(|d| is_iso_date(d));
    let date = date.ok_or_else(|| missing(work, "ISO <FRBRdate date>"))?;
    let year = date.get(..4).and_then(|y| y.parse::<i32>().ok());
    let number = work
        .child_attr("FRBRnumber", "value")
        .or(parts.get(date_at + 1).copied());
    let number = number.filter(|n| !n.starts_with('!') && !label_slug(n).is_empty());
    let number = number
        .ok_or_else(|| missing(work, "act number"))?
        .to_string();
    let aliases = work.elements().filter(|e| e.name == "FRBRalias");
    let urn = aliases
        .filter_map(|e| e.attr("value"))
        .find(|v| v.starts_with("urn:nir:"));
    let expression = id.child("FRBRExpression");
    let in_force_at = expression.and_then(|e| e.child_attr("FRBRdate", "date"));
    let title = act.child("preface").and_then(|p| p.descendant("docTitle"));

    let body = act.child("body").ok_or_else(|| missing(act, "<body>"))?;
    let mut articles = Vec::new();
    walk(body, &mut Vec::new(), &mut articles)?;
    let year = year.unwrap_or_default();
    let act = ParsedAct {
        id: act_id(kind, &number, year),
        kind: kind.to_string(),
        number,
        year,
        date: Some(date.to_string()),
        title: title.map_or(String::new(), |t| strip_title_code(&inline_text(t))),
        urn: urn.map(|u| u.trim().to_string()),
        in_force_at: in_force_at.filter(|d| is_iso_date(d)).map(str::to_string),
        articles: Vec::new(),
    };
    act.with_articles(articles)
}

/// Kind of act from an Akoma Ntoso type name (`decretoLegislativo`, `decreto.legge`).
fn akn_kind(name: &str) -> Option<&'static str> {
    let mut words = String::new();
    for c in name.chars() {
        if c.is_uppercase() {
            words.push(' ');
        }
        words.push(c);
    }
    kind_from_tipo(&words)
}

/// An XML element with its children and the line where it starts.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: Vec<(String, String)>,
    children: Vec<Node>,
    line: usize,
}

#[derive(Debug)]
enum Node {
    Element(Element),
    Text(String),
}

impl Element {
    fn elements(&self) -> impl Iterator<Item = &Element> {
        self.children.iter().filter_map(|n| match n {
            Node::Element(e) => Some(e),
            Node::Text(_) => None,
        })
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.elements().find(|e| e.name == name)
    }

    fn descendant(&self, name: &str) -> Option<&Element> {
        let mut found = self.elements().filter(|e| e.name == name);
        found
            .next()
            .or_else(|| self.elements().find_map(|e| e.descendant(name)))
    }

    fn child_attr(&self, name: &str, key: &str) -> Option<&str> {
        self.child(name)?.attr(key).map(str::trim)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        let value = self.attrs.iter().find(|(k, _)| k == name);
        value.map(|(_, v)| v.as_str())
    }
}

/// Converts byte offsets (met mostly in increasing order) to 1-based line numbers.
struct Lines<'a> {
    bytes: &'a [u8],
    pos: usize,
    line: usize,
}

impl Lines<'_> {
    fn at(&mut self, offset: u64) -> usize {
        let len = self.bytes.len();
        let end = usize::try_from(offset).map_or(len, |o| o.min(len));
        if end < self.pos {
            (self.pos, self.line) = (0, 1);
        }
        let newlines = self.bytes[self.pos..end].iter().filter(|&&b| b == b'\n');
        self.line += newlines.count();
        self.pos = end;
        self.line
    }
}

/// Reads the whole document into a tree (iteratively, with a depth limit).
fn build_tree(xml: &str) -> Result<Element, ParseError> {
    let mut reader = Reader::from_str(xml);
    let mut lines = Lines {
        bytes: xml.as_bytes(),
        pos: 0,
        line: 1,
    };
    let document = Element {
        name: "document".into(),
        line: 1,
        ..Element::default()
    };
    let mut stack = vec![document];
    loop {
        let start = reader.buffer_position();
        let event = reader.read_event().map_err(|e| {
            let line = lines.at(reader.error_position());
            ParseError::new(line, format!("malformed XML: {e}"))
        })?;
        let line = lines.at(start);
        let text = match event {
            Event::Start(_) if stack.len() > MAX_DEPTH => {
                return Err(ParseError::new(line, "elements nested too deeply"));
            }
            Event::Start(e) => {
                stack.push(element(&e, line)?);
                continue;
            }
            Event::Empty(e) => {
                let el = element(&e, line)?;
                if let Some(top) = stack.last_mut() {
                    top.children.push(Node::Element(el));
                }
                continue;
            }
            Event::End(_) => {
                match (stack.pop().filter(|_| !stack.is_empty()), stack.last_mut()) {
                    (Some(el), Some(top)) => top.children.push(Node::Element(el)),
                    _ => return Err(ParseError::new(line, "unexpected end tag")),
                }
                continue;
            }
            Event::Text(t) => t.xml10_content().into_owned(),
            Event::CData(t) => t.xml10_content().into_owned(),
            Event::GeneralRef(r) => {
                let c = r.resolve_char_ref().ok().flatten().map(String::from);
                let entity = c.or_else(|| resolve_predefined_entity(&r).map(String::from));
                let message = format!("unknown or bad reference &{};", &*r);
                entity.ok_or_else(|| ParseError::new(line, message))?
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => continue,
        };
        if let Some(top) = stack.last_mut() {
            match top.children.last_mut() {
                Some(Node::Text(prev)) => prev.push_str(&text),
                _ => top.children.push(Node::Text(text)),
            }
        }
    }
    match (stack.pop(), stack.last()) {
        (Some(doc), None) => Ok(doc),
        (Some(open), Some(_)) => Err(ParseError::new(
            open.line,
            format!("<{}> not closed", open.name),
        )),
        (None, _) => Err(ParseError::new(1, "empty document")),
    }
}

fn element(start: &BytesStart<'_>, line: usize) -> Result<Element, ParseError> {
    let bad = |e: String| ParseError::new(line, format!("malformed attribute: {e}"));
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr = attr.map_err(|e| bad(e.to_string()))?;
        let value = attr.normalized_value(XmlVersion::Implicit1_0);
        let value = value.map_err(|e| bad(e.to_string()))?.into_owned();
        attrs.push((attr.key.local_name().as_ref().to_string(), value));
    }
    let name = start.local_name().as_ref().to_string();
    Ok(Element {
        name,
        attrs,
        line,
        ..Element::default()
    })
}

/// Collects the articles below `el`, tracking the enclosing containers.
fn walk(
    el: &Element,
    structure: &mut Vec<String>,
    out: &mut Vec<(ParsedArticle, usize)>,
) -> Result<(), ParseError> {
    for child in el.elements() {
        let container =
            child.name == "hcontainer" || CONTAINERS.split(' ').any(|c| c == child.name);
        if child.name == "article" {
            out.push((article(child, structure.clone())?, child.line));
        } else if container {
            let num = child.child("num").map(inline_text).unwrap_or_default();
            let num = designation(&num).map_or(num, |(_, display)| display);
            let heading = child.child("heading").map(inline_text);
            let entry = structure_entry(&num, &heading.unwrap_or_default());
            let depth = structure.len();
            structure.extend((!entry.is_empty()).then_some(entry));
            walk(child, structure, out)?;
            structure.truncate(depth);
        }
    }
    Ok(())
}

/// A label from a `num`: `Art. 29-bis.` → `29-bis`, `((3-bis.))` → `3-bis`.
fn num_label(el: &Element) -> String {
    let text = inline_text(el).replace("((", "").replace("))", "");
    let lower = text.to_lowercase();
    let prefix = ["articolo", "art."]
        .into_iter()
        .find(|p| lower.starts_with(p));
    let label = text.get(prefix.map_or(0, str::len)..).unwrap_or_default();
    label.trim().trim_end_matches('.').trim().to_string()
}

fn article(el: &Element, structure: Vec<String>) -> Result<ParsedArticle, ParseError> {
    let mut label = el.child("num").map(num_label).unwrap_or_default();
    if label.is_empty() {
        let id = el.attr("eId").and_then(|id| id.rsplit("art_").next());
        label = id.unwrap_or_default().to_string();
    }
    let mut article = ParsedArticle::new(&label, structure);
    if article.slug.is_empty() {
        return Err(ParseError::new(el.line, "article without a number"));
    }
    let heading = el.child("heading").map(inline_text);
    article.heading = heading.and_then(|h| normalize_heading(&h));
    collect_notes(el, &mut article.notes);
    for child in el.elements() {
        let label = child.child("num").map(num_label).filter(|l| !l.is_empty());
        match (child.name.as_str(), label) {
            ("num" | "heading" | "subheading" | "authorialNote", _) => {}
            ("paragraph", Some(label)) => {
                article
                    .commi
                    .push(ParsedComma::new(&label, block_text(child)));
            }
            _ => match article.commi.last_mut() {
                Some(comma) => push_line(&mut comma.text, &block_text(child)),
                None => push_line(&mut article.intro, &block_text(child)),
            },
        }
    }
    article.finish(el.attr("status") == Some("repealed"));
    Ok(article)
}

fn collect_notes(el: &Element, notes: &mut Vec<String>) {
    for child in el.elements() {
        if child.name == "authorialNote" {
            notes.push(block_text(child));
        } else {
            collect_notes(child, notes);
        }
    }
}

/// Text of an element on one line, whitespace collapsed.
fn inline_text(el: &Element) -> String {
    let mut text = TextBuilder::default();
    text.inline(el);
    collapse_ws(&format!("{} {}", text.lines.join(" "), text.current))
}

/// Text of a block element as lines (`p`s on their own lines, points as `a) text`),
/// leaving out the element's own `num`.
fn block_text(el: &Element) -> String {
    let mut text = TextBuilder::default();
    for node in &el.children {
        match node {
            Node::Element(e) if e.name == "num" => {}
            node => text.node(node),
        }
    }
    text.flush();
    text.lines.join("\n")
}

#[derive(Default)]
struct TextBuilder {
    lines: Vec<String>,
    current: String,
}

impl TextBuilder {
    fn flush(&mut self) {
        let line = collapse_ws(&std::mem::take(&mut self.current));
        if !line.is_empty() {
            self.lines.push(line);
        }
    }

    fn node(&mut self, node: &Node) {
        match node {
            Node::Text(t) => self.current.push_str(t),
            Node::Element(e) => self.element(e),
        }
    }

    fn inline(&mut self, el: &Element) {
        el.children.iter().for_each(|n| self.node(n));
    }

    fn element(&mut self, el: &Element) {
        let href = el.attr("href").filter(|h| h.starts_with("https://"));
        match el.name.as_str() {
            "ins" => {
                self.current.push_str("((");
                self.inline(el);
                self.current.push_str("))");
            }
            "noteRef" => {
                let marker = el.attr("marker").map(str::trim).unwrap_or_default();
                if !marker.is_empty() {
                    self.current.push_str(&format!("(({marker}))"));
                }
            }
            "del" | "authorialNote" | "heading" | "subheading" => {}
            "br" | "eol" | "eop" => self.flush(),
            "ref" | "mref" | "rref" if href.is_some() => {
                self.current.push('[');
                self.inline(el);
                self.current
                    .push_str(&format!("]({})", href.unwrap_or_default()));
            }
            "point" | "item" | "indent" | "alinea" => {
                self.flush();
                let body = block_text(el);
                let num = el.child("num").map(inline_text).unwrap_or_default();
                // `a) text`, unless the point opens with a nested list
                let nested = body.lines().next().and_then(item_label_len).is_some();
                let body = if nested {
                    format!("{num}\n{body}")
                } else {
                    format!("{num} {body}")
                };
                self.lines
                    .extend(body.lines().map(collapse_ws).filter(|l| !l.is_empty()));
            }
            "p" | "content" | "intro" | "wrapUp" | "list" | "blockList" | "listIntroduction"
            | "listWrapUp" | "subparagraph" | "paragraph" | "blockContainer" | "div" => {
                self.flush();
                self.inline(el);
                self.flush();
            }
            _ => self.inline(el),
        }
    }
}

#[cfg(test)]
mod tests;
