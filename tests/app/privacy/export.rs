//! The export of one's data: asked from the profile, prepared in the background,
//! announced by e-mail, downloaded as a ZIP whose JSON holds, table by table, exactly
//! the rows the database holds of the person, and nothing of another learner.

use std::collections::BTreeMap;
use std::io::Read;

use sea_orm::ConnectionTrait;

use super::{client_for, full_history, post_form, wait_for_link};

#[tokio::test]
async fn the_zip_holds_every_row_of_the_learner_and_nothing_of_anyone_else() {
    let app = crate::seminars::fixture_app().await;
    let a = full_history(&app, "esporta").await;
    let b = full_history(&app, "altro").await;
    let client = client_for(&app, a.id).await;
    let asked = post_form(
        &app,
        &client,
        "/profilo/dati",
        "/profilo/dati/esportazione",
        &[],
    )
    .await;
    assert_eq!(asked.status(), 303);

    // Prepared in the background: the page offers the file when it is ready.
    let link = wait_for_link(
        &app,
        &client,
        "/profilo/dati",
        "/profilo/dati/esportazioni/",
    )
    .await
    .expect("the export is prepared");
    let response = client.get(app.url(&link)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"], "application/zip");
    let bytes = response.bytes().await.unwrap();
    // Nobody else downloads it.
    let other = client_for(&app, b.id).await;
    assert_eq!(
        other.get(app.url(&link)).send().await.unwrap().status(),
        404
    );

    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut text = String::new();
        file.read_to_string(&mut text).unwrap();
        files.insert(file.name().to_string(), text);
    }
    assert!(files.contains_key("LEGGIMI.txt"), "{:?}", files.keys());
    let json: serde_json::Value = serde_json::from_str(&files["dati.json"]).unwrap();
    let tables = json["tables"].as_object().unwrap();

    // Every table with a column naming the person: the same rows, by count and by id.
    let db = app.state.db();
    let backend = db.get_database_backend();
    let mut checked = 0;
    for table in aula::privacy::record::database_tables(db).await.unwrap() {
        let columns = aula::privacy::record::table_columns(db, &table)
            .await
            .unwrap();
        let owner = match table.as_str() {
            "personal_data_views" => "learner_id",
            "users" => "id",
            _ if columns.iter().any(|c| c == "user_id") => "user_id",
            _ => continue,
        };
        let has_id = columns.iter().any(|c| c == "id");
        let select = if has_id { "CAST(id AS TEXT)" } else { "'-'" };
        // The e-mail announcing the export is queued after the ZIP was written.
        let later = if table == "outbox" {
            " AND rule <> 'privacy-export'"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {select} AS v FROM {table} WHERE {owner} = {}{later} ORDER BY 1",
            a.id
        );
        let rows = db
            .query_all_raw(sea_orm::Statement::from_string(backend, sql))
            .await
            .unwrap();
        let exported = tables
            .get(&table)
            .unwrap_or_else(|| panic!("{table} holds rows of people but is not exported"))
            .as_array()
            .unwrap();
        assert_eq!(exported.len(), rows.len(), "rows of {table}");
        if has_id {
            let mut in_db: Vec<String> = rows
                .iter()
                .map(|r| r.try_get::<String>("", "v").unwrap())
                .collect();
            let mut in_zip: Vec<String> = exported.iter().map(|r| r["id"].to_string()).collect();
            in_db.sort();
            in_zip.sort();
            assert_eq!(in_zip, in_db, "ids of {table}");
        }
        if !rows.is_empty() {
            checked += 1;
            assert!(
                files.contains_key(&format!("csv/{table}.csv")),
                "csv of {table}"
            );
        }
    }
    assert!(
        checked >= 12,
        "a full history touches most tables ({checked})"
    );
    for (table, through) in [
        ("quiz_answers", "quiz_attempts"),
        ("certificate_events", "certificates"),
    ] {
        let key = if table == "quiz_answers" {
            "attempt_id"
        } else {
            "certificate_id"
        };
        let sql = format!(
            "SELECT COUNT(*) AS n FROM {table} WHERE {key} IN (SELECT id FROM {through} WHERE user_id = {})",
            a.id
        );
        let n: i64 = db
            .query_one_raw(sea_orm::Statement::from_string(backend, sql))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "n")
            .unwrap();
        assert!(n > 0, "{table} has rows of the person");
        assert_eq!(
            tables[table].as_array().unwrap().len() as i64,
            n,
            "rows of {table}"
        );
    }

    // The person is in it; the other learner nowhere, in no file.
    assert!(files["dati.json"].contains(&a.email));
    assert_eq!(json["tables"]["users"][0]["name"], a.name.as_str());
    assert!(
        json["tables"]["users"][0].get("password_hash").is_none(),
        "no hash leaves"
    );
    for (name, text) in &files {
        for value in b.values() {
            assert!(
                !text.contains(&value),
                "{name} holds {value} of another learner"
            );
        }
    }
    // The tutor's look at the learner is in the access log of the export.
    let views = tables["personal_data_views"].as_array().unwrap();
    assert!(
        views.iter().any(|v| v["viewer_role"] == "tutor"),
        "{views:?}"
    );
    // And the learner was told by e-mail.
    let mails = crate::seminars::outbox_of(&app, "privacy-export").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].to_email, a.email);
}

#[tokio::test]
async fn an_admin_prepares_the_same_export_for_a_request_on_paper() {
    let app = crate::seminars::fixture_app().await;
    let a = full_history(&app, "carta").await;
    let admin = app.client_as(crate::helpers::ADMIN).await;
    let page = format!("/admin/privacy/utenti/{}", a.id);
    let asked = post_form(&app, &admin, &page, &format!("{page}/esportazione"), &[]).await;
    assert_eq!(asked.status(), 303);
    let link = wait_for_link(&app, &admin, &page, "/admin/privacy/esportazioni/")
        .await
        .expect("the export is prepared");
    let response = admin.get(app.url(&link)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let bytes = response.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut json = String::new();
    zip.by_name("dati.json")
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    assert!(json.contains(&a.email));
    // Not announced to the learner (the admin answers the paper request); logged.
    assert!(
        crate::seminars::outbox_of(&app, "privacy-export")
            .await
            .is_empty()
    );
    let log = aula::privacy::access_log::page(app.state.db(), Some(a.id), 1)
        .await
        .unwrap();
    assert!(
        log.entries
            .iter()
            .any(|e| e.kind == "export" && e.viewer_role == "admin"),
        "{log:?}"
    );
}
