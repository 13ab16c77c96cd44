//! The per-course roll-up (`course_progress`): one row per learner and course with
//! lessons started and completed, time, quiz results and last activity. Tutor reports
//! and reminder rules read it instead of aggregating every event.
//!
//! It is kept inside the transactions that write progress: they first [`lock`] the
//! rows of the learners and courses they touch, then write, then [`refresh`] those rows
//! from the progress tables. The lock comes first so that on PostgreSQL a concurrent
//! writer of the same learner and course (another instance, or a quiz submitted while
//! events are recorded) waits for this commit, and its own refresh then reads this
//! one's rows: neither overwrites the other's figures with an older count.

use sea_orm::{ConnectionTrait, DbErr};

use crate::db::sql::Sql;

/// Whose rows to refresh.
#[derive(Debug, Clone, Copy)]
pub enum Rows<'a> {
    /// These learners in these courses (the rows locked by the transaction).
    Pairs(&'a [(i32, String)]),
    /// Every course of these learners (bulk loads, where nothing runs concurrently).
    Learners(&'a [i32]),
}

impl Rows<'_> {
    fn is_empty(self) -> bool {
        match self {
            Self::Pairs(p) => p.is_empty(),
            Self::Learners(l) => l.is_empty(),
        }
    }

    /// `AND <condition>` on `user_id` (and `course_id`) of the table in the FROM: a
    /// superset of the rows, on the columns its indexes start with.
    fn push_condition(self, sql: &mut Sql) {
        match self {
            Self::Pairs(pairs) => {
                let users: Vec<i32> = pairs.iter().map(|(u, _)| *u).collect();
                let mut courses: Vec<String> = pairs.iter().map(|(_, c)| c.clone()).collect();
                courses.sort();
                courses.dedup();
                sql.push(" AND user_id IN ")
                    .bind_list(&users)
                    .push(" AND course_id IN ")
                    .bind_list(&courses);
            }
            Self::Learners(users) => {
                sql.push(" AND user_id IN ").bind_list(users);
            }
        }
    }

    /// The rows to write, as a relation `k (user_id, course_id)`: exactly the pairs, or
    /// every course in which the learners have progress.
    fn push_keys(self, sql: &mut Sql) {
        match self {
            Self::Pairs(pairs) => {
                sql.push("(SELECT column1 AS user_id, column2 AS course_id FROM (VALUES ");
                for (i, (user, course)) in pairs.iter().enumerate() {
                    if i > 0 {
                        sql.push(", ");
                    }
                    sql.push("(")
                        .bind(*user)
                        .push(", ")
                        .bind(course.clone())
                        .push(")");
                }
                sql.push(") v) k");
            }
            Self::Learners(_) => {
                sql.push("(SELECT user_id, course_id FROM lesson_progress WHERE 1 = 1");
                self.push_condition(sql);
                sql.push(
                    " UNION SELECT user_id, course_id FROM quiz_attempts WHERE submitted_at IS NOT NULL",
                );
                self.push_condition(sql);
                sql.push(") k");
            }
        }
    }
}

/// Creates (if missing) and locks the rows of these learners and courses until the
/// transaction ends. Pairs are locked in order, so two writers cannot deadlock.
pub async fn lock<C: ConnectionTrait>(db: &C, pairs: &[(i32, String)]) -> Result<(), DbErr> {
    if pairs.is_empty() {
        return Ok(());
    }
    let mut sorted = pairs.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "INSERT INTO course_progress (user_id, course_id, lessons_started, lessons_completed, \
         seconds, quizzes_passed, quiz_attempts, quiz_failures) VALUES ",
    );
    for (i, (user, course)) in sorted.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.push("(")
            .bind(*user)
            .push(", ")
            .bind(course.clone())
            .push(", 0, 0, 0, 0, 0, 0)");
    }
    sql.push(" ON CONFLICT (user_id, course_id) DO UPDATE SET user_id = excluded.user_id");
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Recomputes the rows from `lesson_progress` and `quiz_attempts`.
pub async fn refresh<C: ConnectionTrait>(db: &C, rows: Rows<'_>) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(db.get_database_backend());
    sql.push(
        "INSERT INTO course_progress (user_id, course_id, lessons_started, lessons_completed, \
         seconds, last_lesson_at, quizzes_passed, quiz_attempts, quiz_average, quiz_failures, \
         last_attempt_at, last_activity_at) \
         SELECT k.user_id, k.course_id, COALESCE(lp.started, 0), COALESCE(lp.completed, 0), \
         COALESCE(lp.seconds, 0), lp.last_lesson_at, COALESCE(q.passed, 0), \
         COALESCE(q.attempts, 0), q.average, COALESCE(q.failures, 0), q.last_attempt_at, \
         CASE WHEN q.last_attempt_at IS NULL THEN lp.last_lesson_at \
         WHEN lp.last_lesson_at IS NULL THEN q.last_attempt_at \
         WHEN lp.last_lesson_at >= q.last_attempt_at THEN lp.last_lesson_at \
         ELSE q.last_attempt_at END \
         FROM ",
    );
    rows.push_keys(&mut sql);
    sql.push(
        " LEFT JOIN (SELECT user_id, course_id, COUNT(*) AS started, \
                    COUNT(completed_at) AS completed, SUM(seconds) AS seconds, \
                    MAX(last_event_at) AS last_lesson_at \
                    FROM lesson_progress WHERE 1 = 1",
    );
    rows.push_condition(&mut sql);
    sql.push(
        " GROUP BY user_id, course_id) lp \
           ON lp.user_id = k.user_id AND lp.course_id = k.course_id \
         LEFT JOIN (SELECT user_id, course_id, SUM(ok) AS passed, SUM(n) AS attempts, \
                    CAST(AVG(best) AS DOUBLE PRECISION) AS average, \
                    MAX(CASE WHEN ok = 0 THEN fails ELSE 0 END) AS failures, \
                    MAX(last_at) AS last_attempt_at \
                    FROM (SELECT user_id, course_id, module_id, \
                          MAX(CASE WHEN passed THEN 1 ELSE 0 END) AS ok, COUNT(*) AS n, \
                          MAX(percent) AS best, SUM(CASE WHEN passed THEN 0 ELSE 1 END) AS fails, \
                          MAX(submitted_at) AS last_at \
                          FROM quiz_attempts WHERE submitted_at IS NOT NULL",
    );
    rows.push_condition(&mut sql);
    sql.push(
        " GROUP BY user_id, course_id, module_id) per_module \
                    GROUP BY user_id, course_id) q \
           ON q.user_id = k.user_id AND q.course_id = k.course_id \
         WHERE 1 = 1 \
         ON CONFLICT (user_id, course_id) DO UPDATE SET \
           lessons_started = excluded.lessons_started, \
           lessons_completed = excluded.lessons_completed, \
           seconds = excluded.seconds, last_lesson_at = excluded.last_lesson_at, \
           quizzes_passed = excluded.quizzes_passed, quiz_attempts = excluded.quiz_attempts, \
           quiz_average = excluded.quiz_average, quiz_failures = excluded.quiz_failures, \
           last_attempt_at = excluded.last_attempt_at, \
           last_activity_at = excluded.last_activity_at",
    );
    db.execute_raw(sql.build()).await?;
    Ok(())
}
