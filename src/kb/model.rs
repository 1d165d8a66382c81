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

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use crate::kb::yaml;

/// A parsed value and where it was written (where it is used, for an alias): serde-saphyr's
/// `Spanned` kept compact, since a KB holds one per value (a million at 100,000 entries).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    pub value: T,
    pub at: Position,
}

/// Where a value was written in its file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Position {
    /// Byte offset, or `u32::MAX` where the parser gave none.
    byte: u32,
    len: u32,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

impl Position {
    pub fn byte_offset(&self) -> Option<usize> {
        (self.byte != u32::MAX).then_some(self.byte as usize)
    }

    pub fn byte_len(&self) -> usize {
        self.len as usize
    }

    /// serde-saphyr's location of a value or an error.
    pub fn of(location: &serde_saphyr::Location) -> Self {
        let span = location.span();
        // KB files are far below 4 GiB (`MAX_FILE_BYTES`).
        let narrow = |n: u64| u32::try_from(n).unwrap_or(u32::MAX - 1);
        Position {
            byte: span.byte_offset().map_or(u32::MAX, narrow),
            len: narrow(span.byte_len().unwrap_or(0)),
            line: narrow(location.line()),
            column: narrow(location.column()),
        }
    }
}

/// Read by kbgen's fast path ([`crate::kb::yaml`]) as a map of the position and the value, by
/// serde-saphyr through its own `Spanned`.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value")
            }

            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                deserializer: D,
            ) -> Result<Self::Value, D::Error> {
                let parsed = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
                Ok(Spanned {
                    at: Position::of(&parsed.referenced),
                    value: parsed.value,
                })
            }

            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                use serde::de::Error;
                let mut at: Option<[u32; 4]> = None;
                let mut value: Option<T> = None;
                while let Some(key) = map.next_key::<&str>()? {
                    match key {
                        "at" => at = Some(map.next_value()?),
                        "value" => value = Some(map.next_value()?),
                        other => return Err(A::Error::unknown_field(other, yaml::SPANNED_FIELDS)),
                    }
                }
                let [byte, len, line, column] = at.ok_or_else(|| A::Error::missing_field("at"))?;
                Ok(Spanned {
                    value: value.ok_or_else(|| A::Error::missing_field("value"))?,
                    at: Position {
                        byte,
                        len,
                        line,
                        column,
                    },
                })
            }
        }

        deserializer.deserialize_newtype_struct(yaml::SPANNED, SpannedVisitor(PhantomData))
    }
}

/// Like serde-saphyr's: the value alone.
impl<T: serde::Serialize> serde::Serialize for Spanned<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A string with the place it was written.
pub type Text = Spanned<String>;

/// A list with the place it starts (for "needs at least one item").
pub type List<T> = Spanned<Vec<T>>;

/// `kb.yaml`: the settings of a knowledge base.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KbSettings {
    #[schemars(with = "String", length(min = 1))]
    pub title: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    /// The locale that every other locale translates from (`en`).
    #[schemars(
        with = "String",
        regex(pattern = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$")
    )]
    pub source_locale: Text,
    /// Every locale the KB is published in, the source locale included.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub locales: List<Text>,
    /// Where the site will be published (`https://kb.example.com/`), for absolute URLs.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub base_url: Option<Text>,
    /// Named link bases: `azure: https://learn.microsoft.com/azure/` makes `azure:path` a link.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub link_bases: SpannedMap<Text>,
    /// Credit for the material the KB draws on (Markdown; translatable).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub attribution: Option<Text>,
    /// The topics (folder names) in the order of the home page, the catalog and the search
    /// index; every topic once. Without it, topics are in the order of their names.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub topics: Option<List<Text>>,
    /// Where a file of the KB can be edited, with `{path}` for its path in the KB folder
    /// (`https://github.com/org/repo/edit/main/kb/{path}`): each entry's page links to the file
    /// it shows (the translation's in a translated locale), each topic page to topic.yaml.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub edit_url: Option<Text>,
    /// The register of a locale's body text, checked in its translations: `ko: formal` is
    /// 합니다체 (titles, like UI strings, may use other forms).
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, Style>")]
    pub style: SpannedMap<Text>,
}

