//! Lesson Markdown to safe HTML: pulldown-cmark, then ammonia. On the way, legal
//! citations become links (to the library's article page, or else to the article on
//! Normattiva by URN), links between lessons are resolved,
//! headings get anchors (and feed the table of contents), and `> [!attenzione]`,
//! `> [!esempio]`, `> [!normativa]` blockquotes become callouts. HTML written in a
//! lesson is dropped before rendering and anything that slips through is removed by
//! the sanitizer, so a lesson can never put a script on a page.

use std::collections::HashMap;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::citations;
use super::cite_links::{citation_html, record};
use super::library::urn::Urn;
use super::library_refs::ArticleSet;
use super::model::TocEntry;

pub use super::cite_links::render_inline;

/// What rendering needs from its surroundings.
pub struct RenderContext<'a> {
    /// Articles that can be linked.
    pub library: &'a ArticleSet,
    /// The URNs of the acts the course declares, for links to Normattiva (they carry
    /// the acts' full dates).
    pub declared: &'a [Urn],
    /// Resolves a relative link: `None` if it is not a lesson link, `Some(Ok(url))`
    /// for an existing lesson, `Some(Err(()))` for a lesson that does not exist.
    pub resolve_lesson: &'a dyn Fn(&str) -> Option<Result<String, ()>>,
    /// The language of the text (`it`, or a translation's), for the callouts' titles.
    pub lang: &'a str,
}

/// One article cited in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedArticle {
    /// `<act>/art-<label>`.
    pub id: String,
    /// The act id.
    pub act: String,
    /// The citation as written, its spaces and line breaks collapsed.
    pub text: String,
    /// Byte offset of the citation in the source.
    pub offset: usize,
}

/// A rendered lesson body.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Sanitized HTML.
    pub html: String,
    /// h2 and h3 headings.
    pub toc: Vec<TocEntry>,
    /// Every citation, in order.
    pub cited: Vec<CitedArticle>,
    /// Links to lessons that do not exist: (byte offset, href).
    pub broken_links: Vec<(usize, String)>,
}

const CALLOUTS: [(&str, &str); 3] = [
    ("attenzione", "Attenzione"),
    ("esempio", "Esempio"),
    ("normativa", "Normativa"),
];

/// The plain text of a lesson body, for search: words of paragraphs, headings, lists
/// and tables, blocks separated by blank lines, callout markers and link targets left
/// out.
pub fn plain_text(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    for event in Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Text(text) | Event::Code(text) => out.push_str(&text),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::TableCell) => out.push_str(" · "),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableRow
                | TagEnd::TableHead,
            ) => {
                out.push_str("\n\n");
            }
            _ => {}
        }
    }
    for (slug, _) in CALLOUTS {
        out = out.replace(&format!("[!{slug}]"), "");
    }
    out.trim().to_string()
}

/// `text` with its whitespace collapsed, cut to at most `max_chars` characters at a
/// word boundary, with an ellipsis when cut (previews, fallback snippets).
pub fn shorten(text: &str, max_chars: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        return flat;
    }
    let cut: String = flat.chars().take(max_chars).collect();
    match cut.rfind(' ') {
        Some(space) => format!("{}…", &cut[..space]),
        None => format!("{cut}…"),
    }
}

