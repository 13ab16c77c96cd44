//! Editions of the programme and their eligibility rule: the municipalities of some
//! regions with more than a number of inhabitants.

use chrono::{NaiveDate, Utc};
use sea_orm::entity::prelude::*;
use sea_orm::{ActiveValue::Set, DatabaseConnection, QueryOrder, SqlErr};

use super::municipalities;
use crate::db::editions::{self, Column, Entity, Model};

/// What an admin gives to create an edition.
#[derive(Debug, Clone)]
pub struct NewEdition {
    /// Edition number.
    pub number: i32,
    /// Title.
    pub title: String,
    /// Region names as in the ISTAT list.
    pub regions: Vec<String>,
    /// Municipalities with more inhabitants than this are eligible.
    pub population_over: i32,
    /// First day.
    pub starts_on: Option<NaiveDate>,
    /// Last day.
    pub ends_on: Option<NaiveDate>,
}

/// Why an edition could not be created.
#[derive(Debug, thiserror::Error)]
pub enum EditionError {
    /// Invalid input, with the field to blame.
    #[error("{message}")]
    Invalid {
        /// The field.
        field: &'static str,
        /// What is wrong.
        message: String,
    },
    /// An edition with that number exists already.
    #[error("esiste già l'edizione numero {0}")]
    Duplicate(i32),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

fn invalid(field: &'static str, message: impl Into<String>) -> EditionError {
    EditionError::Invalid {
        field,
        message: message.into(),
    }
}

/// Creates an open edition after checking that every region exists in the list.
pub async fn add(db: &DatabaseConnection, new: NewEdition) -> Result<Model, EditionError> {
    if new.number <= 0 {
        return Err(invalid(
            "number",
            "il numero dell'edizione deve essere positivo",
        ));
    }
    if new.title.trim().is_empty() {
        return Err(invalid("title", "il titolo è obbligatorio"));
    }
    if new.population_over < 0 {
        return Err(invalid(
            "population_over",
            "la soglia di popolazione non può essere negativa",
        ));
    }
    if let (Some(start), Some(end)) = (new.starts_on, new.ends_on)
        && end < start
    {
        return Err(invalid(
            "ends_on",
            "la data di fine precede quella di inizio",
        ));
    }
    let regions: Vec<String> = new
        .regions
        .iter()
        .map(|r| r.trim().to_string())
        .filter(|r| !r.is_empty())
        .collect();
    if regions.is_empty() {
        return Err(invalid("regions", "indicare almeno una regione"));
    }
    let known = municipalities::regions(db).await?;
    if known.is_empty() {
        return Err(invalid(
            "regions",
            "l'elenco dei Comuni è vuoto: importarlo prima con «aula municipalities import»",
        ));
    }
    let unknown: Vec<&String> = regions.iter().filter(|r| !known.contains(r)).collect();
    if !unknown.is_empty() {
        return Err(invalid(
            "regions",
            format!(
                "regioni sconosciute: {} (i nomi sono quelli dell'elenco ISTAT, ad esempio «Trentino-Alto Adige/Südtirol»)",
                unknown
                    .iter()
                    .map(|r| format!("«{r}»"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        ));
    }
    let row = editions::ActiveModel {
        number: Set(new.number),
        title: Set(new.title.trim().to_string()),
        regions: Set(serde_json::to_string(&regions).unwrap_or_else(|_| "[]".into())),
        population_over: Set(new.population_over),
        starts_on: Set(new.starts_on),
        ends_on: Set(new.ends_on),
        open: Set(true),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    row.insert(db).await.map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => EditionError::Duplicate(new.number),
        _ => EditionError::Db(e),
    })
}

/// The municipalities eligible for an edition.
pub async fn eligible(
    db: &DatabaseConnection,
    edition: &Model,
) -> Result<Vec<municipalities::Model>, sea_orm::DbErr> {
    municipalities::eligible(db, &edition.region_list(), edition.population_over).await
}

/// Whether a municipality is eligible for an edition.
pub fn is_eligible(edition: &Model, municipality: &municipalities::Model) -> bool {
    municipality.population > edition.population_over
        && edition.region_list().contains(&municipality.region)
}

/// One edition by number.
pub async fn by_number(db: &DatabaseConnection, number: i32) -> Result<Option<Model>, DbErr> {
    Entity::find()
        .filter(Column::Number.eq(number))
        .one(db)
        .await
}

/// Every edition, newest first.
pub async fn all(db: &DatabaseConnection) -> Result<Vec<Model>, DbErr> {
    Entity::find().order_by_desc(Column::Number).all(db).await
}

/// The open editions.
pub async fn open(db: &DatabaseConnection) -> Result<Vec<Model>, DbErr> {
    Entity::find().filter(Column::Open.eq(true)).all(db).await
}

/// One edition by row id.
pub async fn by_id(db: &DatabaseConnection, id: i32) -> Result<Option<Model>, DbErr> {
    Entity::find_by_id(id).one(db).await
}
