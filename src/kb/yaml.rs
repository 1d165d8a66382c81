//! A fast path for reading KB files: serde straight over the YAML parser's events.
//!
//! serde-saphyr reads every file `check` accepts, with aliases, merge keys, tags, implicit
//! typing and its budget, at a price: half of a build was spent in it. Most KB files use none
//! of that: mappings, sequences and strings. [`from_str`] reads those, with the same parser and
//! its options, and gives up (`None`) at the first thing it does not handle exactly as
//! serde-saphyr would: an anchor, alias or tag, a duplicate key, a plain scalar that YAML could
//! read as a number, boolean or null, any error. The caller then parses the file with
//! serde-saphyr, whose value and diagnostics stay the reference; the fuzz target `yaml` checks
//! that whatever this path returns, serde-saphyr returns too.

use granit_parser::{Event, Parser, ScalarStyle, Span};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use std::borrow::Cow;
use std::fmt;

/// The name [`crate::kb::model::Spanned`] asks for; answered with the value's position.
pub const SPANNED: &str = "kbgen::Spanned";

/// The fields of the map this path gives a `Spanned` value: its position, then the value.
pub const SPANNED_FIELDS: &[&str] = &["at", "value"];

/// serde-saphyr's limits that a file within `MAX_FILE_BYTES` can reach, kept a little lower
/// so that this path never accepts what the budget would refuse.
const MAX_DEPTH: usize = 60;
const MAX_EVENTS: usize = 200_000;

/// The document as `T`, or `None` where serde-saphyr must decide.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Option<T> {
    let mut reader = Reader::new(text);
    reader.expect_start()?;
    let value = T::deserialize(&mut reader).ok()?;
    reader.expect_end()?;
    Some(value)
}

/// The document as `T` read by serde-saphyr with kbgen's options: the reference, and the
/// diagnostics.
pub fn with_serde_saphyr<T: DeserializeOwned>(
    text: &str,
) -> std::result::Result<T, serde_saphyr::Error> {
    serde_saphyr::from_str_with_options(text, options())
}

fn options() -> serde_saphyr::Options {
    let mut options = serde_saphyr::Options::default();
    // `country: no` must stay text: YAML 1.1 booleans are a classic trap.
    options.strict_booleans = true;
    // `code: 429` and `fingerprint: 33804298` are numbers in YAML and in the JSON Schema's
    // eyes: refused where text is expected, so that `check` and the schemas agree.
    options.no_schema = true;
    // kbgen renders its own snippets, with the KB-relative path.
    options.with_snippet = false;
    options
}

/// Where the events come from: the hand scanner of the KB's subset of YAML, or the parser.
enum Events<'a> {
    Scanned(std::vec::IntoIter<(Event<'a>, Span)>),
    Parsed(Box<Parser<'a, granit_parser::StrInput<'a>>>),
}

/// The events with one of lookahead.
struct Reader<'a> {
    events_from: Events<'a>,
    peeked: Option<(Event<'a>, Span)>,
    depth: usize,
    events: usize,
}

/// Why this path gave up; never shown (serde-saphyr then reports).
#[derive(Debug)]
struct GiveUp;

impl fmt::Display for GiveUp {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("left to serde-saphyr")
    }
}

impl std::error::Error for GiveUp {}

impl de::Error for GiveUp {
    fn custom<T: fmt::Display>(_: T) -> Self {
        GiveUp
    }
}

type Result<T> = std::result::Result<T, GiveUp>;

impl<'a> Reader<'a> {
    fn new(text: &'a str) -> Self {
        let events_from = match super::yaml_subset::events(text) {
            Some(events) => Events::Scanned(events.into_iter()),
            None => {
                // serde-saphyr's parser options (its `Budget::parser_options`, default budget).
                let options = granit_parser::options! {
                    simple_key_max_lookahead: 1024,
                    flow_nesting_limit: 255,
                    block_nesting_limit: granit_parser::Options::default().block_nesting_limit.max(65),
                    emit_comments: false,
                };
                Events::Parsed(Box::new(Parser::new_from_str_with_options(text, options)))
            }
        };
        Reader {
            events_from,
            peeked: None,
            depth: 0,
            events: 0,
        }
    }

