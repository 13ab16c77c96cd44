//! A lesson's text block by block (paragraphs, list items, table rows), each with the
//! heading of the section it sits in: what search needs to give an article the words
//! of the lessons that cite it.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::CALLOUTS;

/// One block of plain text and the heading above it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// The text of the closest heading before the block, if any.
    pub heading: Option<String>,
    /// The block's plain text, callout markers left out.
    pub text: String,
}

/// The blocks of a lesson body, in order.
pub fn blocks(src: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_heading = false;
    let mut text = String::new();
    for event in Parser::new_ext(src, Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES) {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                let words = collapse(&text);
                heading = (!words.is_empty()).then_some(words);
                text.clear();
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::TableCell) => text.push_str(" · "),
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableRow | TagEnd::TableHead)
                if !in_heading =>
            {
                let mut words = collapse(&text);
                for (slug, _) in CALLOUTS {
                    words = words.replace(&format!("[!{slug}]"), "");
                }
                let words = words.trim();
                if !words.is_empty() {
                    out.push(Block {
                        heading: heading.clone(),
                        text: words.to_string(),
                    });
                }
                text.clear();
            }
            _ => {}
        }
    }
    out
}

fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_carry_the_heading_above_them() {
        let src = "Prima del titolo.\n\n## Il *rinnovo*\n\nUn paragrafo\nsu due righe.\n\n\
                   - una voce\n- un'altra\n\n> [!attenzione]\n> Attenti.\n\n### Sotto\n\n| a | b |\n|---|---|\n| 1 | 2 |\n";
        let owned = blocks(src);
        let got: Vec<(Option<&str>, &str)> = owned
            .iter()
            .map(|b| (b.heading.as_deref(), b.text.as_str()))
            .collect();
        assert_eq!(owned[0].heading, None);
        assert_eq!(owned[1].heading.as_deref(), Some("Il rinnovo"));
        assert_eq!(owned[1].text, "Un paragrafo su due righe.");
        assert!(got.contains(&(Some("Il rinnovo"), "una voce")), "{got:?}");
        assert!(got.contains(&(Some("Il rinnovo"), "Attenti.")), "{got:?}");
        assert!(
            got.iter()
                .any(|(h, t)| *h == Some("Sotto") && t.contains('1')),
            "{got:?}"
        );
    }
}
