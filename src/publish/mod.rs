//! Stage 3 of `build`: the outputs. Each output (the HTML site, the Markdown pages, the catalog)
//! is one module behind [`Output`], and writes its files through [`Files`] into a staging folder
//! as they are rendered; [`crate::publish::build`] swaps that folder in only when every output
//! has succeeded.
//!
//! The view model here is shared: for a page in one locale, every text with the language it is
//! shown in (the source language where a translation is missing) and the translation state.

pub mod build;
pub mod catalog;
pub mod html;
pub mod pages;
pub mod schema;
pub mod search;
pub mod templates;

use crate::diagnostic::Diagnostic;
use crate::kb::fields::{EntryFields, FieldState, State, field_state, topic_slots};
use crate::kb::links::Target;
use crate::kb::load::{Entry, Kb, Topic};
use crate::kb::model::{Text, Translated};
use crate::publish::templates::Templates;
use rayon::prelude::*;
use serde::Serialize;

/// Where outputs write: each file goes to the staging folder as soon as it is rendered, from
/// any thread, so that memory holds the pages being rendered rather than a whole output. The
/// first write error is kept and reported by [`Files::finish`]; later files are skipped.
pub struct Files {
    dir: std::path::PathBuf,
    written: std::sync::atomic::AtomicUsize,
    /// Of those, HTML pages.
    pages: std::sync::atomic::AtomicUsize,
    failed: std::sync::Mutex<Option<crate::error::Error>>,
    /// The folders made so far: a site writes tens of thousands of files into a few thousand
    /// folders, and asking the file system for each would cost a system call per file.
    folders: std::sync::Mutex<rustc_hash::FxHashSet<std::path::PathBuf>>,
}

impl Files {
    /// Files under `dir`, which exists.
    pub fn new(dir: impl Into<std::path::PathBuf>) -> Self {
        Files {
            dir: dir.into(),
            written: Default::default(),
            pages: Default::default(),
            failed: Default::default(),
            folders: Default::default(),
        }
    }

    /// Writes `bytes` at `path` (relative: `site/en/index.html`).
    pub fn add(&self, path: impl AsRef<str>, bytes: impl AsRef<[u8]>) {
        self.add_with(path, |out| out.write_all(bytes.as_ref()));
    }

    /// Writes what `write` writes at `path`, buffered.
    pub fn add_with(
        &self,
        path: impl AsRef<str>,
        write: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) {
        use std::io::Write;
        if self.failed.lock().is_ok_and(|f| f.is_some()) {
            return;
        }
        let is_page = path.as_ref().ends_with(".html");
        let target = self.dir.join(path.as_ref());
        let result = (|| {
            if let Some(parent) = target.parent() {
                self.make_folder(parent)?;
            }
            let mut out = std::io::BufWriter::new(std::fs::File::create(&target)?);
            write(&mut out)?;
            out.flush()
        })();
        match result {
            Ok(()) => {
                self.written
                    .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if is_page {
                    self.pages
                        .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
            }
            Err(source) => {
                if let Ok(mut failed) = self.failed.lock() {
                    failed.get_or_insert(crate::error::Error::Write {
                        path: target,
                        source,
                    });
                }
            }
        }
    }

    /// Makes `folder` and its parents unless this `Files` made it already.
    fn make_folder(&self, folder: &std::path::Path) -> std::io::Result<()> {
        if self.folders.lock().is_ok_and(|made| made.contains(folder)) {
            return Ok(());
        }
        std::fs::create_dir_all(folder)?;
        if let Ok(mut made) = self.folders.lock() {
            made.insert(folder.to_path_buf());
        }
        Ok(())
    }

    /// Writes what `render` writes at `path`, and returns `render`'s own error. A write error
    /// is kept like [`Files::add`]'s; a failed render leaves its part of the file in staging,
    /// which a failed build discards.
    pub fn add_rendered<E>(
        &self,
        path: impl AsRef<str>,
        render: impl FnOnce(&mut dyn std::io::Write) -> Result<(), E>,
    ) -> Result<(), E> {
        /// Keeps the writer's own error apart from the renderer's.
        struct Kept<'a> {
            out: &'a mut dyn std::io::Write,
            error: Option<std::io::Error>,
        }
        impl std::io::Write for Kept<'_> {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.out.write(bytes).inspect_err(|error| {
                    self.error = Some(std::io::Error::new(error.kind(), error.to_string()));
                })
            }
            fn flush(&mut self) -> std::io::Result<()> {
                self.out.flush()
            }
        }
        let mut failed = None;
        self.add_with(path, |out| {
            let mut kept = Kept { out, error: None };
            match render(&mut kept) {
                Ok(()) => Ok(()),
                Err(error) => match kept.error {
                    Some(io) => Err(io),
                    None => {
                        failed = Some(error);
                        Ok(())
                    }
                },
            }
        });
        failed.map_or(Ok(()), Err)
    }

    /// Removes the files of `folder` (relative) whose names `keep` does not hold: what an output
    /// written again over its last version no longer has.
    pub fn remove_others(&self, folder: &str, keep: &std::collections::HashSet<String>) {
        let folder = self.dir.join(folder);
        let Ok(listing) = std::fs::read_dir(&folder) else {
            return; // nothing written there yet
        };
        for item in listing.flatten() {
            let name = item.file_name().to_string_lossy().into_owned();
            if keep.contains(&name) || !item.file_type().is_ok_and(|t| t.is_file()) {
                continue;
            }
            if let Err(source) = std::fs::remove_file(item.path())
                && let Ok(mut failed) = self.failed.lock()
            {
                failed.get_or_insert(crate::error::Error::Write {
                    path: item.path(),
                    source,
                });
            }
        }
    }

    /// How many HTML pages were written so far.
    pub fn pages(&self) -> usize {
        self.pages.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// How many files were written, or the first write error.
    pub fn finish(&self) -> crate::error::Result<usize> {
        match self.failed.lock().ok().and_then(|mut f| f.take()) {
            Some(error) => Err(error),
            None => Ok(self.written.load(std::sync::atomic::Ordering::Relaxed)),
        }
    }
}

