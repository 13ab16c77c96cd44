//! Signing in as a browser does: the login page for its CSRF token, the form, and on a
//! first sign-in the privacy notice to acknowledge before the page asked for.

use goose::prelude::*;

use crate::http;
use crate::plan::PASSWORD;

/// Signs `email` in through `/login`; returns whether the session is open (a failure
/// was counted by the request that failed).
pub async fn sign_in(user: &mut GooseUser, email: &str) -> Result<bool, Box<TransactionError>> {
    let Some((_, form)) = http::get_page(user, "/login", "sign-in: form", "csrf_token").await?
    else {
        return Ok(false);
    };
    let Some(csrf) = http::hidden_input(&form, "csrf_token") else {
        return Ok(false);
    };
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("email", email),
        ("password", PASSWORD),
        ("next", "/"),
    ];
    let Some((landed, page)) = http::post_form(user, "/login", "sign-in: submit", &fields).await?
    else {
        return Ok(false);
    };
    if landed != "/informativa" {
        return Ok(true);
    }
    // First sign-in: the notice in force comes first, with its form.
    let (Some(csrf), Some(version)) = (
        http::hidden_input(&page, "csrf_token"),
        http::hidden_input(&page, "version"),
    ) else {
        return Ok(false);
    };
    let fields = [
        ("csrf_token", csrf.as_str()),
        ("version", version.as_str()),
        ("next", "/"),
    ];
    let acknowledged = http::post_form(
        user,
        "/informativa/presa-visione",
        "sign-in: privacy notice",
        &fields,
    )
    .await?;
    Ok(acknowledged.is_some())
}
