//! What the report pages and the reports API share: the query string of every report
//! (filters, sorting, page) and the streamed file download.

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
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

/// A streamed file download, named `<stem>.<extension of format>`.
pub fn attachment(format: Format, stem: &str, body: FileStream) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(format.content_type()),
            ),
            (
                header::CONTENT_DISPOSITION,
                content_disposition(stem, format.ext()),
            ),
        ],
        Body::from_stream(body),
    )
        .into_response()
}

/// Longest file name stem offered, in characters (a filter value can be long).
const STEM_CHARS: usize = 100;

/// Characters written as they are in the RFC 5987 `filename*` (its `attr-char`).
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `Content-Disposition: attachment` naming the file `<stem>.<ext>` twice: `filename`
/// in plain ASCII (anything but letters, digits, `.`, `-` and `_` becomes `_`) for old
/// clients, and `filename*` (RFC 5987, UTF-8, percent-encoded) with the exact name.
/// Whatever the stem holds (it carries a course id from the query string), the header
/// is well-formed and names one file with no path.
pub fn content_disposition(stem: &str, ext: &str) -> HeaderValue {
    let stem: String = stem
        .chars()
        .filter(|c| !c.is_control())
        .take(STEM_CHARS)
        .collect();
    let name = format!("{stem}.{ext}");
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let exact = utf8_percent_encode(&name, ATTR_CHAR);
    HeaderValue::from_str(&format!(
        "attachment; filename=\"{ascii}\"; filename*=UTF-8''{exact}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("attachment"))
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn file_names_are_plain_ascii_and_exact_utf8() {
        let header = content_disposition("learners-corso-è", "csv");
        assert_eq!(
            header.to_str().ok(),
            Some(
                "attachment; filename=\"learners-corso-_.csv\"; filename*=UTF-8''learners-corso-%C3%A8.csv"
            )
        );
        let hostile = content_disposition("x\"; filename=\"../../evil.sh\r\n\u{0}", "csv");
        let text = hostile.to_str().unwrap_or_default();
        assert!(text.starts_with("attachment; filename=\"x__"), "{text}");
        assert_eq!(text.matches('"').count(), 2, "{text}");
        assert!(!text.contains('/') && !text.contains('\r'), "{text}");
        let long = content_disposition(&"a".repeat(10_000), "xlsx");
        assert!(long.len() < 300, "{}", long.len());
        assert!(long.to_str().unwrap_or_default().contains(".xlsx\";"));
    }
}
