//! Revocation and replacement: the code answers as revoked (with the date) or as
//! replaced by the new code, a certificate no longer valid refuses both, concurrent
//! replacements make one new certificate, and every action is in the history.

use aula::certificates::actions::{self, ActionError};
use aula::certificates::verify::{self, Lookup};
use aula::certificates::{Status, store};

use super::{certified, fixture_app, user_id};
use crate::helpers::ADMIN;

#[tokio::test]
async fn a_revoked_code_answers_revoked_with_its_date_and_refuses_further_actions() {
    let app = fixture_app().await;
    let db = app.state.db();
    let admin = user_id(&app, ADMIN).await;
    let (_, record) = certified(&app, super::GENOVA, "revoca").await;
    let code = record.certificate.code.clone();
    assert!(matches!(
        verify::by_code(db, &code).await.unwrap(),
        Lookup::Valid(_)
    ));

    let refused = actions::revoke(db, admin, &code, "").await;
    assert!(matches!(refused, Err(ActionError::Reason)), "{refused:?}");
    actions::revoke(db, admin, &code, "Frequenza non confermata dal Comune")
        .await
        .unwrap();
    match verify::by_code(db, &code.to_lowercase()).await.unwrap() {
        Lookup::Revoked(public) => {
            assert!(public.revoked_at.is_some());
            assert_eq!(public.holder_name, record.certificate.holder_name);
        }
        other => panic!("expected revoked, got {other:?}"),
    }
    let again = actions::revoke(db, admin, &code, "di nuovo").await;
    assert!(
        matches!(again, Err(ActionError::NotValid("revoked"))),
        "{again:?}"
    );
    let reissue = actions::reissue(db, admin, &code, None, "correzione").await;
    assert!(
        matches!(reissue, Err(ActionError::NotValid("revoked"))),
        "{reissue:?}"
    );
    let missing = actions::revoke(db, admin, "AULA-0000-0000-0000", "x").await;
    assert!(matches!(missing, Err(ActionError::NotFound)), "{missing:?}");

    let history = store::events(db, record.id).await.unwrap();
    let actions: Vec<&str> = history.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["issued", "revoked"]);
    assert_eq!(history[1].actor_id, Some(admin));
    assert_eq!(
        history[1].reason.as_deref(),
        Some("Frequenza non confermata dal Comune")
    );
    assert!(matches!(
        verify::by_code(db, "AULA-0000-0000-0000").await.unwrap(),
        Lookup::Unknown
    ));
    assert!(matches!(
        verify::by_code(db, "' OR 1=1 --").await.unwrap(),
        Lookup::Unknown
    ));
}

#[tokio::test]
async fn a_reissue_after_a_name_correction_replaces_the_old_code() {
    let app = fixture_app().await;
    let db = app.state.db();
    let admin = user_id(&app, ADMIN).await;
    let (learner, record) = certified(&app, super::GENOVA, "nome").await;
    let old = record.certificate.code.clone();

    let refused = actions::reissue(db, admin, &old, Some("  "), "correzione").await;
    assert!(matches!(refused, Err(ActionError::Name)), "{refused:?}");
    let new = actions::reissue(db, admin, &old, Some("Nicolò D'Angelo"), "Nome corretto")
        .await
        .unwrap();
    assert_ne!(new, old);

    match verify::by_code(db, &old).await.unwrap() {
        Lookup::Replaced(public) => assert_eq!(public.replaced_by.as_deref(), Some(&*new)),
        other => panic!("expected replaced, got {other:?}"),
    }
    let fresh = store::find(db, &new).await.unwrap().unwrap();
    assert_eq!(fresh.status, Status::Valid);
    assert_eq!(fresh.certificate.holder_name, "Nicolò D'Angelo");
    assert_eq!(fresh.replaces.as_deref(), Some(&*old));
    assert_eq!(
        fresh.certificate.completed_on,
        record.certificate.completed_on
    );
    assert_eq!(
        fresh.certificate.course_title,
        record.certificate.course_title
    );
    let mine = super::certificates_of(&app, learner).await;
    assert_eq!(
        mine.len(),
        2,
        "the learner sees both, the old one as replaced"
    );

    let old_history = store::events(db, record.id).await.unwrap();
    let last = old_history.last().unwrap();
    assert_eq!(last.action, "replaced");
    assert_eq!(last.detail.as_deref(), Some(&*new));
    let new_history = store::events(db, fresh.id).await.unwrap();
    assert_eq!(new_history.len(), 1);
    assert_eq!(new_history[0].action, "reissued");
    assert_eq!(new_history[0].detail.as_deref(), Some(&*old));
    assert_eq!(new_history[0].reason.as_deref(), Some("Nome corretto"));
}

#[tokio::test]
async fn concurrent_reissues_of_one_certificate_make_one_replacement() {
    let app = fixture_app().await;
    let admin = user_id(&app, ADMIN).await;
    let (learner, record) = certified(&app, super::GENOVA, "doppio").await;
    let mut tasks = Vec::new();
    for i in 0..10 {
        let db = app.state.db().clone();
        let code = record.certificate.code.clone();
        tasks.push(tokio::spawn(async move {
            actions::reissue(&db, admin, &code, Some(&format!("Nome {i}")), "correzione").await
        }));
    }
    let mut made = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => made += 1,
            Err(ActionError::NotValid(_)) => {}
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    assert_eq!(made, 1);
    let mine = super::certificates_of(&app, learner).await;
    assert_eq!(mine.len(), 2);
    assert_eq!(mine.iter().filter(|r| r.status == Status::Valid).count(), 1);
}
