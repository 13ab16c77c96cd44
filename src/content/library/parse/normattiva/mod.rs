//! Parser of the Normattiva Markdown format (Normattiva OpenData as converted by
//! `dataciviclab/italia-corpus`).
//!
//! The format: a YAML front matter (`tipo`, `numero`, `data`, `titolo`, `urn`, ...), a
//! preamble, structural headings (`## <title>` then a `TITOLO II` / `Capo I` line; the
//! title may embed a lower level, `... CAPO I <title>`), article headings
//! (`### Art. N. — rubrica`, `## Art.` in some files) whose rubrica may continue on the
//! next lines or be there entirely, possibly after a source mark (`— (L)`, `(R)`,
//! `(L-R)`); commi as a number line (`1.`, `3-bis.`, `01.`) then a blank line and the
//! text, or inline (` 8.1. Testo`, `((6-bis. Testo))`); lettere as indented `a)` lines
//! followed by their text; amendments in `((...))`, also as `((` / `))` lines around
//! whole commi; `AGGIORNAMENTO (n)` blocks after a line of dashes, `Note all'art. N:`
//! and `AVVERTENZA:` blocks, a correspondence table (`TAVOLA DI CORRISPONDENZA`) and the
//! closing formula (`Il presente decreto, munito del sigillo dello Stato ...`, `Dato a`).
//!
//! Notes, tables and update blocks go to [`ParsedArticle::notes`]; the preamble and the
//! closing formula are dropped. Numbers inside quoted text (a novella quoting commi of
//! another act) do not start commi.

use std::sync::LazyLock;

use regex::Regex;

use super::html::{Quotes, item_label_len};
use super::{
    ParseError, ParsedAct, ParsedArticle, ParsedComma, act_id, designation, is_iso_date,
    is_repeal_text, kind_from_tipo, label_slug, normalize_heading, push_line, strip_title_code,
    structure_units,
};

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

/// `### Art. 29-bis. — rubrica` (also `## Art.`).
static ART_HEADING: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^#{2,3} Art\.?\s*(?P<label>[^\s—]*)\s*(?:—\s*)?(?P<rest>.*)$"));
/// Comma label: `1`, `3-bis`, `01`, `8.1`, `2-bis.1`.
const LABEL: &str = r"\d{1,3}(?:-[a-z]+)?(?:\.\d{1,3}(?:-[a-z]+)?)*";
/// A line holding only a comma label: `3-bis.`.
static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| regex(&format!(r"^ ?(?P<label>{LABEL})\.$")));
/// A comma label followed by its text: ` 8.1. Testo`, `((6-bis. Testo`, `1.2 ((Testo`.
static INLINE_COMMA: LazyLock<Regex> = LazyLock::new(|| {
    regex(&format!(
        r"^(?P<indent>\s*)(?P<open>\(\()?(?P<label>{LABEL})(?P<sep>\.\s*|\s+)(?P<rest>\S.*)$"
    ))
});
/// A line holding only references to update notes: `((122))`.
static NOTE_REFS: LazyLock<Regex> = LazyLock::new(|| regex(r"^(?:\(\(\d+[a-zA-Z]?\)\)\s*)+$"));
/// A stray source-mark line such as `Arti. 18 (L-R)` before the rubrica.
static MARK_LINE: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^Art\w*\.?\s*\d\S*\s*\((?P<mark>L|R|L-R)\)$"));
/// Start of a notes block: update notes, official notes, warnings, the annexed table.
static NOTE_START: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:AGGIORNAMENTO \(|Not[ae] all[e']|Avvertenza|AVVERTENZA|TAVOLA DI CORRISPONDENZA)")
});

/// Parse a Normattiva Markdown document into a [`ParsedAct`].
///
/// Errors (with the 1-based line) on missing or garbled front matter, an unknown `tipo`,
/// an article heading without a number, or two articles with the same id.
pub fn parse(markdown: &str) -> Result<ParsedAct, ParseError> {
    let text = markdown.strip_prefix('\u{feff}').unwrap_or(markdown);
    let lines: Vec<&str> = text.lines().collect();
    let (act, body_start) = front_matter(&lines)?;
    let mut builder = Builder::default();
    for (index, raw) in lines.iter().enumerate().skip(body_start) {
        builder.line(index + 1, raw)?;
    }
    builder.finish_article();
    act.with_articles(builder.articles)
}

