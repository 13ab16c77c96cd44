//! One lesson file: TOML front matter between `+++` lines, then Markdown.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::diagnostics::{Diagnostics, line_of};
use super::load::{CourseContext, valid_id};
use super::markdown::{self, RenderContext};
use super::model::{CitedAct, ExternalCitation, Lesson, Sector};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    #[serde(default)]
    summary: String,
    minutes: u32,
    order: u32,
    #[serde(default)]
    sectors: Vec<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    /// When an author last checked the lesson against the law (`reviewed = 2026-11-30`).
    #[serde(default)]
    reviewed: Option<Spanned<toml::value::Datetime>>,
}

/// Splits `+++\n<toml>\n+++\n<body>`: returns (toml, byte offset of the toml, body,
/// byte offset of the body), or None when the front matter is missing or unclosed.
pub fn split_front_matter(text: &str) -> Option<(&str, usize, &str, usize)> {
    let rest = text.strip_prefix("+++")?;
    let rest = rest
        .strip_prefix("\r\n")
        .or_else(|| rest.strip_prefix('\n'))?;
    let toml_start = text.len() - rest.len();
    let mut offset = toml_start;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let toml = &text[toml_start..offset];
            let body_start = offset + line.len();
            return Some((toml, toml_start, &text[body_start..], body_start));
        }
        offset += line.len();
    }
    None
}

/// Loads and renders one lesson; None (with diagnostics) if it cannot be used.
pub fn load_lesson(
    path: &Path,
    module_id: &str,
    ctx: &CourseContext<'_>,
    diags: &mut Diagnostics,
) -> Option<Lesson> {
    let slug = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string();
    if !valid_id(&slug) {
        diags.error(path, 1, format!("nome di file «{slug}.md» non valido: usare minuscole senza accenti, cifre e trattini"));
    }
    let Ok(text) = std::fs::read_to_string(path) else {
        diags.error(path, 1, "file illeggibile (deve essere testo UTF-8)");
        return None;
    };
    let (front, toml_offset, body, body_offset) = read_front_matter(path, &text, diags)?;
    let mut sectors = Vec::new();
    for value in &front.sectors {
        match Sector::parse(value.get_ref()) {
            Some(s) => sectors.push(s),
            None => diags.error(
                path,
                line_of(&text, toml_offset + value.span().start),
                format!("settore sconosciuto «{}»", value.get_ref()),
            ),
        }
    }
    if front.title.trim().is_empty() {
        diags.error(path, 2, "il titolo è vuoto");
    }
    let reviewed = front.reviewed.as_ref().and_then(|value| {
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
                line_of(&text, toml_offset + value.span().start),
                format!(
                    "reviewed deve essere una data senza ora, come 2026-11-30 (trovato «{date}»)"
                ),
            );
        }
        parsed
    });
    if front.reviewed.is_none() {
        diags.error(
            path,
            1,
            "manca la data di revisione: aggiungere all'intestazione reviewed = AAAA-MM-GG, \
             il giorno in cui la lezione è stata confrontata con il testo vigente delle norme \
             che cita",
        );
    }

    let lesson_dir = path.parent().unwrap_or(Path::new("."));
    let resolve = |href: &str| resolve_link(lesson_dir, href, ctx);
    let rendered = markdown::render(
        body,
        &RenderContext {
            library: ctx.library,
            declared: ctx.declared,
            resolve_lesson: &resolve,
            lang: "it",
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
    super::declared::check_reviews(
        &rendered.cited,
        reviewed,
        ctx.library,
        path,
        &text,
        body_offset,
        diags,
    );

    let mut citations: Vec<String> = Vec::new();
    let mut elsewhere: Vec<ExternalCitation> = Vec::new();
    let mut cited_acts: Vec<CitedAct> = Vec::new();
    let mut cited_changes = BTreeMap::new();
    for c in &rendered.cited {
        if ctx.library.has_article(&c.id) {
            if !citations.contains(&c.id) {
                citations.push(c.id.clone());
            }
            if !cited_acts.iter().any(|a| a.id == c.act) {
                cited_acts.push(CitedAct {
                    id: c.act.clone(),
                    in_force_at: ctx.library.in_force_at(&c.act),
                });
            }
            if let Some(changed) = ctx.library.last_change(&c.id) {
                cited_changes.insert(c.id.clone(), changed.date_naive());
            }
        } else if !elsewhere.iter().any(|e| e.id == c.id)
            && let Some(url) = crate::content::library::urn::article_link(&c.id, ctx.declared)
        {
            elsewhere.push(ExternalCitation {
                id: c.id.clone(),
                url,
            });
        }
    }
    Some(Lesson {
        id: format!("{}/{module_id}/{slug}", ctx.course_id),
        slug,
        title: front.title,
        summary: front.summary,
        minutes: front.minutes,
        order: front.order,
        sectors,
        tags: front.tags,
        body: body.to_string(),
        html: rendered.html,
        toc: rendered.toc,
        citations,
        cited_elsewhere: elsewhere,
        path: path.to_path_buf(),
        reviewed,
        cited_acts,
        cited_changes,
        translations: Vec::new(),
    })
}

/// The lesson's front matter, where it starts, its body and where that starts; None
/// (with a diagnostic) when it is missing or not valid TOML.
fn read_front_matter<'t>(
    path: &Path,
    text: &'t str,
    diags: &mut Diagnostics,
) -> Option<(FrontMatter, usize, &'t str, usize)> {
    let Some((toml_text, toml_offset, body, body_offset)) = split_front_matter(text) else {
        diags.error(path, 1, "intestazione mancante: la lezione deve iniziare con una riga +++, i campi TOML e un'altra riga +++");
        return None;
    };
    let front: FrontMatter = match toml::from_str(toml_text) {
        Ok(front) => front,
        Err(err) => {
            let line = err
                .span()
                .map_or(1, |s| line_of(text, toml_offset + s.start));
            diags.error(
                path,
                line,
                format!("intestazione TOML non valida: {}", err.message().trim()),
            );
            return None;
        }
    };
    Some((front, toml_offset, body, body_offset))
}

