//! Translation state: whether a translated field is current, stale or missing, and what that
//! makes of a whole entry in one locale. The validator reports it; the outputs carry it.

use crate::fingerprint;
use crate::load::Entry;
use crate::model::{List, Text, Translated};
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

/// The state of every translatable field of an entry in `locale`.
pub fn entry_fields(entry: &Entry, locale: &str) -> Vec<FieldState> {
    let Some(doc) = &entry.source.doc else {
        return Vec::new();
    };
    let translation = entry.translation(locale);
    let mut fields = vec![field_state(
        &doc.title.value,
        translation.and_then(|t| t.title.as_ref()),
    )];
    let mut list = |source: &List<Text>, translated: Option<&List<Translated>>| {
        for (index, text) in source.value.iter().enumerate() {
            let item = translated.and_then(|list| list.value.get(index));
            fields.push(field_state(&text.value, item));
        }
    };
    list(&doc.causes, translation.and_then(|t| t.causes.as_ref()));
    list(
        &doc.resolution,
        translation.and_then(|t| t.resolution.as_ref()),
    );
    for (name, placeholder) in doc.error.placeholders.iter() {
        let translated = translation
            .and_then(|t| t.error.as_ref())
            .and_then(|e| e.placeholders.get(&name.value))
            .map(|p| &p.description);
        fields.push(field_state(&placeholder.description.value, translated));
    }
    fields
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
