//! kbgen: troubleshooting knowledge bases kept as YAML, checked like code.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! 1. [`load`]: read the KB folder into [`kb::load::Kb`]; every value keeps its span
//!    ([`source::Span`]) from parse time; unreadable or malformed files become diagnostics.
//! 2. [`validate`]: check the loaded KB (schema rules serde cannot express, ids, order, links,
//!    placeholders, translations) and return findings as data ([`diagnostic::Diagnostic`]).
//! 3. [`report`]: the one place that prints diagnostics, for people or as JSON.
//!
//! [`scaffold`] writes new entries (`kbgen new`). The CLI (`src/main.rs`, `src/cli.rs`) is a thin
//! layer over these modules and the only code that knows clap.

pub mod check;
pub mod diagnostic;
pub mod error;
pub mod i18n;
pub mod kb;
pub mod matching;
pub mod publish;

pub use error::{Error, Result};

/// Loads and validates the KB at `root`: the `kbgen check` pipeline.
pub fn check(root: &std::path::Path, options: check::Options) -> Result<Checked> {
    let (kb, mut diagnostics) = kb::load::load(root)?;
    diagnostics.extend(check::validate(&kb, &options));
    if !kb.templates.is_empty() {
        for problem in publish::templates::load(&kb).1 {
            diagnostics.push(problem);
        }
    }
    if options.strict {
        diagnostics.promote_warnings();
    }
    let diagnostics = diagnostics.finish(&kb.sources);
    Ok(Checked { kb, diagnostics })
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
