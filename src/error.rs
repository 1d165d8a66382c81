//! Errors that stop a command before or outside validation (exit code 2). Problems *in* a KB are
//! not errors of this kind: they are [`crate::diagnostic::Diagnostic`]s.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    #[error("no knowledge base at `{}`: the folder does not exist (use --kb DIR)", .0.display())]
    KbNotFound(PathBuf),
    #[error("`{}` is not a folder: --kb takes the folder that holds kb.yaml", .0.display())]
    KbNotADirectory(PathBuf),
    #[error("cannot read `{}`: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot write `{}`: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Usage(String),
    /// `kbgen i18n import` refused the file: a problem with the input, like `check`'s errors.
    #[error("nothing imported: {} problem(s) in the exchange file", .0.diagnostics.len())]
    ImportRefused(ImportRefusal),
}

/// Why an import was refused: one diagnostic per problem, pointing into the exchange file
/// (or a KB file the import would have broken), and the files they point into.
#[derive(Debug)]
pub struct ImportRefusal {
    pub sources: crate::kb::source::SourceMap,
    pub diagnostics: Vec<crate::diagnostic::Diagnostic>,
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
