//! The privacy notice (informativa, GDPR art. 13) as content: Markdown files in
//! `<courses_dir>/informativa/`, one per version and language, named
//! `<version>.md` (Italian, the original) and `<version>.<lang>.md`. A version is the
//! file's name, a date (`2026-12-01`): the latest is the one in force. After a new
//! version, users acknowledge it at their next sign-in; acknowledgements are rows of
//! `privacy_acknowledgements` with the version and the time.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult};
use serde::{Deserialize, Serialize};

use crate::db::sql::Sql;

/// The folder of the notice under the courses' folder.
pub const FOLDER: &str = "informativa";

/// One version of the notice in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Notice {
    /// The version (the date of its file name).
    pub version: String,
    /// Its language.
    pub lang: String,
    /// Title.
    pub title: String,
    /// What this version changed, in a sentence.
    pub summary: String,
    /// The body, rendered and sanitized.
    pub html: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    title: String,
    summary: String,
}

/// Every version of the notice, in every language it was written in.
#[derive(Debug, Clone, Default)]
pub struct Notices {
    /// version → language → notice.
    versions: BTreeMap<String, BTreeMap<String, Notice>>,
}

impl Notices {
    /// Reads the notice's folder. A file that cannot be read is left out and its
    /// problem returned (with the file's name), so the site still starts.
    pub fn load(dir: &Path) -> (Self, Vec<String>) {
        let mut notices = Self::default();
        let mut problems = Vec::new();
        let Ok(entries) = std::fs::read_dir(dir) else {
            return (notices, problems);
        };
        for entry in entries.filter_map(Result::ok) {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
                continue;
            };
            let Some(stem) = name.strip_suffix(".md") else {
                continue;
            };
            let (version, lang) = match stem.split_once('.') {
                Some((version, lang)) => (version, lang),
                None => (stem, crate::render::i18n::DEFAULT_LANG),
            };
            if chrono::NaiveDate::parse_from_str(version, "%Y-%m-%d").is_err() {
                problems.push(format!(
                    "{}: the name must be the version's date, as 2026-12-01.md or 2026-12-01.de.md",
                    path.display()
                ));
                continue;
            }
            match std::fs::read_to_string(&path)
                .map_err(|e| e.to_string())
                .and_then(|text| parse(version, lang, &text))
            {
                Ok(notice) => {
                    notices
                        .versions
                        .entry(version.to_string())
                        .or_default()
                        .insert(lang.to_string(), notice);
                }
                Err(problem) => problems.push(format!("{}: {problem}", path.display())),
            }
        }
        // A version without its Italian original is not a version.
        notices.versions.retain(|version, langs| {
            let kept = langs.contains_key(crate::render::i18n::DEFAULT_LANG);
            if !kept {
                problems.push(format!(
                    "{version}: translations without the Italian {version}.md"
                ));
            }
            kept
        });
        (notices, problems)
    }

    /// The version in force (the latest), if any notice is written.
    pub fn current(&self) -> Option<&str> {
        self.versions.keys().next_back().map(String::as_str)
    }

    /// Every version, newest first.
    pub fn versions(&self) -> Vec<&str> {
        self.versions.keys().rev().map(String::as_str).collect()
    }

    /// `version` in `lang`, else in Italian.
    pub fn get(&self, version: &str, lang: &str) -> Option<&Notice> {
        let langs = self.versions.get(version)?;
        langs
            .get(lang)
            .or_else(|| langs.get(crate::render::i18n::DEFAULT_LANG))
    }
}

/// Reads one file: `+++` TOML front matter (title, summary), then Markdown.
fn parse(version: &str, lang: &str, text: &str) -> Result<Notice, String> {
    let rest = text
        .strip_prefix("+++\n")
        .or_else(|| text.strip_prefix("+++\r\n"))
        .ok_or("the file must start with +++ front matter (title, summary)")?;
    let end = rest
        .find("\n+++")
        .ok_or("the front matter is not closed by a +++ line")?;
    let front: FrontMatter = toml::from_str(&rest[..end]).map_err(|e| e.to_string())?;
    let body = rest[end + 4..].trim_start_matches(['\r', '\n']);
    let mut html = String::new();
    let options = pulldown_cmark::Options::ENABLE_TABLES;
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(body, options));
    Ok(Notice {
        version: version.to_string(),
        lang: lang.to_string(),
        title: front.title,
        summary: front.summary,
        html: crate::content::markdown::sanitize(&html),
    })
}

