//! The layers of ARCHITECTURE.md, checked on the source: `web/` adapts HTTP and holds
//! no database code, nothing below it imports it, and each table is queried only by
//! the domain module that owns it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Which domain module owns each entity (`db::<file>::<entity>`, or `db::<file>` for a
/// file that is one entity). Only the owner may use its `Entity`, `ActiveModel` or
/// `Column`; everyone may read its `Model` as data.
const OWNERS: &[(&str, &str)] = &[
    ("auth::session", "accounts"),
    ("auth::login_attempt", "accounts"),
    ("auth::api_token", "accounts"),
    ("auth::email_token", "accounts"),
    ("users::user", "accounts"),
    ("users::tutor_scope", "accounts"),
    ("editions", "accounts"),
    ("enrolments", "accounts"),
    ("municipalities", "accounts"),
    ("library::act", "content"),
    ("library::article", "content"),
    ("library::article_change", "content"),
    ("progress::event", "progress"),
    ("progress::lesson", "progress"),
    ("progress::completion", "progress"),
    ("progress::attempt", "quiz"),
    ("progress::answer", "quiz"),
    ("reminders::outbox", "reminders"),
    ("reminders::notification", "reminders"),
    ("reminders::optout", "reminders"),
    ("reminders::job_run", "reminders"),
    ("search_queries::search_query", "search"),
    ("errata::error_report", "errata"),
    ("seminars::seminar", "seminars"),
    ("seminars::session", "seminars"),
    ("seminars::registration", "seminars"),
    ("certificates::certificate", "certificates"),
    ("certificates::event", "certificates"),
    ("certificates::key", "certificates"),
    ("app_meta", "db"),
];

/// Modules that may write any table, and why.
const EXEMPT: &[(&str, &str)] = &[(
    "demo",
    "the demo and benchmark data generator writes fixtures into every table in bulk",
)];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its path relative to `src/`.
fn rust_files(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let relative = path.strip_prefix(src()).unwrap().display().to_string();
                out.push((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// The source without comments, so that prose naming a module is not an import.
fn code_only(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level module a file belongs to (`web`, `accounts`, `app`, …).
fn module_of(relative: &str) -> &str {
    relative.split('/').next().unwrap().trim_end_matches(".rs")
}

#[test]
fn web_holds_no_database_code() {
    let mut offences = Vec::new();
    for (file, source) in rust_files(&src().join("web")) {
        let code = code_only(&source);
        for needle in ["sea_orm", "crate::db", "sqlx", "execute_unprepared"] {
            if code.contains(needle) {
                offences.push(format!("{file}: uses {needle}"));
            }
        }
        for keyword in ["\"SELECT ", "\"INSERT ", "\"UPDATE ", "\"DELETE "] {
            if code.contains(keyword) {
                offences.push(format!("{file}: holds SQL ({keyword}…)"));
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

#[test]
fn nothing_below_web_imports_it() {
    let offences: Vec<_> = rust_files(&src())
        .into_iter()
        .filter(|(file, _)| module_of(file) != "web" && file != "main.rs" && file != "lib.rs")
        .filter(|(_, source)| code_only(source).contains("crate::web"))
        .map(|(file, _)| file)
        .collect();
    assert!(
        offences.is_empty(),
        "these files import crate::web: {offences:?}"
    );
}

#[test]
fn api_and_pages_do_not_import_each_other() {
    let mut offences = Vec::new();
    for (folder, other) in [("api", "pages"), ("pages", "api")] {
        for (file, source) in rust_files(&src().join("web").join(folder)) {
            let code = code_only(&source);
            if code.contains(&format!("web::{other}"))
                || code.contains(&format!("super::super::{other}"))
            {
                offences.push(format!("{file} imports web::{other}"));
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// The entity paths (`users::user`, `editions`, …) a file brings into scope, by the
/// name it uses for each.
fn entity_names(code: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for (path, _) in OWNERS {
        let (file, entity) = path.split_once("::").unwrap_or((path, ""));
        let leaf = if entity.is_empty() { file } else { entity };
        let full = format!("crate::db::{path}");
        let grouped = format!("crate::db::{file}::{{");
        let alias_single = "crate::db::{".to_string();
        let imported = code.contains(&format!("{full};"))
            || code.contains(&format!("{full}::"))
            || (code.contains(&grouped) && {
                let start = code.find(&grouped).unwrap() + grouped.len();
                let end = code[start..].find('}').unwrap() + start;
                code[start..end]
                    .split(',')
                    .any(|item| item.trim().trim_start_matches("self as ").trim() == leaf)
            })
            || (entity.is_empty() && code.contains(&alias_single) && {
                let start = code.find(&alias_single).unwrap() + alias_single.len();
                let end = code[start..].find('}').unwrap() + start;
                code[start..end].split(',').any(|item| item.trim() == file)
            });
        if imported {
            names.insert(leaf.to_string(), path.to_string());
        }
        // Items imported straight from an entity module: `use crate::db::x::{Entity, …}`.
        let direct = if entity.is_empty() {
            format!("crate::db::{file}::{{")
        } else {
            format!("crate::db::{path}::{{")
        };
        if let Some(start) = code.find(&direct) {
            let end = code[start..].find('}').unwrap() + start;
            let items = &code[start + direct.len()..end];
            if ["Entity", "ActiveModel", "Column"]
                .iter()
                .any(|item| items.split(',').any(|i| i.trim() == *item))
            {
                names.insert(String::new(), path.to_string());
            }
        }
    }
    names
}

#[test]
fn each_table_is_queried_by_its_owner_only() {
    let mut offences = Vec::new();
    for (file, source) in rust_files(&src()) {
        let module = module_of(&file);
        if module == "db" || EXEMPT.iter().any(|(m, _)| *m == module) {
            continue;
        }
        let code = code_only(&source);
        for (name, path) in entity_names(&code) {
            let owner = OWNERS.iter().find(|(p, _)| *p == path).unwrap().1;
            if owner == module {
                continue;
            }
            let queried = ["Entity", "ActiveModel", "Column"].iter().any(|item| {
                if name.is_empty() {
                    code.contains(&format!("{item}::")) || code.contains(&format!(" {item} "))
                } else {
                    code.contains(&format!("{name}::{item}"))
                }
            });
            if queried {
                offences.push(format!("{file}: queries db::{path}, owned by {owner}"));
            }
        }
    }
    assert!(offences.is_empty(), "{}", offences.join("\n"));
}

/// The check itself must see an offence: a file that queries another module's table
/// is reported.
#[test]
fn the_ownership_check_sees_an_offence() {
    let code = "use crate::db::progress::lesson;\nfn f() { lesson::Entity::find(); }";
    assert_eq!(
        entity_names(code).get("lesson").map(String::as_str),
        Some("progress::lesson")
    );
    let code = "use crate::db::enrolments::{ActiveModel, Column, Entity};";
    assert_eq!(
        entity_names(code).get("").map(String::as_str),
        Some("enrolments")
    );
}
