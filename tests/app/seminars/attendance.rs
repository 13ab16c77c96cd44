//! Seminar attendance taken by the staff who run a session: marks with their history
//! (who, when, old, new; a mark set to the value it has leaves no history), the
//! refusals (a learner not seated or on the waiting list, a day out of range) that
//! store nothing, "all present" that leaves existing marks alone, concurrent marks of
//! one session that all land with a consistent history, who may see a session (the
//! tutor of another region gets 404, a learner 403), and the JSON API: the sheet, PUT
//! all or nothing with the wrong mark named, the history by cursor, token scopes.

use aula::accounts::access::Scope;
use aula::accounts::api_tokens::{self, NewToken};
use aula::accounts::directory::{self, User};
use aula::accounts::users::{self, NewUser};
use aula::seminars::attendance::{self, Half, Mark, MarkError, Source};
use aula::seminars::attendance_sheet;
use chrono::Utc;
use serde_json::{Value, json};

use super::{GENOVA, app, learners, register, seminar_with, session_in};
use crate::helpers::{ADMIN, LEARNER, TUTOR, TestApp};

/// The tutor of Puglia: runs no session of Liguria.
pub const PUGLIA_TUTOR: &str = "tutor.puglia@example.it";

/// A two-day session in Liguria with three seats taken, one learner waiting and one
/// who never registered; the Liguria tutor runs it, the Puglia tutor does not.
pub struct Room {
    pub app: TestApp,
    pub session: i32,
    pub seated: Vec<i32>,
    pub waiting: i32,
    pub outsider: i32,
}

/// The [`Room`].
pub async fn room() -> Room {
    let app = app().await;
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 3)]).await;
    let session = sessions[0].id;
    let people = learners(&app, 5, GENOVA, "aula").await;
    for id in &people[..4] {
        register(&app.state, session, *id).await.unwrap();
    }
    users::add(
        app.state.db(),
        NewUser {
            email: PUGLIA_TUTOR.into(),
            name: "Tutor Puglia".into(),
            role: "tutor".into(),
            regions: vec!["Puglia".into()],
            password: Some(aula::demo::DEMO_PASSWORD.into()),
            ..NewUser::default()
        },
        &[],
    )
    .await
    .unwrap();
    Room {
        app,
        session,
        seated: people[..3].to_vec(),
        waiting: people[3],
        outsider: people[4],
    }
}

/// An account by e-mail.
pub async fn account(app: &TestApp, email: &str) -> User {
    directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap()
}

/// A mark.
pub fn mark(user_id: i32, day: i32, half: Half, present: bool) -> Mark {
    Mark {
        user_id,
        day,
        half,
        present,
    }
}

/// Sets marks as `by`, from the page.
pub async fn set(
    app: &TestApp,
    by: &User,
    session: i32,
    marks: &[Mark],
) -> Result<usize, MarkError> {
    attendance_sheet::set_as(
        app.state.db(),
        &app.state.catalog(),
        by,
        session,
        marks,
        Source::Page,
    )
    .await
}

/// The stored marks of a session as (learner, day, half, present).
pub async fn stored(app: &TestApp, session: i32) -> Vec<(i32, i32, String, bool)> {
    attendance::marks(app.state.db(), session)
        .await
        .unwrap()
        .into_iter()
        .map(|m| (m.user_id, m.day, m.half, m.present))
        .collect()
}

