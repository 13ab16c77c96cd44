//! An SMTP server started by the test on a free port, speaking enough of RFC 5321
//! (EHLO/HELO, MAIL, RCPT, DATA with dot-unstuffing, RSET, NOOP, QUIT) for a real
//! client to deliver to it over TCP, and the e-mails Aula sends through it.

use std::sync::{Arc, Mutex};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

use crate::helpers::{LEARNER, TestApp};

/// A message the server accepted.
#[derive(Debug, Clone)]
pub struct Received {
    /// Envelope recipients.
    pub to: Vec<String>,
    /// The message as transmitted (dot-unstuffed).
    pub data: String,
}

/// Messages received so far.
pub type Inbox = Arc<Mutex<Vec<Received>>>;

/// Starts the server on 127.0.0.1; returns its port and its inbox.
pub async fn start() -> (u16, Inbox) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    (port, serve(listener))
}

/// Starts the server on a given port (one that was free a moment ago: a mail server
/// coming back).
pub async fn start_on(port: u16) -> Inbox {
    let listener = TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("the port is free again");
    serve(listener)
}

fn serve(listener: TcpListener) -> Inbox {
    let inbox: Inbox = Arc::default();
    let shared = inbox.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(session(stream, shared.clone()));
        }
    });
    inbox
}

pub async fn session(stream: tokio::net::TcpStream, inbox: Inbox) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read).lines();
    write
        .write_all(b"220 smtp.test.local ESMTP ready\r\n")
        .await?;
    let mut to = Vec::new();
    while let Some(line) = lines.next_line().await? {
        let upper = line.to_ascii_uppercase();
        let reply: &[u8] = if upper.starts_with("EHLO") {
            b"250-smtp.test.local\r\n250 8BITMIME\r\n"
        } else if upper.starts_with("HELO") || upper.starts_with("NOOP") {
            b"250 OK\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            let address = line[8..]
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string();
            to.push(address);
            b"250 OK\r\n"
        } else if upper == "DATA" {
            write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await?;
            let mut data = String::new();
            while let Some(line) = lines.next_line().await? {
                if line == "." {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
                data.push('\n');
            }
            inbox.lock().unwrap().push(Received {
                to: std::mem::take(&mut to),
                data,
            });
            b"250 OK: queued\r\n"
        } else if upper.starts_with("RSET") {
            to.clear();
            b"250 OK\r\n"
        } else if upper.starts_with("QUIT") {
            write.write_all(b"221 Bye\r\n").await?;
            return Ok(());
        } else {
            b"502 Command not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
    Ok(())
}

#[tokio::test]
async fn the_reset_e_mail_goes_through_a_real_smtp_connection() {
    let (port, inbox) = start().await;
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    app.load_demo().await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = client
        .get(app.url("/password/forgot"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::helpers::csrf_in(&page);
    let sent = client
        .post(app.url("/password/forgot"))
        .form(&[("email", LEARNER), ("csrf_token", &csrf)])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 200);

    // The e-mail is sent after the answer.
    crate::helpers::eventually(|| !inbox.lock().unwrap().is_empty()).await;
    let received = inbox.lock().unwrap().clone();
    assert_eq!(received.len(), 1, "one message reached the SMTP server");
    assert_eq!(received[0].to, [LEARNER.to_string()]);
    assert!(
        received[0]
            .data
            .contains("Subject: Aula: reimposta la password"),
        "{}",
        received[0].data
    );
    assert!(
        received[0].data.contains("multipart/alternative"),
        "plain text and HTML parts"
    );
    assert!(
        !app.state.config().outbox_dir.exists(),
        "nothing written to the outbox folder"
    );
}
