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

/// One translatable field: where it is, its source text, and its translation if there is one.
pub struct Field<'a> {
    /// `title`, `causes[1]`, `error.placeholders.alertName.description`.
    pub path: String,
    pub source: &'a Text,
    pub translated: Option<&'a Translated>,
}

impl Field<'_> {
    pub fn state(&self) -> FieldState {
        field_state(&self.source.value, self.translated)
    }
}

fn list_fields<'a>(
    fields: &mut Vec<Field<'a>>,
    name: &str,
    source: &'a List<Text>,
    translated: Option<&'a List<Translated>>,
) {
    for (index, text) in source.value.iter().enumerate() {
        let item = translated.and_then(|list| list.value.get(index));
        fields.push(Field {
            path: format!("{name}[{index}]"),
            source: text,
            translated: item,
        });
    }
}

/// The translatable fields of an entry, paired with `translation`'s.
pub fn entry_fields_of<'a>(
    doc: &'a EntryDoc,
    translation: Option<&'a EntryTranslation>,
) -> Vec<Field<'a>> {
    let mut fields = vec![Field {
        path: "title".into(),
        source: &doc.title,
        translated: translation.and_then(|t| t.title.as_ref()),
    }];
    list_fields(
        &mut fields,
        "causes",
        &doc.causes,
        translation.and_then(|t| t.causes.as_ref()),
    );
    list_fields(
        &mut fields,
        "resolution",
        &doc.resolution,
        translation.and_then(|t| t.resolution.as_ref()),
    );
    for (name, placeholder) in doc.error.placeholders.iter() {
        let translated = translation
            .and_then(|t| t.error.as_ref())
            .and_then(|e| e.placeholders.get(&name.value))
            .map(|p| &p.description);
        fields.push(Field {
            path: format!("error.placeholders.{}.description", name.value),
            source: &placeholder.description,
            translated,
        });
    }
    fields
}

/// Single-text fields: (name, source if the file has it, translation).
fn text_fields<'a>(
    fields: [(&str, Option<&'a Text>, Option<&'a Translated>); 3],
) -> Vec<Field<'a>> {
    fields
        .into_iter()
        .filter_map(|(path, source, translated)| {
            Some(Field {
                path: path.into(),
                source: source?,
                translated,
            })
        })
        .collect()
}

/// The translatable fields of a topic.
pub fn topic_fields_of<'a>(
    doc: &'a TopicDoc,
    translation: Option<&'a TopicTranslation>,
) -> Vec<Field<'a>> {
    text_fields([
        (
            "title",
            Some(&doc.title),
            translation.and_then(|t| t.title.as_ref()),
        ),
        (
            "description",
            doc.description.as_ref(),
            translation.and_then(|t| t.description.as_ref()),
        ),
        (
            "intro",
            doc.intro.as_ref(),
            translation.and_then(|t| t.intro.as_ref()),
        ),
    ])
}

/// The translatable fields of kb.yaml.
pub fn kb_fields_of<'a>(
    doc: &'a KbSettings,
    translation: Option<&'a KbTranslation>,
) -> Vec<Field<'a>> {
    text_fields([
        (
            "title",
            Some(&doc.title),
            translation.and_then(|t| t.title.as_ref()),
        ),
        (
            "description",
            doc.description.as_ref(),
            translation.and_then(|t| t.description.as_ref()),
        ),
        (
            "attribution",
            doc.attribution.as_ref(),
            translation.and_then(|t| t.attribution.as_ref()),
        ),
    ])
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

/// Every translatable file of the KB (kb.yaml, topics, entries) with its fields in `locale`.
pub fn units<'a>(kb: &'a Kb, locale: &str) -> Vec<Unit<'a>> {
    let mut units = Vec::new();
    if let Some(settings) = &kb.settings
        && let Some(doc) = &settings.doc
    {
        let file = kb
            .settings_translations
            .iter()
            .find(|t| t.locale == locale)
            .map(|t| t.loaded.file);
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
            let file = topic
                .translations
                .iter()
                .find(|t| t.locale == locale)
                .map(|t| t.loaded.file);
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
                let file = entry
                    .translations
                    .iter()
                    .find(|t| t.locale == locale)
                    .map(|t| t.loaded.file);
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