#[tokio::test]
async fn each_change_keeps_who_when_old_and_new_and_a_repeat_leaves_no_history() {
    let room = room().await;
    let app = &room.app;
    let tutor = account(app, TUTOR).await;
    let admin = account(app, ADMIN).await;
    let [a, b, _] = room.seated[..] else {
        unreachable!()
    };

    let before = Utc::now();
    let changed = set(
        app,
        &tutor,
        room.session,
        &[
            mark(a, 1, Half::Morning, true),
            mark(b, 1, Half::Morning, false),
        ],
    )
    .await
    .unwrap();
    assert_eq!(changed, 2);
    assert_eq!(
        set(
            app,
            &admin,
            room.session,
            &[mark(a, 1, Half::Morning, false)]
        )
        .await
        .unwrap(),
        1
    );
    // The same value again is no change: no history row.
    assert_eq!(
        set(
            app,
            &tutor,
            room.session,
            &[mark(a, 1, Half::Morning, false)]
        )
        .await
        .unwrap(),
        0
    );
    let after = Utc::now();

    let history = attendance::history(app.state.db(), room.session)
        .await
        .unwrap();
    let seen: Vec<_> = history
        .iter()
        .map(|c| {
            (
                c.user_id,
                c.day,
                c.half.as_str(),
                c.old_present,
                c.new_present,
                c.changed_by,
                c.source.as_str(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (a, 1, "am", None, true, tutor.id, "page"),
            (b, 1, "am", None, false, tutor.id, "page"),
            (a, 1, "am", Some(true), false, admin.id, "page"),
        ]
    );
    for change in &history {
        assert!(
            change.changed_at >= before - chrono::Duration::seconds(1)
                && change.changed_at <= after + chrono::Duration::seconds(1),
            "{change:?}"
        );
    }
    assert_eq!(
        stored(app, room.session).await,
        [(a, 1, "am".into(), false), (b, 1, "am".into(), false)]
    );

    // The history with names, newest first, by cursor.
    let first = aula::seminars::attendance_history::history_after(
        app.state.db(),
        &tutor,
        room.session,
        None,
        2,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(first.changes.len(), 2);
    assert_eq!(
        first.changes[0].changed_by_name.as_deref(),
        Some("Segreteria del programma")
    );
    assert_eq!(first.changes[0].learner, "Discente aula 000");
    assert_eq!(first.changes[0].old_present, Some(true));
    let rest = aula::seminars::attendance_history::history_after(
        app.state.db(),
        &tutor,
        room.session,
        first.next,
        2,
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(rest.changes.len(), 1);
    assert_eq!(rest.next, None);
    assert_eq!(rest.changes[0].id, history[0].id);
}

#[tokio::test]
async fn marks_for_learners_without_a_seat_or_days_out_of_range_store_nothing() {
    let room = room().await;
    let app = &room.app;
    let tutor = account(app, TUTOR).await;
    let good = mark(room.seated[0], 1, Half::Morning, true);

    for (bad, expected) in [
        (
            mark(room.waiting, 1, Half::Morning, true),
            format!("il discente {} non è iscritto con posto", room.waiting),
        ),
        (
            mark(room.outsider, 2, Half::Afternoon, false),
            format!("il discente {} non è iscritto con posto", room.outsider),
        ),
        (
            mark(room.seated[1], 3, Half::Morning, true),
            "il giorno 3 non esiste: la sessione dura 2 giorni".to_string(),
        ),
        (
            mark(room.seated[1], 0, Half::Afternoon, true),
            "il giorno 0 non esiste".to_string(),
        ),
    ] {
        let err = set(app, &tutor, room.session, &[good, bad])
            .await
            .unwrap_err();
        assert!(err.to_string().contains(&expected), "{err}");
    }
    assert!(stored(app, room.session).await.is_empty(), "all or nothing");
    assert!(
        attendance::history(app.state.db(), room.session)
            .await
            .unwrap()
            .is_empty()
    );
    // A session that does not exist.
    assert!(matches!(
        set(app, &tutor, 999_999, &[good]).await,
        Err(MarkError::NotFound)
    ));
}

#[tokio::test]
async fn all_present_marks_only_those_not_yet_marked() {
    let room = room().await;
    let app = &room.app;
    let tutor = account(app, TUTOR).await;
    let [a, b, c] = room.seated[..] else {
        unreachable!()
    };
    set(
        app,
        &tutor,
        room.session,
        &[mark(a, 2, Half::Afternoon, false)],
    )
    .await
    .unwrap();
    let added = attendance_sheet::all_present_as(
        app.state.db(),
        &app.state.catalog(),
        &tutor,
        room.session,
        2,
        Half::Afternoon,
    )
    .await
    .unwrap();
    assert_eq!(added, 2);
    assert_eq!(
        stored(app, room.session).await,
        [
            (a, 2, "pm".into(), false),
            (b, 2, "pm".into(), true),
            (c, 2, "pm".into(), true)
        ],
        "the absent stays absent, the waiting learner gets nothing"
    );
    let again = attendance_sheet::all_present_as(
        app.state.db(),
        &app.state.catalog(),
        &tutor,
        room.session,
        2,
        Half::Afternoon,
    )
    .await
    .unwrap();
    assert_eq!(again, 0);
    let history = attendance::history(app.state.db(), room.session)
        .await
        .unwrap();
    assert_eq!(history.len(), 3);
    assert!(
        history[1..]
            .iter()
            .all(|h| h.old_present.is_none() && h.new_present)
    );
    let out_of_range = attendance_sheet::all_present_as(
        app.state.db(),
        &app.state.catalog(),
        &tutor,
        room.session,
        3,
        Half::Morning,
    )
    .await;
    assert!(matches!(
        out_of_range,
        Err(MarkError::NoSuchDay { day: 3, days: 2 })
    ));
}

#[tokio::test]
async fn concurrent_marks_of_one_session_all_land_with_a_consistent_history() {
    let app = app().await;
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 30)]).await;
    let session = sessions[0].id;
    let people = learners(&app, 24, GENOVA, "folla").await;
    for id in &people {
        register(&app.state, session, *id).await.unwrap();
    }
    let tutor = account(&app, TUTOR).await;
    // Every learner's morning of day 1 at once, and the same mark of the first
    // learner's afternoon flipped twelve times at once.
    let mut tasks = Vec::new();
    for (i, id) in people.iter().enumerate() {
        let (state, tutor, id) = (app.state.clone(), tutor.clone(), *id);
        tasks.push(tokio::spawn(async move {
            attendance_sheet::set_as(
                state.db(),
                &state.catalog(),
                &tutor,
                session,
                &[mark(id, 1, Half::Morning, i % 2 == 0)],
                Source::Page,
            )
            .await
        }));
    }
    for i in 0..12 {
        let (state, tutor, id) = (app.state.clone(), tutor.clone(), people[0]);
        tasks.push(tokio::spawn(async move {
            attendance_sheet::set_as(
                state.db(),
                &state.catalog(),
                &tutor,
                session,
                &[mark(id, 1, Half::Afternoon, i % 2 == 0)],
                Source::Page,
            )
            .await
        }));
    }
    for task in tasks {
        task.await
            .unwrap()
            .expect("every concurrent mark is stored");
    }
    let marks = stored(&app, session).await;
    assert_eq!(marks.iter().filter(|m| m.2 == "am").count(), 24);
    let history = attendance::history(app.state.db(), session).await.unwrap();
    assert_eq!(history.iter().filter(|h| h.half == "am").count(), 24);
    // The flipped mark: each change starts from the value the previous one left.
    let flips: Vec<_> = history.iter().filter(|h| h.half == "pm").collect();
    assert!(!flips.is_empty());
    assert_eq!(flips[0].old_present, None);
    for pair in flips.windows(2) {
        assert_eq!(pair[1].old_present, Some(pair[0].new_present), "{pair:?}");
        assert_ne!(pair[1].new_present, pair[0].new_present);
    }
    let last = marks.iter().find(|m| m.2 == "pm").unwrap();
    assert_eq!(last.3, flips.last().unwrap().new_present);
}

async fn status_of(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.unwrap())
}

