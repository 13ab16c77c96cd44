//! `aula demo generate --learners N`: fills the database with realistic learners of
//! the demo municipalities, enrolled in every course, with progress at every stage
//! (lessons opened and completed, events, quiz attempts passed and failed, module and
//! course completions), for benchmarks and for trying the reports at scale. Rows are
//! inserted in multi-row statements; the draw is seeded, so a run is repeatable.

use chrono::{DateTime, Duration, Utc};
use rand::rngs::SmallRng;
use rand::{Rng as _, RngCore, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder};

use crate::content::Catalog;
use crate::content::model::{Course, Module, Quiz};
use crate::db::sql::Sql;

mod tables;
use tables::{Inserter, Tables};

/// Rows per INSERT statement, and learners per batch.
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
    let courses: Vec<String> = catalog.courses.iter().map(|c| c.id.clone()).collect();
    super::load(db, &courses).await?;
    let edition = crate::db::editions::Entity::find()
        .order_by_asc(crate::db::editions::Column::Id)
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no edition to enrol the learners in"))?;
    let mut rng = Rng::new(seed);
    let run = Run {
        db,
        edition_id: edition.id,
        municipalities: super::MUNICIPALITIES
            .iter()
            .map(|m| m.0.to_string())
            .collect(),
        now: Utc::now(),
        tag: format!("{:x}", rng.next_u64() & 0xffff_ffff),
        saturated: profile == Profile::Saturated,
    };
    let mut out = Generated::default();
    for start in (0..count).step_by(BATCH) {
        let end = (start + BATCH).min(count);
        let ids = run.insert_learners(&mut rng, start..end).await?;
        let mut tables = Tables::new(db);
        for &id in &ids {
            for course in &catalog.courses {
                run.follow_course(&mut rng, &mut tables, id, course).await?;
            }
        }
        tables.flush().await?;
        crate::progress::rollup::refresh(db, crate::progress::rollup::Rows::Learners(&ids)).await?;
        crate::progress::activity::refresh(db, &ids).await?;
        out.learners += ids.len();
        tables.tally(&mut out);
        if let Some(bar) = progress {
            bar.inc((end - start) as u64);
        }
    }
    Ok(out)
}

/// What every learner of one run shares.
struct Run<'a> {
    db: &'a DatabaseConnection,
    edition_id: i32,
    municipalities: Vec<String>,
    now: DateTime<Utc>,
    /// Part of every e-mail address, so a second run does not collide with the first.
    tag: String,
    saturated: bool,
}

impl Run<'_> {
    /// Inserts the learners numbered `range` and returns their ids.
    async fn insert_learners(
        &self,
        rng: &mut Rng,
        range: std::ops::Range<usize>,
    ) -> Result<Vec<i32>, sea_orm::DbErr> {
        let mut users = Inserter::new(
            self.db,
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
        for i in range {
            let email = format!("discente{i}.{}@generato.aula.it", self.tag);
            let name = format!(
                "{} {}",
                FIRST[rng.below(FIRST.len() as u64) as usize],
                LAST[rng.below(LAST.len() as u64) as usize]
            );
            let municipality =
                self.municipalities[rng.below(self.municipalities.len() as u64) as usize].clone();
            let sector = SECTORS[rng.below(SECTORS.len() as u64) as usize];
            users
                .add(vec![
                    email.clone().into(),
                    name.into(),
                    "learner".into(),
                    municipality.into(),
                    sector.into(),
                    "Istruttore amministrativo".into(),
                    (self.now - Duration::days(120)).into(),
                ])
                .await?;
            emails.push(email);
        }
        users.flush().await?;
        let mut sql = Sql::new(self.db.get_database_backend());
        sql.push("SELECT id FROM users WHERE email IN ")
            .bind_list(&emails)
            .push(" ORDER BY id");
        Ok(self
            .db
            .query_all_raw(sql.build())
            .await?
            .iter()
            .filter_map(|r| r.try_get::<i32>("", "id").ok())
            .collect())
    }

    /// Enrols learner `id` in `course` and draws how far they get: lessons in order,
    /// each module's quiz after its lessons, then the module and course completions.
    async fn follow_course(
        &self,
        rng: &mut Rng,
        tables: &mut Tables<'_>,
        id: i32,
        course: &Course,
    ) -> Result<(), sea_orm::DbErr> {
        let enrolled = self.now - Duration::days(10 + rng.below(80) as i64);
        tables
            .enrolments
            .add(vec![
                id.into(),
                self.edition_id.into(),
                course.id.clone().into(),
                enrolled.into(),
            ])
            .await?;
        let total: usize = course.modules.iter().map(|m| m.lessons.len()).sum();
        // 12% never start; the others reach a point of the course.
        let reach = if self.saturated {
            total
        } else if rng.chance(12) {
            0
        } else {
            1 + rng.below(total as u64 + 4) as usize
        };
        let mut walk = Walk {
            id,
            course,
            at: enrolled + Duration::hours(1 + rng.below(72) as i64),
            done: 0,
            reach,
        };
        let mut modules_done = 0;
        for module in &course.modules {
            let all_read = walk.read_lessons(rng, tables, module).await? == module.lessons.len();
            if !all_read && !self.saturated {
                break;
            }
            let Some(quiz) = &module.quiz else {
                modules_done += 1;
                continue;
            };
            let passed = walk.attempt_quiz(rng, tables, module, quiz).await?;
            if !passed || !all_read {
                if self.saturated {
                    continue;
                }
                break;
            }
            walk.complete(tables, &module.id).await?;
            modules_done += 1;
        }
        if modules_done == course.modules.len() && !course.modules.is_empty() {
            walk.complete(tables, "").await?;
        }
        Ok(())
    }
}

