//! Checks that protect matching: a dashboard that maps a live message to an entry must never
//! show the wrong fix. Every sample must match its own entry and no other; two entries whose
//! messages can match the same text are reported.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::kb::load::{Entry, Kb};
use crate::kb::model::EntryDoc;
use crate::matching::matcher::{Matcher, MessagePattern};
use crate::matching::pattern::{self, PlaceholderSpec};
use rayon::prelude::*;

/// The entries that parsed, and a matcher whose entry indexes point into that list.
/// The entries that parsed, a matcher whose entry indexes point into that list, and the
/// (entry, message) pairs whose pattern is too costly for a backtracking engine.
type Matching<'kb> = (
    Vec<(&'kb Entry, &'kb EntryDoc)>,
    Matcher,
    Vec<(usize, usize, u64)>,
);

pub(super) fn matcher_for(kb: &Kb) -> Matching<'_> {
    let entries: Vec<(&Entry, &EntryDoc)> = kb
        .entries()
        .filter_map(|e| Some((e, e.source.doc.as_ref()?)))
        .collect();
    let patterns: Vec<MessagePattern> = entries
        .par_iter()
        .enumerate()
        .flat_map_iter(|(index, (entry, doc))| {
            let specs = PlaceholderSpec::of(&doc.error);
            let localized = entry
                .translations
                .iter()
                .filter_map(|t| t.loaded.doc.as_ref()?.error.as_ref())
                .flat_map(|e| e.localized_messages.iter());
            doc.error
                .messages
                .value
                .iter()
                .chain(localized)
                .enumerate()
                .map(|(message, text)| MessagePattern {
                    entry: index,
                    message,
                    compiled: pattern::compile(&text.value, &specs),
                })
                .collect::<Vec<_>>()
        })
        .collect();
    // Messages without placeholders cost one pass: only the others are estimated.
    let costly = (patterns.iter())
        .filter(|p| !p.compiled.groups.is_empty())
        .filter_map(|p| {
            let cost = p.compiled.backtracking_cost(pattern::HOSTILE_LINE);
            (cost > pattern::COST_BUDGET).then_some((p.entry, p.message, cost))
        })
        .collect();
    (entries, Matcher::new(patterns), costly)
}

/// A message with its placeholders filled in from examples or values: what the product could
/// print.
fn instance(doc: &EntryDoc, message: &str) -> String {
    let mut text = message.to_string();
    for (name, placeholder) in doc.error.placeholders.iter() {
        let value = placeholder
            .example
            .as_ref()
            .map(|e| e.value.as_str())
            .or_else(|| placeholder.values.first().map(|v| v.value.as_str()))
            .unwrap_or("x7q");
        text = text.replace(&format!("{{{}}}", name.value), value);
    }
    text
}