/// Reads the YAML front matter into an act without articles; returns it and the index
/// of the first body line.
fn front_matter(lines: &[&str]) -> Result<(ParsedAct, usize), ParseError> {
    let open = lines.iter().take_while(|l| l.trim().is_empty()).count();
    if lines.get(open).map(|l| l.trim_end()) != Some("---") {
        return Err(ParseError::new(open + 1, "missing YAML front matter"));
    }
    let (mut fields, mut close) = (Vec::new(), 0);
    for (i, line) in lines.iter().enumerate().skip(open + 1) {
        let (n, line) = (i + 1, line.trim_end());
        let key_ok = |k: &str| !k.is_empty() && k.chars().all(|c| c.is_alphanumeric() || c == '_');
        match line.split_once(':') {
            _ if line == "---" => {
                close = n;
                break;
            }
            _ if line.trim().is_empty() || line.starts_with('#') => {}
            Some((key, value)) if key_ok(key) => fields.push((key, unquote(value), n)),
            _ => return Err(ParseError::new(n, "garbled front matter line")),
        }
    }
    if close == 0 {
        return Err(ParseError::new(open + 1, "front matter not closed"));
    }
    let field = |key: &str| fields.iter().find(|f| f.0 == key);
    let get = |key: &str| field(key).map(|f| (f.1.clone(), f.2));
    let need = |key: &str| get(key).ok_or_else(|| ParseError::new(close, format!("no {key}")));
    let (tipo, tipo_line) = need("tipo")?;
    let kind = kind_from_tipo(&tipo);
    let kind = kind.ok_or_else(|| ParseError::new(tipo_line, format!("unknown tipo {tipo:?}")))?;
    let (number, number_line) = need("numero")?;
    if label_slug(&number).is_empty() {
        return Err(ParseError::new(number_line, "empty numero"));
    }
    let (date, date_line) = need("data")?;
    let year = date.get(..4).and_then(|y| y.parse().ok());
    let year = year.filter(|_| is_iso_date(&date));
    let year = year.ok_or_else(|| ParseError::new(date_line, "data is not YYYY-MM-DD"))?;
    let dates = ["vigenza", "data_vigenza", "vigente_al", "vigente"].map(get);
    let mut in_force_at = dates.into_iter().flatten().map(|d| d.0);
    let title = get("titolo").map(|(t, _)| strip_title_code(&t));
    let act = ParsedAct {
        id: act_id(kind, &number, year),
        kind: kind.to_string(),
        number: number.trim().to_string(),
        year,
        date: Some(date),
        title: title.unwrap_or_default(),
        urn: get("urn").map(|(u, _)| u).filter(|u| !u.is_empty()),
        in_force_at: in_force_at.find(|d| is_iso_date(d)),
        articles: Vec::new(),
    };
    Ok((act, close))
}

/// Removes YAML quotes from a scalar value.
fn unquote(value: &str) -> String {
    let v = value.trim();
    let inner = |q: char| v.strip_prefix(q)?.strip_suffix(q);
    match (inner('"'), inner('\'')) {
        (Some(s), _) => s.replace("\\\"", "\"").replace("\\\\", "\\"),
        (_, Some(s)) => s.replace("''", "'"),
        _ => v.to_string(),
    }
}

/// Progress of the rubrica.
#[derive(Default)]
enum Rubrica {
    #[default]
    Done,
    /// The heading had no rubrica: the first paragraph may hold it.
    Pending,
    /// Reading it: text so far, the open parentheses of a parenthesized rubrica, and
    /// whether it started on the heading line (rather than on the next line).
    Reading {
        text: String,
        parens: Option<i64>,
        inline: bool,
    },
}

impl Rubrica {
    /// Starts reading a rubrica whose first line is `first`.
    fn reading(first: &str, inline: bool) -> Self {
        let parens = first.starts_with('(').then_some(0);
        Self::Reading {
            text: String::new(),
            parens,
            inline,
        }
    }
}

/// Article being read.
#[derive(Default)]
struct Current {
    article: ParsedArticle,
    line: usize,
    /// In a notes block: lines go to the last note.
    in_notes: bool,
    /// After the closing formula: lines are dropped.
    closed: bool,
    rubrica: Rubrica,
    /// A rubrica read from the lines after the heading, as written.
    rubrica_raw: Option<String>,
    body_seen: bool,
    /// `((` lines waiting for the text they open.
    pending_open: usize,
    /// A lettera label (`a)`) waiting for its text.
    pending_item: Option<String>,
    /// Quotation marks of the current comma (or intro).
    quotes: Quotes,
}

#[derive(Default)]
struct Builder {
    articles: Vec<(ParsedArticle, usize)>,
    current: Option<Current>,
    structure: Vec<(u8, String)>,
    pending_structure: Option<String>,
}

