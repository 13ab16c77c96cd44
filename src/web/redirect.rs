//! Redirects stay on this site. [`local_target`] is the one check of every redirect
//! target: the `next` parameters a visitor brings, and the targets handlers build.
//!
//! A target is local when it is a path of this site: it begins with one `/` followed
//! by anything but another `/` or a `\` (which browsers read as `//`, the start of
//! another site's address), and it holds no control character, space or backslash
//! (browsers drop tabs and line breaks from addresses, so `/\t/evil.example` would
//! become `//evil.example`). The same holds for the target percent-decoded, once and
//! again, so no encoded form slips through to a server or proxy that decodes it.

use axum::response::{IntoResponse, Redirect, Response};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// Where a visitor goes when `next` is missing or not local.
pub const DEFAULT_TARGET: &str = "/courses";

/// Characters encoded in a target on its way out (non-ASCII is always encoded), so
/// that the `Location` header is plain ASCII.
const ENCODED: &AsciiSet = &CONTROLS.add(b' ').add(b'"').add(b'<').add(b'>').add(b'`');

/// How many times a target is percent-decoded to look for a hidden `//`.
const DECODINGS: usize = 3;

/// `target` as a path of this site (non-ASCII percent-encoded), or None when it is
/// not one.
pub fn local_target(target: &str) -> Option<String> {
    let mut form = target.to_string();
    for _ in 0..=DECODINGS {
        if !is_local(&form) {
            return None;
        }
        let decoded = percent_decode_str(&form).decode_utf8_lossy().into_owned();
        if decoded == form {
            break;
        }
        form = decoded;
    }
    Some(utf8_percent_encode(target, ENCODED).to_string())
}

/// Whether one form of a target is a local path.
fn is_local(target: &str) -> bool {
    let mut chars = target.chars();
    chars.next() == Some('/')
        && !matches!(chars.next(), Some('/' | '\\'))
        && !target
            .chars()
            .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
}

/// A safe local redirect target for a `next` parameter: the target if local, else
/// [`DEFAULT_TARGET`].
pub fn safe_next(next: Option<&str>) -> String {
    next.and_then(local_target)
        .unwrap_or_else(|| DEFAULT_TARGET.to_string())
}

/// A 303 to `target` if local, else to [`DEFAULT_TARGET`]; every redirect of Aula is
/// built here.
pub fn to(target: &str) -> Response {
    Redirect::to(&safe_next(Some(target))).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_sites_in_any_disguise_are_refused() {
        for attack in [
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/%09/evil.example",
            "/%2F/evil.example",
            "/%2f%2fevil.example",
            "/%5C/evil.example",
            "/%5c%5cevil.example",
            "/%252F/evil.example",
            "/%25252F%25252Fevil.example",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/%0D%0ALocation:%20https://evil.example",
            "/\u{0}/evil.example",
            "/ /evil.example",
            "/\u{3000}/evil.example",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            " /courses",
            "\t/courses",
        ] {
            assert_eq!(local_target(attack), None, "{attack:?}");
            assert_eq!(safe_next(Some(attack)), DEFAULT_TARGET, "{attack:?}");
        }
    }

    #[test]
    fn paths_of_this_site_pass_unchanged_or_encoded() {
        for path in [
            "/courses",
            "/courses/immigrazione-servizi-comunali/semplificazione/quadro-normativo#stato",
            "/tutor/matrix?course=x&region=Liguria&page=2",
            "/search?q=art.+5%2Fbis",
            "/library/dlgs-286-1998/art-5",
            "/",
        ] {
            assert_eq!(local_target(path).as_deref(), Some(path), "{path}");
        }
        assert_eq!(
            local_target("/search?q=perché").as_deref(),
            Some("/search?q=perch%C3%A9")
        );
        assert_eq!(safe_next(None), DEFAULT_TARGET);
    }
}