    fn peek(&mut self) -> Result<&(Event<'a>, Span)> {
        if self.peeked.is_none() {
            let (event, span) = match &mut self.events_from {
                Events::Scanned(events) => events.next().ok_or(GiveUp)?,
                Events::Parsed(parser) => parser.next().ok_or(GiveUp)?.map_err(|_| GiveUp)?,
            };
            self.events += 1;
            let plain_node = match &event {
                Event::Scalar(_, _, anchor, tag)
                | Event::SequenceStart(_, anchor, tag)
                | Event::MappingStart(_, anchor, tag) => *anchor == 0 && tag.is_none(),
                Event::SequenceEnd
                | Event::MappingEnd
                | Event::StreamStart
                | Event::StreamEnd
                | Event::DocumentEnd => true,
                Event::DocumentStart(_, version) => version.is_none(),
                _ => false,
            };
            if !plain_node || self.events > MAX_EVENTS || span.start.byte_offset().is_none() {
                return Err(GiveUp);
            }
            self.peeked = Some((event, span));
        }
        Ok(self.peeked.as_ref().expect("just filled"))
    }

    fn next(&mut self) -> Result<(Event<'a>, Span)> {
        self.peek()?;
        Ok(self.peeked.take().expect("just peeked"))
    }

    fn expect_start(&mut self) -> Option<()> {
        matches!(self.next().ok()?.0, Event::StreamStart).then_some(())?;
        matches!(self.next().ok()?.0, Event::DocumentStart(..)).then_some(())
    }

    /// One document and nothing after it.
    fn expect_end(&mut self) -> Option<()> {
        matches!(self.next().ok()?.0, Event::DocumentEnd).then_some(())?;
        matches!(self.next().ok()?.0, Event::StreamEnd).then_some(())
    }

    /// The next scalar, when it is one that reads the same as text under every YAML schema.
    fn text(&mut self) -> Result<Cow<'a, str>> {
        match self.next()? {
            (Event::Scalar(value, style, ..), _)
                if style != ScalarStyle::Plain || is_plain_text(&value) =>
            {
                Ok(value)
            }
            _ => Err(GiveUp),
        }
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(GiveUp);
        }
        Ok(())
    }
}

/// A plain scalar that no YAML schema reads as anything but a string: not empty, not starting
/// like a number (`429`, `-1`, `.5`, `+1`, `0x1F`), not a boolean or null spelling of YAML 1.1
/// or 1.2 (`no`, `True`, `~`, `null`), not a merge key. Conservative: `4xx errors` is text,
/// and left to serde-saphyr all the same.
fn is_plain_text(value: &str) -> bool {
    const WORDS: &[&str] = &[
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "nan", "inf",
    ];
    let Some(first) = value.chars().next() else {
        return false;
    };
    !(first.is_ascii_digit()
        || matches!(first, '+' | '-' | '.' | '~' | '<' | '=' | '_')
        || WORDS.iter().any(|w| value.eq_ignore_ascii_case(w))
        || value.trim() != value)
}

/// The position of a node as [`crate::kb::model::Position`] takes it: byte offset and length,
/// 1-based line and column (serde-saphyr's `location_from_span`).
fn position(span: &Span) -> [u32; 4] {
    let narrow = |n: usize| u32::try_from(n).unwrap_or(u32::MAX - 1);
    let start = span.start.byte_offset().unwrap_or(0);
    let end = span.end.byte_offset().unwrap_or(start);
    [
        narrow(start),
        narrow(end.saturating_sub(start)),
        narrow(span.start.line()),
        narrow(span.start.col() + 1),
    ]
}

