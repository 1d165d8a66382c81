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

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;

/// Field bits in postings, and their weights in ranking (in search.js).
pub const FIELD_TITLE: u8 = 1;
pub const FIELD_MESSAGE: u8 = 2;
pub const FIELD_CAUSES: u8 = 4;
pub const FIELD_RESOLUTION: u8 = 8;
pub const FIELD_OTHER: u8 = 16;

/// Target size of one term shard and documents per chunk.
const SHARD_BYTES: usize = 48 * 1024;
const DOCS_PER_CHUNK: usize = 100;
/// How much of a document's text a result can quote (two thirds of it at most from one field).
const SNIPPET_CHARS: usize = 240;

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}' | '\u{AC00}'..='\u{D7A3}' // Hangul
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}') // ideographs
}

fn is_word(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        !is_cjk(c) && c.is_alphanumeric()
    }
}

fn is_token_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric() || c == '_'
    } else {
        is_cjk(c) || c.is_alphanumeric()
    }
}

/// The tokens of a text, in order of appearance, duplicates included.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    Tokenizer::default().each(text, &mut |token| out.push(token.to_string()));
    out
}

/// [`tokens`] without the ASCII path: what it must equal (the fuzz target `search` and a unit
/// test compare them).
pub fn tokens_by_characters(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut tokenizer = Tokenizer {
        no_ascii_path: true,
        ..Tokenizer::default()
    };
    tokenizer.each(text, &mut |token| out.push(token.to_string()));
    out
}

/// Reusable buffers, so that tokenizing allocates nothing per token.
#[derive(Default)]
pub struct Tokenizer {
    chars: Vec<char>,
    parts: Vec<(usize, usize)>,
    token: String,
    whole: String,
    part: String,
    /// Tests compare the ASCII path with the general one.
    no_ascii_path: bool,
}

/// Lower-cases `text` into `out` exactly as `str::to_lowercase` does (final sigma included).
fn lower_into(text: &str, out: &mut String) {
    out.clear();
    if text.is_ascii() {
        out.push_str(text);
        out.make_ascii_lowercase();
    } else {
        out.push_str(&text.to_lowercase());
    }
}

const UUID_LEN: usize = 36;

/// Where a UUID starts at byte `at` of `chunk` (8-4-4-4-12 hex digits, no letter, digit or `_`
/// on either side but Hangul, kana or ideographs: a Korean particle is written against the
/// word it follows, `<uuid>와`), its end.
fn uuid_at(chunk: &str, at: usize) -> Option<usize> {
    const GROUPS: [usize; 5] = [8, 4, 4, 4, 12];
    let bytes = chunk.as_bytes();
    let mut i = at;
    for (n, len) in GROUPS.iter().enumerate() {
        if n > 0 {
            (bytes.get(i) == Some(&b'-')).then_some(())?;
            i += 1;
        }
        let group = bytes.get(i..i + len)?;
        group.iter().all(u8::is_ascii_hexdigit).then_some(())?;
        i += len;
    }
    let adjoins =
        |c: Option<char>| c.is_some_and(|c| (c.is_alphanumeric() && !is_cjk(c)) || c == '_');
    (!adjoins(chunk[..at].chars().next_back()) && !adjoins(chunk[i..].chars().next())).then_some(i)
}

impl Tokenizer {
    /// Calls `emit` with each token of `text`, in order of appearance, duplicates included.
    pub fn each(&mut self, text: &str, emit: &mut dyn FnMut(&str)) {
        for chunk in text.split_whitespace() {
            // A UUID is an instance value (a request or tenant id), never what a reader looks
            // for; its hex groups would be most of the index. It splits the chunk like a space.
            if chunk.len() < UUID_LEN || !chunk.contains('-') {
                self.piece(chunk, emit);
                continue;
            }
            let bytes = chunk.as_bytes();
            let mut piece_start = 0;
            let mut at = 0;
            while at < chunk.len() {
                // A UUID starts a word: no need to try inside one.
                let inside_word =
                    at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
                if !inside_word
                    && bytes[at].is_ascii_hexdigit()
                    && let Some(end) = uuid_at(chunk, at)
                {
                    self.piece(&chunk[piece_start..at], emit);
                    piece_start = end;
                    at = end;
                    continue;
                }
                at += chunk[at..].chars().next().map_or(1, char::len_utf8);
            }
            self.piece(&chunk[piece_start..], emit);
        }
    }

