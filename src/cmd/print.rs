//! The one place the binary prints: diagnostics (through [`kbgen::check::report`]), matches,
//! translation status.

use kbgen::check::report;
use kbgen::diagnostic::Diagnostic;
use kbgen::kb::source::SourceMap;
use serde::Serialize;
use std::io::{IsTerminal, Write};

/// How much the binary says: `--quiet`, the default, or `--verbose`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verbosity {
    Quiet,
    Normal,
    Verbose,
}

/// `--color`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set; `CLICOLOR_FORCE` forces it elsewhere
    Auto,
    Always,
    Never,
}

struct Settings {
    verbosity: Verbosity,
    /// Colour on standard error.
    color: bool,
    /// A progress line on standard error: a terminal, not CI, not quiet.
    progress: bool,
}

static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();

fn settings() -> &'static Settings {
    SETTINGS.get_or_init(|| Settings {
        verbosity: Verbosity::Normal,
        color: false,
        progress: false,
    })
}

/// Sets, once, how much to say and whether in colour, from the global flags and the
/// environment (`NO_COLOR` wins over `CLICOLOR_FORCE`; `--color` over both), and makes the
/// phases of long work show on a terminal.
pub fn configure(verbosity: Verbosity, color: ColorChoice) {
    let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
    let terminal = std::io::stderr().is_terminal();
    let color = match color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto if set("NO_COLOR") => false,
        ColorChoice::Auto => terminal || set("CLICOLOR_FORCE"),
    };
    let progress = terminal && verbosity == Verbosity::Normal && !set("CI");
    let _ = SETTINGS.set(Settings {
        verbosity,
        color,
        progress,
    });
    if progress || verbosity == Verbosity::Verbose {
        kbgen::timings::observe(Box::new(phase));
    }
}

/// A phase of the work starting or ending: the progress line on a terminal (rewritten in
/// place, cleared at the end), or with `--verbose` a line per phase with its time.
fn phase(name: &str, took: Option<std::time::Duration>) {
    let settings = settings();
    let mut err = std::io::stderr().lock();
    match took {
        Some(took) if settings.verbosity == Verbosity::Verbose => {
            let _ = writeln!(err, "{name}: {:.3} s", took.as_secs_f64());
        }
        Some(_) if settings.progress => {
            let _ = write!(err, "\r\x1b[2K");
        }
        None if settings.progress => {
            let _ = write!(err, "\r\x1b[2K{name}...");
        }
        _ => {}
    }
    let _ = err.flush();
}

/// Whether to say more than the result (`--verbose`).
pub fn verbose() -> bool {
    settings().verbosity == Verbosity::Verbose
}

/// A line about what was done, on standard output; not with `--quiet`.
pub fn status(line: impl std::fmt::Display) {
    if settings().verbosity > Verbosity::Quiet {
        let _ = writeln!(std::io::stdout().lock(), "{line}");
    }
}

