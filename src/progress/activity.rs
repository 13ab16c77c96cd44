//! The days on which learners were active in a course (`course_activity`: one row per
//! course, UTC day and learner with a progress event), so that the tutor overview
//! counts the active learners per day from one narrow row per learner and day instead
//! of reading every event of the last weeks.
//!
//! Rows are only ever added: by the transaction that records the events ([`record`],
//! in the batch of the recorder), and by bulk loads from the events themselves
//! ([`refresh`]). A row is what the events say: the course is the lesson id up to its
//! first `/`, the day the UTC date of the event's `recorded_at`.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr};

use crate::db::sql::Sql;

/// The course of a lesson id (`course/module/lesson`): what precedes the first `/`.
pub fn course_of(lesson_id: &str) -> Option<&str> {
    lesson_id.split_once('/').map(|(course, _)| course)
}

/// The day of an instant, as stored (`YYYY-MM-DD`, UTC).
pub fn day_of(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d").to_string()
}

/// Adds the rows of events recorded at `at` by these learners on these lessons
/// (`(user_id, lesson_id)`), inside the caller's transaction; rows already there stay.
pub async fn record<C: ConnectionTrait>(
    db: &C,
    events: &[(i32, &str)],
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let day = day_of(at);
    let rows: BTreeSet<(&str, i32)> = events
        .iter()
        .filter_map(|(user, lesson)| {
            course_of(lesson)
                .filter(|c| !c.is_empty())
                .map(|c| (c, *user))
        })
        .collect();
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("INSERT INTO course_activity (course_id, day, user_id) VALUES ");
    for (i, (course, user)) in rows.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push("(")
            .bind(course.to_string())
            .push(", ")
            .bind(day.clone())
            .push(", ")
            .bind(*user)
            .push(")");
    }
    sql.push(" ON CONFLICT (course_id, day, user_id) DO NOTHING");
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Adds the rows of every event of these learners already in `progress_events` (bulk
/// loads that write events directly).
pub async fn refresh<C: ConnectionTrait>(db: &C, users: &[i32]) -> Result<(), DbErr> {
    if users.is_empty() {
        return Ok(());
    }
    let backend = db.get_database_backend();
    let (course, day, has_course) = match backend {
        DbBackend::Postgres => (
            "split_part(lesson_id, '/', 1)",
            "to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            "position('/' in lesson_id) > 1",
        ),
        _ => (
            "substr(lesson_id, 1, instr(lesson_id, '/') - 1)",
            "substr(recorded_at, 1, 10)",
            "instr(lesson_id, '/') > 1",
        ),
    };
    let mut sql = Sql::new(backend);
    sql.push(&format!(
        "INSERT INTO course_activity (course_id, day, user_id) \
         SELECT DISTINCT {course}, {day}, user_id FROM progress_events \
         WHERE {has_course} AND user_id IN "
    ))
    .bind_list(users)
    .push(" ON CONFLICT (course_id, day, user_id) DO NOTHING");
    db.execute_raw(sql.build()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_course_is_the_lesson_id_up_to_its_first_slash() {
        assert_eq!(course_of("corso/modulo/lezione"), Some("corso"));
        assert_eq!(course_of("corso/"), Some("corso"));
        assert_eq!(course_of("senza-corso"), None);
    }

    #[test]
    fn the_day_is_the_utc_date() {
        let at = DateTime::parse_from_rfc3339("2026-12-03T23:30:00-02:00")
            .map(|t| t.with_timezone(&Utc))
            .ok();
        assert_eq!(at.map(day_of).as_deref(), Some("2026-12-04"));
    }
}
