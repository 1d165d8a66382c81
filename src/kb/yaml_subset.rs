//! The part of YAML that KB files are written in, scanned by hand: a third of `check` was the
//! general parser.
//!
//! Block mappings with simple keys; block sequences, indented or not, whose items are scalars
//! or compact mappings; double-quoted, single-quoted and plain scalars on one line; literal
//! block scalars and folded ones of plain lines; flow sequences on one line; comments and blank
//! lines. [`events`] gives the parser's own events for those, with the very positions
//! granit-parser gives (tests compare them on every YAML file of the repository), and `None` at
//! anything else (a tab, a flow mapping, a key in quotes, a scalar over several lines, an
//! escape it does not know...): the general parser then reads the file.

use granit_parser::{Event, Marker, ScalarStyle, Span, StructureStyle};
use std::borrow::Cow;

/// A document's events with their spans, as granit-parser's `Parser` yields them.
pub(super) type Events<'a> = Vec<(Event<'a>, Span)>;

/// Deeper than any KB file: a limit on this scanner's own recursion.
const MAX_DEPTH: usize = 64;

/// The events of `text`, or `None` where it leaves the subset.
pub(super) fn events(text: &str) -> Option<Events<'_>> {
    if !plain_characters(text) {
        return None;
    }
    let mut scan = Scan {
        text,
        lines: lines(text)?,
        events: Vec::with_capacity(text.len() / 32),
        depth: 0,
    };
    let origin = Marker::new(0, 1, 0).with_byte_offset(Some(0));
    scan.push(Event::StreamStart, Span::empty(origin));
    scan.push(Event::DocumentStart(false, None), Span::empty(origin));
    let first = scan.content_line(0);
    let line = scan.lines.get(first)?;
    if line.indent != 0 {
        return None;
    }
    let after = scan.mapping(first, line.start, 0)?;
    if after != scan.lines.len() {
        return None;
    }
    let end = Span::empty(scan.end_of_text());
    scan.push(Event::DocumentEnd, end);
    scan.push(Event::StreamEnd, end);
    Some(scan.events)
}

/// No tab, carriage return, byte order mark, other control character, or line separator that a
/// YAML parser reads in its own way; and a final line break.
fn plain_characters(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.last() != Some(&b'\n') {
        return false;
    }
    // A byte that may start something refused; most chunks of text have none, and the test
    // of a whole chunk compiles to vector instructions.
    let suspicious = |byte: u8| {
        (byte < 0x20 && byte != b'\n')
            | (byte == 0x7f)
            | (byte == 0xc2)
            | (byte == 0xe2)
            | (byte == 0xef)
    };
    const CHUNK: usize = 64;
    for (index, chunk) in bytes.chunks(CHUNK).enumerate() {
        if !chunk
            .iter()
            .fold(false, |any, &byte| any | suspicious(byte))
        {
            continue;
        }
        for (offset, &byte) in chunk.iter().enumerate() {
            let at = index * CHUNK + offset;
            let refused = match byte {
                b'\n' => false,
                0..=0x1f | 0x7f => true,
                // U+0080 to U+009F (C1 controls, NEL among them)
                0xc2 => matches!(bytes.get(at + 1), Some(0x80..=0x9f)),
                // U+2028, U+2029
                0xe2 => {
                    bytes.get(at + 1) == Some(&0x80)
                        && matches!(bytes.get(at + 2), Some(0xa8 | 0xa9))
                }
                // U+FEFF, U+FFFE, U+FFFF
                0xef => matches!(
                    (bytes.get(at + 1), bytes.get(at + 2)),
                    (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
                ),
                _ => false,
            };
            if refused {
                return false;
            }
        }
    }
    true
}

/// A line of the text, without its line break.
struct Line {
    start: usize,
    end: usize,
    /// Leading spaces.
    indent: usize,
    /// 1-based.
    number: usize,
}

/// The lines, or `None` at a document marker or directive (`---`, `...`, `%YAML`).
fn lines(text: &str) -> Option<Vec<Line>> {
    let mut lines = Vec::with_capacity(text.len() / 40);
    let mut start = 0;
    for (index, line) in text[..text.len() - 1].split('\n').enumerate() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if indent == 0
            && (line.starts_with("---") || line.starts_with("...") || line.starts_with('%'))
        {
            return None;
        }
        lines.push(Line {
            start,
            end: start + line.len(),
            indent,
            number: index + 1,
        });
        start += line.len() + 1;
    }
    Some(lines)
}

