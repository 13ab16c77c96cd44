//! Importing a CSV sign-in sheet: one row per learner and half-day, header
//! `email,day,half,present` (columns in any order, Italian names too, other columns
//! ignored), `,` or `;` as separator (Italian spreadsheets write `;`), UTF-8 with or
//! without a BOM (a file that is not UTF-8 is read as Windows-1252, as Excel saves
//! it). Each row is judged on its own: the line, the e-mail and the reason of every row
//! refused (unknown e-mail, not seated in this session, day out of range, bad half,
//! bad value, a duplicate of an earlier row…); the good rows are stored in one
//! `attendance::set` (source `import`), all or none, and a file with no good row
//! stores nothing. Limits: [`MAX_BYTES`] and [`MAX_ROWS`].

use std::collections::{HashMap, HashSet};

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde::Serialize;

use super::Session;
use super::attendance::{self, Half, Mark, MarkError, Source};
use super::attendance_sheet::run_by;
use crate::accounts::directory::User;
use crate::content::Catalog;
use crate::db::sql::Sql;

/// Largest file accepted, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Most rows accepted (not counting the header and blank lines).
pub const MAX_ROWS: usize = 5_000;
/// Longest e-mail address accepted (RFC 5321).
const MAX_EMAIL: usize = 254;
/// Longest value repeated in the report.
const MAX_ECHO: usize = 100;

/// Why a whole file was refused; nothing was stored.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// No such session, or not one the viewer runs.
    #[error("la sessione richiesta non esiste")]
    NotFound,
    /// No rows at all.
    #[error(
        "il file è vuoto: serve l'intestazione email,day,half,present e una riga per discente e mezza giornata"
    )]
    Empty,
    /// Larger than [`MAX_BYTES`].
    #[error("il file supera il limite di {} KiB: dividilo in più file", MAX_BYTES / 1024)]
    TooLarge,
    /// More rows than [`MAX_ROWS`].
    #[error("il file ha {rows} righe, più del limite di {MAX_ROWS}: dividilo in più file")]
    TooManyRows {
        /// The rows counted so far.
        rows: usize,
    },
    /// The header lacks a column.
    #[error(
        "intestazione non valida: mancano le colonne {missing} (la prima riga deve essere \
         email,day,half,present oppure email;giorno;metà;presente)"
    )]
    Header {
        /// The missing columns, comma-separated.
        missing: String,
    },
    /// Not a text file, or unreadable as CSV.
    #[error("{0}")]
    Unreadable(String),
    /// A learner's seat changed while the file was stored (a cancellation); nothing
    /// was stored.
    #[error(
        "le iscrizioni della sessione sono cambiate durante l'importazione ({0}): \
         nessuna presenza è stata registrata, riprova"
    )]
    Changed(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// What became of one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RowReport {
    /// The line in the file (the header is line 1).
    pub line: u64,
    /// The e-mail address as written.
    pub email: String,
    /// The day as written.
    pub day: String,
    /// The half-day as written.
    pub half: String,
    /// The value as written.
    pub present: String,
    /// Whether its mark was stored (a mark that already had this value counts as
    /// stored, with no change in the history).
    pub applied: bool,
    /// Why it was refused.
    pub reason: Option<String>,
}

/// The report of an import: every row with its outcome, and the totals.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Report {
    /// Rows whose mark was stored.
    pub applied: usize,
    /// Rows refused.
    pub refused: usize,
    /// Marks that changed (the others already had the value the file gives).
    pub changed: usize,
    /// Every row, in the file's order.
    pub rows: Vec<RowReport>,
}

/// One row as read, before it is judged.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RawRow {
    line: u64,
    email: String,
    day: String,
    half: String,
    present: String,
}

/// Windows-1252's characters for bytes 0x80 to 0x9F (the rest is Latin-1).
const CP1252: [char; 32] = [
    '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž', '\u{8f}',
    '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}', 'ž', 'Ÿ',
];

/// The file's text: UTF-8 without its BOM, else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        Err(_) => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => CP1252[usize::from(b - 0x80)],
                _ => char::from(b),
            })
            .collect(),
    }
}