    fn piece(&mut self, piece: &str, emit: &mut dyn FnMut(&str)) {
        let piece = piece.trim_matches(|c: char| !is_token_char(c));
        if piece.is_empty() {
            return;
        }
        if piece.is_ascii() && !self.no_ascii_path {
            self.ascii_piece(piece, emit);
            return;
        }
        let mut chars = std::mem::take(&mut self.chars);
        chars.clear();
        chars.extend(piece.chars());
        if chars.len() <= 64 && chars.iter().any(|c| !is_token_char(*c)) {
            lower_into(piece, &mut self.token);
            emit(&self.token);
        }
        let mut i = 0;
        while i < chars.len() {
            let start = i;
            if is_word(chars[i]) {
                while i < chars.len() && is_word(chars[i]) {
                    i += 1;
                }
                self.word(&chars[start..i], emit);
            } else if is_cjk(chars[i]) {
                while i < chars.len() && is_cjk(chars[i]) {
                    i += 1;
                }
                let run = &chars[start..i];
                // These scripts have no case: the characters are their own lower case
                // (`cjk_characters_have_no_case`).
                if run.len() == 1 {
                    self.token.clear();
                    self.token.push(run[0]);
                    emit(&self.token);
                } else {
                    for pair in run.windows(2) {
                        self.token.clear();
                        self.token.push(pair[0]);
                        self.token.push(pair[1]);
                        emit(&self.token);
                    }
                }
            } else {
                i += 1;
            }
        }
        self.chars = chars;
    }

