//! The subcommands that are more than a call into the library: checking course
//! content and importing acts, with their output for people at a terminal.

use std::path::{Path, PathBuf};

use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Config;
use crate::content::{ArticleSet, Severity};

/// `aula courses check`: prints every problem as `path:line: message`; returns
/// whether the content passes (no errors; no warnings either when `strict`).
pub async fn courses_check(
    config: &Config,
    dir: Option<PathBuf>,
    strict: bool,
    library: &[PathBuf],
) -> anyhow::Result<bool> {
    let dir = dir.unwrap_or_else(|| config.courses_dir.clone());
    let articles = if library.is_empty() {
        let db = crate::db::connect(&config.database_url).await?;
        crate::db::migrate(&db).await?;
        let set = crate::content::article_set(&db).await?;
        db.close().await?;
        set
    } else {
        library_from_files(library)?
    };
    let (catalog, diagnostics) = crate::content::load::load(&dir, &articles);
    let mut errors = 0;
    let mut warnings = 0;
    for d in &diagnostics {
        println!("{d}");
        match d.severity {
            Severity::Error => errors += 1,
            Severity::Warning => warnings += 1,
            Severity::Note => {}
        }
    }
    let lessons = catalog.lessons().count();
    let citations: usize = catalog.lessons().map(|(_, _, l)| l.citations.len()).sum();
    println!(
        "{}: {} corsi, {lessons} lezioni, {citations} articoli citati e trovati in una biblioteca di {} atti; {errors} errori, {warnings} avvisi{}",
        dir.display(),
        catalog.courses.len(),
        articles.act_count(),
        if strict {
            " (--strict: gli avvisi contano come errori)"
        } else {
            ""
        }
    );
    Ok(errors == 0 && (!strict || warnings == 0))
}

/// The article set of act files, parsed without a database, with the date of each
/// act's text in force when the file gives it.
fn library_from_files(paths: &[PathBuf]) -> anyhow::Result<ArticleSet> {
    let mut set = ArticleSet::default();
    let mut in_force = Vec::new();
    for file in crate::content::library::expand_paths(paths)? {
        let (act, _, _) = crate::content::library::parse_file(&file)?;
        for article in &act.articles {
            set.insert(article.id(&act.id));
        }
        in_force.push((act.id.clone(), act.in_force_at.clone()));
    }
    Ok(set.with_in_force(in_force))
}

