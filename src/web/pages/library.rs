//! Library pages: the acts, one act's articles, one article with its commi and the
//! lessons that cite it.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use crate::app::AppState;
use crate::content::library::store;
use crate::content::library::view::ArticleView;
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
    let acts = store::list_acts(state.db()).await?;
    let acts: Vec<_> = acts
        .iter()
        .map(|a| {
            context! {
                id => a.id, title => a.title, articles => a.article_count, kind => a.kind,
                number => a.number, year => a.year, in_force_at => a.in_force_at,
            }
        })
        .collect();
    super::render(
        &state,
        &viewer,
        "library/index.html",
        context! { acts, nav => "library" },
    )
}

async fn act_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(act_id): Path<String>,
) -> AppResult<Html<String>> {
    let act = store::find_act(state.db(), &act_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let articles = store::articles_of(state.db(), &act.id).await?;
    // Group consecutive articles under the structure heading they share.
    let mut groups: Vec<(String, Vec<minijinja::Value>)> = Vec::new();
    for a in &articles {
        let structure: Vec<String> = serde_json::from_str(&a.structure).unwrap_or_default();
        let title = structure.join(" · ");
        let item = context! {
            url => format!("/library/{}/art-{}", act.id, a.slug), label => a.label,
            heading => a.heading, repealed => a.repealed,
        };
        match groups.last_mut() {
            Some((t, items)) if *t == title => items.push(item),
            _ => groups.push((title, vec![item])),
        }
    }
    let groups: Vec<_> = groups
        .into_iter()
        .map(|(title, articles)| context! { title, articles })
        .collect();
    super::render(
        &state,
        &viewer,
        "library/act.html",
        context! {
            act => context! {
                id => act.id, title => act.title, date => act.date, urn => act.urn,
                in_force_at => act.in_force_at, articles => act.article_count,
            },
            groups, nav => "library",
        },
    )
}

async fn article_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((act_id, article_slug)): Path<(String, String)>,
) -> AppResult<Html<String>> {
    let id = format!("{act_id}/{article_slug}");
    let article = store::find_article(state.db(), &id)
        .await?
        .ok_or(AppError::NotFound)?;
    let act = store::find_act(state.db(), &act_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let (previous, next) = store::neighbours(state.db(), &article).await?;
    let to_link = |(id, label): (String, String)| {
        context! { url => format!("/library/{id}"), label }
    };
    let catalog = state.catalog();
    let cited_by: Vec<_> = catalog
        .cited_by
        .get(&article.id)
        .into_iter()
        .flatten()
        .filter_map(|lesson_id| {
            let mut parts = lesson_id.splitn(3, '/');
            let (c, m, l) = (parts.next()?, parts.next()?, parts.next()?);
            let (course, _, lesson) = catalog.lesson(c, m, l)?;
            Some(context! {
                url => format!("/courses/{lesson_id}"), title => lesson.title, course => course.title,
            })
        })
        .collect();
    super::render(
        &state,
        &viewer,
        "library/article.html",
        context! {
            act => context! { id => act.id, title => act.title, in_force_at => act.in_force_at },
            article => ArticleView::from_model(&article),
            previous => previous.map(to_link), next => next.map(to_link),
            cited_by, nav => "library",
        },
    )
}
