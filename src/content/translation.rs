//! Translations of a module's content, beside the Italian originals: a lesson
//! `name.<lang>.md` (its own title, summary and text; it must cite the same articles,
//! in their Italian form, since the law is published in Italian), `module.<lang>.toml`
//! (title, summary, objectives) and `quiz.<lang>.toml` (the texts of the questions and
//! options, by id; answers and settings stay the original's). `courses check` reports a
//! translation older than its original (by the `reviewed` dates), a lesson translated
//! that does not exist, a language Aula does not speak, and citations that differ.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::diagnostics::{Diagnostics, line_of};
use super::lesson::{resolve_link, split_front_matter};
use super::load::CourseContext;
use super::markdown::{self, RenderContext};
use super::model::{
    Lesson, LessonText, Module, ModuleText, QuestionText, QuizText, TranslatedTerm,
};
use crate::render::i18n::{self, DEFAULT_LANG};

/// The language code of a translation's file name (`name.de.md`, `module.en.toml`):
/// the last dot-separated part of the stem; None for an original (`name.md`).
pub fn language_of(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    let (_, lang) = stem.rsplit_once('.')?;
    Some(lang.to_string())
}

/// The name a translation translates: `name` of `name.de.md`.
fn base_of(path: &Path) -> Option<String> {
    let stem = path.file_stem()?.to_str()?;
    Some(stem.rsplit_once('.')?.0.to_string())
}

/// Loads the translations found in the module folder `dir` into `module`.
pub fn attach(dir: &Path, module: &mut Module, ctx: &CourseContext<'_>, diags: &mut Diagnostics) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    for path in files {
        let Some(code) = language_of(&path) else {
            continue;
        };
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        let Some(lang) = translation_language(&path, &code, diags) else {
            continue;
        };
        let base = base_of(&path).unwrap_or_default();
        match path.extension().and_then(|e| e.to_str()) {
            Some("md") => {
                let Some(lesson) = module.lessons.iter_mut().find(|l| l.slug == base) else {
                    diags.error(
                        &path,
                        1,
                        format!("traduzione di una lezione che non esiste: {base}.md"),
                    );
                    continue;
                };
                if let Some(text) = load_lesson_text(&path, lang, lesson, ctx, diags) {
                    lesson.translations.push(text);
                }
            }
            Some("toml") if base == "module" => {
                if let Some(text) = load_module_text(&path, lang, module, diags) {
                    module.translations.push(text);
                }
            }
            Some("toml") if base == "quiz" => match &mut module.quiz {
                Some(quiz) => {
                    if let Some(text) = load_quiz_text(&path, lang, quiz, diags) {
                        quiz.translations.push(text);
                    }
                }
                None => diags.error(&path, 1, "traduzione di una verifica che non esiste"),
            },
            _ => {}
        }
    }
}

