//! Where the generator's rows go: multi-row INSERTs, `BATCH` rows at a time, into
//! the tables a batch of learners writes to.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, Value};

use super::{BATCH, Generated};
use crate::db::sql::Sql;

/// The tables a batch of learners' progress goes into.
pub(super) struct Tables<'a> {
    pub(super) enrolments: Inserter<'a>,
    pub(super) lessons: Inserter<'a>,
    pub(super) events: Inserter<'a>,
    pub(super) attempts: Inserter<'a>,
    pub(super) completions: Inserter<'a>,
}

impl<'a> Tables<'a> {
    pub(super) fn new(db: &'a DatabaseConnection) -> Self {
        Self {
            enrolments: Inserter::new(
                db,
                "enrolments",
                &["user_id", "edition_id", "course_id", "enrolled_at"],
            ),
            lessons: Inserter::new(
                db,
                "lesson_progress",
                &[
                    "user_id",
                    "lesson_id",
                    "course_id",
                    "module_id",
                    "started_at",
                    "completed_at",
                    "seconds",
                    "last_event_at",
                ],
            ),
            events: Inserter::new(
                db,
                "progress_events",
                &["user_id", "lesson_id", "event", "seconds", "recorded_at"],
            ),
            attempts: Inserter::new(
                db,
                "quiz_attempts",
                &[
                    "user_id",
                    "course_id",
                    "module_id",
                    "question_order",
                    "started_at",
                    "submitted_at",
                    "score",
                    "max_score",
                    "percent",
                    "passed",
                ],
            ),
            completions: Inserter::new(
                db,
                "completions",
                &["user_id", "course_id", "module_id", "completed_at"],
            ),
        }
    }

    /// A `progress_events` row.
    pub(super) async fn event(
        &mut self,
        id: i32,
        lesson_id: &str,
        event: &'static str,
        seconds: i32,
        at: DateTime<Utc>,
    ) -> Result<(), sea_orm::DbErr> {
        self.events
            .add(vec![
                id.into(),
                lesson_id.to_string().into(),
                event.into(),
                seconds.into(),
                at.into(),
            ])
            .await
    }

    /// Writes what is still pending in every table.
    pub(super) async fn flush(&mut self) -> Result<(), sea_orm::DbErr> {
        self.enrolments.flush().await?;
        self.lessons.flush().await?;
        self.events.flush().await?;
        self.attempts.flush().await?;
        self.completions.flush().await
    }

    /// Adds what was written to `out` (learners are counted by the caller).
    pub(super) fn tally(&self, out: &mut Generated) {
        out.lesson_rows += self.lessons.written;
        out.events += self.events.written;
        out.attempts += self.attempts.written;
        out.completions += self.completions.written;
    }
}

/// Collects rows and inserts them `BATCH` at a time.
pub(super) struct Inserter<'a> {
    db: &'a DatabaseConnection,
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
    written: usize,
}

impl<'a> Inserter<'a> {
    pub(super) fn new(
        db: &'a DatabaseConnection,
        table: &'static str,
        columns: &'static [&'static str],
    ) -> Self {
        Self {
            db,
            table,
            columns,
            rows: Vec::new(),
            written: 0,
        }
    }

    pub(super) async fn add(&mut self, row: Vec<Value>) -> Result<(), sea_orm::DbErr> {
        self.rows.push(row);
        if self.rows.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    pub(super) async fn flush(&mut self) -> Result<(), sea_orm::DbErr> {
        if self.rows.is_empty() {
            return Ok(());
        }
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push(&format!(
            "INSERT INTO {} ({}) VALUES ",
            self.table,
            self.columns.join(", ")
        ));
        for (i, row) in std::mem::take(&mut self.rows).into_iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.push("(");
            for (j, value) in row.into_iter().enumerate() {
                if j > 0 {
                    sql.push(", ");
                }
                sql.bind(value);
            }
            sql.push(")");
            self.written += 1;
        }
        self.db.execute_raw(sql.build()).await?;
        Ok(())
    }
}
