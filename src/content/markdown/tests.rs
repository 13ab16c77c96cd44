//! Unit tests of lesson rendering.
use super::{RenderContext, plain_text, render};
use crate::content::library_refs::ArticleSet;

#[test]
fn citations_written_across_lines_are_seen_whole_at_their_source_offset() {
    let src = "Secondo l'art. 1,\ncomma 1, del D.Lgs. 286/1998 e &amp; l'art. 5\nTUI.\n\n\
               > [!attenzione]\n> Vale l'art. 3, comma 5,\n> TUI.\n";
    let rendered = render(
        src,
        &RenderContext {
            library: &ArticleSet::default(),
            declared: &[],
            resolve_lesson: &|_| None,
            lang: "it",
        },
    );
    let found: Vec<(&str, &str, &str)> = rendered
        .cited
        .iter()
        .map(|c| (c.id.as_str(), c.text.as_str(), &src[c.offset..c.offset + 6]))
        .collect();
    assert_eq!(
        found,
        [
            (
                "dlgs-286-1998/art-1",
                "art. 1, comma 1, del D.Lgs. 286/1998",
                "art. 1"
            ),
            ("dlgs-286-1998/art-5", "art. 5 TUI", "art. 5"),
            ("dlgs-286-1998/art-3", "art. 3, comma 5, TUI", "art. 3"),
        ],
        "{}",
        rendered.html
    );
    assert!(
        rendered.html.contains("~art1\" rel=\"external noopener\" data-article=\"dlgs-286-1998/art-1\">art. 1,\ncomma 1, del D.Lgs. 286/1998<span"),
        "the line break stays as written: {}",
        rendered.html
    );
    assert!(
        rendered
            .html
            .contains("<p class=\"callout-title\">Attenzione</p>\n<p>Vale l'<a"),
        "the callout marker and its line break are gone: {}",
        rendered.html
    );
}

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
