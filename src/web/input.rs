//! The one rule for text that comes in a request: identifiers in the path and the
//! query string never hold control characters, and text in a body never holds
//! control characters other than tabs and line breaks. Such input is a 400 that says
//! where the problem is, before any handler or database sees it (PostgreSQL, for one,
//! cannot store a NUL, and a header cannot carry a line break).
//!
//! The one query parameter that is free text, not an identifier (`q`, what a search
//! looks for), has its control characters turned into spaces instead: a search answers
//! whatever it is given, and a control character means nothing to it.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;

use crate::error::AppError;

/// Whether `text` holds a control character (C0, DEL or C1).
pub fn has_control(text: &str) -> bool {
    text.chars().any(char::is_control)
}

/// Whether `text`, typed by a person, holds a control character other than a tab or
/// a line break.
pub fn has_control_in_text(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
}

/// The 400 for a control character in an identifier or a value named `place`.
fn rejected(place: &str) -> AppError {
    AppError::BadRequest(format!(
        "indirizzo non valido: {place} contiene caratteri di controllo"
    ))
}

/// Query parameters of free text: their control characters become spaces.
const FREE_TEXT: &[&str] = &["q"];

/// Checks every path segment (percent-decoded: it must be UTF-8) and every key and
/// value of the query string of `uri`. Returns the query string to use instead when
/// free text had control characters, now spaces.
pub fn check_uri(uri: &axum::http::Uri) -> Result<Option<String>, AppError> {
    for segment in uri.path().split('/') {
        let decoded = percent_decode_str(segment).decode_utf8().map_err(|_| {
            AppError::BadRequest(
                "indirizzo non valido: il percorso contiene byte che non sono testo UTF-8".into(),
            )
        })?;
        if has_control(&decoded) {
            return Err(rejected("il percorso"));
        }
    }
    let Some(query) = uri.query() else {
        return Ok(None);
    };
    // Decoded as the extractors decode it (invalid UTF-8 becomes U+FFFD).
    let mut pairs: Vec<(String, String)> = serde_urlencoded::from_str(query).unwrap_or_default();
    let mut cleaned = false;
    for (key, value) in &mut pairs {
        if has_control(key) {
            return Err(rejected("un nome di parametro"));
        }
        if !has_control(value) {
            continue;
        }
        if !FREE_TEXT.contains(&key.as_str()) {
            return Err(rejected(&format!("il parametro «{key}»")));
        }
        *value = value
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect();
        cleaned = true;
    }
    Ok(cleaned.then(|| serde_urlencoded::to_string(&pairs).unwrap_or_default()))
}

/// Middleware: refuses a request whose path or query string holds a control
/// character in an identifier, and turns those of free text into spaces (see [`check_uri`]).
pub async fn reject_control_characters(mut request: Request, next: Next) -> Response {
    match check_uri(request.uri()) {
        Ok(None) => {}
        Ok(Some(query)) => {
            let target = format!("{}?{query}", request.uri().path());
            match target.parse() {
                Ok(uri) => *request.uri_mut() = uri,
                Err(_) => return rejected("l'indirizzo").into_response(),
            }
        }
        Err(error) => return error.into_response(),
    }
    next.run(request).await
}

/// Checks the strings of a well-formed JSON body, as bytes (no second parse): no
/// escaped control character but `\t`, `\n` and `\r`, and no raw DEL or C1 character
/// (the only control characters JSON lets through unescaped).
pub fn check_json(body: &[u8]) -> Result<(), AppError> {
    let mut at = 0;
    while at < body.len() {
        match body[at] {
            b'\\' => {
                let escaped = body.get(at + 1).copied().unwrap_or_default();
                if matches!(escaped, b'b' | b'f') {
                    return Err(body_rejected(None));
                }
                if escaped == b'u' {
                    let code = body
                        .get(at + 2..at + 6)
                        .and_then(|hex| std::str::from_utf8(hex).ok())
                        .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                        .and_then(char::from_u32);
                    if code.is_some_and(|c| c.is_control() && !matches!(c, '\t' | '\n' | '\r')) {
                        return Err(body_rejected(None));
                    }
                    at += 6;
                    continue;
                }
                at += 2;
            }
            0x7F => return Err(body_rejected(None)),
            0xC2 if body.get(at + 1).is_some_and(|b| (0x80..=0x9F).contains(b)) => {
                return Err(body_rejected(None));
            }
            _ => at += 1,
        }
    }
    Ok(())
}

