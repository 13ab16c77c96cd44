//! The tutor's attendance pages: the sheet with plain forms (no JavaScript: a POST
//! and a redirect back to the same day), its refusals, "all present", the day shown
//! by default while a session runs, the history with names and Rome time; and in
//! Chromium with axe (WCAG 2.1 A and AA) at desktop width and in a 768 px window: a
//! tap saved in the background and still there after a reload, a refused tap that
//! says "non salvato" and changes nothing, the list, history and import pages.

use aula::db::seminars::session;
use chrono::Duration;
use fantoccini::Locator;
use sea_orm::{ActiveModelTrait, ActiveValue::Set};

use super::attendance::{Room, room, stored};
use crate::browser::Browser;
use crate::helpers::{TUTOR, csrf_in};

/// Moves the session so that today is its second day.
async fn running_since_yesterday(room: &Room) {
    let yesterday = aula::seminars::attendance_sheet::today() - Duration::days(1);
    session::ActiveModel {
        id: Set(room.session),
        first_day: Set(yesterday),
        ..Default::default()
    }
    .update(room.app.state.db())
    .await
    .unwrap();
}

/// The `aria-pressed` of a learner's toggle (`half`: 0 morning, 1 afternoon).
fn pressed(html: &str, user: i32, half: usize) -> String {
    let start = html
        .find(&format!("id=\"discente-{user}\""))
        .unwrap_or_else(|| panic!("no row of learner {user}"));
    html[start..]
        .split("aria-pressed=\"")
        .nth(half + 1)
        .and_then(|rest| rest.split('"').next())
        .unwrap()
        .to_string()
}

