//! The legal library aggregate: acts and their articles, and the queries on them.

use chrono::Utc;
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryOrder, QuerySelect, TransactionTrait};
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

/// One comma as stored.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredComma {
    /// `1`, `3-bis`.
    pub label: String,
    /// Source text with `((…))` amendment markers.
    pub text: String,
}

/// An act ready to be stored.
pub struct NewAct {
    /// The act row.
    pub act: act::Model,
    /// Its articles in order.
    pub articles: Vec<article::Model>,
}

/// Rows per INSERT: keeps each statement under SQLite's bound-parameter limit.
const INSERT_BATCH: usize = 200;

/// Stores an act, replacing any earlier import of it, in one transaction: readers see
/// the old act or the new one, never a mix.
pub async fn replace_act(db: &DatabaseConnection, new: NewAct) -> Result<(), DbErr> {
    let txn = db.begin().await?;
    article::Entity::delete_many()
        .filter(article::Column::ActId.eq(new.act.id.clone()))
        .exec(&txn)
        .await?;
    act::Entity::delete_by_id(new.act.id.clone())
        .exec(&txn)
        .await?;
    let mut row: act::ActiveModel = new.act.into();
    row.imported_at = Set(Utc::now());
    act::Entity::insert(row)
        .exec_without_returning(&txn)
        .await?;
    for chunk in new.articles.chunks(INSERT_BATCH) {
        let rows = chunk.iter().cloned().map(article::ActiveModel::from);
        article::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await
}

/// Every act, by kind, year and number.
pub async fn list_acts(db: &DatabaseConnection) -> Result<Vec<act::Model>, DbErr> {
    act::Entity::find()
        .order_by_asc(act::Column::Year)
        .order_by_asc(act::Column::Id)
        .all(db)
        .await
}

/// One act.
pub async fn find_act(db: &DatabaseConnection, id: &str) -> Result<Option<act::Model>, DbErr> {
    act::Entity::find_by_id(id.to_string()).one(db).await
}

/// The articles of an act, in order.
pub async fn articles_of(
    db: &DatabaseConnection,
    act_id: &str,
) -> Result<Vec<article::Model>, DbErr> {
    article::Entity::find()
        .filter(article::Column::ActId.eq(act_id.to_string()))
        .order_by_asc(article::Column::Position)
        .all(db)
        .await
}

/// One article.
pub async fn find_article(
    db: &DatabaseConnection,
    id: &str,
) -> Result<Option<article::Model>, DbErr> {
    article::Entity::find_by_id(id.to_string()).one(db).await
}

/// Several articles by id (for the citation sidebar of a lesson).
pub async fn find_articles(
    db: &DatabaseConnection,
    ids: &[String],
) -> Result<Vec<article::Model>, DbErr> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    article::Entity::find()
        .filter(article::Column::Id.is_in(ids.iter().cloned()))
        .all(db)
        .await
}

/// The neighbours of an article in its act: (previous, next) ids and labels.
pub async fn neighbours(
    db: &DatabaseConnection,
    article: &article::Model,
) -> Result<(Option<(String, String)>, Option<(String, String)>), DbErr> {
    let around = |position: i32| {
        article::Entity::find()
            .select_only()
            .column(article::Column::Id)
            .column(article::Column::Label)
            .filter(article::Column::ActId.eq(article.act_id.clone()))
            .filter(article::Column::Position.eq(position))
            .into_tuple::<(String, String)>()
            .one(db)
    };
    Ok((
        around(article.position - 1).await?,
        around(article.position + 1).await?,
    ))
}

/// Every article id, for content checks and link rendering.
pub async fn article_ids(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    article::Entity::find()
        .select_only()
        .column(article::Column::Id)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// Every article, act by act in position order (for the search index).
pub async fn all_articles(db: &DatabaseConnection) -> Result<Vec<article::Model>, DbErr> {
    article::Entity::find()
        .order_by_asc(article::Column::ActId)
        .order_by_asc(article::Column::Position)
        .all(db)
        .await
}

/// What tells one state of the library from another: each act's id and content hash,
/// sorted (one small query; the index compares it to see whether to rebuild).
pub async fn fingerprint(db: &DatabaseConnection) -> Result<String, DbErr> {
    let acts: Vec<(String, String)> = act::Entity::find()
        .select_only()
        .column(act::Column::Id)
        .column(act::Column::ContentHash)
        .order_by_asc(act::Column::Id)
        .into_tuple()
        .all(db)
        .await?;
    let joined: Vec<String> = acts
        .into_iter()
        .map(|(id, hash)| format!("{id}:{hash}"))
        .collect();
    Ok(crate::content::library::content_hash(&joined.join(",")))
}
