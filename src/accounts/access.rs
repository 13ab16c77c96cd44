//! Who may act where: the one table of access rules for every route (the role it
//! needs, and whether an API token may call it and with which scope), and the cohort
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

/// What an API token may be allowed to do. Each API route names the one it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Scope {
    /// Read courses, lessons, the legal library and search.
    ContentRead,
    /// Read the learner's own progress.
    ProgressRead,
    /// Record progress and take quizzes.
    ProgressWrite,
    /// Read user records (under the cohort rule).
    PeopleRead,
    /// Read tutor reports.
    ReportsRead,
    /// Take seminar attendance (set marks, import sign-in sheets) for the sessions the
    /// account runs.
    AttendanceWrite,
    /// Staff's seminar work: decide the registrations that wait for approval.
    SeminarsWrite,
    /// Certificates: issue by hand, revoke and reissue (admins).
    CertificatesWrite,
    /// Administration: editions, enrolments, seminars, tokens.
    Admin,
}

impl Scope {
    /// Every scope, in the order forms show them.
    pub const ALL: [Self; 9] = [
        Self::ContentRead,
        Self::ProgressRead,
        Self::ProgressWrite,
        Self::PeopleRead,
        Self::ReportsRead,
        Self::AttendanceWrite,
        Self::SeminarsWrite,
        Self::CertificatesWrite,
        Self::Admin,
    ];

    /// The name tokens store and clients send.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ContentRead => "content:read",
            Self::ProgressRead => "progress:read",
            Self::ProgressWrite => "progress:write",
            Self::PeopleRead => "people:read",
            Self::ReportsRead => "reports:read",
            Self::AttendanceWrite => "attendance:write",
            Self::SeminarsWrite => "seminars:write",
            Self::CertificatesWrite => "certificates:write",
            Self::Admin => "admin",
        }
    }

    /// The scope of a name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == name.trim())
    }

    /// The scopes a token of an account of `role` may carry: those of the API routes
    /// the role may call (a learner's token cannot be granted `reports:read`).
    pub fn for_role(role: Role) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|scope| {
                RULES.iter().any(|(_, _, rule)| {
                    rule.tokens == Tokens::Scope(*scope) && rule.access.allows(Some(role))
                })
            })
            .collect()
    }
}

/// Whether an API token may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tokens {
    /// Never: pages, and what needs a signed-in browser (creating tokens, signing out).
    Refused,
    /// Any valid token (who am I; public routes).
    Any,
    /// A token carrying this scope.
    Scope(Scope),
}

/// The rule of a route: who may call it, and whether an API token may.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The role required.
    pub access: Access,
    /// What a token needs.
    pub tokens: Tokens,
}

impl Rule {
    /// Whether a user of `role` (None: anonymous) satisfies the requirement.
    pub fn allows(self, role: Option<Role>) -> bool {
        self.access.allows(role)
    }

    /// Whether a token carrying `scopes` may call the route.
    pub fn admits(self, scopes: &[Scope]) -> bool {
        match self.tokens {
            Tokens::Refused => false,
            Tokens::Any => true,
            Tokens::Scope(scope) => scopes.contains(&scope),
        }
    }
}

/// A page: never with a token.
const fn page(access: Access) -> Rule {
    Rule {
        access,
        tokens: Tokens::Refused,
    }
}

/// An API route a token may call if it carries `scope`.
const fn api(access: Access, scope: Scope) -> Rule {
    Rule {
        access,
        tokens: Tokens::Scope(scope),
    }
}

/// An API route any token may call.
const fn api_any(access: Access) -> Rule {
    Rule {
        access,
        tokens: Tokens::Any,
    }
}

/// An API route for signed-in browsers only: never with a token.
const fn session_only(access: Access) -> Rule {
    Rule {
        access,
        tokens: Tokens::Refused,
    }
}

use Access::{Admin, Learner, Public, SignedIn, Staff};
use Scope::{
    AttendanceWrite, CertificatesWrite, ContentRead, PeopleRead, ProgressRead, ProgressWrite,
    ReportsRead, SeminarsWrite,
};

