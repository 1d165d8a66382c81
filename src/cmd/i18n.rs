//! `kbgen i18n`: status, accept, export, import, add.

use super::{ExchangeArg, Exit, FailOn, I18n, print};
use kbgen::check::report::Format;
use std::path::Path;

pub fn execute(command: I18n) -> kbgen::Result<Exit> {
    use kbgen::i18n::workflow;
    let load = |kb: &Path| -> kbgen::Result<kbgen::kb::load::Kb> {
        Ok(kbgen::timings::phase("load", || {
            kbgen::kb::load::load(kb, kbgen::kb::load::EntryTexts::Keep)
        })?
        .0)
    };
    match command {
        I18n::Status {
            kb,
            locale,
            format,
            fail_on,
        } => {
            let kb = load(&kb.locate()?)?;
            let status =
                kbgen::timings::phase("status", || workflow::status(&kb, locale.as_deref()))?;
            let out = match Format::from(format) {
                Format::Human => print::status_human(&status),
                Format::Json => print::status_json(&status),
            };
            kbgen::timings::phase("status: print", || print::stdout(&out));
            let failing = status.locales.iter().any(|l| {
                (fail_on.contains(&FailOn::Missing) && l.fields.missing > 0)
                    || (fail_on.contains(&FailOn::Stale) && l.fields.stale > 0)
                    || (fail_on.contains(&FailOn::Unreviewed)
                        && l.fields.reviewed < l.fields.current)
            });
            super::skip_freeing((kb, status));
            Ok(if failing {
                Exit::Invalid
            } else {
                Exit::Success
            })
        }
        I18n::Accept {
            target,
            kb,
            locale,
            field,
            reviewed,
        } => {
            let kb = load(&kb.locate()?)?;
            let changed = workflow::accept(&kb, &target, locale.as_deref(), &field, reviewed)?;
            if changed.is_empty() {
                print::status(format_args!(
                    "nothing to accept: no stale {}field in `{}`",
                    if reviewed { "or unreviewed " } else { "" },
                    target.join("`, `")
                ));
            }
            for (path, fields) in changed {
                print::status(format_args!(
                    "accepted {}{} in {}",
                    fields.join(", "),
                    if reviewed { " as reviewed" } else { "" },
                    path.display()
                ));
            }
            super::skip_freeing(kb);
            Ok(Exit::Success)
        }
        I18n::Export {
            locale,
            format,
            only,
            out,
            kb,
        } => {
            let kb = load(&kb.locate()?)?;
            let format = match format {
                ExchangeArg::Xliff => kbgen::i18n::exchange::Format::Xliff,
                ExchangeArg::Po => kbgen::i18n::exchange::Format::Po,
                ExchangeArg::Tbx => kbgen::i18n::exchange::Format::Tbx,
            };
            use kbgen::i18n::exchange::Only;
            let only: Vec<Only> = only
                .iter()
                .map(|s| match s {
                    FailOn::Missing => Only::Missing,
                    FailOn::Stale => Only::Stale,
                    FailOn::Unreviewed => Only::Unreviewed,
                })
                .collect();
            let text = kbgen::i18n::exchange::export(&kb, &locale, format, &only)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|source| kbgen::Error::Write {
                        path: path.clone(),
                        source,
                    })?;
                    print::status(format_args!("wrote {}", path.display()));
                }
                None => {
                    print::stdout(&text);
                }
            }
            super::skip_freeing(kb);
            Ok(Exit::Success)
        }
        I18n::Import { file, kb } => {
            // The exchange file needs nothing of the KB: it is read while the KB loads.
            let (loaded, exchange) = rayon::join(
                || kb.locate().and_then(|kb| load(&kb)),
                || {
                    let text =
                        std::fs::read_to_string(&file).map_err(|source| kbgen::Error::Read {
                            path: file.clone(),
                            source,
                        })?;
                    Ok::<_, kbgen::Error>(kbgen::i18n::exchange::read(&file, text))
                },
            );
            let (loaded, exchange) = (loaded?, exchange?);
            let imported = kbgen::timings::phase("import", || {
                kbgen::i18n::exchange::import(&loaded, exchange)
            });
            super::skip_freeing(loaded);
            let written = match imported {
                Ok(written) => written,
                Err(kbgen::Error::ImportRefused(refusal)) => {
                    print::diagnostics(&refusal.diagnostics, &refusal.sources);
                    print::note("nothing imported: no file of the KB was changed");
                    return Ok(Exit::Invalid);
                }
                Err(error) => return Err(error),
            };
            let plural = |n: usize| if n == 1 { "" } else { "s" };
            for (path, count) in &written.written {
                print::status(format_args!(
                    "imported {count} field{} into {}",
                    plural(*count),
                    path.display()
                ));
            }
            if written.unchanged > 0 {
                print::status(format_args!(
                    "{} field{} already as imported: left as {} written",
                    written.unchanged,
                    plural(written.unchanged),
                    if written.unchanged == 1 {
                        "it was"
                    } else {
                        "they were"
                    }
                ));
            } else if written.written.is_empty() {
                print::status(format_args!(
                    "nothing imported: no unit of {} has a translation",
                    file.display()
                ));
            }
            Ok(Exit::Success)
        }
        I18n::Add { locale, kb } => {
            let kb = kb.locate()?;
            let loaded = load(&kb)?;
            let path = workflow::add_locale(&loaded, &locale)?;
            print::status(format_args!(
                "added `{locale}` to `locales` in {}",
                path.display()
            ));
            print::status(format_args!(
                "its pages show the source text until translated: kbgen i18n status {} --locale {locale}",
                kb.display()
            ));
            Ok(Exit::Success)
        }
    }
}
