//! Links and raw HTML inside Markdown fields.
//!
//! A link is one of: `kb:<topic>/<entry>`, `kb:<entry>` (same topic), `kb:<topic>` (a topic
//! page), `<base>:<path>` for a link base named in kb.yaml, an absolute `https:` URL, or
//! `mailto:`. Relative links are refused: the same text is rendered into several trees (HTML per
//! locale, Markdown, the catalog), where a relative path cannot be right everywhere.

use super::{Checker, Context};
use crate::diagnostic::{Code, Diagnostic};
use crate::kb::links::{self, Problem, Target};
use crate::kb::markdown::{Outline, outline};
use crate::kb::model::Text;
use crate::kb::source::Span;

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
            // Where the destination is written is looked up only for a link with a problem.
            let placeholder = Span::file_start(context.file);
            if let Err(mut diagnostic) = self.resolve(&link.destination, context.topic, placeholder)
            {
                let written = &text.value[link.range.clone()];
                let link_span = source.find_within(value_span, written);
                diagnostic.span = Some(source.find_within(link_span, &link.destination));
                self.out.push(diagnostic);
            }
        }
        for range in &found.html {
            let html = &text.value[range.clone()];
            let span = source.find_within(value_span, html);
            if let Some(scheme) = crate::kb::markdown::unsafe_scheme_in_html(html) {
                self.out.push(
                    Diagnostic::new(Code::UnsafeLink, span, format!("`{scheme}:` URL in raw HTML"))
                        .label("never allowed")
                        .hint("links in a KB lead to documents: write a Markdown link to an https URL or a `kb:` link"),
                );
            }
            self.out.push(
                Diagnostic::new(Code::RawHtml, span, "raw HTML in Markdown")
                    .label("shown as text, not as HTML")
                    .hint("use Markdown (`**bold**`, `` `code` ``, lists); kbgen never passes HTML through"),
            );
        }
        // Markup the reader would see as characters: one finding per text is enough to fix.
        if let Some(literal) = crate::kb::markdown::literal_markup(&text.value, found) {
            let markup = literal.markup;
            let run = source.find_within(value_span, &text.value[literal.run]);
            let span = source.find_within(run, &text.value[literal.at]);
            let message = match markup {
                "`" => "a backtick that opens no code span is shown as text".to_string(),
                markup => format!("`{markup}` is shown as text: this markup does not take effect"),
            };
            self.out.push(
                Diagnostic::new(Code::LiteralMarkup, span, message)
                    .label("the reader sees this")
                    .hint(match markup {
                        "**" | "__" => "keep the markers against the words they wrap (`**커넥터 상태**`, not `** 커넥터 상태 **`); a closing marker after punctuation needs a space or punctuation after it, not a letter (`\"**커넥터 상태**\"에`, not `**\"커넥터 상태\"**에`)",
                        "`" => "close the code span with a second backtick, or write `\\`` for a backtick as text",
                        _ => "write a link as `[text](target)` with nothing between `]` and `(`, and close it with `)`",
                    }),
            );
        }
        if context.locale.map(crate::kb::ids::language) == Some("ko") {
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
        let target = links::resolve(self.kb, destination, topic).map_err(|problem| match problem {
            Problem::Relative => Diagnostic::new(Code::RelativeLink, span, format!("relative link `{destination}`"))
                .label("relative links break in some outputs")
                .hint("link entries as `kb:<topic>/<entry>` (or `kb:<entry>` in the same topic), and other sites with a full https URL or a link base from kb.yaml (`azure:path`)"),
            Problem::Unsafe(scheme) => Diagnostic::new(Code::UnsafeLink, span, format!("`{scheme}:` link"))
                .label("never allowed")
                .hint("links in a KB lead to documents: use an https URL or a `kb:` link"),
            Problem::EmptyBasePath(base) => Diagnostic::new(Code::BrokenLink, span, format!("link base `{base}:` without a path"))
                .hint(format!("write the page after the base: `{base}:path/to/page`")),
            Problem::UnknownBase { base, near, known } => {
                let hint = match near {
                    Some(near) => format!("did you mean `{near}:`?"),
                    None if known.is_empty() => format!("declare it in kb.yaml: `link_bases: {{ {base}: https://... }}`"),
                    None => format!("the link bases in kb.yaml are: {}", known.join(", ")),
                };
                Diagnostic::new(Code::UnknownLinkBase, span, format!("unknown link base `{base}:`")).hint(hint)
            }
            Problem::Broken { path, near } => broken(span, &path, near.as_deref()),
        })?;
        if let Some(rest) = destination.strip_prefix("http:") {
            return Err(Diagnostic::new(
                Code::InsecureLink,
                span,
                format!("insecure link `{destination}`"),
            )
            .hint(format!("use `https:{rest}` if the site supports it")));
        }
        Ok(target)
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
