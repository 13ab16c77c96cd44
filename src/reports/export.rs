//! Exports of the report tables as CSV or XLSX, streamed: a producer sends rows over
//! a bounded channel as it reads them from the database, and the response body is
//! written as they come (CSV), or from a spreadsheet written row by row to a temporary
//! file in constant memory (XLSX). No export holds its whole table in memory.
//!
//! Every text cell of every export, headers included, goes through [`cell_text`]: text
//! a spreadsheet would run as a formula is written with a leading `'` (the OWASP rule
//! against CSV injection). Numbers are written as numbers, negative ones too.

use std::borrow::Cow;

use bytes::Bytes;
use futures_util::Stream;
use tokio::sync::mpsc;

/// Rows buffered between the producer and the writer.
const BUFFER: usize = 256;

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values, UTF-8 with a byte-order mark (Excel opens it right).
    Csv,
    /// Office Open XML spreadsheet.
    Xlsx,
}

impl Format {
    /// From a file extension.
    pub fn parse(ext: &str) -> Option<Self> {
        match ext {
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            _ => None,
        }
    }

    /// The media type.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Csv => "text/csv; charset=utf-8",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The file extension.
    pub fn ext(self) -> &'static str {
        match self {
            Self::Csv => "csv",
            Self::Xlsx => "xlsx",
        }
    }
}

/// One cell of an exported row.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    /// Text.
    Text(String),
    /// A number.
    Num(f64),
    /// Nothing.
    Empty,
}

impl From<String> for Val {
    fn from(v: String) -> Self {
        Self::Text(v)
    }
}

impl From<&str> for Val {
    fn from(v: &str) -> Self {
        Self::Text(v.to_string())
    }
}

impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Self {
        v.map_or(Self::Empty, Self::Text)
    }
}

impl From<i64> for Val {
    fn from(v: i64) -> Self {
        Self::Num(v as f64)
    }
}

impl From<i32> for Val {
    fn from(v: i32) -> Self {
        Self::Num(f64::from(v))
    }
}

impl From<f64> for Val {
    fn from(v: f64) -> Self {
        Self::Num(v)
    }
}

impl From<Option<f64>> for Val {
    fn from(v: Option<f64>) -> Self {
        v.map_or(Self::Empty, Self::Num)
    }
}

impl From<Option<chrono::DateTime<chrono::Utc>>> for Val {
    fn from(v: Option<chrono::DateTime<chrono::Utc>>) -> Self {
        v.map_or(Self::Empty, |d| {
            Self::Text(d.format("%Y-%m-%d %H:%M").to_string())
        })
    }
}

/// First characters that make a spreadsheet read a cell as a formula (or that
/// spreadsheets drop before reading one).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A text cell as a spreadsheet must receive it: text beginning with `=`, `+`, `-`,
/// `@`, a tab or a carriage return gets a leading `'`, so it shows as typed and never
/// runs as a formula.
pub fn cell_text(text: &str) -> Cow<'_, str> {
    if text.starts_with(FORMULA_STARTS) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

impl Val {
    /// The cell as CSV text.
    fn text(&self) -> String {
        match self {
            Self::Text(t) => cell_text(t).into_owned(),
            Self::Num(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Self::Num(n) => format!("{n}"),
            Self::Empty => String::new(),
        }
    }
}

/// Where a producer sends rows; dropping it ends the export.
pub type RowSender = mpsc::Sender<Vec<Val>>;

/// Starts an export with `header`: returns the sender for the producer and the body
/// stream for the response.
pub fn start(
    format: Format,
    sheet: &str,
    header: Vec<String>,
) -> (
    RowSender,
    impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
) {
    let (rows_tx, rows_rx) = mpsc::channel::<Vec<Val>>(BUFFER);
    let (body_tx, body_rx) = mpsc::channel::<Result<Bytes, std::io::Error>>(16);
    let sheet = sheet.to_string();
    match format {
        Format::Csv => {
            tokio::spawn(write_csv(header, rows_rx, body_tx));
        }
        Format::Xlsx => {
            tokio::task::spawn_blocking(move || write_xlsx(&sheet, header, rows_rx, body_tx));
        }
    }
    (rows_tx, tokio_stream(body_rx))
}

fn tokio_stream<T: Send + 'static>(
    mut rx: mpsc::Receiver<T>,
) -> impl Stream<Item = T> + Send + 'static {
    futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx))
}

fn csv_record(values: &[String]) -> Bytes {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(values).ok();
    Bytes::from(writer.into_inner().unwrap_or_default())
}

