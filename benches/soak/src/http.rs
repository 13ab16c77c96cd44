//! The requests the simulated people make, each under a name of its own so that goose
//! reports every kind apart, and with the checks that turn a wrong answer into a
//! counted error (a 2xx page without what it must show is a failure too).

use goose::goose::GooseResponse;
use goose::metrics::GooseRequestMetric;
use goose::prelude::*;
use serde_json::Value;

/// A request that failed was already counted by goose (non-2xx) or by [`fail`]; the
/// caller only decides what to do next.
pub type Answer<T> = Result<Option<T>, Box<TransactionError>>;

/// `GET path` as `name`; the body when the answer is 2xx and contains `must_contain`.
pub async fn get_page(
    user: &mut GooseUser,
    path: &str,
    name: &str,
    must_contain: &str,
) -> Answer<(String, String)> {
    let request = GooseRequest::builder()
        .method(GooseMethod::Get)
        .path(path)
        .name(name)
        .build();
    let goose = user.request(request).await?;
    read_text(user, goose, must_contain).await
}

/// `GET path` as `name`, reading the whole body (an export): its length when 2xx and
/// not empty.
pub async fn get_bytes(user: &mut GooseUser, path: &str, name: &str) -> Answer<usize> {
    let request = GooseRequest::builder()
        .method(GooseMethod::Get)
        .path(path)
        .name(name)
        .build();
    let mut goose = user.request(request).await?;
    let response = match goose.response {
        Ok(response) if response.status().is_success() => response,
        _ => return Ok(None),
    };
    match response.bytes().await {
        Ok(bytes) if !bytes.is_empty() => Ok(Some(bytes.len())),
        Ok(_) => fail(user, &mut goose.request, "empty body"),
        Err(_) => fail(user, &mut goose.request, "body cut short"),
    }
}

/// `POST path` of a URL-encoded form as `name`; the final URL (after redirects) and
/// the body when 2xx.
pub async fn post_form(
    user: &mut GooseUser,
    path: &str,
    name: &str,
    form: &[(&str, &str)],
) -> Answer<(String, String)> {
    let builder = user
        .get_request_builder(&GooseMethod::Post, path)?
        .form(form);
    let request = GooseRequest::builder()
        .method(GooseMethod::Post)
        .path(path)
        .name(name)
        .set_request_builder(builder)
        .build();
    let goose = user.request(request).await?;
    read_text(user, goose, "").await
}

/// `method path` with a JSON body (or none) as `name`; the JSON answer when 2xx.
pub async fn json(
    user: &mut GooseUser,
    method: GooseMethod,
    path: &str,
    name: &str,
    body: Option<&Value>,
) -> Answer<Value> {
    let mut builder = user.get_request_builder(&method, path)?;
    if let Some(body) = body {
        builder = builder.json(body);
    }
    let request = GooseRequest::builder()
        .method(method)
        .path(path)
        .name(name)
        .set_request_builder(builder)
        .build();
    let mut goose = user.request(request).await?;
    let response = match goose.response {
        Ok(response) if response.status().is_success() => response,
        _ => return Ok(None),
    };
    match response.json::<Value>().await {
        Ok(value) => Ok(Some(value)),
        Err(_) => fail(user, &mut goose.request, "answer is not JSON"),
    }
}

/// The final URL's path and the body of a 2xx answer that contains `must_contain`.
async fn read_text(
    user: &mut GooseUser,
    goose: GooseResponse,
    must_contain: &str,
) -> Answer<(String, String)> {
    let GooseResponse {
        mut request,
        response,
    } = goose;
    let response = match response {
        Ok(response) if response.status().is_success() => response,
        _ => return Ok(None),
    };
    let path = response.url().path().to_string();
    match response.text().await {
        Ok(text) if text.contains(must_contain) => Ok(Some((path, text))),
        Ok(_) => fail(
            user,
            &mut request,
            &format!("page without «{must_contain}»"),
        ),
        Err(_) => fail(user, &mut request, "body cut short"),
    }
}

/// Counts `request` as failed, with `why`.
pub fn fail<T>(user: &mut GooseUser, request: &mut GooseRequestMetric, why: &str) -> Answer<T> {
    user.set_failure(why, request, None, None)?;
    Ok(None)
}

/// The value of the hidden input `name` in an HTML form, unescaped.
pub fn hidden_input(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(unescape(&html[start..end]))
}

/// Undoes the HTML escapes minijinja writes in attribute values.
fn unescape(value: &str) -> String {
    value
        .replace("&#x2f;", "/")
        .replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::hidden_input;

    #[test]
    fn reads_an_escaped_hidden_input() {
        let html = r#"<input type="hidden" name="next" value="&#x2f;courses&#x2f;a?x=1&amp;y=2">"#;
        assert_eq!(
            hidden_input(html, "next").as_deref(),
            Some("/courses/a?x=1&y=2")
        );
        assert_eq!(hidden_input(html, "csrf_token"), None);
    }
}
