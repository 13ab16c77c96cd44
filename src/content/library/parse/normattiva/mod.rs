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
mod tests {
    use std::collections::HashSet;
    use std::io::Write as _;
    use std::path::Path;

    use super::super::text_to_html;
    use super::*;

    /// The shared corpus, next to the crate (`<crate>/../shared/corpus/normattiva`).
    const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/normattiva");
    const FIXTURE: &str = include_str!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/library/dlgs-999-2099.md"
    ));

    /// Writes to the real stderr, so the message shows even when test output is captured.
    fn report(message: &str) {
        let _ = writeln!(std::io::stderr(), "{message}");
    }

    /// The corpus files (name, text), or `None` (with a visible message) when the folder is
    /// missing; with `CI=true` a missing corpus fails the test.
    fn corpus() -> Option<Vec<(String, String)>> {
        let dir = Path::new(CORPUS);
        if !dir.is_dir() {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "corpus not found at {CORPUS} (CI=true)"
            );
            report(&format!("skipped: corpus not found at {CORPUS}"));
            return None;
        }
        let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
            .expect("corpus folder is readable")
            .map(|entry| entry.expect("corpus entry").path())
            .filter(|path| path.extension().is_some_and(|e| e == "md"))
            .map(|path| {
                let name = path
                    .file_name()
                    .expect("file name")
                    .to_string_lossy()
                    .into_owned();
                (
                    name,
                    std::fs::read_to_string(&path).expect("corpus file is UTF-8"),
                )
            })
            .collect();
        files.sort();
        assert!(!files.is_empty(), "no .md files in {CORPUS}");
        Some(files)
    }

    fn corpus_act(name: &str) -> Option<ParsedAct> {
        let files = corpus()?;
        let (_, text) = files
            .iter()
            .find(|(n, _)| n == name)
            .expect("corpus file present");
        Some(parse(text).expect("corpus file parses"))
    }

    fn article<'a>(act: &'a ParsedAct, label: &str) -> &'a ParsedArticle {
        let found = act.articles.iter().find(|a| a.label == label);
        found.unwrap_or_else(|| panic!("{} has no article {label}", act.id))
    }

    fn comma<'a>(article: &'a ParsedArticle, label: &str) -> &'a str {
        let found = article.commi.iter().find(|c| c.label == label);
        &found
            .unwrap_or_else(|| panic!("art. {} has no comma {label}", article.label))
            .text
    }

    /// THE acceptance test: one article per `## Art.`/`### Art.` heading, unique ids.
    #[test]
    fn corpus_article_counts_match_headings() {
        let Some(files) = corpus() else { return };
        for (name, text) in &files {
            let headings = text
                .lines()
                .filter(|l| l.starts_with("## Art.") || l.starts_with("### Art."))
                .count();
            let act = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            report(&format!(
                "{name}: {} articles, {headings} headings",
                act.articles.len()
            ));
            assert_eq!(act.articles.len(), headings, "{name}: articles vs headings");
            assert_eq!(
                format!("{}.md", act.id),
                *name,
                "act id matches the file name"
            );
            let mut ids = HashSet::new();
            for article in &act.articles {
                let id = article.id(&act.id);
                assert!(ids.insert(id.clone()), "{name}: duplicate id {id}");
            }
        }
    }

    #[test]
    fn corpus_texts_are_clean_and_render() {
        let Some(files) = corpus() else { return };
        for (name, text) in &files {
            let act = parse(text).unwrap_or_else(|e| panic!("{name}: {e}"));
            for article in &act.articles {
                let texts =
                    std::iter::once(&article.intro).chain(article.commi.iter().map(|c| &c.text));
                for text in texts {
                    let where_ = format!("{name} art. {}", article.label);
                    for marker in [
                        "AGGIORNAMENTO (",
                        "Note all'",
                        "Nota all'",
                        "munito del sigillo",
                    ] {
                        assert!(!text.contains(marker), "{where_}: {marker:?} in the text");
                    }
                    assert!(
                        !text.contains("TAVOLA DI CORRISPONDENZA"),
                        "{where_}: table in text"
                    );
                    let html = text_to_html(text);
                    let (open, close) =
                        (html.matches("<ins").count(), html.matches("</ins>").count());
                    assert_eq!(open, close, "{where_}: unbalanced <ins> in {html}");
                    assert!(!html.contains("<script"), "{where_}");
                }
                assert!(article.commi.iter().all(|c| !c.label.is_empty()));
            }
        }
    }

    #[test]
    fn corpus_spot_checks_tui() {
        let Some(act) = corpus_act("dlgs-286-1998.md") else {
            return;
        };
        assert_eq!(
            (act.kind.as_str(), act.number.as_str(), act.year),
            ("dlgs", "286", 1998)
        );
        assert_eq!(act.date.as_deref(), Some("1998-07-25"));
        assert!(
            act.title
                .starts_with("Testo unico delle disposizioni concernenti")
        );
        assert_eq!(
            act.urn.as_deref(),
            Some("urn:nir:stato:decreto.legislativo:1998-07-25;286")
        );

        let art5 = article(&act, "5");
        assert!(
            art5.heading
                .as_deref()
                .is_some_and(|h| h.contains("Permesso di soggiorno"))
        );
        assert!(comma(art5, "4").contains("novanta giorni"));
        assert!(comma(art5, "8.2").contains("\na) agli stranieri di cui agli articoli 9 e 9-ter;"));
        assert!(
            art5.notes
                .iter()
                .any(|n| n.starts_with("AGGIORNAMENTO (122)"))
        );
        assert!(art5.commi.iter().all(|c| !c.text.contains("AGGIORNAMENTO")));
        let structure = [
            "Titolo II - DISPOSIZIONI SULL'INGRESSO, IL SOGGIORNO E L'ALLONTANAMENTO DAL TERRITORIO DELLO STATO",
            "Capo I - DISPOSIZIONI SULL'INGRESSO E IL SOGGIORNO",
        ];
        assert_eq!(art5.structure, structure);

        let art29bis = article(&act, "29-bis");
        assert_eq!(art29bis.id(&act.id), "dlgs-286-1998/art-29-bis");
        assert_eq!(
            art29bis.heading.as_deref(),
            Some("Ricongiungimento familiare dei rifugiati")
        );
        assert_eq!(article(&act, "14.1").id(&act.id), "dlgs-286-1998/art-14-1");
        assert_eq!(
            article(&act, "39-bis.1").id(&act.id),
            "dlgs-286-1998/art-39-bis-1"
        );

        // rubrica on the next line, source reference kept in the intro
        let art1 = article(&act, "1");
        assert_eq!(art1.heading.as_deref(), Some("Ambito di applicazione"));
        assert!(
            art1.intro
                .starts_with("([Legge 6 marzo 1998, n. 40, art. 1]")
        );
        assert!(comma(art1, "6-bis").starts_with("((Il documento di viaggio europeo"));
        // a whole article inserted by a later act: each comma carries its markers
        let art2bis = article(&act, "2-bis");
        assert_eq!(art2bis.commi.len(), 4);
        assert!(
            art2bis
                .commi
                .iter()
                .all(|c| c.text.starts_with("((") && c.text.ends_with("))"))
        );
        // repealed article
        let art13bis = article(&act, "13-bis");
        assert!(art13bis.repealed && art13bis.commi.is_empty());
        assert!(
            art13bis
                .notes
                .iter()
                .any(|n| n.starts_with("AGGIORNAMENTO (37)"))
        );
        assert!(!article(&act, "13").repealed);
        // inline commi: ` 1-ter.((COMMA ...`, indented `((2. ...`, `3 All'...` without dot
        assert!(comma(article(&act, "11"), "1-ter").starts_with("((COMMA ABROGATO"));
        assert!(comma(article(&act, "44"), "2").starts_with("((Alle controversie"));
        assert!(comma(article(&act, "47"), "3").starts_with("All'[art. 20"));
        // the closing formula is not part of the last article
        assert!(!comma(article(&act, "49"), "2-bis").contains("Dato a Roma"));
    }

    #[test]
    fn corpus_spot_checks_other_acts() {
        let Some(dpr394) = corpus_act("dpr-394-1999.md") else {
            return;
        };
        let art13 = article(&dpr394, "13");
        assert_eq!(art13.id(&dpr394.id), "dpr-394-1999/art-13");
        assert_eq!(
            art13.heading.as_deref(),
            Some("Rinnovo del permesso di soggiorno")
        );
        assert!(article(&dpr394, "38").repealed);
        assert_eq!(
            article(&dpr394, "61-bis").heading.as_deref(),
            Some("Sistemi informativi")
        );
        assert_eq!(
            article(&dpr394, "51").intro,
            "Articolo non ammesso al \"Visto\" della Corte dei conti"
        );
        assert!(comma(article(&dpr394, "3"), "3").starts_with("((Il provvedimento"));

        let Some(dlgs30) = corpus_act("dlgs-30-2007.md") else {
            return;
        };
        assert_eq!(dlgs30.articles.len(), 28);
        assert_eq!(article(&dlgs30, "1").heading.as_deref(), Some("Finalita'"));
        assert!(
            article(&dlgs30, "1")
                .notes
                .iter()
                .any(|n| n.starts_with("Avvertenza"))
        );
        assert_eq!(
            article(&dlgs30, "12").heading.as_deref(),
            Some(
                "Mantenimento del diritto di soggiorno dei familiari in caso di divorzio e di annullamento del matrimonio"
            )
        );

        let Some(dpr445) = corpus_act("dpr-445-2000.md") else {
            return;
        };
        let marks: Vec<_> = ["1", "2", "3", "18"]
            .map(|l| article(&dpr445, l).source_mark.clone())
            .into();
        assert_eq!(
            marks,
            [None, Some("L".into()), Some("R".into()), Some("L-R".into())]
        );
        assert_eq!(article(&dpr445, "2").heading.as_deref(), Some("Oggetto"));
        assert_eq!(
            article(&dpr445, "18").heading.as_deref(),
            Some("Copie autentiche")
        );
        assert_eq!(article(&dpr445, "40").commi[0].label, "01");
        let art8 = article(&dpr445, "8");
        assert!(art8.repealed);
        assert_eq!(
            art8.structure,
            [
                "Capo II - DOCUMENTAZIONE AMMINISTRATIVA",
                "Sezione II - DOCUMENTO INFORMATICO"
            ]
        );
        let last = article(&dpr445, "78");
        assert!(
            last.notes
                .iter()
                .any(|n| n.starts_with("TAVOLA DI CORRISPONDENZA"))
        );

        let Some(dlgs142) = corpus_act("dlgs-142-2015.md") else {
            return;
        };
        // a novella quoting commi of another act: its numbers do not start commi here
        let labels: Vec<&str> = article(&dlgs142, "25")
            .commi
            .iter()
            .map(|c| c.label.as_str())
            .collect();
        assert_eq!(labels, ["1"]);
    }

    #[test]
    fn fixture_parses() {
        let act = parse(FIXTURE).expect("fixture parses");
        assert_eq!(act.id, "dlgs-999-2099");
        assert_eq!(act.title, "Atto di prova per i test.");
        let labels: Vec<&str> = act.articles.iter().map(|a| a.label.as_str()).collect();
        assert_eq!(labels, ["1", "1-bis", "2", "3"]);
        let art1 = &act.articles[0];
        assert_eq!(art1.structure, ["Capo I - Disposizioni generali"]);
        assert_eq!(
            art1.commi[1].text.lines().nth(1),
            Some("a) \"atto di prova\": il presente decreto;")
        );
        assert_eq!(art1.notes.len(), 1);
        assert_eq!(
            act.articles[1].heading.as_deref(),
            Some("Sportello di prova")
        );
        let art2 = &act.articles[2];
        assert_eq!(art2.commi[1].label, "2-bis");
        assert!(art2.commi[0].text.contains("((sessanta giorni))"));
        assert!(art2.notes[0].starts_with("AGGIORNAMENTO (1)\nIl D.Lgs. 1 marzo 2099"));
        assert!(act.articles[3].repealed);
        assert!(
            act.articles
                .iter()
                .all(|a| a.notes.iter().all(|n| !n.contains("munito del sigillo")))
        );
    }

    #[test]
    fn closing_formula_of_a_law_is_dropped() {
        let text = "---\ntipo: LEGGE\nnumero: 7\ndata: 2099-04-07\n---\n\n### Art. 1.\n\n1.\n\nTesto.\n\n\
            La presente legge, munita del sigillo dello Stato, sara' inserita nella Raccolta.\n\n\
            Data a Roma, addi' 7 aprile 2099\n";
        let act = parse(text).expect("parses");
        assert_eq!(act.id, "l-7-2099");
        assert_eq!(act.articles[0].commi[0].text, "Testo.");
    }

    #[test]
    fn front_matter_errors_carry_the_line() {
        let line_of = |text: &str| parse(text).map(|_| ()).map_err(|e| e.line);
        assert_eq!(line_of(""), Err(1));
        assert_eq!(line_of("### Art. 1.\n\n1.\n\nTesto."), Err(1));
        assert_eq!(line_of("\n\n---\ntipo: LEGGE\n"), Err(3));
        assert_eq!(line_of("---\ntipo: LEGGE\nnumero 5\n---\n"), Err(3));
        assert_eq!(
            line_of("---\ntipo: REGIO DECRETO\nnumero: 5\ndata: 1931-06-18\n---\n"),
            Err(2)
        );
        assert_eq!(
            line_of("---\ntipo: LEGGE\nnumero: 5\ndata: 18/06/1931\n---\n"),
            Err(4)
        );
        assert_eq!(line_of("---\ntipo: LEGGE\ndata: 1931-06-18\n---\n"), Err(4));
        let head = "---\ntipo: LEGGE\nnumero: 5\ndata: 2000-01-01\n---\n";
        let only_front_matter = parse(head).expect("front matter only");
        assert!(only_front_matter.articles.is_empty());
        assert_eq!(only_front_matter.id, "l-5-2000");
        assert_eq!(line_of(&format!("{head}\n### Art.\n")), Err(7));
        let twice =
            format!("{head}### Art. 1.\n\n1.\n\nA.\n\n### Art. 2.\n\nB.\n\n### Art. 1.\n\nC.\n");
        assert_eq!(line_of(&twice), Err(16));
    }

    #[test]
    fn never_panics_on_odd_input() {
        let head = "---\ntipo: DECRETO-LEGGE\nnumero: 1\ndata: 2000-01-01\n---\n";
        let odd = [
            "### Art. 1.\n((\n((\n))\n))))\n1.\n((((\n",
            "### Art. 1. — (((\n(\n## \n#\n### Art. 2.\n a)\n b)\n",
            "## Titolo\n\nCAPO\n### Art. 3-bis.1.\n1.2 ((x\n3 Testo\n\"1. Aperte\n2. Citazione\"",
            "### Art. 1.\n--------\nAGGIORNAMENTO (\n### Art. 2.\nIl presente decreto, munito del sigillo\n",
            "### Art. 1. — (L)\nArti. 1 (R)\n\u{200b}\u{feff}é\n(à\n 1.1. È\n((9))\n",
        ];
        for body in odd {
            let text = format!("{head}{body}");
            if let Ok(act) = parse(&text) {
                for a in &act.articles {
                    let _ = text_to_html(&a.intro);
                    a.commi.iter().for_each(|c| drop(text_to_html(&c.text)));
                }
            }
        }
        // truncated documents (fixture and, when present, a corpus file)
        let mut samples = vec![FIXTURE.to_string()];
        samples.extend(
            corpus()
                .into_iter()
                .flatten()
                .filter(|(n, _)| n == "dlgs-30-2007.md")
                .map(|f| f.1),
        );
        for sample in &samples {
            let step = (sample.len() / 97).max(1);
            for cut in (0..sample.len())
                .step_by(step)
                .filter(|&c| sample.is_char_boundary(c))
            {
                let _ = parse(&sample[..cut]);
            }
        }
        // an unclosed quotation followed by many comma-like lines stays linear
        let started = std::time::Instant::now();
        let quoted = format!("{head}### Art. 1.\n\n1.\n\n\"{}", "2. A\n".repeat(30_000));
        assert_eq!(parse(&quoted).map(|a| a.articles[0].commi.len()), Ok(1));
        assert!(
            started.elapsed().as_secs() < 10,
            "took {:?}",
            started.elapsed()
        );
        // pseudo-random bytes, as lossy UTF-8, with and without a front matter
        let alphabet = b"#( )\n.-1a\xc3\xa8ArtTITOLO\xff\x80";
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for round in 0..300 {
            let bytes: Vec<u8> = (0..(round * 7 % 900))
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed as usize) % alphabet.len()]
                })
                .collect();
            let noise = String::from_utf8_lossy(&bytes);
            let _ = parse(&noise);
            if let Ok(act) = parse(&format!("{head}{noise}")) {
                act.articles
                    .iter()
                    .for_each(|a| drop(text_to_html(&a.intro)));
            }
        }
    }
}
