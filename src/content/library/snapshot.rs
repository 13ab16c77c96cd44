//! The library as pages show it, computed once each time the library changes (at
//! start and after every import, here or through another instance) and shared by
//! every request: each act with its articles grouped under their structure, each
//! article's rendered commi, plain text, excerpt and neighbours. Pages then read
//! memory, never the `articles` table.

use std::collections::HashMap;
use std::sync::Arc;

use sea_orm::{DatabaseConnection, DbErr};
use serde::Serialize;

use super::store::{self, act, article};
use super::urn::{self, Urn};
use super::view::{self, ArticleView};

/// How many characters an excerpt of a cited article shows beside a lesson.
pub const EXCERPT_CHARS: usize = 220;

/// An act as the library pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ActPage {
    /// `dlgs-286-1998`.
    pub id: String,
    /// Full title.
    pub title: String,
    /// Kind (`dlgs`, `dpr`, …), number and year, for sorting and labels.
    pub kind: String,
    /// Number.
    pub number: String,
    /// Year.
    pub year: i32,
    /// Date of the act.
    pub date: Option<String>,
    /// Its URN.
    pub urn: Option<String>,
    /// The act on Normattiva, by its URN (the stored one, else one built from its id);
    /// none when no URN can name it (ministerial decrees).
    pub normattiva_url: Option<String>,
    /// Date of the text in force.
    pub in_force_at: Option<String>,
    /// How many articles it has.
    pub articles: i32,
    /// Its articles in order, grouped under the structure heading they share.
    pub groups: Vec<ArticleGroup>,
}

/// Consecutive articles under one structure heading (Titolo, Capo, …).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleGroup {
    /// The headings joined, or empty.
    pub title: String,
    /// The articles.
    pub articles: Vec<ArticleLink>,
}

/// A link to an article in a list.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleLink {
    /// `/library/dlgs-286-1998/art-5`.
    pub url: String,
    /// `5`, `29-bis`.
    pub label: String,
    /// Rubrica.
    pub heading: Option<String>,
    /// Repealed.
    pub repealed: bool,
}

/// One article with everything its page, the API and a lesson's sidebar show.
#[derive(Debug, Serialize)]
pub struct ArticlePage {
    /// The rendered article.
    pub view: ArticleView,
    /// Its plain text, commi numbered (the API's `text`).
    pub text: String,
    /// A short excerpt for previews.
    pub excerpt: String,
    /// The page URL.
    pub url: String,
    /// The previous article of the act (url, label).
    pub previous: Option<(String, String)>,
    /// The next article of the act (url, label).
    pub next: Option<(String, String)>,
}

/// The whole library in memory.
#[derive(Debug, Default)]
pub struct Snapshot {
    acts: Vec<ActPage>,
    articles: HashMap<String, Arc<ArticlePage>>,
}

impl Snapshot {
    /// Reads every act and article (two queries) and shapes them for pages.
    pub async fn load(db: &DatabaseConnection) -> Result<Self, DbErr> {
        let acts = store::list_acts(db).await?;
        let articles = store::all_articles(db).await?;
        // A failed build must not pass for an empty library.
        tokio::task::spawn_blocking(move || Self::build(acts, articles))
            .await
            .map_err(|err| DbErr::Custom(format!("cannot shape the library: {err}")))
    }

    /// Shapes stored acts and their articles (act by act, in position order).
    pub fn build(acts: Vec<act::Model>, articles: Vec<article::Model>) -> Self {
        let mut by_act: HashMap<&str, Vec<&article::Model>> = HashMap::new();
        for a in &articles {
            by_act.entry(a.act_id.as_str()).or_default().push(a);
        }
        let mut snapshot = Self::default();
        for act in &acts {
            let list = by_act.remove(act.id.as_str()).unwrap_or_default();
            let urn = act_urn(act);
            snapshot.acts.push(act_page(act, urn.as_ref(), &list));
            for (i, a) in list.iter().enumerate() {
                let link = |j: Option<usize>| {
                    let n = list.get(j?)?;
                    Some((page_url(n), n.label.clone()))
                };
                let page = ArticlePage {
                    view: ArticleView::from_model(a, urn.as_ref()),
                    text: view::plain_text(a),
                    excerpt: view::excerpt(a, EXCERPT_CHARS),
                    url: page_url(a),
                    previous: link(i.checked_sub(1)),
                    next: link(Some(i + 1)),
                };
                snapshot.articles.insert(a.id.clone(), Arc::new(page));
            }
        }
        snapshot
    }

    /// Every act, by year and id.
    pub fn acts(&self) -> &[ActPage] {
        &self.acts
    }

    /// One act.
    pub fn act(&self, id: &str) -> Option<&ActPage> {
        self.acts.iter().find(|a| a.id == id)
    }

    /// One article by id (`dlgs-286-1998/art-5`).
    pub fn article(&self, id: &str) -> Option<&Arc<ArticlePage>> {
        self.articles.get(id)
    }

    /// How many articles the library holds.
    pub fn article_count(&self) -> usize {
        self.articles.len()
    }
}

fn page_url(a: &article::Model) -> String {
    format!("/library/{}/art-{}", a.act_id, a.slug)
}

/// The URN that names an act on Normattiva: the one stored with it, else one built
/// from its id.
fn act_urn(act: &act::Model) -> Option<Urn> {
    act.urn
        .as_deref()
        .and_then(|stored| Urn::parse(stored).ok())
        .filter(|stored| stored.act_id() == act.id)
        .or_else(|| urn::for_link(&act.id))
}

fn act_page(act: &act::Model, urn: Option<&Urn>, articles: &[&article::Model]) -> ActPage {
    let mut groups: Vec<ArticleGroup> = Vec::new();
    for a in articles {
        let structure: Vec<String> = serde_json::from_str(&a.structure).unwrap_or_default();
        let title = structure.join(" · ");
        let link = ArticleLink {
            url: page_url(a),
            label: a.label.clone(),
            heading: a.heading.clone(),
            repealed: a.repealed,
        };
        match groups.last_mut() {
            Some(group) if group.title == title => group.articles.push(link),
            _ => groups.push(ArticleGroup {
                title,
                articles: vec![link],
            }),
        }
    }
    ActPage {
        id: act.id.clone(),
        title: act.title.clone(),
        kind: act.kind.clone(),
        number: act.number.clone(),
        year: act.year,
        date: act.date.clone(),
        urn: act.urn.clone(),
        normattiva_url: urn.map(|urn| urn.url(urn::NORMATTIVA)),
        in_force_at: act.in_force_at.clone(),
        articles: act.article_count,
        groups,
    }
}