/// A locale's register ([`KbSettings::style`]).
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)] // only its schema is used: the value is read as text and checked
pub enum Style {
    Formal,
}

/// A translated text and the fingerprint of the source text it was translated from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Translated {
    #[schemars(with = "String", length(min = 1))]
    pub text: Text,
    /// `crate::kb::fingerprint::of(source text)` when the translation was made or last reviewed.
    #[schemars(with = "String", regex(pattern = r"^[0-9a-f]{8}$"))]
    pub fingerprint: Text,
    /// The fingerprint of this translation's own text when a reviewer accepted it (`kbgen i18n
    /// accept --reviewed`): the translation is final while its text is the one reviewed, and
    /// `translated` (not yet reviewed) after any change.
    #[serde(default)]
    #[schemars(with = "Option<String>", regex(pattern = r"^[0-9a-f]{8}$"))]
    pub reviewed: Option<Text>,
}

/// `kb.<locale>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
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
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicDoc {
    #[schemars(with = "String", length(min = 1))]
    pub title: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub description: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub product: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub service: Option<Text>,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub author: Option<Text>,
    /// `YYYY-MM-DD`, a day of the calendar: when the content was last reviewed.
    #[serde(default)]
    #[schemars(
        with = "Option<String>",
        regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        extend("format" = "date")
    )]
    pub date: Option<Text>,
    /// Markdown shown before the entries.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Text>,
    /// Where this topic's material comes from, when it is not what kb.yaml's `attribution`
    /// credits: shown instead of it on the topic's pages, and in its Markdown and catalog.
    #[serde(default)]
    pub source: Option<TopicSource>,
    /// The entries of this topic (file stems), in reading order.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub order: List<Text>,
}

/// `<topic>/topic.<locale>.yaml`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicTranslation {
    #[serde(default)]
    pub title: Option<Translated>,
    #[serde(default)]
    pub description: Option<Translated>,
    #[serde(default)]
    pub intro: Option<Translated>,
}

/// A topic's source: the document its material comes from.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicSource {
    /// The document's title, as it is published (not translated).
    #[schemars(with = "String", length(min = 1))]
    pub title: Text,
    /// Its address: an absolute https URL.
    #[schemars(with = "String", extend("format" = "uri"))]
    pub url: Text,
    /// The licence it is under (`CC BY 4.0`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub licence: Option<Text>,
    /// `YYYY-MM-DD`: the version of the document used.
    #[serde(default)]
    #[schemars(
        with = "Option<String>",
        regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
        extend("format" = "date")
    )]
    pub date: Option<Text>,
}

/// `<topic>/<entry>.yaml`: one error, its causes and its resolution.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryDoc {
    #[schemars(with = "String", length(min = 1))]
    pub title: Text,
    pub error: ErrorSpec,
    /// Markdown, one item per cause.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub causes: List<Text>,
    /// Markdown, one item per step or alternative.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub resolution: List<Text>,
    /// Ids of related entries: `<topic>/<entry>`, or `<entry>` in the same topic.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub related: Vec<Text>,
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tags: Vec<Text>,
}

/// What the product prints.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    /// The literal messages, verbatim; `{name}` marks a declared placeholder.
    #[schemars(with = "Vec<String>", length(min = 1))]
    pub messages: List<Text>,
    #[serde(default)]
    pub placeholders: SpannedMap<Placeholder>,
    /// A code the product attaches (`429`, `AADSTS50076`), if any.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub code: Option<Text>,
    /// Real messages as the product printed them, values filled in.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub samples: Vec<Text>,
}

/// The longest value a placeholder matches, in characters, unless it declares `max_length`.
/// Bounding every placeholder is what keeps the catalog's patterns fast in backtracking regex
/// engines (Python `re`, JavaScript `RegExp`) on long, hostile log lines.
pub const DEFAULT_MAX_LENGTH: usize = 128;

/// The largest `max_length` a placeholder may declare.
pub const MAX_MAX_LENGTH: usize = 4096;

