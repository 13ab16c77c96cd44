//! The surface syntax of a query: plain words, `"quoted phrases"`, `-exclusions`; and
//! the function words of a question ("come", "cosa", "posso", "serve"), which say how
//! something is asked, not what about: they are left out of scoring and highlights.

use super::MAX_QUERY_CHARS;

/// Words of questions and requests that the index's stop words (Snowball's Italian
/// list) keep, as the exact analyzer gives them (lower case, accents folded): question
/// words, modal and light verbs, fillers of a question typed at a counter. Content
/// words that a question may hinge on ("termine", "documenti", "rinnovo") are not here.
#[rustfmt::skip]
const FUNCTION_WORDS: &[&str] = &[
    // question words
    "cosa", "cos", "quando", "qual", "quale", "quali", "quanto", "quanti", "quanta", "quante",
    "chi", "come", "dove", "perche",
    // modal and light verbs of a request
    "posso", "puoi", "puo", "possiamo", "potete", "possono", "potrei", "potrebbe",
    "potrebbero", "devo", "devi", "deve", "dobbiamo", "dovete", "devono", "dovrei",
    "dovrebbe", "dovrebbero", "bisogna", "occorre", "occorrono", "serve", "servono",
    "servirebbe", "fare", "fa", "vorrei", "voglio", "vuole", "vogliono", "sapere", "so", "sai",
    "sa", "succede", "accade", "viene", "vengono", "va", "vanno", "essere", "avere",
    // greetings and courtesy at a counter
    "buongiorno", "buonasera", "salve", "grazie", "prego", "gentilmente", "cortesemente",
];

/// The same for German questions, beside Snowball's German stop words (which already
/// hold "wie", "was", "wo", "kann", "muss", "ich"), folded as the exact analyzer gives
/// them ("dürfen" → "durfen").
#[rustfmt::skip]
const GERMAN_FUNCTION_WORDS: &[&str] = &[
    // question words
    "wann", "wer", "wen", "wem", "wessen", "warum", "wieso", "weshalb", "wieviel",
    "wieviele", "woher", "wohin", "wozu", "womit", "wofur", "worum", "wobei",
    // modal and light verbs of a request
    "darf", "darfst", "durfen", "musst", "mussen", "sollen", "kannst", "brauche",
    "brauchst", "braucht", "brauchen", "benotige", "benotigt", "benotigen", "mochte",
    "mochten", "tun", "tut", "mache", "macht", "gibt", "geht", "wissen", "weiss",
    // courtesy
    "bitte", "danke", "hallo",
];

/// Whether `word` (lower case, folded) is a function word of a German question.
pub fn is_german_function_word(word: &str) -> bool {
    GERMAN_FUNCTION_WORDS.contains(&word)
}

/// Whether `word` (lower case, accents folded, as the exact analyzer gives it) is a
/// function word of a question (see the list above). Snowball's stop words are
/// removed by the analyzer itself.
pub fn is_function_word(word: &str) -> bool {
    FUNCTION_WORDS.contains(&word)
}

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
    fn question_words_are_function_words_and_content_words_are_not() {
        for word in [
            "cosa", "quando", "posso", "puo", "serve", "fare", "devo", "perche",
        ] {
            assert!(is_function_word(word), "{word}");
        }
        for word in ["rinnovo", "permesso", "termine", "residenza", "documenti"] {
            assert!(!is_function_word(word), "{word}");
        }
    }

    #[test]
    fn a_lone_dash_is_not_an_exclusion() {
        let p = parse("art. 5 - comma 2 --");
        assert!(p.excluded.is_empty());
    }
}
