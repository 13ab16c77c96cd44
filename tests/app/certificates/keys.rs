//! The signing keys: published once however often an instance starts, a rotation adds
//! its key in front, the keys of another instance sharing the database join them, and a
//! keys folder that cannot be trusted stops the start with its path named.

use aula::certificates::keys::{self, KeyRing};

use crate::helpers::TestApp;

fn kids(keys: &[keys::PublicKey]) -> Vec<String> {
    keys.iter().map(|k| k.kid.clone()).collect()
}

#[tokio::test]
async fn publishing_is_idempotent_and_lists_the_newest_key_first() {
    let app = TestApp::spawn().await;
    let db = app.state.db();
    let dir = app.state.config().certificates.keys_dir.clone();
    let first = app.state.keys().current_kid().to_string();
    assert_eq!(
        kids(&keys::published(db).await.unwrap()),
        vec![first.clone()],
        "the key created at the first start is published"
    );

    // A restart publishes the same key again: nothing changes.
    keys::publish(db, &KeyRing::load_or_create(&dir).unwrap())
        .await
        .unwrap();
    keys::publish(db, app.state.keys()).await.unwrap();
    assert_eq!(
        kids(&keys::published(db).await.unwrap()),
        vec![first.clone()]
    );

    // A rotation adds one key, in front; the old one stays.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let second = keys::rotate(&dir).unwrap();
    let ring = KeyRing::load_or_create(&dir).unwrap();
    assert_eq!(ring.current_kid(), second);
    assert_eq!(
        kids(&ring.public_keys()),
        vec![second.clone(), first.clone()]
    );
    keys::publish(db, &ring).await.unwrap();
    assert_eq!(
        kids(&keys::published(db).await.unwrap()),
        vec![second.clone(), first.clone()]
    );

    // Another instance with a folder of its own shares the database: its key joins.
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    let elsewhere = tempfile::tempdir().unwrap();
    let other = KeyRing::load_or_create(&elsewhere.path().join("keys")).unwrap();
    keys::publish(db, &other).await.unwrap();
    let all = keys::published(db).await.unwrap();
    assert_eq!(
        kids(&all),
        vec![other.current_kid().to_string(), second, first]
    );

    // The JWK Set lists the three, each an Ed25519 verification key.
    let jwks = keys::jwks(&all);
    let listed = jwks["keys"].as_array().unwrap();
    assert_eq!(listed.len(), 3, "{jwks}");
    for key in listed {
        assert_eq!(key["kty"], "OKP");
        assert_eq!(key["crv"], "Ed25519");
        assert_eq!(key["alg"], "EdDSA");
    }
    assert!(all.iter().all(|k| k.verifying_key().is_some()));
}

#[test]
fn a_keys_folder_that_cannot_be_trusted_is_refused_with_its_path() {
    // `current` names a key that is not there.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("current"), "nessuna\n").unwrap();
    let error = format!("{:#}", KeyRing::load_or_create(dir.path()).unwrap_err());
    assert!(error.contains(&dir.path().display().to_string()), "{error}");

    // A key file that is not a PKCS#8 Ed25519 key.
    let dir = tempfile::tempdir().unwrap();
    let kid = keys::rotate(dir.path()).unwrap();
    std::fs::write(dir.path().join("altro.pem"), "non è una chiave").unwrap();
    let error = format!("{:#}", KeyRing::load_or_create(dir.path()).unwrap_err());
    assert!(error.contains("altro.pem"), "{error}");

    // A key file named after another key's kid.
    let dir2 = tempfile::tempdir().unwrap();
    let other = keys::rotate(dir2.path()).unwrap();
    std::fs::remove_file(dir.path().join("altro.pem")).unwrap();
    std::fs::copy(
        dir2.path().join(format!("{other}.pem")),
        dir.path().join("falso.pem"),
    )
    .unwrap();
    let error = format!("{:#}", KeyRing::load_or_create(dir.path()).unwrap_err());
    assert!(error.contains("falso.pem"), "{error}");

    // Put right, the folder loads again with its key.
    std::fs::remove_file(dir.path().join("falso.pem")).unwrap();
    assert_eq!(
        KeyRing::load_or_create(dir.path()).unwrap().current_kid(),
        kid
    );
}
