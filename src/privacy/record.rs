//! The record of processing activities (GDPR art. 30) as Markdown, for
//! `aula privacy record`: the controller and the retention periods from the
//! configuration, and the categories of data from the data model (each personal
//! table with its columns as the database has them), grouped by activity.

use sea_orm::{ConnectionTrait, DbBackend, DbErr};

use super::tables::{NOT_PERSONAL, PERSONAL, THROTTLE_TABLE};
use crate::config::{CertificateRule, Config};
use crate::db::sql::Sql;

/// One processing activity, with the categories of data (of `tables::PERSONAL`) it uses.
struct Activity {
    title: &'static str,
    purpose: &'static str,
    categories: &'static [&'static str],
    people: &'static str,
    recipients: &'static str,
}

const ACTIVITIES: &[Activity] = &[
    Activity {
        title: "Gestione degli account e dell'accesso",
        purpose: "identificare i partecipanti, il personale di tutoraggio e gli amministratori; \
                  consentire l'accesso; tenere traccia della presa visione dell'informativa",
        categories: &["account", "security"],
        people: "dipendenti pubblici iscritti al programma (discenti); tutor; amministratori",
        recipients: "amministratori del programma; tutor per i discenti del proprio gruppo (regione o comune)",
    },
    Activity {
        title: "Erogazione della formazione a distanza",
        purpose: "erogare i moduli, registrare avanzamento, tempo di lettura e risultati dei quiz, \
                  accertare il completamento dei corsi",
        categories: &["learning"],
        people: "discenti",
        recipients: "tutor del gruppo del discente; amministratori del programma",
    },
    Activity {
        title: "Seminari in presenza",
        purpose: "gestire iscrizioni, lista d'attesa, approvazioni e presenze per mezza giornata",
        categories: &["seminars"],
        people: "discenti",
        recipients: "tutor che conducono la sessione; amministratori del programma",
    },
    Activity {
        title: "Attestati",
        purpose: "rilasciare l'attestato di partecipazione e consentirne la verifica pubblica tramite codice",
        categories: &["certificates"],
        people: "discenti che hanno completato un corso",
        recipients: "chiunque riceva l'attestato dal titolare (verifica del codice); amministratori",
    },
    Activity {
        title: "Comunicazioni",
        purpose: "inviare promemoria, avvisi e risposte per posta elettronica e nell'applicazione",
        categories: &["messages"],
        people: "discenti; tutor",
        recipients: "fornitore del servizio di posta elettronica (responsabile del trattamento)",
    },
    Activity {
        title: "Segnalazioni di errori nei contenuti",
        purpose: "ricevere e rispondere alle segnalazioni su lezioni e articoli",
        categories: &["reports"],
        people: "discenti; tutor",
        recipients: "amministratori del programma",
    },
    Activity {
        title: "Registro degli accessi ai dati personali",
        purpose: "documentare chi, tra tutor e amministratori, ha visto o esportato i dati di un discente",
        categories: &["access_log"],
        people: "discenti; tutor; amministratori",
        recipients: "il discente interessato; amministratori del programma",
    },
];