struct Scan<'a> {
    text: &'a str,
    lines: Vec<Line>,
    events: Events<'a>,
    depth: usize,
}

impl<'a> Scan<'a> {
    fn push(&mut self, event: Event<'a>, span: Span) {
        self.events.push((event, span));
    }

    /// The position of byte `at` of line `line`; columns count characters, as the parser's do.
    fn mark(&self, line: usize, at: usize) -> Marker {
        let line_start = self.lines[line].start;
        let before = &self.text[line_start..at];
        let column = if before.is_ascii() {
            before.len()
        } else {
            before.chars().count()
        };
        Marker::new(at, self.lines[line].number, column).with_byte_offset(Some(at))
    }

    /// Where the parser stands at the end of the text (after its final line break).
    fn end_of_text(&self) -> Marker {
        Marker::new(self.text.len(), self.lines.len() + 1, 0)
            .with_byte_offset(Some(self.text.len()))
    }

    fn byte(&self, at: usize) -> u8 {
        self.text.as_bytes()[at]
    }

    /// The first line from `from` on that holds more than spaces or a comment; the number of
    /// lines where there is none.
    fn content_line(&self, from: usize) -> usize {
        (from..self.lines.len())
            .find(|&index| {
                let line = &self.lines[index];
                let first = line.start + line.indent;
                first < line.end && self.byte(first) != b'#'
            })
            .unwrap_or(self.lines.len())
    }

    /// After a node of a collection at `column` that ends before line `after`: the next line
    /// with content, and whether it is at the collection's column (a next key or item) rather
    /// than before it or at the end. `None` when it is indented deeper (a scalar continued, or
    /// an error), which this scanner leaves to the parser.
    fn next_at(&self, after: usize, column: usize) -> Option<(usize, bool)> {
        let next = self.content_line(after);
        match self.lines.get(next) {
            Some(line) if line.indent > column => None,
            Some(line) => Some((next, line.indent == column)),
            None => Some((next, false)),
        }
    }

    /// Whether line `line` is a block sequence item whose dash is at `at`.
    fn is_item(&self, line: usize, at: usize) -> bool {
        let end = self.lines[line].end;
        at < end && self.byte(at) == b'-' && (at + 1 == end || self.byte(at + 1) == b' ')
    }

