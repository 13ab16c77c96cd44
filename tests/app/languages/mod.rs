//! Languages (issue #22): the language of a page (saved choice, cookie, browser,
//! Italian) and the switcher (`negotiation`); lessons, modules and quizzes in the
//! learner's language, or in Italian with a note (`content`); e-mails in the
//! recipient's language (`emails`); every page in the pseudo-locale prints only text
//! from the catalogue (`pseudo`); German pages in Chromium with axe (`browser`).

mod browser;
mod check;
mod content;
mod emails;
mod negotiation;
mod pseudo;

/// A client without cookies of its own that sends `Accept-Language: accept`.
pub fn client_accepting(accept: &str) -> reqwest::Client {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::ACCEPT_LANGUAGE,
        accept.parse().expect("a header value"),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("a client")
}

/// The `lang` of a page's `<html>` element.
pub fn html_lang(page: &str) -> &str {
    let start = page
        .find("<html lang=\"")
        .expect("an html element with lang")
        + 12;
    let end = start + page[start..].find('"').expect("a closed attribute");
    &page[start..end]
}
