//! The home page: for a learner, the dashboard (where to resume, progress per course
//! and module, quiz results, each course in its two halves: the remote modules and
//! the classroom seminars, with what is missing for completion, and the certificates
//! with their files and state); for everyone else, what Aula is and where to start.

use axum::Router;
use axum::extract::State;
use axum::response::Html;
use axum::routing::get;
use minijinja::context;

use crate::accounts::Role;
use crate::app::AppState;
use crate::error::AppResult;
use crate::web::auth::{Principal, Viewer};

/// Routes of this page.
pub fn router() -> Router<AppState> {
    Router::new().route("/", get(home))
}

async fn home(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Option<Principal>,
) -> AppResult<Html<String>> {
    let Some(learner) = principal.filter(|p| p.role == Role::Learner) else {
        return super::render(&state, &viewer, "home/index.html", context! {});
    };
    let catalog = state.catalog();
    let courses =
        crate::progress::summary::for_learner(state.db(), &catalog, learner.user.id).await?;
    // Resume: the lesson touched last and not completed, else the first not started.
    let recent = crate::progress::learner::last_unfinished(state.db(), learner.user.id).await?;
    let resume_id = recent.or_else(|| {
        courses
            .iter()
            .flat_map(|c| c.modules.iter().flat_map(|m| &m.lessons))
            .find(|l| l.status != "completed")
            .map(|l| l.id.clone())
    });
    let resume = resume_id.and_then(|id| {
        let mut parts = id.splitn(3, '/');
        let (c, m, l) = (parts.next()?, parts.next()?, parts.next()?);
        catalog.lesson(c, m, l).map(|(_, module, lesson)| {
            context! {
                url => format!("/courses/{id}"), title => lesson.title, module => module.title,
            }
        })
    });
    let notifications =
        crate::reminders::status::notifications_of(state.db(), learner.user.id, 5).await?;
    // Each course in its two halves: the remote modules and the classroom seminars.
    let paths: std::collections::BTreeMap<String, _> =
        crate::seminars::path::for_learner(state.db(), &catalog, &learner.user, &courses)
            .await?
            .into_iter()
            .map(|p| (p.course_id.clone(), p))
            .collect();
    let certificates =
        crate::certificates::downloads::for_learner(state.db(), learner.user.id).await?;
    super::render(
        &state,
        &viewer,
        "home/dashboard.html",
        context! {
            name => learner.user.name, courses, paths, resume, notifications, certificates,
            nav => "home",
        },
    )
}