/// The separator of a file: the one of `,`, `;` and tab its first line has most of.
fn separator(text: &str) -> u8 {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let count = |c: char| first.chars().filter(|x| *x == c).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs > semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The column a header names, by its name in English or Italian.
fn column(name: &str) -> Option<&'static str> {
    let name = name.trim().trim_matches('"').trim().to_lowercase();
    match name.as_str() {
        "email" | "e-mail" | "mail" | "indirizzo email" | "indirizzo e-mail" => Some("email"),
        "day" | "giorno" => Some("day"),
        "half" | "meta" | "metà" | "mezza giornata" | "turno" => Some("half"),
        "present" | "presente" | "presenza" => Some("present"),
        _ => None,
    }
}

/// A value cut for the report.
fn echo(value: &str) -> String {
    match value.char_indices().nth(MAX_ECHO) {
        Some((cut, _)) => format!("{}…", &value[..cut]),
        None => value.to_string(),
    }
}

/// Reads the rows of a file, checking its size, text, header and row count.
fn read(bytes: &[u8]) -> Result<Vec<RawRow>, ImportError> {
    if bytes.len() > MAX_BYTES {
        return Err(ImportError::TooLarge);
    }
    let text = decode(bytes);
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\t' | '\r' | '\n'))
    {
        return Err(ImportError::Unreadable(
            "il file contiene caratteri di controllo: non è un foglio CSV di testo".into(),
        ));
    }
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(separator(&text))
        .flexible(true)
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(|err| ImportError::Unreadable(format!("intestazione illeggibile: {err}")))?
        .clone();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if let Some(column) = column(name) {
            index.entry(column).or_insert(i);
        }
    }
    let missing: Vec<&str> = ["email", "day", "half", "present"]
        .into_iter()
        .filter(|c| !index.contains_key(c))
        .collect();
    if !missing.is_empty() {
        return Err(ImportError::Header {
            missing: missing.join(", "),
        });
    }
    let mut rows = Vec::new();
    // The csv crate's own line numbers are off after a CRLF: count them here, from
    // each record's byte offset (past the line breaks before it).
    let bytes = text.as_bytes();
    let (mut counted_to, mut line) = (0usize, 1u64);
    for record in reader.records() {
        let record = record.map_err(|err| {
            ImportError::Unreadable(format!("il file non è un CSV leggibile: {err}"))
        })?;
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if rows.len() == MAX_ROWS {
            return Err(ImportError::TooManyRows { rows: MAX_ROWS + 1 });
        }
        let field = |name: &str| {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let mut start = record.position().map_or(counted_to, |p| {
            usize::try_from(p.byte()).unwrap_or(counted_to)
        });
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start > counted_to {
            line += bytes[counted_to..start]
                .iter()
                .filter(|b| **b == b'\n')
                .count() as u64;
            counted_to = start;
        }
        rows.push(RawRow {
            line,
            email: field("email"),
            day: field("day"),
            half: field("half"),
            present: field("present"),
        });
    }
    if rows.is_empty() {
        return Err(ImportError::Empty);
    }
    Ok(rows)
}

/// Reads a sign-in sheet's value of presence: 1/0, sì/no, true/false, x/empty,
/// presente/assente (and p/a), in any case.
pub fn parse_present(value: &str) -> Option<bool> {
    match value.trim().to_lowercase().as_str() {
        "1" | "sì" | "si" | "s" | "true" | "vero" | "x" | "presente" | "p" => Some(true),
        "0" | "no" | "n" | "false" | "falso" | "" | "assente" | "a" => Some(false),
        _ => None,
    }
}

/// Where an e-mail address stands in a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Standing {
    /// Seated: attendance is taken.
    Seated(i32),
    /// On the waiting list.
    Waiting,
    /// An account with no live registration for this session.
    NotRegistered,
}

