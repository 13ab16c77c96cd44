//! Names of acts on Normattiva: URN:NIR (`urn:nir:stato:decreto.legislativo:1998-07-25;286`),
//! the act ids Aula uses (`dlgs-286-1998`), and the public links to an act or an article
//! through Normattiva's URN resolver.
//!
//! A URN needs the act's date, which an id does not carry: a small table names the acts
//! our courses use; any other act gets the URN with the year alone, which the resolver
//! also accepts for links. Fetching an act not in the table needs its full URN.

use std::fmt;

/// The public Normattiva site, where citation links point.
pub const NORMATTIVA: &str = "https://www.normattiva.it";

/// Acts whose dates we know: id and URN. Dates checked against the acts' titles.
const KNOWN_ACTS: &[(&str, &str)] = &[
    (
        "dlgs-286-1998",
        "urn:nir:stato:decreto.legislativo:1998-07-25;286",
    ),
    (
        "dpr-394-1999",
        "urn:nir:stato:decreto.del.presidente.della.repubblica:1999-08-31;394",
    ),
    (
        "dlgs-142-2015",
        "urn:nir:stato:decreto.legislativo:2015-08-18;142",
    ),
    (
        "dlgs-30-2007",
        "urn:nir:stato:decreto.legislativo:2007-02-06;30",
    ),
    (
        "dlgs-251-2007",
        "urn:nir:stato:decreto.legislativo:2007-11-19;251",
    ),
    (
        "dlgs-25-2008",
        "urn:nir:stato:decreto.legislativo:2008-01-28;25",
    ),
    (
        "dpr-445-2000",
        "urn:nir:stato:decreto.del.presidente.della.repubblica:2000-12-28;445",
    ),
    ("l-47-2017", "urn:nir:stato:legge:2017-04-07;47"),
    ("l-184-1983", "urn:nir:stato:legge:1983-05-04;184"),
    ("l-1228-1954", "urn:nir:stato:legge:1954-12-24;1228"),
    ("dl-113-2018", "urn:nir:stato:decreto.legge:2018-10-04;113"),
    (
        "dpr-223-1989",
        "urn:nir:stato:decreto.del.presidente.della.repubblica:1989-05-30;223",
    ),
];

/// Kinds of act as URN:NIR writes them, by the kind of our ids.
const KINDS: &[(&str, &str)] = &[
    ("dlgs", "decreto.legislativo"),
    ("dl", "decreto.legge"),
    ("l", "legge"),
    ("dpr", "decreto.del.presidente.della.repubblica"),
    ("dpcm", "decreto.del.presidente.del.consiglio.dei.ministri"),
];

/// A URN:NIR of a state act: kind, date (or year alone) and number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Urn {
    /// Kind as in our ids: `dlgs`.
    pub kind: &'static str,
    /// `1998-07-25`, or `1998` when only the year is known.
    pub date: String,
    /// `286`.
    pub number: String,
}

/// Why a name is not an act we can resolve.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UrnError {
    /// Not a URN of a state act of a kind we know.
    #[error(
        "«{0}» is not a URN of a state act (expected urn:nir:stato:<kind>:<YYYY-MM-DD>;<number>, \
         kind one of decreto.legislativo, decreto.legge, legge, \
         decreto.del.presidente.della.repubblica, decreto.del.presidente.del.consiglio.dei.ministri)"
    )]
    NotAUrn(String),
    /// An id such as `dlgs-999-2099` whose date we do not know.
    #[error(
        "unknown act «{0}»: Aula does not know its date; give its full URN \
         (urn:nir:stato:<kind>:<YYYY-MM-DD>;<number>)"
    )]
    UnknownAct(String),
    /// Neither a URN nor an act id.
    #[error("«{0}» is neither a URN (urn:nir:…) nor an act id such as dlgs-286-1998")]
    NotAnAct(String),
}

impl Urn {
    /// Parses `urn:nir:stato:<kind>:<date>;<number>` (an article suffix `~art5` and
    /// version suffixes `!vig=` or `@` are ignored).
    pub fn parse(text: &str) -> Result<Self, UrnError> {
        let bad = || UrnError::NotAUrn(text.to_string());
        let rest = text.trim().strip_prefix("urn:nir:stato:").ok_or_else(bad)?;
        let rest = rest.split(['~', '!', '@']).next().unwrap_or_default();
        let (kind, rest) = rest.split_once(':').ok_or_else(bad)?;
        let (date, number) = rest.split_once(';').ok_or_else(bad)?;
        let kind = KINDS
            .iter()
            .find(|(_, urn)| *urn == kind)
            .map(|(slug, _)| *slug)
            .ok_or_else(bad)?;
        let date_ok = (date.len() == 4 && date.bytes().all(|b| b.is_ascii_digit()))
            || (date.len() == 10 && chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok());
        let number_ok = !number.is_empty() && number.bytes().all(|b| b.is_ascii_alphanumeric());
        if !date_ok || !number_ok {
            return Err(bad());
        }
        Ok(Self {
            kind,
            date: date.to_string(),
            number: number.to_lowercase(),
        })
    }

    /// The act id: `dlgs-286-1998`.
    pub fn act_id(&self) -> String {
        format!("{}-{}-{}", self.kind, self.number, &self.date[..4])
    }

    /// Whether the URN names the full date (what fetching needs).
    pub fn has_full_date(&self) -> bool {
        self.date.len() == 10
    }

    /// The act's page on the Normattiva site at `base` (the resolver).
    pub fn url(&self, base: &str) -> String {
        format!("{}/uri-res/N2Ls?{self}", base.trim_end_matches('/'))
    }

