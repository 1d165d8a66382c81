//! Stage 1: read a KB folder into memory. Every file is classified by its name and place, read
//! (in parallel), and parsed into the strict types of [`crate::kb::model`]. A file that cannot be
//! read or parsed becomes a diagnostic and the run goes on with the other files.

use crate::diagnostic::{Code, Diagnostic, Diagnostics};
use crate::error::{Error, Result};
use crate::kb::ids::{did_you_mean, is_valid_id, suggest_id};
use crate::kb::model::{
    EntryDoc, EntryTranslation, Glossary, KbSettings, KbTranslation, TopicDoc, TopicTranslation,
};
use crate::kb::source::{FileId, SourceFile, SourceMap, Span};
use rayon::prelude::*;
use serde::de::DeserializeOwned;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Files larger than this are refused: a KB file is a page of text, and a huge one is a mistake
/// (or an attack) that should not cost memory and time.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// The folder at the KB root whose files override kbgen's built-in templates, strings and
/// assets (a file of the same name wins).
pub const TEMPLATES_FOLDER: &str = "templates";

/// A parsed file; `doc` is `None` when the file could not be parsed (the diagnostic says why),
/// so that later checks know the file exists without reporting it twice.
#[derive(Debug)]
pub struct Loaded<T> {
    pub file: FileId,
    pub doc: Option<T>,
}

/// A translation file: `<name>.<locale>.yaml`.
#[derive(Debug)]
pub struct Localized<T> {
    pub locale: String,
    pub loaded: Loaded<T>,
}

#[derive(Debug)]
pub struct Entry {
    /// `<topic>/<stem>`: the global id.
    pub id: String,
    pub stem: String,
    pub source: Loaded<EntryDoc>,
    pub translations: Vec<Localized<EntryTranslation>>,
}

#[derive(Debug)]
pub struct Topic {
    pub id: String,
    /// The folder, for diagnostics when topic.yaml is missing.
    pub folder: FileId,
    pub source: Option<Loaded<TopicDoc>>,
    pub translations: Vec<Localized<TopicTranslation>>,
    /// Sorted by stem.
    pub entries: Vec<Entry>,
    /// Indexes into `entries` in the topic's `order` (then any others, by stem).
    display_order: Vec<usize>,
}

/// A knowledge base as read from disk, before validation.
#[derive(Debug)]
pub struct Kb {
    pub root: PathBuf,
    pub sources: SourceMap,
    pub settings: Option<Loaded<KbSettings>>,
    pub settings_translations: Vec<Localized<KbTranslation>>,
    /// In the order of kb.yaml's `topics`, else by id.
    pub topics: Vec<Topic>,
    /// The KB's overrides from `templates/`, sorted by name.
    pub templates: Vec<TemplateFile>,
    /// `glossary.yaml`, if the KB has one.
    pub glossary: Option<Loaded<Glossary>>,
    /// Topics by id: index into `topics`.
    topic_index: HashMap<String, usize>,
    /// Entries by id: (topic index, entry index).
    entry_index: HashMap<String, (usize, usize)>,
}

/// A file of the KB's `templates/` folder.
#[derive(Debug)]
pub struct TemplateFile {
    /// The path inside `templates/`, with `/`: `topic.html`, `assets/style.css`.
    pub name: String,
    /// The file as text, for templates and strings (diagnostics point into it); `None` for
    /// binary assets.
    pub text: Option<FileId>,
    pub bytes: Vec<u8>,
}

impl Role {
    fn is_translation(&self) -> bool {
        matches!(
            self,
            Role::SettingsTranslation(_) | Role::TopicTranslation(..) | Role::EntryTranslation(..)
        )
    }
}

/// The parsed translation into `locale` among `translations`, if there is one.
fn in_locale<'a, T>(translations: &'a [Localized<T>], locale: &str) -> Option<&'a T> {
    translations
        .iter()
        .find(|t| t.locale == locale)
        .and_then(|t| t.loaded.doc.as_ref())
}

impl Entry {
    /// This entry's translation into `locale`, if it has one that parsed.
    pub fn translation(&self, locale: &str) -> Option<&EntryTranslation> {
        in_locale(&self.translations, locale)
    }
}

impl Topic {
    /// This topic's translation into `locale`, if it has one that parsed.
    pub fn translation(&self, locale: &str) -> Option<&TopicTranslation> {
        in_locale(&self.translations, locale)
    }

    /// A topic's entries in its `order` (then any others, by id, should `order` be incomplete).
    pub fn ordered_entries(&self) -> Vec<&Entry> {
        self.display_order
            .iter()
            .map(|&i| &self.entries[i])
            .collect()
    }

    /// The order of [`Topic::ordered_entries`], computed once.
    fn order_entries(&mut self) {
        let order: HashMap<&str, usize> = self
            .source
            .as_ref()
            .and_then(|s| s.doc.as_ref())
            .map(|doc| {
                let listed = doc.order.value.iter().enumerate();
                // The first place an entry is listed at counts (a duplicate is reported).
                listed.rev().map(|(i, t)| (t.value.as_str(), i)).collect()
            })
            .unwrap_or_default();
        let mut indexes: Vec<usize> = (0..self.entries.len()).collect();
        // Entries are sorted by stem, and the sort is stable: unlisted ones stay in that order.
        indexes.sort_by_key(|&i| {
            order
                .get(self.entries[i].stem.as_str())
                .copied()
                .unwrap_or(usize::MAX)
        });
        self.display_order = indexes;
    }
}

impl Kb {
    /// kb.yaml's translation into `locale`, if there is one that parsed.
    pub fn settings_translation(&self, locale: &str) -> Option<&KbTranslation> {
        in_locale(&self.settings_translations, locale)
    }

    /// The span of a parsed value in `file`.
    pub fn span<T>(&self, file: FileId, value: &crate::kb::model::Spanned<T>) -> Span {
        Span::of_position(file, self.sources.get(file), &value.at)
    }

    pub fn topic(&self, id: &str) -> Option<&Topic> {
        self.topic_index.get(id).map(|&index| &self.topics[index])
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        let &(topic, entry) = self.entry_index.get(id)?;
        Some(&self.topics[topic].entries[entry])
    }

