//! Parsers of legal acts into one structure, whatever the source format.
//!
//! Two sources are supported:
//!
//! - [`normattiva`]: the Markdown produced from Normattiva OpenData (YAML front matter,
//!   `### Art. N. — rubrica` headings, commi as number lines, amendments in `((...))`);
//! - [`akoma_ntoso`]: Akoma Ntoso 3.0 XML (`act` → `meta`/`preface`/`body`).
//!
//! Both produce a [`ParsedAct`]: the act's identity (kind, number, year, title, URN) and
//! its articles, each with its rubrica, enclosing structure (Titolo, Capo, Sezione), the
//! text before the first comma, the numbered commi, the update notes kept apart from
//! the text, and a repealed flag. Texts keep the Normattiva amendment markers `((...))`;
//! [`text_to_html`] turns a text into safe HTML for display.

pub mod akoma_ntoso;
mod html;
pub mod normattiva;

pub use html::text_to_html;

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// A legal act parsed from Markdown or XML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedAct {
    /// Stable id of the act, `<kind>-<number>-<year>`, e.g. `dlgs-286-1998`.
    pub id: String,
    /// Kind of act: `dlgs`, `dl`, `l`, `dpr`, `dm` or `dpcm`.
    pub kind: String,
    /// Number of the act, e.g. `286`.
    pub number: String,
    /// Year of the act's date, e.g. `1998`.
    pub year: i32,
    /// Date of the act (ISO `YYYY-MM-DD`).
    pub date: Option<String>,
    /// Title of the act, without the trailing Gazzetta Ufficiale code such as `(98G0348)`.
    pub title: String,
    /// URN of the act (`urn:nir:...`), when known.
    pub urn: Option<String>,
    /// Date at which the consolidated text is in force (ISO), when known.
    pub in_force_at: Option<String>,
    /// The articles, in document order.
    pub articles: Vec<ParsedArticle>,
}

/// One article of a legal act.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedArticle {
    /// The article number as displayed: `1`, `29-bis`, `14.1`.
    pub label: String,
    /// The id part derived from the label: `1`, `29-bis`, `14-1` (see [`label_slug`]).
    pub slug: String,
    /// The rubrica (article title), without the surrounding `— ` and wrapping parentheses;
    /// amendment markers inside the text are kept.
    pub heading: Option<String>,
    /// Source mark of Testi Unici articles: `L` (legislative), `R` (regulatory) or `L-R`.
    pub source_mark: Option<String>,
    /// Enclosing structural headings, outermost first, e.g. `["Titolo II - ...", "Capo I - ..."]`.
    pub structure: Vec<String>,
    /// Text before the first numbered comma; articles without commi put their whole text here.
    pub intro: String,
    /// The numbered commi.
    pub commi: Vec<ParsedComma>,
    /// Update notes (`AGGIORNAMENTO (n)`), official notes (`Note all'art. N:`, `AVVERTENZA:`)
    /// and annexes that follow the article, one string per block, kept apart from the text.
    pub notes: Vec<String>,
    /// Whether the article is marked as repealed (`ARTICOLO ABROGATO`).
    pub repealed: bool,
}

/// One numbered comma (paragraph) of an article.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedComma {
    /// The comma number: `1`, `3-bis`, `01`, `8.1`.
    pub label: String,
    /// Markdown-ish source text, lettere as `a) ...` lines, amendment markers `((...))` kept.
    pub text: String,
}

impl ParsedComma {
    /// A comma with its label and text.
    pub(crate) fn new(label: &str, text: String) -> Self {
        Self {
            label: label.to_string(),
            text,
        }
    }
}

impl ParsedArticle {
    /// The article's stable id within the act: `<act_id>/art-<slug>`.
    pub fn id(&self, act_id: &str) -> String {
        format!("{act_id}/art-{}", self.slug)
    }

    /// An article with its label and enclosing structure, and no text yet.
    pub(crate) fn new(label: &str, structure: Vec<String>) -> Self {
        let (label, slug) = (label.to_string(), label_slug(label));
        Self {
            label,
            slug,
            structure,
            ..Self::default()
        }
    }

    /// Tidies a parsed article: trims texts, makes each of intro and commi carry balanced
    /// amendment markers, drops empty notes, and flags it repealed when `repealed` or
    /// when it has no commi and its text says so (`ARTICOLO ABROGATO ...`).
    pub(crate) fn finish(&mut self, repealed: bool) {
        self.intro = self.intro.trim().to_string();
        for comma in &mut self.commi {
            comma.text = comma.text.trim().to_string();
        }
        let mut parts: Vec<&mut String> = std::iter::once(&mut self.intro)
            .chain(self.commi.iter_mut().map(|c| &mut c.text))
            .collect();
        html::balance_parts(&mut parts);
        self.notes.retain(|n| !n.trim().is_empty());
        self.repealed = repealed || (self.commi.is_empty() && is_repeal_text(&self.intro));
    }
}

