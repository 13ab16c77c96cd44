//! Course pages: the catalogue, a course with its modules and sector paths, a lesson
//! beside the articles it cites, and the course glossary.

use std::sync::Arc;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::accounts::Role;
use crate::app::AppState;
use crate::content::model::{Course, Sector};
use crate::error::{AppError, AppResult};
use crate::render::i18n::DEFAULT_LANG;
use crate::web::auth::{Principal, Viewer};

/// Routes of the course pages.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/courses", get(catalogue))
        .route("/courses/{course}", get(course_page))
        .route("/courses/{course}/glossario", get(glossary))
        .route("/courses/{course}/{module}/{lesson}", get(lesson_page))
}

#[derive(Serialize)]
struct CourseCard<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    modules: usize,
    lessons: usize,
    minutes: u32,
}

async fn catalogue(State(state): State<AppState>, viewer: Viewer) -> AppResult<Html<String>> {
    let catalog = state.catalog();
    let courses: Vec<CourseCard<'_>> = catalog
        .courses
        .iter()
        .map(|c| CourseCard {
            id: &c.id,
            title: &c.title,
            description: &c.description,
            modules: c.modules.len(),
            lessons: c.lesson_count(),
            minutes: c.minutes(),
        })
        .collect();
    super::render(
        &state,
        &viewer,
        "courses/index.html",
        context! { courses, nav => "courses" },
    )
}

#[derive(Deserialize)]
struct SectorFilter {
    settore: Option<String>,
}

#[derive(Serialize)]
struct SectorLink {
    slug: &'static str,
    selected: bool,
}

async fn course_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Option<Principal>,
    Path(course_id): Path<String>,
    Query(filter): Query<SectorFilter>,
) -> AppResult<Html<String>> {
    let catalog = state.catalog();
    let course = catalog.course(&course_id).ok_or(AppError::NotFound)?;
    let sector = match filter.settore.as_deref().filter(|s| !s.is_empty()) {
        Some(value) => Some(Sector::parse(value).ok_or_else(|| AppError::Validation {
            field: Some("settore".into()),
            message: format!("settore sconosciuto: {value}"),
        })?),
        None => None,
    };
    let sectors: Vec<SectorLink> = course
        .sectors
        .iter()
        .map(|s| SectorLink {
            slug: s.slug(),
            selected: Some(*s) == sector,
        })
        .collect();
    let progress = match principal.as_ref().filter(|p| p.role == Role::Learner) {
        Some(p) => crate::progress::summary::for_learner(state.db(), &catalog, p.user.id)
            .await?
            .into_iter()
            .find(|c| c.id == course.id),
        None => None,
    };
    let lesson_status = |id: &str| {
        progress.as_ref().and_then(|c| {
            c.modules
                .iter()
                .flat_map(|m| &m.lessons)
                .find(|l| l.id == id)
                .map(|l| l.status)
        })
    };
    let module_percent = |id: &str| {
        progress
            .as_ref()
            .and_then(|c| c.modules.iter().find(|m| m.id == id))
            .map(|m| (m.percent, m.completed, m.quiz.clone()))
    };
    let modules: Vec<_> = course
        .modules
        .iter()
        .map(|m| {
            let lessons: Vec<_> = m
                .lessons
                .iter()
                .filter(|l| sector.is_none_or(|s| l.sectors.contains(&s)))
                .map(|l| context! {
                    slug => l.slug, title => l.title_in(viewer.lang),
                    summary => l.translation(viewer.lang).map_or(&l.summary, |t| &t.summary),
                    minutes => l.minutes,
                    sectors => l.sectors.iter().map(|s| s.slug()).collect::<Vec<_>>(),
                    status => lesson_status(&l.id),
                })
                .collect();
            let text = m.translation(viewer.lang);
            context! {
                id => m.id, title => m.title_in(viewer.lang),
                summary => text.map_or(&m.summary, |t| &t.summary),
                objectives => text.map_or(&m.objectives, |t| &t.objectives),
                minutes => m.minutes, lessons, total_lessons => m.lessons.len(),
                questions => m.quiz.as_ref().map_or(0, |q| q.questions.len()),
                progress => module_percent(&m.id).map(|(percent, completed, quiz)| context! { percent, completed, quiz }),
            }
        })
        .collect();
    super::render(
        &state,
        &viewer,
        "courses/course.html",
        context! {
            course => course_context(course), modules, sectors,
            course_percent => progress.as_ref().map(|c| c.percent),
            sector => sector.map(Sector::slug), nav => "courses",
        },
    )
}