impl Builder {
    fn line(&mut self, n: usize, raw: &str) -> Result<(), ParseError> {
        let (line, t) = (raw.trim_end(), raw.trim());
        let heading = line.starts_with('#') && t.trim_start_matches('#').starts_with(' ');
        if heading && let Some(title) = self.pending_structure.take() {
            self.push_structure(&title, None);
        }
        if let Some(caps) = ART_HEADING.captures(line) {
            return self.start_article(n, &caps["label"], &caps["rest"]);
        } else if heading {
            self.finish_article();
            self.pending_structure = Some(t.trim_start_matches('#').trim().to_string());
            return Ok(());
        } else if t.is_empty() && self.pending_structure.is_some() {
            return Ok(());
        } else if let Some(title) = self.pending_structure.take() {
            let found = designation(t);
            let consumed = found.is_some();
            self.push_structure(&title, found);
            if consumed {
                return Ok(());
            }
        }
        if let Some(cur) = self.current.as_mut() {
            cur.line(line, t);
        }
        Ok(())
    }

    fn start_article(&mut self, n: usize, label: &str, rest: &str) -> Result<(), ParseError> {
        self.finish_article();
        let structure = self.structure.iter().map(|(_, s)| s.clone()).collect();
        let mut article = ParsedArticle::new(label.trim_end_matches('.'), structure);
        if article.slug.is_empty() {
            return Err(ParseError::new(n, "article heading without a number"));
        }
        let mut rest = rest.trim();
        if let Some((mark, after)) = rest.strip_prefix('(').and_then(|r| r.split_once(')'))
            && matches!(mark, "L" | "R" | "L-R")
        {
            article.source_mark = Some(mark.to_string());
            rest = after.trim();
        }
        let mut cur = Current::default();
        (cur.article, cur.line, cur.rubrica) = (article, n, Rubrica::Pending);
        if !rest.is_empty() {
            cur.rubrica = Rubrica::reading(rest, true);
            cur.rubrica_line(rest);
        }
        self.current = Some(cur);
        Ok(())
    }

    /// Applies a structural heading (title, designation line if any) to the structure.
    fn push_structure(&mut self, title: &str, found: Option<(u8, String)>) {
        for (level, text) in structure_units(title, found) {
            self.structure.retain(|(l, _)| *l < level);
            self.structure.push((level, text));
        }
    }

    fn finish_article(&mut self) {
        if let Some(cur) = self.current.take() {
            let line = cur.line;
            self.articles.push((cur.finish(), line));
        }
    }
}

impl Current {
    fn target(&mut self) -> &mut String {
        match self.article.commi.last_mut() {
            Some(comma) => &mut comma.text,
            None => &mut self.article.intro,
        }
    }

    fn line(&mut self, line: &str, t: &str) {
        if self.closed {
            return;
        } else if t.is_empty() {
            self.end_rubrica();
            return self.flush_item();
        } else if t.contains(" del sigillo dello Stato") && t.get(3..12) == Some("presente ") {
            // the closing formula, `Il presente decreto ...` / `La presente legge ...`
            self.end_rubrica();
            self.closed = true;
            return;
        }
        let dashes = line.starts_with("---") && t.chars().all(|c| c == '-');
        if dashes || NOTE_START.is_match(t) {
            self.end_rubrica();
            self.flush_item();
            let notes = &mut self.article.notes;
            let after_dashes = self.in_notes && notes.last().is_some_and(String::is_empty);
            if !(after_dashes && t.starts_with("AGGIORNAMENTO (")) {
                notes.push(String::new());
            }
            self.in_notes = true;
        }
        if self.in_notes {
            if let Some(note) = self.article.notes.last_mut().filter(|_| !dashes) {
                push_line(note, t);
            }
            return;
        }
        let structural = matches!(t, "((" | "))")
            || LABEL_LINE.is_match(line)
            || self.inline_comma(line).is_some()
            || item_label_len(t) == Some(t.len());
        if !self.read_rubrica(line, t, structural) {
            self.body_line(line, t);
        }
    }

    /// Feeds a line to the rubrica reader; returns whether the line was consumed.
    fn read_rubrica(&mut self, line: &str, t: &str, structural: bool) -> bool {
        let continuation = line.starts_with([' ', '\t']) && !t.starts_with(['(', '[']);
        match &self.rubrica {
            Rubrica::Done => false,
            Rubrica::Pending if structural || NOTE_REFS.is_match(t) || is_repeal_text(t) => {
                self.rubrica = Rubrica::Done;
                false
            }
            Rubrica::Pending => {
                if let Some(caps) = MARK_LINE.captures(t) {
                    self.article.source_mark = Some(caps["mark"].to_string());
                } else {
                    self.rubrica = Rubrica::reading(t, false);
                    self.rubrica_line(t);
                }
                true
            }
            Rubrica::Reading { parens, .. }
                if structural || (parens.is_none() && !continuation) =>
            {
                self.end_rubrica();
                false
            }
            Rubrica::Reading { .. } => {
                self.rubrica_line(t);
                true
            }
        }
    }

