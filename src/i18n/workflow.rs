//! The translation workflow: what is missing or stale per locale and field (`kbgen i18n
//! status`), marking reviewed fields current (`kbgen i18n accept`), and adding a locale
//! (`kbgen i18n add`). Edits change only the bytes they must ([`crate::kb::edit`]).

use crate::error::{Error, Result};
use crate::kb::fields::{
    Field, FieldPath, FieldState, Kind, State, entry_fields_of, kb_fields_of, topic_fields_of,
    units,
};
use crate::kb::fingerprint;
use crate::kb::ids::is_valid_locale;
use crate::kb::load::Kb;
use crate::kb::source::{FileId, Span};
use serde::Serialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

#[derive(Serialize)]
pub struct Status {
    pub source_locale: String,
    pub locales: Vec<LocaleStatus>,
}

#[derive(Serialize)]
pub struct LocaleStatus {
    pub locale: String,
    pub entries: EntryCounts,
    pub fields: FieldCounts,
    pub stale: Vec<StaleField>,
    pub missing: Vec<MissingField>,
}

#[derive(Default, Serialize)]
pub struct EntryCounts {
    pub total: usize,
    pub complete: usize,
    pub partial: usize,
    pub stale: usize,
    pub missing: usize,
}

#[derive(Default, Serialize)]
pub struct FieldCounts {
    pub total: usize,
    /// Translated from the current source text.
    pub current: usize,
    /// Of `current`, accepted by a reviewer as written (`final`); the others are `translated`.
    pub reviewed: usize,
    pub stale: usize,
    pub missing: usize,
    /// `current` as a share of `total`, in percent, one decimal.
    pub percent_current: f64,
}

#[derive(Serialize)]
pub struct StaleField {
    /// The translation file, and where its fingerprint is.
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// `kb`, a topic id or an entry id.
    pub id: String,
    pub field: String,
    /// The source text now.
    pub source: String,
    /// The source text the translation was made from, when git history has it.
    pub was: Option<String>,
}

#[derive(Serialize)]
pub struct MissingField {
    pub id: String,
    pub field: String,
    /// Where the translation belongs (it may not exist yet).
    pub file: String,
}

/// The translation path a source file's translation into `locale` has (or would have).
fn translation_path(kb: &Kb, source_file: FileId, locale: &str) -> String {
    let source = &kb.sources.get(source_file).display_path;
    source
        .strip_suffix(".yaml")
        .map_or_else(|| source.clone(), |stem| format!("{stem}.{locale}.yaml"))
}

/// The status of every target locale (or only `only`).
pub fn status(kb: &Kb, only: Option<&str>) -> Result<Status> {
    let source_locale = kb.source_locale().ok_or(Error::KbFileInvalid)?.to_string();
    let locales: Vec<String> = kb
        .locales()
        .unwrap_or_default()
        .into_iter()
        .filter(|l| *l != source_locale)
        .collect();
    if let Some(only) = only
        && !locales.iter().any(|l| l == only)
    {
        return Err(Error::NotATranslatedLocale {
            locale: only.to_string(),
            translated: locales,
        });
    }
    // Old source texts are looked up in git for every stale field at once, after the walk.
    let mut wanted: Vec<(usize, usize, Wanted)> = Vec::new();
    let mut result = Vec::new();
    for locale in locales
        .iter()
        .filter(|l| only.is_none_or(|o| o == l.as_str()))
    {
        let mut status = LocaleStatus {
            locale: locale.clone(),
            entries: EntryCounts::default(),
            fields: FieldCounts::default(),
            stale: Vec::new(),
            missing: Vec::new(),
        };
        for unit in units(kb, locale) {
            let states: Vec<FieldState> = unit.fields.iter().map(Field::state).collect();
            if unit.kind == Kind::Entry {
                status.entries.total += 1;
                match State::of(&states) {
                    State::Complete => status.entries.complete += 1,
                    State::Partial => status.entries.partial += 1,
                    State::Stale => status.entries.stale += 1,
                    State::Missing => status.entries.missing += 1,
                }
            }
            for (field, state) in unit.fields.iter().zip(states) {
                status.fields.total += 1;
                match state {
                    FieldState::Current => {
                        status.fields.current += 1;
                        status.fields.reviewed += usize::from(field.reviewed());
                    }
                    FieldState::Missing => {
                        status.fields.missing += 1;
                        status.missing.push(MissingField {
                            id: unit.id.clone(),
                            field: field.path.to_string(),
                            file: translation_path(kb, unit.source_file, locale),
                        });
                    }
                    FieldState::Stale => {
                        status.fields.stale += 1;
                        let translated = field.translated.expect("a stale field is translated");
                        let file = unit
                            .translation_file
                            .expect("a translated field has a file");
                        let span = kb.span(file, &translated.fingerprint);
                        let position = kb.sources.get(file).line_column(span.start);
                        wanted.push((
                            result.len(),
                            status.stale.len(),
                            Wanted {
                                source_file: unit.source_file,
                                kind: unit.kind,
                                field: field.path.clone(),
                                fingerprint: translated.fingerprint.value.clone(),
                            },
                        ));
                        status.stale.push(StaleField {
                            file: kb.sources.get(file).display_path.clone(),
                            line: position.line,
                            column: position.column,
                            id: unit.id.clone(),
                            field: field.path.to_string(),
                            source: field.source.value.trim().to_string(),
                            was: None,
                        });
                    }
                }
            }
        }
        status.fields.percent_current = if status.fields.total == 0 {
            100.0
        } else {
            (status.fields.current as f64 * 1000.0 / status.fields.total as f64).round() / 10.0
        };
        result.push(status);
    }
    let requests: Vec<&Wanted> = wanted.iter().map(|(_, _, w)| w).collect();
    let found = crate::timings::phase("status: old texts from git", || {
        History::default().resolve(kb, &requests)
    });
    for ((locale, stale, _), was) in wanted.iter().zip(found) {
        result[*locale].stale[*stale].was = was;
    }
    Ok(Status {
        source_locale,
        locales: result,
    })
}

