//! The search query log's table (`search_queries`; queries in `search::log`).

/// Table `search_queries`.
pub mod search_query {
    use sea_orm::entity::prelude::*;

    /// One query asked.
    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "search_queries")]
    pub struct Model {
        /// Row id.
        #[sea_orm(primary_key)]
        pub id: i64,
        /// The query, trimmed, lower case, spaces collapsed, at most 200 characters.
        pub query: String,
        /// Results found.
        pub results: i32,
        /// When.
        pub asked_at: DateTimeUtc,
    }

    /// No relations: the log knows no user.
    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
