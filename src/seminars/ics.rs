//! The iCalendar (RFC 5545) invitation of a seat: one event per session, its hours
//! as local times in `Europe/Rome` (described by a `VTIMEZONE`, so every calendar
//! client shows them right whatever its own zone), repeated daily for a session of
//! several days. Lines end in CRLF and are folded at 75 octets; text values are
//! escaped.

use chrono::{DateTime, NaiveDate, Utc};

use super::{Seminar, Session};

/// The zone as RFC 5545 describes it: CET, with CEST from the last Sunday of March
/// to the last Sunday of October (the EU rule since 1996).
const VTIMEZONE: &[&str] = &[
    "BEGIN:VTIMEZONE",
    "TZID:Europe/Rome",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
];

/// What the invitation is about.
#[derive(Debug, Clone, Copy)]
pub struct Invitation<'a> {
    /// The seminar.
    pub seminar: &'a Seminar,
    /// The session.
    pub session: &'a Session,
    /// The registration (part of the event's UID).
    pub registration_id: i32,
    /// The site's address, for the UID's domain and the event's link.
    pub base_url: &'a str,
    /// When the invitation was made (`DTSTAMP`).
    pub stamp: DateTime<Utc>,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line into lines of at most 75 octets, never inside a character,
/// each continuation starting with a space (RFC 5545 §3.1); every line ends in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 70 * 3 + 2);
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

fn local(day: NaiveDate, hhmm: &str) -> String {
    format!("{}T{}00", day.format("%Y%m%d"), hhmm.replace(':', ""))
}

/// The `.ics` text of an invitation.
pub fn calendar(invitation: &Invitation<'_>) -> String {
    let Invitation {
        seminar,
        session,
        registration_id,
        base_url,
        stamp,
    } = *invitation;
    let base = base_url.trim_end_matches('/');
    let host = base
        .split("://")
        .nth(1)
        .unwrap_or(base)
        .split(['/', ':'])
        .next()
        .filter(|h| !h.is_empty())
        .unwrap_or("aula");
    let mut lines: Vec<String> = vec![
        "BEGIN:VCALENDAR".into(),
        "VERSION:2.0".into(),
        "PRODID:-//Aula//Seminari//IT".into(),
        "CALSCALE:GREGORIAN".into(),
        "METHOD:PUBLISH".into(),
    ];
    lines.extend(VTIMEZONE.iter().map(|l| (*l).to_string()));
    lines.extend([
        "BEGIN:VEVENT".into(),
        format!(
            "UID:seminario-{}-iscrizione-{registration_id}@{host}",
            session.id
        ),
        format!("DTSTAMP:{}", stamp.format("%Y%m%dT%H%M%SZ")),
        format!(
            "DTSTART;TZID=Europe/Rome:{}",
            local(session.first_day, &session.starts_at)
        ),
        format!(
            "DTEND;TZID=Europe/Rome:{}",
            local(session.first_day, &session.ends_at)
        ),
    ]);
    if session.days > 1 {
        lines.push(format!("RRULE:FREQ=DAILY;COUNT={}", session.days));
    }
    lines.extend([
        format!("SUMMARY:{}", escape(&seminar.title)),
        format!(
            "LOCATION:{}",
            escape(&format!("{}, {}", session.venue, session.address))
        ),
        format!(
            "DESCRIPTION:{}",
            escape(&format!(
                "Seminario in aula ({}). Iscrizioni e rinunce: {base}/seminari",
                if session.days == 1 {
                    "1 giorno".to_string()
                } else {
                    format!("{} giorni", session.days)
                },
            ))
        ),
        format!("URL:{base}/seminari"),
        "STATUS:CONFIRMED".into(),
        "SEQUENCE:0".into(),
        "TRANSP:OPAQUE".into(),
        "END:VEVENT".into(),
        "END:VCALENDAR".into(),
    ]);
    lines.iter().map(|l| fold(l)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("Sala A; piano 1, Via Roma\\2\nGenova"),
            "Sala A\\; piano 1\\, Via Roma\\\\2\\nGenova"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_between_characters() {
        let line = format!("SUMMARY:{}", "è".repeat(60));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        let parts: Vec<&str> = folded.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(parts.len() > 1);
        for (i, part) in parts.iter().enumerate() {
            assert!(part.len() <= 75, "{part}");
            assert_eq!(i > 0, part.starts_with(' '));
        }
        let unfolded: String = parts
            .iter()
            .enumerate()
            .map(|(i, p)| if i == 0 { *p } else { &p[1..] })
            .collect();
        assert_eq!(unfolded, line);
        assert_eq!(fold("VERSION:2.0"), "VERSION:2.0\r\n");
    }
}
