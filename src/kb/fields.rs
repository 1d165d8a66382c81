//! Translation state: whether a translated field is current, stale or missing, and what that
//! makes of a whole entry in one locale. The validator reports it; the outputs carry it.

use crate::kb::fingerprint;
use crate::kb::load::{Entry, Kb};
use crate::kb::model::{
    EntryDoc, EntryTranslation, KbSettings, KbTranslation, List, Text, TopicDoc, TopicTranslation,
    Translated,
};
use crate::kb::source::FileId;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldState {
    Current,
    /// The source text changed since the translation was made.
    Stale,
    Missing,
}

pub fn field_state(source: &str, translated: Option<&Translated>) -> FieldState {
    match translated {
        None => FieldState::Missing,
        Some(t) if t.fingerprint.value == fingerprint::of(source) => FieldState::Current,
        Some(_) => FieldState::Stale,
    }
}

/// The state of an entry (or topic) in one locale.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum State {
    /// Every field translated from the current source (or this is the source locale).
    Complete,
    /// Some fields translated, some not.
    Partial,
    /// Every field translated, some from an older source text.
    Stale,
    /// Nothing translated: the source locale's text is shown.
    Missing,
}

impl State {
    pub fn of(fields: &[FieldState]) -> State {
        let missing = fields.iter().filter(|f| **f == FieldState::Missing).count();
        if fields.is_empty() || missing == 0 && !fields.contains(&FieldState::Stale) {
            State::Complete
        } else if missing == fields.len() {
            State::Missing
        } else if missing > 0 {
            State::Partial
        } else {
            State::Stale
        }
    }
}

/// Where a translatable field is in its file. The one list of what kbgen translates: every
/// stage that walks translatable fields gets them from this module.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FieldPath {
    Title,
    Description,
    Attribution,
    Intro,
    Cause(usize),
    Resolution(usize),
    /// `error.placeholders.<name>.description`.
    PlaceholderDescription(String),
}

impl std::fmt::Display for FieldPath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FieldPath::Title => f.write_str("title"),
            FieldPath::Description => f.write_str("description"),
            FieldPath::Attribution => f.write_str("attribution"),
            FieldPath::Intro => f.write_str("intro"),
            FieldPath::Cause(i) => write!(f, "causes[{i}]"),
            FieldPath::Resolution(i) => write!(f, "resolution[{i}]"),
            FieldPath::PlaceholderDescription(name) => {
                write!(f, "error.placeholders.{name}.description")
            }
        }
    }
}

impl FieldPath {
    /// A field written at the top of its file as `name:` with `text` and `fingerprint`.
    pub fn top_level_name(&self) -> Option<&'static str> {
        match self {
            FieldPath::Title => Some("title"),
            FieldPath::Description => Some("description"),
            FieldPath::Attribution => Some("attribution"),
            FieldPath::Intro => Some("intro"),
            _ => None,
        }
    }

    /// The list an item belongs to (`causes`, `resolution`) and its index.
    pub fn list_item(&self) -> Option<(&'static str, usize)> {
        match self {
            FieldPath::Cause(i) => Some(("causes", *i)),
            FieldPath::Resolution(i) => Some(("resolution", *i)),
            _ => None,
        }
    }
}

/// One translatable field: where it is, its source text, and its translation if there is one.
pub struct Field<'a> {
    pub path: FieldPath,
    pub source: &'a Text,
    pub translated: Option<&'a Translated>,
}

impl Field<'_> {
    pub fn state(&self) -> FieldState {
        field_state(&self.source.value, self.translated)
    }

    /// Whether a reviewer accepted the translation as it is written now.
    pub fn reviewed(&self) -> bool {
        self.translated.is_some_and(is_reviewed)
    }
}

/// Whether `translated` holds the text a reviewer accepted (`reviewed:` is its fingerprint).
pub fn is_reviewed(translated: &Translated) -> bool {
    (translated.reviewed.as_ref())
        .is_some_and(|r| r.value == fingerprint::of(&translated.text.value))
}

/// A single-text field that either side may lack (`check` reports a translation of a field
/// the source does not have).
pub struct Slot<'a> {
    pub path: FieldPath,
    pub source: Option<&'a Text>,
    pub translated: Option<&'a Translated>,
}

/// The fields of an entry paired with a translation's, by kind.
pub struct EntryFields<'a> {
    pub title: Field<'a>,
    pub causes: Vec<Field<'a>>,
    pub resolution: Vec<Field<'a>>,
    /// In the order of `error.placeholders`.
    pub placeholders: Vec<Field<'a>>,
}

