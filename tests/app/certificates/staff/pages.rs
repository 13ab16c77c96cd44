//! The admin pages: the list and its filters, the detail with its history, revoking
//! and reissuing (and what is refused, shown beside the fields with the values kept),
//! issuing by hand and its mistakes, and the pages in Chromium with axe.

use aula::certificates::verify::{self, Lookup};
use aula::certificates::{Status, actions, store};
use aula::db::users::user;
use fantoccini::Locator;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use super::{get, location, move_to_new_edition, post_form};
use crate::browser::Browser;
use crate::certificates::{BARI, GENOVA, certified, enrolled_learners, fixture_app, user_id};
use crate::helpers::ADMIN;
use crate::seminars::REMOTE_COURSE;

#[tokio::test]
async fn the_list_filters_by_edition_status_code_or_name_and_pages_after_a_cursor() {
    let app = fixture_app().await;
    let admin = user_id(&app, ADMIN).await;
    let (_, a) = certified(&app, GENOVA, "elencoa").await;
    let (_, b) = certified(&app, GENOVA, "elencob").await;
    let (_, c) = certified(&app, BARI, "elencoc").await;
    let [a, b, c] = [a, b, c].map(|r| r.certificate.code);
    actions::revoke(app.state.db(), admin, &c, "Errore di registrazione")
        .await
        .unwrap();
    let client = app.client_as(ADMIN).await;
    let shows = |html: &str, codes: &[&str]| -> Vec<bool> {
        codes.iter().map(|code| html.contains(code)).collect()
    };

    let (status, html) = get(&app, &client, "/admin/attestati").await;
    assert_eq!(status, 200);
    assert_eq!(shows(&html, &[&a, &b, &c]), [true, true, true]);
    assert!(html.contains("elencoa000@comune.test.it"), "holder e-mail");
    assert!(
        html.contains("Genova") && html.contains("Bari"),
        "municipalities"
    );
    assert!(html.contains(&format!("href=\"/admin/attestati/{a}\"")));
    assert!(html.contains("href=\"/admin/attestati.zip?edition=4\""));

    let (_, html) = get(&app, &client, "/admin/attestati?status=revoked").await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [false, false, true]);
    let (_, html) = get(&app, &client, "/admin/attestati?status=valid").await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [true, true, false]);
    // Part of a code, in lower case; part of a name, in upper case; an e-mail.
    let part = b[10..].to_lowercase();
    let (_, html) = get(&app, &client, &format!("/admin/attestati?q={part}")).await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [false, true, false]);
    let (_, html) = get(&app, &client, "/admin/attestati?q=ELENCOA").await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [true, false, false]);
    let (_, html) = get(&app, &client, "/admin/attestati?q=elencoc000%40comune").await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [false, false, true]);
    // A wildcard is taken literally.
    let (status, html) = get(&app, &client, "/admin/attestati?q=%25").await;
    assert_eq!(status, 200);
    assert_eq!(shows(&html, &[&a, &b, &c]), [false, false, false]);
    assert!(html.contains("Nessun attestato"));

    // After a cursor: the certificates that follow it.
    let first = store::find(app.state.db(), &a).await.unwrap().unwrap();
    let (_, html) = get(
        &app,
        &client,
        &format!("/admin/attestati?after={}", first.id),
    )
    .await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [false, true, true]);
    assert!(html.contains("Dall&#39;inizio"), "a link back to the start");

    // By edition.
    let five = move_to_new_edition(&app, &c).await;
    let (_, html) = get(&app, &client, &format!("/admin/attestati?edition={five}")).await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [false, false, true]);
    assert!(html.contains("href=\"/admin/attestati.zip?edition=5\""));
    let (_, html) = get(&app, &client, "/admin/attestati?edition=4&status=valid").await;
    assert_eq!(shows(&html, &[&a, &b, &c]), [true, true, false]);

    for (bad, expected) in [
        ("?edition=99", 404),
        ("?edition=abc", 400),
        ("?edition=0", 400),
        ("?status=annullato", 400),
        ("?after=-1", 400),
        ("?after=x", 400),
    ] {
        let (status, html) = get(&app, &client, &format!("/admin/attestati{bad}")).await;
        assert_eq!(status, expected, "{bad}: {html}");
    }
    // The admin index links to the list.
    let (_, html) = get(&app, &client, "/admin").await;
    assert!(html.contains("href=\"/admin/attestati\""));
}

