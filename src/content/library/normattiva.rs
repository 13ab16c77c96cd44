//! The Normattiva adapter: everything that knows how normattiva.it answers lives here,
//! so a change of their site touches this one file.
//!
//! One act takes two requests in one cookie session of its own. The URN resolver
//! (`{base}/uri-res/N2Ls?<urn>`) answers, after redirects, the act's page and opens the
//! session; that page carries hidden inputs (`atto.dataPubblicazioneGazzetta`,
//! `atto.codiceRedazionale`, `atto.dataVigenza`) and a link to the Akoma Ntoso export
//! (`/do/atto/caricaAKN?…`), which is followed as the page gives it, never built.
//! Without the session's cookie the export answers 200 with an HTML error page, so an
//! answer whose root element is not `akomaNtoso` is an error. The client is polite: one
//! request at a time, a `User-Agent` naming Aula, a timeout per request, and retries
//! with a doubling pause on connection errors, timeouts, 5xx and 429 only.

use std::time::Duration;

use reqwest::{StatusCode, Url};

use super::markup::{self, Root, root_element};
use super::urn::Urn;
use crate::config;

/// How Aula introduces itself to Normattiva.
pub const USER_AGENT: &str = concat!(
    "Aula/",
    env!("CARGO_PKG_VERSION"),
    " (+legal library fetcher)"
);

/// The pause before the second attempt of a request; it doubles after each attempt.
const FIRST_PAUSE: Duration = Duration::from_millis(500);

const GAZETTE_DATE: &str = "atto.dataPubblicazioneGazzetta";
const GAZETTE_CODE: &str = "atto.codiceRedazionale";
const IN_FORCE: &str = "atto.dataVigenza";
/// What the export link's path contains.
const EXPORT: &str = "caricaAKN";

/// The text in force of one act, as Normattiva gave it.
#[derive(Debug, Clone)]
pub struct Download {
    /// The Akoma Ntoso XML (without a byte-order mark).
    pub xml: String,
    /// The act's public page: the URN resolver at the configured base.
    pub page_url: String,
    /// Date of the text in force (ISO), from `atto.dataVigenza`.
    pub in_force_at: String,
    /// Date of publication in the Gazzetta Ufficiale (ISO).
    pub gazette_date: String,
    /// The Gazzetta's code of the act (`98G0348`).
    pub gazette_code: String,
}

/// What went wrong while downloading an act; each message names the act.
#[derive(Debug, thiserror::Error)]
pub enum NormattivaError {
    /// A 404, or a page that shows no act.
    #[error("Normattiva does not know the act {urn}: {why} at {url}")]
    UnknownAct {
        /// The act's URN.
        urn: String,
        /// The address asked.
        url: String,
        /// What Normattiva answered.
        why: String,
    },
    /// No connection could be opened.
    #[error("Normattiva could not be reached at {base} (fetching {urn}): {detail}")]
    Unreachable {
        /// The act's URN.
        urn: String,
        /// The configured base URL.
        base: String,
        /// The connection error.
        detail: String,
    },
    /// No answer within the timeout.
    #[error(
        "Normattiva did not answer within {seconds} s at {url} (fetching {urn}; {attempts} attempts)"
    )]
    Timeout {
        /// The act's URN.
        urn: String,
        /// The address asked.
        url: String,
        /// The timeout per request.
        seconds: u32,
        /// Attempts made.
        attempts: u32,
    },
    /// An HTTP status other than success.
    #[error("Normattiva answered HTTP {status} at {url} (fetching {urn}; {attempts} attempts)")]
    Status {
        /// The act's URN.
        urn: String,
        /// The address asked.
        url: String,
        /// The status.
        status: StatusCode,
        /// Attempts made.
        attempts: u32,
    },
    /// Any other transport failure (an answer cut short, too many redirects, …).
    #[error("the exchange with Normattiva failed at {url} (fetching {urn}): {detail}")]
    Network {
        /// The act's URN.
        urn: String,
        /// The address asked.
        url: String,
        /// The error.
        detail: String,
    },
    /// The act's page lacks a field or the export link: their site changed.
    #[error(
        "Normattiva's page of {urn} ({url}) no longer has {missing}: the site has changed and \
         Aula's Normattiva adapter needs updating"
    )]
    ChangedForm {
        /// The act's URN.
        urn: String,
        /// The page's address.
        url: String,
        /// What is missing.
        missing: String,
    },
    /// The export answered an HTML page (the 200-with-error-page answer).
    #[error(
        "Normattiva answered an HTML page instead of the Akoma Ntoso XML of {urn} ({url}): \
         it probably refused the session cookie"
    )]
    HtmlInsteadOfXml {
        /// The act's URN.
        urn: String,
        /// The export's address.
        url: String,
    },
    /// The export answered something else than Akoma Ntoso.
    #[error("Normattiva answered {found} instead of the Akoma Ntoso XML of {urn} ({url})")]
    NotAkomaNtoso {
        /// The act's URN.
        urn: String,
        /// The export's address.
        url: String,
        /// What came instead.
        found: String,
    },
}

