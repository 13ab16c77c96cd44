//! Municipalities (ISTAT list): the entity.

use sea_orm::entity::prelude::*;

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
