//! The tutor: signs in, then looks at the cohort's overview, the progress matrix, the
//! learners at risk, and downloads the learners' CSV, with long pauses in between.

use std::time::Duration;

use goose::prelude::*;
use rand::Rng as _;

use crate::http;
use crate::plan;
use crate::sign_in::sign_in;

/// The tutor scenario, with its weight among the scenarios.
pub fn scenario() -> Result<Scenario, GooseError> {
    Ok(scenario!("tutor")
        .set_weight(plan::TUTOR_WEIGHT)?
        .set_wait_time(Duration::from_secs(15), Duration::from_secs(45))?
        .register_transaction(transaction!(start).set_name("sign in").set_on_start())
        .register_transaction(transaction!(overview).set_name("overview").set_weight(3)?)
        .register_transaction(transaction!(matrix).set_name("matrix").set_weight(3)?)
        .register_transaction(transaction!(at_risk).set_name("at-risk").set_weight(1)?)
        .register_transaction(transaction!(export).set_name("export").set_weight(1)?))
}

/// What one simulated tutor remembers.
struct Tutor {
    email: String,
    signed_in: bool,
}

async fn start(user: &mut GooseUser) -> TransactionResult {
    let Some(plan) = plan::get() else {
        return Ok(());
    };
    user.set_session_data(Tutor {
        email: plan::tutor_email(plan.take_tutor()),
        signed_in: false,
    });
    ensure_signed_in(user).await.map(|_| ())
}

async fn ensure_signed_in(user: &mut GooseUser) -> Result<bool, Box<TransactionError>> {
    let Some(me) = user.get_session_data::<Tutor>() else {
        return Ok(false);
    };
    if me.signed_in {
        return Ok(true);
    }
    let email = me.email.clone();
    let ok = sign_in(user, &email).await?;
    user.get_session_data_unchecked_mut::<Tutor>().signed_in = ok;
    Ok(ok)
}

async fn overview(user: &mut GooseUser) -> TransactionResult {
    if ensure_signed_in(user).await? {
        http::get_page(user, "/tutor", "tutor: overview", "<svg").await?;
    }
    Ok(())
}

async fn matrix(user: &mut GooseUser) -> TransactionResult {
    if ensure_signed_in(user).await? {
        let page = rand::rng().random_range(1..=3);
        let path = format!("/tutor/matrix?page={page}");
        http::get_page(user, &path, "tutor: matrix", "/logout").await?;
    }
    Ok(())
}

async fn at_risk(user: &mut GooseUser) -> TransactionResult {
    if ensure_signed_in(user).await? {
        http::get_page(user, "/tutor/at-risk", "tutor: at-risk", "/logout").await?;
    }
    Ok(())
}

async fn export(user: &mut GooseUser) -> TransactionResult {
    if ensure_signed_in(user).await? {
        http::get_bytes(user, "/tutor/export/learners.csv", "tutor: export csv").await?;
    }
    Ok(())
}
