//! The paper: a one-page A4 PDF/A-3a (tagged, its language set, fonts embedded)
//! with the learner, the course and its hours, the dates, the code and a QR code to
//! the verification page, and the signed credential attached as a JSON file.
//!
//! Built with krilla; the text is real text (Noto Sans, subset into the file) and
//! measured by [`text`], the QR code is vector squares ([`qr`]), the layout and its
//! tags are in [`layout`], and [`attachment`] reads the credential back out of any
//! PDF with lopdf. Rendering is deterministic: the same certificate gives the same
//! bytes (dates come from the certificate, never from the clock).

mod layout;
mod qr;
mod read;
mod text;

use chrono::{DateTime, Datelike, Timelike, Utc};
use fluent_bundle::FluentValue;
use krilla::configure::{Accessibility, Archival, ConfigurationBuilder, ValidationError};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::error::KrillaError;
use krilla::metadata::Metadata;
use krilla::{Document, SerializeSettings};

use super::Certificate;
use crate::render::dates;
use crate::render::i18n::Messages;

pub use read::attachment;

/// A file attached to the PDF (the signed credential, JSON).
pub struct Attachment<'a> {
    /// File name shown by PDF readers (e.g. `attestato-AULA-….json`).
    pub name: &'a str,
    /// The file's bytes.
    pub bytes: &'a [u8],
}

/// Why a certificate could not be printed.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The PDF writer refused the document.
    #[error("pdf: {0}")]
    Render(String),
    /// The page could not be laid out (e.g. a verification URL too long for a QR code).
    #[error("pdf: the page cannot be laid out ({0})")]
    Layout(&'static str),
}

/// Renders the one-page A4 certificate. `messages` gives the labels (keys
/// `certificate-pdf-*`) in `cert.language`; `verify_url` is printed and encoded in
/// the QR code; `attachment`, if any, is embedded as the credential (JSON).
///
/// The file is PDF/A-3a. Should a name hold a character the embedded font lacks
/// (PDF/A forbids the resulting `.notdef` glyph), the same page is written as a
/// plain tagged PDF instead, rather than no paper at all.
pub fn render(
    cert: &Certificate,
    messages: &Messages,
    verify_url: &str,
    attachment: Option<Attachment<'_>>,
) -> Result<Vec<u8>, PdfError> {
    let lang = if cert.language.trim().is_empty() {
        crate::render::i18n::DEFAULT_LANG
    } else {
        cert.language.trim()
    };
    let content = content(cert, lang, messages, verify_url, attachment.is_some());
    let label = |key: &str| messages.message(lang, key, &[]);
    let description = label("certificate-pdf-attachment");
    let title = messages.message(
        lang,
        "certificate-pdf-document-title",
        &[
            ("course", FluentValue::from(clean(&cert.course_title))),
            ("name", FluentValue::from(clean(&cert.holder_name))),
        ],
    );
    let write = |archival: bool| -> Result<Vec<u8>, Failure> {
        let mut builder = ConfigurationBuilder::new();
        if archival {
            builder = builder
                .with_archival_validator(Archival::A3_A)
                .with_accessibility_validator(Accessibility::UA1);
        }
        let settings = SerializeSettings {
            configuration: builder
                .finish()
                .map_err(|_| Failure::Layout("PDF/A-3a configuration"))?,
            enable_tagging: true,
            ..SerializeSettings::default()
        };
        let mut document = Document::new_with(settings);
        let when = pdf_date(cert.issued_at);
        document.set_metadata(
            Metadata::new()
                .title(title.clone())
                .language(lang.to_string())
                .creator("Aula".into())
                .authors(vec![clean(&cert.issuer)])
                .description(clean(&cert.course_title))
                .document_id(cert.code.clone())
                .creation_date(when),
        );
        if let Some(file) = &attachment {
            document.embed_file(EmbeddedFile {
                path: file.name.to_string(),
                mime_type: MimeType::new("application/json"),
                description: Some(description.clone()),
                association_kind: AssociationKind::Data,
                data: file.bytes.to_vec().into(),
                modification_date: Some(when),
                compress: Some(true),
                location: None,
            });
        }
        let (tree, outline) = layout::draw(&mut document, &content, lang)
            .ok_or(Failure::Layout("verification URL or page geometry"))?;
        document.set_tag_tree(tree);
        document.set_outline(outline);
        document.finish().map_err(Failure::Krilla)
    };
    match write(true) {
        Ok(bytes) => Ok(bytes),
        Err(Failure::Krilla(KrillaError::Validation(errors)))
            if !errors.is_empty()
                && errors
                    .iter()
                    .all(|(e, _)| matches!(e, ValidationError::ContainsNotDefGlyph(..))) =>
        {
            tracing::warn!(
                code = %cert.code,
                "certificate text has characters the font lacks: written as plain PDF, not PDF/A"
            );
            write(false).map_err(Failure::into_error)
        }
        Err(e) => Err(e.into_error()),
    }
}

