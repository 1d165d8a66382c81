//! `scaffold-text`: text that `kbgen new` wrote for the author to replace, still in place. A
//! warning while the author works, an error in `build` (and with `--strict`): it is never
//! published.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::kb::fields::{entry_fields_of, topic_fields_of};
use crate::kb::model::{EntryDoc, Text, TopicDoc};
use crate::kb::scaffold::scaffold_text_in;
use crate::kb::source::FileId;

impl Checker<'_> {
    pub(super) fn scaffold_texts_of_entry(&mut self, file: FileId, doc: &EntryDoc) {
        for field in entry_fields_of(doc, None) {
            self.scaffold_text(file, &field.path, field.source);
        }
        for (index, message) in doc.error.messages.value.iter().enumerate() {
            self.scaffold_text(file, &format_args!("error.messages[{index}]"), message);
        }
    }

    pub(super) fn scaffold_texts_of_topic(&mut self, file: FileId, doc: &TopicDoc) {
        for field in topic_fields_of(doc, None) {
            self.scaffold_text(file, &field.path, field.source);
        }
    }

    fn scaffold_text(&mut self, file: FileId, field: &dyn std::fmt::Display, text: &Text) {
        let Some(scaffold) = scaffold_text_in(&text.value) else {
            return;
        };
        let span = self.span(file, text);
        let span = self.kb.sources.get(file).find_within(span, scaffold);
        self.push(
            Diagnostic::new(
                Code::ScaffoldText,
                span,
                format!("`{field}` still holds the text `kbgen new` wrote: \"{scaffold}\""),
            )
            .hint("replace it with the real text: `build` refuses to publish it"),
        );
    }
}
