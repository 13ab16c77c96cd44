//! Capacity decided by the database: 200 learners registering at once for 40 seats,
//! then 50 cancellations at once, each freed seat going to the first in line.

use std::collections::HashSet;

use aula::app::AppState;
use aula::seminars::registration::Registration;
use aula::seminars::{Status, roster};
use sea_orm::EntityTrait;

use super::{GENOVA, app, cancel, learners, register, seminar_with, session_in};

/// Runs `register` for every learner at once (on the runtime's worker threads).
async fn register_all(state: &AppState, session: i32, ids: &[i32]) -> Vec<Registration> {
    let tasks: Vec<_> = ids
        .iter()
        .map(|&id| {
            let state = state.clone();
            tokio::spawn(async move { register(&state, session, id).await })
        })
        .collect();
    let mut out = Vec::with_capacity(tasks.len());
    for task in tasks {
        out.push(task.await.unwrap().expect("every registration is answered"));
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_hundred_at_once_for_forty_seats_then_fifty_cancellations() {
    let app = app().await;
    let db = app.state.db().clone();
    let (_, sessions) = seminar_with(&app, vec![session_in("Liguria", 40)]).await;
    let session = sessions[0].id;
    let ids = learners(&app, 200, GENOVA, "folla").await;

    let started = std::time::Instant::now();
    let answers = register_all(&app.state, session, &ids).await;
    let elapsed = started.elapsed();
    // A figure to read, not to assert (see the report for how to rerun it).
    println!(
        "seminars: 200 concurrent registrations for 40 seats on {:?} in {elapsed:.2?} \
         ({:.0} registrations/s, e-mails queued included)",
        crate::helpers::backend(),
        200.0 / elapsed.as_secs_f64()
    );
    let seated: Vec<_> = answers
        .iter()
        .filter(|r| r.status == Status::Registered)
        .collect();
    let waiting: Vec<_> = answers
        .iter()
        .filter(|r| r.status == Status::Waiting)
        .collect();
    assert_eq!(seated.len(), 40, "exactly the capacity is seated");
    assert_eq!(waiting.len(), 160, "everyone else waits");
    assert!(seated.iter().all(|r| r.position.is_none()));
    assert_eq!(roster::counts(&db, session).await.unwrap(), (40, 160));

    // The waiting list's order is the order the database took the registrations: the
    // positions each learner was told form 1..=160 and are still their positions.
    let line = roster::waiting(&db, session).await.unwrap();
    assert_eq!(line.len(), 160);
    let mut told: Vec<(i64, i32)> = waiting
        .iter()
        .map(|r| (r.position.unwrap(), r.id))
        .collect();
    told.sort_unstable();
    let expected: Vec<(i64, i32)> = line
        .iter()
        .enumerate()
        .map(|(i, e)| (i64::try_from(i).unwrap() + 1, e.id))
        .collect();
    assert_eq!(told, expected, "told positions = the line's order");
    // Times are read under the lock, so time order and id order agree.
    assert!(
        line.windows(2).all(|pair| pair[0].id < pair[1].id),
        "registration times follow the order the database took them"
    );
    for (i, entry) in line.iter().enumerate().step_by(37) {
        assert_eq!(
            roster::position_on(&db, session, entry.id).await.unwrap(),
            i64::try_from(i).unwrap() + 1
        );
    }

    // 50 cancellations at once: 30 seated learners and the last 20 in line (who cannot
    // be promoted meanwhile: only 30 seats free up).
    let seated_users: Vec<i32> = roster::entries(&db, session)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.status == "registered")
        .map(|e| e.user_id)
        .take(30)
        .collect();
    let back_of_line: Vec<i32> = line[140..].iter().map(|e| e.user_id).collect();
    let leaving: Vec<i32> = seated_users.iter().chain(&back_of_line).copied().collect();
    assert_eq!(leaving.len(), 50);
    let tasks: Vec<_> = leaving
        .iter()
        .map(|&user| {
            let state = app.state.clone();
            tokio::spawn(async move { cancel(&state, session, user).await })
        })
        .collect();
    let mut promoted = Vec::new();
    for task in tasks {
        let done = task.await.unwrap().expect("every cancellation is answered");
        if done.held_seat {
            promoted.push(done.promoted.expect("a freed seat goes to someone waiting"));
        } else {
            assert_eq!(done.promoted, None, "leaving the line frees no seat");
        }
    }
    assert_eq!(promoted.len(), 30);
    let promoted_users: HashSet<i32> = promoted.iter().map(|p| p.user_id).collect();
    assert_eq!(promoted_users.len(), 30, "nobody promoted twice");
    let first_thirty: HashSet<i32> = line[..30].iter().map(|e| e.user_id).collect();
    assert_eq!(
        promoted_users, first_thirty,
        "the seats went to the first in line"
    );

    let after = roster::entries(&db, session).await.unwrap();
    let now_seated: Vec<_> = after.iter().filter(|e| e.status == "registered").collect();
    assert_eq!(
        now_seated.len(),
        40,
        "the session is full again, never over"
    );
    let with_promotion: Vec<_> = now_seated
        .iter()
        .filter(|e| e.promoted_at.is_some())
        .collect();
    assert_eq!(with_promotion.len(), 30);
    // Promotions followed the line: in the line's order, promotion times never go back.
    let mut by_line: Vec<_> = with_promotion.clone();
    by_line.sort_by_key(|e| line.iter().position(|l| l.id == e.id).unwrap());
    for pair in by_line.windows(2) {
        assert!(
            pair[0].promoted_at <= pair[1].promoted_at,
            "promoted in order"
        );
    }
    let still_waiting: Vec<i32> = after
        .iter()
        .filter(|e| e.status == "waiting")
        .map(|e| e.id)
        .collect();
    let expected_line: Vec<i32> = line[30..140].iter().map(|e| e.id).collect();
    assert_eq!(
        still_waiting, expected_line,
        "the rest of the line keeps its order"
    );
    assert_eq!(
        roster::position_on(&db, session, expected_line[0])
            .await
            .unwrap(),
        1
    );
    assert_eq!(roster::counts(&db, session).await.unwrap(), (40, 110));

    // Every answer and every promotion was announced once, from the same transactions.
    let mail = aula::db::reminders::outbox::Entity::find()
        .all(&db)
        .await
        .unwrap();
    let count = |kind: &str| mail.iter().filter(|m| m.rule == kind).count();
    assert_eq!(
        (
            count("seminar-registered"),
            count("seminar-waiting"),
            count("seminar-promoted")
        ),
        (40, 160, 30)
    );
    let promoted_mail: HashSet<Option<i32>> = mail
        .iter()
        .filter(|m| m.rule == "seminar-promoted")
        .map(|m| m.user_id)
        .collect();
    assert_eq!(
        promoted_mail,
        first_thirty.iter().map(|u| Some(*u)).collect()
    );
    assert!(
        mail.iter()
            .all(|m| m.calendar.is_some() == (m.rule != "seminar-waiting")),
        "a seat comes with its .ics, a place in line does not"
    );
}
