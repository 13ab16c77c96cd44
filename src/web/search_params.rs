//! What the search page and the search API share: the query string of a search, read
//! so that no query string is refused for its shape, and running it.

use utoipa::IntoParams;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::search::{Kind, Lang, SearchRequest, SearchResults};

/// Hits per page unless the client asks otherwise.
pub const DEFAULT_LIMIT: usize = 10;

/// The deepest hit a search pages to.
pub const MAX_OFFSET: usize = 10_000;

/// The cursor of the page after the one at `offset`, if there is one.
pub fn next_cursor(offset: usize, limit: usize, total: usize) -> Option<String> {
    let next = offset.saturating_add(limit);
    (next < total && next <= MAX_OFFSET).then(|| crate::paging::encode(&next))
}

/// Query string of a search. Every value is read as text, so no query string is
/// rejected for its shape; numbers that do not parse fall back to their defaults.
#[derive(Debug, Default, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to look for: words, "quoted phrases", -excluded words, or a citation
    /// such as "art. 29 TUI".
    pub q: String,
    /// Hits per page (1 to 50, default 10).
    pub limit: Option<String>,
    /// Hits to skip (default 0).
    pub offset: Option<String>,
    /// Cursor of the next page, from the previous answer's `next` (or its `Link`
    /// header); it takes the place of `offset`.
    pub after: Option<String>,
    /// `lesson`, `article` or `glossary`.
    pub kind: Option<String>,
    /// A course id.
    pub course: Option<String>,
    /// A module as `course/module`.
    pub module: Option<String>,
    /// An act id, e.g. `dlgs-286-1998`.
    pub act: Option<String>,
    /// The searcher's language, `it` (default), `de` or `en`: with `de`, the lessons
    /// translated into German are found by their German words and shown in German
    /// (their hits carry `"lang": "de"`), and German legal terms also find the Italian
    /// articles; `en` searches as `it`.
    pub lang: Option<String>,
}

impl SearchParams {
    /// Reads a raw query string; repeated keys: the last wins; unknown keys are
    /// ignored. Never fails (bad percent-encoding decodes lossily).
    pub fn from_query(raw: Option<&str>) -> Self {
        let mut params = Self::default();
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(raw.unwrap_or_default()).unwrap_or_default();
        for (key, value) in pairs {
            match key.as_str() {
                "q" => params.q = value,
                "limit" => params.limit = Some(value),
                "offset" => params.offset = Some(value),
                "after" => params.after = Some(value),
                "kind" => params.kind = Some(value),
                "course" => params.course = Some(value),
                "module" => params.module = Some(value),
                "act" => params.act = Some(value),
                "lang" => params.lang = Some(value),
                _ => {}
            }
        }
        params
    }

    /// The search these parameters ask for; an unknown kind or language is an error.
    pub fn to_request(&self) -> Result<SearchRequest, String> {
        let lang = match self.lang.as_deref().map(str::trim) {
            None | Some("") => Lang::It,
            Some(value) => Lang::of(
                crate::render::i18n::supported(value)
                    .ok_or_else(|| format!("lang «{value}» non valido: usare it, de o en"))?,
            ),
        };
        let kind = match self.kind.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(value) => Some(Kind::parse(value).ok_or_else(|| {
                format!("kind «{value}» non valido: usare lesson, article o glossary")
            })?),
        };
        let non_empty = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let number = |v: &Option<String>| v.as_deref().and_then(|s| s.trim().parse::<usize>().ok());
        Ok(SearchRequest {
            lang,
            q: self.q.clone(),
            kind,
            course: non_empty(&self.course),
            module: non_empty(&self.module),
            act: non_empty(&self.act),
            limit: number(&self.limit)
                .unwrap_or(DEFAULT_LIMIT)
                .clamp(1, crate::search::engine::MAX_LIMIT),
            offset: match self
                .after
                .as_deref()
                .map(str::trim)
                .filter(|a| !a.is_empty())
            {
                Some(cursor) => crate::paging::decode::<usize>(cursor)
                    .map_err(|err| err.to_string())?
                    .min(MAX_OFFSET),
                None => number(&self.offset).unwrap_or(0).min(MAX_OFFSET),
            },
        })
    }
}

/// Runs a search off the async workers and logs the query (first page, unfiltered,
/// without the user).
pub async fn run(state: &AppState, request: SearchRequest) -> AppResult<SearchResults> {
    let index = state.search().clone();
    let asked = request.clone();
    let results = tokio::task::spawn_blocking(move || index.search(&asked))
        .await
        .map_err(|err| AppError::Internal(anyhow::anyhow!("search task failed: {err}")))?;
    state.query_log().note(&request, results.total);
    Ok(results)
}
