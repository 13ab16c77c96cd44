//! The learners of a cohort who completed a course's remote part but never attended
//! its seminars: who is listed (and who is not: present once, halfway through the
//! modules, outside the tutor's cohort), with their registration for a session to
//! come; paged by learner id through the API with clear refusals of bad paging; the
//! page and its CSV/XLSX exports with a hostile name escaped.

use std::collections::BTreeSet;

use aula::seminars::attendance::Half::Morning;

use super::report::{BARI, HOSTILE, csv_cells, rename, runs, xlsx_strings};
use super::{
    CLASSROOM_COURSE, GENOVA, complete_course_modules, complete_module, enrolled_learners,
    fixture_app, mark, move_to_past, register, seminar_on, session_in, user_id,
};
use crate::helpers::{ADMIN, TUTOR, TestApp};

/// The cohort of the never-attended report, on the fixture courses: who is listed
/// and with which upcoming registration.
struct Cohort {
    app: TestApp,
    /// Completed, never registered.
    plain: i32,
    /// Completed, present once: not listed.
    attended: i32,
    /// One module of two: not listed.
    halfway: i32,
    /// Completed, absent at a past session.
    absent: i32,
    /// Completed, seated in a session to come.
    seated: i32,
    /// Completed, waiting for a session to come.
    waiting: i32,
    /// Completed, never attended, in Bari (outside the tutor's cohort).
    bari: i32,
    /// The session to come.
    upcoming: i32,
}

async fn cohort() -> Cohort {
    let app = fixture_app().await;
    let tutor = user_id(&app, TUTOR).await;
    let genova = enrolled_learners(&app, 6, GENOVA, "coorte").await;
    let [plain, attended, halfway, absent, seated, waiting] = genova[..] else {
        unreachable!()
    };
    let bari = enrolled_learners(&app, 1, BARI, "bari").await[0];
    for user in [plain, attended, absent, seated, waiting, bari] {
        complete_course_modules(&app, user, CLASSROOM_COURSE).await;
    }
    complete_module(&app, halfway, CLASSROOM_COURSE, "modulo-uno").await;
    let (_, sessions) = seminar_on(
        &app,
        CLASSROOM_COURSE,
        vec![session_in("Liguria", 5), session_in("Liguria", 1)],
    )
    .await;
    let (past, upcoming) = (sessions[0].id, sessions[1].id);
    register(&app.state, past, attended).await.unwrap();
    register(&app.state, past, absent).await.unwrap();
    mark(
        &app,
        past,
        tutor,
        &[(attended, 1, Morning, true), (absent, 1, Morning, false)],
    )
    .await;
    move_to_past(&app, past, 20).await;
    register(&app.state, upcoming, seated).await.unwrap();
    register(&app.state, upcoming, waiting).await.unwrap();
    Cohort {
        app,
        plain,
        attended,
        halfway,
        absent,
        seated,
        waiting,
        bari,
        upcoming,
    }
}

