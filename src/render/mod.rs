//! Rendering shared by pages and e-mails: the one minijinja environment, the message
//! catalogue (`i18n`) and the static assets (`assets`). Templates live in
//! `src/render/templates/`: in debug builds they are read from disk on every render
//! (edit and reload), in release builds they are embedded in the binary. Autoescaping
//! is on for `.html`.

pub mod assets;
pub mod dates;
pub mod i18n;

use std::sync::Arc;

use minijinja::value::{Kwargs, Value};
use minijinja::{Environment, Error, ErrorKind};
use rust_embed::RustEmbed;
use serde::Serialize;

use i18n::{DEFAULT_LANG, Messages};

#[derive(RustEmbed)]
#[folder = "src/render/templates/"]
struct TemplateFiles;

/// Renders templates; cheap to clone.
#[derive(Clone)]
pub struct Templates {
    messages: Messages,
    /// Release builds parse each template once and keep it.
    #[cfg_attr(debug_assertions, expect(dead_code, reason = "debug builds reload"))]
    cached: Arc<Environment<'static>>,
}

impl Templates {
    /// Builds the environment with the message catalogue.
    pub fn new(messages: Messages) -> Self {
        let cached = Arc::new(build_env(messages.clone()));
        Self { messages, cached }
    }

    /// The message catalogue.
    pub fn messages(&self) -> &Messages {
        &self.messages
    }

    /// Whether a template named `name` exists.
    pub fn has(&self, name: &str) -> bool {
        TemplateFiles::get(name).is_some()
    }

    /// Renders `name` with `ctx`.
    pub fn render<S: Serialize>(&self, name: &str, ctx: S) -> Result<String, Error> {
        #[cfg(debug_assertions)]
        let env = build_env(self.messages.clone());
        #[cfg(debug_assertions)]
        let env = &env;
        #[cfg(not(debug_assertions))]
        let env = self.cached.as_ref();
        env.get_template(name)?.render(ctx)
    }
}

/// Escapes like minijinja's default but leaves `/` alone: URLs in attributes stay
/// readable (`/library/…` rather than `&#x2f;library&#x2f;…`); `/` cannot end an
/// attribute or open a tag, so this is just as safe.
fn html_formatter(
    out: &mut minijinja::Output<'_>,
    state: &minijinja::State<'_, '_>,
    value: &Value,
) -> Result<(), Error> {
    if value.is_safe()
        || matches!(state.auto_escape(), minijinja::AutoEscape::None)
        || value.is_none()
    {
        return minijinja::escape_formatter(out, state, value);
    }
    let text = match value.as_str() {
        Some(s) => std::borrow::Cow::Borrowed(s),
        None if value.is_undefined() => return Ok(()),
        None => std::borrow::Cow::Owned(value.to_string()),
    };
    out.write_str(&crate::content::markdown::escape(&text))
        .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write template output"))
}

/// The `lang` a template is rendered in.
fn lang_of(state: &minijinja::State<'_, '_>) -> &'static str {
    state
        .lookup("lang")
        .and_then(|v| v.as_str().and_then(i18n::supported))
        .unwrap_or(DEFAULT_LANG)
}

fn build_env(messages: Messages) -> Environment<'static> {
    let mut env = Environment::new();
    env.set_loader(|name| {
        Ok(TemplateFiles::get(name).map(|f| String::from_utf8_lossy(&f.data).into_owned()))
    });
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_formatter(html_formatter);
    env.add_filter("act_name", |id: &str| {
        crate::content::library::act_short_name(id)
    });
    // `2026-12-02` → `2 dicembre 2026`; anything else is shown as it is.
    // `2026-12-02` → `2 dicembre 2026`, `2. Dezember 2026`, `2 December 2026` by
    // the page's `lang`; anything else is shown as it is.
    env.add_filter(
        "long_date",
        |state: &minijinja::State<'_, '_>, value: Value| -> String {
            let text = value.to_string();
            dates::long_iso(&text, lang_of(state)).unwrap_or(text)
        },
    );
    // An RFC 3339 moment → `12/03/2027 alle 18:00` (Italian time) in the page's
    // language; anything else is shown as it is.
    env.add_filter(
        "date_time",
        |state: &minijinja::State<'_, '_>, value: Value| -> String {
            let text = value.to_string();
            dates::date_time_rfc3339(&text, lang_of(state)).unwrap_or(text)
        },
    );
    // Every render may set `lang` (pages: the viewer's; e-mails: the recipient's).
    env.add_global("lang", DEFAULT_LANG);
    env.add_global(
        "languages",
        Value::from_serialize(
            i18n::LANGS
                .iter()
                .map(|(code, name)| serde_json::json!({"code": code, "name": name}))
                .collect::<Vec<_>>(),
        ),
    );
    env.add_function(
        "t",
        move |state: &minijinja::State<'_, '_>,
              key: &str,
              kwargs: Kwargs|
              -> Result<String, Error> {
            let mut args = Vec::new();
            for name in kwargs.args() {
                let value: Value = kwargs.get(name)?;
                let fluent = match value.as_i64() {
                    Some(n) => fluent_bundle::FluentValue::from(n),
                    None => fluent_bundle::FluentValue::from(value.to_string()),
                };
                args.push((name, fluent));
            }
            kwargs.assert_all_used()?;
            Ok(messages.message(lang_of(state), key, &args))
        },
    );
    env.add_function("asset", |path: &str| -> Result<Value, Error> {
        // Our own URL, built from an embedded file name: safe to emit unescaped.
        assets::versioned_url(path)
            .map(Value::from_safe_string)
            .ok_or_else(|| {
                Error::new(
                    ErrorKind::InvalidOperation,
                    format!("no asset named {path}"),
                )
            })
    });
    env
}

/// Rendered fragments that are the same for every visitor (a lesson's body, an
/// article's text), kept until the content they show changes: each is rendered
/// once after a course reload or library change, then copied into pages.
#[derive(Default)]
pub struct Fragments {
    rendered: std::sync::RwLock<std::collections::HashMap<String, Arc<str>>>,
}

impl Fragments {
    /// The fragment under `key`, rendering it with `render` the first time.
    pub fn get_or_render<E>(
        &self,
        key: &str,
        render: impl FnOnce() -> Result<String, E>,
    ) -> Result<Arc<str>, E> {
        let read = self
            .rendered
            .read()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(hit) = read.get(key) {
            return Ok(hit.clone());
        }
        drop(read);
        let html: Arc<str> = render()?.into();
        self.rendered
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(key.to_string(), html.clone());
        Ok(html)
    }

    /// Forgets every fragment (the courses or the library changed).
    pub fn clear(&self) {
        self.rendered
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clear();
    }
}
