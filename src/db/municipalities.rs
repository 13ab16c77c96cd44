//! Municipalities (ISTAT list) and the queries of the eligibility rule.

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, QueryOrder, TransactionTrait};

/// A municipality.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "municipalities")]
pub struct Model {
    /// 6-digit ISTAT code.
    #[sea_orm(primary_key, auto_increment = false)]
    pub istat: String,
    /// Name (denominazione).
    pub name: String,
    /// Cadastral code.
    pub cadastral_code: String,
    /// Province name.
    pub province: String,
    /// Province abbreviation (sigla).
    pub province_code: String,
    /// Region name as in the ISTAT list.
    pub region: String,
    /// Region code.
    pub region_code: String,
    /// Geographic area (ripartizione).
    pub area: String,
    /// 2011 census population.
    pub population: i32,
}

/// No relations declared: users refer to municipalities by code.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// Rows per statement, under SQLite's parameter limit.
const BATCH: usize = 500;

/// Inserts or updates every row in one transaction; returns the number of rows.
pub async fn upsert_all(db: &DatabaseConnection, rows: Vec<Model>) -> Result<usize, DbErr> {
    let count = rows.len();
    let txn = db.begin().await?;
    for chunk in rows.chunks(BATCH) {
        Entity::insert_many(chunk.iter().cloned().map(ActiveModel::from))
            .on_conflict(
                OnConflict::column(Column::Istat)
                    .update_columns([
                        Column::Name,
                        Column::CadastralCode,
                        Column::Province,
                        Column::ProvinceCode,
                        Column::Region,
                        Column::RegionCode,
                        Column::Area,
                        Column::Population,
                    ])
                    .to_owned(),
            )
            .exec_without_returning(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(count)
}

/// Municipalities of `regions` with more than `population_over` inhabitants, by region
/// and name.
pub async fn eligible(
    db: &DatabaseConnection,
    regions: &[String],
    population_over: i32,
) -> Result<Vec<Model>, DbErr> {
    Entity::find()
        .filter(Column::Region.is_in(regions.iter().cloned()))
        .filter(Column::Population.gt(population_over))
        .order_by_asc(Column::Region)
        .order_by_asc(Column::Name)
        .all(db)
        .await
}

/// The region names known to the list.
pub async fn regions(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    regions_on(db).await
}

/// The region names known to the list, on any connection.
pub async fn regions_on<C: sea_orm::ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    use sea_orm::QuerySelect;
    Entity::find()
        .select_only()
        .column(Column::Region)
        .distinct()
        .order_by_asc(Column::Region)
        .into_tuple::<String>()
        .all(db)
        .await
}

/// One municipality.
pub async fn find(db: &DatabaseConnection, istat: &str) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(istat.to_string()).one(db).await
}

/// A page of municipalities whose name contains `query` (case-insensitive), with
/// the total count.
pub async fn search(
    db: &DatabaseConnection,
    query: &str,
    page: u64,
    per_page: u64,
) -> Result<(Vec<Model>, u64), DbErr> {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    use sea_orm::{PaginatorTrait, QueryFilter};
    let mut select = Entity::find().order_by_asc(Column::Name);
    if !query.trim().is_empty() {
        let pattern = format!("%{}%", query.trim().to_lowercase());
        select = select.filter(
            Expr::expr(Func::lower(Expr::col(Column::Name)))
                .like(pattern.clone())
                .or(Column::Istat.like(pattern)),
        );
    }
    let paginator = select.paginate(db, per_page);
    let total = paginator.num_items().await?;
    Ok((paginator.fetch_page(page).await?, total))
}
