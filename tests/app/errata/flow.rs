//! The whole flow: reports on a lesson and an article, the queue, answering and
//! closing, the e-mails in the outbox and then delivered, and the reporter's list.

use crate::helpers::{ADMIN, LEARNER, TUTOR, TestApp};

use super::{ARTICLE, LESSON, app, csrf, outbox_rows, report, stored};

const LESSON_PROBLEM: &str = "La lezione indica un termine di un anno, ma la norma vigente \
                              dice sei mesi dalla scadenza del permesso.";
const LESSON_QUOTE: &str = "entro un anno dalla scadenza";
const ARTICLE_PROBLEM: &str = "Il comma 2 del testo riportato non corrisponde a quello in \
                               vigore su Normattiva.";

/// The id in a `Location: /segnalazioni?inviata=1#segnalazione-<id>`.
fn new_id(response: &reqwest::Response) -> i32 {
    assert_eq!(
        response.status(),
        303,
        "a report is stored, then its list shown"
    );
    let location = response.headers()["location"].to_str().unwrap();
    let id = location
        .strip_prefix("/segnalazioni?inviata=1#segnalazione-")
        .unwrap_or_else(|| panic!("redirect to the reporter's list: {location}"));
    id.parse().unwrap()
}

async fn admin_post(
    app: &TestApp,
    admin: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let token = csrf(app, admin, "/admin/segnalazioni").await;
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &token));
    admin.post(app.url(path)).form(&form).send().await.unwrap()
}

