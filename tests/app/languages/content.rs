//! Lessons, modules and quizzes in the learner's language when translated, in
//! Italian with a note when not; citations keep pointing to the Italian acts.

use crate::helpers::{LEARNER, TestApp, csrf_in};

const COURSE: &str = "/courses/immigrazione-servizi-comunali";

async fn get(app: &TestApp, client: &reqwest::Client, path: &str, accept: &str) -> String {
    let answer = client
        .get(app.url(path))
        .header("accept-language", accept)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "{path}");
    answer.text().await.unwrap()
}

#[tokio::test]
async fn a_translated_lesson_is_served_in_german_with_its_citations_to_the_italian_law() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let path = format!("{COURSE}/semplificazione/permesso-di-soggiorno");
    let german = get(&app, &client, &path, "de").await;
    assert!(german.contains("<html lang=\"de\">"));
    assert!(
        german.contains("Die Aufenthaltsgenehmigung: Antrag, Dauer, Verlängerung"),
        "the German title"
    );
    assert!(
        german.contains("Übersetzung aus dem Italienischen"),
        "the translation note"
    );
    assert!(!german.contains("fallback-note"));
    // Citations stay in their Italian form and link to the article, as in Italian.
    let italian = get(&app, &client, &path, "it").await;
    assert!(italian.contains("Il permesso di soggiorno"));
    let links = |html: &str| -> std::collections::BTreeSet<String> {
        html.split("data-article=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next().map(str::to_string))
            .collect()
    };
    let (cited_de, cited_it) = (links(&german), links(&italian));
    assert!(
        !cited_it.is_empty(),
        "the Italian lesson links its citations"
    );
    assert_eq!(cited_de, cited_it, "the same articles, linked the same way");
    // English is not translated: the Italian text, said so, marked as Italian.
    let english = get(&app, &client, &path, "en").await;
    assert!(english.contains("<html lang=\"en\">"));
    assert!(
        english.contains("fallback-note"),
        "the page says it falls back"
    );
    assert!(english.contains("has not yet been translated"));
    assert!(
        english.contains("<div class=\"prose\" lang=\"it\">"),
        "the text is marked Italian"
    );
}

#[tokio::test]
async fn an_untranslated_lesson_is_shown_in_italian_and_says_so() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let path = format!("{COURSE}/accoglienza-integrazione/sistema-accoglienza");
    let page = get(&app, &client, &path, "de").await;
    assert!(page.contains("Il sistema di accoglienza dei richiedenti protezione internazionale"));
    assert!(page.contains("fallback-note"));
    assert!(page.contains("noch nicht in Ihre Sprache übersetzt"));
    assert!(page.contains("<h1 id=\"lesson-title\" lang=\"it\">"));
    let italian = get(&app, &client, &path, "it").await;
    assert!(!italian.contains("fallback-note"), "no note in Italian");
    assert!(
        !italian.contains("<div class=\"prose\" lang=")
            && !italian.contains("lesson-title\" lang="),
        "nothing to mark on an Italian page"
    );
}

#[tokio::test]
async fn the_course_page_names_the_translated_module_and_lessons() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let page = get(&app, &client, COURSE, "de").await;
    assert!(page.contains("Vereinfachung der Verwaltungsverfahren im Bereich Einwanderung"));
    assert!(page.contains("Die Aufenthaltsgenehmigung: Antrag, Dauer"));
    // Module 2 is not translated: its Italian title.
    assert!(page.contains("accoglienza"), "{}", &page[..200]);
}

#[tokio::test]
async fn the_quiz_is_asked_in_german_and_graded_by_the_same_answers() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let quiz = format!("{COURSE}/semplificazione/quiz");
    let page = get(&app, &client, &quiz, "de").await;
    assert!(
        page.contains("Bei wem und innerhalb welcher Frist"),
        "the German question"
    );
    assert!(
        page.contains("Beim Quästor der Provinz"),
        "the German option"
    );
    assert!(!page.contains("A chi e entro quale termine"));
    // Answer the German page: option ids are the original's, so the right one is right.
    let attempt = page
        .split("name=\"attempt\" value=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the attempt's id")
        .to_string();
    let result = client
        .post(app.url(&quiz))
        .header("accept-language", "de")
        .form(&[
            ("attempt", attempt.as_str()),
            ("q:permesso-richiesta-termine", "a"),
            ("csrf_token", &csrf_in(&page)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(result.status(), 200);
    let result = result.text().await.unwrap();
    assert!(
        result.contains("Die Aufenthaltsgenehmigung wird beim Quästor"),
        "the German feedback"
    );
    let learner = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap();
    let attempts = aula::quiz::results::submitted(app.state.db(), learner.id, None)
        .await
        .unwrap();
    let answers =
        aula::quiz::results::answers_of(app.state.db(), attempts.iter().map(|a| a.id).collect())
            .await
            .unwrap();
    let first = answers
        .iter()
        .find(|a| a.question_id == "permesso-richiesta-termine")
        .expect("the answer is stored");
    assert!(
        first.score > 0.0 && first.score == first.max_score,
        "graded right"
    );
}

#[tokio::test]
async fn the_glossary_gives_the_german_term_beside_the_italian_one() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let client = app.client_as(LEARNER).await;
    let path = format!("{COURSE}/glossario");
    let german = get(&app, &client, &path, "de").await;
    assert!(
        german.contains(
            "<span lang=\"it\">Permesso di soggiorno</span> <span class=\"term-translation\">(Aufenthaltsgenehmigung)</span>"
        ),
        "the term list's German term beside the Italian"
    );
    let italian = get(&app, &client, &path, "it").await;
    assert!(
        !italian.contains("term-translation"),
        "nothing added in Italian"
    );
}
