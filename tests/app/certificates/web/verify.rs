//! The public verification: `/verify/{code}` for a valid, a revoked (with its date, not
//! its reason), a replaced (with a link to the new code), an unknown and a malformed
//! code, as the page and as the API; the `/verify` form; files checked by upload (the
//! genuine PDF and JSON, the PDF with one byte of its credential changed, garbage,
//! nothing, too much, no CSRF token) and through the API; the JWK Set.

use aula::certificates::actions;
use aula::certificates::downloads::MAX_UPLOAD;
use aula::certificates::{credential, seal};
use aula::render::dates::long_italian;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use super::super::{GENOVA, certified, fixture_app, today, user_id};
use super::{anonymous, check, escaped, paper};
use crate::helpers::ADMIN;

#[tokio::test]
async fn a_code_s_page_says_valid_revoked_replaced_or_unknown_with_only_the_paper_s_data() {
    let app = fixture_app().await;
    let db = app.state.db();
    let admin = user_id(&app, ADMIN).await;
    let (_, record) = certified(&app, GENOVA, "verifica").await;
    let c = &record.certificate;
    let client = anonymous();

    let page = client
        .get(app.url(&format!("/verify/{}", c.code)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Attestato valido"), "{html}");
    for shown in [&c.holder_name, &c.course_title, &c.edition_title, &c.code] {
        assert!(html.contains(&escaped(shown)), "«{shown}» in the page");
    }
    assert!(
        html.contains(&long_italian(c.completed_on)),
        "completion day"
    );
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));
    // Only what the paper shows: not where the holder lives, nor their address.
    assert!(!html.contains("Genova"), "the municipality is not shown");
    assert!(!html.contains("@comune.test.it"), "the e-mail is not shown");

    // Typed in lower case, with spaces around: the same certificate.
    let lower = client
        .get(app.url(&format!("/verify/%20{}%20", c.code.to_lowercase())))
        .send()
        .await
        .unwrap();
    assert_eq!(lower.status(), 200);
    assert!(lower.text().await.unwrap().contains("Attestato valido"));

    let api: serde_json::Value = client
        .get(app.url(&format!("/api/v1/verify/{}", c.code.to_lowercase())))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["status"], "valid");
    assert_eq!(api["code"], c.code.as_str());
    assert_eq!(api["holder_name"], c.holder_name.as_str());
    assert!(api.get("holder_municipality").is_none(), "{api}");

    // Revoked: the date, never the reason.
    let reason = "Frequenza non attestata dal Comune di appartenenza";
    actions::revoke(db, admin, &c.code, reason).await.unwrap();
    let page = client
        .get(app.url(&format!("/verify/{}", c.code)))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    let revoked = format!("Attestato revocato il {}", long_italian(today()));
    assert!(html.contains(&revoked), "«{revoked}» in:\n{html}");
    assert!(!html.contains("Attestato valido"));
    assert!(!html.contains(reason), "the reason stays private");
    let api: serde_json::Value = client
        .get(app.url(&format!("/api/v1/verify/{}", c.code)))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(api["status"], "revoked");
    assert!(api["revoked_at"].is_string(), "{api}");
    assert!(!api.to_string().contains(reason));

    // Replaced: a link to the new code, whose page says valid with the new name.
    let (_, other) = certified(&app, GENOVA, "sostituito").await;
    let old = other.certificate.code.clone();
    let new = actions::reissue(db, admin, &old, Some("Maria Rossi Bianchi"), "nome")
        .await
        .unwrap();
    let html = client
        .get(app.url(&format!("/verify/{old}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Attestato sostituito"), "{html}");
    assert!(
        html.contains(&format!(r#"<a href="/verify/{new}">{new}</a>"#)),
        "{html}"
    );
    let html = client
        .get(app.url(&format!("/verify/{new}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Attestato valido") && html.contains("Maria Rossi Bianchi"));

    // Unknown: a 404 with the page, which repeats the code.
    let unknown = client
        .get(app.url("/verify/AULA-0000-0000-0000"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
    let html = unknown.text().await.unwrap();
    assert!(html.contains("Attestato non trovato"), "{html}");
    assert!(html.contains("AULA-0000-0000-0000"));
    let api = client
        .get(app.url("/api/v1/verify/AULA-0000-0000-0000"))
        .send()
        .await
        .unwrap();
    assert_eq!(api.status(), 404);
    let api: serde_json::Value = api.json().await.unwrap();
    assert_eq!(api, serde_json::json!({"status": "unknown"}));

    // Malformed: 404 too, and what was typed is not shown back.
    let long = "A".repeat(5_000);
    for malformed in [
        "x",
        "AULA-IIII-0000-0000",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "'%20OR%201=1%20--",
        long.as_str(),
    ] {
        let answer = client
            .get(app.url(&format!("/verify/{malformed}")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 404, "{malformed}");
        let html = answer.text().await.unwrap();
        assert!(html.contains("non è un codice di attestato"), "{malformed}");
        assert!(!html.contains("<script>alert"), "{malformed}");
        assert!(!html.contains("AAAAAAAAAA"), "{malformed}");
        let api = client
            .get(app.url(&format!("/api/v1/verify/{malformed}")))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 404, "{malformed}");
    }
}

#[tokio::test]
async fn the_code_form_leads_to_the_code_s_page() {
    let app = fixture_app().await;
    let client = anonymous();
    let form = client.get(app.url("/verify")).send().await.unwrap();
    assert_eq!(form.status(), 200);
    let html = form.text().await.unwrap();
    assert!(html.contains(r#"<form method="get" action="/verify""#));
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    assert!(html.contains(r#"name="csrf_token""#));
    assert!(html.contains(r#"<meta name="robots" content="noindex">"#));

    for typed in [
        "AULA-7K3M-Q9X2-HF4T",
        "aula-7k3m-q9x2-hf4t",
        "%20aula%207k3m%20q9x2%20hf4t%20",
        "aula7k3mq9x2hf4t",
    ] {
        let answer = client
            .get(app.url(&format!("/verify?code={typed}")))
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 303, "{typed}");
        assert_eq!(
            answer.headers()["location"],
            "/verify/AULA-7K3M-Q9X2-HF4T",
            "{typed}"
        );
    }
    let refused = client
        .get(app.url("/verify?code=non%20ricordo"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("non è un codice di attestato"), "{html}");
    assert!(
        html.contains(r#"value="non ricordo""#),
        "what was typed stays"
    );
    // An empty code is the form again.
    let empty = client.get(app.url("/verify?code=")).send().await.unwrap();
    assert_eq!(empty.status(), 200);
}

#[tokio::test]
async fn an_uploaded_file_is_checked_against_its_signature_and_the_register() {
    let app = fixture_app().await;
    let db = app.state.db();
    let (_, record) = certified(&app, GENOVA, "caricato").await;
    let (record, pdf) = paper(&app, record).await;
    let client = anonymous();

    // The genuine PDF.
    let (status, html) = check(&app, &client, "attestato.pdf", &pdf).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Il file è autentico"), "{html}");
    assert!(html.contains("Attestato valido"));
    assert!(html.contains(&escaped(&record.certificate.holder_name)));

    // The same PDF with one byte of its credential changed (in the signature).
    let jws = record.credential.clone().unwrap();
    let at = jws.rfind('.').unwrap() + (jws.len() - jws.rfind('.').unwrap()) / 2;
    let mut bytes = jws.clone().into_bytes();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    let mut forged = record.clone();
    forged.credential = Some(String::from_utf8(bytes).unwrap());
    let tampered = seal::paper(app.state.issuing(), &forged).unwrap();
    assert_ne!(tampered, pdf);
    let (status, html) = check(&app, &client, "attestato.pdf", &tampered).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Firma non valida"), "{html}");
    assert!(!html.contains("Il file è autentico"));

    // The credential's JSON.
    let json = seal::json(&record);
    let (status, html) = check(&app, &client, "attestato.json", &json).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Il file è autentico"), "{html}");

    // Well signed by our key but not what was issued: another name under the same
    // code (mismatch, with the fields named), or a code the register does not have.
    let base = app.state.config().base_url();
    let mut other_name = record.certificate.clone();
    other_name.holder_name = "Mario Rossi".into();
    let renamed = credential::sign(app.state.keys(), &other_name, &base);
    let (status, html) = check(&app, &client, "credenziale.jws", renamed.as_bytes()).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("I dati non corrispondono al registro"),
        "{html}"
    );
    assert!(html.contains("<li>intestatario</li>"), "{html}");
    assert!(
        html.contains(&escaped(&record.certificate.holder_name)),
        "the register's"
    );
    let mut no_code = record.certificate.clone();
    no_code.code = "AULA-0000-0000-0000".into();
    let unregistered = credential::sign(app.state.keys(), &no_code, &base);
    let (status, html) = check(&app, &client, "credenziale.jws", unregistered.as_bytes()).await;
    assert_eq!(status, 200, "{html}");
    assert!(
        html.contains("Attestato non presente nel registro"),
        "{html}"
    );
    assert!(html.contains("AULA-0000-0000-0000"));

    // A PDF without a credential: unreadable, a 422 with the form again.
    let (status, html) = check(&app, &client, "carta.pdf", b"%PDF-1.7 solo la carta").await;
    assert_eq!(status, 422, "{html}");
    assert!(html.contains("File non leggibile"), "{html}");
    assert!(html.contains(r#"enctype="multipart/form-data""#));
    // Garbage: unreadable (422), or at most a signature that fails (how far the reader
    // gets is the credential's business); never genuine, never a 5xx.
    for garbage in [&b"\x00\x01\x02 niente"[..], b"{}", b"a.b.c"] {
        let (status, html) = check(&app, &client, "altro.pdf", garbage).await;
        match status {
            422 => assert!(html.contains("File non leggibile"), "{html}"),
            200 => assert!(html.contains("Firma non valida"), "{html}"),
            other => panic!("{other} for {garbage:?}:\n{html}"),
        }
        assert!(!html.contains("Il file è autentico"));
    }
    // No file chosen; a file too large; a form that is not multipart; no CSRF token.
    let (status, html) = check(&app, &client, "", b"").await;
    assert_eq!(status, 400);
    assert!(html.contains("Scegli il file da controllare"), "{html}");
    let (status, html) = check(&app, &client, "grande.pdf", &vec![b'%'; MAX_UPLOAD + 1]).await;
    assert_eq!(status, 413);
    assert!(html.contains("supera 1024 KB"), "{html}");
    let csrf = crate::helpers::csrf_in(
        &client
            .get(app.url("/verify"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let plain = client
        .post(app.url("/verify"))
        .form(&[("csrf_token", csrf.as_str()), ("file", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(plain.status(), 415);
    let (content_type, body) = super::form_body("falso", "attestato.pdf", &pdf);
    let forged_form = client
        .post(app.url("/verify"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(forged_form.status(), 403);

    // Revoked since: the file is genuine, and the page says it was revoked.
    let admin = user_id(&app, ADMIN).await;
    actions::revoke(db, admin, &record.certificate.code, "errore")
        .await
        .unwrap();
    let (status, html) = check(&app, &client, "attestato.pdf", &pdf).await;
    assert_eq!(status, 200);
    assert!(html.contains("Il file è autentico"));
    assert!(html.contains(&format!("Attestato revocato il {}", long_italian(today()))));

    // The API: the raw body, every verdict a 200 with its outcome.
    let api = |body: Vec<u8>| {
        client
            .post(app.url("/api/v1/verify"))
            .header("content-type", "application/octet-stream")
            .body(body)
            .send()
    };
    let genuine: serde_json::Value = api(pdf.clone()).await.unwrap().json().await.unwrap();
    assert_eq!(genuine["outcome"], "genuine", "{genuine}");
    assert_eq!(genuine["record"]["status"], "revoked");
    assert_eq!(genuine["record"]["code"], record.certificate.code.as_str());
    let bad: serde_json::Value = api(tampered).await.unwrap().json().await.unwrap();
    assert_eq!(bad["outcome"], "bad_signature", "{bad}");
    let jws_alone: serde_json::Value = api(jws.into_bytes()).await.unwrap().json().await.unwrap();
    assert_eq!(jws_alone["outcome"], "genuine", "{jws_alone}");
    let garbage = api(b"\x00garbage".to_vec()).await.unwrap();
    assert_eq!(garbage.status(), 200);
    let garbage: serde_json::Value = garbage.json().await.unwrap();
    assert!(
        garbage["outcome"] == "unreadable" || garbage["outcome"] == "bad_signature",
        "{garbage}"
    );
    assert_eq!(api(Vec::new()).await.unwrap().status(), 400);
    assert_eq!(api(vec![b'%'; MAX_UPLOAD + 1]).await.unwrap().status(), 413);
}

#[tokio::test]
async fn the_public_keys_are_published_as_a_jwk_set() {
    let app = fixture_app().await;
    let (_, record) = certified(&app, GENOVA, "chiavi").await;
    let (record, _) = paper(&app, record).await;
    let answer = anonymous()
        .get(app.url("/.well-known/jwks.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    assert_eq!(answer.headers()["content-type"], "application/jwk-set+json");
    assert_eq!(answer.headers()["cache-control"], "public, max-age=300");
    assert_eq!(answer.headers()["access-control-allow-origin"], "*");
    let jwks: serde_json::Value = answer.json().await.unwrap();
    let keys = jwks["keys"].as_array().expect("a `keys` array");
    assert!(!keys.is_empty());
    for key in keys {
        assert_eq!(key["kty"], "OKP", "{key}");
        assert_eq!(key["crv"], "Ed25519", "{key}");
        let x = URL_SAFE_NO_PAD
            .decode(key["x"].as_str().expect("x"))
            .expect("x in base64url");
        assert_eq!(x.len(), 32, "an Ed25519 public key");
        assert!(key["kid"].as_str().is_some_and(|k| !k.is_empty()));
        assert!(key.get("d").is_none(), "never the private part");
    }
    // The key that signed a credential is among them.
    let jws = record.credential.unwrap();
    let header: serde_json::Value = serde_json::from_slice(
        &URL_SAFE_NO_PAD
            .decode(jws.split('.').next().unwrap())
            .unwrap(),
    )
    .unwrap();
    assert!(
        keys.iter().any(|k| k["kid"] == header["kid"]),
        "{header} among {jwks}"
    );
}

#[tokio::test]
async fn the_certificate_api_is_in_the_openapi_document() {
    let app = crate::helpers::TestApp::spawn().await;
    let doc: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    for (path, method) in [
        ("/api/v1/verify/{code}", "get"),
        ("/api/v1/verify", "post"),
        ("/api/v1/me/certificates", "get"),
    ] {
        let operation = &doc["paths"][path][method];
        assert_eq!(operation["tags"][0], "certificates", "{method} {path}");
        assert!(operation["responses"]["200"].is_object(), "{method} {path}");
    }
    for schema in [
        "CertificateLookup",
        "CertificateFileCheck",
        "MyCertificates",
        "CertificateEntry",
        "CertificateLinks",
    ] {
        assert!(
            doc["components"]["schemas"][schema].is_object(),
            "schema {schema}"
        );
    }
}
