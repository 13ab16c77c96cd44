//! Authentication records: sessions, sign-in throttling windows, API tokens and
//! single-use e-mail tokens. Secrets are never stored, only their SHA-256.

/// Table `sessions`.
pub mod session {
    use sea_orm::entity::prelude::*;

    /// A signed-in browser session.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "sessions")]
    pub struct Model {
        /// SHA-256 of the cookie value.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id_hash: String,
        /// The user.
        pub user_id: i32,
        /// CSRF token of the session's forms.
        pub csrf_token: String,
        /// When it started.
        pub created_at: DateTimeUtc,
        /// When it ends.
        pub expires_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// The user signed in.
        #[sea_orm(
            belongs_to = "crate::db::users::user::Entity",
            from = "Column::UserId",
            to = "crate::db::users::user::Column::Id"
        )]
        User,
    }

    impl Related<crate::db::users::user::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::User.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `login_attempts`: failures per key (account or address) in a window.
pub mod login_attempt {
    use sea_orm::entity::prelude::*;

    /// Failures of one key.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "login_attempts")]
    pub struct Model {
        /// `account:<email>` or `address:<ip>`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub key: String,
        /// Start of the current window.
        pub window_start: DateTimeUtc,
        /// Failures in the window.
        pub failures: i32,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `api_tokens`.
pub mod api_token {
    use sea_orm::entity::prelude::*;

    /// A token for integrations.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "api_tokens")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// What it is for.
        pub name: String,
        /// SHA-256 of the token.
        #[sea_orm(unique)]
        pub token_hash: String,
        /// The account it acts as.
        pub user_id: i32,
        /// When it was created.
        pub created_at: DateTimeUtc,
        /// Last use.
        pub last_used_at: Option<DateTimeUtc>,
        /// When it was revoked.
        pub revoked_at: Option<DateTimeUtc>,
        /// What it may do: scope names separated by spaces (`progress:write admin`).
        pub scopes: String,
        /// When it stops working; none (tokens made before scopes) counts as expired.
        pub expires_at: Option<DateTimeUtc>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `email_tokens`: invitation and password-reset links.
pub mod email_token {
    use sea_orm::entity::prelude::*;

    /// A single-use, expiring link token.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "email_tokens")]
    pub struct Model {
        /// SHA-256 of the token.
        #[sea_orm(primary_key, auto_increment = false)]
        pub token_hash: String,
        /// The user.
        pub user_id: i32,
        /// `invite` or `reset`.
        pub purpose: String,
        /// When it was created.
        pub created_at: DateTimeUtc,
        /// When it stops working.
        pub expires_at: DateTimeUtc,
        /// When it was used.
        pub used_at: Option<DateTimeUtc>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
