//! A strict reader of GNU gettext PO files, as `msgfmt` reads them: CRLF or LF line ends, every
//! C escape, strings continued over several lines, `#~` obsolete entries skipped, entries told
//! apart by their keywords rather than by blank lines. Anything it cannot read exactly is an
//! error at a byte range of the file, never a guess.
//!
//! polib (the crate mdBook's i18n helpers use) was considered: it panics on malformed lines
//! (`msgstr[x]`, a keyword without a string), reads invalid UTF-8 unchecked, drops unknown
//! escapes, and keeps no positions, so a refusal could not point at the line to fix.

use std::ops::Range;

/// One string of an entry, unescaped, with the byte range of everything written for it (the
/// keyword's string and its continuation lines).
#[derive(Clone, Debug, PartialEq)]
pub struct PoString {
    pub text: String,
    pub span: Range<usize>,
}

#[derive(Debug, Default, PartialEq)]
pub struct PoEntry {
    pub msgctxt: Option<PoString>,
    pub msgid: Option<PoString>,
    pub msgid_plural: Option<PoString>,
    /// `msgstr`, or `msgstr[0]`, `msgstr[1]`, ... of a plural entry.
    pub msgstr: Vec<PoString>,
    /// `#.` comments, without the marker and one following space.
    pub extracted_comments: Vec<String>,
    /// `#,` flags (`fuzzy`, `c-format`, ...).
    pub flags: Vec<String>,
    /// From the entry's first line (comments included) to its last string.
    pub span: Range<usize>,
}

impl PoEntry {
    pub fn is_fuzzy(&self) -> bool {
        self.flags.iter().any(|f| f == "fuzzy")
    }

    pub fn is_plural(&self) -> bool {
        self.msgid_plural.is_some() || self.msgstr.len() > 1
    }

    /// The header entry (`msgid ""` without context) carries the metadata.
    pub fn is_header(&self) -> bool {
        self.msgctxt.is_none() && self.msgid.as_ref().is_some_and(|id| id.text.is_empty())
    }

    /// A header field (`Language`), from the header entry's `msgstr`.
    pub fn header_field(&self, name: &str) -> Option<&str> {
        let text = &self.msgstr.first()?.text;
        text.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            (key.trim() == name).then(|| value.trim())
        })
    }
}

#[derive(Debug, PartialEq)]
pub struct PoError {
    pub span: Range<usize>,
    pub message: String,
}

/// Which string a continuation line (`"..."`) adds to.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    Msgctxt,
    Msgid,
    MsgidPlural,
    Msgstr,
}