    /// Builds the indexes once every file is in its place.
    fn index(&mut self) {
        self.topics.iter_mut().for_each(Topic::order_entries);
        // kb.yaml's `topics` orders the topics for every stage; a topic it does not list
        // (reported by `check`) keeps its place after the listed ones, by name.
        let listed: Option<HashMap<&str, usize>> = (self.settings.as_ref())
            .and_then(|s| s.doc.as_ref())
            .and_then(|s| s.topics.as_ref())
            .map(|order| {
                let mut positions = HashMap::new();
                for (position, id) in order.value.iter().enumerate() {
                    positions.entry(id.value.as_str()).or_insert(position);
                }
                positions
            });
        if let Some(listed) = listed {
            // A stable sort: unlisted topics keep their order by name.
            (self.topics)
                .sort_by_key(|topic| listed.get(topic.id.as_str()).copied().unwrap_or(usize::MAX));
        }
        self.topic_index = (self.topics.iter().enumerate())
            .map(|(index, topic)| (topic.id.clone(), index))
            .collect();
        self.entry_index = (self.topics.iter().enumerate())
            .flat_map(|(t, topic)| {
                (topic.entries.iter().enumerate()).map(move |(e, entry)| (entry.id.clone(), (t, e)))
            })
            .collect();
    }

    pub fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.topics.iter().flat_map(|topic| topic.entries.iter())
    }

    /// Every entry with its topic in reading order: topics by id, each topic's entries in its
    /// `order` (the order of the catalog and of the search index's documents).
    pub fn entries_in_reading_order(&self) -> Vec<(&Topic, &Entry)> {
        (self.topics.iter())
            .flat_map(|topic| topic.ordered_entries().into_iter().map(move |e| (topic, e)))
            .collect()
    }

    /// The locales declared in kb.yaml, if it was parsed.
    pub fn locales(&self) -> Option<Vec<String>> {
        let settings = self.settings.as_ref()?.doc.as_ref()?;
        Some(
            settings
                .locales
                .value
                .iter()
                .map(|l| l.value.clone())
                .collect(),
        )
    }

    pub fn source_locale(&self) -> Option<&str> {
        let settings = self.settings.as_ref()?.doc.as_ref()?;
        Some(settings.source_locale.value.as_str())
    }

    /// kb.yaml's `base_url`, ending with `/`.
    pub fn base_url(&self) -> Option<String> {
        let url = &self
            .settings
            .as_ref()?
            .doc
            .as_ref()?
            .base_url
            .as_ref()?
            .value;
        Some(if url.ends_with('/') {
            url.clone()
        } else {
            format!("{url}/")
        })
    }
}

/// What a file is, decided by its name and place alone.
#[derive(Debug, Clone, PartialEq)]
enum Role {
    /// YAML outside the KB format proper (a string table, text kbgen is about to write).
    Other,
    Settings,
    Glossary,
    SettingsTranslation(String),
    Topic(String),
    TopicTranslation(String, String),
    Entry(String, String),
    EntryTranslation(String, String, String),
}

/// A file after reading and parsing, before it is put in its place in the [`Kb`].
enum Parsed {
    Settings(Option<KbSettings>),
    Glossary(Option<Glossary>),
    SettingsTranslation(Option<KbTranslation>),
    Topic(Option<TopicDoc>),
    TopicTranslation(Option<TopicTranslation>),
    Entry(Option<EntryDoc>),
    EntryTranslation(Option<EntryTranslation>),
}

/// Reads one entry file of a loaded KB again (`<topic>/<stem>.yaml` or its translation
/// `<topic>/<stem>.<locale>.yaml`) and puts what it holds now in the model: for `kbgen serve`,
/// which shows a saved entry before it loads the whole KB again. The topic's id when the file
/// is a regular file the KB already has and parses, with the entry's stem; `None` otherwise
/// (then only a full load can say what changed).
pub fn reload_entry_file(kb: &mut Kb, path: &Path) -> Option<(String, String)> {
    if !std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file()) {
        return None;
    }
    let (topic, entry, locale) = find_entry_file(kb, path)?;
    let topic_id = kb.topics[topic].id.clone();
    let entry_ref = &kb.topics[topic].entries[entry];
    let stem = entry_ref.stem.clone();
    let (file, role) = match &locale {
        None => (
            entry_ref.source.file,
            Role::Entry(topic_id.clone(), stem.clone()),
        ),
        Some(locale) => (
            (entry_ref.translations.iter())
                .find(|t| t.locale == *locale)?
                .loaded
                .file,
            Role::EntryTranslation(topic_id.clone(), stem.clone(), locale.clone()),
        ),
    };
    let known = kb.sources.get(file);
    let (display, known_path) = (known.display_path.clone(), known.path.clone());
    let (source, parsed) = read_and_parse(&display, &known_path, &role, EntryTexts::Keep);
    let entry = &mut kb.topics[topic].entries[entry];
    match (parsed.ok()?, locale) {
        (Parsed::Entry(doc @ Some(_)), None) => entry.source.doc = doc,
        (Parsed::EntryTranslation(doc @ Some(_)), Some(locale)) => {
            let translation = entry.translations.iter_mut().find(|t| t.locale == locale)?;
            translation.loaded.doc = doc;
        }
        _ => return None,
    }
    kb.sources.replace(file, source);
    Some((topic_id, stem))
}

/// Which entry file of a loaded KB `path` is (`<topic>/<stem>.yaml` or a translation
/// `<topic>/<stem>.<locale>.yaml`): the topic's and the entry's index, and the translation's
/// locale. `None` for a file the KB does not have (a new one, one elsewhere, one removed).
pub fn find_entry_file(kb: &Kb, path: &Path) -> Option<(usize, usize, Option<String>)> {
    let topic_id = path.parent()?.file_name()?.to_str()?;
    let name = path.file_name()?.to_str()?.strip_suffix(".yaml")?;
    let (stem, locale) = match name.split_once('.') {
        Some((stem, locale)) => (stem, Some(locale)),
        None => (name, None),
    };
    let topic = kb.topic_index.get(topic_id).copied()?;
    let entry = (kb.topics[topic].entries.iter()).position(|e| e.stem == stem)?;
    let entry_ref = &kb.topics[topic].entries[entry];
    let file = match locale {
        None => entry_ref.source.file,
        Some(locale) => {
            (entry_ref.translations.iter())
                .find(|t| t.locale == locale)?
                .loaded
                .file
        }
    };
    // The same folder names elsewhere (a `<topic>/sub/<stem>.yaml`) are not this file.
    let same_file = |a: &Path, b: &Path| matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
    same_file(&kb.sources.get(file).path, path).then(|| (topic, entry, locale.map(str::to_string)))
}

