//! Every page in the pseudo-locale (`Accept-Language: qps-ploc`), for every persona of
//! the access matrix: the catalogue's texts come out accented and between `⟦ ⟧`, so
//! an Italian word of the interface left outside the brackets was printed by a
//! template or by the code without the catalogue, and would stay Italian on a German
//! or English page. Words that also occur in the content (courses, the demo's data,
//! the library fixture) are not the interface's, and are not looked for.

use std::collections::{BTreeMap, BTreeSet};

use aula::accounts::users::{self, NewUser};

use crate::access::matrix;
use crate::corpus::fixture;
use crate::helpers::{ADMIN, LEARNER, TUTOR, TestApp};

/// The lower-case words of at least four letters of `text`.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_lowercase)
}

/// The words of every file under `dir` with one of `extensions`.
fn words_of_files(dir: &std::path::Path, extensions: &[&str], out: &mut BTreeSet<String>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            words_of_files(&path, extensions, out);
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| extensions.contains(&e))
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            out.extend(words(&text));
        }
    }
}

/// The visible text of a page, with the values of the attributes a user reads
/// (`alt`, `title`, `placeholder`, `aria-label`), entities decoded.
fn visible_text(html: &str) -> String {
    let text = without_blocks(&without_blocks(html, "script"), "style");
    let mut out = String::new();
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '<' {
            out.push(c);
            continue;
        }
        let end = text[i..].find('>').map_or(text.len(), |e| i + e);
        let tag = &text[i..end];
        for attribute in ["alt=\"", "title=\"", "placeholder=\"", "aria-label=\""] {
            if let Some(at) = tag.find(attribute) {
                let value = &tag[at + attribute.len()..];
                out.push(' ');
                out.push_str(&value[..value.find('"').unwrap_or(value.len())]);
                out.push(' ');
            }
        }
        out.push(' ');
        while chars.peek().is_some_and(|(j, _)| *j <= end) {
            chars.next();
        }
    }
    out.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
}

/// `html` without its `<tag …>…</tag>` blocks.
fn without_blocks(html: &str, tag: &str) -> String {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut kept = String::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        kept.push_str(&rest[..start]);
        rest = rest[start..]
            .find(&close)
            .map_or("", |end| &rest[start + end + close.len()..]);
    }
    kept.push_str(rest);
    kept
}

/// `text` without its `⟦…⟧` parts.
fn outside_brackets(text: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in text.chars() {
        match c {
            '⟦' => depth += 1,
            '⟧' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

#[tokio::test]
async fn every_page_prints_its_interface_from_the_catalogue() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    users::add(
        app.state.db(),
        NewUser {
            email: "tutor.calabria@example.it".into(),
            name: "Tutor Calabria".into(),
            role: "tutor".into(),
            regions: vec!["Calabria".into()],
            password: Some(aula::demo::DEMO_PASSWORD.into()),
            ..NewUser::default()
        },
        &[],
    )
    .await
    .unwrap();

    // The interface's Italian words, less those the content uses too.
    let messages = app.state.templates().messages().clone();
    let mut interface = BTreeSet::new();
    for key in messages.keys("it") {
        interface.extend(words(&messages.message("it", &key, &[])));
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut content = BTreeSet::new();
    words_of_files(&root.join("courses"), &["md", "toml"], &mut content);
    words_of_files(&root.join("src/demo"), &["rs"], &mut content);
    words_of_files(&root.join("tests/fixtures/library"), &["md"], &mut content);
    let looked_for: BTreeSet<&String> = interface.difference(&content).collect();
    assert!(looked_for.len() > 100, "{} words", looked_for.len());

    let learner_id = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap()
        .id;
    let personas = [
        (0, None),
        (1, Some(LEARNER)),
        (3, Some(TUTOR)),
        (5, Some(ADMIN)),
    ];
    let mut found: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut pages = 0;
    for (column, email) in personas {
        let client = match email {
            Some(e) => app.client_as(e).await,
            None => reqwest::Client::new(),
        };
        for row in matrix(learner_id, column) {
            let skipped = row.method != "GET"
                || row.expect[column] != 200
                || row.path.starts_with("/api/")
                || row.path.starts_with("/assets/")
                || row.path.starts_with("/.well-known/")
                || ["/healthz", "/readyz"].contains(&row.path.as_str())
                || [".csv", ".xlsx", ".zip", ".pdf", ".json", ".ics"]
                    .iter()
                    .any(|e| row.path.split('?').next().unwrap_or("").ends_with(e));
            if skipped {
                continue;
            }
            let answer = client
                .get(app.url(&row.path))
                .header("accept-language", "qps-ploc")
                .send()
                .await
                .unwrap();
            let is_html = answer
                .headers()
                .get("content-type")
                .is_some_and(|t| t.to_str().unwrap_or("").starts_with("text/html"));
            if answer.status() != 200 || !is_html {
                continue;
            }
            let html = answer.text().await.unwrap();
            assert!(html.contains("<html lang=\"qps\">"), "{}", row.path);
            pages += 1;
            let text = outside_brackets(&visible_text(&html));
            for word in words(&text) {
                if looked_for.contains(&word) {
                    found
                        .entry(word)
                        .or_default()
                        .insert(row.template.to_string());
                }
            }
        }
    }
    assert!(pages > 40, "{pages} pages rendered");
    let report: Vec<String> = found
        .iter()
        .map(|(word, pages)| {
            format!(
                "«{word}» on {}",
                pages.iter().cloned().collect::<Vec<_>>().join(", ")
            )
        })
        .collect();
    assert!(
        found.is_empty(),
        "{} Italian words of the interface printed outside the catalogue:\n{}",
        found.len(),
        report.join("\n")
    );
}
