//! The malformed-input sweep: every route of the access table (iterated from
//! `aula::accounts::access::RULES`, so a new route joins on its own) receives malformed
//! path segments, query strings and bodies (control characters, overlong strings,
//! wrong types, invalid UTF-8, invalid path segments), anonymously and signed in as an
//! admin. No answer may be a 5xx, and the server must still be serving afterwards.

use std::collections::BTreeMap;

use aula::accounts::access::RULES;
use futures_util::StreamExt;

use super::malformed::{Body, bodies, fill, targets};
use super::raw::{Raw, address};
use crate::corpus::fixture;
use crate::helpers::{ADMIN, TestApp};

/// A caller: the `Cookie` header of their session (empty: anonymous) and the CSRF
/// token their forms carry.
#[derive(Clone)]
struct Caller {
    cookie: String,
    csrf: String,
}

/// The value of cookie `name` among an answer's `Set-Cookie` headers.
fn set_cookie(answer: &super::raw::Answer, name: &str) -> Option<String> {
    answer
        .headers
        .iter()
        .filter(|(n, _)| n == "set-cookie")
        .find_map(|(_, v)| {
            v.split(';')
                .next()?
                .strip_prefix(&format!("{name}="))
                .map(str::to_string)
        })
}

/// An anonymous caller, with the CSRF cookie and token the server hands out.
async fn anonymous(addr: &str) -> Caller {
    let page = Raw::new("GET", "/password/forgot")
        .send(addr)
        .await
        .unwrap();
    let token = set_cookie(&page, aula::accounts::sessions::CSRF_COOKIE).unwrap();
    Caller {
        cookie: format!("{}={token}", aula::accounts::sessions::CSRF_COOKIE),
        csrf: token,
    }
}

/// A new session of the demo admin.
async fn admin(addr: &str) -> Caller {
    let credentials =
        serde_json::json!({"email": ADMIN, "password": aula::demo::DEMO_PASSWORD}).to_string();
    let signed_in = Raw::new("POST", "/api/v1/session")
        .body("application/json", credentials)
        .send(addr)
        .await
        .unwrap();
    assert_eq!(signed_in.status, 200, "{}", signed_in.text());
    let session = set_cookie(&signed_in, aula::accounts::sessions::COOKIE).unwrap();
    let cookie = format!("{}={session}", aula::accounts::sessions::COOKIE);
    let page = Raw::new("GET", "/password/forgot")
        .header(format!("Cookie: {cookie}"))
        .send(addr)
        .await
        .unwrap();
    Caller {
        cookie,
        csrf: crate::helpers::csrf_in(&page.text()),
    }
}

/// One request of the sweep.
struct Probe {
    method: &'static str,
    target: String,
    body: Option<Body>,
    caller: Caller,
}

impl Probe {
    async fn send(&self, addr: &str) -> Result<u16, String> {
        let mut raw = Raw::new(self.method, &self.target)
            .header(format!("x-csrf-token: {}", self.caller.csrf))
            .header("Accept: text/html,application/json");
        if !self.caller.cookie.is_empty() {
            raw = raw.header(format!("Cookie: {}", self.caller.cookie));
        }
        if let Some((content_type, body)) = &self.body {
            raw = raw.body(content_type, body.clone());
        }
        raw.send(addr).await.map(|answer| answer.status)
    }
}

/// The probes of one route for one caller.
fn probes(method: &'static str, template: &str, caller: &Caller) -> Vec<Probe> {
    let api = template.starts_with("/api/");
    let probe = |method, target: String, body| Probe {
        method,
        target,
        body,
        caller: caller.clone(),
    };
    let mut probes: Vec<Probe> = targets(template)
        .into_iter()
        .map(|target| probe(method, target, None))
        .collect();
    let path = fill(template, &BTreeMap::new());
    if method != "GET" {
        for body in bodies(api, &caller.csrf) {
            probes.push(probe(method, path.clone(), Some(body)));
        }
    }
    // The other method of the pair, once.
    let other = if method == "GET" { "POST" } else { "GET" };
    probes.push(probe(other, path, None));
    probes
}

#[tokio::test]
async fn malformed_input_to_every_route_never_yields_a_5xx() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    let addr = address(&app.base);

    // One admin session per route, all opened before any malformed sign-in can
    // trip the throttle (and so that signing out ends only that route's session).
    let mut admins = Vec::new();
    for _ in RULES {
        admins.push(admin(&addr).await);
    }
    let nobody = anonymous(&addr).await;

    let mut all = Vec::new();
    for ((method, template, _), admin) in RULES.iter().zip(&admins) {
        all.extend(probes(method, template, &nobody));
        all.extend(probes(method, template, admin));
    }
    let total = all.len();
    let started = std::time::Instant::now();
    let failures: Vec<String> = futures_util::stream::iter(all)
        .map(|probe| {
            let addr = addr.clone();
            async move {
                match probe.send(&addr).await {
                    Ok(status) if status < 500 => None,
                    outcome => Some(format!(
                        "{} {} ({}, body {:?}): {outcome:?}",
                        probe.method,
                        shorten(&probe.target),
                        if probe.caller.cookie.contains("aula_session") {
                            "admin"
                        } else {
                            "anonymous"
                        },
                        probe
                            .body
                            .as_ref()
                            .map(|(_, b)| shorten(&String::from_utf8_lossy(b))),
                    )),
                }
            }
        })
        .buffer_unordered(6)
        .filter_map(|failure| async move { failure })
        .collect()
        .await;
    println!(
        "sweep: {total} requests to {} routes in {:.1} s",
        RULES.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(
        failures.is_empty(),
        "{} of {total} malformed requests got a 5xx or no answer:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert_eq!(app.get("/healthz").await.status(), 200, "still serving");
}

/// A long target or body, cut for the failure message.
fn shorten(text: &str) -> String {
    if text.len() <= 160 {
        return text.to_string();
    }
    let cut = (0..=160)
        .rev()
        .find(|i| text.is_char_boundary(*i))
        .unwrap_or(0);
    format!("{}… ({} bytes)", &text[..cut], text.len())
}
