//! A local server that answers like Normattiva, serving our fictional acts of 2099
//! (`tests/fixtures/normattiva/`): the URN resolver redirects to the act's page and
//! opens a session (a `JSESSIONID` cookie); the page carries the hidden fields and the
//! link to the Akoma Ntoso export; the export answers the XML only to the session's
//! cookie, else 200 with an HTML error page. Faults can be switched on, for every act
//! or one.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, Uri, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;

use crate::corpus::fixture;

/// URN of the fixture decree.
pub const DLGS_990: &str = "urn:nir:stato:decreto.legislativo:2099-02-10;990";
/// URN of the fixture law.
pub const L_991: &str = "urn:nir:stato:legge:2099-03-15;991";

/// What the server does wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Nothing.
    None,
    /// 500 on every request.
    ServerError,
    /// The resolver answers after 3 s.
    Slow,
    /// The export answers 200 with bytes that are neither XML nor HTML.
    Garbage,
    /// The export answers its HTML error page even with the session cookie.
    HtmlError,
    /// The act's page lacks `atto.dataVigenza`.
    MissingField,
}

/// An act the server knows.
struct Act {
    urn: &'static str,
    code: &'static str,
    /// `YYYYMMDD`.
    gazette: &'static str,
    /// `YYYYMMDD`.
    in_force: &'static str,
    xml: String,
    /// Whether the page links the export with the older `atto.dataGU` form, relative.
    old_link: bool,
}

/// A request the server saw.
#[derive(Clone, Debug)]
pub struct Seen {
    /// Path and query.
    pub target: String,
    /// The `User-Agent` header.
    pub user_agent: String,
    /// The `Cookie` header, if any.
    pub cookie: Option<String>,
}

struct Inner {
    acts: Vec<Act>,
    fault: Fault,
    /// The URN the fault applies to (all acts when none).
    fault_urn: Option<String>,
    sessions: HashSet<String>,
    seen: Vec<Seen>,
}

type Shared = Arc<Mutex<Inner>>;

/// The running fixture server.
pub struct FakeNormattiva {
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    inner: Shared,
    task: tokio::task::JoinHandle<()>,
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixture(&format!("normattiva/{name}"))).unwrap()
}

impl FakeNormattiva {
    /// Starts the server with the first version of both acts.
    pub async fn start() -> Self {
        let acts = vec![
            Act {
                urn: DLGS_990,
                code: "99G0990",
                gazette: "20990211",
                in_force: "20990301",
                xml: read("dlgs-990-2099.xml"),
                old_link: false,
            },
            Act {
                urn: L_991,
                code: "99G0991",
                gazette: "20990320",
                in_force: "20990401",
                xml: read("l-991-2099.xml"),
                old_link: true,
            },
        ];
        let inner = Arc::new(Mutex::new(Inner {
            acts,
            fault: Fault::None,
            fault_urn: None,
            sessions: HashSet::new(),
            seen: Vec::new(),
        }));
        let app = Router::new()
            .route("/uri-res/N2Ls", get(resolver))
            .route("/atto/caricaDettaglioAtto", get(act_page))
            .route("/do/atto/caricaAKN", get(export))
            .route("/atto/caricaAKN", get(export))
            .with_state(inner.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let task = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self { base, inner, task }
    }

    /// Serves the second version of the decree (art. 2 amended, 3-bis added, 4 gone),
    /// in force from 1 June 2099.
    pub fn serve_second_version(&self) {
        let mut inner = self.inner.lock().unwrap();
        let act = inner.acts.iter_mut().find(|a| a.urn == DLGS_990).unwrap();
        act.xml = read("dlgs-990-2099-v2.xml");
        act.in_force = "20990601";
    }

    /// Switches a fault on, for one act or (`None`) all.
    pub fn set_fault(&self, fault: Fault, urn: Option<&str>) {
        let mut inner = self.inner.lock().unwrap();
        inner.fault = fault;
        inner.fault_urn = urn.map(str::to_string);
    }

    /// The requests seen so far.
    pub fn seen(&self) -> Vec<Seen> {
        self.inner.lock().unwrap().seen.clone()
    }
}

impl Drop for FakeNormattiva {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Records the request; returns the fault that applies to `urn`.
fn note(inner: &Shared, uri: &Uri, headers: &HeaderMap, urn: Option<&str>) -> Fault {
    let mut inner = inner.lock().unwrap();
    let text = |name| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    inner.seen.push(Seen {
        target: uri.to_string(),
        user_agent: text(header::USER_AGENT).unwrap_or_default(),
        cookie: text(header::COOKIE),
    });
    match (&inner.fault_urn, urn) {
        (Some(only), Some(urn)) if only != urn => Fault::None,
        _ => inner.fault,
    }
}

fn server_error() -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, "Errore interno").into_response()
}

