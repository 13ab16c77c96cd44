//! Who may register for a session: an active learner whose municipality lies in the
//! session's region and is eligible for the seminar's edition (the edition's rule,
//! `accounts::editions::is_eligible`), while the edition is open.

use sea_orm::{DatabaseConnection, DbErr};

use super::{Seminar, Session};
use crate::accounts::directory::User;
use crate::accounts::{Role, directory, editions, municipalities};

/// The account of `user_id` if it may register for `session` of `seminar`.
pub(super) async fn may_register(
    db: &DatabaseConnection,
    seminar: &Seminar,
    session: &Session,
    user_id: i32,
) -> Result<Option<User>, DbErr> {
    let Some(user) = directory::by_id(db, user_id).await? else {
        return Ok(None);
    };
    if user.role != Role::Learner || user.disabled_at.is_some() {
        return Ok(None);
    }
    let Some(istat) = user.municipality.as_deref() else {
        return Ok(None);
    };
    let Some(municipality) = municipalities::find(db, istat).await? else {
        return Ok(None);
    };
    let Some(edition) = editions::by_id(db, seminar.edition_id).await? else {
        return Ok(None);
    };
    let eligible = edition.open
        && municipality.region == session.region
        && editions::is_eligible(&edition, &municipality);
    Ok(eligible.then_some(user))
}
