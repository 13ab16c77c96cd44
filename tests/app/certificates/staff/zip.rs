//! The ZIP downloads over HTTP: a tutor's holds exactly the valid certificates of
//! their cohort (not a learner's outside it, not a revoked one), an admin's those of
//! the edition asked for; named after the edition, typed `application/zip`.

use aula::accounts::users::{self, NewUser};
use aula::certificates::actions;

use super::{get, move_to_new_edition, sorted, zip_codes};
use crate::certificates::{BARI, GENOVA, certified, fixture_app, user_id};
use crate::helpers::{ADMIN, LEARNER, TUTOR, TestApp};

/// The answer to a download: status, content type, disposition and bytes.
async fn download(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
) -> (u16, String, String, Vec<u8>) {
    let response = client.get(app.url(path)).send().await.unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    let (status, kind, disposition) = (
        response.status().as_u16(),
        header("content-type"),
        header("content-disposition"),
    );
    let bytes = response.bytes().await.unwrap().to_vec();
    (status, kind, disposition, bytes)
}

#[tokio::test]
async fn a_tutor_downloads_exactly_the_valid_certificates_of_their_cohort() {
    let app = fixture_app().await;
    let admin = user_id(&app, ADMIN).await;
    let (_, a) = certified(&app, GENOVA, "zipta").await;
    let (_, b) = certified(&app, GENOVA, "ziptb").await;
    let (_, revoked) = certified(&app, GENOVA, "ziptc").await;
    let (_, bari) = certified(&app, BARI, "ziptd").await;
    actions::revoke(app.state.db(), admin, &revoked.certificate.code, "Errore")
        .await
        .unwrap();
    let [a, b, revoked, bari] = [a, b, revoked, bari].map(|r| r.certificate.code);

    let tutor = app.client_as(TUTOR).await;
    let (status, kind, disposition, bytes) = download(&app, &tutor, "/tutor/attestati.zip").await;
    assert_eq!(status, 200);
    assert_eq!(kind, "application/zip");
    assert!(disposition.starts_with("attachment"), "{disposition}");
    assert!(
        disposition.contains("filename=\"attestati.zip\""),
        "{disposition}"
    );
    let codes = zip_codes(&bytes);
    assert_eq!(
        codes,
        sorted(&[&a, &b]),
        "Liguria's valid certificates only"
    );
    assert!(!codes.contains(&revoked) && !codes.contains(&bari));

    let (status, _, disposition, bytes) =
        download(&app, &tutor, "/tutor/attestati.zip?edition=4").await;
    assert_eq!(status, 200);
    assert!(
        disposition.contains("filename=\"attestati-edizione-4.zip\""),
        "{disposition}"
    );
    assert_eq!(zip_codes(&bytes), sorted(&[&a, &b]));

    // A tutor of another region gets an empty archive; an admin on the tutor's
    // address gets everyone's.
    users::add(
        app.state.db(),
        NewUser {
            email: "tutor.calabria@example.it".into(),
            name: "Tutor Calabria".into(),
            role: "tutor".into(),
            regions: vec!["Calabria".into()],
            password: Some(aula::demo::DEMO_PASSWORD.into()),
            ..NewUser::default()
        },
        &[],
    )
    .await
    .unwrap();
    let calabria = app.client_as("tutor.calabria@example.it").await;
    let (status, _, _, bytes) = download(&app, &calabria, "/tutor/attestati.zip").await;
    assert_eq!(status, 200);
    assert!(zip_codes(&bytes).is_empty());
    let admin_client = app.client_as(ADMIN).await;
    let (_, _, _, bytes) = download(&app, &admin_client, "/tutor/attestati.zip").await;
    assert_eq!(zip_codes(&bytes), sorted(&[&a, &b, &bari]));

    // Learners have no archive; a malformed or unknown edition is refused.
    let learner = app.client_as(LEARNER).await;
    let (status, _, _, _) = download(&app, &learner, "/tutor/attestati.zip").await;
    assert_eq!(status, 403);
    for (query, expected) in [
        ("?edition=x", 400),
        ("?edition=-4", 400),
        ("?edition=77", 404),
    ] {
        let (status, _, _, _) =
            download(&app, &tutor, &format!("/tutor/attestati.zip{query}")).await;
        assert_eq!(status, expected, "{query}");
    }

    // The tutor's report pages link to the archive.
    let (_, html) = get(&app, &tutor, "/tutor").await;
    assert!(html.contains("href=\"/tutor/attestati.zip\""), "{html}");
}

#[tokio::test]
async fn an_admin_downloads_the_valid_certificates_of_an_edition() {
    let app = fixture_app().await;
    let (_, a) = certified(&app, GENOVA, "zipea").await;
    let (_, b) = certified(&app, BARI, "zipeb").await;
    let (_, c) = certified(&app, GENOVA, "zipec").await;
    let [a, b, c] = [a, b, c].map(|r| r.certificate.code);
    let five = move_to_new_edition(&app, &c).await;
    let admin = app.client_as(ADMIN).await;

    let (status, kind, disposition, bytes) =
        download(&app, &admin, "/admin/attestati.zip?edition=4").await;
    assert_eq!((status, kind.as_str()), (200, "application/zip"));
    assert!(
        disposition.contains("attestati-edizione-4.zip"),
        "{disposition}"
    );
    assert_eq!(zip_codes(&bytes), sorted(&[&a, &b]));
    let (_, _, disposition, bytes) = download(
        &app,
        &admin,
        &format!("/admin/attestati.zip?edition={five}"),
    )
    .await;
    assert!(
        disposition.contains("attestati-edizione-5.zip"),
        "{disposition}"
    );
    assert_eq!(zip_codes(&bytes), sorted(&[&c]));
    let (_, _, _, bytes) = download(&app, &admin, "/admin/attestati.zip").await;
    assert_eq!(zip_codes(&bytes), sorted(&[&a, &b, &c]));
    // Each entry is named by its code and its holder.
    let names = super::zip_entries(&bytes);
    assert!(
        names
            .iter()
            .any(|n| n.starts_with(&a) && n.ends_with(".pdf") && n.contains("zipea")),
        "{names:?}"
    );

    let (status, _, _, _) = download(&app, &admin, "/admin/attestati.zip?edition=77").await;
    assert_eq!(status, 404);
    let (status, _, _, _) = download(&app, &admin, "/admin/attestati.zip?edition=abc").await;
    assert_eq!(status, 400);
    let tutor = app.client_as(TUTOR).await;
    let (status, _, _, _) = download(&app, &tutor, "/admin/attestati.zip?edition=4").await;
    assert_eq!(status, 403, "the admin's archive is for admins");
}
