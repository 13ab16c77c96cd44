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

/// The pseudo-locale (asked for as `qps-ploc`, the tag reserved for it; never in the
/// switcher): the Italian catalogue with the vowels of its texts accented and each
/// text between `⟦` and `⟧`. A page rendered in it shows at a glance, to a translator
/// or a test, any text that does not come from the catalogue.
pub const PSEUDO_LANG: &str = "qps";

/// The supported language `code` names (or the pseudo-locale), as a static string;
/// None for any other.
pub fn supported(code: &str) -> Option<&'static str> {
    let code = code.trim();
    let primary = code.split(['-', '_']).next().unwrap_or(code);
    LANGS
        .iter()
        .map(|(c, _)| *c)
        .chain([PSEUDO_LANG])
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
        let pseudo = pseudo_bundle()?;
        keys.insert(PSEUDO_LANG.to_string(), keys[DEFAULT_LANG].clone());
        bundles.insert(PSEUDO_LANG.to_string(), pseudo);
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

/// The pseudo-locale's bundle: the Italian catalogue with every text transformed
/// (Italian plural rules, so selectors pick the same variants).
fn pseudo_bundle() -> anyhow::Result<FluentBundle<FluentResource>> {
    let file = LocaleFiles::get(&format!("{DEFAULT_LANG}.ftl"))
        .ok_or_else(|| anyhow::anyhow!("missing locales/{DEFAULT_LANG}.ftl"))?;
    let source = String::from_utf8(file.data.into_owned())?;
    let mut ast = fluent_syntax::parser::parse(source)
        .map_err(|(_, errs)| anyhow::anyhow!("syntax errors in {DEFAULT_LANG}.ftl: {errs:?}"))?;
    for entry in &mut ast.body {
        if let fluent_syntax::ast::Entry::Message(message) = entry {
            if let Some(value) = &mut message.value {
                pseudo_pattern(value);
            }
            for attribute in &mut message.attributes {
                pseudo_pattern(&mut attribute.value);
            }
        }
    }
    let resource = FluentResource::try_new(fluent_syntax::serializer::serialize(&ast))
        .map_err(|(_, errs)| anyhow::anyhow!("pseudo-locale: {errs:?}"))?;
    let mut bundle = FluentBundle::new_concurrent(vec![DEFAULT_LANG.parse()?]);
    bundle.set_use_isolating(false);
    bundle
        .add_resource(resource)
        .map_err(|errs| anyhow::anyhow!("pseudo-locale: {errs:?}"))?;
    Ok(bundle)
}

fn pseudo_pattern(pattern: &mut fluent_syntax::ast::Pattern<String>) {
    use fluent_syntax::ast::{Expression, PatternElement};
    for element in &mut pattern.elements {
        match element {
            PatternElement::TextElement { value } => *value = pseudo_text(value),
            PatternElement::Placeable {
                expression: Expression::Select { variants, .. },
            } => {
                for variant in variants {
                    pseudo_pattern(&mut variant.value);
                }
            }
            PatternElement::Placeable { .. } => {}
        }
    }
}

/// `Accedi` → `⟦Áccédí⟧`: vowels accented, HTML tags and entities left alone, the
/// text (without its surrounding white space) between brackets.
pub fn pseudo_text(text: &str) -> String {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return text.to_string();
    }
    let start = text.len() - text.trim_start().len();
    let end = start + trimmed.len();
    let mut out = String::with_capacity(text.len() * 2);
    out.push_str(&text[..start]);
    out.push('⟦');
    let mut in_tag = false;
    let mut in_entity = false;
    for c in trimmed.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            '&' => in_entity = true,
            ';' | ' ' if in_entity => in_entity = false,
            _ => {}
        }
        out.push(if in_tag || in_entity { c } else { accented(c) });
    }
    out.push('⟧');
    out.push_str(&text[end..]);
    out
}

