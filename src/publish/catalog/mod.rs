//! The JSON catalog: everything a tool needs to show an entry, in every locale, each text stored
//! once (Markdown where the KB writes Markdown); and, for each message, a pattern that finds it
//! in a live error string.
//!
//! The document is versioned (`schema_version`), its JSON Schema comes from these types
//! (`kbgen schema catalog`), and its order is stable: topics by id, entries in their topic's
//! `order`, locales as kb.yaml lists them, maps sorted by key.

pub mod output;

use crate::kb::fields::{self, EntryFields, Field, State};
use crate::kb::links::{self, Target};
use crate::kb::load::{Entry, Kb, Topic};
use crate::kb::markdown;
use crate::kb::model::Translated;
use crate::matching::matcher::{Matcher, MessagePattern};
use crate::matching::pattern::{self, PlaceholderSpec};
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// Bumped when a field changes meaning or disappears; new fields may appear in any version.
pub const SCHEMA_VERSION: u32 = 2;

/// A text per locale: every locale of the KB has a value (the source text where a translation
/// is missing; `translation` says which).
pub type PerLocale<T> = BTreeMap<String, T>;

/// A knowledge base as one JSON document.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Catalog {
    pub schema_version: u32,
    pub generator: Generator,
    pub source_locale: String,
    /// Every locale, the source locale first.
    pub locales: Vec<String>,
    pub title: PerLocale<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<PerLocale<String>>,
    /// Where the site is published, when kb.yaml says; absolute URLs build on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    pub entries: Vec<CatalogEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct Generator {
    pub name: String,
    pub version: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CatalogEntry {
    /// `<topic>/<entry>`: stable across versions and locales.
    pub id: String,
    /// The entry as an RFC 9457 problem type, for an API's `application/problem+json`: the
    /// entry's page in the source locale, absolute when kb.yaml has `base_url`, else relative
    /// to the site root. Stable while the topic, the entry and the source locale keep their ids.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub topic: String,
    /// The HTML anchor of the entry on its topic page: the same in every locale.
    pub anchor: String,
    pub title: PerLocale<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub messages: Vec<CatalogMessage>,
    pub placeholders: Vec<CatalogPlaceholder>,
    /// Real messages as the product printed them.
    pub samples: Vec<String>,
    /// CommonMark, links resolved to URLs (site-relative for pages of this KB unless `base_url`
    /// is set), raw HTML written as text.
    pub causes: PerLocale<Vec<String>>,
    pub resolution: PerLocale<Vec<String>>,
    /// The entry's own page on the site: absolute when kb.yaml has `base_url`, else relative to
    /// the site root (`ko/itsmc-dashboard-errors/missing-connector.html`).
    pub url: PerLocale<String>,
    pub tags: Vec<String>,
    /// Where the entry's material comes from, when its topic names a source of its own
    /// (else kb.yaml's attribution covers it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<CatalogSource>,
    /// Ids of related entries.
    pub related: Vec<String>,
    pub translation: PerLocale<State>,
}

/// A topic's source document ([`crate::kb::model::TopicSource`]).
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CatalogSource {
    pub title: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub licence: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
}

/// One literal message and its match pattern.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CatalogMessage {
    /// Verbatim, as the product prints it; `{name}` marks a placeholder.
    pub text: String,
    /// Set when the product prints this message in one locale only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    /// A regular expression (Rust `regex`, Python `re`, PCRE syntax) to search for, not
    /// anchored, with `flags`. Every placeholder is bounded (`max_length`), so that a
    /// backtracking engine stays fast on long, hostile lines. For JavaScript's `RegExp`, replace
    /// each `(?P<` with `(?<` (literal text is escaped, so `(?P<` only opens a group).
    pub pattern: String,
    /// `i`: match case-insensitively.
    pub flags: String,
    /// The placeholder names, in the order of their groups in `pattern`.
    pub groups: Vec<String>,
    /// Literal characters in the message: rank several matches most specific first.
    pub specificity: usize,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CatalogPlaceholder {
    pub name: String,
    /// Plain text.
    pub description: PerLocale<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
    /// A closed list: the product prints one of these texts.
    pub values: Vec<String>,
    /// The longest value that matches, in characters: `pattern` bounds the group to it.
    pub max_length: usize,
}

