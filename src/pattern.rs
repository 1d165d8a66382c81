//! Match patterns: an error message compiled into a regular expression that finds the message as
//! it really arrives: inside a log line, with other white space or line breaks, another case, a
//! trailing period or none.
//!
//! The pattern is written in the syntax that Rust's `regex`, Python's `re` and PCRE share:
//! literal text escaped, `(?P<name>...)` for the first occurrence of each placeholder, no
//! look-around, no back-references. It is meant to be searched for (not anchored) and matched
//! case-insensitively (`flags: "i"`). JavaScript needs `(?<name>` for `(?P<name>`.

use crate::message::{GroupKind, brace_groups};

/// A placeholder as the pattern needs it: its name and closed list of values, if any.
#[derive(Clone, Debug)]
pub struct PlaceholderSpec<'a> {
    pub name: &'a str,
    pub values: Vec<&'a str>,
}

impl<'a> PlaceholderSpec<'a> {
    /// The placeholders an entry declares.
    pub fn of(error: &'a crate::model::ErrorSpec) -> Vec<Self> {
        error
            .placeholders
            .iter()
            .map(|(name, p)| PlaceholderSpec {
                name: &name.value,
                values: p.values.iter().map(|v| v.value.as_str()).collect(),
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
    /// Lower-cased literal words of two characters or more: every match contains each of them.
    pub words: Vec<String>,
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
    /// A placeholder and its normalized closed values (empty: any text).
    Placeholder { name: String, values: Vec<String> },
}

/// The native form of a message (for [`crate::matcher::Matcher`]); `pattern` stays empty.
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
        words: Vec::new(),
    };
    let last = parts.len() - 1;
    for (index, piece) in parts.iter().enumerate() {
        match piece {
            Part::Literal(text) => {
                let text = if index == last { text.trim_end() } else { text };
                let (text, optional_period) = match text.strip_suffix('.') {
                    Some(rest) if index == last => (rest, true),
                    _ => (text, false),
                };
                literal(&mut compiled, text, with_regex);
                compiled.pieces.push(Piece::Literal(normalize(text).text));
                compiled.optional_period = optional_period;
                if optional_period {
                    compiled.pattern.push_str(r"\.?");
                    compiled.specificity += 1;
                }
            }
            Part::Placeholder(spec) => {
                compiled.pieces.push(Piece::Placeholder {
                    name: spec.name.to_string(),
                    values: spec.values.iter().map(|v| normalize(v).text).collect(),
                });
                let at_end = parts[index + 1..].iter().all(
                    |p| matches!(p, Part::Literal(t) if t.trim().trim_end_matches('.').is_empty()),
                );
                let body = if !spec.values.is_empty() {
                    spec.values
                        .iter()
                        .map(|v| whitespace_tolerant(v))
                        .collect::<Vec<_>>()
                        .join("|")
                } else if at_end {
                    // Nothing follows to stop a lazy match: take the rest of the word.
                    r"\S+?".to_string()
                } else {
                    ".+?".to_string()
                };
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
        compiled.pattern.clear();
    }
    compiled.words.sort();
    compiled.words.dedup();
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
            normalized.text.push(' ');
            normalized.origin.push(space);
        }
        for lower in c.to_lowercase() {
            let before = normalized.text.len();
            normalized.text.push(lower);
            normalized
                .origin
                .extend(std::iter::repeat_n(offset, normalized.text.len() - before));
        }
        previous_is_word = is_word(c);
    }
    normalized.origin.push(input.len());
    normalized
}

impl Compiled {
    /// Finds the message in `input` (already normalized) the way [`Compiled::pattern`] would,
    /// without a regular expression: the placeholder values, as written in `original`.
    pub fn find(&self, input: &Normalized, original: &str) -> Option<Vec<(String, String)>> {
        let Some(Piece::Literal(first)) = self.pieces.first() else {
            return None;
        };
        let text = input.text.as_str();
        let starts: Box<dyn Iterator<Item = usize>> = if first.is_empty() {
            Box::new(std::iter::once(0))
        } else {
            Box::new(text.match_indices(first.as_str()).map(|(at, _)| at))
        };
        for start in starts {
            let mut values = Vec::new();
            if self.rest(input, start + first.len(), 1, &mut values) {
                return Some(
                    values
                        .into_iter()
                        .map(|(name, range): (String, std::ops::Range<usize>)| {
                            let from = input.origin[range.start];
                            let to = input.origin[range.end - 1]
                                + original[input.origin[range.end - 1]..]
                                    .chars()
                                    .next()
                                    .map_or(0, char::len_utf8);
                            (name, original[from..to].to_string())
                        })
                        .collect(),
                );
            }
        }
        None
    }

