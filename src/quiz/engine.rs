//! Attempts: opening (or resuming) one, and submitting it exactly once.

use std::collections::HashMap;

use argon2::password_hash::rand_core::{OsRng, RngCore};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, DatabaseConnection, DatabaseTransaction,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::scoring;
use crate::content::library::urn::Urn;
use crate::content::library_refs::ArticleSet;
use crate::content::markdown::render_inline;
use crate::content::model::{Course, Module, Question, QuestionKind, Quiz};
use crate::db::progress::{answer, attempt};

/// Submissions this late after the deadline are still accepted (network, clocks).
pub const GRACE: Duration = Duration::seconds(30);

/// Why a quiz action failed.
#[derive(Debug, thiserror::Error)]
pub enum QuizError {
    /// The module has no quiz.
    #[error("questo modulo non ha una verifica")]
    NoQuiz,
    /// Every allowed attempt has been used.
    #[error("hai già usato tutti i {0} tentativi ammessi per questa verifica")]
    NoAttemptsLeft(u32),
    /// There is no open attempt to submit.
    #[error("nessun tentativo aperto da consegnare: apri la verifica per iniziarne uno")]
    NotOpen,
    /// This attempt was already submitted.
    #[error("questo tentativo è già stato consegnato")]
    AlreadySubmitted,
    /// Submitted after the time limit: the attempt is closed as failed.
    #[error("tempo scaduto: il tentativo è stato chiuso senza punteggio")]
    TimeExpired,
    /// Answers naming unknown questions or options, or several options on a
    /// single-answer question.
    #[error("{0}")]
    Invalid(String),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] sea_orm::DbErr),
}

/// A question and its options in the order this attempt shows them.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Ordered {
    question: String,
    options: Vec<String>,
}

/// An open attempt as the learner sees it: never the right answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttemptView {
    /// Attempt id.
    pub attempt: i32,
    /// Which attempt this is (1-based).
    pub number: u32,
    /// Attempts allowed (0: unlimited).
    pub attempts_allowed: u32,
    /// Pass threshold.
    pub pass_percent: u32,
    /// Latest submission time, if timed.
    pub deadline: Option<DateTime<Utc>>,
    /// Questions in this attempt's order.
    pub questions: Vec<QuestionView>,
}

/// A question without its answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionView {
    /// Question id.
    pub id: String,
    /// Text.
    pub text: String,
    /// `single`, `multiple` or `true_false`.
    pub kind: String,
    /// Options in this attempt's order.
    pub options: Vec<OptionView>,
}

/// An option without its correctness.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OptionView {
    /// Option id.
    pub id: String,
    /// Text.
    pub text: String,
}

/// The result of a submission.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Graded {
    /// Attempt id.
    pub attempt: i32,
    /// Points scored.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Percentage.
    pub percent: f64,
    /// Whether it passed.
    pub passed: bool,
    /// Whether the module is now complete.
    pub module_completed: bool,
    /// Per question, in the attempt's order.
    pub feedback: Vec<Feedback>,
}

/// Feedback on one question, after submission.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Feedback {
    /// Question id.
    pub question: String,
    /// Question text.
    pub text: String,
    /// Full points earned.
    pub correct: bool,
    /// Points earned.
    pub score: f64,
    /// Points available.
    pub max_score: f64,
    /// Options chosen.
    pub chosen: Vec<String>,
    /// The right options.
    pub correct_options: Vec<String>,
    /// Explanation with links to the cited articles (safe HTML).
    pub explanation_html: String,
}

fn kind_name(kind: QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Single => "single",
        QuestionKind::Multiple => "multiple",
        QuestionKind::TrueFalse => "true_false",
    }
}

fn shuffle<T>(items: &mut [T]) {
    for i in (1..items.len()).rev() {
        let j = (OsRng.next_u64() % (i as u64 + 1)) as usize;
        items.swap(i, j);
    }
}

