//! Templates, UI strings and static assets: the defaults are compiled into the binary under the
//! `__kbgen/` prefix, and a file of the same name in the KB's `templates/` folder wins (as in
//! Zola). Errors in a KB's override are diagnostics at its file and line.

use crate::diagnostic::{Code, Diagnostic};
use crate::kb::ids::did_you_mean;
use crate::kb::load::Kb;
use crate::kb::source::{FileId, Span};
use std::collections::BTreeMap;
use tera::{Kwargs, State, Tera};

/// Where the built-in templates live in the Tera instance.
pub const BUILTIN_PREFIX: &str = "__kbgen/";

/// The built-in templates: name, text.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../../templates/base.html")),
    ("index.html", include_str!("../../templates/index.html")),
    ("home.html", include_str!("../../templates/home.html")),
    ("topic.html", include_str!("../../templates/topic.html")),
    ("entry.html", include_str!("../../templates/entry.html")),
    (
        "entry-page.html",
        include_str!("../../templates/entry-page.html"),
    ),
    ("404.html", include_str!("../../templates/404.html")),
    ("sitemap.xml", include_str!("../../templates/sitemap.xml")),
    (
        "sitemap-index.xml",
        include_str!("../../templates/sitemap-index.xml"),
    ),
    ("topic.md", include_str!("../../templates/topic.md")),
    ("entry.md", include_str!("../../templates/entry.md")),
];

/// Static files copied to `site/assets/`.
pub const ASSETS: &[(&str, &[u8])] = &[
    (
        "assets/style.css",
        include_bytes!("../../templates/assets/style.css"),
    ),
    (
        "assets/kbgen.js",
        include_bytes!("../../templates/assets/kbgen.js"),
    ),
    (
        "assets/search.js",
        include_bytes!("../../templates/assets/search.js"),
    ),
];

pub const STRINGS_FILE: &str = "strings.yaml";
const STRINGS: &str = include_str!("../../templates/strings.yaml");

/// A locale's UI strings: `s.error`, `s.cause` ... in templates.
pub type Strings = BTreeMap<String, String>;

pub struct Templates {
    pub tera: Tera,
    strings: BTreeMap<String, Strings>,
    /// `assets/...` name -> bytes: the built-in ones and the KB's.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Template name -> the KB file that overrides it, for render errors.
    overrides: BTreeMap<String, FileId>,
}

impl Templates {
    /// The strings for `locale`: English, then the source locale, then the locale's language,
    /// then the locale itself, each overriding the one before, so that every key has a value.
    pub fn strings(&self, locale: &str, source_locale: &str) -> Strings {
        let language = locale.split('-').next().unwrap_or(locale);
        let mut strings = Strings::new();
        for layer in ["en", source_locale, language, locale] {
            if let Some(table) = self.strings.get(layer) {
                strings.extend(table.iter().map(|(k, v)| (k.clone(), v.clone())));
            }
        }
        strings
    }

    /// The native name of a locale (`한국어`) from the string tables, or the tag itself.
    pub fn language_name(&self, locale: &str) -> String {
        let language = locale.split('-').next().unwrap_or(locale);
        [locale, language]
            .iter()
            .find_map(|l| self.strings.get(*l)?.get("language_name").cloned())
            .unwrap_or_else(|| locale.to_string())
    }

    /// Renders `name` (the KB's override if it has one), mapping errors to diagnostics.
    pub fn render(
        &self,
        kb: &Kb,
        name: &str,
        context: &tera::Context,
    ) -> Result<String, Diagnostic> {
        self.tera
            .render(name, context)
            .map_err(|error| self.diagnostic(kb, name, &error))
    }

    /// Renders `name` straight into the file at `path` (see [`super::Files::add_rendered`]): a
    /// page of thousands of entries is never held whole in memory, nor copied.
    pub fn render_to_file(
        &self,
        kb: &Kb,
        name: &str,
        context: &tera::Context,
        files: &super::Files,
        path: impl AsRef<str>,
    ) -> Result<(), Diagnostic> {
        files
            .add_rendered(path, |out| self.tera.render_to(name, context, out))
            .map_err(|error| self.diagnostic(kb, name, &error))
    }

    fn diagnostic(&self, kb: &Kb, rendering: &str, error: &tera::Error) -> Diagnostic {
        let (message, template, range) = describe(error);
        let template = template.unwrap_or_else(|| rendering.to_string());
        match self.overrides.get(&template) {
            Some(&file) => {
                let span = range.map_or(Span::file_start(file), |range| Span::new(file, range));
                Diagnostic::new(
                    Code::TemplateError,
                    span,
                    format!("template `{template}`: {message}"),
                )
                .hint("the variables each template receives are listed in README.md (Templates)")
            }
            None => {
                let file = kb.sources.find(
                    &kb.root
                        .join(crate::kb::load::TEMPLATES_FOLDER)
                        .join(rendering),
                );
                let mut diagnostic = Diagnostic::without_span(
                    Code::TemplateError,
                    format!("rendering `{rendering}`: {message}"),
                );
                diagnostic.span = file.map(Span::file_start);
                diagnostic.hint("a built-in template failed with the KB's overrides; check the overrides' blocks and variables")
            }
        }
    }
}

/// The message, template name and byte range of a Tera error, as precisely as Tera says.
fn describe(error: &tera::Error) -> (String, Option<String>, Option<std::ops::Range<usize>>) {
    use tera::ErrorKind;
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => (
            report.message().to_string(),
            Some(
                report
                    .filename()
                    .trim_start_matches(BUILTIN_PREFIX)
                    .to_string(),
            )
            .filter(|n| !n.is_empty()),
            Some(report.span().range.clone()),
        ),
        _ => {
            let mut message = error.to_string();
            let mut source = std::error::Error::source(error);
            while let Some(cause) = source {
                message.push_str(": ");
                message.push_str(&cause.to_string());
                source = cause.source();
            }
            (message, None, None)
        }
    }
}