/// What the loader keeps of an entry file's text once its values are parsed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryTexts {
    /// Kept: for the commands that edit the files (`i18n`) or check them again (`serve`).
    Keep,
    /// Let go of ([`SourceFile::let_go`]), and read again for the few a diagnostic quotes:
    /// most files have none, and the texts are most of a large KB's memory.
    LetGo,
}

/// Loads the KB at `root`. `Err` only when `root` is not a folder; everything else that is wrong
/// is in the returned diagnostics.
pub fn load(root: &Path, texts: EntryTexts) -> Result<(Kb, Diagnostics)> {
    let metadata = std::fs::metadata(root).map_err(|_| Error::KbNotFound(root.to_path_buf()))?;
    if !metadata.is_dir() {
        return Err(Error::KbNotADirectory(root.to_path_buf()));
    }
    let mut diagnostics = Diagnostics::default();
    let mut sources = SourceMap::default();
    let display = |path: &Path| display_path(root, path);

    let mut classified: Vec<(PathBuf, Role)> = Vec::new();
    let mut topic_folders: Vec<(String, PathBuf)> = Vec::new();
    let boundary = Boundary::of(root);
    let refused = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(root)
        .min_depth(1)
        .max_depth(2)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            let name = entry.file_name().to_string_lossy();
            let reserved =
                entry.depth() == 1 && entry.file_type().is_dir() && name == TEMPLATES_FOLDER;
            !name.starts_with('.') && !reserved && boundary.admits(entry, &mut refused.borrow_mut())
        });
    for item in walker {
        let entry = match item {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(root).to_path_buf();
                let what = if error.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder that contains it".to_string()
                } else {
                    error.to_string()
                };
                let file = sources.add(SourceFile::unread(display(&path), path));
                diagnostics.push(
                    Diagnostic::new(
                        Code::IoError,
                        Span::file_start(file),
                        format!("cannot read this path: {what}"),
                    )
                    .hint("remove the link or point it at a file outside the KB"),
                );
                continue;
            }
        };
        let path = entry.path().to_path_buf();
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_dir = entry.file_type().is_dir();
        match (entry.depth(), is_dir) {
            (1, true) => {
                if is_valid_id(&name) {
                    topic_folders.push((name, path));
                } else {
                    let file = sources.add(SourceFile::unread(display(&path), path));
                    diagnostics.push(invalid_name(file, &name, "topic folder"));
                }
            }
            (1, false) => match classify_root_file(&name) {
                Ok(role) => classified.push((path, role)),
                Err(diagnostic) => {
                    let file = sources.add(SourceFile::unread(display(&path), path));
                    diagnostics.push(diagnostic(file));
                }
            },
            (_, true) => {
                let file = sources.add(SourceFile::unread(display(&path), path));
                diagnostics.push(
                    Diagnostic::new(Code::UnexpectedFile, Span::file_start(file), "unexpected folder inside a topic")
                        .hint("topics are one level deep: kb/<topic>/<entry>.yaml; move its files into a topic folder"),
                );
            }
            (_, false) => {
                let topic = entry
                    .path()
                    .parent()
                    .and_then(|p| p.file_name())
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                if !is_valid_id(&topic) {
                    continue; // its folder is reported already
                }
                match classify_topic_file(&topic, &name) {
                    Ok(role) => classified.push((path, role)),
                    Err(diagnostic) => {
                        let file = sources.add(SourceFile::unread(display(&path), path));
                        diagnostics.push(diagnostic(file));
                    }
                }
            }
        }
    }

    for (path, refusal) in refused.take() {
        let file = sources.add(SourceFile::unread(display(&path), path));
        diagnostics.push(refusal.diagnostic(file));
    }

    // Sources first, so that every translation finds the entry it translates; each kind in
    // the walk's (sorted) order. Ordered here, where an item is a path and a role, not after
    // parsing, where it is a parsed file.
    let (mut classified, translations): (Vec<_>, Vec<_>) = classified
        .into_iter()
        .partition(|(_, role)| !role.is_translation());
    classified.extend(translations);
    // Read and parse in parallel; the results keep that order.
    let parsed: Vec<(SourceFile, Result<Parsed, Vec<Diagnostic>>, Role)> =
        crate::timings::phase("load: read and parse", || {
            classified
                .into_par_iter()
                .map(|(path, role)| {
                    let (source, parsed) = read_and_parse(&display(&path), &path, &role, texts);
                    (source, parsed, role)
                })
                .collect()
        });

    let mut kb = Kb {
        root: root.to_path_buf(),
        sources: SourceMap::default(),
        settings: None,
        settings_translations: Vec::new(),
        topics: Vec::new(),
        templates: Vec::new(),
        glossary: None,
        topic_index: HashMap::new(),
        entry_index: HashMap::new(),
    };
    // Folders and unreadable paths registered during the walk keep their ids.
    kb.sources = sources;
    for (id, path) in topic_folders {
        let folder = kb.sources.add(SourceFile::unread(display(&path), path));
        kb.topics.push(Topic {
            id,
            folder,
            source: None,
            translations: Vec::new(),
            entries: Vec::new(),
            display_order: Vec::new(),
        });
    }
    for (source, parsed, role) in parsed {
        let file = kb.sources.add(source);
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(problems) => {
                for problem in in_file(problems, file) {
                    diagnostics.push(problem);
                }
                empty_of(&role)
            }
        };
        if let Some(diagnostic) = place(&mut kb, file, role, parsed) {
            diagnostics.push(diagnostic);
        }
    }

    if kb.settings.is_none() {
        let root_file = kb
            .sources
            .add(SourceFile::unread(display(root), root.to_path_buf()));
        diagnostics.push(
            Diagnostic::new(
                Code::MissingKbFile,
                Span::file_start(root_file),
                "this folder has no kb.yaml",
            )
            .hint(
                "create kb.yaml with title, source_locale and locales; README.md shows an example",
            ),
        );
    }
    for topic in &kb.topics {
        if topic.source.is_none() {
            diagnostics.push(
                Diagnostic::new(Code::MissingTopicFile, Span::file_start(topic.folder), format!("topic `{}` has no topic.yaml", topic.id))
                    .hint("create topic.yaml with a title and the `order` of its entries (or run `kbgen new <topic>/<entry>`)"),
            );
        }
    }
    kb.index();
    load_templates(&mut kb, &mut diagnostics);
    Ok((kb, diagnostics))
}