/// The supported language of a translation's file name, reporting any other.
fn translation_language(path: &Path, code: &str, diags: &mut Diagnostics) -> Option<&'static str> {
    let known: Vec<&str> = i18n::LANGS
        .iter()
        .map(|(c, _)| *c)
        .filter(|c| *c != DEFAULT_LANG)
        .collect();
    match known.iter().find(|c| **c == code) {
        Some(lang) => Some(lang),
        None => {
            diags.error(
                path,
                1,
                format!(
                    "lingua «{code}» non prevista per le traduzioni: il nome del file finisce \
                     con .{}.md o .{}.md (l'originale è in italiano)",
                    known.first().unwrap_or(&"de"),
                    known.get(1).unwrap_or(&"en")
                ),
            );
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LessonFront {
    title: String,
    #[serde(default)]
    summary: String,
    reviewed: Option<Spanned<toml::value::Datetime>>,
}

fn load_lesson_text(
    path: &Path,
    lang: &'static str,
    original: &Lesson,
    ctx: &CourseContext<'_>,
    diags: &mut Diagnostics,
) -> Option<LessonText> {
    let Ok(text) = std::fs::read_to_string(path) else {
        diags.error(path, 1, "file illeggibile (deve essere testo UTF-8)");
        return None;
    };
    let Some((toml_text, toml_offset, body, body_offset)) = split_front_matter(&text) else {
        diags.error(path, 1, "intestazione mancante: la traduzione deve iniziare con una riga +++, i campi title, summary e reviewed e un'altra riga +++");
        return None;
    };
    let front: LessonFront = match toml::from_str(toml_text) {
        Ok(front) => front,
        Err(err) => {
            let line = err
                .span()
                .map_or(1, |s| line_of(&text, toml_offset + s.start));
            diags.error(
                path,
                line,
                format!(
                    "intestazione TOML non valida (una traduzione ha solo title, summary e \
                     reviewed): {}",
                    err.message().trim()
                ),
            );
            return None;
        }
    };
    if front.title.trim().is_empty() {
        diags.error(path, 2, "il titolo è vuoto");
    }
    let reviewed = review_date(path, &text, toml_offset, front.reviewed.as_ref(), diags);
    if let (Some(translated), Some(checked)) = (reviewed, original.reviewed)
        && translated < checked
    {
        diags.warning(
            path,
            1,
            format!(
                "traduzione più vecchia dell'originale: reviewed = {translated}, l'originale \
                 {}.md è stato rivisto il {checked}; confrontarla con l'originale e \
                 aggiornarla",
                original.slug
            ),
        );
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    let resolve = |href: &str| resolve_link(dir, href, ctx);
    let rendered = markdown::render(
        body,
        &RenderContext {
            library: ctx.library,
            declared: ctx.declared,
            resolve_lesson: &resolve,
            lang,
        },
    );
    for (offset, href) in &rendered.broken_links {
        diags.error(
            path,
            line_of(&text, body_offset + offset),
            format!("collegamento a una lezione che non esiste: {href}"),
        );
    }
    ctx.check_citations(&rendered.cited, path, &text, body_offset, diags);
    compare_citations(path, original, &rendered.cited, ctx, diags);
    Some(LessonText {
        lang,
        title: front.title,
        summary: front.summary,
        body: body.to_string(),
        html: rendered.html,
        toc: rendered.toc,
        reviewed,
        path: path.to_path_buf(),
    })
}

/// The `reviewed` date of a front matter; a missing or malformed one is an error.
fn review_date(
    path: &Path,
    text: &str,
    toml_offset: usize,
    value: Option<&Spanned<toml::value::Datetime>>,
    diags: &mut Diagnostics,
) -> Option<chrono::NaiveDate> {
    let Some(value) = value else {
        diags.error(
            path,
            1,
            "manca la data di revisione: aggiungere reviewed = AAAA-MM-GG, il giorno in cui \
             la traduzione è stata confrontata con l'originale",
        );
        return None;
    };
    let date = value.get_ref();
    let parsed = match (date.date, date.time) {
        (Some(d), None) => {
            chrono::NaiveDate::from_ymd_opt(i32::from(d.year), d.month.into(), d.day.into())
        }
        _ => None,
    };
    if parsed.is_none() {
        diags.error(
            path,
            line_of(text, toml_offset + value.span().start),
            format!("reviewed deve essere una data senza ora, come 2026-11-30 (trovato «{date}»)"),
        );
    }
    parsed
}

/// Warns when a translation cites other articles than its original: it must teach
/// the same law. Citations count as the original's do (articles of the library, or
/// of an act the course declares).
fn compare_citations(
    path: &Path,
    original: &Lesson,
    cited: &[markdown::CitedArticle],
    ctx: &CourseContext<'_>,
    diags: &mut Diagnostics,
) {
    let wanted: BTreeSet<&str> = original
        .citations
        .iter()
        .map(String::as_str)
        .chain(original.cited_elsewhere.iter().map(|c| c.id.as_str()))
        .collect();
    let found: BTreeSet<&str> = cited
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| {
            ctx.library.has_article(id)
                || crate::content::library::urn::article_link(id, ctx.declared).is_some()
        })
        .collect();
    let missing: Vec<&str> = wanted.difference(&found).copied().collect();
    let extra: Vec<&str> = found.difference(&wanted).copied().collect();
    if !missing.is_empty() {
        diags.warning(
            path,
            1,
            format!(
                "la traduzione non cita articoli che l'originale {}.md cita: {} (le citazioni \
                 restano nella forma italiana, per esempio «art. 5, comma 2, del D.Lgs. \
                 286/1998»)",
                original.slug,
                missing.join(", ")
            ),
        );
    }
    if !extra.is_empty() {
        diags.warning(
            path,
            1,
            format!(
                "la traduzione cita articoli che l'originale {}.md non cita: {}",
                original.slug,
                extra.join(", ")
            ),
        );
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleFile {
    title: String,
    summary: String,
    #[serde(default)]
    objectives: Vec<String>,
}

fn load_module_text(
    path: &Path,
    lang: &'static str,
    module: &Module,
    diags: &mut Diagnostics,
) -> Option<ModuleText> {
    let (file, _) = read_toml::<ModuleFile>(path, diags)?;
    if file.objectives.len() != module.objectives.len() {
        diags.warning(
            path,
            1,
            format!(
                "{} obiettivi tradotti, l'originale ne ha {}",
                file.objectives.len(),
                module.objectives.len()
            ),
        );
    }
    Some(ModuleText {
        lang,
        title: file.title,
        summary: file.summary,
        objectives: file.objectives,
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuizFile {
    #[serde(default)]
    questions: Vec<QuestionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionFile {
    id: Spanned<String>,
    text: String,
    #[serde(default)]
    feedback: String,
    #[serde(default)]
    options: Vec<OptionFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OptionFile {
    id: String,
    text: String,
}

fn load_quiz_text(
    path: &Path,
    lang: &'static str,
    quiz: &super::model::Quiz,
    diags: &mut Diagnostics,
) -> Option<QuizText> {
    let (file, text) = read_toml::<QuizFile>(path, diags)?;
    let errors_before = diags.error_count();
    let mut questions = HashMap::new();
    for q in file.questions {
        let line = line_of(&text, q.id.span().start);
        let id = q.id.into_inner();
        let Some(original) = quiz.questions.iter().find(|o| o.id == id) else {
            diags.error(
                path,
                line,
                format!("la domanda «{id}» non esiste nella verifica originale"),
            );
            continue;
        };
        let mut options = HashMap::new();
        for option in q.options {
            if original.options.iter().all(|o| o.id != option.id) {
                diags.error(
                    path,
                    line,
                    format!(
                        "la domanda «{id}» non ha l'opzione «{}» nella verifica originale",
                        option.id
                    ),
                );
            }
            options.insert(option.id, option.text);
        }
        if original.kind == super::model::QuestionKind::TrueFalse {
            for (id, label) in true_false_labels(lang) {
                options
                    .entry(id.to_string())
                    .or_insert_with(|| label.to_string());
            }
        }
        for o in &original.options {
            if !options.contains_key(&o.id) {
                diags.warning(
                    path,
                    line,
                    format!(
                        "l'opzione «{}» della domanda «{id}» non è tradotta: sarà mostrata in \
                         italiano",
                        o.id
                    ),
                );
            }
        }
        questions.insert(
            id,
            QuestionText {
                text: q.text,
                feedback: q.feedback,
                options,
            },
        );
    }
    for original in &quiz.questions {
        if !questions.contains_key(&original.id) {
            diags.warning(
                path,
                1,
                format!(
                    "la domanda «{}» non è tradotta: sarà mostrata in italiano",
                    original.id
                ),
            );
        }
    }
    (diags.error_count() == errors_before).then_some(QuizText { lang, questions })
}

/// The labels of a true/false question's options (`vero`, `falso`) in `lang`.
fn true_false_labels(lang: &str) -> [(&'static str, &'static str); 2] {
    match lang {
        "de" => [("vero", "Richtig"), ("falso", "Falsch")],
        "en" => [("vero", "True"), ("falso", "False")],
        _ => [("vero", "Vero"), ("falso", "Falso")],
    }
}

/// Reads a TOML file, reporting where it is not valid.
fn read_toml<T: for<'de> Deserialize<'de>>(
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(T, String)> {
    let Ok(text) = std::fs::read_to_string(path) else {
        diags.error(path, 1, "file illeggibile (deve essere testo UTF-8)");
        return None;
    };
    match toml::from_str::<T>(&text) {
        Ok(value) => Some((value, text)),
        Err(err) => {
            let line = err.span().map_or(1, |s| line_of(&text, s.start));
            diags.error(
                path,
                line,
                format!("TOML non valido: {}", err.message().trim()),
            );
            None
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermsFile {
    #[serde(default)]
    terms: Vec<TermEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermEntry {
    it: String,
    #[serde(rename = "de", alias = "en")]
    term: String,
    #[serde(default)]
    also: Vec<String>,
    #[serde(default)]
    #[expect(dead_code, reason = "for the translators: where the term comes from")]
    note: Option<String>,
}

/// The course's term lists, `termini.<lang>.toml` in its folder: each Italian legal
/// term beside the term in `lang`.
pub fn load_terms(course_dir: &Path, diags: &mut Diagnostics) -> Vec<TranslatedTerm> {
    let mut out = Vec::new();
    for (lang, _) in i18n::LANGS.iter().filter(|(c, _)| *c != DEFAULT_LANG) {
        let path = course_dir.join(format!("termini.{lang}.toml"));
        if !path.exists() {
            continue;
        }
        let Some((file, _)) = read_toml::<TermsFile>(&path, diags) else {
            continue;
        };
        out.extend(file.terms.into_iter().map(|t| TranslatedTerm {
            lang,
            it: t.it,
            term: t.term,
            also: t.also,
        }));
    }
    out
}
