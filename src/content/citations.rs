//! Legal citations in Italian text: "art. 29 del D.Lgs. 286/1998", "artt. 4 e 5 TUI", ...
//!
//! A citation names one or more articles of one act. Two orders are recognised:
//!
//! - article first: `art. 5, comma 2, del D.Lgs. n. 286/1998`, `artt. 29 e 29-bis TUI`,
//!   `art. 31, comma 4, e art. 33, comma 2-bis, del D.Lgs. 286/1998`,
//!   `comma 2 dell'art. 5 del D.Lgs. 286/1998`;
//! - act first: `DPR 394/99 art. 13`, `L. 47/2017, art. 11`,
//!   `legge 7 aprile 2017, n. 47, art. 11`.
//!
//! Acts are written `D.Lgs.`/`decreto legislativo`, `D.L.`/`decreto-legge`, `L.`/`legge`,
//! `DPR`/`d.P.R.`/`decreto del Presidente della Repubblica`, `D.M.`, `DPCM`, followed by
//! `286/1998`, `n. 394/99`, `n. 286 del 1998` or `25 luglio 1998, n. 286`; or by an alias
//! (`TUI`, `Testo unico immigrazione`, `regolamento di attuazione del TUI`,
//! `decreto accoglienza`, `legge Zampa`, `testo unico sulla documentazione amministrativa`).
//! Two-digit years are 19xx from 30 up, else 20xx. Matching ignores case; a citation may
//! run over one line break (also inside a Markdown block quote), not over a blank line.
//!
//! Choices (the parser never guesses):
//!
//! - an article is cited only when an act follows it in the same citation or directly
//!   precedes it (`DPR 394/1999, art. 13`); `art. 5` alone, `art. 13 del presente testo
//!   unico` or `art. 495 del codice penale` give nothing;
//! - between article and act only these may come: more articles (`, 6 e 7`, `e art. 9`),
//!   commi (`comma 2`, `commi 1 e 2`, `commi da 1 a 3`, `co. 2`, `secondo comma`), letters
//!   (`lett. b)`, `lettere a) e b)`, `n. 1)`), `ultimo periodo`, `e seguenti`, commas and
//!   `del`/`della`/`dello`/`dell'`, maybe with `citato`/`medesimo`/`stesso`, `testo unico
//!   di cui al` and a Markdown link's `[`; a `;`, a bracket or any other word ends it;
//! - `comma`/`letter` hold the first comma and the first letter of that comma; commi
//!   after several articles (`artt. 5 e 6, comma 2`) go to the last one; a number after
//!   `comma 6, e` or `commi 1 e 2, e` is another article (`articoli 11, comma 6, e 40`);
//! - a numeric range `artt. 5-9` yields only its two endpoints (5 and 9): articles in
//!   between may carry suffixes (`5-bis`) that the text does not show; a hyphen before a
//!   digit is therefore always a range (`Art. 14.1` is written with a dot);
//! - labels are lower case with dots and spaces as hyphens: `29 bis` → `29-bis`,
//!   `14.1` → `14-1`, `39-bis.1` → `39-bis-1`; commi alike (`8.1-bis` → `8-1-bis`).
//!
//! Known limits: a list mixing commi and articles without those commas
//! (`artt. 13 commi 2, 5, 13-bis e 14`) reads every number as a comma; an article whose
//! act comes only after an aside (`art. 16 (art. 8 del D.Lgs. 142/2015)`, `art. 19, che
//! richiama l'art. 13 del ...`) or in the surrounding text is not a citation.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Kind of legal act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActKind {
    /// Decreto legislativo (`D.Lgs.`).
    Dlgs,
    /// Decreto-legge (`D.L.`).
    Dl,
    /// Legge (`L.`).
    L,
    /// Decreto del Presidente della Repubblica (`DPR`).
    Dpr,
    /// Decreto ministeriale (`D.M.`).
    Dm,
    /// Decreto del Presidente del Consiglio dei ministri (`DPCM`).
    Dpcm,
}

impl ActKind {
    /// The kind as written in ids: "dlgs", "dl", "l", "dpr", "dm", "dpcm".
    pub fn slug(self) -> &'static str {
        match self {
            Self::Dlgs => "dlgs",
            Self::Dl => "dl",
            Self::L => "l",
            Self::Dpr => "dpr",
            Self::Dm => "dm",
            Self::Dpcm => "dpcm",
        }
    }
}

/// An act: kind, number, four-digit year.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ActRef {
    /// Kind of act.
    pub kind: ActKind,
    /// Number of the act in its year.
    pub number: u32,
    /// Four-digit year.
    pub year: u16,
}

impl ActRef {
    /// An act from its parts.
    pub const fn new(kind: ActKind, number: u32, year: u16) -> Self {
        Self { kind, number, year }
    }

    /// Stable id of the act: "dlgs-286-1998".
    pub fn id(&self) -> String {
        format!("{}-{}-{}", self.kind.slug(), self.number, self.year)
    }
}

/// One article named by a citation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticleRef {
    /// The act the article belongs to.
    pub act: ActRef,
    /// Article label as in the id: lower case, "29-bis", "14-1", "39-bis-1"
    pub label: String,
    /// First comma named for this article, as a label: "2", "3-bis", "8-1".
    pub comma: Option<String>,
    /// First letter named within that comma: "a", "c-bis".
    pub letter: Option<String>,
    /// Byte range, in the input, of this article's number (e.g. "29-bis"), for linking.
    pub span: Range<usize>,
}

impl ArticleRef {
    /// Stable id of the article: "dlgs-286-1998/art-29-bis".
    pub fn id(&self) -> String {
        format!("{}/art-{}", self.act.id(), self.label)
    }
}

/// A citation found in running text: its whole byte range and the articles it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Citation {
    /// Byte range of the whole citation, from the article keyword (or the act, or a
    /// leading "comma N dell'") to the end of the act (or of the last article part).
    pub span: Range<usize>,
    /// Articles named, in order of appearance.
    pub articles: Vec<ArticleRef>,
}

/// Acts named by an alias, by the name of their capture group in the act pattern.
const ALIASES: [(&str, ActRef); 5] = [
    ("regtui", ActRef::new(ActKind::Dpr, 394, 1999)),
    ("tui", ActRef::new(ActKind::Dlgs, 286, 1998)),
    ("zampa", ActRef::new(ActKind::L, 47, 2017)),
    ("accoglienza", ActRef::new(ActKind::Dlgs, 142, 2015)),
    ("tudoc", ActRef::new(ActKind::Dpr, 445, 2000)),
];

