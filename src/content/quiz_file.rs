//! `quiz.toml`: the module quiz, checked for what would make it unfair or unusable
//! (a question without a right answer, duplicate ids, an impossible threshold).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::diagnostics::{Diagnostics, line_of};
use super::load::CourseContext;
use super::markdown;
use super::model::{Question, QuestionKind, Quiz, QuizOption};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    pass_percent: Spanned<u32>,
    #[serde(default)]
    attempts: u32,
    #[serde(default = "yes")]
    shuffle: bool,
    time_limit_minutes: Option<u32>,
    #[serde(default)]
    questions: Vec<QuestionFile>,
}

fn yes() -> bool {
    true
}

fn one() -> u32 {
    1
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: Spanned<String>,
    kind: Spanned<String>,
    text: String,
    feedback: Spanned<String>,
    #[serde(default = "one")]
    points: u32,
    #[serde(default)]
    options: Vec<OptionFile>,
    answer: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionFile {
    id: Spanned<String>,
    text: String,
    #[serde(default)]
    correct: bool,
}

/// Loads a module's quiz; None (with diagnostics) if it is missing or unusable.
pub fn load_quiz(path: &Path, ctx: &CourseContext<'_>, diags: &mut Diagnostics) -> Option<Quiz> {
    let (text, file) = read(path, diags)?;
    let errors_before = diags.error_count();
    let pass = *file.pass_percent.get_ref();
    if !(1..=100).contains(&pass) {
        diags.error(
            path,
            line_of(&text, file.pass_percent.span().start),
            "pass_percent deve essere tra 1 e 100",
        );
    }
    if file.questions.is_empty() {
        diags.error(path, 1, "la verifica non ha domande");
    }
    let mut ids = HashSet::new();
    let mut questions = Vec::new();
    for q in file.questions {
        let line = line_of(&text, q.id.span().start);
        let id = q.id.get_ref().clone();
        if !ids.insert(id.clone()) {
            diags.error(path, line, format!("id di domanda duplicato «{id}»"));
        }
        let kind = match q.kind.get_ref().as_str() {
            "single" => QuestionKind::Single,
            "multiple" => QuestionKind::Multiple,
            "true_false" => QuestionKind::TrueFalse,
            other => {
                diags.error(path, line_of(&text, q.kind.span().start), format!("tipo di domanda sconosciuto «{other}» (ammessi: single, multiple, true_false)"));
                continue;
            }
        };
        let options = match kind {
            QuestionKind::TrueFalse => {
                let Some(options) = true_false_options(&q, &id, path, line, diags) else {
                    continue;
                };
                options
            }
            QuestionKind::Single | QuestionKind::Multiple => {
                check_choices(&q, kind, &id, path, &text, line, diags);
                q.options
                    .into_iter()
                    .map(|o| QuizOption {
                        id: o.id.into_inner(),
                        text: o.text,
                        correct: o.correct,
                    })
                    .collect()
            }
        };
        let (_, cited) = markdown::render_inline(q.feedback.get_ref(), ctx.library, ctx.declared);
        ctx.check_citations(&cited, path, &text, q.feedback.span().start, diags);
        questions.push(Question {
            id,
            kind,
            text: q.text,
            feedback: q.feedback.into_inner(),
            points: q.points.max(1),
            options,
        });
    }
    if diags.error_count() > errors_before {
        return None;
    }
    Some(Quiz {
        pass_percent: pass,
        attempts: file.attempts,
        shuffle: file.shuffle,
        time_limit_minutes: file.time_limit_minutes,
        questions,
        translations: Vec::new(),
    })
}

/// The file's text and its content; None (with a diagnostic) when it is missing or
/// not valid TOML.
fn read(path: &Path, diags: &mut Diagnostics) -> Option<(String, QuizFile)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(_) => {
            diags.error(
                path,
                1,
                "verifica mancante: ogni modulo deve avere quiz.toml",
            );
            return None;
        }
    };
    let file: QuizFile = match toml::from_str(&text) {
        Ok(file) => file,
        Err(err) => {
            let line = err.span().map_or(1, |s| line_of(&text, s.start));
            diags.error(
                path,
                line,
                format!("TOML non valido: {}", err.message().trim()),
            );
            return None;
        }
    };
    Some((text, file))
}

/// The two options of a true/false question, from its `answer`; None (with a
/// diagnostic) when it has none.
fn true_false_options(
    q: &QuestionFile,
    id: &str,
    path: &Path,
    line: usize,
    diags: &mut Diagnostics,
) -> Option<Vec<QuizOption>> {
    if !q.options.is_empty() {
        diags.error(
            path,
            line,
            format!("la domanda vero/falso «{id}» non ha opzioni: si indica answer = true o false"),
        );
    }
    let Some(answer) = q.answer else {
        diags.error(
            path,
            line,
            format!(
                "la domanda vero/falso «{id}» non ha una risposta esatta (answer = true o false)"
            ),
        );
        return None;
    };
    Some(vec![
        QuizOption {
            id: "vero".into(),
            text: "Vero".into(),
            correct: answer,
        },
        QuizOption {
            id: "falso".into(),
            text: "Falso".into(),
            correct: !answer,
        },
    ])
}

/// Checks the options of a single or multiple choice question: distinct ids, at least
/// two, at least one right (exactly one for `single`), and no `answer`.
fn check_choices(
    q: &QuestionFile,
    kind: QuestionKind,
    id: &str,
    path: &Path,
    text: &str,
    line: usize,
    diags: &mut Diagnostics,
) {
    if q.answer.is_some() {
        diags.error(
            path,
            line,
            format!("answer vale solo per le domande vero/falso («{id}»)"),
        );
    }
    let mut option_ids = HashSet::new();
    for option in &q.options {
        if !option_ids.insert(option.id.get_ref().clone()) {
            diags.error(
                path,
                line_of(text, option.id.span().start),
                format!(
                    "id di opzione duplicato «{}» nella domanda «{id}»",
                    option.id.get_ref()
                ),
            );
        }
    }
    let correct = q.options.iter().filter(|o| o.correct).count();
    if q.options.len() < 2 {
        diags.error(
            path,
            line,
            format!("la domanda «{id}» deve avere almeno due opzioni"),
        );
    }
    if correct == 0 {
        diags.error(
            path,
            line,
            format!("la domanda «{id}» non ha nessuna opzione esatta"),
        );
    } else if kind == QuestionKind::Single && correct > 1 {
        diags.error(
            path,
            line,
            format!("la domanda «{id}» è di tipo single ma ha {correct} opzioni esatte"),
        );
    }
}
