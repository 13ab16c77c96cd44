//! `aula demo generate --learners N`: fills the database with realistic learners of
//! the demo municipalities, enrolled in every course, with progress at every stage
//! (lessons opened and completed, events, quiz attempts passed and failed, module and
//! course completions), for benchmarks and for trying the reports at scale. Rows are
//! inserted in multi-row statements; the draw is seeded, so a run is repeatable.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng as _, RngCore, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Value};

use crate::content::Catalog;
use crate::db::sql::Sql;

/// Rows per INSERT statement.
const BATCH: usize = 400;

/// What a run inserted.
#[derive(Debug, Default, Clone, Copy)]
pub struct Generated {
    /// Learners created.
    pub learners: usize,
    /// `lesson_progress` rows.
    pub lesson_rows: usize,
    /// `progress_events` rows.
    pub events: usize,
    /// Quiz attempts.
    pub attempts: usize,
    /// Module and course completions.
    pub completions: usize,
}

/// A seeded generator (`rand`'s `SmallRng`), so generated data, benchmarks and fuzz
/// tests are repeatable: the same seed draws the same numbers.
pub struct Rng(SmallRng);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Self {
        Self(SmallRng::seed_from_u64(seed))
    }

    /// The next number.
    pub fn next_u64(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.0.random_range(0..n) }
    }

    /// True `percent` times in a hundred.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Collects rows and inserts them `BATCH` at a time.
struct Inserter<'a> {
    db: &'a DatabaseConnection,
    table: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<Value>>,
    written: usize,
}

