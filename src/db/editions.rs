//! Programme editions: dates, regions and the population threshold of eligibility.

use sea_orm::entity::prelude::*;

/// An edition.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "editions")]
pub struct Model {
    /// Row id.
    #[sea_orm(primary_key)]
    pub id: i32,
    /// Edition number (4 for the 4th edition).
    #[sea_orm(unique)]
    pub number: i32,
    /// Title.
    pub title: String,
    /// JSON array of region names as in the ISTAT list.
    pub regions: String,
    /// Municipalities with more inhabitants than this are eligible.
    pub population_over: i32,
    /// First day.
    pub starts_on: Option<chrono::NaiveDate>,
    /// Last day (the deadline of its courses).
    pub ends_on: Option<chrono::NaiveDate>,
    /// Whether learners are enrolled in it.
    pub open: bool,
    /// When it was created.
    pub created_at: DateTimeUtc,
}

/// Relations.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The region names.
    pub fn region_list(&self) -> Vec<String> {
        serde_json::from_str(&self.regions).unwrap_or_default()
    }
}
