//! Certificates, the history of what was done to them and the public keys that signed
//! their credentials (queries in `certificates`).

/// Table `certificates`.
pub mod certificate {
    use sea_orm::entity::prelude::*;

    /// One certificate as issued: what its paper shows, frozen at issue.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "certificates")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The public code printed on the paper and in the verification link.
        #[sea_orm(unique)]
        pub code: String,
        /// The learner.
        pub user_id: i32,
        /// The course.
        pub course_id: String,
        /// The edition (row id).
        pub edition_id: i32,
        /// `valid`, `revoked` or `replaced`.
        pub status: String,
        /// When it was issued.
        pub issued_at: DateTimeUtc,
        /// The day the course was completed (Europe/Rome).
        pub completed_on: chrono::NaiveDate,
        /// The admin who issued it by hand; None when issued on completion.
        pub issued_by: Option<i32>,
        /// Why an admin issued it by hand.
        pub issue_reason: Option<String>,
        /// The learner's name as printed.
        pub holder_name: String,
        /// The learner's municipality as printed.
        pub holder_municipality: Option<String>,
        /// The course's title as printed.
        pub course_title: String,
        /// The edition's title as printed.
        pub edition_title: String,
        /// JSON array of the modules' titles and minutes.
        pub modules: String,
        /// Estimated minutes of the remote modules.
        pub remote_minutes: i32,
        /// Minutes of classroom attended.
        pub classroom_minutes: i32,
        /// The issuing body as printed.
        pub issuer: String,
        /// Language of the paper (`it`).
        pub language: String,
        /// The signed credential (compact JWS), once signed.
        pub credential: Option<String>,
        /// The key that signed it.
        pub key_id: Option<String>,
        /// When the learner was told (the e-mail queued).
        pub announced_at: Option<DateTimeUtc>,
        /// When it was revoked.
        pub revoked_at: Option<DateTimeUtc>,
        /// Who revoked it.
        pub revoked_by: Option<i32>,
        /// Why it was revoked.
        pub revocation_reason: Option<String>,
        /// The code of the certificate that replaced it.
        pub replaced_by: Option<String>,
        /// The code of the certificate it replaced.
        pub replaces: Option<String>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `certificate_events`.
pub mod event {
    use sea_orm::entity::prelude::*;

    /// One action on a certificate.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "certificate_events")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The certificate.
        pub certificate_id: i32,
        /// `issued`, `revoked`, `replaced` (this one was replaced) or `reissued`.
        pub action: String,
        /// Who did it; None for the system (issue on completion).
        pub actor_id: Option<i32>,
        /// The reason given.
        pub reason: Option<String>,
        /// More detail (e.g. the code of the replacement).
        pub detail: Option<String>,
        /// When.
        pub at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `certificate_keys`.
pub mod key {
    use sea_orm::entity::prelude::*;

    /// A public key that signed (or signs) credentials.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "certificate_keys")]
    pub struct Model {
        /// Key id (`kid` in the JWS header and the JWKS).
        #[sea_orm(primary_key, auto_increment = false)]
        pub kid: String,
        /// The Ed25519 public key, base64url without padding (the JWK's `x`).
        pub public_key: String,
        /// When it was first published.
        pub created_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