impl<'a> EntryFields<'a> {
    pub fn of(doc: &'a EntryDoc, translation: Option<&'a EntryTranslation>) -> Self {
        // A translated list of another length pairs with nothing (`list-length-mismatch`).
        let list = |source: &'a List<Text>,
                    translated: Option<&'a List<Translated>>,
                    path: fn(usize) -> FieldPath| {
            let translated = translated.filter(|l| l.value.len() == source.value.len());
            (source.value.iter().enumerate())
                .map(|(i, text)| Field {
                    path: path(i),
                    source: text,
                    translated: translated.map(|l| &l.value[i]),
                })
                .collect()
        };
        let placeholders = (doc.error.placeholders.iter())
            .map(|(name, placeholder)| Field {
                path: FieldPath::PlaceholderDescription(name.value.clone()),
                source: &placeholder.description,
                translated: translation
                    .and_then(|t| t.error.as_ref())
                    .and_then(|e| e.placeholders.get(&name.value))
                    .map(|p| &p.description),
            })
            .collect();
        EntryFields {
            title: Field {
                path: FieldPath::Title,
                source: &doc.title,
                translated: translation.and_then(|t| t.title.as_ref()),
            },
            causes: list(
                &doc.causes,
                translation.and_then(|t| t.causes.as_ref()),
                FieldPath::Cause,
            ),
            resolution: list(
                &doc.resolution,
                translation.and_then(|t| t.resolution.as_ref()),
                FieldPath::Resolution,
            ),
            placeholders,
        }
    }

    /// Every field, in the order of the file: title, causes, resolution, placeholders.
    pub fn into_vec(self) -> Vec<Field<'a>> {
        let mut all = vec![self.title];
        all.extend(self.causes);
        all.extend(self.resolution);
        all.extend(self.placeholders);
        all
    }
}

/// The translatable fields of an entry, paired with `translation`'s.
pub fn entry_fields_of<'a>(
    doc: &'a EntryDoc,
    translation: Option<&'a EntryTranslation>,
) -> Vec<Field<'a>> {
    EntryFields::of(doc, translation).into_vec()
}

/// Picks a translated field out of a translation file.
type Pick<T> = for<'t> fn(&'t T) -> Option<&'t Translated>;

/// Picks a source field out of a source file.
type SourcePick<D> = for<'d> fn(&'d D) -> Option<&'d Text>;

/// The single-text fields of a kind of file: where each is, in the source and in a translation.
type Table<D, T> = [(FieldPath, SourcePick<D>, Pick<T>); 3];

/// The single-text fields of kb.yaml and its translations.
fn kb_table() -> Table<KbSettings, KbTranslation> {
    [
        (FieldPath::Title, |d| Some(&d.title), |t| t.title.as_ref()),
        (
            FieldPath::Description,
            |d| d.description.as_ref(),
            |t| t.description.as_ref(),
        ),
        (
            FieldPath::Attribution,
            |d| d.attribution.as_ref(),
            |t| t.attribution.as_ref(),
        ),
    ]
}

/// The single-text fields of topic.yaml and its translations.
fn topic_table() -> Table<TopicDoc, TopicTranslation> {
    [
        (FieldPath::Title, |d| Some(&d.title), |t| t.title.as_ref()),
        (
            FieldPath::Description,
            |d| d.description.as_ref(),
            |t| t.description.as_ref(),
        ),
        (FieldPath::Intro, |d| d.intro.as_ref(), |t| t.intro.as_ref()),
    ]
}

fn slots<'a, D, T>(table: Table<D, T>, doc: &'a D, t: Option<&'a T>) -> [Slot<'a>; 3] {
    table.map(|(path, source, pick)| Slot {
        path,
        source: source(doc),
        translated: t.and_then(pick),
    })
}

/// The single-text fields of kb.yaml and its translation.
pub fn kb_slots<'a>(doc: &'a KbSettings, t: Option<&'a KbTranslation>) -> [Slot<'a>; 3] {
    slots(kb_table(), doc, t)
}

/// The single-text fields of a topic and its translation.
pub fn topic_slots<'a>(doc: &'a TopicDoc, t: Option<&'a TopicTranslation>) -> [Slot<'a>; 3] {
    slots(topic_table(), doc, t)
}

/// The fields of slots whose source has them.
fn present(slots: [Slot<'_>; 3]) -> Vec<Field<'_>> {
    slots
        .into_iter()
        .filter_map(|slot| {
            Some(Field {
                path: slot.path,
                source: slot.source?,
                translated: slot.translated,
            })
        })
        .collect()
}

/// The translatable fields of a topic.
pub fn topic_fields_of<'a>(
    doc: &'a TopicDoc,
    translation: Option<&'a TopicTranslation>,
) -> Vec<Field<'a>> {
    present(topic_slots(doc, translation))
}

/// The translatable fields of kb.yaml.
pub fn kb_fields_of<'a>(
    doc: &'a KbSettings,
    translation: Option<&'a KbTranslation>,
) -> Vec<Field<'a>> {
    present(kb_slots(doc, translation))
}

