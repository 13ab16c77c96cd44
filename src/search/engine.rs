//! The index on disk, its writer thread and the search call.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::Context;
use sea_orm::DatabaseConnection;
use serde::Serialize;
use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};
use tokio::sync::{Mutex, oneshot};

use super::analysis;
use super::documents::{self, Kind, SearchDoc};
use super::query::{self, Thesaurus, Weights};
use super::schema::{self, Fields, SCHEMA_VERSION};
use crate::content::Catalog;

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;
/// Longest snippet, in bytes of text (about 240 characters of Italian).
const SNIPPET_BYTES: usize = 250;
/// Most hits a page may ask for.
pub const MAX_LIMIT: usize = 50;

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    /// What the user typed.
    pub q: String,
    /// Only this kind.
    pub kind: Option<Kind>,
    /// Only this course.
    pub course: Option<String>,
    /// Only this module (`course/module`).
    pub module: Option<String>,
    /// Only this act.
    pub act: Option<String>,
    /// Hits per page (at most [`MAX_LIMIT`]).
    pub limit: usize,
    /// Hits to skip.
    pub offset: usize,
}

/// One hit.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Hit {
    /// `course/module/lesson`, `<act>/art-<n>` or `course/glossario#term`.
    pub id: String,
    /// Kind of document.
    pub kind: Kind,
    /// Title.
    pub title: String,
    /// Safe HTML: an excerpt with the matched words in `<mark>`.
    pub snippet: String,
    /// Page URL.
    pub url: String,
    /// Where it sits: course and module, or the act.
    pub context: String,
    /// BM25 score.
    pub score: f32,
}

/// Facet counts: value and number of hits, over the query with the other filters.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Facets {
    /// By kind.
    pub kind: Vec<(String, u64)>,
    /// By course.
    pub course: Vec<(String, u64)>,
    /// By module (`course/module`).
    pub module: Vec<(String, u64)>,
    /// By act.
    pub act: Vec<(String, u64)>,
}

/// A page of results.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    /// Hits matching, over all pages.
    pub total: usize,
    /// This page.
    pub hits: Vec<Hit>,
    /// Counts for the filters.
    pub facets: Facets,
}

/// The search index of this instance; cheap to clone.
#[derive(Clone)]
pub struct SearchIndex {
    inner: Arc<Shared>,
}

struct Shared {
    index: Index,
    reader: IndexReader,
    fields: Fields,
    thesaurus: RwLock<Arc<Thesaurus>>,
    weights: RwLock<Weights>,
    writer: std::sync::mpsc::Sender<Replace>,
    /// Serialises refreshes (fingerprint check, then rebuild).
    refreshing: Mutex<()>,
    dir: PathBuf,
}

/// A whole new content for the index, with the fingerprint to record.
struct Replace {
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
    /// Opens (or creates) the index under `index_dir` and starts its writer thread.
    /// An index of another schema version, or one that cannot be opened, is replaced.
    pub fn open(index_dir: &Path) -> anyhow::Result<Self> {
        let dir = index_dir.join(format!("v{SCHEMA_VERSION}"));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create the index folder {}", dir.display()))?;
        let (schema, fields) = schema::build();
        let index = match open_dir(&dir, &schema) {
            Ok(index) => index,
            Err(err) => {
                tracing::warn!(error = %err, dir = %dir.display(), "replacing an unusable search index");
                std::fs::remove_dir_all(&dir).ok();
                std::fs::create_dir_all(&dir)?;
                open_dir(&dir, &schema)?
            }
        };
        analysis::register(index.tokenizers());
        let writer: IndexWriter = index.writer_with_num_threads(1, WRITER_MEMORY).map_err(|err| {
            match err {
                tantivy::TantivyError::LockFailure(..) => anyhow::anyhow!(
                    "the search index in {} is in use by another Aula process (a running `aula serve` keeps it up to date by itself)",
                    dir.display()
                ),
                other => anyhow::Error::from(other).context("cannot open the search index writer"),
            }
        })?;
        // Only once this process holds the writer: drop indexes of other versions.
        remove_other_versions(index_dir);
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .context("cannot open the search index reader")?;
        let (tx, rx) = std::sync::mpsc::channel::<Replace>();
        std::thread::Builder::new()
            .name("aula-index-writer".into())
            .spawn(move || writer_thread(writer, rx))
            .context("cannot start the index writer thread")?;
        Ok(Self {
            inner: Arc::new(Shared {
                index,
                reader,
                fields,
                thesaurus: RwLock::new(Arc::new(Thesaurus::default())),
                weights: RwLock::new(Weights::default()),
                writer: tx,
                refreshing: Mutex::new(()),
                dir,
            }),
        })
    }

