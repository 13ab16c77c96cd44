//! Real headless Chromium (Debian `chromium` and `chromium-driver`) driven over
//! WebDriver, with axe-core checking each page against WCAG 2.1 A and AA. Screenshots
//! of every page checked land in `target/screenshots/`.
//!
//! Chromium, ChromeDriver and axe-core are installed by `.ci/run`. Where they are
//! missing, the tests fail under CI (`CI=true`) and are skipped with a message
//! elsewhere, so a fresh clone still passes `cargo test`.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

/// Where `.ci/run` installs axe-core (overridable with `AULA_AXE_JS`).
fn axe_path() -> PathBuf {
    std::env::var("AULA_AXE_JS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join(".ci/cache/node_modules/axe-core/axe.min.js")
        })
}

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A browser session; the driver process is stopped on drop.
pub struct Browser {
    pub client: Client,
    driver: Child,
    axe: String,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Fails under CI, skips (with a visible message) elsewhere.
pub fn unavailable(what: &str) -> Option<Browser> {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} (required under CI=true; .ci/run installs it)");
    }
    eprintln!(
        "SKIPPED browser test: {what}. Run .ci/run, or install chromium, chromium-driver and axe-core."
    );
    None
}

impl Browser {
    /// Starts ChromeDriver and a headless Chromium session, or None when unavailable.
    pub async fn start() -> Option<Browser> {
        if !std::path::Path::new(CHROMIUM).exists() || !std::path::Path::new(CHROMEDRIVER).exists()
        {
            return unavailable("chromium or chromedriver not installed");
        }
        let axe = match std::fs::read_to_string(axe_path()) {
            Ok(axe) => axe,
            Err(_) => {
                return unavailable(&format!("axe-core not found at {}", axe_path().display()));
            }
        };
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
            listener.local_addr().expect("address").port()
        };
        let driver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir").keep();
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                    "--window-size=1280,900", "--lang=it-IT",
                    format!("--user-data-dir={}", profile.display()),
                ],
                // Pages follow Accept-Language: the suite reads them in Italian, as a
                // browser set to Italian asks (`--lang` alone does not set it headless).
                "prefs": { "intl.accept_languages": "it-IT,it" }
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let started = Instant::now();
        let client = loop {
            // ChromeDriver speaks plain HTTP on loopback: no TLS stack needed.
            match ClientBuilder::new(HttpConnector::new())
                .capabilities(caps.clone())
                .connect(&url)
                .await
            {
                Ok(client) => break client,
                Err(err) if started.elapsed() > Duration::from_secs(30) => {
                    panic!("cannot start a Chromium session: {err}")
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Some(Browser {
            client,
            driver,
            axe,
        })
    }

    /// Signs in through the real `/login` form of the server at `base` (acknowledging
    /// the privacy notice when asked) and waits until the browser has landed on `next` (the POST verifies an argon2 hash, which
    /// takes a while on a busy machine; reading the URL right after the click races
    /// with the navigation). Panics with the page's alert when sign-in fails.
    pub async fn sign_in(&self, base: &str, email: &str, password: &str, next: &str) {
        self.client
            .goto(&format!("{base}/login?next={next}"))
            .await
            .expect("open the sign-in page");
        let form = self
            .client
            .form(Locator::Css("form.form"))
            .await
            .expect("sign-in form");
        form.set_by_name("email", email).await.expect("email");
        form.set_by_name("password", password)
            .await
            .expect("password");
        form.submit().await.expect("submit sign-in");
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let url = self.client.current_url().await.expect("current url");
            if url.path() == next {
                return;
            }
            // A privacy notice not acknowledged yet comes first: acknowledge it, as
            // a person would, and go on to `next`.
            if url.path() == "/informativa"
                && let Ok(button) = self
                    .client
                    .find(Locator::Css("form.acknowledge button[type=submit]"))
                    .await
            {
                button
                    .click()
                    .await
                    .expect("acknowledge the privacy notice");
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            if Instant::now() > deadline {
                let alert = match self.client.find(Locator::Css("[role=alert]")).await {
                    Ok(element) => element.text().await.unwrap_or_default(),
                    Err(_) => String::from("(no alert on the page)"),
                };
                panic!("signing in as {email} ended on {url}, not {next}: {alert}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits up to 20 s for an element, e.g. one that appears after a form post.
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("waiting for {css}: {err}"))
    }

    /// Opens `url` in the browser's session, checks that the page itself (not a
    /// redirect to the sign-in page, not an error page) is shown, runs axe (WCAG 2.1 A
    /// and AA) and saves a screenshot as `name`; panics listing every violation.
    pub async fn check_page(&self, url: &str, name: &str) {
        self.client.goto(url).await.expect("open page");
        let requested = url::Url::parse(url).expect("url");
        let shown = self.client.current_url().await.expect("current url");
        assert_eq!(
            shown.path(),
            requested.path(),
            "{name}: redirected from {url}"
        );
        let source = self.client.source().await.expect("page source");
        assert!(
            !source.contains("class=\"error-page\""),
            "{name}: {url} shows an error page"
        );
        self.assert_accessible(name).await;
    }

    /// For a page expected to be an error page (it must be accessible too): checks
    /// the status over HTTP, then the page in the browser.
    pub async fn check_page_with_status(&self, url: &str, name: &str, status: u16) {
        let answer = reqwest::get(url).await.expect("fetch page").status();
        assert_eq!(answer.as_u16(), status, "{name}: {url}");
        self.client.goto(url).await.expect("open page");
        let source = self.client.source().await.expect("page source");
        assert!(
            source.contains("class=\"error-page\""),
            "{name}: {url} is not an error page"
        );
        self.assert_accessible(name).await;
    }

    /// Runs axe on the current page and saves a screenshot.
    pub async fn assert_accessible(&self, name: &str) {
        self.screenshot(name).await;
        self.client
            .execute(&self.axe, vec![])
            .await
            .expect("inject axe-core");
        let result = self
            .client
            .execute_async(
                r#"const done = arguments[arguments.length - 1];
                   axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                      .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                                       nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ')) }))))
                      .catch(e => done([{ id: 'axe-error', help: String(e), nodes: [] }]));"#,
                vec![],
            )
            .await
            .expect("run axe");
        let violations = result.as_array().cloned().unwrap_or_default();
        assert!(
            violations.is_empty(),
            "{name}: {} accessibility violations:\n{}",
            violations.len(),
            serde_json::to_string_pretty(&violations).unwrap_or_default()
        );
    }

    /// Saves a PNG of the current page under `target/screenshots/`.
    pub async fn screenshot(&self, name: &str) {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot folder");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    /// Ends the WebDriver session.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}