/// Every route of Aula: method, path template (as axum matches it), rule.
pub const RULES: &[(&str, &str, Rule)] = &[
    // Operations and public pages.
    ("GET", "/", page(Public)),
    ("GET", "/healthz", page(Public)),
    ("GET", "/readyz", page(Public)),
    ("GET", "/assets/{*path}", page(Public)),
    ("GET", "/api/v1/openapi.json", api_any(Public)),
    ("POST", "/api/v1/csp-reports", api_any(Public)),
    // Signing in and passwords.
    ("GET", "/login", page(Public)),
    ("POST", "/login", page(Public)),
    ("POST", "/logout", page(SignedIn)),
    // The language switcher: anyone, signed in or not.
    ("POST", "/lingua", page(Public)),
    ("GET", "/password/forgot", page(Public)),
    ("POST", "/password/forgot", page(Public)),
    ("GET", "/password/reset/{token}", page(Public)),
    ("POST", "/password/reset/{token}", page(Public)),
    ("GET", "/invite/{token}", page(Public)),
    ("POST", "/invite/{token}", page(Public)),
    ("GET", "/profile", page(SignedIn)),
    ("POST", "/profile/reminders", page(SignedIn)),
    // Personal data: one's own (export, erasure when the edition allows it, who
    // looked), the privacy notice (public) and its acknowledgement; the handlers
    // answer 404 for an export of someone else.
    ("GET", "/profilo/dati", page(SignedIn)),
    ("POST", "/profilo/dati/esportazione", page(SignedIn)),
    ("GET", "/profilo/dati/esportazioni/{id}", page(SignedIn)),
    ("POST", "/profilo/dati/cancellazione", page(SignedIn)),
    ("GET", "/profilo/accessi", page(SignedIn)),
    ("GET", "/informativa", page(Public)),
    ("GET", "/informativa/{version}", page(Public)),
    ("POST", "/informativa/presa-visione", page(SignedIn)),
    (
        "GET",
        "/unsubscribe/{user}/{rule}/{signature}",
        page(Public),
    ),
    (
        "POST",
        "/unsubscribe/{user}/{rule}/{signature}",
        page(Public),
    ),
    ("POST", "/api/v1/session", api_any(Public)),
    ("DELETE", "/api/v1/session", session_only(SignedIn)),
    ("GET", "/api/v1/me", api_any(SignedIn)),
    // API tokens: created from a signed-in browser only; listed and revoked by admins.
    ("POST", "/api/v1/tokens", session_only(SignedIn)),
    ("GET", "/api/v1/tokens", api(Admin, Scope::Admin)),
    ("DELETE", "/api/v1/tokens/{id}", api(Admin, Scope::Admin)),
    // Content.
    ("GET", "/courses", page(SignedIn)),
    ("GET", "/courses/{course}", page(SignedIn)),
    ("GET", "/courses/{course}/glossario", page(SignedIn)),
    ("GET", "/courses/{course}/{module}/{lesson}", page(SignedIn)),
    ("GET", "/library", page(SignedIn)),
    ("GET", "/library/{act}", page(SignedIn)),
    ("GET", "/library/{act}/{article}", page(SignedIn)),
    ("GET", "/search", page(SignedIn)),
    ("GET", "/api/v1/search", api(SignedIn, ContentRead)),
    ("GET", "/api/v1/courses", api(SignedIn, ContentRead)),
    (
        "GET",
        "/api/v1/lessons/{course}/{module}/{lesson}",
        api(SignedIn, ContentRead),
    ),
    ("GET", "/api/v1/library/acts", api(SignedIn, ContentRead)),
    (
        "GET",
        "/api/v1/library/{act}/{article}",
        api(SignedIn, ContentRead),
    ),
    // Reporting an error in a lesson or an article; one's own reports (people in a
    // browser, not integrations: no token).
    (
        "GET",
        "/courses/{course}/{module}/{lesson}/segnala",
        page(SignedIn),
    ),
    (
        "POST",
        "/courses/{course}/{module}/{lesson}/segnala",
        page(SignedIn),
    ),
    ("GET", "/library/{act}/{article}/segnala", page(SignedIn)),
    ("POST", "/library/{act}/{article}/segnala", page(SignedIn)),
    ("GET", "/segnalazioni", page(SignedIn)),
    ("GET", "/api/v1/error-reports", session_only(SignedIn)),
    ("POST", "/api/v1/error-reports", session_only(SignedIn)),
    // Progress and quizzes: the handler checks the enrolment.
    ("POST", "/api/v1/progress", api(Learner, ProgressWrite)),
    ("GET", "/api/v1/me/progress", api(Learner, ProgressRead)),
    // Opening a quiz starts an attempt: a write.
    (
        "GET",
        "/api/v1/quizzes/{course}/{module}",
        api(Learner, ProgressWrite),
    ),
    (
        "POST",
        "/api/v1/quizzes/{course}/{module}/attempts",
        api(Learner, ProgressWrite),
    ),
    (
        "POST",
        "/courses/{course}/{module}/{lesson}/complete",
        page(Learner),
    ),
    ("GET", "/courses/{course}/{module}/quiz", page(Learner)),
    ("POST", "/courses/{course}/{module}/quiz", page(Learner)),
    // Classroom seminars: a learner sees the sessions of their region (staff every
    // one) and registers or cancels; eligibility is the domain's check.
    ("GET", "/seminari", page(SignedIn)),
    ("POST", "/seminari/sessioni/{id}/iscrizione", page(Learner)),
    ("POST", "/seminari/sessioni/{id}/rinuncia", page(Learner)),
    ("GET", "/api/v1/seminars", api(SignedIn, ContentRead)),
    ("GET", "/api/v1/me/seminars", api(Learner, ContentRead)),
    (
        "POST",
        "/api/v1/seminars/sessions/{id}/registration",
        api(Learner, ProgressWrite),
    ),
    (
        "DELETE",
        "/api/v1/seminars/sessions/{id}/registration",
        api(Learner, ProgressWrite),
    ),
    // Seminar reports: a session's report for the staff who run it (the handler
    // answers 404 for a session the tutor does not run); the learners of the cohort
    // who completed a course's remote part but never attended.
    (
        "GET",
        "/tutor/seminari/sessioni/{id}/resoconto",
        page(Staff),
    ),
    (
        "GET",
        "/tutor/seminari/sessioni/{id}/resoconto.csv",
        page(Staff),
    ),
    (
        "GET",
        "/tutor/seminari/sessioni/{id}/resoconto.xlsx",
        page(Staff),
    ),
    ("GET", "/tutor/seminari/mai-presenti", page(Staff)),
    ("GET", "/tutor/seminari/mai-presenti.csv", page(Staff)),
    ("GET", "/tutor/seminari/mai-presenti.xlsx", page(Staff)),
    (
        "GET",
        "/api/v1/seminars/sessions/{id}/report",
        api(Staff, ReportsRead),
    ),
    (
        "GET",
        "/api/v1/reports/seminars/never-attended",
        api(Staff, ReportsRead),
    ),
    // Running seminars: the roster of a session and the decisions on requests are for
    // the tutors who run the session (the handler checks `seminars::staff::runs`) and
    // admins; planning and capacity for admins.
    ("GET", "/tutor/seminari/approvazioni", page(Staff)),
    ("POST", "/tutor/seminari/approvazioni/{id}", page(Staff)),
    (
        "GET",
        "/api/v1/seminars/sessions/{id}/roster",
        api(Staff, ReportsRead),
    ),
    (
        "POST",
        "/api/v1/seminars/registrations/{id}/decision",
        api(Staff, SeminarsWrite),
    ),
    ("GET", "/admin/seminari", page(Admin)),
    ("GET", "/admin/seminari/nuovo", page(Admin)),
    ("POST", "/admin/seminari/nuovo", page(Admin)),
    ("GET", "/admin/seminari/{id}/sessioni/nuova", page(Admin)),
    ("POST", "/admin/seminari/{id}/sessioni/nuova", page(Admin)),
    ("GET", "/admin/seminari/sessioni/{id}", page(Admin)),
    (
        "POST",
        "/admin/seminari/sessioni/{id}/capienza",
        page(Admin),
    ),
    ("POST", "/api/v1/seminars", api(Admin, Scope::Admin)),
    (
        "POST",
        "/api/v1/seminars/{id}/sessions",
        api(Admin, Scope::Admin),
    ),
    (
        "PATCH",
        "/api/v1/seminars/sessions/{id}",
        api(Admin, Scope::Admin),
    ),
    // People: the handler applies the cohort rule.
    ("GET", "/api/v1/users", api(Admin, PeopleRead)),
    ("GET", "/api/v1/users/{id}", api(SignedIn, PeopleRead)),
    ("GET", "/tutor", page(Staff)),
    ("GET", "/tutor/matrix", page(Staff)),
    ("GET", "/tutor/at-risk", page(Staff)),
    ("GET", "/tutor/learners/{id}", page(Staff)),
    ("GET", "/tutor/export/{file}", page(Staff)),
    ("GET", "/api/v1/reports/learners", api(Staff, ReportsRead)),
    // Seminar attendance: the handler answers 404 for a session the tutor does not
    // run (`seminars::staff::runs`), so as not to reveal it.
    ("GET", "/tutor/seminari", page(Staff)),
    ("GET", "/tutor/seminari/sessioni/{id}/presenze", page(Staff)),
    (
        "POST",
        "/tutor/seminari/sessioni/{id}/presenze",
        page(Staff),
    ),
    (
        "POST",
        "/tutor/seminari/sessioni/{id}/presenze/tutti",
        page(Staff),
    ),
    (
        "GET",
        "/tutor/seminari/sessioni/{id}/presenze/storico",
        page(Staff),
    ),
    (
        "GET",
        "/tutor/seminari/sessioni/{id}/presenze/importa",
        page(Staff),
    ),
    (
        "POST",
        "/tutor/seminari/sessioni/{id}/presenze/importa",
        page(Staff),
    ),
    (
        "GET",
        "/api/v1/seminars/sessions/{id}/attendance",
        api(Staff, ReportsRead),
    ),
    (
        "PUT",
        "/api/v1/seminars/sessions/{id}/attendance",
        api(Staff, AttendanceWrite),
    ),
    (
        "POST",
        "/api/v1/seminars/sessions/{id}/attendance/import",
        api(Staff, AttendanceWrite),
    ),
    (
        "GET",
        "/api/v1/seminars/sessions/{id}/attendance/history",
        api(Staff, ReportsRead),
    ),
    (
        "GET",
        "/api/v1/reports/learners.csv",
        api(Staff, ReportsRead),
    ),
    // Administration.
    ("GET", "/admin", page(Admin)),
    ("GET", "/admin/municipalities", page(Admin)),
    ("GET", "/admin/search", page(Admin)),
    ("GET", "/admin/reminders", page(Admin)),
    ("GET", "/admin/library", page(Admin)),
    ("GET", "/admin/segnalazioni", page(Admin)),
    ("GET", "/admin/segnalazioni/{id}", page(Admin)),
    ("POST", "/admin/segnalazioni/{id}/risposta", page(Admin)),
    ("POST", "/admin/segnalazioni/{id}/chiusura", page(Admin)),
    ("GET", "/admin/editions", page(Admin)),
    ("POST", "/admin/editions", page(Admin)),
    ("GET", "/admin/privacy", page(Admin)),
    ("GET", "/admin/privacy/utenti/{id}", page(Admin)),
    (
        "POST",
        "/admin/privacy/utenti/{id}/esportazione",
        page(Admin),
    ),
    (
        "POST",
        "/admin/privacy/utenti/{id}/cancellazione",
        page(Admin),
    ),
    ("GET", "/admin/privacy/esportazioni/{id}", page(Admin)),
    ("GET", "/admin/tokens", page(Admin)),
    ("POST", "/admin/tokens", page(Admin)),
    ("POST", "/admin/tokens/{id}/revoke", page(Admin)),
    (
        "GET",
        "/api/v1/editions/{n}/eligible-municipalities",
        api(Admin, Scope::Admin),
    ),
    ("POST", "/api/v1/enrolments", api(Admin, Scope::Admin)),
    (
        "DELETE",
        "/api/v1/enrolments/{id}",
        api(Admin, Scope::Admin),
    ),
    // Certificates: verification is public (by code or by file, pages and API) and so
    // are the keys that sign them; a certificate's files are for its holder, the
    // tutors of their cohort and admins (the handler answers 404 to anyone else).
    ("GET", "/verify", page(Public)),
    ("POST", "/verify", page(Public)),
    ("GET", "/verify/{code}", page(Public)),
    ("GET", "/.well-known/jwks.json", page(Public)),
    ("GET", "/attestati/{file}", page(SignedIn)),
    ("GET", "/api/v1/verify/{code}", api_any(Public)),
    ("POST", "/api/v1/verify", api_any(Public)),
    ("GET", "/api/v1/me/certificates", api(Learner, ProgressRead)),
    // Certificates: admins list, issue by hand, revoke and reissue, and download the
    // ZIP of an edition; a tutor downloads (and reads through the API) those of their
    // cohort (the handler applies the cohort rule: another's certificate is a 404).
    ("GET", "/admin/attestati", page(Admin)),
    ("POST", "/admin/attestati", page(Admin)),
    ("GET", "/admin/attestati/nuovo", page(Admin)),
    ("GET", "/admin/attestati.zip", page(Admin)),
    ("GET", "/admin/attestati/{code}", page(Admin)),
    ("POST", "/admin/attestati/{code}/revoca", page(Admin)),
    ("POST", "/admin/attestati/{code}/riemissione", page(Admin)),
    ("GET", "/tutor/attestati.zip", page(Staff)),
    ("GET", "/api/v1/certificates", api(Staff, ReportsRead)),
    (
        "POST",
        "/api/v1/certificates",
        api(Admin, CertificatesWrite),
    ),
    (
        "GET",
        "/api/v1/certificates/archive",
        api(Staff, ReportsRead),
    ),
    (
        "GET",
        "/api/v1/certificates/{code}",
        api(Staff, ReportsRead),
    ),
    (
        "POST",
        "/api/v1/certificates/{code}/revoke",
        api(Admin, CertificatesWrite),
    ),
    (
        "POST",
        "/api/v1/certificates/{code}/reissue",
        api(Admin, CertificatesWrite),
    ),
];

