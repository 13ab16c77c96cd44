//! The set of acts and articles the library holds, as content checks and rendering
//! need it: cheap membership tests, loaded once from the database or from files.

use std::collections::HashSet;

/// Act ids and article ids known to the library.
#[derive(Debug, Clone, Default)]
pub struct ArticleSet {
    acts: HashSet<String>,
    articles: HashSet<String>,
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

    /// Number of acts.
    pub fn act_count(&self) -> usize {
        self.acts.len()
    }
}
