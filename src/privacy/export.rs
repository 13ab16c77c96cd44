//! A person's data, taken away (GDPR arts. 15 and 20): every row of theirs in every
//! table of `tables::PERSONAL`, as one JSON document (machine-readable) and one CSV
//! file per table (readable in a spreadsheet), in a ZIP with a guide.

use std::io::Write;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, JsonValue};
use serde_json::{Map, Value};

use super::tables::{PERSONAL, PersonalTable};
use crate::db::sql::Sql;

/// One person's rows of one table.
#[derive(Debug, Clone)]
pub struct TableRows {
    /// The table.
    pub table: &'static PersonalTable,
    /// Its rows, column by column (hidden columns left out), in the table's order.
    pub rows: Vec<Map<String, Value>>,
}

/// Everything Aula holds about one person.
#[derive(Debug, Clone)]
pub struct PersonalData {
    /// Their account id.
    pub user_id: i32,
    /// When it was read.
    pub read_at: DateTime<Utc>,
    /// One entry per personal table, empty ones included.
    pub tables: Vec<TableRows>,
}

/// The statement of `table`'s rows of `user_id`.
pub(super) fn select(sql: &mut Sql, table: &PersonalTable, user_id: i32) {
    let mut parts = table.select.split("{user}");
    if let Some(first) = parts.next() {
        sql.push(first);
    }
    for part in parts {
        sql.bind(user_id).push(part);
    }
}

/// Reads every row of `user_id` in every personal table (at one moment when `db` is a
/// transaction).
pub async fn collect<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<PersonalData, DbErr> {
    let mut tables = Vec::with_capacity(PERSONAL.len());
    for table in PERSONAL {
        let mut sql = Sql::new(db.get_database_backend());
        select(&mut sql, table, user_id);
        let rows = db.query_all_raw(sql.build()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            let JsonValue::Object(mut object) = JsonValue::from_query_result(row, "")? else {
                continue;
            };
            for hidden in table.hidden {
                object.remove(*hidden);
            }
            out.push(object);
        }
        tables.push(TableRows { table, rows: out });
    }
    Ok(PersonalData {
        user_id,
        read_at: Utc::now(),
        tables,
    })
}

impl PersonalData {
    /// The rows of `table`.
    pub fn rows(&self, table: &str) -> &[Map<String, Value>] {
        self.tables
            .iter()
            .find(|t| t.table.name == table)
            .map_or(&[], |t| t.rows.as_slice())
    }

    /// The whole as one JSON document: `{"user_id", "exported_at", "tables": {name: [rows]}}`.
    pub fn to_json(&self) -> Value {
        let tables: Map<String, Value> = self
            .tables
            .iter()
            .map(|t| {
                let rows = t.rows.iter().cloned().map(Value::Object).collect();
                (t.table.name.to_string(), Value::Array(rows))
            })
            .collect();
        serde_json::json!({
            "user_id": self.user_id,
            "exported_at": self.read_at.to_rfc3339(),
            "tables": tables,
        })
    }

    /// The ZIP: `dati.json`, `csv/<table>.csv` for every table with rows, and
    /// `LEGGIMI.txt` (the `guide`, in the person's language).
    pub fn to_zip(&self, guide: &str) -> anyhow::Result<Vec<u8>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("LEGGIMI.txt", options)?;
        zip.write_all(guide.as_bytes())?;
        zip.start_file("dati.json", options)?;
        zip.write_all(&serde_json::to_vec_pretty(&self.to_json())?)?;
        for table in &self.tables {
            if table.rows.is_empty() {
                continue;
            }
            zip.start_file(format!("csv/{}.csv", table.table.name), options)?;
            zip.write_all(&csv_of(&table.rows)?)?;
        }
        Ok(zip.finish()?.into_inner())
    }
}

/// Rows as CSV: a header of the columns (in the first row's order), then each row;
/// text that a spreadsheet would run as a formula gets a leading `'` (the reports'
/// rule); numbers are written as numbers.
fn csv_of(rows: &[Map<String, Value>]) -> anyhow::Result<Vec<u8>> {
    let columns: Vec<&String> = rows.first().map(|r| r.keys().collect()).unwrap_or_default();
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(columns.iter().map(|c| c.as_str()))?;
    for row in rows {
        out.write_record(columns.iter().map(|c| cell(row.get(*c))))?;
    }
    Ok(out.into_inner()?)
}

fn cell(value: Option<&Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => crate::reports::export::cell_text(s).into_owned(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_defused_and_numbers_are_not() {
        assert_eq!(
            cell(Some(&Value::from("=HYPERLINK(\"x\")"))),
            "'=HYPERLINK(\"x\")"
        );
        assert_eq!(cell(Some(&Value::from("-3 giorni"))), "'-3 giorni");
        assert_eq!(cell(Some(&Value::from(-3))), "-3");
        assert_eq!(cell(None), "");
    }
}
