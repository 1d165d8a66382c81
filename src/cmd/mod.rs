//! The command line: the only module that knows clap. One file per subcommand parses nothing
//! itself and calls the library; everything printed goes through [`print`].

mod build;
mod catalog;
mod check;
mod completions;
mod i18n;
mod init;
mod man;
mod matching;
mod new;
mod print;
mod schema;
mod serve;

use clap::{Parser, Subcommand, ValueEnum};
use kbgen::check::report::Format;
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
    /// Print only errors: no warnings, no progress, no summary
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: the KB folder used, and each phase of the work with its time
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Colour in diagnostics
    #[arg(long, value_enum, global = true, value_name = "WHEN", default_value_t = print::ColorChoice::Auto)]
    color: print::ColorChoice,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Validate a KB and report every problem at file:line:column
    Check {
        #[command(flatten)]
        kb: KbFolder,
        /// Treat warnings (missing or stale translations, ...) as errors
        #[arg(long)]
        strict: bool,
        /// How to print diagnostics
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Validate a KB, then write its site, Markdown pages, catalog and schemas
    Build {
        #[command(flatten)]
        kb: KbFolder,
        /// Where to write: OUT/site/, OUT/md/, OUT/catalog.json, OUT/schemas/ [default: out/
        /// beside the KB folder]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The address the site is published at (over kb.yaml's base_url), for sitemap.xml
        /// and the catalog's URLs
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// How to print the outcome: diagnostics and a summary, or one JSON document for CI
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Print the JSON catalog of a KB (validated first)
    Catalog {
        #[command(flatten)]
        kb: KbFolder,
        /// Only what a matcher needs: ids, problem types, codes, titles, patterns, pages
        #[arg(long)]
        compact: bool,
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
        #[command(flatten)]
        kb: KbOption,
        /// Match against a catalog.json instead of a KB folder
        #[arg(long, value_name = "FILE", conflicts_with = "kb")]
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
    /// Create a new KB with a worked example, ready to check and build
    Init {
        /// The folder to create (or an empty one to fill); the KB goes in DIR/kb/
        #[arg(value_name = "DIR", default_value = ".")]
        folder: PathBuf,
        /// The source locale, a BCP 47 tag
        #[arg(long, value_name = "LOCALE", default_value = "en")]
        locale: String,
        /// A locale to translate into (repeatable); the example is written in en and ko
        #[arg(long, value_name = "LOCALE")]
        translate: Vec<String>,
    },
    /// Print the completion script of a shell (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page, or write one per command with --out
    Man {
        /// Write kbgen.1 and kbgen-<command>.1 into DIR
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
    /// Build, serve the site on this machine and build again on every save; pages reload
    /// themselves and show the KB's errors
    Serve {
        #[command(flatten)]
        kb: KbFolder,
        /// The port to listen on (0: any free port)
        #[arg(long, default_value_t = 7070)]
        port: u16,
        /// The interface to listen on; anything but 127.0.0.1 shows the site to the network
        #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// The address the site will be published at (over kb.yaml's base_url)
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// Open the site in the browser
        #[arg(long)]
        open: bool,
    },
    /// Create a new entry (and its topic if new) for the author to fill in
    New {
        /// The entry id: <topic>/<entry>, lower-case letters, digits and hyphens
        #[arg(value_name = "TOPIC/ENTRY")]
        id: String,
        #[command(flatten)]
        kb: KbOption,
    },
}

/// Where the KB is, as an argument or an option; without either, the nearest KB from the
/// current folder.
#[derive(clap::Args, Debug)]
pub(crate) struct KbFolder {
    /// The KB folder (the one that holds kb.yaml) [default: the nearest from here: ., ./kb, ..,
    /// ../kb, ...]
    #[arg(value_name = "KB")]
    folder: Option<PathBuf>,
    /// The KB folder, as an option
    #[arg(long = "kb", value_name = "DIR", conflicts_with = "folder")]
    kb: Option<PathBuf>,
}

impl KbFolder {
    pub(crate) fn locate(&self) -> kbgen::Result<PathBuf> {
        locate(self.folder.as_deref().or(self.kb.as_deref()))
    }
}

/// Where the KB is, for commands whose arguments are something else.
#[derive(clap::Args, Debug)]
pub(crate) struct KbOption {
    /// The KB folder (the one that holds kb.yaml) [default: the nearest from here: ., ./kb, ..,
    /// ../kb, ...]
    #[arg(long = "kb", value_name = "DIR")]
    kb: Option<PathBuf>,
}

impl KbOption {
    pub(crate) fn locate(&self) -> kbgen::Result<PathBuf> {
        locate(self.kb.as_deref())
    }
}

fn locate(given: Option<&Path>) -> kbgen::Result<PathBuf> {
    let current = std::env::current_dir().map_err(|source| kbgen::Error::Read {
        path: PathBuf::from("."),
        source,
    })?;
    let kb = kbgen::kb::locate::locate(given, &current)?;
    print::detail(format_args!("KB: {}", kb.display()));
    Ok(kb)
}

#[derive(Subcommand, Debug)]
pub(crate) enum I18n {
    /// What is translated, missing or stale, per locale and per field
    Status {
        #[command(flatten)]
        kb: KbFolder,
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
    /// Mark reviewed translations current: rewrite the fingerprints of stale fields, nothing else; with --reviewed, also mark them final
    Accept {
        /// Translation files (kb/<topic>/<entry>.ko.yaml) or entry ids (<topic>/<entry>)
        #[arg(value_name = "FILE|ID", required = true)]
        target: Vec<String>,
        #[command(flatten)]
        kb: KbOption,
        /// Only this locale (for an entry id)
        #[arg(long, value_name = "LOCALE")]
        locale: Option<String>,
        /// Only these fields (`title`, `causes[1]`); all stale fields without it
        #[arg(long, value_name = "FIELD")]
        field: Vec<String>,
        /// Also mark the fields reviewed (final): every field not reviewed yet or changed since,
        /// stale or not (`reviewed:` is the fingerprint of the text accepted)
        #[arg(long)]
        reviewed: bool,
    },
    /// Write a locale's fields as XLIFF 2.0 or PO for translation tools
    Export {
        /// The locale to translate into
        #[arg(long, value_name = "LOCALE")]
        locale: String,
        /// xliff (XLIFF 2.0) or po (gettext); tbx: the glossary (TBX-Basic)
        #[arg(long, value_enum)]
        format: ExchangeArg,
        /// Only fields in these states (default: every field)
        #[arg(long, value_name = "STATES", value_delimiter = ',', value_enum)]
        only: Vec<FailOn>,
        /// Write to FILE instead of standard output
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        #[command(flatten)]
        kb: KbFolder,
    },
    /// Write the translations of an XLIFF or PO file back into the KB, with fresh fingerprints
    Import {
        /// The file a translation tool returned
        #[arg(value_name = "FILE")]
        file: PathBuf,
        #[command(flatten)]
        kb: KbOption,
    },
    /// Add a locale to kb.yaml; its pages fall back to the source until translated
    Add {
        /// A BCP 47 tag: ja, zh-Hans, pt-BR
        #[arg(value_name = "LOCALE")]
        locale: String,
        #[command(flatten)]
        kb: KbOption,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
pub(crate) enum ExchangeArg {
    Xliff,
    Po,
    /// The glossary as TBX-Basic
    Tbx,
}

#[derive(Clone, Copy, Debug, PartialEq, ValueEnum)]
pub(crate) enum FailOn {
    Missing,
    Stale,
    /// Translated from the current source, not accepted by a reviewer yet.
    Unreviewed,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum FormatArg {
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
    let verbosity = match (cli.quiet, cli.verbose) {
        (true, _) => print::Verbosity::Quiet,
        (_, true) => print::Verbosity::Verbose,
        _ => print::Verbosity::Normal,
    };
    print::configure(verbosity, cli.color);
    let result = match cli.command {
        Command::Check { kb, strict, format } => kb
            .locate()
            .and_then(|kb| check::execute(&kb, strict, format.into())),
        Command::Build {
            kb,
            out,
            base_url,
            format,
        } => kb.locate().and_then(|kb| {
            let out = out.unwrap_or_else(|| kbgen::kb::locate::default_out(&kb));
            build::execute(&kb, &out, base_url, format.into())
        }),
        Command::Catalog { kb, compact } => {
            kb.locate().and_then(|kb| catalog::execute(&kb, compact))
        }
        Command::Schema { name, out } => schema::execute(name.as_deref(), out.as_deref()),
        Command::Match {
            message,
            kb,
            catalog,
            locale,
            format,
        } => matching::execute(
            message,
            &kb,
            catalog.as_deref(),
            locale.as_deref(),
            format.into(),
        ),
        Command::I18n(command) => i18n::execute(command),
        Command::Init {
            folder,
            locale,
            translate,
        } => init::execute(&folder, &locale, &translate),
        Command::Serve {
            kb,
            port,
            bind,
            base_url,
            open,
        } => kb
            .locate()
            .and_then(|kb| serve::execute(&kb, bind, port, base_url, open)),
        Command::Completions { shell } => completions::execute(shell),
        Command::Man { out } => man::execute(out.as_deref()),
        Command::New { id, kb } => kb.locate().and_then(|kb| new::execute(&kb, &id)),
    };
    result.unwrap_or_else(|error| {
        eprintln!("error: {error}");
        Exit::Usage
    })
}

/// Loads and validates a KB; on errors prints them and says so (`Ok(None)`).
pub(crate) fn checked_kb(
    kb: &Path,
    options: kbgen::check::Options,
) -> kbgen::Result<Option<kbgen::Checked>> {
    let checked = kbgen::check(kb, options)?;
    if checked.has_errors() {
        print::diagnostics(&checked.diagnostics, &checked.kb.sources);
        return Ok(None);
    }
    Ok(Some(checked))
}

/// Leaves `value`'s memory to the operating system, which takes it back at once when the
/// command ends: freeing a loaded KB's million small allocations one by one costs 40 ms at
/// 10,000 entries.
pub(crate) fn skip_freeing<T>(value: T) {
    std::mem::forget(value);
}