impl ParsedAct {
    /// Adds the articles (each with the line of its heading) to an act, rejecting two
    /// articles with the same id.
    pub(crate) fn with_articles(
        mut self,
        articles: Vec<(ParsedArticle, usize)>,
    ) -> Result<Self, ParseError> {
        let mut seen = std::collections::HashMap::new();
        for (article, line) in &articles {
            if let Some(first) = seen.insert(article.slug.as_str(), *line) {
                let message = format!(
                    "duplicate article id art-{} (first heading at line {first})",
                    article.slug
                );
                return Err(ParseError::new(*line, message));
            }
        }
        self.articles = articles.into_iter().map(|(a, _)| a).collect();
        Ok(self)
    }
}

/// An error met while parsing, with the 1-based line of the input where it was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// 1-based line number of the input.
    pub line: usize,
    /// What went wrong.
    pub message: String,
}

impl ParseError {
    /// Builds an error at `line` (1-based).
    pub fn new(line: usize, message: impl Into<String>) -> Self {
        Self {
            line,
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// Act id from kind/number/year, e.g. `act_id("dlgs", "286", 1998)` is `dlgs-286-1998`.
pub fn act_id(kind: &str, number: &str, year: i32) -> String {
    format!("{}-{}-{year}", label_slug(kind), label_slug(number))
}

/// The id form of an article label: lower case, dots and spaces turned into hyphens,
/// e.g. `29-bis` → `29-bis`, `14.1` → `14-1`, `39-bis.1` → `39-bis-1`.
pub fn label_slug(label: &str) -> String {
    let mut slug = String::with_capacity(label.len());
    for c in label.trim().chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if matches!(c, '.' | ' ' | '-' | '_' | '/')
            && !slug.ends_with('-')
            && !slug.is_empty()
        {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Kind of act from the Normattiva `tipo` (e.g. `DECRETO LEGISLATIVO` → `dlgs`).
pub fn kind_from_tipo(tipo: &str) -> Option<&'static str> {
    let normalized: String = collapse_ws(&tipo.to_uppercase().replace(['-', '.'], " "));
    match normalized.as_str() {
        "DECRETO LEGISLATIVO" => Some("dlgs"),
        "DECRETO LEGGE" => Some("dl"),
        "LEGGE" => Some("l"),
        "DECRETO DEL PRESIDENTE DELLA REPUBBLICA" => Some("dpr"),
        "DECRETO MINISTERIALE" => Some("dm"),
        "DECRETO DEL PRESIDENTE DEL CONSIGLIO DEI MINISTRI" => Some("dpcm"),
        _ => None,
    }
}

/// Collapses runs of whitespace into one space and trims.
pub(crate) fn collapse_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `s` looks like an ISO date `YYYY-MM-DD`.
pub(crate) fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// Removes a trailing Gazzetta Ufficiale code such as `(98G0348)` or `(15G00158)`.
pub(crate) fn strip_title_code(title: &str) -> String {
    let title = collapse_ws(title);
    if let Some(open) = title.rfind('(')
        && title.ends_with(')')
    {
        let code = &title[open + 1..title.len() - 1];
        let letters = code.chars().filter(char::is_ascii_uppercase).count();
        if code.len() >= 6
            && letters == 1
            && code
                .chars()
                .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        {
            return title[..open].trim_end().to_string();
        }
    }
    title
}

/// Cleans a rubrica: collapses whitespace, strips a leading `—`, a trailing period,
/// parentheses or `((...))` markers that wrap the whole text, and an unmatched leading
/// `(` or trailing `)`. Returns `None` when empty.
pub(crate) fn normalize_heading(raw: &str) -> Option<String> {
    let mut text = collapse_ws(raw);
    loop {
        let before = text.len();
        let trimmed = text.trim().trim_start_matches(['—', '–']).trim();
        let trimmed = trimmed.strip_suffix('.').unwrap_or(trimmed).trim();
        let trimmed = if wrapped_in_parens(trimmed) {
            &trimmed[1..trimmed.len() - 1]
        } else {
            trimmed
        };
        let (opens, closes) = (trimmed.matches('(').count(), trimmed.matches(')').count());
        let trimmed = match (trimmed.strip_prefix('('), trimmed.strip_suffix(')')) {
            (Some(inner), _) if opens > closes => inner,
            (_, Some(inner)) if closes > opens => inner,
            _ => trimmed,
        };
        text = trimmed.trim().to_string();
        if text.len() == before {
            break;
        }
    }
    (!text.is_empty()).then_some(text)
}

/// Whether the first `(` of `s` is closed by its last `)`.
fn wrapped_in_parens(s: &str) -> bool {
    if !(s.starts_with('(') && s.ends_with(')')) || s.len() < 2 {
        return false;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i == s.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// A structural designation such as `TITOLO II`, `Capo I`, `SEZIONE SECONDA`: returns its
/// nesting level (libro 1 … sezione 5) and its display form (`Titolo II`, `Sezione seconda`).
pub(crate) fn designation(text: &str) -> Option<(u8, String)> {
    let text = collapse_ws(text);
    let text = text.strip_suffix('.').unwrap_or(&text);
    let mut words = text.split(' ');
    let (kind, numeral) = (words.next()?, words.next()?);
    if words.next().is_some() || numeral.is_empty() {
        return None;
    }
    let kind = kind.to_lowercase();
    let level = match kind.as_str() {
        "libro" => 1,
        "parte" => 2,
        "titolo" => 3,
        "capo" => 4,
        "sezione" => 5,
        _ => return None,
    };
    if !numeral.chars().all(char::is_alphanumeric) {
        return None;
    }
    let roman = numeral.chars().all(|c| "IVXLCDMivxlcdm".contains(c));
    let numeral = if roman {
        numeral.to_uppercase()
    } else {
        numeral.to_lowercase()
    };
    let mut display: String = kind[..1].to_uppercase();
    display.push_str(&kind[1..]);
    Some((level, format!("{display} {numeral}")))
}

/// A lower-level designation inside a structural title: `... CAPO I <title>`.
static EMBEDDED: LazyLock<Regex> = LazyLock::new(|| {
    let numeral = r"[IVXLC]+|UNIC[OA]|PRIM[OA]|SECOND[OA]|TERZ[OA]|QUART[OA]|QUINT[OA]|SEST[OA]";
    let pattern = format!(r"\s(?P<d>(?:TITOLO|CAPO|SEZIONE)\s+(?:{numeral}))\.?\s+");
    Regex::new(&pattern).expect("valid regex")
});

/// The structure entries given by a structural heading: its title with its designation
/// line (`Capo I`) when there is one; a title embedding a lower level (`<titolo> CAPO I
/// <capo>`) gives two entries. Each entry comes with its level (see [`designation`];
/// 6 for a heading without designation).
pub(crate) fn structure_units(title: &str, found: Option<(u8, String)>) -> Vec<(u8, String)> {
    let title = title.trim();
    let Some((level, name)) = found else {
        return if title.is_empty() {
            vec![]
        } else {
            vec![(6, structure_entry("", title))]
        };
    };
    let inner = EMBEDDED.captures(title).and_then(|c| {
        let whole = c.get(0)?;
        let (inner_level, inner_name) = designation(&c["d"]).filter(|d| d.0 > level)?;
        let split = (title.get(..whole.start())?, title.get(whole.end()..)?);
        Some((split, inner_level, inner_name))
    });
    match inner {
        Some(((before, after), inner_level, inner_name)) => vec![
            (level, structure_entry(&name, before)),
            (inner_level, structure_entry(&inner_name, after)),
        ],
        None => vec![(level, structure_entry(&name, title))],
    }
}

/// A structure entry such as `Capo I - Disposizioni generali` (either part may be empty).
pub(crate) fn structure_entry(designation: &str, title: &str) -> String {
    let title = normalize_heading(title).unwrap_or_default();
    match (designation.trim(), title.as_str()) {
        (d, "") => d.to_string(),
        ("", t) => t.to_string(),
        (d, t) => format!("{d} - {t}"),
    }
}

/// Appends `line` to `target` on a new line.
pub(crate) fn push_line(target: &mut String, line: &str) {
    if !line.is_empty() {
        if !target.is_empty() {
            target.push('\n');
        }
        target.push_str(line);
    }
}

/// The label of the lettera a line of comma text starts (`a`, `b-bis`, `1`), if it
/// starts one (`a) testo`).
pub fn lettera_label(line: &str) -> Option<&str> {
    let line = line.trim_start();
    html::item_label_len(line).map(|len| &line[..len - 1])
}

/// Marks used for repealed articles.
pub(crate) fn is_repeal_text(text: &str) -> bool {
    let upper = text.to_uppercase();
    upper.contains("ARTICOLO ABROGATO")
        || upper.contains("ARTICOLO NON PIU' PREVISTO")
        || upper.contains("ARTICOLO SOPPRESSO")
}

#[cfg(test)]
mod tests;
