//! Match patterns: an error message compiled into a regular expression that finds the message as
//! it really arrives: inside a log line, with other white space or line breaks, another case, a
//! trailing period or none.
//!
//! The pattern is written in the syntax that Rust's `regex`, Python's `re` and PCRE share:
//! literal text escaped, `(?P<name>...)` for the first occurrence of each placeholder, no
//! look-around, no back-references. It is meant to be searched for (not anchored) and matched
//! case-insensitively (`flags: "i"`). JavaScript needs `(?<name>` for `(?P<name>`.

use crate::kb::message::{GroupKind, brace_groups};
use rustc_hash::FxHashSet;

pub use crate::kb::model::{DEFAULT_MAX_LENGTH, MAX_MAX_LENGTH};

/// The line length the worst case of a pattern is judged at: a long log line (64 KiB).
pub const HOSTILE_LINE: usize = 65_536;

/// The most steps a pattern may take, by [`Compiled::backtracking_cost`], on a hostile line of
/// [`HOSTILE_LINE`] characters: about 0.3 s in CPython's `re` (~30 ns a step measured here),
/// and the bound is loose (the measured worst cases stay 5-10 times below it).
pub const COST_BUDGET: u64 = 10_000_000;

/// A placeholder as the pattern needs it: its name, closed list of values, if any, and the
/// longest value it matches.
#[derive(Clone, Debug)]
pub struct PlaceholderSpec<'a> {
    pub name: &'a str,
    pub values: Vec<&'a str>,
    pub max_length: usize,
}