/// Renders a lesson body.
// One pass over the events: every arm shares its state (quotes, links).
pub fn render(src: &str, ctx: &RenderContext<'_>) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let (events, maps) = merge_text(Parser::new_ext(src, options).into_offset_iter().collect());

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut rendered = Rendered::default();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut quote_stack: Vec<bool> = Vec::new();
    let mut link_depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        let (event, offset) = events[i].clone();
        let map = &maps[i];
        i += 1;
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::Start(Tag::BlockQuote(_)) => {
                let kind = callout_kind(&events[i..]);
                quote_stack.push(kind.is_some());
                match kind {
                    Some((slug, label)) => {
                        let label = callout_label(slug, ctx.lang).unwrap_or(label);
                        out.push(Event::Html(CowStr::from(format!(
                            "<aside class=\"callout callout-{slug}\" aria-label=\"{label}\"><p class=\"callout-title\">{label}</p>"
                        ))));
                        // Drop the marker: events[i] is the paragraph start, then the text.
                        out.push(events[i].0.clone());
                        let text = match &events[i + 1].0 {
                            Event::Text(t) => t.to_string(),
                            _ => String::new(),
                        };
                        // The marker's line break is part of the text (see `merge_text`)
                        // and goes with it.
                        let rest = strip_marker(&text);
                        if !rest.is_empty() {
                            let rest_map = maps[i + 1].from(text.len() - rest.len());
                            push_text(&mut out, &mut rendered, rest, &rest_map, ctx, link_depth);
                        }
                        i += 2;
                    }
                    None => out.push(Event::Start(Tag::BlockQuote(None))),
                }
            }
            Event::End(TagEnd::BlockQuote(_)) => match quote_stack.pop() {
                Some(true) => out.push(Event::Html(CowStr::from("</aside>"))),
                _ => out.push(Event::End(TagEnd::BlockQuote(None))),
            },
            Event::Start(Tag::Heading {
                level,
                classes,
                attrs,
                ..
            }) => {
                let text = heading_text(&events[i..]);
                let id = unique_id(&slugify(&text), &mut heading_ids);
                if let Some(entry) = toc_entry(level, &id, text) {
                    rendered.toc.push(entry);
                }
                out.push(Event::Start(Tag::Heading {
                    level,
                    id: Some(CowStr::from(id)),
                    classes,
                    attrs,
                }));
            }
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => {
                link_depth += 1;
                let dest = match (ctx.resolve_lesson)(&dest_url) {
                    Some(Ok(url)) => CowStr::from(url),
                    Some(Err(())) => {
                        rendered.broken_links.push((offset, dest_url.to_string()));
                        CowStr::from("#")
                    }
                    None => dest_url,
                };
                if dest.contains("://") {
                    // Written out here, as the sanitizer no longer adds `rel` to every
                    // link (citations to Normattiva carry their own).
                    let title = if title.is_empty() {
                        String::new()
                    } else {
                        format!(" title=\"{}\"", escape(&title))
                    };
                    out.push(Event::InlineHtml(CowStr::from(format!(
                        "<a href=\"{}\"{title} rel=\"noopener noreferrer\">",
                        escape(&dest)
                    ))));
                } else {
                    out.push(Event::Start(Tag::Link {
                        link_type,
                        dest_url: dest,
                        title,
                        id,
                    }));
                }
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::Link));
            }
            Event::Text(text) => {
                push_text(&mut out, &mut rendered, &text, map, ctx, link_depth);
            }
            other => out.push(other),
        }
    }

    let mut html = String::with_capacity(src.len() * 2);
    pulldown_cmark::html::push_html(&mut html, out.into_iter());
    rendered.html = sanitize(&html);
    rendered
}

/// The table of contents entry of a heading: h2 and h3 only.
fn toc_entry(level: HeadingLevel, id: &str, text: String) -> Option<TocEntry> {
    matches!(level, HeadingLevel::H2 | HeadingLevel::H3).then(|| TocEntry {
        level: if level == HeadingLevel::H2 { 2 } else { 3 },
        id: id.to_string(),
        text,
    })
}

