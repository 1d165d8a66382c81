//! Stage 3 of `check`: the one place that turns diagnostics into text, for people (rustc-style,
//! via annotate-snippets: path:line:column, the source line, a caret, a hint) or as JSON.

use crate::diagnostic::{Diagnostic, Severity};
use crate::kb::source::SourceMap;
use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};
use serde::Serialize;

/// Output formats of `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Counts for the closing line.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub errors: usize,
    pub warnings: usize,
    pub files: usize,
}

impl Summary {
    pub fn of(diagnostics: &[Diagnostic], sources: &SourceMap) -> Self {
        let files = (0..sources.len())
            .filter(|&i| sources.get(crate::kb::source::FileId(i as u32)).is_text)
            .count();
        Summary {
            errors: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .count(),
            warnings: diagnostics
                .iter()
                .filter(|d| d.severity == Severity::Warning)
                .count(),
            files,
        }
    }
}

impl std::fmt::Display for Summary {
    /// `2 errors, 1 warning in 14 files`
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        write!(
            f,
            "{}, {} in {}",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.files, "file")
        )
    }
}

/// Renders diagnostics and the summary for a terminal or a log.
pub fn human(diagnostics: &[Diagnostic], sources: &SourceMap, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for diagnostic in diagnostics {
        out.push_str(&renderer.render(&[group(diagnostic, sources)]));
        out.push_str("\n\n");
    }
    out.push_str(&Summary::of(diagnostics, sources).to_string());
    out.push('\n');
    out
}

fn group<'a>(diagnostic: &'a Diagnostic, sources: &'a SourceMap) -> Group<'a> {
    let level = match diagnostic.severity {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
    };
    let title = level
        .primary_title(diagnostic.message.as_str())
        .id(diagnostic.code.name());
    let mut group = match diagnostic.span {
        Some(span) => {
            let file = sources.get(span.file);
            if file.quotable() {
                let position = file.line_column(span.start);
                let line = file.line_range(position.line);
                let line_text = &file.text()[line.clone()];
                // Point within the first line; an empty span still gets one caret.
                let start = floor_boundary(
                    line_text,
                    span.start.clamp(line.start, line.end) - line.start,
                );
                let mut end =
                    ceil_boundary(line_text, span.end.clamp(line.start, line.end) - line.start);
                if end <= start {
                    end = line_text[start..]
                        .chars()
                        .next()
                        .map_or(start, |c| start + c.len_utf8());
                }
                let mut annotation = AnnotationKind::Primary.span(start..end);
                if let Some(label) = &diagnostic.label {
                    annotation = annotation.label(label.as_str());
                }
                title.element(
                    Snippet::source(line_text)
                        .line_start(position.line)
                        .path(file.display_path.as_str())
                        .annotation(annotation),
                )
            } else {
                title.element(Origin::path(file.display_path.as_str()))
            }
        }
        None => Group::with_title(title),
    };
    if let Some(hint) = &diagnostic.hint {
        group = group.element(Level::HELP.message(hint.as_str()));
    }
    group
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn ceil_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index += 1;
    }
    index
}

#[derive(Serialize)]
struct JsonReport<'a> {
    /// Bumped when a field changes meaning or disappears; new fields may appear at any time.
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: Option<&'a str>,
    line: Option<usize>,
    column: Option<usize>,
    end: Option<JsonPosition>,
    severity: Severity,
    code: &'static str,
    message: &'a str,
    label: Option<&'a str>,
    hint: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonPosition {
    line: usize,
    column: usize,
}

/// The same diagnostics as one JSON document (see README.md for the fields).
pub fn json(diagnostics: &[Diagnostic], sources: &SourceMap) -> String {
    let mut text =
        serde_json::to_string_pretty(&json_value(diagnostics, sources)).expect("JSON values print");
    text.push('\n');
    text
}

/// [`json`]'s document as a value, for a command that adds its own fields (`build`).
pub fn json_value(diagnostics: &[Diagnostic], sources: &SourceMap) -> serde_json::Value {
    let items = diagnostics
        .iter()
        .map(|d| {
            let located = d.span.map(|span| {
                let file = sources.get(span.file);
                let start = file.line_column(span.start);
                let end = file.line_column(span.end);
                (file.display_path.as_str(), start, end, file.quotable())
            });
            JsonDiagnostic {
                file: located.map(|(path, ..)| path),
                line: located.filter(|l| l.3).map(|(_, start, ..)| start.line),
                column: located.filter(|l| l.3).map(|(_, start, ..)| start.column),
                end: located.filter(|l| l.3).map(|(_, _, end, _)| JsonPosition {
                    line: end.line,
                    column: end.column,
                }),
                severity: d.severity,
                code: d.code.name(),
                message: &d.message,
                label: d.label.as_deref(),
                hint: d.hint.as_deref(),
            }
        })
        .collect();
    let report = JsonReport {
        version: 1,
        diagnostics: items,
        summary: Summary::of(diagnostics, sources),
    };
    serde_json::to_value(&report).expect("diagnostics serialize to JSON")
}
