//! Settings, topics, entries: the rules of the format that serde's types cannot express.

use super::{Checker, Context};
use crate::diagnostic::{Code, Diagnostic};
use crate::kb::ids::{did_you_mean, is_placeholder_name, is_valid_id, is_valid_locale};
use crate::kb::load::{Entry, Topic};
use crate::kb::message::{GroupKind, brace_groups};
use crate::kb::model::{EntryDoc, KbSettings, List, Text};
use crate::kb::source::{FileId, Span};
use std::collections::HashSet;

/// Link schemes kbgen understands itself; a link base may not take one of these names.
pub const RESERVED_SCHEMES: &[&str] = &[
    "kb",
    "http",
    "https",
    "mailto",
    "javascript",
    "data",
    "vbscript",
    "file",
    "ftp",
    "tel",
];

impl Checker<'_> {
    pub(super) fn settings(&mut self) {
        let Some(loaded) = &self.kb.settings else {
            return;
        };
        let Some(settings) = &loaded.doc else { return };
        let file = loaded.file;
        self.non_empty(file, &settings.title, "title");
        self.locales(file, settings);
        if let Some(topics) = &settings.topics {
            self.topics_order(file, topics);
        }
        if let Some(base_url) = &settings.base_url {
            let url = base_url.value.as_str();
            if !crate::kb::links::is_site_url(url) {
                let span = self.span(file, base_url);
                self.push(
                    Diagnostic::new(Code::InvalidValue, span, format!("`base_url` `{url}` is not an absolute http(s) URL"))
                        .hint("write the address the site is published at, e.g. `https://kb.example.com/`"),
                );
            }
        }
        if let Some(edit_url) = &settings.edit_url {
            let url = edit_url.value.as_str();
            let problem = if !url.contains("{path}") {
                Some("has no `{path}`")
            } else if !crate::kb::links::is_site_url(&url.replace("{path}", "x")) {
                Some("is not an absolute http(s) URL")
            } else {
                None
            };
            if let Some(problem) = problem {
                let span = self.span(file, edit_url);
                self.push(
                    Diagnostic::new(Code::InvalidValue, span, format!("`edit_url` `{url}` {problem}"))
                        .hint("write the address that edits a file, with `{path}` where its path in the KB folder goes: `https://github.com/org/repo/edit/main/kb/{path}`"),
                );
            }
        }
        for (locale, style) in settings.style.iter() {
            let listed = (settings.locales.value.iter()).any(|l| l.value == locale.value);
            let checked = super::language::rules(&locale.value)
                .is_some_and(|r| !r.informal_endings.is_empty());
            let problem = if !listed {
                Some((
                    locale,
                    format!(
                        "`style` names `{}`, which `locales` does not list",
                        locale.value
                    ),
                    "give the style of a locale of the KB".to_string(),
                ))
            } else if !checked {
                let known: Vec<&str> = super::language::RULES
                    .iter()
                    .filter(|r| !r.informal_endings.is_empty())
                    .map(|r| r.language)
                    .collect();
                Some((
                    locale,
                    format!("kbgen has no rules for the register of `{}`", locale.value),
                    format!("kbgen checks the register of: {}", known.join(", ")),
                ))
            } else if style.value != "formal" {
                Some((
                    style,
                    format!("`style` `{}` is not a style kbgen knows", style.value),
                    "write `formal` (for `ko`: 합니다체 in body text)".to_string(),
                ))
            } else {
                None
            };
            if let Some((at, message, hint)) = problem {
                let span = self.span(file, at);
                self.push(Diagnostic::new(Code::InvalidValue, span, message).hint(hint));
            }
        }
        for (name, url) in settings.link_bases.iter() {
            let name_span = self.span(file, name);
            if !is_valid_id(&name.value) || RESERVED_SCHEMES.contains(&name.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidId,
                        name_span,
                        format!("link base name `{}` is not allowed", name.value),
                    )
                    .hint(format!(
                        "use a lower-case id that is not one of: {}",
                        RESERVED_SCHEMES.join(", ")
                    )),
                );
            }
            let url_span = self.span(file, url);
            if url.value.starts_with("http://") {
                self.push(
                    Diagnostic::new(
                        Code::InsecureLink,
                        url_span,
                        format!("link base `{}` uses http", name.value),
                    )
                    .hint("use https: readers' browsers may block or warn about http links"),
                );
            } else if !url.value.starts_with("https://") {
                self.push(
                    Diagnostic::new(Code::InvalidValue, url_span, format!("link base `{}` is not an https URL", name.value))
                        .hint("a link base is the start of an absolute URL: `https://learn.microsoft.com/azure/`"),
                );
            }
        }
        if let Some(attribution) = &settings.attribution {
            let context = Context {
                file,
                topic: None,
                locale: self.kb.source_locale(),
            };
            self.source_markdown(context, attribution);
        }
    }

    fn locales(&mut self, file: FileId, settings: &KbSettings) {
        let anchor = self.span(file, &settings.locales);
        self.non_empty_list(&settings.locales.value, anchor, "locales", "list every locale the KB is published in, the source locale first: `locales: [en, ko]`");
        let mut seen = HashSet::new();
        for locale in &settings.locales.value {
            let span = self.span(file, locale);
            if !is_valid_locale(&locale.value) {
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        span,
                        format!("`{}` is not a locale tag", locale.value),
                    )
                    .hint("use a BCP 47 tag: `en`, `ko`, `ja`, `zh-Hans`, `pt-BR`"),
                );
            } else if !seen.insert(locale.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        span,
                        format!("locale `{}` is listed twice", locale.value),
                    )
                    .hint("remove one of them"),
                );
            }
        }
        let source = &settings.source_locale;
        let span = self.span(file, source);
        if !is_valid_locale(&source.value) {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    span,
                    format!("`{}` is not a locale tag", source.value),
                )
                .hint("use a BCP 47 tag: `en`, `ko`, `ja`, `zh-Hans`, `pt-BR`"),
            );
        } else if !settings
            .locales
            .value
            .iter()
            .any(|l| l.value == source.value)
        {
            self.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    span,
                    format!("source locale `{}` is not in `locales`", source.value),
                )
                .hint(format!("add `{}` to `locales`", source.value)),
            );
        }
    }

    pub(super) fn topics(&mut self) {
        for topic in &self.kb.topics {
            self.topic(topic);
        }
    }

    fn topic(&mut self, topic: &Topic) {
        let Some(loaded) = &topic.source else { return };
        let Some(doc) = &loaded.doc else {
            return; // a parse error was reported; without `order`, entries cannot be checked
        };
        let file = loaded.file;
        self.non_empty(file, &doc.title, "title");
        self.scaffold_texts_of_topic(file, doc);
        let source_date = doc.source.as_ref().and_then(|s| s.date.as_ref());
        for date in doc.date.iter().chain(source_date) {
            if !is_iso_date(&date.value) {
                let span = self.span(file, date);
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        span,
                        format!("`{}` is not a date", date.value),
                    )
                    .hint("write a day of the calendar as YYYY-MM-DD, e.g. `2022-02-23`"),
                );
            }
        }
        if let Some(source) = &doc.source {
            self.non_empty(file, &source.title, "source.title");
            if !crate::kb::links::is_site_url(&source.url.value) {
                let span = self.span(file, &source.url);
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        span,
                        format!("`source.url` `{}` is not an absolute http(s) URL", source.url.value),
                    )
                    .hint("write the address the source document is published at, e.g. `https://learn.microsoft.com/...`"),
                );
            } else if source.url.value.starts_with("http://") {
                let span = self.span(file, &source.url);
                self.push(
                    Diagnostic::new(
                        Code::InsecureLink,
                        span,
                        format!("insecure link `{}`", source.url.value),
                    )
                    .hint("use `https:` if the site supports it"),
                );
            }
        }
        if let Some(intro) = &doc.intro {
            let context = Context {
                file,
                topic: Some(&topic.id),
                locale: self.kb.source_locale(),
            };
            self.source_markdown(context, intro);
        }
        self.order(topic, file, &doc.order);
    }

    /// The items of a list that names each thing once (kb.yaml's `topics`, a topic's `order`):
    /// a repeat is reported (`duplicate-id`); the first times, and the names listed.
    fn listed_once<'l>(
        &mut self,
        file: FileId,
        list: &'l List<Text>,
        field: &str,
    ) -> (Vec<&'l Text>, HashSet<&'l str>) {
        let mut seen = HashSet::new();
        let mut firsts = Vec::new();
        for item in &list.value {
            if seen.insert(item.value.as_str()) {
                firsts.push(item);
            } else {
                let span = self.span(file, item);
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        span,
                        format!("`{}` is listed twice in `{field}`", item.value),
                    )
                    .hint("remove one of them"),
                );
            }
        }
        (firsts, seen)
    }

    /// kb.yaml's `topics`: every topic once, each a topic of the KB.
    fn topics_order(&mut self, file: FileId, order: &List<Text>) {
        let (firsts, seen) = self.listed_once(file, order, "topics");
        for item in firsts {
            let span = self.span(file, item);
            if self.kb.topic(&item.value).is_none() {
                let ids = self.kb.topics.iter().map(|t| t.id.as_str());
                let hint = match did_you_mean(&item.value, ids) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "create the folder `{}/`, or remove it from `topics`",
                        item.value
                    ),
                };
                self.push(
                    Diagnostic::new(
                        Code::UnknownInOrder,
                        span,
                        format!(
                            "`topics` lists `{}`, but the KB has no such topic",
                            item.value
                        ),
                    )
                    .label("no such topic folder")
                    .hint(hint),
                );
            }
        }
        for topic in &self.kb.topics {
            if !seen.contains(topic.id.as_str()) {
                let (span, label) = match order.value.last() {
                    Some(last) => (
                        self.span(file, last),
                        format!("add `- {}` to this list", topic.id),
                    ),
                    None => (self.span(file, order), format!("add `{}` here", topic.id)),
                };
                self.push(
                    Diagnostic::new(
                        Code::NotInOrder,
                        span,
                        format!("topic `{}` is not listed in `topics`", topic.id),
                    )
                    .label(label)
                    .hint("with `topics`, kb.yaml lists every topic folder, in the order of the home page"),
                );
            }
        }
    }

    fn order(&mut self, topic: &Topic, file: FileId, order: &List<Text>) {
        let anchor = self.span(file, order);
        self.non_empty_list(
            &order.value,
            anchor,
            "order",
            "list the topic's entries (file stems) in reading order",
        );
        let (firsts, seen) = self.listed_once(file, order, "order");
        // Entries are sorted by stem (the loader inserts them so): each item is found by
        // binary search, not by comparing it with every entry of the topic.
        for item in firsts {
            let span = self.span(file, item);
            if (topic.entries)
                .binary_search_by(|e| e.stem.as_str().cmp(&item.value))
                .is_err()
            {
                let stems = topic.entries.iter().map(|e| e.stem.as_str());
                let hint = match did_you_mean(&item.value, stems) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => format!(
                        "create `{}/{}.yaml`, or remove it from `order`",
                        topic.id, item.value
                    ),
                };
                self.push(
                    Diagnostic::new(
                        Code::UnknownInOrder,
                        span,
                        format!(
                            "`order` lists `{}`, but topic `{}` has no such entry",
                            item.value, topic.id
                        ),
                    )
                    .label("no such entry file")
                    .hint(hint),
                );
            }
        }
        for entry in &topic.entries {
            if !seen.contains(entry.stem.as_str()) {
                let (span, label) = match order.value.last() {
                    Some(last) => (
                        self.span(file, last),
                        format!("add `- {}` to this list", entry.stem),
                    ),
                    None => (anchor, format!("add `{}` here", entry.stem)),
                };
                let entry_file = &self.kb.sources.get(entry.source.file).display_path;
                self.push(
                    Diagnostic::new(
                        Code::NotInOrder,
                        span,
                        format!("entry `{}` is not listed in `order`", entry.id),
                    )
                    .label(label)
                    .hint(format!(
                        "every entry appears in its topic's `order` (the file is {entry_file})"
                    )),
                );
            }
        }
    }

    pub(super) fn entry(&mut self, topic: &Topic, entry: &Entry, doc: &EntryDoc) {
        let file = entry.source.file;
        let context = Context {
            file,
            topic: Some(&topic.id),
            locale: self.kb.source_locale(),
        };
        self.non_empty(file, &doc.title, "title");
        self.scaffold_texts_of_entry(file, doc);
        self.messages(file, doc);
        for (name, placeholder) in doc.error.placeholders.iter() {
            self.non_empty(file, &placeholder.description, "placeholder description");
            self.source_markdown(context, &placeholder.description);
            self.unique_texts(
                file,
                &placeholder.values,
                &format!("value of `{{{}}}`", name.value),
            );
            if let Some(max) = &placeholder.max_length
                && !(1..=crate::matching::pattern::MAX_MAX_LENGTH as u64).contains(&max.value)
            {
                let span = self.span(file, max);
                self.push(
                    Diagnostic::new(
                        Code::InvalidValue,
                        span,
                        format!("`max_length` {} is out of range", max.value),
                    )
                    .hint(format!(
                        "the longest value of `{{{}}}` in characters, from 1 to {} (default {})",
                        name.value,
                        crate::matching::pattern::MAX_MAX_LENGTH,
                        crate::matching::pattern::DEFAULT_MAX_LENGTH
                    )),
                );
            }
        }
        if let Some(code) = &doc.error.code {
            self.non_empty(file, code, "error code");
        }
        for sample in &doc.error.samples {
            self.non_empty(file, sample, "sample");
        }
        for (list, name) in [(&doc.causes, "causes"), (&doc.resolution, "resolution")] {
            let anchor = self.span(file, list);
            self.non_empty_list(
                &list.value,
                anchor,
                name,
                "write at least one item in Markdown",
            );
            for item in &list.value {
                if self.non_empty(file, item, name) {
                    self.source_markdown(context, item);
                }
            }
        }
        self.related(topic, entry, doc);
        for tag in &doc.tags {
            if !is_valid_id(&tag.value) {
                let span = self.span(file, tag);
                self.push(
                    Diagnostic::new(Code::InvalidId, span, format!("tag `{}` is not an id", tag.value))
                        .hint("tags are lower-case ASCII letters, digits and hyphens: `servicenow`, `rate-limit`"),
                );
            }
        }
        self.unique_texts(file, &doc.tags, "tag");
    }

    fn messages(&mut self, file: FileId, doc: &EntryDoc) {
        let messages = &doc.error.messages;
        let anchor = self.span(file, messages);
        self.non_empty_list(
            &messages.value,
            anchor,
            "error.messages",
            "write the message exactly as the product prints it",
        );
        let declared: Vec<&str> = doc.error.placeholders.keys().collect();
        let mut used = HashSet::new();
        for message in &messages.value {
            if !self.non_empty(file, message, "error message") {
                continue;
            }
            let message_span = self.span(file, message);
            for group in brace_groups(&message.value) {
                let written = &message.value[group.range.clone()];
                let span = self.kb.sources.get(file).find_within(message_span, written);
                match group.kind {
                    GroupKind::Name if declared.contains(&group.inner.as_str()) => {
                        used.insert(group.inner);
                    }
                    GroupKind::Name => {
                        let hint = match did_you_mean(&group.inner, declared.iter().copied()) {
                            Some(near) => format!(
                                "did you mean `{{{near}}}`? placeholder names are case-sensitive"
                            ),
                            None => format!(
                                "if the product fills this in, declare it under `error.placeholders` as `{}:` with a description",
                                group.inner
                            ),
                        };
                        self.push(
                            Diagnostic::new(
                                Code::UndeclaredPlaceholder,
                                span,
                                format!("`{written}` looks like a placeholder but is not declared"),
                            )
                            .label("not declared in `error.placeholders`")
                            .hint(hint),
                        );
                    }
                    GroupKind::Alternatives => {
                        self.push(
                            Diagnostic::new(Code::InlineAlternatives, span, "alternatives written inside the message")
                                .label("the product prints one of these")
                                .hint(format!(
                                    "write a named placeholder such as `{{reason}}` here and declare it with `values: [{}]`",
                                    group.inner.split('|').map(str::trim).collect::<Vec<_>>().join(", ")
                                )),
                        );
                    }
                }
            }
        }
        for (name, _) in doc.error.placeholders.iter() {
            let span = self.span(file, name);
            if !is_placeholder_name(&name.value) {
                self.push(
                    Diagnostic::new(Code::InvalidValue, span, format!("`{}` is not a placeholder name", name.value))
                        .hint("placeholder names are letters, digits and `_`, as written between the braces: `alertName`"),
                );
            } else if !used.contains(name.value.as_str()) {
                self.push(
                    Diagnostic::new(
                        Code::UnusedPlaceholder,
                        span,
                        format!(
                            "placeholder `{}` is declared but no message uses it",
                            name.value
                        ),
                    )
                    .hint(format!(
                        "write `{{{}}}` where the product fills it in, or remove the declaration",
                        name.value
                    )),
                );
            }
        }
    }

    fn related(&mut self, topic: &Topic, entry: &Entry, doc: &EntryDoc) {
        let file = entry.source.file;
        let mut seen = HashSet::new();
        for related in &doc.related {
            let span = self.span(file, related);
            let id = if related.value.contains('/') {
                related.value.clone()
            } else {
                format!("{}/{}", topic.id, related.value)
            };
            if !seen.insert(id.clone()) {
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        span,
                        format!("`{}` is listed twice in `related`", related.value),
                    )
                    .hint("remove one of them"),
                );
            } else if id == entry.id {
                self.push(
                    Diagnostic::new(
                        Code::BrokenRelated,
                        span,
                        "an entry cannot be related to itself",
                    )
                    .hint("remove it"),
                );
            } else if self.kb.entry(&id).is_none() {
                let candidates: Vec<&str> = self.kb.entries().map(|e| e.id.as_str()).collect();
                let hint = match did_you_mean(&id, candidates) {
                    Some(near) => format!("did you mean `{near}`?"),
                    None => "write `<topic>/<entry>`, or `<entry>` for an entry of the same topic"
                        .to_string(),
                };
                self.push(
                    Diagnostic::new(
                        Code::BrokenRelated,
                        span,
                        format!("related entry `{}` does not exist", related.value),
                    )
                    .label("no such entry")
                    .hint(hint),
                );
            }
        }
    }

    fn unique_texts(&mut self, file: FileId, items: &[Text], what: &str) {
        let mut seen = HashSet::new();
        for item in items {
            if !seen.insert(item.value.as_str()) {
                let span: Span = self.span(file, item);
                self.push(
                    Diagnostic::new(
                        Code::DuplicateId,
                        span,
                        format!("{what} `{}` is listed twice", item.value),
                    )
                    .hint("remove one of them"),
                );
            }
        }
    }
}

fn is_iso_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts.as_slice() else {
        return false;
    };
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().unwrap_or(0))
    };
    let (Some(year), Some(month), Some(day)) = (number(year, 4), number(month, 2), number(day, 2))
    else {
        return false;
    };
    // A real calendar day: `2022-02-30` is not one (a page's `<time>` would be invalid).
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates() {
        assert!(super::is_iso_date("2022-02-23"));
        assert!(!super::is_iso_date("2/23/2022"));
        assert!(!super::is_iso_date("2022-13-01"));
        assert!(!super::is_iso_date("2022-02-30"));
        assert!(!super::is_iso_date("2023-02-29"));
        assert!(super::is_iso_date("2024-02-29"));
        assert!(!super::is_iso_date("1900-02-29"));
        assert!(super::is_iso_date("2000-02-29"));
        assert!(!super::is_iso_date("2022-04-31"));
        assert!(!super::is_iso_date("2022-00-10"));
    }
}
