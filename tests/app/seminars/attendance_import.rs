//! Importing a CSV sign-in sheet, through the API (`text/csv`) and the tutor's page
//! (a `multipart/form-data` upload with its CSRF token, or pasted text): the good rows
//! stored in one go with source `import`, each bad row named by line, e-mail and
//! reason; a sheet with only bad rows stores nothing; whole files refused (header,
//! empty, too many rows, too large, wrong media type) with a clear message.

use serde_json::Value;

use super::attendance::{Room, room, stored};
use crate::helpers::{TUTOR, csrf_in};

async fn post_csv(room: &Room, client: &reqwest::Client, csv: &[u8]) -> (u16, Value) {
    let response = client
        .post(room.app.url(&format!(
            "/api/v1/seminars/sessions/{}/attendance/import",
            room.session
        )))
        .header("content-type", "text/csv; charset=utf-8")
        .body(csv.to_vec())
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// The report's row at `line`.
fn row(report: &Value, line: u64) -> &Value {
    report["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["line"] == line)
        .unwrap_or_else(|| panic!("no row at line {line}: {report}"))
}

fn reason(report: &Value, line: u64) -> String {
    row(report, line)["reason"]
        .as_str()
        .unwrap_or_else(|| panic!("line {line} has no reason: {report}"))
        .to_string()
}

#[tokio::test]
async fn good_rows_are_stored_and_each_bad_row_is_named_with_its_reason() {
    let room = room().await;
    let app = &room.app;
    let tutor = app.client_as(TUTOR).await;
    // An Italian Excel export: a BOM, `;`, Italian column names and values.
    let sheet = "\u{feff}E-mail;Giorno;Metà;Presente;Nome\r\n\
        aula000@comune.test.it;1;mattina;sì;Discente 0\r\n\
        AULA001@comune.test.it;1;pm;x;Discente 1\r\n\
        aula002@comune.test.it;2;am;;Discente 2\r\n\
        nessuno@example.it;1;am;1;Sconosciuto\r\n\
        aula003@comune.test.it;1;am;1;In attesa\r\n\
        aula004@comune.test.it;1;am;1;Mai iscritto\r\n\
        aula000@comune.test.it;3;am;1;Giorno fuori\r\n\
        aula001@comune.test.it;1;sera;1;Mezza giornata\r\n\
        aula001@comune.test.it;2;am;forse;Valore\r\n\
        aula000@comune.test.it;1;am;1;Ripetuta\r\n\
        aula002@comune.test.it;2;pm;1;Contraddetta\r\n\
        aula002@comune.test.it;2;pm;0;Contraddice\r\n\
        ;1;am;1;Senza e-mail\r\n";
    let (status, report) = post_csv(&room, &tutor, sheet.as_bytes()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["applied"], 3, "{report}");
    assert_eq!(report["refused"], 10, "{report}");
    assert_eq!(report["changed"], 3);
    for line in [2, 3, 4] {
        assert_eq!(row(&report, line)["applied"], true, "line {line}");
    }
    let expected = [
        (5, "nessun account con questo indirizzo e-mail"),
        (6, "in lista d'attesa"),
        (7, "non è iscritto a questa sessione"),
        (8, "il giorno 3 non esiste: la sessione dura 2 giorni"),
        (9, "mezza giornata «sera» non valida"),
        (10, "valore «forse» non valido"),
        (
            11,
            "riga ripetuta: stesso discente, giorno e mezza giornata della riga 2",
        ),
        (12, "contraddetta dalla riga 13"),
        (
            13,
            "riga ripetuta: stesso discente, giorno e mezza giornata della riga 12",
        ),
        (14, "manca l'indirizzo e-mail"),
    ];
    for (line, words) in expected {
        let why = reason(&report, line);
        assert!(why.contains(words), "line {line}: {why}");
        assert_eq!(row(&report, line)["applied"], false);
    }
    assert_eq!(row(&report, 5)["email"], "nessuno@example.it");
    let [a, b, c] = room.seated[..] else {
        unreachable!()
    };
    assert_eq!(
        stored(app, room.session).await,
        [
            (a, 1, "am".into(), true),
            (b, 1, "pm".into(), true),
            (c, 2, "am".into(), false)
        ]
    );
    let history = aula::seminars::attendance::history(app.state.db(), room.session)
        .await
        .unwrap();
    assert_eq!(history.len(), 3);
    assert!(history.iter().all(|h| h.source == "import"));

    // The same sheet again changes nothing and adds no history.
    let (_, again) = post_csv(&room, &tutor, sheet.as_bytes()).await;
    assert_eq!(again["applied"], 3);
    assert_eq!(again["changed"], 0);
    assert_eq!(
        aula::seminars::attendance::history(app.state.db(), room.session)
            .await
            .unwrap()
            .len(),
        3
    );
}

#[tokio::test]
async fn a_sheet_with_only_bad_rows_stores_nothing() {
    let room = room().await;
    let tutor = room.app.client_as(TUTOR).await;
    let sheet = "email,day,half,present\n\
        aula003@comune.test.it,1,am,1\n\
        aula000@comune.test.it,9,am,1\n\
        aula001@comune.test.it,1,am,boh\n";
    let (status, report) = post_csv(&room, &tutor, sheet.as_bytes()).await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(report["applied"], 0);
    assert_eq!(report["refused"], 3);
    assert_eq!(report["changed"], 0);
    assert!(stored(&room.app, room.session).await.is_empty());
    assert!(
        aula::seminars::attendance::history(room.app.state.db(), room.session)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn whole_files_are_refused_with_a_clear_message() {
    let room = room().await;
    let tutor = room.app.client_as(TUTOR).await;
    let many = format!(
        "email,day,half,present\n{}",
        "aula000@comune.test.it,1,am,1\n".repeat(5_001)
    );
    let large = format!("email,day,half,present\n{}", "x".repeat(1024 * 1024));
    for (body, status, words) in [
        (
            "email,giorno,presente\na,1,1\n".to_string(),
            422,
            "mancano le colonne half",
        ),
        (String::new(), 422, "il file è vuoto"),
        (
            "email,day,half,present\n".to_string(),
            422,
            "il file è vuoto",
        ),
        (
            "email,day,half,present\na\u{0}b,1,am,1\n".to_string(),
            422,
            "caratteri di controllo",
        ),
        (many, 422, "più del limite di 5000"),
        (large, 413, "limite"),
    ] {
        let (got, answer) = post_csv(&room, &tutor, body.as_bytes()).await;
        assert_eq!(got, status, "{answer}");
        assert!(
            answer["error"]["message"].as_str().unwrap().contains(words),
            "{answer}"
        );
    }
    let wrong_type = tutor
        .post(room.app.url(&format!(
            "/api/v1/seminars/sessions/{}/attendance/import",
            room.session
        )))
        .json(&serde_json::json!({"email": "a"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong_type.status(), 415);
    assert!(stored(&room.app, room.session).await.is_empty());
}

/// A `multipart/form-data` body as a browser sends it: the CSRF token, a file, the
/// (empty) pasted text.
fn multipart(csrf: &str, file: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----AulaTestBoundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    body.extend_from_slice(
        format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n{csrf}\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"firme.csv\"\r\n\
             Content-Type: text/csv\r\n\r\n"
        )
        .as_bytes(),
    );
    body.extend_from_slice(file);
    body.extend_from_slice(
        format!(
            "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"testo\"\r\n\r\n\r\n--{boundary}--\r\n"
        )
        .as_bytes(),
    );
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_import_page_takes_an_upload_or_pasted_text_with_its_csrf_token() {
    let room = room().await;
    let app = &room.app;
    let tutor = app.client_as(TUTOR).await;
    let path = format!("/tutor/seminari/sessioni/{}/presenze/importa", room.session);
    let form = tutor.get(app.url(&path)).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains("enctype=\"multipart/form-data\""));
    let csrf = csrf_in(&html);

    // Windows-1252, as Excel saves it: "sì" is one byte.
    let file = b"email;giorno;meta;presente\r\naula000@comune.test.it;1;am;s\xec\r\naula003@comune.test.it;1;am;1\r\n";
    let (content_type, body) = multipart("falso", file);
    let forged = tutor
        .post(app.url(&path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 403, "a wrong CSRF token");
    assert!(stored(app, room.session).await.is_empty());

    let (content_type, body) = multipart(&csrf, file);
    let done = tutor
        .post(app.url(&path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(done.status(), 200);
    let html = done.text().await.unwrap();
    assert!(html.contains("1 riga registrata"), "{html}");
    assert!(html.contains("1 riga scartata"), "{html}");
    assert!(html.contains("id=\"riga-3\""), "{html}");
    assert!(html.contains("in lista d&#39;attesa"), "{html}");
    assert_eq!(
        stored(app, room.session).await,
        [(room.seated[0], 1, "am".into(), true)]
    );

    // Pasted text, from a form without a file.
    let pasted = tutor
        .post(app.url(&path))
        .form(&[
            ("csrf_token", csrf.as_str()),
            (
                "testo",
                "email,day,half,present\naula001@comune.test.it,2,pm,assente\n",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(pasted.status(), 200);
    assert!(
        pasted
            .text()
            .await
            .unwrap()
            .contains("1 presenza modificata")
    );
    assert_eq!(stored(app, room.session).await.len(), 2);

    // A file that is no sign-in sheet: the page says why, nothing is stored.
    let (content_type, body) = multipart(&csrf, b"nome,cognome\nMario,Rossi\n");
    let refused = tutor
        .post(app.url(&path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"import-errore\""), "{html}");
    assert!(
        html.contains("mancano le colonne email, day, half, present"),
        "{html}"
    );
    assert_eq!(stored(app, room.session).await.len(), 2);

    // Only bad rows: the report says nothing was stored.
    let bad = tutor
        .post(app.url(&path))
        .form(&[
            ("csrf_token", csrf.as_str()),
            (
                "testo",
                "email,day,half,present\nnessuno@example.it,1,am,1\n",
            ),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), 200);
    let html = bad.text().await.unwrap();
    assert!(html.contains("0 righe registrate"), "{html}");
    assert!(html.contains("non è stato registrato nulla"), "{html}");
    assert_eq!(stored(app, room.session).await.len(), 2);
}
