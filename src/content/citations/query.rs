//! Articles named by a search query, typed loosely: "tui 29", "19-bis 142/2015".

use std::ops::Range;

use super::acts::{find_acts, kind_from_caps, parse_year};
use super::labels::norm_label;
use super::patterns::{QUERY_ACT, QUERY_ARTICLE, QUERY_BARE};
use super::text::find_citations;
use super::{ActKind, ActRef, ArticleRef};

/// Acts that search queries may name by number and year alone ("19-bis 142/2015") or by
/// kind and number alone ("dpr 394 art 13"): the course's legal library and the two
/// laws its lessons cite most.
const KNOWN_ACTS: [ActRef; 9] = [
    ActRef::new(ActKind::Dlgs, 286, 1998),
    ActRef::new(ActKind::Dpr, 394, 1999),
    ActRef::new(ActKind::Dlgs, 142, 2015),
    ActRef::new(ActKind::Dlgs, 30, 2007),
    ActRef::new(ActKind::Dlgs, 251, 2007),
    ActRef::new(ActKind::Dlgs, 25, 2008),
    ActRef::new(ActKind::Dpr, 445, 2000),
    ActRef::new(ActKind::L, 47, 2017),
    ActRef::new(ActKind::Dl, 113, 2018),
];

/// An act written loosely in a query: as in text, or "dlgs 286 1998", "dpr 394",
/// or a bare "142/2015" of a known act.
fn query_act(query: &str) -> Option<(Range<usize>, ActRef)> {
    if let Some(found) = find_acts(query).into_iter().next() {
        return Some(found);
    }
    let loose = QUERY_ACT.captures_iter(query).find_map(|caps| {
        let kind = kind_from_caps(&caps)?;
        let number: u32 = caps.name("n")?.as_str().parse().ok()?;
        let act = match caps.name("y1").or_else(|| caps.name("y2")) {
            Some(y) => ActRef::new(kind, number, parse_year(y.as_str())?),
            None => KNOWN_ACTS
                .iter()
                .find(|a| a.kind == kind && a.number == number)?
                .clone(),
        };
        Some((caps.get(0)?.range(), act))
    });
    loose.or_else(|| {
        QUERY_BARE.captures_iter(query).find_map(|caps| {
            let number: u32 = caps.name("n")?.as_str().parse().ok()?;
            let year = parse_year(caps.name("y")?.as_str())?;
            let act = KNOWN_ACTS
                .iter()
                .find(|a| a.number == number && a.year == year)?;
            Some((caps.get(0)?.range(), act.clone()))
        })
    })
}

/// For search queries typed loosely by users: "art. 29 TUI", "19-bis 142/2015", "dpr 394/99 art 13",
/// "art 5 dlgs 286 1998", "tui 29". Returns the articles the query names (usually 0 or 1).
///
/// A query that reads as citations gives their articles. Otherwise the first act in the
/// query (see `find_acts`, plus "kind number year" with blanks, "kind number" and bare
/// "number/year" for the known acts of the course library) is taken with the first
/// article label outside it, preferring one after "art".
pub fn parse_query(query: &str) -> Vec<ArticleRef> {
    let articles: Vec<ArticleRef> = find_citations(query)
        .into_iter()
        .flat_map(|c| c.articles)
        .collect();
    if !articles.is_empty() {
        return articles;
    }
    let Some((act_span, act)) = query_act(query) else {
        return Vec::new();
    };
    // Labels before and after the act; one after an article keyword wins.
    let parts = [
        (0, &query[..act_span.start]),
        (act_span.end, &query[act_span.end..]),
    ];
    let act = &act;
    let candidates: Vec<(bool, ArticleRef)> = parts
        .into_iter()
        .flat_map(|(offset, part)| {
            QUERY_ARTICLE.captures_iter(part).filter_map(move |caps| {
                let label = caps.name("label")?;
                let article = ArticleRef {
                    act: act.clone(),
                    label: norm_label(label.as_str()),
                    comma: caps.name("comma").map(|m| norm_label(m.as_str())),
                    letter: caps.name("letter").map(|m| norm_label(m.as_str())),
                    span: offset + label.start()..offset + label.end(),
                };
                Some((caps.name("kw").is_some(), article))
            })
        })
        .collect();
    let best = candidates.iter().find(|(kw, _)| *kw).or(candidates.first());
    best.map(|(_, a)| a.clone()).into_iter().collect()
}
