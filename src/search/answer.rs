//! An answer first: when the top hit of a search is an article that clearly wins (its
//! score at least `answer_ratio` times the second's), the search page shows it as an
//! answer card above the results: the act, the article and its rubrica, the matching
//! comma with the searched words marked, a link to that comma, and the lessons that
//! cite the article.

use std::collections::HashMap;

use serde::Serialize;

use super::analysis::Lang;
use super::documents::Kind;
use super::searcher::Hit;
use crate::content::Catalog;

/// A lesson citing an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct CitingLesson {
    /// Lesson title.
    pub title: String,
    /// Its course's title.
    pub course: String,
    /// Page URL.
    pub url: String,
}

/// The answer card.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Answer {
    /// Article id, `<act>/art-<n>`.
    pub id: String,
    /// The act's short name ("D.Lgs. 286/1998").
    pub act: String,
    /// The article's label (`29-bis`).
    pub label: String,
    /// Its rubrica.
    pub rubrica: Option<String>,
    /// The label of the comma shown, when one matched.
    pub comma: Option<String>,
    /// The label of the lettera shown, when the best passage is one lettera.
    pub letter: Option<String>,
    /// Safe HTML: the comma's text (or the article's beginning), searched words in
    /// `<mark>`.
    pub text: String,
    /// The article's page, at the comma's anchor when one matched.
    pub url: String,
    /// Lessons citing the article.
    pub lessons: Vec<CitingLesson>,
}

/// What an answer card needs of the top hit beyond the [`Hit`].
pub(super) struct TopArticle {
    /// The article's label.
    pub label: String,
    /// Its rubrica.
    pub rubrica: String,
    /// The comma's text, or the article's beginning, highlighted.
    pub text: String,
    /// The lettera's label, when the passage is one lettera.
    pub letter: Option<String>,
}

/// Whether a first page whose first hit scored `first` and second `second` (none when
/// alone) has a clear winner.
pub(super) fn clear_winner(first: f32, second: Option<f32>, ratio: f32) -> bool {
    first > 0.0 && second.is_none_or(|second| first >= ratio * second)
}

/// The answer card of `top`, an article hit.
pub(super) fn card(top: &Hit, article: TopArticle, lessons: Vec<CitingLesson>) -> Option<Answer> {
    (top.kind == Kind::Article).then(|| Answer {
        id: top.id.clone(),
        act: top.context.clone(),
        label: article.label,
        rubrica: Some(article.rubrica).filter(|r| !r.is_empty()),
        comma: top.comma.clone(),
        letter: article.letter,
        text: article.text,
        url: top.url.clone(),
        lessons,
    })
}

/// The lessons citing each article, from the catalog, titled in `lang` where
/// translated.
pub(super) fn citing(catalog: &Catalog, lang: Lang) -> HashMap<String, Vec<CitingLesson>> {
    let mut out: HashMap<String, Vec<CitingLesson>> = HashMap::new();
    for (course, _, lesson) in catalog.lessons() {
        for article in &lesson.citations {
            out.entry(article.clone()).or_default().push(CitingLesson {
                title: lesson.title_in(lang.code()).to_string(),
                course: course.title.clone(),
                url: format!("/courses/{}", lesson.id),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_winner_is_clear_by_the_ratio_or_alone() {
        assert!(clear_winner(3.0, Some(2.0), 1.5));
        assert!(!clear_winner(2.9, Some(2.0), 1.5));
        assert!(clear_winner(0.5, None, 1.5));
        assert!(!clear_winner(0.0, None, 1.5));
    }
}
