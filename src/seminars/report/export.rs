//! The session's report as a file: one row per seated learner (with a column per
//! half-day) and then one per learner on the waiting list, written by the reports'
//! streaming writers, so every text cell goes through `reports::export::cell_text`.

use super::HalfDay;
use super::SessionReport;
use crate::reports::export::{self, Format, Val};
use crate::reports::tables::FileStream;

/// The header of the session's export: one row per seated or waiting learner.
pub fn header(report: &SessionReport) -> Vec<String> {
    let mut header: Vec<String> = [
        "learner_id",
        "name",
        "email",
        "municipality",
        "istat",
        "status",
        "waiting_position",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect();
    header.extend(report.half_days.iter().map(HalfDay::key));
    header.extend(
        ["present", "absent", "not_marked", "no_show"]
            .iter()
            .map(|s| (*s).to_string()),
    );
    header
}

/// The rows of the session's export: the roster, then the waiting list.
pub fn records(report: &SessionReport) -> Vec<Vec<Val>> {
    let mut out = Vec::with_capacity(report.roster.len() + report.waiting.len());
    for row in &report.roster {
        let mut record: Vec<Val> = vec![
            row.user_id.into(),
            row.name.clone().into(),
            row.email.clone().into(),
            row.municipality.clone().into(),
            row.istat.clone().into(),
            "iscritto".into(),
            Val::Empty,
        ];
        record.extend(row.marks.iter().map(|c| Val::from(c.label())));
        record.extend([
            row.present.into(),
            row.absent.into(),
            row.unmarked.into(),
            Val::from(if !report.ended {
                ""
            } else if row.no_show {
                "sì"
            } else {
                "no"
            }),
        ]);
        out.push(record);
    }
    for row in &report.waiting {
        let mut record: Vec<Val> = vec![
            row.user_id.into(),
            row.name.clone().into(),
            row.email.clone().into(),
            row.municipality.clone().into(),
            row.istat.clone().into(),
            "in attesa".into(),
            row.position.into(),
        ];
        record.extend(report.half_days.iter().map(|_| Val::Empty));
        record.extend([Val::Empty, Val::Empty, Val::Empty, Val::Empty]);
        out.push(record);
    }
    out
}

/// The session's report as a CSV or XLSX file (every text cell through
/// `reports::export::cell_text`, so a name a spreadsheet would run stays text).
pub fn file(report: &SessionReport, format: Format) -> FileStream {
    let (tx, body) = export::start(format, "Resoconto", header(report));
    let records = records(report);
    tokio::spawn(async move {
        for record in records {
            if tx.send(record).await.is_err() {
                return;
            }
        }
    });
    Box::pin(body)
}
