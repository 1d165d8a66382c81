//! The KB file format: one Rust type per kind of file, strict (`deny_unknown_fields`), with every
//! value that a diagnostic may point at wrapped in [`Spanned`] at parse time.
//!
//! | file                      | type                 |
//! |---------------------------|----------------------|
//! | `kb.yaml`                 | [`KbSettings`]       |
//! | `kb.<locale>.yaml`        | [`KbTranslation`]    |
//! | `<topic>/topic.yaml`      | [`TopicDoc`]         |
//! | `<topic>/topic.<l>.yaml`  | [`TopicTranslation`] |
//! | `<topic>/<entry>.yaml`    | [`EntryDoc`]         |
//! | `<topic>/<entry>.<l>.yaml`| [`EntryTranslation`] |

use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
pub use serde_saphyr::Spanned;
use std::fmt;
use std::marker::PhantomData;

/// A string with the place it was written.
pub type Text = Spanned<String>;

/// A list with the place it starts (for "needs at least one item").
pub type List<T> = Spanned<Vec<T>>;

/// `kb.yaml`: the settings of a knowledge base.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbSettings {
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    /// The locale that every other locale translates from (`en`).
    pub source_locale: Text,
    /// Every locale the KB is published in, the source locale included.
    pub locales: List<Text>,
    /// Where the site will be published (`https://kb.example.com/`), for absolute URLs.
    #[serde(default)]
    pub base_url: Option<Text>,
    /// Named link bases: `azure: https://learn.microsoft.com/azure/` makes `azure:path` a link.
    #[serde(default)]
    pub link_bases: SpannedMap<Text>,
    /// Credit for the material the KB draws on (Markdown; translatable).
    #[serde(default)]
    pub attribution: Option<Text>,
}

/// A translated text and the fingerprint of the source text it was translated from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Translated {
    pub text: Text,
    /// `crate::fingerprint::of(source text)` when the translation was made or last reviewed.
    pub fingerprint: Text,
}

/// `kb.<locale>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KbTranslation {
    #[serde(default)]
    pub title: Option<Translated>,
    #[serde(default)]
    pub description: Option<Translated>,
    #[serde(default)]
    pub attribution: Option<Translated>,
}

/// `<topic>/topic.yaml`: one article, made of entries.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicDoc {
    pub title: Text,
    #[serde(default)]
    pub description: Option<Text>,
    #[serde(default)]
    pub product: Option<Text>,
    #[serde(default)]
    pub service: Option<Text>,
    #[serde(default)]
    pub author: Option<Text>,
    /// `YYYY-MM-DD`: when the content was last reviewed.
    #[serde(default)]
    pub date: Option<Text>,
    /// Markdown shown before the entries.
    #[serde(default)]
    pub intro: Option<Text>,
    /// The entries of this topic (file stems), in reading order.
    pub order: List<Text>,
}

/// `<topic>/topic.<locale>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TopicTranslation {
    #[serde(default)]
    pub title: Option<Translated>,
    #[serde(default)]
    pub description: Option<Translated>,
    #[serde(default)]
    pub intro: Option<Translated>,
}

/// `<topic>/<entry>.yaml`: one error, its causes and its resolution.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryDoc {
    pub title: Text,
    pub error: ErrorSpec,
    /// Markdown, one item per cause.
    pub causes: List<Text>,
    /// Markdown, one item per step or alternative.
    pub resolution: List<Text>,
    /// Ids of related entries: `<topic>/<entry>`, or `<entry>` in the same topic.
    #[serde(default)]
    pub related: Vec<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
}

/// What the product prints.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// The literal messages, verbatim; `{name}` marks a declared placeholder.
    pub messages: List<Text>,
    #[serde(default)]
    pub placeholders: SpannedMap<Placeholder>,
    /// A code the product attaches (`429`, `AADSTS50076`), if any.
    #[serde(default)]
    pub code: Option<Text>,
    /// Real messages as the product printed them, values filled in.
    #[serde(default)]
    pub samples: Vec<Text>,
}

/// A part of a message that the product fills in.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    pub description: Text,
    #[serde(default)]
    pub example: Option<Text>,
    /// A closed list: the product prints exactly one of these texts.
    #[serde(default)]
    pub values: Vec<Text>,
}

/// `<topic>/<entry>.<locale>.yaml`. Error messages are not translated: they are data.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryTranslation {
    #[serde(default)]
    pub title: Option<Translated>,
    #[serde(default)]
    pub error: Option<ErrorTranslation>,
    #[serde(default)]
    pub causes: Option<List<Translated>>,
    #[serde(default)]
    pub resolution: Option<List<Translated>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorTranslation {
    #[serde(default)]
    pub placeholders: SpannedMap<PlaceholderTranslation>,
    /// Only when the product itself prints this message in this locale.
    #[serde(default)]
    pub localized_messages: Vec<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderTranslation {
    pub description: Translated,
}

/// A YAML mapping kept in file order, with the span of every key.
#[derive(Debug)]
pub struct SpannedMap<V>(pub Vec<(Text, V)>);

impl<V> Default for SpannedMap<V> {
    fn default() -> Self {
        SpannedMap(Vec::new())
    }
}

impl<V> SpannedMap<V> {
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0
            .iter()
            .find(|(k, _)| k.value == key)
            .map(|(_, value)| value)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Text, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for SpannedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct PairsVisitor<V>(PhantomData<V>);

        impl<'de, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<V> {
            type Value = SpannedMap<V>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping")
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut pairs = Vec::new();
                while let Some(pair) = map.next_entry()? {
                    pairs.push(pair);
                }
                Ok(SpannedMap(pairs))
            }
        }

        deserializer.deserialize_map(PairsVisitor(PhantomData))
    }
}
