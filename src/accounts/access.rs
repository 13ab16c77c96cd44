//! Who may act where: the one table of access rules for every route, and the cohort
//! rule (a learner sees their own records, a tutor the learners of their cohort, an
//! admin everything). The HTTP layer enforces the table before any handler runs; a
//! route missing from it is refused for everyone, so none can slip through unguarded.

use super::Role;
use crate::db::municipalities;
use crate::db::users::{User, tutor_scope};

/// What a route requires.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not.
    Public,
    /// Any signed-in account.
    SignedIn,
    /// A learner.
    Learner,
    /// A tutor or an admin.
    Staff,
    /// An admin.
    Admin,
}

impl Access {
    /// Whether a user of `role` (None: anonymous) satisfies the requirement.
    pub fn allows(self, role: Option<Role>) -> bool {
        match (self, role) {
            (Self::Public, _) => true,
            (_, None) => false,
            (Self::SignedIn, Some(_)) => true,
            (Self::Learner, Some(r)) => r == Role::Learner,
            (Self::Staff, Some(r)) => matches!(r, Role::Tutor | Role::Admin),
            (Self::Admin, Some(r)) => r == Role::Admin,
        }
    }
}

use Access::{Admin, Learner, Public, SignedIn, Staff};

/// Every route of Aula: method, path template (as axum matches it), requirement.
pub const RULES: &[(&str, &str, Access)] = &[
    // Operations and public pages.
    ("GET", "/", Public),
    ("GET", "/healthz", Public),
    ("GET", "/readyz", Public),
    ("GET", "/assets/{*path}", Public),
    ("GET", "/api/v1/openapi.json", Public),
    ("POST", "/api/v1/csp-reports", Public),
    // Signing in and passwords.
    ("GET", "/login", Public),
    ("POST", "/login", Public),
    ("POST", "/logout", SignedIn),
    ("GET", "/password/forgot", Public),
    ("POST", "/password/forgot", Public),
    ("GET", "/password/reset/{token}", Public),
    ("POST", "/password/reset/{token}", Public),
    ("GET", "/invite/{token}", Public),
    ("POST", "/invite/{token}", Public),
    ("GET", "/profile", SignedIn),
    ("POST", "/profile/reminders", SignedIn),
    ("GET", "/unsubscribe/{user}/{rule}/{signature}", Public),
    ("POST", "/unsubscribe/{user}/{rule}/{signature}", Public),
    ("POST", "/api/v1/session", Public),
    ("DELETE", "/api/v1/session", SignedIn),
    ("GET", "/api/v1/me", SignedIn),
    // Content.
    ("GET", "/courses", SignedIn),
    ("GET", "/courses/{course}", SignedIn),
    ("GET", "/courses/{course}/glossario", SignedIn),
    ("GET", "/courses/{course}/{module}/{lesson}", SignedIn),
    ("GET", "/library", SignedIn),
    ("GET", "/library/{act}", SignedIn),
    ("GET", "/library/{act}/{article}", SignedIn),
    ("GET", "/search", SignedIn),
    ("GET", "/api/v1/search", SignedIn),
    ("GET", "/api/v1/courses", SignedIn),
    (
        "GET",
        "/api/v1/lessons/{course}/{module}/{lesson}",
        SignedIn,
    ),
    ("GET", "/api/v1/library/acts", SignedIn),
    ("GET", "/api/v1/library/{act}/{article}", SignedIn),
    // Reporting an error in a lesson or an article; one's own reports.
    (
        "GET",
        "/courses/{course}/{module}/{lesson}/segnala",
        SignedIn,
    ),
    (
        "POST",
        "/courses/{course}/{module}/{lesson}/segnala",
        SignedIn,
    ),
    ("GET", "/library/{act}/{article}/segnala", SignedIn),
    ("POST", "/library/{act}/{article}/segnala", SignedIn),
    ("GET", "/segnalazioni", SignedIn),
    ("GET", "/api/v1/error-reports", SignedIn),
    ("POST", "/api/v1/error-reports", SignedIn),
    // Progress and quizzes: the handler checks the enrolment.
    ("POST", "/api/v1/progress", Learner),
    ("GET", "/api/v1/me/progress", Learner),
    ("GET", "/api/v1/quizzes/{course}/{module}", Learner),
    (
        "POST",
        "/api/v1/quizzes/{course}/{module}/attempts",
        Learner,
    ),
    (
        "POST",
        "/courses/{course}/{module}/{lesson}/complete",
        Learner,
    ),
    ("GET", "/courses/{course}/{module}/quiz", Learner),
    ("POST", "/courses/{course}/{module}/quiz", Learner),
    // People: the handler applies the cohort rule.
    ("GET", "/api/v1/users/{id}", SignedIn),
    ("GET", "/tutor", Staff),
    ("GET", "/tutor/matrix", Staff),
    ("GET", "/tutor/at-risk", Staff),
    ("GET", "/tutor/learners/{id}", Staff),
    ("GET", "/tutor/export/{file}", Staff),
    ("GET", "/api/v1/reports/learners", Staff),
    ("GET", "/api/v1/reports/learners.csv", Staff),
    // Administration.
    ("GET", "/admin", Admin),
    ("GET", "/admin/municipalities", Admin),
    ("GET", "/admin/search", Admin),
    ("GET", "/admin/reminders", Admin),
    ("GET", "/admin/library", Admin),
    ("GET", "/admin/segnalazioni", Admin),
    ("GET", "/admin/segnalazioni/{id}", Admin),
    ("POST", "/admin/segnalazioni/{id}/risposta", Admin),
    ("POST", "/admin/segnalazioni/{id}/chiusura", Admin),
    ("GET", "/admin/editions", Admin),
    ("POST", "/admin/editions", Admin),
    ("GET", "/admin/tokens", Admin),
    ("POST", "/admin/tokens", Admin),
    ("POST", "/admin/tokens/{id}/revoke", Admin),
    ("GET", "/api/v1/editions/{n}/eligible-municipalities", Admin),
    ("POST", "/api/v1/enrolments", Admin),
    ("DELETE", "/api/v1/enrolments/{id}", Admin),
];

/// The rule of a route, if it has one.
pub fn rule(method: &str, path: &str) -> Option<Access> {
    RULES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, access)| *access)
}

/// Whether any method of `path` has a rule.
pub fn has_rules(path: &str) -> bool {
    RULES.iter().any(|(_, p, _)| *p == path)
}

/// Whether `viewer` may see the records of `learner` (whose municipality is given).
pub fn can_see_learner(
    viewer: &User,
    viewer_scopes: &[tutor_scope::Model],
    learner: &User,
    learner_municipality: Option<&municipalities::Model>,
) -> bool {
    match Some(viewer.role) {
        Some(Role::Admin) => true,
        Some(Role::Learner) => viewer.id == learner.id,
        Some(Role::Tutor) => {
            learner.role == Role::Learner
                && learner_municipality.is_some_and(|m| in_cohort(viewer_scopes, m))
        }
        None => false,
    }
}

/// Whether a municipality belongs to a tutor's cohort.
pub fn in_cohort(scopes: &[tutor_scope::Model], municipality: &municipalities::Model) -> bool {
    scopes.iter().any(|s| match s.kind.as_str() {
        "region" => s.value == municipality.region,
        "municipality" => s.value == municipality.istat,
        _ => false,
    })
}
