//! The signed unsubscribe link of every reminder e-mail: a page that asks, and a
//! form that opts the user out of that one rule. The signature in the link is the
//! credential, so no sign-in is needed; a wrong signature is a 404.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use minijinja::context;

use crate::accounts::directory::User;
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::reminders::Rule;
use crate::web::auth::Viewer;

/// Routes of the unsubscribe page.
pub fn router() -> Router<AppState> {
    Router::new().route(
        "/unsubscribe/{user}/{rule}/{signature}",
        get(ask).post(confirm),
    )
}

async fn checked(
    state: &AppState,
    user: i32,
    rule: &str,
    signature: &str,
) -> AppResult<(User, Rule)> {
    crate::reminders::unsubscribe_target(state.db(), user, rule, signature)
        .await?
        .ok_or(AppError::NotFound)
}

async fn ask(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((user, rule, signature)): Path<(i32, String, String)>,
) -> AppResult<Response> {
    let (account, rule) = checked(&state, user, &rule, &signature).await?;
    Ok(super::render(
        &state,
        &viewer,
        "account/unsubscribe.html",
        context! { email => account.email, rule => rule.slug(), done => false },
    )?
    .into_response())
}

async fn confirm(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((user, rule, signature)): Path<(i32, String, String)>,
) -> AppResult<Response> {
    let (account, rule) = checked(&state, user, &rule, &signature).await?;
    crate::reminders::set_optout(state.db(), account.id, rule, true).await?;
    Ok(super::render(
        &state,
        &viewer,
        "account/unsubscribe.html",
        context! { email => account.email, rule => rule.slug(), done => true },
    )?
    .into_response())
}