/// Acts that search queries may name by number and year alone ("19-bis 142/2015") or by
/// kind and number alone ("dpr 394 art 13"): the course's legal library and the two
/// laws its lessons cite most.
const KNOWN_ACTS: [ActRef; 9] = [
    ActRef::new(ActKind::Dlgs, 286, 1998),
    ActRef::new(ActKind::Dpr, 394, 1999),
    ActRef::new(ActKind::Dlgs, 142, 2015),
    ActRef::new(ActKind::Dlgs, 30, 2007),
    ActRef::new(ActKind::Dlgs, 251, 2007),
    ActRef::new(ActKind::Dlgs, 25, 2008),
    ActRef::new(ActKind::Dpr, 445, 2000),
    ActRef::new(ActKind::L, 47, 2017),
    ActRef::new(ActKind::Dl, 113, 2018),
];

// ---------------------------------------------------------------------------------
// Patterns. Templates name fragments in braces; `build` expands them in the order of
// `FRAGMENTS` (composite fragments first) and compiles case-insensitively.

/// Latin article suffixes; `\b` makes "ter" give way to "terdecies".
const SFX: &str = r"(?:bis|ter|quater|quinquies|sexies|septies|octies|novies|nonies|decies|undecies|duodecies|terdecies|quaterdecies|quinquiesdecies|sexiesdecies|septiesdecies|octiesdecies|noviesdecies|vicies)\b";

/// Article label: "29", "29-bis", "29 bis", "14.1", "39-bis.1".
const LABEL: &str = r"\d{1,4}(?:[ \t]*[-‐–]?[ \t]*{SFX})*(?:\.\d{1,2}\b(?:[-‐–]?{SFX})*)?";

/// Comma label: "2", "01", "3-bis", "8.1", "8.1-bis".
const CL: &str = r"\d{1,4}(?:\.\d{1,2})*(?:[ \t]*[-‐–]?[ \t]*{SFX})*";

/// Letter label: "a", "c-bis".
const LETTER: &str = r"[a-z]\b(?:[ \t]*[-‐–][ \t]*{SFX})?";

/// Ordinals, as in "secondo comma" or "terzo periodo"; see `ordinal`.
const ORD: &str = r"(?:primo|secondo|terzo|quarto|quinto|sesto|settimo|ottavo|nono|decimo)\b";

/// List separator: ", ", ", e ", " e ", " ed ", " o ".
const SEP: &str = r"(?:{O},{O}(?:(?:e|ed){W})?|{W}(?:e|ed|o|oppure){W})";

/// Conjunctions between articles.
const LINK: &str = r"(?:e|ed|o|oppure|nonch[ée])\b";

/// Article keyword: "art.", "artt.", "art", "articolo", "articoli".
const KW: &str = r"(?:artt?\b\.?|articol[oi]\b)";

/// Kind of act, one named group per kind (longer abbreviations first).
const KIND: &str = r"(?:(?P<dlgs>d\.[ \t]*lgs\b\.?|dlgs\b\.?|decreto{W}legislativo\b)|(?P<dl>d\.[ \t]*l\.|d\.[ \t]*l\b|dl\b\.?|decreto{O}-{O}legge\b|decreto{W}legge\b)|(?P<dpcm>d\.[ \t]*p\.[ \t]*c\.[ \t]*m\b\.?|dpcm\b\.?|decreto{W}del{W}presidente{W}del{W}consiglio{W}dei{W}ministri\b)|(?P<dpr>d\.[ \t]*p\.[ \t]*r\b\.?|dpr\b\.?|decreto{W}del{W}presidente{W}della{W}repubblica\b)|(?P<dm>d\.[ \t]*m\b\.?|dm\b\.?|decreto{W}(?:inter)?ministeriale\b)|(?P<l>l\.|legge\b))";

/// "n." before an act number.
const NO: &str = r"(?:(?:nr?\.|num\.|n[°º]|numero\b|n\b){O})";

/// Number and year of an act: "286/1998", "n. 394/99", "n. 286 del 1998",
/// "25 luglio 1998, n. 286".
const NUM: &str = r"(?:{NO}?(?P<n1>\d{1,5})[ \t]*/[ \t]*(?P<y1>\d{4}|\d{2})\b|{NO}?(?P<n2>\d{1,5}){W}del{W}(?P<y2>\d{4})\b|\d{1,2}[°º]?{W}(?:gennaio|febbraio|marzo|aprile|maggio|giugno|luglio|agosto|settembre|ottobre|novembre|dicembre){W}(?P<y3>\d{4}){O},?{O}{NO}(?P<n3>\d{1,5})\b)";

/// The Testo unico immigrazione, by name (no capture groups).
const TUI: &str = r"(?:t\.[ \t]*u\.[ \t]*i\b\.?|tui\b|(?:testo{W}unico|t\.{O}u\.){O}(?:(?:sull|dell|per{W}l)['’]{O}|(?:in{W}materia{W}di|sulla|della){W})?immigrazione\b)";

/// An act: kind and number, or an alias (one named group per alias, see `ALIASES`).
const ACT: &str = r"\b(?:{KIND}{O}{NUM}|(?P<regtui>regolamento{W}di{W}attuazione{W}del{W}(?:{TUI}|testo{W}unico\b|t\.{O}u\.))|(?P<tui>{TUI})|(?P<zampa>legge{W}zampa\b)|(?P<accoglienza>decreto{W}accoglienza\b)|(?P<tudoc>testo{W}unico{W}(?:(?:sulla|della|in{W}materia{W}di){W})?documentazione{W}amministrativa\b))";

/// Fragments, expanded in this order.
const FRAGMENTS: [(&str, &str); 17] = [
    ("{ACT}", ACT),
    ("{KIND}", KIND),
    ("{NUM}", NUM),
    ("{NO}", NO),
    ("{TUI}", TUI),
    ("{KW}", KW),
    ("{LINK}", LINK),
    ("{LABEL}", LABEL),
    ("{CL}", CL),
    ("{LETTER}", LETTER),
    ("{SEP}", SEP),
    ("{ORD}", ORD),
    ("{SFX}", SFX),
    // Blanks with at most one line break (a blank line ends a citation), which may
    // carry a Markdown block-quote mark ("\n> "); `{O}`: optional blanks.
    ("{O}", r"(?:{W})?"),
    ("{W}", r"(?:{H}+(?:\n[ \t]*>?{H}*)?|\n[ \t]*>?{H}*)"),
    // Blanks within a line (a negated class like `[^\S\n]` is slow to compile).
    ("{H}", r"[\t\r \x{a0}\x{2009}\x{202f}]"),
    // ASCII digits only (`\d` is Unicode-wide).
    (r"\d", "[0-9]"),
];

/// Expands a template and compiles it, case-insensitively.
fn build(template: &str) -> Regex {
    let pattern = FRAGMENTS
        .iter()
        .fold(template.to_owned(), |p, (key, value)| p.replace(key, value));
    Regex::new(&format!("(?i){pattern}")).expect("static citation pattern is valid")
}