/// The rule of a route, if it has one.
pub fn rule(method: &str, path: &str) -> Option<Rule> {
    RULES
        .iter()
        .find(|(m, p, _)| *m == method && *p == path)
        .map(|(_, _, rule)| *rule)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_refuse_tokens_and_every_api_route_names_its_use() {
        for (method, path, rule) in RULES {
            if !path.starts_with("/api/") {
                assert_eq!(rule.tokens, Tokens::Refused, "{method} {path}");
            }
        }
        assert_eq!(
            Scope::for_role(Role::Learner),
            [
                Scope::ContentRead,
                Scope::ProgressRead,
                Scope::ProgressWrite,
                Scope::PeopleRead
            ]
        );
        assert_eq!(
            Scope::for_role(Role::Tutor),
            [
                Scope::ContentRead,
                Scope::PeopleRead,
                Scope::ReportsRead,
                Scope::AttendanceWrite,
                Scope::SeminarsWrite
            ]
        );
        assert_eq!(
            Scope::for_role(Role::Admin),
            [
                Scope::ContentRead,
                Scope::PeopleRead,
                Scope::ReportsRead,
                Scope::AttendanceWrite,
                Scope::SeminarsWrite,
                Scope::CertificatesWrite,
                Scope::Admin
            ]
        );
        for scope in Scope::ALL {
            assert_eq!(Scope::parse(scope.as_str()), Some(scope));
        }
    }
}