/// `aula library import`: imports every file, with a progress bar; returns whether
/// all imports succeeded (failures are reported and the others still imported).
pub async fn library_import(config: &Config, paths: &[PathBuf]) -> anyhow::Result<bool> {
    let files = crate::content::library::expand_paths(paths)?;
    anyhow::ensure!(!files.is_empty(), "no act files found in the given paths");
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let bar = progress_bar(files.len() as u64);
    let mut failed = 0;
    for file in &files {
        bar.set_message(display_name(file));
        match crate::content::library::import_file(&db, file).await {
            Ok(done) => bar.println(format!(
                "{} {}: {} articoli{}",
                if done.replaced {
                    "sostituito"
                } else {
                    "importato"
                },
                done.id,
                done.articles,
                if done.replaced {
                    " (importazione precedente sostituita)"
                } else {
                    ""
                }
            )),
            Err(err) => {
                failed += 1;
                bar.println(format!("errore: {err:#}"));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!("{} atti importati, {failed} errori", files.len() - failed);
    db.close().await?;
    Ok(failed == 0)
}

/// `aula library fetch`: downloads the named acts, or with `courses` those the courses
/// declare, from Normattiva with a progress bar, and prints what changed; on any
/// failure prints why and that nothing was written. Like `library import`, it leaves
/// the search index to the serving instances, which follow the library's fingerprint
/// (and `serve` brings it up to date at start).
pub async fn library_fetch(
    config: &Config,
    names: &[String],
    courses: bool,
) -> anyhow::Result<bool> {
    use crate::content::library::fetch::{self, ActStatus, ChangeKind, Step};
    let declared = if courses {
        let (catalog, _) = crate::content::load::load(&config.courses_dir, &ArticleSet::default());
        let declared = catalog.declared_acts();
        if declared.is_empty() {
            println!(
                "errore: i corsi in {} non dichiarano atti ([library] acts in course.toml)",
                config.courses_dir.display()
            );
            return Ok(false);
        }
        Some(declared)
    } else {
        None
    };
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let bar = progress_bar(0);
    let progress = |step: Step<'_>| match step {
        Step::Downloading { total, urn, .. } => {
            bar.set_length(total as u64);
            bar.set_message(format!("scaricamento di {}", urn.act_id()));
        }
        Step::Downloaded { .. } => bar.inc(1),
        Step::Storing => bar.set_message("scrittura nella biblioteca"),
    };
    let outcome = match declared {
        Some(urns) => fetch::fetch_urns(&db, &config.library, urns, progress).await,
        None => fetch::fetch_acts(&db, &config.library, names, progress).await,
    };
    bar.finish_and_clear();
    db.close().await?;
    let report = match outcome {
        Ok(report) => report,
        Err(err) => {
            println!("errore: {err}");
            println!("nessuna modifica scritta nella biblioteca");
            return Ok(false);
        }
    };
    let (mut new, mut updated, mut unchanged) = (0, 0, 0);
    for act in &report.acts {
        let in_force = act
            .in_force_at
            .as_deref()
            .map(|d| format!(", testo vigente al {d}"))
            .unwrap_or_default();
        match &act.status {
            ActStatus::New { articles } => {
                new += 1;
                println!("nuovo {}: {articles} articoli{in_force}", act.id);
            }
            ActStatus::Unchanged => {
                unchanged += 1;
                println!("invariato {}{in_force}: nulla da scrivere", act.id);
            }
            ActStatus::Updated { changes } => {
                updated += 1;
                println!(
                    "aggiornato {}{in_force}: {} articoli cambiati",
                    act.id,
                    changes.len()
                );
                for change in changes {
                    let kind = match change.kind {
                        ChangeKind::Changed => "modificato",
                        ChangeKind::Added => "nuovo",
                        ChangeKind::Removed => "eliminato",
                    };
                    println!("  art. {} ({kind})", change.label);
                }
            }
        }
    }
    println!(
        "{} atti scaricati da Normattiva: {new} nuovi, {updated} aggiornati, {unchanged} invariati",
        report.acts.len()
    );
    Ok(true)
}

/// `aula index rebuild`: rebuilds the search index from courses and library, with a
/// progress bar.
pub async fn index_rebuild(config: &Config) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let catalog = crate::app::load_courses(config, &db).await?;
    let index = crate::search::SearchIndex::open(&config.index_dir)?;
    let bar = progress_bar(0);
    bar.set_message("indicizzazione");
    let outcome = index
        .refresh(&catalog, &db, true, Some(bar.clone()))
        .await?;
    bar.finish_and_clear();
    if let crate::search::engine::Refreshed::Rebuilt(count) = outcome {
        println!(
            "indice di ricerca ricostruito in {}: {count} documenti in {:.1} s",
            index.dir().display(),
            started.elapsed().as_secs_f64()
        );
    }
    db.close().await?;
    Ok(())
}

/// `aula demo generate`: generated learners with progress, with a progress bar.
pub async fn demo_generate(config: &Config, learners: usize, seed: u64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let catalog = crate::app::load_courses(config, &db).await?;
    let bar = progress_bar(learners as u64);
    bar.set_message("discenti generati");
    let done = crate::demo::generate::generate(&db, &catalog, learners, seed, Some(&bar)).await?;
    bar.finish_and_clear();
    println!(
        "{} discenti, {} righe di avanzamento, {} eventi, {} tentativi di quiz, {} completamenti in {:.1} s",
        done.learners,
        done.lesson_rows,
        done.events,
        done.attempts,
        done.completions,
        started.elapsed().as_secs_f64()
    );
    db.close().await?;
    Ok(())
}

/// `aula reminders run-once [--dry-run]`: evaluates every rule now and prints what it
/// queued and sent (or, with `--dry-run`, what it would queue).
pub async fn reminders_run_once(config: &Config, dry_run: bool) -> anyhow::Result<()> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let catalog = crate::app::load_courses(config, &db).await?;
    let messages = crate::render::i18n::Messages::load()?;
    let templates = crate::render::Templates::new(messages);
    let ctx = crate::reminders::Context {
        db: db.clone(),
        mailer: crate::mail::Mailer::from_config(config, templates)?,
        courses: std::sync::Arc::new(std::sync::RwLock::new(std::sync::Arc::new(catalog))),
        config: config.clone(),
    };
    let report = crate::reminders::run_once(&ctx, dry_run).await?;
    for q in &report.queued {
        println!("{:<13} {:<40} {}", q.rule.slug(), q.email, q.key);
    }
    if dry_run {
        println!(
            "prova: {} promemoria dovuti, {} sarebbero nuovi (nessuna modifica)",
            report.due,
            report.queued.len()
        );
    } else {
        println!(
            "{} promemoria dovuti, {} nuovi in coda, {} promemoria di seminari; \
             inviati {}, da ritentare {}, falliti {}",
            report.due,
            report.queued.len(),
            report.seminars,
            report.delivery.sent,
            report.delivery.retried,
            report.delivery.failed
        );
    }
    db.close().await?;
    Ok(())
}

fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// A progress bar on standard error (hidden when it is not a terminal).
pub fn progress_bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    bar.set_style(
        ProgressStyle::with_template("{bar:30.cyan/blue} {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// `aula municipalities import`: all rows or none.
pub async fn municipalities_import(config: &Config, file: &Path) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let outcome = crate::accounts::municipalities::import(&db, file).await?;
    db.close().await?;
    match outcome {
        crate::accounts::municipalities::ImportOutcome::Imported(n) => {
            println!("{n} Comuni importati o aggiornati");
            Ok(true)
        }
        crate::accounts::municipalities::ImportOutcome::Rejected(errors) => {
            for e in &errors {
                println!("{}:{}: {}", file.display(), e.line, e.message);
            }
            println!("{} righe non valide: nessun Comune importato", errors.len());
            Ok(false)
        }
    }
}

/// `aula editions add`.
pub async fn editions_add(
    config: &Config,
    new: crate::accounts::editions::NewEdition,
) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let result = crate::accounts::editions::add(&db, new).await;
    let ok = match result {
        Ok(edition) => {
            let eligible = crate::accounts::editions::eligible(&db, &edition).await?;
            println!(
                "edizione {} creata: {} Comuni ammessi",
                edition.number,
                eligible.len()
            );
            true
        }
        Err(crate::accounts::editions::EditionError::Invalid { field, message }) => {
            println!("errore ({field}): {message}");
            false
        }
        Err(duplicate @ crate::accounts::editions::EditionError::Duplicate(_)) => {
            println!("errore (number): {duplicate}");
            false
        }
        Err(crate::accounts::editions::EditionError::Db(e)) => return Err(e.into()),
    };
    db.close().await?;
    Ok(ok)
}

