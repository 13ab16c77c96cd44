//! Citations as HTML: each article a citation names becomes a link to its page in the
//! library when the library holds it, else to the article on Normattiva by URN (the
//! course's declared URN, which carries the act's date, or one built from the act id),
//! marked as external; it stays plain text only when no URN can name the act.

use super::citations::{self, Citation};
use super::library::urn::{self, Urn};
use super::library_refs::ArticleSet;
use super::markdown::{CitedArticle, escape};

/// What screen readers hear after a citation that leads to Normattiva.
const EXTERNAL_HINT: &str = " (testo su Normattiva)";

/// Renders plain text (a glossary definition, quiz feedback) as escaped HTML with
/// citation links (`declared`: the course's acts, as in [`super::markdown::RenderContext`]); returns
/// the HTML and the citations.
pub fn render_inline(
    text: &str,
    library: &ArticleSet,
    declared: &[Urn],
) -> (String, Vec<CitedArticle>) {
    let mut html = String::with_capacity(text.len() + 64);
    let mut cited = Vec::new();
    let mut last = 0;
    for citation in citations::find_citations(text) {
        html.push_str(&escape(&text[last..citation.span.start]));
        let at = citation.span.start;
        html.push_str(&citation_html(
            text, &citation, library, declared, &mut cited, at,
        ));
        last = citation.span.end;
    }
    html.push_str(&escape(&text[last..]));
    (html, cited)
}

/// Records every article a citation names, with `at`, where the citation starts in
/// the source.
pub(super) fn record(citation: &Citation, text: &str, at: usize, cited: &mut Vec<CitedArticle>) {
    for article in &citation.articles {
        cited.push(CitedArticle {
            id: article.id(),
            act: article.act.id(),
            // On one line, as messages show it, even if written across two.
            text: text[citation.span.clone()]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" "),
            offset: at,
        });
    }
}

/// HTML of one citation: the whole citation is the link when it names one article;
/// each article number is a link when it names several. An article links to its page
/// in the library, or else to Normattiva; it stays plain text only when no URN can
/// name its act (ministerial decrees). `at` is where the citation starts in the source.
pub(super) fn citation_html(
    text: &str,
    citation: &Citation,
    library: &ArticleSet,
    declared: &[Urn],
    cited: &mut Vec<CitedArticle>,
    at: usize,
) -> String {
    record(citation, text, at, cited);
    let whole = &text[citation.span.clone()];
    match citation.articles.as_slice() {
        [single] => article_link(&single.id(), &escape(whole), library, declared),
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
                html.push_str(&article_link(&article.id(), &number, library, declared));
                last = article.span.end;
            }
            html.push_str(&escape(&text[last..citation.span.end]));
            html
        }
    }
}

