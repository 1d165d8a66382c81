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
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
