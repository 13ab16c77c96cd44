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
//!
//! `patterns.rs` holds the regular expressions, `acts.rs` recognises acts, `text.rs`
//! article chains in running text, `query.rs` search queries, `labels.rs` normalises
//! labels; the types and the three entry points are here.

mod acts;
mod labels;
mod patterns;
mod query;
#[cfg(test)]
mod tests;
mod text;

pub use acts::find_acts;
pub use query::parse_query;
pub use text::find_citations;

use std::ops::Range;

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
