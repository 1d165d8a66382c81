//! `kbgen serve`: the author's loop. Builds the KB's site into a folder of its own (never
//! `out/`; in memory-backed storage where there is some), serves it on this machine, watches the
//! KB and builds again on every save. A save of one entry file first shows that entry's topic
//! pages, rendered from the last model with only that file read again; saves of entry files
//! that keep every title then check the whole KB but write only their topics' pages and the
//! search index's parts that hold them ([`update`]); anything else builds the whole site. Each
//! page is served with a small script that reloads it after a build (at the same scroll
//! position) and, while the KB has errors, shows them over the page as `check` prints them; the
//! last good site stays served meanwhile. The built files themselves are never changed: the
//! script is added as a page is sent.

pub mod http;

use crate::diagnostic::Diagnostic;
use crate::error::{Error, Result};
use crate::kb::load::Kb;
use crate::kb::source::SourceMap;
use crate::publish::build::{self, Built};
use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// The script each served page gets (`templates/serve/reload.js`).
const RELOAD_JS: &str = include_str!("../../templates/serve/reload.js");
/// Where the script and the event stream are served: a path no KB page can have (ids are
/// `[a-z0-9-]`).
const RELOAD_PATH: &str = "/__kbgen/reload.js";
const EVENTS_PATH: &str = "/__kbgen/events";
/// How long the watcher waits for a burst of saves to end before building.
const DEBOUNCE: Duration = Duration::from_millis(80);

pub struct Options {
    pub kb: PathBuf,
    /// Where to listen: 127.0.0.1 unless the author asks for another interface.
    pub address: SocketAddr,
    pub base_url: Option<String>,
}

/// What the server tells its caller, to print.
pub enum Event<'a> {
    /// Listening at `url`, building into `folder`.
    Listening {
        url: &'a str,
        folder: &'a Path,
    },
    /// A build that wrote the site.
    Built {
        built: &'a Built,
        took: Duration,
    },
    /// A build that found errors (or an error that stopped it): the last good site stays.
    Failed {
        diagnostics: &'a [Diagnostic],
        sources: &'a SourceMap,
    },
    Stopped(&'a Error),
    /// A build after saves of entry files that wrote only what depends on them: the pages of
    /// `topics` and the search index; the whole KB was checked.
    Updated {
        diagnostics: &'a [Diagnostic],
        sources: &'a SourceMap,
        topics: &'a [String],
        files: usize,
        took: Duration,
    },
    /// The pages of the saved entry's topic, shown before the whole KB is built again.
    Previewed {
        topic: &'a str,
        took: Duration,
    },
}

/// What pages learn from the event stream, and what the server knows of its last build.
#[derive(Default)]
struct State {
    /// Bumped by every build, good or not: event streams wait for it to change.
    version: u64,
    /// Bumped by every build that wrote the site: a page of another generation reloads.
    generation: u64,
    /// The diagnostics of the last build when it failed, as `check` prints them.
    errors: Option<String>,
    /// The site shows a preview of one saved entry; a full build follows.
    preview: bool,
    /// UI strings of the error overlay by locale: (title, note).
    strings: std::collections::HashMap<String, (String, String)>,
    source_locale: String,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    site: PathBuf,
}

/// Serves until `stop` says so; then removes its build folder.
pub fn serve(
    options: &Options,
    stop: std::sync::mpsc::Receiver<()>,
    report: &(dyn Fn(Event) + Sync),
) -> Result<()> {
    let folder = scratch_folder().join(format!("kbgen-serve-{}", std::process::id()));
    let listener = TcpListener::bind(options.address).map_err(|source| Error::Serve {
        address: options.address,
        source,
    })?;
    let address = listener.local_addr().map_err(|source| Error::Serve {
        address: options.address,
        source,
    })?;
    let shared = Arc::new(Shared {
        state: Mutex::new(State::default()),
        changed: Condvar::new(),
        site: folder.join("site"),
    });
    // Watching starts before the first build, so that no save is missed from then on.
    let (changes, changed) = std::sync::mpsc::channel();
    let _watcher = watcher(&options.kb, changes)?;
    let search = Arc::new(Mutex::new(crate::publish::search::Kept::default()));
    let last = rebuild(options, &folder, &shared, &search, report).map(|kb| Last {
        kb,
        pending: BTreeSet::new(),
        needs_full: false,
    });
    let url = format!("http://{address}/");
    report(Event::Listening {
        url: &url,
        folder: &folder,
    });
    let server = Arc::clone(&shared);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let shared = Arc::clone(&server);
            std::thread::spawn(move || answer(&stream, &shared));
        }
    });
    let result = watch(
        options, &folder, &shared, &search, last, &changed, &stop, report,
    );
    let _ = std::fs::remove_dir_all(&folder);
    result
}

