//! Every schema problem of a file in one run. serde stops at the first unknown field, missing
//! field or wrong type; when it does, the file is read again as a plain YAML tree and checked
//! against the JSON Schema generated from the same model types (the schema editors use), so
//! that each problem is reported at its own position. Valid files never take this path.

use crate::diagnostic::{Code, Diagnostic};
use crate::kb::ids::did_you_mean;
use crate::kb::source::{FileId, Span};
use serde_json::Value;
use std::ops::Range;

/// Deeper documents are left to serde-saphyr's own depth limit.
const MAX_DEPTH: usize = 64;

/// A YAML node with the byte range it was written at.
#[derive(Debug)]
struct Node {
    kind: Kind,
    span: Range<usize>,
}

#[derive(Debug)]
enum Kind {
    /// A scalar; `plain` when it was written without quotes or block indicator.
    Scalar {
        text: String,
        plain: bool,
    },
    Sequence(Vec<Node>),
    Mapping(Vec<(Node, Node)>),
    /// An alias, or anything past [`MAX_DEPTH`]: not checked.
    Opaque,
}

/// The schema problems of `text` against `schema` (a draft-07 root with `definitions`), in the
/// order of the file; or, when the file is not well-formed YAML, the syntax error alone: it
/// stops the file, and what comes after it cannot be judged.
pub fn problems(text: &str, schema: &Value) -> Result<Vec<Diagnostic>, Diagnostic> {
    let root = match tree(text) {
        Ok(Some(root)) => root,
        Ok(None) => return Ok(Vec::new()),
        Err(error) => {
            let at = error.marker().byte_offset().unwrap_or(0).min(text.len());
            let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
            return Err(Diagnostic::new(
                Code::YamlSyntax,
                Span::new(FileId(0), at..end),
                format!("YAML syntax: {}", error.info()),
            )
            .hint(
                "fix this first: parsing of this file stops here (other files are still checked)",
            ));
        }
    };
    let mut walk = Walk {
        text,
        root: schema,
        out: Vec::new(),
    };
    walk.node(&root, schema, 0);
    walk.out.sort_by_key(|d| d.span.map(|s| s.start));
    Ok(walk.out)
}

/// The document as a tree, built from the parser's events without recursion.
fn tree(text: &str) -> Result<Option<Node>, granit_parser::ScanError> {
    use granit_parser::{Event, Parser, ScalarStyle};
    // Open collections: the node and, for mappings, a key waiting for its value.
    let mut stack: Vec<(Node, Option<Node>)> = Vec::new();
    let mut done: Option<Node> = None;
    let mut depth_exceeded = 0usize;
    for item in Parser::new_from_str(text) {
        let (event, span) = item?;
        let range = span.start.byte_offset().unwrap_or(0)..span.end.byte_offset().unwrap_or(0);
        let node = match event {
            Event::Scalar(value, style, _, _) => Node {
                kind: Kind::Scalar {
                    text: value.into_owned(),
                    plain: style == ScalarStyle::Plain,
                },
                span: range,
            },
            Event::Alias(_) => Node {
                kind: Kind::Opaque,
                span: range,
            },
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH || depth_exceeded > 0 {
                    depth_exceeded += 1;
                    continue;
                }
                let kind = if matches!(event, Event::SequenceStart(..)) {
                    Kind::Sequence(Vec::new())
                } else {
                    Kind::Mapping(Vec::new())
                };
                stack.push((Node { kind, span: range }, None));
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => {
                if depth_exceeded > 0 {
                    depth_exceeded -= 1;
                    if depth_exceeded > 0 {
                        continue;
                    }
                    Node {
                        kind: Kind::Opaque,
                        span: range,
                    }
                } else {
                    let Some((mut node, _)) = stack.pop() else {
                        return Ok(None);
                    };
                    node.span.end = range.end.max(node.span.start);
                    node
                }
            }
            _ => continue,
        };
        if depth_exceeded > 0 {
            continue;
        }
        match stack.last_mut() {
            None => done = Some(node),
            Some((parent, pending)) => match &mut parent.kind {
                Kind::Sequence(items) => items.push(node),
                Kind::Mapping(pairs) => match pending.take() {
                    None => *pending = Some(node),
                    Some(key) => pairs.push((key, node)),
                },
                _ => {}
            },
        }
    }
    Ok(done)
}

