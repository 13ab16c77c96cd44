//! Tutor approval: a seminar that requires it takes registrations as pending (no
//! seat, not in line, «richiesta ricevuta» e-mailed); a tutor who runs the session
//! (or an admin) approves, seating the learner or putting them in line at the
//! approval's time, or rejects with a reason, each e-mailed; a pending learner may
//! withdraw, even after the deadline, and decisions are allowed after it. 30
//! concurrent approvals for 10 seats seat exactly 10. The approvals page and API, and
//! the page in Chromium with axe.

use std::collections::HashSet;

use aula::seminars::approval::{Decision, DecisionError};
use aula::seminars::registration::RegisterError;
use aula::seminars::{Status, listing, roster};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use super::{
    GENOVA, account, app, cancel, decide, learners, outbox_of, register, seminar_needing_approval,
    seminar_with, session_in,
};
use crate::browser::Browser;
use crate::helpers::{ADMIN, LEARNER, TUTOR, TestApp, csrf_in};

async fn move_deadline(app: &TestApp, session_id: i32, by: Duration) {
    use aula::db::seminars::session;
    session::Entity::update_many()
        .col_expr(session::Column::Deadline, Expr::value(Utc::now() + by))
        .filter(session::Column::Id.eq(session_id))
        .exec(app.state.db())
        .await
        .unwrap();
}

/// A tutor of Calabria: runs no session of Liguria.
async fn calabria_tutor(app: &TestApp) -> aula::accounts::directory::User {
    aula::accounts::users::add(
        app.state.db(),
        aula::accounts::users::NewUser {
            email: "tutor.calabria@example.it".into(),
            name: "Tutor Calabria".into(),
            role: "tutor".into(),
            regions: vec!["Calabria".into()],
            password: Some(aula::demo::DEMO_PASSWORD.into()),
            ..Default::default()
        },
        &[],
    )
    .await
    .unwrap();
    account(app, "tutor.calabria@example.it").await
}

