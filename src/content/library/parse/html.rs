//! Rendering of comma texts as safe HTML, and the text reading shared by the parsers:
//! amendment markers, lettere labels and open quotations.
//!
//! Normattiva marks text inserted or replaced by later acts with `((...))`. Parentheses
//! are also ordinary punctuation (`lettera a)`, `(UE) 2016/399`), so markers are read by
//! runs: a run of two or more `(` opens one amendment; in a run of `)` the *last* pairs
//! close the open amendments (`lettera a)))` is a literal `)` followed by a close), and
//! any `))` with no open amendment is literal text.

/// Prefix of the only link targets rendered as links.
const NORMATTIVA: &str = "https://www.normattiva.it/";

/// An inline token of a text line.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Token<'a> {
    /// Literal text.
    Text(&'a str),
    /// `((`: an amendment starts.
    Open,
    /// `))`: the innermost amendment ends.
    Close,
    /// A Markdown link `[text](url)`.
    Link { text: &'a str, url: &'a str },
}

/// Splits `s` into tokens, given the number of amendments open before it; returns the
/// tokens and the number still open after it.
pub(crate) fn tokenize(s: &str, mut depth: usize) -> (Vec<Token<'_>>, usize) {
    let bytes = s.as_bytes();
    let mut tokens = Vec::new();
    let (mut i, mut text_start) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b != b'[' && b != b'(' && b != b')' {
            i += 1;
            continue;
        }
        let end_of_special = if b == b'[' {
            link_at(s, i).map(|(text, url, end)| (Token::Link { text, url }, end))
        } else {
            let run = bytes[i..].iter().take_while(|&&c| c == b).count();
            if b == b'(' && run >= 2 {
                depth += 1;
                push_text(&mut tokens, s, text_start, i);
                tokens.push(Token::Open);
                push_text(&mut tokens, s, i + 2, i + run);
                text_start = i + run;
                i += run;
                continue;
            } else if b == b')' && run >= 2 && depth > 0 {
                let closes = depth.min(run / 2);
                let literal = run - 2 * closes;
                push_text(&mut tokens, s, text_start, i + literal);
                for _ in 0..closes {
                    tokens.push(Token::Close);
                }
                depth -= closes;
                text_start = i + run;
                i += run;
                continue;
            }
            i += run;
            None
        };
        if let Some((token, end)) = end_of_special {
            push_text(&mut tokens, s, text_start, i);
            tokens.push(token);
            i = end;
            text_start = end;
        } else if b == b'[' {
            i += 1;
        }
    }
    push_text(&mut tokens, s, text_start, bytes.len());
    (tokens, depth)
}

fn push_text<'a>(tokens: &mut Vec<Token<'a>>, s: &'a str, start: usize, end: usize) {
    if let Some(text) = s.get(start..end)
        && !text.is_empty()
    {
        tokens.push(Token::Text(text));
    }
}

/// Longest link text or URL looked for, in characters (keeps the scan linear).
const MAX_LINK: usize = 2000;

/// A Markdown link starting at byte `start` (a `[`): link text, URL and end offset.
/// The URL may contain balanced parentheses and no whitespace.
fn link_at(s: &str, start: usize) -> Option<(&str, &str, usize)> {
    let rest = s.get(start + 1..)?;
    let mut chars = rest.char_indices().take(MAX_LINK);
    let (close, _) = chars
        .find(|&(_, c)| c == ']' || c == '[')
        .filter(|&(_, c)| c == ']')?;
    let text = &rest[..close];
    let after = rest.get(close + 1..)?.strip_prefix('(')?;
    let mut depth = 0usize;
    for (i, c) in after.char_indices().take(MAX_LINK) {
        match c {
            '(' => depth += 1,
            ')' if depth == 0 => {
                let url = &after[..i];
                let end = start + 1 + close + 2 + i + 1;
                return (!url.is_empty()).then_some((text, url, end));
            }
            ')' => depth -= 1,
            c if c.is_whitespace() => return None,
            _ => {}
        }
    }
    None
}

/// Number of amendments still open at the end of `text`.
pub(crate) fn open_amendments(text: &str) -> usize {
    text.lines().fold(0, |depth, line| tokenize(line, depth).1)
}

/// Makes every part carry balanced markers: an amendment left open at the end of a part
/// (e.g. a `((` line before comma 1 closed by `))` after the last comma) is closed there
/// and reopened at the start of the next non-empty part.
pub(crate) fn balance_parts(parts: &mut [&mut String]) {
    let mut carried = 0;
    for part in parts.iter_mut() {
        if part.is_empty() {
            continue;
        }
        if carried > 0 {
            part.insert_str(0, &"((".repeat(carried));
        }
        carried = open_amendments(part);
        if carried > 0 {
            part.push_str(&"))".repeat(carried));
        }
    }
}

/// Quotation marks read so far (`"` toggles, `«`/`»` nest), to tell whether a text
/// leaves a quotation open.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Quotes {
    straight: bool,
    guillemets: u32,
}

