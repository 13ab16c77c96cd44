//! Every table of the database is either a table of personal data (exported and
//! erased) or named as holding none, with the reason: a new table cannot be forgotten
//! by the export, the erasure or the record of processing.

use std::collections::BTreeSet;

use aula::privacy::tables::{NOT_PERSONAL, PERSONAL, THROTTLE_TABLE};

#[tokio::test]
async fn every_table_is_classified_and_every_query_runs() {
    let app = crate::helpers::TestApp::spawn().await;
    let db = app.state.db();
    let tables: BTreeSet<String> = aula::privacy::record::database_tables(db)
        .await
        .unwrap()
        .into_iter()
        .collect();
    let classified: BTreeSet<String> = PERSONAL
        .iter()
        .map(|t| t.name.to_string())
        .chain(NOT_PERSONAL.iter().map(|(t, _)| t.to_string()))
        .chain([THROTTLE_TABLE.to_string()])
        .collect();
    assert_eq!(
        tables, classified,
        "tables of the database vs tables classified"
    );
    // Every query of a person's rows runs, on this database.
    let data = aula::privacy::export::collect(db, 1).await.unwrap();
    assert_eq!(data.tables.len(), PERSONAL.len());
    // The record of processing names every personal table with its columns.
    let record = aula::privacy::record::markdown(db, app.state.config())
        .await
        .unwrap();
    for table in PERSONAL {
        assert!(
            record.contains(&format!("`{}`:", table.name)),
            "{} in the record",
            table.name
        );
    }
    assert!(record.contains("password_hash (segreto, mai esportato)"));
}