#[tokio::test]
async fn reports_are_answered_closed_and_mailed_to_the_reporter() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;

    // Every lesson and article page offers the form.
    let lesson_page = learner.get(app.url(LESSON)).send().await.unwrap();
    let lesson_page = lesson_page.text().await.unwrap();
    assert!(lesson_page.contains(&format!("href=\"{LESSON}/segnala\"")));
    assert!(lesson_page.contains("Segnala un errore in questa lezione"));
    let article_page = learner.get(app.url(ARTICLE)).send().await.unwrap();
    let article_page = article_page.text().await.unwrap();
    assert!(article_page.contains(&format!("href=\"{ARTICLE}/segnala\"")));
    let form = learner
        .get(app.url(&format!("{LESSON}/segnala")))
        .send()
        .await
        .unwrap();
    assert_eq!(form.status(), 200);
    let form = form.text().await.unwrap();
    assert!(form.contains("Stai segnalando un errore nella lezione"));
    assert!(form.contains(&format!("<a href=\"{LESSON}\">Prima lezione</a>")));

    // The learner reports on the lesson (quoting it) and on the article; a tutor too.
    let lesson_report = new_id(&report(&app, &learner, LESSON, LESSON_PROBLEM, LESSON_QUOTE).await);
    let article_report = new_id(&report(&app, &learner, ARTICLE, ARTICLE_PROBLEM, "").await);
    let tutor = app.client_as(TUTOR).await;
    let tutor_report = new_id(
        &report(
            &app,
            &tutor,
            LESSON,
            "Manca il rinvio al regolamento anagrafico.",
            "",
        )
        .await,
    );
    let rows = stored(&app).await;
    assert_eq!(rows.len(), 3);
    let first = rows.iter().find(|r| r.id == lesson_report).unwrap();
    assert_eq!(first.target_kind, "lesson");
    assert_eq!(first.target_id, "corso-prova/modulo-a/prima-lezione");
    assert_eq!(first.target_title, "Prima lezione");
    assert_eq!(first.quote.as_deref(), Some(LESSON_QUOTE));
    assert_eq!(first.status, "open");
    let second = rows.iter().find(|r| r.id == article_report).unwrap();
    assert_eq!(
        (
            second.target_kind.as_str(),
            second.target_id.as_str(),
            second.quote.as_deref()
        ),
        ("article", "dlgs-999-2099/art-1", None)
    );
    assert_eq!(second.target_title, "Art. 1 · D.Lgs. 999/2099");

    // The learner's list confirms and shows both, not the tutor's.
    let mine = learner
        .get(app.url("/segnalazioni?inviata=1"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains("la segnalazione è stata inviata"));
    assert!(mine.contains(&format!("id=\"segnalazione-{lesson_report}\"")));
    assert!(mine.contains(&format!("id=\"segnalazione-{article_report}\"")));
    assert!(!mine.contains(&format!("id=\"segnalazione-{tutor_report}\"")));
    assert!(mine.contains(">Aperta<"));

    // The queue: open reports, oldest first, each with its page, passage, the
    // articles the lesson cites (or the lessons citing the article), reporter, date.
    let admin = app.client_as(ADMIN).await;
    let queue = admin
        .get(app.url("/admin/segnalazioni"))
        .send()
        .await
        .unwrap();
    assert_eq!(queue.status(), 200);
    let queue = queue.text().await.unwrap();
    let at = |id: i32| {
        queue
            .find(&format!("id=\"segnalazione-{id}\""))
            .unwrap_or_else(|| panic!("report {id} in the queue"))
    };
    assert!(at(lesson_report) < at(article_report) && at(article_report) < at(tutor_report));
    let lesson_card = &queue[at(lesson_report)..at(article_report)];
    assert!(lesson_card.contains(&format!("<a href=\"{LESSON}\">Prima lezione</a>")));
    assert!(lesson_card.contains(&format!(
        "<blockquote class=\"errata-quote\">{LESSON_QUOTE}"
    )));
    assert!(lesson_card.contains("Marco Bianchi"));
    assert!(lesson_card.contains(LEARNER));
    assert!(lesson_card.contains("Articoli citati dalla lezione"));
    for article in ["art-1", "art-1-bis", "art-2"] {
        assert!(
            lesson_card.contains(&format!("href=\"/library/dlgs-999-2099/{article}\"")),
            "{article} cited by the lesson: {lesson_card}"
        );
    }
    assert!(
        lesson_card.contains("urn:nir:stato:legge:2017-04-07;47~art11"),
        "an article outside the library, on Normattiva"
    );
    let today = chrono::Utc::now().date_naive();
    assert!(lesson_card.contains(&format!("<time datetime=\"{today}\">")));
    let article_card = &queue[at(article_report)..at(tutor_report)];
    assert!(article_card.contains(&format!(
        "<a href=\"{ARTICLE}\">Art. 1 · D.Lgs. 999/2099</a>"
    )));
    assert!(article_card.contains("Lezioni che citano l&#39;articolo"));
    assert!(article_card.contains(&format!("href=\"{LESSON}\"")));
    assert!(queue.contains("3 segnalazioni"));

    // Answer the lesson report, keeping it open: one e-mail to the reporter.
    let answer = "Grazie: la lezione è stata corretta secondo l'art. 11 DPR 223/1989.";
    let answered = admin_post(
        &app,
        &admin,
        &format!("/admin/segnalazioni/{lesson_report}/risposta"),
        &[("risposta", answer)],
    )
    .await;
    assert_eq!(answered.status(), 303);
    let mails = outbox_rows(&app).await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_email, LEARNER);
    assert_eq!(mails[0].rule, "errata-answered");
    assert_eq!(mails[0].status, "pending");
    assert_eq!(
        mails[0].subject,
        "Risposta alla tua segnalazione su «Prima lezione»"
    );
    assert!(
        mails[0].body_text.contains(answer),
        "{}",
        mails[0].body_text
    );
    assert!(mails[0].body_text.contains(LESSON_PROBLEM));
    assert!(mails[0].body_text.contains("resta aperta"));
    assert!(
        mails[0]
            .body_html
            .contains(&format!("{LESSON}\">«Prima lezione»</a>"))
    );
    let row = stored(&app)
        .await
        .into_iter()
        .find(|r| r.id == lesson_report)
        .unwrap();
    assert_eq!(
        (row.status.as_str(), row.answer.as_deref()),
        ("answered", Some(answer))
    );

    // Close it: a second e-mail; closing again changes and sends nothing.
    let close = format!("/admin/segnalazioni/{lesson_report}/chiusura");
    assert_eq!(admin_post(&app, &admin, &close, &[]).await.status(), 303);
    assert_eq!(admin_post(&app, &admin, &close, &[]).await.status(), 303);
    let mails = outbox_rows(&app).await;
    assert_eq!(mails.len(), 2, "closing twice e-mails once");
    assert_eq!(mails[1].rule, "errata-closed");
    assert_eq!(mails[1].to_email, LEARNER);
    assert_eq!(mails[1].subject, "Segnalazione chiusa: «Prima lezione»");
    assert!(
        mails[1].body_text.contains(answer),
        "the last answer is recalled"
    );

    // A closed report cannot be answered: 409, the text kept, nothing sent.
    let late = admin_post(
        &app,
        &admin,
        &format!("/admin/segnalazioni/{lesson_report}/risposta"),
        &[("risposta", "Un'altra risposta")],
    )
    .await;
    assert_eq!(late.status(), 409);
    let late = late.text().await.unwrap();
    assert!(late.contains("la segnalazione è già chiusa"), "{late}");
    assert_eq!(outbox_rows(&app).await.len(), 2);

    // Answer and close the article report at once: one e-mail saying both.
    let answered = admin_post(
        &app,
        &admin,
        &format!("/admin/segnalazioni/{article_report}/risposta"),
        &[
            ("risposta", "Il testo è stato scaricato di nuovo."),
            ("chiudi", "1"),
        ],
    )
    .await;
    assert_eq!(answered.status(), 303);
    let mails = outbox_rows(&app).await;
    assert_eq!(mails.len(), 3);
    assert_eq!(
        mails[2].subject,
        "Risposta alla tua segnalazione su «Art. 1 · D.Lgs. 999/2099»"
    );
    assert!(mails[2].body_text.contains("La segnalazione è ora chiusa."));
    let row = stored(&app)
        .await
        .into_iter()
        .find(|r| r.id == article_report)
        .unwrap();
    assert_eq!(row.status, "closed");
    assert!(row.closed_at.is_some());

    // The queue now shows the open one first, the closed ones after.
    let queue = admin
        .get(app.url("/admin/segnalazioni"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = |id: i32| queue.find(&format!("id=\"segnalazione-{id}\"")).unwrap();
    assert!(at(tutor_report) < at(lesson_report) && at(tutor_report) < at(article_report));
    assert!(queue.contains("Rispondi o chiudi"));
    let detail = admin
        .get(app.url(&format!("/admin/segnalazioni/{lesson_report}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(detail.contains("Questa segnalazione è chiusa"));
    assert!(
        !detail.contains("/risposta\""),
        "no answer form on a closed report"
    );

    // The delivery worker sends the three messages to the reporter.
    let delivered = aula::reminders::delivery::deliver_due(&app.state.reminders(), "test")
        .await
        .unwrap();
    assert_eq!(delivered.sent, 3);
    let outbox = &app.state.config().outbox_dir;
    let mut recipients = Vec::new();
    for entry in std::fs::read_dir(outbox).unwrap() {
        let raw = std::fs::read(entry.unwrap().path()).unwrap();
        let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
        let to = message
            .to()
            .and_then(|to| to.first())
            .and_then(|to| to.address());
        recipients.push(to.unwrap().to_string());
    }
    assert_eq!(recipients, [LEARNER; 3]);

    // The reporter sees the answers and the states.
    let mine = learner
        .get(app.url("/segnalazioni"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(mine.contains(&answer.replace('\'', "&#39;")), "{mine}");
    assert!(
        !mine.contains("la segnalazione è stata inviata"),
        "no notice without ?inviata"
    );
    assert_eq!(mine.matches(">Chiusa<").count(), 2);
    assert!(
        !mine.contains("Articoli citati dalla lezione"),
        "the admin's aids stay in the queue"
    );
}

#[tokio::test]
async fn the_api_reports_and_lists_ones_own_reports() {
    let app = app().await;
    let learner = app.client_as(LEARNER).await;
    let created = learner
        .post(app.url("/api/v1/error-reports"))
        .json(&serde_json::json!({
            "lesson": "corso-prova/modulo-a/prima-lezione",
            "description": LESSON_PROBLEM,
            "quote": LESSON_QUOTE,
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["kind"], "lesson");
    assert_eq!(created["status"], "open");
    assert_eq!(created["target_url"], LESSON);
    assert_eq!(created["quote"], LESSON_QUOTE);
    let article = learner
        .post(app.url("/api/v1/error-reports"))
        .json(
            &serde_json::json!({"article": "dlgs-999-2099/art-1", "description": ARTICLE_PROBLEM}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(article.status(), 201);
    let mine: serde_json::Value = learner
        .get(app.url("/api/v1/error-reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let kinds: Vec<&str> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["article", "lesson"], "newest first");
    let other: serde_json::Value = app
        .client_as(TUTOR)
        .await
        .get(app.url("/api/v1/error-reports"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(other, serde_json::json!([]), "only one's own reports");
}
