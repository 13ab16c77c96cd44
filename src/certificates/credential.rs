//! The signed credential inside a certificate: an Open Badges 3.0
//! `OpenBadgeCredential` (W3C Verifiable Credentials data model 2.0), signed with
//! the current Ed25519 key of the [`KeyRing`].
//!
//! # Securing
//!
//! The credential is secured with JOSE as W3C "Securing Verifiable Credentials using
//! JOSE and COSE" defines for `application/vc+jwt`: a compact JWS (RFC 7515) whose
//! payload IS the credential's JSON, with the protected header
//! `{"alg":"EdDSA","cty":"vc","kid":"<kid>","typ":"vc+jwt"}` (EdDSA over Ed25519,
//! RFC 8037; `kid` is the RFC 7638 thumbprint of the key, as listed in
//! `/.well-known/jwks.json`). There are no JWT claims beside the credential: its
//! `validFrom` is the issue time, its `id` the verification URL.
//!
//! # The credential
//!
//! - `@context`: VC 2.0 and the Open Badges 3.0.3 context; `type`
//!   `["VerifiableCredential","OpenBadgeCredential"]`;
//! - `id`: the public verification URL (`<base>/verify/<code>`), whose last segment
//!   is the certificate's code;
//! - `issuer`: a `Profile` whose `id` is the instance's public URL and `name` the
//!   issuing body; `validFrom` and `awardedDate`: the issue time (RFC 3339, seconds);
//! - `credentialSubject` (`AchievementSubject`): the holder as an `IdentityObject`
//!   (`identityType` `name`, not hashed: the paper prints the name anyway); the day
//!   the course was completed as `activityEndDate` (midnight, Europe/Rome); the
//!   remote and classroom minutes as two `result`s (raw scores, in minutes) described
//!   by the achievement's `resultDescription`s;
//! - `achievement` (`Achievement`, `achievementType` `Course`): `id`
//!   `<base>/courses/<course id>`, the course title as `name`, the edition and the
//!   modules (with their minutes) as `description`, a `criteria.narrative`.
//!
//! # The file
//!
//! The JSON file handed to learners (and attached to the PDF) is a VC 2.0
//! `EnvelopedVerifiableCredential`: its `id` is the JWS as a `data:` URL
//! (`data:application/vc+jwt,<jws>`), beside a readable copy of the credential
//! (`credential`), which must equal the signed one.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, SecondsFormat, TimeZone, Utc};
use ed25519_dalek::Signature;
use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use serde_json::{Value, json};

use super::Certificate;
use super::keys::{KeyRing, PublicKey};

/// The W3C Verifiable Credentials 2.0 context.
const VC_CONTEXT: &str = "https://www.w3.org/ns/credentials/v2";
/// The Open Badges 3.0 context (3.0.3: the one for VC 2.0).
const OB_CONTEXT: &str = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
/// The JWS `typ` of a credential secured with JOSE.
const TYP: &str = "vc+jwt";
/// How the envelope's `id` carries the JWS.
const ENVELOPE_PREFIX: &str = "data:application/vc+jwt,";
/// Fragment naming the remote minutes' result description.
const REMOTE: &str = "minuti-a-distanza";
/// Fragment naming the classroom minutes' result description.
const CLASSROOM: &str = "minuti-in-aula";

/// What may not appear raw in a path segment of the achievement's URL.
const SEGMENT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'/')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}');

/// Why a credential was not accepted.
#[derive(Debug, thiserror::Error)]
pub enum CredentialError {
    /// Not a credential of ours: not a compact JWS, not JSON, a field missing…
    #[error("credenziale non leggibile: {0}")]
    Malformed(String),
    /// Signed with a key that is not published here (its kid).
    #[error("credenziale firmata con una chiave sconosciuta ({0})")]
    UnknownKey(String),
    /// The signature does not match the content.
    #[error("la firma non corrisponde al contenuto: la credenziale è stata alterata")]
    BadSignature,
    /// The readable copy in the file differs from the signed credential.
    #[error("il file è stato modificato: la credenziale leggibile differisce da quella firmata")]
    Altered,
}

