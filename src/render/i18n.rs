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

/// The default and, for now, only complete language of the interface.
pub const DEFAULT_LANG: &str = "it";

/// Every language's messages, loaded once at start.
#[derive(Clone)]
pub struct Messages {
    bundles: Arc<HashMap<String, FluentBundle<FluentResource>>>,
}

impl Messages {
    /// Loads every `locales/<lang>.ftl`; a syntax error in a file is an error.
    pub fn load() -> anyhow::Result<Self> {
        let mut bundles = HashMap::new();
        for name in LocaleFiles::iter() {
            let Some(lang) = name.strip_suffix(".ftl") else {
                continue;
            };
            let file = LocaleFiles::get(&name)
                .ok_or_else(|| anyhow::anyhow!("locale file {name} vanished"))?;
            let source = String::from_utf8(file.data.into_owned())?;
            let resource = FluentResource::try_new(source)
                .map_err(|(_, errs)| anyhow::anyhow!("syntax errors in {name}: {errs:?}"))?;
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

    /// Whether `key` exists in the default language.
    pub fn has(&self, key: &str) -> bool {
        self.bundles
            .get(DEFAULT_LANG)
            .is_some_and(|b| b.has_message(key))
    }
}
