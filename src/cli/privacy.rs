//! `aula privacy …`: the record of processing activities, the retention job run by
//! hand (or as a dry run), a person's export and erasure for requests received on
//! paper, and whether an edition lets its learners erase their own account.

use std::path::Path;

use crate::config::Config;
use crate::privacy::{erase, exports, record, retention};

/// `aula privacy record`: prints the register of processing activities (Markdown).
pub async fn record(config: &Config) -> anyhow::Result<()> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    print!("{}", record::markdown(&db, config).await?);
    db.close().await?;
    Ok(())
}

/// `aula privacy retention [--dry-run]`: what the retention job does now (prints the
/// accounts it warns and pseudonymises, and what it forgets), and does it unless dry.
pub async fn retention(config: &Config, dry_run: bool) -> anyhow::Result<()> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let now = chrono::Utc::now();
    let plan = retention::plan(&db, &config.privacy, now).await?;
    for due in &plan.warn {
        println!(
            "avviso           {:>8}  {:<40} pseudonimo dal {}",
            due.id, due.email, due.erase_on
        );
    }
    for due in &plan.erase {
        println!("pseudonimizzare  {:>8}  {}", due.id, due.email);
    }
    if dry_run {
        println!(
            "prova: {} account da avvisare, {} da pseudonimizzare; {} righe del registro degli accessi, \
             {} e-mail inviate da svuotare, {} esportazioni scadute (nessuna modifica)",
            plan.warn.len(),
            plan.erase.len(),
            plan.access_log,
            plan.outbox,
            plan.exports
        );
    } else {
        let templates = crate::render::Templates::new(crate::render::i18n::Messages::load()?);
        let mailer = crate::mail::Mailer::from_config(config, templates)?;
        let done = retention::apply(
            &db,
            &mailer,
            &config.privacy,
            &config.base_url(),
            &plan,
            now,
        )
        .await?;
        println!("{}", done.summary());
    }
    db.close().await?;
    Ok(())
}

/// `aula privacy export EMAIL --out FILE`: writes the ZIP of a person's data now.
pub async fn export(config: &Config, email: &str, out: &Path) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let Some(user) =
        crate::accounts::directory::by_email(&db, &email.trim().to_lowercase()).await?
    else {
        println!("errore: nessun account con l'indirizzo {email}");
        db.close().await?;
        return Ok(false);
    };
    let templates = crate::render::Templates::new(crate::render::i18n::Messages::load()?);
    let zip = exports::build(&db, &templates, user.id).await?;
    db.close().await?;
    let tmp = out.with_extension("zip.part");
    std::fs::write(&tmp, &zip)?;
    std::fs::rename(&tmp, out)?;
    println!(
        "{}: {} byte, dati dell'account n. {}",
        out.display(),
        zip.len(),
        user.id
    );
    Ok(true)
}

/// `aula privacy erase EMAIL`: pseudonymises a learner's account now.
pub async fn erase(config: &Config, email: &str) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let Some(user) =
        crate::accounts::directory::by_email(&db, &email.trim().to_lowercase()).await?
    else {
        println!("errore: nessun account con l'indirizzo {email}");
        db.close().await?;
        return Ok(false);
    };
    let outcome = erase::erase_one(
        &db,
        user.id,
        config.privacy.certificates,
        chrono::Utc::now(),
    )
    .await;
    db.close().await?;
    match outcome {
        Ok(done) => {
            println!(
                "account n. {} cancellato: {} righe eliminate, {} modificate",
                user.id, done.deleted, done.changed
            );
            Ok(true)
        }
        Err(erase::EraseError::Db(e)) => Err(e.into()),
        Err(e) => {
            println!("errore: {e}");
            Ok(false)
        }
    }
}

/// `aula privacy self-erasure NUMBER on|off`: whether edition NUMBER lets its learners
/// erase their own account from the profile.
pub async fn self_erasure(config: &Config, number: i32, allow: bool) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let found = crate::privacy::profile::set_self_erasure(&db, number, allow).await?;
    db.close().await?;
    if found {
        println!(
            "edizione {number}: cancellazione dal profilo {}",
            if allow {
                "consentita"
            } else {
                "non consentita"
            }
        );
    } else {
        println!("errore: nessuna edizione numero {number}");
    }
    Ok(found)
}