/// Text events with citations turned into links (never inside an author's link).
fn push_text<'a>(
    out: &mut Vec<Event<'a>>,
    rendered: &mut Rendered,
    text: &str,
    map: &SourceMap,
    ctx: &RenderContext<'_>,
    link_depth: usize,
) {
    let found = citations::find_citations(text);
    if found.is_empty() {
        out.push(Event::Text(CowStr::from(text.to_string())));
        return;
    }
    let mut last = 0;
    for citation in &found {
        if citation.span.start > last {
            out.push(Event::Text(CowStr::from(
                text[last..citation.span.start].to_string(),
            )));
        }
        if link_depth > 0 {
            record(
                citation,
                text,
                map.at(citation.span.start),
                &mut rendered.cited,
            );
            out.push(Event::Text(CowStr::from(
                text[citation.span.clone()].to_string(),
            )));
        } else {
            let html = citation_html(
                text,
                citation,
                ctx.library,
                ctx.declared,
                &mut rendered.cited,
                map.at(citation.span.start),
            );
            out.push(Event::InlineHtml(CowStr::from(html)));
        }
        last = citation.span.end;
    }
    if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

/// Where the pieces of a merged text event start: (byte in the text, byte in the
/// source), in order, to map a byte of the text back to the lesson file.
#[derive(Debug, Clone)]
struct SourceMap(Vec<(usize, usize)>);

impl SourceMap {
    /// The source byte of byte `pos` of the text.
    fn at(&self, pos: usize) -> usize {
        let (text, source) = self
            .0
            .iter()
            .rev()
            .find(|(text, _)| *text <= pos)
            .copied()
            .unwrap_or_default();
        source + (pos - text)
    }

    /// The map of the text from byte `from` on.
    fn from(&self, from: usize) -> Self {
        let mut pieces = vec![(0, self.at(from))];
        pieces.extend(
            self.0
                .iter()
                .filter(|(text, _)| *text > from)
                .map(|(text, source)| (text - from, *source)),
        );
        Self(pieces)
    }
}

/// Merges runs of adjacent text events (pulldown-cmark splits text at brackets,
/// entities and line breaks), so citations and callout markers are seen whole, even
/// when written across two lines: a soft line break after text becomes a "\n" of the
/// text, as it renders. Returns the events, each with its first source byte, and the
/// source map of each.
fn merge_text(
    events: Vec<(Event<'_>, std::ops::Range<usize>)>,
) -> (Vec<(Event<'_>, usize)>, Vec<SourceMap>) {
    let mut merged: Vec<(Event<'_>, usize)> = Vec::with_capacity(events.len());
    let mut maps: Vec<SourceMap> = Vec::with_capacity(events.len());
    for (event, range) in events {
        let event = match event {
            Event::SoftBreak if matches!(merged.last(), Some((Event::Text(_), _))) => {
                Event::Text(CowStr::Borrowed("\n"))
            }
            other => other,
        };
        if let Event::Text(text) = &event
            && let Some((Event::Text(previous), _)) = merged.last_mut()
            && let Some(map) = maps.last_mut()
        {
            map.0.push((previous.len(), range.start));
            let mut joined = previous.to_string();
            joined.push_str(text);
            *previous = CowStr::from(joined);
            continue;
        }
        maps.push(SourceMap(vec![(0, range.start)]));
        merged.push((event, range.start));
    }
    (merged, maps)
}

/// The title of callout `slug` in a translation's language (the markers stay the
/// Italian ones in every language).
fn callout_label(slug: &str, lang: &str) -> Option<&'static str> {
    Some(match (lang, slug) {
        ("de", "attenzione") => "Achtung",
        ("de", "esempio") => "Beispiel",
        ("de", "normativa") => "Rechtsgrundlagen",
        ("en", "attenzione") => "Caution",
        ("en", "esempio") => "Example",
        ("en", "normativa") => "The law",
        _ => return None,
    })
}

/// The callout a blockquote opens, if its first paragraph starts with a marker.
fn callout_kind(rest: &[(Event<'_>, usize)]) -> Option<(&'static str, &'static str)> {
    let (Some((Event::Start(Tag::Paragraph), _)), Some((Event::Text(text), _))) =
        (rest.first(), rest.get(1))
    else {
        return None;
    };
    let lowered = text.trim_start().to_lowercase();
    CALLOUTS
        .iter()
        .find(|(slug, _)| lowered.starts_with(&format!("[!{slug}]")))
        .copied()
}

fn strip_marker(text: &str) -> &str {
    let trimmed = text.trim_start();
    match trimmed.find(']') {
        Some(end) => trimmed[end + 1..].trim_start(),
        None => trimmed,
    }
}

fn heading_text(rest: &[(Event<'_>, usize)]) -> String {
    let mut text = String::new();
    for (event, _) in rest {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// An anchor id from heading text: lower case, accents folded, hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold_accent(c);
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_string();
    if slug.is_empty() {
        "sezione".into()
    } else {
        slug
    }
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ä' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        other => other,
    }
}

fn unique_id(base: &str, seen: &mut HashMap<String, usize>) -> String {
    let count = seen.entry(base.to_string()).or_insert(0);
    *count += 1;
    if *count == 1 {
        base.to_string()
    } else {
        format!("{base}-{count}")
    }
}

/// Escapes text for HTML content and attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(["aside", "ins", "del", "section", "sup"])
        .add_generic_attributes(["id", "class"])
        .add_tag_attributes("aside", ["aria-label"])
        .add_tag_attributes("a", ["data-article", "rel"])
        // Links get their `rel` where they are written: `noopener noreferrer` for an
        // author's link to another site, `external noopener` for a citation leading to
        // Normattiva. (Authors cannot write attributes: their HTML is dropped.)
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough);
    builder
});

/// Removes anything unsafe from rendered HTML.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

pub mod sections;
#[cfg(test)]
mod tests;
