//! A learner's progress, from stored records in a fixed number of queries: per lesson
//! (not started, in progress, completed), per module and course (percent of items
//! done, where each lesson completed and each quiz passed is one item), quiz results.

use std::collections::HashMap;

use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde::Serialize;
use utoipa::ToSchema;

use crate::content::Catalog;
use crate::content::model::Module;
use crate::db::progress::{attempt, completion, lesson};

/// Progress in one course.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CourseProgress {
    /// Course id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Percent of items done.
    pub percent: u32,
    /// When the course was completed.
    pub completed_at: Option<String>,
    /// Modules in order.
    pub modules: Vec<ModuleProgress>,
}

/// Progress in one module.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ModuleProgress {
    /// Module id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Percent of items done.
    pub percent: u32,
    /// Whether the module is complete (lessons done and quiz passed).
    pub completed: bool,
    /// The module quiz.
    pub quiz: QuizSummary,
    /// Lessons in order.
    pub lessons: Vec<LessonStatus>,
}

/// Quiz results of a module.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuizSummary {
    /// Best percentage of the submitted attempts.
    pub best_percent: Option<f64>,
    /// Whether an attempt passed.
    pub passed: bool,
    /// Attempts submitted.
    pub attempts: u32,
}

/// A lesson's state for a learner.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LessonStatus {
    /// `course/module/lesson`.
    pub id: String,
    /// Lesson slug.
    pub slug: String,
    /// Title.
    pub title: String,
    /// `not_started`, `in_progress` or `completed`.
    pub status: &'static str,
    /// Seconds spent.
    pub seconds: i32,
}

/// Progress of a learner in the courses they are enrolled in (active enrolments).
pub async fn for_learner(
    db: &DatabaseConnection,
    catalog: &Catalog,
    user_id: i32,
) -> Result<Vec<CourseProgress>, DbErr> {
    let enrolled = crate::accounts::enrolment::active_courses(db, user_id).await?;
    let lessons: HashMap<String, lesson::Model> = lesson::Entity::find()
        .filter(lesson::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.lesson_id.clone(), l))
        .collect();
    let completions = completion::Entity::find()
        .filter(completion::Column::UserId.eq(user_id))
        .all(db)
        .await?;
    let attempts = crate::quiz::results::submitted(db, user_id, None).await?;

    let mut out = Vec::new();
    for course in catalog.courses.iter().filter(|c| enrolled.contains(&c.id)) {
        let mut done_items = 0;
        let mut total_items = 0;
        let mut modules = Vec::new();
        for module in &course.modules {
            let quiz = quiz_summary(&attempts, &course.id, &module.id);
            let (done, total, statuses) = module_items(module, &lessons, &quiz);
            done_items += done;
            total_items += total;
            modules.push(ModuleProgress {
                id: module.id.clone(),
                title: module.title.clone(),
                percent: percent(done, total),
                completed: completions
                    .iter()
                    .any(|c| c.course_id == course.id && c.module_id == module.id),
                quiz,
                lessons: statuses,
            });
        }
        out.push(CourseProgress {
            id: course.id.clone(),
            title: course.title.clone(),
            percent: percent(done_items, total_items),
            completed_at: completions
                .iter()
                .find(|c| c.course_id == course.id && c.module_id.is_empty())
                .map(|c| c.completed_at.format("%Y-%m-%d").to_string()),
            modules,
        });
    }
    Ok(out)
}

fn quiz_summary(attempts: &[attempt::Model], course: &str, module: &str) -> QuizSummary {
    let mine: Vec<&attempt::Model> = attempts
        .iter()
        .filter(|a| a.course_id == course && a.module_id == module)
        .collect();
    QuizSummary {
        best_percent: mine
            .iter()
            .filter_map(|a| a.percent)
            .fold(None, |best: Option<f64>, p| {
                Some(best.map_or(p, |b| b.max(p)))
            }),
        passed: mine.iter().any(|a| a.passed == Some(true)),
        attempts: u32::try_from(mine.len()).unwrap_or(u32::MAX),
    }
}

fn module_items(
    module: &Module,
    lessons: &HashMap<String, lesson::Model>,
    quiz: &QuizSummary,
) -> (usize, usize, Vec<LessonStatus>) {
    let mut done = 0;
    let statuses = module
        .lessons
        .iter()
        .map(|l| {
            let record = lessons.get(&l.id);
            let status = match record {
                Some(r) if r.completed_at.is_some() => {
                    done += 1;
                    "completed"
                }
                Some(_) => "in_progress",
                None => "not_started",
            };
            LessonStatus {
                id: l.id.clone(),
                slug: l.slug.clone(),
                title: l.title.clone(),
                status,
                seconds: record.map_or(0, |r| r.seconds),
            }
        })
        .collect();
    let quiz_items = usize::from(module.quiz.is_some());
    if module.quiz.is_some() && quiz.passed {
        done += 1;
    }
    (done, module.lessons.len() + quiz_items, statuses)
}

/// Rounded percentage; 0 of 0 is 0.
pub fn percent(done: usize, total: usize) -> u32 {
    if total == 0 {
        return 0;
    }
    u32::try_from((done * 100 + total / 2) / total).unwrap_or(100)
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn percentages_round_to_nearest() {
        assert_eq!(percent(0, 0), 0);
        assert_eq!(percent(1, 3), 33);
        assert_eq!(percent(2, 3), 67);
        assert_eq!(percent(7, 7), 100);
    }
}
