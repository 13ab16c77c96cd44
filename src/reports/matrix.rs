//! The progress matrix: a page of learners × the modules of the course, each cell
//! not started, in progress, completed or quiz failed. Two queries for the cells of a
//! page, whatever its size.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde::Serialize;

use crate::db::sql::Sql;

/// The state of one learner in one module.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Cell {
    /// Nothing opened.
    NotStarted,
    /// Lessons opened or quiz attempted, not complete.
    InProgress,
    /// The quiz was failed and not passed since.
    QuizFailed,
    /// Module complete.
    Completed,
}

impl Cell {
    /// The slug used in CSS classes and exports.
    pub fn slug(self) -> &'static str {
        match self {
            Self::NotStarted => "not-started",
            Self::InProgress => "in-progress",
            Self::QuizFailed => "quiz-failed",
            Self::Completed => "completed",
        }
    }
}

#[derive(Debug, FromQueryResult)]
struct LessonAgg {
    user_id: i32,
    module_id: String,
    started: i64,
}

#[derive(Debug, FromQueryResult)]
struct QuizAgg {
    user_id: i32,
    module_id: String,
    passed: i32,
    attempts: i64,
}

#[derive(Debug, FromQueryResult)]
struct Done {
    user_id: i32,
    module_id: String,
}

/// The three statements behind the cells of `learners` in `course`: lessons opened,
/// quiz attempts and module completions, each grouped by learner and module.
pub fn cells_sql(backend: sea_orm::DbBackend, course: &str, learners: &[i32]) -> [Sql; 3] {
    let statement = |select: &str, group: bool| {
        let mut sql = Sql::new(backend);
        sql.push(select)
            .bind(course.to_string())
            .push(" AND user_id IN ")
            .bind_list(learners);
        if group {
            sql.push(" GROUP BY user_id, module_id");
        }
        sql
    };
    [
        statement(
            "SELECT user_id, module_id, COUNT(*) AS started FROM lesson_progress WHERE course_id = ",
            true,
        ),
        statement(
            "SELECT user_id, module_id, MAX(CASE WHEN passed THEN 1 ELSE 0 END) AS passed, \
             COUNT(*) AS attempts FROM quiz_attempts WHERE submitted_at IS NOT NULL AND course_id = ",
            true,
        ),
        statement(
            "SELECT user_id, module_id FROM completions WHERE module_id <> '' AND course_id = ",
            false,
        ),
    ]
}

/// The cells of `learners` (ids) for `course`: (learner, module) → cell; a missing
/// entry is not started.
pub async fn cells<C: ConnectionTrait>(
    db: &C,
    course: &str,
    learners: &[i32],
) -> Result<HashMap<(i32, String), Cell>, DbErr> {
    let mut out = HashMap::new();
    if learners.is_empty() {
        return Ok(out);
    }
    let [lessons, quizzes, done] = cells_sql(db.get_database_backend(), course, learners);
    for r in db.query_all_raw(lessons.build()).await? {
        let a = LessonAgg::from_query_result(&r, "")?;
        if a.started > 0 {
            out.insert((a.user_id, a.module_id), Cell::InProgress);
        }
    }
    for r in db.query_all_raw(quizzes.build()).await? {
        let a = QuizAgg::from_query_result(&r, "")?;
        let cell = if a.passed == 0 && a.attempts > 0 {
            Cell::QuizFailed
        } else {
            Cell::InProgress
        };
        out.insert((a.user_id, a.module_id), cell);
    }
    for r in db.query_all_raw(done.build()).await? {
        let d = Done::from_query_result(&r, "")?;
        out.insert((d.user_id, d.module_id), Cell::Completed);
    }
    Ok(out)
}