    /// The end of a simple key starting at `at` (`name:` then a space or the line's end), or
    /// `None` when there is none.
    fn key_end(&self, line: usize, at: usize) -> Option<usize> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        if !bytes
            .get(at)
            .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
        {
            return None;
        }
        let mut key_end = at;
        while key_end < end
            && (bytes[key_end].is_ascii_alphanumeric()
                || matches!(bytes[key_end], b'_' | b'-' | b'.'))
        {
            key_end += 1;
        }
        (key_end < end
            && bytes[key_end] == b':'
            && (key_end + 1 == end || bytes[key_end + 1] == b' '))
            .then_some(key_end)
    }

    /// Whether the rest of line `line` from `at` is spaces, then perhaps a comment.
    fn only_comment_after(&self, line: usize, at: usize) -> bool {
        let end = self.lines[line].end;
        let rest = &self.text[at..end];
        let trimmed = rest.trim_start_matches(' ');
        trimmed.is_empty() || (trimmed.starts_with('#') && trimmed.len() < rest.len())
    }

    fn enter(&mut self) -> Option<()> {
        self.depth += 1;
        (self.depth <= MAX_DEPTH).then_some(())
    }

    /// A block mapping whose keys are at column `column`, the first at byte `at` of `line`.
    /// Returns the line after it.
    fn mapping(&mut self, mut line: usize, mut at: usize, column: usize) -> Option<usize> {
        self.enter()?;
        let start = self.mark(line, at);
        self.push(
            Event::MappingStart(StructureStyle::Block, 0, None),
            Span::empty(start),
        );
        let next = loop {
            let key_end = self.key_end(line, at)?;
            let span = Span::new(self.mark(line, at), self.mark(line, key_end));
            self.push(
                Event::Scalar(
                    Cow::Borrowed(&self.text[at..key_end]),
                    ScalarStyle::Plain,
                    0,
                    None,
                ),
                span,
            );
            let after = self.value(line, key_end + 1, column)?;
            let (next, continues) = self.next_at(after, column)?;
            if !continues {
                break next;
            }
            (line, at) = (next, self.lines[next].start + column);
        };
        self.push(Event::MappingEnd, Span::empty(start));
        self.depth -= 1;
        Some(next)
    }

    /// The value of a key of a mapping at `column`, from byte `at` of `line` (after the colon):
    /// on the same line, or a collection on the lines below. Returns the line after it.
    fn value(&mut self, line: usize, at: usize, column: usize) -> Option<usize> {
        if self.only_comment_after(line, at) {
            let below = self.content_line(line + 1);
            let next = self.lines.get(below)?;
            let first = next.start + next.indent;
            return if next.indent > column {
                if self.is_item(below, first) {
                    self.sequence(below, next.indent, false)
                } else {
                    self.mapping(below, first, next.indent)
                }
            } else if next.indent == column && self.is_item(below, first) {
                self.sequence(below, column, true)
            } else {
                None // an empty value: null
            };
        }
        let start = self.skip_spaces(at, self.lines[line].end);
        self.inline(line, start, column)
    }

    /// A block sequence whose dashes are at `column`, the first on `line`; `indentless` when it
    /// is a mapping's value at the mapping's own column. Returns the line after it.
    fn sequence(&mut self, mut line: usize, column: usize, indentless: bool) -> Option<usize> {
        self.enter()?;
        let first_dash = self.lines[line].start + column;
        let first_content = self.item_content(line, first_dash)?;
        // (The parser puts an indentless sequence where its first item starts.)
        let start = self.mark(
            line,
            if indentless {
                first_content
            } else {
                first_dash
            },
        );
        self.push(
            Event::SequenceStart(StructureStyle::Block, 0, None),
            Span::empty(start),
        );
        let next = loop {
            let dash = self.lines[line].start + column;
            let content = self.item_content(line, dash)?;
            let after = match self.key_end(line, content) {
                Some(_) => self.mapping(line, content, column + (content - dash))?,
                None if self.is_item(line, content) => return None, // `- - x`
                None => self.inline(line, content, column)?,
            };
            let (next, continues) = self.next_at(after, column)?;
            if !continues {
                break next;
            }
            if !self.is_item(next, self.lines[next].start + column) {
                if indentless {
                    break next; // the next key of the mapping
                }
                return None;
            }
            line = next;
        };
        self.push(Event::SequenceEnd, Span::empty(start));
        self.depth -= 1;
        Some(next)
    }

    /// Where the item whose dash is at `dash` starts, on the same line.
    fn item_content(&self, line: usize, dash: usize) -> Option<usize> {
        if !self.is_item(line, dash) {
            return None;
        }
        let end = self.lines[line].end;
        let content = self.skip_spaces(dash + 1, end);
        (content < end && self.byte(content) != b'#').then_some(content)
    }

    /// A node that starts at byte `at` of `line` and is not a block collection, in a collection
    /// at `column`. Returns the line after it.
    fn inline(&mut self, line: usize, at: usize, column: usize) -> Option<usize> {
        match self.byte(at) {
            b'"' => {
                let (value, end) = self.double_quoted(line, at)?;
                self.scalar_on_line(line, at, end, value, ScalarStyle::DoubleQuoted)
            }
            b'\'' => {
                let (value, end) = self.single_quoted(line, at)?;
                self.scalar_on_line(line, at, end, value, ScalarStyle::SingleQuoted)
            }
            b'|' | b'>' => self.block_scalar(line, at, column),
            b'[' => self.flow_sequence(line, at),
            b'{' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b',' | b']' | b'}' | b'#' | b'-'
            | b'?' | b':' => None,
            _ => {
                let end = self.lines[line].end;
                let text = &self.text[at..end];
                let text = text.find(" #").map_or(text, |comment| &text[..comment]);
                let text = text.trim_end_matches(' ');
                if text.contains(": ") || text.ends_with(':') {
                    return None;
                }
                let span = Span::new(self.mark(line, at), self.mark(line, at + text.len()));
                self.push(
                    Event::Scalar(Cow::Borrowed(text), ScalarStyle::Plain, 0, None),
                    span,
                );
                Some(line + 1)
            }
        }
    }

    /// A quoted scalar from `at` to `end` on `line`, with nothing but a comment after it.
    fn scalar_on_line(
        &mut self,
        line: usize,
        at: usize,
        end: usize,
        value: Cow<'a, str>,
        style: ScalarStyle,
    ) -> Option<usize> {
        if !self.only_comment_after(line, end) {
            return None;
        }
        let span = Span::new(self.mark(line, at), self.mark(line, end));
        self.push(Event::Scalar(value, style, 0, None), span);
        Some(line + 1)
    }

    /// `"..."` from `at`, closed on the same line: its text and the byte after the closing quote.
    fn double_quoted(&self, line: usize, at: usize) -> Option<(Cow<'a, str>, usize)> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        let body = at + 1;
        let close = memchr::memchr2(b'"', b'\\', &bytes[body..end]).map_or(end, |i| body + i);
        if close < end && bytes[close] == b'"' {
            return Some((Cow::Borrowed(&self.text[body..close]), close + 1));
        }
        // Escapes: the text is made.
        let mut value = String::with_capacity(end - body);
        let mut from = body;
        let mut at = body;
        loop {
            if at >= end {
                return None; // continued on the next line
            }
            match bytes[at] {
                b'"' => {
                    value.push_str(&self.text[from..at]);
                    value.shrink_to_fit();
                    return Some((Cow::Owned(value), at + 1));
                }
                b'\\' => {
                    value.push_str(&self.text[from..at]);
                    let escape = *bytes.get(at + 1).filter(|_| at + 1 < end)?;
                    let mut length = 2;
                    match escape {
                        b'\\' => value.push('\\'),
                        b'"' => value.push('"'),
                        b'/' => value.push('/'),
                        b'n' => value.push('\n'),
                        b't' => value.push('\t'),
                        b'r' => value.push('\r'),
                        b'u' => {
                            let hex = self.text.get(at + 2..at + 6).filter(|_| at + 6 <= end)?;
                            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                                return None;
                            }
                            value.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
                            length = 6;
                        }
                        _ => return None,
                    }
                    at += length;
                    from = at;
                }
                _ => at += 1,
            }
        }
    }

    /// `'...'` from `at`, closed on the same line (`''` is a quote).
    fn single_quoted(&self, line: usize, at: usize) -> Option<(Cow<'a, str>, usize)> {
        let end = self.lines[line].end;
        let bytes = self.text.as_bytes();
        let body = at + 1;
        let mut close = body;
        let mut doubled = false;
        loop {
            if close >= end {
                return None;
            }
            if bytes[close] == b'\'' {
                if close + 1 < end && bytes[close + 1] == b'\'' {
                    doubled = true;
                    close += 2;
                    continue;
                }
                break;
            }
            close += 1;
        }
        let text = &self.text[body..close];
        let value = if doubled {
            Cow::Owned(text.replace("''", "'"))
        } else {
            Cow::Borrowed(text)
        };
        Some((value, close + 1))
    }

    /// `[a, "b"]` from `at`, on one line. Returns the line after it.
    fn flow_sequence(&mut self, line: usize, at: usize) -> Option<usize> {
        let end = self.lines[line].end;
        let open = Span::new(self.mark(line, at), self.mark(line, at + 1));
        self.push(Event::SequenceStart(StructureStyle::Flow, 0, None), open);
        let mut at = self.skip_spaces(at + 1, end);
        if at < end && self.byte(at) == b']' {
            return self.flow_end(line, at);
        }
        loop {
            if at >= end {
                return None;
            }
            let item_end = match self.byte(at) {
                quote @ (b'"' | b'\'') => {
                    let ((value, item_end), style) = if quote == b'"' {
                        (self.double_quoted(line, at)?, ScalarStyle::DoubleQuoted)
                    } else {
                        (self.single_quoted(line, at)?, ScalarStyle::SingleQuoted)
                    };
                    let span = Span::new(self.mark(line, at), self.mark(line, item_end));
                    self.push(Event::Scalar(value, style, 0, None), span);
                    item_end
                }
                b'{' | b'[' | b'&' | b'*' | b'!' | b'%' | b'@' | b'`' | b',' | b']' | b'}'
                | b'#' | b'-' | b'?' | b':' | b'|' | b'>' => return None,
                _ => {
                    let rest = &self.text[at..end];
                    let length = rest.find([',', ']'])?;
                    let text = rest[..length].trim_end_matches(' ');
                    if text.contains([':', '#', '[', '{', '}', '"', '\'']) {
                        return None;
                    }
                    let span = Span::new(self.mark(line, at), self.mark(line, at + text.len()));
                    self.push(
                        Event::Scalar(Cow::Borrowed(text), ScalarStyle::Plain, 0, None),
                        span,
                    );
                    at + text.len()
                }
            };
            at = self.skip_spaces(item_end, end);
            match self.text.as_bytes().get(at).filter(|_| at < end) {
                Some(b']') => return self.flow_end(line, at),
                Some(b',') => {
                    at = self.skip_spaces(at + 1, end);
                    if at >= end || matches!(self.byte(at), b',' | b']') {
                        return None; // an empty item, or a comma before the end
                    }
                }
                _ => return None,
            }
        }
    }

    fn skip_spaces(&self, mut at: usize, end: usize) -> usize {
        while at < end && self.byte(at) == b' ' {
            at += 1;
        }
        at
    }

    fn flow_end(&mut self, line: usize, close: usize) -> Option<usize> {
        if !self.only_comment_after(line, close + 1) {
            return None;
        }
        let span = Span::new(self.mark(line, close), self.mark(line, close + 1));
        self.push(Event::SequenceEnd, span);
        Some(line + 1)
    }

    /// `|`, `|-`, `>` or `>-` at `at`, its text on the lines below, indented more than `column`.
    /// A folded scalar only of lines at one indentation, without blank lines. Returns the line
    /// after it.
    fn block_scalar(&mut self, line: usize, at: usize, column: usize) -> Option<usize> {
        let end = self.lines[line].end;
        let header = &self.text[at..end];
        let (literal, strip) = match header.trim_end_matches(' ') {
            "|" => (true, false),
            "|-" => (true, true),
            ">" => (false, false),
            ">-" => (false, true),
            _ => return None,
        };
        let first = line + 1;
        let first_line = self.lines.get(first)?;
        if first_line.indent == first_line.end - first_line.start {
            return None; // blank lines first: their indentation counts
        }
        let indent = first_line.indent;
        if indent <= column {
            return None;
        }
        // The text's lines: blank ones (empty) or indented at least as much as the first.
        let mut after = first;
        let mut last_text = first;
        while let Some(current) = self.lines.get(after) {
            if current.start == current.end {
                after += 1;
                continue;
            }
            if current.indent == current.end - current.start {
                return None; // a line of spaces
            }
            if current.indent < indent {
                break;
            }
            if !literal && current.indent != indent {
                return None;
            }
            last_text = after;
            after += 1;
        }
        let mut value = String::new();
        for index in first..=last_text {
            let current = &self.lines[index];
            if current.start == current.end {
                if !literal {
                    return None;
                }
            } else {
                if !literal && index > first {
                    value.push(' ');
                }
                value.push_str(&self.text[current.start + indent..current.end]);
            }
            if literal && index < last_text {
                value.push('\n');
            }
        }
        if !strip {
            value.push('\n');
        }
        let start = self.mark(first, first_line.start + indent);
        let stop = match self.lines.get(after) {
            Some(next) => self.mark(after, next.start + next.indent),
            None => self.end_of_text(),
        };
        let style = if literal {
            ScalarStyle::Literal
        } else {
            ScalarStyle::Folded
        };
        self.push(
            Event::Scalar(Cow::Owned(value), style, 0, None),
            Span::new(start, stop),
        );
        Some(after)
    }
}

