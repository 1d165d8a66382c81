//! Stage 2: check a loaded KB. Everything serde's types cannot say is checked here, and every
//! finding is a [`Diagnostic`] pointing at the span the value was parsed from.
//!
//! - [`structure`]: settings, topics and their `order`, entries, ids, placeholders, `related`;
//! - [`links`]: links and raw HTML inside Markdown fields;
//! - [`translations`]: missing and stale translations, list lengths, protected spans;
//! - [`korean`]: typography faults that machine translation leaves in Korean text.

mod glossary;
mod korean;
pub mod language;
mod links;
mod matching;
pub mod report;
mod scaffold;
mod structure;
mod translations;

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::kb::load::{Entry, Kb, Topic};
use crate::kb::markdown::Outline;
use crate::kb::model::{Spanned, Text};
use crate::kb::source::{FileId, Span};
use rayon::prelude::*;
use std::collections::HashMap;

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Warnings count as errors (missing and stale translations included).
    pub strict: bool,
    /// The KB is about to be published (`build`): text `kbgen new` wrote for the author to
    /// replace is an error.
    pub publishing: bool,
}

pub fn validate(kb: &Kb, _options: &Options) -> Diagnostics {
    let mut checker = Checker::new(kb);
    checker.settings();
    checker.topics();
    let targets = checker.translation_targets().unwrap_or_default();
    checker.settings_and_topic_translations(&targets);
    checker.glossary(&targets);
    // Entries are independent of each other: check them in parallel, each with its own list.
    let entries: Vec<(&Topic, &Entry)> = kb
        .topics
        .iter()
        .flat_map(|topic| topic.entries.iter().map(move |entry| (topic, entry)))
        .collect();
    // The messages are compared with each other (one matcher over all of them) beside that.
    let (per_entry, matching) = rayon::join(
        || -> Vec<Diagnostics> {
            crate::timings::phase("validate: entries", || {
                entries
                    .par_iter()
                    .map(|(topic, entry)| {
                        let mut checker = Checker::new(kb);
                        if let Some(doc) = &entry.source.doc {
                            checker.entry(topic, entry, doc);
                            checker.entry_translations(topic, entry, &targets);
                        }
                        checker.out
                    })
                    .collect()
            })
        },
        || {
            crate::timings::phase("validate: matching", || {
                let mut checker = Checker::new(kb);
                checker.matching();
                checker.out
            })
        },
    );
    for found in per_entry {
        checker.out.extend(found);
    }
    checker.out.extend(matching);
    checker.out
}

/// The rules of one entry and its translations alone (not those that compare entries with
/// each other, like `ambiguous-messages`): `kbgen serve` shows a saved entry when these pass,
/// before it validates the whole KB again.
pub fn validate_entry(kb: &Kb, topic: &Topic, entry: &Entry) -> Diagnostics {
    let mut checker = Checker::new(kb);
    let targets = checker.translation_targets().unwrap_or_default();
    if let Some(doc) = &entry.source.doc {
        checker.entry(topic, entry, doc);
        checker.entry_translations(topic, entry, &targets);
    }
    checker.out
}

/// Walks the KB and collects diagnostics; the submodules add methods to it.
struct Checker<'kb> {
    kb: &'kb Kb,
    out: Diagnostics,
    /// Outlines of source-locale Markdown texts, parsed once and reused for each translation.
    source_outlines: HashMap<usize, Outline>,
}

/// Where a Markdown text lives, for resolving `kb:` links relative to its topic and for
/// locale-specific lints.
#[derive(Clone, Copy)]
struct Context<'a> {
    file: FileId,
    topic: Option<&'a str>,
    locale: Option<&'a str>,
}

impl<'kb> Checker<'kb> {
    fn new(kb: &'kb Kb) -> Self {
        Checker {
            kb,
            out: Diagnostics::default(),
            source_outlines: HashMap::new(),
        }
    }

    fn span<T>(&self, file: FileId, value: &Spanned<T>) -> Span {
        self.kb.span(file, value)
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }

    /// Reports an empty or blank required text; true when the text has content.
    fn non_empty(&mut self, file: FileId, text: &Text, what: &str) -> bool {
        if text.value.trim().is_empty() {
            let span = self.span(file, text);
            self.push(
                Diagnostic::new(Code::InvalidValue, span, format!("{what} is empty")).hint(
                    format!("write the {what}, or remove the field if it is optional"),
                ),
            );
            return false;
        }
        true
    }

    /// Reports an empty list that needs an item; `anchor` is the span to point at.
    fn non_empty_list<T>(&mut self, items: &[T], anchor: Span, what: &str, hint: &str) -> bool {
        if items.is_empty() {
            self.push(
                Diagnostic::new(
                    Code::EmptyList,
                    anchor,
                    format!("`{what}` needs at least one item"),
                )
                .hint(hint),
            );
            return false;
        }
        true
    }
}
