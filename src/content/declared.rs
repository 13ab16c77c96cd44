//! What a course declares about the law it teaches, and the checks that follow from
//! it: the acts of `[library] acts` in `course.toml` (URNs, each checked at its line),
//! cited acts that the course does not declare, and cited articles that changed, or
//! cited acts whose text in force is dated, after the lesson's `reviewed` date.

use std::collections::HashSet;
use std::path::Path;

use chrono::NaiveDate;
use toml::Spanned;

use super::diagnostics::{Diagnostics, line_of};
use super::library::act_short_name;
use super::library::urn::{self, Urn};
use super::library_refs::ArticleSet;
use super::markdown::CitedArticle;

/// The URNs of `[library] acts`. A value that is not the URN of a state act with its
/// full date is an error at its line; a repeated act, an article suffix (`~art5`) or a
/// date that differs from the one Aula knows for the act are warnings.
pub fn declared_acts(
    values: &[Spanned<String>],
    path: &Path,
    text: &str,
    diags: &mut Diagnostics,
) -> Vec<Urn> {
    let mut acts: Vec<Urn> = Vec::new();
    for value in values {
        let written = value.get_ref().trim();
        let line = line_of(text, value.span().start);
        let Ok(parsed) = Urn::parse(written) else {
            diags.error(
                path,
                line,
                format!(
                    "«{written}» non è l'URN di un atto dello Stato: la forma attesa è \
                     urn:nir:stato:<tipo>:<AAAA-MM-GG>;<numero>, con tipo decreto.legislativo, \
                     decreto.legge, legge, decreto.del.presidente.della.repubblica o \
                     decreto.del.presidente.del.consiglio.dei.ministri"
                ),
            );
            continue;
        };
        if !parsed.has_full_date() {
            diags.error(
                path,
                line,
                format!(
                    "l'URN «{written}» deve indicare la data completa dell'atto (AAAA-MM-GG), \
                     non solo l'anno"
                ),
            );
            continue;
        }
        if written.contains('~') {
            diags.warning(
                path,
                line,
                format!(
                    "l'URN «{written}» indica un articolo: in [library] acts si dichiara l'atto \
                     intero ({parsed})"
                ),
            );
        }
        let id = parsed.act_id();
        if let Ok(known) = urn::resolve(&id)
            && known.date != parsed.date
        {
            diags.warning(
                path,
                line,
                format!(
                    "la data dell'URN «{written}» non è quella dell'atto {} ({}): \
                     controllare l'URN",
                    act_short_name(&id),
                    known.date
                ),
            );
        }
        if acts.iter().any(|a| a.act_id() == id) {
            diags.warning(
                path,
                line,
                format!("l'atto {id} è dichiarato più di una volta in [library] acts"),
            );
            continue;
        }
        acts.push(parsed);
    }
    acts
}

/// Warns about each cited act that the course does not declare in `[library] acts`,
/// once per file, at its first citation. Acts that no URN can name (ministerial
/// decrees) cannot be declared and are left alone.
pub fn check_undeclared(
    cited: &[CitedArticle],
    declared: &[Urn],
    path: &Path,
    text: &str,
    offset_base: usize,
    diags: &mut Diagnostics,
) {
    for c in cited {
        if declared.iter().any(|u| u.act_id() == c.act) {
            continue;
        }
        let Some(urn) = urn::for_link(&c.act) else {
            continue;
        };
        let hint = if urn.has_full_date() {
            format!("aggiungere «{urn}»")
        } else {
            format!(
                "aggiungere il suo URN, come «{}»",
                urn.to_string()
                    .replace(&format!(":{};", urn.date), &format!(":{}-MM-GG;", urn.date))
            )
        };
        diags.warning_once(
            path,
            line_of(text, offset_base + c.offset),
            format!(
                "atto citato ma non dichiarato in [library] acts di course.toml: {} ({hint})",
                c.act
            ),
        );
    }
}