/// Reads `templates/` (nested folders allowed, as `assets/`); text files are kept as sources.
fn load_templates(kb: &mut Kb, diagnostics: &mut Diagnostics) {
    let folder = kb.root.join(TEMPLATES_FOLDER);
    if !folder.is_dir() {
        return;
    }
    let boundary = Boundary::of(&kb.root);
    // The folder itself may be a link: the walk below checks only what is inside it.
    if let Some(refusal) = boundary.refuses_path(&folder) {
        let file = kb
            .sources
            .add(SourceFile::unread(display_path(&kb.root, &folder), folder));
        diagnostics.push(refusal.diagnostic(file));
        return;
    }
    let refused = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(&folder)
        .min_depth(1)
        .max_depth(4)
        .follow_links(true)
        .sort_by_file_name();
    let items: Vec<_> = walker
        .into_iter()
        .filter_entry(|e| {
            !e.file_name().to_string_lossy().starts_with('.')
                && boundary.admits(e, &mut refused.borrow_mut())
        })
        .collect();
    for (path, refusal) in refused.take() {
        let file = kb
            .sources
            .add(SourceFile::unread(display_path(&kb.root, &path), path));
        diagnostics.push(refusal.diagnostic(file));
    }
    for item in items {
        let entry = match item {
            Ok(entry) => entry,
            Err(error) => {
                let path = error.path().unwrap_or(&folder).to_path_buf();
                let file = kb
                    .sources
                    .add(SourceFile::unread(display_path(&kb.root, &path), path));
                diagnostics.push(Diagnostic::new(
                    Code::IoError,
                    Span::file_start(file),
                    format!("cannot read this path: {error}"),
                ));
                continue;
            }
        };
        if !entry.file_type().is_file() {
            continue;
        }
        let path = entry.path().to_path_buf();
        let name = path
            .strip_prefix(&folder)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let display = display_path(&kb.root, &path);
        match read_limited(&path) {
            Ok(bytes) => {
                let text = std::str::from_utf8(&bytes)
                    .ok()
                    .filter(|_| is_text_template(&name))
                    .map(|text| {
                        kb.sources.add(SourceFile::new(
                            display,
                            path.clone(),
                            text.trim_start_matches('\u{feff}').to_string(),
                        ))
                    });
                kb.templates.push(TemplateFile { name, text, bytes });
            }
            Err(error) => {
                let file = kb.sources.add(SourceFile::unread(display, path));
                let message = match error {
                    ReadError::TooLarge(len) => format!(
                        "file is {len} bytes; kbgen reads files up to {MAX_FILE_BYTES} bytes"
                    ),
                    ReadError::Io(error) => format!("cannot read file: {error}"),
                };
                diagnostics.push(Diagnostic::new(
                    Code::IoError,
                    Span::file_start(file),
                    message,
                ));
            }
        }
    }
}

/// What kbgen may open inside a KB: regular files and folders whose real path (links resolved)
/// lies inside the KB's real path. Links inside the KB are followed; anything else is refused
/// before it is opened, so a KB cannot make kbgen read `/etc/passwd` or block on a FIFO.
struct Boundary {
    /// The KB folder with every link resolved; `None` if that fails (then links are refused).
    root: Option<PathBuf>,
}

/// Why a path was not opened.
enum Refusal {
    SymlinkOutside(PathBuf),
    NotRegular(&'static str),
}

impl Boundary {
    fn of(root: &Path) -> Self {
        Boundary {
            root: root.canonicalize().ok(),
        }
    }

    /// Whether the walk may open `entry`; a refusal is recorded in `refused`.
    fn admits(&self, entry: &walkdir::DirEntry, refused: &mut Vec<(PathBuf, Refusal)>) -> bool {
        let mut refuse = |refusal| {
            refused.push((entry.path().to_path_buf(), refusal));
            false
        };
        if entry.path_is_symlink()
            && let Some(refusal) = self.refuses_link(entry.path())
        {
            return refuse(refusal);
        }
        // With links followed, this is the type of what the path leads to.
        let kind = entry.file_type();
        if kind.is_file() || kind.is_dir() {
            return true;
        }
        refuse(Refusal::NotRegular(special_file_kind(&kind)))
    }
}

impl Boundary {
    /// A link at `path` whose target lies outside the KB. A dangling link or a loop is left to
    /// the walk, which reports it as unreadable.
    fn refuses_link(&self, path: &Path) -> Option<Refusal> {
        let target = path.canonicalize().ok()?;
        if self
            .root
            .as_ref()
            .is_some_and(|root| target.starts_with(root))
        {
            return None;
        }
        let written = std::fs::read_link(path).unwrap_or(target);
        Some(Refusal::SymlinkOutside(written))
    }