impl Quotes {
    /// Reads the quotation marks of `text`.
    pub(crate) fn feed(&mut self, text: &str) {
        for c in text.chars() {
            match c {
                '"' => self.straight = !self.straight,
                '«' => self.guillemets += 1,
                '»' => self.guillemets = self.guillemets.saturating_sub(1),
                _ => {}
            }
        }
    }

    /// Whether a quotation is open.
    pub(crate) fn open(self) -> bool {
        self.straight || self.guillemets > 0
    }
}

/// Whether a trimmed line is a list item: a lettera (`a)`, `d-bis)`) or number (`1)`).
pub(crate) fn item_label_len(line: &str) -> Option<usize> {
    let close = line.find(')')?;
    let label = &line[..close];
    let (base, suffix) = label.split_once('-').unwrap_or((label, ""));
    let base_ok = (1..=3).contains(&base.len()) && base.chars().all(|c| c.is_ascii_lowercase())
        || (1..=2).contains(&base.len()) && base.chars().all(|c| c.is_ascii_digit());
    let suffix_ok = suffix.chars().all(|c| c.is_ascii_lowercase());
    (base_ok && suffix_ok).then_some(close + 1)
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Renders one line's tokens, opening `<ins>` for amendments; returns the new depth.
fn render_inline(out: &mut String, line: &str, depth: usize) -> usize {
    let (tokens, new_depth) = tokenize(line, depth);
    let mut open = depth;
    for token in tokens {
        match token {
            Token::Text(t) => escape_into(out, t),
            Token::Open => {
                open += 1;
                out.push_str("<ins class=\"amendment\">");
            }
            Token::Close => {
                open = open.saturating_sub(1);
                out.push_str("</ins>");
            }
            Token::Link { text, url } => {
                if url.starts_with(NORMATTIVA) {
                    out.push_str("<a href=\"");
                    escape_into(out, url);
                    out.push_str("\" rel=\"noopener\">");
                    escape_into(out, text);
                    out.push_str("</a>");
                } else {
                    escape_into(out, text);
                }
            }
        }
    }
    debug_assert_eq!(open, new_depth);
    new_depth
}

/// Renders one block (a paragraph's lines or one list item), reopening the amendments
/// carried in from the previous block and closing those still open at its end, so the
/// HTML stays well-formed whatever the markers.
fn render_block(out: &mut String, lines: &[&str], depth: usize) -> usize {
    out.push_str(&"<ins class=\"amendment\">".repeat(depth));
    let mut depth = depth;
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        depth = render_inline(out, line, depth);
    }
    out.push_str(&"</ins>".repeat(depth));
    depth
}

/// Render one comma's (or intro's) text as safe HTML.
///
/// Everything is HTML-escaped; `((...))` becomes `<ins class="amendment">...</ins>`
/// (unbalanced markers never produce broken HTML); lettere lines (`a) ...`, also a lone
/// `a)` line followed by its text) become a `<ul class="lettere">` list; other lines are
/// paragraphs with `<br>` line breaks. Markdown links `[text](url)` become
/// `<a href="..." rel="noopener">` only for `https://www.normattiva.it/` URLs, plain text
/// otherwise. Raw HTML in the input is never emitted.
pub fn text_to_html(text: &str) -> String {
    mark_note_references(&render_lines(text))
}

/// `((122))` in Normattiva texts points to update note 122, not to inserted text:
/// shown as a superscript reference rather than as an amendment.
fn mark_note_references(html: &str) -> String {
    static NOTE_REF: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"<ins class="amendment">(\d{1,4})</ins>"#).expect("static pattern")
    });
    NOTE_REF
        .replace_all(html, r#"<sup class="note-ref">($1)</sup>"#)
        .into_owned()
}

