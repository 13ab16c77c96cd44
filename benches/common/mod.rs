//! Helpers shared by the benches: finding the external tools they need, running `wrk`
//! and reading its figures, an nginx serving fixed bytes, signing in to an Aula under
//! test, the full-text baselines (SQLite FTS5, PostgreSQL), latency percentiles,
//! ranking metrics, a fresh PostgreSQL database per run and the number of learners. Each bench uses its part (hence `allow(dead_code)` where they
//! declare `mod common`).

pub mod baselines;
pub mod latency;
pub mod nginx;
pub mod postgres;
pub mod ranking;
pub mod wrk;

use std::path::PathBuf;

use anyhow::Context;

/// Where `program` is: the first match on `PATH`, then the sbin folders that a
/// non-root `PATH` often lacks (Debian installs nginx in `/usr/sbin`).
pub fn find_program(program: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(["/usr/local/sbin", "/usr/sbin", "/sbin"].map(PathBuf::from))
        .map(|dir| dir.join(program))
        .find(|candidate| candidate.is_file())
}

/// The number of learners a bench generates: `AULA_BENCH_LEARNERS`, else `default`.
pub fn learners_wanted(default: usize) -> usize {
    std::env::var("AULA_BENCH_LEARNERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Signs `email` in through `POST /api/v1/session` on the Aula at `base`; returns the
/// `Cookie` header value of the session.
pub async fn sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> anyhow::Result<String> {
    let r = client
        .post(format!("{base}/api/v1/session"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await?;
    anyhow::ensure!(
        r.status() == 200,
        "sign-in as {email} failed: {}",
        r.status()
    );
    let set_cookie = r
        .headers()
        .get(reqwest::header::SET_COOKIE)
        .context("sign-in answered without a session cookie")?
        .to_str()?;
    let pair = set_cookie.split(';').next().unwrap_or_default().trim();
    Ok(pair.to_string())
}
