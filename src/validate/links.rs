//! Links and raw HTML inside Markdown fields.
//!
//! A link is one of: `kb:<topic>/<entry>`, `kb:<entry>` (same topic), `kb:<topic>` (a topic
//! page), `<base>:<path>` for a link base named in kb.yaml, an absolute `https:` URL, or
//! `mailto:`. Relative links are refused: the same text is rendered into several trees (HTML per
//! locale, Markdown, the catalog), where a relative path cannot be right everywhere.

use super::{Checker, Context};
use crate::diagnostic::{Code, Diagnostic};
use crate::ids::did_you_mean;
use crate::markdown::{Outline, outline};
use crate::model::Text;
use crate::source::Span;

/// What a link destination points at, once resolved.
#[derive(Debug, PartialEq)]
pub enum Target {
    Entry(String),
    Topic(String),
    External,
}

impl Checker<'_> {
    /// Checks one Markdown field: its links, its raw HTML and, in Korean, its typography.
    /// Returns the outline for callers that compare texts (translations).
    pub(super) fn markdown(&mut self, context: Context, text: &Text) -> Outline {
        let found = outline(&text.value);
        self.markdown_checks(context, text, &found);
        found
    }

    /// [`Self::markdown`] for a source-locale text: its outline is kept for the comparison with
    /// its translations, so that each source field is parsed once.
    pub(super) fn source_markdown(&mut self, context: Context, text: &Text) {
        let found = outline(&text.value);
        self.markdown_checks(context, text, &found);
        self.source_outlines
            .insert(super::translations::source_key(text), found);
    }

    fn markdown_checks(&mut self, context: Context, text: &Text, found: &Outline) {
        let value_span = self.span(context.file, text);
        let source = self.kb.sources.get(context.file);
        for link in &found.links {
            let written = &text.value[link.range.clone()];
            let link_span = source.find_within(value_span, written);
            let span = source.find_within(link_span, &link.destination);
            if let Err(diagnostic) = self.resolve(&link.destination, context.topic, span) {
                self.out.push(diagnostic);
            }
        }
        for range in &found.html {
            let html = &text.value[range.clone()];
            let span = source.find_within(value_span, html);
            self.out.push(
                Diagnostic::new(Code::RawHtml, span, "raw HTML in Markdown")
                    .label("shown as text, not as HTML")
                    .hint("use Markdown (`**bold**`, `` `code` ``, lists); kbgen never passes HTML through"),
            );
        }
        if context.locale == Some("ko") {
            self.korean(context, text, value_span, found);
        }
    }

    /// Resolves a link destination, or explains why it cannot be resolved.
    pub(super) fn resolve(
        &self,
        destination: &str,
        topic: Option<&str>,
        span: Span,
    ) -> Result<Target, Diagnostic> {
        let scheme = destination
            .split_once(':')
            .map(|(scheme, _)| scheme)
            .filter(|scheme| {
                !scheme.is_empty()
                    && scheme
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'+' || b == b'.')
            });
        let Some(scheme) = scheme else {
            return Err(Diagnostic::new(Code::RelativeLink, span, format!("relative link `{destination}`"))
                .label("relative links break in some outputs")
                .hint("link entries as `kb:<topic>/<entry>` (or `kb:<entry>` in the same topic), and other sites with a full https URL or a link base from kb.yaml (`azure:path`)"));
        };
        let rest = &destination[scheme.len() + 1..];
        match scheme.to_ascii_lowercase().as_str() {
            "kb" => self.resolve_kb(rest, topic, span),
            "https" | "mailto" => Ok(Target::External),
            "http" => Err(Diagnostic::new(
                Code::InsecureLink,
                span,
                format!("insecure link `{destination}`"),
            )
            .hint(format!("use `https:{rest}` if the site supports it"))),
            "javascript" | "data" | "vbscript" => {
                Err(
                    Diagnostic::new(Code::UnsafeLink, span, format!("`{scheme}:` link"))
                        .label("never allowed")
                        .hint("links in a KB lead to documents: use an https URL or a `kb:` link"),
                )
            }
            _ => {
                let bases = self.link_bases();
                if bases.contains(&scheme) {
                    if rest.is_empty() {
                        return Err(Diagnostic::new(
                            Code::BrokenLink,
                            span,
                            format!("link base `{scheme}:` without a path"),
                        )
                        .hint(format!(
                            "write the page after the base: `{scheme}:path/to/page`"
                        )));
                    }
                    return Ok(Target::External);
                }
                let hint = match did_you_mean(scheme, bases.iter().copied()) {
                    Some(near) => format!("did you mean `{near}:`?"),
                    None if bases.is_empty() => {
                        format!("declare it in kb.yaml: `link_bases: {{ {scheme}: https://... }}`")
                    }
                    None => format!("the link bases in kb.yaml are: {}", bases.join(", ")),
                };
                Err(Diagnostic::new(
                    Code::UnknownLinkBase,
                    span,
                    format!("unknown link base `{scheme}:`"),
                )
                .hint(hint))
            }
        }
    }

    fn resolve_kb(
        &self,
        path: &str,
        topic: Option<&str>,
        span: Span,
    ) -> Result<Target, Diagnostic> {
        let kb = self.kb;
        if let Some((topic_id, entry)) = path.split_once('/') {
            if kb.entry(path).is_some() {
                return Ok(Target::Entry(path.to_string()));
            }
            let candidates: Vec<&str> = match kb.topic(topic_id) {
                Some(t) => t.entries.iter().map(|e| e.id.as_str()).collect(),
                None => kb.entries().map(|e| e.id.as_str()).collect(),
            };
            let _ = entry;
            return Err(broken(span, path, did_you_mean(path, candidates)));
        }
        if let Some(topic_id) = topic
            && kb.entry(&format!("{topic_id}/{path}")).is_some()
        {
            return Ok(Target::Entry(format!("{topic_id}/{path}")));
        }
        if kb.topic(path).is_some() {
            return Ok(Target::Topic(path.to_string()));
        }
        let mut candidates: Vec<&str> = kb.topics.iter().map(|t| t.id.as_str()).collect();
        if let Some(t) = topic.and_then(|id| kb.topic(id)) {
            candidates.extend(t.entries.iter().map(|e| e.stem.as_str()));
        }
        Err(broken(span, path, did_you_mean(path, candidates)))
    }

    fn link_bases(&self) -> Vec<&str> {
        self.kb
            .settings
            .as_ref()
            .and_then(|loaded| loaded.doc.as_ref())
            .map(|settings| {
                settings
                    .link_bases
                    .iter()
                    .map(|(name, _)| name.value.as_str())
                    .collect()
            })
            .unwrap_or_default()
    }
}

fn broken(span: Span, path: &str, near: Option<&str>) -> Diagnostic {
    let hint = match near {
        Some(near) => format!("did you mean `kb:{near}`?"),
        None => "`kb:` links name an entry id (`<topic>/<entry>`, or `<entry>` in the same topic) or a topic id".to_string(),
    };
    Diagnostic::new(Code::BrokenLink, span, format!("broken link `kb:{path}`"))
        .label("no such entry or topic")
        .hint(hint)
}
