//! Acts named in text: by kind, number and year, or by alias.

use std::ops::Range;

use regex::Captures;

use super::patterns::ACT_RE;
use super::{ActKind, ActRef};

/// Acts named by an alias, by the name of their capture group in the act pattern.
const ALIASES: [(&str, ActRef); 5] = [
    ("regtui", ActRef::new(ActKind::Dpr, 394, 1999)),
    ("tui", ActRef::new(ActKind::Dlgs, 286, 1998)),
    ("zampa", ActRef::new(ActKind::L, 47, 2017)),
    ("accoglienza", ActRef::new(ActKind::Dlgs, 142, 2015)),
    ("tudoc", ActRef::new(ActKind::Dpr, 445, 2000)),
];

/// Year from two or four digits: "99" → 1999, "17" → 2017, "1998" → 1998.
pub(super) fn parse_year(s: &str) -> Option<u16> {
    let v: u16 = s.parse().ok()?;
    match s.len() {
        2 if v >= 30 => Some(1900 + v),
        2 => Some(2000 + v),
        4 if (1800..=2100).contains(&v) => Some(v),
        _ => None,
    }
}

/// The kind named by the `KIND` groups of a match.
pub(super) fn kind_from_caps(caps: &Captures) -> Option<ActKind> {
    [
        ("dlgs", ActKind::Dlgs),
        ("dl", ActKind::Dl),
        ("dpcm", ActKind::Dpcm),
        ("dpr", ActKind::Dpr),
        ("dm", ActKind::Dm),
        ("l", ActKind::L),
    ]
    .into_iter()
    .find_map(|(name, kind)| caps.name(name).map(|_| kind))
}

/// The act of a match of the `ACT` fragment; `hay` is the text the match was made on.
pub(super) fn act_from_caps(caps: &Captures, hay: &str) -> Option<ActRef> {
    if let Some((_, act)) = ALIASES.iter().find(|(name, _)| caps.name(name).is_some()) {
        return Some(act.clone());
    }
    let kind = kind_from_caps(caps)?;
    let (n, y) = [("n1", "y1"), ("n2", "y2"), ("n3", "y3")]
        .into_iter()
        .find_map(|(n, y)| Some((caps.name(n)?, caps.name(y)?)))?;
    // "D.M. 12/12/2019" is a date, not act 12 of 2012.
    let mut after = hay[y.end()..].chars();
    if after.next() == Some('/') && after.next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    let number = n.as_str().parse().ok().filter(|&n: &u32| n > 0)?;
    Some(ActRef::new(kind, number, parse_year(y.as_str())?))
}

/// Act mentioned without an article ("D.Lgs. 142/2015", "TUI"): used by search and by checks.
///
/// Returns every act written with kind, number and year, or by alias, in order; acts
/// inside citations are included. "D.M. sanità 5 luglio 1975" (no number) gives nothing.
pub fn find_acts(text: &str) -> Vec<(Range<usize>, ActRef)> {
    ACT_RE
        .captures_iter(text)
        .filter_map(|caps| Some((caps.get(0)?.range(), act_from_caps(&caps, text)?)))
        .collect()
}
