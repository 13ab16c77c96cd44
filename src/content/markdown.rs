//! Lesson Markdown to safe HTML: pulldown-cmark, then ammonia. On the way, legal
//! citations become links to the library, links between lessons are resolved,
//! headings get anchors (and feed the table of contents), and `> [!attenzione]`,
//! `> [!esempio]`, `> [!normativa]` blockquotes become callouts. HTML written in a
//! lesson is dropped before rendering and anything that slips through is removed by
//! the sanitizer, so a lesson can never put a script on a page.

use std::collections::HashMap;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::citations::{self, Citation};
use super::library_refs::ArticleSet;
use super::model::TocEntry;

/// What rendering needs from its surroundings.
pub struct RenderContext<'a> {
    /// Articles that can be linked.
    pub library: &'a ArticleSet,
    /// Resolves a relative link: `None` if it is not a lesson link, `Some(Ok(url))`
    /// for an existing lesson, `Some(Err(()))` for a lesson that does not exist.
    pub resolve_lesson: &'a dyn Fn(&str) -> Option<Result<String, ()>>,
}

/// One article cited in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CitedArticle {
    /// `<act>/art-<label>`.
    pub id: String,
    /// The act id.
    pub act: String,
    /// The citation as written.
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
// One pass over the events: every arm shares its state (quotes, links, a skipped break).
pub fn render(src: &str, ctx: &RenderContext<'_>) -> Rendered {
    let options =
        Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    let events = merge_text(Parser::new_ext(src, options).into_offset_iter().collect());

    let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
    let mut rendered = Rendered::default();
    let mut heading_ids: HashMap<String, usize> = HashMap::new();
    let mut quote_stack: Vec<bool> = Vec::new();
    let mut link_depth = 0usize;
    let mut skip_softbreak = false;
    let mut i = 0;
    while i < events.len() {
        let (event, offset) = events[i].clone();
        i += 1;
        match event {
            Event::Html(_) | Event::InlineHtml(_) => {}
            Event::SoftBreak if skip_softbreak => skip_softbreak = false,
            Event::Start(Tag::BlockQuote(_)) => {
                let kind = callout_kind(&events[i..]);
                quote_stack.push(kind.is_some());
                match kind {
                    Some((slug, label)) => {
                        out.push(Event::Html(CowStr::from(format!(
                            "<aside class=\"callout callout-{slug}\" aria-label=\"{label}\"><p class=\"callout-title\">{label}</p>"
                        ))));
                        // Drop the marker: events[i] is the paragraph start, then the text.
                        out.push(events[i].0.clone());
                        let (text, text_offset) = match &events[i + 1].0 {
                            Event::Text(t) => (t.to_string(), events[i + 1].1),
                            _ => (String::new(), offset),
                        };
                        let rest = strip_marker(&text);
                        let rest_offset = text_offset + (text.len() - rest.len());
                        if rest.is_empty() {
                            skip_softbreak = true;
                        } else {
                            push_text(&mut out, &mut rendered, rest, rest_offset, ctx, link_depth);
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
                out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: dest,
                    title,
                    id,
                }));
            }
            Event::End(TagEnd::Link) => {
                link_depth = link_depth.saturating_sub(1);
                out.push(Event::End(TagEnd::Link));
            }
            Event::Text(text) => {
                push_text(&mut out, &mut rendered, &text, offset, ctx, link_depth);
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

/// Renders plain text (a glossary definition, quiz feedback) as escaped HTML with
/// citation links; returns the HTML and the citations.
pub fn render_inline(text: &str, library: &ArticleSet) -> (String, Vec<CitedArticle>) {
    let mut html = String::with_capacity(text.len() + 64);
    let mut cited = Vec::new();
    let mut last = 0;
    for citation in citations::find_citations(text) {
        html.push_str(&escape(&text[last..citation.span.start]));
        html.push_str(&citation_html(text, &citation, library, &mut cited, 0));
        last = citation.span.end;
    }
    html.push_str(&escape(&text[last..]));
    (html, cited)
}

/// Text events with citations turned into links (never inside an author's link).
fn push_text<'a>(
    out: &mut Vec<Event<'a>>,
    rendered: &mut Rendered,
    text: &str,
    offset: usize,
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
            record(citation, text, offset, &mut rendered.cited);
            out.push(Event::Text(CowStr::from(
                text[citation.span.clone()].to_string(),
            )));
        } else {
            let html = citation_html(text, citation, ctx.library, &mut rendered.cited, offset);
            out.push(Event::InlineHtml(CowStr::from(html)));
        }
        last = citation.span.end;
    }
    if last < text.len() {
        out.push(Event::Text(CowStr::from(text[last..].to_string())));
    }
}

fn record(citation: &Citation, text: &str, offset: usize, cited: &mut Vec<CitedArticle>) {
    for article in &citation.articles {
        cited.push(CitedArticle {
            id: article.id(),
            act: article.act.id(),
            text: text[citation.span.clone()].to_string(),
            offset: offset + citation.span.start,
        });
    }
}

/// HTML of one citation: the whole citation is the link when it names one article;
/// each article number is a link when it names several. Articles not in the library
/// stay plain text.
fn citation_html(
    text: &str,
    citation: &Citation,
    library: &ArticleSet,
    cited: &mut Vec<CitedArticle>,
    offset: usize,
) -> String {
    record(citation, text, offset, cited);
    let link = |id: &str, inner: &str| {
        let (act, article) = id.split_once('/').unwrap_or((id, ""));
        format!(
            "<a class=\"cite\" href=\"/library/{act}/{article}\" data-article=\"{id}\">{inner}</a>"
        )
    };
    let whole = &text[citation.span.clone()];
    match citation.articles.as_slice() {
        [single] => {
            let id = single.id();
            if library.has_article(&id) {
                link(&id, &escape(whole))
            } else {
                escape(whole)
            }
        }
        many => {
            let mut html = String::new();
            let mut last = citation.span.start;
            let mut spans: Vec<_> = many.iter().collect();
            spans.sort_by_key(|a| a.span.start);
            for article in spans {
                if article.span.start < last || article.span.end > citation.span.end {
                    continue;
                }
                html.push_str(&escape(&text[last..article.span.start]));
                let number = escape(&text[article.span.clone()]);
                let id = article.id();
                if library.has_article(&id) {
                    html.push_str(&link(&id, &number));
                } else {
                    html.push_str(&number);
                }
                last = article.span.end;
            }
            html.push_str(&escape(&text[last..citation.span.end]));
            html
        }
    }
}

/// Merges runs of adjacent text events (pulldown-cmark splits text at brackets and
/// entities), so citations and callout markers are seen whole.
fn merge_text(events: Vec<(Event<'_>, std::ops::Range<usize>)>) -> Vec<(Event<'_>, usize)> {
    let mut merged: Vec<(Event<'_>, usize)> = Vec::with_capacity(events.len());
    for (event, range) in events {
        if let Event::Text(text) = &event
            && let Some((Event::Text(previous), _)) = merged.last_mut()
        {
            let mut joined = previous.to_string();
            joined.push_str(text);
            *previous = CowStr::from(joined);
            continue;
        }
        merged.push((event, range.start));
    }
    merged
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
        .add_tag_attributes("a", ["data-article"])
        .link_rel(Some("noopener noreferrer"))
        .url_relative(ammonia::UrlRelative::PassThrough);
    builder
});

/// Removes anything unsafe from rendered HTML.
pub fn sanitize(html: &str) -> String {
    SANITIZER.clean(html).to_string()
}

#[cfg(test)]
mod tests {
    use super::plain_text;

    #[test]
    fn plain_text_keeps_the_words_only() {
        let text = plain_text(
            "## Titolo\n\nUn *paragrafo* con [un link](altra-lezione.md).\n\n> [!attenzione]\n> Da sapere.\n\n| a | b |\n|---|---|\n| c | d |\n",
        );
        assert!(
            text.starts_with("Titolo\n\nUn paragrafo con un link."),
            "{text}"
        );
        assert!(text.contains("Da sapere."), "{text}");
        assert!(!text.contains("[!"), "{text}");
        assert!(!text.contains("altra-lezione"), "{text}");
        assert!(text.contains("c · d"), "table cells stay apart: {text}");
    }
}
