//! `app_meta`: installation-wide key/value facts shared by every instance.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection};

/// One fact about the installation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "app_meta")]
pub struct Model {
    /// Name of the fact.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// Its value.
    pub value: String,
    /// When it was last written.
    pub updated_at: DateTimeUtc,
}

/// No relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Key of the secret that signs links (unsubscribe, invitations).
pub const SECRET_KEY: &str = "secret_key";

/// Reads a fact.
pub async fn get(db: &DatabaseConnection, key: &str) -> Result<Option<String>, DbErr> {
    Ok(Entity::find_by_id(key.to_string())
        .one(db)
        .await?
        .map(|m| m.value))
}

/// Creates the installation secret once; later calls (from any instance) keep it.
pub async fn ensure_secret(db: &DatabaseConnection) -> Result<String, DbErr> {
    let candidate = format!(
        "{}{}",
        uuid::Uuid::new_v4().simple(),
        uuid::Uuid::new_v4().simple()
    );
    Entity::insert(ActiveModel {
        key: Set(SECRET_KEY.into()),
        value: Set(candidate),
        updated_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing_on([Column::Key])
    .exec_without_returning(db)
    .await?;
    get(db, SECRET_KEY)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound("app_meta.secret_key".into()))
}
