//! M2, slow clients: a client that sends its headers too slowly, or holds a connection
//! idle, is cut off after the configured timeout; thousands of idle half-open
//! connections neither exceed the connection cap nor keep a real client out; and
//! stopping the server still lets a request in progress finish.

use std::time::{Duration, Instant};

use aula::config::{Config, Server};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use super::raw::address;
use crate::helpers::TestApp;

/// Waits (at most `limit`) for the server to close `stream`, reading and discarding
/// what it sends; returns how long that took, or None if it stayed open.
async fn closed_within(stream: &mut TcpStream, limit: Duration) -> Option<Duration> {
    let started = Instant::now();
    let mut buf = [0u8; 4096];
    let closed = tokio::time::timeout(limit, async {
        loop {
            match stream.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    closed.ok().map(|()| started.elapsed())
}

#[test]
fn the_limits_are_configured_with_sane_defaults() {
    let nowhere = std::path::Path::new("/nonexistent/aula.toml");
    let config = Config::load(nowhere, vec![]).unwrap();
    assert_eq!(
        config.server,
        Server {
            header_timeout_seconds: 10,
            idle_timeout_seconds: 60,
            max_connections: 1024,
        }
    );
    let env = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect::<Vec<_>>()
    };
    let config = Config::load(
        nowhere,
        env(&[
            ("AULA_SERVER__HEADER_TIMEOUT_SECONDS", "5"),
            ("AULA_SERVER__IDLE_TIMEOUT_SECONDS", "30"),
            ("AULA_SERVER__MAX_CONNECTIONS", "4096"),
        ]),
    )
    .unwrap();
    assert_eq!(config.server.header_timeout_seconds, 5);
    assert_eq!(config.server.idle_timeout_seconds, 30);
    assert_eq!(config.server.max_connections, 4096);
    let refused = Config::load(nowhere, env(&[("AULA_SERVER__MAX_CONNECTIONS", "0")]))
        .expect_err("a cap of zero would refuse every client");
    assert!(refused.to_string().contains("max_connections"), "{refused}");
}

#[tokio::test]
async fn a_client_sending_its_headers_too_slowly_is_cut_off() {
    let app = TestApp::spawn_with(|c| c.server.header_timeout_seconds = 1).await;
    let addr = address(&app.base);

    // Headers in pieces, all within the timeout: served.
    let mut quick = TcpStream::connect(&addr).await.unwrap();
    for piece in [
        "GET /healthz HTTP/1.1\r\n",
        "Host: x\r\n",
        "Connection: close\r\n\r\n",
    ] {
        quick.write_all(piece.as_bytes()).await.unwrap();
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut answer = String::new();
    quick.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");

    // One header line every 200 ms, never ending: cut off after about 1 s.
    let mut slow = TcpStream::connect(&addr).await.unwrap();
    slow.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n")
        .await
        .unwrap();
    let started = Instant::now();
    let (mut reader, mut writer) = slow.into_split();
    let trickle = tokio::spawn(async move {
        for n in 0.. {
            tokio::time::sleep(Duration::from_millis(200)).await;
            if writer
                .write_all(format!("X-{n}: y\r\n").as_bytes())
                .await
                .is_err()
            {
                return n;
            }
        }
        unreachable!()
    });
    let mut buf = [0u8; 1024];
    let closed = tokio::time::timeout(Duration::from_secs(20), async {
        loop {
            match reader.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(_) => {}
            }
        }
    })
    .await;
    let elapsed = started.elapsed();
    trickle.abort();
    println!("slow headers: closed after {elapsed:.2?} (header timeout 1 s)");
    assert!(
        closed.is_ok(),
        "still open after {elapsed:.2?} of trickled headers"
    );
    assert!(
        elapsed >= Duration::from_millis(900),
        "closed after {elapsed:.2?}, before the timeout"
    );
}

#[tokio::test]
async fn idle_connections_are_closed_after_the_idle_timeout() {
    let app = TestApp::spawn_with(|c| c.server.idle_timeout_seconds = 1).await;
    let addr = address(&app.base);

    // Kept alive after an answer, then silent.
    let mut kept = TcpStream::connect(&addr).await.unwrap();
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = kept.read(&mut buf).await.unwrap();
    assert!(buf[..n].starts_with(b"HTTP/1.1 200"));
    let after = closed_within(&mut kept, Duration::from_secs(20)).await;
    println!("kept-alive connection closed after {after:?} (idle timeout 1 s)");
    assert!(after.is_some(), "an idle kept-alive connection stays open");
    assert!(after >= Some(Duration::from_millis(900)), "{after:?}");

    // Connected, and never a byte.
    let mut silent = TcpStream::connect(&addr).await.unwrap();
    let after = closed_within(&mut silent, Duration::from_secs(20)).await;
    assert!(after.is_some(), "a silent connection stays open");
}

#[tokio::test]
async fn two_thousand_idle_half_open_connections_do_not_keep_a_client_out() {
    // Each side of every connection is a file descriptor of this process.
    rlimit::increase_nofile_limit(8_192).ok();
    let app = TestApp::spawn().await;
    let cap = app.state.config().server.max_connections as usize;
    assert_eq!(cap, 1024, "the default cap");
    let addr = address(&app.base);

    let mut idle = Vec::with_capacity(2_000);
    for _ in 0..2_000 {
        let mut stream = TcpStream::connect(&addr).await.unwrap();
        // Half a request line, then nothing.
        stream.write_all(b"GET / HT").await.unwrap();
        idle.push(stream);
    }

    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(1))
        .build()
        .unwrap();
    let started = Instant::now();
    let home = client.get(app.url("/")).send().await;
    let elapsed = started.elapsed();
    println!("home page behind 2,000 idle connections: {elapsed:.2?}");
    let home = home.expect("the home page within 1 s");
    assert_eq!(home.status(), 200);

    // The server holds at most `cap` of them: the oldest idle ones made room.
    let must_close = idle.len() - cap;
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut closed = 0;
    while Instant::now() < deadline {
        let mut probe = [0u8; 1];
        closed = idle
            .iter()
            .filter(|s| match s.try_read(&mut probe) {
                Ok(0) => true,
                Ok(_) => false,
                Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
            })
            .count();
        if closed >= must_close {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    println!("closed by the server: {closed} of {}", idle.len());
    assert!(
        closed >= must_close,
        "the server holds {} connections, over the cap of {cap}",
        idle.len() - closed
    );
}

#[tokio::test]
async fn stopping_lets_a_request_in_progress_finish_and_drops_idle_ones() {
    let app = TestApp::spawn().await;
    let addr = address(&app.base);
    let mut idle = TcpStream::connect(&addr).await.unwrap();
    idle.write_all(b"GET / HT").await.unwrap();

    // A request whose body is half sent: in progress until the rest arrives.
    let body = br#"{"csp-report": {"document-uri": "http://x/"}}"#;
    let mut busy = TcpStream::connect(&addr).await.unwrap();
    busy.write_all(
        format!(
            "POST /api/v1/csp-reports HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    )
    .await
    .unwrap();
    busy.write_all(&body[..10]).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let stopping = tokio::spawn(app.shutdown());
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(!stopping.is_finished(), "a request is still in progress");
    let idle_closed = closed_within(&mut idle, Duration::from_secs(5)).await;
    assert!(
        idle_closed.is_some(),
        "the idle connection is dropped at once"
    );

    busy.write_all(&body[10..]).await.unwrap();
    let mut answer = String::new();
    busy.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 204"), "{answer}");
    tokio::time::timeout(Duration::from_secs(20), stopping)
        .await
        .expect("the server stops once the request is answered")
        .unwrap()
        .expect("serve ends without error");
}