/// Resolves a relative link to another lesson file into its page URL.
/// Returns `Some(Ok(url))` for a lesson, `Some(Err(()))` for a broken lesson link,
/// `None` for links that are not lesson links (external, anchors).
pub(super) fn resolve_link(
    lesson_dir: &Path,
    href: &str,
    ctx: &CourseContext<'_>,
) -> Option<Result<String, ()>> {
    if href.contains("://")
        || href.starts_with('#')
        || href.starts_with('/')
        || href.starts_with("mailto:")
    {
        return None;
    }
    let (file, fragment) = match href.split_once('#') {
        Some((f, frag)) => (f, Some(frag)),
        None => (href, None),
    };
    if !file.ends_with(".md") {
        return Some(Err(()));
    }
    let target = normalize_join(lesson_dir, file);
    Some(match (ctx.lesson_files.get(&target), fragment) {
        (Some(url), Some(frag)) => Ok(format!("{url}#{frag}")),
        (Some(url), None) => Ok(url.clone()),
        (None, _) => Err(()),
    })
}

fn normalize_join(dir: &Path, file: &str) -> std::path::PathBuf {
    let mut out = std::path::PathBuf::new();
    for part in dir.join(file).components() {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_matter_is_split() {
        let text = "+++\ntitle = \"x\"\n+++\n\nCorpo\n";
        let (toml, toml_at, body, body_at) = split_front_matter(text).expect("split");
        assert_eq!(toml, "title = \"x\"\n");
        assert_eq!(&text[toml_at..toml_at + 5], "title");
        assert_eq!(body, "\nCorpo\n");
        assert_eq!(&text[body_at..], body);
        assert!(split_front_matter("title = 1").is_none());
        assert!(split_front_matter("+++\ntitle = 1\n").is_none());
    }
}