struct Walk<'a> {
    text: &'a str,
    root: &'a Value,
    out: Vec<Diagnostic>,
}

impl<'a> Walk<'a> {
    /// Follows `$ref`s to the schema they name.
    fn resolve(&self, mut schema: &'a Value) -> &'a Value {
        for _ in 0..16 {
            let Some(reference) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = reference.trim_start_matches("#/definitions/");
            match self.root.get("definitions").and_then(|d| d.get(name)) {
                Some(target) => schema = target,
                None => break,
            }
        }
        schema
    }

    fn node(&mut self, node: &Node, schema: &'a Value, depth: usize) {
        if depth > MAX_DEPTH || matches!(node.kind, Kind::Opaque) {
            return;
        }
        let schema = self.resolve(schema);
        if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
            // `Option<T>`: null, or T.
            if is_null(node) && options.iter().any(|o| types(o).contains(&"null")) {
                return;
            }
            if let Some(other) = options.iter().find(|o| !types(o).contains(&"null")) {
                self.node(node, other, depth);
            }
            return;
        }
        let allowed = types(schema);
        if allowed.is_empty() {
            return; // any value
        }
        if is_null(node) && allowed.contains(&"null") {
            return;
        }
        match &node.kind {
            Kind::Mapping(pairs) if allowed.contains(&"object") => {
                self.mapping(node, pairs, schema, depth)
            }
            Kind::Sequence(items) if allowed.contains(&"array") => {
                if let Some(item_schema) = schema.get("items") {
                    for item in items {
                        self.node(item, item_schema, depth + 1);
                    }
                }
            }
            Kind::Scalar { text, plain } => {
                let fits = allowed.iter().any(|t| match *t {
                    // `429` is a number to YAML and to the JSON Schema: text must be quoted.
                    "string" => !*plain || scalar_type(text).is_none(),
                    "integer" => *plain && text.parse::<i64>().is_ok(),
                    "number" => *plain && text.parse::<f64>().is_ok(),
                    "boolean" => *plain && matches!(text.as_str(), "true" | "false"),
                    "null" => is_null(node),
                    _ => false,
                });
                if !fits {
                    self.wrong_type(node, &allowed);
                }
            }
            _ => self.wrong_type(node, &allowed),
        }
    }