enum Failure {
    Krilla(KrillaError),
    Layout(&'static str),
}

impl Failure {
    fn into_error(self) -> PdfError {
        match self {
            Failure::Krilla(e) => PdfError::Render(describe(&e)),
            Failure::Layout(what) => PdfError::Layout(what),
        }
    }
}

/// Everything the page prints, worded in `cert.language`.
fn content(
    cert: &Certificate,
    lang: &str,
    messages: &Messages,
    verify_url: &str,
    attached: bool,
) -> layout::Content {
    let say = |key: &str, args: &[(&str, FluentValue<'_>)]| messages.message(lang, key, args);
    let text = |key: &str| say(key, &[]);
    let duration = |minutes: u32| duration(messages, lang, minutes);

    let mut totals = vec![(
        text("certificate-pdf-total-remote"),
        duration(cert.remote_minutes),
    )];
    if cert.classroom_minutes > 0 {
        totals.push((
            text("certificate-pdf-total-classroom"),
            duration(cert.classroom_minutes),
        ));
        totals.push((
            text("certificate-pdf-total"),
            duration(cert.remote_minutes.saturating_add(cert.classroom_minutes)),
        ));
    }
    let more_messages = messages.clone();
    let more_lang = lang.to_string();
    layout::Content {
        issuer: clean(&cert.issuer),
        title: text("certificate-pdf-title"),
        certify: text("certificate-pdf-certify"),
        name: clean(&cert.holder_name),
        municipality: cert
            .holder_municipality
            .as_deref()
            .map(clean)
            .filter(|m| !m.is_empty())
            .map(|m| {
                say(
                    "certificate-pdf-municipality",
                    &[("municipality", FluentValue::from(m))],
                )
            }),
        completed_course: text("certificate-pdf-completed-course"),
        course: clean(&cert.course_title),
        edition: clean(&cert.edition_title),
        completed_on: say(
            "certificate-pdf-completed-on",
            &[(
                "date",
                FluentValue::from(dates::long(cert.completed_on, lang)),
            )],
        ),
        program: text("certificate-pdf-program"),
        modules: cert
            .modules
            .iter()
            .map(|m| {
                let hours = if m.minutes > 0 {
                    duration(m.minutes)
                } else {
                    String::new()
                };
                (clean(&m.title), hours)
            })
            .collect(),
        more_modules: Box::new(move |count| {
            more_messages.message(
                &more_lang,
                "certificate-pdf-more-modules",
                &[("count", FluentValue::from(count))],
            )
        }),
        totals,
        code_label: text("certificate-pdf-code"),
        code: clean(&cert.code),
        issued: say(
            "certificate-pdf-issued",
            &[(
                "date",
                FluentValue::from(dates::long(rome_date(cert.issued_at), lang)),
            )],
        ),
        verify_label: text("certificate-pdf-verify"),
        url: clean(verify_url),
        qr_alt: say(
            "certificate-pdf-qr-alt",
            &[("url", FluentValue::from(clean(verify_url)))],
        ),
        link_alt: text("certificate-pdf-link-alt"),
        footnote: attached.then(|| text("certificate-pdf-footnote")),
    }
}

/// `4 ore e 30 minuti`, `12 ore`, `1 ora`, `45 minuti`.
fn duration(messages: &Messages, lang: &str, minutes: u32) -> String {
    let (hours, rest) = (minutes / 60, minutes % 60);
    let args = [
        ("hours", FluentValue::from(hours)),
        ("minutes", FluentValue::from(rest)),
    ];
    let key = match (hours, rest) {
        (_, 0) => "certificate-pdf-hours",
        (0, _) => "certificate-pdf-minutes",
        _ => "certificate-pdf-hours-minutes",
    };
    messages.message(lang, key, &args)
}

/// Text as printed: control characters (which no font draws and PDF/A forbids in
/// text) dropped, runs of white space made one space.
fn clean(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.chars().filter(|c| !c.is_control()).collect::<String>())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The day `at` falls on in Italy.
fn rome_date(at: DateTime<Utc>) -> chrono::NaiveDate {
    at.with_timezone(&chrono_tz::Europe::Rome).date_naive()
}

fn pdf_date(at: DateTime<Utc>) -> krilla::metadata::DateTime {
    krilla::metadata::DateTime::new(u16::try_from(at.year()).unwrap_or(2000))
        .month(at.month() as u8)
        .day(at.day() as u8)
        .hour(at.hour() as u8)
        .minute(at.minute() as u8)
        .second(at.second() as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

fn describe(error: &KrillaError) -> String {
    match error {
        KrillaError::Validation(errors) => errors
            .iter()
            .map(|(e, _)| format!("{e:?}"))
            .collect::<Vec<_>>()
            .join("; "),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::certificates::ModuleLine;
    use chrono::{NaiveDate, TimeZone};

    const URL: &str = "https://formazione.example.it/verify/AULA-7K3M-Q9X2-HF4T";

    fn messages() -> Messages {
        Messages::load().expect("the catalogue loads")
    }

    fn certificate() -> Certificate {
        Certificate {
            code: "AULA-7K3M-Q9X2-HF4T".into(),
            holder_name: "Nicolò D'Angelo".into(),
            holder_municipality: Some("Città di Castello".into()),
            course_id: "anticorruzione".into(),
            course_title: "Prevenzione della corruzione e trasparenza negli enti locali".into(),
            edition_title: "4ª edizione 2026".into(),
            modules: vec![
                ModuleLine {
                    title: "Il quadro normativo: legge 190/2012 e decreti attuativi".into(),
                    minutes: 90,
                },
                ModuleLine {
                    title: "Il piano integrato di attività e organizzazione (PIAO)".into(),
                    minutes: 120,
                },
                ModuleLine {
                    title: "Accesso civico semplice e generalizzato".into(),
                    minutes: 60,
                },
                ModuleLine {
                    title: "Conflitto di interessi, incompatibilità e inconferibilità degli \
                            incarichi: casi pratici e giurisprudenza recente"
                        .into(),
                    minutes: 45,
                },
            ],
            remote_minutes: 315,
            classroom_minutes: 240,
            completed_on: NaiveDate::from_ymd_opt(2026, 12, 2).expect("valid date"),
            issued_at: Utc
                .with_ymd_and_hms(2026, 12, 2, 23, 30, 0)
                .single()
                .expect("valid time"),
            issuer: "Comune di Perugia — Servizio formazione del personale".into(),
            language: "it".into(),
        }
    }

    const CREDENTIAL: &[u8] = br#"{"@context":["https://www.w3.org/ns/credentials/v2"],"proof":"eyJhbGciOiJFZERTQSJ9..sig"}"#;

    fn attached() -> Option<Attachment<'static>> {
        Some(Attachment {
            name: "attestato-AULA-7K3M-Q9X2-HF4T.json",
            bytes: CREDENTIAL,
        })
    }

    fn text_of(pdf: &[u8]) -> String {
        let text = pdf_extract::extract_text_from_mem(pdf).expect("the text is extractable");
        // Extraction puts line breaks and spaces of its own between runs.
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn the_page_says_who_did_what_and_how_long() {
        let cert = certificate();
        let pdf = render(&cert, &messages(), URL, attached()).expect("renders");
        if let Ok(path) = std::env::var("AULA_PDF_SAMPLE") {
            std::fs::write(path, &pdf).expect("sample written");
        }
        let text = text_of(&pdf);
        for expected in [
            "Attestato di partecipazione",
            "si attesta che",
            "Nicolò D'Angelo",
            "Comune di Città di Castello",
            "ha completato il corso",
            "Prevenzione della corruzione e trasparenza negli enti locali",
            "4ª edizione 2026",
            "concluso il 2 dicembre 2026",
            "Il piano integrato di attività e organizzazione (PIAO)",
            "1 ora e 30 minuti",
            "2 ore",
            "1 ora",
            "45 minuti",
            "Ore di formazione a distanza",
            "5 ore e 15 minuti",
            "Ore di formazione in aula",
            "4 ore",
            "Totale ore di formazione",
            "9 ore e 15 minuti",
            "AULA-7K3M-Q9X2-HF4T",
            "Verifica l'autenticità su",
            URL,
            // Issued at 23:30 UTC on 2 December: already 3 December in Rome.
            "Rilasciato il 3 dicembre 2026",
            "Comune di Perugia — Servizio formazione del personale",
            "Open Badges 3.0",
        ] {
            assert!(
                text.contains(expected),
                "{expected:?} missing from {text:?}"
            );
        }
        assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());
    }

    #[test]
    fn the_credential_comes_back_out_exactly() {
        let pdf = render(&certificate(), &messages(), URL, attached()).expect("renders");
        assert_eq!(attachment(&pdf).as_deref(), Some(CREDENTIAL));

        // A larger, binary-looking credential survives too (it is compressed inside).
        let big: Vec<u8> = (0..50_000u32).map(|i| (i * 7919 % 251) as u8).collect();
        let pdf = render(
            &certificate(),
            &messages(),
            URL,
            Some(Attachment {
                name: "credential.JSON",
                bytes: &big,
            }),
        )
        .expect("renders");
        assert_eq!(attachment(&pdf), Some(big));
    }

    #[test]
    fn attachment_is_none_for_anything_else_and_never_panics() {
        let bare = render(&certificate(), &messages(), URL, None).expect("renders");
        assert_eq!(attachment(&bare), None);
        let text = text_of(&bare);
        assert!(
            !text.contains("Open Badges"),
            "no note without a credential"
        );

        let full = render(&certificate(), &messages(), URL, attached()).expect("renders");
        for cut in [
            10,
            100,
            1000,
            full.len() / 3,
            full.len() / 2,
            full.len() - 40,
        ] {
            let _ = attachment(&full[..cut]);
        }
        // Flipped bytes all over the file: whatever comes back, no panic.
        for step in [97, 389, 1499] {
            let mut damaged = full.clone();
            for i in (0..damaged.len()).step_by(step) {
                damaged[i] ^= 0x5A;
            }
            let _ = attachment(&damaged);
        }
        // A non-JSON attachment is not the credential.
        let other = render(
            &certificate(),
            &messages(),
            URL,
            Some(Attachment {
                name: "note.txt",
                bytes: b"hello",
            }),
        )
        .expect("renders");
        assert_eq!(attachment(&other), None);
        assert_eq!(attachment(b"not a pdf at all"), None);
        assert_eq!(attachment(&[0xFF; 4096]), None);
        assert_eq!(attachment(b"%PDF-1.7\ngarbage"), None);
    }

    #[test]
    fn the_file_is_pdf_a_tagged_and_deterministic() {
        let cert = certificate();
        let pdf = render(&cert, &messages(), URL, attached()).expect("renders");
        let again = render(&cert, &messages(), URL, attached()).expect("renders");
        assert!(pdf == again, "same certificate, same bytes");
        let mut other = cert.clone();
        other.holder_name = "Maria Rossi".into();
        assert!(render(&other, &messages(), URL, attached()).expect("renders") != pdf);

        let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
        assert_eq!(doc.get_pages().len(), 1, "one page");
        let catalog = doc.catalog().expect("catalog");
        let lang = catalog
            .get(b"Lang")
            .and_then(|l| l.as_str())
            .expect("/Lang");
        assert_eq!(lang, b"it");
        let marked = catalog
            .get(b"MarkInfo")
            .and_then(|m| doc.dereference(m))
            .and_then(|(_, m)| m.as_dict())
            .and_then(|m| m.get(b"Marked"))
            .and_then(|m| m.as_bool())
            .expect("/MarkInfo /Marked");
        assert!(marked, "tagged");
        assert!(catalog.has(b"StructTreeRoot"));
        assert!(catalog.has(b"AF"), "the credential is an associated file");
        let page = doc.get_pages().into_values().next().expect("a page");
        let media_box = doc
            .get_dictionary(page)
            .and_then(|p| p.get(b"MediaBox"))
            .and_then(|b| b.as_array())
            .expect("MediaBox")
            .iter()
            .map(|n| n.as_float().expect("number"))
            .collect::<Vec<_>>();
        assert_eq!(media_box.len(), 4);
        assert!((media_box[2] - 595.28).abs() < 0.1 && (media_box[3] - 841.89).abs() < 0.1);
        // The XMP packet declares PDF/A-3a.
        let xmp = String::from_utf8_lossy(&pdf);
        assert!(xmp.contains("<pdfaid:part>3</pdfaid:part>"), "PDF/A part");
        assert!(xmp.contains("<pdfaid:conformance>A</pdfaid:conformance>"));
        assert!(xmp.contains("Aula"), "creator");
    }

    #[test]
    fn without_classroom_hours_there_is_no_classroom_line() {
        let mut cert = certificate();
        cert.classroom_minutes = 0;
        cert.holder_municipality = None;
        let text = text_of(&render(&cert, &messages(), URL, None).expect("renders"));
        assert!(
            text.contains("Ore di formazione a distanza 5 ore e 15 minuti"),
            "{text}"
        );
        assert!(!text.contains("in aula"), "{text}");
        assert!(!text.contains("Totale"), "{text}");
        assert!(!text.contains("Comune di Città"), "{text}");
    }

    #[test]
    fn many_modules_and_long_texts_still_fit_one_page() {
        let mut cert = certificate();
        cert.holder_name = "Maria Giovanna Elisabetta Caterina Teresa de' Medici-Lorenzetti \
                            Bartolomei della Gherardesca"
            .into();
        cert.course_title = "Corso ".repeat(40);
        cert.modules = (1..=60)
            .map(|i| ModuleLine {
                title: format!("Modulo {i}: argomento di approfondimento numero {i}"),
                minutes: 30 * i,
            })
            .collect();
        let pdf = render(&cert, &messages(), URL, attached()).expect("renders");
        if let Ok(path) = std::env::var("AULA_PDF_SAMPLE") {
            std::fs::write(format!("{path}.long.pdf"), &pdf).expect("sample written");
        }
        let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
        assert_eq!(doc.get_pages().len(), 1);
        let text = text_of(&pdf);
        assert!(text.contains("Modulo 1:"), "{text}");
        assert!(text.contains("e altri"), "the rest is counted: {text}");
        assert!(!text.contains("Modulo 60:"), "{text}");
        assert!(text.contains("AULA-7K3M-Q9X2-HF4T"));
        assert!(pdf.len() < 100 * 1024, "{} bytes", pdf.len());

        // With the usual name and title, two dozen modules fit without leaving any
        // out (in two columns).
        let mut cert = certificate();
        cert.modules = (1..=24)
            .map(|i| ModuleLine {
                title: format!("Modulo {i}: argomento di approfondimento numero {i}"),
                minutes: 30 * i,
            })
            .collect();
        let pdf = render(&cert, &messages(), URL, None).expect("renders");
        if let Ok(path) = std::env::var("AULA_PDF_SAMPLE") {
            std::fs::write(format!("{path}.24.pdf"), &pdf).expect("sample written");
        }
        let text = text_of(&pdf);
        assert!(
            text.contains("Modulo 24:") && !text.contains("e altri"),
            "{text}"
        );
        assert!(text.contains("12 ore"), "hours of module 24: {text}");
    }

    #[test]
    fn a_name_the_font_cannot_draw_still_gives_a_paper() {
        let mut cert = certificate();
        cert.holder_name = "李小龍 Bruce Lee".into();
        cert.issuer = "Ente\u{0}\u{7} di formazione".into();
        let pdf = render(&cert, &messages(), URL, attached()).expect("renders");
        let text = text_of(&pdf);
        assert!(text.contains("Bruce Lee"), "{text}");
        assert!(text.contains("Ente di formazione"), "{text}");
        assert_eq!(attachment(&pdf).as_deref(), Some(CREDENTIAL));
    }

    #[test]
    fn odd_certificates_still_print() {
        let mut empty = certificate();
        empty.holder_name = String::new();
        empty.holder_municipality = Some("  ".into());
        empty.course_title = String::new();
        empty.edition_title = String::new();
        empty.issuer = String::new();
        empty.language = String::new();
        empty.modules = vec![ModuleLine {
            title: String::new(),
            minutes: 0,
        }];
        empty.remote_minutes = 0;
        empty.classroom_minutes = 0;
        let pdf = render(&empty, &messages(), URL, None).expect("renders");
        assert!(text_of(&pdf).contains("Attestato di partecipazione"));

        let mut huge = certificate();
        huge.holder_name = "Nicolò".repeat(400);
        huge.course_title = "x".repeat(5000);
        huge.issuer = "Ente ".repeat(300);
        huge.modules = vec![
            ModuleLine {
                title: "lunghissimo".repeat(300),
                minutes: u32::MAX,
            };
            3
        ];
        huge.remote_minutes = u32::MAX;
        huge.classroom_minutes = u32::MAX;
        let long_url = format!("{URL}?{}", "a".repeat(600));
        let pdf = render(&huge, &messages(), &long_url, attached()).expect("renders");
        if let Ok(path) = std::env::var("AULA_PDF_SAMPLE") {
            std::fs::write(format!("{path}.huge.pdf"), &pdf).expect("sample written");
        }
        let doc = lopdf::Document::load_mem(&pdf).expect("lopdf reads it");
        assert_eq!(doc.get_pages().len(), 1);
        assert_eq!(attachment(&pdf).as_deref(), Some(CREDENTIAL));

        // A URL no QR code can hold is an error, not a panic.
        let impossible = format!("{URL}?{}", "a".repeat(8000));
        assert!(matches!(
            render(&certificate(), &messages(), &impossible, None),
            Err(PdfError::Layout(_))
        ));
    }

    #[test]
    fn durations_read_as_in_italian() {
        let m = messages();
        assert_eq!(duration(&m, "it", 0), "0 ore");
        assert_eq!(duration(&m, "it", 1), "1 minuto");
        assert_eq!(duration(&m, "it", 45), "45 minuti");
        assert_eq!(duration(&m, "it", 60), "1 ora");
        assert_eq!(duration(&m, "it", 61), "1 ora e 1 minuto");
        assert_eq!(duration(&m, "it", 270), "4 ore e 30 minuti");
        assert_eq!(duration(&m, "it", 720), "12 ore");
        assert_eq!(clean(" a\tb\u{0}c \n d "), "a bc d");
    }
}