fn course_context(course: &Course) -> minijinja::Value {
    context! {
        id => course.id, title => course.title, description => course.description,
        minutes => course.minutes(), lessons => course.lesson_count(),
        modules => course.modules.len(), glossary => course.glossary.len(),
    }
}

async fn lesson_page(
    State(state): State<AppState>,
    viewer: Viewer,
    principal: Option<Principal>,
    Path((course_id, module_id, lesson_id)): Path<(String, String, String)>,
) -> AppResult<Html<String>> {
    let catalog = state.catalog();
    let (course, module, lesson) = catalog
        .lesson(&course_id, &module_id, &lesson_id)
        .ok_or(AppError::NotFound)?;
    // Everything but the learner's status box is the same for every visitor.
    let lang = viewer.lang;
    let key = format!("{:p}:lesson:{}:{lang}", Arc::as_ptr(&catalog), lesson.id);
    let body = state.fragments().get_or_render(&key, || {
        state
            .templates()
            .render(
                "courses/lesson_body.html",
                lesson_context(&state, course, module, lesson, lang),
            )
            .map_err(|err| AppError::Internal(anyhow::anyhow!("lesson body: {err:#}")))
    })?;
    let status = match learner_lesson_status(&state, principal.as_ref(), &course.id, &lesson.id)
        .await?
    {
        Some(progress) => state
            .templates()
            .render(
                "courses/lesson_status.html",
                context! {
                    progress, csrf_token => viewer.csrf_token, lang => viewer.lang,
                    course => context! { id => course.id }, module => context! { id => module.id },
                },
            )
            .map_err(|err| AppError::Internal(anyhow::anyhow!("lesson status: {err:#}")))?,
        None => String::new(),
    };
    let body = body.replacen("<!--aula:status-->", &status, 1);
    super::render(
        &state,
        &viewer,
        "courses/lesson.html",
        context! {
            lesson => context! { title => lesson.title_in(lang) },
            body => minijinja::Value::from_safe_string(body), nav => "courses",
        },
    )
}

