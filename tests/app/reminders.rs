//! Reminder jobs against a real SMTP server started by the test: each rule's message
//! arrives once, with a signed unsubscribe link and a `List-Unsubscribe` header; a
//! second run sends nothing new; opt-outs are respected; with the mail server down,
//! messages wait and are delivered exactly once when it comes back; and two
//! instances on one database, firing every second, send each reminder once.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement};
use serde_json::json;

use crate::corpus::fixture;
use crate::helpers::{LEARNER, OTHER_LEARNER, TestApp};
use crate::smtp::{self, Inbox};

const COURSE: &str = "corso-prova";
const LECCE: &str = "pm.lecce@demo.aula.it";

async fn exec(app: &TestApp, sqlite: &str, postgres: &str, values: Vec<sea_orm::Value>) {
    let db = app.state.db();
    let sql = match db.get_database_backend() {
        DbBackend::Postgres => postgres,
        _ => sqlite,
    };
    db.execute_raw(Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .await
    .unwrap();
}

/// The fixture course and demo cohort, arranged so that every rule has someone:
/// Bari enrolled 10 days ago and never started; Genova opened a lesson 20 days ago;
/// Lecce failed quiz A once (one attempt left); the edition closes in 3 days; the
/// Liguria tutor has Genova at risk.
async fn arranged(adjust: impl FnOnce(&mut aula::config::Config)) -> TestApp {
    let app = TestApp::spawn_with(|c| {
        c.courses_dir = fixture("courses-ok");
        adjust(c);
    })
    .await;
    aula::content::library::import_file(app.state.db(), &fixture("library/dlgs-999-2099.md"))
        .await
        .unwrap();
    app.state.reload_courses().await.unwrap();
    app.load_demo().await;
    let genova = app.client_as(LEARNER).await;
    let r = genova
        .post(app.url("/api/v1/progress"))
        .json(&json!({"lesson": format!("{COURSE}/modulo-a/prima-lezione"), "event": "started"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let lecce = app.client_as(LECCE).await;
    let quiz = app.url(&format!("/api/v1/quizzes/{COURSE}/modulo-a"));
    lecce.get(&quiz).send().await.unwrap();
    let r = lecce
        .post(format!("{quiz}/attempts"))
        .json(&json!({"answers": {"definizioni": [], "uffici": [], "vero-falso": ["falso"]}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);

    let past = |days: i64| sea_orm::Value::from(chrono::Utc::now() - chrono::Duration::days(days));
    let bari = aula::accounts::directory::by_email(app.state.db(), OTHER_LEARNER)
        .await
        .unwrap()
        .unwrap();
    exec(
        &app,
        "UPDATE enrolments SET enrolled_at = ? WHERE user_id = ?",
        "UPDATE enrolments SET enrolled_at = $1 WHERE user_id = $2",
        vec![past(10), bari.id.into()],
    )
    .await;
    exec(
        &app,
        "UPDATE lesson_progress SET last_event_at = ?, started_at = ?",
        "UPDATE lesson_progress SET last_event_at = $1, started_at = $2",
        vec![past(20), past(20)],
    )
    .await;
    // The per-course roll-up is derived from the rows just backdated: refresh it as
    // the progress writers would.
    let learners: Vec<i32> = aula::db::users::user::Entity::find()
        .all(app.state.db())
        .await
        .unwrap()
        .into_iter()
        .map(|u| u.id)
        .collect();
    aula::progress::rollup::refresh(
        app.state.db(),
        aula::progress::rollup::Rows::Learners(&learners),
    )
    .await
    .unwrap();
    let closes = chrono::Utc::now().date_naive() + chrono::Days::new(3);
    exec(
        &app,
        "UPDATE editions SET ends_on = ?",
        "UPDATE editions SET ends_on = $1",
        vec![closes.into()],
    )
    .await;
    app
}

/// Messages by their `X-Aula-Reminder` key.
fn by_key(inbox: &Inbox) -> HashMap<String, usize> {
    let mut keys = HashMap::new();
    for m in inbox.lock().unwrap().iter() {
        let key = m
            .data
            .lines()
            .find_map(|l| l.strip_prefix("X-Aula-Reminder: "))
            .unwrap_or("(none)")
            .trim()
            .to_string();
        *keys.entry(key).or_default() += 1;
    }
    keys
}

#[tokio::test]
async fn each_rule_sends_once_through_smtp_and_a_second_run_sends_nothing() {
    let (port, inbox) = smtp::start().await;
    let app = arranged(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let ctx = app.state.reminders();

    // A dry run says what would go and changes nothing.
    let dry = aula::reminders::run_once(&ctx, true).await.unwrap();
    assert!(inbox.lock().unwrap().is_empty());
    let rules: Vec<&str> = dry.queued.iter().map(|q| q.rule.slug()).collect();
    for rule in [
        "not-started",
        "inactive",
        "deadline",
        "quiz-failed",
        "tutor-digest",
    ] {
        assert!(rules.contains(&rule), "{rule} in {rules:?}");
    }

    let first = aula::reminders::run_once(&ctx, false).await.unwrap();
    assert_eq!(first.queued.len(), dry.queued.len());
    assert_eq!(first.delivery.sent, first.queued.len());
    let keys = by_key(&inbox);
    assert_eq!(keys.len(), first.queued.len(), "{keys:?}");
    assert!(keys.values().all(|&n| n == 1), "{keys:?}");
    let received = inbox.lock().unwrap().clone();
    let to = |email: &str, rule: &str| {
        received
            .iter()
            .find(|m| {
                m.to == [email.to_string()] && m.data.contains(&format!("X-Aula-Reminder: {rule}:"))
            })
            .unwrap_or_else(|| panic!("no {rule} message to {email}"))
            .clone()
    };
    let bari = to(OTHER_LEARNER, "not-started");
    assert!(
        bari.data.contains("List-Unsubscribe: <http"),
        "{}",
        bari.data
    );
    assert!(bari.data.contains("/unsubscribe/"));
    to(LEARNER, "inactive");
    to(LECCE, "quiz-failed");
    to(LEARNER, "deadline");
    let digest = to(crate::helpers::TUTOR, "tutor-digest");
    assert!(
        digest.data.contains("Marco Bianchi"),
        "the digest names Genova"
    );
    assert!(
        !digest.data.contains("Antonio De Santis"),
        "Bari is outside the tutor's cohort"
    );
    // Bari's in-app notification.
    let html = app
        .client_as(OTHER_LEARNER)
        .await
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("ti aspetta"), "notification on the dashboard");

    // The second run: nothing new.
    let second = aula::reminders::run_once(&ctx, false).await.unwrap();
    assert!(second.queued.is_empty(), "{:?}", second.queued);
    assert_eq!(second.delivery.sent, 0);
    assert_eq!(inbox.lock().unwrap().len(), first.queued.len());

    // The admin page shows the counts.
    let admin = app.client_as(crate::helpers::ADMIN).await;
    let page = admin
        .get(app.url("/admin/reminders"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains(&format!(
            "<span class=\"stat-value\">{}</span> <span class=\"stat-label\">inviato",
            first.queued.len()
        )),
        "{page}"
    );
}

#[tokio::test]
async fn opting_out_in_the_profile_or_by_the_link_stops_that_rule_only() {
    let (port, inbox) = smtp::start().await;
    let app = arranged(|c| c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    // Genova turns the inactivity reminder off in the profile (a real form post).
    let genova = app.client_as(LEARNER).await;
    let page = genova
        .get(app.url("/profile"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = crate::helpers::csrf_in(&page);
    let saved = genova
        .post(app.url("/profile/reminders"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("rule", "not-started"),
            ("rule", "deadline"),
            ("rule", "quiz-failed"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(saved.status(), 303);
    // Bari follows the signed link of a not-started e-mail: first a page, then the
    // confirmation.
    let bari = aula::accounts::directory::by_email(app.state.db(), OTHER_LEARNER)
        .await
        .unwrap()
        .unwrap();
    let secret = aula::db::app_meta::ensure_secret(app.state.db())
        .await
        .unwrap();
    let link = aula::reminders::unsubscribe::url(&app.base, &secret, bari.id, "not-started");
    let visitor = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let page = visitor
        .get(&link)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(OTHER_LEARNER), "{page}");
    let csrf = crate::helpers::csrf_in(&page);
    let done = visitor
        .post(&link)
        .form(&[("csrf_token", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    assert!(done.text().await.unwrap().contains("Fatto"));
    // A forged link is a 404.
    let forged = link.replace("not-started", "deadline");
    assert_eq!(visitor.get(&forged).send().await.unwrap().status(), 404);

    aula::reminders::run_once(&app.state.reminders(), false)
        .await
        .unwrap();
    let keys = by_key(&inbox);
    let genova_id = aula::accounts::directory::by_email(app.state.db(), LEARNER)
        .await
        .unwrap()
        .unwrap()
        .id;
    assert!(
        !keys
            .keys()
            .any(|k| k.starts_with(&format!("inactive:{genova_id}:"))),
        "{keys:?}"
    );
    assert!(
        keys.keys()
            .any(|k| k.starts_with(&format!("deadline:{genova_id}:"))),
        "other rules still go: {keys:?}"
    );
    assert!(
        !keys
            .keys()
            .any(|k| k.starts_with(&format!("not-started:{}:", bari.id))),
        "{keys:?}"
    );
    assert!(
        keys.keys()
            .any(|k| k.starts_with(&format!("deadline:{}:", bari.id))),
        "{keys:?}"
    );
}

#[tokio::test]
async fn with_the_mail_server_down_messages_wait_and_go_once_when_it_is_back() {
    // A port where nothing listens (yet).
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let app = arranged(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.reminders.retry_seconds = 1;
    })
    .await;
    let ctx = app.state.reminders();
    let first = aula::reminders::run_once(&ctx, false).await.unwrap();
    let queued = first.queued.len();
    assert!(queued >= 5);
    assert_eq!(first.delivery.sent, 0);
    assert!(first.delivery.retried > 0);
    // Nothing is lost: all pending, with the failure recorded.
    use aula::db::reminders::outbox;
    let rows = outbox::Entity::find().all(app.state.db()).await.unwrap();
    assert_eq!(rows.len(), queued);
    assert!(rows.iter().all(|r| r.status == "pending"));
    assert!(
        rows.iter()
            .any(|r| r.attempts == 1 && r.last_error.is_some())
    );

    // The server comes back; after the backoff, each message goes once.
    let inbox = smtp::start_on(port).await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        aula::reminders::delivery::deliver_due(&ctx, "test")
            .await
            .unwrap();
        let sent = outbox::Entity::find()
            .all(app.state.db())
            .await
            .unwrap()
            .iter()
            .filter(|r| r.status == "sent")
            .count();
        if sent == queued {
            break;
        }
        assert!(Instant::now() < deadline, "{sent} of {queued} sent");
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    aula::reminders::delivery::deliver_due(&ctx, "test")
        .await
        .unwrap();
    let keys = by_key(&inbox);
    assert_eq!(keys.len(), queued, "{keys:?}");
    assert!(keys.values().all(|&n| n == 1), "{keys:?}");
}

#[tokio::test]
async fn two_instances_firing_every_second_send_each_reminder_once() {
    let (port, inbox) = smtp::start().await;
    let app = arranged(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.reminders.cron = "* * * * * *".into();
        c.reminders.delivery_seconds = 1;
    })
    .await;
    let sibling = app.spawn_sibling().await;
    // Several scheduled runs on both instances (the first may have fired while the
    // data was being arranged: later runs add what became due since).
    tokio::time::sleep(Duration::from_millis(4_500)).await;
    use aula::db::reminders::outbox;
    let deadline = Instant::now() + Duration::from_secs(20);
    let rows = loop {
        let rows = outbox::Entity::find().all(app.state.db()).await.unwrap();
        if rows.iter().all(|r| r.status == "sent") || Instant::now() > deadline {
            break rows;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert!(rows.len() >= 5, "every rule queued: {}", rows.len());
    assert!(rows.iter().all(|r| r.status == "sent"));
    let keys = by_key(&inbox);
    assert_eq!(keys.len(), rows.len(), "{keys:?}");
    assert!(
        keys.values().all(|&n| n == 1),
        "each reminder once: {keys:?}"
    );
    for row in &rows {
        assert_eq!(
            keys.get(&row.idempotency_key),
            Some(&1),
            "{}",
            row.idempotency_key
        );
    }
    // One slot, one winner: claiming a slot already taken fails for everyone.
    let slot = chrono::Utc::now() + chrono::Duration::hours(1);
    let db = app.state.db();
    assert!(
        aula::reminders::lease::claim(db, "test-job", slot, "a")
            .await
            .unwrap()
    );
    assert!(
        !aula::reminders::lease::claim(sibling.state.db(), "test-job", slot, "b")
            .await
            .unwrap()
    );
    assert!(
        !aula::reminders::lease::claim(db, "test-job", slot, "a")
            .await
            .unwrap()
    );
    let row =
        aula::db::reminders::job_run::Entity::find_by_id(aula::reminders::scheduler::RULES_JOB)
            .one(db)
            .await
            .unwrap()
            .expect("the scheduled job ran");
    assert!(row.summary.is_some());
    drop(sibling);
}

#[tokio::test]
async fn a_long_mail_outage_with_three_instances_sends_each_reminder_once_when_it_is_back() {
    use aula::db::reminders::outbox;
    // The mail server's port: nothing listens there at first.
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let app = arranged(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.reminders.cron = "* * * * * *".into();
        c.reminders.delivery_seconds = 1;
        c.reminders.retry_seconds = 1;
    })
    .await;
    let second = app.spawn_sibling().await;
    let third = app.spawn_sibling().await;

    // Every queued message has failed `attempts` times (and at least five are queued).
    let failed_rounds = |attempts: i32| {
        let db = app.state.db().clone();
        async move {
            let deadline = Instant::now() + Duration::from_secs(30);
            loop {
                let rows = outbox::Entity::find().all(&db).await.unwrap();
                assert!(
                    rows.iter().all(|r| r.status == "pending"),
                    "nothing is sent or given up while the mail server refuses: {rows:?}"
                );
                if rows.len() >= 5 && rows.iter().all(|r| r.attempts >= attempts) {
                    return rows.len();
                }
                assert!(
                    Instant::now() < deadline,
                    "not every message was tried {attempts} times: {rows:?}"
                );
                tokio::time::sleep(Duration::from_millis(200)).await;
            }
        }
    };
    // Connections refused, round after round...
    failed_rounds(2).await;
    // ...then a server that answers, but refuses the session (421).
    let refusing = {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        tokio::spawn(async move {
            use tokio::io::AsyncWriteExt;
            while let Ok((mut stream, _)) = listener.accept().await {
                let _ = stream
                    .write_all(b"421 smtp.test.local Service not available, try again later\r\n")
                    .await;
                let _ = stream.shutdown().await;
            }
        })
    };
    failed_rounds(3).await;
    refusing.abort();
    assert!(refusing.await.unwrap_err().is_cancelled());

    // The server comes back: every message goes, once, whichever instance sends it.
    let inbox = smtp::start_on(port).await;
    let deadline = Instant::now() + Duration::from_secs(40);
    let rows = loop {
        let rows = outbox::Entity::find().all(app.state.db()).await.unwrap();
        if rows.iter().all(|r| r.status == "sent") {
            break rows;
        }
        assert!(Instant::now() < deadline, "not all sent: {rows:?}");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    // More rounds of the rules and of the three delivery workers: nothing again.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rows_now = outbox::Entity::find().all(app.state.db()).await.unwrap();
    assert_eq!(rows_now.len(), rows.len(), "nothing new became due");
    let keys = by_key(&inbox);
    assert_eq!(keys.len(), rows.len(), "{keys:?}");
    for row in &rows {
        assert!(row.attempts >= 4, "tried through the outage: {row:?}");
        assert_eq!(
            keys.get(&row.idempotency_key),
            Some(&1),
            "{} delivered once: {keys:?}",
            row.idempotency_key
        );
    }
    drop(third);
    drop(second);
}