/// What every output gets.
pub struct Context<'a> {
    pub kb: &'a Kb,
    pub templates: &'a Templates,
    /// Every locale, the source locale first.
    pub locales: Vec<String>,
    pub source_locale: String,
    /// With a trailing `/`.
    pub base_url: Option<String>,
    /// Each locale's UI strings, resolved once ([`Templates::strings`]).
    pub strings: std::collections::HashMap<String, crate::publish::templates::Strings>,
    /// When each file of the KB last changed, from git history (empty outside a repository).
    pub changed: std::collections::HashMap<String, String>,
}

impl<'a> Context<'a> {
    /// What every output of `kb` gets, rendered with `templates`.
    pub fn new(kb: &'a Kb, templates: &'a Templates) -> Context<'a> {
        let source_locale = kb.source_locale().unwrap_or("en").to_string();
        let mut locales = kb.locales().unwrap_or_else(|| vec![source_locale.clone()]);
        locales.sort_by_key(|l| *l != source_locale);
        let base_url = kb.base_url();
        let strings = (locales.iter())
            .map(|l| (l.clone(), templates.strings(l, &source_locale)))
            .collect();
        Context {
            kb,
            templates,
            locales,
            source_locale,
            base_url,
            strings,
            changed: crate::kb::history::last_changed(&kb.root),
        }
    }
}

impl Context<'_> {
    /// The path of a file of the KB in its folder, `/` separated (`t/e.ko.yaml`).
    pub fn path_in_kb(&self, file: crate::kb::source::FileId) -> String {
        let path = &self.kb.sources.get(file).path;
        let relative = path.strip_prefix(&self.kb.root).unwrap_or(path);
        relative.to_string_lossy().replace('\\', "/")
    }

    /// Where `file` is edited (kb.yaml's `edit_url`), if the KB says.
    pub fn edit_url(&self, file: crate::kb::source::FileId) -> Option<String> {
        let settings = self.kb.settings.as_ref()?.doc.as_ref()?;
        let template = settings.edit_url.as_ref()?;
        Some(template.value.replace("{path}", &self.path_in_kb(file)))
    }

    /// A topic's pages in every locale, in the order of [`Context::locales`]: `entries` renders
    /// the topic's entries in a locale, for every locale (in parallel) before `page` makes any
    /// page of them. A page takes one thread; a topic holding most of the KB then keeps every
    /// core busy until its pages, which render side by side.
    pub fn topic_pages<R: Send, P: Send>(
        &self,
        entries: impl Fn(&str) -> Result<R, Diagnostic> + Sync,
        page: impl Fn(&str, R) -> Result<P, Diagnostic> + Sync,
    ) -> Vec<Result<P, Diagnostic>> {
        let rendered: Vec<Result<R, Diagnostic>> = self
            .locales
            .par_iter()
            .map(|locale| entries(locale))
            .collect();
        self.locales
            .par_iter()
            .zip(rendered)
            .map(|(locale, rendered)| page(locale, rendered?))
            .collect()
    }

    /// The UI strings of `locale` (one of [`Context::locales`]).
    pub fn strings(&self, locale: &str) -> &crate::publish::templates::Strings {
        &self.strings[locale]
    }
}

