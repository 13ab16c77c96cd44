//! A bare HTTP/1.1 client over TCP: it sends the request target byte for byte, where
//! reqwest (through the `url` crate) would normalise `..`, backslashes and control
//! characters away before they reach the server.

use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// An answer: status, headers (names lower-cased) and body.
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    /// The first header named `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as text (lossy).
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A request to send as is.
pub struct Raw<'a> {
    pub method: &'a str,
    /// The request target, exactly as it goes on the wire.
    pub target: &'a str,
    /// Extra header lines (`Name: value`).
    pub headers: Vec<String>,
    pub body: Vec<u8>,
}

impl<'a> Raw<'a> {
    pub fn new(method: &'a str, target: &'a str) -> Self {
        Self {
            method,
            target,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn header(mut self, line: impl Into<String>) -> Self {
        self.headers.push(line.into());
        self
    }

    pub fn body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.headers.push(format!("Content-Type: {content_type}"));
        self.body = body.into();
        self
    }

    /// Sends the request on a new connection (`Connection: close`) to `address`
    /// (`127.0.0.1:port`) and reads the whole answer; an error if the server does not
    /// answer within 60 s or closes the connection without an answer.
    pub async fn send(&self, address: &str) -> Result<Answer, String> {
        let mut head = format!(
            "{} {} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.method,
            self.target,
            self.body.len()
        )
        .into_bytes();
        for line in &self.headers {
            head.extend_from_slice(line.as_bytes());
            head.extend_from_slice(b"\r\n");
        }
        head.extend_from_slice(b"\r\n");
        head.extend_from_slice(&self.body);
        let exchange = async {
            let mut stream = TcpStream::connect(address)
                .await
                .map_err(|e| format!("connect: {e}"))?;
            stream
                .write_all(&head)
                .await
                .map_err(|e| format!("write: {e}"))?;
            let mut answer = Vec::new();
            stream
                .read_to_end(&mut answer)
                .await
                .map_err(|e| format!("read: {e}"))?;
            parse(&answer)
        };
        tokio::time::timeout(Duration::from_secs(60), exchange)
            .await
            .map_err(|_| "no answer within 60 s".to_string())?
    }
}

/// Parses an HTTP/1.1 answer (the body is left as sent, chunked or not).
fn parse(answer: &[u8]) -> Result<Answer, String> {
    let end = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no complete head in {} bytes", answer.len()))?;
    let head = String::from_utf8_lossy(&answer[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("bad status line {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    let body = &answer[end + 4..];
    Ok(Answer {
        status,
        body: if chunked {
            dechunk(body)
        } else {
            body.to_vec()
        },
        headers,
    })
}

/// The payload of a chunked body.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut payload = Vec::new();
    while let Some(eol) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..eol])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next().unwrap_or("").trim(), 16).ok())
            .unwrap_or(0);
        if size == 0 || body.len() < eol + 2 + size {
            break;
        }
        payload.extend_from_slice(&body[eol + 2..eol + 2 + size]);
        body = &body[(eol + 4 + size).min(body.len())..];
    }
    payload
}

/// `host:port` of a test app's base URL.
pub fn address(base: &str) -> String {
    base.trim_start_matches("http://").to_string()
}
