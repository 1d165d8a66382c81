//! Links inside Markdown fields, resolved the same way for validation and for every output.
//!
//! A link is one of: `kb:<topic>/<entry>`, `kb:<entry>` (same topic), `kb:<topic>` (a topic
//! page), `<base>:<path>` for a link base named in kb.yaml, an absolute `https:`/`http:` URL, or
//! `mailto:`. Relative links are refused: the same text is rendered into several trees (HTML per
//! locale, Markdown, the catalog), where a relative path cannot be right everywhere.

use crate::kb::ids::did_you_mean;
use crate::kb::load::Kb;

/// What a link points at.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// An entry, by global id.
    Entry { topic: String, stem: String },
    /// A topic page.
    Topic(String),
    /// An absolute URL (a named base already expanded).
    Url(String),
}

/// Why a link cannot be resolved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    Relative,
    Unsafe(String),
    UnknownBase {
        base: String,
        near: Option<String>,
        known: Vec<String>,
    },
    EmptyBasePath(String),
    Broken {
        path: String,
        near: Option<String>,
    },
}

/// The scheme of a destination (`kb`, `https`, a link base), if it has one.
/// Whether `url` can be a site's `base_url`: an absolute http(s) address with a host.
pub fn is_site_url(url: &str) -> bool {
    (url.starts_with("https://") || url.starts_with("http://")) && url.len() > "https://".len()
}

pub fn scheme(destination: &str) -> Option<&str> {
    destination
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            !scheme.is_empty()
                && scheme
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'+' | b'.'))
        })
}

/// Resolves `destination`, written in a text of `topic` (none for KB-level texts).
pub fn resolve(kb: &Kb, destination: &str, topic: Option<&str>) -> Result<Target, Problem> {
    let Some(scheme) = scheme(destination) else {
        return Err(Problem::Relative);
    };
    let rest = &destination[scheme.len() + 1..];
    match scheme.to_ascii_lowercase().as_str() {
        "kb" => resolve_kb(kb, rest, topic),
        "https" | "http" | "mailto" => Ok(Target::Url(destination.to_string())),
        "javascript" | "data" | "vbscript" => Err(Problem::Unsafe(scheme.to_string())),
        _ => {
            let settings = kb.settings.as_ref().and_then(|loaded| loaded.doc.as_ref());
            let bases: Vec<(&str, &str)> = settings
                .map(|s| {
                    s.link_bases
                        .iter()
                        .map(|(name, url)| (name.value.as_str(), url.value.as_str()))
                        .collect()
                })
                .unwrap_or_default();
            match bases.iter().find(|(name, _)| *name == scheme) {
                Some(_) if rest.is_empty() => Err(Problem::EmptyBasePath(scheme.to_string())),
                Some((_, url)) => Ok(Target::Url(format!("{url}{rest}"))),
                None => Err(Problem::UnknownBase {
                    base: scheme.to_string(),
                    near: did_you_mean(scheme, bases.iter().map(|(name, _)| *name))
                        .map(str::to_string),
                    known: bases.iter().map(|(name, _)| name.to_string()).collect(),
                }),
            }
        }
    }
}

fn resolve_kb(kb: &Kb, path: &str, topic: Option<&str>) -> Result<Target, Problem> {
    if let Some((topic_id, stem)) = path.split_once('/') {
        if kb.entry(path).is_some() {
            return Ok(Target::Entry {
                topic: topic_id.to_string(),
                stem: stem.to_string(),
            });
        }
        let candidates: Vec<&str> = match kb.topic(topic_id) {
            Some(t) => t.entries.iter().map(|e| e.id.as_str()).collect(),
            None => kb.entries().map(|e| e.id.as_str()).collect(),
        };
        return Err(Problem::Broken {
            path: path.to_string(),
            near: did_you_mean(path, candidates).map(str::to_string),
        });
    }
    if let Some(topic_id) = topic
        && kb.entry(&format!("{topic_id}/{path}")).is_some()
    {
        return Ok(Target::Entry {
            topic: topic_id.to_string(),
            stem: path.to_string(),
        });
    }
    if kb.topic(path).is_some() {
        return Ok(Target::Topic(path.to_string()));
    }
    let mut candidates: Vec<&str> = kb.topics.iter().map(|t| t.id.as_str()).collect();
    if let Some(t) = topic.and_then(|id| kb.topic(id)) {
        candidates.extend(t.entries.iter().map(|e| e.stem.as_str()));
    }
    Err(Problem::Broken {
        path: path.to_string(),
        near: did_you_mean(path, candidates).map(str::to_string),
    })
}

/// The path of an entry's own page in a locale's folder
/// (`itsmc-dashboard-errors/missing-connector.html`), beside its topic's `index.html`.
pub fn entry_page_in_locale(topic: &str, stem: &str) -> String {
    format!("{topic}/{stem}.html")
}

/// [`entry_page_in_locale`] from the site root (`ko/itsmc-dashboard-errors/...`).
pub fn entry_page_path(locale: &str, topic: &str, stem: &str) -> String {
    format!("{locale}/{}", entry_page_in_locale(topic, stem))
}

/// The path of a topic page, or of an entry's anchor on it, relative to the site root
/// (`ko/itsmc-dashboard-errors/#missing-connector`).
pub fn site_path(locale: &str, target: &Target) -> Option<String> {
    match target {
        Target::Entry { topic, stem } => Some(format!("{locale}/{topic}/#{stem}")),
        Target::Topic(topic) => Some(format!("{locale}/{topic}/")),
        Target::Url(_) => None,
    }
}
