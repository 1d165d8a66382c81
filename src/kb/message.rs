//! Error messages as the product prints them: literal text, JSON braces included, with `{name}`
//! marking a part the product fills in. A brace group is a placeholder only when `placeholders`
//! declares it; this module finds the groups that look like one.

use crate::kb::ids::is_placeholder_name;
use std::ops::Range;

#[derive(Debug, PartialEq)]
pub enum GroupKind {
    /// `{alertName}`: a placeholder if declared.
    Name,
    /// `{Target record not found|Invalid table}`: alternatives written inline.
    Alternatives,
}

#[derive(Debug, PartialEq)]
pub struct BraceGroup {
    pub kind: GroupKind,
    /// The text between the braces.
    pub inner: String,
    /// The group's byte range in the message, braces included.
    pub range: Range<usize>,
}

/// The innermost brace groups of a message that look like placeholders or alternatives. JSON
/// objects (`{"error": ...}`) are literal text and are not returned.
pub fn brace_groups(message: &str) -> Vec<BraceGroup> {
    let mut groups = Vec::new();
    for (open, _) in message.match_indices('{') {
        let rest = &message[open + 1..];
        let Some(close) = rest.find(['{', '}']) else {
            continue;
        };
        if rest.as_bytes()[close] != b'}' {
            continue;
        }
        let inner = &rest[..close];
        let kind = if is_placeholder_name(inner) {
            GroupKind::Name
        } else if inner.contains('|') && !inner.contains(['"', ':']) {
            GroupKind::Alternatives
        } else {
            continue;
        };
        groups.push(BraceGroup {
            kind,
            inner: inner.to_string(),
            range: open..open + close + 2,
        });
    }
    groups
}

/// The JSON keys (`"import_set":`) written in a message: data that no translation may alter.
pub fn json_keys(message: &str) -> Vec<&str> {
    json_members(message)
        .into_iter()
        .map(|(key, _)| key)
        .collect()
}

/// The JSON members of a message whose value is a string: `("table", "incident")` for
/// `"table": "incident"`, in order.
pub fn json_string_members(message: &str) -> Vec<(&str, &str)> {
    (json_members(message).into_iter())
        .filter_map(|(key, value)| Some((key, value?)))
        .collect()
}

/// Each `"key":` of a message, with its value when that is a string.
fn json_members(message: &str) -> Vec<(&str, Option<&str>)> {
    let mut members = Vec::new();
    let mut rest = message;
    while let Some(start) = rest.find('"') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('"') else { break };
        let key = &after[..end];
        let tail = after[end + 1..].trim_start();
        match tail.strip_prefix(':') {
            Some(value) if !key.is_empty() => {
                let value =
                    (value.trim_start().strip_prefix('"')).and_then(|v| Some(&v[..v.find('"')?]));
                members.push((key, value));
                rest = match value {
                    // Past the value's closing quote.
                    Some(value) => {
                        let value_end = value.as_ptr() as usize - rest.as_ptr() as usize;
                        &rest[value_end + value.len() + 1..]
                    }
                    None => &after[end + 1..],
                };
            }
            _ => rest = &after[end..],
        }
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_string_members_are_listed() {
        let message = r#"Response: { "import_set": "{import_set_id}", "result": [ { "table": "incident", "status": "error" } ] }"#;
        assert_eq!(
            json_string_members(message),
            [
                ("import_set", "{import_set_id}"),
                ("table", "incident"),
                ("status", "error")
            ]
        );
    }

    #[test]
    fn json_braces_are_not_placeholders() {
        let message = r#"Response: { "import_set": "{import_set_id}", "result": [ { "error_message": "{error_message}" } ] }"#;
        let names: Vec<_> = brace_groups(message).into_iter().map(|g| g.inner).collect();
        assert_eq!(names, ["import_set_id", "error_message"]);
        assert!(brace_groups(r#"{"error":{"message":"Operation Failed"}}"#).is_empty());
    }

    #[test]
    fn inline_alternatives_are_found() {
        let groups = brace_groups("x {Target record not found|Invalid table} y");
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].kind, GroupKind::Alternatives);
        assert_eq!(groups[0].range, 2..41);
    }

    #[test]
    fn json_keys_are_listed() {
        let message = r#"{"error":{"message":"Operation Failed","detail":"ACL"}}"#;
        assert_eq!(json_keys(message), ["error", "message", "detail"]);
    }
}