    /// [`Boundary::refuses_link`] for a path that may or may not be a link.
    fn refuses_path(&self, path: &Path) -> Option<Refusal> {
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if is_link {
            self.refuses_link(path)
        } else {
            None
        }
    }
}

#[cfg(unix)]
fn special_file_kind(kind: &std::fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a FIFO (named pipe)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_file_kind(_: &std::fs::FileType) -> &'static str {
    "not a regular file"
}

impl Refusal {
    fn diagnostic(&self, file: FileId) -> Diagnostic {
        match self {
            Refusal::SymlinkOutside(target) => Diagnostic::new(
                Code::SymlinkOutsideKb,
                Span::file_start(file),
                format!(
                    "symbolic link to `{}`, outside the KB: kbgen does not open it",
                    target.display()
                ),
            )
            .hint("copy the file into the KB, or point the link at a file inside the KB folder"),
            Refusal::NotRegular(kind) => Diagnostic::new(
                Code::NotARegularFile,
                Span::file_start(file),
                format!("this path is {kind}, not a file: kbgen does not open it"),
            )
            .hint("a KB holds regular files and folders only; remove it"),
        }
    }
}

/// Reads a file of the KB at `root` for an edit (`kbgen new`), under the loader's rules: never
/// through a link that leaves the KB, never a FIFO or device, never over [`MAX_FILE_BYTES`].
pub fn read_kb_file(root: &Path, path: &Path) -> Result<String> {
    let refused = |why: String| Error::Refused {
        path: path.to_path_buf(),
        why,
    };
    let boundary = Boundary::of(root);
    if let Some(Refusal::SymlinkOutside(target)) = boundary.refuses_path(path) {
        return Err(refused(format!(
            "a symbolic link to `{}`, outside the KB: kbgen does not open it",
            target.display()
        )));
    }
    let metadata = std::fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if !metadata.is_file() {
        return Err(refused(format!(
            "{}, not a file: kbgen does not open it",
            special_file_kind(&metadata.file_type())
        )));
    }
    let bytes = read_limited(path).map_err(|error| match error {
        ReadError::TooLarge(len) => refused(format!(
            "{len} bytes; kbgen reads KB files up to {MAX_FILE_BYTES} bytes"
        )),
        ReadError::Io(source) => Error::Read {
            path: path.to_path_buf(),
            source,
        },
    })?;
    String::from_utf8(bytes).map_err(|_| refused("not UTF-8".into()))
}

/// Templates and string tables are text that diagnostics point into; other assets are bytes.
fn is_text_template(name: &str) -> bool {
    [".html", ".xml", ".md", ".yaml", ".css", ".js", ".txt"]
        .iter()
        .any(|ext| name.ends_with(ext))
}

fn display_path(root: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(root).unwrap_or(path);
    let joined = if relative.as_os_str().is_empty() {
        root.to_path_buf()
    } else {
        root.join(relative)
    };
    joined.to_string_lossy().replace('\\', "/")
}

type Classified = std::result::Result<Role, Box<dyn FnOnce(FileId) -> Diagnostic>>;

fn classify_root_file(name: &str) -> Classified {
    if name == "kb.yaml" {
        return Ok(Role::Settings);
    }
    if name == "glossary.yaml" {
        return Ok(Role::Glossary);
    }
    if let Some(locale) = name
        .strip_prefix("kb.")
        .and_then(|n| n.strip_suffix(".yaml"))
    {
        return Ok(Role::SettingsTranslation(locale.to_string()));
    }
    let name = name.to_string();
    Err(Box::new(move |file| {
        let hint = if name.ends_with(".yml") {
            "kbgen reads `.yaml` files: rename it to `.yaml`".to_string()
        } else {
            "the KB root holds kb.yaml, kb.<locale>.yaml, glossary.yaml and one folder per topic"
                .to_string()
        };
        Diagnostic::new(
            Code::UnexpectedFile,
            Span::file_start(file),
            format!("unexpected file `{name}` in the KB root"),
        )
        .hint(hint)
    }))
}

fn classify_topic_file(topic: &str, name: &str) -> Classified {
    let unexpected = |message: String, hint: String| -> Classified {
        Err(Box::new(move |file| {
            Diagnostic::new(Code::UnexpectedFile, Span::file_start(file), message).hint(hint)
        }))
    };
    let Some(stem_and_locale) = name.strip_suffix(".yaml") else {
        let hint = match name.strip_suffix(".yml") {
            Some(stem) => format!("kbgen reads `.yaml` files: rename it to `{stem}.yaml`"),
            None => "a topic folder holds topic.yaml, <entry>.yaml and their <name>.<locale>.yaml translations".into(),
        };
        return unexpected(format!("unexpected file `{name}` in topic `{topic}`"), hint);
    };
    let (stem, locale) = match stem_and_locale.split_once('.') {
        Some((stem, locale)) => (stem, Some(locale)),
        None => (stem_and_locale, None),
    };
    if !is_valid_id(stem) {
        let name = name.to_string();
        let stem = stem.to_string();
        return Err(Box::new(move |file| {
            invalid_name(file, &name, "entry file").label(format!("`{stem}` is not an id"))
        }));
    }
    if stem == "index" {
        let name = name.to_string();
        return Err(Box::new(move |file| {
            Diagnostic::new(
                Code::InvalidId,
                Span::file_start(file),
                format!("entry file name `{name}`: `index` is reserved"),
            )
            .label("the topic's page is index.html, beside each entry's <entry>.html")
            .hint("choose another name for the entry (and for its translations)")
        }));
    }
    let topic = topic.to_string();
    let stem = stem.to_string();
    Ok(match (stem.as_str(), locale) {
        ("topic", None) => Role::Topic(topic),
        ("topic", Some(locale)) => Role::TopicTranslation(topic, locale.to_string()),
        (_, None) => Role::Entry(topic, stem),
        (_, Some(locale)) => Role::EntryTranslation(topic, stem, locale.to_string()),
    })
}

fn invalid_name(file: FileId, name: &str, what: &str) -> Diagnostic {
    let stem = name.split('.').next().unwrap_or(name);
    let suggestion = suggest_id(stem);
    let mut diagnostic = Diagnostic::new(
        Code::InvalidId,
        Span::file_start(file),
        format!("{what} name `{name}` is not a valid id"),
    );
    diagnostic.hint = Some(if suggestion.is_empty() {
        "ids are lower-case ASCII letters, digits and hyphens: they become URLs and anchors"
            .to_string()
    } else {
        let renamed = name.replacen(stem, &suggestion, 1);
        format!("ids are lower-case ASCII letters, digits and hyphens; rename it to `{renamed}`")
    });
    diagnostic
}

/// Reads one file and parses it as `role` says. Diagnostics carry `FileId(0)` until the caller
/// knows the file's id.
fn read_and_parse(
    display: &str,
    path: &Path,
    role: &Role,
    texts: EntryTexts,
) -> (SourceFile, Result<Parsed, Vec<Diagnostic>>) {
    let placeholder_span = Span::file_start(FileId(0));
    let unread = || SourceFile::unread(display.to_string(), path.to_path_buf());
    let bytes = match read_limited(path) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge(len)) => {
            let diagnostic = Diagnostic::new(
                Code::FileTooLarge,
                placeholder_span,
                format!("file is {len} bytes; kbgen reads KB files up to {MAX_FILE_BYTES} bytes"),
            )
            .hint("split the content into several entries; a KB file is a page of text");
            return (unread(), Err(vec![diagnostic]));
        }
        Err(ReadError::Io(error)) => {
            let diagnostic = Diagnostic::new(
                Code::IoError,
                placeholder_span,
                format!("cannot read file: {error}"),
            );
            return (unread(), Err(vec![diagnostic]));
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let valid_up_to = error.utf8_error().valid_up_to();
            let bytes = error.into_bytes();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            // The lossy text has the same bytes up to the first invalid one.
            let source = SourceFile::new(display.to_string(), path.to_path_buf(), text);
            let diagnostic = Diagnostic::new(
                Code::InvalidUtf8,
                Span::new(FileId(0), valid_up_to..valid_up_to + '\u{fffd}'.len_utf8()),
                format!("invalid UTF-8 at byte {valid_up_to}"),
            )
            .label("not UTF-8")
            .hint("save the file as UTF-8 (kbgen reads no other encoding)");
            return (source, Err(vec![diagnostic]));
        }
    };
    let text = crate::kb::source::without_byte_order_mark(text);
    let mut source = SourceFile::new(display.to_string(), path.to_path_buf(), text);
    let parsed = match role {
        Role::Settings | Role::Other => parse(&source, role).map(|d| Parsed::Settings(Some(d))),
        Role::Glossary => parse(&source, role).map(|d| Parsed::Glossary(Some(d))),
        Role::SettingsTranslation(_) => {
            parse(&source, role).map(|d| Parsed::SettingsTranslation(Some(d)))
        }
        Role::Topic(_) => parse(&source, role).map(|d| Parsed::Topic(Some(d))),
        Role::TopicTranslation(..) => {
            parse(&source, role).map(|d| Parsed::TopicTranslation(Some(d)))
        }
        Role::Entry(..) => parse(&source, role).map(|d| Parsed::Entry(Some(d))),
        Role::EntryTranslation(..) => {
            parse(&source, role).map(|d| Parsed::EntryTranslation(Some(d)))
        }
    };
    let entry_file = matches!(role, Role::Entry(..) | Role::EntryTranslation(..));
    if texts == EntryTexts::LetGo && entry_file && parsed.is_ok() {
        source.let_go();
    }
    (source, parsed)
}