#[tokio::test]
async fn the_never_attended_report_lists_the_cohort_who_finished_online_and_never_came() {
    let c = cohort().await;
    let app = &c.app;
    let tutor = app.client_as(TUTOR).await;
    let get = |client: reqwest::Client, path: String| async move {
        let answer = client.get(app.url(&path)).send().await.unwrap();
        assert_eq!(answer.status(), 200, "{path}");
        answer.json::<serde_json::Value>().await.unwrap()
    };
    let page = get(
        tutor.clone(),
        format!("/api/v1/reports/seminars/never-attended?course={CLASSROOM_COURSE}"),
    )
    .await;
    let ids: Vec<i64> = page["learners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["learner_id"].as_i64().unwrap())
        .collect();
    let mut expected = [c.plain, c.absent, c.seated, c.waiting];
    expected.sort_unstable();
    assert_eq!(
        ids,
        expected.iter().map(|i| i64::from(*i)).collect::<Vec<_>>(),
        "not {} (attended), {} (halfway), {} (Bari)",
        c.attended,
        c.halfway,
        c.bari
    );
    assert_eq!(page["total"], 4);
    assert_eq!(page["course"], CLASSROOM_COURSE);
    assert!(page["next_after"].is_null());
    let row = |id: i32| {
        page["learners"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["learner_id"] == id)
            .unwrap()
            .clone()
    };
    assert!(row(c.plain)["upcoming"].is_null());
    assert!(row(c.absent)["upcoming"].is_null(), "their session is over");
    assert_eq!(row(c.seated)["upcoming"]["status"], "registered");
    assert_eq!(row(c.seated)["upcoming"]["session_id"], c.upcoming);
    assert!(row(c.seated)["upcoming"]["position"].is_null());
    assert_eq!(row(c.waiting)["upcoming"]["status"], "waiting");
    assert_eq!(row(c.waiting)["upcoming"]["position"], 1);
    assert_eq!(row(c.plain)["municipality"], "Genova");
    assert!(row(c.plain)["remote_completed_at"].is_string());

    // The admin sees Bari too.
    let admin = app.client_as(ADMIN).await;
    let all = get(
        admin.clone(),
        format!("/api/v1/reports/seminars/never-attended?course={CLASSROOM_COURSE}"),
    )
    .await;
    assert_eq!(all["total"], 5);
    assert!(
        all["learners"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["learner_id"] == c.bari)
    );

    // Pages of 2 by id: every learner once, in order.
    let mut seen = Vec::new();
    let mut after: Option<i64> = None;
    let mut pages = 0;
    loop {
        let mut path =
            format!("/api/v1/reports/seminars/never-attended?course={CLASSROOM_COURSE}&limit=2");
        if let Some(after) = after {
            path.push_str(&format!("&after={after}"));
        }
        let page = get(admin.clone(), path).await;
        pages += 1;
        assert_eq!(page["total"], 5);
        let rows = page["learners"].as_array().unwrap();
        assert!(rows.len() <= 2);
        seen.extend(rows.iter().map(|r| r["learner_id"].as_i64().unwrap()));
        match page["next_after"].as_i64() {
            Some(next) => {
                assert_eq!(Some(&next), seen.last());
                after = Some(next);
            }
            None => break,
        }
        assert!(pages < 10, "the pages end");
    }
    assert_eq!(pages, 3);
    let mut sorted = seen.clone();
    sorted.sort_unstable();
    assert_eq!(seen, sorted, "by id");
    assert_eq!(seen.iter().collect::<BTreeSet<_>>().len(), 5, "each once");

    // Bad paging or course: clear 4xx answers.
    for (query, status) in [
        ("limit=0", 400),
        ("limit=501", 400),
        ("limit=dieci", 400),
        ("limit=-1", 400),
        ("after=primo", 400),
        ("after=99999999999", 400),
        ("course=nessun-corso", 404),
    ] {
        let answer = admin
            .get(app.url(&format!("/api/v1/reports/seminars/never-attended?{query}")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), status, "{query}");
        let body: serde_json::Value = answer.json().await.unwrap();
        assert!(body["error"]["message"].is_string(), "{query}: {body}");
    }
    let limit = admin
        .get(app.url("/api/v1/reports/seminars/never-attended?limit=501"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert!(
        limit["error"]["message"]
            .as_str()
            .unwrap()
            .contains("da 1 a 500"),
        "{limit}"
    );
    let most = get(
        admin.clone(),
        format!("/api/v1/reports/seminars/never-attended?course={CLASSROOM_COURSE}&limit=500"),
    )
    .await;
    assert_eq!(most["learners"].as_array().unwrap().len(), 5);
}

#[tokio::test]
async fn the_never_attended_page_and_exports_show_the_cohort_with_names_escaped() {
    let c = cohort().await;
    let app = &c.app;
    rename(app, c.plain, HOSTILE).await;
    let tutor = app.client_as(TUTOR).await;
    let page = tutor
        .get(app.url(&format!(
            "/tutor/seminari/mai-presenti?course={CLASSROOM_COURSE}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("4 discenti"), "{html}");
    assert!(
        html.contains("in lista d&#39;attesa per la sessione del"),
        "{html}"
    );
    assert!(html.contains("iscritto alla sessione del"), "{html}");
    assert!(
        html.contains(&format!(
            "href=\"/tutor/seminari/sessioni/{}/resoconto\"",
            c.upcoming
        )),
        "the registration links to the session's report: {html}"
    );
    assert!(html.contains("servono 3 mezze giornate"), "{html}");
    assert!(
        !html.contains("Discente bari"),
        "outside the cohort: {html}"
    );
    assert!(
        html.contains(">=HYPERLINK(&quot;http://evil.example&quot;,&quot;Apri&quot;)</a>"),
        "the name, escaped, as text: {html}"
    );

    let missing = tutor
        .get(app.url("/tutor/seminari/mai-presenti?course=nessun-corso"))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), 404);
    let bad = tutor
        .get(app.url("/tutor/seminari/mai-presenti?after=primo"))
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 400);
    assert!(bad.text().await.unwrap().contains("«after»"));

    let csv = tutor
        .get(app.url(&format!(
            "/tutor/seminari/mai-presenti.csv?course={CLASSROOM_COURSE}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    let rows = csv_cells(&csv.text().await.unwrap());
    assert_eq!(rows[0][0], "learner_id");
    assert_eq!(rows.len(), 5, "header and the 4 learners of the cohort");
    let cells: Vec<&String> = rows.iter().flatten().collect();
    assert!(cells.iter().all(|c| !runs(c)), "{cells:?}");
    assert!(cells.contains(&&format!("'{HOSTILE}")), "{cells:?}");
    let waiting = rows.iter().find(|r| r[0] == c.waiting.to_string()).unwrap();
    assert_eq!(waiting[8], "waiting");
    assert_eq!(waiting[9], c.upcoming.to_string());
    assert_eq!(waiting[11], "1");

    let xlsx = tutor
        .get(app.url(&format!(
            "/tutor/seminari/mai-presenti.xlsx?course={CLASSROOM_COURSE}"
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let (strings, formula) = xlsx_strings(&xlsx.bytes().await.unwrap());
    assert!(!formula);
    assert!(strings.iter().all(|s| !runs(s)), "{strings:?}");
    assert!(strings.contains(&format!("'{HOSTILE}")), "{strings:?}");
}
