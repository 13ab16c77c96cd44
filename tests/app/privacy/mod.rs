//! Personal data: the export's ZIP holds exactly what the database holds of its
//! person and nothing of anyone else's (`export`); after an erasure no table, and not
//! the search index, holds the person's name, address or job title anywhere, and the
//! reports do not change (`erasure`); the retention job's dry run changes nothing and
//! its runs warn, then pseudonymise, sparing whoever signed in (`retention`); a tutor's
//! view and export are in the access log, and the learner sees theirs
//! (`access_log`); a new version of the notice is acknowledged at the next sign-in
//! (`notice`); every table is classified (`tables`); the pages pass axe (`browser`).

mod access_log;
mod browser;
mod erasure;
mod export;
mod notice;
mod retention;
mod tables;

use aula::seminars::attendance::Half::Morning;
use sea_orm::ConnectionTrait;

use crate::helpers::{TUTOR, TestApp, csrf_in};
use crate::seminars::{
    CLASSROOM_COURSE, GENOVA, REMOTE_COURSE, complete_module, enrolled_learners, mark, register,
    seminar_on, session_in, user_id,
};

/// A learner with a history in every area, and the personal values to look for.
pub struct Person {
    pub id: i32,
    pub name: String,
    pub email: String,
    pub job_title: String,
}

impl Person {
    /// Every value that must not survive an erasure, also as the templates escape
    /// the name in HTML.
    pub fn values(&self) -> Vec<String> {
        vec![
            self.name.clone(),
            aula::content::markdown::escape(&self.name),
            self.email.clone(),
            self.job_title.clone(),
        ]
    }
}

/// Runs a statement of the test's own (setting up what the application would take
/// months to reach).
pub async fn exec(app: &TestApp, sql: &str, values: Vec<sea_orm::Value>) {
    let db = app.state.db();
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let mut n = 0;
            sql.chars()
                .map(|c| {
                    if c == '?' {
                        n += 1;
                        format!("${n}")
                    } else {
                        c.to_string()
                    }
                })
                .collect()
        }
        _ => sql.to_string(),
    };
    db.execute_raw(sea_orm::Statement::from_sql_and_values(
        db.get_database_backend(),
        sql,
        values,
    ))
    .await
    .unwrap();
}