/// Declares lazily compiled patterns.
macro_rules! patterns {
    ($($(#[$doc:meta])* $name:ident = $template:expr;)*) => {
        $($(#[$doc])* static $name: LazyLock<Regex> = LazyLock::new(|| build($template));)*
    };
}

patterns! {
    /// An act anywhere.
    ACT_RE = "{ACT}";
    /// Where an article keyword may start a citation.
    KW_RE = r"\b(?:artt?\b|articol[oi]\b)";
    /// An article keyword and label.
    GROUP_AT = r"\A{KW}{O}({LABEL})";
    /// A further article keyword and label: ", art. 6", " e dell'art. 6".
    LINK_AT = r"\A(?:{O},{O}(?:{LINK}{W})?|{W}{LINK}{W})(?:(?:dell|all|nell|dall|l)['’]{O})?{KW}{O}({LABEL})";
    /// The far end of a range: "-9" in "5-9".
    RANGE_AT = r"\A[ \t]*[-‐–][ \t]*({LABEL})";
    /// A further label in a list: ", 6", " e 29-bis".
    LIST_AT = r"\A{SEP}({LABEL})";
    /// Commi: ", comma 2", ", commi 1 e 1-bis", ", commi da 1 a 3", " co. 3",
    /// ", e comma 1-bis", ", secondo comma", ", comma terzo". Only "commi" takes a list,
    /// and not after ", e": "comma 6, e 40" and "commi 1 e 2, e 40" go on with article 40.
    COMMA_AT = r"\A(?:{O},)?{O}(?:(?:e|ed){W})?(?:commi{O}(?:da{W})?(?P<list>{CL})(?:(?:{O},{O}|{W}(?:e|ed|a){W})(?:da{W})?{CL})*|(?:comma\b|co\.|c\.){O}(?P<one>{CL})|(?P<ord>{ORD}){W}comma\b|comma{W}(?P<ord2>{ORD}))";
    /// Letters: ", lett. b)", ", lettera a-bis)", ", lett. b) ed e)", ", lett. a), n. 1)".
    LETTER_AT = r"\A(?:{O},)?{O}(?:(?:e|ed){W})?(?:lett(?:era|ere)?\b\.?|let\.){O}({LETTER})\)?(?:{SEP}{LETTER}\))*(?:{O},?{O}(?:nn?\.|numer[oi]\b){O}\d{1,2}\)?)?";
    /// Words that narrow or widen an article without naming another: ", ultimo periodo",
    /// ", periodo 2", " e seguenti", " e ss.".
    EXTRA_AT = r"\A(?:{O},)?{O}(?:(?:{ORD}|ultimo|penultimo){W}periodo\b|periodi?{W}(?:{ORD}|ultimo\b|\d{1,2}\b)|e{W}(?:seguenti\b|ss?\.|segg\.))";
    /// The act closing an article-first citation: ", del D.Lgs. 286/1998", " TUI",
    /// " del citato [decreto legislativo ...", " del testo unico di cui al DPR ...".
    LEAD_ACT_AT = r"\A(?:{O},)?{O}(?:(?:del|della|dello){W}|dell['’]{O})?(?:(?:citat|medesim|predett|suddett|richiamat|stess)[oa]{W})?(?:(?:testo{W}unico|regolamento(?:{W}di{W}attuazione)?){W}(?:di{W}cui{W}al|approvato{W}con|emanato{W}con|adottato{W}con){W})?\[?{ACT}";
    /// "comma 2 dell'" or "lettera a) del comma 1 dell'" just before an article keyword:
    /// group 1 is the letter, group 2 the first comma.
    PREFIX_END = r"(?:\blett(?:era)?\b\.?{O}({LETTER})\)?{W}del{W})?\b(?:commi|comma|co\.){O}({CL})(?:{SEP}{CL})*{O},?{O}dell['’]{O}\z";
    /// Query: an article label with optional keyword, comma and letter.
    QUERY_ARTICLE = r"(?P<kw>\b{KW}{O})?\b(?P<label>{LABEL})\b(?:{O},?{O}(?:commi|comma|co\b\.?|c\b\.?){O}(?P<comma>{CL}))?(?:{O},?{O}(?:lett(?:era)?\b\.?){O}(?P<letter>{LETTER})\)?)?";
    /// Query: a loosely written act, "dlgs 286 1998", "dpr 394" (year optional).
    QUERY_ACT = r"\b{KIND}{O}{NO}?(?P<n>\d{1,5})(?:[ \t]*/[ \t]*(?P<y1>\d{4}|\d{2})\b|[ \t]+(?P<y2>\d{4})\b)?";
    /// Query: a bare act number and year, "142/2015".
    QUERY_BARE = r"\b(?P<n>\d{1,5})[ \t]*/[ \t]*(?P<y>\d{4}|\d{2})\b";
}

// ---------------------------------------------------------------------------------
// Matching helpers.

/// A match of an anchored pattern at byte `pos`; capture offsets are relative to `pos`.
struct At<'t> {
    caps: Captures<'t>,
    pos: usize,
}

impl<'t> At<'t> {
    /// Byte offset, in the whole text, just past the match.
    fn end(&self) -> usize {
        self.pos + self.caps.get(0).map_or(0, |m| m.end())
    }

    /// Text and absolute byte range of group `i`.
    fn group(&self, i: usize) -> Option<(&'t str, Range<usize>)> {
        let m = self.caps.get(i)?;
        Some((m.as_str(), self.pos + m.start()..self.pos + m.end()))
    }
}

/// Matches `re` (anchored with `\A`) at byte `pos`; None also when `pos` is not a char
/// boundary.
fn at<'t>(re: &Regex, text: &'t str, pos: usize) -> Option<At<'t>> {
    let caps = re.captures(text.get(pos..)?)?;
    Some(At { caps, pos })
}

/// Normalises a label: lower case, runs of digits and of letters joined by hyphens
/// ("29 bis" → "29-bis", "14.1" → "14-1", "8.1-bis" → "8-1-bis", "a-bis" → "a-bis").
fn norm_label(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 2);
    let mut prev: Option<bool> = None; // was the last char written a digit?
    let mut gap = false; // was a separator seen since then?
    for c in raw.chars() {
        if !c.is_alphanumeric() {
            gap = true;
            continue;
        }
        let digit = c.is_ascii_digit();
        if prev.is_some_and(|p| gap || p != digit) {
            out.push('-');
        }
        out.extend(c.to_lowercase());
        prev = Some(digit);
        gap = false;
    }
    out
}

/// Number of an ordinal matched by `ORD`, as a label: "secondo" → "2".
fn ordinal(word: &str) -> String {
    const ORDINALS: [&str; 10] = [
        "primo", "secondo", "terzo", "quarto", "quinto", "sesto", "settimo", "ottavo", "nono",
        "decimo",
    ];
    let word = word.to_lowercase();
    let n = ORDINALS.iter().position(|o| *o == word);
    n.map_or(0, |i| i + 1).to_string()
}