impl<'de> de::Deserializer<'de> for &mut Reader<'_> {
    type Error = GiveUp;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value> {
        Err(GiveUp)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            (Event::Scalar(value, ScalarStyle::Plain, ..), _) if value == "true" => {
                visitor.visit_bool(true)
            }
            (Event::Scalar(value, ScalarStyle::Plain, ..), _) if value == "false" => {
                visitor.visit_bool(false)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.next()? {
            (Event::Scalar(value, ScalarStyle::Plain, ..), _)
                if !value.is_empty()
                    && value.len() < 19
                    && value.bytes().all(|b| b.is_ascii_digit())
                    && (value.len() == 1 || !value.starts_with('0')) =>
            {
                visitor.visit_u64(value.parse().map_err(|_| GiveUp)?)
            }
            _ => Err(GiveUp),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.text()? {
            Cow::Borrowed(text) => visitor.visit_str(text),
            // The parser grows unescaped text as it reads: give back what it did not use (a
            // KB keeps a million of these).
            Cow::Owned(mut text) => {
                text.shrink_to_fit();
                visitor.visit_string(text)
            }
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        visitor.visit_str(&self.text()?)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        // A null-like value is left to serde-saphyr; anything else is `Some`.
        match self.peek()? {
            (Event::Scalar(value, ScalarStyle::Plain, ..), _)
                if value.is_empty() || value == "~" || value.eq_ignore_ascii_case("null") =>
            {
                Err(GiveUp)
            }
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        if name != SPANNED {
            return Err(GiveUp);
        }
        let at = position(&self.peek()?.1);
        visitor.visit_map(SpannedAccess {
            reader: self,
            at: Some(at),
            value_done: false,
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if !matches!(self.next()?.0, Event::SequenceStart(..)) {
            return Err(GiveUp);
        }
        self.enter()?;
        let value = visitor.visit_seq(Items { reader: self })?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if !matches!(self.next()?.0, Event::MappingStart(..)) {
            return Err(GiveUp);
        }
        self.enter()?;
        let value = visitor.visit_map(Pairs {
            reader: self,
            keys: Keys::Few(Vec::new()),
        })?;
        self.depth -= 1;
        Ok(value)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u128 f32 f64 char bytes byte_buf unit unit_struct
        tuple tuple_struct enum ignored_any
    }
}

struct Items<'r, 'a> {
    reader: &'r mut Reader<'a>,
}

impl<'de> de::SeqAccess<'de> for Items<'_, '_> {
    type Error = GiveUp;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if matches!(self.reader.peek()?.0, Event::SequenceEnd) {
            self.reader.next()?;
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

struct Pairs<'r, 'a> {
    reader: &'r mut Reader<'a>,
    /// The keys read so far: a repeated key is serde-saphyr's to report.
    keys: Keys<'a>,
}

/// The keys of one mapping: a list while it is short (most mappings have a few keys), a hash
/// set beyond, so that a mapping of 100,000 keys is not 5 billion comparisons.
enum Keys<'a> {
    Few(Vec<Cow<'a, str>>),
    Many(rustc_hash::FxHashSet<Cow<'a, str>>),
}

impl<'a> Keys<'a> {
    const FEW: usize = 16;

    /// Adds `key`; false when it was there already.
    fn insert(&mut self, key: Cow<'a, str>) -> bool {
        match self {
            Keys::Few(keys) if keys.contains(&key) => false,
            Keys::Few(keys) if keys.len() < Self::FEW => {
                keys.push(key);
                true
            }
            Keys::Few(keys) => {
                let mut set: rustc_hash::FxHashSet<Cow<'a, str>> = keys.drain(..).collect();
                set.insert(key);
                *self = Keys::Many(set);
                true
            }
            Keys::Many(set) => set.insert(key),
        }
    }
}

impl<'de> de::MapAccess<'de> for Pairs<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let key = match self.reader.peek()? {
            (Event::MappingEnd, _) => {
                self.reader.next()?;
                return Ok(None);
            }
            (Event::Scalar(key, ..), _) => key.clone(),
            _ => return Err(GiveUp), // a collection as a key
        };
        if !self.keys.insert(key) {
            return Err(GiveUp);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        seed.deserialize(&mut *self.reader)
    }
}

/// `{at: [byte, len, line, column], value: ...}` for [`crate::kb::model::Spanned`].
struct SpannedAccess<'r, 'a> {
    reader: &'r mut Reader<'a>,
    at: Option<[u32; 4]>,
    value_done: bool,
}

impl<'de> de::MapAccess<'de> for SpannedAccess<'_, '_> {
    type Error = GiveUp;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        let key = if self.at.is_some() {
            SPANNED_FIELDS[0]
        } else if !self.value_done {
            SPANNED_FIELDS[1]
        } else {
            return Ok(None);
        };
        seed.deserialize(de::value::BorrowedStrDeserializer::new(key))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        if let Some(at) = self.at.take() {
            return seed.deserialize(de::value::SeqDeserializer::new(at.into_iter()));
        }
        self.value_done = true;
        seed.deserialize(&mut *self.reader)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::{from_str, with_serde_saphyr};
    use crate::kb::model::{
        EntryDoc, EntryTranslation, Glossary, KbSettings, KbTranslation, TopicDoc, TopicTranslation,
    };
    use serde::de::DeserializeOwned;
    use std::fmt::Debug;

    /// Whether the fast path read `text` as `T`; when it did, serde-saphyr must have read the
    /// very same value, positions included.
    pub(crate) fn agrees<T: DeserializeOwned + Debug>(text: &str, name: &str) -> bool {
        let Some(fast) = from_str::<T>(text) else {
            return false;
        };
        let reference = with_serde_saphyr::<T>(text).unwrap_or_else(|e| {
            panic!("{name}: the fast path read what serde-saphyr refuses: {e}")
        });
        assert_eq!(format!("{fast:?}"), format!("{reference:?}"), "{name}");
        true
    }

    /// Every type on `text`: how many the fast path read.
    fn agrees_as_any_document(text: &str, name: &str) -> usize {
        [
            agrees::<EntryDoc>(text, name),
            agrees::<EntryTranslation>(text, name),
            agrees::<TopicDoc>(text, name),
            agrees::<TopicTranslation>(text, name),
            agrees::<KbSettings>(text, name),
            agrees::<KbTranslation>(text, name),
            agrees::<Glossary>(text, name),
        ]
        .iter()
        .filter(|read| **read)
        .count()
    }

    /// Every YAML file under `folders` of the repository that is UTF-8 (some fixtures are
    /// not): its path and text.
    pub(crate) fn repository_yaml(folders: &[&str]) -> Vec<(String, String)> {
        let root = env!("CARGO_MANIFEST_DIR");
        let mut files = Vec::new();
        for folder in folders {
            for entry in walkdir::WalkDir::new(format!("{root}/{folder}")) {
                let entry = entry.unwrap();
                if entry.file_type().is_file()
                    && entry.path().extension().is_some_and(|e| e == "yaml")
                    && let Ok(text) = std::fs::read_to_string(entry.path())
                {
                    files.push((entry.path().display().to_string(), text));
                }
            }
        }
        files
    }

    #[test]
    fn reads_every_yaml_file_of_the_repository_as_serde_saphyr_does() {
        let files = repository_yaml(&["kb", "tests/fixtures"]);
        let fast = (files.iter())
            .filter(|(path, text)| agrees_as_any_document(text, path) > 0)
            .count();
        let files = files.len();
        eprintln!("{fast} of {files} files read by the fast path");
        assert!(files > 100 && fast * 2 > files, "{fast} of {files}");
    }

    #[test]
    fn reads_the_common_shape_with_positions() {
        let text = "title: 인증 실패\nerror:\n  messages:\n    - \"Access denied: {user}\"\n    - |\n      line one\n      line two\n  placeholders:\n    user:\n      description: 'the user'\n      max_length: 64\ncauses: [\"a\", b]\nresolution:\n  - >-\n    folded\n    text\n";
        let entry: EntryDoc = from_str(text).expect("the fast path reads it");
        assert_eq!(entry.title.value, "인증 실패");
        assert_eq!((entry.title.at.line, entry.title.at.column), (1, 8));
        assert_eq!(entry.error.messages.value[1].value, "line one\nline two\n");
        assert_eq!(agrees_as_any_document(text, "common shape"), 1);
    }

    #[test]
    fn leaves_to_serde_saphyr_what_it_does_not_read_exactly() {
        let entry = |rest: &str| {
            format!("title: T\nerror:\n  messages: [m]\ncauses: [c]\nresolution: [r]\n{rest}")
        };
        assert!(from_str::<EntryDoc>(&entry("")).is_some());
        for (why, text) in [
            ("a number where text goes", entry("tags: [429]")),
            ("a YAML 1.1 boolean", entry("tags: [no]")),
            ("a null", entry("tags: [~]")),
            ("an empty value", entry("tags:")),
            ("an anchor", entry("tags: [&a x]")),
            ("an alias", entry("tags: [&a x, *a]")),
            ("a tag", entry("tags: [!!str x]")),
            ("a duplicate key", entry("tags: [x]\ntags: [y]")),
            ("an unknown field", entry("cuases: [x]")),
            ("a merge key", "<<: {title: T}\n".to_string()),
            ("two documents", entry("---\ntitle: U\n")),
            ("a syntax error", entry("tags: [x")),
            ("a missing field", "title: T\n".to_string()),
        ] {
            assert!(from_str::<EntryDoc>(&text).is_none(), "{why}");
        }
        // Repeated keys are found in long mappings too (kept in a hash set there).
        type Table = std::collections::BTreeMap<String, String>;
        let many: String = (0..40).map(|i| format!("k{i}: v\n")).collect();
        assert!(from_str::<Table>(&many).is_some_and(|t| t.len() == 40));
        for repeated in ["k3", "k39"] {
            assert!(
                from_str::<Table>(&format!("{many}{repeated}: w\n")).is_none(),
                "{repeated}"
            );
        }
        let deep = format!("{}x{}", "[".repeat(100), "]".repeat(100));
        assert!(
            from_str::<Vec<serde::de::IgnoredAny>>(&deep).is_none(),
            "too deep"
        );
    }
}
