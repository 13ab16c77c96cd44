//! The legal library's tables: acts and their articles (queries in
//! `content::library::store`).

use serde::{Deserialize, Serialize};

/// Table `acts`.
pub mod act {
    use sea_orm::entity::prelude::*;

    /// A legal act.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "acts")]
    pub struct Model {
        /// `dlgs-286-1998`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// `dlgs`, `dl`, `l`, `dpr`, `dm`, `dpcm`.
        pub kind: String,
        /// Number of the act.
        pub number: String,
        /// Year of the act.
        pub year: i32,
        /// Date of the act (ISO), when known.
        pub date: Option<String>,
        /// Official title.
        pub title: String,
        /// URN (`urn:nir:…`), when known.
        pub urn: Option<String>,
        /// Date of the consolidated text, when known.
        pub in_force_at: Option<String>,
        /// `normattiva-md` or `akoma-ntoso`.
        pub source_format: String,
        /// Hash of the imported source, to tell changed imports apart.
        pub content_hash: String,
        /// Number of articles.
        pub article_count: i32,
        /// When it was (re)imported.
        pub imported_at: DateTimeUtc,
        /// The Normattiva page it was fetched from (none for a file import).
        pub source_url: Option<String>,
        /// When its text was fetched from Normattiva (none for a file import).
        pub fetched_at: Option<DateTimeUtc>,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// Its articles.
        #[sea_orm(has_many = "super::article::Entity")]
        Articles,
    }

    impl Related<super::article::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Articles.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `articles`.
pub mod article {
    use sea_orm::entity::prelude::*;

    /// An article of an act.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "articles")]
    pub struct Model {
        /// `dlgs-286-1998/art-29-bis`.
        #[sea_orm(primary_key, auto_increment = false)]
        pub id: String,
        /// The act.
        pub act_id: String,
        /// Position in the act, from 0.
        pub position: i32,
        /// Label as displayed: `29-bis`, `14.1`.
        pub label: String,
        /// Label as in the id: `29-bis`, `14-1`.
        pub slug: String,
        /// Rubrica.
        pub heading: Option<String>,
        /// `L` or `R` in Testi Unici.
        pub source_mark: Option<String>,
        /// JSON array of enclosing headings (Titolo, Capo, …).
        pub structure: String,
        /// Text before the first comma.
        pub intro: String,
        /// JSON array of `{label, text}`.
        pub commi: String,
        /// JSON array of update notes, kept apart from the text.
        pub notes: String,
        /// Whether the article is repealed.
        pub repealed: bool,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {
        /// The act.
        #[sea_orm(
            belongs_to = "super::act::Entity",
            from = "Column::ActId",
            to = "super::act::Column::Id"
        )]
        Act,
    }

    impl Related<super::act::Entity> for Entity {
        fn to() -> RelationDef {
            Relation::Act.def()
        }
    }

    impl ActiveModelBehavior for ActiveModel {}
}

/// Table `article_changes`: the history of legal changes.
pub mod article_change {
    use sea_orm::entity::prelude::*;

    /// An article whose text changed, appeared or disappeared when its act was
    /// imported again.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "article_changes")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i32,
        /// The act.
        pub act_id: String,
        /// `dlgs-286-1998/art-29-bis`.
        pub article_id: String,
        /// Label as displayed.
        pub label: String,
        /// `changed`, `added` or `removed`.
        pub change: String,
        /// Plain text before the change (none when added).
        pub old_text: Option<String>,
        /// Plain text after the change (none when removed).
        pub new_text: Option<String>,
        /// Date of the text in force before.
        pub old_in_force_at: Option<String>,
        /// Date of the text in force after.
        pub new_in_force_at: Option<String>,
        /// When the change was found (the import that brought it).
        pub detected_at: DateTimeUtc,
    }

    /// Relations.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// One comma as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredComma {
    /// `1`, `3-bis`.
    pub label: String,
    /// Source text with `((…))` amendment markers.
    pub text: String,
}
