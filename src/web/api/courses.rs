//! Course API: the course tree and lessons.

use axum::Json;
use axum::extract::{OriginalUri, Path, Query, State};
use axum::response::Response;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::error::{AppError, AppResult, ErrorBody};
use crate::web::paging::{Limits, PageParams, respond_positions};

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_courses))
        .routes(routes!(get_lesson))
}

/// A course with its modules and lessons.
#[derive(Serialize, ToSchema)]
pub struct CourseTree {
    /// Course id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Modules in order.
    pub modules: Vec<ModuleTree>,
}

/// A module with its lessons.
#[derive(Serialize, ToSchema)]
pub struct ModuleTree {
    /// Module id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Lessons in order.
    pub lessons: Vec<LessonRef>,
}

/// A lesson in the tree.
#[derive(Serialize, ToSchema)]
pub struct LessonRef {
    /// `course/module/lesson`.
    pub id: String,
    /// Title.
    pub title: String,
}

/// A lesson with its rendered body.
#[derive(Serialize, ToSchema)]
pub struct LessonBody {
    /// `course/module/lesson`.
    pub id: String,
    /// Title.
    pub title: String,
    /// Sanitized HTML of the body, with citation links.
    pub html: String,
    /// Ids of the articles cited (`<act>/art-<n>`).
    pub citations: Vec<String>,
}

/// The courses with their modules and lessons, a page at a time (`limit` 1 to 500,
/// default 100; the `Link` header names the next page).
#[utoipa::path(get, path = "/api/v1/courses", tag = "courses",
    params(("limit" = Option<u64>, Query, description = "courses per page, 1 to 500, default 100"), ("after" = Option<String>, Query, description = "cursor of the next page, from the previous page's Link header")),
    responses((status = 200, body = Vec<CourseTree>, headers(("Link" = String, description = "`<address of the next page>; rel=\"next\"`, absent on the last page"))), (status = 400, body = ErrorBody)))]
pub async fn list_courses(
    State(state): State<AppState>,
    OriginalUri(uri): OriginalUri,
    Query(paging): Query<PageParams>,
) -> AppResult<Response> {
    let catalog = state.catalog();
    let courses = catalog
        .courses
        .iter()
        .map(|c| CourseTree {
            id: c.id.clone(),
            title: c.title.clone(),
            modules: c
                .modules
                .iter()
                .map(|m| ModuleTree {
                    id: m.id.clone(),
                    title: m.title.clone(),
                    lessons: m
                        .lessons
                        .iter()
                        .map(|l| LessonRef {
                            id: l.id.clone(),
                            title: l.title.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
        .collect();
    respond_positions(&uri, courses, &paging, Limits::SHORT)
}

/// One lesson.
#[utoipa::path(get, path = "/api/v1/lessons/{course}/{module}/{lesson}", tag = "courses",
    params(("course" = String, Path), ("module" = String, Path), ("lesson" = String, Path)),
    responses((status = 200, body = LessonBody), (status = 404, body = ErrorBody)))]
pub async fn get_lesson(
    State(state): State<AppState>,
    Path((course, module, lesson)): Path<(String, String, String)>,
) -> AppResult<Json<LessonBody>> {
    let catalog = state.catalog();
    let (_, _, lesson) = catalog
        .lesson(&course, &module, &lesson)
        .ok_or(AppError::NotFound)?;
    Ok(Json(LessonBody {
        id: lesson.id.clone(),
        title: lesson.title.clone(),
        html: lesson.html.clone(),
        citations: lesson.citations.clone(),
    }))
}