/// One learner's way through one course: where they are in time and how many of the
/// `reach` lessons they may open they have opened.
struct Walk<'c> {
    id: i32,
    course: &'c Course,
    at: DateTime<Utc>,
    done: usize,
    reach: usize,
}

impl Walk<'_> {
    /// Opens the lessons of `module` until the reach runs out; returns how many were
    /// completed.
    async fn read_lessons(
        &mut self,
        rng: &mut Rng,
        tables: &mut Tables<'_>,
        module: &Module,
    ) -> Result<usize, sea_orm::DbErr> {
        let mut completed_lessons = 0;
        for lesson in &module.lessons {
            if self.done >= self.reach {
                break;
            }
            let seconds = 60 * i64::from(lesson.minutes) / 2 + rng.below(600) as i64;
            let completed = self.done + 1 < self.reach || rng.chance(70);
            let end_at = self.at + Duration::seconds(seconds);
            tables
                .lessons
                .add(vec![
                    self.id.into(),
                    lesson.id.clone().into(),
                    self.course.id.clone().into(),
                    module.id.clone().into(),
                    self.at.into(),
                    completed.then_some(end_at).into(),
                    (seconds as i32).into(),
                    end_at.into(),
                ])
                .await?;
            tables
                .event(self.id, &lesson.id, "started", 0, self.at)
                .await?;
            if completed {
                tables
                    .event(self.id, &lesson.id, "completed", seconds as i32, end_at)
                    .await?;
                completed_lessons += 1;
            }
            self.done += 1;
            self.at = end_at + Duration::hours(rng.below(48) as i64);
        }
        Ok(completed_lessons)
    }

    /// Up to three attempts at `quiz`, each passing with growing odds; returns whether
    /// one passed.
    async fn attempt_quiz(
        &mut self,
        rng: &mut Rng,
        tables: &mut Tables<'_>,
        module: &Module,
        quiz: &Quiz,
    ) -> Result<bool, sea_orm::DbErr> {
        let mut passed = false;
        for attempt in 0..3 {
            if passed || (attempt > 0 && rng.chance(30)) {
                break;
            }
            let pass = rng.chance(60 + 15 * attempt);
            let percent = if pass {
                f64::from(quiz.pass_percent) + rng.below(101 - u64::from(quiz.pass_percent)) as f64
            } else {
                rng.below(u64::from(quiz.pass_percent)) as f64
            };
            let submitted = self.at + Duration::minutes(5 + rng.below(20) as i64);
            tables
                .attempts
                .add(vec![
                    self.id.into(),
                    self.course.id.clone().into(),
                    module.id.clone().into(),
                    "[]".into(),
                    self.at.into(),
                    Some(submitted).into(),
                    Some(percent / 10.0).into(),
                    Some(10.0).into(),
                    Some(percent).into(),
                    Some(pass).into(),
                ])
                .await?;
            self.at = submitted + Duration::hours(rng.below(24) as i64);
            passed = pass;
        }
        Ok(passed)
    }

    /// Records the completion of module `module_id`, or of the whole course when
    /// `module_id` is empty.
    async fn complete(
        &self,
        tables: &mut Tables<'_>,
        module_id: &str,
    ) -> Result<(), sea_orm::DbErr> {
        tables
            .completions
            .add(vec![
                self.id.into(),
                self.course.id.clone().into(),
                module_id.to_string().into(),
                self.at.into(),
            ])
            .await
    }
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