/// The standing of each address of a file in the session (absent: no account).
async fn standings<C: ConnectionTrait>(
    conn: &C,
    session_id: i32,
    emails: &HashSet<String>,
) -> Result<HashMap<String, Standing>, DbErr> {
    let mut out = HashMap::new();
    for entry in super::roster::entries(conn, session_id).await? {
        let standing = if entry.status == super::Status::Registered.as_str() {
            Standing::Seated(entry.user_id)
        } else {
            Standing::Waiting
        };
        out.insert(entry.email.to_lowercase(), standing);
    }
    let others: Vec<String> = emails
        .iter()
        .filter(|e| !out.contains_key(*e))
        .cloned()
        .collect();
    for chunk in others.chunks(500) {
        let mut sql = Sql::new(conn.get_database_backend());
        sql.push("SELECT email FROM users WHERE email IN ")
            .bind_list(chunk);
        for row in conn.query_all_raw(sql.build()).await? {
            let email: String = row.try_get("", "email")?;
            out.insert(email.to_lowercase(), Standing::NotRegistered);
        }
    }
    Ok(out)
}

/// What one row says, once its values are read.
struct Judged {
    report: RowReport,
    mark: Option<Mark>,
}

/// Judges each row: its values, the learner's seat, duplicates (a later row on the
/// same learner and half-day is refused; if it gives another value the earlier one is
/// refused too, since the sheet contradicts itself).
fn judge(
    session: &Session,
    rows: Vec<RawRow>,
    standings: &HashMap<String, Standing>,
) -> Vec<Judged> {
    let mut judged: Vec<Judged> = Vec::with_capacity(rows.len());
    let mut first: HashMap<(i32, i32, Half), usize> = HashMap::new();
    for row in rows {
        let email = row.email.to_lowercase();
        let mut reasons = Vec::new();
        let mut user = None;
        if email.is_empty() {
            reasons.push("manca l'indirizzo e-mail".to_string());
        } else if email.chars().count() > MAX_EMAIL || !email.contains('@') {
            reasons.push("indirizzo e-mail non valido".to_string());
        } else {
            match standings.get(&email) {
                None => reasons.push("nessun account con questo indirizzo e-mail".to_string()),
                Some(Standing::Waiting) => reasons.push(
                    "il discente è in lista d'attesa: non ha un posto in questa sessione"
                        .to_string(),
                ),
                Some(Standing::NotRegistered) => {
                    reasons.push("il discente non è iscritto a questa sessione".to_string())
                }
                Some(Standing::Seated(id)) => user = Some(*id),
            }
        }
        let day = match row.day.parse::<i32>() {
            Ok(day) if (1..=session.days).contains(&day) => Some(day),
            Ok(day) => {
                reasons.push(format!(
                    "il giorno {day} non esiste: la sessione dura {} giorni",
                    session.days
                ));
                None
            }
            Err(_) => {
                reasons.push(format!(
                    "giorno «{}» non valido: indica un numero da 1 a {}",
                    echo(&row.day),
                    session.days
                ));
                None
            }
        };
        let half = Half::parse(&row.half);
        if half.is_none() {
            reasons.push(format!(
                "mezza giornata «{}» non valida: am o pm (mattina o pomeriggio)",
                echo(&row.half)
            ));
        }
        let present = parse_present(&row.present);
        if present.is_none() {
            reasons.push(format!(
                "valore «{}» non valido: 1 o 0, sì o no, x o vuoto, presente o assente",
                echo(&row.present)
            ));
        }
        let mut mark = None;
        if let (Some(user_id), Some(day), Some(half), Some(present)) = (user, day, half, present) {
            let candidate = Mark {
                user_id,
                day,
                half,
                present,
            };
            match first.get(&(user_id, day, half)) {
                Some(&earlier) => {
                    let earlier_line = judged[earlier].report.line;
                    reasons.push(format!(
                        "riga ripetuta: stesso discente, giorno e mezza giornata della riga {earlier_line}"
                    ));
                    let contradicts = judged[earlier].mark.is_some_and(|m| m.present != present);
                    if contradicts {
                        let previous = &mut judged[earlier];
                        previous.mark = None;
                        previous.report.applied = false;
                        previous.report.reason = Some(format!(
                            "contraddetta dalla riga {}, che dà un altro valore per lo stesso \
                             discente, giorno e mezza giornata",
                            row.line
                        ));
                    }
                }
                None => {
                    first.insert((user_id, day, half), judged.len());
                    mark = Some(candidate);
                }
            }
        }
        if !reasons.is_empty() {
            mark = None;
        }
        judged.push(Judged {
            report: RowReport {
                line: row.line,
                email: echo(&row.email),
                day: echo(&row.day),
                half: echo(&row.half),
                present: echo(&row.present),
                applied: mark.is_some(),
                reason: (!reasons.is_empty()).then(|| reasons.join("; ")),
            },
            mark,
        });
    }
    judged
}