/// A learner of Genova (in the demo tutor's cohort) who completed the remote course
/// (certificate issued and announced), attended a seminar half-day, reported an
/// error that an admin answered by name, holds a session, got an in-app notice, was
/// named in a tutor's digest and was looked at by the tutor.
pub async fn full_history(app: &TestApp, tag: &str) -> Person {
    let id = enrolled_learners(app, 1, GENOVA, tag).await[0];
    let person = Person {
        id,
        name: format!("Zelinda D'Orazio-{tag}"),
        email: format!("{tag}000@comune.test.it"),
        job_title: format!("Istruttrice amministrativa {tag}"),
    };
    exec(
        app,
        "UPDATE users SET name = ?, job_title = ? WHERE id = ?",
        vec![
            person.name.clone().into(),
            person.job_title.clone().into(),
            id.into(),
        ],
    )
    .await;
    let db = app.state.db();
    complete_module(app, id, REMOTE_COURSE, "modulo-unico").await;
    let (_, sessions) = seminar_on(app, CLASSROOM_COURSE, vec![session_in("Liguria", 5)]).await;
    register(&app.state, sessions[0].id, id).await.unwrap();
    let tutor = user_id(app, TUTOR).await;
    mark(app, sessions[0].id, tutor, &[(id, 1, Morning, true)]).await;
    aula::certificates::announce::run(db, app.state.mailer(), app.state.issuing())
        .await
        .unwrap();
    // An error report, answered by name.
    let catalog = app.state.catalog();
    let lesson = catalog.lessons().next().unwrap().2.id.clone();
    let report = aula::errata::report(
        db,
        &catalog,
        &app.state.library(),
        id,
        aula::errata::Submission {
            kind: aula::errata::target::TargetKind::Lesson,
            id: &lesson,
            description: &format!(
                "Sono {}: il termine citato non è più in vigore.",
                person.name
            ),
            quote: "",
        },
    )
    .await
    .unwrap();
    let admin = user_id(app, crate::helpers::ADMIN).await;
    let base = app.state.config().base_url();
    aula::errata::actions::answer(
        db,
        aula::errata::actions::Mailing {
            mailer: app.state.mailer(),
            base_url: &base,
        },
        report,
        admin,
        &format!(
            "Gentile {}, grazie: abbiamo corretto la lezione.",
            person.name
        ),
        false,
    )
    .await
    .unwrap();
    // A tutor's digest naming the learner (as the reminder rules write it).
    let digest = aula::mail::Rendered {
        subject: "Discenti da seguire".into(),
        text: format!(
            "- {} <{}>: non ha ancora iniziato",
            person.name, person.email
        ),
        html: format!(
            "<li>{} &lt;{}&gt;</li>",
            aula::content::markdown::escape(&person.name),
            person.email
        ),
    };
    aula::reminders::outbox::queue(
        db,
        aula::reminders::outbox::Outgoing {
            key: format!("test-digest:{tag}"),
            kind: "reminder-tutor-digest",
            user_id: Some(tutor),
            to: crate::helpers::TUTOR,
            rendered: &digest,
            calendar: None,
        },
        chrono::Utc::now(),
    )
    .await
    .unwrap();
    aula::accounts::sessions::open_session(db, id)
        .await
        .unwrap();
    exec(
        app,
        "INSERT INTO notifications (user_id, rule, title, body, url, created_at) \
         VALUES (?, 'not-started', ?, 'Inizia il corso', '/courses', ?)",
        vec![
            id.into(),
            format!("Ciao {}", person.name).into(),
            chrono::Utc::now().into(),
        ],
    )
    .await;
    let tutor_client = app.client_as(TUTOR).await;
    let page = tutor_client
        .get(app.url(&format!("/tutor/learners/{id}?course={REMOTE_COURSE}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200, "the tutor sees the learner");
    person
}

/// A client signed in as `user` (a session opened for them: test learners have no
/// password).
pub async fn client_for(app: &TestApp, user: i32) -> reqwest::Client {
    let session = aula::accounts::sessions::open_session(app.state.db(), user)
        .await
        .unwrap();
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert(
        reqwest::header::COOKIE,
        format!("{}={}", aula::accounts::sessions::COOKIE, session.cookie)
            .parse()
            .unwrap(),
    );
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts the form of the page at `page` to `action` with `fields` and its CSRF token.
pub async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    action: &str,
    fields: &[(&str, &str)],
) -> reqwest::Response {
    let html = client
        .get(app.url(page))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = csrf_in(&html);
    let mut form: Vec<(&str, &str)> = fields.to_vec();
    form.push(("csrf_token", &token));
    client
        .post(app.url(action))
        .form(&form)
        .send()
        .await
        .unwrap()
}

/// The text of every value of every table (all columns cast to text), with where it
/// was found.
pub async fn every_value(app: &TestApp) -> Vec<(String, String, String)> {
    let db = app.state.db();
    let backend = db.get_database_backend();
    let mut out = Vec::new();
    for table in aula::privacy::record::database_tables(db).await.unwrap() {
        for column in aula::privacy::record::table_columns(db, &table)
            .await
            .unwrap()
        {
            let sql = format!("SELECT CAST(\"{column}\" AS TEXT) AS v FROM \"{table}\"");
            let rows = db
                .query_all_raw(sea_orm::Statement::from_string(backend, sql))
                .await
                .unwrap();
            for row in rows {
                if let Ok(Some(v)) = row.try_get::<Option<String>>("", "v") {
                    out.push((table.clone(), column.clone(), v));
                }
            }
        }
    }
    out
}

/// Waits (up to 30 s) for `page` to link to an address starting with `prefix` (an
/// export prepared in the background), and returns it.
pub async fn wait_for_link(
    app: &TestApp,
    client: &reqwest::Client,
    page: &str,
    prefix: &str,
) -> Option<String> {
    for _ in 0..300 {
        let html = client
            .get(app.url(page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let link = html
            .split("href=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap_or_default().to_string())
            .find(|href| href.starts_with(prefix));
        if link.is_some() {
            return link;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    None
}