fn malformed(what: &str) -> CredentialError {
    CredentialError::Malformed(what.to_string())
}

/// What a genuinely signed credential says.
#[derive(Debug, Clone, PartialEq)]
pub struct Verified {
    /// The key that signed it.
    pub kid: String,
    /// The certificate's code (last segment of the credential's `id`).
    pub code: String,
    /// The holder's name.
    pub holder_name: String,
    /// The course's title.
    pub course_title: String,
    /// The day the course was completed.
    pub completed_on: NaiveDate,
    /// When the certificate was issued (to the second).
    pub issued_at: DateTime<Utc>,
    /// The whole credential.
    pub credential: Value,
}

/// Midnight of `day` in Europe/Rome, as RFC 3339 (with its offset, so that the day
/// reads back whatever the reader's zone).
fn rome_midnight(day: NaiveDate) -> String {
    let midnight = day.and_time(chrono::NaiveTime::MIN);
    match crate::seminars::TIME_ZONE
        .from_local_datetime(&midnight)
        .earliest()
    {
        Some(t) => t.to_rfc3339_opts(SecondsFormat::Secs, false),
        // Italy never skips midnight; should the rules change, UTC keeps the day.
        None => Utc
            .from_utc_datetime(&midnight)
            .to_rfc3339_opts(SecondsFormat::Secs, true),
    }
}

/// The Open Badges 3.0 credential (OpenBadgeCredential, VC data model 2.0 contexts)
/// of a certificate. See the module's documentation for its fields.
pub fn build(cert: &Certificate, base_url: &str) -> Value {
    let base = base_url.trim_end_matches('/');
    let achievement_id = format!(
        "{base}/courses/{}",
        utf8_percent_encode(&cert.course_id, SEGMENT)
    );
    let issued = cert.issued_at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let mut description = cert.edition_title.clone();
    if !cert.modules.is_empty() {
        let modules: Vec<String> = cert
            .modules
            .iter()
            .map(|m| format!("{} ({} min)", m.title, m.minutes))
            .collect();
        description.push_str(&format!(". Moduli: {}.", modules.join("; ")));
    }
    let narrative = format!(
        "Completamento del corso «{}», {}: {} minuti di moduli a distanza e {} minuti di \
         presenza in aula.",
        cert.course_title, cert.edition_title, cert.remote_minutes, cert.classroom_minutes
    );
    let remote_id = format!("{achievement_id}#{REMOTE}");
    let classroom_id = format!("{achievement_id}#{CLASSROOM}");
    json!({
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "id": Certificate::verify_url(base_url, &cert.code),
        "name": format!("Attestato: {}", cert.course_title),
        "issuer": {
            "id": base,
            "type": ["Profile"],
            "name": cert.issuer,
        },
        "validFrom": issued,
        "awardedDate": issued,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{
                "type": "IdentityObject",
                "identityType": "name",
                "hashed": false,
                "identityHash": cert.holder_name,
            }],
            "activityEndDate": rome_midnight(cert.completed_on),
            "result": [
                {"type": ["Result"], "resultDescription": remote_id, "value": cert.remote_minutes.to_string()},
                {"type": ["Result"], "resultDescription": classroom_id, "value": cert.classroom_minutes.to_string()},
            ],
            "achievement": {
                "id": achievement_id,
                "type": ["Achievement"],
                "achievementType": "Course",
                "name": cert.course_title,
                "description": description,
                "inLanguage": cert.language,
                "criteria": { "narrative": narrative },
                "resultDescription": [
                    {"id": remote_id, "type": ["ResultDescription"], "name": "Minuti di moduli a distanza", "resultType": "RawScore"},
                    {"id": classroom_id, "type": ["ResultDescription"], "name": "Minuti di presenza in aula", "resultType": "RawScore"},
                ],
            },
        },
    })
}