/// One output format.
pub trait Output {
    fn render(&self, context: &Context, files: &Files) -> Result<(), Diagnostic>;
}

/// How an output writes links and Markdown: relative hrefs differ between the site and the
/// Markdown tree, and Markdown becomes HTML in one and stays Markdown in the other.
pub trait Flavor {
    fn href(&self, target: &Target) -> String;
    fn content(&self, kb: &Kb, markdown: &str) -> String;
}

#[derive(Clone, Serialize)]
pub struct TextView {
    pub text: String,
    /// Set when the text is shown in another language than the page's.
    pub lang: Option<String>,
}

#[derive(Clone, Serialize)]
pub struct ContentView {
    /// HTML or Markdown, as the output needs.
    pub content: String,
    pub lang: Option<String>,
}

#[derive(Serialize)]
pub struct MessageView {
    pub text: String,
    /// A Markdown code fence longer than any backtick run in the message.
    pub fence: String,
}

#[derive(Serialize)]
pub struct PlaceholderView {
    pub name: String,
    pub description: ContentView,
    pub example: Option<String>,
    pub values: Vec<String>,
}

#[derive(Serialize)]
pub struct RelatedView {
    pub href: String,
    pub title: TextView,
}

#[derive(Serialize)]
pub struct EntryView {
    pub anchor: String,
    pub title: TextView,
    /// `missing` (some text shown in the source language), `stale`, or null.
    pub notice: Option<&'static str>,
    /// The entry in the source locale.
    pub source_href: String,
    pub messages: Vec<MessageView>,
    pub code: Option<String>,
    pub placeholders: Vec<PlaceholderView>,
    pub causes: Vec<ContentView>,
    pub resolution: Vec<ContentView>,
    pub related: Vec<RelatedView>,
}

/// An entry as its topic page lists it: the table of contents' link, and the entry's section
/// rendered by its own template (`entry.html`, `entry.md`).
#[derive(Serialize)]
pub struct RenderedEntry {
    pub anchor: String,
    pub title: TextView,
    /// Kept as Tera's own (reference-counted) string: a page's context then takes it without
    /// copying, where a `String` would be copied in the page's one thread.
    pub rendered: tera::Value,
}

/// An entry template (`entry.html`, `entry.md`) with what every entry of a page shares in its
/// context, made once per page (Tera's maps are reference-counted: each entry's context takes
/// them without copying). Entries render on their own, in parallel: one topic may hold most
/// of a KB, and a page of thousands of entries as one Tera context costs more per entry than
/// many small ones.
pub struct EntryTemplate {
    name: &'static str,
    shared: tera::Context,
}

impl EntryTemplate {
    pub fn new(
        name: &'static str,
        locale: &str,
        source_locale: &str,
        strings: &crate::publish::templates::Strings,
    ) -> Self {
        let mut shared = tera::Context::new();
        shared.insert("lang", locale);
        shared.insert("source_locale", source_locale);
        shared.insert_value("s", tera::Value::from_serializable(strings));
        EntryTemplate { name, shared }
    }

    /// The entries of `topic` in its order, each viewed in `locale` and rendered, in parallel,
    /// with its translation state; `source_href` links an entry to its source-locale text.
    pub fn render_entries(
        &self,
        cx: &Context,
        topic: &Topic,
        locale: &str,
        flavor: &(dyn Flavor + Sync),
        source_href: impl Fn(&Entry) -> String + Sync,
    ) -> Result<Vec<(RenderedEntry, State)>, Diagnostic> {
        topic
            .ordered_entries()
            .into_par_iter()
            .filter_map(|entry| {
                let (view, state) =
                    cx.entry_view(topic, entry, locale, flavor, source_href(entry))?;
                Some(self.render(cx, view).map(|rendered| (rendered, state)))
            })
            .collect()
    }

    fn render(&self, cx: &Context, view: EntryView) -> Result<RenderedEntry, Diagnostic> {
        let mut context = self.shared.clone();
        context.insert("entry", &view);
        let rendered = cx.templates.render(cx.kb, self.name, &context)?;
        Ok(RenderedEntry {
            anchor: view.anchor,
            title: view.title,
            rendered: tera::Value::safe_string(&rendered),
        })
    }
}