/// `aula seminars add`: plans a seminar with its sessions (each given as a line of
/// `seminars::spec`); prints the seminar and its sessions, or what is wrong.
pub async fn seminars_add(
    config: &Config,
    mut new: crate::seminars::NewSeminar,
    session_lines: &[String],
) -> anyhow::Result<bool> {
    for (i, line) in session_lines.iter().enumerate() {
        match crate::seminars::spec::parse(line) {
            Ok(session) => new.sessions.push(session),
            Err(message) => {
                println!("errore (sessione {}): {message}", i + 1);
                return Ok(false);
            }
        }
    }
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let (catalog, _) = crate::content::load::load(&config.courses_dir, &ArticleSet::default());
    let result = crate::seminars::plan::add(&db, &catalog, new).await;
    db.close().await?;
    match result {
        Ok((seminar, sessions)) => {
            println!("seminario {} creato: «{}»", seminar.id, seminar.title);
            for s in sessions {
                println!(
                    "  sessione {}: {} ({} giorni, {}-{}), {}, {} – {} posti, iscrizioni fino al {}",
                    s.id,
                    s.first_day,
                    s.days,
                    s.starts_at,
                    s.ends_at,
                    s.venue,
                    s.region,
                    s.capacity,
                    crate::seminars::registration::deadline_text(s.deadline)
                );
            }
            Ok(true)
        }
        Err(crate::seminars::PlanError::Invalid { field, message }) => {
            println!("errore ({field}): {message}");
            Ok(false)
        }
        Err(crate::seminars::PlanError::Db(e)) => Err(e.into()),
    }
}

/// Course ids offered by default: every course under the courses folder.
fn course_ids(config: &Config) -> Vec<String> {
    let (catalog, _) = crate::content::load::load(&config.courses_dir, &ArticleSet::default());
    catalog.courses.into_iter().map(|c| c.id).collect()
}

/// `aula users add`.
pub async fn users_add(
    config: &Config,
    new: crate::accounts::users::NewUser,
) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let result = crate::accounts::users::add(&db, new, &course_ids(config)).await;
    let ok = match result {
        Ok(user) => {
            println!(
                "account creato: {} ({}), id {}",
                user.email,
                user.role.as_str(),
                user.id
            );
            true
        }
        Err(crate::accounts::users::UserError::Other(e)) => return Err(e),
        Err(e) => {
            println!("errore: {e}");
            false
        }
    };
    db.close().await?;
    Ok(ok)
}

/// `aula tokens create`: a token acting as the account of `email`; prints its secret.
pub async fn tokens_create(
    config: &Config,
    email: &str,
    name: &str,
    scopes: Vec<String>,
    days: u32,
) -> anyhow::Result<bool> {
    use crate::accounts::api_tokens::{self, NewToken, TokenError};
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let Some(user) =
        crate::accounts::directory::by_email(&db, &email.trim().to_lowercase()).await?
    else {
        println!("errore: nessun account con l'indirizzo {email}");
        db.close().await?;
        return Ok(false);
    };
    let new = NewToken {
        name: name.to_string(),
        scopes,
        days: Some(days),
    };
    let ok = match api_tokens::create(&db, &user, new).await {
        Ok((token, secret)) => {
            println!(
                "token {} creato per {} (ambiti: {}; scade il {}); copialo ora, non sarà più mostrato:",
                token.id,
                token.owner,
                token.scopes.join(" "),
                token
                    .expires_at
                    .map(|e| e.format("%Y-%m-%d").to_string())
                    .unwrap_or_default()
            );
            println!("{secret}");
            true
        }
        Err(TokenError::Invalid { field, message }) => {
            println!("errore ({field}): {message}");
            false
        }
        Err(TokenError::Db(e)) => return Err(e.into()),
    };
    db.close().await?;
    Ok(ok)
}

/// `aula tokens list`: one line per token, never a secret.
pub async fn tokens_list(config: &Config) -> anyhow::Result<()> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let day = |d: chrono::DateTime<chrono::Utc>| d.format("%Y-%m-%d").to_string();
    for t in crate::accounts::api_tokens::list(&db).await? {
        let state = if t.revoked_at.is_some() {
            "revocato"
        } else if t.active {
            "attivo"
        } else {
            "scaduto"
        };
        println!(
            "{}\t{}\t{}\t{}\tscade {}\t{state}",
            t.id,
            t.name,
            t.owner,
            t.scopes.join(" "),
            t.expires_at.map(day).unwrap_or_else(|| "–".into()),
        );
    }
    db.close().await?;
    Ok(())
}