/// Reads a whole PO file; the first malformed line stops it (like a YAML syntax error).
pub fn parse(text: &str) -> Result<Vec<PoEntry>, PoError> {
    let mut entries = Vec::new();
    let mut current = PoEntry::default();
    let mut started: Option<usize> = None;
    let mut last: Option<Field> = None;
    let mut offset = 0;
    for raw_line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw_line.len();
        let line = raw_line.trim_end_matches('\n').trim_end_matches('\r');
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let at = line_start + indent;
        let line_span = line_start..line_start + line.len();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(comment) = trimmed.strip_prefix('#') {
            // A comment after a complete entry opens the next one.
            if !current.msgstr.is_empty() {
                finish(&mut entries, &mut current, &mut started);
                last = None;
            }
            if comment.starts_with('~') {
                continue; // an obsolete entry: not part of the catalog
            }
            started.get_or_insert(line_start);
            if let Some(extracted) = comment.strip_prefix('.') {
                let extracted = extracted.strip_prefix(' ').unwrap_or(extracted);
                current.extracted_comments.push(extracted.to_string());
            } else if let Some(flags) = comment.strip_prefix(',') {
                current.flags.extend(
                    flags
                        .split(',')
                        .map(str::trim)
                        .filter(|f| !f.is_empty())
                        .map(str::to_string),
                );
            }
            continue;
        }
        if trimmed.starts_with('"') {
            let Some(field) = last else {
                return Err(PoError {
                    span: line_span,
                    message: "a string that continues no keyword".into(),
                });
            };
            let string = quoted(trimmed, at)?;
            let target = match field {
                Field::Msgctxt => current.msgctxt.as_mut(),
                Field::Msgid => current.msgid.as_mut(),
                Field::MsgidPlural => current.msgid_plural.as_mut(),
                Field::Msgstr => current.msgstr.last_mut(),
            }
            .expect("the keyword's string exists");
            target.text.push_str(&string.text);
            target.span.end = string.span.end;
            continue;
        }
        let keyword_end = trimmed
            .find(|c: char| c.is_whitespace())
            .unwrap_or(trimmed.len());
        let keyword = &trimmed[..keyword_end];
        let rest = trimmed[keyword_end..].trim_start();
        let rest_at = at + (trimmed.len() - rest.len());
        let unexpected = |message: String| PoError {
            span: at..at + keyword.len().max(1),
            message,
        };
        let opens_entry = matches!(keyword, "msgctxt" | "msgid");
        if opens_entry && !current.msgstr.is_empty() {
            finish(&mut entries, &mut current, &mut started);
        }
        started.get_or_insert(line_start);
        let string = || -> Result<PoString, PoError> {
            if rest.is_empty() {
                return Err(unexpected(format!("`{keyword}` without its string")));
            }
            quoted(rest, rest_at)
        };
        match keyword {
            "msgctxt" if current.msgctxt.is_none() && current.msgid.is_none() => {
                current.msgctxt = Some(string()?);
                last = Some(Field::Msgctxt);
            }
            "msgid" if current.msgid.is_none() => {
                current.msgid = Some(string()?);
                last = Some(Field::Msgid);
            }
            "msgid_plural" if current.msgid.is_some() && current.msgid_plural.is_none() => {
                current.msgid_plural = Some(string()?);
                last = Some(Field::MsgidPlural);
            }
            "msgstr" if current.msgid.is_some() && current.msgstr.is_empty() => {
                current.msgstr.push(string()?);
                last = Some(Field::Msgstr);
            }
            indexed if indexed.starts_with("msgstr[") && current.msgid.is_some() => {
                let index = indexed
                    .strip_prefix("msgstr[")
                    .and_then(|i| i.strip_suffix(']'))
                    .and_then(|i| i.parse::<usize>().ok());
                if index != Some(current.msgstr.len()) {
                    return Err(unexpected(format!(
                        "`{indexed}` where `msgstr[{}]` was expected",
                        current.msgstr.len()
                    )));
                }
                current.msgstr.push(string()?);
                last = Some(Field::Msgstr);
            }
            "msgctxt" | "msgid" | "msgid_plural" | "msgstr" => {
                return Err(unexpected(format!("`{keyword}` out of place")));
            }
            _ => {
                return Err(unexpected(format!(
                    "`{keyword}` is not a PO keyword (msgctxt, msgid, msgid_plural, msgstr, \
                     msgstr[N]) nor a comment"
                )));
            }
        }
        current.span.end = offset;
    }
    if current.msgid.is_some() && current.msgstr.is_empty() {
        let span = current.msgid.as_ref().map_or(0..0, |s| s.span.clone());
        return Err(PoError {
            span,
            message: "the last entry has no `msgstr`".into(),
        });
    }
    finish(&mut entries, &mut current, &mut started);
    Ok(entries)
}

fn finish(entries: &mut Vec<PoEntry>, current: &mut PoEntry, started: &mut Option<usize>) {
    let mut entry = std::mem::take(current);
    if let Some(start) = started.take() {
        entry.span.start = start;
    }
    let strings = entry.msgstr.last().map(|s| s.span.end);
    entry.span.end = strings.unwrap_or(entry.span.end).max(entry.span.start);
    if entry.msgid.is_some() {
        entries.push(entry);
    }
}

