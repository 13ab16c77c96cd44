//! What the report pages and the reports API share: the query string of every report
//! (filters, sorting, page) and the streamed file download.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};

use crate::app::AppState;
use crate::reports::export::Format;
use crate::reports::tables::FileStream;
use crate::reports::{Filters, Order};

/// Query string of every report: filters, sorting, page. Values are read as text so
/// a malformed one falls back to its default instead of failing the page.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ReportQuery {
    /// Course id (default: the first course).
    pub course: Option<String>,
    /// Region.
    pub region: Option<String>,
    /// ISTAT code.
    pub municipality: Option<String>,
    /// Sector slug.
    pub sector: Option<String>,
    /// Sort order of learner tables.
    pub sort: Option<String>,
    /// Page, from 1.
    pub page: Option<String>,
}

impl ReportQuery {
    /// The filters, with the course defaulted to the first of the catalog.
    pub fn filters(&self, state: &AppState) -> Filters {
        let course = self
            .course
            .clone()
            .filter(|c| !c.trim().is_empty())
            .or_else(|| state.course_ids().into_iter().next())
            .unwrap_or_default();
        Filters {
            course,
            region: self.region.clone(),
            municipality: self.municipality.clone(),
            sector: self.sector.clone(),
        }
        .normalised()
    }

    /// The page asked for, from 1.
    pub fn page(&self) -> u64 {
        self.page
            .as_deref()
            .and_then(|p| p.trim().parse().ok())
            .unwrap_or(1)
            .clamp(1, 100_000)
    }

    /// The sort order asked for.
    pub fn order(&self) -> Order {
        Order::parse(self.sort.as_deref().unwrap_or(""))
    }

    /// The query string of these filters (for links), without page and sort.
    pub fn filter_query(filters: &Filters) -> String {
        let mut pairs = vec![("course", filters.course.clone())];
        for (k, v) in [
            ("region", &filters.region),
            ("municipality", &filters.municipality),
            ("sector", &filters.sector),
        ] {
            if let Some(v) = v {
                pairs.push((k, v.clone()));
            }
        }
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    }
}

/// A streamed file download.
pub fn attachment(format: Format, name: &str, body: FileStream) -> Response {
    (
        [
            (header::CONTENT_TYPE, format.content_type().to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}
