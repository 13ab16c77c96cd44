//! M7, metrics: `/metrics` is not served on the site (only on the metrics listener,
//! loopback by default), and neither an unknown method nor an unknown path becomes a
//! label of its own.

use aula::config::Config;

use super::raw::{Raw, address};
use crate::helpers::TestApp;

#[test]
fn the_metrics_listen_on_loopback_unless_configured_otherwise() {
    let nowhere = std::path::Path::new("/nonexistent/aula.toml");
    let env = |value: &str| vec![("AULA_METRICS__BIND".to_string(), value.to_string())];
    let config = Config::load(nowhere, vec![]).unwrap();
    assert_eq!(config.metrics.bind, "127.0.0.1:9464");
    assert_eq!(
        config.metrics.address().unwrap(),
        Some("127.0.0.1:9464".parse().unwrap())
    );
    let off = Config::load(nowhere, env("")).unwrap();
    assert_eq!(off.metrics.address().unwrap(), None, "empty disables them");
    let wrong = Config::load(nowhere, env("localhost")).expect_err("no port");
    assert!(wrong.to_string().contains("metrics.bind"), "{wrong}");
}

#[tokio::test]
async fn the_site_does_not_serve_the_metrics() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let public = app.get("/metrics").await;
    assert_eq!(public.status(), 404);
    assert!(
        !public.text().await.unwrap().contains("http_requests_total"),
        "no metric on the site"
    );
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert!(doc["paths"].get("/metrics").is_none(), "not in the API");

    let operators = reqwest::get(format!("{}/metrics", app.metrics_base))
        .await
        .unwrap();
    assert_eq!(operators.status(), 200);
    let text = operators.text().await.unwrap();
    assert!(text.contains(r#"route="/healthz""#), "{text}");
    assert!(text.contains("http_connections_open"), "{text}");
    let elsewhere = reqwest::get(format!("{}/", app.metrics_base))
        .await
        .unwrap();
    assert_eq!(elsewhere.status(), 404);
}

#[tokio::test]
async fn unknown_methods_and_paths_make_no_new_series() {
    let app = TestApp::spawn().await;
    let addr = address(&app.base);
    // Names no other test uses: the recorder is shared by the whole test process.
    let tag = uuid::Uuid::new_v4().simple().to_string();
    let method = format!("BREW{}", &tag[..8].to_uppercase());
    let path = format!("/sonda-{tag}");
    for target in ["/healthz", path.as_str(), "/api/v1/me"] {
        let answer = Raw::new(&method, target).send(&addr).await.unwrap();
        assert!(answer.status < 500, "{method} {target}: {}", answer.status);
    }
    let answer = Raw::new("GET", &path).send(&addr).await.unwrap();
    assert_eq!(answer.status, 404);

    let text = app.metrics().await;
    assert!(
        !text.contains(&method),
        "the method became a label:\n{text}"
    );
    assert!(!text.contains(&tag), "the path became a label:\n{text}");
    assert!(
        text.contains(r#"method="OTHER""#),
        "unknown methods count as OTHER:\n{text}"
    );
    assert!(
        text.contains(r#"route="unmatched""#),
        "unknown paths count as unmatched:\n{text}"
    );
}
