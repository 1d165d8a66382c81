//! `site/<locale>/search/`: the search index of each locale, in shards ([`crate::publish::search::index`]).

pub mod index;

use super::{Context, Files, Output};
use crate::diagnostic::Diagnostic;
use crate::publish::search::index::Part;
use rayon::prelude::*;

/// The search index of every locale. With `keep`, the parts it indexed stay there, so that
/// `kbgen serve` can index again only the parts that hold a saved entry ([`update`]).
#[derive(Default)]
pub struct SearchIndex<'k> {
    pub keep: Option<&'k std::sync::Mutex<Kept>>,
}

/// The parts of the last search index: which entries each part holds (ids, in reading order),
/// and each locale's indexed parts.
#[derive(Default)]
pub struct Kept {
    layout: Vec<Vec<String>>,
    parts: std::collections::HashMap<String, Vec<Part>>,
}

impl Kept {
    /// Whether these parts were made from the KB's entries as they are listed now, in every
    /// locale.
    pub fn fits(&self, cx: &Context) -> bool {
        let entries = cx.kb.entries_in_reading_order();
        self.layout.iter().map(Vec::len).sum::<usize>() == entries.len()
            && (self.layout.iter().flatten())
                .zip(&entries)
                .all(|(id, (_, entry))| *id == entry.id)
            && cx.locales.iter().all(|l| self.parts.contains_key(l))
    }
}

impl std::fmt::Debug for Kept {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Kept({} parts, locales {:?})",
            self.layout.len(),
            self.parts.keys()
        )
    }
}

/// Entries indexed together, at least: enough to keep both cores busy, few enough that their
/// documents are a small part of memory.
const ENTRIES_PER_PART: usize = 320;

/// Entries in document order, cut into parts whatever their topics: a KB of a few large topics
/// is indexed in parallel too. Larger parts for a larger KB: fewer dictionaries to merge.
fn part_size(entries: usize) -> usize {
    ENTRIES_PER_PART.max(entries / 16)
}

impl Output for SearchIndex<'_> {
    fn render(&self, cx: &Context, files: &Files) -> Result<(), Diagnostic> {
        let entries = cx.kb.entries_in_reading_order();
        let per_part = part_size(entries.len());
        let mut kept = self
            .keep
            .map(|kept| kept.lock().unwrap_or_else(|e| e.into_inner()));
        if let Some(kept) = kept.as_mut() {
            kept.layout = (entries.chunks(per_part))
                .map(|part| part.iter().map(|(_, entry)| entry.id.clone()).collect())
                .collect();
            kept.parts.clear();
        }
        // One locale after the other (each is indexed in parallel): memory holds one locale's
        // postings at a time.
        for locale in &cx.locales {
            // Parts of the KB, each part's documents indexed as soon as they are made.
            let parts: Vec<Part> = crate::timings::phase(&format!("search parts {locale}"), || {
                (entries.par_chunks(per_part))
                    .map(|entries| Part::of(&cx.search_documents(entries, locale)))
                    .collect()
            });
            let parts = match kept.as_mut() {
                Some(kept) => {
                    kept.parts.insert(locale.clone(), parts.clone());
                    parts
                }
                None => parts,
            };
            crate::timings::phase(&format!("search files {locale}"), || {
                crate::publish::search::index::each_file_of_parts(parts, &|name, text| {
                    files.add(format!("site/{locale}/search/{name}"), text)
                })
            });
        }
        Ok(())
    }
}

fn write(locale: &str, index: Vec<(String, String)>, files: &Files) {
    index.into_par_iter().for_each(|(name, text)| {
        files.add(format!("site/{locale}/search/{name}"), text);
    });
}

/// Indexes again the parts of `kept` that hold the entries `changed` (ids), in every locale,
/// and writes each locale's index over the last one, removing its files that the new index
/// does not have. `false`, writing nothing, when the KB's entries are no longer those `kept`
/// was made from (then only a whole index is right).
pub fn update(
    cx: &Context,
    kept: &mut Kept,
    changed: &std::collections::HashSet<&str>,
    files: &Files,
) -> bool {
    if !kept.fits(cx) {
        return false;
    }
    let entries = cx.kb.entries_in_reading_order();
    // The same entries: the same part size as when `kept` was made.
    let per_part = part_size(entries.len());
    let chunks: Vec<_> = entries.chunks(per_part).collect();
    let dirty: Vec<usize> = (kept.layout.iter().enumerate())
        .filter(|(_, ids)| ids.iter().any(|id| changed.contains(id.as_str())))
        .map(|(index, _)| index)
        .collect();
    for locale in &cx.locales {
        let parts = kept.parts.get_mut(locale).expect("checked above");
        let fresh: Vec<(usize, Part)> = dirty
            .par_iter()
            .map(|&index| (index, Part::of(&cx.search_documents(chunks[index], locale))))
            .collect();
        for (index, part) in fresh {
            parts[index] = part;
        }
        let index = crate::publish::search::index::files_of_parts(parts.clone());
        let names: std::collections::HashSet<String> =
            index.iter().map(|(name, _)| name.clone()).collect();
        files.remove_others(&format!("site/{locale}/search"), &names);
        write(locale, index, files);
    }
    true
}