#[cfg(test)]
mod tests {
    use super::events;
    use granit_parser::{Event, Parser, Span};

    /// What a test compares of an event: the event, and for a node where it starts (byte, line,
    /// column) and ends (byte), which `Spanned` values keep.
    fn node(event: &Event, span: &Span) -> Option<String> {
        let node = matches!(
            event,
            Event::Scalar(..) | Event::SequenceStart(..) | Event::MappingStart(..)
        );
        let at = |m: &granit_parser::Marker| (m.byte_offset(), m.line(), m.col());
        let end = matches!(event, Event::Scalar(..) | Event::SequenceStart(..))
            .then(|| span.end.byte_offset());
        Some(match node {
            true => format!("{event:?} {:?} {end:?}", at(&span.start)),
            false => format!("{event:?}"),
        })
    }

    /// Where the scanner reads `text`, granit-parser reads the same events at the same
    /// positions. Returns whether the scanner read it.
    fn same_as_parser(text: &str, name: &str) -> bool {
        let Some(scanned) = events(text) else {
            return false;
        };
        let parsed: Vec<String> = Parser::new_from_str(text)
            .map(|result| {
                let (event, span) = result.unwrap_or_else(|e| {
                    panic!("{name}: scanned what the parser refuses ({e}):\n{text}")
                });
                node(&event, &span).unwrap()
            })
            .collect();
        let scanned: Vec<String> = (scanned.iter())
            .map(|(event, span)| node(event, span).unwrap())
            .collect();
        assert_eq!(scanned, parsed, "{name}:\n{text}");
        true
    }