/// Every translation an entry's translation file holds, in file order, whether or not the
/// source has the field (`check` reports those): what an edit of the file must keep.
pub fn held_by_entry(t: &EntryTranslation) -> Vec<(FieldPath, &Translated)> {
    let mut out = Vec::new();
    if let Some(title) = &t.title {
        out.push((FieldPath::Title, title));
    }
    if let Some(error) = &t.error {
        for (name, placeholder) in error.placeholders.iter() {
            out.push((
                FieldPath::PlaceholderDescription(name.value.clone()),
                &placeholder.description,
            ));
        }
    }
    for (i, item) in t.causes.iter().flat_map(|l| &l.value).enumerate() {
        out.push((FieldPath::Cause(i), item));
    }
    for (i, item) in t.resolution.iter().flat_map(|l| &l.value).enumerate() {
        out.push((FieldPath::Resolution(i), item));
    }
    out
}

/// Every translation a topic's translation file holds.
pub fn held_by_topic(t: &TopicTranslation) -> Vec<(FieldPath, &Translated)> {
    held(topic_table(), t)
}

/// Every translation `kb.<locale>.yaml` holds.
pub fn held_by_kb(t: &KbTranslation) -> Vec<(FieldPath, &Translated)> {
    held(kb_table(), t)
}

fn held<D, T>(table: Table<D, T>, t: &T) -> Vec<(FieldPath, &Translated)> {
    (table.into_iter())
        .filter_map(|(path, _, pick)| Some((path, pick(t)?)))
        .collect()
}

/// The state of every translatable field of an entry in `locale`.
pub fn entry_fields(entry: &Entry, locale: &str) -> Vec<FieldState> {
    let Some(doc) = &entry.source.doc else {
        return Vec::new();
    };
    entry_fields_of(doc, entry.translation(locale))
        .iter()
        .map(Field::state)
        .collect()
}

/// One file's fields and where its translation into a locale is.
pub struct Unit<'a> {
    pub id: String,
    pub kind: Kind,
    pub source_file: FileId,
    pub translation_file: Option<FileId>,
    pub fields: Vec<Field<'a>>,
}

#[derive(Clone, Copy, PartialEq)]
pub enum Kind {
    Kb,
    Topic,
    Entry,
}

impl Unit<'_> {
    /// The page that shows this file's texts, from the site root: `ko/<topic>/index.html#<entry>`.
    pub fn page(&self, locale: &str) -> String {
        match self.kind {
            Kind::Kb => format!("{locale}/index.html"),
            Kind::Topic => format!("{locale}/{}/index.html", self.id),
            Kind::Entry => {
                let (topic, stem) = self.id.split_once('/').unwrap_or((&self.id, ""));
                format!("{locale}/{topic}/index.html#{stem}")
            }
        }
    }

    /// `entry <id>`, `topic <id>` or `kb.yaml`.
    pub fn describe(&self) -> String {
        match self.kind {
            Kind::Kb => "kb.yaml".to_string(),
            Kind::Topic => format!("topic {}", self.id),
            Kind::Entry => format!("entry {}", self.id),
        }
    }
}

/// The translation file into `locale` among `translations`, parsed or not.
fn file_in<T>(translations: &[crate::kb::load::Localized<T>], locale: &str) -> Option<FileId> {
    let found = translations.iter().find(|t| t.locale == locale);
    found.map(|t| t.loaded.file)
}

/// Every translatable file of the KB (kb.yaml, topics, entries) with its fields in `locale`.
pub fn units<'a>(kb: &'a Kb, locale: &str) -> Vec<Unit<'a>> {
    let mut units = Vec::new();
    if let Some(settings) = &kb.settings
        && let Some(doc) = &settings.doc
    {
        let file = file_in(&kb.settings_translations, locale);
        units.push(Unit {
            id: "kb".into(),
            kind: Kind::Kb,
            source_file: settings.file,
            translation_file: file,
            fields: kb_fields_of(doc, kb.settings_translation(locale)),
        });
    }
    for topic in &kb.topics {
        if let Some(source) = &topic.source
            && let Some(doc) = &source.doc
        {
            let file = file_in(&topic.translations, locale);
            units.push(Unit {
                id: topic.id.clone(),
                kind: Kind::Topic,
                source_file: source.file,
                translation_file: file,
                fields: topic_fields_of(doc, topic.translation(locale)),
            });
        }
        for entry in topic.ordered_entries() {
            if let Some(doc) = &entry.source.doc {
                let file = file_in(&entry.translations, locale);
                units.push(Unit {
                    id: entry.id.clone(),
                    kind: Kind::Entry,
                    source_file: entry.source.file,
                    translation_file: file,
                    fields: entry_fields_of(doc, entry.translation(locale)),
                });
            }
        }
    }
    units
}

#[cfg(test)]
mod tests {
    use super::{FieldState::*, State};

    #[test]
    fn states() {
        assert_eq!(State::of(&[Current, Current]), State::Complete);
        assert_eq!(State::of(&[Current, Stale]), State::Stale);
        assert_eq!(State::of(&[Missing, Stale]), State::Partial);
        assert_eq!(State::of(&[Missing, Missing]), State::Missing);
    }
}