/// `aula tokens revoke`: false when no active token has that id.
pub async fn tokens_revoke(config: &Config, id: i32) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let revoked = crate::accounts::api_tokens::revoke(&db, id).await?;
    println!(
        "{}",
        if revoked {
            format!("token {id} revocato")
        } else {
            format!("errore: nessun token attivo con id {id}")
        }
    );
    db.close().await?;
    Ok(revoked)
}

/// `aula users import`: reports bad rows, imports the good ones, invites new accounts.
pub async fn users_import(config: &Config, file: &Path) -> anyhow::Result<bool> {
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let report = crate::accounts::users::import_csv(&db, file, &course_ids(config)).await?;
    for e in &report.errors {
        println!("{}:{}: {}", file.display(), e.line, e.message);
    }
    let templates = crate::render::Templates::new(crate::render::i18n::Messages::load()?);
    let mailer = crate::mail::Mailer::from_config(config, templates)?;
    let mut failed_invitations = 0;
    for user in &report.created {
        let token = crate::accounts::users::issue_link_token(
            &db,
            user.id,
            "invite",
            crate::accounts::users::INVITE_TTL,
        )
        .await?;
        let link = format!("{}/invite/{token}", config.base_url());
        let ctx = minijinja::context! { name => user.name, link, days => crate::accounts::users::INVITE_TTL.num_days(), lang => crate::accounts::directory::language_of(user) };
        if let Err(err) = mailer.send_template(&user.email, "invite", ctx).await {
            failed_invitations += 1;
            println!("invito non inviato a {}: {err:#}", user.email);
        }
    }
    println!(
        "{} account creati e invitati, {} aggiornati, {} righe non valide{}",
        report.created.len(),
        report.updated,
        report.errors.len(),
        if failed_invitations > 0 {
            format!(", {failed_invitations} inviti non inviati")
        } else {
            String::new()
        }
    );
    db.close().await?;
    Ok(report.errors.is_empty() && failed_invitations == 0)
}

/// `aula certificates verify FILE`: checks a certificate's PDF or credential (JSON or
/// bare JWS) against the published keys and the records of the configured database,
/// and prints the outcome; true only for a genuine certificate that is valid.
pub async fn certificates_verify(config: &Config, file: &Path) -> anyhow::Result<bool> {
    use crate::certificates::verify::{self, FileCheck, Lookup};
    let bytes = std::fs::read(file)
        .map_err(|e| anyhow::anyhow!("non riesco a leggere {}: {e}", file.display()))?;
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let check = verify::file(&db, &bytes).await?;
    db.close().await?;
    let (line, valid) = match check {
        FileCheck::Unreadable { reason } => (
            format!("NON VERIFICABILE: il file non contiene una credenziale di Aula ({reason})"),
            false,
        ),
        FileCheck::BadSignature { reason } => (
            format!(
                "FIRMA NON VALIDA: il file è stato alterato o non è stato firmato da Aula ({reason})"
            ),
            false,
        ),
        FileCheck::NoRecord { code } => (
            format!("SCONOSCIUTO: la firma è valida ma nessun attestato ha il codice {code}"),
            false,
        ),
        FileCheck::Mismatch { fields, .. } => (
            format!(
                "NON CORRISPONDE: la firma è valida ma il contenuto differisce dal registro ({})",
                fields.join(", ")
            ),
            false,
        ),
        FileCheck::Genuine { record, kid } => match record {
            Lookup::Valid(p) => (
                format!(
                    "AUTENTICO E VALIDO: attestato {} di {}, corso «{}» ({}), completato il {} (chiave {kid})",
                    p.code,
                    p.holder_name,
                    p.course_title,
                    p.edition_title,
                    crate::render::dates::long_italian(p.completed_on)
                ),
                true,
            ),
            Lookup::Revoked(p) => (
                format!(
                    "REVOCATO: l'attestato {} di {} è autentico ma è stato revocato il {}",
                    p.code,
                    p.holder_name,
                    p.revoked_at
                        .map(|at| crate::render::dates::long_italian(
                            at.with_timezone(&crate::seminars::TIME_ZONE).date_naive()
                        ))
                        .unwrap_or_else(|| "–".into())
                ),
                false,
            ),
            Lookup::Replaced(p) => (
                format!(
                    "SOSTITUITO: l'attestato {} di {} è autentico ma è stato sostituito da {}",
                    p.code,
                    p.holder_name,
                    p.replaced_by.as_deref().unwrap_or("–")
                ),
                false,
            ),
            Lookup::Unknown => (
                "SCONOSCIUTO: nessun attestato con questo codice".into(),
                false,
            ),
        },
    };
    println!("{line}");
    Ok(valid)
}