/// The compact JWS of `payload` under the protected `header`, signed with the
/// ring's current key.
fn compact(ring: &KeyRing, header: &[u8], payload: &[u8]) -> String {
    let mut jws = URL_SAFE_NO_PAD.encode(header);
    jws.push('.');
    URL_SAFE_NO_PAD.encode_string(payload, &mut jws);
    let signature = ring.sign(jws.as_bytes());
    jws.push('.');
    URL_SAFE_NO_PAD.encode_string(signature, &mut jws);
    jws
}

/// Signs the certificate's credential: a compact JWS whose payload is the credential
/// (`typ` `vc+jwt`, `cty` `vc`, `alg` `EdDSA`, `kid` the current key's).
pub fn sign(ring: &KeyRing, cert: &Certificate, base_url: &str) -> String {
    let header = json!({
        "alg": "EdDSA",
        "typ": TYP,
        "cty": "vc",
        "kid": ring.current_kid(),
    });
    let payload = build(cert, base_url);
    compact(
        ring,
        header.to_string().as_bytes(),
        payload.to_string().as_bytes(),
    )
}

/// The three parts of a compact JWS, each non-empty base64url.
fn parts(jws: &str) -> Result<[&str; 3], CredentialError> {
    let mut split = jws.split('.');
    let (Some(h), Some(p), Some(s), None) =
        (split.next(), split.next(), split.next(), split.next())
    else {
        return Err(malformed(
            "non è un JWS compatto (tre parti separate da punti)",
        ));
    };
    let base64url = |part: &str| {
        !part.is_empty()
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    };
    if ![h, p, s].into_iter().all(base64url) {
        return Err(malformed("il JWS contiene caratteri non base64url"));
    }
    Ok([h, p, s])
}

/// A base64url part holding JSON.
fn json_part(part: &str, what: &str) -> Result<Value, CredentialError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| CredentialError::Malformed(format!("{what}: base64url non valido")))?;
    serde_json::from_slice(&bytes)
        .map_err(|_| CredentialError::Malformed(format!("{what}: JSON non valido")))
}

/// The credential a JWS carries, unchecked.
fn payload_of(jws: &str) -> Result<Value, CredentialError> {
    let [_, payload, _] = parts(jws)?;
    json_part(payload, "contenuto")
}

/// The JSON file handed to learners and embedded in the PDF: a VC 2.0
/// `EnvelopedVerifiableCredential` carrying the JWS (`id`, as a `data:` URL) and a
/// readable copy of the credential (`credential`), pretty-printed.
pub fn document(jws: &str) -> Result<Vec<u8>, CredentialError> {
    let credential = payload_of(jws)?;
    let doc = json!({
        "@context": [VC_CONTEXT],
        "type": "EnvelopedVerifiableCredential",
        "id": format!("{ENVELOPE_PREFIX}{jws}"),
        "credential": credential,
    });
    serde_json::to_vec_pretty(&doc).map_err(|e| CredentialError::Malformed(e.to_string()))
}

/// Takes what a user uploads (the JSON document of [`document`], or the bare JWS
/// text) and returns the JWS. A document whose readable copy differs from the signed
/// credential is refused ([`CredentialError::Altered`]): what it shows is not what
/// was signed.
pub fn jws_of(upload: &[u8]) -> Result<String, CredentialError> {
    let text = std::str::from_utf8(upload).map_err(|_| malformed("il file non è testo"))?;
    let text = text.trim_start_matches('\u{feff}').trim();
    if text.starts_with('{') {
        let doc: Value =
            serde_json::from_str(text).map_err(|_| malformed("il file non è JSON valido"))?;
        let jws = doc
            .get("id")
            .and_then(Value::as_str)
            .and_then(|id| id.strip_prefix(ENVELOPE_PREFIX))
            .ok_or_else(|| malformed("il JSON non contiene una credenziale firmata"))?;
        parts(jws)?;
        if let Some(readable) = doc.get("credential")
            && *readable != payload_of(jws)?
        {
            return Err(CredentialError::Altered);
        }
        return Ok(jws.to_string());
    }
    parts(text)?;
    Ok(text.to_string())
}