    /// Matches pieces `index..` at `position`; pushes the placeholder ranges it takes.
    fn rest(
        &self,
        input: &Normalized,
        position: usize,
        index: usize,
        values: &mut Vec<(String, std::ops::Range<usize>)>,
    ) -> bool {
        let text = input.text.as_str();
        let Some(Piece::Placeholder {
            name,
            values: closed,
        }) = self.pieces.get(index)
        else {
            return true; // all pieces matched
        };
        let Some(Piece::Literal(next)) = self.pieces.get(index + 1) else {
            return false;
        };
        let is_last = index + 2 == self.pieces.len();
        // A separating space, if the input has one, belongs to neither side.
        let start = if text[position..].starts_with(' ') {
            position + 1
        } else {
            position
        };
        let try_value = |end: usize, values: &mut Vec<(String, std::ops::Range<usize>)>| -> bool {
            let value_end = if text[..end].ends_with(' ') {
                end - 1
            } else {
                end
            };
            if value_end <= start {
                return false;
            }
            values.push((name.clone(), start..value_end));
            if self.rest(input, end + next.len(), index + 2, values) {
                return true;
            }
            values.pop();
            false
        };
        if !closed.is_empty() {
            for value in closed {
                if text[start..].starts_with(value.as_str()) {
                    let end = start + value.len();
                    let after = if next.is_empty() || text[end..].starts_with(next.as_str()) {
                        Some(end)
                    } else if text[end..].starts_with(' ')
                        && text[end + 1..].starts_with(next.as_str())
                    {
                        Some(end + 1)
                    } else {
                        None
                    };
                    if let Some(after) = after
                        && try_value(after, values)
                    {
                        return true;
                    }
                }
            }
            return false;
        }
        if next.is_empty() {
            // Nothing follows: the value runs to the end of the word (the regex's `\S+?` up
            // to white space or the end), without a final period.
            let end = text[start..].find(' ').map_or(text.len(), |i| start + i);
            let end = if is_last && end > start + 1 && text[..end].ends_with('.') {
                end - 1
            } else {
                end
            };
            return try_value(end, values);
        }
        // The shortest value first, as the regex's lazy `.+?`.
        let mut from = start + 1;
        while let Some(found) = text.get(from..).and_then(|rest| rest.find(next.as_str())) {
            if try_value(from + found, values) {
                return true;
            }
            from += found + 1;
            while !text.is_char_boundary(from) {
                from += 1;
            }
        }
        false
    }
}

/// Appends literal text: escaped, white space runs as `\s+` between words and `\s*` elsewhere,
/// optional white space around punctuation.
fn literal(compiled: &mut Compiled, text: &str, with_regex: bool) {
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
            flush_word(compiled, &mut word);
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
        if is_word(c) {
            word.extend(c.to_lowercase());
        } else {
            flush_word(compiled, &mut word);
        }
        if with_regex {
            push_escaped(&mut compiled.pattern, c);
        }
        compiled.specificity += 1;
        i += 1;
    }
    flush_word(compiled, &mut word);
}

fn flush_word(compiled: &mut Compiled, word: &mut String) {
    if word.chars().count() >= 2 {
        compiled.words.push(std::mem::take(word));
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
            },
            PlaceholderSpec {
                name: "error_message",
                values: vec!["Target record not found", "Invalid table"],
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
            compiled.words,
            ["429", "servicedeskhttpbadrequestexception", "statuscode"]
        );
        assert_eq!(compiled.specificity, 49);
        assert!(regex(&compiled).is_match("servicedeskhttpbadrequestexception : StatusCode = 429"));
    }

    #[test]
    fn a_repeated_placeholder_is_captured_once() {
        let specs = [PlaceholderSpec {
            name: "a",
            values: vec![],
        }];
        let compiled = compile_with_regex("from {a} to {a} now", &specs);
        assert_eq!(compiled.groups, ["a"]);
        assert!(regex(&compiled).is_match("from x to y now"));
    }
}
