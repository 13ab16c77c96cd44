//! What people write in a report or an answer, checked at the boundary: line breaks
//! normalised, surrounding blanks trimmed, lengths counted in characters, control
//! characters refused (PostgreSQL refuses NUL, and none belongs in prose).

use std::fmt;

/// Fewest characters of a description: a report must say what is wrong.
pub const DESCRIPTION_MIN_CHARS: usize = 20;
/// Most characters of a description.
pub const DESCRIPTION_MAX_CHARS: usize = 4000;
/// Most characters of a quoted passage.
pub const QUOTE_MAX_CHARS: usize = 1000;
/// Most characters of an answer.
pub const ANSWER_MAX_CHARS: usize = 4000;

/// A field that is not acceptable, with what to tell the person (in Italian).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// `description`, `quote` or `answer`.
    pub field: &'static str,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Invalid {}

/// The text of a report, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What is wrong.
    pub description: String,
    /// The passage quoted; None when left empty.
    pub quote: Option<String>,
}

impl Report {
    /// Checks a description (20 to 4000 characters) and an optional quote (up to 1000).
    pub fn parse(description: &str, quote: &str) -> Result<Self, Invalid> {
        let description = clean(description, "description")?;
        let n = description.chars().count();
        if n < DESCRIPTION_MIN_CHARS {
            return Err(Invalid {
                field: "description",
                message: format!(
                    "descrivi il problema in almeno {DESCRIPTION_MIN_CHARS} caratteri \
                     (ne hai scritti {n})"
                ),
            });
        }
        if n > DESCRIPTION_MAX_CHARS {
            return Err(Invalid {
                field: "description",
                message: format!(
                    "la descrizione può avere al massimo {DESCRIPTION_MAX_CHARS} caratteri \
                     (ne hai scritti {n}): accorciala"
                ),
            });
        }
        let quote = clean(quote, "quote")?;
        let n = quote.chars().count();
        if n > QUOTE_MAX_CHARS {
            return Err(Invalid {
                field: "quote",
                message: format!(
                    "il passaggio citato può avere al massimo {QUOTE_MAX_CHARS} caratteri \
                     (ne hai inseriti {n}): riporta solo la frase che contiene l'errore"
                ),
            });
        }
        Ok(Self {
            description,
            quote: (!quote.is_empty()).then_some(quote),
        })
    }
}

/// Checks an administrator's answer: 1 to 4000 characters.
pub fn parse_answer(text: &str) -> Result<String, Invalid> {
    let answer = clean(text, "answer")?;
    let n = answer.chars().count();
    if n == 0 {
        return Err(Invalid {
            field: "answer",
            message: "scrivi la risposta da inviare a chi ha fatto la segnalazione".into(),
        });
    }
    if n > ANSWER_MAX_CHARS {
        return Err(Invalid {
            field: "answer",
            message: format!(
                "la risposta può avere al massimo {ANSWER_MAX_CHARS} caratteri (ne hai \
                 scritti {n})"
            ),
        });
    }
    Ok(answer)
}

/// `text` with line breaks as `\n` and surrounding blanks trimmed; control characters
/// other than line breaks and tabs are refused.
fn clean(text: &str, field: &'static str) -> Result<String, Invalid> {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(Invalid {
            field,
            message: "il testo contiene caratteri di controllo non ammessi: riscrivilo o \
                      incollalo come testo semplice"
                .into(),
        });
    }
    Ok(text.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_are_counted_in_characters_after_trimming() {
        let ok = Report::parse("  L'articolo citato è abrogato dal 2009.  ", "").expect("valid");
        assert_eq!(ok.description, "L'articolo citato è abrogato dal 2009.");
        assert_eq!(ok.quote, None);
        // 19 characters (two of them accented, so more bytes) is too short.
        let short = Report::parse("àè abcdefghijklmnop", "").expect_err("short");
        assert_eq!(short.field, "description");
        assert!(short.message.contains("almeno 20"), "{}", short.message);
        assert!(
            Report::parse(&"è".repeat(4000), "").is_ok(),
            "4000 characters"
        );
        let long = Report::parse(&"è".repeat(4001), "").expect_err("long");
        assert!(long.message.contains("4001"), "{}", long.message);
    }

    #[test]
    fn quotes_are_optional_and_limited() {
        let description = "Il termine indicato non è più di un anno.";
        let quoted = Report::parse(description, " entro un anno \r\n").expect("valid");
        assert_eq!(quoted.quote.as_deref(), Some("entro un anno"));
        assert!(Report::parse(description, &"x".repeat(1000)).is_ok());
        let long = Report::parse(description, &"x".repeat(1001)).expect_err("long quote");
        assert_eq!(long.field, "quote");
    }

    #[test]
    fn control_characters_are_refused_but_line_breaks_kept() {
        let multi =
            Report::parse("Prima riga del problema\r\nseconda riga\tcon tab", "").expect("valid");
        assert_eq!(
            multi.description,
            "Prima riga del problema\nseconda riga\tcon tab"
        );
        let nul = Report::parse("Un testo abbastanza lungo\0 con NUL", "").expect_err("NUL");
        assert!(nul.message.contains("caratteri di controllo"));
        assert!(Report::parse("Un testo abbastanza lungo e corretto", "a\u{1b}b").is_err());
    }

    #[test]
    fn answers_are_required_and_limited() {
        assert_eq!(
            parse_answer("  Corretto, grazie. ").as_deref(),
            Ok("Corretto, grazie.")
        );
        assert_eq!(parse_answer(" \n ").expect_err("empty").field, "answer");
        assert!(parse_answer(&"a".repeat(4001)).is_err());
    }
}
