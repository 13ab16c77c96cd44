//! The course content as Aula holds it in memory once loaded and checked.

use std::collections::HashMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// The work sectors of municipal staff a lesson can serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    /// Registry and civil status.
    ServiziDemografici,
    /// Social services.
    ServiziSociali,
    /// Immigrant help desk.
    SportelloImmigrati,
    /// Local police.
    PoliziaMunicipale,
    /// Anything else.
    Altro,
}

impl Sector {
    /// Every sector, in display order.
    pub const ALL: [Sector; 5] = [
        Self::ServiziDemografici,
        Self::ServiziSociali,
        Self::SportelloImmigrati,
        Self::PoliziaMunicipale,
        Self::Altro,
    ];

    /// The value used in files, URLs and the API.
    pub fn slug(self) -> &'static str {
        match self {
            Self::ServiziDemografici => "servizi-demografici",
            Self::ServiziSociali => "servizi-sociali",
            Self::SportelloImmigrati => "sportello-immigrati",
            Self::PoliziaMunicipale => "polizia-municipale",
            Self::Altro => "altro",
        }
    }

    /// Parses a slug.
    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.slug() == value)
    }
}

/// All courses, with lookups built once at load time.
#[derive(Debug, Default)]
pub struct Catalog {
    /// Courses in folder order.
    pub courses: Vec<Course>,
    /// Article id → lessons (`course/module/lesson`) that cite it.
    pub cited_by: HashMap<String, Vec<String>>,
    /// The library the courses were loaded against (for text rendered later, such as
    /// quiz feedback), so that no request reads it again.
    pub library: crate::content::library_refs::ArticleSet,
}

/// How a course is completed: every module complete (rule `modules`) and, when
/// `seminar_half_days` is above 0, that many half-days (mornings or afternoons) of
/// the course's classroom seminars attended.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionRule {
    /// Half-days of classroom seminar a learner must attend; 0: none.
    pub seminar_half_days: u32,
}

/// A course: a folder with `course.toml`.
#[derive(Debug, Clone)]
pub struct Course {
    /// Folder name.
    pub id: String,
    /// Title.
    pub title: String,
    /// A paragraph or two for the catalogue.
    pub description: String,
    /// Sectors the course is written for.
    pub sectors: Vec<Sector>,
    /// Completion rule.
    pub completion: CompletionRule,
    /// Acts the course cites that the library is not expected to hold.
    pub external_acts: Vec<String>,
    /// The acts the course declares (`[library] acts`), as URNs.
    pub acts: Vec<crate::content::library::urn::Urn>,
    /// Modules in order.
    pub modules: Vec<Module>,
    /// Glossary, alphabetical.
    pub glossary: Vec<GlossaryTerm>,
    /// Groups of equivalent terms for search.
    pub thesaurus: Vec<Vec<String>>,
    /// The legal terms in other languages (`termini.<lang>.toml`), each beside its
    /// Italian term: the glossary shows them, search expands them to the Italian.
    pub terms: Vec<TranslatedTerm>,
}

/// An Italian legal term and its translation.
#[derive(Debug, Clone, Serialize)]
pub struct TranslatedTerm {
    /// `de`, `en`.
    pub lang: &'static str,
    /// The Italian term.
    pub it: String,
    /// The term in `lang`, as the public administration uses it.
    pub term: String,
    /// Other words a reader may type for it (search only).
    pub also: Vec<String>,
}

impl Course {
    /// The translation in `lang` of the Italian `term` (case does not matter).
    pub fn term_in(&self, term: &str, lang: &str) -> Option<&TranslatedTerm> {
        self.terms
            .iter()
            .find(|t| t.lang == lang && t.it.eq_ignore_ascii_case(term))
    }
}

/// A module: a folder with `module.toml`, lessons and a quiz.
#[derive(Debug, Clone)]
pub struct Module {
    /// Folder name.
    pub id: String,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Learning objectives.
    pub objectives: Vec<String>,
    /// Estimated minutes.
    pub minutes: u32,
    /// Position in the course.
    pub order: u32,
    /// Lessons in order.
    pub lessons: Vec<Lesson>,
    /// The module quiz.
    pub quiz: Option<Quiz>,
    /// Its texts in other languages (`module.<lang>.toml`).
    pub translations: Vec<ModuleText>,
}

/// A module's texts in another language.
#[derive(Debug, Clone)]
pub struct ModuleText {
    /// `de`, `en`.
    pub lang: &'static str,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Learning objectives, as many as the original's.
    pub objectives: Vec<String>,
}