async fn resolver(
    State(inner): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    let urn = query.unwrap_or_default();
    let fault = note(&inner, &uri, &headers, Some(&urn));
    match fault {
        Fault::ServerError => return server_error(),
        Fault::Slow => tokio::time::sleep(Duration::from_secs(3)).await,
        _ => {}
    }
    let mut inner = inner.lock().unwrap();
    let Some(act) = inner.acts.iter().find(|a| a.urn == urn) else {
        return (
            StatusCode::NOT_FOUND,
            Html("<html><body>Pagina non trovata</body></html>"),
        )
            .into_response();
    };
    let location = format!(
        "/atto/caricaDettaglioAtto?atto.dataPubblicazioneGazzetta={}&atto.codiceRedazionale={}",
        act.gazette, act.code
    );
    let session = uuid::Uuid::new_v4().simple().to_string();
    inner.sessions.insert(session.clone());
    (
        StatusCode::FOUND,
        [
            (header::LOCATION, location),
            (
                header::SET_COOKIE,
                format!("JSESSIONID={session}; Path=/; HttpOnly"),
            ),
        ],
    )
        .into_response()
}

/// `YYYYMMDD` as `YYYY-MM-DD`.
fn dashed(date: &str) -> String {
    format!("{}-{}-{}", &date[..4], &date[4..6], &date[6..])
}

/// `YYYYMMDD` as `DD/MM/YYYY`.
fn slashed(date: &str) -> String {
    format!("{}/{}/{}", &date[6..], &date[4..6], &date[..4])
}

async fn act_page(
    State(inner): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let code = params
        .iter()
        .find(|(k, _)| k == "atto.codiceRedazionale")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let urn = {
        let inner = inner.lock().unwrap();
        inner.acts.iter().find(|a| a.code == code).map(|a| a.urn)
    };
    let fault = note(&inner, &uri, &headers, urn);
    if fault == Fault::ServerError {
        return server_error();
    }
    let inner = inner.lock().unwrap();
    let Some(act) = inner.acts.iter().find(|a| a.code == code) else {
        return Html("<html><body>Atto non trovato</body></html>").into_response();
    };
    let link = if act.old_link {
        format!(
            "caricaAKN?atto.dataGU={}&amp;atto.codiceRedaz={}",
            act.gazette, act.code
        )
    } else {
        format!(
            "/do/atto/caricaAKN?dataGU={}&amp;codiceRedaz={}&amp;dataVigenza={}",
            act.gazette, act.code, act.in_force
        )
    };
    let in_force = if fault == Fault::MissingField {
        String::new()
    } else {
        format!(
            r#"<input type="hidden" name="atto.dataVigenza" value="{}">"#,
            slashed(act.in_force)
        )
    };
    Html(format!(
        r#"<!DOCTYPE html>
<html lang="it"><head><title>Normattiva (prova)</title></head><body>
<form id="dettaglio" action="/do/atto/vigenza" method="post">
  <input type="hidden" name="atto.dataPubblicazioneGazzetta" value="{}"/>
  <input type="hidden" name="atto.codiceRedazionale" value="{}"/>
  {in_force}
</form>
<p><a href="/do/atto/export?codice={}">Esporta PDF</a> <a href="{link}" title="Akoma Ntoso">AKN</a></p>
</body></html>"#,
        dashed(act.gazette),
        act.code,
        act.code
    ))
    .into_response()
}

const ERROR_PAGE: &str = "<!DOCTYPE html>\n<html><head><title>Errore</title></head>\
    <body><p>Sessione scaduta o non valida.</p></body></html>";

async fn export(
    State(inner): State<Shared>,
    uri: Uri,
    headers: HeaderMap,
    Query(params): Query<Vec<(String, String)>>,
) -> Response {
    let param = |names: [&str; 2]| {
        params
            .iter()
            .find(|(k, _)| names.contains(&k.as_str()))
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let (code, gazette) = (
        param(["codiceRedaz", "atto.codiceRedaz"]),
        param(["dataGU", "atto.dataGU"]),
    );
    let urn = {
        let inner = inner.lock().unwrap();
        inner.acts.iter().find(|a| a.code == code).map(|a| a.urn)
    };
    let fault = note(&inner, &uri, &headers, urn);
    let inner = inner.lock().unwrap();
    let session_ok = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| {
            c.split(';')
                .find_map(|p| p.trim().strip_prefix("JSESSIONID="))
        })
        .is_some_and(|s| inner.sessions.contains(s));
    let act = inner
        .acts
        .iter()
        .find(|a| a.code == code && a.gazette == gazette);
    match (fault, act) {
        (Fault::ServerError, _) => server_error(),
        (Fault::Garbage, _) => (
            [(header::CONTENT_TYPE, "application/xml")],
            "%PDF-1.4 \u{1}\u{2} non un atto",
        )
            .into_response(),
        (Fault::HtmlError, _) | (_, None) => Html(ERROR_PAGE).into_response(),
        (_, Some(_)) if !session_ok => Html(ERROR_PAGE).into_response(),
        (_, Some(act)) => (
            [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
            act.xml.clone(),
        )
            .into_response(),
    }
}
