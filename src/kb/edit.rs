//! Minimal edits of YAML files that people maintain: change only the bytes that must change,
//! so that comments, order, quoting and layout stay as the author wrote them.

use crate::kb::model::{List, Spanned, Text};

/// Appends `item` to the block or flow list `list` (parsed from `text`, called `name` in
/// messages), touching no other byte.
pub fn append_to_list(
    text: &str,
    list: &List<Text>,
    name: &str,
    item: &str,
) -> Result<String, String> {
    if list.value.iter().any(|existing| existing.value == item) {
        return Err(format!("`{name}` lists `{item}` already"));
    }
    let Some(last) = list.value.last() else {
        // `name: []`: the list starts at its `[`.
        let start = list
            .at
            .byte_offset()
            .ok_or(format!("no position for `{name}`"))?;
        if text[start..].starts_with("[]") {
            return Ok(format!("{}[{item}]{}", &text[..start], &text[start + 2..]));
        }
        return Err(format!(
            "`{name}` is empty in an unexpected form; add `{item}` by hand"
        ));
    };
    let start = last
        .at
        .byte_offset()
        .ok_or(format!("no position for `{name}`"))?;
    let len = last.at.byte_len();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..start];
    if prefix.trim_start().starts_with('-') && prefix.trim() == "-" {
        // Block list: a new line with the same indentation after the last item's line.
        let mut line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let newline = if line_end > 0 && text[..line_end].ends_with('\r') {
            line_end -= 1;
            "\r\n"
        } else {
            "\n"
        };
        let (before, after) = text.split_at(line_end);
        let mut out = format!("{before}{newline}{prefix}{item}");
        out.push_str(if after.is_empty() { newline } else { after });
        return Ok(out);
    }
    // Flow list `[a, b]`: insert after the last item.
    let end = start + len;
    Ok(format!("{}, {item}{}", &text[..end], &text[end..]))
}

/// Replaces the bytes of each span with its new text (spans must not overlap).
pub fn replace_spans(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, new) in edits {
        out.replace_range(range, &new);
    }
    out
}

/// The byte range of a parsed value in the text it was parsed from.
pub fn byte_range<T>(value: &Spanned<T>) -> Option<std::ops::Range<usize>> {
    let start = value.at.byte_offset()?;
    Some(start..start + value.at.byte_len())
}

/// A translation file as parsed, of whichever kind.
pub enum TranslationDoc {
    Kb(crate::kb::model::KbTranslation),
    Topic(crate::kb::model::TopicTranslation),
    Entry(crate::kb::model::EntryTranslation),
}

impl TranslationDoc {
    /// Parses `text` as the kind of translation file `path` names.
    pub fn parse(
        path: &std::path::Path,
        text: &str,
    ) -> Result<Self, crate::diagnostic::Diagnostic> {
        use crate::kb::load::parse_text;
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        Ok(if name.starts_with("kb.") {
            TranslationDoc::Kb(parse_text(text)?)
        } else if name.starts_with("topic.") {
            TranslationDoc::Topic(parse_text(text)?)
        } else {
            TranslationDoc::Entry(parse_text(text)?)
        })
    }

    /// Every translation the file holds, by field.
    pub fn held(&self) -> std::collections::BTreeMap<crate::kb::fields::FieldPath, Held> {
        let held = match self {
            TranslationDoc::Kb(t) => crate::kb::fields::held_by_kb(t),
            TranslationDoc::Topic(t) => crate::kb::fields::held_by_topic(t),
            TranslationDoc::Entry(t) => crate::kb::fields::held_by_entry(t),
        };
        held.into_iter()
            .map(|(path, t)| {
                let held = Held {
                    text: t.text.value.clone(),
                    fingerprint: t.fingerprint.value.clone(),
                    reviewed: t.reviewed.as_ref().map(|r| r.value.clone()),
                };
                (path, held)
            })
            .collect()
    }

    /// What the file holds besides translated fields (the product's own localized messages).
    pub fn localized_messages(&self) -> Vec<&str> {
        match self {
            TranslationDoc::Entry(t) => t.error.as_ref().map_or(Vec::new(), |e| {
                e.localized_messages
                    .iter()
                    .map(|m| m.value.as_str())
                    .collect()
            }),
            _ => Vec::new(),
        }
    }

    pub fn entry(&self) -> Option<&crate::kb::model::EntryTranslation> {
        match self {
            TranslationDoc::Entry(t) => Some(t),
            _ => None,
        }
    }
}

/// A translated field as a file holds it, to compare a file's fields before and after an edit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub text: String,
    pub fingerprint: String,
    pub reviewed: Option<String>,
}
