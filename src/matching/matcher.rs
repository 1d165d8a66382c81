//! From a live error message to the entries that explain it.
//!
//! Every message needs its literal words in the input, so an Aho-Corasick automaton over the
//! rarest word of each message picks the few candidates, and only those are matched, piece by
//! piece ([`crate::matching::pattern::Compiled::find`]). Nothing is compiled per message: a KB of 10,000
//! entries loads in milliseconds, and a lookup costs one pass over the input plus a few
//! substring searches.

use crate::matching::pattern::{Compiled, normalize};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

/// One message of one entry.
pub struct MessagePattern {
    /// Index of the entry in the caller's list.
    pub entry: usize,
    /// Index of the message within its entry.
    pub message: usize,
    pub compiled: Compiled,
}

pub struct Matcher {
    patterns: Vec<MessagePattern>,
    keys: AhoCorasick,
    /// For each key of `keys`, the patterns that need it.
    patterns_by_key: Vec<Vec<usize>>,
    /// Patterns without a literal word: candidates for every input.
    always: Vec<usize>,
    /// Entries by their `error.code`, lower-cased: an input that is exactly a code finds them.
    codes: FxHashMap<String, Vec<usize>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Match {
    pub entry: usize,
    pub message: usize,
    /// Placeholder values as written in the input, in the message's order.
    pub values: Vec<(String, String)>,
    pub specificity: usize,
    /// The input was the entry's `error.code`, not one of its messages (then `message` is its
    /// first message and `values` is empty).
    pub by_code: bool,
}

impl Matcher {
    pub fn new(mut patterns: Vec<MessagePattern>) -> Self {
        // Document frequency of each word, to key every pattern on its rarest word. Counted on
        // one thread (merging per-thread counts cost more than it saved where `check` builds a
        // matcher beside other work); each pattern's rarest word is then chosen in parallel, and
        // keys are numbered in pattern order, the same on any number of threads.
        let mut frequency: FxHashMap<&str, usize> = FxHashMap::default();
        for pattern in &patterns {
            for word in pattern.compiled.words() {
                *frequency.entry(word).or_default() += 1;
            }
        }
        let rarest: Vec<Option<&str>> = patterns
            .par_iter()
            .map(|pattern| {
                pattern
                    .compiled
                    .words()
                    .min_by_key(|word| (frequency[word], std::cmp::Reverse(word.len()), *word))
            })
            .collect();
        let mut key_index: FxHashMap<&str, usize> = FxHashMap::default();
        let mut key_words: Vec<&str> = Vec::new();
        let mut patterns_by_key: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (index, rarest) in rarest.into_iter().enumerate() {
            match rarest {
                Some(word) => {
                    let key = *key_index.entry(word).or_insert_with(|| {
                        key_words.push(word);
                        patterns_by_key.push(Vec::new());
                        key_words.len() - 1
                    });
                    patterns_by_key[key].push(index);
                }
                None => always.push(index),
            }
        }
        let keys = AhoCorasick::new(&key_words).expect("literal words build an automaton");
        // The words served to choose the keys; matching needs only the pieces.
        for pattern in &mut patterns {
            pattern.compiled.forget_words();
        }
        Matcher {
            patterns,
            keys,
            patterns_by_key,
            always,
            codes: FxHashMap::default(),
        }
    }

    /// Lets an input that is exactly an entry's code (`SkuNotAvailable`, `429`, in any case)
    /// find that entry: `codes` pairs entry indexes with their codes.
    pub fn with_codes<'c>(mut self, codes: impl IntoIterator<Item = (usize, &'c str)>) -> Self {
        for (entry, code) in codes {
            let entries = self.codes.entry(code.trim().to_lowercase()).or_default();
            entries.push(entry);
        }
        self
    }

    /// The entries that `input` names by code, in entry order; else the entries whose messages
    /// occur in `input`, most specific first, one match per entry.
    pub fn find(&self, input: &str) -> Vec<Match> {
        let code = input.trim();
        if !code.is_empty()
            && code.len() <= 200
            && let Some(entries) = self.codes.get(&code.to_lowercase())
        {
            return entries
                .iter()
                .map(|&entry| Match {
                    entry,
                    message: 0,
                    values: Vec::new(),
                    specificity: 0,
                    by_code: true,
                })
                .collect();
        }
        let normalized = normalize(input);
        let mut candidates: Vec<usize> = self.always.clone();
        for found in self.keys.find_overlapping_iter(&normalized.text) {
            candidates.extend(&self.patterns_by_key[found.pattern().as_usize()]);
        }
        candidates.sort_unstable();
        candidates.dedup();
        let mut matches: Vec<Match> = candidates
            .into_iter()
            .filter_map(|index| {
                let pattern = &self.patterns[index];
                let values = pattern.compiled.find(&normalized, input)?;
                Some(Match {
                    entry: pattern.entry,
                    message: pattern.message,
                    values,
                    specificity: pattern.compiled.specificity,
                    by_code: false,
                })
            })
            .collect();
        // Most specific first; then fewer placeholders (less left to chance); then entry order.
        matches.sort_by(|a, b| {
            b.specificity
                .cmp(&a.specificity)
                .then(a.values.len().cmp(&b.values.len()))
                .then(a.entry.cmp(&b.entry))
                .then(a.message.cmp(&b.message))
        });
        let mut seen = std::collections::HashSet::new();
        matches.retain(|m| seen.insert(m.entry));
        matches
    }

    pub fn len(&self) -> usize {
        self.patterns.len()
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::matching::pattern::{PlaceholderSpec, compile};

    fn matcher(messages: &[&str]) -> Matcher {
        let spec = [PlaceholderSpec {
            name: "x",
            values: vec![],
            max_length: crate::matching::pattern::DEFAULT_MAX_LENGTH,
        }];
        Matcher::new(
            messages
                .iter()
                .enumerate()
                .map(|(entry, text)| MessagePattern {
                    entry,
                    message: 0,
                    compiled: compile(text, &spec),
                })
                .collect(),
        )
    }

    #[test]
    fn the_most_specific_entry_comes_first() {
        let m = matcher(&[
            "An error occurred.",
            "An error occurred while sending the request.",
        ]);
        let found = m.find("An error occurred while sending the request.");
        assert_eq!(found.iter().map(|m| m.entry).collect::<Vec<_>>(), [1, 0]);
    }

    #[test]
    fn no_match_is_empty() {
        let m = matcher(&["Something went wrong. Could not get connection details."]);
        assert!(m.find("Something else went wrong.").is_empty());
    }

    #[test]
    fn a_pattern_without_words_is_always_tried() {
        let m = matcher(&["{x}"]);
        assert_eq!(m.find("anything").len(), 1);
    }

    #[test]
    fn values_are_returned_as_written() {
        let m = matcher(&["Could not create work item for alert {x}. Done."]);
        let found = m.find("[ERR] could NOT create work\n item for alert CPU-High-01. Done");
        assert_eq!(
            found[0].values,
            [("x".to_string(), "CPU-High-01".to_string())]
        );
    }
}
