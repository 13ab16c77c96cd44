//! Reads a courses folder into a [`Catalog`], reporting every problem with its file
//! and line. Loading never stops at the first problem: authors get the whole list, and
//! the server leaves out only the broken items.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::diagnostics::{Diagnostic, Diagnostics, line_of};
use super::library_refs::ArticleSet;
use super::markdown;
use super::model::*;

/// Loads every course under `dir`, checking citations against `library`.
pub fn load(dir: &Path, library: &ArticleSet) -> (Catalog, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    let mut catalog = Catalog::default();
    let Ok(entries) = sorted_dirs(dir) else {
        diags.error(dir, 1, "cartella dei corsi non trovata o illeggibile");
        return (catalog, diags.into_sorted());
    };
    for course_dir in entries.into_iter().filter(|d| !is_notice(d)) {
        if let Some(course) = load_course(&course_dir, library, &mut diags) {
            catalog.courses.push(course);
        }
    }
    let mut cited_by: HashMap<String, Vec<String>> = HashMap::new();
    for (_, _, lesson) in catalog.lessons() {
        for article in &lesson.citations {
            cited_by
                .entry(article.clone())
                .or_default()
                .push(lesson.id.clone());
        }
    }
    catalog.cited_by = cited_by;
    catalog.library = library.clone();
    (catalog, diags.into_sorted())
}

/// Sub-folders of `dir`, sorted, skipping hidden ones.
fn sorted_dirs(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir() && !is_hidden(p))
        .collect();
    dirs.sort();
    Ok(dirs)
}

/// The privacy notice's folder (`privacy::notice::FOLDER`) sits beside the courses
/// and is not one.
fn is_notice(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n == crate::privacy::notice::FOLDER)
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with('.'))
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
        .to_string()
}

/// Whether `id` uses only lower-case ASCII letters, digits and single hyphens.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && !id.contains("--")
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Parses a TOML file into `T`, reporting syntax and shape errors at their line.
fn read_toml<T: for<'de> Deserialize<'de>>(
    path: &Path,
    diags: &mut Diagnostics,
) -> Option<(T, String)> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(_) => {
            diags.error(path, 1, "file mancante o illeggibile");
            return None;
        }
    };
    match toml::from_str::<T>(&text) {
        Ok(value) => Some((value, text)),
        Err(err) => {
            let line = err.span().map_or(1, |s| line_of(&text, s.start));
            diags.error(path, line, toml_message(&err));
            None
        }
    }
}

fn toml_message(err: &toml::de::Error) -> String {
    format!("TOML non valido: {}", err.message().trim())
}

