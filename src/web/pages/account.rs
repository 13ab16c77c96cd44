//! Signing in and out, setting a password from an invitation or a reset link, and the
//! profile page.

use axum::Router;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::cookie::CookieJar;
use minijinja::context;
use serde::Deserialize;

use crate::accounts::recovery::ResetError;
use crate::accounts::sessions::{self, LoginError};
use crate::accounts::users::{self as accounts_users, UserError};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::web::auth::{Principal, Viewer, cookie, safe_next};
use crate::web::extract::PageForm;
use crate::web::redirect;

/// Routes of the account pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/login", get(login_page).post(login))
        .route("/logout", post(logout))
        .route("/password/forgot", get(forgot_page).post(forgot))
        .route("/password/reset/{token}", get(reset_page).post(reset))
        .route("/invite/{token}", get(invite_page).post(accept_invite))
        .route("/profile", get(profile))
        .route("/profile/reminders", axum::routing::post(save_reminders))
}

#[derive(Deserialize)]
struct NextQuery {
    next: Option<String>,
    /// Set after a person erased their own account.
    cancellato: Option<String>,
}

async fn login_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if viewer.user.is_some() {
        return Ok(redirect::to(&safe_next(q.next.as_deref())));
    }
    Ok(super::render(
        &state,
        &viewer,
        "account/login.html",
        context! {
            next => safe_next(q.next.as_deref()), email => "", error => None::<String>,
            erased => q.cancellato.is_some(),
        },
    )?
    .into_response())
}

#[derive(Deserialize)]
struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

async fn login(
    State(state): State<AppState>,
    viewer: Viewer,
    ConnectInfo(address): ConnectInfo<std::net::SocketAddr>,
    old: Option<Principal>,
    PageForm(form): PageForm<LoginForm>,
) -> AppResult<Response> {
    match sessions::login(
        state.db(),
        state.passwords(),
        &state.sign_in_limits(),
        &form.email,
        &form.password,
        &address.ip().to_string(),
    )
    .await
    {
        Ok((user, session)) => {
            // Rotate: the session the browser had before signing in ends here.
            if let Some(cookie) = old.and_then(|p| p.session_cookie) {
                state.end_session(&cookie).await?;
            }
            let jar = CookieJar::new().add(cookie(
                &state,
                sessions::COOKIE,
                session.cookie,
                sessions::SESSION_TTL,
            ));
            let next = safe_next(form.next.as_deref());
            // A privacy notice not acknowledged yet (a new version) comes first.
            let target =
                if crate::privacy::profile::pending_notice(state.db(), state.notices(), user.id)
                    .await?
                    .is_some()
                {
                    let next: String =
                        serde_urlencoded::to_string([("next", next.as_str())]).unwrap_or_default();
                    format!("/informativa?{next}")
                } else {
                    next
                };
            Ok((jar, redirect::to(&target)).into_response())
        }
        Err(err @ (LoginError::Invalid | LoginError::Throttled | LoginError::Busy(_))) => {
            let status = match err {
                LoginError::Throttled => StatusCode::TOO_MANY_REQUESTS,
                LoginError::Busy(_) => StatusCode::SERVICE_UNAVAILABLE,
                _ => StatusCode::UNAUTHORIZED,
            };
            let page = super::render(
                &state,
                &viewer,
                "account/login.html",
                context! {
                    next => safe_next(form.next.as_deref()), email => form.email, error => err.to_string(),
                },
            )?;
            Ok((status, page).into_response())
        }
        Err(LoginError::Db(e)) => Err(e.into()),
    }
}

async fn logout(State(state): State<AppState>, principal: Principal) -> AppResult<Response> {
    if let Some(cookie) = &principal.session_cookie {
        state.end_session(cookie).await?;
    }
    let cleared = cookie(
        &state,
        sessions::COOKIE,
        String::new(),
        chrono::Duration::zero(),
    );
    Ok((CookieJar::new().add(cleared), redirect::to("/login")).into_response())
}

async fn forgot_page(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    Ok(super::render(
        &state,
        &viewer,
        "account/forgot.html",
        context! { sent => false, error => None::<String> },
    )?
    .into_response())
}

#[derive(Deserialize)]
struct ForgotForm {
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    viewer: Viewer,
    ConnectInfo(address): ConnectInfo<std::net::SocketAddr>,
    PageForm(form): PageForm<ForgotForm>,
) -> AppResult<Response> {
    // The answer is the same whether the account exists or not: the work comes after.
    let (status, error) = match state
        .recovery()
        .request(&form.email, &address.ip().to_string())
        .await
    {
        Ok(_) => (StatusCode::OK, None),
        Err(err @ ResetError::Throttled) => (StatusCode::TOO_MANY_REQUESTS, Some(err.to_string())),
        Err(ResetError::Db(e)) => return Err(e.into()),
    };
    let page = super::render(
        &state,
        &viewer,
        "account/forgot.html",
        context! { sent => error.is_none(), error },
    )?;
    Ok((status, page).into_response())
}