/// One `"..."` string at byte `at` of the file: unescaped, nothing but white space after it.
fn quoted(written: &str, at: usize) -> Result<PoString, PoError> {
    let error = |range: Range<usize>, message: &str| PoError {
        span: at + range.start..at + range.end,
        message: message.to_string(),
    };
    if !written.starts_with('"') {
        return Err(error(
            0..written.len().max(1),
            "a string must be in double quotes",
        ));
    }
    let mut text = String::new();
    let mut chars = written.char_indices().skip(1).peekable();
    while let Some((index, c)) = chars.next() {
        match c {
            '"' => {
                let after = &written[index + 1..];
                if !after.trim().is_empty() {
                    let junk = index + 1 + (after.len() - after.trim_start().len());
                    return Err(error(junk..written.len(), "text after the closing quote"));
                }
                return Ok(PoString {
                    text,
                    span: at..at + index + 1,
                });
            }
            '\\' => {
                let Some((_, escape)) = chars.next() else {
                    return Err(error(
                        index..written.len(),
                        "a backslash at the end of the line",
                    ));
                };
                let simple = match escape {
                    'n' => Some('\n'),
                    't' => Some('\t'),
                    'r' => Some('\r'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'v' => Some('\u{b}'),
                    '\\' | '"' | '\'' | '?' => Some(escape),
                    _ => None,
                };
                if let Some(c) = simple {
                    text.push(c);
                    continue;
                }
                // `\x41` (one or two hex digits) or `\101` (one to three octal digits).
                let (radix, mut digits) = match escape {
                    'x' => (16, String::new()),
                    '0'..='7' => (8, escape.to_string()),
                    _ => {
                        return Err(error(
                            index..index + 1 + escape.len_utf8(),
                            &format!("unknown escape `\\{escape}`"),
                        ));
                    }
                };
                let max_digits = if radix == 16 { 2 } else { 3 };
                while digits.len() < max_digits
                    && let Some(&(_, d)) = chars.peek()
                    && d.is_digit(radix)
                {
                    digits.push(d);
                    chars.next();
                }
                let end = index + 1 + usize::from(radix == 16) + digits.len();
                // A byte beyond ASCII would be half of a UTF-8 sequence.
                match u32::from_str_radix(&digits, radix)
                    .ok()
                    .filter(|b| *b < 0x80)
                    .and_then(char::from_u32)
                {
                    Some(c) => text.push(c),
                    None => {
                        return Err(error(
                            index..end,
                            "a numeric escape must give an ASCII character; write the text itself",
                        ));
                    }
                }
            }
            _ => text.push(c),
        }
    }
    Err(error(0..written.len(), "the string has no closing quote"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_crlf_continuations_escapes_and_skips_obsolete_entries() {
        let text = "msgid \"\"\r\nmsgstr \"\"\r\n\"Language: ko\\n\"\r\n\r\n#. fingerprint: 1\r\n\
                    msgctxt \"a\"\r\nmsgid \"x\"\r\nmsgstr \"\"\r\n\"\\\"\\t\\\\\\x41\\101\\n\"\r\n\"2\"\r\n\
                    #~ msgid \"old\"\r\n#~ msgstr \"gone\"\r\nmsgctxt \"b\"\r\nmsgid \"y\"\r\nmsgstr \"z\"";
        let entries = parse(text).unwrap();
        assert_eq!(entries.len(), 3);
        assert_eq!(entries[0].header_field("Language"), Some("ko"));
        assert_eq!(entries[1].msgstr[0].text, "\"\t\\AA\n2");
        assert_eq!(entries[1].extracted_comments, ["fingerprint: 1"]);
        assert_eq!(
            &text[entries[1].msgstr[0].span.clone()],
            "\"\"\r\n\"\\\"\\t\\\\\\x41\\101\\n\"\r\n\"2\""
        );
        assert_eq!(entries[2].msgctxt.as_ref().unwrap().text, "b");
        assert_eq!(entries[2].msgstr[0].text, "z");
    }

    #[test]
    fn refuses_what_it_cannot_read_exactly() {
        let cases = [
            ("msgid \"a\"\nmsgstr \"인증 \\q\"\n", "unknown escape `\\q`"),
            ("msgid \"a\"\nmsgstr \"인증 \\q\\\n", "unknown escape `\\q`"),
            (
                "msgid \"a\"\nmsgstr \"인증\n",
                "the string has no closing quote",
            ),
            (
                "msgid \"a\"\nmsgstr \"x\" y\n",
                "text after the closing quote",
            ),
            (
                "msgid \"a\"\nmsgstr[1] \"x\"\n",
                "`msgstr[1]` where `msgstr[0]` was expected",
            ),
            ("msgid \"a\"\n", "the last entry has no `msgstr`"),
            ("msgid \"a\"\nmsgstr\n", "`msgstr` without its string"),
            ("\"x\"\n", "a string that continues no keyword"),
            (
                "msgid \"a\"\nmsgstr \"\\xff\"\n",
                "a numeric escape must give an ASCII character; write the text itself",
            ),
            (
                "hello\n",
                "`hello` is not a PO keyword (msgctxt, msgid, msgid_plural, msgstr, msgstr[N]) nor a comment",
            ),
        ];
        for (text, message) in cases {
            let error = parse(text).unwrap_err();
            assert_eq!(error.message, message, "{text:?}");
            assert!(error.span.end <= text.len(), "{text:?}");
        }
    }

    #[test]
    fn plural_entries_are_read_as_such() {
        let entries =
            parse("msgid \"a\"\nmsgid_plural \"as\"\nmsgstr[0] \"x\"\nmsgstr[1] \"y\"\n").unwrap();
        assert!(entries[0].is_plural());
        assert_eq!(entries[0].msgstr.len(), 2);
    }

    #[test]
    fn entries_need_no_blank_line_between_them() {
        let entries = parse("msgid \"a\"\nmsgstr \"1\"\nmsgid \"b\"\nmsgstr \"2\"\n#, fuzzy\nmsgid \"c\"\nmsgstr \"3\"\n").unwrap();
        assert_eq!(entries.len(), 3);
        assert!(entries[2].is_fuzzy());
        assert!(!entries[1].is_fuzzy());
    }
}