enum ReadError {
    TooLarge(u64),
    Io(std::io::Error),
}

/// Reads a whole file unless it is larger than [`MAX_FILE_BYTES`]: one open, one fstat.
fn read_limited(path: &Path) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let len = file.metadata().map_err(ReadError::Io)?.len();
    if len > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(len));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // `take` guards against a file that grows while it is read.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

fn empty_of(role: &Role) -> Parsed {
    match role {
        Role::Settings | Role::Other => Parsed::Settings(None),
        Role::Glossary => Parsed::Glossary(None),
        Role::SettingsTranslation(_) => Parsed::SettingsTranslation(None),
        Role::Topic(_) => Parsed::Topic(None),
        Role::TopicTranslation(..) => Parsed::TopicTranslation(None),
        Role::Entry(..) => Parsed::Entry(None),
        Role::EntryTranslation(..) => Parsed::EntryTranslation(None),
    }
}

/// Parses a YAML file that is not part of the KB format proper (a string table), with the same
/// strictness and diagnostics. The diagnostic's span has the file's id.
pub(crate) fn parse_other<T: DeserializeOwned>(
    source: &SourceFile,
    file: FileId,
) -> Result<T, Vec<Diagnostic>> {
    parse(source, &Role::Other).map_err(|problems| in_file(problems, file))
}

/// Gives diagnostics made with a placeholder file id the file's real id.
fn in_file(problems: Vec<Diagnostic>, file: FileId) -> Vec<Diagnostic> {
    problems
        .into_iter()
        .map(|d| Diagnostic {
            span: d.span.map(|span| Span { file, ..span }),
            ..d
        })
        .collect()
}

/// Parses text that kbgen is about to write into the KB exactly as `check` will read it.
pub(crate) fn parse_text<T: DeserializeOwned>(text: &str) -> Result<T, Diagnostic> {
    let source = SourceFile::new(String::new(), PathBuf::new(), text.to_string());
    parse(&source, &Role::Other).map_err(|mut problems| problems.remove(0))
}

/// Parses one file into `T`, turning serde-saphyr's error into a located diagnostic; for a
/// schema problem, every other schema problem of the file too ([`crate::kb::shape`]).
fn parse<T: DeserializeOwned>(source: &SourceFile, role: &Role) -> Result<T, Vec<Diagnostic>> {
    // The fast path reads no file with a tag: only the others are scanned for one.
    if let Some(value) = crate::kb::yaml::from_str::<T>(source.text()) {
        return Ok(value);
    }
    if let Some(tag) = first_tag(source.text()) {
        return Err(vec![tag]);
    }
    crate::kb::yaml::with_serde_saphyr::<T>(source.text()).map_err(|error| {
        let first = yaml_diagnostic(source, role, &error);
        let is_schema_problem = matches!(
            first.code,
            Code::UnknownField | Code::MissingField | Code::WrongType | Code::DuplicateKey
        );
        let Some(schema) = role.schema().filter(|_| is_schema_problem) else {
            return vec![first];
        };
        let line = |d: &Diagnostic| d.span.map(|s| source.line_column(s.start).line);
        let mut all = match crate::kb::shape::problems(source.text(), schema) {
            Ok(all) => all,
            Err(syntax) => return vec![syntax],
        };
        for problem in &mut all {
            if let Some(hint) = field_hint(role, &problem.message) {
                problem.hint = Some(hint.to_string());
            }
        }
        // serde's diagnostic stays only if the tree found nothing on its line: then every
        // problem of the file reads the same way.
        if !all
            .iter()
            .any(|d| d.code == first.code && line(d) == line(&first))
        {
            all.push(first);
        }
        all.sort_by_key(|d| d.span.map(|s| s.start));
        all
    })
}

impl Role {
    /// The JSON Schema of this kind of file, generated once from its model type.
    fn schema(&self) -> Option<&'static serde_json::Value> {
        use std::sync::OnceLock;
        fn of<T: schemars::JsonSchema>(
            cell: &'static OnceLock<serde_json::Value>,
        ) -> &'static serde_json::Value {
            cell.get_or_init(|| {
                serde_json::to_value(crate::kb::model::json_schema::<T>())
                    .expect("schemas are JSON")
            })
        }
        static SETTINGS: OnceLock<serde_json::Value> = OnceLock::new();
        static GLOSSARY: OnceLock<serde_json::Value> = OnceLock::new();
        static SETTINGS_TRANSLATION: OnceLock<serde_json::Value> = OnceLock::new();
        static TOPIC: OnceLock<serde_json::Value> = OnceLock::new();
        static TOPIC_TRANSLATION: OnceLock<serde_json::Value> = OnceLock::new();
        static ENTRY: OnceLock<serde_json::Value> = OnceLock::new();
        static ENTRY_TRANSLATION: OnceLock<serde_json::Value> = OnceLock::new();
        Some(match self {
            Role::Settings => of::<KbSettings>(&SETTINGS),
            Role::Glossary => of::<Glossary>(&GLOSSARY),
            Role::SettingsTranslation(_) => of::<KbTranslation>(&SETTINGS_TRANSLATION),
            Role::Topic(_) => of::<TopicDoc>(&TOPIC),
            Role::TopicTranslation(..) => of::<TopicTranslation>(&TOPIC_TRANSLATION),
            Role::Entry(..) => of::<EntryDoc>(&ENTRY),
            Role::EntryTranslation(..) => of::<EntryTranslation>(&ENTRY_TRANSLATION),
            Role::Other => return None,
        })
    }
}

