//! The surface syntax of a query: plain words, `"quoted phrases"`, `-exclusions`.

use super::MAX_QUERY_CHARS;

/// The query a string splits into.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Plain words (all of them, in order).
    pub text: String,
    /// Quoted phrases.
    pub phrases: Vec<String>,
    /// Words after a `-`, and phrases after `-"`.
    pub excluded: Vec<String>,
}

/// `input` cut to [`MAX_QUERY_CHARS`] characters.
pub fn truncated(input: &str) -> &str {
    match input.char_indices().nth(MAX_QUERY_CHARS) {
        Some((cut, _)) => &input[..cut],
        None => input,
    }
}

/// Splits a query into plain text, quoted phrases and exclusions.
pub fn parse(input: &str) -> Parsed {
    let mut parsed = Parsed::default();
    let mut plain = String::new();
    let mut rest = truncated(input);
    while let Some(open) = rest.find('"') {
        let before = &rest[..open];
        let negated = before.ends_with('-')
            && before[..before.len() - 1]
                .chars()
                .last()
                .is_none_or(char::is_whitespace);
        plain.push_str(if negated {
            &before[..before.len() - 1]
        } else {
            before
        });
        plain.push(' ');
        let after = &rest[open + 1..];
        match after.find('"') {
            Some(close) => {
                let phrase = after[..close].trim();
                if !phrase.is_empty() {
                    if negated {
                        parsed.excluded.push(phrase.to_string());
                    } else {
                        parsed.phrases.push(phrase.to_string());
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                rest = after;
                break;
            }
        }
    }
    plain.push_str(rest);
    let mut words = Vec::new();
    for word in plain.split_whitespace() {
        match word.strip_prefix('-') {
            Some(excluded) if excluded.chars().any(char::is_alphanumeric) => {
                parsed.excluded.push(excluded.to_string());
            }
            _ => words.push(word),
        }
    }
    parsed.text = words.join(" ");
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_and_exclusions_are_read() {
        let p = parse(r#"permesso "carta di soggiorno" -rinnovo"#);
        assert_eq!(p.text, "permesso");
        assert_eq!(p.phrases, ["carta di soggiorno"]);
        assert_eq!(p.excluded, ["rinnovo"]);
    }

    #[test]
    fn an_unclosed_quote_is_plain_text() {
        let p = parse(r#"iscrizione "anagrafica"#);
        assert!(p.phrases.is_empty());
        assert_eq!(p.text, "iscrizione anagrafica");
    }

    #[test]
    fn a_negated_phrase_is_an_exclusion() {
        let p = parse(r#"permesso -"carta di soggiorno" x-"y""#);
        assert_eq!(p.excluded, ["carta di soggiorno"]);
        assert_eq!(p.phrases, ["y"]);
    }

    #[test]
    fn long_input_is_cut_at_a_character_boundary() {
        let long = "è".repeat(MAX_QUERY_CHARS + 10);
        assert_eq!(truncated(&long).chars().count(), MAX_QUERY_CHARS);
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion() {
        let p = parse("art. 5 - comma 2 --");
        assert!(p.excluded.is_empty());
    }
}
