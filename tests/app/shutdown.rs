//! Graceful shutdown: in process (the future passed to `serve`) and for the real
//! binary on SIGTERM.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::helpers::{TestApp, TestDb};

#[tokio::test]
async fn serve_returns_cleanly_when_shutdown_completes() {
    let app = TestApp::spawn().await;
    assert_eq!(app.get("/healthz").await.status(), 200);
    let base = app.base.clone();
    app.shutdown().await.expect("serve ends without error");
    assert!(
        reqwest::get(format!("{base}/healthz")).await.is_err(),
        "port is closed"
    );
}

#[tokio::test]
async fn binary_stops_gracefully_on_sigterm() {
    let test_db = TestDb::new().await;
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let mut child = Command::new(env!("CARGO_BIN_EXE_aula"))
        .arg("serve")
        .current_dir(test_db.dir.path())
        .env("AULA_DATABASE_URL", &test_db.url)
        .env("AULA_BIND", format!("127.0.0.1:{port}"))
        // The metrics listener too, on a port of its own (tests run side by side).
        .env("AULA_METRICS__BIND", "127.0.0.1:0")
        .env("AULA_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start aula serve");

    let url = format!("http://127.0.0.1:{port}/readyz");
    let started = Instant::now();
    loop {
        if let Ok(r) = reqwest::get(&url).await
            && r.status() == 200
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "server did not come up"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());

    let output = tokio::task::spawn_blocking(move || {
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                return Some((status, child));
            }
            if started.elapsed() > Duration::from_secs(30) {
                child.kill().ok();
                return None;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    })
    .await
    .unwrap();
    let (status, child) = output.expect("server exits within 30 s of SIGTERM");
    let stderr = std::io::read_to_string(child.stderr.expect("stderr")).unwrap();
    assert!(status.success(), "clean exit; log:\n{stderr}");
    assert!(stderr.contains("shutdown signal received"), "{stderr}");
    assert!(stderr.contains("closing the database"), "{stderr}");
}