/// Imports a sign-in sheet into a session `viewer` runs: the good rows in one
/// `attendance::set`, the others refused with their reasons.
pub async fn import(
    db: &DatabaseConnection,
    catalog: &Catalog,
    viewer: &User,
    session_id: i32,
    bytes: &[u8],
) -> Result<Report, ImportError> {
    let (session, _) = run_by(db, viewer, session_id)
        .await?
        .ok_or(ImportError::NotFound)?;
    let rows = read(bytes)?;
    let emails: HashSet<String> = rows.iter().map(|r| r.email.to_lowercase()).collect();
    let standings = standings(db, session_id, &emails).await?;
    let judged = judge(&session, rows, &standings);
    let marks: Vec<Mark> = judged.iter().filter_map(|j| j.mark).collect();
    let changed = if marks.is_empty() {
        0
    } else {
        attendance::set(db, catalog, session_id, viewer.id, &marks, Source::Import)
            .await
            .map_err(|err| match err {
                MarkError::NotFound => ImportError::NotFound,
                MarkError::Db(db) => ImportError::Db(db),
                other => ImportError::Changed(other.to_string()),
            })?
    };
    let rows: Vec<RowReport> = judged.into_iter().map(|j| j.report).collect();
    let applied = rows.iter().filter(|r| r.applied).count();
    Ok(Report {
        applied,
        refused: rows.len() - applied,
        changed,
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_read_with_either_separator_a_bom_and_windows_1252() {
        let rows = read(b"\xEF\xBB\xBFemail;giorno;met\xC3\xA0;presente\r\na@b.it;1;mattina;s\xC3\xAC\r\n\r\n;;;\r\nc@d.it;2;pm;\r\n").expect("a good sheet");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[0].present, "sì");
        assert_eq!(rows[1].line, 5);
        assert_eq!(rows[1].present, "");
        let rows =
            read(b"present,half,day,email,nome\nS\xECX,am,1,a@b.it,Rossi\n").expect("Windows-1252");
        assert_eq!(rows[0].email, "a@b.it");
        assert_eq!(rows[0].present, "SìX");
        assert!(matches!(
            read(b"email,day,present\na@b.it,1,1\n"),
            Err(ImportError::Header { missing }) if missing == "half"
        ));
        assert!(matches!(read(b"\xEF\xBB\xBF \n"), Err(ImportError::Empty)));
        assert!(matches!(
            read(b"email,day,half,present\n"),
            Err(ImportError::Empty)
        ));
        assert!(matches!(
            read(b"email,day,half,present\na\x00,1,am,1\n"),
            Err(ImportError::Unreadable(_))
        ));
        let many = format!(
            "email,day,half,present\n{}",
            "a@b.it,1,am,1\n".repeat(MAX_ROWS + 1)
        );
        assert!(matches!(
            read(many.as_bytes()),
            Err(ImportError::TooManyRows { .. })
        ));
        assert!(matches!(
            read(&vec![b'a'; MAX_BYTES + 1]),
            Err(ImportError::TooLarge)
        ));
    }

    #[test]
    fn presence_values_of_sign_in_sheets() {
        for yes in ["1", "sì", "SI", "true", "x", "X", "Presente", "p"] {
            assert_eq!(parse_present(yes), Some(true), "{yes}");
        }
        for no in ["0", "no", "false", "", " ", "assente", "A"] {
            assert_eq!(parse_present(no), Some(false), "{no}");
        }
        for bad in ["2", "forse", "yes!", "-1"] {
            assert_eq!(parse_present(bad), None, "{bad}");
        }
    }
}
