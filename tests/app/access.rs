//! The access matrix: every route × anonymous, learner, other learner, tutor of the
//! learner's cohort, tutor of another cohort, admin. The matrix must name exactly the
//! routes of `aula::accounts::access::RULES`, and a route without a rule is refused by
//! the server, so a new route cannot ship without an entry here.

use std::collections::BTreeSet;

use aula::accounts::access::RULES;
use aula::accounts::users::{self, NewUser};
use reqwest::Method;

use crate::corpus::fixture;
use crate::helpers::{ADMIN, LEARNER, OTHER_LEARNER, TUTOR, TestApp};

/// Column order of the expected statuses.
const PERSONAS: [&str; 6] = [
    "anonymous",
    "learner",
    "other learner",
    "tutor (cohort)",
    "tutor (other)",
    "admin",
];

/// One row: method, route template, concrete path, body, expected status per persona.
pub struct Row {
    pub method: &'static str,
    pub template: &'static str,
    pub path: String,
    pub body: Body,
    pub expect: [u16; 6],
}

#[derive(Clone)]
pub enum Body {
    None,
    Json(serde_json::Value),
    /// A form: the persona's CSRF token is added.
    Form(Vec<(&'static str, String)>),
}

const ALL_200: [u16; 6] = [200; 6];
const PAGE_SIGNED_IN: [u16; 6] = [303, 200, 200, 200, 200, 200];
const API_SIGNED_IN: [u16; 6] = [401, 200, 200, 200, 200, 200];
const PAGE_STAFF: [u16; 6] = [303, 403, 403, 200, 200, 200];
const PAGE_ADMIN: [u16; 6] = [303, 403, 403, 403, 403, 200];
const LEARNERS_ONLY_API: [u16; 6] = [401, 200, 200, 403, 403, 403];
const STAFF_NOT_FOUND_PAGE: [u16; 6] = [303, 403, 403, 404, 404, 404];
const STAFF_NOT_FOUND_API: [u16; 6] = [401, 403, 403, 404, 404, 404];

/// A report of an error, long enough to be accepted (each persona sends three, under
/// the throttle).
const PROBLEM: &str = "Il termine indicato non corrisponde alla norma in vigore.";

/// The rows, for the persona in `column` (failed sign-ins and reset requests use a
/// different unknown address per persona, so per-account throttling does not change
/// the answers).
pub fn matrix(learner_id: i32, column: usize) -> Vec<Row> {
    let nobody = format!("nessuno{column}@example.it");
    let lesson = "immigrazione-servizi-comunali/semplificazione/quadro-normativo";
    let module = "immigrazione-servizi-comunali/semplificazione";
    let row = |method, template, path: &str, body, expect| Row {
        method,
        template,
        path: path.to_string(),
        body,
        expect,
    };
    let form = |pairs: &[(&'static str, &str)]| {
        Body::Form(pairs.iter().map(|(k, v)| (*k, v.to_string())).collect())
    };
    vec![
        row("GET", "/", "/", Body::None, ALL_200),
        row("GET", "/healthz", "/healthz", Body::None, ALL_200),
        row("GET", "/readyz", "/readyz", Body::None, ALL_200),
        row(
            "GET",
            "/assets/{*path}",
            "/assets/aula.css",
            Body::None,
            ALL_200,
        ),
        row(
            "GET",
            "/api/v1/openapi.json",
            "/api/v1/openapi.json",
            Body::None,
            ALL_200,
        ),
        row(
            "POST",
            "/api/v1/csp-reports",
            "/api/v1/csp-reports",
            Body::Json(serde_json::json!({"csp-report": {}})),
            [204; 6],
        ),
        row(
            "GET",
            "/login",
            "/login",
            Body::None,
            [200, 303, 303, 303, 303, 303],
        ),
        row(
            "POST",
            "/login",
            "/login",
            form(&[("email", &nobody), ("password", "sbagliata-davvero")]),
            [401; 6],
        ),
        row("POST", "/logout", "/logout", form(&[]), [303; 6]),
        row(
            "POST",
            "/lingua",
            "/lingua",
            form(&[("lang", "de"), ("next", "/courses")]),
            [303; 6],
        ),
        row(
            "GET",
            "/password/forgot",
            "/password/forgot",
            Body::None,
            ALL_200,
        ),
        row(
            "POST",
            "/password/forgot",
            "/password/forgot",
            form(&[("email", &nobody)]),
            ALL_200,
        ),
        row(
            "GET",
            "/password/reset/{token}",
            "/password/reset/falso",
            Body::None,
            ALL_200,
        ),
        row(
            "POST",
            "/password/reset/{token}",
            "/password/reset/falso",
            form(&[
                ("password", "abbastanza-lunga"),
                ("confirm", "abbastanza-lunga"),
            ]),
            [410; 6],
        ),
        row(
            "GET",
            "/invite/{token}",
            "/invite/falso",
            Body::None,
            ALL_200,
        ),
        row(
            "POST",
            "/invite/{token}",
            "/invite/falso",
            form(&[
                ("password", "abbastanza-lunga"),
                ("confirm", "abbastanza-lunga"),
            ]),
            [410; 6],
        ),
        row("GET", "/profile", "/profile", Body::None, PAGE_SIGNED_IN),
        row(
            "POST",
            "/profile/reminders",
            "/profile/reminders",
            form(&[("rule", "deadline")]),
            [303; 6],
        ),
        row(
            "GET",
            "/profilo/dati",
            "/profilo/dati",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "POST",
            "/profilo/dati/esportazione",
            "/profilo/dati/esportazione",
            form(&[]),
            [303; 6],
        ),
        row(
            "GET",
            "/profilo/dati/esportazioni/{id}",
            "/profilo/dati/esportazioni/999999",
            Body::None,
            [303, 404, 404, 404, 404, 404],
        ),
        // No edition of the demo lets its learners erase their own account.
        row(
            "POST",
            "/profilo/dati/cancellazione",
            "/profilo/dati/cancellazione",
            form(&[("confirmation", nobody.as_str())]),
            [303, 403, 403, 403, 403, 403],
        ),
        row(
            "GET",
            "/profilo/accessi",
            "/profilo/accessi",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row("GET", "/informativa", "/informativa", Body::None, ALL_200),
        row(
            "GET",
            "/informativa/{version}",
            "/informativa/2026-12-01",
            Body::None,
            ALL_200,
        ),
        row(
            "POST",
            "/informativa/presa-visione",
            "/informativa/presa-visione",
            form(&[("version", "2026-12-01"), ("next", "/")]),
            [303; 6],
        ),
        row(
            "GET",
            "/unsubscribe/{user}/{rule}/{signature}",
            "/unsubscribe/1/inactive/00ff",
            Body::None,
            [404; 6],
        ),
        row(
            "POST",
            "/unsubscribe/{user}/{rule}/{signature}",
            "/unsubscribe/1/inactive/00ff",
            form(&[]),
            [404; 6],
        ),
        row(
            "POST",
            "/api/v1/session",
            "/api/v1/session",
            Body::Json(serde_json::json!({"email": nobody, "password": "sbagliata"})),
            [401; 6],
        ),
        row(
            "DELETE",
            "/api/v1/session",
            "/api/v1/session",
            Body::None,
            [401, 204, 204, 204, 204, 204],
        ),
        row("GET", "/api/v1/me", "/api/v1/me", Body::None, API_SIGNED_IN),
        row(
            "POST",
            "/api/v1/tokens",
            "/api/v1/tokens",
            Body::Json(serde_json::json!({"name": "matrice", "scopes": ["content:read"]})),
            [401, 201, 201, 201, 201, 201],
        ),
        row(
            "GET",
            "/api/v1/tokens",
            "/api/v1/tokens",
            Body::None,
            [401, 403, 403, 403, 403, 200],
        ),
        row(
            "DELETE",
            "/api/v1/tokens/{id}",
            "/api/v1/tokens/999999",
            Body::None,
            [401, 403, 403, 403, 403, 404],
        ),
        row("GET", "/courses", "/courses", Body::None, PAGE_SIGNED_IN),
        row(
            "GET",
            "/courses/{course}",
            "/courses/immigrazione-servizi-comunali",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "GET",
            "/courses/{course}/glossario",
            "/courses/immigrazione-servizi-comunali/glossario",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "GET",
            "/courses/{course}/{module}/{lesson}",
            &format!("/courses/{lesson}"),
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row("GET", "/library", "/library", Body::None, PAGE_SIGNED_IN),
        row(
            "GET",
            "/library/{act}",
            "/library/dlgs-999-2099",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "GET",
            "/library/{act}/{article}",
            "/library/dlgs-999-2099/art-1",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "GET",
            "/search",
            "/search?q=permesso+di+soggiorno",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/search",
            "/api/v1/search?q=art.+1+D.Lgs.+999/2099",
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/courses",
            "/api/v1/courses",
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/lessons/{course}/{module}/{lesson}",
            &format!("/api/v1/lessons/{lesson}"),
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/library/acts",
            "/api/v1/library/acts",
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/library/{act}/{article}",
            "/api/v1/library/dlgs-999-2099/art-1",
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "GET",
            "/courses/{course}/{module}/{lesson}/segnala",
            &format!("/courses/{lesson}/segnala"),
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "POST",
            "/courses/{course}/{module}/{lesson}/segnala",
            &format!("/courses/{lesson}/segnala"),
            form(&[("descrizione", PROBLEM), ("passo", "")]),
            [303; 6],
        ),
        row(
            "GET",
            "/library/{act}/{article}/segnala",
            "/library/dlgs-999-2099/art-1/segnala",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "POST",
            "/library/{act}/{article}/segnala",
            "/library/dlgs-999-2099/art-1/segnala",
            form(&[("descrizione", PROBLEM)]),
            [303; 6],
        ),
        row(
            "GET",
            "/segnalazioni",
            "/segnalazioni",
            Body::None,
            PAGE_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/error-reports",
            "/api/v1/error-reports",
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "POST",
            "/api/v1/error-reports",
            "/api/v1/error-reports",
            Body::Json(
                serde_json::json!({"article": "dlgs-999-2099/art-1", "description": PROBLEM}),
            ),
            [401, 201, 201, 201, 201, 201],
        ),
        row(
            "POST",
            "/api/v1/progress",
            "/api/v1/progress",
            Body::Json(serde_json::json!({"lesson": lesson, "event": "started", "seconds": 0})),
            LEARNERS_ONLY_API,
        ),
        row(
            "GET",
            "/api/v1/me/progress",
            "/api/v1/me/progress",
            Body::None,
            LEARNERS_ONLY_API,
        ),
        row(
            "GET",
            "/api/v1/quizzes/{course}/{module}",
            &format!("/api/v1/quizzes/{module}"),
            Body::None,
            LEARNERS_ONLY_API,
        ),
        row(
            "POST",
            "/api/v1/quizzes/{course}/{module}/attempts",
            &format!("/api/v1/quizzes/{module}/attempts"),
            Body::Json(serde_json::json!({"answers": {}})),
            LEARNERS_ONLY_API,
        ),
        row(
            "POST",
            "/courses/{course}/{module}/{lesson}/complete",
            &format!("/courses/{lesson}/complete"),
            form(&[]),
            [303, 303, 303, 403, 403, 403],
        ),
        row(
            "GET",
            "/courses/{course}/{module}/quiz",
            &format!("/courses/{module}/quiz"),
            Body::None,
            [303, 200, 200, 403, 403, 403],
        ),
        row(
            "POST",
            "/courses/{course}/{module}/quiz",
            &format!("/courses/{module}/quiz"),
            form(&[]),
            [303, 200, 200, 403, 403, 403],
        ),
        row(
            "GET",
            "/api/v1/users",
            "/api/v1/users",
            Body::None,
            [401, 403, 403, 403, 403, 200],
        ),
        row(
            "GET",
            "/api/v1/users/{id}",
            &format!("/api/v1/users/{learner_id}"),
            Body::None,
            [401, 200, 403, 200, 403, 200],
        ),
        row("GET", "/tutor", "/tutor", Body::None, PAGE_STAFF),
        row(
            "GET",
            "/tutor/matrix",
            "/tutor/matrix",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/tutor/at-risk",
            "/tutor/at-risk",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/tutor/learners/{id}",
            &format!("/tutor/learners/{learner_id}"),
            Body::None,
            [303, 403, 403, 200, 403, 200],
        ),
        row(
            "GET",
            "/tutor/export/{file}",
            "/tutor/export/learners.csv",
            Body::None,
            PAGE_STAFF,
        ),
        // Seminar attendance: a session nobody has is a 404 for staff (and so is a
        // session of another region, see tests/app/seminars/attendance.rs).
        row(
            "GET",
            "/tutor/seminari",
            "/tutor/seminari",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/tutor/seminari/sessioni/{id}/presenze",
            "/tutor/seminari/sessioni/999999/presenze",
            Body::None,
            STAFF_NOT_FOUND_PAGE,
        ),
        row(
            "POST",
            "/tutor/seminari/sessioni/{id}/presenze",
            "/tutor/seminari/sessioni/999999/presenze",
            form(&[
                ("user", "1"),
                ("giorno", "1"),
                ("meta", "am"),
                ("presente", "1"),
            ]),
            STAFF_NOT_FOUND_PAGE,
        ),
        row(
            "POST",
            "/tutor/seminari/sessioni/{id}/presenze/tutti",
            "/tutor/seminari/sessioni/999999/presenze/tutti",
            form(&[("giorno", "1"), ("meta", "am")]),
            STAFF_NOT_FOUND_PAGE,
        ),
        row(
            "GET",
            "/tutor/seminari/sessioni/{id}/presenze/storico",
            "/tutor/seminari/sessioni/999999/presenze/storico",
            Body::None,
            STAFF_NOT_FOUND_PAGE,
        ),
        row(
            "GET",
            "/tutor/seminari/sessioni/{id}/presenze/importa",
            "/tutor/seminari/sessioni/999999/presenze/importa",
            Body::None,
            STAFF_NOT_FOUND_PAGE,
        ),
        row(
            "POST",
            "/tutor/seminari/sessioni/{id}/presenze/importa",
            "/tutor/seminari/sessioni/999999/presenze/importa",
            form(&[("testo", "email,day,half,present")]),
            STAFF_NOT_FOUND_PAGE,
        ),
        row(
            "GET",
            "/api/v1/seminars/sessions/{id}/attendance",
            "/api/v1/seminars/sessions/999999/attendance",
            Body::None,
            STAFF_NOT_FOUND_API,
        ),
        row(
            "PUT",
            "/api/v1/seminars/sessions/{id}/attendance",
            "/api/v1/seminars/sessions/999999/attendance",
            Body::Json(serde_json::json!({"marks": []})),
            STAFF_NOT_FOUND_API,
        ),
        row(
            "POST",
            "/api/v1/seminars/sessions/{id}/attendance/import",
            "/api/v1/seminars/sessions/999999/attendance/import",
            Body::None,
            STAFF_NOT_FOUND_API,
        ),
        row(
            "GET",
            "/api/v1/seminars/sessions/{id}/attendance/history",
            "/api/v1/seminars/sessions/999999/attendance/history",
            Body::None,
            STAFF_NOT_FOUND_API,
        ),
        row(
            "GET",
            "/api/v1/reports/learners",
            "/api/v1/reports/learners",
            Body::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            "GET",
            "/api/v1/reports/learners.csv",
            "/api/v1/reports/learners.csv",
            Body::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row("GET", "/admin", "/admin", Body::None, PAGE_ADMIN),
        row(
            "GET",
            "/admin/municipalities",
            "/admin/municipalities",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/search",
            "/admin/search",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/reminders",
            "/admin/reminders",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/library",
            "/admin/library",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/segnalazioni",
            "/admin/segnalazioni",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/segnalazioni/{id}",
            "/admin/segnalazioni/999999",
            Body::None,
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/admin/segnalazioni/{id}/risposta",
            "/admin/segnalazioni/999999/risposta",
            form(&[("risposta", "Grazie della segnalazione.")]),
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/admin/segnalazioni/{id}/chiusura",
            "/admin/segnalazioni/999999/chiusura",
            form(&[]),
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "GET",
            "/admin/privacy",
            "/admin/privacy",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/privacy/utenti/{id}",
            &format!("/admin/privacy/utenti/{learner_id}"),
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "POST",
            "/admin/privacy/utenti/{id}/esportazione",
            &format!("/admin/privacy/utenti/{learner_id}/esportazione"),
            form(&[]),
            [303, 403, 403, 403, 403, 303],
        ),
        // A confirmation that is not the account's address: nothing is erased.
        row(
            "POST",
            "/admin/privacy/utenti/{id}/cancellazione",
            &format!("/admin/privacy/utenti/{learner_id}/cancellazione"),
            form(&[("confirmation", nobody.as_str())]),
            [303, 403, 403, 403, 403, 422],
        ),
        row(
            "GET",
            "/admin/privacy/esportazioni/{id}",
            "/admin/privacy/esportazioni/999999",
            Body::None,
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "GET",
            "/admin/editions",
            "/admin/editions",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "POST",
            "/admin/editions",
            "/admin/editions",
            form(&[("number", "x"), ("title", "")]),
            [303, 403, 403, 403, 403, 422],
        ),
        row(
            "GET",
            "/admin/tokens",
            "/admin/tokens",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "POST",
            "/admin/tokens",
            "/admin/tokens",
            form(&[("name", "matrice"), ("scope", "content:read")]),
            PAGE_ADMIN,
        ),
        row(
            "POST",
            "/admin/tokens/{id}/revoke",
            "/admin/tokens/999999/revoke",
            form(&[]),
            [303, 403, 403, 403, 403, 303],
        ),
        row("GET", "/seminari", "/seminari", Body::None, PAGE_SIGNED_IN),
        row(
            "POST",
            "/seminari/sessioni/{id}/iscrizione",
            "/seminari/sessioni/999999/iscrizione",
            form(&[]),
            [303, 404, 404, 403, 403, 403],
        ),
        row(
            "POST",
            "/seminari/sessioni/{id}/rinuncia",
            "/seminari/sessioni/999999/rinuncia",
            form(&[]),
            [303, 404, 404, 403, 403, 403],
        ),
        row(
            "GET",
            "/api/v1/seminars",
            "/api/v1/seminars",
            Body::None,
            API_SIGNED_IN,
        ),
        row(
            "GET",
            "/api/v1/me/seminars",
            "/api/v1/me/seminars",
            Body::None,
            LEARNERS_ONLY_API,
        ),
        row(
            "POST",
            "/api/v1/seminars/sessions/{id}/registration",
            "/api/v1/seminars/sessions/999999/registration",
            Body::None,
            [401, 404, 404, 403, 403, 403],
        ),
        row(
            "DELETE",
            "/api/v1/seminars/sessions/{id}/registration",
            "/api/v1/seminars/sessions/999999/registration",
            Body::None,
            [401, 404, 404, 403, 403, 403],
        ),
        // Running seminars: no such session or registration (999999), so the staff
        // who may call the route get a 404, everyone else is refused first.
        row(
            "GET",
            "/tutor/seminari/approvazioni",
            "/tutor/seminari/approvazioni",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "POST",
            "/tutor/seminari/approvazioni/{id}",
            "/tutor/seminari/approvazioni/999999",
            form(&[("decisione", "approva")]),
            [303, 403, 403, 404, 404, 404],
        ),
        row(
            "GET",
            "/api/v1/seminars/sessions/{id}/roster",
            "/api/v1/seminars/sessions/999999/roster",
            Body::None,
            [401, 403, 403, 404, 404, 404],
        ),
        row(
            "POST",
            "/api/v1/seminars/registrations/{id}/decision",
            "/api/v1/seminars/registrations/999999/decision",
            Body::Json(serde_json::json!({"decision": "approve"})),
            [401, 403, 403, 404, 404, 404],
        ),
        row(
            "GET",
            "/admin/seminari",
            "/admin/seminari",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/seminari/nuovo",
            "/admin/seminari/nuovo",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "POST",
            "/admin/seminari/nuovo",
            "/admin/seminari/nuovo",
            form(&[("titolo", "")]),
            [303, 403, 403, 403, 403, 422],
        ),
        row(
            "GET",
            "/admin/seminari/{id}/sessioni/nuova",
            "/admin/seminari/999999/sessioni/nuova",
            Body::None,
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/admin/seminari/{id}/sessioni/nuova",
            "/admin/seminari/999999/sessioni/nuova",
            form(&[("posti", "10")]),
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "GET",
            "/admin/seminari/sessioni/{id}",
            "/admin/seminari/sessioni/999999",
            Body::None,
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/admin/seminari/sessioni/{id}/capienza",
            "/admin/seminari/sessioni/999999/capienza",
            form(&[("posti", "10")]),
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/api/v1/seminars",
            "/api/v1/seminars",
            Body::Json(serde_json::json!({
                "edition": 4, "course": "nessuno", "module": "nessuno",
                "title": "Seminario", "sessions": [],
            })),
            [401, 403, 403, 403, 403, 422],
        ),
        row(
            "POST",
            "/api/v1/seminars/{id}/sessions",
            "/api/v1/seminars/999999/sessions",
            Body::Json(serde_json::json!({
                "first_day": "2099-03-10", "starts_at": "09:30", "ends_at": "17:30",
                "venue": "Sala", "address": "Via Roma 1", "region": "Liguria",
                "capacity": 10, "deadline": "2099-03-01 18:00",
            })),
            [401, 403, 403, 403, 403, 404],
        ),
        row(
            "PATCH",
            "/api/v1/seminars/sessions/{id}",
            "/api/v1/seminars/sessions/999999",
            Body::Json(serde_json::json!({"capacity": 10})),
            [401, 403, 403, 403, 403, 404],
        ),
        row(
            "GET",
            "/tutor/seminari/sessioni/{id}/resoconto",
            "/tutor/seminari/sessioni/999999/resoconto",
            Body::None,
            [303, 403, 403, 404, 404, 404],
        ),
        row(
            "GET",
            "/tutor/seminari/sessioni/{id}/resoconto.csv",
            "/tutor/seminari/sessioni/999999/resoconto.csv",
            Body::None,
            [303, 403, 403, 404, 404, 404],
        ),
        row(
            "GET",
            "/tutor/seminari/sessioni/{id}/resoconto.xlsx",
            "/tutor/seminari/sessioni/999999/resoconto.xlsx",
            Body::None,
            [303, 403, 403, 404, 404, 404],
        ),
        row(
            "GET",
            "/tutor/seminari/mai-presenti",
            "/tutor/seminari/mai-presenti",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/tutor/seminari/mai-presenti.csv",
            "/tutor/seminari/mai-presenti.csv",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/tutor/seminari/mai-presenti.xlsx",
            "/tutor/seminari/mai-presenti.xlsx",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/api/v1/seminars/sessions/{id}/report",
            "/api/v1/seminars/sessions/999999/report",
            Body::None,
            [401, 403, 403, 404, 404, 404],
        ),
        row(
            "GET",
            "/api/v1/reports/seminars/never-attended",
            "/api/v1/reports/seminars/never-attended",
            Body::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            "GET",
            "/api/v1/editions/{n}/eligible-municipalities",
            "/api/v1/editions/4/eligible-municipalities",
            Body::None,
            [401, 403, 403, 403, 403, 200],
        ),
        row(
            "POST",
            "/api/v1/enrolments",
            "/api/v1/enrolments",
            Body::Json(serde_json::json!({"user": 0, "edition": 4, "course": "x"})),
            [401, 403, 403, 403, 403, 422],
        ),
        row(
            "DELETE",
            "/api/v1/enrolments/{id}",
            "/api/v1/enrolments/999999",
            Body::None,
            [401, 403, 403, 403, 403, 404],
        ),
        // Certificates: verification and keys are public; a certificate's files are
        // its holder's (no certificate here: 404 for everyone signed in; the cases
        // of holder, cohort tutor and strangers are in certificates::web::downloads).
        row("GET", "/verify", "/verify", Body::None, ALL_200),
        row(
            "POST",
            "/verify",
            "/verify",
            form(&[("file", "non un file")]),
            [415; 6],
        ),
        row(
            "GET",
            "/verify/{code}",
            "/verify/AULA-0000-0000-0000",
            Body::None,
            [404; 6],
        ),
        row(
            "GET",
            "/.well-known/jwks.json",
            "/.well-known/jwks.json",
            Body::None,
            ALL_200,
        ),
        row(
            "GET",
            "/attestati/{file}",
            "/attestati/AULA-0000-0000-0000.pdf",
            Body::None,
            [303, 404, 404, 404, 404, 404],
        ),
        row(
            "GET",
            "/api/v1/verify/{code}",
            "/api/v1/verify/AULA-0000-0000-0000",
            Body::None,
            [404; 6],
        ),
        row(
            "POST",
            "/api/v1/verify",
            "/api/v1/verify",
            Body::Json(serde_json::json!({"proof": "nessuna"})),
            ALL_200,
        ),
        row(
            "GET",
            "/api/v1/me/certificates",
            "/api/v1/me/certificates",
            Body::None,
            LEARNERS_ONLY_API,
        ),
        // Certificates: admins' pages; the ZIP of a tutor's cohort (an empty archive
        // for a cohort without certificates); the staff API under the cohort rule, no
        // certificate having the code AULA-0000-0000-0000.
        row(
            "GET",
            "/admin/attestati",
            "/admin/attestati",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "POST",
            "/admin/attestati",
            "/admin/attestati",
            form(&[("email", ""), ("corso", ""), ("motivo", "")]),
            [303, 403, 403, 403, 403, 422],
        ),
        row(
            "GET",
            "/admin/attestati/nuovo",
            "/admin/attestati/nuovo",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/attestati.zip",
            "/admin/attestati.zip",
            Body::None,
            PAGE_ADMIN,
        ),
        row(
            "GET",
            "/admin/attestati/{code}",
            "/admin/attestati/AULA-0000-0000-0000",
            Body::None,
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/admin/attestati/{code}/revoca",
            "/admin/attestati/AULA-0000-0000-0000/revoca",
            form(&[("motivo", "Errore di registrazione")]),
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/admin/attestati/{code}/riemissione",
            "/admin/attestati/AULA-0000-0000-0000/riemissione",
            form(&[("nome", "Nome Corretto"), ("motivo", "Nome corretto")]),
            [303, 403, 403, 403, 403, 404],
        ),
        row(
            "GET",
            "/tutor/attestati.zip",
            "/tutor/attestati.zip",
            Body::None,
            PAGE_STAFF,
        ),
        row(
            "GET",
            "/api/v1/certificates",
            "/api/v1/certificates",
            Body::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            "POST",
            "/api/v1/certificates",
            "/api/v1/certificates",
            Body::Json(serde_json::json!({
                "email": nobody, "course_id": "immigrazione-servizi-comunali",
                "reason": "Frequenza in aula registrata altrove",
            })),
            [401, 403, 403, 403, 403, 422],
        ),
        row(
            "GET",
            "/api/v1/certificates/archive",
            "/api/v1/certificates/archive",
            Body::None,
            [401, 403, 403, 200, 200, 200],
        ),
        row(
            "GET",
            "/api/v1/certificates/{code}",
            "/api/v1/certificates/AULA-0000-0000-0000",
            Body::None,
            [401, 403, 403, 404, 404, 404],
        ),
        row(
            "POST",
            "/api/v1/certificates/{code}/revoke",
            "/api/v1/certificates/AULA-0000-0000-0000/revoke",
            Body::Json(serde_json::json!({"reason": "Errore di registrazione"})),
            [401, 403, 403, 403, 403, 404],
        ),
        row(
            "POST",
            "/api/v1/certificates/{code}/reissue",
            "/api/v1/certificates/AULA-0000-0000-0000/reissue",
            Body::Json(serde_json::json!({"reason": "Nome corretto"})),
            [401, 403, 403, 403, 403, 404],
        ),
    ]
}

fn plain_client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// The CSRF token the server gave this client (from the form of a page).
/// A client holding the cookie of a new session of user `id`, and the session's CSRF
/// token.
async fn session_client(app: &TestApp, id: i32) -> (reqwest::Client, String) {
    let session = aula::accounts::sessions::open_session(app.state.db(), id)
        .await
        .unwrap();
    let jar = std::sync::Arc::new(reqwest::cookie::Jar::default());
    jar.add_cookie_str(
        &format!(
            "{}={}; Path=/",
            aula::accounts::sessions::COOKIE,
            session.cookie
        ),
        &app.url("/").parse().unwrap(),
    );
    let client = reqwest::Client::builder()
        .cookie_provider(jar)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    (client, session.csrf)
}

async fn csrf_of(app: &TestApp, client: &reqwest::Client) -> String {
    let html = client
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    crate::helpers::csrf_in(&html)
}

#[tokio::test]
async fn every_route_answers_each_persona_as_expected() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    users::add(
        app.state.db(),
        NewUser {
            email: "tutor.calabria@example.it".into(),
            name: "Tutor Calabria".into(),
            role: "tutor".into(),
            regions: vec!["Calabria".into()],
            password: Some(aula::demo::DEMO_PASSWORD.into()),
            ..NewUser::default()
        },
        &[],
    )
    .await
    .unwrap();
    let learner_id = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap()
        .id;

    let rows = matrix(learner_id, 0);
    let covered: BTreeSet<(&str, &str)> = rows.iter().map(|r| (r.method, r.template)).collect();
    let rules: BTreeSet<(&str, &str)> = RULES.iter().map(|(m, p, _)| (*m, *p)).collect();
    assert_eq!(
        covered, rules,
        "the matrix must cover exactly the routes with access rules"
    );

    let emails = [
        None,
        Some(LEARNER),
        Some(OTHER_LEARNER),
        Some(TUTOR),
        Some("tutor.calabria@example.it"),
        Some(ADMIN),
    ];
    let mut failures = Vec::new();
    for (column, email) in emails.iter().enumerate() {
        let user_id = match email {
            Some(e) => Some(
                aula::accounts::directory::by_email(app.state.db(), e)
                    .await
                    .unwrap()
                    .unwrap()
                    .id,
            ),
            None => None,
        };
        for row in &matrix(learner_id, column) {
            // Each request gets a fresh session, so that signing out cannot spoil the
            // next; opened as a sign-in opens it (checking the password each time made
            // this test the slowest of the suite, and the sign-in has tests of its own).
            let (client, csrf) = match user_id {
                Some(id) => session_client(&app, id).await,
                None => {
                    let client = plain_client();
                    let csrf = csrf_of(&app, &client).await;
                    (client, csrf)
                }
            };
            let method = Method::from_bytes(row.method.as_bytes()).unwrap();
            let mut request = client.request(method, app.url(&row.path));
            request = match &row.body {
                Body::None => request,
                Body::Json(value) => request.json(value),
                Body::Form(pairs) => {
                    let mut pairs = pairs.clone();
                    pairs.push(("csrf_token", csrf.clone()));
                    request.form(&pairs)
                }
            };
            let status = request.send().await.unwrap().status().as_u16();
            if status != row.expect[column] {
                failures.push(format!(
                    "{} {} as {}: got {status}, expected {}",
                    row.method, row.path, PERSONAS[column], row.expect[column]
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_documented_api_route_has_an_access_rule() {
    let app = TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for (path, methods) in doc["paths"].as_object().unwrap() {
        for method in methods.as_object().unwrap().keys() {
            let method = method.to_uppercase();
            assert!(
                aula::accounts::access::rule(&method, path).is_some(),
                "{method} {path} is documented but has no access rule"
            );
        }
    }
}