    #[test]
    fn reads_the_repositorys_yaml_as_the_parser_does() {
        let files = crate::kb::yaml::tests::repository_yaml(&["kb", "tests/fixtures", "templates"]);
        let scanned = (files.iter())
            .filter(|(path, text)| same_as_parser(text, path))
            .count();
        let files = files.len();
        eprintln!("{scanned} of {files} files scanned");
        assert!(files > 100 && scanned * 2 > files, "{scanned} of {files}");
    }

    /// The same on a folder of your own: `KBGEN_YAML_DIR=target/bench/corpus-10000/kb cargo
    /// test --release --lib -- --ignored yaml_subset --nocapture`.
    #[test]
    #[ignore = "reads the folder KBGEN_YAML_DIR names"]
    fn reads_a_folder_as_the_parser_does() {
        let folder = std::env::var("KBGEN_YAML_DIR").expect("KBGEN_YAML_DIR names a folder");
        let (mut files, mut scanned) = (0, 0);
        for entry in walkdir::WalkDir::new(folder) {
            let entry = entry.unwrap();
            if entry.path().extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(entry.path()).unwrap();
                files += 1;
                scanned += usize::from(same_as_parser(&text, &entry.path().display().to_string()));
            }
        }
        eprintln!("{scanned} of {files} files scanned");
    }

    #[test]
    fn reads_each_form_it_knows_as_the_parser_does() {
        for text in [
            "a: b\n",
            "title: \"A \\\"b\\\" c\"\nerror:\n  messages:\n    - \"x\\ny\"\n    - plain text here\n  code: Abc\n",
            "causes:\n  - |\n    line one\n    line two\n  - >-\n    folded\n    text\n  - 'single '' q'\nresolution: []\n# comment\ntags:\n- a\n- b  # c\n",
            "a:\n- k: v\n  j: w\n- k: \"x\"  # c\n\n# comment\nb:\n  - k: v\n    j: |\n      lit\n\n      more\n\n  # c\n  - k: >-\n      fold\n      ed\nc: |-\n  end\n",
            "# first\n\nkey: value # comment\nlist: [en, \"ko\", 'x y']\nempty: []\n",
            "t: \"\\u00e9 \\t \\\\ \\/ \\r\"\nu: 한국어 값\nv: [한국, 값]\n",
            "a:\n  b:\n    c: d\n  e: f\ng: h\n",
            "a: |\n  text\n    more indented\n  back\nb: x\n",
            "a: |\n  text\n\n\nb: x\n",
            "a:\n  - x\n  -   y\n  - k: v\n    l:\n      - z\n",
            "a: x:y\nb: http://example.com/a#b\nc: 50%\n",
        ] {
            assert!(same_as_parser(text, "sample"), "not scanned:\n{text}");
        }
    }

    /// A small deterministic generator (xorshift), so that a failure can be run again.
    struct Random(u64);

    impl Random {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[self.below(from.len())]
        }
    }

    const WORDS: &[&str] = &[
        "access",
        "denied",
        "연결",
        "정보를",
        "가져올",
        "ServiceNow",
        "a#b",
        "50%",
        "x:y",
        "[x]",
        "{y}",
        "é",
        "—",
        "`code`",
        "**bold**",
        "http://a.example/b?c=d#e",
        "O'Brien",
        "\\",
        "z",
    ];

    /// A scalar in one of the styles the scanner reads, at `indent` for the block styles.
    fn scalar(random: &mut Random, indent: usize) -> String {
        let words: Vec<&str> = (0..1 + random.below(6))
            .map(|_| random.pick(WORDS))
            .collect();
        let text = words.join(" ");
        let pad = " ".repeat(indent);
        match random.below(6) {
            0 if !text.contains(": ")
                && !text.contains(" #")
                && !text.starts_with(['[', '{', '`', '%']) =>
            {
                format!("plain{}", text.replace('\\', "b"))
            }
            1 => {
                let escaped = text.replace('\\', "\\\\").replace('"', "\\\"");
                let extra = random.pick(&["", "\\n", "\\t", "\\u00e9", "\\\"", "\\/"]);
                format!("\"{escaped}{extra}\"")
            }
            2 => format!("'{}'", text.replace('\'', "''")),
            3 | 4 => {
                let header = random.pick(&["|", "|-", ">", ">-"]);
                let literal = header.starts_with('|');
                let mut lines = vec![text.clone()];
                for _ in 0..random.below(4) {
                    let words: Vec<&str> = (0..1 + random.below(4))
                        .map(|_| random.pick(WORDS))
                        .collect();
                    let line = words.join(" ");
                    match random.below(4) {
                        0 if literal => lines.push(String::new()),
                        1 if literal => lines.push(format!("  {line}")),
                        2 if literal => lines.push(format!("# {line}")),
                        _ => lines.push(line),
                    }
                }
                let body: Vec<String> = (lines.iter())
                    .map(|l| {
                        if l.is_empty() {
                            String::new()
                        } else {
                            format!("{pad}{l}")
                        }
                    })
                    .collect();
                format!("{header}\n{}", body.join("\n"))
            }
            _ => format!("\"{}\"", text.replace('\\', "/").replace('"', "'")),
        }
    }

    /// An entry-shaped document: lists indented or not, comments and blank lines here and there.
    fn entry_document(random: &mut Random) -> String {
        let mut out = String::new();
        let comment =
            |random: &mut Random| random.pick(&["", "", "  # note", " #c", "   "]).to_string();
        let list = |random: &mut Random, out: &mut String, key: &str, items: usize| {
            let dash = if random.below(2) == 0 { "" } else { "  " };
            out.push_str(&format!("{key}:{}\n", comment(random)));
            for _ in 0..items {
                let item = scalar(random, dash.len() + 2);
                let trailer = if item.contains('\n') {
                    String::new()
                } else {
                    comment(random)
                };
                out.push_str(&format!("{dash}- {item}{trailer}\n"));
                if random.below(5) == 0 {
                    out.push_str(random.pick(&["\n", "# between\n", "  # indented comment\n"]));
                }
            }
        };
        if random.below(3) == 0 {
            out.push_str("# yaml-language-server: $schema=../../schemas/entry.schema.json\n");
        }
        let title = scalar(random, 2);
        out.push_str(&format!("title: {title}\n"));
        out.push_str("error:\n  messages:\n");
        for _ in 0..1 + random.below(2) {
            out.push_str(&format!("    - {}\n", scalar(random, 6)));
        }
        if random.below(2) == 0 {
            out.push_str(&format!("  code: {}\n", scalar(random, 4)));
        }
        let causes = 1 + random.below(3);
        list(random, &mut out, "causes", causes);
        let steps = 1 + random.below(3);
        list(random, &mut out, "resolution", steps);
        if random.below(2) == 0 {
            let tags: Vec<&str> = (0..random.below(3))
                .map(|_| random.pick(&["a", "\"b c\"", "'d'", "한국"]))
                .collect();
            out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
        }
        out
    }

    /// Generated documents of the shapes the scanner reads: the same events and positions as the
    /// parser, and the same value as serde-saphyr (the generator makes some the scanner leaves
    /// to the parser too: a plain scalar YAML reads otherwise, say).
    #[test]
    fn reads_generated_documents_as_the_parser_and_serde_saphyr_do() {
        let mut random = Random(0x9e37_79b9_7f4a_7c15);
        let (mut scanned, mut read) = (0, 0);
        for case in 0..3000 {
            let text = entry_document(&mut random);
            let name = format!("case {case}");
            scanned += usize::from(same_as_parser(&text, &name));
            read += usize::from(
                crate::kb::yaml::tests::agrees::<crate::kb::model::EntryDoc>(&text, &name),
            );
        }
        eprintln!("{scanned} scanned, {read} read by the fast path, of 3000");
        assert!(
            scanned > 1500 && read > 1000,
            "{scanned} scanned, {read} read"
        );
    }

    #[test]
    fn leaves_the_rest_to_the_parser() {
        for (why, text) in [
            ("a tab", "a:\tb\n"),
            ("CRLF", "a: b\r\n"),
            ("no final line break", "a: b"),
            ("a byte order mark", "\u{feff}a: b\n"),
            ("a document marker", "---\na: b\n"),
            ("a flow mapping", "a: {b: c}\n"),
            ("a quoted key", "\"a\": b\n"),
            ("a key with a space", "a b: c\n"),
            ("a plain scalar on two lines", "a: b\n  c\n"),
            ("a quoted scalar on two lines", "a: \"b\n  c\"\n"),
            ("an unknown escape", "a: \"\\q\"\n"),
            ("a NUL escape", "a: \"\\0\"\n"),
            ("an anchor", "a: &x b\n"),
            ("an alias", "a: *x\n"),
            ("a tag", "a: !!str b\n"),
            ("an empty value", "a:\nb: c\n"),
            ("a nested compact sequence", "a:\n  - - x\n"),
            ("keep chomping", "a: |+\n  x\n"),
            ("an indentation indicator", "a: |2\n   x\n"),
            ("a folded scalar with a blank line", "a: >\n  x\n\n  y\n"),
            ("a folded scalar with a deeper line", "a: >\n  x\n    y\n"),
            ("a flow sequence on two lines", "a: [b,\n  c]\n"),
            ("a trailing comma", "a: [b, ]\n"),
            ("text after a quoted scalar", "a: \"b\" c\n"),
            ("a mapping value in a plain scalar", "a: b: c\n"),
            ("a line separator", "a: b\u{2028}c\n"),
            ("a C1 control", "a: b\u{85}c\n"),
            ("a top-level sequence", "- a\n"),
            ("a line of spaces in a block scalar", "a: |\n  x\n  \n  y\n"),
        ] {
            assert!(events(text).is_none(), "{why}");
        }
    }
}
