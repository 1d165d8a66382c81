//! `site/<locale>/search/`: the search index of each locale, in shards ([`crate::publish::search::index`]).

pub mod index;

use super::{Context, Files, Output};
use crate::diagnostic::Diagnostic;
use crate::publish::search::index::Part;
use rayon::prelude::*;

pub struct SearchIndex;

/// Entries indexed together, at least: enough to keep both cores busy, few enough that their
/// documents are a small part of memory.
const ENTRIES_PER_PART: usize = 320;

impl Output for SearchIndex {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        // Entries in document order, cut into parts whatever their topics: a KB of a few large
        // topics is indexed in parallel too. Larger parts for a larger KB: fewer dictionaries to
        // merge.
        let entries = cx.kb.entries_in_reading_order();
        let per_part = ENTRIES_PER_PART.max(entries.len() / 16);
        // One locale after the other (each is indexed in parallel): memory holds one locale's
        // postings at a time.
        for locale in &cx.locales {
            // Parts of the KB, each part's documents indexed as soon as they are made.
            let parts = crate::timings::phase(&format!("search parts {locale}"), || {
                (entries.par_chunks(per_part))
                    .map(|entries| Part::of(&cx.search_documents(entries, locale)))
                    .collect()
            });
            let index = crate::timings::phase(&format!("search files {locale}"), || {
                crate::publish::search::index::files_of_parts(parts)
            });
            index.into_par_iter().for_each(|(name, text)| {
                files.add(format!("site/{locale}/search/{name}"), text);
            });
        }
        Ok(())
    }
}
