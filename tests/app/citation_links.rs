//! Every citation links somewhere: to the article's page when the library holds it,
//! else to the article on Normattiva by URN, marked as external; act and article pages
//! (and the API) link to Normattiva too.

use aula::content::citations::find_citations;
use aula::content::library::import_file;
use regex::Regex;

use crate::corpus::fixture;
use crate::helpers::TestApp;

const RESOLVER: &str = "https://www.normattiva.it/uri-res/N2Ls?";

/// The rendered lesson text of a lesson page (the Markdown body, without the title,
/// summary and sidebar).
fn prose(page: &str) -> &str {
    let start = page
        .find(r#"<div class="prose">"#)
        .expect("lesson prose on the page");
    let end = page[start..]
        .find(r#"<nav class="pager"#)
        .map_or(page.len(), |i| start + i);
    &page[start..end]
}

/// Every citation link of `html`: (its opening tag, its href).
fn cite_links(html: &str) -> Vec<(String, String)> {
    let tag = Regex::new(r#"<a class="cite[^"]*"[^>]*>"#).unwrap();
    let href = Regex::new(r#"href="([^"]*)""#).unwrap();
    tag.find_iter(html)
        .map(|m| {
            let open = m.as_str().to_string();
            let url =
                href.captures(&open).expect("a citation link has an href")[1].replace("&amp;", "&");
            (open, url)
        })
        .collect()
}

/// The text of `html` outside links, tags removed and the usual entities decoded: a
/// citation found there is one that links nowhere.
fn text_outside_links(html: &str) -> String {
    let links = Regex::new(r"(?s)<a\b.*?</a>").unwrap();
    let tags = Regex::new(r"<[^>]+>").unwrap();
    let text = links.replace_all(html, " ");
    tags.replace_all(&text, " ")
        .replace("&#39;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn with_an_empty_library_every_citation_of_the_real_course_links_to_normattiva() {
    let mut app = TestApp::spawn().await;
    app.sign_in_admin().await;
    assert_eq!(
        app.state.library().article_count(),
        0,
        "the library is empty"
    );
    let article_urn =
        Regex::new(r"^urn:nir:stato:[a-z.]+:\d{4}-\d{2}-\d{2};\d+~art\d+[a-z]*$").unwrap();
    let catalog = app.state.catalog();
    let mut lessons = 0;
    let mut links = 0;
    for (course, module, lesson) in catalog.lessons() {
        let url = format!("/courses/{}/{}/{}", course.id, module.id, lesson.slug);
        let response = app.get(&url).await;
        assert_eq!(response.status(), 200, "{url}");
        let page = response.text().await.unwrap();
        let body = prose(&page);
        for (open, href) in cite_links(body) {
            assert!(
                open.contains(r#"class="cite cite-external""#)
                    && open.contains(r#"rel="external noopener""#),
                "{url}: an external citation is marked as such: {open}"
            );
            let urn = href
                .strip_prefix(RESOLVER)
                .unwrap_or_else(|| panic!("{url}: not a Normattiva URN link: {href}"));
            assert!(
                article_urn.is_match(urn),
                "{url}: the URN of an article with the act's full date: {urn}"
            );
            links += 1;
        }
        assert!(
            !body.contains(r#"href="/library/"#),
            "{url}: nothing to link in the library"
        );
        let outside = text_outside_links(body);
        let loose: Vec<_> = find_citations(&outside)
            .iter()
            .map(|c| outside[c.span.clone()].to_string())
            .collect();
        assert!(
            loose.is_empty(),
            "{url}: citations that link nowhere: {loose:?}"
        );
        lessons += 1;
    }
    assert_eq!(lessons, 18, "every lesson of the real course was checked");
    assert!(
        links > 200,
        "the course cites hundreds of articles: {links}"
    );

    // An article with a Latin suffix: art. 4-bis TUI is `~art4bis`.
    let page = app
        .get("/courses/immigrazione-servizi-comunali/accoglienza-integrazione/accordo-di-integrazione")
        .await
        .text()
        .await
        .unwrap();
    let hrefs: Vec<String> = cite_links(prose(&page))
        .into_iter()
        .map(|(_, href)| href)
        .collect();
    assert!(
        hrefs.iter().any(|h| h
            == "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art4bis"),
        "{hrefs:?}"
    );
    // Screen readers hear where the link leads.
    assert!(page.contains(r#"<span class="visually-hidden"> (testo su Normattiva)</span></a>"#));
    // The sidebar lists the cited articles on Normattiva, each once.
    let sidebar = &page[page.find(r#"<aside class="cited""#).expect("the sidebar")..];
    let sidebar = &sidebar[..sidebar.find("</aside>").unwrap()];
    assert!(sidebar.contains("Su Normattiva"), "{sidebar}");
    let tui_4_bis = r#"href="https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art4bis""#;
    assert_eq!(sidebar.matches(tui_4_bis).count(), 1, "{sidebar}");
    assert!(!sidebar.contains("non cita articoli"), "{sidebar}");
}

#[tokio::test]
async fn citations_link_to_normattiva_until_the_act_is_imported_then_to_its_pages() {
    let mut app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    app.sign_in_admin().await;
    let lesson = "/courses/corso-prova/modulo-a/prima-lezione";
    let fixture_act =
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2099-01-01;999";
    let zampa_art_11 =
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:2017-04-07;47~art11";

    let before = app.get(lesson).await.text().await.unwrap();
    let hrefs: Vec<String> = cite_links(prose(&before))
        .into_iter()
        .map(|(_, h)| h)
        .collect();
    assert_eq!(
        hrefs,
        [
            format!("{fixture_act}~art1"),
            format!("{fixture_act}~art1bis"),
            format!("{fixture_act}~art2"),
            zampa_art_11.to_string(),
        ],
        "the course's declared URNs, with the acts' dates"
    );
    let glossary = app
        .get("/courses/corso-prova/glossario")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        glossary.contains(&format!(
            r#"<a class="cite cite-external" href="{fixture_act}~art1" rel="external noopener""#
        )),
        "glossary definitions link the same way"
    );

    import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();

    let after = app.get(lesson).await.text().await.unwrap();
    let links = cite_links(prose(&after));
    let hrefs: Vec<&str> = links.iter().map(|(_, h)| h.as_str()).collect();
    assert_eq!(
        hrefs,
        [
            "/library/dlgs-999-2099/art-1",
            "/library/dlgs-999-2099/art-1-bis",
            "/library/dlgs-999-2099/art-2",
            zampa_art_11,
        ],
        "the imported act's articles link to their pages, the other act still to Normattiva"
    );
    assert!(
        links[0].0.starts_with(r#"<a class="cite" "#),
        "{}",
        links[0].0
    );
    assert!(links[3].0.contains("cite-external"), "{}", links[3].0);
}

#[tokio::test]
async fn act_and_article_pages_and_the_api_link_to_normattiva() {
    let mut app = TestApp::spawn_with(|c| c.courses_dir = fixture("courses-ok")).await;
    app.sign_in_admin().await;
    import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    let act_url =
        "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2099-01-01;999";

    let act = app
        .get("/library/dlgs-999-2099")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        act.contains(&format!(
            r#"<a class="external" href="{act_url}" rel="external noopener">"#
        )),
        "{act}"
    );
    let article = app
        .get("/library/dlgs-999-2099/art-1-bis")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        article.contains(&format!(
            r#"<a class="external" href="{act_url}~art1bis" rel="external noopener">Art. 1-bis su Normattiva</a>"#
        )),
        "{article}"
    );

    let json: serde_json::Value = app
        .get("/api/v1/library/dlgs-999-2099/art-1-bis")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(json["normattiva_url"], format!("{act_url}~art1bis"));
    let acts: serde_json::Value = app.get("/api/v1/library/acts").await.json().await.unwrap();
    assert_eq!(acts[0]["normattiva_url"], act_url);
}
