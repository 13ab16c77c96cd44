//! The session report: the roster with its marks, the attendance rate (with "non
//! rilevato" apart from absent), the no-shows once the last day has passed, the
//! waiting list in order and the cancellations, for the staff who run the session
//! only (page, JSON and exports, a hostile name escaped in CSV and XLSX). Also the
//! spreadsheet helpers the never-attended tests share.

use std::io::Read;

use aula::seminars::attendance::Half::{Afternoon, Morning};
use aula::seminars::report::{self, Cell};
use sea_orm::ConnectionTrait;

use super::{
    GENOVA, app, cancel, learners, mark, move_to_past, register, seminar_with, session_in, user_id,
};
use crate::helpers::{ADMIN, TUTOR, TestApp};

/// Bari, Puglia: outside the demo tutor's cohort.
pub const BARI: &str = "072006";

/// A name a spreadsheet would run as a formula.
pub const HOSTILE: &str = "=HYPERLINK(\"http://evil.example\",\"Apri\")";

pub async fn rename(app: &TestApp, user: i32, name: &str) {
    app.state
        .db()
        .execute_unprepared(&format!(
            "UPDATE users SET name = '{}' WHERE id = {user}",
            name.replace('\'', "''")
        ))
        .await
        .unwrap();
}

/// Whether a cell would start a formula (a plain number aside).
pub fn runs(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.trim().parse::<f64>().is_err()
}

pub fn csv_cells(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect()
}

/// The text cells of an XLSX file, and whether it holds a formula cell.
pub fn xlsx_strings(bytes: &[u8]) -> (Vec<String>, bool) {
    let text = regex::Regex::new(r"<t(?: [^>]*)?>([^<]*)</t>").unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut xml = String::new();
    for name in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"] {
        if let Ok(mut file) = archive.by_name(name) {
            file.read_to_string(&mut xml).unwrap();
        }
    }
    let strings = text
        .captures_iter(&xml)
        .map(|c| {
            c[1].replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&amp;", "&")
        })
        .collect();
    (strings, xml.contains("<f>"))
}