#[tokio::test]
async fn the_sheet_works_with_plain_forms_and_refuses_bad_ones() {
    let room = room().await;
    running_since_yesterday(&room).await;
    let app = &room.app;
    let tutor = app.client_as(TUTOR).await;
    let id = room.session;
    let path = format!("/tutor/seminari/sessioni/{id}/presenze");
    let [a, b, c] = room.seated[..] else {
        unreachable!()
    };

    let html = tutor
        .get(app.url(&path))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        html.contains(&format!("href=\"{path}?giorno=2\" aria-current=\"page\"")),
        "today is day 2: {html}"
    );
    assert!(html.contains("(oggi)"));
    assert!(html.contains("Discente aula 000") && html.contains("Genova"));
    assert!(
        !html.contains("Discente aula 003"),
        "the waiting learner has no row"
    );
    assert!(html.contains("1 persona in lista d&#39;attesa non compare"));
    assert_eq!(pressed(&html, a, 0), "false");
    assert!(html.contains("Non rilevato"));
    let csrf = csrf_in(&html);

    let post = |pairs: Vec<(&'static str, String)>| {
        let mut pairs = pairs;
        pairs.push(("csrf_token", csrf.clone()));
        tutor.post(app.url(&path)).form(&pairs).send()
    };
    let toggle = |user: i32, day: &str, half: &str, present: &str| {
        vec![
            ("user", user.to_string()),
            ("giorno", day.to_string()),
            ("meta", half.to_string()),
            ("presente", present.to_string()),
        ]
    };
    let done = post(toggle(a, "2", "am", "1")).await.unwrap();
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        format!("{path}?giorno=2#discente-{a}").as_str()
    );
    let html = tutor
        .get(app.url(&format!("{path}?giorno=2")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(pressed(&html, a, 0), "true");
    assert_eq!(pressed(&html, a, 1), "false");
    assert_eq!(stored(app, id).await, [(a, 2, "am".into(), true)]);

    // The page's script asks for JSON and gets the stored mark.
    let json: serde_json::Value = tutor
        .post(app.url(&path))
        .header("accept", "application/json")
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("user", &b.to_string()),
            ("giorno", "1"),
            ("meta", "pm"),
            ("presente", "0"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        json,
        serde_json::json!({"user_id": b, "day": 1, "half": "pm", "present": false, "changed": true})
    );

    // Refusals: nothing stored, a clear answer.
    for (pairs, status) in [
        (toggle(a, "2", "sera", "1"), 422),
        (toggle(a, "2", "am", "2"), 422),
        (toggle(a, "x", "am", "1"), 422),
        (toggle(a, "3", "am", "1"), 422),
        (vec![("giorno", "1".into())], 422),
    ] {
        let answer = post(pairs.clone()).await.unwrap();
        assert_eq!(answer.status(), status, "{pairs:?}");
    }
    let refused = post(toggle(room.waiting, "1", "am", "1")).await.unwrap();
    assert_eq!(refused.status(), 409);
    let html = refused.text().await.unwrap();
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("non ha più un posto"), "{html}");
    let forged = tutor
        .post(app.url(&path))
        .form(&[
            ("csrf_token", "falso"),
            ("user", &a.to_string()),
            ("giorno", "1"),
            ("meta", "am"),
            ("presente", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403);
    for bad in ["?giorno=abc", "?giorno=0", "?giorno=3"] {
        let answer = tutor
            .get(app.url(&format!("{path}{bad}")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 400, "{bad}");
    }
    assert_eq!(stored(app, id).await.len(), 2);

    // All present for the morning of day 1.
    let all = tutor
        .post(app.url(&format!("{path}/tutti")))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("giorno", "1"),
            ("meta", "am"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(all.status(), 303);
    let to = all.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(to, format!("{path}?giorno=1&segnati=3#riepilogo"));
    let html = tutor
        .get(app.url(&to))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("3 discenti segnati presenti."), "{html}");
    assert!(html.contains("Mattina: tutti rilevati."));
    for user in [a, b, c] {
        assert_eq!(pressed(&html, user, 0), "true");
    }

    // The history: names, Rome time, old and new, source.
    let html = tutor
        .get(app.url(&format!("{path}/storico")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("5 modifiche"), "{html}");
    assert!(html.contains("Paola Ferrari (tutor Liguria)"));
    assert!(html.contains("da non rilevato a presente"));
    assert!(html.contains("pagina delle presenze"));
    let history = aula::seminars::attendance::history(app.state.db(), id)
        .await
        .unwrap();
    let newest = history.last().unwrap();
    let rome = aula::seminars::attendance_sheet::rome_text(newest.changed_at);
    assert!(html.contains(&rome), "{rome} in {html}");
    let first_row = html.find("id=\"modifica-").unwrap();
    assert!(
        html[first_row..].starts_with(&format!("id=\"modifica-{}\"", newest.id)),
        "newest first"
    );
    let beyond = tutor
        .get(app.url(&format!("{path}/storico?page=2")))
        .send()
        .await
        .unwrap();
    assert_eq!(beyond.status(), 404);
}

#[tokio::test]
async fn the_attendance_pages_pass_axe_and_a_tap_is_saved_in_the_background() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let room = room().await;
    let app = &room.app;
    let id = room.session;
    let [a, b, _] = room.seated[..] else {
        unreachable!()
    };
    let password = aula::demo::DEMO_PASSWORD;
    browser.sign_in(&app.base, TUTOR, password, "/tutor").await;
    browser
        .check_page(&app.url("/tutor/seminari"), "attendance-sessions")
        .await;
    let sheet = app.url(&format!("/tutor/seminari/sessioni/{id}/presenze?giorno=1"));
    browser.check_page(&sheet, "attendance-sheet").await;
    assert_targets(&browser, "desktop").await;

    // A tap with JavaScript on: saved in the background (no page load), shown once
    // stored.
    browser
        .client
        .execute("window.aulaSamePage = true;", vec![])
        .await
        .unwrap();
    let toggle = format!("#discente-{a} form[data-mark] button");
    browser
        .client
        .find(Locator::Css(&toggle))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser
        .wait_for(&format!(
            "#discente-{a} form[data-mark] button[aria-pressed='true']"
        ))
        .await;
    let same_page = browser
        .client
        .execute("return window.aulaSamePage === true;", vec![])
        .await
        .unwrap();
    assert_eq!(same_page, serde_json::json!(true), "no page load");
    assert_eq!(stored(app, id).await, [(a, 1, "am".into(), true)]);
    browser.assert_accessible("attendance-sheet-tapped").await;
    browser.client.refresh().await.unwrap();
    let kept = browser
        .wait_for(&format!("#discente-{a} form[data-mark] button"))
        .await;
    assert_eq!(
        kept.attr("aria-pressed").await.unwrap().as_deref(),
        Some("true")
    );
    assert!(kept.text().await.unwrap().contains("Presente"));

    // A tap the server refuses (the learner gave up the seat meanwhile): the page
    // says so and shows nothing it did not store.
    super::cancel(&app.state, id, b).await.unwrap();
    browser
        .client
        .find(Locator::Css(&format!(
            "#discente-{b} form[data-mark] button"
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let failure = browser
        .wait_for(&format!("#discente-{b} .mark-error:not(:empty)"))
        .await;
    assert!(failure.text().await.unwrap().contains("Non salvato"));
    let untouched = browser
        .client
        .find(Locator::Css(&format!(
            "#discente-{b} form[data-mark] button"
        )))
        .await
        .unwrap();
    assert_eq!(
        untouched.attr("aria-pressed").await.unwrap().as_deref(),
        Some("false")
    );
    browser
        .assert_accessible("attendance-sheet-not-saved")
        .await;

    // The classroom tablet: 768 px wide.
    browser.client.set_window_size(768, 1024).await.unwrap();
    browser.check_page(&sheet, "attendance-sheet-768").await;
    assert_targets(&browser, "768").await;
    let overflow = browser
        .client
        .execute(
            "return document.documentElement.scrollWidth <= window.innerWidth;",
            vec![],
        )
        .await
        .unwrap();
    assert_eq!(
        overflow,
        serde_json::json!(true),
        "no sideways scrolling at 768 px"
    );
    browser.client.set_window_size(1280, 900).await.unwrap();

    browser
        .check_page(
            &app.url(&format!("/tutor/seminari/sessioni/{id}/presenze/storico")),
            "attendance-history",
        )
        .await;
    browser
        .check_page(
            &app.url(&format!("/tutor/seminari/sessioni/{id}/presenze/importa")),
            "attendance-import",
        )
        .await;
    browser
        .client
        .find(Locator::Css("#testo"))
        .await
        .unwrap()
        .send_keys(
            "email,day,half,present\naula002@comune.test.it,2,pm,1\nnessuno@example.it,1,am,1\n",
        )
        .await
        .unwrap();
    browser
        .client
        .find(Locator::Css(
            "form[enctype='multipart/form-data'] button[type='submit']",
        ))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    browser.wait_for(".import-report").await;
    browser.assert_accessible("attendance-import-report").await;
    assert_eq!(stored(app, id).await.len(), 2);
    browser.close().await;
}

/// Every toggle, day tab and bulk button is at least 44 × 44 px.
async fn assert_targets(browser: &Browser, name: &str) {
    let sizes = browser
        .client
        .execute(
            "return Array.from(document.querySelectorAll('button.mark, .day-tabs a, .bulk-button'))
                .map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; });",
            vec![],
        )
        .await
        .unwrap();
    let sizes = sizes.as_array().unwrap();
    assert!(sizes.len() >= 8, "{name}: {sizes:?}");
    for size in sizes {
        let (w, h) = (size[0].as_f64().unwrap(), size[1].as_f64().unwrap());
        assert!(w >= 44.0 && h >= 44.0, "{name}: a target of {w} × {h} px");
    }
}
