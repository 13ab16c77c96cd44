//! Accounts and who may see what: municipalities and editions (who is eligible),
//! users with roles and tutor cohorts, enrolment, passwords, sessions, sign-in
//! throttling, API tokens, invitation and reset links.

pub mod access;
pub mod api_tokens;
pub mod cache;
pub mod directory;
pub mod editions;
pub mod enrolment;
mod learner_import;
mod link_tokens;
pub mod municipalities;
mod new_user;
pub mod password;
pub mod recovery;
pub mod sessions;
pub mod throttle;
pub mod tokens;
pub mod users;

pub use crate::db::users::Role;

/// A normalized e-mail address: trimmed, lower case, and valid for `lettre`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    /// Validates and normalizes an address. On top of lettre's syntax check, the
    /// whole address fits SMTP's 254 characters, has no white space (only a quoted
    /// local part may hold it, and no office mailbox does) and its domain has a dot
    /// (a bare host name is a typing slip here, not a mailbox).
    pub fn parse(raw: &str) -> Result<Self, String> {
        let email = raw.trim().to_lowercase();
        let valid = email.len() <= 254
            && !email.contains(char::is_whitespace)
            && email
                .parse::<lettre::Address>()
                .is_ok_and(|address| address.domain().contains('.'));
        if valid {
            Ok(Self(email))
        } else {
            Err(format!("indirizzo e-mail non valido: «{}»", raw.trim()))
        }
    }

    /// The address.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A 6-digit ISTAT municipality code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IstatCode(String);

impl IstatCode {
    /// Validates a code; five-digit codes (leading zero lost in a spreadsheet) are padded.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim();
        if !code.is_empty() && code.len() <= 6 && code.chars().all(|c| c.is_ascii_digit()) {
            Ok(Self(format!("{code:0>6}")))
        } else {
            Err(format!("codice ISTAT non valido: «{code}» (6 cifre)"))
        }
    }

    /// The code.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalized_and_checked() {
        assert_eq!(
            Email::parse(" Mario.Rossi@Comune.IT ").map(|e| e.0),
            Ok("mario.rossi@comune.it".into())
        );
        for good in [
            "ufficio+corsi@comune.milano.it",
            "anagrafe@comune.forlì-cesena.it",
        ] {
            assert!(Email::parse(good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "mario",
            "mario@",
            "@comune.it",
            "a@b",
            "a@@b.it",
            "a b@c.it",
            "a@.it",
            "a@comune..it",
            "a@comune.it.",
            "mario,rossi@comune.it",
            format!("{}@comune.it", "m".repeat(65)).as_str(),
        ] {
            assert!(Email::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn istat_codes_are_padded() {
        assert_eq!(IstatCode::parse("1001").map(|c| c.0), Ok("001001".into()));
        assert!(IstatCode::parse("12a456").is_err());
        assert!(IstatCode::parse("1234567").is_err());
    }
}
