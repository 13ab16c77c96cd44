//! The citation patterns. Templates name fragments in braces; `build` expands them in
//! the order of `FRAGMENTS` (composite fragments first) and compiles case-insensitively.
//! `at` matches an anchored pattern at a byte offset.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

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
        $($(#[$doc])* pub(super) static $name: LazyLock<Regex> = LazyLock::new(|| build($template));)*
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

/// A match of an anchored pattern at byte `pos`; capture offsets are relative to `pos`.
pub(super) struct At<'t> {
    pub(super) caps: Captures<'t>,
    pub(super) pos: usize,
}

impl<'t> At<'t> {
    /// Byte offset, in the whole text, just past the match.
    pub(super) fn end(&self) -> usize {
        self.pos + self.caps.get(0).map_or(0, |m| m.end())
    }

    /// Text and absolute byte range of group `i`.
    pub(super) fn group(&self, i: usize) -> Option<(&'t str, Range<usize>)> {
        let m = self.caps.get(i)?;
        Some((m.as_str(), self.pos + m.start()..self.pos + m.end()))
    }
}

/// Matches `re` (anchored with `\A`) at byte `pos`; None also when `pos` is not a char
/// boundary.
pub(super) fn at<'t>(re: &Regex, text: &'t str, pos: usize) -> Option<At<'t>> {
    let caps = re.captures(text.get(pos..)?)?;
    Some(At { caps, pos })
}
