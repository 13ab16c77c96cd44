//! One learner in detail: lessons with time spent, every quiz attempt with each
//! answer and its score, and a timeline of activity. A fixed number of queries.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;

use crate::db::progress::lesson as lesson_progress;

/// A lesson the learner opened.
#[derive(Debug, Clone, Serialize)]
pub struct LessonLine {
    /// `course/module/lesson`.
    pub lesson_id: String,
    /// Module id.
    pub module_id: String,
    /// First opened.
    pub started_at: DateTime<Utc>,
    /// Completed.
    pub completed_at: Option<DateTime<Utc>>,
    /// Time spent, seconds.
    pub seconds: i32,
    /// Last event.
    pub last_event_at: DateTime<Utc>,
}

/// One answer of an attempt.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerLine {
    /// Question id.
    pub question_id: String,
    /// Options chosen.
    pub options: Vec<String>,
    /// Points scored.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
}

/// A submitted attempt with its answers.
#[derive(Debug, Clone, Serialize)]
pub struct AttemptLine {
    /// Attempt id.
    pub id: i32,
    /// Module id.
    pub module_id: String,
    /// Submitted.
    pub submitted_at: Option<DateTime<Utc>>,
    /// Percentage.
    pub percent: Option<f64>,
    /// Passed.
    pub passed: Option<bool>,
    /// Answers, by question id.
    pub answers: Vec<AnswerLine>,
}

/// One event of the timeline.
#[derive(Debug, Clone, Serialize)]
pub struct TimelineEntry {
    /// When.
    pub at: DateTime<Utc>,
    /// `started`, `heartbeat`, `completed`, `quiz`.
    pub what: String,
    /// Lesson id or `course/module` of a quiz.
    pub subject: String,
    /// Seconds reported, or the quiz percentage.
    pub value: f64,
}

/// The detail of a learner in a course.
#[derive(Debug, Clone, Serialize)]
pub struct Detail {
    /// Lessons opened, in course order of their ids.
    pub lessons: Vec<LessonLine>,
    /// Submitted attempts, newest first.
    pub attempts: Vec<AttemptLine>,
    /// Latest activity first (at most [`TIMELINE`] entries).
    pub timeline: Vec<TimelineEntry>,
}

/// Most timeline entries shown.
pub const TIMELINE: u64 = 200;

/// Loads the detail of `learner` in `course` (four queries).
pub async fn load(db: &DatabaseConnection, learner: i32, course: &str) -> Result<Detail, DbErr> {
    let lessons = lesson_progress::Entity::find()
        .filter(lesson_progress::Column::UserId.eq(learner))
        .filter(lesson_progress::Column::CourseId.eq(course))
        .order_by_asc(lesson_progress::Column::StartedAt)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LessonLine {
            lesson_id: l.lesson_id,
            module_id: l.module_id,
            started_at: l.started_at,
            completed_at: l.completed_at,
            seconds: l.seconds,
            last_event_at: l.last_event_at,
        })
        .collect();
    let mut attempts = crate::quiz::results::submitted(db, learner, Some(course)).await?;
    // Newest first (by submission time; ids break ties as the order of submission).
    attempts.sort_by(|a, b| b.submitted_at.cmp(&a.submitted_at).then(b.id.cmp(&a.id)));
    let ids: Vec<i32> = attempts.iter().map(|a| a.id).collect();
    let answers = crate::quiz::results::answers_of(db, ids).await?;
    let timeline = timeline(db, learner, course, &attempts).await?;
    let attempts = attempts
        .into_iter()
        .map(|a| AttemptLine {
            answers: answers
                .iter()
                .filter(|x| x.attempt_id == a.id)
                .map(|x| AnswerLine {
                    question_id: x.question_id.clone(),
                    options: serde_json::from_str(&x.options).unwrap_or_default(),
                    score: x.score,
                    max_score: x.max_score,
                })
                .collect(),
            id: a.id,
            module_id: a.module_id,
            submitted_at: a.submitted_at,
            percent: a.percent,
            passed: a.passed,
        })
        .collect();
    Ok(Detail {
        lessons,
        attempts,
        timeline,
    })
}

/// The learner's latest events in `course` and their submitted `attempts`, newest
/// first, at most [`TIMELINE`].
async fn timeline(
    db: &DatabaseConnection,
    learner: i32,
    course: &str,
    attempts: &[crate::db::progress::attempt::Model],
) -> Result<Vec<TimelineEntry>, DbErr> {
    let events = crate::progress::learner::recent_events(db, learner, course, TIMELINE).await?;
    let mut timeline: Vec<TimelineEntry> = events
        .into_iter()
        .map(|e| TimelineEntry {
            at: e.recorded_at,
            what: e.event,
            subject: e.lesson_id,
            value: f64::from(e.seconds),
        })
        .collect();
    timeline.extend(attempts.iter().filter_map(|a| {
        Some(TimelineEntry {
            at: a.submitted_at?,
            what: "quiz".into(),
            subject: format!("{}/{}", a.course_id, a.module_id),
            value: a.percent.unwrap_or(0.0),
        })
    }));
    timeline.sort_by_key(|e| std::cmp::Reverse(e.at));
    timeline.truncate(usize::try_from(TIMELINE).unwrap_or(usize::MAX));
    Ok(timeline)
}