#[tokio::test]
async fn a_session_report_has_roster_rate_no_shows_waiting_list_and_cancellations() {
    let app = app().await;
    let tutor = aula::accounts::directory::by_email(app.state.db(), TUTOR)
        .await
        .unwrap()
        .unwrap();
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 3)]).await;
    let id = sessions[0].id;
    // a, b, c seated; d, e, f waiting; b cancels and d takes the seat.
    let ids = learners(&app, 6, GENOVA, "resoconto").await;
    let [a, b, c, d, e, f] = ids[..] else {
        unreachable!()
    };
    for user in &ids {
        register(&app.state, id, *user).await.unwrap();
    }
    cancel(&app.state, id, b).await.unwrap();
    // Morning of day 1: a present, c absent, d not marked; afternoon: all marked.
    mark(
        &app,
        id,
        tutor.id,
        &[
            (a, 1, Morning, true),
            (c, 1, Morning, false),
            (a, 1, Afternoon, true),
            (c, 1, Afternoon, true),
            (d, 1, Afternoon, false),
        ],
    )
    .await;

    let got = report::visible(app.state.db(), &tutor, id)
        .await
        .unwrap()
        .expect("the Liguria tutor runs a Liguria session");
    let seated: Vec<i32> = got.roster.iter().map(|r| r.user_id).collect();
    assert_eq!(seated, [a, c, d], "seated learners, by name");
    assert_eq!(got.roster[0].municipality.as_deref(), Some("Genova"));
    assert_eq!(got.half_days.len(), 4, "2 days × 2 halves");
    assert_eq!(
        got.half_days.iter().map(|h| h.taken).collect::<Vec<_>>(),
        [true, true, false, false]
    );
    let row = |user| got.roster.iter().find(|r| r.user_id == user).unwrap();
    assert_eq!(
        row(a).marks,
        [Cell::Present, Cell::Present, Cell::Unmarked, Cell::Unmarked]
    );
    assert_eq!(
        row(d).marks,
        [Cell::Unmarked, Cell::Absent, Cell::Unmarked, Cell::Unmarked]
    );
    assert_eq!((row(d).present, row(d).absent, row(d).unmarked), (0, 1, 1));
    assert_eq!((row(c).present, row(c).absent, row(c).unmarked), (1, 1, 0));
    // 3 seated × 2 half-days taken = 6 cells: 3 present, 2 absent, 1 not marked.
    assert_eq!(got.rate.half_days, 4);
    assert_eq!(got.rate.taken, 2);
    assert_eq!(got.rate.expected, 6);
    assert_eq!(
        (got.rate.present, got.rate.absent, got.rate.unmarked),
        (3, 2, 1)
    );
    assert_eq!(got.rate.percent, Some(50.0));
    assert!(!got.ended);
    assert!(got.no_shows.is_empty(), "no no-shows before the last day");
    let waiting: Vec<(i64, i32)> = got
        .waiting
        .iter()
        .map(|w| (w.position, w.user_id))
        .collect();
    assert_eq!(waiting, [(1, e), (2, f)]);
    assert_eq!(got.cancelled, 1);

    // Once the session is over, d (never present) is a no-show.
    move_to_past(&app, id, 10).await;
    let got = report::visible(app.state.db(), &tutor, id)
        .await
        .unwrap()
        .unwrap();
    assert!(got.ended);
    assert_eq!(got.no_shows, [d]);
    assert!(got.roster.iter().find(|r| r.user_id == d).unwrap().no_show);

    // A session the tutor does not run is not theirs to see; the admin sees it.
    let (_, puglia) = seminar_with(&app, vec![session_in("Puglia", 3)]).await;
    assert!(
        report::visible(app.state.db(), &tutor, puglia[0].id)
            .await
            .unwrap()
            .is_none()
    );
    let admin = aula::accounts::directory::by_email(app.state.db(), ADMIN)
        .await
        .unwrap()
        .unwrap();
    assert!(
        report::visible(app.state.db(), &admin, puglia[0].id)
            .await
            .unwrap()
            .is_some()
    );
    assert!(
        report::visible(app.state.db(), &admin, 999_999)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn the_session_report_over_http_is_for_the_staff_who_run_the_session() {
    let app = app().await;
    let tutor_id = user_id(&app, TUTOR).await;
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 2)]).await;
    let (_, puglia) = seminar_with(&app, vec![session_in("Puglia", 2)]).await;
    let id = sessions[0].id;
    let ids = learners(&app, 3, GENOVA, "http").await;
    for user in &ids {
        register(&app.state, id, *user).await.unwrap();
    }
    mark(&app, id, tutor_id, &[(ids[0], 1, Morning, true)]).await;
    rename(&app, ids[0], HOSTILE).await;

    let tutor = app.client_as(TUTOR).await;
    let page = tutor
        .get(app.url(&format!("/tutor/seminari/sessioni/{id}/resoconto")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Resoconto della sessione"), "{html}");
    assert!(
        html.contains("=HYPERLINK(&quot;http://evil.example&quot;,&quot;Apri&quot;)"),
        "the name, escaped: {html}"
    );
    assert!(html.contains("non rilevato"), "{html}");
    assert!(
        html.contains("50%"),
        "1 present of 2 seated × 1 taken: {html}"
    );
    assert!(html.contains("Lista d&#39;attesa"), "{html}");

    for path in [
        format!("/tutor/seminari/sessioni/{}/resoconto", puglia[0].id),
        format!("/tutor/seminari/sessioni/{}/resoconto.csv", puglia[0].id),
        "/tutor/seminari/sessioni/999999/resoconto".to_string(),
        format!("/api/v1/seminars/sessions/{}/report", puglia[0].id),
    ] {
        let answer = tutor.get(app.url(&path)).send().await.unwrap();
        assert_eq!(answer.status(), 404, "{path}: not a session the tutor runs");
    }
    let admin = app.client_as(ADMIN).await;
    let answer = admin
        .get(app.url(&format!(
            "/tutor/seminari/sessioni/{}/resoconto",
            puglia[0].id
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200, "the admin runs every session");

    // JSON.
    let json: serde_json::Value = tutor
        .get(app.url(&format!("/api/v1/seminars/sessions/{id}/report")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(json["session"]["id"], id);
    assert_eq!(json["rate"]["percent"], 50.0);
    assert_eq!(json["rate"]["unmarked"], 1);
    assert_eq!(json["roster"].as_array().unwrap().len(), 2);
    assert_eq!(json["waiting"][0]["position"], 1);
    assert_eq!(json["waiting"][0]["user_id"], ids[2]);
    assert_eq!(json["half_days"][0]["half"], "am");
    assert_eq!(json["ended"], false);
    let marks: Vec<&str> = json["roster"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["user_id"] == ids[0])
        .unwrap()["marks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    assert_eq!(marks, ["present", "unmarked", "unmarked", "unmarked"]);

    // CSV: the hostile name as text, the header, the waiting row.
    let csv = tutor
        .get(app.url(&format!("/tutor/seminari/sessioni/{id}/resoconto.csv")))
        .send()
        .await
        .unwrap();
    assert_eq!(csv.status(), 200);
    assert!(
        csv.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(&format!("resoconto-sessione-{id}.csv"))
    );
    let rows = csv_cells(&csv.text().await.unwrap());
    assert_eq!(
        rows[0][..8],
        [
            "learner_id",
            "name",
            "email",
            "municipality",
            "istat",
            "status",
            "waiting_position",
            "day1_am"
        ]
    );
    assert_eq!(rows.len(), 4, "header, 2 seated, 1 waiting");
    let cells: Vec<&String> = rows.iter().flatten().collect();
    assert!(cells.iter().all(|c| !runs(c)), "{cells:?}");
    assert!(cells.contains(&&format!("'{HOSTILE}")), "{cells:?}");
    let hostile_row = rows.iter().find(|r| r[1] == format!("'{HOSTILE}")).unwrap();
    assert_eq!(hostile_row[7], "presente");
    assert_eq!(hostile_row[8], "non rilevato");
    let waiting_row = rows.iter().find(|r| r[5] == "in attesa").unwrap();
    assert_eq!(waiting_row[6], "1");

    // XLSX: the same, and no formula cell.
    let xlsx = tutor
        .get(app.url(&format!("/tutor/seminari/sessioni/{id}/resoconto.xlsx")))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    let (strings, formula) = xlsx_strings(&xlsx.bytes().await.unwrap());
    assert!(!formula, "no formula cell");
    assert!(strings.iter().all(|s| !runs(s)), "{strings:?}");
    assert!(strings.contains(&format!("'{HOSTILE}")), "{strings:?}");
}