/// Where to build: memory-backed where the system has such a place (the user's runtime folder,
/// else Linux's `/dev/shm`), since many saves rewrite the whole site (a 10,000-entry site
/// builds in 2.1 s there and 3.8 s on this machine's disk); else the temporary folder.
fn scratch_folder() -> PathBuf {
    let runtime = std::env::var_os("XDG_RUNTIME_DIR").map(PathBuf::from);
    let shared_memory = Some(PathBuf::from("/dev/shm")).filter(|_| cfg!(target_os = "linux"));
    [runtime, shared_memory]
        .into_iter()
        .flatten()
        .find(|folder| folder.is_dir() && writable(folder))
        .unwrap_or_else(std::env::temp_dir)
}

/// Whether a file can be made in `folder` (a runtime folder can belong to another user).
fn writable(folder: &Path) -> bool {
    let probe = folder.join(format!(".kbgen-serve-probe-{}", std::process::id()));
    let made = std::fs::write(&probe, b"").is_ok();
    let _ = std::fs::remove_file(&probe);
    made
}

/// The model of the last build that checked the KB (good or not) and what the served site
/// still lacks of it.
struct Last {
    kb: Kb,
    /// Entries (ids) changed since the site was last written: a build that found errors
    /// wrote nothing, and the next good one writes their pages too.
    pending: BTreeSet<String>,
    /// The files on disk may differ from `kb` in ways only a whole load can tell.
    needs_full: bool,
}

