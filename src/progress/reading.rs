//! Reading time credited from the server's clock. A heartbeat says how many seconds the
//! page was read, but the server credits no more than really passed since the
//! learner's previous event on that lesson (its `last_event_at`, a server timestamp),
//! no more than was claimed, and no more than [`MAX_SECONDS_PER_DAY`] per learner and
//! day (UTC) in all. Events of one lesson written together (a batch, or requests
//! group-committed at once) share the time since the previous write, so sending many
//! cannot multiply it; two tabs of one lesson share it too. The first event of a
//! lesson credits nothing: there is no earlier event to measure from.
//!
//! Runs inside the progress transaction, after the roll-up rows are locked: the
//! learners' rows of the day are created if missing and (on PostgreSQL) locked, so
//! that instances writing one learner's events at once cannot both spend the rest of
//! the day.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr};

use super::batch::Relation;
use crate::db::sql::Sql;

/// Most reading time credited to one learner in one day (UTC), in seconds: a long
/// working day of study.
pub const MAX_SECONDS_PER_DAY: i32 = 8 * 3600;

/// Seconds to credit for `claimed` seconds of reading reported now, when the previous
/// event of the lesson was recorded at `previous` (None: this is the first).
pub fn credit(claimed: i32, previous: Option<DateTime<Utc>>, now: DateTime<Utc>) -> i32 {
    let elapsed = previous.map_or(0, |at| (now - at).num_seconds().max(0));
    i64::from(claimed.max(0))
        .min(elapsed)
        .try_into()
        .unwrap_or(0)
}

/// Caps each learner's credits so that the day's total stays within
/// [`MAX_SECONDS_PER_DAY`]; `used` is what each learner was credited today before.
/// Credits are taken in key order, so the outcome does not depend on arrival order.
pub fn cap_per_day(credits: &mut BTreeMap<(i32, String), i32>, used: &HashMap<i32, i32>) {
    let mut left: HashMap<i32, i32> = HashMap::new();
    for ((user, _), seconds) in credits.iter_mut() {
        let left = left
            .entry(*user)
            .or_insert_with(|| (MAX_SECONDS_PER_DAY - used.get(user).copied().unwrap_or(0)).max(0));
        *seconds = (*seconds).min(*left);
        *left -= *seconds;
    }
}

/// The seconds to credit to each (learner, lesson) of `claimed` (the seconds the new
/// events report, summed per lesson), recorded at `now`; adds them to the day's
/// totals. Reads the lessons' previous events and the day's totals in a fixed number
/// of statements.
pub(super) async fn credit_batch(
    txn: &DatabaseTransaction,
    claimed: &BTreeMap<(i32, String), i32>,
    now: DateTime<Utc>,
) -> Result<BTreeMap<(i32, String), i32>, DbErr> {
    if claimed.is_empty() {
        return Ok(BTreeMap::new());
    }
    let users: Vec<i32> = claimed
        .keys()
        .map(|(u, _)| *u)
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let previous = previous_events(txn, claimed).await?;
    let mut credits: BTreeMap<(i32, String), i32> = claimed
        .iter()
        .map(|(key, seconds)| {
            (
                key.clone(),
                credit(*seconds, previous.get(key).copied(), now),
            )
        })
        .collect();
    let day = now.format("%Y-%m-%d").to_string();
    let used = lock_day(txn, &users, &day).await?;
    cap_per_day(&mut credits, &used);
    add_to_day(txn, &credits, &day).await?;
    Ok(credits)
}

/// When the previous event of each (learner, lesson) was recorded, for those that
/// have one.
async fn previous_events(
    txn: &DatabaseTransaction,
    claimed: &BTreeMap<(i32, String), i32>,
) -> Result<HashMap<(i32, String), DateTime<Utc>>, DbErr> {
    let users: BTreeSet<i32> = claimed.keys().map(|(u, _)| *u).collect();
    let lessons: BTreeSet<&str> = claimed.keys().map(|(_, l)| l.as_str()).collect();
    let mut sql = Sql::new(txn.get_database_backend());
    sql.push("SELECT user_id, lesson_id, last_event_at FROM lesson_progress WHERE user_id IN ")
        .bind_list(&users.into_iter().collect::<Vec<_>>())
        .push(" AND lesson_id IN ")
        .bind_list(&lessons.into_iter().map(str::to_string).collect::<Vec<_>>());
    let mut previous = HashMap::new();
    for row in txn.query_all_raw(sql.build()).await? {
        let key: (i32, String) = (row.try_get("", "user_id")?, row.try_get("", "lesson_id")?);
        if claimed.contains_key(&key) {
            previous.insert(key, row.try_get("", "last_event_at")?);
        }
    }
    Ok(previous)
}