    fn mapping(&mut self, node: &Node, pairs: &[(Node, Node)], schema: &'a Value, depth: usize) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let additional = schema.get("additionalProperties");
        let names: Vec<&str> = properties
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        // A set: a hostile mapping may have 100,000 keys.
        let mut seen: std::collections::HashSet<&str> = std::collections::HashSet::new();
        let mut misspelt: Vec<String> = Vec::new();
        for (key, value) in pairs {
            let Kind::Scalar { text: name, .. } = &key.kind else {
                continue;
            };
            if !seen.insert(name) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateKey,
                        self.span(key.span.clone()),
                        format!("duplicate key `{name}`"),
                    )
                    .label("written a second time here")
                    .hint(
                        "keep one of the two: YAML does not say which wins, so kbgen refuses both",
                    ),
                );
                continue;
            }
            match properties.and_then(|p| p.get(name)) {
                Some(property) => self.node(value, property, depth + 1),
                None => match additional {
                    Some(Value::Bool(false)) => {
                        let near = did_you_mean(name, names.iter().copied());
                        let hint = match near {
                            Some(near) => {
                                misspelt.push(near.to_string());
                                format!("did you mean `{near}`?")
                            }
                            None if names.is_empty() => "remove it".to_string(),
                            None => format!("the fields here are: {}", names.join(", ")),
                        };
                        self.push(
                            Diagnostic::new(
                                Code::UnknownField,
                                self.span(key.span.clone()),
                                format!("unknown field `{name}`"),
                            )
                            .label("not a field here")
                            .hint(hint),
                        );
                    }
                    Some(schema @ Value::Object(_)) => self.node(value, schema, depth + 1),
                    _ => {}
                },
            }
        }
        let required = schema.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            // A misspelt field is reported once, as unknown, with this name as its suggestion.
            if seen.contains(name) || misspelt.iter().any(|m| m == name) {
                continue;
            }
            let anchor = pairs.first().map_or(node.span.clone(), |(key, _)| {
                let line = &self.text[key.span.start..];
                key.span.start..key.span.start + line.find([':', '\n']).unwrap_or(0)
            });
            self.push(
                Diagnostic::new(
                    Code::MissingField,
                    self.span(anchor),
                    format!("missing required field `{name}`"),
                )
                .label(format!("this mapping has no `{name}`"))
                .hint(format!(
                    "add `{name}:` to this mapping; README.md's format reference shows what it holds"
                )),
            );
        }
    }

    fn wrong_type(&mut self, node: &Node, allowed: &[&str]) {
        let found = match &node.kind {
            Kind::Mapping(_) => "a mapping",
            Kind::Sequence(_) => "a list",
            Kind::Scalar { .. } if is_null(node) => "nothing",
            Kind::Scalar { text, plain: true } => scalar_type(text).unwrap_or("text"),
            Kind::Scalar { .. } => "text",
            Kind::Opaque => "an alias",
        };
        let expected: Vec<&str> = allowed
            .iter()
            .filter(|t| **t != "null")
            .map(|t| match *t {
                "string" => "text",
                "array" => "a list",
                "object" => "a mapping",
                "integer" => "a whole number",
                "boolean" => "true or false",
                other => other,
            })
            .collect();
        let written = &self.text[node.span.clone()];
        let quoted = format!(
            "this field takes text: write it in quotes, `\"{written}\"`, as the JSON Schema wants too"
        );
        let hint = match expected.first().copied() {
            Some("text") if matches!(found, "a number" | "true or false") => quoted.as_str(),
            Some("a list") => "this field takes a list: write each item on its own line after `- `",
            Some("text") => {
                "this field takes text: quote it if it starts with `[`, `{`, `*`, `&` or `!`"
            }
            Some("a mapping") => "this field takes a mapping of `key: value` lines",
            _ => "README.md's format reference lists what each field holds",
        };
        let span = self.value_span(node);
        self.push(
            Diagnostic::new(
                Code::WrongType,
                span,
                format!(
                    "wrong type: expected {}, found {found}",
                    expected.join(" or ")
                ),
            )
            .hint(hint),
        );
    }

    /// A value's span on its first line: what the caret underlines.
    fn value_span(&self, node: &Node) -> Span {
        let start = node.span.start.min(self.text.len());
        let line_end = self.text[start..]
            .find(['\n', '\r'])
            .map_or(self.text.len(), |i| start + i);
        let end = node.span.end.clamp(start, line_end);
        let end = if end == start { line_end } else { end };
        self.span(start..self.text[..end].trim_end().len().max(start))
    }

    fn span(&self, range: Range<usize>) -> Span {
        let start = range.start.min(self.text.len());
        Span::new(FileId(0), start..range.end.clamp(start, self.text.len()))
    }

    fn push(&mut self, diagnostic: Diagnostic) {
        self.out.push(diagnostic);
    }
}

fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// What a plain scalar is to YAML's core schema if it is not text: `a number` (`429`, `1.5`,
/// `0x1F`, `.inf`) or `true or false`.
fn scalar_type(text: &str) -> Option<&'static str> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let decimal = {
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((m, e)) => (m, Some(e.strip_prefix(['-', '+']).unwrap_or(e))),
            None => (unsigned, None),
        };
        let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        (!whole.is_empty() || !fraction.is_empty())
            && digits(whole)
            && digits(fraction)
            && (!whole.is_empty() || !fraction.is_empty())
            && exponent.is_none_or(|e| !e.is_empty() && digits(e))
    };
    let radix = |prefix: &str, radix: u32| {
        text.strip_prefix(prefix)
            .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_digit(radix)))
    };
    let special =
        matches!(unsigned, ".inf" | ".Inf" | ".INF") || matches!(text, ".nan" | ".NaN" | ".NAN");
    if decimal || radix("0x", 16) || radix("0o", 8) || special {
        Some("a number")
    } else if matches!(text, "true" | "false") {
        Some("true or false")
    } else {
        None
    }
}

fn is_null(node: &Node) -> bool {
    matches!(&node.kind, Kind::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
}