/// What the lesson's body shows: the lesson, its place in the course, the articles
/// it cites with their excerpts and last changes, and the date of the text in force
/// of each act it cites (all from memory, computed when the catalog was loaded).
fn lesson_context(
    state: &AppState,
    course: &Course,
    module: &crate::content::model::Module,
    lesson: &crate::content::model::Lesson,
    lang: &'static str,
) -> minijinja::Value {
    // Previous and next lesson across the whole course.
    let sequence: Vec<_> = course
        .modules
        .iter()
        .flat_map(|m| m.lessons.iter().map(move |l| (m, l)))
        .collect();
    let here = sequence.iter().position(|(_, l)| l.id == lesson.id);
    let link = |i: usize| {
        sequence.get(i).map(|(m, l)| {
            context! { url => format!("/courses/{}/{}/{}", course.id, m.id, l.slug), title => l.title_in(lang) }
        })
    };
    let previous = here.and_then(|i| i.checked_sub(1)).and_then(link);
    let next = here.and_then(|i| link(i + 1));
    let library = state.library();
    // Dates are strictly after the review to count as newer: a review on the day of
    // a change was made against the changed text.
    let after_review = |date: chrono::NaiveDate| lesson.reviewed.is_some_and(|r| date > r);
    let cited: Vec<_> = lesson
        .citations
        .iter()
        .filter_map(|id| library.article(id))
        .map(|a| {
            let v = &a.view;
            let changed = lesson.cited_changes.get(&v.id).copied();
            context! {
                id => v.id, url => a.url, act => v.act, label => v.label,
                heading => v.heading, excerpt => a.excerpt,
                changed_on => changed.map(|d| d.to_string()),
                changed_after_review => changed.is_some_and(after_review),
            }
        })
        .collect();
    let acts: Vec<_> = lesson
        .cited_acts
        .iter()
        .map(|act| {
            context! {
                id => act.id,
                in_force_at => act.in_force_at.map(|d| d.to_string()),
                after_review => act.in_force_at.is_some_and(after_review),
            }
        })
        .collect();
    let elsewhere: Vec<_> = lesson
        .cited_elsewhere
        .iter()
        .map(|c| {
            let (act, article) = c.id.split_once('/').unwrap_or((&c.id, ""));
            let label = article.trim_start_matches("art-");
            context! { url => c.url, act => act, label => label }
        })
        .collect();
    // The learner's language when the lesson is translated into it, else Italian
    // (and the page says so).
    let translation = lesson.translation(lang);
    let (title, summary, html, toc) = match translation {
        Some(t) => (&t.title, &t.summary, &t.html, &t.toc),
        None => (&lesson.title, &lesson.summary, &lesson.html, &lesson.toc),
    };
    context! {
        course => course_context(course),
        module => context! { id => module.id, title => module.title_in(lang) },
        lesson => context! {
            id => lesson.id, title => title, summary => summary,
            minutes => lesson.minutes, html => minijinja::Value::from_safe_string(html.clone()),
            toc => toc, sectors => lesson.sectors.iter().map(|s| s.slug()).collect::<Vec<_>>(),
            tags => lesson.tags, reviewed => lesson.reviewed.map(|d| d.to_string()),
            translated_reviewed => translation.and_then(|t| t.reviewed).map(|d| d.to_string()),
        },
        content_lang => translation.map_or(DEFAULT_LANG, |t| t.lang),
        fallback => translation.is_none() && lang != DEFAULT_LANG,
        translated => translation.is_some(),
        lang => lang,
        cited, elsewhere, acts, previous, next,
    }
}

/// The signed-in learner's state of a lesson, if they are enrolled in its course.
async fn learner_lesson_status(
    state: &AppState,
    principal: Option<&Principal>,
    course_id: &str,
    lesson_id: &str,
) -> AppResult<Option<minijinja::Value>> {
    let Some(p) = principal.filter(|p| p.role == Role::Learner) else {
        return Ok(None);
    };
    if !state.is_enrolled(p.user.id, course_id).await? {
        return Ok(None);
    }
    let status = state
        .recorder()
        .lesson_status(state.db(), p.user.id, lesson_id)
        .await?;
    Ok(Some(
        context! { status, lesson => lesson_id, learner => p.user.id },
    ))
}

async fn glossary(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(course_id): Path<String>,
) -> AppResult<Html<String>> {
    let catalog = state.catalog();
    let course = catalog.course(&course_id).ok_or(AppError::NotFound)?;
    let terms: Vec<_> = course
        .glossary
        .iter()
        .map(|t| {
            context! {
                term => t.term, anchor => t.anchor,
                // The term in the reader's language, from the course's term list.
                translated => course.term_in(&t.term, viewer.lang).map(|x| x.term.clone()),
                html => minijinja::Value::from_safe_string(t.html.clone()),
                see => t.see.iter().map(|s| context! {
                    term => s, anchor => crate::content::markdown::slugify(s),
                }).collect::<Vec<_>>(),
            }
        })
        .collect();
    let mut letters: Vec<String> = course
        .glossary
        .iter()
        .filter_map(|t| t.term.chars().next())
        .map(|c| c.to_uppercase().to_string())
        .collect();
    letters.dedup();
    super::render(
        &state,
        &viewer,
        "courses/glossary.html",
        context! { course => course_context(course), terms, letters, nav => "courses" },
    )
}
