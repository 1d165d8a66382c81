//! The command line: the only module that knows clap. Each subcommand parses its arguments and
//! calls the library; printing of diagnostics is left to [`kbgen::check::report`].

use clap::{Parser, Subcommand, ValueEnum};
use kbgen::check::report::{self, Format};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes, documented in README.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Done; the KB is valid (warnings allowed unless --strict).
    Success = 0,
    /// The KB has errors (or warnings, with --strict).
    Invalid = 1,
    /// Bad usage or an I/O failure: nothing was checked or written.
    Usage = 2,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

#[derive(Parser, Debug)]
#[command(name = "kbgen", version, about = "Troubleshooting knowledge bases: check YAML entries like code, export a catalog, match live errors", long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a KB and report every problem at file:line:column
    Check {
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
        /// Treat warnings (missing or stale translations, ...) as errors
        #[arg(long)]
        strict: bool,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Validate a KB, then write its site, Markdown pages, catalog and schemas
    Build {
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
        /// Where to write: OUT/site/, OUT/md/, OUT/catalog.json, OUT/schemas/
        #[arg(long, value_name = "DIR", default_value = "out")]
        out: PathBuf,
    },
    /// Print the JSON catalog of a KB (validated first)
    Catalog {
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
    },
    /// Print a JSON Schema (draft-07), or write all of them with --out
    Schema {
        /// Which schema
        #[arg(value_name = "NAME", required_unless_present = "out", value_parser = clap::builder::PossibleValuesParser::new(kbgen::publish::schema::NAMES.iter().map(|(name, _)| *name)))]
        name: Option<String>,
        /// Write every schema as DIR/<name>.schema.json
        #[arg(long, value_name = "DIR", conflicts_with = "name")]
        out: Option<PathBuf>,
    },
    /// Find the entries that explain an error message, and print their fix
    Match {
        /// The message, as it arrived (log prefixes and all); `-` or nothing reads standard input
        #[arg(value_name = "MESSAGE")]
        message: Option<String>,
        /// The KB folder (the one that holds kb.yaml)
        #[arg(
            long,
            value_name = "DIR",
            default_value = "kb",
            conflicts_with = "catalog"
        )]
        kb: PathBuf,
        /// Match against a catalog.json instead of a KB folder
        #[arg(long, value_name = "FILE")]
        catalog: Option<PathBuf>,
        /// The locale of the texts printed (default: the KB's source locale)
        #[arg(long, value_name = "LOCALE")]
        locale: Option<String>,
        /// How to print the matches
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Translation workflow: status per locale and field, accept reviewed fields, add a locale
    #[command(subcommand)]
    I18n(I18n),
    /// Create a new entry (and its topic if new) that `kbgen check` accepts
    New {
        /// The entry id: <topic>/<entry>, lower-case letters, digits and hyphens
        #[arg(value_name = "TOPIC/ENTRY")]
        id: String,
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
enum I18n {
    /// What is translated, missing or stale, per locale and per field
    Status {
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
        /// Only this locale
        #[arg(long, value_name = "LOCALE")]
        locale: Option<String>,
        /// How to print the status
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
        /// Exit 1 when any field is in one of these states
        #[arg(long, value_name = "STATES", value_delimiter = ',', value_enum)]
        fail_on: Vec<FailOn>,
    },
    /// Mark reviewed translations current: rewrite the fingerprints of stale fields, nothing else
    Accept {
        /// A translation file (kb/<topic>/<entry>.ko.yaml) or an entry id (<topic>/<entry>)
        #[arg(value_name = "FILE|ID")]
        target: String,
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
        /// Only this locale (for an entry id)
        #[arg(long, value_name = "LOCALE")]
        locale: Option<String>,
        /// Only these fields (`title`, `causes[1]`); all stale fields without it
        #[arg(long, value_name = "FIELD")]
        field: Vec<String>,
    },
    /// Write a locale's fields as XLIFF 2.0 or PO for translation tools
    Export {
        /// The locale to translate into
        #[arg(long, value_name = "LOCALE")]
        locale: String,
        /// xliff (XLIFF 2.0) or po (gettext)
        #[arg(long, value_enum)]
        format: ExchangeArg,
        /// Only fields in these states (default: every field)
        #[arg(long, value_name = "STATES", value_delimiter = ',', value_enum)]
        only: Vec<FailOn>,
        /// Write to FILE instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
    },
    /// Write the translations of an XLIFF or PO file back into the KB, with fresh fingerprints
    Import {
        /// The file a translation tool returned
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
    },
    /// Add a locale to kb.yaml; its pages fall back to the source until translated
    Add {
        /// A BCP 47 tag: ja, zh-Hans, pt-BR
        #[arg(value_name = "LOCALE")]
        locale: String,
        /// The KB folder (the one that holds kb.yaml)
        #[arg(long, value_name = "DIR", default_value = "kb")]
        kb: PathBuf,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum ExchangeArg {
    Xliff,
    Po,
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
enum FailOn {
    Missing,
    Stale,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
enum FormatArg {
    Human,
    Json,
}

impl From<FormatArg> for Format {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
        }
    }
}

pub fn run(cli: Cli) -> Exit {
    let result = match cli.command {
        Command::Check { kb, strict, format } => check(&kb, strict, format.into()),
        Command::Build { kb, out } => build(&kb, &out),
        Command::Catalog { kb } => catalog(&kb),
        Command::Schema { name, out } => schema(name.as_deref(), out.as_deref()),
        Command::Match {
            message,
            kb,
            catalog,
            locale,
            format,
        } => matching(
            message,
            &kb,
            catalog.as_deref(),
            locale.as_deref(),
            format.into(),
        ),
        Command::I18n(command) => i18n(command),
        Command::New { id, kb } => new(&kb, &id),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error}");
        Exit::Usage
    })
}

fn check(kb: &std::path::Path, strict: bool, format: Format) -> kbgen::Result<Exit> {
    let checked = kbgen::check(kb, kbgen::check::Options { strict })?;
    match format {
        Format::Human => {
            let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            eprint!(
                "{}",
                report::human(&checked.diagnostics, &checked.kb.sources, color)
            );
        }
        Format::Json => {
            let mut stdout = std::io::stdout().lock();
            let _ = stdout
                .write_all(report::json(&checked.diagnostics, &checked.kb.sources).as_bytes());
        }
    }
    let exit = if checked.has_errors() {
        Exit::Invalid
    } else {
        Exit::Success
    };
    // The process ends now: freeing tens of thousands of parsed files one by one would only
    // add to the run time (~30 ms for 20,000 files).
    std::mem::forget(checked);
    Ok(exit)
}

/// Loads and validates a KB; on errors prints them and says so (`Ok(None)`).
fn checked_kb(kb: &Path) -> kbgen::Result<Option<kbgen::Checked>> {
    let checked = kbgen::check(kb, kbgen::check::Options::default())?;
    if checked.has_errors() {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!(
            "{}",
            report::human(&checked.diagnostics, &checked.kb.sources, color)
        );
        return Ok(None);
    }
    Ok(Some(checked))
}

fn build(kb: &Path, out: &Path) -> kbgen::Result<Exit> {
    let built = kbgen::publish::build::build(kb, out)?;
    let checked = &built.checked;
    if !checked.diagnostics.is_empty() || !built.written() {
        let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
        eprint!(
            "{}",
            report::human(&checked.diagnostics, &checked.kb.sources, color)
        );
    }
    if !built.written() {
        match out.exists() {
            true => eprintln!("nothing written: {} is unchanged", out.display()),
            false => eprintln!("nothing written"),
        }
        return Ok(Exit::Invalid);
    }
    println!(
        "wrote {} files to {}: site/, md/, catalog.json, schemas/",
        built.files,
        out.display()
    );
    std::mem::forget(built);
    Ok(Exit::Success)
}

fn catalog(kb: &Path) -> kbgen::Result<Exit> {
    let Some(checked) = checked_kb(kb)? else {
        return Ok(Exit::Invalid);
    };
    let catalog = kbgen::publish::catalog::build(&checked.kb);
    let _ = std::io::stdout()
        .lock()
        .write_all(kbgen::publish::catalog::to_json(&catalog).as_bytes());
    Ok(Exit::Success)
}

fn schema(name: Option<&str>, out: Option<&Path>) -> kbgen::Result<Exit> {
    use kbgen::publish::schema;
    if let Some(dir) = out {
        std::fs::create_dir_all(dir).map_err(|source| kbgen::Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        for (name, _) in schema::NAMES {
            let path = dir.join(schema::file_name(name));
            let text = schema::json(name).expect("listed schemas exist");
            std::fs::write(&path, text).map_err(|source| kbgen::Error::Write {
                path: path.clone(),
                source,
            })?;
            println!("wrote {}", path.display());
        }
        return Ok(Exit::Success);
    }
    let name = name.expect("clap requires a name without --out");
    print!(
        "{}",
        schema::json(name).expect("clap accepts only listed names")
    );
    Ok(Exit::Success)
}

fn matching(
    message: Option<String>,
    kb: &Path,
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
            let catalog: Catalog = serde_json::from_str(&text).map_err(|error| {
                kbgen::Error::Usage(format!(
                    "`{}` is not a kbgen catalog: {error}",
                    path.display()
                ))
            })?;
            if catalog.schema_version > SCHEMA_VERSION {
                return Err(kbgen::Error::Usage(format!(
                    "`{}` has schema_version {}; this kbgen reads up to {SCHEMA_VERSION}: update kbgen",
                    path.display(),
                    catalog.schema_version
                )));
            }
            catalog
        }
        None => {
            let Some(checked) = checked_kb(kb)? else {
                return Ok(Exit::Invalid);
            };
            kbgen::publish::catalog::build(&checked.kb)
        }
    };
    let locale = locale.unwrap_or(&catalog.source_locale).to_string();
    if !catalog.locales.contains(&locale) {
        return Err(kbgen::Error::Usage(format!(
            "locale `{locale}` is not one of {}",
            catalog.locales.join(", ")
        )));
    }
    let matcher = kbgen::matching::matcher::Matcher::for_catalog(&catalog);
    let matches = matcher.find(&message);
    let out = match format {
        Format::Human => kbgen::check::report::matches_human(&catalog, &matches, &locale),
        Format::Json => kbgen::check::report::matches_json(&catalog, &matches, &locale),
    };
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
    if matches.is_empty() {
        eprintln!("no entry matches this message");
        return Ok(Exit::Invalid);
    }
    Ok(Exit::Success)
}