#[derive(Serialize)]
pub struct TopicView {
    pub id: String,
    pub title: TextView,
    pub description: Option<TextView>,
    pub intro: Option<ContentView>,
    pub product: Option<String>,
    pub service: Option<String>,
    pub author: Option<String>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    /// The same day as the page's locale writes dates (its `date_format` UI string).
    pub date_text: Option<String>,
    /// Where the topic's material comes from, when not the KB's attribution.
    pub source: Option<SourceView>,
}

#[derive(Serialize)]
pub struct SourceView {
    pub title: String,
    pub url: String,
    pub licence: Option<String>,
    pub date: Option<String>,
    pub date_text: Option<String>,
}

/// Picks the text to show in `locale` and notes its state.
pub(crate) struct Picker<'a> {
    pub locale: &'a str,
    pub source_locale: &'a str,
    pub states: Vec<FieldState>,
}

impl<'a> Picker<'a> {
    pub fn new(locale: &'a str, source_locale: &'a str) -> Self {
        Picker {
            locale,
            source_locale,
            states: Vec::new(),
        }
    }

    /// The text to show, borrowed: a content field is rendered from it, never kept as it is.
    fn pick<'t>(
        &mut self,
        source: &'t str,
        translated: Option<&'t Translated>,
    ) -> (&'t str, Option<String>) {
        if self.locale == self.source_locale {
            return (source, None);
        }
        let state = field_state(source, translated);
        self.states.push(state);
        match translated {
            Some(t) => (&t.text.value, None),
            None => (source, Some(self.source_locale.to_string())),
        }
    }

    pub fn text(&mut self, source: &Text, translated: Option<&Translated>) -> TextView {
        let (text, lang) = self.pick(&source.value, translated);
        TextView {
            text: text.to_string(),
            lang,
        }
    }

    pub fn content(
        &mut self,
        kb: &Kb,
        flavor: &dyn Flavor,
        source: &Text,
        translated: Option<&Translated>,
    ) -> ContentView {
        let (text, lang) = self.pick(&source.value, translated);
        ContentView {
            content: flavor.content(kb, text),
            lang,
        }
    }

    pub fn notice(&self) -> Option<&'static str> {
        if self.states.contains(&FieldState::Missing) {
            Some("missing")
        } else if self.states.contains(&FieldState::Stale) {
            Some("stale")
        } else {
            None
        }
    }

    pub fn state(&self) -> State {
        State::of(&self.states)
    }
}

/// `iso` (`YYYY-MM-DD`, checked) as `format` writes it: `{year}`, `{month}`, `{day}`, and
/// two-digit `{month2}`, `{day2}` (`2022. 2. 23.` in Korean); without a format, as it is.
pub fn local_date(iso: &str, format: Option<&String>) -> String {
    let mut parts = iso.splitn(3, '-');
    let (Some(format), Some(year), Some(month), Some(day)) =
        (format, parts.next(), parts.next(), parts.next())
    else {
        return iso.to_string();
    };
    let short = |n: &str| n.trim_start_matches('0').to_string();
    format
        .replace("{year}", year)
        .replace("{month2}", month)
        .replace("{day2}", day)
        .replace("{month}", &short(month))
        .replace("{day}", &short(day))
}

fn fence(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    "`".repeat((longest + 1).max(3))
}