async fn write_csv(
    header: Vec<String>,
    mut rows: mpsc::Receiver<Vec<Val>>,
    body: mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let mut first = b"\xEF\xBB\xBF".to_vec();
    let header: Vec<String> = header.iter().map(|h| cell_text(h).into_owned()).collect();
    first.extend_from_slice(&csv_record(&header));
    if body.send(Ok(Bytes::from(first))).await.is_err() {
        return;
    }
    let mut chunk = Vec::with_capacity(64 * 1024);
    while let Some(row) = rows.recv().await {
        let values: Vec<String> = row.iter().map(Val::text).collect();
        chunk.extend_from_slice(&csv_record(&values));
        if chunk.len() >= 32 * 1024
            && body
                .send(Ok(Bytes::from(std::mem::take(&mut chunk))))
                .await
                .is_err()
        {
            return; // the client went away
        }
    }
    if !chunk.is_empty() {
        body.send(Ok(Bytes::from(chunk))).await.ok();
    }
}

fn write_xlsx(
    sheet: &str,
    header: Vec<String>,
    mut rows: mpsc::Receiver<Vec<Val>>,
    body: mpsc::Sender<Result<Bytes, std::io::Error>>,
) {
    let result = (|| -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("export.xlsx");
        let mut workbook = rust_xlsxwriter::Workbook::new();
        workbook.set_tempdir(dir.path())?;
        let bold = rust_xlsxwriter::Format::new().set_bold();
        let worksheet = workbook.add_worksheet_with_constant_memory();
        worksheet.set_name(sheet)?;
        for (c, title) in header.iter().enumerate() {
            worksheet.write_string_with_format(0, u16::try_from(c)?, cell_text(title), &bold)?;
        }
        let mut r: u32 = 1;
        while let Some(row) = rows.blocking_recv() {
            for (c, value) in row.iter().enumerate() {
                let c = u16::try_from(c)?;
                match value {
                    Val::Text(t) => {
                        worksheet.write_string(r, c, cell_text(t))?;
                    }
                    Val::Num(n) => {
                        worksheet.write_number(r, c, *n)?;
                    }
                    Val::Empty => {}
                }
            }
            r += 1;
        }
        workbook.save(&path)?;
        let mut file = std::fs::File::open(&path)?;
        let mut buffer = vec![0u8; 64 * 1024];
        loop {
            let n = std::io::Read::read(&mut file, &mut buffer)?;
            if n == 0 {
                break;
            }
            if body
                .blocking_send(Ok(Bytes::copy_from_slice(&buffer[..n])))
                .is_err()
            {
                break;
            }
        }
        Ok(())
    })();
    if let Err(err) = result {
        tracing::error!(error = %err, "XLSX export failed");
        body.blocking_send(Err(std::io::Error::other(err.to_string())))
            .ok();
    }
}

/// The header of the learner table.
pub fn learner_header() -> Vec<String> {
    [
        "learner_id",
        "name",
        "email",
        "municipality",
        "istat",
        "region",
        "sector",
        "enrolled_at",
        "status",
        "percent",
        "lessons_completed",
        "quizzes_passed",
        "quiz_average",
        "quiz_failures",
        "minutes",
        "last_activity",
    ]
    .iter()
    .map(|s| (*s).to_string())
    .collect()
}

/// A learner row as exported.
pub fn learner_record(row: &super::LearnerRow) -> Vec<Val> {
    vec![
        row.learner_id.into(),
        row.name.clone().into(),
        row.email.clone().into(),
        row.municipality.clone().into(),
        row.istat.clone().into(),
        row.region.clone().into(),
        row.sector.clone().into(),
        Some(row.enrolled_at).into(),
        row.status.slug().into(),
        row.percent.into(),
        row.lessons_completed.into(),
        row.quizzes_passed.into(),
        row.quiz_average.into(),
        row.quiz_failures.into(),
        (row.seconds / 60).into(),
        row.last_activity.into(),
    ]
}

#[cfg(test)]
mod tests {
    use super::{Val, cell_text};

    #[test]
    fn text_that_would_run_as_a_formula_is_written_as_text() {
        for (text, written) in [
            ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
            ("+39 010 123", "'+39 010 123"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("Rossi", "Rossi"),
            ("2026-01-31 09:00", "2026-01-31 09:00"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(cell_text(text), written, "{text:?}");
        }
        assert_eq!(Val::Num(-3.0).text(), "-3");
        assert_eq!(Val::Num(-2.5).text(), "-2.5");
        assert_eq!(Val::Text("-3".into()).text(), "'-3");
    }
}