impl Module {
    /// Its texts in `lang`, if translated.
    pub fn translation(&self, lang: &str) -> Option<&ModuleText> {
        self.translations.iter().find(|t| t.lang == lang)
    }

    /// Its title in `lang`, or the original's.
    pub fn title_in(&self, lang: &str) -> &str {
        self.translation(lang).map_or(&self.title, |t| &t.title)
    }

    /// The module with its quiz's texts in `lang` when translated (answers, ids and
    /// settings unchanged), for the quiz pages.
    pub fn with_quiz_in(&self, lang: &str) -> std::borrow::Cow<'_, Module> {
        match self.quiz.as_ref().and_then(|q| q.in_lang(lang)) {
            Some(quiz) => std::borrow::Cow::Owned(Module {
                quiz: Some(quiz),
                ..self.clone()
            }),
            None => std::borrow::Cow::Borrowed(self),
        }
    }
}

/// A lesson: a Markdown file with TOML front matter.
#[derive(Debug, Clone)]
pub struct Lesson {
    /// `course/module/lesson`.
    pub id: String,
    /// File name without `.md`.
    pub slug: String,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// Estimated minutes.
    pub minutes: u32,
    /// Position in the module.
    pub order: u32,
    /// Sectors the lesson serves.
    pub sectors: Vec<Sector>,
    /// Free tags.
    pub tags: Vec<String>,
    /// The Markdown body (after the front matter).
    pub body: String,
    /// Rendered, sanitized HTML of the body.
    pub html: String,
    /// Headings for the table of contents.
    pub toc: Vec<TocEntry>,
    /// Article ids cited, in order of first citation.
    pub citations: Vec<String>,
    /// Articles it cites that the library does not hold, each with its page on
    /// Normattiva, in order of first citation.
    pub cited_elsewhere: Vec<ExternalCitation>,
    /// Source file.
    pub path: PathBuf,
    /// When an author last checked it against the law in force.
    pub reviewed: Option<chrono::NaiveDate>,
    /// The acts it cites that the library holds, in order of first citation, each
    /// with the date of its text in force (computed once at load).
    pub cited_acts: Vec<CitedAct>,
    /// The articles it cites whose change the library recorded, with the day of the
    /// last change (computed once at load).
    pub cited_changes: std::collections::BTreeMap<String, chrono::NaiveDate>,
    /// Its translations (`name.<lang>.md` beside `name.md`).
    pub translations: Vec<LessonText>,
}

/// A lesson in another language: its own title, summary and text; everything else
/// (minutes, sectors, citations) is the original's, whose articles it cites.
#[derive(Debug, Clone)]
pub struct LessonText {
    /// `de`, `en`.
    pub lang: &'static str,
    /// Title.
    pub title: String,
    /// One or two sentences.
    pub summary: String,
    /// The Markdown body.
    pub body: String,
    /// Rendered, sanitized HTML of the body.
    pub html: String,
    /// Headings for the table of contents.
    pub toc: Vec<TocEntry>,
    /// When the translation was last checked against the original and the law.
    pub reviewed: Option<chrono::NaiveDate>,
    /// Source file.
    pub path: PathBuf,
}

impl Lesson {
    /// The lesson in `lang`, if translated.
    pub fn translation(&self, lang: &str) -> Option<&LessonText> {
        self.translations.iter().find(|t| t.lang == lang)
    }

    /// Its title in `lang`, or the original's.
    pub fn title_in(&self, lang: &str) -> &str {
        self.translation(lang).map_or(&self.title, |t| &t.title)
    }
}

/// An act a lesson cites that the library holds.
#[derive(Debug, Clone, Serialize)]
pub struct CitedAct {
    /// `dlgs-286-1998`.
    pub id: String,
    /// Date of the library's text in force, when its source gives one.
    pub in_force_at: Option<chrono::NaiveDate>,
}

/// A cited article outside the library, read on Normattiva.
#[derive(Debug, Clone, Serialize)]
pub struct ExternalCitation {
    /// `dlgs-286-1998/art-4-bis`.
    pub id: String,
    /// Its page on Normattiva, by URN.
    pub url: String,
}

/// One heading of a lesson.
#[derive(Debug, Clone, Serialize)]
pub struct TocEntry {
    /// 2 or 3.
    pub level: u8,
    /// Anchor id.
    pub id: String,
    /// Text.
    pub text: String,
}

