//! The index on disk and its handle, [`SearchIndex`]: opening it under the folder of
//! its schema version, and the thesaurus and weights its queries use. The writer
//! thread and refresh are in `writer.rs`, the search call in `searcher.rs`, facets in
//! `facets.rs`; their public items are re-exported here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use anyhow::Context;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy};
use tokio::sync::Mutex;

use super::analysis::{self, Lang, TRANSLATED};
use super::answer;
use super::cache::{self, ResultCache};
use super::query::{Thesaurus, Weights};
use super::schema::{self, Fields, SCHEMA_VERSION};
use super::writer::{self, Replace};
use crate::content::Catalog;
use crate::content::model::TranslatedTerm;

pub use super::answer::{Answer, CitingLesson};
pub use super::facets::Facets;
pub use super::searcher::{Hit, MAX_LIMIT, SearchRequest, SearchResults};
pub use super::writer::Refreshed;

/// By language, by article id: the lessons citing it.
pub(super) type Citing = HashMap<Lang, HashMap<String, Vec<CitingLesson>>>;

/// Memory the writer may use before it flushes a segment.
const WRITER_MEMORY: usize = 50_000_000;

/// The search index of this instance; cheap to clone.
#[derive(Clone)]
pub struct SearchIndex {
    pub(super) inner: Arc<Shared>,
}

pub(super) struct Shared {
    pub(super) index: Index,
    pub(super) reader: IndexReader,
    pub(super) fields: Fields,
    pub(super) thesaurus: RwLock<Arc<Thesaurus>>,
    pub(super) weights: RwLock<Weights>,
    /// The lessons citing each article, for answer cards, with their titles in each
    /// language of the index.
    pub(super) citing: RwLock<Arc<Citing>>,
    /// Recent results.
    pub(super) cache: ResultCache,
    pub(super) writer: std::sync::mpsc::Sender<Replace>,
    /// Serialises refreshes (fingerprint check, then rebuild).
    pub(super) refreshing: Mutex<()>,
    pub(super) dir: PathBuf,
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
        let tx = writer::start(writer)?;
        Ok(Self {
            inner: Arc::new(Shared {
                index,
                reader,
                fields,
                thesaurus: RwLock::new(Arc::new(Thesaurus::default())),
                weights: RwLock::new(Weights::default()),
                citing: RwLock::new(Arc::new(HashMap::new())),
                cache: ResultCache::new(cache::DEFAULT_CAPACITY),
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

    pub(super) fn set_thesaurus(&self, catalog: &Catalog) {
        let groups: Vec<Vec<String>> = catalog
            .courses
            .iter()
            .flat_map(|c| c.thesaurus.iter().cloned())
            .collect();
        let terms: Vec<TranslatedTerm> = catalog
            .courses
            .iter()
            .flat_map(|c| c.terms.iter().cloned())
            .collect();
        *self
            .inner
            .thesaurus
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) =
            Arc::new(Thesaurus::new(&groups, &terms));
        // After the change, so that no result of the old thesaurus is stored anew.
        self.inner.cache.invalidate();
    }

    pub(super) fn thesaurus(&self) -> Arc<Thesaurus> {
        self.inner
            .thesaurus
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    pub(super) fn set_citing(&self, catalog: &Catalog) {
        *self
            .inner
            .citing
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Arc::new(
            std::iter::once(Lang::It)
                .chain(TRANSLATED)
                .map(|lang| (lang, answer::citing(catalog, lang)))
                .collect(),
        );
        self.inner.cache.invalidate();
    }

    /// The lessons citing `article`, titled in `lang`.
    pub(super) fn citing(&self, article: &str, lang: Lang) -> Vec<CitingLesson> {
        self.inner
            .citing
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .get(&lang)
            .and_then(|by_article| by_article.get(article))
            .cloned()
            .unwrap_or_default()
    }

    /// Sets the weights of the parts of a query (the evaluation tries others).
    pub fn set_weights(&self, weights: Weights) {
        *self
            .inner
            .weights
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = weights;
        self.inner.cache.invalidate();
    }

    /// Keeps the results of at most `entries` recent searches (0 turns the cache
    /// off: the evaluation times every search it makes).
    pub fn set_result_cache(&self, entries: usize) {
        self.inner.cache.set_capacity(entries);
    }

    /// The weights searches use now.
    pub fn weights(&self) -> Weights {
        *self
            .inner
            .weights
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
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
