//! Who runs a session: an admin runs every session; a tutor the sessions of the
//! regions of their cohort (a region of their scopes, or the region of one of the
//! municipalities of their scopes). A tutor who runs a session sees its whole roster
//! and takes attendance for everyone in the room, as on a paper sign-in sheet.

use sea_orm::{DatabaseConnection, DbErr};

use super::Session;
use crate::accounts::directory::User;
use crate::accounts::{Role, directory, municipalities};

/// The regions whose sessions `user` runs; None for an admin (every region).
pub async fn regions(db: &DatabaseConnection, user: &User) -> Result<Option<Vec<String>>, DbErr> {
    match user.role {
        Role::Admin => Ok(None),
        Role::Tutor => {
            let mut regions = Vec::new();
            for scope in directory::scopes(db, user.id).await? {
                let region = match scope.kind.as_str() {
                    "region" => Some(scope.value),
                    _ => municipalities::find(db, &scope.value)
                        .await?
                        .map(|m| m.region),
                };
                if let Some(region) = region.filter(|r| !regions.contains(r)) {
                    regions.push(region);
                }
            }
            regions.sort();
            Ok(Some(regions))
        }
        _ => Ok(Some(Vec::new())),
    }
}

/// Whether `user` runs `session` (takes its attendance, sees its roster).
pub async fn runs(db: &DatabaseConnection, user: &User, session: &Session) -> Result<bool, DbErr> {
    if user.disabled_at.is_some() {
        return Ok(false);
    }
    Ok(match regions(db, user).await? {
        None => true,
        Some(regions) => regions.contains(&session.region),
    })
}