impl Context<'_> {
    /// The topic in `locale`, and its translation state (topic fields only).
    pub fn topic_view(
        &self,
        topic: &Topic,
        locale: &str,
        flavor: &dyn Flavor,
    ) -> Option<(TopicView, State)> {
        let doc = topic.source.as_ref()?.doc.as_ref()?;
        let [title, description, intro] = topic_slots(doc, topic.translation(locale));
        let mut picker = Picker::new(locale, &self.source_locale);
        let view = TopicView {
            id: topic.id.clone(),
            title: picker.text(&doc.title, title.translated),
            description: (description.source).map(|d| picker.text(d, description.translated)),
            intro: (intro.source).map(|i| picker.content(self.kb, flavor, i, intro.translated)),
            product: doc.product.as_ref().map(|v| v.value.clone()),
            service: doc.service.as_ref().map(|v| v.value.clone()),
            author: doc.author.as_ref().map(|v| v.value.clone()),
            date: doc.date.as_ref().map(|v| v.value.clone()),
            date_text: (doc.date.as_ref())
                .map(|v| local_date(&v.value, self.strings(locale).get("date_format"))),
            source: doc.source.as_ref().map(|s| SourceView {
                title: s.title.value.clone(),
                url: s.url.value.clone(),
                licence: s.licence.as_ref().map(|l| l.value.clone()),
                date: s.date.as_ref().map(|d| d.value.clone()),
                date_text: (s.date.as_ref())
                    .map(|d| local_date(&d.value, self.strings(locale).get("date_format"))),
            }),
        };
        Some((view, picker.state()))
    }

    /// `entries` (each with its topic, a topic's entries together) as search documents in
    /// `locale`: the texts the reader sees there.
    pub fn search_documents(
        &self,
        entries: &[(&Topic, &Entry)],
        locale: &str,
    ) -> Vec<crate::publish::search::index::Document> {
        use crate::publish::search::index::{
            Document, FIELD_CAUSES, FIELD_MESSAGE, FIELD_OTHER, FIELD_RESOLUTION, FIELD_TITLE,
        };
        struct Plain;
        impl Flavor for Plain {
            fn href(&self, _: &Target) -> String {
                String::new()
            }
            fn content(&self, _: &Kb, markdown: &str) -> String {
                crate::kb::markdown::plain_text(markdown)
            }
        }
        let mut documents = Vec::new();
        // The entries of a topic come together: its view is made once for them.
        let mut topic_view: Option<(&str, Option<TopicView>)> = None;
        for &(topic, entry) in entries {
            if topic_view.as_ref().is_none_or(|(id, _)| *id != topic.id) {
                let view = self.topic_view(topic, locale, &Plain).map(|(view, _)| view);
                topic_view = Some((&topic.id, view));
            }
            let Some((_, Some(topic_view))) = &topic_view else {
                continue;
            };
            let Some((view, _)) = self.entry_view(topic, entry, locale, &Plain, String::new())
            else {
                continue;
            };
            let join = |items: &[ContentView]| {
                items
                    .iter()
                    .map(|c| c.content.as_str())
                    .collect::<Vec<_>>()
                    .join("\n")
            };
            let messages = view
                .messages
                .iter()
                .map(|m| m.text.as_str())
                .collect::<Vec<_>>()
                .join("\n");
            let mut other: Vec<String> = view.code.iter().cloned().collect();
            other.extend(
                view.placeholders
                    .iter()
                    .flat_map(|p| [p.name.clone(), p.description.content.clone()]),
            );
            if let Some(doc) = &entry.source.doc {
                other.extend(doc.tags.iter().map(|t| t.value.clone()));
            }
            documents.push(Document {
                title: view.title.text.clone(),
                code: view.code.clone(),
                topic: topic_view.title.text.clone(),
                page: format!("{locale}/{}/index.html", topic.id),
                anchor: entry.stem.clone(),
                fields: vec![
                    (FIELD_TITLE, view.title.text),
                    (FIELD_MESSAGE, messages),
                    (FIELD_CAUSES, join(&view.causes)),
                    (FIELD_RESOLUTION, join(&view.resolution)),
                    (FIELD_OTHER, other.join("\n")),
                ],
            });
        }
        documents
    }

    /// Only the title of an entry in `locale` (for lists of entries).
    pub fn entry_title(&self, entry: &Entry, locale: &str) -> Option<TextView> {
        let doc = entry.source.doc.as_ref()?;
        let translation = entry.translation(locale);
        let mut picker = Picker::new(locale, &self.source_locale);
        Some(picker.text(&doc.title, translation.and_then(|t| t.title.as_ref())))
    }

    /// The entry in `locale`, and its translation state.
    pub fn entry_view(
        &self,
        topic: &Topic,
        entry: &Entry,
        locale: &str,
        flavor: &dyn Flavor,
        source_href: String,
    ) -> Option<(EntryView, State)> {
        let doc = entry.source.doc.as_ref()?;
        let translation = entry.translation(locale);
        let fields = EntryFields::of(doc, translation);
        let mut picker = Picker::new(locale, &self.source_locale);
        let title = picker.text(fields.title.source, fields.title.translated);
        let mut messages: Vec<MessageView> = doc
            .error
            .messages
            .value
            .iter()
            .map(|m| MessageView {
                fence: fence(&m.value),
                text: m.value.clone(),
            })
            .collect();
        for localized in translation
            .and_then(|t| t.error.as_ref())
            .map(|e| e.localized_messages.as_slice())
            .unwrap_or_default()
        {
            messages.push(MessageView {
                fence: fence(&localized.value),
                text: localized.value.clone(),
            });
        }
        let placeholders = (doc.error.placeholders.iter().zip(&fields.placeholders))
            .map(|((name, p), field)| PlaceholderView {
                name: name.value.clone(),
                description: picker.content(self.kb, flavor, field.source, field.translated),
                example: p.example.as_ref().map(|e| e.value.clone()),
                values: p.values.iter().map(|v| v.value.clone()).collect(),
            })
            .collect();
        let mut list = |fields: &[crate::kb::fields::Field]| -> Vec<ContentView> {
            (fields.iter())
                .map(|f| picker.content(self.kb, flavor, f.source, f.translated))
                .collect()
        };
        let causes = list(&fields.causes);
        let resolution = list(&fields.resolution);
        let related = doc
            .related
            .iter()
            .filter_map(|r| {
                let id = if r.value.contains('/') {
                    r.value.clone()
                } else {
                    format!("{}/{}", topic.id, r.value)
                };
                let other = self.kb.entry(&id)?;
                let other_doc = other.source.doc.as_ref()?;
                let other_translation = other.translation(locale);
                let (topic_id, stem) = id.split_once('/')?;
                let mut quiet = Picker::new(locale, &self.source_locale);
                Some(RelatedView {
                    href: flavor.href(&Target::Entry {
                        topic: topic_id.to_string(),
                        stem: stem.to_string(),
                    }),
                    title: quiet.text(
                        &other_doc.title,
                        other_translation.and_then(|t| t.title.as_ref()),
                    ),
                })
            })
            .collect();
        let view = EntryView {
            anchor: entry.stem.clone(),
            title,
            notice: picker.notice(),
            source_href,
            messages,
            code: doc.error.code.as_ref().map(|c| c.value.clone()),
            placeholders,
            causes,
            resolution,
            related,
        };
        Some((view, picker.state()))
    }
}