    /// Adds a line to the rubrica; a parenthesized rubrica ends where its parentheses
    /// balance, and what follows (a source reference) goes to the intro.
    fn rubrica_line(&mut self, t: &str) {
        let Rubrica::Reading { text, parens, .. } = &mut self.rubrica else {
            return;
        };
        let close = parens.as_mut().and_then(|depth| {
            t.char_indices().find_map(|(i, c)| {
                *depth += i64::from(c == '(') - i64::from(c == ')');
                (*depth <= 0).then_some(i + 1)
            })
        });
        let Some((head, tail)) = close.and_then(|end| Some((t.get(..end)?, t.get(end..)?))) else {
            return push_line(text, t);
        };
        push_line(text, head);
        self.end_rubrica();
        if tail.chars().any(char::is_alphanumeric) {
            push_line(&mut self.article.intro, tail.trim());
        }
    }

    fn end_rubrica(&mut self) {
        if let Rubrica::Reading { .. } = self.rubrica
            && let Rubrica::Reading { text, inline, .. } = std::mem::take(&mut self.rubrica)
        {
            self.article.heading = normalize_heading(&text);
            self.rubrica_raw = (!inline).then_some(text);
        }
    }

    /// A comma starting with its text on the same line: label, opened by `((`, text.
    /// Not inside a quotation, not indented unless after `((`; without the dot after the
    /// label only as `1.2 ((...` or for the number after the current comma (`3 All'...`).
    fn inline_comma(&self, line: &str) -> Option<(String, bool, String)> {
        let caps = INLINE_COMMA.captures(line)?;
        let (label, rest, open) = (&caps["label"], &caps["rest"], caps.name("open").is_some());
        let first = rest.chars().next()?;
        let previous = self.article.commi.last().map_or("", |c| c.label.as_str());
        let numbers = (label.parse::<u32>(), previous.parse::<u32>());
        let next = matches!(numbers, (Ok(l), Ok(p)) if l == p + 1);
        let dotless_ok = next || (label.contains('.') && rest.starts_with("(("));
        let ok = (first.is_uppercase() || matches!(first, '(' | '«' | '"'))
            && (caps["indent"].len() <= 1 || open)
            && (caps["sep"].starts_with('.') || dotless_ok)
            && !self.quotes.open();
        ok.then(|| (label.to_string(), open, rest.to_string()))
    }

    fn body_line(&mut self, line: &str, t: &str) {
        if t == "((" {
            self.flush_item();
            self.pending_open += 1;
        } else if t == "))" {
            self.flush_item();
            self.target().push_str("))");
        } else if let Some(caps) = LABEL_LINE.captures(line) {
            self.push_comma(&caps["label"], String::new());
        } else if let Some((label, open, rest)) = self.inline_comma(line) {
            let opens = std::mem::take(&mut self.pending_open) + usize::from(open);
            self.push_comma(&label, format!("{}{rest}", "((".repeat(opens)));
        } else if item_label_len(t) == Some(t.len()) {
            self.flush_item();
            self.pending_item = Some(t.to_string());
        } else if NOTE_REFS.is_match(t) && !self.target().is_empty() {
            let target = self.target();
            target.push(' ');
            target.push_str(t);
        } else {
            let item = self.pending_item.take().map_or(String::new(), |l| l + " ");
            let opens = "((".repeat(std::mem::take(&mut self.pending_open));
            let text = format!("{opens}{item}{t}");
            self.quotes.feed(&text);
            push_line(self.target(), &text);
            self.body_seen = true;
        }
    }

    fn push_comma(&mut self, label: &str, text: String) {
        self.flush_item();
        self.quotes = Quotes::default();
        self.quotes.feed(&text);
        self.article.commi.push(ParsedComma::new(label, text));
        self.body_seen = true;
    }

    fn flush_item(&mut self) {
        if let Some(item) = self.pending_item.take() {
            push_line(self.target(), &item);
        }
    }

    fn finish(mut self) -> ParsedArticle {
        self.end_rubrica();
        self.flush_item();
        let mut article = self.article;
        if let Some(raw) = self.rubrica_raw.filter(|_| !self.body_seen) {
            // The only paragraph was the article's text, not its rubrica.
            article.heading = None;
            article.intro = format!("{raw}\n{}", article.intro);
        }
        article.finish(false);
        article
    }
}

#[cfg(test)]
mod tests;
