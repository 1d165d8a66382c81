//! Validation findings as data: every problem the loader and the validator find becomes a
//! [`Diagnostic`] with a stable [`Code`]; [`crate::check::report`] alone turns them into text or JSON.

use crate::kb::source::Span;
use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

macro_rules! codes {
    ($($variant:ident => $name:literal, $severity:ident, $summary:literal;)*) => {
        /// Stable diagnostic codes. The kebab-case names are part of kbgen's interface
        /// (JSON output, documentation): never rename one, only add.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// One line for the reference table in README.md.
            pub fn summary(self) -> &'static str {
                match self { $(Code::$variant => $summary,)* }
            }
        }
    };
}

codes! {
    IoError => "io-error", Error, "a file or folder could not be read (permissions, a symlink loop)";
    InvalidUtf8 => "invalid-utf8", Error, "a file is not valid UTF-8";
    FileTooLarge => "file-too-large", Error, "a file is larger than kbgen reads (8 MiB)";
    SymlinkOutsideKb => "symlink-outside-kb", Error, "a symbolic link whose target lies outside the KB folder: never opened";
    NotARegularFile => "not-a-regular-file", Error, "a FIFO, socket or device where a file is expected: never opened";
    YamlTag => "yaml-tag", Error, "a YAML tag (`!!binary`, `!custom`): the format has no use for tags";
    YamlSyntax => "yaml-syntax", Error, "the file is not well-formed YAML (one per file: parsing stops there)";
    UnknownField => "unknown-field", Error, "a field the format does not have (with \"did you mean\")";
    MissingField => "missing-field", Error, "a required field is absent";
    WrongType => "wrong-type", Error, "a field holds the wrong kind of value (a list for a string, ...)";
    DuplicateKey => "duplicate-key", Error, "the same key twice in one mapping";
    EmptyList => "empty-list", Error, "a list that needs at least one item is empty";
    InvalidValue => "invalid-value", Error, "a value of the right type but not allowed (a locale tag, a URL, a date)";
    InvalidId => "invalid-id", Error, "a topic, entry or file name that is not a lower-case id `[a-z0-9-]`";
    DuplicateId => "duplicate-id", Error, "an id listed twice (in `order`, `related`, `locales`, `tags`)";
    MissingKbFile => "missing-kb-file", Error, "the KB folder has no kb.yaml";
    MissingTopicFile => "missing-topic-file", Error, "a topic folder has no topic.yaml";
    NotInOrder => "not-in-order", Error, "an entry file that its topic's `order` does not list (or a topic that kb.yaml's `topics` does not)";
    UnknownInOrder => "unknown-in-order", Error, "`order` lists an entry that has no file (or `topics` a topic that has no folder)";
    UnexpectedFile => "unexpected-file", Error, "a file that is neither settings, topic, entry nor translation";
    UnknownLocale => "unknown-locale", Error, "a translation for a locale that kb.yaml does not list";
    OrphanTranslation => "orphan-translation", Error, "a translation whose source file or source field does not exist";
    BrokenLink => "broken-link", Error, "a `kb:` link to an entry or topic that does not exist";
    BrokenRelated => "broken-related", Error, "a `related` id that is not an entry";
    UnknownLinkBase => "unknown-link-base", Error, "a `<base>:<path>` link whose base is not in kb.yaml's `link_bases`";
    UnsafeLink => "unsafe-link", Error, "a `javascript:`, `data:` or `vbscript:` link";
    RelativeLink => "relative-link", Error, "a relative link (`./page.md`, `#anchor`): it would break in one of the outputs";
    UndeclaredPlaceholder => "undeclared-placeholder", Error, "a `{name}` brace group in a message that `placeholders` does not declare";
    UnusedPlaceholder => "unused-placeholder", Error, "a declared placeholder that no message uses";
    InlineAlternatives => "inline-alternatives", Error, "`{a|b|c}` written in a message instead of a placeholder with `values`";
    ListLengthMismatch => "list-length-mismatch", Error, "a translated list with a different number of items than its source";
    ProtectedSpanChanged => "protected-span-changed", Error, "a translation changed or dropped a code span, placeholder, URL or link target of its source";
    LocalizedMessageMismatch => "localized-message-mismatch", Error, "a localized message that lost a placeholder or JSON key of the source message, or changed a JSON value that names something (`\"table\": \"incident\"` as `\"인시던트\"`)";
    CostlyPattern => "costly-pattern", Error, "a message whose match pattern could take too long in backtracking regex engines (Python, JavaScript) on a long log line";
    SampleMismatch => "sample-mismatch", Error, "an `error.samples` message that no message of its own entry matches";
    SampleAmbiguous => "sample-ambiguous", Error, "an `error.samples` message that another entry's messages match too";
    GlossaryForbidden => "glossary-forbidden", Error, "a translation renders a glossary term in a way the glossary forbids (`요금` for `rate limit`)";
    GlossaryKeep => "glossary-keep", Error, "a translation changed a term the glossary says is never translated (`ServiceNow`)";
    LiteralMarkup => "literal-markup", Error, "Markdown markup that does not take effect and shows as characters (`** 커넥터 상태 **`, `**\"커넥터 상태\"**에`, a lone backtick, a broken link's `](`)";
    TemplateError => "template-error", Error, "a template override in the KB's templates/ that does not parse or render";
    ImportSyntax => "import-syntax", Error, "`i18n import`: an exchange file (PO, XLIFF) that cannot be read exactly (an unknown escape, an unterminated string)";
    ImportUnsupported => "import-unsupported", Error, "`i18n import`: something the KB format cannot hold (plural forms, XLIFF markup other than `<ph/>`)";
    ImportInexact => "import-inexact", Error, "`i18n import`: a translation file the import cannot change exactly (a list of another length than the source's, a list imported in part, a field in a form kbgen does not edit)";
    ImportLocale => "import-locale", Error, "`i18n import`: the file's `Language`/`trgLang` is missing or not a translated locale of the KB";
    ImportUnknownUnit => "import-unknown-unit", Error, "`i18n import`: a unit that names no field of the KB, or one field twice";
    ImportSourceChanged => "import-source-changed", Error, "`i18n import`: the source changed since the export (or the unit lost its fingerprint)";
    MissingTranslation => "missing-translation", Warning, "a locale has no translation of a file or field (an error with --strict)";
    StaleTranslation => "stale-translation", Warning, "the source text changed since the translation was made (an error with --strict)";
    AmbiguousMessages => "ambiguous-messages", Warning, "two entries whose messages can match the same text: a dashboard could show the wrong fix";
    GlossaryTerm => "glossary-term", Warning, "a translation does not use the glossary's rendering of a term its source has";
    ScaffoldText => "scaffold-text", Warning, "a text `kbgen new` wrote for the author to replace, not replaced yet (an error in `build` and with --strict: it is never published)";
    NoBaseUrl => "no-base-url", Warning, "`build` without a `base_url` (kb.yaml or `--base-url`): the site is written without sitemap.xml, whose URLs must be absolute";
    SentenceMismatch => "sentence-mismatch", Warning, "a translation with fewer sentences than its source (one left out?) or with a sentence written twice";
    Untranslated => "untranslated", Warning, "a translated field that is its source text itself (with prose to translate), under a fresh fingerprint";
    NumberMismatch => "number-mismatch", Warning, "a translation whose prose lacks or changed a number of its source's (`429` as `492`, `CC BY 4.0` as `3.0`), outside code, URLs and placeholders";
    UnknownTemplate => "unknown-template", Warning, "a file in the KB's templates/ that kbgen never uses (a misspelt override?)";
    InsecureLink => "insecure-link", Warning, "an `http:` link where `https:` is expected";
    RawHtml => "raw-html", Warning, "raw HTML in Markdown: it will be shown as text, never passed through";
    KoParticleInLink => "ko-particle-in-link", Warning, "Korean link text that starts with a particle belonging to the word before the link";
    KoDependentNoun => "ko-dependent-noun", Warning, "a Korean dependent noun written onto the word before it (`연결할수 있습니다`, `확인할때`): it is a word of its own";
    InformalRegister => "informal-register", Warning, "a sentence of body text in the informal register (`확인해요.`) in a locale that kb.yaml sets to `style: formal` (합니다체)";
    EnglishRun => "english-run", Warning, "an English sentence left in a translation into a language of another script (five English words in a row, one of them `the`, `is`, `to`...)";
    LengthMismatch => "length-mismatch", Warning, "a translation far shorter or longer than translations into its language are (for Korean from English: 0.25-1.2 times, measured): a part left out, doubled or left in English";
    MarkupMismatch => "markup-mismatch", Warning, "a translation with more or fewer bold, italic or list items than its source";
    DetachedParticle => "detached-particle", Warning, "a particle written as a word of its own after code, a placeholder, a link or a Latin-script word (`` `{alertName}` 처럼 ``, `ServiceNow 에서`)";
    KoBrokenSpacing => "ko-broken-spacing", Warning, "Korean words split by machine-translation spacing (`하 여`, `되 었습니다`)";
}

