//! The malformed input of the sweep: values as they go on the wire (control
//! characters, overlong strings, wrong types, invalid UTF-8 and percent-encoding,
//! invalid path segments), the request targets of a route, and malformed bodies.

use std::collections::BTreeMap;

/// A string longer than any field or identifier Aula stores.
fn long() -> String {
    "a".repeat(10_000)
}

/// Malformed values as they go on the wire (already percent-encoded where needed).
fn malformed() -> Vec<String> {
    let mut values: Vec<String> = [
        "%00",
        "a%00b",
        "%0D%0ASet-Cookie:%20x=1",
        "%09",
        "%0A",
        "%1B%5B31m",
        "%7F",
        "%C2%85",
        "%FF%FE",
        "%C0%AF",
        "%ED%A0%80",
        "%E2%80%AE",
        "%",
        "%ZZ",
        "..",
        "%2E%2E",
        "%2F",
        "%2F%2Fevil.example",
        "/%00",
        "/%09/evil.example",
        "/%0D%0ALocation:%20x",
        "%5C",
        "%20",
        "-1",
        "0",
        "99999999999999999999",
        "1.5",
        "1e309",
        "abc",
        "%3Cscript%3E",
        "%27%22",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    values.push(long());
    values.push("%00".repeat(2_000));
    values
}

/// The values a single query parameter gets on its own (the nastiest few).
fn nastiest() -> Vec<String> {
    ["%00", "%FF%FE", "%0D%0A", "-1", "%2F%2Fevil.example"]
        .iter()
        .map(|s| (*s).to_string())
        .chain([long()])
        .collect()
}

/// Every query parameter name some handler reads.
const QUERY_NAMES: &[&str] = &[
    "course",
    "module",
    "lesson",
    "act",
    "next",
    "q",
    "page",
    "limit",
    "offset",
    "kind",
    "region",
    "municipality",
    "sector",
    "settore",
    "sort",
    "v",
    "salvato",
    "id",
    // Certificates.
    "edition",
    "status",
    "after",
    "esito",
];

/// Every body field name some handler reads.
const FIELD_NAMES: &[&str] = &[
    "email",
    "password",
    "confirm",
    "next",
    "name",
    "number",
    "title",
    "regions",
    "population_over",
    "starts_on",
    "ends_on",
    "rule",
    "lesson",
    "event",
    "seconds",
    "client_id",
    "events",
    "answers",
    "user",
    "edition",
    "course",
    "q",
    "purpose",
    "role",
    // Certificates.
    "corso",
    "motivo",
    "nome",
    "course_id",
    "reason",
];

/// A plausible value for a path parameter, so that the other parameters of a route
/// get past the first lookup while one is malformed.
fn good(param: &str) -> &'static str {
    match param {
        "course" => "immigrazione-servizi-comunali",
        "module" => "semplificazione",
        "lesson" => "quadro-normativo",
        "act" => "dlgs-999-2099",
        "article" => "art-1",
        "id" | "user" => "1",
        "n" => "4",
        "token" => "falso",
        "rule" => "inactive",
        "signature" => "00ff",
        "file" => "learners.csv",
        "path" => "aula.css",
        "code" => "AULA-0000-0000-0000",
        _ => "x",
    }
}

/// The parameter names of a route template, in order (`{*path}` gives `path`).
fn params(template: &str) -> Vec<&str> {
    template
        .split('/')
        .filter_map(|s| s.strip_prefix('{')?.strip_suffix('}'))
        .map(|s| s.trim_start_matches('*'))
        .collect()
}

