//! Site search that works in Korean: the tokenizer and the index.
//!
//! The same tokenizer runs at index time (here) and at query time (`templates/assets/search.js`,
//! written to the same rules; `tests/search/tokens.json` holds cases both must pass):
//!
//! 1. Text splits at white space into chunks; a chunk keeps letters, digits, `_` and the
//!    punctuation inside it (`StatusCode=429`, `create/update`). A chunk with inner punctuation
//!    is also a token as a whole, lower-cased (`statuscode=429`).
//! 2. Within a chunk, a run of Latin letters, digits and `_` is a token (lower-cased), and so is
//!    each of its parts of two characters or more: split at `_`, at a lower-case or digit to
//!    upper-case step, and between letters and digits (`ServiceDeskHttpBadRequestException` ->
//!    `service`, `desk`, `http`, ...).
//! 3. A run of Hangul, kana or CJK ideographs gives its character bigrams (`토큰이` -> `토큰`,
//!    `큰이`), or the character itself when the run is one character long, so that particles
//!    (`토큰이`) and halves of compounds (`연결` in `네트워크연결오류`) still match.
//!
//! The index of a locale is split in shards that a page loads as scripts (so that it works
//! from `file://`, where `fetch` is refused): a manifest, term shards chosen by the term's first
//! three characters (so a prefix is looked up in one shard), and document chunks. A query loads only
//! the shards its terms need, and the chunks of the documents it shows.

use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// Field bits in postings, and their weights in ranking (in search.js).
pub const FIELD_TITLE: u8 = 1;
pub const FIELD_MESSAGE: u8 = 2;
pub const FIELD_CAUSES: u8 = 4;
pub const FIELD_RESOLUTION: u8 = 8;
pub const FIELD_OTHER: u8 = 16;

/// Target size of one term shard and documents per chunk.
const SHARD_BYTES: usize = 48 * 1024;
const DOCS_PER_CHUNK: usize = 100;
/// How much of a document's text a result can quote.
const SNIPPET_CHARS: usize = 600;

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7A3}' // Hangul
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}') // ideographs
}

fn is_word(c: char) -> bool {
    (c.is_alphanumeric() || c == '_') && !is_cjk(c)
}

/// The tokens of a text, in order of appearance, duplicates included.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for chunk in text.split_whitespace() {
        let chunk = chunk.trim_matches(|c: char| !is_word(c) && !is_cjk(c));
        if chunk.is_empty() {
            continue;
        }
        let chars: Vec<char> = chunk.chars().collect();
        if chars.iter().any(|c| !is_word(*c) && !is_cjk(*c)) && chars.len() <= 64 {
            out.push(chunk.to_lowercase());
        }
        let mut i = 0;
        while i < chars.len() {
            let start = i;
            if is_word(chars[i]) {
                while i < chars.len() && is_word(chars[i]) {
                    i += 1;
                }
                word_tokens(&chars[start..i], &mut out);
            } else if is_cjk(chars[i]) {
                while i < chars.len() && is_cjk(chars[i]) {
                    i += 1;
                }
                let run = &chars[start..i];
                if run.len() == 1 {
                    out.push(run[0].to_lowercase().collect());
                } else {
                    for pair in run.windows(2) {
                        out.push(pair.iter().collect::<String>().to_lowercase());
                    }
                }
            } else {
                i += 1;
            }
        }
    }
    out
}

fn word_tokens(word: &[char], out: &mut Vec<String>) {
    let whole: String = word.iter().collect::<String>().to_lowercase();
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for (index, &c) in word.iter().enumerate() {
        if c == '_' {
            parts.push(std::mem::take(&mut current));
            continue;
        }
        if let Some(&previous) = index.checked_sub(1).and_then(|p| word.get(p)) {
            let step_up = c.is_uppercase() && (previous.is_lowercase() || previous.is_numeric());
            let letter_digit = previous != '_' && (c.is_numeric() != previous.is_numeric());
            if (step_up || letter_digit) && !current.is_empty() {
                parts.push(std::mem::take(&mut current));
            }
        }
        current.push(c);
    }
    parts.push(current);
    let parts: Vec<String> = parts
        .into_iter()
        .filter(|p| p.chars().count() >= 2)
        .map(|p| p.to_lowercase())
        .collect();
    out.push(whole.clone());
    if parts.len() > 1 || parts.first().is_some_and(|p| *p != whole) {
        out.extend(parts);
    }
}

