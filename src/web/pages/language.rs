//! The language switcher: `POST /lingua` with `lang` and `next` keeps the choice in a
//! cookie (for visitors) and in the account (for users signed in, so their e-mails
//! follow it too), then goes back to the page it came from.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Form, Router};
use axum_extra::extract::cookie::CookieJar;
use serde::Deserialize;

use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::render::i18n;
use crate::web::auth::{self, Principal};
use crate::web::redirect;

/// The cookie that keeps a visitor's language.
pub const LANG_COOKIE: &str = "aula_lang";

/// Routes of the switcher.
pub fn router() -> Router<AppState> {
    Router::new().route("/lingua", post(switch))
}

/// The switcher's form.
#[derive(Deserialize)]
struct Choice {
    lang: String,
    next: Option<String>,
}

async fn switch(
    State(state): State<AppState>,
    principal: Option<Principal>,
    Form(choice): Form<Choice>,
) -> AppResult<Response> {
    let lang = i18n::supported(&choice.lang)
        .filter(|_| choice.lang.len() <= 8)
        .ok_or_else(|| {
            AppError::BadRequest(format!(
                "lingua non disponibile: {} (it, de, en)",
                choice.lang.chars().take(8).collect::<String>()
            ))
        })?;
    if let Some(principal) = &principal {
        crate::accounts::directory::set_language(state.db(), principal.user.id, lang).await?;
        if let Some(cookie) = &principal.session_cookie {
            state.forget_session(cookie);
        }
    }
    let cookie = auth::cookie(
        &state,
        LANG_COOKIE,
        lang.to_string(),
        chrono::Duration::days(365),
    );
    Ok((
        CookieJar::new().add(cookie),
        redirect::to(choice.next.as_deref().unwrap_or("/")),
    )
        .into_response())
}