/// The Normattiva site at a base URL, with the client's manners.
#[derive(Debug, Clone)]
pub struct Normattiva {
    base: String,
    timeout_seconds: u32,
    attempts: u32,
}

/// One answer, after redirects.
struct Answer {
    url: Url,
    status: StatusCode,
    body: String,
    attempts: u32,
}

impl Normattiva {
    /// The site and manners of the `[library]` settings.
    pub fn new(config: &config::Library) -> Self {
        Self {
            base: config.normattiva_url.trim_end_matches('/').to_string(),
            timeout_seconds: config.timeout_seconds.max(1),
            attempts: config.attempts.max(1),
        }
    }

    /// Downloads the text in force of an act, in a cookie session of its own.
    pub async fn download(&self, urn: &Urn) -> Result<Download, NormattivaError> {
        let page_url = urn.url(&self.base);
        let session = Session {
            site: self,
            urn: urn.to_string(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .user_agent(USER_AGENT)
                .timeout(Duration::from_secs(self.timeout_seconds.into()))
                // A network that drops packets fails as fast as one that refuses them.
                .connect_timeout(Duration::from_secs(self.timeout_seconds.min(10).into()))
                .build()
                .map_err(|e| NormattivaError::Network {
                    urn: urn.to_string(),
                    url: page_url.clone(),
                    detail: e.to_string(),
                })?,
        };
        let start = Url::parse(&page_url).map_err(|e| NormattivaError::Unreachable {
            urn: urn.to_string(),
            base: self.base.clone(),
            detail: format!("not a valid URL ({e})"),
        })?;
        let page = session.get(start).await?;
        if matches!(page.status, StatusCode::NOT_FOUND | StatusCode::GONE) {
            return Err(session.unknown(&page, format!("HTTP {}", page.status)));
        }
        session.check_status(&page)?;
        let fields = match read_page(&page.body, &page.url) {
            Ok(fields) => fields,
            Err(PageProblem::NoAct) => {
                return Err(session.unknown(&page, "a page that shows no act".into()));
            }
            Err(PageProblem::Missing(missing)) => {
                return Err(NormattivaError::ChangedForm {
                    urn: session.urn.clone(),
                    url: page.url.to_string(),
                    missing,
                });
            }
        };
        let export = session.get(fields.export).await?;
        session.check_status(&export)?;
        let url = export.url.to_string();
        let found = match root_element(&export.body) {
            Root::AkomaNtoso => {
                return Ok(Download {
                    xml: export.body.trim_start_matches('\u{feff}').to_string(),
                    page_url,
                    in_force_at: fields.in_force_at,
                    gazette_date: fields.gazette_date,
                    gazette_code: fields.gazette_code,
                });
            }
            Root::Html => {
                return Err(NormattivaError::HtmlInsteadOfXml {
                    urn: session.urn,
                    url,
                });
            }
            Root::Other(name) => format!("XML whose root element is <{name}>"),
            Root::NotMarkup => "an answer that is neither XML nor HTML".into(),
        };
        Err(NormattivaError::NotAkomaNtoso {
            urn: session.urn,
            url,
            found,
        })
    }
}

/// The requests of one act.
struct Session<'a> {
    site: &'a Normattiva,
    urn: String,
    http: reqwest::Client,
}