/// How many leading characters choose a term's shard; prefix search starts at this length.
pub const SHARD_PREFIX: usize = 3;

/// The shard a term lives in (the same in search.js): FNV-1a over the code points of its first
/// [`SHARD_PREFIX`] characters, so that every term with a given prefix is in one shard.
pub fn shard_of(term: &str, shards: usize) -> usize {
    let mut hash: u32 = 2_166_136_261;
    for c in term.chars().take(SHARD_PREFIX) {
        hash ^= c as u32;
        hash = hash.wrapping_mul(16_777_619);
    }
    (hash % shards as u32) as usize
}

/// One searchable document: an entry in one locale.
pub struct Document {
    pub title: String,
    pub topic: String,
    /// From the site root: `ko/itsmc-dashboard-errors/index.html#missing-connector`.
    pub href: String,
    pub fields: Vec<(u8, String)>,
}

#[derive(Serialize)]
struct Manifest {
    v: u32,
    docs: usize,
    shards: usize,
    chunk: usize,
}

/// The index of one locale as files: `index.js`, `terms-N.js`, `docs-N.js`.
pub fn index_files(documents: &[Document]) -> Vec<(String, String)> {
    // term -> [doc, fields, doc, fields, ...]
    let mut postings: HashMap<String, Vec<u32>> = HashMap::new();
    for (doc, document) in documents.iter().enumerate() {
        // Sorted so that postings list fields in a fixed order whatever the hash seed.
        let mut fields_of: BTreeMap<String, u8> = BTreeMap::new();
        for (field, text) in &document.fields {
            for token in tokens(text) {
                *fields_of.entry(token).or_default() |= field;
            }
        }
        for (token, fields) in fields_of {
            let list = postings.entry(token).or_default();
            list.push(doc as u32);
            list.push(u32::from(fields));
        }
    }
    let total: usize = postings.iter().map(|(t, p)| t.len() + p.len() * 5).sum();
    let shards = total.div_ceil(SHARD_BYTES).max(1);
    let mut sharded: Vec<BTreeMap<&str, &Vec<u32>>> = vec![BTreeMap::new(); shards];
    for (term, list) in &postings {
        sharded[shard_of(term, shards)].insert(term, list);
    }
    let mut files = Vec::new();
    let manifest = Manifest {
        v: 1,
        docs: documents.len(),
        shards,
        chunk: DOCS_PER_CHUNK,
    };
    files.push(("index.js".to_string(), script("manifest", 0, &manifest)));
    for (index, shard) in sharded.iter().enumerate() {
        files.push((format!("terms-{index}.js"), script("terms", index, shard)));
    }
    for (index, chunk) in documents.chunks(DOCS_PER_CHUNK).enumerate() {
        // [title, topic, href, text]: what a result shows; the snippet comes from the text.
        let rows: Vec<[String; 4]> = chunk
            .iter()
            .map(|d| {
                let text: Vec<&str> = d
                    .fields
                    .iter()
                    .filter(|(f, _)| matches!(*f, FIELD_MESSAGE | FIELD_CAUSES | FIELD_RESOLUTION))
                    .map(|(_, t)| t.as_str())
                    .collect();
                let text: String = text.join(" · ").chars().take(SNIPPET_CHARS).collect();
                [d.title.clone(), d.topic.clone(), d.href.clone(), text]
            })
            .collect();
        files.push((format!("docs-{index}.js"), script("docs", index, &rows)));
    }
    files
}

fn script<T: Serialize + ?Sized>(kind: &str, index: usize, data: &T) -> String {
    let json = serde_json::to_string(data).expect("index data serializes");
    format!("kbgenSearch.add(\"{kind}\",{index},{json});\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases search.js must pass too (tests/e2e runs them in node).
    #[test]
    fn shared_token_cases() {
        let cases: Vec<(String, Vec<String>)> =
            serde_json::from_str(include_str!("../../../tests/search/tokens.json")).unwrap();
        for (text, expected) in cases {
            assert_eq!(tokens(&text), expected, "{text}");
        }
    }

    /// Reference values computed independently (Python); tests/e2e/site.mjs asserts the same
    /// values for search.js.
    #[test]
    fn shards_by_the_first_three_characters() {
        assert_eq!(shard_of("statuscode", 97), shard_of("sta", 97));
        assert_eq!(
            [
                shard_of("토큰", 97),
                shard_of("servicedesk", 97),
                shard_of("429", 97)
            ],
            [23, 83, 19]
        );
    }
}
