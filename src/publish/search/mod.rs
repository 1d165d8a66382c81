//! `site/<locale>/search/`: the search index of each locale, in shards ([`crate::publish::search::index`]).

pub mod index;

use super::{Context, Files, Output};
use crate::diagnostic::Diagnostic;
use rayon::prelude::*;

pub struct SearchIndex;

impl Output for SearchIndex {
    fn render(&self, cx: &Context, files: &mut Files) -> Result<(), Diagnostic> {
        let indexes: Vec<(&String, Vec<(String, String)>)> = cx
            .locales
            .par_iter()
            .map(|locale| {
                let documents =
                    crate::timings::phase(&format!("search documents {locale}"), || {
                        cx.search_documents(locale)
                    });
                let files = crate::timings::phase(&format!("search index {locale}"), || {
                    crate::publish::search::index::index_files(&documents)
                });
                (locale, files)
            })
            .collect();
        for (locale, index) in indexes {
            for (name, text) in index {
                files.add(format!("site/{locale}/search/{name}"), text);
            }
        }
        Ok(())
    }
}