#[tokio::test]
async fn a_tutor_of_another_region_gets_404_and_a_learner_403() {
    let room = room().await;
    let app = &room.app;
    let id = room.session;
    let pages = [
        format!("/tutor/seminari/sessioni/{id}/presenze"),
        format!("/tutor/seminari/sessioni/{id}/presenze/storico"),
        format!("/tutor/seminari/sessioni/{id}/presenze/importa"),
    ];
    let apis = [
        format!("/api/v1/seminars/sessions/{id}/attendance"),
        format!("/api/v1/seminars/sessions/{id}/attendance/history"),
    ];
    let puglia = app.client_as(PUGLIA_TUTOR).await;
    let liguria = app.client_as(TUTOR).await;
    let admin = app.client_as(ADMIN).await;
    let learner = app.client_as(LEARNER).await;
    for path in pages.iter().chain(&apis) {
        let (status, _) = status_of(puglia.get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, 404, "Puglia tutor on {path}");
        let (status, body) = status_of(liguria.get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, 200, "Liguria tutor on {path}: {body}");
        let (status, _) = status_of(admin.get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, 200, "admin on {path}");
        let (status, _) = status_of(learner.get(app.url(path)).send().await.unwrap()).await;
        assert_eq!(status, 403, "learner on {path}");
    }
    // Writes too: the API and the page's form.
    let body =
        json!({"marks": [{"user_id": room.seated[0], "day": 1, "half": "am", "present": true}]});
    let (status, _) = status_of(
        puglia
            .put(app.url(&apis[0]))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let (status, _) = status_of(
        learner
            .put(app.url(&apis[0]))
            .json(&body)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 403);
    let (status, _) = status_of(
        puglia
            .post(app.url(&format!("{}/import", apis[0])))
            .header("content-type", "text/csv")
            .body("email,day,half,present\n")
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    let csrf = crate::helpers::csrf_in(
        &puglia
            .get(app.url("/tutor/seminari"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let (status, _) = status_of(
        puglia
            .post(app.url(&pages[0]))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("user", &room.seated[0].to_string()),
                ("giorno", "1"),
                ("meta", "am"),
                ("presente", "1"),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 404);
    assert!(stored(app, id).await.is_empty(), "nothing written");

    // The list of sessions: the Puglia tutor does not see this one.
    let (_, list) = status_of(puglia.get(app.url("/tutor/seminari")).send().await.unwrap()).await;
    assert!(!list.contains(&format!("id=\"sessione-{id}\"")), "{list}");
    let (_, list) = status_of(
        liguria
            .get(app.url("/tutor/seminari"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(list.contains(&format!("id=\"sessione-{id}\"")), "{list}");
    assert!(list.contains(&format!("/tutor/seminari/sessioni/{id}/resoconto")));
}

async fn json_of(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn the_api_sets_marks_all_or_nothing_and_names_the_wrong_one() {
    let room = room().await;
    let app = &room.app;
    let tutor = app.client_as(TUTOR).await;
    let path = format!("/api/v1/seminars/sessions/{}/attendance", room.session);
    let [a, b, c] = room.seated[..] else {
        unreachable!()
    };
    let put = |body: Value| tutor.put(app.url(&path)).json(&body).send();

    let (status, refused) = json_of(
        put(json!({"marks": [
            {"user_id": a, "day": 1, "half": "am", "present": true},
            {"user_id": b, "day": 1, "half": "am", "present": true},
            {"user_id": room.waiting, "day": 1, "half": "am", "present": true},
        ]}))
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["error"]["field"], "marks[2].user_id");
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("non è iscritto con posto"),
        "{refused}"
    );
    for (body, field) in [
        (
            json!({"marks": [{"user_id": a, "day": 1, "half": "am", "present": true},
                             {"user_id": a, "day": 5, "half": "pm", "present": true}]}),
            "marks[1].day",
        ),
        (
            json!({"marks": [{"user_id": a, "day": 1, "half": "sera", "present": true}]}),
            "marks[0].half",
        ),
        (
            json!({"marks": [{"user_id": a, "day": 1, "half": "am", "present": true},
                             {"user_id": a, "day": 1, "half": "am", "present": false}]}),
            "marks[1]",
        ),
    ] {
        let (status, refused) = json_of(put(body).await.unwrap()).await;
        assert_eq!(status, 422, "{refused}");
        assert_eq!(refused["error"]["field"], field, "{refused}");
    }
    let (status, refused) = json_of(
        put(json!({"marks": [{"user_id": a, "day": 1, "half": "am", "present": "sì"}]}))
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 422, "a wrong type: {refused}");
    assert!(stored(app, room.session).await.is_empty(), "nothing stored");

    let (status, done) = json_of(
        put(json!({"marks": [
            {"user_id": a, "day": 1, "half": "am", "present": true},
            {"user_id": b, "day": 1, "half": "pm", "present": false},
            {"user_id": c, "day": 2, "half": "am", "present": true},
        ]}))
        .await
        .unwrap(),
    )
    .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["changed"], 3);

    let (status, sheet) = json_of(tutor.get(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 200);
    assert_eq!(sheet["session"]["days"], 2);
    assert_eq!(sheet["waiting"], 1);
    let learners = sheet["learners"].as_array().unwrap();
    assert_eq!(learners.len(), 3, "the seated only");
    let first = &learners[0];
    assert_eq!(first["user_id"], a);
    assert_eq!(first["email"], "aula000@comune.test.it");
    assert_eq!(first["municipality"], "Genova");
    assert_eq!(
        first["marks"],
        json!([
            {"day": 1, "half": "am", "present": true},
            {"day": 1, "half": "pm", "present": null},
            {"day": 2, "half": "am", "present": null},
            {"day": 2, "half": "pm", "present": null},
        ])
    );

    // The history, newest first, by cursor; bad cursors are 400.
    let history = |query: &str| tutor.get(app.url(&format!("{path}/history{query}"))).send();
    let (status, page) = json_of(history("?limit=2").await.unwrap()).await;
    assert_eq!(status, 200, "{page}");
    let changes = page["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["user_id"], c);
    assert_eq!(changes[0]["source"], "api");
    assert_eq!(
        changes[0]["changed_by_name"],
        "Paola Ferrari (tutor Liguria)"
    );
    assert_eq!(changes[0]["old_present"], Value::Null);
    assert!(changes[0]["changed_at_text"].as_str().unwrap().len() == 19);
    let next = page["next"].as_i64().unwrap();
    let (_, rest) = json_of(history(&format!("?limit=2&after={next}")).await.unwrap()).await;
    assert_eq!(rest["changes"].as_array().unwrap().len(), 1);
    assert_eq!(rest["changes"][0]["user_id"], a);
    assert_eq!(rest["next"], Value::Null);
    for bad in [
        "?limit=0",
        "?limit=501",
        "?limit=x",
        "?after=-1",
        "?after=abc",
    ] {
        let (status, body) = json_of(history(bad).await.unwrap()).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

#[tokio::test]
async fn attendance_write_is_the_scope_of_changes_and_reports_read_of_reading() {
    let room = room().await;
    let app = &room.app;
    let tutor = account(app, TUTOR).await;
    assert!(Scope::for_role(tutor.role).contains(&Scope::AttendanceWrite));
    assert!(!Scope::for_role(aula::accounts::Role::Learner).contains(&Scope::AttendanceWrite));
    let token = |scopes: &[&str]| {
        let new = NewToken {
            name: "registro".into(),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            days: None,
        };
        let db = app.state.db().clone();
        let tutor = tutor.clone();
        async move { api_tokens::create(&db, &tutor, new).await.unwrap().1 }
    };
    let reader = token(&["reports:read"]).await;
    let writer = token(&["attendance:write"]).await;
    let path = format!("/api/v1/seminars/sessions/{}/attendance", room.session);
    let body =
        json!({"marks": [{"user_id": room.seated[0], "day": 1, "half": "pm", "present": true}]});
    let client = reqwest::Client::new();
    let put = |secret: &str| {
        client
            .put(app.url(&path))
            .bearer_auth(secret)
            .json(&body)
            .send()
    };
    assert_eq!(put(&reader).await.unwrap().status(), 403);
    assert_eq!(put(&writer).await.unwrap().status(), 200);
    let get = |secret: &str| client.get(app.url(&path)).bearer_auth(secret).send();
    assert_eq!(get(&reader).await.unwrap().status(), 200);
    assert_eq!(get(&writer).await.unwrap().status(), 403);
    let history = attendance::history(app.state.db(), room.session)
        .await
        .unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].source, "api");
    assert_eq!(history[0].changed_by, tutor.id);
}
