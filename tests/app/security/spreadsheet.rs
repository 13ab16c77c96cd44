//! M5, formula injection: a learner whose name begins with `=`, `+`, `-` or `@` does
//! not run as a formula in any export, CSV or XLSX: the cell is text with a leading
//! `'`. Numbers stay numbers.

use std::io::Read;

use sea_orm::ConnectionTrait;

use crate::helpers::{ADMIN, LEARNER, OTHER_LEARNER, TestApp};

/// Names a spreadsheet would run, each given to a demo learner.
const NAMES: [(&str, &str); 4] = [
    (LEARNER, "=HYPERLINK(\"http://evil.example\",\"Apri\")"),
    (OTHER_LEARNER, "+39 010 555 1234"),
    ("sociali.savona@demo.aula.it", "-2+3+cmd|' /C calc'!A0"),
    ("pm.lecce@demo.aula.it", "@SUM(1+1)*cmd|' /C calc'!A0"),
];

/// The demo, with learners renamed as an attacker would name themselves.
async fn hostile_names() -> (TestApp, reqwest::Client) {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    for (email, name) in NAMES {
        app.state
            .db()
            .execute_unprepared(&format!(
                "UPDATE users SET name = '{}' WHERE email = '{email}'",
                name.replace('\'', "''")
            ))
            .await
            .unwrap();
    }
    let admin = app.client_as(ADMIN).await;
    (app, admin)
}

/// Whether a cell would start a formula, unless it is a plain number.
fn runs(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.trim().parse::<f64>().is_err()
}

#[tokio::test]
async fn csv_exports_write_formulas_as_text() {
    let (app, admin) = hostile_names().await;
    for path in [
        "/tutor/export/learners.csv",
        "/tutor/export/at-risk.csv",
        "/tutor/export/matrix.csv",
        "/tutor/export/overview.csv",
        "/api/v1/reports/learners.csv",
    ] {
        let response = admin.get(app.url(path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let text = response.text().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let cells: Vec<String> = reader
            .records()
            .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
            .collect();
        let running: Vec<&String> = cells.iter().filter(|c| runs(c)).collect();
        assert!(running.is_empty(), "{path} has formulas: {running:?}");
        if path.contains("learners") {
            for (_, name) in NAMES {
                assert!(
                    cells.contains(&format!("'{name}")),
                    "{path}: {name} as text in {cells:?}"
                );
            }
        }
    }
}

#[tokio::test]
async fn xlsx_exports_write_formulas_as_text_and_numbers_as_numbers() {
    let (app, admin) = hostile_names().await;
    let text = regex::Regex::new(r"<t(?: [^>]*)?>([^<]*)</t>").unwrap();
    let number_id = regex::Regex::new(r#"<c r="A2"(?: s="\d+")?><v>\d+</v></c>"#).unwrap();
    for table in ["learners", "at-risk", "matrix", "overview"] {
        let path = format!("/tutor/export/{table}.xlsx");
        let response = admin.get(app.url(&path)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        let bytes = response.bytes().await.unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        let mut xml = String::new();
        for name in ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"] {
            if let Ok(mut file) = archive.by_name(name) {
                file.read_to_string(&mut xml).unwrap();
            }
        }
        let strings: Vec<String> = text
            .captures_iter(&xml)
            .map(|c| {
                c[1].replace("&quot;", "\"")
                    .replace("&apos;", "'")
                    .replace("&lt;", "<")
                    .replace("&gt;", ">")
                    .replace("&amp;", "&")
            })
            .collect();
        let running: Vec<&String> = strings.iter().filter(|s| runs(s)).collect();
        assert!(running.is_empty(), "{path} has formulas: {running:?}");
        assert!(!xml.contains("<f>"), "{path} has a formula cell");
        if table == "learners" {
            for (_, name) in NAMES {
                assert!(
                    strings.contains(&format!("'{name}")),
                    "{path}: {name} as text in {strings:?}"
                );
            }
            // The learner id column is numbers, not text.
            assert!(number_id.is_match(&xml), "{path}: ids are numbers");
        }
    }
}