/// The template with its parameters replaced by `values[name]` (else a good value).
pub(super) fn fill(template: &str, values: &BTreeMap<&str, String>) -> String {
    template
        .split('/')
        .map(
            |segment| match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => {
                    let name = name.trim_start_matches('*');
                    values
                        .get(name)
                        .cloned()
                        .unwrap_or_else(|| good(name).to_string())
                }
                None => segment.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// The request targets of one route: each parameter malformed in turn, then query
/// strings with every name malformed at once and each name alone.
pub(super) fn targets(template: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for name in params(template) {
        for value in malformed().into_iter().chain([String::new()]) {
            targets.push(fill(template, &BTreeMap::from([(name, value)])));
        }
    }
    let path = fill(template, &BTreeMap::new());
    for value in malformed() {
        let query: Vec<String> = QUERY_NAMES.iter().map(|n| format!("{n}={value}")).collect();
        targets.push(format!("{path}?{}", query.join("&")));
    }
    for name in QUERY_NAMES {
        for value in nastiest() {
            targets.push(format!("{path}?{name}={value}"));
        }
        targets.push(format!("{path}?{name}=a&{name}=b"));
        targets.push(format!("{path}?{name}[]=a&{name}[x]=b"));
        targets.push(format!("{path}?{name}"));
    }
    targets.push(format!("{path}?&&=&%&%FF=%FE"));
    targets
}

/// A body and its content type.
pub(super) type Body = (&'static str, Vec<u8>);

/// Malformed bodies for a route: forms for pages, JSON for the API, and both kinds of
/// garbage for each.
pub(super) fn bodies(api: bool, csrf: &str) -> Vec<Body> {
    let mut bodies: Vec<Body> = Vec::new();
    let form = "application/x-www-form-urlencoded";
    let json = "application/json";
    for value in nastiest().into_iter().chain(["abc".to_string()]) {
        let mut pairs: Vec<String> = FIELD_NAMES.iter().map(|n| format!("{n}={value}")).collect();
        pairs.push(format!("csrf_token={csrf}"));
        bodies.push((form, pairs.join("&").into_bytes()));
        // Repeated keys, as checkboxes send them.
        pairs.extend(FIELD_NAMES.iter().map(|n| format!("{n}={value}")));
        bodies.push((form, pairs.join("&").into_bytes()));
    }
    bodies.push((form, format!("csrf_token={csrf}&\u{0}=\u{1}").into_bytes()));
    bodies.push((
        form,
        [
            b"csrf_token=".as_slice(),
            csrf.as_bytes(),
            b"&email=\xff\xfe",
        ]
        .concat(),
    ));
    bodies.push((form, b"{\"not\": \"a form\"}".to_vec()));
    if api {
        let strange: Vec<serde_json::Value> = vec![
            serde_json::json!("a\u{0}b"),
            serde_json::json!("\u{1b}[31m\r\n"),
            serde_json::json!(long()),
            serde_json::json!(-1),
            serde_json::json!(1e308),
            serde_json::json!(u64::MAX),
            serde_json::json!(i64::MIN),
            serde_json::json!(1.5),
            serde_json::json!(true),
            serde_json::json!(null),
            serde_json::json!([]),
            serde_json::json!(["a\u{0}b", 1, {}]),
            serde_json::json!({"a\u{0}b": "a\u{0}b"}),
        ];
        for value in strange {
            let object: serde_json::Map<String, serde_json::Value> = FIELD_NAMES
                .iter()
                .map(|n| ((*n).to_string(), value.clone()))
                .collect();
            bodies.push((json, serde_json::to_vec(&object).unwrap()));
            bodies.push((json, serde_json::to_vec(&value).unwrap()));
        }
        // Right shapes with wrong contents.
        for value in [
            serde_json::json!({"email": "a\u{0}b@example.it", "password": "x\u{0}"}),
            serde_json::json!({"lesson": "a\u{0}/b/c", "event": "started", "seconds": 1}),
            serde_json::json!({"lesson": long(), "event": "completed", "seconds": -5}),
            serde_json::json!({"answers": {"\u{0}": ["\u{0}"]}}),
            serde_json::json!({"user": -1, "edition": i32::MAX, "course": "\u{0}"}),
        ] {
            bodies.push((json, serde_json::to_vec(&value).unwrap()));
        }
        bodies.push((json, b"{\"email\": \"\xff\xfe\"}".to_vec()));
        bodies.push((json, b"{\"email\": ".to_vec()));
        bodies.push((json, "[".repeat(10_000).into_bytes()));
        bodies.push(("text/plain", b"\x00\x01\x02".to_vec()));
    }
    bodies
}