impl Checker<'_> {
    pub(super) fn matching(&mut self) {
        let (entries, matcher, costly) = matcher_for(self.kb);
        for (entry, message, cost) in costly {
            self.costly_pattern(entries[entry].0, entries[entry].1, message, cost);
        }
        let kb = self.kb;
        let found: Vec<(Diagnostics, Vec<Overlap>)> = (0..entries.len())
            .into_par_iter()
            .map(|index| {
                let mut checker = Checker::new(kb);
                checker.samples(&entries, &matcher, index);
                (checker.out, overlaps(&entries, &matcher, index))
            })
            .collect();
        let mut pairs = Vec::new();
        for (diagnostics, overlaps) in found {
            self.out.extend(diagnostics);
            pairs.extend(overlaps);
        }
        // Each pair once, reported on the message of the entry whose id sorts first.
        pairs.sort_by(|a, b| {
            a.pair
                .cmp(&b.pair)
                .then(a.on_first.cmp(&b.on_first).reverse())
        });
        pairs.dedup_by(|a, b| a.pair == b.pair);
        for overlap in pairs {
            let (first, second) = &overlap.pair;
            let (entry, doc) = entries
                .iter()
                .find(|(e, _)| e.id == *first)
                .expect("pairs name entries");
            let message = overlap.on_first.map_or(&doc.error.messages.value[0], |m| {
                &doc.error.messages.value[m]
            });
            let span = self.span(entry.source.file, message);
            self.push(
                Diagnostic::new(Code::AmbiguousMessages, span, format!("a message like this one also matches `{second}`"))
                    .label("ambiguous")
                    .hint("a dashboard ranks the more specific entry first; if both can really occur, make the messages tell them apart"),
            );
        }
    }

    /// A message whose catalog pattern could stall a consumer's backtracking regex engine on a
    /// long log line ([`pattern::Compiled::backtracking_cost`]); `message` counts the entry's
    /// messages, then its localized ones, as [`matcher_for`] does.
    fn costly_pattern(&mut self, entry: &Entry, doc: &EntryDoc, message: usize, cost: u64) {
        let localized = entry
            .translations
            .iter()
            .filter_map(|t| Some((t.loaded.file, t.loaded.doc.as_ref()?.error.as_ref()?)))
            .flat_map(|(file, e)| e.localized_messages.iter().map(move |m| (file, m)));
        let sources = doc
            .error
            .messages
            .value
            .iter()
            .map(|m| (entry.source.file, m));
        let Some((file, text)) = sources.chain(localized).nth(message) else {
            return;
        };
        let span = self.span(file, text);
        self.push(
            Diagnostic::new(
                Code::CostlyPattern,
                span,
                format!(
                    "on a 64 KiB log line, this message's pattern could take about {} million steps in a backtracking regex engine (at most {} million)",
                    cost / 1_000_000,
                    pattern::COST_BUDGET / 1_000_000
                ),
            )
            .label("placeholders with little text between them")
            .hint("give its placeholders a smaller `max_length`, declare `values` where the product prints a closed list, or keep more literal text between placeholders"),
        );
    }

    fn samples(&mut self, entries: &[(&Entry, &EntryDoc)], matcher: &Matcher, index: usize) {
        let (entry, doc) = entries[index];
        for sample in &doc.error.samples {
            let matches = matcher.find(&sample.value);
            let span = self.span(entry.source.file, sample);
            if !matches.iter().any(|m| m.entry == index) {
                self.push(
                    Diagnostic::new(Code::SampleMismatch, span, "this sample matches no message of its entry")
                        .label("not matched by `error.messages`")
                        .hint("a sample is a message as the product printed it: every literal part of one of the entry's messages must be in it, placeholders filled in"),
                );
            }
            let others: Vec<&str> = matches
                .iter()
                .filter(|m| m.entry != index)
                .map(|m| entries[m.entry].0.id.as_str())
                .collect();
            if !others.is_empty() {
                self.push(
                    Diagnostic::new(Code::SampleAmbiguous, span, format!("this sample also matches {}", quoted(&others)))
                        .label("matched by another entry")
                        .hint("make the messages more specific, or declare fewer parts as placeholders, so that each real message leads to one fix"),
                );
            }
        }
    }
}

/// Two entries whose messages can match the same text.
struct Overlap {
    /// The two ids, sorted.
    pair: (String, String),
    /// The message of the first entry that the second entry's patterns match, if it was found
    /// from that side.
    on_first: Option<usize>,
}

/// The entries whose patterns match an instance of one of this entry's messages.
fn overlaps(entries: &[(&Entry, &EntryDoc)], matcher: &Matcher, index: usize) -> Vec<Overlap> {
    let (entry, doc) = entries[index];
    let mut found = Vec::new();
    for (message_index, message) in doc.error.messages.value.iter().enumerate() {
        for hit in matcher.find(&instance(doc, &message.value)) {
            if hit.entry == index {
                continue;
            }
            let other = &entries[hit.entry].0.id;
            let (pair, on_first) = if entry.id < *other {
                ((entry.id.clone(), other.clone()), Some(message_index))
            } else {
                ((other.clone(), entry.id.clone()), None)
            };
            found.push(Overlap { pair, on_first });
        }
    }
    found
}

fn quoted(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| format!("`{id}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
