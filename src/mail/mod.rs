//! Outgoing e-mail: rendered from minijinja templates (`email/<name>/subject.txt`,
//! `body.txt`, `body.html`), sent through SMTP when `AULA_SMTP_URL` is set, written
//! as `.eml` files to the outbox folder otherwise.

use std::path::PathBuf;

use anyhow::Context;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use serde::Serialize;

use crate::config::Config;
use crate::render::Templates;

/// Where messages go.
#[derive(Clone)]
pub enum Transport {
    /// An SMTP server.
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    /// `.eml` files in a folder.
    Outbox(PathBuf),
}

/// Renders and sends e-mails; cheap to clone.
#[derive(Clone)]
pub struct Mailer {
    transport: Transport,
    from: Mailbox,
    templates: Templates,
}

/// A rendered message, before it becomes MIME.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// Subject line.
    pub subject: String,
    /// Plain-text body.
    pub text: String,
    /// HTML body.
    pub html: String,
}

impl Mailer {
    /// The mailer the configuration asks for.
    pub fn from_config(config: &Config, templates: Templates) -> anyhow::Result<Self> {
        let from: Mailbox = config
            .smtp_from
            .parse()
            .with_context(|| format!("smtp_from is not a valid address: {}", config.smtp_from))?;
        let transport = match config.smtp_url.as_deref().filter(|u| !u.is_empty()) {
            Some(url) => Transport::Smtp(
                AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                    .context("AULA_SMTP_URL is not a valid SMTP URL")?
                    .build(),
            ),
            None => Transport::Outbox(config.outbox_dir.clone()),
        };
        Ok(Self {
            transport,
            from,
            templates,
        })
    }

    /// Renders the three templates of `email/<name>/` in the language of `ctx`'s
    /// `lang` (the recipient's): `email/<name>/<lang>/` when the e-mail is
    /// translated, else the Italian one.
    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> anyhow::Result<Rendered> {
        let ctx = minijinja::Value::from_serialize(&ctx);
        let lang = ctx
            .get_attr("lang")
            .ok()
            .and_then(|v| v.as_str().and_then(crate::render::i18n::supported))
            .unwrap_or(crate::render::i18n::DEFAULT_LANG);
        let folder = if self
            .templates
            .has(&format!("email/{name}/{lang}/subject.txt"))
        {
            format!("email/{name}/{lang}")
        } else {
            format!("email/{name}")
        };
        let ctx = minijinja::context! { lang => lang, ..ctx };
        let render = |part: &str| {
            self.templates
                .render(&format!("{folder}/{part}"), &ctx)
                .with_context(|| format!("e-mail template {folder}/{part}"))
        };
        Ok(Rendered {
            subject: render("subject.txt")?.trim().to_string(),
            text: render("body.txt")?,
            html: render("body.html")?,
        })
    }

    /// Builds the MIME message.
    pub fn message(
        &self,
        to: &str,
        rendered: &Rendered,
        headers: &[(&'static str, String)],
    ) -> anyhow::Result<Message> {
        self.message_with_calendar(to, rendered, headers, None)
    }

    /// Builds the MIME message, with an iCalendar attachment (`invito.ics`,
    /// `text/calendar; method=PUBLISH`) beside the text and HTML bodies when given.
    pub fn message_with_calendar(
        &self,
        to: &str,
        rendered: &Rendered,
        headers: &[(&'static str, String)],
        calendar: Option<&str>,
    ) -> anyhow::Result<Message> {
        let to: Mailbox = to
            .parse()
            .with_context(|| format!("invalid recipient {to}"))?;
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(rendered.subject.clone());
        for (name, value) in headers {
            builder = builder.raw_header(lettre::message::header::HeaderValue::new(
                lettre::message::header::HeaderName::new_from_ascii_str(name),
                value.clone(),
            ));
        }
        let bodies =
            MultiPart::alternative_plain_html(rendered.text.clone(), rendered.html.clone());
        let body = match calendar {
            None => bodies,
            Some(ics) => {
                let kind = ContentType::parse("text/calendar; charset=utf-8; method=PUBLISH")
                    .context("calendar content type")?;
                MultiPart::mixed()
                    .multipart(bodies)
                    .singlepart(Attachment::new("invito.ics".into()).body(ics.to_string(), kind))
            }
        };
        builder.multipart(body).context("cannot build the e-mail")
    }

    /// Sends a message.
    pub async fn send(&self, message: Message) -> anyhow::Result<()> {
        match &self.transport {
            Transport::Smtp(smtp) => {
                smtp.send(message).await.context("SMTP delivery failed")?;
            }
            Transport::Outbox(dir) => {
                tokio::fs::create_dir_all(dir)
                    .await
                    .with_context(|| format!("cannot create the outbox {}", dir.display()))?;
                AsyncFileTransport::<Tokio1Executor>::new(dir)
                    .send(message)
                    .await
                    .context("cannot write to the outbox")?;
            }
        }
        Ok(())
    }

    /// Renders and sends in one go.
    pub async fn send_template<S: Serialize>(
        &self,
        to: &str,
        name: &str,
        ctx: S,
    ) -> anyhow::Result<()> {
        let rendered = self.render(name, ctx)?;
        let message = self.message(to, &rendered, &[])?;
        self.send(message).await
    }
}