#[derive(Deserialize)]
struct PasswordForm {
    password: String,
    confirm: String,
}

async fn set_password_page(
    state: &AppState,
    viewer: &Viewer,
    token: &str,
    purpose: &str,
    status: StatusCode,
    error: Option<String>,
) -> AppResult<Response> {
    let user = accounts_users::peek_link_token(state.db(), token, purpose).await?;
    let page = super::render(
        state,
        viewer,
        "account/set_password.html",
        context! {
            purpose, valid => user.is_some(), name => user.map(|u| u.name), error,
            action => if purpose == "invite" { format!("/invite/{token}") } else { format!("/password/reset/{token}") },
        },
    )?;
    Ok((status, page).into_response())
}

async fn set_password(
    state: AppState,
    viewer: Viewer,
    token: String,
    purpose: &str,
    form: PasswordForm,
) -> AppResult<Response> {
    if form.password != form.confirm {
        return set_password_page(
            &state,
            &viewer,
            &token,
            purpose,
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("le due password non coincidono".into()),
        )
        .await;
    }
    match accounts_users::redeem_link_token(
        state.db(),
        state.passwords(),
        &token,
        purpose,
        &form.password,
    )
    .await
    {
        Ok(Some(user)) => {
            // Setting a password ended the user's other sessions.
            state.forget_sessions();
            let session = sessions::open_session(state.db(), user.id).await?;
            let jar = CookieJar::new().add(cookie(
                &state,
                sessions::COOKIE,
                session.cookie,
                sessions::SESSION_TTL,
            ));
            Ok((jar, redirect::to("/courses")).into_response())
        }
        Ok(None) => {
            set_password_page(&state, &viewer, &token, purpose, StatusCode::GONE, None).await
        }
        Err(UserError::Invalid { message, .. }) => {
            set_password_page(
                &state,
                &viewer,
                &token,
                purpose,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(message),
            )
            .await
        }
        Err(UserError::Busy) => Err(AppError::Unavailable),
        Err(other) => Err(AppError::Internal(other.into())),
    }
}

async fn reset_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    set_password_page(&state, &viewer, &token, "reset", StatusCode::OK, None).await
}

async fn reset(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    PageForm(form): PageForm<PasswordForm>,
) -> AppResult<Response> {
    set_password(state, viewer, token, "reset", form).await
}

async fn invite_page(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
) -> AppResult<Response> {
    set_password_page(&state, &viewer, &token, "invite", StatusCode::OK, None).await
}

async fn accept_invite(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(token): Path<String>,
    PageForm(form): PageForm<PasswordForm>,
) -> AppResult<Response> {
    set_password(state, viewer, token, "invite", form).await
}

async fn profile(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Principal,
) -> AppResult<Response> {
    let user = &principal.user;
    let municipality = match &user.municipality {
        Some(code) => crate::accounts::municipalities::find(state.db(), code).await?,
        None => None,
    };
    let rules = reminder_rules(principal.role);
    let optouts = crate::reminders::optouts_of(state.db(), user.id).await?;
    let reminders: Vec<_> = rules
        .iter()
        .map(|r| context! { slug => r.slug(), enabled => !optouts.contains(r) })
        .collect();
    Ok(super::render(&state, &viewer, "account/profile.html", context! {
        reminders,
        name => user.name, email => user.email, role => principal.role,
        municipality => municipality.map(|m| format!("{} ({})", m.name, m.province_code)),
        sector => user.sector, job_title => user.job_title,
        scopes => principal.scopes.iter().map(|s| context! { kind => s.kind, value => s.value }).collect::<Vec<_>>(),
    })?.into_response())
}

/// The reminders a role receives.
fn reminder_rules(role: crate::accounts::Role) -> Vec<crate::reminders::Rule> {
    use crate::reminders::Rule;
    match role {
        crate::accounts::Role::Learner => Rule::LEARNER.to_vec(),
        crate::accounts::Role::Tutor => vec![Rule::TutorDigest],
        crate::accounts::Role::Admin => Vec::new(),
    }
}

/// The reminders ticked on the profile page: one `rule` per checkbox.
#[derive(Deserialize)]
struct RemindersForm {
    #[serde(default)]
    rule: Vec<String>,
}

/// Saves which reminders the user wants: the rules ticked stay on, the others are
/// opted out.
async fn save_reminders(
    State(state): State<AppState>,
    principal: Principal,
    PageForm(form): PageForm<RemindersForm>,
) -> AppResult<Response> {
    for rule in reminder_rules(principal.role) {
        let on = form.rule.iter().any(|w| w == rule.slug());
        crate::reminders::set_optout(state.db(), principal.user.id, rule, !on).await?;
    }
    Ok(redirect::to("/profile?salvato=1"))
}