/// Checks the signature against `keys` (by kid) and returns what it says. The
/// signature is checked before anything in the payload is read.
pub fn verify(jws: &str, keys: &[PublicKey]) -> Result<Verified, CredentialError> {
    let jws = jws.trim();
    let [h, p, s] = parts(jws)?;
    let header = json_part(h, "intestazione")?;
    if header.get("alg").and_then(Value::as_str) != Some("EdDSA") {
        return Err(malformed("algoritmo di firma non EdDSA"));
    }
    if header.get("typ").and_then(Value::as_str) != Some(TYP) {
        return Err(malformed("non è una credenziale vc+jwt"));
    }
    if header.get("crit").is_some() {
        return Err(malformed("intestazione con estensioni critiche"));
    }
    let kid = header
        .get("kid")
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("manca l'identificativo della chiave (kid)"))?;
    let key = keys
        .iter()
        .find(|k| k.kid == kid)
        .and_then(PublicKey::verifying_key)
        .ok_or_else(|| CredentialError::UnknownKey(kid.to_string()))?;
    let signature: [u8; 64] = URL_SAFE_NO_PAD
        .decode(s)
        .ok()
        .and_then(|bytes| bytes.try_into().ok())
        .ok_or_else(|| malformed("firma non valida"))?;
    let signed = &jws[..h.len() + 1 + p.len()];
    key.verify_strict(signed.as_bytes(), &Signature::from_bytes(&signature))
        .map_err(|_| CredentialError::BadSignature)?;
    let credential = json_part(p, "contenuto")?;
    read(kid, credential)
}

/// The fields of a verified credential.
fn read(kid: &str, credential: Value) -> Result<Verified, CredentialError> {
    let text = |pointer: &str| credential.pointer(pointer).and_then(Value::as_str);
    let is_badge = credential
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|types| types.iter().any(|t| t == "OpenBadgeCredential"));
    if !is_badge {
        return Err(malformed("non è un OpenBadgeCredential"));
    }
    let code = text("/id")
        .and_then(|id| id.rsplit_once("/verify/"))
        .map(|(_, code)| code)
        .filter(|code| !code.is_empty() && !code.contains('/'))
        .ok_or_else(|| malformed("manca il codice dell'attestato (id)"))?
        .to_string();
    let holder_name = credential
        .pointer("/credentialSubject/identifier")
        .and_then(Value::as_array)
        .and_then(|ids| {
            ids.iter().find(|id| {
                id.get("identityType").and_then(Value::as_str) == Some("name")
                    && id.get("hashed").and_then(Value::as_bool) == Some(false)
            })
        })
        .and_then(|id| id.get("identityHash"))
        .and_then(Value::as_str)
        .ok_or_else(|| malformed("manca il nome del titolare"))?
        .to_string();
    let course_title = text("/credentialSubject/achievement/name")
        .ok_or_else(|| malformed("manca il titolo del corso"))?
        .to_string();
    let completed_on = text("/credentialSubject/activityEndDate")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.date_naive())
        .ok_or_else(|| malformed("manca la data di completamento"))?;
    let issued_at = text("/validFrom")
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| malformed("manca la data di rilascio (validFrom)"))?;
    Ok(Verified {
        kid: kid.to_string(),
        code,
        holder_name,
        course_title,
        completed_on,
        issued_at,
        credential,
    })
}

#[cfg(test)]
mod tests {
    use super::super::ModuleLine;
    use super::*;
    use crate::certificates::keys::rotate;
    use chrono::Datelike;
    use std::path::Path;

    const BASE: &str = "https://aula.example.it/";

    fn certificate() -> Certificate {
        Certificate {
            code: "AULA-7K3M-Q9X2-HF4T".into(),
            holder_name: "Maria Rossi D'Àlvaro".into(),
            holder_municipality: Some("Bologna".into()),
            course_id: "immigrazione-servizi-comunali".into(),
            course_title: "Immigrazione e servizi comunali".into(),
            edition_title: "4ª edizione 2026".into(),
            modules: vec![
                ModuleLine {
                    title: "Quadro normativo".into(),
                    minutes: 45,
                },
                ModuleLine {
                    title: "Semplificazione".into(),
                    minutes: 60,
                },
            ],
            remote_minutes: 105,
            classroom_minutes: 240,
            completed_on: NaiveDate::from_ymd_opt(2026, 3, 29).expect("date"),
            issued_at: Utc
                .with_ymd_and_hms(2026, 3, 29, 22, 30, 15)
                .single()
                .expect("time")
                + chrono::Duration::milliseconds(250),
            issuer: "Regione Esempio".into(),
            language: "it".into(),
        }
    }

