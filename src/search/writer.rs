//! The one owner of the index writer, on its own thread, and the refresh that feeds
//! it: a rebuild replaces every document in one commit whose payload is the
//! fingerprint of courses and library, so readers never see a half-built index.

use std::collections::HashSet;
use std::sync::mpsc::{Receiver, Sender};

use anyhow::Context;
use sea_orm::DatabaseConnection;
use tantivy::{IndexWriter, TantivyDocument};
use tokio::sync::oneshot;

use super::documents::{self, SearchDoc};
use super::engine::SearchIndex;
use super::schema::SCHEMA_VERSION;
use crate::content::Catalog;

/// A whole new content for the index, with the fingerprint to record.
pub(super) struct Replace {
    docs: Vec<TantivyDocument>,
    payload: String,
    progress: Option<indicatif::ProgressBar>,
    done: oneshot::Sender<tantivy::Result<()>>,
}

/// What a refresh did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    /// The index already matched courses and library.
    Unchanged,
    /// The index was rebuilt with this many documents.
    Rebuilt(usize),
}

impl SearchIndex {
    /// Brings the index up to date with the courses and the library: rebuilds it when
    /// its fingerprint differs (or always, with `force`). `progress` shows the rebuild.
    pub async fn refresh(
        &self,
        catalog: &Catalog,
        db: &DatabaseConnection,
        force: bool,
        progress: Option<indicatif::ProgressBar>,
    ) -> anyhow::Result<Refreshed> {
        let _turn = self.inner.refreshing.lock().await;
        self.set_thesaurus(catalog);
        self.set_citing(catalog);
        let mut docs: Vec<SearchDoc> = documents::course_docs(catalog);
        let fingerprint = format!(
            "v{SCHEMA_VERSION}:{}:{}",
            documents::fingerprint(&docs),
            crate::content::library::store::fingerprint(db).await?
        );
        if !force && self.built_from().as_deref() == Some(fingerprint.as_str()) {
            return Ok(Refreshed::Unchanged);
        }
        let articles = crate::content::library::store::all_articles(db).await?;
        let ids: HashSet<String> = articles.iter().map(|a| a.id.clone()).collect();
        let anchors = super::anchors::by_article(catalog, &ids);
        docs.extend(
            articles
                .iter()
                .map(|a| documents::article_doc(a, anchors.get(&a.id))),
        );
        let count = self.replace(docs, fingerprint, progress).await?;
        tracing::info!(documents = count, "search index rebuilt");
        Ok(Refreshed::Rebuilt(count))
    }

    /// Replaces every document of the index (and the passages of its articles) in one
    /// commit recording `fingerprint`; returns how many documents were given;
    /// searches see the new documents once this returns. Used by `refresh`, and by the
    /// benchmarks to index other collections.
    pub async fn replace(
        &self,
        docs: Vec<SearchDoc>,
        fingerprint: String,
        progress: Option<indicatif::ProgressBar>,
    ) -> anyhow::Result<usize> {
        let count = docs.len();
        let fields = self.inner.fields;
        let docs = tokio::task::spawn_blocking(move || {
            docs.iter()
                .flat_map(|d| d.to_tantivy(&fields))
                .collect::<Vec<_>>()
        })
        .await?;
        if let Some(bar) = &progress {
            bar.set_length(docs.len() as u64);
        }
        let (done, answer) = oneshot::channel();
        self.inner
            .writer
            .send(Replace {
                docs,
                payload: fingerprint,
                progress,
                done,
            })
            .map_err(|_| anyhow::anyhow!("the index writer has stopped"))?;
        answer
            .await
            .map_err(|_| anyhow::anyhow!("the index writer has stopped"))?
            .context("cannot write the search index")?;
        self.inner
            .reader
            .reload()
            .context("cannot reload the search index")?;
        Ok(count)
    }
}

/// Starts the thread that owns `writer`; the sender hands it new contents.
pub(super) fn start(writer: IndexWriter) -> anyhow::Result<Sender<Replace>> {
    let (tx, rx) = std::sync::mpsc::channel::<Replace>();
    std::thread::Builder::new()
        .name("aula-index-writer".into())
        .spawn(move || writer_thread(writer, rx))
        .context("cannot start the index writer thread")?;
    Ok(tx)
}

/// The one owner of the index writer: replaces the whole content per request, in one
/// commit carrying the fingerprint.
fn writer_thread(mut writer: IndexWriter, requests: Receiver<Replace>) {
    while let Ok(request) = requests.recv() {
        let result = replace_all(
            &mut writer,
            request.docs,
            &request.payload,
            request.progress,
        );
        if result.is_err() {
            writer.rollback().ok();
        }
        request.done.send(result).ok();
    }
}

fn replace_all(
    writer: &mut IndexWriter,
    docs: Vec<TantivyDocument>,
    payload: &str,
    progress: Option<indicatif::ProgressBar>,
) -> tantivy::Result<()> {
    writer.delete_all_documents()?;
    for doc in docs {
        writer.add_document(doc)?;
        if let Some(bar) = &progress {
            bar.inc(1);
        }
    }
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(payload);
    commit.commit()?;
    if let Some(bar) = &progress {
        bar.finish();
    }
    Ok(())
}
