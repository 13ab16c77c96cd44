//! Dates as readers write them in running text: in Italian `2 dicembre 2026` (and
//! `1º gennaio 2027` for the first of the month), in German `2. Dezember 2026`, in
//! English `2 December 2026`.

use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "gennaio",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "agosto",
    "settembre",
    "ottobre",
    "novembre",
    "dicembre",
];

const MONATE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The long form of `date` in `lang` (Italian for a language without one).
pub fn long(date: NaiveDate, lang: &str) -> String {
    let month = date.month0() as usize;
    match lang {
        "de" => format!("{}. {} {}", date.day(), MONATE[month], date.year()),
        "en" => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
        _ => long_italian(date),
    }
}

/// The long form in `lang` of an ISO date (`2026-12-02`, or the date part of a
/// timestamp); None when `text` does not start with one.
pub fn long_iso(text: &str, lang: &str) -> Option<String> {
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(long(date, lang))
}

/// A moment as people read it in `lang`, in Italian time: `12/03/2027 alle 18:00`,
/// `12.03.2027 um 18:00`, `12/03/2027 at 18:00`.
pub fn date_time(at: chrono::DateTime<chrono::Utc>, lang: &str) -> String {
    let local = at.with_timezone(&chrono_tz::Europe::Rome);
    match lang {
        "de" => local.format("%d.%m.%Y um %H:%M").to_string(),
        "en" => local.format("%d/%m/%Y at %H:%M").to_string(),
        _ => local.format("%d/%m/%Y alle %H:%M").to_string(),
    }
}

/// [`date_time`] of an RFC 3339 timestamp; None when `text` is not one.
pub fn date_time_rfc3339(text: &str, lang: &str) -> Option<String> {
    let at = chrono::DateTime::parse_from_rfc3339(text).ok()?;
    Some(date_time(at.with_timezone(&chrono::Utc), lang))
}

/// `2 dicembre 2026`; the first of a month is `1º`.
pub fn long_italian(date: NaiveDate) -> String {
    let day = match date.day() {
        1 => "1º".to_string(),
        d => d.to_string(),
    };
    let month = MONTHS[date.month0() as usize];
    format!("{day} {month} {}", date.year())
}

/// The long form of an ISO date (`2026-12-02`, or the date part of a timestamp);
/// None when `text` does not start with one.
pub fn long_italian_iso(text: &str) -> Option<String> {
    let date = NaiveDate::parse_from_str(text.get(..10)?, "%Y-%m-%d").ok()?;
    Some(long_italian(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_in_italian_text() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        assert_eq!(long_italian(day(2026, 12, 2)), "2 dicembre 2026");
        assert_eq!(long_italian(day(2027, 1, 1)), "1º gennaio 2027");
        assert_eq!(long_italian(day(2026, 8, 31)), "31 agosto 2026");
        assert_eq!(
            long_italian_iso("2026-05-22T09:00:00Z").as_deref(),
            Some("22 maggio 2026")
        );
        assert_eq!(long_italian_iso("2026-13-01"), None);
        assert_eq!(long_italian_iso("ieri"), None);
    }

    #[test]
    fn moments_read_in_italian_time_in_each_language() {
        let at = chrono::DateTime::parse_from_rfc3339("2027-03-12T17:00:00Z")
            .expect("a valid moment")
            .with_timezone(&chrono::Utc);
        assert_eq!(date_time(at, "it"), "12/03/2027 alle 18:00");
        assert_eq!(date_time(at, "de"), "12.03.2027 um 18:00");
        assert_eq!(date_time(at, "en"), "12/03/2027 at 18:00");
        assert_eq!(
            date_time_rfc3339("2027-07-12T16:00:00+00:00", "de").as_deref(),
            Some("12.07.2027 um 18:00")
        );
        assert_eq!(date_time_rfc3339("domani", "it"), None);
    }

    #[test]
    fn dates_read_as_in_german_and_english_text() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
        assert_eq!(long(day(2026, 12, 2), "de"), "2. Dezember 2026");
        assert_eq!(long(day(2027, 3, 1), "de"), "1. März 2027");
        assert_eq!(long(day(2026, 12, 2), "en"), "2 December 2026");
        assert_eq!(long(day(2027, 1, 1), "it"), "1º gennaio 2027");
        assert_eq!(long(day(2027, 1, 1), "fr"), "1º gennaio 2027");
        assert_eq!(
            long_iso("2026-05-22T09:00:00Z", "de").as_deref(),
            Some("22. Mai 2026")
        );
    }
}