/// One finding: what is wrong, where, and what to do about it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// `None` only for problems that concern no file (an unreadable KB folder).
    pub span: Option<Span>,
    /// A label under the caret; short.
    pub label: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.default_severity(),
            message: message.into(),
            span: Some(span),
            label: None,
            hint: None,
        }
    }

    pub fn without_span(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            span: None,
            ..Diagnostic::new(
                code,
                Span::file_start(crate::kb::source::FileId(0)),
                message,
            )
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }
}

/// The findings of one run, in the order they were found; [`Diagnostics::finish`] sorts them.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    /// `--strict`: every warning becomes an error.
    /// Makes every finding of `code` an error.
    pub fn promote(&mut self, code: Code) {
        for item in self.items.iter_mut().filter(|item| item.code == code) {
            item.severity = Severity::Error;
        }
    }

    pub fn promote_warnings(&mut self) {
        for item in &mut self.items {
            item.severity = Severity::Error;
        }
    }

    /// Sorts by file, then position, then code, so output is stable and reads top to bottom.
    pub fn finish(mut self, sources: &crate::kb::source::SourceMap) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            let key = |d: &Diagnostic| {
                d.span.map(|span| {
                    (
                        sources.get(span.file).display_path.as_str(),
                        span.start,
                        span.end,
                    )
                })
            };
            key(a)
                .cmp(&key(b))
                .then(a.code.cmp(&b.code))
                .then(a.message.cmp(&b.message))
        });
        self.items
            .dedup_by(|a, b| a.span == b.span && a.code == b.code && a.message == b.message);
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_names_are_unique_kebab_case() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        assert!(names.iter().all(|n| {
            n.chars()
                .all(|c| c.is_ascii_lowercase() || c == '-' || c.is_ascii_digit())
        }));
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
    }
}