    /// The page of one article (`slug` as in article ids: `29-bis`) on the public site.
    pub fn article_url(&self, slug: &str) -> String {
        format!("{}~art{}", self.url(NORMATTIVA), article_suffix(slug))
    }
}

impl fmt::Display for Urn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = KINDS
            .iter()
            .find(|(slug, _)| *slug == self.kind)
            .map_or(self.kind, |(_, urn)| urn);
        write!(f, "urn:nir:stato:{kind}:{};{}", self.date, self.number)
    }
}

/// The URN of an act named by a URN or by our id: a URN is taken as written; an id is
/// looked up in the table of known acts.
pub fn resolve(name: &str) -> Result<Urn, UrnError> {
    let name = name.trim();
    if name.starts_with("urn:") {
        return Urn::parse(name);
    }
    if let Some((_, urn)) = KNOWN_ACTS.iter().find(|(id, _)| *id == name) {
        return Urn::parse(urn);
    }
    if for_link(name).is_some() {
        Err(UrnError::UnknownAct(name.to_string()))
    } else {
        Err(UrnError::NotAnAct(name.to_string()))
    }
}

/// The URN to link an act id to: the known one, else one with the year alone.
/// `None` for kinds URN:NIR names by issuing body (ministerial decrees).
pub fn for_link(act_id: &str) -> Option<Urn> {
    if let Some((_, urn)) = KNOWN_ACTS.iter().find(|(id, _)| *id == act_id) {
        return Urn::parse(urn).ok();
    }
    let mut parts = act_id.splitn(3, '-');
    let (kind, number, year) = (parts.next()?, parts.next()?, parts.next()?);
    let kind = KINDS.iter().find(|(slug, _)| *slug == kind)?.0;
    let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
    let number_ok = !number.is_empty() && number.bytes().all(|b| b.is_ascii_alphanumeric());
    (year_ok && number_ok).then(|| Urn {
        kind,
        date: year.to_string(),
        number: number.to_string(),
    })
}

/// The Normattiva link of an article by its id (`dlgs-286-1998/art-19-bis`), given the
/// URNs the courses declare (preferred to the table, as they carry full dates).
pub fn article_link(article_id: &str, declared: &[Urn]) -> Option<String> {
    let (act, article) = article_id.split_once('/')?;
    let slug = article.strip_prefix("art-")?;
    let urn = declared
        .iter()
        .find(|u| u.act_id() == act)
        .cloned()
        .or_else(|| for_link(act))?;
    Some(urn.article_url(slug))
}

/// The article part of a Normattiva address: `19-bis` → `19bis`, `14-1` → `14`
/// (only the number and a Latin ordinal suffix are addressable).
fn article_suffix(slug: &str) -> String {
    let mut parts = slug.split('-');
    let number = parts.next().unwrap_or_default();
    match parts.next() {
        Some(suffix) if suffix.bytes().all(|b| b.is_ascii_alphabetic()) => {
            format!("{number}{suffix}")
        }
        _ => number.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_urn_gives_the_act_id_and_back() {
        let urn = Urn::parse("urn:nir:stato:decreto.legislativo:1998-07-25;286").expect("valid");
        assert_eq!(urn.act_id(), "dlgs-286-1998");
        assert_eq!(
            urn.to_string(),
            "urn:nir:stato:decreto.legislativo:1998-07-25;286"
        );
        let dpr = Urn::parse(
            "urn:nir:stato:decreto.del.presidente.della.repubblica:1999-08-31;394~art14",
        )
        .expect("valid");
        assert_eq!(dpr.act_id(), "dpr-394-1999");
    }

    #[test]
    fn bad_urns_are_refused_with_the_expected_form() {
        for bad in [
            "urn:nir:stato:regio.decreto:1942-03-16;262",
            "urn:nir:stato:legge:1990-13-40;241",
            "urn:nir:stato:legge:1990-08-07",
            "urn:nir:regione.lazio:legge:2000-01-01;1",
            "urn:nir:stato:legge:1990-08-07;2 41",
        ] {
            let err = Urn::parse(bad).expect_err("refused");
            assert!(
                err.to_string().contains("urn:nir:stato:<kind>"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn ids_resolve_through_the_table_and_unknown_ones_ask_for_a_urn() {
        assert_eq!(
            resolve("dlgs-286-1998").expect("valid").to_string(),
            "urn:nir:stato:decreto.legislativo:1998-07-25;286"
        );
        assert_eq!(
            resolve("dlgs-999-2099").expect_err("refused"),
            UrnError::UnknownAct("dlgs-999-2099".into())
        );
        assert_eq!(
            resolve("testo unico").expect_err("refused"),
            UrnError::NotAnAct("testo unico".into())
        );
    }

    #[test]
    fn article_links_use_the_latin_suffix_without_hyphen() {
        assert_eq!(
            article_link("dlgs-286-1998/art-19-bis", &[]).expect("valid"),
            "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art19bis"
        );
        assert_eq!(
            article_link("l-241-1990/art-2", &[]).expect("valid"),
            "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1990;241~art2"
        );
        let declared =
            [Urn::parse("urn:nir:stato:decreto.legislativo:2099-01-01;999").expect("valid")];
        assert_eq!(
            article_link("dlgs-999-2099/art-1-bis", &declared).expect("valid"),
            "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:2099-01-01;999~art1bis"
        );
        assert_eq!(article_link("dm-1-2020/art-1", &[]), None);
    }
}
