//! Translations: every translatable field of the source locale, compared with each locale's
//! `<name>.<locale>.yaml`.
//!
//! Missing and stale fields are warnings (errors with `--strict`): a KB is published while
//! translators catch up. Changing what must stay verbatim is always an error: list lengths,
//! code spans, placeholders, link targets, and error messages (which are not translated at all).

use super::{Checker, Context};
use crate::diagnostic::{Code, Diagnostic};
use crate::kb::fields::{EntryFields, FieldPath, Slot, kb_slots, topic_slots};
use crate::kb::fingerprint;
use crate::kb::ids::did_you_mean;
use crate::kb::load::{Entry, Loaded, Localized, Topic};
use crate::kb::markdown::{Protected, ProtectedKind};
use crate::kb::message::{GroupKind, brace_groups, json_keys};
use crate::kb::model::{EntryDoc, EntryTranslation, List, Text, Translated};
use crate::kb::source::{FileId, Span};

impl Checker<'_> {
    /// The locales to compare with the source, once kb.yaml says which; `None` when kb.yaml did
    /// not parse or is inconsistent (its own diagnostics say why).
    pub(super) fn translation_targets(&self) -> Option<Vec<String>> {
        let (locales, source_locale) = (self.kb.locales()?, self.kb.source_locale()?);
        if !locales.iter().any(|l| l == source_locale) {
            return None;
        }
        Some(
            locales
                .iter()
                .filter(|l| *l != source_locale && crate::kb::ids::is_valid_locale(l))
                .cloned()
                .collect(),
        )
    }

    /// Translation files' locales, and the translations of kb.yaml and of every topic file.
    pub(super) fn settings_and_topic_translations(&mut self, targets: &[String]) {
        if let (Some(locales), Some(source_locale)) = (self.kb.locales(), self.kb.source_locale()) {
            self.translation_locales(&locales, source_locale);
        }
        let kb = self.kb;
        for locale in targets {
            if let Some(settings) = kb.settings.as_ref() {
                self.settings_translation(settings, locale);
            }
            for topic in &kb.topics {
                self.topic_translation(topic, locale);
            }
        }
    }

    /// One entry's translations into every target locale.
    pub(super) fn entry_translations(&mut self, topic: &Topic, entry: &Entry, targets: &[String]) {
        for locale in targets {
            self.entry_translation(topic, entry, locale);
        }
    }

    /// Every translation file's locale must be one of `locales`, and not the source locale.
    fn translation_locales(&mut self, locales: &[String], source_locale: &str) {
        let kb = self.kb;
        fn file_and_locale<T>(t: &Localized<T>) -> (FileId, &str) {
            (t.loaded.file, t.locale.as_str())
        }
        let mut files: Vec<(FileId, &str)> = kb
            .settings_translations
            .iter()
            .map(file_and_locale)
            .collect();
        files.extend(
            kb.topics
                .iter()
                .flat_map(|t| t.translations.iter().map(file_and_locale)),
        );
        files.extend(
            kb.entries()
                .flat_map(|e| e.translations.iter().map(file_and_locale)),
        );
        for (file, locale) in files {
            let span = Span::file_start(file);
            if locale == source_locale {
                self.push(
                    Diagnostic::new(
                        Code::UnknownLocale,
                        span,
                        format!("translation into the source locale `{locale}`"),
                    )
                    .hint("the source file is the source-locale text; delete this file"),
                );
            } else if !locales.iter().any(|l| l == locale) {
                let hint = match did_you_mean(locale, locales.iter().map(String::as_str)) {
                    Some(near) => {
                        format!("did you mean `{near}`? (file names carry the exact tag)")
                    }
                    None => format!("add `{locale}` to `locales` in kb.yaml, or rename the file"),
                };
                self.push(
                    Diagnostic::new(
                        Code::UnknownLocale,
                        span,
                        format!("translation for locale `{locale}`, which kb.yaml does not list"),
                    )
                    .hint(hint),
                );
            }
        }
    }

    fn settings_translation(
        &mut self,
        settings: &Loaded<crate::kb::model::KbSettings>,
        locale: &str,
    ) {
        let Some(doc) = &settings.doc else { return };
        let found = self
            .kb
            .settings_translations
            .iter()
            .find(|t| t.locale == locale);
        let source = (settings.file, &doc.title);
        let Some((context, translation)) =
            self.translation_file(found, source, "kb.yaml", None, locale)
        else {
            return;
        };
        for slot in kb_slots(doc, Some(translation)) {
            self.field(context, &slot);
        }
    }

    fn topic_translation(&mut self, topic: &Topic, locale: &str) {
        let Some(source) = &topic.source else { return };
        let Some(doc) = &source.doc else { return };
        let what = format!("topic `{}`", topic.id);
        let found = topic.translations.iter().find(|t| t.locale == locale);
        let Some((context, translation)) = self.translation_file(
            found,
            (source.file, &doc.title),
            &what,
            Some(&topic.id),
            locale,
        ) else {
            return;
        };
        for slot in topic_slots(doc, Some(translation)) {
            self.field(context, &slot);
        }
    }

    fn entry_translation(&mut self, topic: &Topic, entry: &Entry, locale: &str) {
        let Some(doc) = &entry.source.doc else { return };
        let what = format!("entry `{}`", entry.id);
        let found = entry.translations.iter().find(|t| t.locale == locale);
        let source = (entry.source.file, &doc.title);
        let Some((context, t)) =
            self.translation_file(found, source, &what, Some(&topic.id), locale)
        else {
            return;
        };
        self.field(
            context,
            &Slot {
                path: FieldPath::Title,
                source: Some(&doc.title),
                translated: t.title.as_ref(),
            },
        );
        self.list(
            context,
            "causes",
            &doc.causes,
            t.causes.as_ref(),
            FieldPath::Cause,
        );
        self.list(
            context,
            "resolution",
            &doc.resolution,
            t.resolution.as_ref(),
            FieldPath::Resolution,
        );
        self.placeholder_translations(context, doc, t);
        if let Some(error) = &t.error {
            for message in &error.localized_messages {
                self.localized_message(context.file, doc, message);
            }
        }
    }

    /// The translation file of one source file (given as its file and title) with the context
    /// its fields are checked in, or a missing-translation warning.
    fn translation_file<'t, T>(
        &mut self,
        found: Option<&'t Localized<T>>,
        (source_file, source_title): (FileId, &Text),
        what: &str,
        topic: Option<&'t str>,
        locale: &'t str,
    ) -> Option<(Context<'t>, &'t T)> {
        let Some(found) = found else {
            let span = self.span(source_file, source_title);
            let source_path = &self.kb.sources.get(source_file).display_path;
            let translation_path = source_path.strip_suffix(".yaml").map_or_else(
                || source_path.clone(),
                |stem| format!("{stem}.{locale}.yaml"),
            );
            self.push(
                Diagnostic::new(
                    Code::MissingTranslation,
                    span,
                    format!("{what} has no `{locale}` translation"),
                )
                .hint(format!(
                    "create {translation_path} (README.md: Translations)"
                )),
            );
            return None;
        };
        let doc = found.loaded.doc.as_ref()?; // a parse error was reported
        let context = Context {
            file: found.loaded.file,
            topic,
            locale: Some(locale),
        };
        Some((context, doc))
    }

    /// One translatable text field.
    fn field(&mut self, context: Context, source: &Slot) {
        match (source.source, source.translated) {
            (None, None) => {}
            (None, Some(translated)) => {
                let span = self.span(context.file, &translated.text);
                self.push(
                    Diagnostic::new(
                        Code::OrphanTranslation,
                        span,
                        format!(
                            "`{}` is translated, but the source has no `{}`",
                            source.path, source.path
                        ),
                    )
                    .hint("remove it, or add the field to the source file first"),
                );
            }
            (Some(text), None) => {
                let span = Span::file_start(context.file);
                self.push(
                    Diagnostic::new(Code::MissingTranslation, span, format!("`{}` is not translated into `{}`", source.path, context.locale.unwrap_or("?")))
                        .hint(format!(
                            "add `{}` with `text:` and `fingerprint: \"{}\"` (the fingerprint of the current source text)",
                            source.path,
                            fingerprint::of(&text.value)
                        )),
                );
            }
            (Some(text), Some(translated)) => self.compare(context, &source.path, text, translated),
        }
    }

    fn list(
        &mut self,
        context: Context,
        name: &str,
        source: &List<Text>,
        translated: Option<&List<Translated>>,
        path: fn(usize) -> FieldPath,
    ) {
        let Some(translated) = translated else {
            let fingerprints: Vec<String> = source
                .value
                .iter()
                .map(|t| fingerprint::of(&t.value))
                .collect();
            self.push(
                Diagnostic::new(
                    Code::MissingTranslation,
                    Span::file_start(context.file),
                    format!(
                        "`{name}` is not translated into `{}`",
                        context.locale.unwrap_or("?")
                    ),
                )
                .hint(format!(
                    "add `{name}:` with one item per source item, fingerprints in order: {}",
                    fingerprints.join(", ")
                )),
            );
            return;
        };
        if translated.value.len() != source.value.len() {
            let span = self.span(context.file, translated);
            self.push(
                Diagnostic::new(
                    Code::ListLengthMismatch,
                    span,
                    format!("`{name}` has {} items here but {} in the source", translated.value.len(), source.value.len()),
                )
                .label("item count differs from the source")
                .hint("translate item by item: one translated item per source item, in the source's order"),
            );
            return;
        }
        for (index, (text, translated)) in source.value.iter().zip(&translated.value).enumerate() {
            self.compare(context, &path(index), text, translated);
        }
    }

    fn placeholder_translations(
        &mut self,
        context: Context,
        doc: &EntryDoc,
        translation: &EntryTranslation,
    ) {
        let translated = translation.error.as_ref().map(|e| &e.placeholders);
        for field in EntryFields::of(doc, Some(translation)).placeholders {
            let slot = Slot {
                path: field.path,
                source: Some(field.source),
                translated: field.translated,
            };
            self.field(context, &slot);
        }
        for (name, _) in translated.into_iter().flat_map(|map| map.iter()) {
            if doc.error.placeholders.get(&name.value).is_none() {
                let span = self.span(context.file, name);
                let declared: Vec<&str> = doc.error.placeholders.keys().collect();
                let hint = match did_you_mean(&name.value, declared) {
                    Some(near) => {
                        format!("did you mean `{near}`? placeholder names are not translated")
                    }
                    None => "the source declares no such placeholder: remove it".to_string(),
                };
                self.push(
                    Diagnostic::new(
                        Code::OrphanTranslation,
                        span,
                        format!("placeholder `{}` is not declared in the source", name.value),
                    )
                    .hint(hint),
                );
            }
        }
    }

    /// A translated field against its source: staleness, protected spans, links.
    fn compare(
        &mut self,
        context: Context,
        path: &FieldPath,
        text: &Text,
        translated: &Translated,
    ) {
        let current = fingerprint::of(&text.value);
        let stale = translated.fingerprint.value != current;
        if stale {
            let span = self.span(context.file, &translated.fingerprint);
            self.push(
                Diagnostic::new(Code::StaleTranslation, span, format!("`{path}` is stale: the source changed since it was translated"))
                    .label("fingerprint of an older source text")
                    .hint(format!(
                        "the source now reads: \"{}\"; update the translation, then set `fingerprint: \"{current}\"`",
                        abbreviate(&text.value, 120)
                    )),
            );
        }
        // The translation's own text: its Markdown, its register, English left in it.
        let translated_outline = self.markdown(context, &translated.text);
        let rules = context.locale.and_then(super::language::rules);
        let mut english_left = false;
        if let Some(rules) = rules {
            self.register(context, path, translated, &translated_outline, rules);
            // (A text that is its source is `untranslated`.)
            if rules.other_script && translated.text.value.trim() != text.value.trim() {
                english_left = self.english_run(context, path, translated, &translated_outline);
            }
        }
        if stale {
            // Made from an older source: compared with the current one, every change of the
            // source would be the translation's fault.
            return;
        }
        let key = source_key(text);
        let source_outline = self
            .source_outlines
            .remove(&key)
            .unwrap_or_else(|| crate::kb::markdown::outline(&text.value));
        self.protected(
            context,
            &path.to_string(),
            source_outline.protected(&text.value),
            translated,
            translated_outline.protected(&translated.text.value),
        );
        self.numbers(
            context,
            path,
            &source_outline,
            translated,
            &translated_outline,
        );
        self.untranslated(context, path, text, translated, &source_outline);
        let sentence_lost = self.sentences(
            context,
            path,
            translated,
            &source_outline,
            &translated_outline,
        );
        // (A sentence left out makes the text short, English left in it long: said once.)
        if let Some((low, high)) = rules.and_then(|r| r.length_ratio_from_en)
            && self.kb.source_locale().map(crate::kb::ids::language) == Some("en")
            && !sentence_lost
            && !english_left
        {
            self.length(
                context,
                path,
                &source_outline,
                translated,
                &translated_outline,
                (low, high),
            );
        }
        self.markup(
            context,
            path,
            &source_outline,
            translated,
            &translated_outline,
        );
        // Kept for the next locale's translation of the same field.
        self.source_outlines.insert(key, source_outline);
    }

    /// With `style: formal` for the locale (kb.yaml), a sentence of body text that ends in the
    /// informal register (`확인해요.` in 합니다체 text). Titles may use other forms.
    fn register(
        &mut self,
        context: Context,
        path: &FieldPath,
        translated: &Translated,
        outline: &crate::kb::markdown::Outline,
        rules: &super::language::LanguageRules,
    ) {
        let Some(locale) = context.locale else { return };
        let formal = (self.kb.settings.as_ref())
            .and_then(|s| s.doc.as_ref())
            .and_then(|s| s.style.get(locale))
            .is_some_and(|style| style.value == "formal");
        if !formal || *path == FieldPath::Title {
            return;
        }
        for sentence in crate::kb::markdown::sentences(outline) {
            if !sentence.ends_with(['.', '!', '?']) {
                continue; // a fragment (`참고:`), not a sentence
            }
            let last = sentence.split_whitespace().next_back().unwrap_or("");
            let word = last.trim_end_matches(|c: char| !c.is_alphanumeric());
            let informal = (rules.informal_endings.iter()).any(|e| word.ends_with(e))
                && !rules.informal_exceptions.contains(&word)
                && word.chars().count() >= 2;
            if !informal {
                continue;
            }
            let value_span = self.span(context.file, &translated.text);
            let span = self
                .kb
                .sources
                .get(context.file)
                .find_within(value_span, word);
            self.push(
                Diagnostic::new(
                    Code::InformalRegister,
                    span,
                    format!("`{word}` ends a sentence in the informal register, in `{locale}` text that kb.yaml sets to `style: formal`"),
                )
                .label("informal")
                .hint("write the formal form (합니다체: `확인해요` as `확인합니다`, an instruction `확인하세요` as `확인하십시오` or `확인합니다`)"),
            );
        }
    }

    /// An English sentence left in a translation into a language of another script (whether it
    /// reported one): five
    /// English words in a row or more, one of them a word that sentences have and names do not
    /// (`the`, `is`, `to`...), outside code, links' targets, URLs and quotation marks.
    fn english_run(
        &mut self,
        context: Context,
        path: &FieldPath,
        translated: &Translated,
        outline: &crate::kb::markdown::Outline,
    ) -> bool {
        use super::language::ENGLISH_FUNCTION_WORDS;
        for (prose, _) in &outline.text {
            // Most prose of a translation has no run of five English words: a byte scan first.
            if !has_ascii_words_in_a_row(prose.as_bytes(), 5) {
                continue;
            }
            let mut quoted = false;
            let mut run: Vec<&str> = Vec::new();
            let mut found: Option<Vec<&str>> = None;
            let words = prose.split_whitespace().chain(std::iter::once("\u{0}"));
            for word in words {
                let quotes = word.matches(['"', '“', '”']).count();
                let english = !quoted && quotes == 0 && {
                    let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
                    !bare.is_empty()
                        && bare
                            .bytes()
                            .all(|b| b.is_ascii_alphabetic() || b == b'\'' || b == b'-')
                };
                if english {
                    run.push(word.trim_matches(|c: char| !c.is_alphanumeric()));
                    continue;
                }
                let sentence_like = run.len() >= 5
                    && (run.iter()).any(|w| {
                        (ENGLISH_FUNCTION_WORDS.iter()).any(|f| f.eq_ignore_ascii_case(w))
                    });
                if sentence_like {
                    found = Some(std::mem::take(&mut run));
                    break;
                }
                run.clear();
                quoted ^= quotes % 2 == 1;
            }
            if let Some(run) = found {
                let value_span = self.span(context.file, &translated.text);
                let span = self
                    .kb
                    .sources
                    .get(context.file)
                    .find_within(value_span, run[0]);
                self.push(
                    Diagnostic::new(
                        Code::EnglishRun,
                        span,
                        format!("the translation of `{path}` has English left in it: \"{}\"", abbreviate(&run.join(" "), 60)),
                    )
                    .label("not translated")
                    .hint("translate it; a name or a quotation stays as it is in quotation marks or as `code`"),
                );
                return true;
            }
        }
        false
    }

    /// A translation far shorter or longer than translations into its language are (measured:
    /// [`super::language::LanguageRules::length_ratio_from_en`]): part of it is missing, or left
    /// in English. Only for sources of 40 characters or more.
    fn length(
        &mut self,
        context: Context,
        path: &FieldPath,
        source: &crate::kb::markdown::Outline,
        translated: &Translated,
        found: &crate::kb::markdown::Outline,
        (low, high): (f64, f64),
    ) {
        let (from, to) = (source.prose_chars, found.prose_chars);
        if from < 40 {
            return;
        }
        let ratio = to as f64 / from as f64;
        if (low..=high).contains(&ratio) {
            return;
        }
        let span = self.span(context.file, &translated.text);
        self.push(
            Diagnostic::new(
                Code::LengthMismatch,
                span,
                format!(
                    "the translation of `{path}` is {ratio:.2} times as long as its source; translations into this language are {low}-{high} times as long"
                ),
            )
            .label(if ratio < low { "too short" } else { "too long" })
            .hint(if ratio < low {
                "compare it with the source: a part was left out"
            } else {
                "compare it with the source: a part is said twice, or left in English"
            }),
        );
    }

    /// Bold, italics and list items of the source kept in the translation, as many of each:
    /// a marker lost in translation shows as missing emphasis or a list run into a paragraph.
    fn markup(
        &mut self,
        context: Context,
        path: &FieldPath,
        source: &crate::kb::markdown::Outline,
        translated: &Translated,
        found: &crate::kb::markdown::Outline,
    ) {
        let counts = |o: &crate::kb::markdown::Outline| [o.strong, o.emphasis, o.list_items];
        let names = ["bold phrase", "italic phrase", "list item"];
        let Some((index, (expected, written))) = (counts(source).into_iter())
            .zip(counts(found))
            .enumerate()
            .find(|(_, (a, b))| a != b)
        else {
            return;
        };
        // Markup shown as characters is `literal-markup`, reported on the text itself.
        if crate::kb::markdown::literal_markup(&translated.text.value, found).is_some() {
            return;
        }
        let span = self.span(context.file, &translated.text);
        let name = names[index];
        self.push(
            Diagnostic::new(
                Code::MarkupMismatch,
                span,
                format!(
                    "the translation of `{path}` has {written} {name}{} where the source has {expected}",
                    if written == 1 { "" } else { "s" }
                ),
            )
            .hint(match index {
                2 => "keep the source's list: one item per item (`- ` or `1. ` at the start of a line, after a blank line)",
                _ => "mark the same phrases as the source does (`**...**` for bold, `*...*` for italics), against the words they wrap",
            }),
        );
    }

    /// A "translation" that is the source text itself, when that text has prose to translate:
    /// two words or more outside code, links' targets and the glossary's never-translated terms.
    fn untranslated(
        &mut self,
        context: Context,
        path: &FieldPath,
        source: &Text,
        translated: &Translated,
        outline: &crate::kb::markdown::Outline,
    ) {
        if translated.text.value.trim() != source.value.trim() {
            return;
        }
        let kept: Vec<String> = (self.kb.glossary.as_ref())
            .and_then(|g| g.doc.as_ref())
            .map(|g| {
                (g.terms.iter())
                    .filter(|t| t.keep)
                    .map(|t| t.term.value.to_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        let words = (outline.text.iter())
            .flat_map(|(text, _)| text.split(|c: char| !c.is_alphabetic()))
            .filter(|word| word.chars().count() > 1)
            .filter(|word| {
                let word = word.to_lowercase();
                !kept
                    .iter()
                    .any(|k| k.split_whitespace().any(|part| part == word))
            })
            .count();
        if words < 2 {
            return;
        }
        let span = self.span(context.file, &translated.text);
        self.push(
            Diagnostic::new(
                Code::Untranslated,
                span,
                format!("the translation of `{path}` is the source text itself"),
            )
            .label("not translated")
            .hint("translate the text; until then leave the field out, and the page shows the source with a notice (`missing-translation`)"),
        );
    }

    /// A translation says each thing of its source once (whether it reported that it does not):
    /// fewer sentences than the source means one was dropped (from English into Korean the count stays or grows: measured on the
    /// bundled KB and the reference corpus), and a sentence written twice was doubled.
    fn sentences(
        &mut self,
        context: Context,
        path: &FieldPath,
        translated: &Translated,
        source: &crate::kb::markdown::Outline,
        found: &crate::kb::markdown::Outline,
    ) -> bool {
        use crate::kb::markdown::{sentence_count, sentence_keys, sentences};
        let written = sentence_keys(found);
        // A sentence of 12 bytes or more (4 Hangul syllables) said twice.
        let twice = |all: &[(u64, usize)]| {
            (all.iter().enumerate())
                .find(|(i, key)| key.1 >= 12 && all[..*i].contains(key))
                .map(|(i, _)| i)
        };
        // Unless the source says something twice itself.
        let repeated = twice(&written)
            .filter(|_| twice(&sentence_keys(source)).is_none())
            .and_then(|index| sentences(found).into_iter().nth(index));
        let expected = sentence_count(source);
        let value_span = self.span(context.file, &translated.text);
        if let Some(sentence) = repeated {
            self.push(
                Diagnostic::new(
                    Code::SentenceMismatch,
                    value_span,
                    format!("the translation of `{path}` says \"{}\" twice", abbreviate(&sentence, 60)),
                )
                .hint("remove the repeated sentence (machine translation and pasting double sentences)"),
            );
            true
        } else if expected >= 2 && written.len() < expected {
            self.push(
                Diagnostic::new(
                    Code::SentenceMismatch,
                    value_span,
                    format!(
                        "the translation of `{path}` has {} sentence{} where the source has {}: was one left out?",
                        written.len(),
                        if written.len() == 1 { "" } else { "s" },
                        expected
                    ),
                )
                .hint("compare it with the source sentence by sentence; a translation may split a sentence, not drop one"),
            );
            true
        } else {
            false
        }
    }

    /// The numbers of the prose are facts: a translation states the same ones (`429`, not `492`;
    /// `CC BY 4.0`, not `3.0`).
    fn numbers(
        &mut self,
        context: Context,
        path: &FieldPath,
        source: &crate::kb::markdown::Outline,
        translated: &Translated,
        found: &crate::kb::markdown::Outline,
    ) {
        use crate::kb::markdown::prose_numbers;
        let (expected, written) = (prose_numbers(source), prose_numbers(found));
        if expected == written {
            return;
        }
        let missing = multiset_minus(&expected, &written);
        // A number only the translation has is often the source's word made digits (`a
        // minute`, `1분`): what matters is a number of the source that is gone or changed.
        if missing.is_empty() {
            return;
        }
        let added = multiset_minus(&written, &expected);
        let value_span = self.span(context.file, &translated.text);
        let file = self.kb.sources.get(context.file);
        let span = match added.first() {
            Some(number) => file.find_within(value_span, number),
            None => value_span,
        };
        let list = |numbers: &[String]| {
            numbers
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = if added.is_empty() {
            format!(
                "the translation of `{path}` lacks {} of the source",
                list(&missing)
            )
        } else {
            format!(
                "the translation of `{path}` has {} where the source has {}",
                list(&added),
                list(&missing)
            )
        };
        self.push(
            Diagnostic::new(Code::NumberMismatch, span, message)
                .hint("numbers are facts: write the source's numbers, in digits, in the translation (outside code, URLs and placeholders)"),
        );
    }

    /// Code spans, link targets, placeholders and URLs of the source must reappear unchanged
    /// ([`crate::kb::markdown::Outline::protected`]: the definition the exchange files use too).
    fn protected(
        &mut self,
        context: Context,
        path: &str,
        source: Vec<Protected>,
        translated: &Translated,
        found: Vec<Protected>,
    ) {
        let values = |all: &[Protected], kind: ProtectedKind| -> Vec<String> {
            all.iter()
                .filter(|p| p.kind == kind)
                .map(|p| p.value.clone())
                .collect()
        };
        let kinds = [
            ProtectedKind::Code,
            ProtectedKind::LinkTarget,
            ProtectedKind::Placeholder,
            ProtectedKind::Url,
        ]
        .map(|kind| (kind.name(), values(&source, kind), values(&found, kind)));
        let value_span = self.span(context.file, &translated.text);
        for (kind, expected, mut found) in kinds {
            let mut lost = Vec::new();
            for item in expected {
                match found.iter().position(|f| *f == item) {
                    Some(index) => {
                        found.remove(index);
                    }
                    None => lost.push(item),
                }
            }
            for item in lost {
                // Point at what the translator wrote instead, when something close is there.
                // Each changed item stands for one lost item only: take it out once matched.
                let near =
                    did_you_mean(&item, found.iter().map(String::as_str)).map(str::to_string);
                if let Some(near) = &near {
                    found.retain(|f| f != near);
                }
                let (span, label) = match &near {
                    Some(near) => (
                        self.kb
                            .sources
                            .get(context.file)
                            .find_within(value_span, near),
                        format!("changed from `{item}`"),
                    ),
                    None => (value_span, format!("`{item}` is missing here")),
                };
                self.push(
                    Diagnostic::new(Code::ProtectedSpanChanged, span, format!("the translation of `{path}` changed or dropped the {kind} `{item}`"))
                        .label(label)
                        .hint(format!("keep the {kind} exactly as in the source: `{item}`; only the prose around it is translated")),
                );
            }
        }
    }

    /// A message the product itself prints in this locale keeps the data of a source message.
    fn localized_message(&mut self, file: FileId, doc: &EntryDoc, message: &Text) {
        let span = self.span(file, message);
        let declared: Vec<&str> = doc.error.placeholders.keys().collect();
        let mut undeclared = false;
        for group in brace_groups(&message.value) {
            if group.kind == GroupKind::Name && !declared.contains(&group.inner.as_str()) {
                undeclared = true;
                let written = &message.value[group.range.clone()];
                let at = self.kb.sources.get(file).find_within(span, written);
                let hint = match did_you_mean(&group.inner, declared.iter().copied()) {
                    Some(near) => format!(
                        "did you mean `{{{near}}}`? placeholder names are case-sensitive and never translated"
                    ),
                    None => {
                        "a localized message uses the placeholders the source declares".to_string()
                    }
                };
                self.push(
                    Diagnostic::new(
                        Code::UndeclaredPlaceholder,
                        at,
                        format!("`{written}` is not a declared placeholder"),
                    )
                    .hint(hint),
                );
            }
        }
        // A message must keep every placeholder of one source message: the values the product
        // fills in are printed in every locale (a message that dropped `{alertName}` matches
        // lines without telling which alert).
        let names = |text: &str| -> Vec<String> {
            brace_groups(text)
                .into_iter()
                .filter(|g| g.kind == GroupKind::Name)
                .map(|g| g.inner)
                .collect()
        };
        let written = names(&message.value);
        // It translates a source message of its kind: JSON with JSON, prose with prose.
        let is_json = |text: &str| !json_keys(text).is_empty();
        let of_its_kind: Vec<&Text> = (doc.error.messages.value.iter())
            .filter(|m| is_json(&m.value) == is_json(&message.value))
            .collect();
        let candidates = if of_its_kind.is_empty() {
            doc.error.messages.value.iter().collect()
        } else {
            of_its_kind
        };
        let sources: Vec<Vec<String>> = candidates.iter().map(|m| names(&m.value)).collect();
        let keeps_placeholders = sources
            .iter()
            .any(|source| source.iter().all(|name| written.contains(name)));
        // A misspelt placeholder is reported above already.
        if !keeps_placeholders && !undeclared {
            let lost: Vec<String> = (sources.iter())
                .min_by_key(|source| source.iter().filter(|n| !written.contains(n)).count())
                .into_iter()
                .flatten()
                .filter(|name| !written.contains(name))
                .map(|name| format!("`{{{name}}}`"))
                .collect();
            self.push(
                Diagnostic::new(
                    Code::LocalizedMessageMismatch,
                    span,
                    format!("this localized message lost {} of the source message", lost.join(", ")),
                )
                .hint("a placeholder is where the product prints a value: keep it, untranslated, in every locale's message"),
            );
        }
        // A message with JSON keys must keep every key of one source message that has keys.
        let keys = json_keys(&message.value);
        let sources_with_keys: Vec<Vec<&str>> = doc
            .error
            .messages
            .value
            .iter()
            .map(|m| json_keys(&m.value))
            .filter(|k| !k.is_empty())
            .collect();
        let keeps_a_source_message = keys.is_empty()
            || sources_with_keys
                .iter()
                .any(|source| source.iter().all(|key| keys.contains(key)));
        // A value that is an identifier (`"table": "incident"`, not prose) is data too: the
        // product prints it the same in every locale.
        let identifier =
            |v: &str| !v.is_empty() && !v.contains(['{', '}']) && !v.contains(char::is_whitespace);
        let written_members = crate::kb::message::json_string_members(&message.value);
        let changed = written_members.iter().find_map(|(key, value)| {
            let in_sources: Vec<&str> = (doc.error.messages.value.iter())
                .flat_map(|m| crate::kb::message::json_string_members(&m.value))
                .filter(|(k, v)| k == key && identifier(v))
                .map(|(_, v)| v)
                .collect();
            (!in_sources.is_empty() && !in_sources.contains(value))
                .then(|| (*key, *value, in_sources[0]))
        });
        if let Some((key, value, source)) = changed {
            self.push(
                Diagnostic::new(
                    Code::LocalizedMessageMismatch,
                    span,
                    format!("this localized message has `\"{key}\": \"{value}\"` where the source message has `\"{source}\"`"),
                )
                .hint(format!("a JSON value that names something (a table, a status) is data, printed the same in every locale: write `\"{source}\"`")),
            );
        }
        if !keeps_a_source_message {
            let keys = sources_with_keys
                .iter()
                .map(|k| k.join(", "))
                .collect::<Vec<_>>()
                .join("; ");
            self.push(
                Diagnostic::new(
                    Code::LocalizedMessageMismatch,
                    span,
                    "this localized message lost JSON keys of the source message",
                )
                .hint(format!(
                    "JSON keys are data, printed the same in every locale: keep {keys}"
                )),
            );
        }
    }
}

/// The items of `all` that `less` does not account for, one for one.
fn multiset_minus(all: &[String], less: &[String]) -> Vec<String> {
    let mut left: Vec<&String> = less.iter().collect();
    let mut out = Vec::new();
    for item in all {
        match left.iter().position(|l| *l == item) {
            Some(index) => {
                left.swap_remove(index);
            }
            None => out.push(item.clone()),
        }
    }
    out
}

/// Identifies a source text for the outline cache: the text lives as long as the KB.
pub(super) fn source_key(text: &Text) -> usize {
    std::ptr::from_ref(&text.value) as usize
}

fn abbreviate(text: &str, max_chars: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max_chars {
        flat
    } else {
        let cut: String = flat.chars().take(max_chars).collect();
        format!("{cut}...")
    }
}

/// Whether `text` has `words` words in a row made of ASCII letters (punctuation around them
/// allowed): what [`Checker::english_run`] looks at closely.
fn has_ascii_words_in_a_row(text: &[u8], words: usize) -> bool {
    let (mut count, mut in_word, mut word_ok) = (0, false, true);
    for &byte in text {
        if byte == b' ' || byte == b'\n' {
            if in_word {
                count = if word_ok { count + 1 } else { 0 };
                if count >= words {
                    return true;
                }
            }
            (in_word, word_ok) = (false, true);
            continue;
        }
        in_word = true;
        word_ok &= byte.is_ascii_alphabetic()
            || matches!(
                byte,
                b'\'' | b'-' | b',' | b'.' | b';' | b':' | b'(' | b')' | b'"'
            );
    }
    in_word && word_ok && count + 1 >= words
}