#[tokio::test]
async fn revoking_from_the_detail_page_needs_a_reason_and_happens_once() {
    let app = fixture_app().await;
    let (_, record) = certified(&app, GENOVA, "revocap").await;
    let code = record.certificate.code.clone();
    let client = app.client_as(ADMIN).await;
    let page = format!("/admin/attestati/{code}");

    let (status, html) = get(&app, &client, &page).await;
    assert_eq!(status, 200);
    assert!(html.contains("Discente revocap 000"));
    assert!(html.contains(&format!("href=\"/attestati/{code}.pdf\"")));
    assert!(html.contains(&format!("href=\"/attestati/{code}.json\"")));
    assert!(html.contains(&format!("href=\"/verify/{code}\"")));
    assert!(html.contains(&format!("action=\"{page}/revoca\"")));
    assert!(
        html.contains("Aula (completamento del corso)"),
        "issued by the system"
    );
    // The code in lower case names the same certificate.
    let (status, _) = get(&app, &client, &page.to_lowercase()).await;
    assert_eq!(status, 200);

    // No reason: refused beside the field; a long one is kept as typed.
    let refused = post_form(&app, &client, &format!("{page}/revoca"), &[("motivo", " ")]).await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"revoca-motivo-error\""), "{html}");
    assert!(html.contains("indicare il motivo"));
    assert!(html.contains("aria-invalid=\"true\""));
    let long = "r".repeat(501);
    let refused = post_form(
        &app,
        &client,
        &format!("{page}/revoca"),
        &[("motivo", &long)],
    )
    .await;
    assert_eq!(refused.status(), 422);
    assert!(
        refused.text().await.unwrap().contains(&long),
        "the value is kept"
    );
    assert!(matches!(
        verify::by_code(app.state.db(), &code).await.unwrap(),
        Lookup::Valid(_)
    ));

    let done = post_form(
        &app,
        &client,
        &format!("{page}/revoca"),
        &[("motivo", "Frequenza non confermata dal Comune")],
    )
    .await;
    assert_eq!(done.status(), 303);
    assert_eq!(location(&done), format!("{page}?esito=revocato"));
    let (_, html) = get(&app, &client, &location(&done)).await;
    assert!(html.contains("class=\"notice-ok\""), "{html}");
    assert!(html.contains("Frequenza non confermata dal Comune"));
    assert!(html.contains("Segreteria del programma"), "who revoked");
    assert!(
        !html.contains(&format!("action=\"{page}/revoca\"")),
        "no form any more"
    );
    match verify::by_code(app.state.db(), &code).await.unwrap() {
        Lookup::Revoked(public) => assert!(public.revoked_at.is_some()),
        other => panic!("expected revoked, got {other:?}"),
    }

    // A second revocation (a stale page) is refused, and so is a reissue.
    let again = post_form(
        &app,
        &client,
        &format!("{page}/revoca"),
        &[("motivo", "ancora")],
    )
    .await;
    assert_eq!(again.status(), 409);
    assert!(again.text().await.unwrap().contains("già stato revocato"));
    let reissue = post_form(
        &app,
        &client,
        &format!("{page}/riemissione"),
        &[("nome", "Altro Nome"), ("motivo", "correzione")],
    )
    .await;
    assert_eq!(reissue.status(), 409);
    let history = store::events(app.state.db(), record.id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["issued", "revoked"], "nothing else was written");
    // No such certificate.
    let missing = post_form(
        &app,
        &client,
        "/admin/attestati/AULA-0000-0000-0000/revoca",
        &[("motivo", "x")],
    )
    .await;
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn a_reissue_with_the_corrected_name_replaces_the_old_code_and_both_keep_their_history() {
    let app = fixture_app().await;
    let (learner, record) = certified(&app, GENOVA, "nomep").await;
    let old = record.certificate.code.clone();
    // The account's name was corrected after the certificate was issued.
    user::Entity::update_many()
        .col_expr(user::Column::Name, "Nicolò D'Angelo".into())
        .filter(user::Column::Id.eq(learner))
        .exec(app.state.db())
        .await
        .unwrap();
    let client = app.client_as(ADMIN).await;
    let page = format!("/admin/attestati/{old}");
    let (_, html) = get(&app, &client, &page).await;
    assert!(
        html.contains("value=\"Nicolò D&#39;Angelo\""),
        "the form proposes the account's name: {html}"
    );

    let refused = post_form(
        &app,
        &client,
        &format!("{page}/riemissione"),
        &[("nome", ""), ("motivo", "Nome corretto all'anagrafe")],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    assert!(html.contains("id=\"riemissione-nome-error\""), "{html}");
    assert!(
        html.contains("Nome corretto all&#39;anagrafe"),
        "the reason is kept"
    );

    let done = post_form(
        &app,
        &client,
        &format!("{page}/riemissione"),
        &[
            ("nome", "Nicolò D'Angelo"),
            ("motivo", "Nome corretto all'anagrafe"),
        ],
    )
    .await;
    assert_eq!(done.status(), 303);
    let to = location(&done);
    let new = to
        .strip_prefix("/admin/attestati/")
        .and_then(|rest| rest.strip_suffix("?esito=riemesso"))
        .unwrap_or_else(|| panic!("redirect to the new certificate: {to}"))
        .to_string();
    assert_ne!(new, old);
    let (_, html) = get(&app, &client, &to).await;
    assert!(html.contains(&new) && html.contains("class=\"notice-ok\""));
    assert!(html.contains("Nicolò D&#39;Angelo"));
    assert!(
        html.contains(&format!("href=\"/admin/attestati/{old}\"")),
        "replaces"
    );

    match verify::by_code(app.state.db(), &old).await.unwrap() {
        Lookup::Replaced(public) => assert_eq!(public.replaced_by.as_deref(), Some(&*new)),
        other => panic!("expected replaced, got {other:?}"),
    }
    let fresh = store::find(app.state.db(), &new).await.unwrap().unwrap();
    assert_eq!(fresh.status, Status::Valid);
    assert_eq!(fresh.certificate.holder_name, "Nicolò D'Angelo");

    let (_, html) = get(&app, &client, &page).await;
    assert!(html.contains("Sostituito dall&#39;attestato"), "{html}");
    assert!(
        html.contains("Nome corretto all&#39;anagrafe"),
        "the old history has the reason"
    );
    let old_history = store::events(app.state.db(), record.id).await.unwrap();
    let actions: Vec<&str> = old_history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["issued", "replaced"]);
    assert_eq!(old_history[1].detail.as_deref(), Some(&*new));
    assert_eq!(
        old_history[1].reason.as_deref(),
        Some("Nome corretto all'anagrafe")
    );
    let new_history = store::events(app.state.db(), fresh.id).await.unwrap();
    assert_eq!(new_history.len(), 1);
    assert_eq!(new_history[0].action, "reissued");
    assert_eq!(
        new_history[0].reason.as_deref(),
        Some("Nome corretto all'anagrafe")
    );
    assert_eq!(new_history[0].actor_id, Some(user_id(&app, ADMIN).await));
}

