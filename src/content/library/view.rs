//! What pages and the API show of an article: its commi as safe HTML with anchors,
//! its plain text, its notes kept apart.

use serde::Serialize;

use super::urn::Urn;
use crate::db::library::{StoredComma, article};

/// One comma, ready for a page.
#[derive(Debug, Serialize)]
pub struct CommaView {
    /// `3-bis`.
    pub label: String,
    /// Anchor id: `comma-3-bis`.
    pub anchor: String,
    /// Safe HTML, amendments as `<ins>`.
    pub html: String,
}

/// An article, ready for a page or the API.
#[derive(Debug, Serialize)]
pub struct ArticleView {
    /// `dlgs-286-1998/art-5`.
    pub id: String,
    /// The act id.
    pub act: String,
    /// `5`, `29-bis`.
    pub label: String,
    /// The id part after `art-`.
    pub slug: String,
    /// Rubrica.
    pub heading: Option<String>,
    /// Enclosing structure (Titolo, Capo, …).
    pub structure: Vec<String>,
    /// Intro text as safe HTML (text before the first comma).
    pub intro_html: String,
    /// Commi.
    pub commi: Vec<CommaView>,
    /// Update notes, plain text.
    pub notes: Vec<String>,
    /// Repealed.
    pub repealed: bool,
    /// `L` or `R`.
    pub source_mark: Option<String>,
    /// The article on Normattiva (by the URN of its act), when its act has one.
    pub normattiva_url: Option<String>,
}

impl ArticleView {
    /// Builds the view of a stored article of the act named by `act_urn`.
    pub fn from_model(model: &article::Model, act_urn: Option<&Urn>) -> Self {
        let commi: Vec<StoredComma> = serde_json::from_str(&model.commi).unwrap_or_default();
        Self {
            id: model.id.clone(),
            act: model.act_id.clone(),
            label: model.label.clone(),
            slug: model.slug.clone(),
            heading: model.heading.clone(),
            structure: serde_json::from_str(&model.structure).unwrap_or_default(),
            intro_html: super::parse::text_to_html(&model.intro),
            commi: commi
                .iter()
                .map(|c| CommaView {
                    anchor: comma_anchor(&c.label),
                    label: c.label.clone(),
                    html: super::parse::text_to_html(&c.text),
                })
                .collect(),
            notes: serde_json::from_str(&model.notes).unwrap_or_default(),
            repealed: model.repealed,
            source_mark: model.source_mark.clone(),
            normattiva_url: act_urn.map(|urn| urn.article_url(&model.slug)),
        }
    }
}

/// The plain text of an article: intro and commi with their numbers, amendment
/// markers and Markdown links removed. Used by the API, previews and search.
pub fn plain_text(model: &article::Model) -> String {
    let commi: Vec<StoredComma> = serde_json::from_str(&model.commi).unwrap_or_default();
    let mut text = clean(&model.intro);
    for comma in commi {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str(&comma.label);
        text.push_str(". ");
        text.push_str(&clean(&comma.text));
    }
    text
}

/// The id of a comma's element on the article page: `3-bis` → `comma-3-bis`.
pub fn comma_anchor(label: &str) -> String {
    format!("comma-{}", label.to_lowercase().replace(['.', ' '], "-"))
}

/// One comma as plain text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommaText {
    /// `3-bis`.
    pub label: String,
    /// Its anchor on the article page ([`comma_anchor`]).
    pub anchor: String,
    /// Its text, amendment markers and Markdown links removed; lines (lettere) kept.
    pub text: String,
}

/// The commi of an article as plain text, in order.
pub fn commi_text(model: &article::Model) -> Vec<CommaText> {
    let commi: Vec<StoredComma> = serde_json::from_str(&model.commi).unwrap_or_default();
    commi
        .into_iter()
        .map(|c| CommaText {
            anchor: comma_anchor(&c.label),
            text: clean(&c.text),
            label: c.label,
        })
        .collect()
}

/// The intro of an article (text before the first comma) as plain text.
pub fn intro_text(model: &article::Model) -> String {
    clean(&model.intro)
}

/// A short excerpt of the article for previews.
pub fn excerpt(model: &article::Model, max_chars: usize) -> String {
    crate::content::markdown::shorten(&plain_text(model), max_chars)
}

/// Removes `((`/`))` markers and turns `[text](url)` into `text`.
fn clean(source: &str) -> String {
    let without_markers = source.replace("((", "").replace("))", "");
    let mut out = String::with_capacity(without_markers.len());
    let mut rest = without_markers.as_str();
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        match (after.find("]("), after.find(']')) {
            (Some(close), Some(first_close)) if close == first_close => {
                let link_text = &after[..close];
                let tail = &after[close + 2..];
                match tail.find(')') {
                    Some(end) => {
                        out.push_str(&rest[..open]);
                        out.push_str(link_text);
                        rest = &tail[end + 1..];
                    }
                    None => {
                        out.push_str(&rest[..=open]);
                        rest = after;
                    }
                }
            }
            _ => {
                out.push_str(&rest[..=open]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn markers_and_links_are_removed() {
        assert_eq!(
            clean("vedi ((l'articolo)) [art. 5](https://x/y) e [b] fine"),
            "vedi l'articolo art. 5 e [b] fine"
        );
        assert_eq!(clean("[aperta"), "[aperta");
    }
}
