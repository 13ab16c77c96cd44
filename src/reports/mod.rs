//! Tutor progress reports: the cohort overview, the progress matrix, a learner's
//! detail and the at-risk list, each computed by a fixed number of aggregate queries
//! (never one per learner or per activity), and their CSV and XLSX exports; and
//! the learners who completed a course's remote part but never came to its seminars
//! (`seminars.rs`).

pub mod cohort;
pub mod detail;
pub mod export;
pub mod keyset;
pub mod learners;
pub mod matrix;
pub mod overview;
pub mod overview_cache;
pub mod seminars;
pub mod tables;

pub use cohort::{Filters, Scope};
pub use learners::{AtRisk, CourseSize, LearnerRow, Order, Status};

use crate::content::Catalog;

/// The size of a course in the catalog (zero when it is unknown).
pub fn course_size(catalog: &Catalog, course: &str) -> CourseSize {
    catalog
        .course(course)
        .map_or_else(CourseSize::default, |c| CourseSize {
            lessons: c.modules.iter().map(|m| m.lessons.len() as i64).sum(),
            quizzes: c.modules.iter().filter(|m| m.quiz.is_some()).count() as i64,
        })
}