/// Builds on every change under the KB folder until `stop`. A burst of changes (an editor's
/// save is often several) makes one build, once the KB has been quiet for [`DEBOUNCE`].
#[allow(clippy::too_many_arguments)]
fn watch(
    options: &Options,
    folder: &Path,
    shared: &Shared,
    search: &Arc<Mutex<crate::publish::search::Kept>>,
    mut last: Option<Last>,
    changed: &std::sync::mpsc::Receiver<notify::Result<notify::Event>>,
    stop: &std::sync::mpsc::Receiver<()>,
    report: &(dyn Fn(Event) + Sync),
) -> Result<()> {
    use std::sync::mpsc::RecvTimeoutError;
    loop {
        if stop.try_recv().is_ok() {
            return Ok(());
        }
        match changed.recv_timeout(Duration::from_millis(100)) {
            Ok(Ok(event)) if changes_the_kb(&event) => {
                let mut paths: BTreeSet<PathBuf> = event.paths.iter().cloned().collect();
                // An error of the watcher (its queue overflowed): only a whole load is sure.
                let mut missed = false;
                // Wait for the burst to end.
                loop {
                    match changed.recv_timeout(DEBOUNCE) {
                        Ok(Ok(event)) => {
                            if changes_the_kb(&event) {
                                paths.extend(event.paths.iter().cloned());
                            }
                        }
                        Ok(Err(_)) => missed = true,
                        Err(RecvTimeoutError::Timeout) => break,
                        Err(RecvTimeoutError::Disconnected) => return Ok(()),
                    }
                }
                if let Some(last) = last.as_mut() {
                    last.needs_full |= missed;
                }
                // Each saved entry's title as the site shows it before the save: another title
                // changes other pages (the home pages, links, related entries).
                let titles = last.as_ref().map(|last| titles_of(&last.kb, &paths));
                // One saved entry: its pages first, from the last model with that file read
                // again; then the rest.
                if let ([path], Some(last)) = (Vec::from_iter(&paths).as_slice(), last.as_mut()) {
                    preview(&mut last.kb, path, folder, shared, report);
                }
                let updated = match (last.as_mut(), titles) {
                    (Some(last), Some(titles)) if !last.needs_full => {
                        update(last, &paths, &titles, folder, shared, search, report)
                    }
                    _ => false,
                };
                if !updated {
                    // A failed build keeps the last model for the next preview; the next build
                    // loads the whole KB again.
                    match rebuild(options, folder, shared, search, report) {
                        Some(kb) => {
                            last = Some(Last {
                                kb,
                                pending: BTreeSet::new(),
                                needs_full: false,
                            })
                        }
                        None => {
                            if let Some(last) = last.as_mut() {
                                last.needs_full = true;
                            }
                        }
                    }
                }
            }
            Ok(Err(_)) => {
                if let Some(last) = last.as_mut() {
                    last.needs_full = true;
                }
            }
            Ok(_) | Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
    }
}

/// What the site shows of an entry's title in every locale: the source title, and each
/// translation's title with the fingerprint that says whether it is current.
type Title = (Option<String>, Vec<(String, Option<(String, String)>)>);

/// The titles of the entries that `paths` are files of, by entry id.
fn titles_of(kb: &Kb, paths: &BTreeSet<PathBuf>) -> HashMap<String, Title> {
    paths
        .iter()
        .filter_map(|path| crate::kb::load::find_entry_file(kb, path))
        .map(|(topic, entry, _)| {
            let entry = &kb.topics[topic].entries[entry];
            (entry.id.clone(), title_of(entry))
        })
        .collect()
}

fn title_of(entry: &crate::kb::load::Entry) -> Title {
    let source = entry.source.doc.as_ref().map(|d| d.title.value.clone());
    let translations = (entry.translations.iter())
        .map(|t| {
            let title = (t.loaded.doc.as_ref())
                .and_then(|d| d.title.as_ref())
                .map(|title| (title.text.value.clone(), title.fingerprint.value.clone()));
            (t.locale.clone(), title)
        })
        .collect();
    (source, translations)
}

/// Builds after saves of entry files that the KB already has, writing only what depends on
/// them: those files read again into the last model, the whole KB checked, the pages of their
/// topics and the search index written again (each part of it that holds them indexed again).
/// `false`, changing nothing that the site shows, when that is not enough: a file added,
/// removed or renamed, one other than an entry's, an entry's title changed, a file that does
/// not parse; then only a whole build is right.
fn update(
    last: &mut Last,
    paths: &BTreeSet<PathBuf>,
    titles: &HashMap<String, Title>,
    folder: &Path,
    shared: &Shared,
    search: &Mutex<crate::publish::search::Kept>,
    report: &(dyn Fn(Event) + Sync),
) -> bool {
    let started = Instant::now();
    let mut changed = Vec::new();
    for path in paths {
        match crate::kb::load::find_entry_file(&last.kb, path) {
            Some(_) => changed.push(path),
            // A file that came and went within the burst (an editor's temporary file).
            None if std::fs::symlink_metadata(path).is_err() && !is_known(&last.kb, path) => {}
            None => return false,
        }
    }
    for path in changed {
        let Some((topic, stem)) = crate::kb::load::reload_entry_file(&mut last.kb, path) else {
            // The model may hold some of the saves now: only a whole load is sure.
            last.needs_full = true;
            return false;
        };
        last.pending.insert(format!("{topic}/{stem}"));
    }
    let kb_entries = |id: &str| -> Option<&crate::kb::load::Entry> {
        let (topic, stem) = id.split_once('/')?;
        last.kb
            .topic(topic)?
            .entries
            .iter()
            .find(|e| e.stem == stem)
    };
    if (titles.iter()).any(|(id, title)| kb_entries(id).is_none_or(|e| title_of(e) != *title)) {
        last.needs_full = true;
        return false;
    }
    let options = crate::check::Options {
        publishing: true,
        ..Default::default()
    };
    let kb = &last.kb;
    let mut diagnostics = crate::check_loaded(kb, Default::default(), &options);
    diagnostics.extend(build::sitemap_warning(kb));
    let failed = |state: &mut State, errors: String| {
        state.version += 1;
        state.preview = false;
        state.errors = Some(errors);
    };
    let has_errors = (diagnostics.iter()).any(|d| d.severity == crate::diagnostic::Severity::Error);
    if has_errors {
        let errors = crate::check::report::human(&diagnostics, &kb.sources, false);
        failed(
            &mut shared.state.lock().unwrap_or_else(|e| e.into_inner()),
            errors,
        );
        report(Event::Failed {
            diagnostics: &diagnostics,
            sources: &kb.sources,
        });
        // Told after it is printed: a reader of both sees the line first.
        shared.changed.notify_all();
        return true;
    }
    let templates = crate::publish::templates::load(kb)
        .0
        .expect("check reported template errors");
    let cx = crate::publish::Context::new(kb, &templates);
    let mut kept = search.lock().unwrap_or_else(|e| e.into_inner());
    if !kept.fits(&cx) {
        last.needs_full = true;
        return false;
    }
    let files = crate::publish::Files::new(folder);
    let topics: Vec<String> = (last.pending.iter())
        .filter_map(|id| id.split_once('/'))
        .map(|(topic, _)| topic.to_string())
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect();
    for topic in &topics {
        let topic = kb.topic(topic).expect("pending entries are in the model");
        if let Err(problem) = crate::publish::html::write_topic_pages(&cx, topic, &files) {
            let problems = [problem];
            let errors = crate::check::report::human(&problems, &kb.sources, false);
            failed(
                &mut shared.state.lock().unwrap_or_else(|e| e.into_inner()),
                errors,
            );
            report(Event::Failed {
                diagnostics: &problems,
                sources: &kb.sources,
            });
            shared.changed.notify_all();
            last.needs_full = true;
            return true;
        }
    }
    let changed: HashSet<&str> = last.pending.iter().map(String::as_str).collect();
    crate::publish::search::update(&cx, &mut kept, &changed, &files);
    drop(kept);
    match files.finish() {
        Ok(count) => {
            let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            state.version += 1;
            state.generation += 1;
            state.preview = false;
            state.errors = None;
            drop(state);
            report(Event::Updated {
                diagnostics: &diagnostics,
                sources: &kb.sources,
                topics: &topics,
                files: count,
                took: started.elapsed(),
            });
            shared.changed.notify_all();
            last.pending.clear();
        }
        Err(error) => {
            failed(
                &mut shared.state.lock().unwrap_or_else(|e| e.into_inner()),
                format!("error: {error}\n"),
            );
            report(Event::Stopped(&error));
            shared.changed.notify_all();
            last.needs_full = true;
        }
    }
    true
}

/// Whether `path` may be a file the model read (then its removal is a change to build): a
/// file of that name in a folder of that name.
fn is_known(kb: &Kb, path: &Path) -> bool {
    let folder = |path: &Path| {
        path.parent()
            .and_then(Path::file_name)
            .map(|n| n.to_owned())
    };
    (kb.sources.iter())
        .any(|file| file.path.file_name() == path.file_name() && folder(&file.path) == folder(path))
}

/// A watcher of everything under `kb`, sending its events to `changes` while it lives.
fn watcher(
    kb: &Path,
    changes: std::sync::mpsc::Sender<notify::Result<notify::Event>>,
) -> Result<notify::RecommendedWatcher> {
    use notify::Watcher;
    let watch_error = |error: notify::Error| Error::Watch {
        path: kb.to_path_buf(),
        why: error.to_string(),
    };
    let mut watcher = notify::recommended_watcher(changes).map_err(watch_error)?;
    watcher
        .watch(kb, notify::RecursiveMode::Recursive)
        .map_err(watch_error)?;
    Ok(watcher)
}

/// Whether `event` may change what a build makes: a file written, made, removed or renamed;
/// not a file read (the build's own reads are events too), nor an editor's swap or backup file.
fn changes_the_kb(event: &notify::Event) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    let kind = matches!(
        event.kind,
        EventKind::Create(_)
            | EventKind::Remove(_)
            | EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Any)
            | EventKind::Access(notify::event::AccessKind::Close(
                notify::event::AccessMode::Write
            ))
    );
    let named = event.paths.iter().any(|path| {
        let name = path.file_name().map(|n| n.to_string_lossy());
        name.is_some_and(|n| !n.starts_with('.') && !n.ends_with('~'))
    });
    kind && named
}

