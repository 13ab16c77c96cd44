//! The search page: a form, an answer card when an article clearly wins, hits with
//! highlighted snippets, filters with counts by kind, course, module and act, and
//! pages of results.

use axum::Router;
use axum::extract::{RawQuery, State};
use axum::response::Html;
use axum::routing::get;
use minijinja::context;
use serde::Serialize;

use crate::app::AppState;
use crate::content::Catalog;
use crate::content::library::act_short_name;
use crate::error::AppResult;
use crate::search::{Facets, Kind, Lang, SearchRequest};
use crate::web::auth::Viewer;
use crate::web::search_params::{SearchParams, run};

/// Hits per page.
const PER_PAGE: usize = 10;

/// Routes of the search page.
pub fn router() -> Router<AppState> {
    Router::new().route("/search", get(search_page))
}

/// One filter value with its count and the link that toggles it.
#[derive(Serialize)]
struct FacetLink {
    label: String,
    count: u64,
    url: String,
    active: bool,
}

/// A group of filter values.
#[derive(Serialize)]
struct FacetGroup {
    /// The catalogue key of the group's title.
    title: &'static str,
    links: Vec<FacetLink>,
}

/// The catalogue key of a kind of hit's label.
fn kind_key(kind: &str) -> &'static str {
    match Kind::parse(kind) {
        Some(Kind::Lesson) => "search-kind-lessons",
        Some(Kind::Article) => "search-kind-articles",
        Some(Kind::Glossary) | None => "search-kind-glossary",
    }
}

/// The query string of a search with one parameter changed (or removed).
fn link(base: &[(&str, String)], key: &str, value: Option<&str>) -> String {
    let mut pairs: Vec<(&str, String)> = base
        .iter()
        .filter(|(k, _)| *k != key && *k != "page")
        .cloned()
        .collect();
    if let Some(value) = value {
        pairs.push((key, value.to_string()));
    }
    format!(
        "/search?{}",
        serde_urlencoded::to_string(&pairs).unwrap_or_default()
    )
}

async fn search_page(
    State(state): State<AppState>,
    viewer: Viewer,
    RawQuery(raw): RawQuery,
) -> AppResult<Html<String>> {
    let page = page_number(raw.as_deref());
    let request = page_request(raw.as_deref(), page, viewer.lang);
    let q = request.q.trim().to_string();
    let results = if q.is_empty() {
        None
    } else {
        Some(run(&state, request.clone()).await?)
    };
    let base = base_pairs(&request, &q);
    let groups = results
        .as_ref()
        .map(|r| {
            facet_groups(
                &state.catalog(),
                state.templates().messages(),
                &base,
                &r.facets,
                viewer.lang,
            )
        })
        .unwrap_or_default();
    let (total, hits, answer) = results
        .map(|r| (r.total, r.hits, r.answer))
        .unwrap_or_default();
    let pages = total.div_ceil(PER_PAGE).max(1);
    let query_prefix = format!(
        "{}&",
        serde_urlencoded::to_string(&base).unwrap_or_default()
    );
    super::render(
        &state,
        &viewer,
        "search/index.html",
        context! {
            nav => "search", q, total, hits, answer, groups, page, pages, query_prefix,
            searched => !base[0].1.is_empty(),
            hit_kinds => Kind::ALL.iter().map(|k| (k.slug(), state.templates().messages().message(viewer.lang, kind_key(k.slug()), &[]))).collect::<Vec<_>>(),
        },
    )
}

/// The page asked for (the last `page` parameter), 1 to 500.
fn page_number(raw: Option<&str>) -> usize {
    serde_urlencoded::from_str::<Vec<(String, String)>>(raw.unwrap_or(""))
        .unwrap_or_default()
        .into_iter()
        .rev()
        .find(|(k, _)| k == "page")
        .and_then(|(_, v)| v.trim().parse().ok())
        .unwrap_or(1)
        .clamp(1, 500)
}

/// The search of the query string, for one page of results, by a searcher of the
/// page's language (the page reads no `lang` parameter).
fn page_request(raw: Option<&str>, page: usize, lang: &str) -> SearchRequest {
    let mut params = SearchParams::from_query(raw);
    params.lang = None;
    // An unknown kind on the page is simply not applied.
    if params.to_request().is_err() {
        params.kind = None;
    }
    let mut request = params.to_request().unwrap_or_default();
    request.limit = PER_PAGE;
    request.offset = (page - 1) * PER_PAGE;
    request.lang = Lang::of(lang);
    request
}

/// The parameters of the search, `q` first, that the page's links keep.
fn base_pairs(request: &SearchRequest, q: &str) -> Vec<(&'static str, String)> {
    let mut base: Vec<(&str, String)> = vec![("q", q.to_string())];
    if let Some(kind) = request.kind {
        base.push(("kind", kind.slug().to_string()));
    }
    for (key, value) in [
        ("course", &request.course),
        ("module", &request.module),
        ("act", &request.act),
    ] {
        if let Some(value) = value {
            base.push((key, value.clone()));
        }
    }
    base
}

/// The filter groups with at least one value, labelled from the catalog (modules in
/// the page's language where translated).
fn facet_groups(
    catalog: &Catalog,
    messages: &crate::render::i18n::Messages,
    base: &[(&str, String)],
    f: &Facets,
    lang: &str,
) -> Vec<FacetGroup> {
    let kind_label = |kind: &str| messages.message(lang, kind_key(kind), &[]);
    let mut groups = vec![
        facet_group(base, "search-facet-kind", "kind", &f.kind, &kind_label),
        facet_group(base, "search-facet-course", "course", &f.course, &|id| {
            catalog
                .course(id)
                .map_or_else(|| id.to_string(), |c| c.title.clone())
        }),
        facet_group(base, "search-facet-module", "module", &f.module, &|id| {
            id.split_once('/')
                .and_then(|(c, m)| catalog.course(c)?.module(m))
                .map_or_else(|| id.to_string(), |m| m.title_in(lang).to_string())
        }),
        facet_group(base, "search-facet-act", "act", &f.act, &|id| {
            act_short_name(id)
        }),
    ];
    groups.retain(|g| !g.links.is_empty());
    groups
}

/// One filter group: each value links to the search with it toggled.
fn facet_group(
    base: &[(&str, String)],
    title: &'static str,
    key: &str,
    values: &[(String, u64)],
    label: &dyn Fn(&str) -> String,
) -> FacetGroup {
    let current = base
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v.as_str());
    let links = values
        .iter()
        .map(|(value, count)| {
            let is_active = current == Some(value.as_str());
            FacetLink {
                label: label(value),
                count: *count,
                url: link(base, key, (!is_active).then_some(value.as_str())),
                active: is_active,
            }
        })
        .collect();
    FacetGroup { title, links }
}
