//! `multipart/form-data` bodies (RFC 7578), as a page's upload form sends them: the
//! parts of a body already read within the body limit, each with its field name, its
//! file name if it is a file, and its bytes. Used by the CSRF check (the token is a
//! field of the form) and by the forms that upload a file. Anything malformed is an
//! error for the caller to turn into a 400, never a panic.

/// One part of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    /// The field's name.
    pub name: String,
    /// The file's name, for a file (may be empty when no file was chosen).
    pub filename: Option<String>,
    /// The bytes.
    pub data: Vec<u8>,
}

/// Most parts a body may have.
const MAX_PARTS: usize = 32;
/// Longest header block of one part.
const MAX_HEADERS: usize = 8 * 1024;

/// The boundary of a `multipart/form-data` content type; None for any other type or
/// a missing or invalid boundary.
pub fn boundary(content_type: &str) -> Option<String> {
    let mut params = content_type.split(';');
    let essence = params.next()?.trim();
    if !essence.eq_ignore_ascii_case("multipart/form-data") {
        return None;
    }
    params.find_map(|param| {
        let (key, value) = param.split_once('=')?;
        if !key.trim().eq_ignore_ascii_case("boundary") {
            return None;
        }
        let value = value.trim().trim_matches('"');
        // RFC 2046: 1 to 70 characters.
        (!value.is_empty() && value.len() <= 70 && value.is_ascii()).then(|| value.to_string())
    })
}

/// Where `needle` first occurs in `haystack` from `from`.
fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from > haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|i| i + from)
}

/// A parameter of a `Content-Disposition` header (`name="x"`).
fn parameter(header: &str, wanted: &str) -> Option<String> {
    header.split(';').skip(1).find_map(|param| {
        let (key, value) = param.split_once('=')?;
        key.trim()
            .eq_ignore_ascii_case(wanted)
            .then(|| value.trim().trim_matches('"').to_string())
    })
}

/// The parts of `body`, a `multipart/form-data` body with `boundary`.
pub fn parse(body: &[u8], boundary: &str) -> Result<Vec<Part>, String> {
    let delimiter = format!("--{boundary}").into_bytes();
    let next_delimiter = format!("\r\n--{boundary}").into_bytes();
    let mut at = find(body, &delimiter, 0).ok_or("modulo illeggibile: nessuna parte")?;
    at += delimiter.len();
    let mut parts = Vec::new();
    loop {
        if body[at..].starts_with(b"--") {
            return Ok(parts);
        }
        at += if body[at..].starts_with(b"\r\n") {
            2
        } else {
            return Err("modulo illeggibile: separatore non valido".into());
        };
        if parts.len() == MAX_PARTS {
            return Err("modulo illeggibile: troppe parti".into());
        }
        let headers_end = find(body, b"\r\n\r\n", at)
            .filter(|end| end - at <= MAX_HEADERS)
            .ok_or("modulo illeggibile: intestazioni di una parte non valide")?;
        let headers = std::str::from_utf8(&body[at..headers_end])
            .map_err(|_| "modulo illeggibile: intestazioni non in UTF-8")?;
        let disposition = headers
            .split("\r\n")
            .find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.trim()
                    .eq_ignore_ascii_case("content-disposition")
                    .then_some(value.trim())
            })
            .ok_or("modulo illeggibile: parte senza Content-Disposition")?;
        let name = parameter(disposition, "name")
            .ok_or("modulo illeggibile: parte senza nome del campo")?;
        let filename = parameter(disposition, "filename");
        let data_start = headers_end + 4;
        let data_end = find(body, &next_delimiter, data_start)
            .ok_or("modulo illeggibile: parte non terminata")?;
        parts.push(Part {
            name,
            filename,
            data: body[data_start..data_end].to_vec(),
        });
        at = data_end + next_delimiter.len();
    }
}

/// The text of field `name` (not a file) of a multipart body, if it has one.
pub fn text_field(parts: &[Part], name: &str) -> Option<String> {
    parts
        .iter()
        .find(|p| p.name == name && p.filename.is_none())
        .and_then(|p| String::from_utf8(p.data.clone()).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_upload_is_read_part_by_part() {
        let body = b"preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"foglio.csv\"\r\nContent-Type: text/csv\r\n\r\nemail,day\r\na,1\r\n\r\n--XyZ--\r\n";
        let parts = parse(body, "XyZ").expect("a well-formed body");
        assert_eq!(parts.len(), 2);
        assert_eq!(text_field(&parts, "csrf_token").as_deref(), Some("abc"));
        assert_eq!(parts[1].filename.as_deref(), Some("foglio.csv"));
        assert_eq!(parts[1].data, b"email,day\r\na,1\r\n");
        assert_eq!(
            boundary("multipart/form-data; boundary=\"XyZ\"").as_deref(),
            Some("XyZ")
        );
        assert_eq!(boundary("application/x-www-form-urlencoded"), None);
        assert_eq!(boundary("multipart/form-data"), None);
        for bad in [
            &b""[..],
            b"--XyZ",
            b"--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nnever ends",
            b"--XyZ\r\nX: y\r\n\r\nv\r\n--XyZ--",
            b"--XyZjunk",
        ] {
            assert!(
                parse(bad, "XyZ").is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}
