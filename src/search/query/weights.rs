//! The weights of a search: of each part of the query and of the ranking (passages,
//! the answer card), in one struct that benchmarks can override.

/// The weights of the parts of a query and of the ranking, all in one place. The first
/// eight were tuned on the SQuAD-it evaluation (`cargo bench --bench search`, which can
/// override them with `AULA_BENCH_WEIGHTS=proximity=1,slop=2,...` to try others); the
/// others (rubrica, anchor text, passages, answer card) are reasoned defaults, to be
/// tuned on the dev half of the legal evaluation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Stemmed title match.
    pub title: f32,
    /// Stemmed headings match.
    pub headings: f32,
    /// Exact (unstemmed) body match, on top of the stemmed one.
    pub body_exact: f32,
    /// Exact title match.
    pub title_exact: f32,
    /// Neighbouring query words near each other in the text (off by default: on the
    /// evaluation it cost time and gained nothing).
    pub proximity: f32,
    /// How far apart those neighbours may be.
    pub slop: u32,
    /// A typo-tolerant match of an unknown word.
    pub fuzzy: f32,
    /// A thesaurus equivalent.
    pub thesaurus: f32,
    /// Stemmed match in an article's rubrica (on top of the title, which holds it).
    pub rubrica: f32,
    /// Stemmed match in an article's anchor text (lessons and glossary citing it).
    pub anchors: f32,
    /// Stemmed match in the rubrica of a passage's article, in the passage query.
    pub passage_rubrica: f32,
    /// Neighbouring query words near each other in a passage (within `slop`).
    pub passage_proximity: f32,
    /// Each query word found in a passage adds its IDF times this, whatever the
    /// passage's length (see `passage.rs`).
    pub passage_coord: f32,
    /// Passage scores are multiplied by this before they meet article scores (their
    /// statistics differ: more, shorter documents give higher BM25 scores).
    pub passage_scale: f32,
    /// How far an article's score rises towards its best (scaled) passage's score when
    /// that is higher: 0 ignores passages, 1 takes the passage's score.
    pub passage_lift: f32,
    /// Added to an article's score for its best (scaled) passage, times this.
    pub passage_bonus: f32,
    /// The top hit becomes an answer card when it is an article scoring at least this
    /// many times the second hit.
    pub answer_ratio: f32,
}

impl Default for Weights {
    fn default() -> Self {
        Self {
            title: 2.0,
            headings: 1.5,
            body_exact: 0.5,
            title_exact: 1.0,
            proximity: 0.0,
            slop: 3,
            fuzzy: 0.5,
            thesaurus: 0.8,
            rubrica: 1.0,
            anchors: 0.4,
            passage_rubrica: 1.0,
            passage_proximity: 0.5,
            passage_coord: 1.0,
            passage_scale: 0.8,
            passage_lift: 0.7,
            passage_bonus: 0.1,
            answer_ratio: 1.5,
        }
    }
}

impl Weights {
    /// The weight called `name` (as in overrides), as a number; `None` for an unknown
    /// name. The evaluation's tuning reads and moves weights by name.
    pub fn get(&self, name: &str) -> Option<f32> {
        Some(match name {
            "title" => self.title,
            "headings" => self.headings,
            "body_exact" => self.body_exact,
            "title_exact" => self.title_exact,
            "proximity" => self.proximity,
            "slop" => self.slop as f32,
            "fuzzy" => self.fuzzy,
            "thesaurus" => self.thesaurus,
            "rubrica" => self.rubrica,
            "anchors" => self.anchors,
            "passage_rubrica" => self.passage_rubrica,
            "passage_proximity" => self.passage_proximity,
            "passage_coord" => self.passage_coord,
            "passage_scale" => self.passage_scale,
            "passage_lift" => self.passage_lift,
            "passage_bonus" => self.passage_bonus,
            "answer_ratio" => self.answer_ratio,
            _ => return None,
        })
    }

    /// These weights with overrides such as `proximity=1,slop=2`.
    pub fn with_overrides(mut self, spec: &str) -> Result<Self, String> {
        for part in spec.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (key, value) = part
                .split_once('=')
                .ok_or_else(|| format!("«{part}»: expected key=value"))?;
            let number: f32 = value
                .trim()
                .parse()
                .map_err(|_| format!("«{part}»: not a number"))?;
            match key.trim() {
                "title" => self.title = number,
                "headings" => self.headings = number,
                "body_exact" => self.body_exact = number,
                "title_exact" => self.title_exact = number,
                "proximity" => self.proximity = number,
                "slop" => self.slop = number as u32,
                "fuzzy" => self.fuzzy = number,
                "thesaurus" => self.thesaurus = number,
                "rubrica" => self.rubrica = number,
                "anchors" => self.anchors = number,
                "passage_rubrica" => self.passage_rubrica = number,
                "passage_proximity" => self.passage_proximity = number,
                "passage_coord" => self.passage_coord = number,
                "passage_scale" => self.passage_scale = number,
                "passage_lift" => self.passage_lift = number,
                "passage_bonus" => self.passage_bonus = number,
                "answer_ratio" => self.answer_ratio = number,
                other => return Err(format!("unknown weight «{other}»")),
            }
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_take_overrides_and_refuse_nonsense() {
        let w = Weights::default()
            .with_overrides("proximity=1, slop=2")
            .expect("valid overrides");
        assert_eq!((w.proximity, w.slop), (1.0, 2));
        assert!(Weights::default().with_overrides("nope=1").is_err());
        assert!(Weights::default().with_overrides("title=x").is_err());
        let legal = Weights::default()
            .with_overrides("passage_lift=0.5,answer_ratio=2")
            .expect("valid overrides");
        assert_eq!((legal.passage_lift, legal.answer_ratio), (0.5, 2.0));
        assert_eq!(legal.get("passage_lift"), Some(0.5));
        assert_eq!(w.get("slop"), Some(2.0));
        assert_eq!(w.get("nope"), None);
    }
}