    /// [`Tokenizer::piece`] for ASCII text, on bytes: the same rules, where a character is a
    /// byte, `is_numeric` is `is_ascii_digit` and lower-casing is ASCII's.
    fn ascii_piece(&mut self, piece: &str, emit: &mut dyn FnMut(&str)) {
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let bytes = piece.as_bytes();
        if bytes.len() <= 64 && bytes.iter().any(|b| !is_word(*b)) {
            lower_into(piece, &mut self.token);
            emit(&self.token);
        }
        let mut i = 0;
        while i < bytes.len() {
            if !is_word(bytes[i]) {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && is_word(bytes[i]) {
                i += 1;
            }
            self.ascii_word(&piece[start..i], emit);
        }
    }

    fn ascii_word(&mut self, word: &str, emit: &mut dyn FnMut(&str)) {
        lower_into(word, &mut self.whole);
        emit(&self.whole);
        let bytes = word.as_bytes();
        self.parts.clear();
        let mut current = 0;
        for (index, &c) in bytes.iter().enumerate() {
            if c == b'_' {
                self.parts.push((current, index));
                current = index + 1;
                continue;
            }
            if let Some(&previous) = index.checked_sub(1).and_then(|p| bytes.get(p)) {
                let step_up = c.is_ascii_uppercase()
                    && (previous.is_ascii_lowercase() || previous.is_ascii_digit());
                let letter_digit =
                    previous != b'_' && (c.is_ascii_digit() != previous.is_ascii_digit());
                if (step_up || letter_digit) && index > current {
                    self.parts.push((current, index));
                    current = index;
                }
            }
        }
        self.parts.push((current, bytes.len()));
        self.parts.retain(|(start, end)| end - start >= 2);
        if let [(0, end)] = self.parts.as_slice()
            && *end == bytes.len()
        {
            return;
        }
        for index in 0..self.parts.len() {
            let (start, end) = self.parts[index];
            lower_into(&word[start..end], &mut self.token);
            emit(&self.token);
        }
    }

    /// A run of word characters, then its parts of two characters or more when it has several.
    fn word(&mut self, word: &[char], emit: &mut dyn FnMut(&str)) {
        self.part.clear();
        self.part.extend(word);
        lower_into(&self.part, &mut self.whole);
        emit(&self.whole);
        self.parts.clear();
        let mut current = 0;
        for (index, &c) in word.iter().enumerate() {
            if c == '_' {
                self.parts.push((current, index));
                current = index + 1;
                continue;
            }
            if let Some(&previous) = index.checked_sub(1).and_then(|p| word.get(p)) {
                let step_up =
                    c.is_uppercase() && (previous.is_lowercase() || previous.is_numeric());
                let letter_digit = previous != '_' && (c.is_numeric() != previous.is_numeric());
                if (step_up || letter_digit) && index > current {
                    self.parts.push((current, index));
                    current = index;
                }
            }
        }
        self.parts.push((current, word.len()));
        self.parts.retain(|(start, end)| end - start >= 2);
        for index in 0..self.parts.len() {
            let (start, end) = self.parts[index];
            self.part.clear();
            self.part.extend(&word[start..end]);
            lower_into(&self.part, &mut self.token);
            // A single part that is the whole word is not repeated.
            if self.parts.len() == 1 && self.token == self.whole {
                break;
            }
            emit(&self.token);
        }
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
    /// The entry's `error.code`: found whole as the term `<code>#` (a query that is the code
    /// ranks the entry first), and shown in its result.
    pub code: Option<String>,
    pub topic: String,
    /// The page of the topic from the site root: `ko/itsmc-dashboard-errors/index.html`.
    pub page: String,
    /// The entry's anchor on that page.
    pub anchor: String,
    pub fields: Vec<(u8, String)>,
}

#[derive(Serialize)]
struct Manifest {
    v: u32,
    docs: usize,
    shards: usize,
    chunk: usize,
}

/// A chunk of documents: its topics once, then a row per document.
#[derive(Serialize)]
struct Chunk<'a> {
    /// [title, page]
    topics: Vec<[&'a str; 2]>,
    /// [title, topic (in `topics`), anchor, text, code]: what a result shows; the snippet
    /// comes from the text.
    rows: Vec<(&'a str, usize, &'a str, &'a str, &'a str)>,
}

/// Marks the postings of a term found in more than half of the documents, of which only those
/// in titles and messages are kept; below this many documents every posting is kept.
const COMMON: char = '!';
const COMMON_FROM_DOCS: usize = 100;

/// The alphabet of encoded postings: 5 bits of a number and a continuation bit per character.
const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// A term's postings as text: for each document (ascending) the number
/// `(document - previous document) * 32 + field bits`, written 5 bits at a time, low bits first,
/// the character's bit 32 set when more follow (decoded in search.js).
fn encode_postings(postings: &[u32], out: &mut String) {
    let mut previous = 0;
    for &posting in postings {
        let (doc, fields) = (posting >> 5, posting & 31);
        let mut value = u64::from(doc - previous) << 5 | u64::from(fields);
        previous = doc;
        loop {
            let low = (value & 31) as usize;
            value >>= 5;
            let more = if value > 0 { 32 } else { 0 };
            out.push(DIGITS[low | more] as char);
            if value == 0 {
                break;
            }
        }
    }
}

/// Terms, numbered as they are first seen, and their postings: `document * 32 + field bits`.
#[derive(Clone, Default)]
struct Postings {
    numbers: FxHashMap<Box<str>, u32>,
    lists: Vec<Vec<u32>>,
}

impl Postings {
    fn number(&mut self, term: &str) -> u32 {
        if let Some(&number) = self.numbers.get(term) {
            return number;
        }
        let number = self.lists.len() as u32;
        self.numbers.insert(term.into(), number);
        self.lists.push(Vec::new());
        number
    }

    /// The postings of `documents`, numbered from 0.
    fn of(documents: &[Document]) -> Postings {
        let mut postings = Postings::default();
        let mut tokenizer = Tokenizer::default();
        let mut seen: Vec<(u32, u8)> = Vec::new();
        for (doc, document) in (0u32..).zip(documents) {
            seen.clear();
            for (field, text) in &document.fields {
                tokenizer.each(text, &mut |token| {
                    seen.push((postings.number(token), *field))
                });
            }
            if let Some(code) = &document.code {
                // `#` is never part of a token: this term is only ever the code, whole.
                let term = format!("{}#", code.to_lowercase());
                seen.push((postings.number(&term), FIELD_OTHER));
            }
            seen.sort_unstable_by_key(|(term, _)| *term);
            for same in seen.chunk_by(|a, b| a.0 == b.0) {
                let fields = same.iter().fold(0, |fields, (_, field)| fields | field);
                postings.lists[same[0].0 as usize].push(doc << 5 | u32::from(fields));
            }
        }
        postings
    }
}

/// The index of one locale as files: `index.js`, `terms-N.js`, `docs-N.js`.
pub fn index_files(documents: &[Document]) -> Vec<(String, String)> {
    // Parts of the documents are indexed in parallel, then merged in document order.
    const PART: usize = 512;
    files_of_parts(documents.par_chunks(PART).map(Part::of).collect())
}

/// Some consecutive documents, indexed: their postings (documents numbered from 0 within the
/// part) and the rows that results show. A caller that makes documents in parts indexes each
/// part as it is made, so that memory never holds every document's text.
#[derive(Clone)]
pub struct Part {
    postings: Postings,
    rows: Vec<Row>,
}

/// What a result shows of a document.
#[derive(Clone)]
struct Row {
    title: String,
    topic: String,
    page: String,
    anchor: String,
    /// The start of each field, so that a long message leaves room for the causes.
    quote: String,
    /// The entry's `error.code`, or empty.
    code: String,
}

impl Part {
    pub fn of(documents: &[Document]) -> Part {
        let rows = (documents.iter())
            .map(|d| {
                let mut quote = String::new();
                for (_, field) in (d.fields.iter())
                    .filter(|(f, _)| matches!(*f, FIELD_MESSAGE | FIELD_CAUSES | FIELD_RESOLUTION))
                {
                    if !quote.is_empty() {
                        quote.push_str(" · ");
                    }
                    quote.extend(field.chars().take(SNIPPET_CHARS * 2 / 3));
                }
                Row {
                    title: d.title.clone(),
                    topic: d.topic.clone(),
                    page: d.page.clone(),
                    anchor: d.anchor.clone(),
                    quote: quote.chars().take(SNIPPET_CHARS).collect(),
                    code: d.code.clone().unwrap_or_default(),
                }
            })
            .collect();
        Part {
            postings: Postings::of(documents),
            rows,
        }
    }
}

/// The index of one locale as files, from its parts in document order: `index.js`, then the
/// `terms-N.js` and `docs-N.js` files by number.
pub fn files_of_parts(parts: Vec<Part>) -> Vec<(String, String)> {
    let files = std::sync::Mutex::new(Vec::new());
    each_file_of_parts(parts, &|name, text| {
        files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push((name, text))
    });
    let mut files = files.into_inner().unwrap_or_else(|e| e.into_inner());
    files.sort_by_key(|(name, _)| {
        let (kind, number) = name
            .trim_end_matches(".js")
            .split_once('-')
            .unwrap_or((name, "0"));
        (
            kind != "index",
            kind != "terms",
            number.parse::<usize>().unwrap_or(0),
        )
    });
    files
}

/// Each file of the index of one locale, from its parts in document order, given to `emit` as
/// soon as it is made, from any thread: the index is never held whole.
pub fn each_file_of_parts(parts: Vec<Part>, emit: &(dyn Fn(String, String) + Sync)) {
    // Merged in document order, so that every term's postings stay sorted.
    let mut merged = Postings::default();
    let mut rows: Vec<Row> = Vec::new();
    for part in parts {
        let offset = (rows.len() as u32) << 5;
        let mut lists = part.postings.lists;
        for (term, number) in part.postings.numbers {
            let list = std::mem::take(&mut lists[number as usize]);
            let into = merged.number(&term);
            merged.lists[into as usize].extend(list.into_iter().map(|p| p + offset));
        }
        rows.extend(part.rows);
    }
    let documents = rows.len();
    let Postings {
        numbers,
        lists: postings,
    } = merged;
    let total: usize = numbers
        .iter()
        .map(|(term, number)| term.len() + 6 + postings[*number as usize].len() * 2)
        .sum();
    let shards = total.div_ceil(SHARD_BYTES).max(1);
    let mut sharded: Vec<Vec<(&str, u32)>> = vec![Vec::new(); shards];
    for (term, number) in &numbers {
        sharded[shard_of(term, shards)].push((term, *number));
    }
    let manifest = Manifest {
        v: 3,
        docs: documents,
        shards,
        chunk: DOCS_PER_CHUNK,
    };
    emit("index.js".to_string(), script("manifest", 0, &manifest));
    // Shards are independent: encoded in parallel, each written as it is made.
    (sharded.par_iter_mut().enumerate()).for_each(|(index, shard)| {
        shard.sort_unstable();
        let mut kept = Vec::new();
        let shard: serde_json::Map<String, serde_json::Value> = (shard.iter())
            .map(|(term, number)| {
                let mut list = postings[*number as usize].as_slice();
                let mut encoded = String::new();
                // A term in most documents tells them apart only where it weighs most: the
                // rest of its postings are dropped, and the mark tells search.js so.
                if list.len() * 2 > documents && documents >= COMMON_FROM_DOCS {
                    encoded.push(COMMON);
                    kept.clear();
                    kept.extend(
                        (list.iter()).filter(|p| *p & u32::from(FIELD_TITLE | FIELD_MESSAGE) != 0),
                    );
                    list = &kept;
                }
                encode_postings(list, &mut encoded);
                (term.to_string(), serde_json::Value::String(encoded))
            })
            .collect();
        emit(format!("terms-{index}.js"), script("terms", index, &shard));
    });
    (rows.par_chunks(DOCS_PER_CHUNK).enumerate()).for_each(|(index, chunk)| {
        let mut topics: Vec<[&str; 2]> = Vec::new();
        let rows = (chunk.iter())
            .map(|row| {
                if topics.last().is_none_or(|[_, page]| *page != row.page) {
                    topics.push([&row.topic, &row.page]);
                }
                (
                    row.title.as_str(),
                    topics.len() - 1,
                    row.anchor.as_str(),
                    row.quote.as_str(),
                    row.code.as_str(),
                )
            })
            .collect();
        emit(
            format!("docs-{index}.js"),
            script("docs", index, &Chunk { topics, rows }),
        );
    });
}

fn script<T: Serialize + ?Sized>(kind: &str, index: usize, data: &T) -> String {
    let json = serde_json::to_string(data).expect("index data serializes");
    format!("kbgenSearch.add(\"{kind}\",{index},{json});\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// The cases search.js must pass too (tests/e2e runs them in node).
    #[test]
    fn shared_token_cases() {
        let cases: Vec<(String, Vec<String>)> =
            serde_json::from_str(include_str!("../../../tests/search/tokens.json")).unwrap();
        for (text, expected) in cases {
            assert_eq!(tokens(&text), expected, "{text}");
        }
    }

    /// The ASCII path gives what the general path gives, on tricky and on generated text.
    #[test]
    fn ascii_path_agrees_with_the_general_path() {
        let mut texts: Vec<String> = [
            "ServiceDeskHttpBadRequestException: StatusCode=429",
            "x_mioms_microsoft_oms_incident __a_ a_bc AB12cd 0x80070005 8007000E",
            "ab_ _ab a__b 9a 9A a9 A9 aB Ab ABc abC I/O e.g. (429) 'quoted' -",
        ]
        .map(str::to_string)
        .to_vec();
        let alphabet = b"aZ_9-.:/= (bQ7";
        let mut seed: u64 = 7;
        for _ in 0..2000 {
            let mut text = String::new();
            for _ in 0..(seed % 23) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push(alphabet[(seed >> 33) as usize % alphabet.len()] as char);
            }
            texts.push(text);
        }
        for text in texts {
            assert_eq!(tokens(&text), tokens_by_characters(&text), "{text:?}");
        }
    }

    #[test]
    fn cjk_characters_have_no_case() {
        for c in (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| is_cjk(*c))
        {
            assert!(c.to_lowercase().eq([c]), "{c:?} has a lower case");
        }
    }

    /// Worked by hand: (doc 0, fields 2) -> 2 -> `C`; (doc 1, fields 3) -> 1*32+3 = 35 -> `j`
    /// (3, more) then `B`; (doc 40, fields 1) -> 39*32+1 = 1249 -> `h`, `n`, `B`.
    /// tests/e2e/site.mjs decodes the same string with search.js.
    #[test]
    fn postings_encode_as_documented() {
        let mut out = String::new();
        encode_postings(&[2, 1 << 5 | 3, 40 << 5 | 1], &mut out);
        assert_eq!(out, "CjBhnB");
    }

    /// Postings of every term in `files`, as written.
    fn terms(files: &[(String, String)]) -> BTreeMap<String, String> {
        let mut terms = BTreeMap::new();
        for (name, text) in files.iter().filter(|(n, _)| n.starts_with("terms-")) {
            let json = text.split_once(',').unwrap().1.split_once(',').unwrap().1;
            let json = json.trim_end().trim_end_matches(");");
            let shard: BTreeMap<String, String> = serde_json::from_str(json).expect(name);
            terms.extend(shard);
        }
        terms
    }

    #[test]
    fn a_term_in_most_documents_keeps_only_its_title_and_message_postings() {
        let documents: Vec<Document> = (0..COMMON_FROM_DOCS)
            .map(|n| Document {
                title: format!("Entry {n}"),
                code: (n == 7).then(|| "SkuNotAvailable".to_string()),
                topic: "Topic".into(),
                page: "en/topic/index.html".into(),
                anchor: format!("e{n}"),
                fields: vec![
                    (
                        FIELD_TITLE,
                        if n == 3 {
                            "Timeout".into()
                        } else {
                            format!("Entry{n}")
                        },
                    ),
                    (FIELD_CAUSES, "The connector timeout passed.".into()),
                    (
                        FIELD_RESOLUTION,
                        if n < 10 {
                            "Restart".into()
                        } else {
                            String::new()
                        },
                    ),
                ],
            })
            .collect();
        let terms = terms(&index_files(&documents));
        // Document 3, fields title + causes (1 | 4): 3 * 32 + 5 = 101 -> `l` (5, more), `D` (3).
        assert_eq!(terms["timeout"], "!lD");
        // In 10 documents of 100: kept whole, resolution (8) in documents 0 to 9.
        let mut restart = String::new();
        encode_postings(
            &(0..10).map(|d| d << 5 | 8).collect::<Vec<_>>(),
            &mut restart,
        );
        assert_eq!(terms["restart"], restart);
        assert!(!terms.contains_key("e3"), "anchors are not indexed");
        // The code of document 7, whole, in the other fields (16): 7 * 32 + 16 = 240.
        let mut code = String::new();
        encode_postings(&[7 << 5 | 16], &mut code);
        assert_eq!(terms["skunotavailable#"], code);
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