/// Shows the saved entry file `path` at once: read again into `kb` (the last good build's
/// model), checked by the rules of one entry, its topic's pages written over the served ones.
/// Does nothing when any of that fails: the full build that follows reports why.
fn preview(
    kb: &mut Kb,
    path: &Path,
    folder: &Path,
    shared: &Shared,
    report: &(dyn Fn(Event) + Sync),
) {
    let started = Instant::now();
    let Some((topic_id, stem)) = crate::kb::load::reload_entry_file(kb, path) else {
        return;
    };
    let kb = &*kb;
    let Some(topic) = kb.topic(&topic_id) else {
        return;
    };
    let Some(entry) = topic.entries.iter().find(|e| e.stem == stem) else {
        return;
    };
    if crate::check::validate_entry(kb, topic, entry).has_errors() {
        return;
    }
    let Some(templates) = crate::publish::templates::load(kb).0 else {
        return;
    };
    let cx = crate::publish::Context::new(kb, &templates);
    let files = crate::publish::Files::new(folder);
    if crate::publish::html::write_topic_pages(&cx, topic, &files).is_err()
        || files.finish().is_err()
    {
        return;
    }
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.version += 1;
    state.generation += 1;
    state.errors = None;
    state.preview = true;
    drop(state);
    shared.changed.notify_all();
    report(Event::Previewed {
        topic: &topic_id,
        took: started.elapsed(),
    });
}