/// The first YAML tag written in `text`, as a diagnostic. serde-saphyr honours some tags
/// (`!!binary` decodes base64 into a title) and drops others (`!evil`), so a reviewer could not
/// see what a file really says: the format refuses them all.
fn first_tag(text: &str) -> Option<Diagnostic> {
    use granit_parser::{Event, Parser};
    // Every tag starts with `!`: most files have none and are not scanned twice.
    if !text.contains('!') {
        return None;
    }
    for item in Parser::new_from_str(text) {
        // Syntax errors are serde-saphyr's to report, with the rest of the file's problems.
        let Ok((event, span)) = item else {
            return None;
        };
        let tag = match &event {
            Event::Scalar(_, _, _, tag)
            | Event::SequenceStart(_, _, tag)
            | Event::MappingStart(_, _, tag) => tag.as_ref(),
            _ => None,
        };
        let Some(tag) = tag else { continue };
        let start = span
            .tag_start()
            .or(Some(span.start))
            .and_then(|marker| marker.byte_offset())
            .unwrap_or(0)
            .min(text.len());
        let written = text[start..]
            .split(|c: char| c.is_whitespace() || c == ',' || c == ']' || c == '}')
            .next()
            .unwrap_or("!");
        let written = if written.is_empty() { "!" } else { written };
        return Some(
            Diagnostic::new(
                Code::YamlTag,
                Span::new(FileId(0), start..start + written.len()),
                format!("YAML tag `{written}` ({tag}): the KB format has no tags"),
            )
            .label("a tag")
            .hint(
                "remove the tag and write the value as plain text; quote it if it starts with `!`",
            ),
        );
    }
    None
}

fn yaml_diagnostic(source: &SourceFile, role: &Role, error: &serde_saphyr::Error) -> Diagnostic {
    let rendered = error.without_snippet().to_string();
    // serde-saphyr appends " at line L, column C"; kbgen shows positions itself.
    let message = match rendered.rfind(" at line ") {
        Some(index) => rendered[..index].to_string(),
        None => rendered,
    };
    let start = error
        .location()
        .map(|location| {
            Span::of_position(
                FileId(0),
                source,
                &crate::kb::model::Position::of(&location),
            )
            .start
        })
        .unwrap_or(0);
    let at = |len: usize| Span::new(FileId(0), start..(start + len).min(source.len()));

    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (field, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let expected = expected_fields(expected);
        let mut diagnostic = Diagnostic::new(
            Code::UnknownField,
            at(field.len()),
            format!("unknown field `{field}`"),
        )
        .label("not a field here");
        diagnostic.hint = Some(
            match did_you_mean(field, expected.iter().map(String::as_str)) {
                Some(near) => format!("did you mean `{near}`?"),
                None if field_hint(role, &diagnostic.message).is_some() => {
                    field_hint(role, &diagnostic.message)
                        .unwrap_or_default()
                        .to_string()
                }
                None if expected.is_empty() => "remove it".to_string(),
                None => format!("the fields here are: {}", expected.join(", ")),
            },
        );
        return diagnostic;
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let field = rest.split('`').next().unwrap_or(rest);
        let first_key = mapping_start(source, start);
        let key_len = source.text()[first_key..].find([':', '\n']).unwrap_or(0);
        return Diagnostic::new(
            Code::MissingField,
            Span::new(FileId(0), first_key..first_key + key_len),
            format!("missing required field `{field}`"),
        )
        .label(format!("this mapping has no `{field}`"))
        .hint(format!(
            "add `{field}:` to this mapping; README.md's format reference shows what it holds"
        ));
    }
    if let Some(rest) = message.strip_prefix("duplicate mapping key: ") {
        let key = rest.split(',').next().unwrap_or(rest).trim();
        return Diagnostic::new(
            Code::DuplicateKey,
            at(key.len()),
            format!("duplicate key `{key}`"),
        )
        .label("written a second time here")
        .hint("keep one of the two: YAML does not say which wins, so kbgen refuses both");
    }
    if message.starts_with("unexpected end of input") && source.text().trim().is_empty() {
        return Diagnostic::new(Code::YamlSyntax, at(0), "the file is empty")
            .hint("write the file's fields, or delete it");
    }
    let looks_like_type_error = message.starts_with("expected ")
        || message.starts_with("invalid type")
        || message.starts_with("invalid value")
        || message.starts_with("invalid u")
        || message.starts_with("invalid i")
        || message.contains("strict boolean")
        || message.contains("must be quoted");
    if looks_like_type_error {
        let value_len = source.text()[start..]
            .split(['\n', '\r'])
            .next()
            .map_or(0, |line| line.trim_end().len());
        return Diagnostic::new(
            Code::WrongType,
            at(value_len),
            format!("wrong type: {message}"),
        )
        .hint(type_hint(&message));
    }
    Diagnostic::new(Code::YamlSyntax, at(1), format!("YAML syntax: {message}"))
        .hint("fix this first: parsing of this file stops here (other files are still checked)")
}

/// A hint for an unknown field that is a known mistake rather than a typo.
fn field_hint(role: &Role, message: &str) -> Option<&'static str> {
    (matches!(role, Role::EntryTranslation(..)) && message == "unknown field `messages`").then_some(
        "error messages are not translated: they are what the product prints. Only when the \
         product itself prints a message in this locale, list it under `error.localized_messages`",
    )
}