fn accented(c: char) -> char {
    match c {
        'a' => 'á',
        'e' => 'é',
        'i' => 'í',
        'o' => 'ó',
        'u' => 'ú',
        'A' => 'Á',
        'E' => 'É',
        'I' => 'Í',
        'O' => 'Ó',
        'U' => 'Ú',
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// Each message of a catalogue file with the variables it uses.
    fn variables(lang: &str) -> BTreeMap<String, BTreeSet<String>> {
        fn in_inline(e: &InlineExpression<String>, out: &mut BTreeSet<String>) {
            match e {
                InlineExpression::VariableReference { id } => {
                    out.insert(id.name.clone());
                }
                InlineExpression::FunctionReference { arguments, .. } => {
                    for a in &arguments.positional {
                        in_inline(a, out);
                    }
                    for a in &arguments.named {
                        in_inline(&a.value, out);
                    }
                }
                InlineExpression::Placeable { expression } => in_expression(expression, out),
                _ => {}
            }
        }
        fn in_expression(e: &Expression<String>, out: &mut BTreeSet<String>) {
            match e {
                Expression::Select { selector, variants } => {
                    in_inline(selector, out);
                    for v in variants {
                        in_pattern(&v.value, out);
                    }
                }
                Expression::Inline(inline) => in_inline(inline, out),
            }
        }
        fn in_pattern(p: &Pattern<String>, out: &mut BTreeSet<String>) {
            for element in &p.elements {
                if let PatternElement::Placeable { expression } = element {
                    in_expression(expression, out);
                }
            }
        }
        let file = LocaleFiles::get(&format!("{lang}.ftl")).expect("catalogue file");
        let source = String::from_utf8(file.data.into_owned()).expect("UTF-8");
        let ast = fluent_syntax::parser::parse(source).expect("the catalogue parses");
        ast.body
            .iter()
            .filter_map(|entry| match entry {
                Entry::Message(m) => {
                    let mut vars = BTreeSet::new();
                    if let Some(value) = &m.value {
                        in_pattern(value, &mut vars);
                    }
                    Some((m.id.name.clone(), vars))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_language_has_exactly_the_keys_of_italian_with_the_same_variables() {
        let messages = Messages::load().expect("catalogues load");
        let italian = variables(DEFAULT_LANG);
        assert!(italian.len() > 500, "{} messages", italian.len());
        for (lang, _) in LANGS.iter().filter(|(l, _)| *l != DEFAULT_LANG) {
            assert!(
                messages.languages().iter().any(|l| l == lang),
                "no catalogue for {lang}"
            );
            let other = variables(lang);
            let missing: Vec<&String> =
                italian.keys().filter(|k| !other.contains_key(*k)).collect();
            let extra: Vec<&String> = other.keys().filter(|k| !italian.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
            assert!(
                extra.is_empty(),
                "{lang}.ftl has keys it.ftl lacks: {extra:?}"
            );
            for (key, vars) in &italian {
                assert_eq!(&other[key], vars, "{lang}.ftl: the variables of {key}");
            }
            assert_eq!(messages.keys(lang), messages.keys(DEFAULT_LANG));
        }
    }

    #[test]
    fn a_key_missing_from_a_catalogue_is_found() {
        // The comparison above on a catalogue with one key removed and one added.
        let mut other = variables("de");
        let removed = other.pop_first().expect("a message").0;
        other.insert("chiave-inventata".into(), BTreeSet::new());
        let italian = variables(DEFAULT_LANG);
        let missing: Vec<&String> = italian.keys().filter(|k| !other.contains_key(*k)).collect();
        let extra: Vec<&String> = other.keys().filter(|k| !italian.contains_key(*k)).collect();
        assert_eq!(missing, vec![&removed]);
        assert_eq!(extra, vec!["chiave-inventata"]);
    }

    #[test]
    fn the_pseudo_locale_marks_every_message() {
        let messages = Messages::load().expect("catalogues load");
        for key in messages.keys(DEFAULT_LANG) {
            let text = messages.message(PSEUDO_LANG, &key, &[]);
            assert!(
                text.contains('⟦') || text.trim().is_empty(),
                "{key}: {text}"
            );
        }
        assert_eq!(
            messages.message(PSEUDO_LANG, "nav-logout", &[]),
            pseudo_text(&messages.message(DEFAULT_LANG, "nav-logout", &[]))
        );
        assert_eq!(
            pseudo_text("  Accedi <b>ora</b> &amp; poi "),
            "  ⟦Áccédí <b>órá</b> &amp; póí⟧ "
        );
    }

    #[test]
    fn the_language_is_the_saved_one_then_the_cookie_then_the_browser_then_italian() {
        assert_eq!(negotiate(Some("de"), Some("en"), Some("en")), "de");
        assert_eq!(negotiate(None, Some("en"), Some("de")), "en");
        assert_eq!(negotiate(Some("fr"), None, Some("de-AT, en;q=0.5")), "de");
        assert_eq!(
            negotiate(None, None, Some("fr-FR, en;q=0.8, de;q=0.9")),
            "de"
        );
        assert_eq!(negotiate(None, None, Some("en;q=0, de;q=0.1")), "de");
        assert_eq!(negotiate(None, None, Some("fr, es")), "it");
        assert_eq!(negotiate(None, None, Some("EN-gb")), "en");
        assert_eq!(negotiate(None, None, Some(";;,q=,de;q=abc")), "it");
        assert_eq!(negotiate(None, None, None), "it");
        assert_eq!(negotiate(None, None, Some("qps-ploc")), PSEUDO_LANG);
    }
}
