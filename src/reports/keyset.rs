//! Pages of the learners report read by key (keyset pagination): the cursor holds the
//! sort key of the last learner of a page, and the next page is the learners that
//! sort after it. Each page is one query, however deep (no offset to skip), though
//! it still sorts the cohort's roll-up, which no index can serve. Learners added or
//! removed between two pages shift nothing; one whose own sort key changes between
//! two pages may cross the cursor (missed, or seen twice).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::learners::{self, ITEMS_DONE, LearnerRow, Order};
use super::{Filters, Scope};
use crate::db::sql::Sql;
use crate::paging::BadCursor;

/// Where a learner sorts: the fields of every order, the learner's id last.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LearnerKey {
    /// The order the key was taken in (a cursor is valid in that order only).
    #[serde(rename = "o")]
    order: String,
    /// Items done (progress orders).
    #[serde(rename = "i", default, skip_serializing_if = "Option::is_none")]
    items: Option<i64>,
    /// Last activity (activity orders; `None` for a learner never active).
    #[serde(rename = "a", default, skip_serializing_if = "Option::is_none")]
    activity: Option<DateTime<Utc>>,
    /// Name.
    #[serde(rename = "n")]
    name: String,
    /// Account id.
    #[serde(rename = "id")]
    id: i32,
}

impl LearnerKey {
    /// The key of `row` in `order`.
    pub fn of(row: &LearnerRow, order: Order) -> Self {
        let order = api_order(order);
        let progress = matches!(order, Order::Progress | Order::ProgressAsc);
        let activity = matches!(order, Order::LastActivity | Order::LastActivityAsc);
        Self {
            order: order.slug().to_string(),
            items: progress.then_some(row.lessons_completed + row.quizzes_passed),
            activity: if activity { row.last_activity } else { None },
            name: row.name.clone(),
            id: row.learner_id,
        }
    }

    /// The key a client's cursor holds, which must have been taken in `order`.
    pub fn from_cursor(cursor: &str, order: Order) -> Result<Self, BadCursor> {
        let key: Self = crate::paging::decode(cursor)?;
        let progress = matches!(api_order(order), Order::Progress | Order::ProgressAsc);
        if key.order != api_order(order).slug() || key.items.is_some() != progress {
            return Err(BadCursor);
        }
        Ok(key)
    }
}

/// The order pages are read in: any order but none (a page needs one).
fn api_order(order: Order) -> Order {
    match order {
        Order::Unordered => Order::Name,
        other => other,
    }
}

/// The query of one page: at most `limit` + 1 learners after `after` (the extra one
/// tells whether another page follows).
pub fn page_query(
    backend: sea_orm::DbBackend,
    (scope, filters): (&Scope, &Filters),
    order: Order,
    after: Option<&LearnerKey>,
    limit: u64,
) -> Sql {
    let order = api_order(order);
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(learners::COLUMNS);
    learners::base_query(&mut sql, scope, filters);
    if let Some(key) = after {
        push_after(&mut sql, order, key);
    }
    sql.push(" ORDER BY ")
        .push(&learners::order_by(order))
        .push(" LIMIT ")
        .bind(i64::try_from(limit.saturating_add(1)).unwrap_or(i64::MAX));
    sql
}

/// `AND` the learners after `key` in `order` (the same order as `order_by`: every
/// order ends with name, then id).
fn push_after(sql: &mut Sql, order: Order, key: &LearnerKey) {
    const ACTIVITY: &str = "p.last_activity_at";
    sql.push(" AND ");
    match (order, key.activity) {
        (Order::Progress, _) => {
            push_beyond(sql, "", ITEMS_DONE, " < ", key.items.unwrap_or(0), key)
        }
        (Order::ProgressAsc, _) => {
            push_beyond(sql, "", ITEMS_DONE, " > ", key.items.unwrap_or(0), key);
        }
        // Active learners first, latest first; the never active after them.
        (Order::LastActivity, Some(at)) => {
            push_beyond(
                sql,
                &format!("{ACTIVITY} IS NULL OR "),
                ACTIVITY,
                " < ",
                at,
                key,
            );
        }
        (Order::LastActivity, None) => {
            sql.push(&format!("({ACTIVITY} IS NULL AND "));
            push_name_after(sql, key);
            sql.push(")");
        }
        // The never active first, then the earliest activity first.
        (Order::LastActivityAsc, Some(at)) => push_beyond(sql, "", ACTIVITY, " > ", at, key),
        (Order::LastActivityAsc, None) => {
            sql.push(&format!("({ACTIVITY} IS NOT NULL OR "));
            push_name_after(sql, key);
            sql.push(")");
        }
        (Order::Name | Order::Unordered, _) => push_name_after(sql, key),
    }
}

/// `(also column beyond value OR (column = value AND name/id after))`: the learners
/// whose `column` lies beyond the key's, or equals it and whose name and id follow.
fn push_beyond(
    sql: &mut Sql,
    also: &str,
    column: &str,
    beyond: &str,
    value: impl Into<sea_orm::Value> + Clone,
    key: &LearnerKey,
) {
    sql.push(&format!("({also}{column}{beyond}"))
        .bind(value.clone())
        .push(&format!(" OR ({column} = "))
        .bind(value)
        .push(" AND ");
    push_name_after(sql, key);
    sql.push("))");
}

/// Name, then id, after the key's.
fn push_name_after(sql: &mut Sql, key: &LearnerKey) {
    sql.push("(u.name > ")
        .bind(key.name.clone())
        .push(" OR (u.name = ")
        .bind(key.name.clone())
        .push(" AND u.id > ")
        .bind(key.id)
        .push("))");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_holds_in_its_own_order_only() {
        let key = LearnerKey {
            order: "progress".into(),
            items: Some(3),
            activity: None,
            name: "Rossi".into(),
            id: 7,
        };
        let cursor = crate::paging::encode(&key);
        assert_eq!(LearnerKey::from_cursor(&cursor, Order::Progress), Ok(key));
        assert_eq!(
            LearnerKey::from_cursor(&cursor, Order::Name),
            Err(BadCursor)
        );
    }
}
