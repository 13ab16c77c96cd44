//! The filters of a search (kind, course, module, act) and the facet counts shown
//! beside its results.

use serde::Serialize;
use tantivy::collector::{FacetCollector, FacetCounts};
use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{Searcher, Term};

use super::schema::Fields;
use super::searcher::SearchRequest;

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

/// A query with the request's filters, one per facet dimension.
pub(super) struct Filtered<'q> {
    query: &'q dyn Query,
    filters: Vec<(&'static str, Field, Option<String>)>,
}

impl<'q> Filtered<'q> {
    pub(super) fn new(query: &'q dyn Query, request: &SearchRequest, f: &Fields) -> Self {
        let filters = vec![
            ("kind", f.kind, request.kind.map(|k| k.slug().to_string())),
            ("course", f.course, request.course.clone()),
            ("module", f.module, request.module.clone()),
            ("act", f.act, request.act.clone()),
        ];
        Self { query, filters }
    }

    /// The query with every filter but that of dimension `skip`.
    pub(super) fn query(&self, skip: Option<&str>) -> Box<dyn Query> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.query.box_clone())];
        for (name, field, value) in &self.filters {
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
    }

    /// A collector of the dimensions without a filter, to run with the page.
    pub(super) fn unfiltered_facets(&self) -> FacetCollector {
        let mut unfiltered_facets = FacetCollector::for_field("facets");
        for (name, _, value) in &self.filters {
            if value.is_none() {
                unfiltered_facets.add_facet(format!("/{name}").as_str());
            }
        }
        unfiltered_facets
    }

    /// The facets: a dimension without a filter from `counts` (collected with the
    /// page), one with a filter counted again over the query with the other filters.
    pub(super) fn facets(
        &self,
        searcher: &Searcher,
        counts: &FacetCounts,
    ) -> tantivy::Result<Facets> {
        let mut facets = Facets::default();
        for (name, _, value) in &self.filters {
            let root = format!("/{name}");
            let own;
            let counts = if value.is_some() {
                let mut collector = FacetCollector::for_field("facets");
                collector.add_facet(root.as_str());
                own = searcher.search(&self.query(Some(name)), &collector)?;
                &own
            } else {
                counts
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
        Ok(facets)
    }
}
