//! The legal library: importing acts (Normattiva Markdown, Akoma Ntoso XML) into the
//! database, fetching them from Normattiva (`fetch.rs`, through the one adapter that
//! knows their site, `normattiva.rs`), and the views of acts and articles that pages and
//! the API show.

pub mod changes;
pub mod fetch;
pub mod markup;
pub mod normattiva;
pub mod parse;
pub mod snapshot;
pub mod store;
pub mod urn;
pub mod view;

use std::path::{Path, PathBuf};

use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::db::library::{StoredComma, article};
use parse::ParsedAct;
use store::NewAct;

/// What one import did.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The act id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// Number of articles stored.
    pub articles: usize,
    /// Whether an earlier import was replaced.
    pub replaced: bool,
}

/// The source formats the library reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Normattiva OpenData Markdown with YAML front matter.
    NormattivaMarkdown,
    /// Akoma Ntoso 3.0 XML.
    AkomaNtoso,
}

impl Format {
    /// Tells the format from the file name and, failing that, the content.
    pub fn detect(path: &Path, text: &str) -> Option<Self> {
        let name = path.to_string_lossy().to_lowercase();
        if name.ends_with(".md") || name.ends_with(".markdown") {
            Some(Self::NormattivaMarkdown)
        } else if name.ends_with(".xml") || name.ends_with(".akn") {
            Some(Self::AkomaNtoso)
        } else if text.trim_start().starts_with("---") {
            Some(Self::NormattivaMarkdown)
        } else if text.trim_start().starts_with('<') {
            Some(Self::AkomaNtoso)
        } else {
            None
        }
    }

    fn slug(self) -> &'static str {
        match self {
            Self::NormattivaMarkdown => "normattiva-md",
            Self::AkomaNtoso => "akoma-ntoso",
        }
    }
}

/// Expands folders to the act files they contain (`.md`, `.xml`), sorted.
pub fn expand_paths(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut inside: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot read {}", path.display()))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| {
                    p.extension().is_some_and(|e| e == "md" || e == "xml")
                        && p.file_name().is_some_and(|n| n != "README.md")
                })
                .collect();
            inside.sort();
            files.extend(inside);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Parses one file into an act, with errors as `path:line: message`.
pub fn parse_file(path: &Path) -> anyhow::Result<(ParsedAct, Format, String)> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("{}: cannot read the file as UTF-8 text", path.display()))?;
    let format = Format::detect(path, &text).ok_or_else(|| {
        anyhow::anyhow!(
            "{}:1: unknown format (expected Normattiva Markdown or Akoma Ntoso XML)",
            path.display()
        )
    })?;
    let parsed = match format {
        Format::NormattivaMarkdown => parse::normattiva::parse(&text),
        Format::AkomaNtoso => parse::akoma_ntoso::parse(&text),
    }
    .map_err(|e| anyhow::anyhow!("{}:{}: {}", path.display(), e.line, e.message))?;
    anyhow::ensure!(
        !parsed.articles.is_empty(),
        "{}:1: no articles found",
        path.display()
    );
    Ok((parsed, format, text))
}

/// Imports one file, replacing an earlier import of the same act atomically.
pub async fn import_file(db: &DatabaseConnection, path: &Path) -> anyhow::Result<Imported> {
    let (parsed, format, _) = parse_file(path)?;
    let replaced = store::find_act(db, &parsed.id).await?.is_some();
    let new = to_rows(&parsed, format)?;
    let imported = Imported {
        id: parsed.id.clone(),
        title: parsed.title.clone(),
        articles: new.articles.len(),
        replaced,
    };
    store::replace_act(db, new)
        .await
        .with_context(|| format!("{}: cannot store act {}", path.display(), parsed.id))?;
    Ok(imported)
}

/// The rows of a parsed act (imported now, with no Normattiva source).
pub(crate) fn to_rows(parsed: &ParsedAct, format: Format) -> anyhow::Result<NewAct> {
    let mut seen = std::collections::HashSet::new();
    let mut articles = Vec::with_capacity(parsed.articles.len());
    for (position, a) in parsed.articles.iter().enumerate() {
        let id = a.id(&parsed.id);
        anyhow::ensure!(seen.insert(id.clone()), "two articles have the id {id}");
        let commi: Vec<StoredComma> = a
            .commi
            .iter()
            .map(|c| StoredComma {
                label: c.label.clone(),
                text: c.text.clone(),
            })
            .collect();
        articles.push(article::Model {
            id,
            act_id: parsed.id.clone(),
            position: i32::try_from(position)?,
            label: a.label.clone(),
            slug: a.slug.clone(),
            heading: a.heading.clone(),
            source_mark: a.source_mark.clone(),
            structure: serde_json::to_string(&a.structure)?,
            intro: a.intro.clone(),
            commi: serde_json::to_string(&commi)?,
            notes: serde_json::to_string(&a.notes)?,
            repealed: a.repealed,
        });
    }
    Ok(NewAct {
        act: crate::db::library::act::Model {
            id: parsed.id.clone(),
            kind: parsed.kind.clone(),
            number: parsed.number.clone(),
            year: parsed.year,
            date: parsed.date.clone(),
            title: parsed.title.clone(),
            urn: parsed.urn.clone(),
            in_force_at: parsed.in_force_at.clone(),
            source_format: format.slug().into(),
            content_hash: rows_hash(&parsed.title, &articles),
            article_count: i32::try_from(articles.len())?,
            imported_at: chrono::Utc::now(),
            source_url: None,
            fetched_at: None,
        },
        articles,
    })
}

/// A short human name of an act id: `dlgs-286-1998` → `D.Lgs. 286/1998`.
pub fn act_short_name(id: &str) -> String {
    let mut parts = id.splitn(3, '-');
    let (Some(kind), Some(number), Some(year)) = (parts.next(), parts.next(), parts.next()) else {
        return id.to_string();
    };
    let kind = match kind {
        "dlgs" => "D.Lgs.",
        "dl" => "D.L.",
        "l" => "L.",
        "dpr" => "D.P.R.",
        "dm" => "D.M.",
        "dpcm" => "D.P.C.M.",
        _ => return id.to_string(),
    };
    format!("{kind} {number}/{year}")
}

/// The hash of an act's content as stored (its title and article rows), so that the same
/// text keeps its hash whatever the bytes it came from; the library's fingerprint
/// changes only when the content does.
pub(crate) fn rows_hash(title: &str, articles: &[article::Model]) -> String {
    let mut text = String::from(title);
    for a in articles {
        let fields = [
            a.id.as_str(),
            &a.position.to_string(),
            &a.label,
            &a.slug,
            a.heading.as_deref().unwrap_or("\u{0}"),
            a.source_mark.as_deref().unwrap_or("\u{0}"),
            &a.structure,
            &a.intro,
            &a.commi,
            &a.notes,
            if a.repealed { "1" } else { "0" },
        ];
        text.push('\u{1e}');
        text.push_str(&fields.join("\u{1f}"));
    }
    content_hash(&text)
}

/// A stable hash of a source text (FNV-1a, 64 bit): enough to tell versions apart.
pub fn content_hash(text: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.as_bytes() {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{hash:016x}")
}
