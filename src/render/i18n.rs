//! The message catalogue (Fluent). Templates never hold UI strings: they call
//! `t("key")`, so a language is added by adding `locales/<lang>.ftl` and nothing else.

use std::collections::HashMap;
use std::sync::Arc;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use rust_embed::RustEmbed;
use unic_langid::LanguageIdentifier;

#[derive(RustEmbed)]
#[folder = "src/render/locales/"]
#[include = "*.ftl"]
struct LocaleFiles;

/// The language of the law, of the content and of everything not yet translated.
pub const DEFAULT_LANG: &str = "it";

/// The languages of the interface, each with its name in itself (as the switcher
/// shows it), in the switcher's order.
pub const LANGS: [(&str, &str); 3] = [("it", "Italiano"), ("de", "Deutsch"), ("en", "English")];

/// The supported language `code` names, as a static string; None for any other.
pub fn supported(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    LANGS
        .iter()
        .map(|(c, _)| *c)
        .find(|c| c.eq_ignore_ascii_case(primary))
}

/// The language of a page: the user's saved choice, then the visitor's (a cookie),
/// then the first supported language of `Accept-Language` by its weights, then
/// Italian.
pub fn negotiate(
    saved: Option<&str>,
    cookie: Option<&str>,
    accept_language: Option<&str>,
) -> &'static str {
    saved
        .and_then(supported)
        .or_else(|| cookie.and_then(supported))
        .or_else(|| accept_language.and_then(from_accept_language))
        .unwrap_or(DEFAULT_LANG)
}

/// The supported language an `Accept-Language` header prefers (RFC 9110 §12.5.4):
/// ranges by descending `q` (ties keep their order), `q=0` meaning "not this one".
fn from_accept_language(header: &str) -> Option<&'static str> {
    let mut ranges: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let range = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!range.is_empty() && q > 0.0 && q <= 1.0).then_some((q, i, range))
        })
        .take(32)
        .collect();
    ranges.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranges
        .into_iter()
        .find_map(|(_, _, range)| supported(range))
}

/// Every language's messages, loaded once at start.
#[derive(Clone)]
pub struct Messages {
    bundles: Arc<HashMap<String, FluentBundle<FluentResource>>>,
    /// Each catalogue's message keys, sorted (for the tests that compare them).
    keys: Arc<HashMap<String, Vec<String>>>,
}

impl Messages {
    /// Loads every `locales/<lang>.ftl`; a syntax error in a file is an error.
    pub fn load() -> anyhow::Result<Self> {
        let mut bundles = HashMap::new();
        let mut keys = HashMap::new();
        for name in LocaleFiles::iter() {
            let Some(lang) = name.strip_suffix(".ftl") else {
                continue;
            };
            let file = LocaleFiles::get(&name)
                .ok_or_else(|| anyhow::anyhow!("locale file {name} vanished"))?;
            let source = String::from_utf8(file.data.into_owned())?;
            let resource = FluentResource::try_new(source)
                .map_err(|(_, errs)| anyhow::anyhow!("syntax errors in {name}: {errs:?}"))?;
            let mut names: Vec<String> = resource
                .entries()
                .filter_map(|entry| match entry {
                    fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_string()),
                    _ => None,
                })
                .collect();
            names.sort();
            keys.insert(lang.to_string(), names);
            let langid: LanguageIdentifier = lang.parse()?;
            let mut bundle = FluentBundle::new_concurrent(vec![langid]);
            // Isolation marks would show up inside HTML attributes and plain text mail.
            bundle.set_use_isolating(false);
            bundle
                .add_resource(resource)
                .map_err(|errs| anyhow::anyhow!("duplicate messages in {name}: {errs:?}"))?;
            bundles.insert(lang.to_string(), bundle);
        }
        anyhow::ensure!(
            bundles.contains_key(DEFAULT_LANG),
            "missing locales/{DEFAULT_LANG}.ftl"
        );
        Ok(Self {
            bundles: Arc::new(bundles),
            keys: Arc::new(keys),
        })
    }

    /// The message `key` in `lang` (falling back to the default language), with
    /// arguments; an unknown key is returned as is, so it is visible but harmless.
    pub fn message(&self, lang: &str, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        let bundle = self
            .bundles
            .get(lang)
            .filter(|b| b.has_message(key))
            .or_else(|| self.bundles.get(DEFAULT_LANG));
        let Some(bundle) = bundle else {
            return key.to_string();
        };
        let Some(pattern) = bundle.get_message(key).and_then(|m| m.value()) else {
            tracing::warn!(key, "missing message");
            return key.to_string();
        };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            fluent_args.set(*name, value.clone());
        }
        let mut errors = vec![];
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        if !errors.is_empty() {
            tracing::warn!(key, ?errors, "message formatted with errors");
        }
        text.into_owned()
    }

    /// The message keys of `lang`'s catalogue, sorted; empty for a language without
    /// one.
    pub fn keys(&self, lang: &str) -> Vec<String> {
        self.keys.get(lang).cloned().unwrap_or_default()
    }

    /// The languages that have a catalogue.
    pub fn languages(&self) -> Vec<String> {
        let mut langs: Vec<String> = self.bundles.keys().cloned().collect();
        langs.sort();
        langs
    }

    /// Whether `key` exists in the default language.
    pub fn has(&self, key: &str) -> bool {
        self.bundles
            .get(DEFAULT_LANG)
            .is_some_and(|b| b.has_message(key))
    }
}