/// The catalog with only what a matcher needs (`kbgen catalog --compact`): each entry's id,
/// problem type, code, title, message patterns and page; the same versions as the catalog.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CompactCatalog {
    pub schema_version: u32,
    pub generator: Generator,
    pub source_locale: String,
    pub locales: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    pub entries: Vec<CompactEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CompactEntry {
    pub id: String,
    #[serde(rename = "type")]
    pub problem_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    pub title: PerLocale<String>,
    pub messages: Vec<CompactMessage>,
    pub url: PerLocale<String>,
}

/// A message's match pattern, as in [`CatalogMessage`], without its text.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
pub struct CompactMessage {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locale: Option<String>,
    pub pattern: String,
    pub flags: String,
    pub groups: Vec<String>,
    pub specificity: usize,
}

impl Catalog {
    /// The catalog with only what a matcher needs.
    pub fn compact(self) -> CompactCatalog {
        CompactCatalog {
            schema_version: self.schema_version,
            generator: self.generator,
            source_locale: self.source_locale,
            locales: self.locales,
            base_url: self.base_url,
            entries: (self.entries.into_iter())
                .map(|e| CompactEntry {
                    id: e.id,
                    problem_type: e.problem_type,
                    code: e.code,
                    title: e.title,
                    messages: (e.messages.into_iter())
                        .map(|m| CompactMessage {
                            locale: m.locale,
                            pattern: m.pattern,
                            flags: m.flags,
                            groups: m.groups,
                            specificity: m.specificity,
                        })
                        .collect(),
                    url: e.url,
                })
                .collect(),
        }
    }

