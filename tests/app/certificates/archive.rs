//! The ZIP of certificates: a tutor's holds exactly the valid certificates of their
//! cohort, an admin's those of the edition; read back with the `zip` crate.

use std::io::Cursor;

use aula::certificates::archive;
use aula::certificates::store::Filter;
use aula::certificates::{Status, actions};

use super::{BARI, certified, fixture_app, user_id};
use crate::helpers::{ADMIN, TUTOR};

/// The file names of the archive `user` downloads.
async fn names(app: &crate::helpers::TestApp, email: &str) -> Vec<String> {
    let user = aula::accounts::directory::by_email(app.state.db(), email)
        .await
        .unwrap()
        .unwrap();
    let mut rx = archive::stream(app.state.archiver(), &user, None)
        .await
        .unwrap();
    let mut bytes = Vec::new();
    while let Some(chunk) = rx.recv().await {
        bytes.extend_from_slice(&chunk.unwrap());
    }
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut names = Vec::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut pdf = Vec::new();
        std::io::copy(&mut file, &mut pdf).unwrap();
        assert!(pdf.starts_with(b"%PDF"), "{} is a PDF", file.name());
        names.push(file.name().to_string());
    }
    names.sort();
    names
}

#[tokio::test]
async fn a_tutor_downloads_exactly_the_valid_certificates_of_their_cohort() {
    let app = fixture_app().await;
    let admin = user_id(&app, ADMIN).await;
    let (_, genova_a) = certified(&app, super::GENOVA, "zipa").await;
    let (_, genova_b) = certified(&app, super::GENOVA, "zipb").await;
    let (_, revoked) = certified(&app, super::GENOVA, "zipc").await;
    let (_, bari) = certified(&app, BARI, "zipd").await;
    actions::revoke(app.state.db(), admin, &revoked.certificate.code, "errore")
        .await
        .unwrap();

    let code_of = |name: &String| name[..19].to_string();
    let tutor: Vec<String> = names(&app, TUTOR).await.iter().map(code_of).collect();
    let mut expected = vec![
        genova_a.certificate.code.clone(),
        genova_b.certificate.code.clone(),
    ];
    expected.sort();
    assert_eq!(
        tutor, expected,
        "Liguria's valid certificates, nothing else"
    );

    let all: Vec<String> = names(&app, ADMIN).await.iter().map(code_of).collect();
    let mut expected = vec![
        genova_a.certificate.code.clone(),
        genova_b.certificate.code.clone(),
        bari.certificate.code.clone(),
    ];
    expected.sort();
    assert_eq!(all, expected);

    // A learner's archive is empty.
    let learner: Vec<String> = names(&app, "zipa000@comune.test.it").await;
    assert!(learner.is_empty());

    // An edition with no certificates gives an empty archive.
    let count = tokio::task::spawn_blocking({
        let archiver = app.state.archiver();
        let handle = tokio::runtime::Handle::current();
        move || {
            let filter = Filter {
                edition_id: Some(-1),
                cohort: None,
                status: Some(Status::Valid),
            };
            let mut out = Vec::new();
            archive::write_all(&handle, &archiver, &filter, Cursor::new(&mut out)).unwrap()
        }
    })
    .await
    .unwrap();
    assert_eq!(count, 0);
}
