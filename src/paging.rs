//! Cursor pagination, shared by every list of the API: a page is at most `limit` items
//! from the one after a cursor, and carries the cursor of the next page when there is
//! one. A cursor is opaque to clients: the sort key of the last item of a page, as
//! JSON in base64url. Lists read from the database continue from that key in SQL
//! (keyset pagination: a page costs the same wherever it is); short lists kept in
//! memory use [`slice`].

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// Longest cursor accepted (a sort key is a few values).
const MAX_CURSOR: usize = 1024;

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// The items, in the list's order.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// The page of `rows` read with one row more than `limit`: the extra row only
    /// tells that a next page exists, and the next cursor is the key of the last
    /// row kept.
    pub fn from_probe<K: Serialize>(mut rows: Vec<T>, limit: u64, key: impl Fn(&T) -> K) -> Self {
        let limit = usize::try_from(limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more {
            rows.last().map(|last| encode(&key(last)))
        } else {
            None
        };
        Self { items: rows, next }
    }

    /// The same page with each item transformed.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
        }
    }
}

/// A cursor that is not one this server gave.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "after non valido: usa il cursore della pagina precedente (intestazione Link rel=\"next\")"
)]
pub struct BadCursor;

/// The cursor of a sort key.
pub fn encode<K: Serialize>(key: &K) -> String {
    let json = serde_json::to_vec(key).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(json)
}

/// The sort key of a cursor.
pub fn decode<K: DeserializeOwned>(cursor: &str) -> Result<K, BadCursor> {
    if cursor.len() > MAX_CURSOR {
        return Err(BadCursor);
    }
    let json = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .map_err(|_| BadCursor)?;
    serde_json::from_slice(&json).map_err(|_| BadCursor)
}

/// A page of a list held in memory, whose order is that of `key` (ascending): the
/// items after the cursor's key, at most `limit` of them.
pub fn slice<T, K>(
    items: impl IntoIterator<Item = T>,
    key: impl Fn(&T) -> K,
    after: Option<&str>,
    limit: u64,
) -> Result<Page<T>, BadCursor>
where
    K: PartialOrd + Serialize + DeserializeOwned,
{
    let after: Option<K> = after.map(decode).transpose()?;
    let take = usize::try_from(limit.saturating_add(1)).unwrap_or(usize::MAX);
    let rows: Vec<T> = items
        .into_iter()
        .filter(|item| after.as_ref().is_none_or(|a| key(item) > *a))
        .take(take)
        .collect();
    Ok(Page::from_probe(rows, limit, key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slicing_visits_every_item_once() {
        let items: Vec<i32> = (1..=25).collect();
        let mut seen = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = slice(items.clone(), |i| *i, after.as_deref(), 10).expect("a page");
            assert!(page.items.len() <= 10);
            seen.extend(page.items);
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(seen, items);
    }

    #[test]
    fn an_exact_multiple_has_no_empty_last_page() {
        let page = slice(vec![1, 2, 3], |i| *i, None, 3).expect("a page");
        assert_eq!(page.items, vec![1, 2, 3]);
        assert_eq!(page.next, None);
    }

    #[test]
    fn compound_keys_round_trip() {
        let key = ("Rossi".to_string(), 42);
        let back: (String, i32) = decode(&encode(&key)).expect("a key");
        assert_eq!(back, key);
    }

    #[test]
    fn foreign_cursors_are_refused() {
        assert_eq!(decode::<i32>("not base64!"), Err(BadCursor));
        assert_eq!(decode::<i32>(&encode(&"text")), Err(BadCursor));
        assert_eq!(decode::<i32>(&"A".repeat(2000)), Err(BadCursor));
    }
}