/// Checks the fields of a form body (decoded pairs).
pub fn check_form(pairs: &[(String, String)]) -> Result<(), AppError> {
    for (key, value) in pairs {
        if has_control_in_text(key) || has_control_in_text(value) {
            return Err(body_rejected(Some(key)));
        }
    }
    Ok(())
}

/// The 400 for a control character in a body field.
fn body_rejected(field: Option<&str>) -> AppError {
    let place = match field {
        Some(name) if !has_control(name) => format!("il campo «{name}»"),
        _ => "un campo".to_string(),
    };
    AppError::BadRequest(format!(
        "dati non validi: {place} contiene caratteri di controllo"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(text: &str) -> axum::http::Uri {
        text.parse().unwrap_or_else(|_| panic!("{text} parses"))
    }

    #[test]
    fn control_characters_anywhere_in_path_or_query_are_refused() {
        for bad in [
            "/courses/a%00b",
            "/courses/%0A",
            "/courses/%7F",
            "/courses/%C2%85",
            "/courses/%FF%FE",
            "/tutor?course=%00",
            "/tutor?course=a%0D%0Ab",
            "/tutor?q=x&course=%00",
            "/login?next=/%09/evil.example",
            "/x?%00=1",
        ] {
            let error = check_uri(&uri(bad)).expect_err(bad);
            assert_eq!(error.status(), axum::http::StatusCode::BAD_REQUEST, "{bad}");
        }
    }

    #[test]
    fn ordinary_identifiers_and_text_pass() {
        for good in [
            "/courses/immigrazione-servizi-comunali/semplificazione/quadro-normativo",
            "/library/dlgs-286-1998/art-5-bis",
            "/search?q=permesso+di+soggiorno%20%C3%A8",
            "/search?q=%FF%FE",
            "/tutor?course=&region=Liguria",
            "/",
        ] {
            assert!(matches!(check_uri(&uri(good)), Ok(None)), "{good}");
        }
    }

    #[test]
    fn free_text_loses_its_control_characters() {
        let cleaned = check_uri(&uri("/search?q=permesso%00+di%0Asoggiorno&kind=lesson"));
        assert_eq!(
            cleaned.ok().flatten().as_deref(),
            Some("q=permesso++di+soggiorno&kind=lesson")
        );
    }

    #[test]
    fn bodies_keep_tabs_and_line_breaks_but_not_other_controls() {
        for ok in [
            serde_json::json!({"text": "riga 1\r\nriga 2\tfine", "n": [1, "a"]}),
            serde_json::json!({"backslash then u0000": "\\u0000 \\\\b"}),
            serde_json::json!({"accents": "è € \u{1F600}"}),
        ] {
            let bytes = serde_json::to_vec(&ok).unwrap_or_default();
            assert!(check_json(&bytes).is_ok(), "{ok}");
        }
        assert!(check_json(br#"{"a": "\u00e8 \\u0000"}"#).is_ok());
        for bad in [
            serde_json::json!({"email": "a\u{0}b"}),
            serde_json::json!({"a": {"b": ["\u{1b}[31m"]}}),
            serde_json::json!({"\u{0}": 1}),
            serde_json::json!("\u{7f}"),
            serde_json::json!("\u{85}"),
            serde_json::json!("\u{8}"),
        ] {
            let bytes = serde_json::to_vec(&bad).unwrap_or_default();
            assert!(check_json(&bytes).is_err(), "{bad}");
        }
        assert!(check_json(br#"{"a": "\u001B"}"#).is_err());
        assert!(check_json(br#"{"a": "x\fy"}"#).is_err());
        assert!(check_form(&[("name".into(), "Rossi\tMario".into())]).is_ok());
        assert!(check_form(&[("name".into(), "a\u{0}".into())]).is_err());
    }
}