fn render_lines(text: &str) -> String {
    let mut lines: Vec<String> = Vec::new();
    let mut pending_label: Option<&str> = None;
    for raw in text.lines() {
        let line = raw.trim();
        if item_label_len(line) == Some(line.len()) {
            if let Some(label) = pending_label.replace(line) {
                lines.push(label.to_string());
            }
            continue;
        }
        match pending_label.take() {
            Some(label) if !line.is_empty() => lines.push(format!("{label} {line}")),
            Some(label) => {
                lines.push(label.to_string());
                lines.push(String::new());
            }
            None => lines.push(line.to_string()),
        }
    }
    lines.extend(pending_label.map(str::to_string));

    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let (mut depth, mut i) = (0, 0);
    while i < lines.len() {
        if lines[i].is_empty() {
            i += 1;
        } else if item_label_len(&lines[i]).is_some() {
            out.push_str("<ul class=\"lettere\">");
            while i < lines.len() && item_label_len(&lines[i]).is_some() {
                out.push_str("<li>");
                depth = render_block(&mut out, &[lines[i].as_str()], depth);
                out.push_str("</li>");
                i += 1;
            }
            out.push_str("</ul>");
        } else {
            let start = i;
            while i < lines.len() && !lines[i].is_empty() && item_label_len(&lines[i]).is_none() {
                i += 1;
            }
            let block: Vec<&str> = lines[start..i].iter().map(String::as_str).collect();
            out.push_str("<p>");
            depth = render_block(&mut out, &block, depth);
            out.push_str("</p>");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amendments_become_ins() {
        assert_eq!(
            text_to_html("Il testo ((nuovo)) resta."),
            "<p>Il testo <ins class=\"amendment\">nuovo</ins> resta.</p>"
        );
        // nested parentheses inside the amendment
        assert_eq!(
            text_to_html("((regolamento (UE) 2016/399))"),
            "<p><ins class=\"amendment\">regolamento (UE) 2016/399</ins></p>"
        );
        assert_eq!(
            text_to_html("((lettere a), b) e c)))"),
            "<p><ins class=\"amendment\">lettere a), b) e c)</ins></p>"
        );
        assert_eq!(
            text_to_html("(((UE) 2016/399))"),
            "<p><ins class=\"amendment\">(UE) 2016/399</ins></p>"
        );
        assert_eq!(
            text_to_html("(( (Rubrica) ))"),
            "<p><ins class=\"amendment\"> (Rubrica) </ins></p>"
        );
    }

    #[test]
    fn unbalanced_markers_stay_well_formed() {
        assert_eq!(
            text_to_html("aperto ((senza chiusura"),
            "<p>aperto <ins class=\"amendment\">senza chiusura</ins></p>"
        );
        assert_eq!(
            text_to_html("chiuso)) senza apertura"),
            "<p>chiuso)) senza apertura</p>"
        );
        let html = text_to_html("((inizio\na)\nlettera\nfine))");
        assert_eq!(html.matches("<ins").count(), html.matches("</ins>").count());
        assert!(
            html.contains("<li><ins class=\"amendment\">a) lettera</ins></li>"),
            "{html}"
        );
    }

    #[test]
    fn escaping_and_links() {
        assert_eq!(
            text_to_html("<script>alert('x')</script> & co"),
            "<p>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; co</p>"
        );
        assert_eq!(
            text_to_html(
                "vedi [legge 40](https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1998-03-06;40#art_1)."
            ),
            "<p>vedi <a href=\"https://www.normattiva.it/uri-res/N2Ls?urn:nir:stato:legge:1998-03-06;40#art_1\" rel=\"noopener\">legge 40</a>.</p>"
        );
        assert_eq!(
            text_to_html("[legge](../Leggi%20di%20ratifica/x.md)"),
            "<p>legge</p>"
        );
        assert_eq!(text_to_html("[x](javascript:alert(1))"), "<p>x</p>");
        assert_eq!(
            text_to_html("[a\"b](https://www.normattiva.it/\"onmouseover=x)"),
            "<p><a href=\"https://www.normattiva.it/&quot;onmouseover=x\" rel=\"noopener\">a&quot;b</a></p>"
        );
        // a link closing inside an amendment: `)))` = link end + amendment end
        assert_eq!(
            text_to_html("((vedi [art. 8](https://www.normattiva.it/x#art_8)))"),
            "<p><ins class=\"amendment\">vedi <a href=\"https://www.normattiva.it/x#art_8\" rel=\"noopener\">art. 8</a></ins></p>"
        );
    }

    #[test]
    fn lettere_become_a_list() {
        let html = text_to_html(
            "Si applica:\n                a)\n                    ai primi;\nb) ai secondi.\nResta fermo.",
        );
        assert_eq!(
            html,
            "<p>Si applica:</p><ul class=\"lettere\"><li>a) ai primi;</li><li>b) ai secondi.</li></ul><p>Resta fermo.</p>"
        );
        assert_eq!(
            text_to_html("riga uno\nriga due"),
            "<p>riga uno<br>riga due</p>"
        );
        assert_eq!(text_to_html(""), "");
    }

    #[test]
    fn pathological_input_stays_fast() {
        let started = std::time::Instant::now();
        for text in [
            "[".repeat(200_000),
            "[a".repeat(100_000),
            "((".repeat(100_000),
            "))(".repeat(70_000),
        ] {
            let html = text_to_html(&text);
            assert_eq!(html.matches("<ins").count(), html.matches("</ins>").count());
        }
        assert!(
            started.elapsed().as_secs() < 10,
            "took {:?}",
            started.elapsed()
        );
    }

    #[test]
    fn balancing_carries_open_amendments() {
        let mut intro = String::new();
        let mut a = "((primo".to_string();
        let mut b = "secondo))".to_string();
        balance_parts(&mut [&mut intro, &mut a, &mut b]);
        assert_eq!((a.as_str(), b.as_str()), ("((primo))", "((secondo))"));
        assert_eq!(open_amendments("a ((b)) c ((d"), 1);
        let mut quotes = Quotes::default();
        quotes.feed("il seguente: \"1. Testo");
        assert!(quotes.open());
        quotes.feed("2. Altro.\" e «3. »»");
        assert!(!quotes.open());
    }

    #[test]
    fn note_references_are_not_amendments() {
        let html = text_to_html("Il termine ((novanta giorni)) vale. ((122))");
        assert!(
            html.contains("<ins class=\"amendment\">novanta giorni</ins>"),
            "{html}"
        );
        assert!(
            html.contains("<sup class=\"note-ref\">(122)</sup>"),
            "{html}"
        );
    }
}