/// `aula certificates rotate-key`: makes a new signing key current, publishes it
/// beside the previous ones (which keep verifying what they signed) and prints its id.
pub async fn certificates_rotate_key(config: &Config) -> anyhow::Result<()> {
    use crate::certificates::keys::{self, KeyRing};
    let dir = &config.certificates.keys_dir;
    let kid = keys::rotate(dir)?;
    let ring = KeyRing::load_or_create(dir)?;
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    keys::publish(&db, &ring).await?;
    db.close().await?;
    println!(
        "nuova chiave di firma {kid} in {}: pubblicata insieme alle precedenti, che restano \
         valide per gli attestati già firmati; le istanze in esecuzione firmano con la nuova \
         chiave dal prossimo avvio",
        dir.display()
    );
    println!("{kid}");
    Ok(())
}

/// The first active administrator, in whose name the command line acts; None (and a
/// message) when there is none.
async fn acting_admin(
    db: &sea_orm::DatabaseConnection,
) -> anyhow::Result<Option<crate::accounts::directory::User>> {
    let admin = crate::certificates::admin::system_admin(db).await?;
    if admin.is_none() {
        println!(
            "errore: nessun amministratore attivo a cui intestare l'operazione (crealo con `aula users add --role admin`)"
        );
    }
    Ok(admin)
}

/// `aula certificates revoke CODE --reason R`, in the name of the first active admin.
pub async fn certificates_revoke(
    config: &Config,
    code: &str,
    reason: &str,
) -> anyhow::Result<bool> {
    use crate::certificates::actions::{self, ActionError};
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let Some(admin) = acting_admin(&db).await? else {
        db.close().await?;
        return Ok(false);
    };
    let code = code.trim().to_ascii_uppercase();
    let outcome = actions::revoke(&db, admin.id, &code, reason).await;
    db.close().await?;
    match outcome {
        Ok(()) => {
            println!("attestato {code} revocato (a nome di {})", admin.email);
            Ok(true)
        }
        Err(ActionError::Db(e)) => Err(e.into()),
        Err(e) => {
            println!("errore: {e}");
            Ok(false)
        }
    }
}

/// `aula certificates issue --email E --course C --reason R`: issues by hand, in the
/// name of the first active admin; prints the new code.
pub async fn certificates_issue(
    config: &Config,
    email: &str,
    course: &str,
    reason: &str,
) -> anyhow::Result<bool> {
    use crate::certificates::admin::{self, ManualError};
    let db = crate::db::connect(&config.database_url).await?;
    crate::db::migrate(&db).await?;
    let Some(acting) = acting_admin(&db).await? else {
        db.close().await?;
        return Ok(false);
    };
    let (catalog, _) = crate::content::load::load(&config.courses_dir, &ArticleSet::default());
    let outcome = admin::issue_by_email(&db, &catalog, email, course, acting.id, reason).await;
    db.close().await?;
    match outcome {
        Ok(code) => {
            println!(
                "attestato {code} rilasciato a {} (a nome di {})",
                email.trim(),
                acting.email
            );
            Ok(true)
        }
        Err(ManualError::Fields(errors)) => {
            for e in errors {
                println!("errore ({}): {}", e.field, e.message);
            }
            Ok(false)
        }
        Err(e @ ManualError::AlreadyIssued(_)) => {
            println!("errore: {e}");
            Ok(false)
        }
        Err(ManualError::Db(e)) => Err(e.into()),
    }
}
pub mod backup;
pub mod privacy;