    fn ring(dir: &Path) -> KeyRing {
        KeyRing::load_or_create(dir).expect("ring")
    }

    fn decode(part: &str) -> Value {
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(part).expect("base64")).expect("json")
    }

    #[test]
    fn the_credential_is_an_open_badge() {
        let cert = certificate();
        let c = build(&cert, BASE);
        assert_eq!(c["@context"], json!([VC_CONTEXT, OB_CONTEXT]));
        assert_eq!(
            c["type"],
            json!(["VerifiableCredential", "OpenBadgeCredential"])
        );
        assert_eq!(
            c["id"],
            "https://aula.example.it/verify/AULA-7K3M-Q9X2-HF4T"
        );
        assert_eq!(
            c["issuer"],
            json!({"id": "https://aula.example.it", "type": ["Profile"], "name": "Regione Esempio"})
        );
        assert_eq!(c["validFrom"], "2026-03-29T22:30:15Z");
        let subject = &c["credentialSubject"];
        assert_eq!(subject["type"], json!(["AchievementSubject"]));
        assert_eq!(
            subject["identifier"],
            json!([{"type": "IdentityObject", "identityType": "name", "hashed": false,
                    "identityHash": "Maria Rossi D'Àlvaro"}])
        );
        // 29 March 2026: the day Italy moves to summer time, at 02:00.
        assert_eq!(subject["activityEndDate"], "2026-03-29T00:00:00+01:00");
        let achievement = &subject["achievement"];
        assert_eq!(
            achievement["id"],
            "https://aula.example.it/courses/immigrazione-servizi-comunali"
        );
        assert_eq!(achievement["type"], json!(["Achievement"]));
        assert_eq!(achievement["achievementType"], "Course");
        assert_eq!(achievement["name"], "Immigrazione e servizi comunali");
        let description = achievement["description"].as_str().expect("description");
        assert!(description.starts_with("4ª edizione 2026"), "{description}");
        assert!(
            description.contains("Quadro normativo (45 min)"),
            "{description}"
        );
        assert!(achievement["criteria"]["narrative"].is_string());
        // The minutes are results described by the achievement.
        let described: Vec<&str> = achievement["resultDescription"]
            .as_array()
            .expect("descriptions")
            .iter()
            .map(|d| d["id"].as_str().expect("id"))
            .collect();
        let results = subject["result"].as_array().expect("results");
        let value_of = |fragment: &str| {
            results
                .iter()
                .find(|r| {
                    r["resultDescription"]
                        .as_str()
                        .is_some_and(|d| d.ends_with(fragment))
                })
                .map(|r| r["value"].clone())
        };
        assert_eq!(value_of(REMOTE), Some(json!("105")));
        assert_eq!(value_of(CLASSROOM), Some(json!("240")));
        for r in results {
            assert!(described.contains(&r["resultDescription"].as_str().expect("ref")));
        }
    }

    #[test]
    fn a_course_id_is_one_path_segment() {
        let mut cert = certificate();
        cert.course_id = "a/b c?d#e".into();
        let c = build(&cert, "https://x.it");
        assert_eq!(
            c["credentialSubject"]["achievement"]["id"],
            "https://x.it/courses/a%2Fb%20c%3Fd%23e"
        );
    }

    #[test]
    fn signed_then_verified() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let cert = certificate();
        let jws = sign(&ring, &cert, BASE);
        let [h, p, _] = parts(&jws).expect("parts");
        assert_eq!(
            decode(h),
            json!({"alg": "EdDSA", "typ": "vc+jwt", "cty": "vc", "kid": ring.current_kid()})
        );
        assert_eq!(decode(p), build(&cert, BASE));
        let v = verify(&jws, &ring.public_keys()).expect("verified");
        assert_eq!(v.kid, ring.current_kid());
        assert_eq!(v.code, cert.code);
        assert_eq!(v.holder_name, cert.holder_name);
        assert_eq!(v.course_title, cert.course_title);
        assert_eq!(v.completed_on, cert.completed_on);
        assert_eq!(v.issued_at.timestamp(), cert.issued_at.timestamp());
        assert_eq!(v.credential, build(&cert, BASE));
        // Signing is deterministic (Ed25519): the same certificate, the same bytes.
        assert_eq!(sign(&ring, &cert, BASE), jws);
    }

    #[test]
    fn the_completion_day_reads_back_all_year() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let keys = ring.public_keys();
        let mut cert = certificate();
        let mut day = NaiveDate::from_ymd_opt(2026, 1, 1).expect("date");
        while day.year() == 2026 {
            cert.completed_on = day;
            let v = verify(&sign(&ring, &cert, BASE), &keys).expect("verified");
            assert_eq!(v.completed_on, day);
            day = day.succ_opt().expect("next");
        }
    }

    #[test]
    fn any_changed_character_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let keys = ring.public_keys();
        let jws = sign(&ring, &certificate(), BASE);
        let header_end = jws.find('.').expect("dot");
        let signature_start = jws.rfind('.').expect("dot") + 1;
        // Every character of the header and of the signature, and of the payload its
        // first and last ones and one in 29 between (each check costs a verification).
        let positions = (0..jws.len()).filter(|&at| {
            at <= header_end
                || at >= signature_start - 4
                || at <= header_end + 4
                || (at - header_end).is_multiple_of(29)
        });
        let mut checked = 0;
        for at in positions {
            let mut bytes = jws.clone().into_bytes();
            bytes[at] = match bytes[at] {
                b'A' => b'B',
                b'.' => b'A',
                _ if at.is_multiple_of(5) => b'.',
                _ => b'A',
            };
            let altered = String::from_utf8(bytes).expect("ascii");
            let result = verify(&altered, &keys);
            if at > header_end {
                // Payload or signature.
                assert!(
                    matches!(
                        result,
                        Err(CredentialError::BadSignature | CredentialError::Malformed(_))
                    ),
                    "position {at}: {result:?}"
                );
            } else {
                // Header: the kid itself may change.
                assert!(result.is_err(), "position {at}: {result:?}");
            }
            checked += 1;
        }
        assert!(checked > 200, "{checked}");
        // The untouched one still verifies.
        assert!(verify(&jws, &keys).is_ok());
    }

    #[test]
    fn an_unknown_key_is_named() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let other = tempfile::tempdir().expect("tempdir");
        let other = self::ring(other.path());
        let jws = sign(&ring, &certificate(), BASE);
        match verify(&jws, &other.public_keys()) {
            Err(CredentialError::UnknownKey(kid)) => assert_eq!(kid, ring.current_kid()),
            result => panic!("{result:?}"),
        }
        assert!(matches!(
            verify(&jws, &[]),
            Err(CredentialError::UnknownKey(_))
        ));
        // The right kid with another key's point: the signature fails.
        let forged = vec![PublicKey {
            kid: ring.current_kid().to_string(),
            x: other.public_keys()[0].x.clone(),
        }];
        assert!(matches!(
            verify(&jws, &forged),
            Err(CredentialError::BadSignature)
        ));
    }

    #[test]
    fn a_jws_signed_by_another_key_under_our_kid_fails() {
        // An attacker copies our header (our kid) and signs with their key.
        let ours = tempfile::tempdir().expect("tempdir");
        let ours = ring(ours.path());
        let theirs = tempfile::tempdir().expect("tempdir");
        let theirs = ring(theirs.path());
        let header = json!({"alg": "EdDSA", "typ": TYP, "cty": "vc", "kid": ours.current_kid()});
        let payload = build(&certificate(), BASE);
        let jws = compact(
            &theirs,
            header.to_string().as_bytes(),
            payload.to_string().as_bytes(),
        );
        assert!(matches!(
            verify(&jws, &ours.public_keys()),
            Err(CredentialError::BadSignature)
        ));
    }

    #[test]
    fn other_headers_are_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let payload = build(&certificate(), BASE).to_string();
        let kid = ring.current_kid();
        for header in [
            json!({"alg": "none", "typ": TYP, "kid": kid}),
            json!({"alg": "HS256", "typ": TYP, "kid": kid}),
            json!({"alg": "EdDSA", "typ": "JWT", "kid": kid}),
            json!({"alg": "EdDSA", "kid": kid}),
            json!({"alg": "EdDSA", "typ": TYP}),
            json!({"alg": "EdDSA", "typ": TYP, "kid": kid, "crit": ["b64"], "b64": false}),
            json!(["not", "an", "object"]),
        ] {
            let jws = compact(&ring, header.to_string().as_bytes(), payload.as_bytes());
            assert!(
                matches!(
                    verify(&jws, &ring.public_keys()),
                    Err(CredentialError::Malformed(_))
                ),
                "{header}"
            );
        }
    }

    #[test]
    fn a_signed_payload_that_is_not_ours_is_malformed() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let header = json!({"alg": "EdDSA", "typ": TYP, "kid": ring.current_kid()}).to_string();
        let full = build(&certificate(), BASE);
        let mut cases = vec![b"not json".to_vec(), b"{}".to_vec()];
        for pointer in [
            "/type",
            "/id",
            "/validFrom",
            "/credentialSubject/identifier",
            "/credentialSubject/activityEndDate",
            "/credentialSubject/achievement/name",
        ] {
            let mut c = full.clone();
            *c.pointer_mut(pointer).expect(pointer) = json!(null);
            cases.push(c.to_string().into_bytes());
        }
        let mut c = full.clone();
        c["id"] = json!("https://aula.example.it/verify/");
        cases.push(c.to_string().into_bytes());
        for payload in cases {
            let jws = compact(&ring, header.as_bytes(), &payload);
            assert!(
                matches!(
                    verify(&jws, &ring.public_keys()),
                    Err(CredentialError::Malformed(_))
                ),
                "{}",
                String::from_utf8_lossy(&payload)
            );
        }
    }

    #[test]
    fn rotation_keeps_old_credentials_verifiable() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let first = ring(tmp.path());
        let cert = certificate();
        let old = sign(&first, &cert, BASE);
        let new_kid = rotate(tmp.path()).expect("rotate");
        let second = ring(tmp.path());
        assert_eq!(second.current_kid(), new_kid);
        let new = sign(&second, &cert, BASE);
        assert_ne!(old, new);
        let keys = second.public_keys();
        assert_eq!(verify(&old, &keys).expect("old").kid, first.current_kid());
        assert_eq!(verify(&new, &keys).expect("new").kid, new_kid);
        // Without the old key, the old credential is unknown.
        assert!(matches!(
            verify(&old, &keys[..1]),
            Err(CredentialError::UnknownKey(_))
        ));
    }

    #[test]
    fn the_document_carries_the_jws_and_reads_back() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let cert = certificate();
        let jws = sign(&ring, &cert, BASE);
        let doc = document(&jws).expect("document");
        let parsed: Value = serde_json::from_slice(&doc).expect("json");
        assert_eq!(parsed["type"], "EnvelopedVerifiableCredential");
        assert_eq!(parsed["@context"], json!([VC_CONTEXT]));
        assert_eq!(parsed["id"], format!("data:application/vc+jwt,{jws}"));
        assert_eq!(parsed["credential"], build(&cert, BASE));
        // Pretty: one member a line.
        assert!(doc.iter().filter(|b| **b == b'\n').count() > 20);
        assert_eq!(jws_of(&doc).expect("document"), jws);
        // With a byte-order mark and surrounding blanks, as editors save it.
        let mut saved = "\u{feff}\n".as_bytes().to_vec();
        saved.extend_from_slice(&doc);
        saved.extend_from_slice(b"\r\n");
        assert_eq!(jws_of(&saved).expect("saved"), jws);
        // The bare JWS, with a trailing newline.
        assert_eq!(jws_of(format!("  {jws}\n").as_bytes()).expect("bare"), jws);
        // Not a JWS: no document.
        assert!(document("garbage").is_err());
        assert!(document("a.b.c").is_err());
    }

    #[test]
    fn a_document_whose_readable_copy_was_edited_is_refused() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let jws = sign(&ring, &certificate(), BASE);
        let mut doc: Value = serde_json::from_slice(&document(&jws).expect("doc")).expect("json");
        doc["credential"]["credentialSubject"]["identifier"][0]["identityHash"] =
            json!("Someone Else");
        let edited = serde_json::to_vec(&doc).expect("json");
        assert!(matches!(jws_of(&edited), Err(CredentialError::Altered)));
        // Without the readable copy, the JWS alone speaks.
        doc.as_object_mut().expect("object").remove("credential");
        let bare = serde_json::to_vec(&doc).expect("json");
        assert_eq!(jws_of(&bare).expect("envelope"), jws);
    }

    #[test]
    fn jws_of_rejects_garbage() {
        for upload in [
            &b""[..],
            b"   ",
            b"hello",
            b"a.b",
            b"a.b.c.d",
            b"a..c",
            b"a.b!.c",
            b"{}",
            b"{not json",
            b"{\"id\": \"https://example.com\"}",
            b"{\"id\": \"data:application/vc+jwt,nope\"}",
            b"{\"id\": 7}",
            b"[\"a.b.c\"]",
            b"\xff\xfe\x00a.b.c",
            b"%PDF-1.7 a.b.c",
        ] {
            assert!(
                matches!(jws_of(upload), Err(CredentialError::Malformed(_))),
                "{:?}",
                String::from_utf8_lossy(upload)
            );
        }
    }

    #[test]
    fn compact_serialization_matches_rfc_8037() {
        // RFC 8037 appendix A.4: the Ed25519 signature of "Example of Ed25519 signing"
        // under {"alg":"EdDSA"} with the key of A.1 (kid per A.3).
        let tmp = tempfile::tempdir().expect("tempdir");
        let d: [u8; 32] = URL_SAFE_NO_PAD
            .decode("nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A")
            .expect("base64")
            .try_into()
            .expect("32 bytes");
        let kid = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
        let pem = {
            use ed25519_dalek::pkcs8::EncodePrivateKey;
            use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
            ed25519_dalek::SigningKey::from_bytes(&d)
                .to_pkcs8_pem(LineEnding::LF)
                .expect("pem")
        };
        std::fs::write(tmp.path().join(format!("{kid}.pem")), pem.as_bytes()).expect("pem");
        std::fs::write(tmp.path().join("current"), kid).expect("current");
        let ring = ring(tmp.path());
        assert_eq!(ring.current_kid(), kid);
        assert_eq!(
            compact(&ring, br#"{"alg":"EdDSA"}"#, b"Example of Ed25519 signing"),
            "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-\
             09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
        );
    }

    /// Not a check (no timed assertion): prints how long 10,000 signatures and
    /// verifications take. `cargo test --release --lib credential::tests::cost -- --ignored --nocapture`
    #[test]
    #[ignore = "measurement"]
    fn cost() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let ring = ring(tmp.path());
        let keys = ring.public_keys();
        let mut cert = certificate();
        let start = std::time::Instant::now();
        let mut signed = Vec::with_capacity(10_000);
        for i in 0..10_000 {
            cert.code = format!("AULA-0000-0000-{i:04}");
            signed.push(sign(&ring, &cert, BASE));
        }
        let signing = start.elapsed();
        let start = std::time::Instant::now();
        for jws in &signed {
            verify(jws, &keys).expect("verified");
        }
        println!(
            "10,000 signed in {signing:?}, verified in {:?}",
            start.elapsed()
        );
    }
}