impl<'a> PlaceholderSpec<'a> {
    /// The placeholders an entry declares.
    pub fn of(error: &'a crate::kb::model::ErrorSpec) -> Vec<Self> {
        error
            .placeholders
            .iter()
            .map(|(name, p)| PlaceholderSpec {
                name: &name.value,
                values: p.values.iter().map(|v| v.value.as_str()).collect(),
                max_length: p.max_length(),
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Compiled {
    /// The portable regular expression, for consumers in other languages.
    pub pattern: String,
    /// The same message for kbgen's own matcher ([`Compiled::find`]): literal pieces in
    /// normalized form, and placeholders.
    pub pieces: Vec<Piece>,
    /// The last literal piece ended with a period, which a match may omit.
    pub optional_period: bool,
    /// The placeholder names, in the order of their capture groups.
    pub groups: Vec<String>,
    /// Literal characters (white space excepted): the more, the more specific the message.
    pub specificity: usize,
    /// Lower-cased literal words of two characters or more, sorted, once each, separated by
    /// spaces (one allocation: a matcher holds one `Compiled` per message): every match contains
    /// each of them. See [`Compiled::words`].
    words: String,
}

impl Compiled {
    /// The literal words of the message (see the field).
    pub fn words(&self) -> impl Iterator<Item = &str> {
        self.words.split(' ').filter(|w| !w.is_empty())
    }

    /// Drops the words once they have served (the matcher keys on them, then needs only the
    /// pieces).
    pub fn forget_words(&mut self) {
        self.words = String::new();
    }
}

enum Part<'a> {
    Literal(&'a str),
    Placeholder(&'a PlaceholderSpec<'a>),
}

/// A part of a message for the native matcher.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    /// Normalized literal text ([`normalize`]); may be empty.
    Literal(String),
    /// A placeholder and its normalized closed values (empty: any text of at most
    /// `max_length` characters).
    Placeholder {
        name: String,
        values: Vec<String>,
        max_length: usize,
    },
}

/// The native form of a message (for [`crate::matching::matcher::Matcher`]); `pattern` stays empty.
pub fn compile(message: &str, placeholders: &[PlaceholderSpec]) -> Compiled {
    compile_impl(message, placeholders, false)
}

/// The native form and the portable regular expression (for the catalog).
pub fn compile_with_regex(message: &str, placeholders: &[PlaceholderSpec]) -> Compiled {
    compile_impl(message, placeholders, true)
}

fn compile_impl(message: &str, placeholders: &[PlaceholderSpec], with_regex: bool) -> Compiled {
    let mut parts = Vec::new();
    let mut position = 0;
    for group in brace_groups(message) {
        if group.kind != GroupKind::Name {
            continue;
        }
        let Some(spec) = placeholders.iter().find(|p| p.name == group.inner) else {
            continue; // undeclared: literal text (and a diagnostic of its own)
        };
        parts.push(Part::Literal(&message[position..group.range.start]));
        parts.push(Part::Placeholder(spec));
        position = group.range.end;
    }
    parts.push(Part::Literal(&message[position..]));

    let mut compiled = Compiled {
        pattern: String::with_capacity(if with_regex { message.len() * 2 } else { 0 }),
        pieces: Vec::new(),
        optional_period: false,
        groups: Vec::new(),
        specificity: 0,
        words: String::new(),
    };
    let mut words: Vec<String> = Vec::new();
    let last = parts.len() - 1;
    for (index, piece) in parts.iter().enumerate() {
        match piece {
            Part::Literal(text) => {
                let text = if index == last { text.trim_end() } else { text };
                let (text, optional_period) = match text.strip_suffix('.') {
                    Some(rest) if index == last => (rest, true),
                    _ => (text, false),
                };
                literal(&mut compiled, &mut words, text, with_regex);
                compiled.pieces.push(Piece::Literal(normalized_text(text)));
                compiled.optional_period = optional_period;
                if optional_period {
                    compiled.pattern.push_str(r"\.?");
                    compiled.specificity += 1;
                }
            }
            Part::Placeholder(spec) => {
                compiled.pieces.push(Piece::Placeholder {
                    name: spec.name.to_string(),
                    values: spec.values.iter().map(|v| normalized_text(v)).collect(),
                    max_length: spec.max_length,
                });
                let at_end = parts[index + 1..].iter().all(
                    |p| matches!(p, Part::Literal(t) if t.trim().trim_end_matches('.').is_empty()),
                );
                let leading =
                    index == 1 && matches!(parts[0], Part::Literal(t) if t.trim().is_empty());
                let max = spec.max_length;
                let body = if !spec.values.is_empty() {
                    spec.values
                        .iter()
                        .map(|v| whitespace_tolerant(v))
                        .collect::<Vec<_>>()
                        .join("|")
                } else if at_end || leading {
                    // Nothing stops a lazy match on one side: the value is one word.
                    format!(r"\S{{1,{max}}}?")
                } else {
                    format!(".{{1,{max}}}?")
                };
                if leading {
                    // A message that starts with a placeholder starts at a word: a search that
                    // tried every position inside a long word would be quadratic.
                    compiled.pattern.push_str(r"(?:^|\s)");
                }
                if compiled.groups.iter().any(|g| g == spec.name) {
                    compiled.pattern.push_str(&format!("(?:{body})"));
                } else {
                    compiled
                        .pattern
                        .push_str(&format!("(?P<{}>{body})", spec.name));
                    compiled.groups.push(spec.name.to_string());
                }
                if at_end && spec.values.is_empty() {
                    compiled.pattern.push_str(r"(?:\.?(?:\s|$))");
                }
            }
        }
    }
    if !with_regex {
        // Released, not just emptied: a matcher holds one `Compiled` per message.
        compiled.pattern = String::new();
    }
    words.sort();
    words.dedup();
    compiled.words = words.join(" ");
    compiled
}

/// Text in the form the native matcher compares: lower-cased; white space kept as one space
/// between two word characters and dropped elsewhere (`StatusCode = 429` and `statuscode=429`
/// are the same). `origin[i]` is the byte offset in the original text of the byte `i`.
#[derive(Debug, PartialEq)]
pub struct Normalized {
    pub text: String,
    pub origin: Vec<usize>,
}

pub fn normalize(input: &str) -> Normalized {
    let mut normalized = Normalized {
        text: String::with_capacity(input.len()),
        origin: Vec::with_capacity(input.len() + 1),
    };
    normalize_into(input, &mut normalized.text, Some(&mut normalized.origin));
    normalized.origin.push(input.len());
    normalized
}

/// [`normalize`]'s text alone: what a pattern keeps of its literal parts and values.
fn normalized_text(input: &str) -> String {
    let mut text = String::with_capacity(input.len());
    normalize_into(input, &mut text, None);
    text
}

fn normalize_into(input: &str, text: &mut String, mut origin: Option<&mut Vec<usize>>) {
    let mut pending_space: Option<usize> = None;
    let mut previous_is_word = false;
    for (offset, c) in input.char_indices() {
        if c.is_whitespace() {
            if previous_is_word && pending_space.is_none() {
                pending_space = Some(offset);
            }
            continue;
        }
        if let Some(space) = pending_space.take()
            && is_word(c)
        {
            text.push(' ');
            if let Some(origin) = origin.as_mut() {
                origin.push(space);
            }
        }
        if c.is_ascii() {
            // Most of a message: one byte in, one byte out.
            text.push(c.to_ascii_lowercase());
            if let Some(origin) = origin.as_mut() {
                origin.push(offset);
            }
            previous_is_word = is_word(c);
            continue;
        }
        for lower in c.to_lowercase() {
            let before = text.len();
            text.push(lower);
            if let Some(origin) = origin.as_mut() {
                origin.extend(std::iter::repeat_n(offset, text.len() - before));
            }
        }
        previous_is_word = is_word(c);
    }
}

/// Placeholder values found so far: name and range in the normalized input.
type Values = Vec<(String, std::ops::Range<usize>)>;

/// The state of one search: (position, piece) pairs known to fail, so that no state is tried
/// twice and a search costs O(input x pieces x max_length) whatever the input.
struct Search<'a> {
    input: &'a Normalized,
    original: &'a str,
    failed: FxHashSet<(usize, usize)>,
    /// Placeholder values tried: the work done, which tests bound.
    tries: usize,
}

impl Compiled {
    /// Finds the message in `input` (already normalized) the way [`Compiled::pattern`] would,
    /// without a regular expression: the placeholder values, as written in `original`. Time is
    /// linear in the input's length.
    pub fn find(&self, input: &Normalized, original: &str) -> Option<Vec<(String, String)>> {
        let mut search = Search {
            input,
            original,
            failed: FxHashSet::default(),
            tries: 0,
        };
        self.search(&mut search)
    }

    fn search(&self, search: &mut Search) -> Option<Vec<(String, String)>> {
        let Some(Piece::Literal(first)) = self.pieces.first() else {
            return None;
        };
        let (input, original) = (search.input, search.original);
        let text = input.text.as_str();
        let mut values = Values::new();
        let found = if first.is_empty() {
            // A message that starts with a placeholder: its value starts at a word.
            (0..text.len())
                .filter(|&at| text.is_char_boundary(at) && starts_word(input, original, at))
                .any(|at| self.rest(search, at, 1, &mut values))
        } else {
            text.match_indices(first.as_str())
                .any(|(at, _)| self.rest(search, at + first.len(), 1, &mut values))
        };
        found.then(|| {
            values
                .into_iter()
                .map(|(name, range)| (name, original_text(input, original, range).to_string()))
                .collect()
        })
    }

    /// Matches pieces `index..` at `position`; pushes the placeholder ranges it takes.
    fn rest(
        &self,
        search: &mut Search,
        position: usize,
        index: usize,
        values: &mut Values,
    ) -> bool {
        let Some(Piece::Placeholder {
            name,
            values: closed,
            max_length,
        }) = self.pieces.get(index)
        else {
            return true; // all pieces matched
        };
        let Some(Piece::Literal(next)) = self.pieces.get(index + 1) else {
            return false;
        };
        if search.failed.contains(&(position, index)) {
            return false;
        }
        let found = self.placeholder(
            search,
            position,
            index,
            (name, closed, *max_length),
            next,
            values,
        );
        if !found {
            search.failed.insert((position, index));
        }
        found
    }

    fn placeholder(
        &self,
        search: &mut Search,
        position: usize,
        index: usize,
        (name, closed, max_length): (&String, &Vec<String>, usize),
        next: &str,
        values: &mut Values,
    ) -> bool {
        let (input, original) = (search.input, search.original);
        let text = input.text.as_str();
        let is_last = index + 2 == self.pieces.len();
        // One word: after the last literal (nothing stops the value) or before the first.
        let leading =
            index == 1 && matches!(self.pieces.first(), Some(Piece::Literal(l)) if l.is_empty());
        let one_word = next.is_empty() || leading;
        // A separating space, if the input has one, belongs to neither side.
        let start = if text[position..].starts_with(' ') {
            position + 1
        } else {
            position
        };
        // Normalized text is lower-cased, which can lengthen a character: bound the scan
        // generously in bytes, and check the length exactly in characters.
        let window_end = ceil_char_boundary(text, start + max_length * 12);
        let try_value = |end: usize, search: &mut Search, values: &mut Values| -> bool {
            search.tries += 1;
            let value_end = if text[..end].ends_with(' ') {
                end - 1
            } else {
                end
            };
            if value_end <= start {
                return false;
            }
            let written = original_text(input, original, start..value_end);
            let fits = written.chars().count() <= max_length
                && !written.contains('\n')
                && (!one_word || !closed.is_empty() || !written.contains(char::is_whitespace));
            if !fits {
                return false;
            }
            values.push((name.clone(), start..value_end));
            if self.rest(search, end + next.len(), index + 2, values) {
                return true;
            }
            values.pop();
            false
        };
        if !closed.is_empty() {
            for value in closed {
                if text[start..].starts_with(value.as_str()) {
                    let end = start + value.len();
                    let after = if next.is_empty() || text[end..].starts_with(next) {
                        Some(end)
                    } else if text[end..].starts_with(' ') && text[end + 1..].starts_with(next) {
                        Some(end + 1)
                    } else {
                        None
                    };
                    if let Some(after) = after
                        && try_value(after, search, values)
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        if next.is_empty() {
            // Nothing follows: the value runs to the end of the word (the regex's `\S{1,n}?`
            // up to white space or the end), without a final period.
            let end = text[start..window_end]
                .find(' ')
                .map_or(window_end, |i| start + i);
            let end = if is_last && end > start + 1 && text[..end].ends_with('.') {
                end - 1
            } else {
                end
            };
            return try_value(end, search, values);
        }
        // The shortest value first, as the regex's lazy `.{1,n}?`; only within the window,
        // so that a literal that never comes is not searched for to the end of the line.
        let search_end = ceil_char_boundary(text, window_end + next.len());
        // A value is at least one character, which may be several bytes long.
        let mut from = ceil_char_boundary(text, start + 1);
        while from <= window_end
            && let Some(found) = text.get(from..search_end).and_then(|rest| rest.find(next))
        {
            if try_value(from + found, search, values) {
                return true;
            }
            from += found + 1;
            while !text.is_char_boundary(from) {
                from += 1;
            }
        }
        false
    }

    /// A bound on the steps a backtracking regex engine takes to search [`Compiled::pattern`]
    /// in a line of `len` characters built to be slow: every start where the first literal
    /// could match, times every way each placeholder can end before the next literal.
    pub fn backtracking_cost(&self, len: usize) -> u64 {
        let len = len as u64;
        let Some(Piece::Literal(first)) = self.pieces.first() else {
            return len;
        };
        let (starts, mut leading) = if first.is_empty() {
            (len / 2, true) // one start per word, and a word is scanned once
        } else {
            (len / period(first), false)
        };
        let mut ways: u64 = 1;
        let mut per_start: u64 = first.chars().count() as u64;
        for pair in self.pieces[1..].chunks(2) {
            let [
                Piece::Placeholder {
                    values, max_length, ..
                },
                Piece::Literal(next),
            ] = pair
            else {
                continue;
            };
            let next_len = next.chars().count() as u64;
            let max = *max_length as u64;
            let (scan, ends) = if !values.is_empty() {
                let scan: u64 = values.iter().map(|v| v.chars().count() as u64).sum();
                (scan, values.len() as u64)
            } else if next.is_empty() {
                (2 * max, max)
            } else {
                (max, max.div_ceil(period(next)))
            };
            let scan = if std::mem::take(&mut leading) {
                0
            } else {
                scan
            };
            per_start = per_start.saturating_add(
                ways.saturating_mul(scan.saturating_add(ends.saturating_mul(next_len))),
            );
            ways = ways.saturating_mul(ends);
        }
        len.saturating_add(starts.saturating_mul(per_start))
    }
}

/// The first char boundary of `text` at or after `at`, or its length.
fn ceil_char_boundary(text: &str, at: usize) -> usize {
    (at..text.len())
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(text.len())
}

/// The smallest period of `text` (in characters): how densely it can repeat in a line.
fn period(text: &str) -> u64 {
    let chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return 1;
    }
    // The failure function of Knuth-Morris-Pratt: the longest proper border of each prefix.
    let mut border = vec![0usize; chars.len()];
    let mut k = 0;
    for i in 1..chars.len() {
        while k > 0 && chars[i] != chars[k] {
            k = border[k - 1];
        }
        if chars[i] == chars[k] {
            k += 1;
        }
        border[i] = k;
    }
    (chars.len() - border[chars.len() - 1]) as u64
}

/// Whether normalized position `at` starts a word of the original: the input's start, or just
/// after white space.
fn starts_word(input: &Normalized, original: &str, at: usize) -> bool {
    let offset = input.origin[at];
    offset == 0
        || original[..offset]
            .chars()
            .next_back()
            .is_some_and(char::is_whitespace)
}

/// The original text of a normalized range.
fn original_text<'a>(
    input: &Normalized,
    original: &'a str,
    range: std::ops::Range<usize>,
) -> &'a str {
    let from = input.origin[range.start];
    let last = input.origin[range.end - 1];
    let to = last + original[last..].chars().next().map_or(0, char::len_utf8);
    &original[from..to]
}

/// Appends literal text: escaped, white space runs as `\s+` between words and `\s*` elsewhere,
/// optional white space around punctuation.
fn literal(compiled: &mut Compiled, words: &mut Vec<String>, text: &str, with_regex: bool) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    let mut word = String::new();
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            let start = i;
            while i < chars.len() && chars[i].is_whitespace() {
                i += 1;
            }
            let between_words =
                start > 0 && is_word(chars[start - 1]) && i < chars.len() && is_word(chars[i]);
            if with_regex {
                compiled
                    .pattern
                    .push_str(if between_words { r"\s+" } else { r"\s*" });
            }
            flush_word(words, &mut word);
            continue;
        }
        let previous = i.checked_sub(1).map(|p| chars[p]);
        if with_regex
            && let Some(previous) = previous
            && !previous.is_whitespace()
            && (!is_word(c) || !is_word(previous))
        {
            compiled.pattern.push_str(r"\s*");
        }
        if c.is_ascii_alphanumeric() {
            word.push(c.to_ascii_lowercase());
        } else if is_word(c) {
            word.extend(c.to_lowercase());
        } else {
            flush_word(words, &mut word);
        }
        if with_regex {
            push_escaped(&mut compiled.pattern, c);
        }
        compiled.specificity += 1;
        i += 1;
    }
    flush_word(words, &mut word);
}