fn parse_sectors(
    list: &[Spanned<String>],
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<Sector> {
    let mut sectors = Vec::new();
    for value in list {
        match Sector::parse(value.get_ref()) {
            Some(sector) => sectors.push(sector),
            None => diags.error(
                path,
                line_of(text, value.span().start),
                format!(
                    "settore sconosciuto «{}» (ammessi: servizi-demografici, servizi-sociali, sportello-immigrati, polizia-municipale, altro)",
                    value.get_ref()
                ),
            ),
        }
    }
    sectors
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CourseFile {
    id: Spanned<String>,
    title: String,
    description: String,
    #[serde(default)]
    sectors: Vec<Spanned<String>>,
    completion: CompletionFile,
    #[serde(default)]
    library: LibraryFile,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CompletionFile {
    rule: Spanned<String>,
    #[serde(default)]
    seminar_half_days: Option<Spanned<i64>>,
}

/// Most half-days of seminar a course may require.
pub const MAX_SEMINAR_HALF_DAYS: i64 = 40;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct LibraryFile {
    #[serde(default)]
    external: Vec<String>,
    /// URNs of the acts the course relies on (`aula library fetch --courses`).
    #[serde(default)]
    acts: Vec<Spanned<String>>,
}

fn completion_rule(
    file: &CompletionFile,
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> CompletionRule {
    let rule = file.rule.get_ref().as_str();
    if rule != "modules" {
        diags.error(
            path,
            line_of(text, file.rule.span().start),
            format!("regola di completamento sconosciuta «{rule}» (ammessa: modules)"),
        );
    }
    let mut completion = CompletionRule::default();
    if let Some(half_days) = &file.seminar_half_days {
        let value = *half_days.get_ref();
        if (0..=MAX_SEMINAR_HALF_DAYS).contains(&value) {
            completion.seminar_half_days = value as u32;
        } else {
            diags.error(
                path,
                line_of(text, half_days.span().start),
                format!(
                    "seminar_half_days deve essere tra 0 e {MAX_SEMINAR_HALF_DAYS} \
                     (le mezze giornate di seminario in aula richieste), non {value}"
                ),
            );
        }
    }
    completion
}

fn load_course(dir: &Path, library: &ArticleSet, diags: &mut Diagnostics) -> Option<Course> {
    let folder = file_stem(dir);
    let path = dir.join("course.toml");
    if !valid_id(&folder) {
        diags.error(&path, 1, format!("nome di cartella «{folder}» non valido: usare minuscole senza accenti, cifre e trattini"));
    }
    let (file, text) = read_toml::<CourseFile>(&path, diags)?;
    if file.id.get_ref() != &folder {
        diags.error(
            &path,
            line_of(&text, file.id.span().start),
            format!(
                "l'id «{}» deve coincidere con il nome della cartella «{folder}»",
                file.id.get_ref()
            ),
        );
    }
    let completion = completion_rule(&file.completion, &path, &text, diags);
    let sectors = parse_sectors(&file.sectors, &path, &text, diags);

    let module_dirs = sorted_dirs(dir).unwrap_or_default();
    if module_dirs.is_empty() {
        diags.error(&path, 1, "il corso non ha moduli");
    }
    // Every lesson file of the course, for checking links between lessons.
    let lesson_files: HashMap<PathBuf, String> = module_dirs
        .iter()
        .flat_map(|m| lesson_paths(m).into_iter().map(move |l| (m.clone(), l)))
        .map(|(m, l)| {
            let url = format!("/courses/{folder}/{}/{}", file_stem(&m), file_stem(&l));
            (normalize(&l), url)
        })
        .collect();
    let external: HashSet<String> = file.library.external.iter().cloned().collect();
    let acts = super::declared::declared_acts(&file.library.acts, &path, &text, diags);
    let ctx = CourseContext {
        course_id: &folder,
        library,
        declared: &acts,
        external: &external,
        lesson_files: &lesson_files,
    };

    let mut modules: Vec<Module> = module_dirs
        .iter()
        .filter_map(|m| load_module(m, &ctx, diags))
        .collect();
    modules.sort_by_key(|m| (m.order, m.id.clone()));
    let glossary = super::glossary::load_glossary(&dir.join("glossario.toml"), &ctx, diags);
    let thesaurus = super::glossary::load_thesaurus(&dir.join("thesaurus.toml"), diags);
    let terms = super::translation::load_terms(dir, diags);

    Some(Course {
        id: folder,
        title: file.title,
        description: file.description,
        sectors,
        completion,
        external_acts: file.library.external,
        acts,
        modules,
        glossary,
        thesaurus,
        terms,
    })
}

/// What loading a module needs to know about its course.
pub struct CourseContext<'a> {
    /// The course id.
    pub course_id: &'a str,
    /// Articles of the library.
    pub library: &'a ArticleSet,
    /// The acts the course declares (`[library] acts`).
    pub declared: &'a [crate::content::library::urn::Urn],
    /// Acts declared as not in the library.
    pub external: &'a HashSet<String>,
    /// Every lesson file of the course (normalized path → page URL).
    pub lesson_files: &'a HashMap<PathBuf, String>,
}

impl CourseContext<'_> {
    /// Reports the citations of one text: unknown articles are errors; acts missing
    /// from the library are warnings, or notes if the course declares them external;
    /// acts the course does not declare in `[library] acts` are warnings (once per
    /// file).
    pub fn check_citations(
        &self,
        cited: &[markdown::CitedArticle],
        path: &Path,
        text: &str,
        offset_base: usize,
        diags: &mut Diagnostics,
    ) {
        for c in cited {
            let line = line_of(text, offset_base + c.offset);
            if self.library.has_act(&c.act) {
                if !self.library.has_article(&c.id) {
                    diags.error(path, line, format!("la citazione «{}» rinvia a un articolo che non esiste nella biblioteca ({})", c.text, c.id));
                }
            } else if self.external.contains(&c.act) {
                diags.note(path, line, format!("atto non presente nella biblioteca (dichiarato esterno): {} (citazione «{}»)", c.act, c.text));
            } else {
                diags.warning(path, line, format!("atto non presente nella biblioteca: {} (citazione «{}»); importarlo o dichiararlo in [library] external di course.toml", c.act, c.text));
            }
        }
        super::declared::check_undeclared(cited, self.declared, path, text, offset_base, diags);
    }
}

fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn lesson_paths(module_dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(module_dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "md") && !is_hidden(p))
                .filter(|p| super::translation::language_of(p).is_none())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ModuleFile {
    title: String,
    summary: String,
    #[serde(default)]
    objectives: Vec<String>,
    minutes: u32,
    order: u32,
}

fn load_module(dir: &Path, ctx: &CourseContext<'_>, diags: &mut Diagnostics) -> Option<Module> {
    let id = file_stem(dir);
    let path = dir.join("module.toml");
    if !valid_id(&id) {
        diags.error(&path, 1, format!("nome di cartella «{id}» non valido: usare minuscole senza accenti, cifre e trattini"));
    }
    let (file, _) = read_toml::<ModuleFile>(&path, diags)?;
    let mut lessons: Vec<Lesson> = lesson_paths(dir)
        .iter()
        .filter_map(|p| super::lesson::load_lesson(p, &id, ctx, diags))
        .collect();
    if lessons.is_empty() {
        diags.error(&path, 1, "il modulo non ha lezioni");
    }
    lessons.sort_by_key(|l| (l.order, l.slug.clone()));
    let mut seen_orders = HashSet::new();
    for lesson in &lessons {
        if !seen_orders.insert(lesson.order) {
            diags.warning(
                &lesson.path,
                1,
                format!(
                    "order = {} è già usato da un'altra lezione del modulo",
                    lesson.order
                ),
            );
        }
    }
    let quiz = super::quiz_file::load_quiz(&dir.join("quiz.toml"), ctx, diags);
    let mut module = Module {
        id,
        title: file.title,
        summary: file.summary,
        objectives: file.objectives,
        minutes: file.minutes,
        order: file.order,
        lessons,
        quiz,
        translations: Vec::new(),
    };
    super::translation::attach(dir, &mut module, ctx, diags);
    Some(module)
}