/// One acknowledgement.
#[derive(Debug, Clone, Serialize, FromQueryResult)]
pub struct Acknowledgement {
    /// The version acknowledged.
    pub version: String,
    /// When.
    pub acknowledged_at: DateTime<Utc>,
}

/// Whether `user` acknowledged `version`.
pub async fn acknowledged<C: ConnectionTrait>(
    db: &C,
    user: i32,
    version: &str,
) -> Result<bool, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT 1 AS one FROM privacy_acknowledgements WHERE user_id = ")
        .bind(user)
        .push(" AND version = ")
        .bind(version.to_string());
    Ok(db.query_one_raw(sql.build()).await?.is_some())
}

/// Records that `user` acknowledged `version` now (once: a second time keeps the first).
pub async fn acknowledge<C: ConnectionTrait>(
    db: &C,
    user: i32,
    version: &str,
) -> Result<(), DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("INSERT INTO privacy_acknowledgements (user_id, version, acknowledged_at) VALUES (")
        .bind(user)
        .push(", ")
        .bind(version.to_string())
        .push(", ")
        .bind(Utc::now())
        .push(") ON CONFLICT (user_id, version) DO NOTHING");
    db.execute_raw(sql.build()).await?;
    Ok(())
}

/// Every acknowledgement of `user`, newest first.
pub async fn acknowledgements<C: ConnectionTrait>(
    db: &C,
    user: i32,
) -> Result<Vec<Acknowledgement>, DbErr> {
    let mut sql = Sql::new(db.get_database_backend());
    sql.push("SELECT version, acknowledged_at FROM privacy_acknowledgements WHERE user_id = ")
        .bind(user)
        .push(" ORDER BY acknowledged_at DESC");
    Acknowledgement::find_by_statement(sql.build())
        .all(db)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_its_front_matter_and_renders_safely() {
        let text = "+++\ntitle = \"Informativa\"\nsummary = \"Prima versione.\"\n+++\n\n## Titolare\n\nIl <script>x</script> titolare.\n";
        let notice = parse("2026-12-01", "it", text).expect("parses");
        assert_eq!(notice.title, "Informativa");
        assert!(notice.html.contains("<h2>Titolare</h2>"), "{}", notice.html);
        assert!(!notice.html.contains("<script"), "{}", notice.html);
        assert!(parse("2026-12-01", "it", "no front matter").is_err());
    }

    #[test]
    fn the_latest_version_is_in_force_and_translations_fall_back() {
        let dir = tempfile::tempdir().expect("dir");
        let page = |t: &str| format!("+++\ntitle = \"{t}\"\nsummary = \"s\"\n+++\ntext\n");
        std::fs::write(dir.path().join("2026-01-01.md"), page("old")).expect("write");
        std::fs::write(dir.path().join("2026-06-01.md"), page("new")).expect("write");
        std::fs::write(dir.path().join("2026-06-01.de.md"), page("neu")).expect("write");
        std::fs::write(dir.path().join("bozza.md"), page("x")).expect("write");
        let (notices, problems) = Notices::load(dir.path());
        assert_eq!(notices.current(), Some("2026-06-01"));
        assert_eq!(notices.versions(), vec!["2026-06-01", "2026-01-01"]);
        assert_eq!(
            notices.get("2026-06-01", "de").map(|n| n.title.as_str()),
            Some("neu")
        );
        assert_eq!(
            notices.get("2026-01-01", "de").map(|n| n.title.as_str()),
            Some("old")
        );
        assert_eq!(problems.len(), 1, "{problems:?}");
    }
}