    /// A matcher over every message of a catalog, compiled from the messages and placeholders.
    pub fn matcher(&self) -> Matcher {
        // Compiled in parallel; `collect` keeps the entries' order.
        let patterns: Vec<MessagePattern> = (self.entries.par_iter().enumerate())
            .flat_map_iter(|(entry_index, entry)| {
                let specs: Vec<PlaceholderSpec> = (entry.placeholders.iter())
                    .map(|p| PlaceholderSpec {
                        name: &p.name,
                        values: p.values.iter().map(String::as_str).collect(),
                        max_length: p.max_length,
                    })
                    .collect();
                (entry.messages.iter().enumerate())
                    .map(|(message_index, message)| MessagePattern {
                        entry: entry_index,
                        message: message_index,
                        compiled: pattern::compile(&message.text, &specs),
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        let codes = (self.entries.iter().enumerate())
            .filter_map(|(index, entry)| Some((index, entry.code.as_deref()?)));
        Matcher::new(patterns).with_codes(codes)
    }
}

/// Why a text is not a catalog this kbgen reads ([`from_json`]).
#[derive(Debug)]
pub enum ReadError {
    /// Not JSON, or not the shape of a catalog; the error says where.
    Json(serde_json::Error),
    /// A catalog whose `schema_version` is not [`SCHEMA_VERSION`].
    Version(u32),
}

/// Parses a catalog.json as [`from_json_whole`] does, with the same result and the same errors,
/// but with its entries parsed in parallel (half of `kbgen match --catalog`'s time at 10,000
/// entries was one thread parsing). A text that is not an object, or does not parse on the way,
/// is read whole: errors are rare, and then the whole parse says where.
pub fn from_json(text: &str) -> Result<Catalog, ReadError> {
    #[derive(Deserialize)]
    struct Versioned<'a> {
        schema_version: u32,
        #[serde(borrow, default)]
        entries: Option<&'a serde_json::value::RawValue>,
    }
    // (An array would be read as a struct's fields in order: no fast path for it.)
    if !text
        .trim_start_matches([' ', '\t', '\n', '\r'])
        .starts_with('{')
    {
        return from_json_whole(text);
    }
    let Ok(versioned) = serde_json::from_str::<Versioned>(text) else {
        return from_json_whole(text);
    };
    if versioned.schema_version != SCHEMA_VERSION {
        return Err(ReadError::Version(versioned.schema_version));
    }
    let Some(entries) = versioned.entries.map(|raw| raw.get()) else {
        return from_json_whole(text);
    };
    // `entries` borrows from `text`: where it is there.
    let Some(start) = (entries.as_ptr() as usize).checked_sub(text.as_ptr() as usize) else {
        return from_json_whole(text);
    };
    let end = start + entries.len();
    if text
        .get(start..end)
        .is_none_or(|s| s.as_ptr() != entries.as_ptr())
    {
        return from_json_whole(text);
    }
    let header = format!("{}[]{}", &text[..start], &text[end..]);
    let parsed = serde_json::from_str::<Catalog>(&header)
        .ok()
        .and_then(|mut catalog| {
            let raw: Vec<&serde_json::value::RawValue> = serde_json::from_str(entries).ok()?;
            catalog.entries = (raw.par_iter())
                .map(|entry| serde_json::from_str(entry.get()))
                .collect::<Result<_, _>>()
                .ok()?;
            Some(catalog)
        });
    parsed.map_or_else(|| from_json_whole(text), Ok)
}

/// Parses a catalog.json on one thread: its version first, so that a catalog of another version
/// is named as such, not as something that fails to parse; then the whole document.
pub fn from_json_whole(text: &str) -> Result<Catalog, ReadError> {
    #[derive(Deserialize)]
    struct Versioned {
        schema_version: u32,
    }
    let versioned: Versioned = serde_json::from_str(text).map_err(ReadError::Json)?;
    if versioned.schema_version != SCHEMA_VERSION {
        return Err(ReadError::Version(versioned.schema_version));
    }
    serde_json::from_str(text).map_err(ReadError::Json)
}

/// Builds the catalog of a loaded KB. Call it on a KB without errors: texts that failed to parse
/// are left out.
pub fn build(kb: &Kb) -> Catalog {
    let (mut catalog, ordered, context) = head(kb);
    // Records are independent: build them in parallel; `collect` keeps the order.
    catalog.entries = ordered
        .par_iter()
        .filter_map(|(topic, entry)| context.entry(topic, entry))
        .collect();
    catalog
}

/// Writes the catalog of `kb` to `out`, the bytes of [`to_json`]`(&`[`build`]`(kb))`, with no
/// more than a slice of its entries in memory at a time (a KB of 100,000 entries has a
/// catalog of half a gigabyte).
pub fn write(kb: &Kb, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    write_in_slices(kb, out, 1024)
}

fn write_in_slices(kb: &Kb, out: &mut dyn std::io::Write, slice: usize) -> std::io::Result<()> {
    let (catalog, ordered, context) = head(kb);
    // `entries` is the last field: the head is written up to its opening bracket.
    let head = serde_json::to_string(&catalog)?;
    let head = head
        .strip_suffix("[]}")
        .expect("`entries` is the catalog's last field");
    out.write_all(head.as_bytes())?;
    out.write_all(b"[")?;
    let mut first = true;
    for slice in ordered.chunks(slice) {
        // Each entry made and serialized on any thread; written in order.
        let entries: Vec<Vec<u8>> = slice
            .par_iter()
            .filter_map(|(topic, entry)| context.entry(topic, entry))
            .map(|entry| serde_json::to_vec(&entry))
            .collect::<Result<_, _>>()?;
        for entry in &entries {
            if !first {
                out.write_all(b",")?;
            }
            first = false;
            out.write_all(entry)?;
        }
    }
    out.write_all(b"]}\n")
}

/// The catalog without entries, the entries in catalog order, and what makes an entry.
fn head(kb: &Kb) -> (Catalog, Vec<(&Topic, &Entry)>, Context<'_>) {
    let settings = kb.settings.as_ref().and_then(|s| s.doc.as_ref());
    let source_locale = kb.source_locale().unwrap_or("en").to_string();
    let mut locales = kb.locales().unwrap_or_else(|| vec![source_locale.clone()]);
    // The source locale first, then the others as kb.yaml lists them.
    locales.sort_by_key(|l| *l != source_locale);
    let base_url = kb.base_url();
    let context = Context {
        kb,
        locales: locales.clone(),
        source_locale: source_locale.clone(),
        base_url: base_url.clone(),
    };

    let kb_translation = |locale: &str| kb.settings_translation(locale);
    let title = context.per_locale(|locale| {
        let source = settings.map(|s| s.title.value.clone()).unwrap_or_default();
        translated_or(
            &source,
            kb_translation(locale).and_then(|t| t.title.as_ref()),
        )
    });
    let description = settings
        .and_then(|s| s.description.as_ref())
        .map(|description| {
            context.per_locale(|locale| {
                translated_or(
                    &description.value,
                    kb_translation(locale).and_then(|t| t.description.as_ref()),
                )
            })
        });
    let ordered = kb.entries_in_reading_order();
    let catalog = Catalog {
        schema_version: SCHEMA_VERSION,
        generator: Generator {
            name: "kbgen".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        source_locale,
        locales,
        title,
        description,
        base_url,
        entries: Vec::new(),
    };
    (catalog, ordered, context)
}

fn translated_or(source: &str, translated: Option<&Translated>) -> String {
    translated.map_or_else(|| source.to_string(), |t| t.text.value.clone())
}

struct Context<'a> {
    kb: &'a Kb,
    locales: Vec<String>,
    source_locale: String,
    base_url: Option<String>,
}

impl Context<'_> {
    fn per_locale<T>(&self, mut value: impl FnMut(&str) -> T) -> PerLocale<T> {
        self.locales.iter().map(|l| (l.clone(), value(l))).collect()
    }

    fn entry<'a>(&self, topic: &Topic, entry: &'a Entry) -> Option<CatalogEntry> {
        let doc = entry.source.doc.as_ref()?;
        let translation = |locale: &str| entry.translation(locale);
        let specs = PlaceholderSpec::of(&doc.error);
        let mut messages: Vec<CatalogMessage> = doc
            .error
            .messages
            .value
            .iter()
            .map(|m| message(&m.value, None, &specs))
            .collect();
        for locale in &self.locales {
            for localized in translation(locale)
                .and_then(|t| t.error.as_ref())
                .map(|e| e.localized_messages.as_slice())
                .unwrap_or_default()
            {
                messages.push(message(&localized.value, Some(locale), &specs));
            }
        }
        // Each locale's view of the entry's fields, from the one description of them.
        let fields: HashMap<&str, EntryFields> = (self.locales.iter())
            .map(|l| (l.as_str(), EntryFields::of(doc, translation(l))))
            .collect();
        let text = |field: &Field| translated_or(&field.source.value, field.translated);
        let placeholders = (doc.error.placeholders.iter().enumerate())
            .map(|(i, (name, p))| CatalogPlaceholder {
                name: name.value.clone(),
                description: self.per_locale(|locale| {
                    markdown::plain_text(&text(&fields[locale].placeholders[i]))
                }),
                example: p.example.as_ref().map(|e| e.value.clone()),
                values: p.values.iter().map(|v| v.value.clone()).collect(),
                max_length: p.max_length(),
            })
            .collect();
        let list = |pick: for<'f> fn(&'f EntryFields<'a>) -> &'f [Field<'a>]| {
            self.per_locale(|locale| {
                (pick(&fields[locale]).iter())
                    .map(|field| self.rendered(&text(field), &topic.id, locale))
                    .collect()
            })
        };
        let page = |locale: &str| {
            let path = links::entry_page_path(locale, &topic.id, &entry.stem);
            match &self.base_url {
                Some(base) => format!("{base}{path}"),
                None => path,
            }
        };
        Some(CatalogEntry {
            id: entry.id.clone(),
            problem_type: page(&self.source_locale),
            topic: topic.id.clone(),
            anchor: entry.stem.clone(),
            title: self.per_locale(|locale| text(&fields[locale].title)),
            code: doc.error.code.as_ref().map(|c| c.value.clone()),
            messages,
            placeholders,
            samples: doc.error.samples.iter().map(|s| s.value.clone()).collect(),
            causes: list(|f| &f.causes),
            resolution: list(|f| &f.resolution),
            url: self.per_locale(page),
            tags: doc.tags.iter().map(|t| t.value.clone()).collect(),
            source: (topic.source.as_ref())
                .and_then(|t| t.doc.as_ref()?.source.as_ref())
                .map(|s| CatalogSource {
                    title: s.title.value.clone(),
                    url: s.url.value.clone(),
                    licence: s.licence.as_ref().map(|l| l.value.clone()),
                    date: s.date.as_ref().map(|d| d.value.clone()),
                }),
            related: doc
                .related
                .iter()
                .map(|r| {
                    if r.value.contains('/') {
                        r.value.clone()
                    } else {
                        format!("{}/{}", topic.id, r.value)
                    }
                })
                .collect(),
            translation: self.per_locale(|locale| {
                if locale == self.source_locale {
                    State::Complete
                } else {
                    State::of(&fields::entry_fields(entry, locale))
                }
            }),
        })
    }

    /// Absolute with `base_url`, else relative to the site root.
    fn page_url(&self, locale: &str, target: &Target) -> String {
        let relative = links::site_path(locale, target).unwrap_or_default();
        match &self.base_url {
            Some(base) => format!("{base}{relative}"),
            None => relative,
        }
    }

    /// Markdown with `kb:` and named-base links turned into URLs, and raw HTML made text.
    fn rendered(&self, text: &str, topic: &str, locale: &str) -> String {
        let markdown = markdown::rewrite_links(text, |destination| {
            match links::resolve(self.kb, destination, Some(topic)) {
                Ok(Target::Url(url)) if url != destination => Some(url),
                Ok(target @ (Target::Entry { .. } | Target::Topic(_))) => {
                    Some(self.page_url(locale, &target))
                }
                _ => None,
            }
        });
        markdown::neutralize_html(&markdown)
    }
}

fn message(text: &str, locale: Option<&str>, specs: &[PlaceholderSpec]) -> CatalogMessage {
    let compiled = pattern::compile_with_regex(text, specs);
    CatalogMessage {
        text: text.to_string(),
        locale: locale.map(str::to_string),
        pattern: compiled.pattern,
        flags: "i".into(),
        groups: compiled.groups,
        specificity: compiled.specificity,
    }
}

/// The catalog as compact JSON with a final newline: the bytes `kbgen catalog` prints. (A tool
/// reads it; `jq .` shows it to people.)
pub fn to_json(catalog: &Catalog) -> String {
    let mut json = Vec::new();
    write_json(catalog, &mut json).expect("the catalog serializes");
    String::from_utf8(json).expect("JSON is UTF-8")
}

/// [`to_json`] written to `out` as it is serialized (`build` writes it to a file).
pub fn write_json(catalog: &Catalog, mut out: &mut dyn std::io::Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut out, catalog)?;
    out.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    /// What `build` writes is what `kbgen catalog` prints, whatever the slices.
    #[test]
    fn written_in_slices_is_the_catalog() {
        let kb = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
        let checked = crate::check(&kb, Default::default()).unwrap();
        let whole = super::to_json(&super::build(&checked.kb));
        for slice in [1, 2, 1024] {
            let mut written = Vec::new();
            super::write_in_slices(&checked.kb, &mut written, slice).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                whole,
                "slices of {slice}"
            );
        }
    }
}
