//! The ZIP of many certificates (a tutor's cohort, an edition), written as a stream:
//! certificates are read a page at a time, each sealed and printed, and the archive
//! leaves in chunks through a bounded channel, so memory does not grow with the number
//! of files and a slow client slows the writer rather than filling the server.

use std::io::Write;

use bytes::Bytes;
use sea_orm::{DatabaseConnection, DbErr};
use tokio::sync::mpsc;
use zip::write::SimpleFileOptions;

use super::pdf::PdfError;
use super::seal::{self, Issuing};
use super::store::{self, Cohort, Filter};
use super::{Status, keys::KeyRing};
use crate::accounts::Role;
use crate::accounts::directory::{self, User};
use crate::render::i18n::Messages;

/// Certificates read per query.
const PAGE: u64 = 100;
/// Bytes gathered before a chunk leaves.
const CHUNK: usize = 256 * 1024;
/// Chunks that may wait in the channel.
const IN_FLIGHT: usize = 4;

/// What the archive's writer needs, owned (it runs on a thread of its own).
#[derive(Clone)]
pub struct Archiver {
    /// The database.
    pub db: DatabaseConnection,
    /// The signing keys.
    pub ring: KeyRing,
    /// The issuing body.
    pub issuer: String,
    /// Public URL.
    pub base_url: String,
    /// Labels of the paper.
    pub messages: Messages,
}

/// The cohort whose certificates `user` may download: None for an admin (everyone),
/// the scopes of a tutor, an empty cohort for anybody else.
pub async fn cohort_of(db: &DatabaseConnection, user: &User) -> Result<Option<Cohort>, DbErr> {
    match user.role {
        Role::Admin => Ok(None),
        Role::Tutor => {
            let mut cohort = Cohort::default();
            for scope in directory::scopes(db, user.id).await? {
                match scope.kind.as_str() {
                    "region" => cohort.regions.push(scope.value),
                    _ => cohort.municipalities.push(scope.value),
                }
            }
            Ok(Some(cohort))
        }
        _ => Ok(Some(Cohort::default())),
    }
}

/// The valid certificates of `user`'s cohort (of one edition, if given), as the byte
/// chunks of a ZIP archive. Errors end the stream (the client sees a broken archive,
/// never a truncated one that looks whole).
pub async fn stream(
    archiver: Archiver,
    user: &User,
    edition_id: Option<i32>,
) -> Result<mpsc::Receiver<std::io::Result<Bytes>>, DbErr> {
    let filter = Filter {
        edition_id,
        cohort: cohort_of(&archiver.db, user).await?,
        status: Some(Status::Valid),
    };
    let (tx, rx) = mpsc::channel(IN_FLIGHT);
    let handle = tokio::runtime::Handle::current();
    tokio::task::spawn_blocking(move || {
        let sink = ChannelWriter {
            tx: tx.clone(),
            buffer: Vec::with_capacity(CHUNK),
        };
        if let Err(e) = write_all(&handle, &archiver, &filter, sink) {
            tracing::warn!(error = %e, "certificate archive stopped");
            let _ = tx.blocking_send(Err(std::io::Error::other(e.to_string())));
        }
    });
    Ok(rx)
}

/// Writes the archive of every certificate matching `filter` into `out`; returns how
/// many it holds. Blocking: run it on a blocking thread.
pub fn write_all<W: Write>(
    handle: &tokio::runtime::Handle,
    archiver: &Archiver,
    filter: &Filter,
    out: W,
) -> anyhow::Result<usize> {
    let issuing = Issuing {
        ring: &archiver.ring,
        issuer: &archiver.issuer,
        base_url: &archiver.base_url,
        messages: &archiver.messages,
    };
    let mut zip = zip::ZipWriter::new_stream(out);
    // PDFs are compressed inside already: stored as they are.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored)
        .large_file(false);
    let mut after = 0;
    let mut count = 0;
    loop {
        let page = handle.block_on(store::page(&archiver.db, filter, after, PAGE))?;
        let Some(last) = page.last() else { break };
        after = last.id;
        let sealed = handle.block_on(seal::seal_all(&archiver.db, issuing, page))?;
        let papers = print(issuing, &sealed)?;
        for (record, pdf) in sealed.iter().zip(papers) {
            zip.start_file(entry_name(&record.certificate), options)?;
            zip.write_all(&pdf)?;
            count += 1;
        }
    }
    zip.finish()?.flush()?;
    Ok(count)
}

/// The papers of a page, printed on every core at once, in the page's order.
fn print(issuing: Issuing<'_>, records: &[super::store::Record]) -> anyhow::Result<Vec<Vec<u8>>> {
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let size = records.len().div_ceil(workers).max(1);
    std::thread::scope(|scope| {
        let parts: Vec<_> = records
            .chunks(size)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|r| seal::paper(issuing, r))
                        .collect::<Result<Vec<_>, PdfError>>()
                })
            })
            .collect();
        let mut papers = Vec::with_capacity(records.len());
        for part in parts {
            let part = part
                .join()
                .map_err(|_| anyhow::anyhow!("a printing thread panicked"))??;
            papers.extend(part);
        }
        Ok(papers)
    })
}

/// `CODE-name-of-holder.pdf`: unique by code, readable by name.
fn entry_name(c: &super::Certificate) -> String {
    let name = crate::content::markdown::slugify(&c.holder_name);
    format!("{}-{}.pdf", c.code, name)
}

/// A `Write` that sends what it gathers down a channel in chunks (blocking when the
/// channel is full, so the writer waits for the client).
struct ChannelWriter {
    tx: mpsc::Sender<std::io::Result<Bytes>>,
    buffer: Vec<u8>,
}

impl ChannelWriter {
    fn send(&mut self) -> std::io::Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buffer,
            Vec::with_capacity(CHUNK),
        ));
        self.tx
            .blocking_send(Ok(chunk))
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "client gone"))
    }
}

impl Write for ChannelWriter {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buffer.extend_from_slice(data);
        if self.buffer.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}