/// Warns, for a lesson reviewed on `reviewed`, at the first citation of each article
/// that changed (per the library's history) after that day, and at the first citation
/// of each act whose text in force in the library is dated after it: one warning per
/// article and per act, however often the lesson cites them. A lesson without a
/// review date is an error of its own (see `lesson.rs`), and gets no warnings here.
pub fn check_reviews(
    cited: &[CitedArticle],
    reviewed: Option<NaiveDate>,
    library: &ArticleSet,
    path: &Path,
    text: &str,
    offset_base: usize,
    diags: &mut Diagnostics,
) {
    let Some(reviewed) = reviewed else {
        return;
    };
    let mut seen_articles = HashSet::new();
    let mut seen_acts = HashSet::new();
    for c in cited {
        let line = line_of(text, offset_base + c.offset);
        if seen_acts.insert(c.act.as_str())
            && let Some(in_force) = library.in_force_at(&c.act)
            && in_force > reviewed
        {
            diags.warning(
                path,
                line,
                format!(
                    "il testo vigente del {} nella biblioteca è al {in_force}, dopo la revisione \
                     del {reviewed}: rivedere la lezione",
                    act_short_name(&c.act)
                ),
            );
        }
        if !seen_articles.insert(c.id.as_str()) {
            continue;
        }
        let Some(changed) = library.last_change(&c.id) else {
            continue;
        };
        let changed = changed.date_naive();
        if changed <= reviewed {
            continue;
        }
        let label = c.id.split_once("/art-").map_or(c.id.as_str(), |(_, l)| l);
        diags.warning(
            path,
            line,
            format!(
                "l'art. {label} del {} è cambiato il {changed} (dopo la revisione del \
                 {reviewed}): rivedere la lezione",
                act_short_name(&c.act)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn cited(id: &str, offset: usize) -> CitedArticle {
        CitedArticle {
            id: id.into(),
            act: id.split_once('/').expect("article id").0.into(),
            text: String::new(),
            offset,
        }
    }

    #[test]
    fn changed_articles_warn_once_per_lesson_after_review_only() {
        let text = "riga uno\nart. 5\nart. 5 di nuovo\nart. 6\n";
        let cites = [
            cited("dlgs-286-1998/art-5", 9),
            cited("dlgs-286-1998/art-5", 16),
            cited("dlgs-286-1998/art-6", 32),
        ];
        let changes = [
            (
                "dlgs-286-1998/art-5".to_string(),
                Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0)
                    .single()
                    .expect("valid"),
            ),
            (
                "dlgs-286-1998/art-6".to_string(),
                Utc.with_ymd_and_hms(2026, 10, 1, 9, 0, 0)
                    .single()
                    .expect("valid"),
            ),
        ];
        let library = ArticleSet::default().with_changes(changes.into_iter().collect());
        let path = Path::new("lezione.md");

        let mut diags = Diagnostics::default();
        let reviewed = NaiveDate::from_ymd_opt(2026, 11, 26);
        check_reviews(&cites, reviewed, &library, path, text, 0, &mut diags);
        let found = diags.into_sorted();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 2);
        assert_eq!(
            found[0].message,
            "l'art. 5 del D.Lgs. 286/1998 è cambiato il 2026-12-01 (dopo la revisione del \
             2026-11-26): rivedere la lezione"
        );

        let mut diags = Diagnostics::default();
        check_reviews(&cites, None, &library, path, text, 0, &mut diags);
        assert!(
            diags.into_sorted().is_empty(),
            "without reviewed, the lesson's own error says it all"
        );
    }

    #[test]
    fn acts_in_force_after_the_review_warn_once_at_their_first_citation() {
        let text = "riga uno\nart. 5 TUI\nart. 6 TUI\nart. 2 L. 241/1990\n";
        let cites = [
            cited("dlgs-286-1998/art-5", 9),
            cited("dlgs-286-1998/art-6", 20),
            cited("l-241-1990/art-2", 31),
        ];
        let library = ArticleSet::default().with_in_force([
            ("dlgs-286-1998".to_string(), Some("2026-12-05".to_string())),
            ("l-241-1990".to_string(), Some("2026-12-02".to_string())),
        ]);
        let mut diags = Diagnostics::default();
        let reviewed = NaiveDate::from_ymd_opt(2026, 12, 2);
        check_reviews(
            &cites,
            reviewed,
            &library,
            Path::new("l.md"),
            text,
            0,
            &mut diags,
        );
        let found = diags.into_sorted();
        assert_eq!(
            found.len(),
            1,
            "an act in force on the review day is fine: {found:?}"
        );
        assert_eq!(found[0].line, 2);
        assert_eq!(
            found[0].message,
            "il testo vigente del D.Lgs. 286/1998 nella biblioteca è al 2026-12-05, dopo la \
             revisione del 2026-12-02: rivedere la lezione"
        );
    }

    #[test]
    fn undeclared_acts_warn_once_per_file_with_the_urn_to_add() {
        let text = "art. 5 TUI\nart. 6 TUI\nart. 2 L. 241/1990\nart. 1 D.M. 1/2020\n";
        let cites = [
            cited("dlgs-286-1998/art-5", 0),
            cited("dlgs-286-1998/art-6", 11),
            cited("l-241-1990/art-2", 22),
            cited("dm-1-2020/art-1", 41),
        ];
        let mut diags = Diagnostics::default();
        check_undeclared(&cites, &[], Path::new("l.md"), text, 0, &mut diags);
        let found = diags.into_sorted();
        let lines: Vec<usize> = found.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 3], "{found:?}");
        assert!(
            found[0].message.starts_with(
                "atto citato ma non dichiarato in [library] acts di course.toml: dlgs-286-1998 \
                 (aggiungere «urn:nir:stato:decreto.legislativo:1998-07-25;286»)"
            ),
            "{}",
            found[0].message
        );
        assert!(
            found[1]
                .message
                .contains("«urn:nir:stato:legge:1990-MM-GG;241»"),
            "{}",
            found[1].message
        );

        let declared =
            [Urn::parse("urn:nir:stato:decreto.legislativo:1998-07-25;286").expect("valid")];
        let mut diags = Diagnostics::default();
        check_undeclared(
            &cites[..2],
            &declared,
            Path::new("l.md"),
            text,
            0,
            &mut diags,
        );
        assert!(diags.into_sorted().is_empty());
    }
}
