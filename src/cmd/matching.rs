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
    use kbgen::publish::catalog::{Catalog, SCHEMA_VERSION};
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
            let not_a_catalog = |error: serde_json::Error| kbgen::Error::NotACatalog {
                path: path.to_path_buf(),
                why: error.to_string(),
            };
            // The version first: a catalog of another version is named as such, not as
            // something that fails to parse.
            #[derive(serde::Deserialize)]
            struct Versioned {
                schema_version: u32,
            }
            let found = serde_json::from_str::<Versioned>(&text)
                .map_err(not_a_catalog)?
                .schema_version;
            let (path, supported) = (path.to_path_buf(), SCHEMA_VERSION);
            match found.cmp(&SCHEMA_VERSION) {
                std::cmp::Ordering::Greater => {
                    return Err(kbgen::Error::CatalogTooNew {
                        path,
                        found,
                        supported,
                    });
                }
                std::cmp::Ordering::Less => {
                    return Err(kbgen::Error::CatalogTooOld {
                        path,
                        found,
                        supported,
                    });
                }
                std::cmp::Ordering::Equal => {}
            }
            serde_json::from_str(&text).map_err(not_a_catalog)?
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
    if matches.is_empty() {
        print::note("no entry matches this message");
        return Ok(Exit::Invalid);
    }
    Ok(Exit::Success)
}