#[tokio::test]
async fn a_request_waits_for_a_tutor_who_seats_it_puts_it_in_line_or_rejects_it() {
    let app = app().await;
    let db = app.state.db();
    let (_, sessions) = seminar_needing_approval(&app, vec![session_in("Liguria", 1)]).await;
    let session = sessions[0].id;
    let ids = learners(&app, 5, GENOVA, "approva").await;
    let tutor = account(&app, TUTOR).await;

    let asked = register(&app.state, session, ids[0]).await.unwrap();
    assert_eq!((asked.status, asked.position), (Status::Pending, None));
    assert_eq!(
        roster::counts(db, session).await.unwrap(),
        (0, 0),
        "no seat, no line"
    );
    assert!(
        matches!(
            register(&app.state, session, ids[0]).await,
            Err(RegisterError::AlreadyRegistered)
        ),
        "one request per seminar"
    );
    let received = outbox_of(&app, "seminar-pending").await;
    assert_eq!(received.len(), 1);
    assert!(received[0].subject.starts_with("Richiesta ricevuta"));
    assert!(
        received[0].calendar.is_none(),
        "no invitation before a seat"
    );
    let mine = listing::mine(db, ids[0]).await.unwrap();
    assert_eq!(
        mine[0].session.mine.as_ref().unwrap().status,
        Status::Pending
    );
    assert!(mine[0].requires_approval);
    let second = register(&app.state, session, ids[1]).await.unwrap();

    // Someone who does not run the session cannot decide: as if it did not exist.
    let outsider = calabria_tutor(&app).await;
    assert!(matches!(
        decide(&app.state, asked.id, &outsider, Decision::Approve, None).await,
        Err(DecisionError::NotFound)
    ));
    assert!(matches!(
        decide(
            &app.state,
            asked.id,
            &tutor,
            Decision::Approve,
            Some("\u{7}")
        )
        .await,
        Err(DecisionError::InvalidReason)
    ));

    let first = decide(
        &app.state,
        asked.id,
        &tutor,
        Decision::Approve,
        Some("Benvenuto"),
    )
    .await
    .unwrap();
    assert_eq!((first.status, first.position), (Status::Registered, None));
    assert_eq!(first.decision, "approved");
    let approved = outbox_of(&app, "seminar-registered").await;
    assert_eq!(approved.len(), 1);
    assert!(
        approved[0]
            .body_text
            .contains("è stata approvata: sei iscritto")
    );
    assert!(approved[0].body_text.contains("Nota del tutor: Benvenuto"));
    assert!(approved[0].calendar.is_some(), "the seat's invitation");
    assert!(matches!(
        decide(&app.state, asked.id, &tutor, Decision::Reject, None).await,
        Err(DecisionError::NotPending)
    ));

    // The one seat is taken: the next approval joins the line, at the approval's time.
    let before = Utc::now();
    let next = decide(&app.state, second.id, &tutor, Decision::Approve, None)
        .await
        .unwrap();
    assert_eq!((next.status, next.position), (Status::Waiting, Some(1)));
    let line = roster::waiting(db, session).await.unwrap();
    assert!(line[0].registered_at >= before, "in line from the approval");
    let waiting = outbox_of(&app, "seminar-waiting").await;
    assert!(
        waiting[0]
            .body_text
            .contains("approvata, ma i posti sono esauriti")
    );
    assert!(waiting[0].body_text.contains("posizione 1"));

    // A rejection, with its reason.
    let third = register(&app.state, session, ids[2]).await.unwrap();
    let reason = "Il seminario è riservato ai servizi sociali";
    let no = decide(&app.state, third.id, &tutor, Decision::Reject, Some(reason))
        .await
        .unwrap();
    assert_eq!(no.status, Status::Cancelled);
    let rejected = outbox_of(&app, "seminar-rejected").await;
    assert_eq!(rejected.len(), 1);
    assert!(rejected[0].body_text.contains(reason));
    let sheet = roster::sheet(db, session).await.unwrap().unwrap();
    assert_eq!(sheet.cancelled.len(), 1);
    assert_eq!(sheet.cancelled[0].decision.as_deref(), Some("rejected"));
    assert_eq!(sheet.cancelled[0].decision_reason.as_deref(), Some(reason));
    // Rejected, the learner may ask again.
    let again = register(&app.state, session, ids[2]).await.unwrap();
    assert_eq!(again.status, Status::Pending);

    // After the deadline: a pending request may still be withdrawn, and decided.
    let late = register(&app.state, session, ids[3]).await.unwrap();
    move_deadline(&app, session, -Duration::minutes(1)).await;
    let withdrawn = cancel(&app.state, session, ids[2]).await.unwrap();
    assert!(!withdrawn.held_seat);
    let admin = account(&app, ADMIN).await;
    let decided = decide(&app.state, late.id, &admin, Decision::Approve, None)
        .await
        .unwrap();
    assert_eq!(
        (decided.status, decided.position),
        (Status::Waiting, Some(2))
    );
    assert!(
        cancel(&app.state, session, ids[3]).await.is_err(),
        "once in line, the deadline holds again"
    );
    let sheet = roster::sheet(db, session).await.unwrap().unwrap();
    assert_eq!(
        (sheet.seated.len(), sheet.waiting.len(), sheet.pending.len()),
        (1, 2, 0)
    );
    assert_eq!(sheet.cancelled.len(), 2, "the rejection and the withdrawal");

    // A stored status this code does not know is an error, never a cancellation.
    assert!(Status::parse("bogus").is_err());
    for status in Status::ALL {
        assert_eq!(Status::parse(status.as_str()).unwrap(), status);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn thirty_concurrent_approvals_for_ten_seats_seat_exactly_ten() {
    let app = app().await;
    let db = app.state.db().clone();
    let (_, sessions) = seminar_needing_approval(&app, vec![session_in("Liguria", 10)]).await;
    let session = sessions[0].id;
    let ids = learners(&app, 30, GENOVA, "trenta").await;
    let mut requests = Vec::new();
    for &id in &ids {
        requests.push(register(&app.state, session, id).await.unwrap().id);
    }
    let admin = account(&app, ADMIN).await;
    let tasks: Vec<_> = requests
        .iter()
        .map(|&request| {
            let state = app.state.clone();
            let admin = admin.clone();
            tokio::spawn(
                async move { decide(&state, request, &admin, Decision::Approve, None).await },
            )
        })
        .collect();
    let mut answers = Vec::new();
    for task in tasks {
        answers.push(task.await.unwrap().expect("every approval is answered"));
    }
    let seated = answers
        .iter()
        .filter(|a| a.status == Status::Registered)
        .count();
    let waiting: Vec<_> = answers
        .iter()
        .filter(|a| a.status == Status::Waiting)
        .collect();
    assert_eq!(seated, 10, "exactly the capacity is seated");
    assert_eq!(waiting.len(), 20);
    assert_eq!(roster::counts(&db, session).await.unwrap(), (10, 20));
    // The positions told form 1..=20 and are the line's order.
    let line = roster::waiting(&db, session).await.unwrap();
    let mut told: Vec<(i64, i32)> = waiting
        .iter()
        .map(|a| (a.position.unwrap(), a.registration_id))
        .collect();
    told.sort_unstable();
    let expected: Vec<(i64, i32)> = line
        .iter()
        .enumerate()
        .map(|(i, e)| (i64::try_from(i).unwrap() + 1, e.id))
        .collect();
    assert_eq!(told, expected);
    let learners_told: HashSet<Option<i32>> = outbox_of(&app, "seminar-registered")
        .await
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    assert_eq!(learners_told.len(), 10, "each seated learner e-mailed once");
}

async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_approvals_page_and_api_decide_for_the_tutors_who_run_the_session() {
    let app = app().await;
    let (_, sessions) = seminar_needing_approval(&app, vec![session_in("Liguria", 1)]).await;
    let (_, open) = seminar_with(&app, vec![session_in("Liguria", 4)]).await;
    let session = sessions[0].id;
    let learner = app.client_as(LEARNER).await;

    // The learner asks through the page and sees the request waiting.
    let page = learner.get(app.url("/seminari")).send().await.unwrap();
    let html = page.text().await.unwrap();
    assert!(html.contains(">Chiedi l&#39;iscrizione</button>"), "{html}");
    assert!(html.contains("richiede l&#39;approvazione del tutor"));
    let asked = learner
        .post(app.url(&format!("/seminari/sessioni/{session}/iscrizione")))
        .form(&[("csrf_token", csrf_in(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status(), 303);
    assert_eq!(
        asked.headers()["location"],
        format!("/seminari?esito=richiesta#sessione-{session}").as_str()
    );
    let html = learner
        .get(app.url("/seminari?esito=richiesta"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Richiesta inviata"));
    assert!(
        html.contains("in attesa di approvazione del tutor"),
        "{html}"
    );
    assert!(html.contains(">Ritira la richiesta</button>"));
    let (_, mine) = json(
        learner
            .get(app.url("/api/v1/me/seminars"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine[0]["session"]["mine"]["status"], "pending", "{mine}");
    let request = mine[0]["session"]["mine"]["id"].as_i64().unwrap();
    let _ = open;

    // The tutor of Liguria sees it and decides; mistakes are shown beside it.
    let tutor = app.client_as(TUTOR).await;
    let list = tutor
        .get(app.url("/tutor/seminari/approvazioni"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        list.contains(&format!("id=\"richiesta-{request}\"")),
        "{list}"
    );
    assert!(list.contains("Marco Bianchi"));
    let action = format!("/tutor/seminari/approvazioni/{request}");
    let send = |client: &reqwest::Client, html: &str, pairs: &[(&str, &str)]| {
        let mut form: Vec<(String, String)> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect();
        form.push(("csrf_token".into(), csrf_in(html)));
        client.post(app.url(&action)).form(&form).send()
    };
    let long = "x".repeat(1001);
    let refused = send(
        &tutor,
        &list,
        &[("decisione", "rifiuta"), ("motivo", &long)],
    )
    .await
    .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(
        html.contains(&format!("id=\"richiesta-{request}-errore\"")),
        "{html}"
    );
    assert!(html.contains(&long), "the reason typed is kept");
    let refused = send(&tutor, &list, &[("decisione", "forse")])
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(
        refused
            .text()
            .await
            .unwrap()
            .contains("approvare o rifiutare")
    );

    let other = calabria_tutor(&app).await;
    let outsider = app.client_as(&other.email).await;
    let other_list = outsider
        .get(app.url("/tutor/seminari/approvazioni"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!other_list.contains(&format!("id=\"richiesta-{request}\"")));
    let hidden = send(&outsider, &other_list, &[("decisione", "approva")])
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);

    let done = send(&tutor, &list, &[("decisione", "approva")])
        .await
        .unwrap();
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        "/tutor/seminari/approvazioni?esito=approvata"
    );
    let twice = send(&tutor, &list, &[("decisione", "approva")])
        .await
        .unwrap();
    assert_eq!(twice.status(), 409);
    assert!(twice.text().await.unwrap().contains("non è più in attesa"));
    let html = learner
        .get(app.url("/seminari"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Sei iscritto a questa sessione."));

    // The API: a second learner's request, rejected by the tutor with a token.
    let bari_like = learners(&app, 1, GENOVA, "api-approva").await[0];
    let second = register(&app.state, session, bari_like).await.unwrap().id;
    let tutor_account = account(&app, TUTOR).await;
    let token = |scopes: &[&str]| {
        let new = aula::accounts::api_tokens::NewToken {
            name: "approvazioni".into(),
            scopes: scopes.iter().map(|s| (*s).to_string()).collect(),
            days: None,
        };
        let owner = tutor_account.clone();
        let db = app.state.db().clone();
        async move {
            aula::accounts::api_tokens::create(&db, &owner, new)
                .await
                .unwrap()
                .1
        }
    };
    let path = format!("/api/v1/seminars/registrations/{second}/decision");
    let plain = reqwest::Client::new();
    let reader = token(&["reports:read"]).await;
    let refused = plain
        .post(app.url(&path))
        .bearer_auth(&reader)
        .json(&json!({"decision": "reject"}))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403, "deciding needs seminars:write");
    let writer = token(&["seminars:write"]).await;
    let (status, error) = json(
        plain
            .post(app.url(&path))
            .bearer_auth(&writer)
            .json(&json!({"decision": "maybe"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{error}");
    let (status, decided) = json(
        plain
            .post(app.url(&path))
            .bearer_auth(&writer)
            .json(&json!({"decision": "reject", "reason": "Posti riservati"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{decided}");
    assert_eq!(decided["status"], "cancelled");
    assert_eq!(decided["decision"], "rejected");
    let (status, error) = json(
        plain
            .post(app.url(&path))
            .bearer_auth(&writer)
            .json(&json!({"decision": "approve"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 409, "{error}");
    let (status, _) = json(
        learner
            .post(app.url(&path))
            .json(&json!({"decision": "approve"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403, "learners do not decide");
}

#[tokio::test]
async fn the_approvals_page_is_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = app().await;
    let (_, sessions) = seminar_needing_approval(
        &app,
        vec![session_in("Liguria", 1), session_in("Liguria", 3)],
    )
    .await;
    let ids = learners(&app, 3, GENOVA, "axe-approva").await;
    let tutor = account(&app, TUTOR).await;
    let seated = register(&app.state, sessions[0].id, ids[0]).await.unwrap();
    decide(&app.state, seated.id, &tutor, Decision::Approve, None)
        .await
        .unwrap();
    register(&app.state, sessions[0].id, ids[1]).await.unwrap();
    let late = register(&app.state, sessions[1].id, ids[2]).await.unwrap();
    move_deadline(&app, sessions[1].id, -Duration::hours(1)).await;

    browser
        .sign_in(&app.base, TUTOR, aula::demo::DEMO_PASSWORD, "/tutor")
        .await;
    browser
        .check_page(&app.url("/tutor/seminari/approvazioni"), "approvals")
        .await;
    // A reason too long: the refusal shown beside its request.
    let form = browser
        .client
        .form(fantoccini::Locator::Css(&format!(
            "form[action='/tutor/seminari/approvazioni/{}']",
            late.id
        )))
        .await
        .expect("the decision form");
    form.set_by_name("motivo", &"x".repeat(1001)).await.unwrap();
    form.submit().await.expect("submit");
    browser
        .wait_for(&format!("#richiesta-{}-errore", late.id))
        .await;
    browser.assert_accessible("approvals-refused").await;
    browser.close().await;

    let Some(browser) = Browser::start().await else {
        return;
    };
    let learner = account(&app, LEARNER).await;
    register(&app.state, sessions[0].id, learner.id)
        .await
        .unwrap();
    browser
        .sign_in(&app.base, LEARNER, aula::demo::DEMO_PASSWORD, "/courses")
        .await;
    browser
        .check_page(&app.url("/seminari"), "seminars-learner-pending")
        .await;
    browser.close().await;
}
