//! `glossario.toml` (terms with definitions and citations) and `thesaurus.toml`
//! (groups of equivalent terms for search).

use std::collections::HashSet;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::diagnostics::{Diagnostics, line_of};
use super::load::CourseContext;
use super::markdown::{self, slugify};
use super::model::GlossaryTerm;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GlossaryFile {
    #[serde(default)]
    terms: Vec<TermFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TermFile {
    term: Spanned<String>,
    definition: Spanned<String>,
    #[serde(default)]
    see: Vec<String>,
}

/// Loads the glossary (optional file), sorted alphabetically.
pub fn load_glossary(
    path: &Path,
    ctx: &CourseContext<'_>,
    diags: &mut Diagnostics,
) -> Vec<GlossaryTerm> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    let file: GlossaryFile = match toml::from_str(&text) {
        Ok(file) => file,
        Err(err) => {
            let line = err.span().map_or(1, |s| line_of(&text, s.start));
            diags.error(
                path,
                line,
                format!("TOML non valido: {}", err.message().trim()),
            );
            return Vec::new();
        }
    };
    let names: HashSet<String> = file
        .terms
        .iter()
        .map(|t| t.term.get_ref().to_lowercase())
        .collect();
    let mut seen = HashSet::new();
    let mut terms = Vec::new();
    for t in file.terms {
        let line = line_of(&text, t.term.span().start);
        let term = t.term.get_ref().trim().to_string();
        if !seen.insert(term.to_lowercase()) {
            diags.error(path, line, format!("voce duplicata «{term}»"));
            continue;
        }
        for related in &t.see {
            if !names.contains(&related.to_lowercase()) {
                diags.error(
                    path,
                    line,
                    format!("la voce «{term}» rinvia a «{related}», che non è nel glossario"),
                );
            }
        }
        let (html, cited) =
            markdown::render_inline(t.definition.get_ref(), ctx.library, ctx.declared);
        ctx.check_citations(&cited, path, &text, t.definition.span().start, diags);
        terms.push(GlossaryTerm {
            anchor: slugify(&term),
            term,
            definition: t.definition.into_inner(),
            html,
            see: t.see,
        });
    }
    terms.sort_by_key(|t| t.term.to_lowercase());
    terms
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThesaurusFile {
    #[serde(default)]
    entries: Vec<EntryFile>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryFile {
    terms: Spanned<Vec<String>>,
}

/// Loads the thesaurus (optional file): groups of at least two equivalent terms.
pub fn load_thesaurus(path: &Path, diags: &mut Diagnostics) -> Vec<Vec<String>> {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Vec::new();
    };
    match toml::from_str::<ThesaurusFile>(&text) {
        Ok(file) => file
            .entries
            .into_iter()
            .filter_map(|e| {
                if e.terms.get_ref().len() < 2 {
                    diags.error(
                        path,
                        line_of(&text, e.terms.span().start),
                        "una voce del thesaurus deve avere almeno due termini",
                    );
                    None
                } else {
                    Some(e.terms.into_inner())
                }
            })
            .collect(),
        Err(err) => {
            let line = err.span().map_or(1, |s| line_of(&text, s.start));
            diags.error(
                path,
                line,
                format!("TOML non valido: {}", err.message().trim()),
            );
            Vec::new()
        }
    }
}