/// A line about the outcome, on standard error; not with `--quiet`.
pub fn note(line: impl std::fmt::Display) {
    if settings().verbosity > Verbosity::Quiet {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

/// A line with `--verbose` only, on standard error.
pub fn detail(line: impl std::fmt::Display) {
    if verbose() {
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

/// Diagnostics for people, on standard error (with `--quiet`, the errors only, and nothing
/// when there are none).
pub fn diagnostics(diagnostics: &[Diagnostic], sources: &SourceMap) {
    let settings = settings();
    if settings.verbosity == Verbosity::Quiet {
        let errors: Vec<Diagnostic> = (diagnostics.iter())
            .filter(|d| d.severity == kbgen::diagnostic::Severity::Error)
            .cloned()
            .collect();
        if !errors.is_empty() {
            eprint!("{}", report::human(&errors, sources, settings.color));
        }
        return;
    }
    eprint!("{}", report::human(diagnostics, sources, settings.color));
}

/// Diagnostics as JSON, on standard output.
pub fn diagnostics_json(diagnostics: &[Diagnostic], sources: &SourceMap) {
    stdout(&report::json(diagnostics, sources));
}

/// Text on standard output; a closed pipe is not an error worth reporting.
pub fn stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// `built 9 entries x 2 locales (24 pages, 46 files) in 0.05 s into out: ...`.
pub fn build_summary(
    built: &kbgen::publish::build::Built,
    seconds: f64,
    out: Option<&std::path::Path>,
) -> String {
    let kb = &built.checked.kb;
    let entries: usize = kb.topics.iter().map(|t| t.entries.len()).sum();
    let locales = kb.locales().map_or(1, |l| l.len());
    let into = out.map_or(String::new(), |out| {
        format!(
            " into {}: site/, md/, catalog.json, schemas/",
            out.display()
        )
    });
    format!(
        "built {} x {} ({}, {} files) in {seconds:.2} s{into}",
        count(entries, "entry", "entries"),
        count(locales, "locale", "locales"),
        count(built.pages, "page", "pages"),
        thousands(built.files),
    )
}

/// `1 entry`, `10,000 entries`.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// `10000` as `10,000`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `kbgen match` for people: each matching entry with its values, causes and resolution.
pub fn matches_human(
    catalog: &kbgen::publish::catalog::Catalog,
    matches: &[kbgen::matching::matcher::Match],
    locale: &str,
) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (rank, found) in matches.iter().enumerate() {
        let entry = &catalog.entries[found.entry];
        let text = |map: &std::collections::BTreeMap<String, String>| {
            map.get(locale).cloned().unwrap_or_default()
        };
        let _ = writeln!(out, "{}. {}: {}", rank + 1, entry.id, text(&entry.title));
        if found.by_code {
            let code = entry.code.as_deref().unwrap_or_default();
            let _ = writeln!(out, "   code {code}: {}", entry.messages[0].text);
        }
        let width = found
            .values
            .iter()
            .map(|(name, _)| name.len())
            .max()
            .unwrap_or(0);
        for (name, value) in &found.values {
            let _ = writeln!(out, "   {name:width$} = {value}");
        }
        for (label, items) in [("Causes", &entry.causes), ("Resolution", &entry.resolution)] {
            let _ = writeln!(out, "   {label}:");
            for item in items.get(locale).into_iter().flatten() {
                let text = kbgen::kb::markdown::plain_text(item);
                let indented = text.replace('\n', "\n       ");
                let _ = writeln!(out, "     - {indented}");
            }
        }
        if let Some(url) = entry.url.get(locale) {
            let _ = writeln!(out, "   See: {url}");
        }
    }
    out
}

#[derive(Serialize)]
struct JsonMatches<'a> {
    locale: &'a str,
    matches: Vec<JsonMatch<'a>>,
}

#[derive(Serialize)]
struct JsonMatch<'a> {
    id: &'a str,
    /// RFC 9457: the entry as a problem type, its title, and the message as this line printed
    /// it (the placeholders filled in) as `detail`.
    #[serde(rename = "type")]
    problem_type: &'a str,
    title: Option<&'a String>,
    detail: String,
    /// What the input matched: `message`, or the entry's `code`.
    matched: &'static str,
    /// The message of the entry that matched, as the KB writes it (its first, for a code).
    message: &'a str,
    values: std::collections::BTreeMap<&'a str, &'a str>,
    causes: Option<&'a Vec<String>>,
    resolution: Option<&'a Vec<String>>,
    url: Option<&'a String>,
    translation: Option<&'a kbgen::kb::fields::State>,
}

/// `kbgen match --format json`.
pub fn matches_json(
    catalog: &kbgen::publish::catalog::Catalog,
    matches: &[kbgen::matching::matcher::Match],
    locale: &str,
) -> String {
    let report = JsonMatches {
        locale,
        matches: matches
            .iter()
            .map(|found| {
                let entry = &catalog.entries[found.entry];
                let message = &entry.messages[found.message].text;
                let mut detail = message.clone();
                for (name, value) in &found.values {
                    detail = detail.replace(&format!("{{{name}}}"), value);
                }
                JsonMatch {
                    id: &entry.id,
                    problem_type: &entry.problem_type,
                    title: entry.title.get(locale),
                    detail,
                    matched: if found.by_code { "code" } else { "message" },
                    message,
                    values: found
                        .values
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect(),
                    causes: entry.causes.get(locale),
                    resolution: entry.resolution.get(locale),
                    url: entry.url.get(locale),
                    translation: entry.translation.get(locale),
                }
            })
            .collect(),
    };
    let mut text = serde_json::to_string_pretty(&report).expect("matches serialize");
    text.push('\n');
    text
}

/// `kbgen i18n status` for people: a line per locale for entries and fields, then the stale
/// fields with what changed in the source, and the missing ones.
pub fn status_human(status: &kbgen::i18n::workflow::Status) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for locale in &status.locales {
        let e = &locale.entries;
        let f = &locale.fields;
        let _ = writeln!(
            out,
            "{}: entries {} complete, {} partial, {} stale, {} missing (of {}); fields {} current ({}%, {} reviewed), {} stale, {} missing (of {})",
            locale.locale,
            e.complete,
            e.partial,
            e.stale,
            e.missing,
            e.total,
            f.current,
            f.percent_current,
            f.reviewed,
            f.stale,
            f.missing,
            f.total
        );
        for stale in &locale.stale {
            let _ = writeln!(
                out,
                "  stale   {}:{}:{}  {} {}",
                stale.file, stale.line, stale.column, stale.id, stale.field
            );
            match &stale.was {
                Some(was) => {
                    let _ = writeln!(
                        out,
                        "          source changed: {}",
                        kbgen::i18n::workflow::word_diff(was, &stale.source)
                    );
                }
                None => {
                    let _ = writeln!(out, "          source now: {}", stale.source);
                }
            }
        }
        for missing in &locale.missing {
            let _ = writeln!(
                out,
                "  missing {}  {} {}",
                missing.file, missing.id, missing.field
            );
        }
    }
    out
}

/// `kbgen i18n status --format json`.
pub fn status_json(status: &kbgen::i18n::workflow::Status) -> String {
    let mut text = serde_json::to_string_pretty(status).expect("status serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_read_as_people_write_them() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(220002), "220,002");
        assert_eq!(super::count(1, "entry", "entries"), "1 entry");
        assert_eq!(super::count(10000, "entry", "entries"), "10,000 entries");
    }
}
