//! `site/<locale>/search/`: the search index of each locale, in shards ([`crate::publish::search::index`]).

pub mod index;

use super::{Context, Files, Output};
use crate::diagnostic::Diagnostic;
use rayon::prelude::*;

pub struct SearchIndex;

impl Output for SearchIndex {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        // One locale after the other (each is indexed in parallel): memory holds one locale's
        // documents and postings at a time.
        for locale in &cx.locales {
            let documents = crate::timings::phase(&format!("search documents {locale}"), || {
                cx.search_documents(locale)
            });
            let index = crate::timings::phase(&format!("search index {locale}"), || {
                crate::publish::search::index::index_files(&documents)
            });
            drop(documents);
            index.into_par_iter().for_each(|(name, text)| {
                files.add(format!("site/{locale}/search/{name}"), text);
            });
        }
        Ok(())
    }
}