/// Returns the learner's open attempt (the same order on every reload), or starts a
/// new one if attempts remain.
pub async fn open_attempt(
    db: &DatabaseConnection,
    user_id: i32,
    course: &Course,
    module: &Module,
) -> Result<AttemptView, QuizError> {
    let quiz = module.quiz.as_ref().ok_or(QuizError::NoQuiz)?;
    // One opening at a time per learner, or two pages opened together would both find
    // no open attempt and insert one each (and could pass the limit of attempts).
    let txn = crate::db::tx::begin_write(db).await?;
    crate::db::tx::lock_key(&txn, crate::db::tx::KeyLock::QuizOpening, user_id).await?;
    let mine = || {
        attempt::Entity::find()
            .filter(attempt::Column::UserId.eq(user_id))
            .filter(attempt::Column::CourseId.eq(course.id.clone()))
            .filter(attempt::Column::ModuleId.eq(module.id.clone()))
    };
    if let Some(open) = mine()
        .filter(attempt::Column::SubmittedAt.is_null())
        .order_by_desc(attempt::Column::Id)
        .one(&txn)
        .await?
    {
        if open.deadline_at.is_some_and(|d| d + GRACE < Utc::now()) {
            close_expired_in(&txn, open).await?;
        } else {
            let number = u32::try_from(mine().count(&txn).await?).unwrap_or(u32::MAX);
            txn.commit().await?;
            return Ok(view(quiz, &open, number));
        }
    }
    let used = u32::try_from(mine().count(&txn).await?).unwrap_or(u32::MAX);
    if quiz.attempts > 0 && used >= quiz.attempts {
        txn.commit().await?;
        return Err(QuizError::NoAttemptsLeft(quiz.attempts));
    }
    let mut order: Vec<Ordered> = quiz
        .questions
        .iter()
        .map(|q| Ordered {
            question: q.id.clone(),
            options: q.options.iter().map(|o| o.id.clone()).collect(),
        })
        .collect();
    if quiz.shuffle {
        shuffle(&mut order);
        for q in &mut order {
            // Vero/Falso keeps its natural order.
            if quiz
                .questions
                .iter()
                .any(|x| x.id == q.question && x.kind != QuestionKind::TrueFalse)
            {
                shuffle(&mut q.options);
            }
        }
    }
    let now = Utc::now();
    let row = attempt::ActiveModel {
        user_id: Set(user_id),
        course_id: Set(course.id.clone()),
        module_id: Set(module.id.clone()),
        question_order: Set(serde_json::to_string(&order).unwrap_or_else(|_| "[]".into())),
        started_at: Set(now),
        deadline_at: Set(quiz
            .time_limit_minutes
            .map(|m| now + Duration::minutes(i64::from(m)))),
        submitted_at: Set(None),
        score: Set(None),
        max_score: Set(None),
        percent: Set(None),
        passed: Set(None),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(view(quiz, &row, used + 1))
}

fn view(quiz: &Quiz, row: &attempt::Model, number: u32) -> AttemptView {
    let order: Vec<Ordered> = serde_json::from_str(&row.question_order).unwrap_or_default();
    let questions = order
        .iter()
        .filter_map(|o| {
            let q = quiz.questions.iter().find(|q| q.id == o.question)?;
            Some(QuestionView {
                id: q.id.clone(),
                text: q.text.clone(),
                kind: kind_name(q.kind).into(),
                options: o
                    .options
                    .iter()
                    .filter_map(|id| q.options.iter().find(|opt| &opt.id == id))
                    .map(|opt| OptionView {
                        id: opt.id.clone(),
                        text: opt.text.clone(),
                    })
                    .collect(),
            })
        })
        .collect();
    AttemptView {
        attempt: row.id,
        number,
        attempts_allowed: quiz.attempts,
        pass_percent: quiz.pass_percent,
        deadline: row.deadline_at,
        questions,
    }
}

async fn close_expired(
    db: &DatabaseConnection,
    open: attempt::Model,
) -> Result<(), sea_orm::DbErr> {
    let txn = crate::db::tx::begin_write(db).await?;
    close_expired_in(&txn, open).await?;
    txn.commit().await
}

/// [`close_expired`] within the caller's write transaction.
async fn close_expired_in(
    txn: &DatabaseTransaction,
    open: attempt::Model,
) -> Result<(), sea_orm::DbErr> {
    let pair = [(open.user_id, open.course_id.clone())];
    crate::progress::rollup::lock(txn, &pair).await?;
    attempt::Entity::update_many()
        .col_expr(
            attempt::Column::SubmittedAt,
            sea_orm::sea_query::Expr::value(open.deadline_at.unwrap_or_else(Utc::now)),
        )
        .col_expr(attempt::Column::Score, sea_orm::sea_query::Expr::value(0.0))
        .col_expr(
            attempt::Column::Percent,
            sea_orm::sea_query::Expr::value(0.0),
        )
        .col_expr(
            attempt::Column::Passed,
            sea_orm::sea_query::Expr::value(false),
        )
        .filter(attempt::Column::Id.eq(open.id))
        .filter(attempt::Column::SubmittedAt.is_null())
        .exec(txn)
        .await?;
    crate::progress::rollup::refresh(txn, crate::progress::rollup::Rows::Pairs(&pair)).await?;
    Ok(())
}

/// Submits the learner's open attempt (or the attempt `attempt_id`): validates the
/// answers, scores, stores the attempt and every answer, and records the module's
/// completion if this pass completes it, all in one transaction. A second submission
/// of the same attempt is refused.
pub async fn submit(
    db: &DatabaseConnection,
    user_id: i32,
    course: &Course,
    module: &Module,
    answers: &HashMap<String, Vec<String>>,
    attempt_id: Option<i32>,
    library: &ArticleSet,
) -> Result<Graded, QuizError> {
    let quiz = module.quiz.as_ref().ok_or(QuizError::NoQuiz)?;
    let row = find_attempt(db, user_id, course, module, attempt_id).await?;
    if row.submitted_at.is_some() {
        return Err(QuizError::AlreadySubmitted);
    }
    validate(quiz, answers)?;
    if row.deadline_at.is_some_and(|d| d + GRACE < Utc::now()) {
        close_expired(db, row).await?;
        return Err(QuizError::TimeExpired);
    }

    let (feedback, score, max_score) =
        grade(quiz, &row.question_order, answers, library, &course.acts);
    let percent = if max_score > 0.0 {
        (score / max_score * 1000.0).round() / 10.0
    } else {
        0.0
    };
    let passed = percent >= f64::from(quiz.pass_percent);

    let pair = [(user_id, course.id.clone())];
    let txn = crate::db::tx::begin_write(db).await?;
    crate::progress::rollup::lock(&txn, &pair).await?;
    let claimed = claim(&txn, row.id, score, max_score, percent, passed).await?;
    if !claimed {
        return Err(QuizError::AlreadySubmitted);
    }
    for f in &feedback {
        answer::ActiveModel {
            attempt_id: Set(row.id),
            question_id: Set(f.question.clone()),
            options: Set(serde_json::to_string(&f.chosen).unwrap_or_else(|_| "[]".into())),
            score: Set(f.score),
            max_score: Set(f.max_score),
        }
        .insert(&txn)
        .await?;
    }
    let module_completed = if passed {
        crate::progress::completion::check(&txn, user_id, course, &module.id).await?
    } else {
        false
    };
    crate::progress::rollup::refresh(&txn, crate::progress::rollup::Rows::Pairs(&pair)).await?;
    txn.commit().await?;
    Ok(Graded {
        attempt: row.id,
        score,
        max_score,
        percent,
        passed,
        module_completed,
        feedback,
    })
}

/// The attempt a submission is for: `attempt_id`, or the learner's latest open one.
async fn find_attempt(
    db: &DatabaseConnection,
    user_id: i32,
    course: &Course,
    module: &Module,
    attempt_id: Option<i32>,
) -> Result<attempt::Model, QuizError> {
    let mut find = attempt::Entity::find()
        .filter(attempt::Column::UserId.eq(user_id))
        .filter(attempt::Column::CourseId.eq(course.id.clone()))
        .filter(attempt::Column::ModuleId.eq(module.id.clone()));
    find = match attempt_id {
        Some(id) => find.filter(attempt::Column::Id.eq(id)),
        None => find
            .filter(attempt::Column::SubmittedAt.is_null())
            .order_by_desc(attempt::Column::Id),
    };
    find.one(db).await?.ok_or(QuizError::NotOpen)
}

/// Scores `answers` in the attempt's stored question `order`: the feedback on each
/// question, the score and the most it could have been.
fn grade(
    quiz: &Quiz,
    order: &str,
    answers: &HashMap<String, Vec<String>>,
    library: &ArticleSet,
    declared: &[Urn],
) -> (Vec<Feedback>, f64, f64) {
    let order: Vec<Ordered> = serde_json::from_str(order).unwrap_or_default();
    let mut feedback = Vec::new();
    let (mut score, mut max_score) = (0.0, 0.0);
    for o in &order {
        let Some(q) = quiz.questions.iter().find(|q| q.id == o.question) else {
            continue;
        };
        let chosen = answers.get(&q.id).cloned().unwrap_or_default();
        let earned = scoring::score(q, &chosen);
        let points = f64::from(q.points);
        score += earned;
        max_score += points;
        feedback.push(Feedback {
            question: q.id.clone(),
            text: q.text.clone(),
            correct: (earned - points).abs() < f64::EPSILON,
            score: earned,
            max_score: points,
            chosen,
            correct_options: q
                .options
                .iter()
                .filter(|o| o.correct)
                .map(|o| o.id.clone())
                .collect(),
            explanation_html: render_inline(&q.feedback, library, declared).0,
        });
    }
    (feedback, score, max_score)
}

/// Marks attempt `id` submitted with its result, unless it already is (false then).
async fn claim(
    txn: &DatabaseTransaction,
    id: i32,
    score: f64,
    max_score: f64,
    percent: f64,
    passed: bool,
) -> Result<bool, sea_orm::DbErr> {
    let claimed = attempt::Entity::update_many()
        .col_expr(
            attempt::Column::SubmittedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .col_expr(
            attempt::Column::Score,
            sea_orm::sea_query::Expr::value(score),
        )
        .col_expr(
            attempt::Column::MaxScore,
            sea_orm::sea_query::Expr::value(max_score),
        )
        .col_expr(
            attempt::Column::Percent,
            sea_orm::sea_query::Expr::value(percent),
        )
        .col_expr(
            attempt::Column::Passed,
            sea_orm::sea_query::Expr::value(passed),
        )
        .filter(attempt::Column::Id.eq(id))
        .filter(attempt::Column::SubmittedAt.is_null())
        .exec(txn)
        .await?;
    Ok(claimed.rows_affected == 1)
}

fn validate(quiz: &Quiz, answers: &HashMap<String, Vec<String>>) -> Result<(), QuizError> {
    for (question_id, chosen) in answers {
        let question: &Question = quiz
            .questions
            .iter()
            .find(|q| &q.id == question_id)
            .ok_or_else(|| QuizError::Invalid(format!("domanda sconosciuta: «{question_id}»")))?;
        for option in chosen {
            if !question.options.iter().any(|o| &o.id == option) {
                return Err(QuizError::Invalid(format!(
                    "opzione sconosciuta «{option}» nella domanda «{question_id}»"
                )));
            }
        }
        if question.kind != QuestionKind::Multiple && chosen.len() > 1 {
            return Err(QuizError::Invalid(format!(
                "la domanda «{question_id}» ammette una sola risposta"
            )));
        }
        let mut unique = chosen.clone();
        unique.sort();
        unique.dedup();
        if unique.len() != chosen.len() {
            return Err(QuizError::Invalid(format!(
                "opzione ripetuta nella domanda «{question_id}»"
            )));
        }
    }
    Ok(())
}
