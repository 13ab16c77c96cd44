//! The JSON API of seminars: what each persona sees, registering and cancelling with
//! clear JSON errors, and the e-mails they send: the confirmation with its `.ics`
//! (checked field by field after delivery), the promoted learner's e-mail.

use aula::db::reminders::outbox;
use mail_parser::{MessageParser, MimeHeaders};
use sea_orm::{EntityTrait, QueryOrder};
use serde_json::Value;

use super::{GENOVA, app, learners, register, seminar_with, session_in};
use crate::helpers::{LEARNER, OTHER_LEARNER, TUTOR};

async fn json(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

#[tokio::test]
async fn learners_see_their_region_register_cancel_and_the_first_in_line_is_told() {
    let app = app().await;
    let (_, liguria) = seminar_with(&app, vec![session_in("Liguria", 1)]).await;
    let (_, puglia) = seminar_with(&app, vec![session_in("Puglia", 20)]).await;
    let (liguria, puglia) = (liguria[0].id, puglia[0].id);
    let learner = app.client_as(LEARNER).await;
    let bari = app.client_as(OTHER_LEARNER).await;
    let tutor = app.client_as(TUTOR).await;

    let sessions_seen = |body: &Value| -> Vec<i64> {
        body.as_array()
            .unwrap()
            .iter()
            .flat_map(|s| s["sessions"].as_array().unwrap().clone())
            .map(|s| s["id"].as_i64().unwrap())
            .collect()
    };
    let (status, seen) = json(
        learner
            .get(app.url("/api/v1/seminars"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(sessions_seen(&seen), [i64::from(liguria)]);
    let (_, seen) = json(bari.get(app.url("/api/v1/seminars")).send().await.unwrap()).await;
    assert_eq!(sessions_seen(&seen), [i64::from(puglia)]);
    let (_, seen) = json(tutor.get(app.url("/api/v1/seminars")).send().await.unwrap()).await;
    assert_eq!(sessions_seen(&seen).len(), 2, "staff see every session");

    let path = format!("/api/v1/seminars/sessions/{liguria}/registration");
    let (status, seat) = json(learner.post(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 201, "{seat}");
    assert_eq!(seat["status"], "registered");
    let (status, again) = json(learner.post(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 409);
    assert!(
        again["error"]["message"]
            .as_str()
            .unwrap()
            .contains("sei già iscritto"),
        "{again}"
    );
    let (status, refused) = json(bari.post(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 422);
    assert!(
        refused["error"]["message"]
            .as_str()
            .unwrap()
            .contains("regione Liguria"),
        "{refused}"
    );

    // Someone else waits for the one seat.
    let waiting = learners(&app, 1, GENOVA, "attesa").await[0];
    let queued = register(&app.state, liguria, waiting).await.unwrap();
    assert_eq!(queued.position, Some(1));
    let (_, mine) = json(
        learner
            .get(app.url("/api/v1/me/seminars"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine[0]["session"]["mine"]["status"], "registered");
    assert_eq!(mine[0]["session"]["seated"], 1);
    assert_eq!(mine[0]["session"]["waiting"], 1);

    let (status, cancelled) = json(learner.delete(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["promoted"]["user_id"], waiting);
    let (status, _) = json(learner.delete(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 404, "nothing left to cancel");
    let (_, mine) = json(
        learner
            .get(app.url("/api/v1/me/seminars"))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(mine, serde_json::json!([]));

    let mail = outbox::Entity::find()
        .order_by_asc(outbox::Column::Id)
        .all(app.state.db())
        .await
        .unwrap();
    let kinds: Vec<(&str, Option<i32>, bool)> = mail
        .iter()
        .map(|m| (m.rule.as_str(), m.user_id, m.calendar.is_some()))
        .collect();
    let learner_id = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert_eq!(
        kinds,
        [
            ("seminar-registered", Some(learner_id), true),
            ("seminar-waiting", Some(waiting), false),
            ("seminar-promoted", Some(waiting), true),
        ]
    );
    assert!(
        mail[2].subject.starts_with("Si è liberato un posto"),
        "{}",
        mail[2].subject
    );
    assert!(mail[1].body_text.contains("posizione 1"));
}

#[tokio::test]
async fn the_confirmation_carries_an_rfc_5545_invitation() {
    let app = app().await;
    let mut plan = session_in("Liguria", 10);
    plan.venue = "Sala Rossa; piano terra".into();
    plan.address = "Via Garibaldi 9, 16124 Genova".into();
    let first_day = plan.first_day;
    let (seminar, sessions) = seminar_with(&app, vec![plan]).await;
    let learner = app.client_as(LEARNER).await;
    let path = format!("/api/v1/seminars/sessions/{}/registration", sessions[0].id);
    let (status, seat) = json(learner.post(app.url(&path)).send().await.unwrap()).await;
    assert_eq!(status, 201);

    let delivered = aula::reminders::delivery::deliver_due(&app.state.reminders(), "test")
        .await
        .unwrap();
    assert_eq!(delivered.sent, 1);
    let file = crate::helpers::outbox_files(&app.state.config().outbox_dir)
        .pop()
        .unwrap();
    let raw = std::fs::read(file).unwrap();
    let message = MessageParser::default().parse(&raw).unwrap();
    assert!(
        message
            .subject()
            .unwrap()
            .starts_with("Iscrizione confermata")
    );
    let attachment = message.attachments().next().expect("an attachment");
    assert_eq!(attachment.attachment_name(), Some("invito.ics"));
    let kind = attachment.content_type().unwrap();
    assert_eq!((kind.ctype(), kind.subtype()), ("text", Some("calendar")));
    let ics = String::from_utf8(attachment.contents().to_vec()).unwrap();

    // CRLF everywhere, no line over 75 octets, folded lines unfolded for the checks.
    assert!(ics.ends_with("\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'), "bare LF");
    assert!(ics.split("\r\n").all(|l| l.len() <= 75));
    let unfolded = ics.replace("\r\n ", "");
    let lines: Vec<&str> = unfolded.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.first(), Some(&"BEGIN:VCALENDAR"));
    assert_eq!(lines.last(), Some(&"END:VCALENDAR"));
    for required in [
        "VERSION:2.0",
        "PRODID:-//Aula//Seminari//IT",
        "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Rome",
        "TZOFFSETTO:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
        "END:VTIMEZONE",
        "BEGIN:VEVENT",
        "RRULE:FREQ=DAILY;COUNT=2",
        "SUMMARY:Semplificazione: seminario in aula",
        "LOCATION:Sala Rossa\\; piano terra\\, Via Garibaldi 9\\, 16124 Genova",
        "STATUS:CONFIRMED",
        "END:VEVENT",
    ] {
        assert!(lines.contains(&required), "{required} missing in\n{ics}");
    }
    let day = first_day.format("%Y%m%d");
    assert!(lines.contains(&format!("DTSTART;TZID=Europe/Rome:{day}T093000").as_str()));
    assert!(lines.contains(&format!("DTEND;TZID=Europe/Rome:{day}T173000").as_str()));
    let uid = lines.iter().find(|l| l.starts_with("UID:")).unwrap();
    assert_eq!(
        *uid,
        format!(
            "UID:seminario-{}-iscrizione-{}@127.0.0.1",
            sessions[0].id, seat["id"]
        )
    );
    let stamp = lines.iter().find(|l| l.starts_with("DTSTAMP:")).unwrap();
    let stamp = chrono::NaiveDateTime::parse_from_str(&stamp[8..], "%Y%m%dT%H%M%SZ").unwrap();
    assert!((chrono::Utc::now().naive_utc() - stamp).num_minutes().abs() < 10);
    assert_eq!(
        lines
            .iter()
            .filter(|l| l.starts_with("BEGIN:VEVENT"))
            .count(),
        1
    );
    assert_eq!(seminar.title, "Semplificazione: seminario in aula");
}