/// serde-saphyr reports a missing field where the mapping ends; people look for the mapping
/// where it starts. Walks up from `offset` to the first key of the same block mapping.
fn mapping_start(source: &SourceFile, offset: usize) -> usize {
    let indent_of = |line: &str| {
        let spaces = line.len() - line.trim_start().len();
        // `- key:` starts a mapping inside a list item: its keys are indented past the dash.
        match line.trim_start().strip_prefix("- ") {
            Some(rest) => spaces + 2 + (rest.len() - rest.trim_start().len()),
            None => spaces,
        }
    };
    let mut line = source.line_column(offset).line;
    let text = |line: usize| &source.text()[source.line_range(line)];
    let indent = indent_of(text(line));
    while line > 1 {
        let current = text(line);
        if current.trim_start().starts_with("- ") && indent_of(current) == indent {
            break; // the first key of a list item's mapping
        }
        let previous = text(line - 1);
        let blank = previous.trim().is_empty() || previous.trim_start().starts_with('#');
        if !blank && indent_of(previous) < indent {
            break;
        }
        line -= 1;
    }
    // Skip blank and comment lines that the walk may have stopped on.
    while line < source.line_count() && {
        let t = text(line).trim();
        t.is_empty() || t.starts_with('#')
    } {
        line += 1;
    }
    let range = source.line_range(line);
    let line_text = &source.text()[range.clone()];
    let key = line_text.len() - line_text.trim_start().trim_start_matches("- ").len();
    range.start + key
}

fn type_hint(message: &str) -> String {
    if message.contains("sequence") {
        "this field takes a list: write each item on its own line after `- `".to_string()
    } else if message.contains("string") {
        "this field takes text: quote it if it starts with `[`, `{`, `*`, `&` or `!`".to_string()
    } else if message.contains("map") || message.contains("struct") {
        "this field takes a mapping of `key: value` lines".to_string()
    } else {
        "README.md's format reference lists what each field holds".to_string()
    }
}

fn expected_fields(text: &str) -> Vec<String> {
    let text = text.trim_start_matches(',').trim();
    let text = text
        .strip_prefix("expected one of")
        .or_else(|| text.strip_prefix("expected"))
        .unwrap_or("");
    text.split([',', ' '])
        .map(|part| part.trim().trim_matches('`'))
        .filter(|part| !part.is_empty() && *part != "or")
        .map(str::to_string)
        .collect()
}

/// Puts a parsed file in its place in the KB; a translation without a source is reported.
fn place(kb: &mut Kb, file: FileId, role: Role, parsed: Parsed) -> Option<Diagnostic> {
    // Topics are sorted by id (the walk is), entries by stem (they are inserted so).
    let topic_index = |kb: &Kb, topic: &str| -> usize {
        kb.topics
            .binary_search_by(|t| t.id.as_str().cmp(topic))
            .expect("topic files are only classified inside topic folders")
    };
    match (role, parsed) {
        (Role::Settings, Parsed::Settings(doc)) => kb.settings = Some(Loaded { file, doc }),
        (Role::Glossary, Parsed::Glossary(doc)) => kb.glossary = Some(Loaded { file, doc }),
        (Role::SettingsTranslation(locale), Parsed::SettingsTranslation(doc)) => {
            kb.settings_translations.push(Localized {
                locale,
                loaded: Loaded { file, doc },
            });
        }
        (Role::Topic(topic), Parsed::Topic(doc)) => {
            let index = topic_index(kb, &topic);
            kb.topics[index].source = Some(Loaded { file, doc });
        }
        (Role::TopicTranslation(topic, locale), Parsed::TopicTranslation(doc)) => {
            let index = topic_index(kb, &topic);
            kb.topics[index].translations.push(Localized {
                locale,
                loaded: Loaded { file, doc },
            });
        }
        (Role::Entry(topic, stem), Parsed::Entry(doc)) => {
            let index = topic_index(kb, &topic);
            let entries = &mut kb.topics[index].entries;
            let position = entries.partition_point(|e| e.stem < stem);
            let entry = Entry {
                id: format!("{topic}/{stem}"),
                stem,
                source: Loaded { file, doc },
                translations: Vec::new(),
            };
            entries.insert(position, entry);
        }
        (Role::EntryTranslation(topic, stem, locale), Parsed::EntryTranslation(doc)) => {
            let index = topic_index(kb, &topic);
            let entries = &mut kb.topics[index].entries;
            match entries
                .binary_search_by(|e| e.stem.as_str().cmp(&stem))
                .ok()
                .map(|i| &mut entries[i])
            {
                Some(entry) => entry.translations.push(Localized {
                    locale,
                    loaded: Loaded { file, doc },
                }),
                None => {
                    let stems: Vec<&str> = entries.iter().map(|e| e.stem.as_str()).collect();
                    let hint = match did_you_mean(&stem, stems) {
                        Some(near) => format!("did you mean `{near}.{locale}.yaml`?"),
                        None => format!(
                            "create `{stem}.yaml` in the source locale, or delete this file"
                        ),
                    };
                    return Some(
                        Diagnostic::new(
                            Code::OrphanTranslation,
                            Span::file_start(file),
                            format!("translation of `{topic}/{stem}`, which has no source file `{stem}.yaml`"),
                        )
                        .hint(hint),
                    );
                }
            }
        }
        _ => unreachable!("read_and_parse returns the kind its role asks for"),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// For each file of the bundled KB read as text: whether it is an entry file (or an entry's
    /// translation), and whether it holds its text after a load that keeps `texts`.
    fn held(texts: EntryTexts) -> Vec<(bool, bool)> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("kb");
        let (kb, _) = load(&root, texts).unwrap();
        let entry_files: Vec<FileId> = (kb.entries())
            .flat_map(|e| {
                std::iter::once(e.source.file).chain(e.translations.iter().map(|t| t.loaded.file))
            })
            .collect();
        (0..kb.sources.len() as u32)
            .map(FileId)
            .filter(|&id| kb.sources.get(id).is_text)
            .map(|id| (entry_files.contains(&id), kb.sources.get(id).is_held()))
            .collect()
    }

    #[test]
    fn entry_texts_are_let_go_of_after_parsing_unless_kept() {
        let (entries, others): (Vec<_>, Vec<_>) = held(EntryTexts::LetGo)
            .into_iter()
            .partition(|&(entry, _)| entry);
        assert_eq!(entries.len(), 18, "9 entries and their Korean");
        assert!(entries.iter().all(|&(_, held)| !held));
        assert!(!others.is_empty() && others.iter().all(|&(_, held)| held));
        assert!(held(EntryTexts::Keep).iter().all(|&(_, held)| held));
    }
}