/// The source texts that stale translations were made from, when git history has them: for
/// each `(source file, kind, field, fingerprint the translation recorded)`, in order.
pub(crate) fn previous_sources(
    kb: &Kb,
    stale: &[(FileId, Kind, FieldPath, String)],
) -> Vec<Option<String>> {
    let wanted: Vec<Wanted> = (stale.iter())
        .map(|(source_file, kind, field, fingerprint)| Wanted {
            source_file: *source_file,
            kind: *kind,
            field: field.clone(),
            fingerprint: fingerprint.clone(),
        })
        .collect();
    let requests: Vec<&Wanted> = wanted.iter().collect();
    History::default().resolve(kb, &requests)
}

/// A stale field whose old source text is looked up in git history.
struct Wanted {
    source_file: FileId,
    kind: Kind,
    field: FieldPath,
    fingerprint: String,
}

/// Older versions of source files from git, to show what changed since a translation was made.
/// Two git processes for the whole run, whatever the number of stale fields: one `git log` of
/// the KB folder, and one `git cat-file --batch` that reads old versions as they are asked for,
/// newest first, each parsed once.
#[derive(Default)]
struct History {
    /// Started on first use; `None` inside it when the KB is not in a git repository.
    git: Option<Option<Git>>,
    /// Fields of each version by blob id: (path, text).
    parsed: HashMap<String, Option<Vec<(FieldPath, String)>>>,
}

struct Git {
    /// Commits that touched the KB folder, newest first (at most 50).
    commits: Vec<String>,
    batch: std::process::Child,
    input: std::process::ChildStdin,
    output: std::io::BufReader<std::process::ChildStdout>,
}

