//! The results of recent searches, for the queries many learners ask again (the same
//! question at many counters, a second look at the results, a filter clicked and
//! unclicked). A result is the same for every user, so it is computed once: the key
//! holds the request, the generation of the index searched and the version of what
//! else shapes results (weights, thesaurus, citing lessons), so an index refresh or a
//! reload of the courses makes older entries unreachable at once.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};

use super::searcher::{SearchRequest, SearchResults};

/// Entries kept by default; past that the cache starts over (it only saves work).
/// A page of results is a few kilobytes: a few megabytes at most.
pub const DEFAULT_CAPACITY: usize = 1_000;

/// What a cached result was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Key {
    /// The index's searcher generation.
    pub generation: u64,
    /// The version of the weights, thesaurus and citing lessons.
    pub version: u64,
    /// The request.
    pub request: SearchRequest,
}

/// Recent results, bounded.
pub(super) struct ResultCache {
    capacity: AtomicUsize,
    version: AtomicU64,
    entries: Mutex<HashMap<Key, SearchResults>>,
}

impl ResultCache {
    /// An empty cache of `capacity` entries (0 turns it off).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: AtomicUsize::new(capacity),
            version: AtomicU64::new(0),
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The current version of what shapes results besides the index.
    pub fn version(&self) -> u64 {
        self.version.load(Ordering::Acquire)
    }

    /// Something that shapes results changed: older entries no longer apply.
    pub fn invalidate(&self) {
        self.version.fetch_add(1, Ordering::AcqRel);
        self.lock().clear();
    }

    /// Keeps at most `capacity` entries from now on (0 turns the cache off).
    pub fn set_capacity(&self, capacity: usize) {
        self.capacity.store(capacity, Ordering::Release);
        self.lock().clear();
    }

    /// The stored results for `key`.
    pub fn get(&self, key: &Key) -> Option<SearchResults> {
        if self.capacity.load(Ordering::Acquire) == 0 {
            return None;
        }
        let found = self.lock().get(key).cloned();
        let outcome = if found.is_some() { "hit" } else { "miss" };
        metrics::counter!("aula_search_cache_total", "outcome" => outcome).increment(1);
        found
    }

    /// Stores results, unless they were computed from an older version.
    pub fn put(&self, key: Key, results: &SearchResults) {
        let capacity = self.capacity.load(Ordering::Acquire);
        if capacity == 0 || key.version != self.version() {
            return;
        }
        let mut entries = self.lock();
        if entries.len() >= capacity {
            entries.clear();
        }
        entries.insert(key, results.clone());
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Key, SearchResults>> {
        self.entries
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(q: &str, generation: u64, version: u64) -> Key {
        Key {
            generation,
            version,
            request: SearchRequest {
                q: q.into(),
                limit: 10,
                ..SearchRequest::default()
            },
        }
    }

    fn results(total: usize) -> SearchResults {
        SearchResults {
            total,
            ..SearchResults::default()
        }
    }

    #[test]
    fn results_are_kept_per_request_generation_and_version() {
        let cache = ResultCache::new(2);
        cache.put(key("a", 1, 0), &results(3));
        assert_eq!(cache.get(&key("a", 1, 0)).map(|r| r.total), Some(3));
        assert!(
            cache.get(&key("a", 2, 0)).is_none(),
            "another index generation"
        );
        assert!(cache.get(&key("b", 1, 0)).is_none(), "another request");
        cache.invalidate();
        assert!(cache.get(&key("a", 1, 0)).is_none(), "after a change");
        // Computed before the change: not stored.
        cache.put(key("a", 1, 0), &results(3));
        assert!(cache.get(&key("a", 1, 0)).is_none());
        cache.put(key("a", 1, 1), &results(4));
        assert_eq!(cache.get(&key("a", 1, 1)).map(|r| r.total), Some(4));
    }

    #[test]
    fn the_cache_is_bounded_and_can_be_turned_off() {
        let cache = ResultCache::new(2);
        for (i, q) in ["a", "b", "c"].into_iter().enumerate() {
            cache.put(key(q, 1, 0), &results(i));
        }
        assert!(cache.lock().len() <= 2);
        cache.set_capacity(0);
        cache.put(key("d", 1, 0), &results(1));
        assert!(cache.get(&key("d", 1, 0)).is_none());
    }
}