/// The record, as Markdown.
pub async fn markdown<C: ConnectionTrait>(db: &C, config: &Config) -> Result<String, DbErr> {
    let p = &config.privacy;
    let mut out = String::new();
    let mut line = |s: &str| {
        out.push_str(s);
        out.push('\n');
    };
    line("# Registro delle attività di trattamento");
    line("");
    line(&format!(
        "Art. 30 del Regolamento (UE) 2016/679. Generato da Aula dalla configurazione e dal modello dei dati il {}.",
        crate::render::dates::long_italian(chrono::Utc::now().date_naive())
    ));
    line("");
    line(&format!("- **Titolare del trattamento**: {}", p.controller));
    line(&format!(
        "- **Responsabile della protezione dei dati**: {}",
        p.dpo_contact
    ));
    line(&format!(
        "- **Indirizzo dell'applicazione**: {}",
        config.base_url()
    ));
    line(
        "- **Base giuridica**: art. 6, par. 1, lett. e), del Regolamento (esecuzione di un compito di interesse pubblico: la formazione del personale delle pubbliche amministrazioni); art. 2-ter del d.lgs. 196/2003",
    );
    line("- **Trasferimenti verso paesi terzi**: nessuno da parte dell'applicazione");
    line("");
    line("## Termini di conservazione");
    line("");
    if p.retention_months > 0 {
        line(&format!(
            "- Account dei discenti: {} mesi dopo la più recente tra la fine dell'ultima edizione, l'ultimo accesso e l'ultima attività; avviso per e-mail {} giorni prima; poi pseudonimizzazione (nome, e-mail, qualifica e password cancellati, i dati sulla formazione restano legati a un numero).",
            p.retention_months, p.warning_days
        ));
    } else {
        line(
            "- Account dei discenti: nessuna pseudonimizzazione automatica (privacy.retention_months = 0); cancellazione su richiesta.",
        );
    }
    line(&format!(
        "- Registro degli accessi ai dati personali: {} mesi.",
        p.access_log_months
    ));
    line(&format!(
        "- Contenuto delle e-mail inviate: {} giorni dall'invio.",
        p.outbox_days
    ));
    line(&format!(
        "- Esportazioni dei dati preparate per l'interessato: {} giorni.",
        p.export_days
    ));
    line(match p.certificates {
        CertificateRule::Keep => {
            "- Attestati: conservati anche dopo la cancellazione dell'account, come documentazione di una formazione pubblica."
        }
        CertificateRule::Delete => {
            "- Attestati: alla cancellazione dell'account sono revocati e i dati del titolare eliminati."
        }
    });
    line("- Ricerche: le parole cercate sono conservate senza chi le ha cercate.");
    line("");
    line("## Attività");
    for activity in ACTIVITIES {
        line("");
        line(&format!("### {}", activity.title));
        line("");
        line(&format!("- **Finalità**: {}", activity.purpose));
        line(&format!("- **Interessati**: {}", activity.people));
        line(&format!("- **Destinatari**: {}", activity.recipients));
        line("- **Categorie di dati** (tabella: colonne):");
        for table in PERSONAL
            .iter()
            .filter(|t| activity.categories.contains(&t.category))
        {
            let columns = columns(db, table.name).await?;
            let shown: Vec<String> = columns
                .iter()
                .map(|c| {
                    if table.hidden.contains(&c.as_str()) {
                        format!("{c} (segreto, mai esportato)")
                    } else {
                        c.clone()
                    }
                })
                .collect();
            line(&format!("  - `{}`: {}", table.name, shown.join(", ")));
        }
        if activity.categories.contains(&"security") {
            line(&format!(
                "  - `{THROTTLE_TABLE}`: impronte (hash) degli indirizzi e-mail e conteggi dei tentativi di accesso"
            ));
        }
    }
    line("");
    line("## Tabelle senza dati personali");
    line("");
    for (table, why) in NOT_PERSONAL {
        line(&format!("- `{table}`: {why}"));
    }
    line("");
    line("## Misure di sicurezza (art. 32)");
    line("");
    for measure in [
        "password conservate solo come hash argon2; nessuna password in chiaro",
        "cookie di sessione HttpOnly e SameSite (Secure con HTTPS); protezione CSRF dei moduli",
        "accesso per ruolo e, per i tutor, limitato ai discenti del proprio gruppo (regione o comune)",
        "limitazione dei tentativi di accesso per account e per indirizzo",
        "token API con ambiti e scadenza, conservati solo come hash",
        "registro di chi vede o esporta i dati di un discente, consultabile dall'interessato",
        "celle dei fogli di calcolo esportati protette dalle formule",
        "pseudonimizzazione automatica alla scadenza del termine di conservazione",
    ] {
        line(&format!("- {measure}"));
    }
    Ok(out)
}

/// The columns of `table` as the database has them.
async fn columns<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let mut sql = Sql::new(backend);
    match backend {
        DbBackend::Postgres => sql
            .push(
                "SELECT column_name AS name FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND table_name = ",
            )
            .bind(table.to_string())
            .push(" ORDER BY ordinal_position"),
        _ => sql
            .push("SELECT name FROM pragma_table_info(")
            .bind(table.to_string())
            .push(") ORDER BY cid"),
    };
    let rows = db.query_all_raw(sql.build()).await?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect()
}

/// Every table of the database (for the test that each is classified).
pub async fn database_tables<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let backend = db.get_database_backend();
    let text = match backend {
        DbBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables \
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        }
    };
    let rows = db
        .query_all_raw(Sql::new(backend).push(text).build())
        .await?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect()
}

/// The columns of `table` (for the tests' scans).
pub async fn table_columns<C: ConnectionTrait>(db: &C, table: &str) -> Result<Vec<String>, DbErr> {
    columns(db, table).await
}
