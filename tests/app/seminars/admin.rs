//! The administrators' seminar pages and API: planning a seminar and a session
//! through forms whose mistakes are shown beside their fields with the values kept
//! (and nothing stored), the overview of every edition, a session's roster, changing
//! its capacity (raising it seats the first in line, each e-mailed; lowering it below
//! the seats taken is refused); the same through the JSON API, with the roster for
//! the tutors who run the session only; and the pages in Chromium with axe.

use aula::seminars::{Status, listing, plan, roster};
use chrono::{Duration, Utc};
use serde_json::{Value, json};

use super::{
    GENOVA, account, app, cancel, learners, outbox_of, register, seminar_with, session_in,
};
use crate::browser::Browser;
use crate::helpers::{ADMIN, TUTOR, TestApp, csrf_in};

/// A day `days` from today, as a form's date field sends it.
fn date_in(days: i64) -> String {
    (Utc::now() + Duration::days(days))
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// The new-seminar form, filled in correctly, as a browser sends it.
fn good_form() -> Vec<(&'static str, String)> {
    vec![
        ("edizione", "4".into()),
        ("tema", format!("{}/{}", super::COURSE, super::MODULE)),
        ("titolo", "Semplificazione in aula".into()),
        ("approvazione", "1".into()),
        ("primo_giorno", date_in(40)),
        ("giorni", "2".into()),
        ("inizio", "09:30".into()),
        ("fine", "17:30".into()),
        ("luogo", "Sala «Rossa» & co.".into()),
        ("indirizzo", "Via Garibaldi 9, Genova".into()),
        ("regione", "Liguria".into()),
        ("posti", "30".into()),
        ("termine", format!("{}T18:00", date_in(33))),
    ]
}

fn with(
    mut form: Vec<(&'static str, String)>,
    key: &str,
    value: &str,
) -> Vec<(&'static str, String)> {
    for pair in &mut form {
        if pair.0 == key {
            pair.1 = value.to_string();
        }
    }
    form
}

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    form: Vec<(&'static str, String)>,
) -> reqwest::Response {
    let html = client.get(app.url(page)).send().await.unwrap();
    assert_eq!(html.status(), 200, "{page}");
    let token = csrf_in(&html.text().await.unwrap());
    let mut form = form;
    form.push(("csrf_token", token));
    client
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

async fn seminars_of_demo_edition(app: &TestApp) -> Vec<aula::seminars::Seminar> {
    let edition = aula::accounts::editions::by_number(app.state.db(), 4)
        .await
        .unwrap()
        .unwrap();
    plan::seminars_of_edition(app.state.db(), edition.id)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_admin_plans_a_seminar_and_a_session_with_mistakes_shown_beside_their_fields() {
    let app = app().await;
    let admin = app.client_as(ADMIN).await;
    let new = "/admin/seminari/nuovo";

    // Several unreadable fields at once: each shown beside its field, values kept.
    let form = with(good_form(), "posti", "trenta");
    let form = with(form, "primo_giorno", "domani");
    let refused = post_form(&app, &admin, new, new, form).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"posti-error\""), "{html}");
    assert!(html.contains("id=\"primo_giorno-error\""), "{html}");
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("value=\"trenta\""), "the typed value is kept");
    assert!(
        html.contains("value=\"Sala «Rossa» &amp; co.\""),
        "other values are kept, escaped: {html}"
    );
    assert!(html.contains("<option selected>Liguria</option>"), "{html}");
    assert!(html.contains("id=\"approvazione\" name=\"approvazione\" value=\"1\" checked"));

    // Mistakes only the domain sees, one at a time, beside their field.
    for (key, value, field, message) in [
        ("regione", "Lombardia", "regione", "non è tra quelle"),
        (
            "primo_giorno",
            &date_in(-1)[..],
            "primo_giorno",
            "prima di oggi",
        ),
        ("termine", "2100-01-01T00:00", "termine", "non può seguire"),
        ("titolo", "   ", "titolo", "obbligatorio"),
        ("tema", "nessuno/niente", "tema", "non esiste"),
        ("fine", "08:00", "fine", "deve seguire"),
    ] {
        let refused = post_form(&app, &admin, new, new, with(good_form(), key, value)).await;
        assert_eq!(refused.status(), 422, "{key}={value}");
        let html = refused.text().await.unwrap();
        let beside = format!("<p class=\"field-error\" id=\"{field}-error\">");
        let at = html
            .find(&beside)
            .unwrap_or_else(|| panic!("{key}: no error beside {field}: {html}"));
        assert!(
            html[at..].split("</p>").next().unwrap().contains(message),
            "{key}: {html}"
        );
    }
    assert!(
        seminars_of_demo_edition(&app).await.is_empty(),
        "nothing stored"
    );

    let done = post_form(&app, &admin, new, new, good_form()).await;
    assert_eq!(done.status(), 303);
    assert_eq!(done.headers()["location"], "/admin/seminari?esito=creato");
    let seminars = seminars_of_demo_edition(&app).await;
    assert_eq!(seminars.len(), 1);
    assert!(seminars[0].requires_approval, "the checkbox was ticked");
    let sessions = plan::sessions_of(app.state.db(), seminars[0].id)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].venue, "Sala «Rossa» & co.");
    assert_eq!(sessions[0].capacity, 30);
    assert_eq!(
        sessions[0]
            .deadline
            .with_timezone(&aula::seminars::TIME_ZONE)
            .format("%H:%M")
            .to_string(),
        "18:00",
        "the deadline is Rome's local time"
    );

    let overview = admin
        .get(app.url("/admin/seminari?esito=creato"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(overview.contains("Seminario creato"));
    assert!(overview.contains("Semplificazione in aula"));
    assert!(overview.contains("Iscrizioni con approvazione del tutor"));
    assert!(overview.contains(&format!("/admin/seminari/sessioni/{}", sessions[0].id)));
    assert!(overview.contains(&format!(
        "/tutor/seminari/sessioni/{}/presenze",
        sessions[0].id
    )));

    // One more session, in Puglia, with a mistake first.
    let page = format!("/admin/seminari/{}/sessioni/nuova", seminars[0].id);
    let session_form: Vec<(&'static str, String)> = good_form()
        .into_iter()
        .filter(|(k, _)| !["edizione", "tema", "titolo", "approvazione"].contains(k))
        .collect();
    let refused = post_form(
        &app,
        &admin,
        &page,
        &page,
        with(session_form.clone(), "posti", "0"),
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains("id=\"posti-error\">i posti vanno da 1 a"),
        "{html}"
    );
    let done = post_form(
        &app,
        &admin,
        &page,
        &page,
        with(session_form, "regione", "Puglia"),
    )
    .await;
    assert_eq!(done.status(), 303);
    let sessions = plan::sessions_of(app.state.db(), seminars[0].id)
        .await
        .unwrap();
    assert_eq!(sessions.len(), 2);
    assert_eq!(
        done.headers()["location"],
        format!("/admin/seminari/sessioni/{}?esito=creata", sessions[1].id).as_str()
    );
    assert_eq!(sessions[1].region, "Puglia");
    let missing = admin
        .get(app.url("/admin/seminari/999/sessioni/nuova"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn raising_the_capacity_seats_the_first_in_line_and_lowering_it_below_the_seated_is_refused()
{
    let app = app().await;
    let db = app.state.db();
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 2)]).await;
    let id = sessions[0].id;
    let ids = learners(&app, 6, GENOVA, "capienza").await;
    for &learner in &ids {
        register(&app.state, id, learner).await.unwrap();
    }
    // One of the line leaves: the roster keeps the cancellation apart.
    cancel(&app.state, id, ids[3]).await.unwrap();
    assert_eq!(roster::counts(db, id).await.unwrap(), (2, 3));

    let admin = app.client_as(ADMIN).await;
    let page = format!("/admin/seminari/sessioni/{id}");
    let action = format!("{page}/capienza");
    let html = admin
        .get(app.url(&page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Iscritti con posto (2)"), "{html}");
    assert!(html.contains("Lista d&#39;attesa (3)"), "{html}");
    assert!(html.contains("Annullate e rifiutate (1)"), "{html}");
    assert!(html.contains(&format!("/tutor/seminari/sessioni/{id}/presenze")));

    for (value, status, message) in [
        (
            "1",
            409,
            "i posti non possono scendere a 1: 2 discenti hanno già il posto",
        ),
        ("molti", 422, "indicare un numero intero"),
        ("0", 422, "i posti vanno da 1 a"),
    ] {
        let refused = post_form(&app, &admin, &page, &action, vec![("posti", value.into())]).await;
        assert_eq!(refused.status(), status, "{value}");
        let html = refused.text().await.unwrap();
        assert!(html.contains("id=\"posti-error\""), "{value}: {html}");
        assert!(html.contains(message), "{value}: {html}");
        assert!(html.contains(&format!("value=\"{value}\"")), "kept: {html}");
    }
    assert_eq!(plan::session(db, id).await.unwrap().unwrap().capacity, 2);

    let done = post_form(&app, &admin, &page, &action, vec![("posti", "4".into())]).await;
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        format!("{page}?esito=capienza").as_str()
    );
    assert_eq!(roster::counts(db, id).await.unwrap(), (4, 1));
    let seated = aula::seminars::attendance::seated(db, id).await.unwrap();
    assert!(
        seated.contains(&ids[2]) && seated.contains(&ids[4]),
        "the first two in line (the third and fifth to register; the fourth left)"
    );
    let line = roster::waiting(db, id).await.unwrap();
    assert_eq!(line.iter().map(|e| e.user_id).collect::<Vec<_>>(), [ids[5]]);
    let promoted = outbox_of(&app, "seminar-promoted").await;
    let told: Vec<Option<i32>> = promoted.iter().map(|m| m.user_id).collect();
    assert_eq!(
        told,
        [Some(ids[2]), Some(ids[4])],
        "each promoted learner is e-mailed"
    );
    assert!(
        promoted.iter().all(|m| m.calendar.is_some()),
        "with the invitation"
    );

    let sheet = roster::sheet(db, id).await.unwrap().unwrap();
    assert_eq!(sheet.seated.len(), 4);
    assert_eq!(sheet.waiting[0].position, Some(1));
    assert_eq!(sheet.cancelled.len(), 1);
    assert_eq!(sheet.cancelled[0].status, Status::Cancelled);
    assert!(
        sheet
            .seated
            .iter()
            .filter(|l| l.promoted_at.is_some())
            .count()
            == 2
    );
    let html = admin
        .get(app.url(&format!("{page}?esito=capienza")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Posti aggiornati"));
    assert!(html.contains("4 occupati su 4"), "{html}");
    assert!(html.contains("posto ottenuto dalla lista d&#39;attesa"));
}

async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_admin_api_plans_seminars_changes_capacity_and_shows_rosters_to_who_runs_them() {
    let app = app().await;
    let admin = app.client_as(ADMIN).await;
    let tutor = app.client_as(TUTOR).await;
    let session = |region: &str, capacity: Value| {
        json!({
            "first_day": date_in(40), "days": 2, "starts_at": "09:30", "ends_at": "17:30",
            "venue": "Sala consiliare", "address": "Via Roma 1", "region": region,
            "capacity": capacity, "deadline": format!("{} 18:00", date_in(33)),
        })
    };
    let body = |sessions: Vec<Value>| {
        json!({
            "edition": 4, "course": super::COURSE, "module": super::MODULE,
            "title": "Seminario dall'API", "sessions": sessions,
        })
    };

    let (status, error) = json(
        admin
            .post(app.url("/api/v1/seminars"))
            .json(&body(vec![
                session("Liguria", json!(10)),
                session("Puglia", json!(0)),
            ]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    assert_eq!(error["error"]["field"], "sessions[1].capacity");
    let mut late = session("Liguria", json!(10));
    late["deadline"] = json!("il primo marzo");
    let (status, error) = json(
        admin
            .post(app.url("/api/v1/seminars"))
            .json(&body(vec![late]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(error["error"]["field"], "sessions[0].deadline");
    let (status, _) = json(
        tutor
            .post(app.url("/api/v1/seminars"))
            .json(&body(vec![session("Liguria", json!(10))]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403, "tutors do not plan");

    let (status, planned) = json(
        admin
            .post(app.url("/api/v1/seminars"))
            .json(&body(vec![
                session("Liguria", json!(1)),
                session("Puglia", json!(5)),
            ]))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 201, "{planned}");
    assert_eq!(planned["requires_approval"], false);
    let liguria = planned["sessions"][0]["id"].as_i64().unwrap();
    let puglia = planned["sessions"][1]["id"].as_i64().unwrap();
    let seminar = planned["id"].as_i64().unwrap();

    let (status, added) = json(
        admin
            .post(app.url(&format!("/api/v1/seminars/{seminar}/sessions")))
            .json(&session("Calabria", json!(12)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 201, "{added}");
    assert_eq!(added["region"], "Calabria");
    let (status, error) = json(
        admin
            .post(app.url(&format!("/api/v1/seminars/{seminar}/sessions")))
            .json(&session("Lombardia", json!(12)))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (422, Some("region"))
    );

    // Two learners for one seat; then the capacity goes up by one.
    let ids = learners(&app, 2, GENOVA, "api").await;
    let liguria_id = i32::try_from(liguria).unwrap();
    for &learner in &ids {
        register(&app.state, liguria_id, learner).await.unwrap();
    }
    let patch = |capacity: i64| {
        admin
            .patch(app.url(&format!("/api/v1/seminars/sessions/{liguria}")))
            .json(&json!({"capacity": capacity}))
            .send()
    };
    let (status, error) = json(patch(0).await.unwrap()).await;
    assert_eq!(
        (status, error["error"]["field"].as_str()),
        (422, Some("capacity"))
    );
    let (status, changed) = json(patch(2).await.unwrap()).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["seated"], 2);
    assert_eq!(changed["waiting"], 0);
    assert_eq!(changed["promoted"][0]["user_id"], ids[1]);
    let (status, error) = json(patch(1).await.unwrap()).await;
    assert_eq!(status, 409, "{error}");
    assert!(
        error["error"]["message"]
            .as_str()
            .unwrap()
            .contains("2 discenti hanno già il posto")
    );

    // The roster: for the admin, and for the tutor of Liguria on Liguria's session.
    let roster_of = |client: &reqwest::Client, id: i64| {
        client
            .get(app.url(&format!("/api/v1/seminars/sessions/{id}/roster")))
            .send()
    };
    let (status, sheet) = json(roster_of(&admin, liguria).await.unwrap()).await;
    assert_eq!(status, 200, "{sheet}");
    assert_eq!(sheet["session"]["capacity"], 2);
    assert_eq!(sheet["seated"].as_array().unwrap().len(), 2);
    assert_eq!(sheet["seated"][0]["status"], "registered");
    assert_eq!(sheet["seated"][0]["email"], "api000@comune.test.it");
    let (status, _) = json(roster_of(&tutor, liguria).await.unwrap()).await;
    assert_eq!(status, 200, "the tutor of Liguria runs it");
    let (status, _) = json(roster_of(&tutor, puglia).await.unwrap()).await;
    assert_eq!(status, 404, "not a session the tutor runs");

    // Tokens: an admin's token needs the admin scope to plan.
    let owner = account(&app, ADMIN).await;
    let token = |scopes: &[&str]| {
        let new = aula::accounts::api_tokens::NewToken {
            name: "seminari".into(),
            scopes: scopes.iter().map(|s| (*s).to_string()).collect(),
            days: None,
        };
        let owner = owner.clone();
        let db = app.state.db().clone();
        async move {
            aula::accounts::api_tokens::create(&db, &owner, new)
                .await
                .unwrap()
                .1
        }
    };
    let reader = token(&["reports:read"]).await;
    let plain = reqwest::Client::new();
    let refused = plain
        .post(app.url("/api/v1/seminars"))
        .bearer_auth(&reader)
        .json(&body(vec![session("Liguria", json!(10))]))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
    let roster = plain
        .get(app.url(&format!("/api/v1/seminars/sessions/{liguria}/roster")))
        .bearer_auth(&reader)
        .send()
        .await
        .unwrap();
    assert_eq!(roster.status(), 200, "reading a roster is reports:read");
    let writer = token(&["admin"]).await;
    let planned = plain
        .post(app.url("/api/v1/seminars"))
        .bearer_auth(&writer)
        .json(&body(vec![session("Liguria", json!(10))]))
        .send()
        .await
        .unwrap();
    assert_eq!(planned.status(), 201);
    let views = listing::by_edition(app.state.db()).await.unwrap();
    let edition = views.iter().find(|e| e.number == 4).unwrap();
    assert_eq!(edition.seminars.len(), 2);
}

#[tokio::test]
async fn the_admin_seminar_pages_are_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = app().await;
    let (_, sessions) = seminar_with(
        &app,
        vec![session_in("Liguria", 1), session_in("Puglia", 3)],
    )
    .await;
    let ids = learners(&app, 3, GENOVA, "axe").await;
    for &learner in &ids {
        register(&app.state, sessions[0].id, learner).await.unwrap();
    }
    cancel(&app.state, sessions[0].id, ids[2]).await.unwrap();
    super::seminar_needing_approval(&app, vec![session_in("Liguria", 5)]).await;

    browser
        .sign_in(&app.base, ADMIN, aula::demo::DEMO_PASSWORD, "/admin")
        .await;
    browser
        .check_page(&app.url("/admin/seminari"), "seminars-admin-list")
        .await;
    browser
        .check_page(&app.url("/admin/seminari/nuovo"), "seminars-admin-new")
        .await;
    // The form sent with mistakes: the errors beside their fields.
    let form = browser
        .client
        .form(fantoccini::Locator::Css(
            "form[action='/admin/seminari/nuovo']",
        ))
        .await
        .expect("the new-seminar form");
    form.set_by_name("titolo", "Seminario").await.unwrap();
    form.set_by_name("posti", "tre").await.unwrap();
    form.submit().await.expect("submit");
    browser.wait_for("#posti-error").await;
    browser.assert_accessible("seminars-admin-new-errors").await;
    browser
        .check_page(
            &app.url(&format!("/admin/seminari/sessioni/{}", sessions[0].id)),
            "seminars-admin-roster",
        )
        .await;
    browser
        .check_page(
            &app.url(&format!(
                "/admin/seminari/{}/sessioni/nuova",
                sessions[0].seminar_id
            )),
            "seminars-admin-new-session",
        )
        .await;
    browser.close().await;
}