impl Git {
    fn start(root: &Path) -> Option<Git> {
        let log = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["log", "--format=%H", "-n", "50", "--", "."])
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let commits: Vec<String> = String::from_utf8_lossy(&log.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        let mut batch = std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(["cat-file", "--batch"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .ok()?;
        let input = batch.stdin.take()?;
        let output = std::io::BufReader::new(batch.stdout.take()?);
        Some(Git {
            commits,
            batch,
            input,
            output,
        })
    }

    /// The blob id and text of each of `paths` (relative to the KB folder) at `commit`, in
    /// order; `None` where the file did not exist. The requests are written by a thread while
    /// the answers are read, so that neither pipe fills up.
    fn show_all(&mut self, commit: &str, paths: &[&str]) -> Vec<Option<(String, String)>> {
        use std::io::Write;
        let requests: String = paths.iter().map(|p| format!("{commit}:./{p}\n")).collect();
        let input = &mut self.input;
        let output = &mut self.output;
        std::thread::scope(|scope| {
            scope.spawn(move || {
                let _ = input.write_all(requests.as_bytes());
                let _ = input.flush();
            });
            paths.iter().map(|_| read_object(output)).collect()
        })
    }
}

/// One answer of `git cat-file --batch`: the blob id and text, or `None` for `missing`.
fn read_object(
    output: &mut std::io::BufReader<std::process::ChildStdout>,
) -> Option<(String, String)> {
    use std::io::{BufRead, Read};
    let mut header = String::new();
    output.read_line(&mut header).ok()?;
    let mut parts = header.split_whitespace();
    let (oid, kind, size) = (parts.next()?, parts.next()?, parts.next());
    if kind != "blob" {
        return None; // `<name> missing`
    }
    let size: usize = size?.parse().ok()?;
    let mut bytes = vec![0; size + 1]; // the blob and its closing newline
    output.read_exact(&mut bytes).ok()?;
    bytes.pop();
    Some((oid.to_string(), String::from_utf8(bytes).ok()?))
}

impl Drop for Git {
    fn drop(&mut self) {
        let _ = self.batch.kill();
        let _ = self.batch.wait();
    }
}

impl History {
    /// The old text of each wanted field (the source text whose fingerprint the translation
    /// recorded), newest version first, when git history has it.
    fn resolve(&mut self, kb: &Kb, wanted: &[&Wanted]) -> Vec<Option<String>> {
        let mut found: Vec<Option<String>> = vec![None; wanted.len()];
        if wanted.is_empty() {
            return found;
        }
        let Some(git) = self
            .git
            .get_or_insert_with(|| Git::start(&kb.root))
            .as_mut()
        else {
            return found;
        };
        let relative = |w: &Wanted| -> Option<String> {
            let path = kb
                .sources
                .get(w.source_file)
                .path
                .strip_prefix(&kb.root)
                .ok()?;
            Some(path.to_string_lossy().replace('\\', "/"))
        };
        let paths: Vec<Option<String>> = wanted.iter().map(|w| relative(w)).collect();
        let mut open: Vec<usize> = (0..wanted.len()).filter(|&i| paths[i].is_some()).collect();
        for commit in git.commits.clone() {
            if open.is_empty() {
                break;
            }
            // Every open file at this commit, asked for in one batch.
            let mut files: Vec<&str> = open.iter().filter_map(|&i| paths[i].as_deref()).collect();
            files.sort_unstable();
            files.dedup();
            let versions = git.show_all(&commit, &files);
            open.retain(|&i| {
                let path = paths[i].as_deref().unwrap_or_default();
                let Some(Some((oid, version))) = files
                    .binary_search(&path)
                    .ok()
                    .map(|at| versions.get(at).cloned().flatten())
                else {
                    return true;
                };
                let fields = self
                    .parsed
                    .entry(oid)
                    .or_insert_with(|| fields_of(wanted[i].kind, &version));
                let text = (fields.iter().flatten()).find(|(path, text)| {
                    *path == wanted[i].field && fingerprint::of(text) == wanted[i].fingerprint
                });
                match text {
                    Some((_, text)) => {
                        found[i] = Some(text.trim().to_string());
                        false
                    }
                    None => true,
                }
            });
        }
        found
    }
}

/// The fields of an old version as (path, text), when it still parses.
fn fields_of(kind: Kind, version: &str) -> Option<Vec<(FieldPath, String)>> {
    let pairs = |fields: Vec<Field>| {
        fields
            .into_iter()
            .map(|f| (f.path, f.source.value.clone()))
            .collect()
    };
    // An old version is read as leniently as serde-saphyr's defaults allow: it only has to
    // yield its texts.
    fn read<T: serde::de::DeserializeOwned>(version: &str) -> Option<T> {
        crate::kb::yaml::from_str(version).or_else(|| serde_saphyr::from_str(version).ok())
    }
    Some(match kind {
        Kind::Entry => pairs(entry_fields_of(&read(version)?, None)),
        Kind::Topic => pairs(topic_fields_of(&read(version)?, None)),
        Kind::Kb => pairs(kb_fields_of(&read(version)?, None)),
    })
}

/// A word diff: `The [-connector-]{+ITSM connection+} was deleted.`
pub fn word_diff(was: &str, now: &str) -> String {
    let a: Vec<&str> = was.split_whitespace().collect();
    let b: Vec<&str> = now.split_whitespace().collect();
    // Longest common subsequence of words.
    let mut table = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            table[i][j] = if a[i] == b[j] {
                table[i + 1][j + 1] + 1
            } else {
                table[i + 1][j].max(table[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut out: Vec<String> = Vec::new();
    let (mut removed, mut added): (Vec<&str>, Vec<&str>) = (Vec::new(), Vec::new());
    let flush = |out: &mut Vec<String>, removed: &mut Vec<&str>, added: &mut Vec<&str>| {
        if !removed.is_empty() {
            out.push(format!("[-{}-]", removed.join(" ")));
            removed.clear();
        }
        if !added.is_empty() {
            out.push(format!("{{+{}+}}", added.join(" ")));
            added.clear();
        }
    };
    while i < a.len() || j < b.len() {
        if i < a.len() && j < b.len() && a[i] == b[j] {
            flush(&mut out, &mut removed, &mut added);
            out.push(a[i].to_string());
            i += 1;
            j += 1;
        } else if j < b.len() && (i == a.len() || table[i][j + 1] >= table[i + 1][j]) {
            added.push(b[j]);
            j += 1;
        } else {
            removed.push(a[i]);
            i += 1;
        }
    }
    flush(&mut out, &mut removed, &mut added);
    out.join(" ")
}

/// Marks the stale fields of translation files current (all, or those named in `fields`),
/// editing only their fingerprints; with `reviewed`, also every field not reviewed yet (or
/// changed since), writing its `reviewed:` mark. `target` is a translation file or an entry id.
/// Returns the files changed and the fields accepted in each. Each edited file is read back
/// before the first is written: any field that would not read back as it should refuses all.
pub fn accept(
    kb: &Kb,
    targets: &[String],
    locale: Option<&str>,
    fields: &[String],
    reviewed: bool,
) -> Result<Vec<(PathBuf, Vec<String>)>> {
    let source_locale = kb.source_locale().unwrap_or("en").to_string();
    let locales: Vec<String> = kb
        .locales()
        .unwrap_or_default()
        .into_iter()
        .filter(|l| *l != source_locale && locale.is_none_or(|o| o == l))
        .collect();
    // Each target is an entry (or topic, or `kb`) id, or a translation file's path.
    let by_path: HashMap<PathBuf, &String> = (targets.iter())
        .filter_map(|t| Some((Path::new(t).canonicalize().ok()?, t)))
        .collect();
    let mut matched: Vec<&String> = Vec::new();
    let mut named: Vec<&String> = fields.iter().collect();
    let mut prepared = Vec::new();
    for locale in &locales {
        for unit in units(kb, locale) {
            let Some(file) = unit.translation_file else {
                continue;
            };
            let path = &kb.sources.get(file).path;
            let target = match targets.iter().find(|t| **t == unit.id) {
                Some(target) => target,
                None if by_path.is_empty() => continue,
                None => match path.canonicalize().ok().and_then(|p| by_path.get(&p)) {
                    Some(target) => *target,
                    None => continue,
                },
            };
            matched.push(target);
            let text = kb.sources.get(file).text();
            let mut edits = Vec::new();
            let mut accepted = Vec::new();
            let mut changes: Vec<(FieldPath, String, Option<String>)> = Vec::new();
            for field in &unit.fields {
                let name = field.path.to_string();
                let Some(translated) = field.translated else {
                    continue;
                };
                let stale = field.state() == FieldState::Stale;
                let wanted = stale || (reviewed && !field.reviewed());
                if !wanted || (!fields.is_empty() && !fields.contains(&name)) {
                    continue;
                }
                named.retain(|n| **n != name);
                let current = fingerprint::of(&field.source.value);
                let fingerprint_at: Span = kb.span(file, &translated.fingerprint);
                if stale {
                    edits.push((fingerprint_at.range(), format!("\"{current}\"")));
                }
                let mark = reviewed.then(|| fingerprint::of(&translated.text.value));
                if let Some(mark) = &mark {
                    match &translated.reviewed {
                        Some(was) => {
                            edits.push((kb.span(file, was).range(), format!("\"{mark}\"")))
                        }
                        None => {
                            // A line of its own under the fingerprint's, in the same column.
                            let at = fingerprint_at.range();
                            let line_start = text[..at.start].rfind('\n').map_or(0, |i| i + 1);
                            let column =
                                text[line_start..at.start].find("fingerprint").unwrap_or(0);
                            let mut line_end =
                                text[at.end..].find('\n').map_or(text.len(), |i| at.end + i);
                            let newline = if text[..line_end].ends_with('\r') {
                                line_end -= 1;
                                "\r\n"
                            } else {
                                "\n"
                            };
                            let line =
                                format!("{newline}{}reviewed: \"{mark}\"", " ".repeat(column));
                            edits.push((line_end..line_end, line));
                        }
                    }
                }
                changes.push((field.path.clone(), current, mark.clone()));
                accepted.push(name);
            }
            if !edits.is_empty() {
                let edited = crate::kb::edit::replace_spans(text, edits);
                verify_accepted(path, text, &edited, &changes)?;
                prepared.push((path.clone(), edited, accepted));
            }
        }
    }
    // Every target and field must be right before the first file is written.
    if let Some(missing) = targets.iter().find(|t| !matched.contains(t)) {
        return Err(Error::NoSuchTranslation(missing.to_string()));
    }
    if let Some(field) = named.first() {
        let (field, target) = (field.to_string(), targets.join(", "));
        return Err(if reviewed {
            Error::NothingToReview { field, target }
        } else {
            Error::NotAStaleField { field, target }
        });
    }
    let mut changed = Vec::new();
    for (path, text, accepted) in prepared {
        crate::kb::scaffold::write_replacing(&path, &text)?;
        changed.push((path, accepted));
    }
    Ok(changed)
}

/// An accepted file read back: every field as it was, but the accepted ones' fingerprints (the
/// source's now) and `reviewed:` marks.
fn verify_accepted(
    path: &Path,
    was: &str,
    edited: &str,
    changes: &[(FieldPath, String, Option<String>)],
) -> Result<()> {
    use crate::kb::edit::TranslationDoc;
    let refuse = |why: String| Error::Edit {
        path: path.to_path_buf(),
        item: "reviewed".into(),
        why,
    };
    let before = TranslationDoc::parse(path, was).map_err(|d| refuse(d.message))?;
    let after = TranslationDoc::parse(path, edited).map_err(|d| {
        refuse(format!(
            "kbgen could not write it exactly ({}); edit it by hand",
            d.message
        ))
    })?;
    let mut expected = before.held();
    for (field, fingerprint, mark) in changes {
        if let Some(held) = expected.get_mut(field) {
            held.fingerprint = fingerprint.clone();
            if mark.is_some() {
                held.reviewed = mark.clone();
            }
        }
    }
    if after.held() != expected || after.localized_messages() != before.localized_messages() {
        return Err(refuse(
            "kbgen could not write it exactly (a field in a form it does not edit); edit it by hand"
                .into(),
        ));
    }
    Ok(())
}

/// Adds `locale` to kb.yaml's `locales`, and nothing else: every text falls back to the source
/// until it is translated.
pub fn add_locale(kb: &Kb, locale: &str) -> Result<PathBuf> {
    if !is_valid_locale(locale) {
        return Err(Error::InvalidLocaleTag(locale.to_string()));
    }
    let settings = kb
        .settings
        .as_ref()
        .ok_or_else(|| Error::NoKbFile(kb.root.clone()))?;
    let doc = settings.doc.as_ref().ok_or(Error::KbFileInvalid)?;
    let source = kb.sources.get(settings.file);
    let text = crate::kb::edit::append_to_list(source.text(), &doc.locales, "locales", locale)
        .map_err(|why| Error::Edit {
            path: source.path.clone(),
            item: locale.to_string(),
            why,
        })?;
    crate::kb::scaffold::write_replacing(&source.path, &text)?;
    Ok(source.path.clone())
}

#[cfg(test)]
mod tests {
    #[test]
    fn word_diff_marks_changed_words() {
        assert_eq!(
            super::word_diff(
                "The connector was deleted.",
                "The ITSM connection was deleted."
            ),
            "The [-connector-] {+ITSM connection+} was deleted."
        );
        assert_eq!(super::word_diff("same", "same"), "same");
    }
}
