//! Scoring one answer.
//!
//! - `single` and `true_false`: all the points for exactly the right option, else 0.
//! - `multiple` (partial credit): each right option chosen earns `points / right`,
//!   each wrong option chosen costs the same amount, never below zero. Choosing every
//!   option therefore earns nothing unless every option is right.

use crate::content::model::{Question, QuestionKind};

/// Points earned by `chosen` (option ids) on `question`.
pub fn score(question: &Question, chosen: &[String]) -> f64 {
    let points = f64::from(question.points);
    let right: Vec<&str> = question
        .options
        .iter()
        .filter(|o| o.correct)
        .map(|o| o.id.as_str())
        .collect();
    match question.kind {
        QuestionKind::Single | QuestionKind::TrueFalse => {
            if chosen.len() == 1 && right.contains(&chosen[0].as_str()) {
                points
            } else {
                0.0
            }
        }
        QuestionKind::Multiple => {
            if right.is_empty() {
                return 0.0;
            }
            let hits = chosen
                .iter()
                .filter(|c| right.contains(&c.as_str()))
                .count();
            let misses = chosen.len() - hits;
            let share = points / right.len() as f64;
            ((hits as f64 - misses as f64) * share).max(0.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::QuizOption;

    fn question(kind: QuestionKind, right: &[&str], all: &[&str], points: u32) -> Question {
        Question {
            id: "q".into(),
            kind,
            text: String::new(),
            feedback: String::new(),
            points,
            options: all
                .iter()
                .map(|id| QuizOption {
                    id: (*id).into(),
                    text: String::new(),
                    correct: right.contains(id),
                })
                .collect(),
        }
    }

    fn ids(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn single_and_true_false_are_all_or_nothing() {
        let q = question(QuestionKind::Single, &["b"], &["a", "b", "c"], 2);
        assert_eq!(score(&q, &ids(&["b"])), 2.0);
        assert_eq!(score(&q, &ids(&["a"])), 0.0);
        assert_eq!(
            score(&q, &ids(&["a", "b"])),
            0.0,
            "two choices on a single question"
        );
        assert_eq!(score(&q, &ids(&[])), 0.0);
        let tf = question(QuestionKind::TrueFalse, &["falso"], &["vero", "falso"], 1);
        assert_eq!(score(&tf, &ids(&["falso"])), 1.0);
        assert_eq!(score(&tf, &ids(&["vero"])), 0.0);
    }

    #[test]
    fn multiple_gives_partial_credit_and_penalises_wrong_choices() {
        let q = question(
            QuestionKind::Multiple,
            &["a", "b", "c"],
            &["a", "b", "c", "d"],
            3,
        );
        assert_eq!(score(&q, &ids(&["a", "b", "c"])), 3.0);
        assert_eq!(score(&q, &ids(&["a", "b"])), 2.0);
        assert_eq!(score(&q, &ids(&["a", "b", "d"])), 1.0);
        assert_eq!(score(&q, &ids(&["a", "b", "c", "d"])), 2.0);
        assert_eq!(score(&q, &ids(&["d"])), 0.0, "never below zero");
        let two = question(
            QuestionKind::Multiple,
            &["a", "b"],
            &["a", "b", "c", "d"],
            1,
        );
        assert_eq!(
            score(&two, &ids(&["a", "b", "c", "d"])),
            0.0,
            "ticking everything earns nothing"
        );
        assert_eq!(score(&two, &ids(&["a"])), 0.5);
    }
}