    /// The folder of the index.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The fingerprint the current index was built from, if any.
    pub fn built_from(&self) -> Option<String> {
        self.inner.index.load_metas().ok().and_then(|m| m.payload)
    }

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
        docs.extend(articles.iter().map(documents::article_doc));
        let count = self.replace(docs, fingerprint, progress).await?;
        tracing::info!(documents = count, "search index rebuilt");
        Ok(Refreshed::Rebuilt(count))
    }

    /// Replaces every document of the index in one commit recording `fingerprint`;
    /// searches see the new documents once this returns. Used by `refresh`, and by the
    /// benchmarks to index other collections.
    pub async fn replace(
        &self,
        docs: Vec<SearchDoc>,
        fingerprint: String,
        progress: Option<indicatif::ProgressBar>,
    ) -> anyhow::Result<usize> {
        let count = docs.len();
        if let Some(bar) = &progress {
            bar.set_length(count as u64);
        }
        let fields = self.inner.fields;
        let docs = tokio::task::spawn_blocking(move || {
            docs.iter()
                .map(|d| d.to_tantivy(&fields))
                .collect::<Vec<_>>()
        })
        .await?;
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

    fn set_thesaurus(&self, catalog: &Catalog) {
        let groups: Vec<Vec<String>> = catalog
            .courses
            .iter()
            .flat_map(|c| c.thesaurus.iter().cloned())
            .collect();
        *self
            .inner
            .thesaurus
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(Thesaurus::new(&groups));
    }

    /// Sets the weights of the parts of a query (the evaluation tries others).
    pub fn set_weights(&self, weights: Weights) {
        *self
            .inner
            .weights
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = weights;
    }

    fn weights(&self) -> Weights {
        *self
            .inner
            .weights
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Runs a search (CPU-bound and quick: call from a blocking context or accept a
    /// fraction of a millisecond on the runtime). Never fails on user input.
    pub fn search(&self, request: &SearchRequest) -> SearchResults {
        match self.try_search(request) {
            Ok(results) => results,
            Err(err) => {
                tracing::error!(error = %err, "search failed");
                SearchResults::default()
            }
        }
    }

    fn try_search(&self, request: &SearchRequest) -> tantivy::Result<SearchResults> {
        let f = &self.inner.fields;
        let searcher = self.inner.reader.searcher();
        let thesaurus = self
            .inner
            .thesaurus
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone();
        let Some(built) = query::build(&request.q, f, &searcher, &thesaurus, &self.weights())
        else {
            return Ok(SearchResults::default());
        };
        let filters: Vec<(&str, tantivy::schema::Field, Option<String>)> = vec![
            ("kind", f.kind, request.kind.map(|k| k.slug().to_string())),
            ("course", f.course, request.course.clone()),
            ("module", f.module, request.module.clone()),
            ("act", f.act, request.act.clone()),
        ];
        let filtered = |skip: Option<&str>| -> Box<dyn Query> {
            let mut clauses: Vec<(Occur, Box<dyn Query>)> =
                vec![(Occur::Must, built.query.box_clone())];
            for (name, field, value) in &filters {
                if Some(*name) == skip {
                    continue;
                }
                if let Some(value) = value {
                    clauses.push((
                        Occur::Must,
                        Box::new(TermQuery::new(
                            Term::from_field_text(*field, value),
                            IndexRecordOption::Basic,
                        )),
                    ));
                }
            }
            Box::new(BooleanQuery::new(clauses))
        };
        let limit = request.limit.clamp(1, MAX_LIMIT);
        // One pass gives the page, the total and the facets of every dimension
        // without a filter; a dimension with a filter is counted over the query with
        // the other filters only (so its other values stay visible).
        let mut unfiltered_facets = FacetCollector::for_field("facets");
        for (name, _, value) in &filters {
            if value.is_none() {
                unfiltered_facets.add_facet(format!("/{name}").as_str());
            }
        }
        let (top, total, counts) = searcher.search(
            &filtered(None),
            &(
                TopDocs::with_limit(limit)
                    .and_offset(request.offset)
                    .order_by_score(),
                Count,
                unfiltered_facets,
            ),
        )?;
        let mut facets = Facets::default();
        for (name, _, value) in &filters {
            let root = format!("/{name}");
            let own;
            let counts = if value.is_some() {
                let mut collector = FacetCollector::for_field("facets");
                collector.add_facet(root.as_str());
                own = searcher.search(&filtered(Some(name)), &collector)?;
                &own
            } else {
                &counts
            };
            let values: Vec<(String, u64)> = counts
                .get(root.as_str())
                .map(|(facet, count)| (facet.to_path()[1..].join("/"), count))
                .collect();
            match *name {
                "kind" => facets.kind = values,
                "course" => facets.course = values,
                "module" => facets.module = values,
                _ => facets.act = values,
            }
        }

        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let body = text(f.body);
            let snippet = super::snippet::snippet(&body, &built.highlight, SNIPPET_BYTES)
                .unwrap_or_else(|| {
                    crate::content::markdown::escape(&crate::content::markdown::shorten(
                        &body,
                        SNIPPET_BYTES,
                    ))
                });
            hits.push(Hit {
                id: text(f.id),
                kind: Kind::parse(&text(f.kind)).unwrap_or(Kind::Lesson),
                title: text(f.title),
                snippet,
                url: text(f.url),
                context: text(f.context),
                score,
            });
        }
        Ok(SearchResults {
            total,
            hits,
            facets,
        })
    }
}

fn open_dir(dir: &Path, schema: &tantivy::schema::Schema) -> anyhow::Result<Index> {
    let directory = tantivy::directory::MmapDirectory::open(dir)?;
    let index = Index::open_or_create(directory, schema.clone())?;
    Ok(index)
}

/// Removes index folders of other schema versions (derived state, safe to drop).
fn remove_other_versions(index_dir: &Path) {
    let current = format!("v{SCHEMA_VERSION}");
    let Ok(entries) = std::fs::read_dir(index_dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        let is_version = name.len() > 1
            && name.starts_with('v')
            && name[1..].chars().all(|c| c.is_ascii_digit());
        if is_version && name != current {
            std::fs::remove_dir_all(entry.path()).ok();
        }
    }
}

/// The one owner of the index writer: replaces the whole content per request, in one
/// commit carrying the fingerprint.
fn writer_thread(mut writer: IndexWriter, requests: std::sync::mpsc::Receiver<Replace>) {
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