/// Builds the KB into `folder`, and tells pages and the caller how it went; the model of a
/// build that wrote the site, for the next preview.
fn rebuild(
    options: &Options,
    folder: &Path,
    shared: &Shared,
    search: &Arc<Mutex<crate::publish::search::Kept>>,
    report: &(dyn Fn(Event) + Sync),
) -> Option<Kb> {
    let started = Instant::now();
    let build_options = build::Options {
        base_url: options.base_url.clone(),
        site_only: true,
        keep_search: Some(Arc::clone(search)),
        keep_source_texts: true,
    };
    let outcome = build::build(&options.kb, folder, &build_options);
    let mut state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    state.version += 1;
    state.preview = false;
    match &outcome {
        Ok(built) if built.written() => {
            state.generation += 1;
            state.errors = None;
            let kb = &built.checked.kb;
            state.source_locale = kb.source_locale().unwrap_or("en").to_string();
            if let (Some(templates), _) = crate::publish::templates::load(kb) {
                for locale in kb.locales().unwrap_or_default() {
                    let strings = templates.strings(&locale, &state.source_locale);
                    let text = |key: &str| strings.get(key).cloned().unwrap_or_default();
                    let pair = (text("serve_errors_title"), text("serve_errors_note"));
                    state.strings.insert(locale, pair);
                }
            }
            drop(state);
            report(Event::Built {
                built,
                took: started.elapsed(),
            });
        }
        Ok(built) => {
            let checked = &built.checked;
            state.errors = Some(crate::check::report::human(
                &checked.diagnostics,
                &checked.kb.sources,
                false,
            ));
            drop(state);
            report(Event::Failed {
                diagnostics: &checked.diagnostics,
                sources: &checked.kb.sources,
            });
        }
        Err(error) => {
            state.errors = Some(format!("error: {error}\n"));
            drop(state);
            report(Event::Stopped(error));
        }
    }
    shared.changed.notify_all();
    match outcome {
        Ok(built) if built.written() => Some(built.checked.kb),
        _ => None,
    }
}