impl Session<'_> {
    /// GET with retries on connection errors, timeouts, 5xx and 429.
    async fn get(&self, url: Url) -> Result<Answer, NormattivaError> {
        let mut pause = FIRST_PAUSE;
        let mut attempt = 1;
        loop {
            let outcome = self.try_get(url.clone(), attempt).await;
            let retry = match &outcome {
                Ok(answer) => {
                    answer.status.is_server_error()
                        || answer.status == StatusCode::TOO_MANY_REQUESTS
                }
                Err(e) => e.is_connect() || e.is_timeout(),
            };
            if !retry || attempt >= self.site.attempts {
                return outcome.map_err(|e| self.transport_error(&url, &e, attempt));
            }
            tracing::debug!(%url, attempt, "Normattiva: trying again in {pause:?}");
            tokio::time::sleep(pause).await;
            pause *= 2;
            attempt += 1;
        }
    }

    async fn try_get(&self, url: Url, attempts: u32) -> Result<Answer, reqwest::Error> {
        let response = self.http.get(url).send().await?;
        let (url, status) = (response.url().clone(), response.status());
        let body = response.text().await?;
        Ok(Answer {
            url,
            status,
            body,
            attempts,
        })
    }

    fn transport_error(&self, url: &Url, e: &reqwest::Error, attempts: u32) -> NormattivaError {
        let (urn, url) = (self.urn.clone(), url.to_string());
        if e.is_timeout() {
            NormattivaError::Timeout {
                urn,
                url,
                seconds: self.site.timeout_seconds,
                attempts,
            }
        } else if e.is_connect() {
            NormattivaError::Unreachable {
                urn,
                base: self.site.base.clone(),
                detail: root_cause(e),
            }
        } else {
            NormattivaError::Network {
                urn,
                url,
                detail: root_cause(e),
            }
        }
    }

    fn check_status(&self, answer: &Answer) -> Result<(), NormattivaError> {
        if answer.status.is_success() {
            return Ok(());
        }
        Err(NormattivaError::Status {
            urn: self.urn.clone(),
            url: answer.url.to_string(),
            status: answer.status,
            attempts: answer.attempts,
        })
    }

    fn unknown(&self, answer: &Answer, why: String) -> NormattivaError {
        NormattivaError::UnknownAct {
            urn: self.urn.clone(),
            url: answer.url.to_string(),
            why,
        }
    }
}

/// The deepest cause of an error, which says what happened (reqwest's own message only
/// repeats the URL).
fn root_cause(e: &dyn std::error::Error) -> String {
    let mut cause = e;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// What an act's page gives.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct PageFields {
    pub(crate) gazette_date: String,
    pub(crate) gazette_code: String,
    pub(crate) in_force_at: String,
    pub(crate) export: Url,
}

/// Why a page gives no act.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum PageProblem {
    /// None of the fields nor the export link: not an act's page.
    NoAct,
    /// Some are there, this one is not (or not in a known form).
    Missing(String),
}

/// Reads the hidden fields and the export link of an act's page at `page_url`.
pub(crate) fn read_page(html: &str, page_url: &Url) -> Result<PageFields, PageProblem> {
    let inputs = hidden_inputs(html);
    let field = |name: &str| inputs.iter().find(|(n, _)| n == name).map(|(_, v)| v);
    let link = export_link(html);
    let names = [GAZETTE_DATE, GAZETTE_CODE, IN_FORCE];
    if link.is_none() && names.iter().all(|n| field(n).is_none()) {
        return Err(PageProblem::NoAct);
    }
    let missing = |what: String| PageProblem::Missing(what);
    let date = |name: &str| {
        let value = field(name).ok_or_else(|| missing(format!("the field {name}")))?;
        iso_date(value)
            .ok_or_else(|| missing(format!("a date in the field {name} (it reads «{value}»)")))
    };
    let gazette_date = date(GAZETTE_DATE)?;
    let in_force_at = date(IN_FORCE)?;
    let gazette_code = field(GAZETTE_CODE)
        .filter(|c| !c.trim().is_empty())
        .ok_or_else(|| missing(format!("the field {GAZETTE_CODE}")))?
        .trim()
        .to_string();
    let link =
        link.ok_or_else(|| missing(format!("the link to the Akoma Ntoso export ({EXPORT})")))?;
    let export = page_url
        .join(&link)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .ok_or_else(|| {
            missing(format!(
                "a valid link to the Akoma Ntoso export (it reads «{link}»)"
            ))
        })?;
    Ok(PageFields {
        gazette_date,
        gazette_code,
        in_force_at,
        export,
    })
}

/// Every input's name and value.
fn hidden_inputs(html: &str) -> Vec<(String, String)> {
    markup::tags(html, "input")
        .filter_map(|attrs| {
            let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
            Some((get("name")?, get("value").unwrap_or_default()))
        })
        .collect()
}

/// The first link to the export, unescaped.
fn export_link(html: &str) -> Option<String> {
    markup::tags(html, "a").find_map(|attrs| {
        attrs
            .into_iter()
            .find(|(n, v)| n == "href" && v.contains(EXPORT))
            .map(|(_, v)| v.trim().to_string())
    })
}

/// A date as `YYYYMMDD`, `YYYY-MM-DD` or `DD/MM/YYYY`, in ISO form.
fn iso_date(text: &str) -> Option<String> {
    let text = text.trim();
    ["%Y%m%d", "%Y-%m-%d", "%d/%m/%Y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(text, f).ok())
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests;
