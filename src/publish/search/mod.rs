//! `site/<locale>/search/`: the search index of each locale, in shards ([`crate::publish::search::index`]).

pub mod index;

use super::{Context, Files, Output};
use crate::diagnostic::Diagnostic;
use crate::publish::search::index::Part;
use rayon::prelude::*;

pub struct SearchIndex;

/// Topics indexed together, at least: enough to keep both cores busy, few enough that their
/// documents are a small part of memory.
const TOPICS_PER_PART: usize = 32;

impl Output for SearchIndex {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        // One locale after the other (each is indexed in parallel): memory holds one locale's
        // postings at a time.
        for locale in &cx.locales {
            // Topics in parts, each part's documents indexed as soon as they are made.
            let parts = crate::timings::phase(&format!("search parts {locale}"), || {
                // Larger parts for a larger KB: fewer dictionaries to merge.
                let per_part = TOPICS_PER_PART.max(cx.kb.topics.len() / 16);
                (cx.kb.topics.par_chunks(per_part))
                    .map(|topics| Part::of(&cx.search_documents(topics, locale)))
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