/// The state of a whole page: all its topic and entry fields together.
pub fn page_state(states: &[State]) -> State {
    if states.iter().all(|s| *s == State::Complete) {
        State::Complete
    } else if states.iter().all(|s| *s == State::Missing) {
        State::Missing
    } else if states
        .iter()
        .any(|s| matches!(s, State::Missing | State::Partial))
    {
        State::Partial
    } else {
        State::Stale
    }
}

#[cfg(test)]
mod tests {
    use super::Files;

    #[test]
    fn dates_are_written_as_each_locale_writes_them() {
        let format = |f: &str| Some(f.to_string());
        let date = |f: &str| super::local_date("2022-02-03", format(f).as_ref());
        assert_eq!(date("{year}. {month}. {day}."), "2022. 2. 3.");
        assert_eq!(date("{year}-{month2}-{day2}"), "2022-02-03");
        assert_eq!(date("{day2}/{month2}/{year}"), "03/02/2022");
        assert_eq!(date("{year}年{month}月{day}日"), "2022年2月3日");
        assert_eq!(super::local_date("2022-12-30", None), "2022-12-30");
    }

    #[test]
    fn files_are_written_as_added_and_the_first_error_is_kept() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::new(dir.path());
        files.add("site/en/index.html", "<p>hi</p>");
        files.add_with("catalog.json", |out| out.write_all(b"{}\n"));
        assert_eq!(files.finish().unwrap(), 2);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("site/en/index.html")).unwrap(),
            "<p>hi</p>"
        );
        // A folder where a file must go: the error names the path; later files are skipped.
        files.add("catalog.json/inside", "x");
        files.add("site/later.html", "x");
        let error = files.finish().unwrap_err().to_string();
        assert!(error.contains("catalog.json"), "{error}");
        assert!(!dir.path().join("site/later.html").exists());
    }

    #[test]
    fn a_rendered_file_returns_the_renderers_error_and_keeps_write_errors_apart() {
        let dir = tempfile::tempdir().unwrap();
        let files = Files::new(dir.path());
        let rendered: Result<(), &str> = files.add_rendered("md/en/t.md", |out| {
            out.write_all(b"# T\n").map_err(|_| "write")?;
            Err("the template failed")
        });
        assert_eq!(rendered, Err("the template failed"));
        // The renderer's failure is not a write failure: the build reports it as a diagnostic.
        assert!(files.finish().is_ok());

        files.add("md", "a file where a folder must go");
        let mut called = false;
        let rendered: Result<(), &str> = files.add_rendered("md/ko/t.md", |_| {
            called = true;
            Ok(())
        });
        assert_eq!(rendered, Ok(()));
        assert!(!called);
        assert!(files.finish().is_err());
    }
}