/// Builds the templates of a KB: the defaults, then its overrides. Returns every problem found,
/// and the templates unless one of the problems is an error.
pub fn load(kb: &Kb) -> (Option<Templates>, Vec<Diagnostic>) {
    let mut tera = Tera::default();
    tera.set_fallback_prefixes([BUILTIN_PREFIX])
        .expect("set before any template");
    tera.set_escape_fn(escape_html);
    tera.register_filter("yaml", yaml_string);
    tera.register_filter("md_text", markdown_text);
    tera.register_filter("md_code", markdown_code);
    tera.add_raw_templates(
        TEMPLATES
            .iter()
            .map(|(name, text)| (format!("{BUILTIN_PREFIX}{name}"), *text)),
    )
    .expect("built-in templates parse");
    let mut strings: BTreeMap<String, Strings> =
        serde_saphyr::from_str(STRINGS).expect("built-in strings parse");
    let mut assets: BTreeMap<String, Vec<u8>> = ASSETS
        .iter()
        .map(|(name, bytes)| (name.to_string(), bytes.to_vec()))
        .collect();
    let mut overrides = BTreeMap::new();
    let mut problems = Vec::new();
    let known: Vec<&str> = TEMPLATES
        .iter()
        .map(|(n, _)| *n)
        .chain([STRINGS_FILE])
        .collect();

    for template in &kb.templates {
        let name = template.name.as_str();
        let span = template.text.map(Span::file_start);
        if name.starts_with("assets/") {
            assets.insert(name.to_string(), template.bytes.clone());
        } else if name == STRINGS_FILE {
            let Some(file) = template.text else { continue };
            match crate::kb::load::parse_other::<BTreeMap<String, Strings>>(
                kb.sources.get(file),
                file,
            ) {
                Ok(table) => {
                    for (locale, entries) in table {
                        strings.entry(locale).or_default().extend(entries);
                    }
                }
                Err(found) => problems.extend(found),
            }
        } else if let Some(file) = template
            .text
            .filter(|_| name.ends_with(".html") || name.ends_with(".xml") || name.ends_with(".md"))
        {
            if !known.contains(&name)
                && let Some(span) = span
            {
                let hint = match did_you_mean(name, known.iter().copied()) {
                    Some(near) => {
                        format!("did you mean `{near}`? kbgen renders only its own template names")
                    }
                    None => "it can still be included by an override ({% include %})".to_string(),
                };
                problems.push(
                    Diagnostic::new(
                        Code::UnknownTemplate,
                        span,
                        format!("`templates/{name}` overrides no built-in template"),
                    )
                    .hint(hint),
                );
            }
            let text = kb.sources.get(file).text();
            match tera.add_raw_template(name, text) {
                Ok(()) => {
                    overrides.insert(name.to_string(), file);
                }
                Err(error) => {
                    let (message, _, range) = describe(&error);
                    let span = range.map_or(Span::file_start(file), |r| Span::new(file, r));
                    problems.push(
                        Diagnostic::new(Code::TemplateError, span, format!("template `{name}` does not parse: {message}"))
                            .hint("Tera 2 syntax: {{ value }}, {% if %}...{% endif %}, {% for x in list %}...{% endfor %}"),
                    );
                }
            }
        } else if let Some(span) = span {
            problems.push(
                Diagnostic::new(
                    Code::UnknownTemplate,
                    span,
                    format!("`templates/{name}` is not a template, string table or asset"),
                )
                .hint(
                    "templates end in .html, .xml or .md; static files go under templates/assets/",
                ),
            );
        }
    }
    let errors = problems
        .iter()
        .any(|d| d.severity == crate::diagnostic::Severity::Error);
    let templates = (!errors).then_some(Templates {
        tera,
        strings,
        assets,
        overrides,
    });
    (templates, problems)
}

/// Tera's own HTML escaping, byte for byte the same output, written a run at a time: Tera's
/// writes each byte with its own call through `dyn Write`, a tenth of a build's CPU.
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (at, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..at])?;
        out.write_all(entity)?;
        start = at + 1;
    }
    out.write_all(&bytes[start..])
}

/// `{{ value | yaml }}`: a YAML (JSON) string literal, safe in front matter.
fn yaml_string(value: &str, _: Kwargs, _: &State) -> String {
    serde_json::to_string(value).expect("strings serialize")
}

/// `{{ title | md_text }}`: plain text in a Markdown page, escaped so that it cannot open markup.
fn markdown_text(value: &str, _: Kwargs, _: &State) -> String {
    crate::kb::markdown::escape_inline(value)
}

/// `{{ code | md_code }}`: text as one Markdown code span, whatever backticks it holds.
fn markdown_code(value: &str, _: Kwargs, _: &State) -> String {
    crate::kb::markdown::code_span(value)
}

#[cfg(test)]
mod tests {
    /// The run-at-a-time escaping writes what Tera's own writes, for every character it escapes
    /// and for text around them, Hangul included.
    #[test]
    fn escaping_is_teras_byte_for_byte() {
        for text in [
            "",
            "plain",
            "<script>alert('x')</script>",
            "a & b \"c\" <d> 'e'",
            "&&<<>>\"\"''",
            "연결 <정보> & '경고'",
            "ends with &",
        ] {
            let (mut ours, mut teras) = (Vec::new(), Vec::new());
            super::escape_html(text, &mut ours).unwrap();
            tera::escape_html(text, &mut teras).unwrap();
            assert_eq!(
                String::from_utf8(ours).unwrap(),
                String::from_utf8(teras).unwrap()
            );
        }
    }
}
