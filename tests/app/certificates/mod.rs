//! Certificates: issued on completion once, also under 20 concurrent completions, with
//! what the paper shows and the classroom hours attended, by an admin with a reason,
//! and for completions that had none (`issue`); the PDF's text, its attached
//! credential verified with the published key and refused after one changed byte,
//! and the announcement e-mail (`documents`); revocation and replacement with their
//! history (`actions`); the ZIP of a cohort holding exactly its certificates
//! (`archive`); the demo learner's certificate (`demo`); the signing keys, published
//! once, newest first, and a keys folder refused with its path (`keys`).

mod actions;
mod archive;
mod demo;
mod documents;
mod issue;
mod keys;
mod staff;
mod web;

use aula::certificates::store::{self, Record};
use aula::seminars::TIME_ZONE;

pub use crate::seminars::{
    CLASSROOM_COURSE, GENOVA, REMOTE_COURSE, complete_module, enrolled_learners, fixture_app,
    user_id,
};

/// Bari (Puglia): eligible for the demo edition, outside the demo tutor's cohort.
pub const BARI: &str = "072006";

/// The certificates of a learner, newest first.
pub async fn certificates_of(app: &crate::helpers::TestApp, user: i32) -> Vec<Record> {
    store::of_learner(app.state.db(), user).await.unwrap()
}

/// A learner of `istat` who completed the remote course (and so holds its certificate).
pub async fn certified(app: &crate::helpers::TestApp, istat: &str, tag: &str) -> (i32, Record) {
    let learner = enrolled_learners(app, 1, istat, tag).await[0];
    complete_module(app, learner, REMOTE_COURSE, "modulo-unico").await;
    let mut records = certificates_of(app, learner).await;
    assert_eq!(records.len(), 1, "one certificate on completion");
    (learner, records.remove(0))
}

/// Today in Europe/Rome.
pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().with_timezone(&TIME_ZONE).date_naive()
}
