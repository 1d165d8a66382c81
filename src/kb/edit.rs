//! Minimal edits of YAML files that people maintain: change only the bytes that must change,
//! so that comments, order, quoting and layout stay as the author wrote them.

use crate::kb::model::{List, Spanned, Text};

/// Appends `item` to the block or flow list `list` (parsed from `text`, called `name` in
/// messages), touching no other byte.
pub fn append_to_list(
    text: &str,
    list: &List<Text>,
    name: &str,
    item: &str,
) -> Result<String, String> {
    if list.value.iter().any(|existing| existing.value == item) {
        return Err(format!("`{name}` lists `{item}` already"));
    }
    let Some(last) = list.value.last() else {
        // `name: []`: the list starts at its `[`.
        let start = list
            .at
            .byte_offset()
            .ok_or(format!("no position for `{name}`"))?;
        if text[start..].starts_with("[]") {
            return Ok(format!("{}[{item}]{}", &text[..start], &text[start + 2..]));
        }
        return Err(format!(
            "`{name}` is empty in an unexpected form; add `{item}` by hand"
        ));
    };
    let start = last
        .at
        .byte_offset()
        .ok_or(format!("no position for `{name}`"))?;
    let len = last.at.byte_len();
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let prefix = &text[line_start..start];
    if prefix.trim_start().starts_with('-') && prefix.trim() == "-" {
        // Block list: a new line with the same indentation after the last item's line.
        let mut line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
        let newline = if line_end > 0 && text[..line_end].ends_with('\r') {
            line_end -= 1;
            "\r\n"
        } else {
            "\n"
        };
        let (before, after) = text.split_at(line_end);
        let mut out = format!("{before}{newline}{prefix}{item}");
        out.push_str(if after.is_empty() { newline } else { after });
        return Ok(out);
    }
    // Flow list `[a, b]`: insert after the last item.
    let end = start + len;
    Ok(format!("{}, {item}{}", &text[..end], &text[end..]))
}

/// Replaces the bytes of each span with its new text (spans must not overlap).
pub fn replace_spans(text: &str, mut edits: Vec<(std::ops::Range<usize>, String)>) -> String {
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, new) in edits {
        out.replace_range(range, &new);
    }
    out
}

/// The byte range of a parsed value in the text it was parsed from.
pub fn byte_range<T>(value: &Spanned<T>) -> Option<std::ops::Range<usize>> {
    let start = value.at.byte_offset()?;
    Some(start..start + value.at.byte_len())
}
