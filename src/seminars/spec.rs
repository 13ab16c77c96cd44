//! A session written on one line, as `aula seminars add --session` takes it:
//! `first_day=2027-03-10;days=2;hours=09:30-17:30;venue=Sala consiliare;`
//! `address=Via Garibaldi 9, Genova;region=Liguria;capacity=40;deadline=2027-03-01 18:00`
//! (semicolons between fields, since addresses hold commas; `days` defaults to 2, the
//! seminars' usual length; the deadline is Europe/Rome local time).

use chrono::{NaiveDate, NaiveDateTime};

use super::NewSession;

/// The keys a session line must or may carry.
pub const KEYS: [&str; 8] = [
    "first_day",
    "days",
    "hours",
    "venue",
    "address",
    "region",
    "capacity",
    "deadline",
];

/// Parses a session line; the error names the key at fault.
pub fn parse(line: &str) -> Result<NewSession, String> {
    let mut fields: Vec<(&str, &str)> = Vec::new();
    for part in line.split(';').map(str::trim).filter(|p| !p.is_empty()) {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| format!("«{part}»: atteso chiave=valore"))?;
        let key = key.trim();
        if !KEYS.contains(&key) {
            return Err(format!(
                "chiave sconosciuta «{key}» (ammesse: {})",
                KEYS.join(", ")
            ));
        }
        if fields.iter().any(|(k, _)| *k == key) {
            return Err(format!("«{key}» ripetuta"));
        }
        fields.push((key, value.trim()));
    }
    let get = |key: &str| fields.iter().find(|(k, _)| *k == key).map(|(_, v)| *v);
    let need = |key: &str| get(key).ok_or_else(|| format!("manca «{key}»"));
    let first_day = NaiveDate::parse_from_str(need("first_day")?, "%Y-%m-%d")
        .map_err(|_| "first_day: data non valida (AAAA-MM-GG)".to_string())?;
    let days = match get("days") {
        Some(days) => days
            .parse()
            .map_err(|_| "days: numero di giorni non valido".to_string())?,
        None => 2,
    };
    let (starts_at, ends_at) = need("hours")?
        .split_once('-')
        .ok_or_else(|| "hours: atteso HH:MM-HH:MM".to_string())?;
    let capacity = need("capacity")?
        .parse()
        .map_err(|_| "capacity: numero di posti non valido".to_string())?;
    let deadline = NaiveDateTime::parse_from_str(need("deadline")?, "%Y-%m-%d %H:%M")
        .map_err(|_| "deadline: data e ora non valide (AAAA-MM-GG HH:MM)".to_string())?;
    Ok(NewSession {
        first_day,
        days,
        starts_at: starts_at.trim().to_string(),
        ends_at: ends_at.trim().to_string(),
        venue: need("venue")?.to_string(),
        address: need("address")?.to_string(),
        region: need("region")?.to_string(),
        capacity,
        deadline,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_line_is_read_field_by_field() {
        let session = parse(
            "first_day=2027-03-10; hours=09:30-17:30; venue=Sala consiliare; \
             address=Via Garibaldi 9, Genova; region=Liguria; capacity=40; \
             deadline=2027-03-01 18:00",
        )
        .expect("a valid line");
        assert_eq!(
            session.first_day,
            NaiveDate::from_ymd_opt(2027, 3, 10).expect("a date")
        );
        assert_eq!(session.days, 2);
        assert_eq!(
            (session.starts_at.as_str(), session.ends_at.as_str()),
            ("09:30", "17:30")
        );
        assert_eq!(session.address, "Via Garibaldi 9, Genova");
        assert_eq!(session.capacity, 40);
        assert_eq!(session.deadline.to_string(), "2027-03-01 18:00:00");
    }

    #[test]
    fn mistakes_name_the_key() {
        for (line, message) in [
            ("first_day=2027-03-10", "manca «hours»"),
            ("colour=red", "chiave sconosciuta «colour»"),
            ("first_day=10/03/2027", "first_day: data non valida"),
            ("first_day=2027-03-10;first_day=2027-03-11", "ripetuta"),
            ("first_day", "atteso chiave=valore"),
        ] {
            let err = parse(line).expect_err(line);
            assert!(err.contains(message), "{line}: {err}");
        }
    }
}