/// Year from two or four digits: "99" → 1999, "17" → 2017, "1998" → 1998.
fn parse_year(s: &str) -> Option<u16> {
    let v: u16 = s.parse().ok()?;
    match s.len() {
        2 if v >= 30 => Some(1900 + v),
        2 => Some(2000 + v),
        4 if (1800..=2100).contains(&v) => Some(v),
        _ => None,
    }
}

/// The kind named by the `KIND` groups of a match.
fn kind_from_caps(caps: &Captures) -> Option<ActKind> {
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
fn act_from_caps(caps: &Captures, hay: &str) -> Option<ActRef> {
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

// ---------------------------------------------------------------------------------
// Citations.

/// Stands for the act while an article chain is parsed; always replaced before the
/// articles leave this module.
const NO_ACT: ActRef = ActRef::new(ActKind::L, 0, 0);

/// An article from its label text and byte range; its act is still `NO_ACT`.
fn article((raw, span): (&str, Range<usize>)) -> ArticleRef {
    ArticleRef {
        act: NO_ACT,
        label: norm_label(raw),
        comma: None,
        letter: None,
        span,
    }
}

/// Parses article groups from `pos`, which must be at an article keyword:
/// "artt. 5, 6 e 7", "art. 5, comma 2, lett. a), e art. 6, commi 1 e 2". Returns the
/// articles and the byte offset past the last one's parts.
fn parse_articles(text: &str, mut pos: usize) -> Option<(Vec<ArticleRef>, usize)> {
    let mut items: Vec<ArticleRef> = Vec::new();
    let mut commas: u32; // commi named for the last article
    let mut group = at(&GROUP_AT, text, pos);
    while let Some(g) = group {
        items.push(article(g.group(1)?));
        (pos, commas) = (g.end(), 0);
        // More labels ("5-9", ", 6 e 7") and the parts of the last one. Only the first
        // comma is kept, and a letter only within it.
        loop {
            if let Some(m) = at(&RANGE_AT, text, pos).or_else(|| at(&LIST_AT, text, pos)) {
                items.push(article(m.group(1)?));
                (pos, commas) = (m.end(), 0);
            } else if let Some(m) = at(&COMMA_AT, text, pos) {
                let caps = &m.caps;
                let comma = match (caps.name("list").or(caps.name("one")), caps.name("ord")) {
                    (Some(c), _) => norm_label(c.as_str()),
                    (None, Some(o)) => ordinal(o.as_str()),
                    (None, None) => ordinal(caps.name("ord2")?.as_str()),
                };
                items.last_mut()?.comma.get_or_insert(comma);
                // A letter after "commi 2 e 3" belongs to comma 3: count that as two.
                let list_end = caps.name("list").map(|l| m.pos + l.end());
                let named = 1 + u32::from(list_end.is_some_and(|e| e < m.end()));
                (pos, commas) = (m.end(), commas + named);
            } else if let Some(m) = at(&LETTER_AT, text, pos) {
                let ((raw, _), last) = (m.group(1)?, items.last_mut()?);
                if commas <= 1 {
                    last.letter.get_or_insert_with(|| norm_label(raw));
                }
                pos = m.end();
            } else if let Some(m) = at(&EXTRA_AT, text, pos) {
                pos = m.end();
            } else {
                break;
            }
        }
        group = at(&LINK_AT, text, pos);
    }
    (!items.is_empty()).then_some((items, pos))
}

/// Largest char boundary of `text` not above `i`.
fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A "comma 2 dell'" / "lettera a) del comma 1 dell'" ending at `kw` and starting at or
/// after `min`: its start, comma and letter.
fn prefix_before(text: &str, kw: usize, min: usize) -> Option<(usize, String, Option<String>)> {
    let from = floor_boundary(text, kw.saturating_sub(80)).max(min);
    let window = text.get(from..kw)?;
    let caps = PREFIX_END.captures(window)?;
    let start = from + caps.get(0)?.start();
    let comma = norm_label(caps.get(2)?.as_str());
    Some((start, comma, caps.get(1).map(|m| norm_label(m.as_str()))))
}

/// The act closing an article-first citation at `pos` (", del D.Lgs. 286/1998",
/// " TUI"): the act and the end of its text.
fn act_after(text: &str, pos: usize) -> Option<(ActRef, usize)> {
    let lead = at(&LEAD_ACT_AT, text, pos)?;
    Some((act_from_caps(&lead.caps, &text[lead.pos..])?, lead.end()))
}

/// The act opening an act-first citation ("DPR 394/1999, art. 13"): an act of `acts`
/// starting at or after `min` and ending just before keyword `kw`, separated from it by
/// blanks and at most one ",", ":" or dash. Returns its start and the act.
fn act_before(
    text: &str,
    kw: usize,
    min: usize,
    acts: &[(Range<usize>, ActRef)],
) -> Option<(usize, ActRef)> {
    let i = acts.partition_point(|(r, _)| r.end <= kw);
    let (range, act) = acts.get(i.checked_sub(1)?)?;
    let mut marks = text
        .get(range.end..kw)?
        .chars()
        .filter(|c| !c.is_whitespace());
    let glue_ok = marks.next().is_none_or(|c| ",:-–".contains(c)) && marks.next().is_none();
    (range.start >= min && glue_ok).then(|| (range.start, act.clone()))
}

/// Every citation in `text`, in order, non-overlapping.
pub fn find_citations(text: &str) -> Vec<Citation> {
    let acts = find_acts(text);
    let mut found: Vec<Citation> = Vec::new();
    // Nothing may start before `min`: the end of the last citation, or of the last
    // article chain that closed no citation (its later keywords would fail the same
    // way, and skipping them keeps long lists linear).
    let mut min = 0;
    for kw in KW_RE.find_iter(text) {
        let kw = kw.start();
        if kw < min {
            continue;
        }
        let Some((mut items, end)) = parse_articles(text, kw) else {
            continue;
        };
        let (span, act) = if let Some((act, act_end)) = act_after(text, end) {
            let mut start = kw;
            if let Some((prefix_start, comma, letter)) = prefix_before(text, kw, min)
                && let Some(first) = items.first_mut().filter(|f| f.comma.is_none())
            {
                start = prefix_start;
                first.comma = Some(comma);
                first.letter = letter;
            }
            (start..act_end, act)
        } else if let Some((act_start, act)) = act_before(text, kw, min, &acts) {
            (act_start..end, act)
        } else {
            min = end;
            continue;
        };
        min = span.end;
        for a in &mut items {
            a.act = act.clone();
        }
        found.push(Citation {
            span,
            articles: items,
        });
    }
    found
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

// ---------------------------------------------------------------------------------
// Queries.

/// An act written loosely in a query: as in text, or "dlgs 286 1998", "dpr 394",
/// or a bare "142/2015" of a known act.
fn query_act(query: &str) -> Option<(Range<usize>, ActRef)> {
    if let Some(found) = find_acts(query).into_iter().next() {
        return Some(found);
    }
    let loose = QUERY_ACT.captures_iter(query).find_map(|caps| {
        let kind = kind_from_caps(&caps)?;
        let number: u32 = caps.name("n")?.as_str().parse().ok()?;
        let act = match caps.name("y1").or_else(|| caps.name("y2")) {
            Some(y) => ActRef::new(kind, number, parse_year(y.as_str())?),
            None => KNOWN_ACTS
                .iter()
                .find(|a| a.kind == kind && a.number == number)?
                .clone(),
        };
        Some((caps.get(0)?.range(), act))
    });
    loose.or_else(|| {
        QUERY_BARE.captures_iter(query).find_map(|caps| {
            let number: u32 = caps.name("n")?.as_str().parse().ok()?;
            let year = parse_year(caps.name("y")?.as_str())?;
            let act = KNOWN_ACTS
                .iter()
                .find(|a| a.number == number && a.year == year)?;
            Some((caps.get(0)?.range(), act.clone()))
        })
    })
}

/// For search queries typed loosely by users: "art. 29 TUI", "19-bis 142/2015", "dpr 394/99 art 13",
/// "art 5 dlgs 286 1998", "tui 29". Returns the articles the query names (usually 0 or 1).
///
/// A query that reads as citations gives their articles. Otherwise the first act in the
/// query (see `find_acts`, plus "kind number year" with blanks, "kind number" and bare
/// "number/year" for the known acts of the course library) is taken with the first
/// article label outside it, preferring one after "art".
pub fn parse_query(query: &str) -> Vec<ArticleRef> {
    let articles: Vec<ArticleRef> = find_citations(query)
        .into_iter()
        .flat_map(|c| c.articles)
        .collect();
    if !articles.is_empty() {
        return articles;
    }
    let Some((act_span, act)) = query_act(query) else {
        return Vec::new();
    };
    // Labels before and after the act; one after an article keyword wins.
    let parts = [
        (0, &query[..act_span.start]),
        (act_span.end, &query[act_span.end..]),
    ];
    let act = &act;
    let candidates: Vec<(bool, ArticleRef)> = parts
        .into_iter()
        .flat_map(|(offset, part)| {
            QUERY_ARTICLE.captures_iter(part).filter_map(move |caps| {
                let label = caps.name("label")?;
                let article = ArticleRef {
                    act: act.clone(),
                    label: norm_label(label.as_str()),
                    comma: caps.name("comma").map(|m| norm_label(m.as_str())),
                    letter: caps.name("letter").map(|m| norm_label(m.as_str())),
                    span: offset + label.start()..offset + label.end(),
                };
                Some((caps.name("kw").is_some(), article))
            })
        })
        .collect();
    let best = candidates.iter().find(|(kw, _)| *kw).or(candidates.first());
    best.map(|(_, a)| a.clone()).into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;
    use std::path::{Path, PathBuf};

    /// Article ids of every citation in `text`, flattened.
    fn ids(text: &str) -> Vec<String> {
        find_citations(text)
            .iter()
            .flat_map(|c| c.articles.iter().map(ArticleRef::id))
            .collect()
    }

    /// Checks the invariants every result must satisfy, whatever the input.
    fn check_invariants(text: &str) {
        let citations = find_citations(text);
        let mut last_end = 0;
        for c in &citations {
            assert!(c.span.start >= last_end, "overlap in {text:?}");
            assert!(c.span.start < c.span.end && c.span.end <= text.len());
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            assert!(!c.articles.is_empty());
            for a in &c.articles {
                assert!(a.span.start >= c.span.start && a.span.end <= c.span.end);
                assert!(text.get(a.span.clone()).is_some(), "bad span in {text:?}");
                assert!(!a.label.is_empty() && !a.label.starts_with('-'));
            }
            last_end = c.span.end;
        }
        let mut last_end = 0;
        for (span, _) in find_acts(text) {
            assert!(span.start >= last_end && text.get(span.clone()).is_some());
            last_end = span.end;
        }
        for a in parse_query(text) {
            assert!(text.get(a.span.clone()).is_some());
        }
    }

    const TUI: &str = "dlgs-286-1998";

    #[test]
    fn citation_forms() {
        let table: &[(&str, &[&str])] = &[
            ("art. 29 del D.Lgs. 286/1998", &["dlgs-286-1998/art-29"]),
            (
                "art. 5, comma 2, del D.Lgs. n. 286/1998",
                &["dlgs-286-1998/art-5"],
            ),
            (
                "art. 19-bis, comma 2, D.Lgs. n. 142/2015",
                &["dlgs-142-2015/art-19-bis"],
            ),
            ("art. 19-bis D.Lgs. 142/2015", &["dlgs-142-2015/art-19-bis"]),
            (
                "artt. 4 e 5 TUI",
                &["dlgs-286-1998/art-4", "dlgs-286-1998/art-5"],
            ),
            (
                "artt. 29 e 29-bis TUI",
                &["dlgs-286-1998/art-29", "dlgs-286-1998/art-29-bis"],
            ),
            (
                "artt. 29, 29-bis e 30 del D.Lgs. 286/1998",
                &[
                    "dlgs-286-1998/art-29",
                    "dlgs-286-1998/art-29-bis",
                    "dlgs-286-1998/art-30",
                ],
            ),
            (
                "artt. 5-9 TUI",
                &["dlgs-286-1998/art-5", "dlgs-286-1998/art-9"],
            ),
            (
                "artt. 5-bis-7 TUI",
                &["dlgs-286-1998/art-5-bis", "dlgs-286-1998/art-7"],
            ),
            ("DPR 394/99 art. 13", &["dpr-394-1999/art-13"]),
            ("DPR 394/1999, art. 13", &["dpr-394-1999/art-13"]),
            ("art. 13 del D.P.R. n. 394/1999", &["dpr-394-1999/art-13"]),
            ("art. 46 del DPR 445/2000", &["dpr-445-2000/art-46"]),
            ("art. 46 del d.P.R. 445/2000", &["dpr-445-2000/art-46"]),
            ("L. 47/2017, art. 11", &["l-47-2017/art-11"]),
            ("art. 11 della L. 47/2017", &["l-47-2017/art-11"]),
            ("art. 11 della legge n. 47/2017", &["l-47-2017/art-11"]),
            ("legge 7 aprile 2017, n. 47, art. 11", &["l-47-2017/art-11"]),
            (
                "art. 11 della legge 7 aprile 2017, n. 47",
                &["l-47-2017/art-11"],
            ),
            ("art. 11 L. 47/17", &["l-47-2017/art-11"]),
            (
                "art. 5 del decreto legislativo 25 luglio 1998, n. 286",
                &["dlgs-286-1998/art-5"],
            ),
            (
                "art. 3 del D.Lgs. 18 agosto 2015, n. 142",
                &["dlgs-142-2015/art-3"],
            ),
            ("art. 1 del D.L. 113/2018", &["dl-113-2018/art-1"]),
            (
                "art. 13 del decreto-legge 4 ottobre 2018, n. 113",
                &["dl-113-2018/art-13"],
            ),
            (
                "art. 13 del decreto legge 4 ottobre 2018 n. 113",
                &["dl-113-2018/art-13"],
            ),
            (
                "art. 7, comma 1, lett. b), del D.Lgs. 30/2007",
                &["dlgs-30-2007/art-7"],
            ),
            (
                "art. 28, comma 1, lettera a-bis), DPR 394/1999",
                &["dpr-394-1999/art-28"],
            ),
            ("art. 14.1 del D.Lgs. 286/1998", &["dlgs-286-1998/art-14-1"]),
            (
                "Art. 39-bis.1 del D.Lgs. 286/1998",
                &["dlgs-286-1998/art-39-bis-1"],
            ),
            ("art. 10 quater TUI", &["dlgs-286-1998/art-10-quater"]),
            ("art. 2 terdecies TUI", &["dlgs-286-1998/art-2-terdecies"]),
            ("art. 12 T.U.I.", &["dlgs-286-1998/art-12"]),
            (
                "art. 12 del Testo unico immigrazione",
                &["dlgs-286-1998/art-12"],
            ),
            (
                "art. 12 del testo unico sull'immigrazione",
                &["dlgs-286-1998/art-12"],
            ),
            (
                "art. 12 del testo unico sull’immigrazione",
                &["dlgs-286-1998/art-12"],
            ),
            ("art. 2 della legge Zampa", &["l-47-2017/art-2"]),
            ("art. 19 del decreto accoglienza", &["dlgs-142-2015/art-19"]),
            (
                "art. 6 del regolamento di attuazione del TUI",
                &["dpr-394-1999/art-6"],
            ),
            (
                "art. 6 del regolamento di attuazione del testo unico",
                &["dpr-394-1999/art-6"],
            ),
            (
                "art. 46 del testo unico sulla documentazione amministrativa",
                &["dpr-445-2000/art-46"],
            ),
            (
                "art. 19, commi 1 e 7-bis, del D.Lgs. 142/2015",
                &["dlgs-142-2015/art-19"],
            ),
            ("art. 11, comma 1-bis, TUI", &["dlgs-286-1998/art-11"]),
            ("art. 11, co. 2, TUI", &["dlgs-286-1998/art-11"]),
            (
                "articolo 5, comma 2, del decreto legislativo n. 286 del 1998",
                &["dlgs-286-1998/art-5"],
            ),
            (
                "articoli 9 e 11 del decreto legislativo 18 agosto 2015, n. 142",
                &["dlgs-142-2015/art-9", "dlgs-142-2015/art-11"],
            ),
            (
                "art. 31, comma 4, e art. 33, comma 2-bis, del D.Lgs. 286/1998",
                &["dlgs-286-1998/art-31", "dlgs-286-1998/art-33"],
            ),
            (
                "art. 4-bis, comma 2, ultimo periodo, del\nD.Lgs. 286/1998",
                &["dlgs-286-1998/art-4-bis"],
            ),
            (
                "(art. 38 TUI; art. 45 del\n>   DPR 394/1999)",
                &["dlgs-286-1998/art-38", "dpr-394-1999/art-45"],
            ),
            ("art. 5, comma 8.1, TUI", &["dlgs-286-1998/art-5"]),
            (
                "art. 40, comma 01, del DPR 445/2000",
                &["dpr-445-2000/art-40"],
            ),
            (
                "art. 2, comma 1, lett. b) ed e), del D.Lgs. 142/2015",
                &["dlgs-142-2015/art-2"],
            ),
            (
                "comma 2 dell'art. 5 del D.Lgs. 286/1998",
                &["dlgs-286-1998/art-5"],
            ),
            ("art. 1 del d.P.C.M. 12/2020", &["dpcm-12-2020/art-1"]),
            ("art. 3 del D.M. 5/2019", &["dm-5-2019/art-3"]),
            ("art 5 dlgs 286/98", &["dlgs-286-1998/art-5"]),
            ("ART. 29 DEL D.LGS. 286/1998", &["dlgs-286-1998/art-29"]),
            (
                "(art. 4, comma 1; art. 26-bis, comma 3, del D.Lgs. 25/2008)",
                &["dlgs-25-2008/art-26-bis"],
            ),
            (
                "art. 2 del D.Lgs. 25/2008 e art. 2 del D.Lgs. 251/2007",
                &["dlgs-25-2008/art-2", "dlgs-251-2007/art-2"],
            ),
            (
                "artt. 4, 5, 5-bis, 5-ter, 5-quater, 9 e 11 del D.Lgs. 142/2015",
                &[
                    "dlgs-142-2015/art-4",
                    "dlgs-142-2015/art-5",
                    "dlgs-142-2015/art-5-bis",
                    "dlgs-142-2015/art-5-ter",
                    "dlgs-142-2015/art-5-quater",
                    "dlgs-142-2015/art-9",
                    "dlgs-142-2015/art-11",
                ],
            ),
            // Forms of the Normattiva texts.
            (
                "articolo 13, comma 5-bis, del testo unico di cui al [decreto legislativo 25 \
                 luglio 1998, n. 286](https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato)",
                &["dlgs-286-1998/art-13"],
            ),
            (
                "articolo 6, comma 7, del citato decreto legislativo n. 286 del 1998",
                &["dlgs-286-1998/art-6"],
            ),
            (
                "articoli 11, comma 6, e 40 del decreto legislativo 25 luglio 1998, n. 286",
                &["dlgs-286-1998/art-11", "dlgs-286-1998/art-40"],
            ),
            (
                "articoli 25 e seguenti del decreto legislativo 9 aprile 1991, n. 127",
                &["dlgs-127-1991/art-25"],
            ),
            (
                "articoli 30-bis, commi da 1 a 3 e da 5 a 9, e 31 del decreto del Presidente \
                 della Repubblica n. 394 del 1999",
                &["dpr-394-1999/art-30-bis", "dpr-394-1999/art-31"],
            ),
            ("Legge 6 marzo 1998, n. 40, art. 1", &["l-40-1998/art-1"]),
            (
                "articolo 4-bis, comma 1, terzo periodo, della legge 26 luglio 1975, n. 354",
                &["l-354-1975/art-4-bis"],
            ),
            ("art. 13 del d.l. n. 113 del 2018", &["dl-113-2018/art-13"]),
            (
                "articolo 4 della stessa legge n. 390 del 1991",
                &["l-390-1991/art-4"],
            ),
        ];
        assert!(table.len() >= 40);
        for (input, expected) in table {
            assert_eq!(ids(input), *expected, "input: {input:?}");
            check_invariants(input);
        }
    }

    #[test]
    fn commi_letters_and_spans() {
        let table: &[(&str, &str, Option<&str>, Option<&str>)] = &[
            (
                "art. 5, comma 2, del D.Lgs. n. 286/1998",
                "5",
                Some("2"),
                None,
            ),
            (
                "art. 7, comma 1, lett. b), del D.Lgs. 30/2007",
                "7",
                Some("1"),
                Some("b"),
            ),
            (
                "art. 28, comma 1, lettera a-bis), DPR 394/1999",
                "28",
                Some("1"),
                Some("a-bis"),
            ),
            (
                "art. 14, comma 1, lett. c-bis), e comma 1-bis, del DPR 394/1999",
                "14",
                Some("1"),
                Some("c-bis"),
            ),
            ("art. 5, comma 3 bis, TUI", "5", Some("3-bis"), None),
            ("art. 5, comma 8.1-bis, TUI", "5", Some("8-1-bis"), None),
            ("art. 19, commi 1, 2 e 2-bis, TUI", "19", Some("1"), None),
            (
                "lettera a) del comma 1 dell'articolo 4 del D.Lgs. 142/2015",
                "4",
                Some("1"),
                Some("a"),
            ),
            ("art. 29 bis TUI", "29 bis", None, None),
            (
                "articolo 39, secondo comma, della legge 1° aprile 1981, n. 121",
                "39",
                Some("2"),
                None,
            ),
            (
                "art. 2, comma terzo, della legge 24 dicembre 1954, n. 1228",
                "2",
                Some("3"),
                None,
            ),
            ("art. 5, commi 2 e 3, lett. a), TUI", "5", Some("2"), None),
        ];
        for (input, raw_label, comma, letter) in table {
            let found = find_citations(input);
            assert_eq!(found.len(), 1, "input: {input:?}");
            let a = &found[0].articles[0];
            assert_eq!(&input[a.span.clone()], *raw_label, "input: {input:?}");
            assert_eq!(a.comma.as_deref(), *comma, "input: {input:?}");
            assert_eq!(a.letter.as_deref(), *letter, "input: {input:?}");
        }
        let text = "Vedi l'art. 5, comma 2, del D.Lgs. 286/1998 e poi.";
        let c = &find_citations(text)[0];
        assert_eq!(
            &text[c.span.clone()],
            "art. 5, comma 2, del D.Lgs. 286/1998"
        );
        let text = "Il DPR 394/1999, art. 13, comma 1, dice";
        let c = &find_citations(text)[0];
        assert_eq!(&text[c.span.clone()], "DPR 394/1999, art. 13, comma 1");
    }

    #[test]
    fn not_citations() {
        let negatives = [
            "dell'art. 5 e del comma 3 si dirà oltre. Altro tema: il D.Lgs. 142/2015.",
            "l'art. 5 e l'art. 7",
            "art. senza numero del D.Lgs. 286/1998",
            "art. del D.Lgs. 286/1998",
            "Comuni con più di 5.000 abitanti",
            "art. 5.000 abitanti",
            "art. 495 del codice penale",
            "art. 13 del presente testo unico",
            "dell'articolo 4, comma 3 della direttiva 2013/33/UE",
            "di cui all'articolo 4, comma 1, ovvero la ricevuta",
            "https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:decreto.legislativo:1998-07-25;286~art5",
            "http://example.org/art.5/dlgs/286/1998",
            "art. 5 (vedi sopra) del D.Lgs. 286/1998",
            "art. 9, art. 11, e le strutture SAI",
            "art. 5 del regolamento di attuazione",
            "art. 3 del D.M. 12/12/2019",
            "art. 3 della L.R. 12/2005",
            "art. 3 del D.M. sanità 5 luglio 1975",
            "art. 5; D.Lgs. 286/1998",
            "l'arte 5 del D.Lgs. 286/1998",
            "art. 5, quarto comma, della Tabella di cui all'Allegato B del DPR 26 ottobre 1972, n. 642",
            "articoli 17 e 18 della convenzione di Ginevra del 28 luglio 1951, ratificata con \
             legge 24 luglio 1954, n. 722",
            "Art. 25. — Modifiche al decreto legislativo 28 gennaio 2008, n. 25",
            "Le misure dell'art. 42\n\nL'ufficio applica il D.Lgs. 286/1998",
        ];
        for text in negatives {
            assert!(
                find_citations(text).is_empty(),
                "unexpected citation in {text:?}"
            );
            check_invariants(text);
        }
        assert!(
            find_acts("Comuni con più di 5.000 abitanti, L.R. 12/2005, D.M. 12/12/2019").is_empty()
        );
    }

    #[test]
    fn acts_without_articles() {
        let text = "Il D.Lgs. 142/2015 (il \"decreto accoglienza\") e il TUI; la legge 7 aprile 2017, \
                    n. 47 (la cosiddetta \"legge Zampa\"); D.L. 113/2018, decreto-legge 4 ottobre 2018, \
                    n. 113; d.P.R. 445/2000; T.U.I.; regolamento di attuazione del testo unico; \
                    DPR 30 maggio 1989, n. 223; L. 1228/1954; legge n. 91 del 1992";
        let found: Vec<String> = find_acts(text).iter().map(|(_, a)| a.id()).collect();
        let expected = [
            "dlgs-142-2015",
            "dlgs-142-2015",
            TUI,
            "l-47-2017",
            "l-47-2017",
            "dl-113-2018",
            "dl-113-2018",
            "dpr-445-2000",
            TUI,
            "dpr-394-1999",
            "dpr-223-1989",
            "l-1228-1954",
            "l-91-1992",
        ];
        assert_eq!(found, expected);
        let (span, _) = &find_acts("Vedi D.Lgs. 18 agosto 2015, n. 142.")[0];
        assert_eq!(span.clone(), 5..34);
        assert!(find_citations("Il TUI è stato modificato").is_empty());
    }

    #[test]
    fn queries() {
        let table: &[(&str, &[&str])] = &[
            ("art. 29 TUI", &["dlgs-286-1998/art-29"]),
            ("19-bis 142/2015", &["dlgs-142-2015/art-19-bis"]),
            ("dpr 394/99 art 13", &["dpr-394-1999/art-13"]),
            ("art 5 dlgs 286 1998", &["dlgs-286-1998/art-5"]),
            ("tui 29", &["dlgs-286-1998/art-29"]),
            ("29 tui", &["dlgs-286-1998/art-29"]),
            ("tui art 29 bis", &["dlgs-286-1998/art-29-bis"]),
            ("art. 14.1 tui", &["dlgs-286-1998/art-14-1"]),
            ("dpr 394 art 13", &["dpr-394-1999/art-13"]),
            ("legge zampa 11", &["l-47-2017/art-11"]),
            (
                "decreto accoglienza art 19 comma 3",
                &["dlgs-142-2015/art-19"],
            ),
            ("art. 5 comma 2 tui", &["dlgs-286-1998/art-5"]),
            ("dlgs 142 2015 art 5-bis", &["dlgs-142-2015/art-5-bis"]),
            ("ricongiungimento tui", &[]),
            ("tui", &[]),
            ("art. 29", &[]),
            ("permesso di soggiorno", &[]),
            ("", &[]),
        ];
        for (query, expected) in table {
            let got: Vec<String> = parse_query(query).iter().map(ArticleRef::id).collect();
            assert_eq!(got, *expected, "query: {query:?}");
            check_invariants(query);
        }
        let a = &parse_query("tui 29 comma 2")[0];
        assert_eq!((a.comma.as_deref(), a.span.clone()), (Some("2"), 4..6));
    }

    #[test]
    fn odd_inputs_never_panic() {
        let pieces = [
            "art.",
            "artt.",
            " ",
            "\n> ",
            "5",
            "29",
            "-bis",
            " ter",
            ".1",
            "/",
            "1998",
            "99",
            "D.Lgs.",
            "d.P.R.",
            "L.",
            "TUI",
            ",",
            " comma ",
            " lett. ",
            "a)",
            " e ",
            " del ",
            "n.",
            "è",
            "ß",
            "日本",
            "🙂",
            "\u{200b}",
            "’",
            "(",
            ")",
            ";",
            "\t",
            "testo unico ",
            "luglio ",
            "°",
            "dell'",
            "-",
            "–",
            "٣",
            "..",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..3000 {
            let len = next() % 24;
            let text: String = (0..len)
                .map(|_| pieces[usize::try_from(next() % pieces.len() as u64).unwrap_or(0)])
                .collect();
            check_invariants(&text);
        }
        // Cut real citations at every char boundary.
        let sample =
            "artt. 29, 29-bis e 30 del D.Lgs. 286/1998; DPR 394/99, art. 13; è l'art. 14.1 TUI";
        for (i, _) in sample.char_indices() {
            check_invariants(&sample[..i]);
            check_invariants(&sample[i..]);
        }
        let long = "art. 5, comma 2, del D.Lgs. 286/1998 e àèìòù ".repeat(5_000);
        assert_eq!(find_citations(&long).len(), 5_000);
        check_invariants(&"art. 5 e 6 e 7 e ".repeat(5_000));
        check_invariants(&"9".repeat(100_000));
    }

    #[test]
    fn normattiva_corpus() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/normattiva");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            eprintln!("skipped: no corpus at {}", dir.display());
            return;
        };
        let mut total = 0;
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).expect("corpus file is readable");
            check_invariants(&text);
            total += find_citations(&text).len();
        }
        eprintln!("{total} citations in the corpus");
        assert!(total > 500);
    }

    /// Lesson files: `courses/immigrazione-servizi-comunali/*/*.md` in the crate.
    fn lesson_files() -> Vec<PathBuf> {
        let root =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("courses/immigrazione-servizi-comunali");
        let mut files = Vec::new();
        for module in std::fs::read_dir(&root)
            .expect("course folder is readable")
            .flatten()
        {
            for entry in std::fs::read_dir(module.path())
                .into_iter()
                .flatten()
                .flatten()
            {
                if entry.path().extension().is_some_and(|e| e == "md") {
                    files.push(entry.path());
                }
            }
        }
        files.sort();
        files
    }

    /// Article ids of the corpus (`../shared/corpus/normattiva/<act id>.md`, outside the
    /// repository), from its `Art. N.` headings; empty if the corpus is not there.
    fn corpus_article_ids() -> HashSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/normattiva");
        let heading = Regex::new(r"(?m)^##+ Art\. ([0-9]+(?:[-.][a-z0-9]+)*)\.").expect("valid");
        let mut ids = HashSet::new();
        for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let (Some(act), Ok(text)) = (path.file_stem(), std::fs::read_to_string(&path)) else {
                continue;
            };
            for caps in heading.captures_iter(&text) {
                ids.insert(format!(
                    "{}/art-{}",
                    act.to_string_lossy(),
                    norm_label(&caps[1])
                ));
            }
        }
        ids
    }

    #[test]
    fn lesson_citations() {
        let files = lesson_files();
        assert!(!files.is_empty(), "no lesson files found");
        let mut misses = Vec::new();
        let mut unknown_articles = Vec::new();
        let mut total = 0;
        let closers = Regex::new(r"\b[a-z](?:-[a-z]+)?\)").expect("valid");
        let corpus = corpus_article_ids();
        eprintln!("{} corpus articles", corpus.len());
        for path in &files {
            let text = std::fs::read_to_string(path).expect("lesson is readable");
            let citations = find_citations(&text);
            check_invariants(&text);
            let acts = find_acts(&text);
            for kw in KW_RE.find_iter(&text) {
                let covered = citations.iter().any(|c| c.span.contains(&kw.start()));
                let Some(g) = at(&GROUP_AT, &text, kw.start()) else {
                    continue;
                };
                let window = g.end()..g.end() + 80;
                let Some((act, _)) = acts.iter().find(|(r, _)| window.contains(&r.start)) else {
                    continue;
                };
                if covered {
                    continue;
                }
                // The act belongs to another mention when a bracket, a ";" or another
                // article keyword comes first ("art. 35 (art. 21 del D.Lgs. ...").
                let between = closers.replace_all(&text[g.end()..act.start], "");
                let interrupted = KW_RE.is_match(&between) || between.contains(['(', ')', ';']);
                let end = floor_boundary(&text, kw.start() + 100);
                let snippet = format!("{}: {}", path.display(), &text[kw.start()..end]);
                let snippet = snippet.replace('\n', " ");
                if interrupted {
                    eprintln!("not a citation of the next act (interrupted): {snippet}");
                } else {
                    misses.push(snippet);
                }
            }
            for a in citations.iter().flat_map(|c| &c.articles) {
                total += 1;
                let act = format!("{}/", a.act.id());
                let act_in_corpus = corpus.iter().any(|id| id.starts_with(&act));
                if act_in_corpus && !corpus.contains(&a.id()) {
                    unknown_articles.push(format!("{}: {}", path.display(), a.id()));
                }
            }
        }
        for m in &misses {
            eprintln!("MISSED {m}");
        }
        for u in &unknown_articles {
            eprintln!("NOT IN CORPUS {u}");
        }
        eprintln!("{total} article references in {} lessons", files.len());
        assert!(misses.is_empty(), "{} missed citations", misses.len());
        assert!(
            unknown_articles.is_empty(),
            "{} unknown articles",
            unknown_articles.len()
        );
    }
}
