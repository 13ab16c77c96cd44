//! The set of acts and articles the library holds, as content checks and rendering
//! need it: cheap membership tests, loaded once from the database or from files, the
//! date of each act's text in force (when its source gives one), and when each
//! article last changed (from the database only: files have no history).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};

/// Act ids and article ids known to the library, the date of each act's text in
/// force, and the last change of each article that has one.
#[derive(Debug, Clone, Default)]
pub struct ArticleSet {
    acts: HashSet<String>,
    articles: HashSet<String>,
    in_force: HashMap<String, NaiveDate>,
    changes: HashMap<String, DateTime<Utc>>,
}

impl ArticleSet {
    /// Builds the set from article ids (`<act>/art-<label>`).
    pub fn from_articles<I: IntoIterator<Item = String>>(ids: I) -> Self {
        let mut set = Self::default();
        for id in ids {
            set.insert(id);
        }
        set
    }

    /// Adds one article (and its act).
    pub fn insert(&mut self, article_id: String) {
        if let Some((act, _)) = article_id.split_once('/') {
            self.acts.insert(act.to_string());
        }
        self.articles.insert(article_id);
    }

    /// Whether the library holds the act.
    pub fn has_act(&self, act: &str) -> bool {
        self.acts.contains(act)
    }

    /// Whether the library holds the article.
    pub fn has_article(&self, id: &str) -> bool {
        self.articles.contains(id)
    }

    /// The set with the time each article last changed, by article id.
    pub fn with_changes(mut self, changes: HashMap<String, DateTime<Utc>>) -> Self {
        self.changes = changes;
        self
    }

    /// When the article last changed, if the library has recorded a change of it.
    pub fn last_change(&self, id: &str) -> Option<DateTime<Utc>> {
        self.changes.get(id).copied()
    }

    /// The set with the date of each act's text in force, by act id; dates that are
    /// not `YYYY-MM-DD` are left out.
    pub fn with_in_force<I>(mut self, dates: I) -> Self
    where
        I: IntoIterator<Item = (String, Option<String>)>,
    {
        self.in_force = dates
            .into_iter()
            .filter_map(|(act, date)| {
                let date = NaiveDate::parse_from_str(date?.trim(), "%Y-%m-%d").ok()?;
                Some((act, date))
            })
            .collect();
        self
    }

    /// The date of the act's text in force in the library, when known.
    pub fn in_force_at(&self, act: &str) -> Option<NaiveDate> {
        self.in_force.get(act).copied()
    }

    /// Number of acts.
    pub fn act_count(&self) -> usize {
        self.acts.len()
    }
}
