//! `kbgen match`: find the entries that explain a message, and print their fix.

use super::{Exit, checked_kb, print};
use kbgen::check::report::Format;
use std::path::Path;

pub fn execute(
    message: Option<String>,
    kb: &super::KbOption,
    catalog_file: Option<&Path>,
    locale: Option<&str>,
    format: Format,
) -> kbgen::Result<Exit> {
    use kbgen::publish::catalog::{Catalog, ReadError, SCHEMA_VERSION};
    let message = match message.as_deref() {
        Some(text) if text != "-" => text.to_string(),
        _ => {
            let mut text = String::new();
            std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).map_err(|source| {
                kbgen::Error::Read {
                    path: "<standard input>".into(),
                    source,
                }
            })?;
            text
        }
    };
    let catalog: Catalog = match catalog_file {
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|source| kbgen::Error::Read {
                path: path.to_path_buf(),
                source,
            })?;
            let path = path.to_path_buf();
            let supported = SCHEMA_VERSION;
            match kbgen::publish::catalog::from_json(&text) {
                Ok(catalog) => catalog,
                Err(ReadError::Json(error)) => {
                    return Err(kbgen::Error::NotACatalog {
                        path,
                        why: error.to_string(),
                    });
                }
                Err(ReadError::Version(found)) if found > supported => {
                    return Err(kbgen::Error::CatalogTooNew {
                        path,
                        found,
                        supported,
                    });
                }
                Err(ReadError::Version(found)) => {
                    return Err(kbgen::Error::CatalogTooOld {
                        path,
                        found,
                        supported,
                    });
                }
            }
        }
        None => {
            let Some(checked) = checked_kb(&kb.locate()?, Default::default())? else {
                return Ok(Exit::Invalid);
            };
            kbgen::publish::catalog::build(&checked.kb)
        }
    };
    let locale = locale.unwrap_or(&catalog.source_locale).to_string();
    if !catalog.locales.contains(&locale) {
        return Err(kbgen::Error::UnknownLocale {
            locale,
            known: catalog.locales.clone(),
        });
    }
    let matcher = catalog.matcher();
    let matches = matcher.find(&message);
    let out = match format {
        Format::Human => print::matches_human(&catalog, &matches, &locale),
        Format::Json => print::matches_json(&catalog, &matches, &locale),
    };
    print::stdout(&out);
    let found = !matches.is_empty();
    // The process ends next: freeing a catalog of 10,000 entries piece by piece was 4% of a
    // `match`.
    std::mem::forget((catalog, matcher, matches));
    if !found {
        print::note("no entry matches this message");
        return Ok(Exit::Invalid);
    }
    Ok(Exit::Success)
}
