//! Browser security reports: Content-Security-Policy violations are posted here by
//! browsers (the `report-uri` of our CSP), logged and counted, so a page that breaks
//! under the policy, or an injection attempt it blocked, does not go unnoticed.

use axum::http::StatusCode;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::app::AppState;
use crate::web::extract::ApiJson;

/// Routes of this module.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(csp_report))
}

/// Longest excerpt of a report kept in the log.
const LOGGED_REPORT_CHARS: usize = 2_000;

/// Receives a CSP violation report (`application/csp-report` or JSON).
#[utoipa::path(post, path = "/api/v1/csp-reports", tag = "security",
    request_body(content = Object, description = "A CSP violation report as browsers send it"),
    responses(
        (status = 204, description = "Report recorded"),
        (status = 400, description = "Malformed JSON", body = crate::error::ErrorBody),
        (status = 413, description = "Body too large", body = crate::error::ErrorBody),
        (status = 415, description = "Not JSON", body = crate::error::ErrorBody),
    ))]
pub async fn csp_report(ApiJson(report): ApiJson<serde_json::Value>) -> StatusCode {
    let directive = report
        .pointer("/csp-report/violated-directive")
        .or_else(|| report.pointer("/0/body/effectiveDirective"))
        .and_then(|v| v.as_str())
        .unwrap_or("unknown")
        .chars()
        .take(64)
        .collect::<String>();
    let excerpt: String = report
        .to_string()
        .chars()
        .take(LOGGED_REPORT_CHARS)
        .collect();
    tracing::warn!(directive = %directive, report = %excerpt, "content security policy violation");
    metrics::counter!("csp_violations_total").increment(1);
    StatusCode::NO_CONTENT
}
