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
    #[error("`{}` is not empty: `kbgen init` makes a new folder or fills an empty one", .0.display())]
    InitNotEmpty(PathBuf),
    #[error("locale `{locale}` {why}")]
    InitLocale { locale: String, why: String },
    #[error(
        "--base-url `{0}` is not an absolute http(s) URL: write the address the site is published at, e.g. `https://kb.example.com/`"
    )]
    InvalidBaseUrl(String),
    #[error("cannot listen on {address}: {source}")]
    Serve {
        address: std::net::SocketAddr,
        source: std::io::Error,
    },
    #[error("cannot watch `{}` for changes: {why}", path.display())]
    Watch { path: PathBuf, why: String },
    #[error("no KB found: no kb.yaml in `{}` or a folder above it, nor in a `kb/` folder beside them; name the KB folder (`kbgen check DIR`) or create one (`kbgen init DIR`)", from.display())]
    NoKbFound { from: PathBuf },
    #[error("`{}` is a topic folder; the KB is `{}` (the folder that holds kb.yaml): name that one, or run kbgen from inside it without a folder", given.display(), kb.display())]
    TopicFolderGiven { given: PathBuf, kb: PathBuf },
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
    #[error(
        "`{id}` is not an entry id: write `<topic>/<entry>`, e.g. `itsmc-dashboard-errors/missing-connector`"
    )]
    NotAnEntryId { id: String },
    #[error(
        "`{part}` is not a valid id: use lower-case ASCII letters, digits and hyphens (`{suggestion}`)"
    )]
    InvalidId { part: String, suggestion: String },
    #[error(
        "`topic` and `index` are reserved (topic.yaml, the topic's index.html): choose another entry name"
    )]
    ReservedEntryName,
    #[error("no kb.yaml in `{}`: run kbgen new inside a KB, or pass --kb DIR", .0.display())]
    NoKbFile(PathBuf),
    #[error("kb.yaml does not parse: run `kbgen check`")]
    KbFileInvalid,
    #[error("`{}` exists already", .0.display())]
    Exists(PathBuf),
    /// A minimal edit of a KB file that cannot be made exactly (nothing is written).
    #[error("cannot add `{item}` to `{}`: {why}", path.display())]
    Edit {
        path: PathBuf,
        item: String,
        why: String,
    },
    /// A KB file kbgen will not open (a link out of the KB, a FIFO, too large, not UTF-8).
    #[error("`{}`: {why}", path.display())]
    Refused { path: PathBuf, why: String },
    #[error("--out `{}` contains the KB itself: choose another folder", .0.display())]
    OutContainsKb(PathBuf),
    #[error("--out `{}` is inside the KB `{}`: choose a folder outside it (the KB would then hold the output's files)", out.display(), kb.display())]
    OutInsideKb { out: PathBuf, kb: PathBuf },
    #[error("`{}` exists and was not written by kbgen (it has no {marker} file); kbgen does not replace folders it did not create: choose another --out, or remove it yourself", out.display())]
    OutNotOurs { out: PathBuf, marker: &'static str },
    #[error("`{}` is not a kbgen catalog: {why}", path.display())]
    NotACatalog { path: PathBuf, why: String },
    #[error("`{}` has schema_version {found}; this kbgen reads up to {supported}: update kbgen", path.display())]
    CatalogTooNew {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("`{}` has schema_version {found}, written by an older kbgen; this kbgen reads version {supported}: write the catalog again (`kbgen catalog > FILE`)", path.display())]
    CatalogTooOld {
        path: PathBuf,
        found: u32,
        supported: u32,
    },
    #[error("locale `{locale}` is not one of {}", known.join(", "))]
    UnknownLocale { locale: String, known: Vec<String> },
    #[error("`{locale}` is not a translated locale of this KB{}", if translated.is_empty() { String::new() } else { format!(" ({})", translated.join(", ")) })]
    NotATranslatedLocale {
        locale: String,
        translated: Vec<String>,
    },
    #[error("`{0}` is not a locale tag: use a BCP 47 tag such as ja, zh-Hans, pt-BR")]
    InvalidLocaleTag(String),
    #[error(
        "no translation file or entry `{0}`: give a path such as kb/<topic>/<entry>.ko.yaml, or an entry id"
    )]
    NoSuchTranslation(String),
    #[error(
        "`{field}` is not a stale field of `{target}`: `kbgen i18n status` lists the stale ones"
    )]
    NotAStaleField { field: String, target: String },
    #[error("`{}` has no glossary.yaml to export", .0.display())]
    NoGlossary(PathBuf),
    #[error(
        "`{field}` of `{target}` has nothing to review: it is reviewed and current already, or not translated"
    )]
    NothingToReview { field: String, target: String },
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
