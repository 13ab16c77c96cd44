//! The reminder e-mail the day before a session: each run of the reminder rules (the
//! scheduled job, run by one instance under the lease) queues, for every learner
//! seated in a session that begins tomorrow (Europe/Rome), one e-mail through the
//! outbox. A session that begins today and has not started yet is reminded too (a run
//! that came late still reaches its learners). Each reminder's idempotency key names
//! the registration and the session's first day, so a learner gets it once however
//! many runs see the session, and again only if the session is moved to another day.

use chrono::{DateTime, Days, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};

use super::{Mailing, TIME_ZONE, plan};
use crate::db::sql::Sql;
use crate::reminders::outbox::{self, Outgoing};

#[derive(Debug, FromQueryResult)]
struct Due {
    registration_id: i32,
    user_id: i32,
    name: String,
    email: String,
    title: String,
    first_day: chrono::NaiveDate,
    days: i32,
    starts_at: String,
    ends_at: String,
    venue: String,
    address: String,
}

/// Queues the reminders due at `now`; returns how many were new.
pub async fn queue_due<C: ConnectionTrait>(
    conn: &C,
    mail: Mailing<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let local = now.with_timezone(&TIME_ZONE);
    let today = local.date_naive();
    let tomorrow = today + Days::new(1);
    let mut queued = 0;
    let due = due_on(conn, today, tomorrow).await?;
    let ids: Vec<i32> = due.iter().map(|d| d.user_id).collect();
    let langs = crate::accounts::directory::languages(conn, &ids).await?;
    for due in due {
        let begun = due.first_day == today
            && plan::parse_time(&due.starts_at).is_some_and(|start| local.time() >= start);
        if begun {
            continue;
        }
        let base = mail.base_url.trim_end_matches('/');
        let rendered = mail.mailer.render(
            "seminar-reminder",
            serde_json::json!({
                "name": due.name,
                "title": due.title,
                "today": due.first_day == today,
                "first_day": due.first_day.to_string(),
                "days": due.days,
                "starts_at": due.starts_at,
                "ends_at": due.ends_at,
                "venue": due.venue,
                "address": due.address,
                "url": format!("{base}/seminari"),
                "lang": langs
                    .get(&due.user_id)
                    .copied()
                    .unwrap_or(crate::render::i18n::DEFAULT_LANG),
            }),
        )?;
        let new = outbox::queue(
            conn,
            Outgoing {
                key: format!("seminar:{}:reminder:{}", due.registration_id, due.first_day),
                kind: "seminar-reminder",
                user_id: Some(due.user_id),
                to: &due.email,
                rendered: &rendered,
                calendar: None,
            },
            now,
        )
        .await?;
        queued += usize::from(new);
    }
    Ok(queued)
}

/// Seated registrations of active learners in sessions whose first day is `from` or
/// `to`.
async fn due_on<C: ConnectionTrait>(
    conn: &C,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<Due>, DbErr> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT r.id AS registration_id, u.id AS user_id, u.name, u.email, m.title, \
         s.first_day, s.days, s.starts_at, s.ends_at, s.venue, s.address \
         FROM seminar_registrations r \
         JOIN seminar_sessions s ON s.id = r.session_id \
         JOIN seminars m ON m.id = s.seminar_id \
         JOIN users u ON u.id = r.user_id \
         WHERE r.status = 'registered' AND u.disabled_at IS NULL AND s.first_day >= ",
    )
    .bind(from)
    .push(" AND s.first_day <= ")
    .bind(to)
    .push(" ORDER BY r.id");
    conn.query_all_raw(sql.build())
        .await?
        .iter()
        .map(|row| Due::from_query_result(row, ""))
        .collect()
}
