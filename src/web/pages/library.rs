//! Library pages: the acts, one act's articles, one article with its commi and the
//! lessons that cite it.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::web::auth::Viewer;

/// Routes of the library pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/library", get(index))
        .route("/library/{act}", get(act_page))
        .route("/library/{act}/{article}", get(article_page))
}

async fn index(State(state): State<AppState>, viewer: Viewer) -> AppResult<Html<String>> {
    let library = state.library();
    super::render(
        &state,
        &viewer,
        "library/index.html",
        context! { acts => library.acts(), nav => "library" },
    )
}

async fn act_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(act_id): Path<String>,
) -> AppResult<Html<String>> {
    let library = state.library();
    let act = library.act(&act_id).ok_or(AppError::NotFound)?;
    super::render(
        &state,
        &viewer,
        "library/act.html",
        context! { act, groups => act.groups, nav => "library" },
    )
}

async fn article_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((act_id, article_slug)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let library = state.library();
    let id = format!("{act_id}/{article_slug}");
    let article = library.article(&id).ok_or(AppError::NotFound)?;
    let act = library.act(&act_id).ok_or(AppError::NotFound)?;
    let catalog = state.catalog();
    let library_ptr = Arc::as_ptr(&library);
    let lang = viewer.lang;
    let key = format!(
        "{library_ptr:p}:{:p}:article:{id}:{lang}",
        Arc::as_ptr(&catalog)
    );
    let body = state.fragments().get_or_render(&key, || {
        let to_link = |(url, label): &(String, String)| context! { url, label };
        let cited_by: Vec<_> = catalog
            .cited_by
            .get(&id)
            .into_iter()
            .flatten()
            .filter_map(|lesson_id| {
                let mut parts = lesson_id.splitn(3, '/');
                let (c, m, l) = (parts.next()?, parts.next()?, parts.next()?);
                let (course, _, lesson) = catalog.lesson(c, m, l)?;
                Some(context! {
                    url => format!("/courses/{lesson_id}"), title => lesson.title_in(lang), course => course.title,
                })
            })
            .collect();
        let ctx = context! {
            act => context! { id => act.id, title => act.title, in_force_at => act.in_force_at },
            article => article.view,
            previous => article.previous.as_ref().map(to_link),
            next => article.next.as_ref().map(to_link),
            cited_by,
            lang,
        };
        state
            .templates()
            .render("library/article_body.html", ctx)
            .map_err(|err| AppError::Internal(anyhow::anyhow!("article body: {err:#}")))
    })?;
    super::render(
        &state,
        &viewer,
        "library/article.html",
        context! {
            act => context! { id => act.id }, article => context! { label => article.view.label },
            body => minijinja::Value::from_safe_string(body.to_string()), nav => "library",
        },
    )
}
