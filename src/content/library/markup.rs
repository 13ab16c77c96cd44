//! Just enough reading of HTML and XML for answers from the web: the attributes of a
//! page's tags, character references, and the root element of a document (to tell an
//! XML export from an HTML error page). Not a parser: what a site means by its pages
//! is the adapter's business (`normattiva.rs`).

use std::sync::LazyLock;

use regex::Regex;

/// An opening tag and its name.
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?is)<([a-z][a-z0-9]*)\b[^>]*>").expect("valid regex"));
static ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?s)([A-Za-z_:][-\w.:]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>=`]+))"#)
        .expect("valid regex")
});

/// The attributes of a tag, names in lower case, values unescaped.
fn attributes(tag: &str) -> Vec<(String, String)> {
    ATTRIBUTE
        .captures_iter(tag)
        .map(|c| {
            let value = c
                .get(2)
                .or(c.get(3))
                .or(c.get(4))
                .map_or("", |m| m.as_str());
            (c[1].to_ascii_lowercase(), unescape(value))
        })
        .collect()
}

/// The attributes of every `name` tag of an HTML page, in order.
pub fn tags<'a>(html: &'a str, name: &'a str) -> impl Iterator<Item = Vec<(String, String)>> + 'a {
    TAG.captures_iter(html)
        .filter(move |c| c[1].eq_ignore_ascii_case(name))
        .map(|c| attributes(&c[0][c[1].len() + 1..]))
}

/// Decodes the character references of an attribute value.
pub fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|end| *end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .map(|hex| u32::from_str_radix(hex, 16))
                    .or_else(|| name.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The root element of a document.
#[derive(Debug, PartialEq, Eq)]
pub enum Root {
    /// `<akomaNtoso>`, with or without a namespace prefix.
    AkomaNtoso,
    /// An HTML page.
    Html,
    /// Another element.
    Other(String),
    /// Not markup at all.
    NotMarkup,
}

/// The root element, after a byte-order mark, the XML declaration, comments,
/// processing instructions and a doctype.
pub fn root_element(text: &str) -> Root {
    let mut rest = text.trim_start_matches('\u{feff}');
    let mut html_doctype = false;
    loop {
        rest = rest.trim_start();
        let skip = if rest.starts_with("<?") {
            rest.find("?>").map(|end| end + 2)
        } else if rest.starts_with("<!--") {
            rest.find("-->").map(|end| end + 3)
        } else if rest
            .get(..9)
            .is_some_and(|s| s.eq_ignore_ascii_case("<!doctype"))
        {
            html_doctype = rest[9..]
                .trim_start()
                .get(..4)
                .is_some_and(|s| s.eq_ignore_ascii_case("html"));
            doctype_end(rest)
        } else if let Some(tag) = rest.strip_prefix('<') {
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
                .collect();
            let local = name.rsplit(':').next().unwrap_or_default();
            return if local == "akomaNtoso" {
                Root::AkomaNtoso
            } else if local.eq_ignore_ascii_case("html") || html_doctype {
                Root::Html
            } else if name.is_empty() {
                Root::NotMarkup
            } else {
                Root::Other(name)
            };
        } else {
            return Root::NotMarkup;
        };
        match skip {
            Some(end) => rest = &rest[end..],
            None => return Root::NotMarkup,
        }
    }
}

/// The end of a doctype, past an internal subset in brackets.
fn doctype_end(text: &str) -> Option<usize> {
    let mut in_subset = false;
    for (i, c) in text.char_indices() {
        match c {
            '[' => in_subset = true,
            ']' => in_subset = false,
            '>' if !in_subset => return Some(i + 1),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_give_their_attributes_unescaped_in_any_quoting() {
        let html = r#"<p><INPUT TYPE=hidden NAME=a.b VALUE='x&amp;y'><input name="c" value="&#38;&#x41;&lt;&bogus;"/>
            <inputs name="no"><a href="/q?x=1&amp;y=2">l</a></p>"#;
        let inputs: Vec<_> = tags(html, "input").collect();
        assert_eq!(
            inputs,
            [
                vec![
                    ("type".into(), "hidden".into()),
                    ("name".into(), "a.b".into()),
                    ("value".into(), "x&y".into())
                ],
                vec![
                    ("name".into(), "c".into()),
                    ("value".into(), "&A<&bogus;".into())
                ],
            ]
        );
        let links: Vec<_> = tags(html, "a").collect();
        assert_eq!(links, [vec![("href".into(), "/q?x=1&y=2".into())]]);
    }

    #[test]
    fn the_root_element_is_found_past_the_prolog() {
        let akn = "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"><act/></akomaNtoso>";
        for prolog in [
            "",
            "\u{feff}",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
            "\u{feff}<?xml version=\"1.0\"?>\n<!-- esportato -->\n<?xml-stylesheet href=\"a.xsl\"?>\n",
            "<!DOCTYPE akomaNtoso [ <!ENTITY agrave \"&#224;\"> ]>\n",
        ] {
            assert_eq!(
                root_element(&format!("{prolog}{akn}")),
                Root::AkomaNtoso,
                "{prolog:?}"
            );
        }
        assert_eq!(
            root_element("<an:akomaNtoso xmlns:an=\"x\"/>"),
            Root::AkomaNtoso
        );
        assert_eq!(
            root_element("<!DOCTYPE html>\n<html lang=\"it\"><body>Errore</body></html>"),
            Root::Html
        );
        assert_eq!(root_element("<!doctype HTML><head></head>"), Root::Html);
        assert_eq!(
            root_element("  <HTML><body>Sessione scaduta</body></HTML>"),
            Root::Html
        );
        assert_eq!(
            root_element("<?xml version=\"1.0\"?><error>no</error>"),
            Root::Other("error".into())
        );
        assert_eq!(root_element("%PDF-1.4 garbage"), Root::NotMarkup);
        assert_eq!(root_element("<!-- never closed"), Root::NotMarkup);
        assert_eq!(root_element(""), Root::NotMarkup);
    }
}