/// Answers one connection: a file of the site (a page with the reload script), the script, or
/// the event stream.
fn answer(stream: &TcpStream, shared: &Shared) {
    let Some(request) = http::read_request(stream) else {
        let _ = http::respond(
            stream,
            "400 Bad Request",
            "text/plain",
            b"bad request\n",
            false,
        );
        return;
    };
    let head_only = request.method == "HEAD";
    if request.method != "GET" && !head_only {
        let _ = http::respond(
            stream,
            "405 Method Not Allowed",
            "text/plain",
            b"GET only\n",
            false,
        );
        return;
    }
    match request.path.as_str() {
        EVENTS_PATH => events(stream, shared),
        RELOAD_PATH => {
            let _ = http::respond(
                stream,
                "200 OK",
                "text/javascript; charset=utf-8",
                RELOAD_JS.as_bytes(),
                head_only,
            );
        }
        path if !path.ends_with('/')
            && http::file_for(&shared.site, path)
                .is_some_and(|f| f.ends_with("index.html") && !path.ends_with("index.html")) =>
        {
            let _ = http::redirect(stream, &format!("{path}/"));
        }
        path => {
            let file = http::file_for(&shared.site, path);
            let found = file
                .as_ref()
                .and_then(|f| Some((f, std::fs::read(f).ok()?)));
            let (status, file, body) = match found {
                Some((file, body)) => ("200 OK", file.clone(), body),
                None => match std::fs::read(shared.site.join("404.html")) {
                    Ok(body) => ("404 Not Found", shared.site.join("404.html"), body),
                    // No good build yet: a page that still shows the errors.
                    Err(_) => (
                        "503 Service Unavailable",
                        PathBuf::from("waiting.html"),
                        b"<!doctype html><html lang=\"en\"><title>kbgen serve</title><body></body></html>"
                            .to_vec(),
                    ),
                },
            };
            let content_type = http::content_type(&file);
            let body = if content_type.starts_with("text/html") {
                with_reload_script(&body, path, shared)
            } else {
                body
            };
            let _ = http::respond(stream, status, content_type, &body, head_only);
        }
    }
}

/// `page` with the reload script before `</body>`, told the page's generation and the error
/// overlay's strings in the page's locale (its first path segment, else the source locale).
fn with_reload_script(page: &[u8], path: &str, shared: &Shared) -> Vec<u8> {
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let locale = path.split('/').find(|s| !s.is_empty()).unwrap_or_default();
    let (title, note) = state
        .strings
        .get(locale)
        .or_else(|| state.strings.get(&state.source_locale))
        .cloned()
        .unwrap_or_else(|| ("The KB has errors".into(), String::new()));
    let attribute = |text: &str| {
        text.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let script = format!(
        "<script src=\"{RELOAD_PATH}\" data-generation=\"{}\" data-title=\"{}\" data-note=\"{}\"></script>\n",
        state.generation,
        attribute(&title),
        attribute(&note)
    );
    let mut out = page.to_vec();
    let at = page
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(page.len());
    out.splice(at..at, script.into_bytes());
    out
}

/// Server-sent events: the state now, then after every build, with a comment every 15 s so
/// that a closed page is noticed.
fn events(mut stream: &TcpStream, shared: &Shared) {
    use std::io::Write;
    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ncache-control: no-store\r\n\
                connection: keep-alive\r\n\r\n";
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    let mut seen = None;
    loop {
        let message = {
            let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
            let (state, _) = shared
                .changed
                .wait_timeout_while(state, Duration::from_secs(15), |s| Some(s.version) == seen)
                .unwrap_or_else(|e| e.into_inner());
            if Some(state.version) == seen {
                ": still here\n\n".to_string()
            } else {
                seen = Some(state.version);
                let data = serde_json::json!({
                    "generation": state.generation,
                    "errors": state.errors,
                    "preview": state.preview,
                });
                format!("event: state\ndata: {data}\n\n")
            }
        };
        if stream.write_all(message.as_bytes()).is_err() || stream.flush().is_err() {
            return;
        }
    }
}