/// A part of a message that the product fills in.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Placeholder {
    #[schemars(with = "String", length(min = 1))]
    pub description: Text,
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub example: Option<Text>,
    /// A closed list: the product prints exactly one of these texts.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub values: Vec<Text>,
    /// The longest value the product prints here, in characters (default 128); a longer one
    /// does not match. Keeps matching fast in every regex engine.
    #[serde(default)]
    #[schemars(schema_with = "max_length_schema", extend("default" = 128))]
    pub max_length: Option<Spanned<u64>>,
}

impl Placeholder {
    /// `max_length`, or the default, within what the format allows.
    pub fn max_length(&self) -> usize {
        self.max_length.as_ref().map_or(DEFAULT_MAX_LENGTH, |m| {
            (m.value as usize).clamp(1, MAX_MAX_LENGTH)
        })
    }
}

fn max_length_schema(_: &mut SchemaGenerator) -> Schema {
    json_schema!({
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_MAX_LENGTH,
    })
}

/// `<topic>/<entry>.<locale>.yaml`. Error messages are not translated: they are data.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryTranslation {
    #[serde(default)]
    pub title: Option<Translated>,
    #[serde(default)]
    pub error: Option<ErrorTranslation>,
    #[serde(default)]
    #[schemars(with = "Option<Vec<Translated>>")]
    pub causes: Option<List<Translated>>,
    #[serde(default)]
    #[schemars(with = "Option<Vec<Translated>>")]
    pub resolution: Option<List<Translated>>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ErrorTranslation {
    #[serde(default)]
    pub placeholders: SpannedMap<PlaceholderTranslation>,
    /// Only when the product itself prints this message in this locale.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub localized_messages: Vec<Text>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceholderTranslation {
    pub description: Translated,
}

/// `glossary.yaml`: how terms of the source locale must, and must not, be rendered.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Glossary {
    pub terms: Vec<GlossaryTerm>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    /// The term as the source locale writes it (`rate limit`); matched without regard to case,
    /// as whole words, a plural `s` included.
    #[schemars(with = "String", length(min = 1))]
    pub term: Text,
    /// Never translated (a product name, an identifier): every translation of a text that has
    /// the term must have it too, written exactly so.
    #[serde(default)]
    pub keep: bool,
    /// The required rendering per locale: `ko: 속도 제한`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, String>")]
    pub translations: SpannedMap<Text>,
    /// Renderings that must not be used for this term, per locale: `ko: [요금]`.
    #[serde(default)]
    #[schemars(with = "std::collections::BTreeMap<String, Vec<String>>")]
    pub forbidden: SpannedMap<Vec<Text>>,
    /// Why, for translators.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub note: Option<Text>,
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

    /// The keys as written, in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(k, _)| k.value.as_str())
    }
}

impl<V: JsonSchema> JsonSchema for SpannedMap<V> {
    fn schema_name() -> Cow<'static, str> {
        format!("Map_of_{}", V::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "additionalProperties": generator.subschema_for::<V>(),
        })
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

/// The draft-07 JSON Schema of a type (the draft yaml-language-server supports, its issue
/// #856), with standard formats only: schemars writes `uint32` for unsigned integers, which
/// standard validators do not know (`ajv --strict` refuses it); `minimum: 0` already says it.
pub fn json_schema<T: JsonSchema>() -> Schema {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut value = serde_json::to_value(&schema).expect("schemas are JSON");
    strip_nonstandard_formats(&mut value);
    Schema::try_from(value).expect("a schema stays an object")
}

fn strip_nonstandard_formats(value: &mut serde_json::Value) {
    const STANDARD: &[&str] = &[
        "date-time",
        "date",
        "time",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
    ];
    match value {
        serde_json::Value::Object(map) => {
            if map
                .get("format")
                .and_then(|f| f.as_str())
                .is_some_and(|f| !STANDARD.contains(&f))
            {
                map.remove("format");
            }
            map.values_mut().for_each(strip_nonstandard_formats);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_nonstandard_formats),
        _ => {}
    }
}
#[cfg(test)]
mod tests {
    /// A KB holds one `Spanned` per value; serde-saphyr's is 80 bytes for a string.
    #[test]
    fn a_spanned_string_stays_small() {
        assert!(std::mem::size_of::<super::Text>() <= 40);
    }
}