/// Creates the learners' rows of `day` if missing, forgets their earlier days, and
/// returns what each was credited today; on PostgreSQL the rows stay locked until the
/// transaction ends.
async fn lock_day(
    txn: &DatabaseTransaction,
    users: &[i32],
    day: &str,
) -> Result<HashMap<i32, i32>, DbErr> {
    let backend = txn.get_database_backend();
    let mut forget = Sql::new(backend);
    forget
        .push("DELETE FROM reading_days WHERE user_id IN ")
        .bind_list(users)
        .push(" AND day < ")
        .bind(day.to_string());
    txn.execute_raw(forget.build()).await?;
    let rows = users
        .iter()
        .map(|user| vec![(*user).into(), day.to_string().into()]);
    for relation in Relation::split(txn, &[("user_id", "integer"), ("day", "text")], rows) {
        txn.execute_raw(relation.statement(
            "INSERT INTO reading_days (user_id, day, seconds) SELECT v.user_id, v.day, 0 FROM ",
            " WHERE true ON CONFLICT (user_id, day) DO NOTHING",
        ))
        .await?;
    }
    let mut read = Sql::new(backend);
    read.push("SELECT user_id, seconds FROM reading_days WHERE day = ")
        .bind(day.to_string())
        .push(" AND user_id IN ")
        .bind_list(users)
        .push(" ORDER BY user_id");
    if backend == DbBackend::Postgres {
        read.push(" FOR UPDATE");
    }
    let mut used = HashMap::new();
    for row in txn.query_all_raw(read.build()).await? {
        used.insert(
            row.try_get::<i32>("", "user_id")?,
            row.try_get::<i32>("", "seconds")?,
        );
    }
    Ok(used)
}

/// Adds the credits to the learners' totals of `day`.
async fn add_to_day(
    txn: &DatabaseTransaction,
    credits: &BTreeMap<(i32, String), i32>,
    day: &str,
) -> Result<(), DbErr> {
    let mut per_user: BTreeMap<i32, i32> = BTreeMap::new();
    for ((user, _), seconds) in credits {
        *per_user.entry(*user).or_insert(0) += seconds;
    }
    let rows = per_user
        .into_iter()
        .filter(|(_, seconds)| *seconds > 0)
        .map(|(user, seconds)| vec![user.into(), day.to_string().into(), seconds.into()]);
    let columns = [
        ("user_id", "integer"),
        ("day", "text"),
        ("seconds", "integer"),
    ];
    for relation in Relation::split(txn, &columns, rows) {
        txn.execute_raw(relation.statement(
            "INSERT INTO reading_days (user_id, day, seconds) SELECT v.user_id, v.day, v.seconds FROM ",
            " WHERE true ON CONFLICT (user_id, day) DO UPDATE SET \
               seconds = reading_days.seconds + excluded.seconds",
        ))
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn credit_is_the_time_that_passed_at_most() {
        let now = Utc::now();
        let ago = |s| Some(now - Duration::seconds(s));
        assert_eq!(credit(30, ago(31), now), 30, "a heartbeat on time");
        assert_eq!(credit(300, ago(12), now), 12, "claims more than passed");
        assert_eq!(credit(150_000, ago(60), now), 60, "a batch of 500 × 300 s");
        assert_eq!(credit(30, None, now), 0, "no earlier event to measure from");
        assert_eq!(
            credit(30, ago(-5), now),
            0,
            "a clock behind another instance's"
        );
        assert_eq!(credit(-3, ago(60), now), 0);
    }

    #[test]
    fn the_day_caps_a_learner_across_lessons() {
        let mut credits = BTreeMap::from([
            ((1, "a".to_string()), 200),
            ((1, "b".to_string()), 200),
            ((2, "a".to_string()), 200),
        ]);
        let used = HashMap::from([(1, MAX_SECONDS_PER_DAY - 300)]);
        cap_per_day(&mut credits, &used);
        assert_eq!(credits[&(1, "a".to_string())], 200);
        assert_eq!(credits[&(1, "b".to_string())], 100);
        assert_eq!(credits[&(2, "a".to_string())], 200);
    }
}