impl<'a> Inserter<'a> {
    fn new(
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

    async fn add(&mut self, row: Vec<Value>) -> Result<(), sea_orm::DbErr> {
        self.rows.push(row);
        if self.rows.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    async fn flush(&mut self) -> Result<(), sea_orm::DbErr> {
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

const SECTORS: [&str; 5] = [
    "servizi-demografici",
    "servizi-sociali",
    "sportello-immigrati",
    "polizia-municipale",
    "altro",
];
const FIRST: [&str; 12] = [
    "Giulia",
    "Marco",
    "Francesca",
    "Luca",
    "Chiara",
    "Alessandro",
    "Sara",
    "Davide",
    "Elena",
    "Matteo",
    "Paola",
    "Stefano",
];
const LAST: [&str; 12] = [
    "Rossi", "Bianchi", "Esposito", "Ferrari", "Romano", "Colombo", "Ricci", "Marino", "Greco",
    "Bruno", "Gallo", "Conti",
];

/// How far the generated learners go.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Profile {
    /// A programme in progress: some never start, the others stop at some point;
    /// a module's quiz comes after its lessons and a failed quiz can stop a learner.
    #[default]
    Realistic,
    /// Every learner opens every lesson and attempts every quiz (the worst case for
    /// reports: a row per learner and lesson).
    Saturated,
}

/// Generates `count` learners with progress in every course of `catalog`.
pub async fn generate(
    db: &DatabaseConnection,
    catalog: &Catalog,
    count: usize,
    seed: u64,
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Generated> {
    generate_with(db, catalog, count, seed, Profile::Realistic, progress).await
}

/// Generates `count` learners following `profile`.
pub async fn generate_with(
    db: &DatabaseConnection,
    catalog: &Catalog,
    count: usize,
    seed: u64,
    profile: Profile,
    progress: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<Generated> {
    let saturated = profile == Profile::Saturated;
    let courses: Vec<String> = catalog.courses.iter().map(|c| c.id.clone()).collect();
    super::load(db, &courses).await?;
    let edition = crate::db::editions::Entity::find()
        .order_by_asc(crate::db::editions::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no edition to enrol the learners in"))?;
    let municipalities: Vec<String> = super::MUNICIPALITIES
        .iter()
        .map(|m| m.0.to_string())
        .collect();
    let mut rng = Rng::new(seed);
    let now = Utc::now();
    let run = format!("{:x}", rng.next_u64() & 0xffff_ffff);
    let mut out = Generated::default();

    for start in (0..count).step_by(BATCH) {
        let end = (start + BATCH).min(count);
        // Learners of this batch, then their ids.
        let mut users = Inserter::new(
            db,
            "users",
            &[
                "email",
                "name",
                "role",
                "municipality",
                "sector",
                "job_title",
                "created_at",
            ],
        );
        let mut emails = Vec::new();
        for i in start..end {
            let email = format!("discente{i}.{run}@generato.aula.it");
            let name = format!(
                "{} {}",
                FIRST[rng.below(FIRST.len() as u64) as usize],
                LAST[rng.below(LAST.len() as u64) as usize]
            );
            let municipality =
                municipalities[rng.below(municipalities.len() as u64) as usize].clone();
            let sector = SECTORS[rng.below(SECTORS.len() as u64) as usize];
            users
                .add(vec![
                    email.clone().into(),
                    name.into(),
                    "learner".into(),
                    municipality.into(),
                    sector.into(),
                    "Istruttore amministrativo".into(),
                    (now - Duration::days(120)).into(),
                ])
                .await?;
            emails.push(email);
        }
        users.flush().await?;
        let mut sql = Sql::new(db.get_database_backend());
        sql.push("SELECT id FROM users WHERE email IN ")
            .bind_list(&emails)
            .push(" ORDER BY id");
        let ids: Vec<i32> = db
            .query_all_raw(sql.build())
            .await?
            .iter()
            .filter_map(|r| r.try_get::<i32>("", "id").ok())
            .collect();

        let mut enrolments = Inserter::new(
            db,
            "enrolments",
            &["user_id", "edition_id", "course_id", "enrolled_at"],
        );
        let mut lessons = Inserter::new(
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
        );
        let mut events = Inserter::new(
            db,
            "progress_events",
            &["user_id", "lesson_id", "event", "seconds", "recorded_at"],
        );
        let mut attempts = Inserter::new(
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
        );
        let mut completions = Inserter::new(
            db,
            "completions",
            &["user_id", "course_id", "module_id", "completed_at"],
        );
        for &id in &ids {
            for course in &catalog.courses {
                let enrolled = now - Duration::days(10 + rng.below(80) as i64);
                enrolments
                    .add(vec![
                        id.into(),
                        edition.id.into(),
                        course.id.clone().into(),
                        enrolled.into(),
                    ])
                    .await?;
                let total: usize = course.modules.iter().map(|m| m.lessons.len()).sum();
                // 12% never start; the others reach a point of the course.
                let reach = if saturated {
                    total
                } else if rng.chance(12) {
                    0
                } else {
                    1 + rng.below(total as u64 + 4) as usize
                };
                let mut at: DateTime<Utc> = enrolled + Duration::hours(1 + rng.below(72) as i64);
                let mut done = 0;
                let mut modules_done = 0;
                for module in &course.modules {
                    let mut module_lessons_done = 0;
                    for lesson in &module.lessons {
                        if done >= reach {
                            break;
                        }
                        let seconds = 60 * i64::from(lesson.minutes) / 2 + rng.below(600) as i64;
                        let completed = done + 1 < reach || rng.chance(70);
                        let end_at = at + Duration::seconds(seconds);
                        lessons
                            .add(vec![
                                id.into(),
                                lesson.id.clone().into(),
                                course.id.clone().into(),
                                module.id.clone().into(),
                                at.into(),
                                completed.then_some(end_at).into(),
                                (seconds as i32).into(),
                                end_at.into(),
                            ])
                            .await?;
                        events
                            .add(vec![
                                id.into(),
                                lesson.id.clone().into(),
                                "started".into(),
                                0.into(),
                                at.into(),
                            ])
                            .await?;
                        if completed {
                            events
                                .add(vec![
                                    id.into(),
                                    lesson.id.clone().into(),
                                    "completed".into(),
                                    (seconds as i32).into(),
                                    end_at.into(),
                                ])
                                .await?;
                            module_lessons_done += 1;
                        }
                        done += 1;
                        at = end_at + Duration::hours(rng.below(48) as i64);
                    }
                    let all_read = module_lessons_done == module.lessons.len();
                    if !all_read && !saturated {
                        break;
                    }
                    let Some(quiz) = &module.quiz else {
                        modules_done += 1;
                        continue;
                    };
                    // Up to three attempts, each passing with growing odds.
                    let mut passed = false;
                    for attempt in 0..3 {
                        if passed || (attempt > 0 && rng.chance(30)) {
                            break;
                        }
                        let pass = rng.chance(60 + 15 * attempt);
                        let percent = if pass {
                            f64::from(quiz.pass_percent)
                                + rng.below(101 - u64::from(quiz.pass_percent)) as f64
                        } else {
                            rng.below(u64::from(quiz.pass_percent)) as f64
                        };
                        let submitted = at + Duration::minutes(5 + rng.below(20) as i64);
                        attempts
                            .add(vec![
                                id.into(),
                                course.id.clone().into(),
                                module.id.clone().into(),
                                "[]".into(),
                                at.into(),
                                Some(submitted).into(),
                                Some(percent / 10.0).into(),
                                Some(10.0).into(),
                                Some(percent).into(),
                                Some(pass).into(),
                            ])
                            .await?;
                        at = submitted + Duration::hours(rng.below(24) as i64);
                        passed = pass;
                    }
                    if !passed || !all_read {
                        if saturated {
                            continue;
                        }
                        break;
                    }
                    completions
                        .add(vec![
                            id.into(),
                            course.id.clone().into(),
                            module.id.clone().into(),
                            at.into(),
                        ])
                        .await?;
                    modules_done += 1;
                }
                if modules_done == course.modules.len() && !course.modules.is_empty() {
                    completions
                        .add(vec![
                            id.into(),
                            course.id.clone().into(),
                            String::new().into(),
                            at.into(),
                        ])
                        .await?;
                }
            }
        }
        enrolments.flush().await?;
        lessons.flush().await?;
        events.flush().await?;
        attempts.flush().await?;
        completions.flush().await?;
        crate::progress::rollup::refresh(db, crate::progress::rollup::Rows::Learners(&ids)).await?;
        out.learners += ids.len();
        out.lesson_rows += lessons.written;
        out.events += events.written;
        out.attempts += attempts.written;
        out.completions += completions.written;
        if let Some(bar) = progress {
            bar.inc((end - start) as u64);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_same_seed_draws_the_same_numbers() {
        let draw = |seed| {
            let mut rng = Rng::new(seed);
            (0..100).map(|_| rng.below(1000)).collect::<Vec<_>>()
        };
        assert_eq!(draw(7), draw(7));
        assert_ne!(draw(7), draw(8));
        assert!(draw(7).iter().all(|&n| n < 1000));
        assert_eq!(Rng::new(1).below(0), 0);
    }
}
