//! E-mails in the recipient's language: the reset and the certificate's announcement
//! for a learner who chose German, English or nothing (Italian); and every e-mail has
//! its German and English version.

use aula::accounts::directory;

use crate::helpers::{TestApp, csrf_in, eventually, outbox_files};

/// The subject and text of every e-mail in the outbox sent to `to`.
fn mails_to(app: &TestApp, to: &str) -> Vec<(String, String)> {
    outbox_files(&app.state.config().outbox_dir)
        .iter()
        .filter_map(|path| {
            let raw = std::fs::read(path).ok()?;
            let message = mail_parser::MessageParser::default().parse(&raw)?;
            let recipient = message.to()?.first()?.address()?.to_string();
            (recipient == to).then(|| {
                (
                    message.subject().unwrap_or_default().to_string(),
                    message.body_text(0).unwrap_or_default().into_owned(),
                )
            })
        })
        .collect()
}

#[tokio::test]
async fn a_reset_e_mail_is_written_in_the_language_the_user_chose() {
    let app = TestApp::spawn().await;
    app.load_demo().await;
    let people = [
        (
            "anagrafe.genova@demo.aula.it",
            Some("de"),
            "Passwort zurücksetzen",
            "Guten Tag",
        ),
        (
            "sportello.bari@demo.aula.it",
            Some("en"),
            "reset your password",
            "Dear",
        ),
        (
            "tutor.liguria@demo.aula.it",
            None,
            "reimposta la password",
            "Gentile",
        ),
    ];
    for (email, lang, _, _) in people {
        if let Some(lang) = lang {
            let user = directory::by_email(app.state.db(), email)
                .await
                .unwrap()
                .unwrap();
            directory::set_language(app.state.db(), user.id, lang)
                .await
                .unwrap();
        }
    }
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    for (email, ..) in people {
        let form = client
            .get(app.url("/password/forgot"))
            .send()
            .await
            .unwrap();
        let csrf = csrf_in(&form.text().await.unwrap());
        let sent = client
            .post(app.url("/password/forgot"))
            // The page's language does not matter: the account's does.
            .header("accept-language", "it")
            .form(&[("email", email), ("csrf_token", &csrf)])
            .send()
            .await
            .unwrap();
        assert_eq!(sent.status(), 200);
    }
    assert!(eventually(|| people.iter().all(|(e, ..)| !mails_to(&app, e).is_empty())).await);
    for (email, lang, subject, greeting) in people {
        let mails = mails_to(&app, email);
        let (got_subject, text) = &mails[0];
        assert!(got_subject.contains(subject), "{lang:?}: {got_subject}");
        assert!(text.starts_with(greeting), "{lang:?}: {text}");
        assert!(text.contains("/password/reset/"), "the link is there");
    }
}

#[test]
fn every_e_mail_has_a_german_and_an_english_version() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/render/templates/email");
    let mut names: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 17, "{names:?}");
    for name in &names {
        for lang in ["de", "en"] {
            for part in ["subject.txt", "body.txt", "body.html"] {
                let path = root.join(name).join(lang).join(part);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|_| panic!("missing {}", path.display()));
                let italian = std::fs::read_to_string(root.join(name).join(part)).unwrap();
                assert_ne!(text, italian, "{} is not translated", path.display());
                if part == "body.html" && italian.contains("<html lang=") {
                    assert!(
                        text.contains(&format!("<html lang=\"{lang}\">")),
                        "{} says its language",
                        path.display()
                    );
                }
            }
        }
    }
}

#[tokio::test]
async fn a_certificate_is_announced_in_each_learners_language() {
    use crate::certificates::{
        GENOVA, REMOTE_COURSE, complete_module, enrolled_learners, fixture_app,
    };
    let app = fixture_app().await;
    let learners = enrolled_learners(&app, 3, GENOVA, "lingua").await;
    let langs = [Some("de"), Some("en"), None];
    for (learner, lang) in learners.iter().zip(langs) {
        if let Some(lang) = lang {
            directory::set_language(app.state.db(), *learner, lang)
                .await
                .unwrap();
        }
        complete_module(&app, *learner, REMOTE_COURSE, "modulo-unico").await;
    }
    // The server's own announcer may get there first; between the two, all three.
    aula::certificates::announce::run(app.state.db(), app.state.mailer(), app.state.issuing())
        .await
        .unwrap();
    let mails = crate::seminars::outbox_of(&app, "certificate-issued").await;
    assert_eq!(mails.len(), 3);
    let italian = &mails
        .iter()
        .find(|m| m.user_id == Some(learners[2]))
        .unwrap()
        .subject;
    for (learner, lang) in learners.iter().zip(langs) {
        let mail = mails.iter().find(|m| m.user_id == Some(*learner)).unwrap();
        let expected = match lang {
            Some("de") => "Teilnahmebestätigung",
            Some("en") => "certificate",
            _ => "attestato",
        };
        assert!(
            mail.subject.contains(expected) || mail.body_text.contains(expected),
            "{lang:?}: {} / {}",
            mail.subject,
            mail.body_text
        );
        if lang.is_some() {
            assert_ne!(&mail.subject, italian, "{lang:?}");
        }
    }
}

#[tokio::test]
async fn the_paper_of_a_learner_who_chose_german_is_worded_in_german() {
    use crate::certificates::{
        GENOVA, REMOTE_COURSE, complete_module, enrolled_learners, fixture_app,
    };
    let app = fixture_app().await;
    let learner = enrolled_learners(&app, 1, GENOVA, "carta").await[0];
    directory::set_language(app.state.db(), learner, "de")
        .await
        .unwrap();
    complete_module(&app, learner, REMOTE_COURSE, "modulo-unico").await;
    let record = aula::certificates::store::of_learner(app.state.db(), learner)
        .await
        .unwrap()
        .remove(0);
    assert_eq!(record.certificate.language, "de");
    let record = aula::certificates::seal::seal(app.state.db(), app.state.issuing(), record)
        .await
        .unwrap();
    let pdf = aula::certificates::seal::paper(app.state.issuing(), &record).unwrap();
    let text = pdf_extract::extract_text_from_mem(&pdf).unwrap();
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let completed = aula::render::dates::long(record.certificate.completed_on, "de");
    for expected in [
        "Teilnahmebestätigung",
        "Hiermit wird bestätigt, dass",
        completed.as_str(),
    ] {
        assert!(flat.contains(expected), "«{expected}» in:\n{flat}");
    }
}
