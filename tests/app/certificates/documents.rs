//! The paper and the credential: the PDF's text (extracted with `pdf-extract`) carries
//! the name, course, hours and code; the credential attached to it verifies with the
//! published key (checked here with ed25519-dalek from the JWK Set, apart from Aula's
//! own verifier) and fails after any one changed byte; a checked upload matches the
//! record; the learner is told once (whichever announcer runs), with the link to the
//! PDF.

use aula::certificates::verify::{self, FileCheck, Lookup};
use aula::certificates::{announce, seal, store};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::{Signature, Verifier, VerifyingKey};

use super::{certified, fixture_app};

/// Verifies a compact JWS with the keys of a JWK Set document, by its `kid`.
fn verifies_with(jwks: &serde_json::Value, jws: &str) -> bool {
    let parts: Vec<&str> = jws.split('.').collect();
    if parts.len() != 3 {
        return false;
    }
    let Ok(header) = URL_SAFE_NO_PAD.decode(parts[0]) else {
        return false;
    };
    let Ok(header) = serde_json::from_slice::<serde_json::Value>(&header) else {
        return false;
    };
    if header["alg"] != "EdDSA" {
        return false;
    }
    let Some(key) = jwks["keys"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["kid"] == header["kid"])
    else {
        return false;
    };
    assert_eq!(key["kty"], "OKP");
    assert_eq!(key["crv"], "Ed25519");
    let x: [u8; 32] = URL_SAFE_NO_PAD
        .decode(key["x"].as_str().unwrap())
        .unwrap()
        .try_into()
        .unwrap();
    let key = VerifyingKey::from_bytes(&x).unwrap();
    let Ok(signature) = URL_SAFE_NO_PAD.decode(parts[2]) else {
        return false;
    };
    let Ok(signature) = Signature::from_slice(&signature) else {
        return false;
    };
    key.verify(format!("{}.{}", parts[0], parts[1]).as_bytes(), &signature)
        .is_ok()
}

#[tokio::test]
async fn the_pdf_shows_the_paper_and_carries_a_credential_signed_with_the_published_key() {
    let app = fixture_app().await;
    let db = app.state.db();
    let (_, record) = certified(&app, super::GENOVA, "pdf").await;
    let record = seal::seal(db, app.state.issuing(), record).await.unwrap();
    let pdf = seal::paper(app.state.issuing(), &record).unwrap();
    assert!(pdf.starts_with(b"%PDF"));
    assert!(
        pdf.len() <= 100 * 1024,
        "one PDF ≤ 100 KB: {} bytes",
        pdf.len()
    );

    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let c = &record.certificate;
    for expected in [&c.holder_name, &c.course_title, &c.code] {
        assert!(flat.contains(expected.as_str()), "«{expected}» in:\n{flat}");
    }
    // The fixture course's duration appears, in hours or, under one, in minutes.
    assert!(
        flat.contains(" ore") || flat.contains(" ora") || flat.contains(" minuti"),
        "hours in:\n{flat}"
    );
    assert!(flat.contains("Genova"), "municipality in:\n{flat}");

    // The credential inside, against the published keys of the JWK Set.
    let jws = verify::read_jws(&pdf).unwrap();
    assert_eq!(
        Some(&jws),
        record.credential.as_ref(),
        "the stored credential"
    );
    let keys = aula::certificates::keys::published(db).await.unwrap();
    let jwks = aula::certificates::keys::jwks(&keys);
    assert!(verifies_with(&jwks, &jws));
    // One changed byte anywhere (header, payload, signature) and it fails.
    for at in [
        3,
        jws.len() / 3,
        jws.len() / 2,
        jws.len() * 2 / 3,
        jws.len() - 3,
    ] {
        let mut bytes = jws.clone().into_bytes();
        bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(bytes).unwrap();
        assert!(!verifies_with(&jwks, &tampered), "changed at {at}");
        assert!(
            aula::certificates::credential::verify(&tampered, &keys).is_err(),
            "Aula's verifier refuses the change at {at}"
        );
    }

    // The PDF checked as an upload: genuine, and valid.
    match verify::file(db, &pdf).await.unwrap() {
        FileCheck::Genuine { record, .. } => assert!(matches!(record, Lookup::Valid(_))),
        other => panic!("expected genuine, got {other:?}"),
    }
    // The JSON file too.
    let json = seal::json(&record);
    assert!(matches!(
        verify::file(db, &json).await.unwrap(),
        FileCheck::Genuine { .. }
    ));
    // A credential whose payload was edited is refused; garbage is unreadable.
    let mut parts: Vec<String> = jws.split('.').map(str::to_string).collect();
    let mut payload: serde_json::Value =
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(&parts[1]).unwrap()).unwrap();
    let edited = payload.to_string().replace(&c.holder_name, "Mario Rossi");
    payload = serde_json::from_str(&edited).unwrap();
    parts[1] = URL_SAFE_NO_PAD.encode(payload.to_string());
    let forged = parts.join(".");
    assert!(matches!(
        verify::file(db, forged.as_bytes()).await.unwrap(),
        FileCheck::BadSignature { .. }
    ));
    assert!(matches!(
        verify::file(db, b"%PDF-1.7 nothing here").await.unwrap(),
        FileCheck::Unreadable { .. }
    ));
    assert!(matches!(
        verify::file(db, b"\x00\x01 not a credential")
            .await
            .unwrap(),
        FileCheck::Unreadable { .. } | FileCheck::BadSignature { .. }
    ));
}

#[tokio::test]
async fn a_replaced_certificate_s_file_is_genuine_and_says_replaced() {
    let app = fixture_app().await;
    let db = app.state.db();
    let admin = super::user_id(&app, crate::helpers::ADMIN).await;
    let (_, record) = certified(&app, super::GENOVA, "vecchio").await;
    let record = seal::seal(db, app.state.issuing(), record).await.unwrap();
    let pdf = seal::paper(app.state.issuing(), &record).unwrap();
    aula::certificates::actions::reissue(db, admin, &record.certificate.code, None, "nome")
        .await
        .unwrap();
    match verify::file(db, &pdf).await.unwrap() {
        FileCheck::Genuine { record, .. } => assert!(matches!(record, Lookup::Replaced(_))),
        other => panic!("expected genuine and replaced, got {other:?}"),
    }
}

#[tokio::test]
async fn the_learner_is_told_once_with_the_link_to_the_pdf() {
    let app = fixture_app().await;
    let db = app.state.db();
    let (learner, record) = certified(&app, super::GENOVA, "avviso").await;
    // The server's own announcer may get there first (it runs every few seconds):
    // between the two, one e-mail.
    announce::run(db, app.state.mailer(), app.state.issuing())
        .await
        .unwrap();
    assert_eq!(
        announce::run(db, app.state.mailer(), app.state.issuing())
            .await
            .unwrap(),
        0
    );
    let mails = crate::seminars::outbox_of(&app, "certificate-issued").await;
    assert_eq!(mails.len(), 1);
    assert_eq!(mails[0].user_id, Some(learner));
    let code = &record.certificate.code;
    assert!(
        mails[0]
            .body_text
            .contains(&format!("/attestati/{code}.pdf"))
    );
    assert!(mails[0].body_text.contains(&format!("/verify/{code}")));
    // Announcing sealed it.
    let sealed = store::find(db, code).await.unwrap().unwrap();
    assert!(sealed.credential.is_some());
    assert!(!sealed.certificate.issuer.is_empty());
}
