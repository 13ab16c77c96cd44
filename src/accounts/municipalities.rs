//! Municipalities (ISTAT list): importing it (all rows or none), and the queries of
//! the eligibility rule and the admin pages.

use std::path::Path;

use sea_orm::entity::prelude::*;
use sea_orm::sea_query::OnConflict;
use sea_orm::{DatabaseConnection, QueryOrder};

use super::IstatCode;
pub use crate::db::municipalities::Model;
use crate::db::municipalities::{ActiveModel, Column, Entity};

/// The header of the ISTAT list, in order.
pub const HEADER: [&str; 9] = [
    "codice_istat",
    "denominazione",
    "codice_catastale",
    "provincia",
    "sigla",
    "regione",
    "codice_regione",
    "ripartizione",
    "popolazione_2011",
];

/// A problem in the file, with its 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Line in the file.
    pub line: u64,
    /// What is wrong.
    pub message: String,
}

/// Outcome of an import.
#[derive(Debug)]
pub enum ImportOutcome {
    /// Every row was valid and upserted.
    Imported(usize),
    /// Some rows were invalid; nothing was written.
    Rejected(Vec<RowError>),
}

/// Reads and validates the file, then upserts every row in one transaction, or
/// nothing if any row is invalid.
pub async fn import(db: &DatabaseConnection, path: &Path) -> anyhow::Result<ImportOutcome> {
    let file = std::fs::File::open(path).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
    match parse(file) {
        Ok(rows) => Ok(ImportOutcome::Imported(upsert_all(db, rows).await?)),
        Err(errors) => Ok(ImportOutcome::Rejected(errors)),
    }
}

/// Parses and validates every row; returns all the problems found.
pub fn parse(reader: impl std::io::Read) -> Result<Vec<Model>, Vec<RowError>> {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(reader);
    let mut errors = Vec::new();
    match csv.headers() {
        Ok(header) => {
            let found: Vec<&str> = header.iter().map(str::trim).collect();
            if found != HEADER {
                return Err(vec![RowError {
                    line: 1,
                    message: format!(
                        "intestazione attesa «{}», trovata «{}»",
                        HEADER.join(","),
                        found.join(",")
                    ),
                }]);
            }
        }
        Err(e) => {
            return Err(vec![RowError {
                line: 1,
                message: format!("intestazione illeggibile: {e}"),
            }]);
        }
    }
    let mut rows = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for record in csv.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(RowError {
                    line,
                    message: format!("riga illeggibile: {e}"),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        match row(&record) {
            Ok(model) => {
                if seen.insert(model.istat.clone()) {
                    rows.push(model);
                } else {
                    errors.push(RowError {
                        line,
                        message: format!("codice ISTAT ripetuto: {}", model.istat),
                    });
                }
            }
            Err(message) => errors.push(RowError { line, message }),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn row(record: &csv::StringRecord) -> Result<Model, String> {
    if record.len() != HEADER.len() {
        return Err(format!("{} campi invece di {}", record.len(), HEADER.len()));
    }
    let field = |i: usize| record.get(i).unwrap_or_default().trim().to_string();
    let istat = IstatCode::parse(&field(0))?;
    let name = field(1);
    if name.is_empty() {
        return Err("denominazione vuota".into());
    }
    let region = field(5);
    if region.is_empty() {
        return Err("regione vuota".into());
    }
    let population: i32 = field(8)
        .parse()
        .ok()
        .filter(|p| *p >= 0)
        .ok_or_else(|| format!("popolazione non valida: «{}»", field(8)))?;
    Ok(Model {
        istat: istat.as_str().to_string(),
        name,
        cadastral_code: field(2),
        province: field(3),
        province_code: field(4),
        region,
        region_code: field(6),
        area: field(7),
        population,
    })
}

/// Inserts or updates every row in one transaction; returns the number of rows.
pub async fn upsert_all(db: &DatabaseConnection, rows: Vec<Model>) -> Result<usize, DbErr> {
    let count = rows.len();
    let txn = crate::db::tx::begin_write(db).await?;
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

/// Rows per statement, under SQLite's parameter limit.
const BATCH: usize = 500;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let csv = "codice_istat,denominazione,codice_catastale,provincia,sigla,regione,codice_regione,ripartizione,popolazione_2011\n\
001001,Agliè,A074,Torino,TO,Piemonte,01,Nord-ovest,2644\n\
00x002,Airasca,A109,Torino,TO,Piemonte,01,Nord-ovest,3804\n\
001003,Ala di Stura,A117,Torino,TO,Piemonte,01,Nord-ovest,molti\n\
001004,Albiano d'Ivrea,A157,Torino,TO,Piemonte,01\n";
        let errors = parse(csv.as_bytes()).expect_err("three bad rows");
        let lines: Vec<u64> = errors.iter().map(|e| e.line).collect();
        assert_eq!(lines, [3, 4, 5]);
    }

    #[test]
    fn a_wrong_header_is_refused() {
        let errors = parse("istat,nome\n1,x\n".as_bytes()).expect_err("header");
        assert_eq!(errors[0].line, 1);
    }
}
