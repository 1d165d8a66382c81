//! kbgen: troubleshooting knowledge bases kept as YAML, checked like code.
//!
//! Data flows one way through the stages, and no module imports a later stage:
//!
//! 1. [`kb`]: the KB and its format. [`kb::load`] reads the folder (only its own regular files)
//!    into one indexed model, [`kb::load::Kb`], whose values keep their spans
//!    ([`kb::source::Span`]) from parse time; unreadable or malformed files become
//!    diagnostics. [`kb::fields`] is the one description of what is translatable and its state;
//!    [`kb::markdown`] and [`kb::message`] analyse texts and messages; [`kb::scaffold`] and
//!    [`kb::edit`] write new entries and minimal edits; [`kb::init`] a new KB; [`kb::locate`]
//!    finds the KB folder.
//! 2. [`matching`]: messages compiled into patterns, and the linear-time matcher.
//! 3. [`check`]: the rules (structure, links, translations, Korean typography, glossary,
//!    matching) return findings as data ([`diagnostic::Diagnostic`], stable codes);
//!    [`check::report`] prints them, for people or as JSON.
//! 4. [`publish`]: the outputs of a valid KB behind one trait ([`publish::Output`]): HTML site,
//!    search index, Markdown pages, catalog and schemas; [`publish::build`] writes them to a
//!    staging folder and swaps it in.
//! 5. [`i18n`]: the translator's side over the same model: status, accept, add, and XLIFF/PO
//!    exchange.
//! 6. [`serve`]: the author's loop over [`publish::build`]: builds into a folder of its own,
//!    serves it on this machine, builds again on every save; pages reload themselves and show
//!    the KB's errors while it has some.
//!
//! [`diagnostic`] and [`error`] are below every stage. [`check()`] is `kbgen check`:
//! load, then validate. The binary (`src/main.rs`, `src/cmd/`, one file per subcommand over
//! one printer) is a thin layer and the only code that knows clap.

pub mod check;
pub mod diagnostic;
pub mod error;
pub mod i18n;
pub mod kb;
pub mod matching;
pub mod publish;
pub mod serve;
pub mod timings;

pub use error::{Error, Result};

/// Loads and validates the KB at `root`: the `kbgen check` pipeline. The texts of entry files
/// are let go of once parsed ([`kb::load::EntryTexts::LetGo`]).
pub fn check(root: &std::path::Path, options: check::Options) -> Result<Checked> {
    check_with(root, options, kb::load::EntryTexts::LetGo)
}

/// [`check()`], keeping the entry files' texts if `texts` says so.
pub fn check_with(
    root: &std::path::Path,
    options: check::Options,
    texts: kb::load::EntryTexts,
) -> Result<Checked> {
    let (kb, diagnostics) = timings::phase("load", || kb::load::load(root, texts))?;
    let diagnostics = check_loaded(&kb, diagnostics, &options);
    Ok(Checked { kb, diagnostics })
}

/// Validates a loaded KB: every diagnostic, sorted; `diagnostics` are what loading it found.
pub fn check_loaded(
    kb: &kb::load::Kb,
    mut diagnostics: diagnostic::Diagnostics,
    options: &check::Options,
) -> Vec<diagnostic::Diagnostic> {
    diagnostics.extend(timings::phase("validate", || check::validate(kb, options)));
    if !kb.templates.is_empty() {
        for problem in publish::templates::load(kb).1 {
            diagnostics.push(problem);
        }
    }
    if options.strict {
        diagnostics.promote_warnings();
    } else if options.publishing {
        diagnostics.promote(diagnostic::Code::ScaffoldText);
    }
    diagnostics.finish(&kb.sources)
}

/// A loaded KB and everything found wrong with it, sorted.
pub struct Checked {
    pub kb: kb::load::Kb,
    pub diagnostics: Vec<diagnostic::Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == diagnostic::Severity::Error)
    }
}