#[tokio::test]
async fn issuing_by_hand_names_each_mistake_and_refuses_a_second_certificate() {
    let app = fixture_app().await;
    let learner = enrolled_learners(&app, 1, GENOVA, "amano").await[0];
    // A learner without an enrolment.
    crate::seminars::learners(&app, 1, GENOVA, "fuori").await;
    let client = app.client_as(ADMIN).await;

    let (status, html) = get(&app, &client, "/admin/attestati/nuovo").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(&format!("value=\"{REMOTE_COURSE}\"")),
        "the courses to choose"
    );

    let refused = post_form(
        &app,
        &client,
        "/admin/attestati",
        &[
            ("email", "nessuno@comune.test.it"),
            ("corso", ""),
            ("motivo", ""),
        ],
    )
    .await;
    assert_eq!(refused.status(), 422);
    let html = refused.text().await.unwrap();
    for id in ["email-error", "corso-error", "motivo-error"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}: {html}");
    }
    assert!(html.contains("nessun account con l&#39;e-mail"));
    assert!(
        html.contains("value=\"nessuno@comune.test.it\""),
        "the e-mail is kept"
    );

    let issue = |email: &'static str, course: &'static str| {
        let client = client.clone();
        let app = &app;
        async move {
            post_form(
                app,
                &client,
                "/admin/attestati",
                &[
                    ("email", email),
                    ("corso", course),
                    ("motivo", "Frequenza registrata altrove"),
                ],
            )
            .await
        }
    };
    let not_learner = issue(ADMIN, REMOTE_COURSE).await;
    assert_eq!(not_learner.status(), 422);
    assert!(
        not_learner
            .text()
            .await
            .unwrap()
            .contains("non è di un discente")
    );
    let not_enrolled = issue("fuori000@comune.test.it", REMOTE_COURSE).await;
    assert_eq!(not_enrolled.status(), 422);
    assert!(
        not_enrolled
            .text()
            .await
            .unwrap()
            .contains("non è iscritto")
    );
    assert!(
        store::of_learner(app.state.db(), learner)
            .await
            .unwrap()
            .is_empty()
    );

    let done = issue("AMANO000@comune.test.it", REMOTE_COURSE).await;
    assert_eq!(done.status(), 303);
    let to = location(&done);
    let code = to
        .strip_prefix("/admin/attestati/")
        .and_then(|rest| rest.strip_suffix("?esito=emesso"))
        .unwrap_or_else(|| panic!("{to}"))
        .to_string();
    let record = store::find(app.state.db(), &code).await.unwrap().unwrap();
    assert_eq!(record.user_id, learner);
    assert_eq!(record.issued_by, Some(user_id(&app, ADMIN).await));
    assert_eq!(
        record.issue_reason.as_deref(),
        Some("Frequenza registrata altrove")
    );
    let (_, html) = get(&app, &client, &to).await;
    assert!(html.contains("Frequenza registrata altrove"));

    let twice = issue("amano000@comune.test.it", REMOTE_COURSE).await;
    assert_eq!(twice.status(), 409);
    let html = twice.text().await.unwrap();
    assert!(
        html.contains(&format!("href=\"/admin/attestati/{code}\"")),
        "{html}"
    );
    assert_eq!(
        store::of_learner(app.state.db(), learner)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_certificate_pages_are_accessible_in_chromium() {
    let Some(browser) = Browser::start().await else {
        return;
    };
    let app = fixture_app().await;
    let (_, record) = certified(&app, GENOVA, "axe").await;
    let (_, other) = certified(&app, BARI, "axeb").await;
    let admin = user_id(&app, ADMIN).await;
    actions::revoke(app.state.db(), admin, &other.certificate.code, "Errore")
        .await
        .unwrap();
    let code = &record.certificate.code;
    let password = aula::demo::DEMO_PASSWORD;
    browser
        .sign_in(&app.base, ADMIN, password, "/courses")
        .await;
    browser
        .check_page(&app.url("/admin/attestati"), "certificates-admin-list")
        .await;
    browser
        .check_page(
            &app.url("/admin/attestati?q=nessuno"),
            "certificates-admin-empty",
        )
        .await;
    let detail = format!("/admin/attestati/{code}");
    browser
        .check_page(&app.url(&detail), "certificates-admin-detail")
        .await;
    // A refused revocation: the error beside its field.
    let form = browser
        .client
        .form(Locator::Css(&format!("form[action='{detail}/revoca']")))
        .await
        .expect("the revocation form");
    form.submit().await.expect("submit");
    browser.wait_for("#revoca-motivo-error").await;
    browser
        .assert_accessible("certificates-admin-refused")
        .await;
    browser
        .check_page(
            &app.url(&format!("/admin/attestati/{}", other.certificate.code)),
            "certificates-admin-revoked",
        )
        .await;
    browser
        .check_page(&app.url("/admin/attestati/nuovo"), "certificates-admin-new")
        .await;
    browser.client.set_window_size(768, 1024).await.unwrap();
    browser
        .check_page(&app.url("/admin/attestati"), "certificates-admin-list-768")
        .await;
    browser.close().await;
}