fn i18n(command: I18n) -> kbgen::Result<Exit> {
    use kbgen::i18n::workflow;
    let load =
        |kb: &Path| -> kbgen::Result<kbgen::kb::load::Kb> { Ok(kbgen::kb::load::load(kb)?.0) };
    match command {
        I18n::Status {
            kb,
            locale,
            format,
            fail_on,
        } => {
            let kb = load(&kb)?;
            let status = workflow::status(&kb, locale.as_deref())?;
            let out = match Format::from(format) {
                Format::Human => report::status_human(&status),
                Format::Json => report::status_json(&status),
            };
            let _ = std::io::stdout().lock().write_all(out.as_bytes());
            let failing = status.locales.iter().any(|l| {
                (fail_on.contains(&FailOn::Missing) && l.fields.missing > 0)
                    || (fail_on.contains(&FailOn::Stale) && l.fields.stale > 0)
            });
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
        } => {
            let kb = load(&kb)?;
            let changed = workflow::accept(&kb, &target, locale.as_deref(), &field)?;
            if changed.is_empty() {
                println!("nothing to accept: no stale field in `{target}`");
            }
            for (path, fields) in changed {
                println!("accepted {} in {}", fields.join(", "), path.display());
            }
            Ok(Exit::Success)
        }
        I18n::Export {
            locale,
            format,
            only,
            out,
            kb,
        } => {
            let kb = load(&kb)?;
            let format = match format {
                ExchangeArg::Xliff => kbgen::i18n::exchange::Format::Xliff,
                ExchangeArg::Po => kbgen::i18n::exchange::Format::Po,
            };
            let states: Vec<kbgen::kb::fields::FieldState> = only
                .iter()
                .map(|s| match s {
                    FailOn::Missing => kbgen::kb::fields::FieldState::Missing,
                    FailOn::Stale => kbgen::kb::fields::FieldState::Stale,
                })
                .collect();
            let text = kbgen::i18n::exchange::export(&kb, &locale, format, &states)?;
            match out {
                Some(path) => {
                    std::fs::write(&path, text).map_err(|source| kbgen::Error::Write {
                        path: path.clone(),
                        source,
                    })?;
                    println!("wrote {}", path.display());
                }
                None => {
                    let _ = std::io::stdout().lock().write_all(text.as_bytes());
                }
            }
            Ok(Exit::Success)
        }
        I18n::Import { file, kb } => {
            let loaded = load(&kb)?;
            let text = std::fs::read_to_string(&file).map_err(|source| kbgen::Error::Read {
                path: file.clone(),
                source,
            })?;
            let written = match kbgen::i18n::exchange::import(&loaded, &file, text) {
                Ok(written) => written,
                Err(kbgen::Error::ImportRefused(refusal)) => {
                    let color =
                        std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                    eprint!(
                        "{}",
                        report::human(&refusal.diagnostics, &refusal.sources, color)
                    );
                    eprintln!("nothing imported: no file of the KB was changed");
                    return Ok(Exit::Invalid);
                }
                Err(error) => return Err(error),
            };
            for (path, count) in written {
                println!(
                    "imported {count} field{} into {}",
                    if count == 1 { "" } else { "s" },
                    path.display()
                );
            }
            Ok(Exit::Success)
        }
        I18n::Add { locale, kb } => {
            let loaded = load(&kb)?;
            let path = workflow::add_locale(&loaded, &locale)?;
            println!("added `{locale}` to `locales` in {}", path.display());
            println!(
                "its pages show the source text until translated: kbgen i18n status --kb {} --locale {locale}",
                kb.display()
            );
            Ok(Exit::Success)
        }
    }
}

fn new(kb: &std::path::Path, id: &str) -> kbgen::Result<Exit> {
    let created = kbgen::kb::scaffold::new_entry(kb, id)?;
    if created.topic_is_new {
        println!("created {}", created.topic.display());
    } else {
        println!(
            "added `{}` to the order in {}",
            id.split('/').nth(1).unwrap_or(id),
            created.topic.display()
        );
    }
    println!("created {}", created.entry.display());
    if created.schemas_missing {
        let schemas = kb.join("..").join("schemas");
        println!(
            "for completion in your editor: kbgen schema --out {}",
            schemas.display()
        );
    }
    println!(
        "next: write the real message, causes and resolution, then run `kbgen check --kb {}`",
        kb.display()
    );
    Ok(Exit::Success)
}
