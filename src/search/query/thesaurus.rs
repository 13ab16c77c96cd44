//! The course thesaurus: groups of equivalent terms ("MSNA", "minori stranieri non
//! accompagnati"), analysed once per index refresh, and the equivalents a query names.

use crate::search::analysis::{exact_analyzer, stemmed_analyzer, tokens};

/// The course thesaurus, analysed once per index refresh.
#[derive(Debug, Default, Clone)]
pub struct Thesaurus {
    groups: Vec<Vec<Variant>>,
}

#[derive(Debug, Clone)]
struct Variant {
    /// Exact tokens, to find the variant in a query.
    exact: Vec<String>,
    /// Stemmed tokens with positions, to search for it.
    stemmed: Vec<(usize, String)>,
}

impl Thesaurus {
    /// Analyses groups of equivalent terms.
    pub fn new(groups: &[Vec<String>]) -> Self {
        let mut exact = exact_analyzer();
        let mut stem = stemmed_analyzer();
        let groups = groups
            .iter()
            .map(|group| {
                group
                    .iter()
                    .map(|term| Variant {
                        exact: tokens(&mut exact, term)
                            .into_iter()
                            .map(|(_, t)| t)
                            .collect(),
                        stemmed: tokens(&mut stem, term),
                    })
                    .filter(|v| !v.exact.is_empty() && !v.stemmed.is_empty())
                    .collect::<Vec<_>>()
            })
            .filter(|g| g.len() > 1)
            .collect();
        Self { groups }
    }

    /// Equivalents of the terms found in `words` (exact tokens of the query), as
    /// stemmed token sequences, without the terms found themselves.
    pub(super) fn expansions(&self, words: &[String]) -> Vec<&[(usize, String)]> {
        let mut out = Vec::new();
        for group in &self.groups {
            let found: Vec<usize> = (0..group.len())
                .filter(|&i| contains_run(words, &group[i].exact))
                .collect();
            if found.is_empty() {
                continue;
            }
            for (i, variant) in group.iter().enumerate() {
                if !found.contains(&i) {
                    out.push(variant.stemmed.as_slice());
                }
            }
        }
        out
    }
}

fn contains_run(words: &[String], run: &[String]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|w| w == run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thesaurus_expands_what_the_query_names() {
        let t = Thesaurus::new(&[vec![
            "MSNA".to_string(),
            "minori stranieri non accompagnati".to_string(),
        ]]);
        let words: Vec<String> = vec!["msna".into(), "tutela".into()];
        let found = t.expansions(&words);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].len(), 3, "{:?}", found[0]);
        assert!(t.expansions(&["tutela".to_string()]).is_empty());
    }
}
