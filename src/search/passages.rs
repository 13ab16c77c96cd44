//! An article's passages: each comma, and each lettera of a long comma, indexed apart
//! (with the article's rubrica) so that an article is ranked by its best comma too,
//! and its hit shows and links to that comma.

use serde::Serialize;

use crate::content::library::parse::lettera_label;
use crate::content::library::view;
use crate::db::library::article;

/// A comma longer than this (in bytes of plain text) is also indexed lettera by
/// lettera, when it has lettere.
pub const LONG_COMMA_BYTES: usize = 600;

/// One passage of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Passage {
    /// The comma's anchor on the article page (`comma-3-bis`); empty for the text
    /// before the first comma.
    pub anchor: String,
    /// The comma's label (`3-bis`); empty for the text before the first comma.
    pub comma: String,
    /// The lettera's label (`b`), for a passage that is one lettera of a comma.
    pub letter: Option<String>,
    /// Plain text.
    pub text: String,
}

/// The passages of an article: its intro (text before the first comma), each comma,
/// and each lettera of a comma longer than [`LONG_COMMA_BYTES`].
pub fn passages(model: &article::Model) -> Vec<Passage> {
    let mut out = Vec::new();
    let intro = view::intro_text(model);
    if !intro.is_empty() {
        out.push(Passage {
            anchor: String::new(),
            comma: String::new(),
            letter: None,
            text: intro,
        });
    }
    for comma in view::commi_text(model) {
        if comma.text.len() > LONG_COMMA_BYTES {
            for (letter, text) in lettere(&comma.text) {
                out.push(Passage {
                    anchor: comma.anchor.clone(),
                    comma: comma.label.clone(),
                    letter: Some(letter),
                    text,
                });
            }
        }
        out.push(Passage {
            anchor: comma.anchor,
            comma: comma.label,
            letter: None,
            text: comma.text,
        });
    }
    out
}

/// The lettere of a comma's text: each line starting `a)`, `b-bis)`, `1)` with the
/// lines that follow it up to the next lettera. The lines before the first lettera
/// (the comma's opening words) belong to none.
fn lettere(text: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        match lettera_label(line) {
            Some(label) => out.push((label.to_string(), line.trim().to_string())),
            None => {
                if let Some((_, current)) = out.last_mut() {
                    current.push('\n');
                    current.push_str(line.trim());
                }
            }
        }
    }
    // A single "lettera" is more likely a parenthesis at the start of a line.
    if out.len() < 2 { Vec::new() } else { out }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model(intro: &str, commi: &[(&str, &str)]) -> article::Model {
        let commi: Vec<serde_json::Value> = commi
            .iter()
            .map(|(label, text)| serde_json::json!({"label": label, "text": text}))
            .collect();
        article::Model {
            id: "dlgs-1-2099/art-1".into(),
            act_id: "dlgs-1-2099".into(),
            position: 0,
            label: "1".into(),
            slug: "1".into(),
            heading: Some("Prova".into()),
            source_mark: None,
            structure: "[]".into(),
            intro: intro.into(),
            commi: serde_json::to_string(&commi).expect("JSON"),
            notes: "[]".into(),
            repealed: false,
        }
    }

    #[test]
    fn each_comma_is_a_passage_with_its_anchor() {
        let m = model("", &[("1", "Primo."), ("2-bis", "((Secondo)) [testo](x).")]);
        let p = passages(&m);
        assert_eq!(p.len(), 2);
        assert_eq!(
            (p[1].anchor.as_str(), p[1].comma.as_str()),
            ("comma-2-bis", "2-bis")
        );
        assert_eq!(p[1].text, "Secondo testo.");
        assert!(p.iter().all(|p| p.letter.is_none()));
    }

    #[test]
    fn a_long_comma_is_also_split_at_its_lettere() {
        let filler = "parole di riempimento ".repeat(12);
        let text = format!(
            "Ai fini del presente decreto si intende per:\na) ((prima)) voce: {filler}\nb) seconda voce: {filler}\nsegue\nc-bis) terza voce: {filler}"
        );
        let p = passages(&model("Testo iniziale.", &[("1", &text)]));
        let letters: Vec<Option<&str>> = p.iter().map(|p| p.letter.as_deref()).collect();
        assert_eq!(
            letters,
            [None, Some("a"), Some("b"), Some("c-bis"), None],
            "{p:?}"
        );
        assert_eq!(p[0].anchor, "", "the intro has no anchor");
        assert!(p[1].text.starts_with("a) prima voce"), "{}", p[1].text);
        assert!(p[2].text.ends_with("\nsegue"), "{}", p[2].text);
        assert_eq!(p[3].anchor, "comma-1");
        assert_eq!(p[4].text, text.replace("((", "").replace("))", "").trim());
        // A short comma with lettere is one passage.
        let short = passages(&model("", &[("1", "a) uno\nb) due")]));
        assert_eq!(short.len(), 1);
    }
}