/// A module quiz (`quiz.toml`).
#[derive(Debug, Clone)]
pub struct Quiz {
    /// Minimum percentage to pass.
    pub pass_percent: u32,
    /// Attempts allowed; 0 means unlimited.
    pub attempts: u32,
    /// Shuffle questions and options per attempt.
    pub shuffle: bool,
    /// Optional time limit of an attempt.
    pub time_limit_minutes: Option<u32>,
    /// Questions in file order.
    pub questions: Vec<Question>,
    /// Its texts in other languages (`quiz.<lang>.toml`).
    pub translations: Vec<QuizText>,
}

/// A quiz's texts in another language, by question id.
#[derive(Debug, Clone)]
pub struct QuizText {
    /// `de`, `en`.
    pub lang: &'static str,
    /// Question id → its texts.
    pub questions: HashMap<String, QuestionText>,
}

/// A question's texts in another language.
#[derive(Debug, Clone)]
pub struct QuestionText {
    /// The question.
    pub text: String,
    /// The feedback.
    pub feedback: String,
    /// Option id → its text.
    pub options: HashMap<String, String>,
}

impl Quiz {
    /// The quiz with its texts in `lang` where translated (ids, answers and settings
    /// are the original's); None when it has no translation in `lang`.
    pub fn in_lang(&self, lang: &str) -> Option<Quiz> {
        let text = self.translations.iter().find(|t| t.lang == lang)?;
        let mut quiz = self.clone();
        quiz.translations.clear();
        for question in &mut quiz.questions {
            let Some(t) = text.questions.get(&question.id) else {
                continue;
            };
            question.text.clone_from(&t.text);
            question.feedback.clone_from(&t.feedback);
            for option in &mut question.options {
                if let Some(o) = t.options.get(&option.id) {
                    option.text.clone_from(o);
                }
            }
        }
        Some(quiz)
    }
}

/// Kinds of quiz question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// Exactly one correct option.
    Single,
    /// One or more correct options.
    Multiple,
    /// True or false.
    TrueFalse,
}

/// A quiz question.
#[derive(Debug, Clone)]
pub struct Question {
    /// Unique within the quiz.
    pub id: String,
    /// Kind.
    pub kind: QuestionKind,
    /// The question.
    pub text: String,
    /// Shown after submission; explains and cites.
    pub feedback: String,
    /// Weight in the score.
    pub points: u32,
    /// Options (for true/false: `vero` and `falso`).
    pub options: Vec<QuizOption>,
}

/// An answer option.
#[derive(Debug, Clone)]
pub struct QuizOption {
    /// Unique within the question.
    pub id: String,
    /// Text.
    pub text: String,
    /// Whether choosing it is right.
    pub correct: bool,
}

/// A glossary entry.
#[derive(Debug, Clone, Serialize)]
pub struct GlossaryTerm {
    /// The term.
    pub term: String,
    /// Anchor id on the glossary page.
    pub anchor: String,
    /// Short definition (plain text with citations).
    pub definition: String,
    /// Rendered definition with citation links.
    pub html: String,
    /// Related terms.
    pub see: Vec<String>,
}

impl Catalog {
    /// The acts every course declares, each once, in the order first declared.
    pub fn declared_acts(&self) -> Vec<crate::content::library::urn::Urn> {
        let mut acts: Vec<crate::content::library::urn::Urn> = Vec::new();
        for urn in self.courses.iter().flat_map(|c| &c.acts) {
            if !acts.iter().any(|a| a.act_id() == urn.act_id()) {
                acts.push(urn.clone());
            }
        }
        acts
    }

    /// A course by id.
    pub fn course(&self, id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == id)
    }

    /// A lesson with its module and course.
    pub fn lesson(
        &self,
        course: &str,
        module: &str,
        lesson: &str,
    ) -> Option<(&Course, &Module, &Lesson)> {
        let course = self.course(course)?;
        let module = course.module(module)?;
        let lesson = module.lessons.iter().find(|l| l.slug == lesson)?;
        Some((course, module, lesson))
    }

    /// Every lesson of every course.
    pub fn lessons(&self) -> impl Iterator<Item = (&Course, &Module, &Lesson)> {
        self.courses.iter().flat_map(|c| {
            c.modules
                .iter()
                .flat_map(move |m| m.lessons.iter().map(move |l| (c, m, l)))
        })
    }
}

impl Course {
    /// A module by id.
    pub fn module(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// Estimated minutes of the whole course.
    pub fn minutes(&self) -> u32 {
        self.modules.iter().map(|m| m.minutes).sum()
    }

    /// Number of lessons.
    pub fn lesson_count(&self) -> usize {
        self.modules.iter().map(|m| m.lessons.len()).sum()
    }
}
