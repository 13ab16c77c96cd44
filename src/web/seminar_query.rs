//! What the seminar report pages and API share: the query string of the report of
//! learners who never attended (course, filters, `limit`, `after`), each value
//! checked with a clear message.

use serde::Deserialize;

use crate::app::AppState;
use crate::content::model::Course;
use crate::error::AppError;
use crate::reports::Filters;
use crate::reports::seminars::{DEFAULT_LIMIT, MAX_LIMIT};

/// `?course=&region=&municipality=&sector=&limit=&after=`, read as text and checked.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NeverAttendedQuery {
    /// Course id (default: the first course).
    pub course: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// ISTAT code.
    pub municipality: Option<String>,
    /// Sector slug.
    pub sector: Option<String>,
    /// Learners per page.
    pub limit: Option<String>,
    /// The last learner id of the previous page.
    pub after: Option<String>,
}

impl NeverAttendedQuery {
    /// The course asked for (the first of the catalog when none is), or 404.
    pub fn course(&self, state: &AppState) -> Result<Course, AppError> {
        let catalog = state.catalog();
        let course = match self.course.as_deref().map(str::trim) {
            Some(id) if !id.is_empty() => catalog.course(id),
            _ => catalog.courses.first(),
        };
        course.cloned().ok_or(AppError::NotFound)
    }

    /// The filters (course set by the caller from [`Self::course`]).
    pub fn filters(&self, course: &Course) -> Filters {
        Filters {
            course: course.id.clone(),
            region: self.region.clone(),
            municipality: self.municipality.clone(),
            sector: self.sector.clone(),
        }
        .normalised()
    }

    /// `after`: a learner id, or nothing.
    pub fn after(&self) -> Result<Option<i32>, AppError> {
        match self.after.as_deref().map(str::trim) {
            None | Some("") => Ok(None),
            Some(text) => text.parse::<i32>().map(Some).map_err(|_| {
                AppError::BadRequest(format!(
                    "«after» deve essere l'id di un discente (un numero intero), non «{}»",
                    shorten(text)
                ))
            }),
        }
    }

    /// `limit`: from 1 to the maximum, [`DEFAULT_LIMIT`] when absent.
    pub fn limit(&self) -> Result<u64, AppError> {
        match self.limit.as_deref().map(str::trim) {
            None | Some("") => Ok(DEFAULT_LIMIT),
            Some(text) => text
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=MAX_LIMIT).contains(n))
                .ok_or_else(|| {
                    AppError::BadRequest(format!(
                        "«limit» deve essere un numero intero da 1 a {MAX_LIMIT}, non «{}»",
                        shorten(text)
                    ))
                }),
        }
    }

    /// The query string of the filters (for links), without `limit` and `after`.
    pub fn filter_query(filters: &Filters) -> String {
        crate::web::report_query::ReportQuery::filter_query(filters)
    }
}

/// A value quoted in a message, cut to 40 characters.
fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    out
}