/// `inner` (escaped HTML) as a link to article `id`: its page in the library when the
/// library holds it, else the article on Normattiva by URN, marked as external (a
/// class for the marker, a hint for screen readers); `inner` alone when no URN can
/// name the act.
fn article_link(id: &str, inner: &str, library: &ArticleSet, declared: &[Urn]) -> String {
    let data = escape(id);
    if library.has_article(id) {
        let (act, article) = id.split_once('/').unwrap_or((id, ""));
        return format!(
            "<a class=\"cite\" href=\"/library/{}/{}\" data-article=\"{data}\">{inner}</a>",
            escape(act),
            escape(article)
        );
    }
    match urn::article_link(id, declared) {
        Some(url) => format!(
            "<a class=\"cite cite-external\" href=\"{}\" rel=\"external noopener\" \
             data-article=\"{data}\">{inner}<span class=\"visually-hidden\">{EXTERNAL_HINT}</span></a>",
            escape(&url)
        ),
        None => inner.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::markdown::{RenderContext, render};

    const TUI_4_BIS: &str = "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art4bis";

    fn fixture_act() -> Vec<Urn> {
        vec![Urn::parse("urn:nir:stato:decreto.legislativo:2099-01-01;999").expect("valid")]
    }

    #[test]
    fn articles_in_the_library_link_to_their_page() {
        let library = ArticleSet::from_articles(["dlgs-999-2099/art-1".to_string()]);
        let (html, cited) = render_inline("Vedi l'art. 1 del D.Lgs. 999/2099.", &library, &[]);
        assert_eq!(
            html,
            "Vedi l&#39;<a class=\"cite\" href=\"/library/dlgs-999-2099/art-1\" \
             data-article=\"dlgs-999-2099/art-1\">art. 1 del D.Lgs. 999/2099</a>."
        );
        assert_eq!(cited.len(), 1);
    }

    #[test]
    fn other_articles_link_to_normattiva_by_urn_marked_external() {
        let (html, _) = render_inline(
            "art. 4-bis del D.Lgs. 286/1998",
            &ArticleSet::default(),
            &[],
        );
        assert_eq!(
            html,
            format!(
                "<a class=\"cite cite-external\" href=\"{TUI_4_BIS}\" rel=\"external noopener\" \
                 data-article=\"dlgs-286-1998/art-4-bis\">art. 4-bis del D.Lgs. 286/1998\
                 <span class=\"visually-hidden\"> (testo su Normattiva)</span></a>"
            )
        );
        // The course's URN carries the date the table does not know.
        let (html, _) = render_inline(
            "art. 1-ter del D.Lgs. 999/2099",
            &ArticleSet::default(),
            &fixture_act(),
        );
        assert!(
            html.contains("href=\"https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2099-01-01;999~art1ter\""),
            "{html}"
        );
        // Without it, the year alone, which the resolver accepts.
        let (html, _) = render_inline("art. 2 della L. 241/1990", &ArticleSet::default(), &[]);
        assert!(
            html.contains(
                "href=\"https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1990;241~art2\""
            ),
            "{html}"
        );
    }

    #[test]
    fn several_articles_each_link_and_ministerial_decrees_stay_text() {
        let library = ArticleSet::from_articles(["dlgs-999-2099/art-2".to_string()]);
        let (html, cited) = render_inline(
            "artt. 1-bis e 2 del D.Lgs. 999/2099",
            &library,
            &fixture_act(),
        );
        assert_eq!(cited.len(), 2);
        assert!(html.starts_with("artt. <a class=\"cite cite-external\" href=\"https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2099-01-01;999~art1bis\""), "{html}");
        assert!(
            html.contains(" e <a class=\"cite\" href=\"/library/dlgs-999-2099/art-2\""),
            "{html}"
        );
        assert!(html.ends_with("</a> del D.Lgs. 999/2099"), "{html}");

        let (html, cited) = render_inline("art. 3 del D.M. 12/2020", &ArticleSet::default(), &[]);
        assert_eq!(cited.len(), 1, "still recorded for the checks");
        assert_eq!(html, "art. 3 del D.M. 12/2020", "no URN names it");
    }

    #[test]
    fn lesson_citations_survive_the_sanitizer_and_author_links_keep_their_rel() {
        let declared = fixture_act();
        let ctx = RenderContext {
            library: &ArticleSet::default(),
            declared: &declared,
            resolve_lesson: &|_| None,
            lang: "it",
        };
        let rendered = render(
            "Si veda l'art. 4-bis TUI e [il sito](https://example.org/pagina \"Titolo\").\n",
            &ctx,
        );
        assert!(
            rendered.html.contains(&format!(
                "<a class=\"cite cite-external\" href=\"{TUI_4_BIS}\" rel=\"external noopener\" \
                 data-article=\"dlgs-286-1998/art-4-bis\">art. 4-bis TUI\
                 <span class=\"visually-hidden\"> (testo su Normattiva)</span></a>"
            )),
            "{}",
            rendered.html
        );
        assert!(
            rendered.html.contains(
                "<a href=\"https://example.org/pagina\" title=\"Titolo\" rel=\"noopener noreferrer\">il sito</a>"
            ),
            "{}",
            rendered.html
        );
    }
}
