//! The glossary: terms that translations must render one way, must not render another way, or
//! must keep verbatim. Each rule applies to a translated text only when its source has the term.

use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::kb::fields::Field;
use crate::kb::glossary::{has_term, prose};
use crate::kb::model::{Glossary, GlossaryTerm};
use crate::kb::source::FileId;
use std::collections::HashSet;

impl Checker<'_> {
    pub(super) fn glossary(&mut self, targets: &[String]) {
        let Some(loaded) = &self.kb.glossary else {
            return;
        };
        let Some(glossary) = &loaded.doc else { return };
        self.glossary_itself(loaded.file, glossary);
        let kb = self.kb;
        for locale in targets {
            let fields: Vec<(FileId, Field)> = crate::kb::fields::units(kb, locale)
                .into_iter()
                .filter_map(|unit| Some((unit.translation_file?, unit.fields)))
                .flat_map(|(file, fields)| fields.into_iter().map(move |field| (file, field)))
                .collect();
            for (file, field) in &fields {
                let Some(translated) = field.translated else {
                    continue;
                };
                let source = prose(&field.source.value);
                for term in &glossary.terms {
                    if has_term(&source, &term.term.value) {
                        self.glossary_rules(*file, locale, term, field, &translated.text);
                    }
                }
            }
        }
    }

    fn glossary_rules(
        &mut self,
        file: FileId,
        locale: &str,
        term: &GlossaryTerm,
        field: &Field,
        text: &crate::kb::model::Text,
    ) {
        let value_span = self.span(file, text);
        let source = self.kb.sources.get(file);
        let name = &term.term.value;
        let translated = prose(&text.value);
        if term.keep && !translated.contains(name.as_str()) {
            let lower = translated.to_lowercase();
            let written = lower
                .find(&name.to_lowercase())
                .and_then(|at| translated.get(at..at + name.len()));
            let span = written.map_or(value_span, |w| source.find_within(value_span, w));
            self.push(
                Diagnostic::new(
                    Code::GlossaryKeep,
                    span,
                    format!(
                        "`{name}` is never translated, but the translation of `{}` changed it",
                        field.path
                    ),
                )
                .label(written.map_or("missing here".to_string(), |w| format!("`{w}`")))
                .hint(format!(
                    "write `{name}` exactly as the source does (glossary.yaml)"
                )),
            );
        }
        for (locale_key, renderings) in term.forbidden.iter() {
            if locale_key.value != locale {
                continue;
            }
            for rendering in renderings {
                if let Some(at) = translated.find(rendering.value.as_str()) {
                    let written = &translated[at..at + rendering.value.len()];
                    let span = source.find_within(value_span, written);
                    let required = term
                        .translations
                        .get(locale)
                        .map(|r| format!(" Use `{}`.", r.value))
                        .unwrap_or_default();
                    self.push(
                        Diagnostic::new(Code::GlossaryForbidden, span, format!("`{written}` renders `{name}` in a way the glossary forbids for `{locale}`"))
                            .label("forbidden rendering")
                            .hint(format!(
                                "{}{required}",
                                term.note.as_ref().map_or("See glossary.yaml.".to_string(), |n| n.value.trim().to_string())
                            )),
                    );
                }
            }
        }
        if let Some(required) = term.translations.get(locale)
            && !translated.contains(required.value.as_str())
        {
            self.push(
                Diagnostic::new(
                    Code::GlossaryTerm,
                    value_span,
                    format!(
                        "the translation of `{}` does not use `{}` for `{name}`",
                        field.path, required.value
                    ),
                )
                .hint(format!(
                    "glossary.yaml renders `{name}` as `{}` in `{locale}`",
                    required.value
                )),
            );
        }
    }

    /// The glossary's own consistency: known locales, one entry per term.
    fn glossary_itself(&mut self, file: FileId, glossary: &Glossary) {
        let locales = self.kb.locales().unwrap_or_default();
        let mut seen = HashSet::new();
        for term in &glossary.terms {
            let span = self.span(file, &term.term);
            if !seen.insert(term.term.value.to_lowercase()) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        span,
                        format!("`{}` is in the glossary twice", term.term.value),
                    )
                    .hint("merge the two entries"),
                );
            }
            let keys = term
                .translations
                .iter()
                .map(|(k, _)| k)
                .chain(term.forbidden.iter().map(|(k, _)| k));
            for key in keys {
                if !locales.contains(&key.value) {
                    let span = self.span(file, key);
                    self.push(
                        Diagnostic::new(
                            Code::UnknownLocale,
                            span,
                            format!(
                                "glossary locale `{}` is not in kb.yaml's `locales`",
                                key.value
                            ),
                        )
                        .hint(format!("the locales are: {}", locales.join(", "))),
                    );
                }
            }
        }
    }
}