fn flush_word(words: &mut Vec<String>, word: &mut String) {
    if word.chars().nth(1).is_some() {
        words.push(std::mem::take(word));
    }
    word.clear();
}

/// Escapes the metacharacters that Rust, Python, PCRE and JavaScript share, and nothing else
/// (JavaScript's unicode mode refuses needless escapes such as `\-`).
fn push_escaped(pattern: &mut String, c: char) {
    if "\\.+*?()|[]{}^$".contains(c) {
        pattern.push('\\');
    }
    pattern.push(c);
}

fn whitespace_tolerant(text: &str) -> String {
    let mut out = String::new();
    for (index, word) in text.split_whitespace().enumerate() {
        if index > 0 {
            out.push_str(r"\s+");
        }
        word.chars().for_each(|c| push_escaped(&mut out, c));
    }
    out
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

#[cfg(test)]
mod tests {
    use super::*;

    fn regex(compiled: &Compiled) -> regex::Regex {
        regex::RegexBuilder::new(&compiled.pattern)
            .case_insensitive(true)
            .build()
            .unwrap()
    }

    #[test]
    fn placeholders_become_named_groups_and_json_stays_literal() {
        let specs = [
            PlaceholderSpec {
                name: "import_set_id",
                values: vec![],
                max_length: DEFAULT_MAX_LENGTH,
            },
            PlaceholderSpec {
                name: "error_message",
                values: vec!["Target record not found", "Invalid table"],
                max_length: DEFAULT_MAX_LENGTH,
            },
        ];
        let compiled = compile_with_regex(
            r#"Response: { "import_set": "{import_set_id}", "error_message": "{error_message}" } ] }"#,
            &specs,
        );
        assert_eq!(compiled.groups, ["import_set_id", "error_message"]);
        let re = regex(&compiled);
        let caps = re
            .captures(r#"2022-02-23T10:00:00Z ERROR Response: {"import_set":"ISET0010234","error_message":"Invalid table"}]}"#)
            .expect("matches with other spacing, inside a log line");
        assert_eq!(&caps["import_set_id"], "ISET0010234");
        assert_eq!(&caps["error_message"], "Invalid table");
        assert!(
            !re.is_match(r#"Response: { "import_set": "X", "error_message": "Other text" } ] }"#)
        );
    }

    #[test]
    fn case_line_breaks_and_the_trailing_period_do_not_matter() {
        let specs = [PlaceholderSpec {
            name: "alertName",
            values: vec![],
            max_length: DEFAULT_MAX_LENGTH,
        }];
        let compiled =
            compile_with_regex("Could not create work item for alert {alertName}.", &specs);
        let re = regex(&compiled);
        let caps = re
            .captures("could not create\n  work item for ALERT cpu-high-01")
            .unwrap();
        assert_eq!(&caps["alertName"], "cpu-high-01");
        let caps = re
            .captures("Could not create work item for alert cpu-high-01. Retrying")
            .unwrap();
        assert_eq!(&caps["alertName"], "cpu-high-01");
        assert!(!re.is_match("Could not create item for alert x."));
    }

    #[test]
    fn words_and_specificity() {
        let compiled =
            compile_with_regex("ServiceDeskHttpBadRequestException: StatusCode=429", &[]);
        assert_eq!(
            compiled.words().collect::<Vec<_>>(),
            ["429", "servicedeskhttpbadrequestexception", "statuscode"]
        );
        assert_eq!(compiled.specificity, 49);
        assert!(regex(&compiled).is_match("servicedeskhttpbadrequestexception : StatusCode = 429"));
    }

    fn open(name: &str, max_length: usize) -> PlaceholderSpec<'_> {
        PlaceholderSpec {
            name,
            values: vec![],
            max_length,
        }
    }

    /// Placeholder values tried to find `compiled` in `line`: the matcher's work.
    fn work(compiled: &Compiled, line: &str) -> usize {
        let input = normalize(line);
        let mut search = Search {
            input: &input,
            original: line,
            failed: FxHashSet::default(),
            tries: 0,
        };
        assert!(compiled.search(&mut search).is_none());
        search.tries
    }

    #[test]
    fn matching_work_is_linear_in_the_line_on_hostile_input() {
        let specs = [open("alertName", 128), open("connection", 128)];
        let compiled = compile(
            "Could not create/update work item for alert {alertName}. ITSM Connector \
             {connection} does not exist or was deleted.",
            &specs,
        );
        let unit = "Could not create/update work item for alert x. ITSM Connector ";
        let works: Vec<usize> = [1_000, 4_000, 16_000]
            .iter()
            .map(|copies| work(&compiled, &unit.repeat(*copies)))
            .collect();
        // Each copy of the prefix costs the same, whatever the line's length: it was ~n^2.7.
        let per_copy: Vec<usize> = works
            .iter()
            .zip([1_000, 4_000, 16_000])
            .map(|(work, copies)| work / copies)
            .collect();
        assert!(per_copy[2] <= per_copy[0] + 1, "{works:?}");
        assert!(per_copy[0] <= 32, "{works:?}");
    }

    #[test]
    fn a_value_longer_than_max_length_does_not_match_in_either_matcher() {
        let specs = [open("id", 5)];
        let compiled = compile_with_regex("Resource {id} not found.", &specs);
        for (line, expected) in [
            ("Resource abcde not found.", Some("abcde")),
            ("Resource abcdef not found.", None),
        ] {
            let native = compiled.find(&normalize(line), line);
            let native = native.map(|values| values[0].1.clone());
            assert_eq!(native.as_deref(), expected, "{line}");
            let regex = regex(&compiled).captures(line).map(|c| c["id"].to_string());
            assert_eq!(regex.as_deref(), expected, "{line}");
        }
        assert!(
            compiled.pattern.contains("(?P<id>.{1,5}?)"),
            "{}",
            compiled.pattern
        );
    }

    #[test]
    fn a_message_that_starts_with_a_placeholder_starts_at_a_word() {
        let specs = [open("code", DEFAULT_MAX_LENGTH)];
        let compiled = compile_with_regex("{code}: request failed", &specs);
        let line = "2026-11-27 ERROR E4242: request failed";
        let native = compiled.find(&normalize(line), line).unwrap();
        assert_eq!(native, [("code".to_string(), "E4242".to_string())]);
        assert_eq!(&regex(&compiled).captures(line).unwrap()["code"], "E4242");
        // A long word without the message costs one pass, not one per position.
        assert!(work(&compiled, &"x".repeat(100_000)) <= 1);
    }

    #[test]
    fn costs_of_real_and_hostile_shapes() {
        let two = [open("alertName", 128), open("connection", 128)];
        let connector = compile(
            "Could not create/update work item for alert {alertName}. ITSM Connector \
             {connection} does not exist or was deleted.",
            &two,
        );
        assert!(connector.backtracking_cost(HOSTILE_LINE) < COST_BUDGET);
        let three = [open("a", 128), open("b", 128), open("c", 128)];
        let crowded = compile("Failed: {a} {b} {c}", &three);
        assert!(crowded.backtracking_cost(HOSTILE_LINE) > COST_BUDGET);
        assert_eq!(
            compile("literal text only", &[]).backtracking_cost(1000),
            1000 + 1000 / 17 * 17
        );
        assert_eq!(period("abcabc"), 3);
        assert_eq!(period("aaaa"), 1);
        assert_eq!(period("abcd"), 4);
    }

    #[test]
    fn windows_end_on_character_boundaries() {
        // Found by the `matcher` fuzz target: a window that ended inside a Greek letter.
        let compiled = compile("a {x}", &[open("x", 1)]);
        let line = "a ιιιιιι";
        assert!(compiled.find(&normalize(line), line).is_none());
        let compiled = compile("a {x} b", &[open("x", 1)]);
        let line = "a ι b";
        let found = compiled.find(&normalize(line), line).unwrap();
        assert_eq!(found, [("x".to_string(), "ι".to_string())]);
    }

    #[test]
    fn a_repeated_placeholder_is_captured_once() {
        let specs = [PlaceholderSpec {
            name: "a",
            values: vec![],
            max_length: DEFAULT_MAX_LENGTH,
        }];
        let compiled = compile_with_regex("from {a} to {a} now", &specs);
        assert_eq!(compiled.groups, ["a"]);
        assert!(regex(&compiled).is_match("from x to y now"));
    }
}
